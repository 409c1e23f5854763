"""`harcelement-kit direct`: a séance open to phones, driven from a plain console.
Entrée opens the next question, Entrée again closes it; Ctrl+C ends and saves."""

from __future__ import annotations

import asyncio
import signal
import sys

from harcelement_kit.live.qr_text import qr_ansi
from harcelement_kit.tally.numbers import plural
from harcelement_kit.live.room import LiveRoom
from harcelement_kit.terminal import ConsoleInput, say as _say, show_question, show_totals

__all__ = ["run_console"]


def _show_open(room: LiveRoom, index: int) -> None:
    q = room.questions[index]
    show_question(q, index, len(room.questions), [f"{i + 1}." for i in range(len(q.options))])
    _say("(Entrée pour la fermer)")


def _show_closed(room: LiveRoom, index: int, tally: list[int]) -> None:
    q = room.questions[index]
    total = sum(tally)
    if room.recorder.waiting:  # the store is busy (an import?): the answers wait in memory
        _say(
            f"Question {index + 1} fermée : "
            + plural(total, "réponse", "réponses")
            + " gardée(s) en mémoire : la base de comptage est occupée, elles seront enregistrées "
            "dès qu'elle se libère."
        )
    else:
        _say(f"Question {index + 1} fermée : " + plural(total, "réponse enregistrée", "réponses enregistrées") + ".")
    for line in room.recorder.failed:
        _say(f"  Attention : {line}")
    room.recorder.failed.clear()
    show_totals(q, tally, right=room.moment != "avant")  # the console may be projected
    if q.sensitive:
        return
    if room.moment == "avant":  # as in Animer's opening questionnaire: the answer comes at the end
        _say("  (Réponse non révélée aux téléphones : elle sera donnée à la fin, avec « --moment apres ».)")
        return
    # shown here, so revealed to the phones too (in the UI, « r » reveals)
    room.session.reveal(index, room.session.totals.get(index, tally), "téléphones seulement")


_MOMENT_TITLES = {
    "avant": " — questions du début (avant)",
    "apres": " — questions de fin (après)",
    "retrospectif": " — questions rétrospectives",
}


async def _drive(room: LiveRoom, show_qr: bool) -> None:
    session = room.session
    loop = asyncio.get_running_loop()
    lines: asyncio.Queue = asyncio.Queue()
    stop = asyncio.Event()
    # Ctrl+C ends the room and saves from the moment its link is printed: installed before, a
    # Ctrl+C between the two (seen under load in CI) interrupted the loop and the console's
    # reader thread kept the process alive.
    try:
        loop.add_signal_handler(signal.SIGINT, stop.set)
        loop.add_signal_handler(signal.SIGTERM, stop.set)
    except (NotImplementedError, RuntimeError):  # Windows: Ctrl+C raises KeyboardInterrupt
        pass
    await room.start()
    _say(f"Séance ouverte aux téléphones : {room.module.titre}{_MOMENT_TITLES.get(room.moment, '')}")
    _say(f"Lien : {room.server.join_url}")
    _say(f"Code à taper sur le téléphone : {session.pin[:3]} {session.pin[3:]}")
    if show_qr:
        _say(qr_ansi(room.server.join_url))
    # no more input (None): wait for Ctrl+C
    keys = ConsoleInput(lambda line: loop.call_soon_threadsafe(lines.put_nowait, line)).start()
    help_line = keys.help("f", "fermer ou rouvrir les inscriptions")
    _say(help_line)
    stopping = asyncio.ensure_future(stop.wait())
    try:
        while not stop.is_set():
            reading = asyncio.ensure_future(lines.get())
            await asyncio.wait({reading, stopping}, return_when=asyncio.FIRST_COMPLETED)
            if not reading.done():
                reading.cancel()
                break
            line = reading.result()
            if line is None:
                continue  # stdin closed: keep serving until Ctrl+C
            if line in ("q", "fin"):
                break
            if line == "f" and session.joining_open:
                session.close_joining()
                _say(
                    f"Inscriptions fermées ({plural(session.device_count, 'téléphone', 'téléphones')}) : "
                    f"{keys.key('f')} pour les rouvrir."
                )
            elif line == "f":  # as the UI's « f »: a latecomer, a phone that restarted
                session.open_joining()
                _say(
                    "Inscriptions rouvertes : un téléphone peut de nouveau rejoindre la séance "
                    f"({keys.key('f')} pour les refermer)."
                )
            elif line != "":
                _say(help_line)
            elif session.current is not None:
                index = session.current
                _show_closed(room, index, session.close())
            elif session.next_question is not None:
                index = session.next_question
                session.open(index)
                _say(plural(session.device_count, "téléphone connecté", "téléphones connectés") + ".")
                _show_open(room, index)
            else:
                _say(f"C'était la dernière question : {keys.key('q')} ou Ctrl+C pour terminer.")
    finally:
        stopping.cancel()
        keys.close()
        index = session.current
        if index is not None:
            _show_closed(room, index, session.close())
        if room.recorder.waiting:
            _say("Enregistrement des réponses gardées en mémoire : la base est occupée, patientez…")
        await room.stop()
    _say("Séance terminée : les réponses sont enregistrées ; les téléphones sont oubliés.")


def colours_on(stream=None, platform: str | None = None, kernel32=None) -> bool:
    """Whether the console shows ANSI colours (the QR code is drawn with them).
    Windows' classic console shows them only once asked (virtual terminal mode;
    Windows Terminal always does): ask, and say whether it worked."""
    stream = stream or sys.stdout
    if not stream.isatty():
        return False
    if (platform or sys.platform) != "win32":
        return True
    try:
        import ctypes

        kernel32 = kernel32 or ctypes.windll.kernel32
        handle = kernel32.GetStdHandle(-11)  # STD_OUTPUT_HANDLE
        mode = ctypes.c_uint32()
        if not kernel32.GetConsoleMode(handle, ctypes.byref(mode)):
            return False
        return bool(kernel32.SetConsoleMode(handle, mode.value | 0x0004))  # ENABLE_VIRTUAL_TERMINAL_PROCESSING
    except (AttributeError, OSError, ImportError):
        return False


def run_console(
    store,
    seance_id: str,
    module,
    resources: list,
    host: str,
    port: int,
    questions: list | None = None,
    moment: str = "",
) -> None:
    room = LiveRoom(store, seance_id, module, resources, host, port, questions=questions, moment=moment)
    try:
        # without colours the code would be a wall of escape codes: the link and the code suffice
        asyncio.run(_drive(room, show_qr=colours_on()))
    except KeyboardInterrupt:  # where signal handlers are not available
        pass
