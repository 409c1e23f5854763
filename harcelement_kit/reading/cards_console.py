"""`harcelement-kit direct MODULE --cartes`: the class answers with cards read by the
camera (or a video file), driven from a plain console. Entrée opens the next question,
Entrée again closes it (its totals are recorded); Ctrl+C ends and saves."""

from __future__ import annotations

import queue

from harcelement_kit.paper.card_markers import LETTERS
from harcelement_kit.reading.cards_room import CardRoom, state_lines
from harcelement_kit.tally.numbers import plural
from harcelement_kit.terminal import ConsoleInput, say as _say, show_question, show_totals

__all__ = ["run_cards_console"]


def _show_open(room: CardRoom, index: int) -> None:
    q = room.questions[index]
    show_question(q, index, len(room.questions), [f"{letter}." for letter in LETTERS], " aux cartes")
    if len(q.options) > len(LETTERS):
        _say(
            "  (les cartes n'ont que A à D : "
            + ", ".join(q.options[len(LETTERS) :])
            + " ne peut pas être choisi avec les cartes)"
        )
    _say("(Entrée pour la fermer)")


def _show_closed(room: CardRoom, index: int, counts: list[int]) -> None:
    q = room.questions[index]
    _say(f"Question {index + 1} fermée : " + plural(sum(counts), "réponse enregistrée", "réponses enregistrées") + ".")
    show_totals(q, counts, [f"{letter}." for letter in LETTERS])


def run_cards_console(store, seance_id: str, module, source, expected: int) -> None:
    from harcelement_kit.reading.camera import CardCamera

    room = CardRoom(store, seance_id, module, expected)
    camera = CardCamera(source, room.see, wanted=lambda: room.is_open).start()
    what = "la vidéo" if camera.is_file else "la caméra"
    _say(f"Cartes-réponses : {module.titre} · {what} est ouverte · cartes 1 à {room.expected} à distribuer au hasard")
    lines: queue.Queue = queue.Queue()
    keys = ConsoleInput(lines.put).start()
    help_line = keys.help("r", "afficher les totaux")
    _say(help_line)
    shown: int | None = None
    revealed, last, told_end = False, None, False
    try:
        while True:
            try:
                line = lines.get(timeout=0.3)
            except queue.Empty:
                line = ""
            else:
                if line is None:  # no more input: keep reading the camera until Ctrl+C
                    lines.put(None)
                    line = ""
                elif line in ("q", "fin"):
                    break
                elif line == "r" and room.is_open:
                    revealed, last = True, None
                elif line == "" or line == "r":
                    if room.is_open:
                        index = room.current
                        _show_closed(room, index, room.close())
                        revealed, last = False, None
                    elif shown is None or shown + 1 < len(room.questions):
                        shown = 0 if shown is None else shown + 1
                        room.open(shown)
                        revealed, last = False, None
                        _show_open(room, shown)
                    else:
                        _say(f"C'était la dernière question : {keys.key('q')} ou Ctrl+C pour terminer.")
                else:
                    _say(help_line)
            state = room.state()
            if state is not None:
                text = state_lines(room.questions[room.current], state, revealed)
                if text != last:
                    _say("\n".join(text))
                    last = text
            if camera.ended and not told_end:
                told_end = True
                _say(f"Plus d'image : {camera.error}." if camera.error else "Fin de la vidéo : plus d'image à lire.")
    except KeyboardInterrupt:
        pass
    finally:
        keys.close()
        camera.stop()
        if room.is_open:
            index = room.current
            _show_closed(room, index, room.close())
        if room.writes.waiting:
            _say("Enregistrement des réponses gardées en mémoire : la base est occupée, patientez…")
        room.writes.flush()
        for line in room.writes.failed:
            _say(f"  Attention : {line}")
    _say("Séance terminée : les réponses sont enregistrées ; les numéros des cartes sont oubliés.")
