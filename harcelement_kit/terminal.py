"""What the two plain consoles of `direct` share (phones: live/console.py, answer cards:
reading/cards_console.py): printing a question, and reading the animateur's keys.
A base module, below every layer, as both consoles sit in layers that may not import
each other."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable

__all__ = ["say", "show_question", "show_totals", "ConsoleInput", "wrap_help", "wrap_line"]


def say(text: str = "") -> None:
    print(text, flush=True)


def console_width(stream=None) -> int | None:
    """The terminal's width in columns, None when the output is not a terminal (a pipe, a
    file: nobody reads it at a fixed width) or does not say (a size of 0)."""
    import os

    try:
        columns = os.get_terminal_size((stream or sys.stdout).fileno()).columns
    except (AttributeError, OSError, ValueError):
        return None
    return columns or None


def wrap_help(parts: list[str], width: int | None) -> str:
    """Help items joined by « · », broken between items (never inside a word) when the line
    would pass `width`; an item longer than the width is broken at its spaces."""
    import textwrap

    if width is None:
        return " · ".join(parts)
    parts = [_glue(p) for p in parts]
    lines: list[str] = []
    for part in parts:
        if lines and len(lines[-1]) + 3 + len(part) <= width - 1:
            lines[-1] += " · " + part
        else:
            lines.extend(
                textwrap.wrap(
                    part, max(20, width - 1), subsequent_indent="  ", break_long_words=False, break_on_hyphens=False
                )
                or [""]
            )
    return "\n".join(lines).replace(_NBSP, " ")


_NBSP = "\u00a0"


def _glue(text: str) -> str:
    """French spaces that never start a line: inside « », before « : » (textwrap breaks at
    ordinary spaces only; they come back as ordinary spaces once wrapped)."""
    return text.replace("« ", "«" + _NBSP).replace(" »", _NBSP + "»").replace(" :", _NBSP + ":")


def wrap_line(text: str, width: int | None = None) -> str:
    """`text` broken at its spaces to fit the terminal (as it is when not printed to one)."""
    import textwrap

    width = width if width is not None else console_width()
    if width is None or len(text) < width:
        return text
    return "\n".join(
        textwrap.wrap(
            _glue(text), max(20, width - 1), subsequent_indent="  ", break_long_words=False, break_on_hyphens=False
        )
    ).replace(_NBSP, " ")


def show_question(q, index: int, count: int, labels: list[str], where: str = "") -> None:
    """The question opened: its number, heading, context, prompt and labelled options
    (as many as `labels`)."""
    say(f"\nQuestion {index + 1}/{count} ouverte{where} — {q.heading}")
    if q.context:
        say(q.context)
    say(q.prompt)
    for label, option in zip(labels, q.options):
        say(f"  {label} {option}")


def show_totals(q, counts: list[int], labels: list[str] | None = None, right: bool = True) -> None:
    """A closed question's totals, the right answers ticked (unless not `right`: an opening
    question, whose answer comes at the end); nothing for a sensitive one."""
    if q.sensitive:
        say("  Question sensible : les réponses ne sont pas affichées pendant la séance.")
        return
    shown = q.options if labels is None else q.options[: len(labels)]
    for i, option in enumerate(shown):
        mark = "✔" if right and i in q.right else " "
        label = "" if labels is None else f"{labels[i]} "
        say(f"  {mark} {label}{option} : {counts[i]}")


class ConsoleInput:
    """The animateur's keys, read in a daemon thread (it never holds up the end) and handed
    to `put`: « » for Entrée, a lower-case letter for a letter, None when there is no more
    input. In a console, single keys, no Entrée needed: Windows' console through msvcrt,
    a POSIX terminal in cbreak mode (termios); otherwise (a pipe, a file, an unknown
    console) whole lines, stripped and lower-cased. `close()` gives the terminal back."""

    def __init__(self, put: Callable[[str | None], None], stream=None):
        self.put, self.stream = put, stream or sys.stdin
        self.single_keys = False
        self._stop = threading.Event()
        self._restore: Callable[[], None] | None = None

    def start(self) -> ConsoleInput:
        target = self._read_lines
        if _is_console(self.stream):
            msvcrt, termios = _module("msvcrt"), _module("termios")
            if msvcrt is not None:
                target, self.single_keys = (lambda: self._read_windows_keys(msvcrt)), True
            elif termios is not None and _module("tty") is not None and self._cbreak(termios):
                target, self.single_keys = self._read_posix_keys, True
        threading.Thread(target=target, daemon=True).start()
        return self

    def close(self) -> None:
        self._stop.set()
        if self._restore is not None:
            self._restore()
            self._restore = None

    def key(self, letter: str) -> str:
        """How the help names a key: « q » alone, or « q » + Entrée when lines are read."""
        return f"« {letter} »" if self.single_keys else f"« {letter} » + Entrée"

    def help(self, letter: str, what: str, width: int | None = None) -> str:
        """The help line of a console of `direct`: Entrée, its own key `letter`, and « q »;
        broken between its items to fit the terminal (a terminal cuts a line anywhere, even
        in the middle of « Ctrl+C »)."""
        return wrap_help(
            [
                "Entrée : ouvrir la question suivante, puis la fermer",
                f"{self.key(letter)} : {what}",
                f"{self.key('q')} ou Ctrl+C : terminer et enregistrer",
            ],
            width if width is not None else console_width(),
        )

    def _read_lines(self) -> None:
        for line in self.stream:
            self._give(line.strip().lower())
        self._give(None)

    def _read_windows_keys(self, msvcrt) -> None:
        while not self._stop.is_set():
            if not msvcrt.kbhit():
                self._stop.wait(0.05)
                continue
            char = msvcrt.getwch()
            if char in ("\x00", "\xe0"):  # an arrow or a function key: its second half too
                msvcrt.getwch()
                continue
            self._key(char)

    def _cbreak(self, termios) -> bool:
        import tty

        try:
            fd = self.stream.fileno()
            saved = termios.tcgetattr(fd)
            tty.setcbreak(fd)  # keys one by one, not echoed; Ctrl+C still interrupts
        except (OSError, ValueError, termios.error):
            return False
        self._restore = lambda: termios.tcsetattr(fd, termios.TCSADRAIN, saved)
        return True

    def _read_posix_keys(self) -> None:
        import codecs
        import os

        decoder = codecs.getincrementaldecoder(self.stream.encoding or "utf-8")("replace")
        fd = self.stream.fileno()
        escape = ""
        while not self._stop.is_set():
            try:
                data = os.read(fd, 1)
            except OSError:
                data = b""
            if not data:
                self._give(None)
                return
            for char in decoder.decode(data):
                # an arrow or a function key (ESC [ … final byte): passed over whole
                if char == "\x1b" or (escape and (len(escape) > 1 or char in "[O")):
                    escape += char
                    if len(escape) > 2 and "@" <= char <= "~":
                        escape = ""
                    continue
                escape = ""  # Échap alone, then a key: that key counts
                self._key(char)

    def _give(self, key: str | None) -> None:
        if self._stop.is_set():
            return  # closed: the console has ended (its event loop may be gone)
        try:
            self.put(key)
        except RuntimeError:  # the event loop closed in between
            pass

    def _key(self, char: str) -> None:
        if char in ("\r", "\n"):
            self._give("")
        elif char == "\x03":  # Ctrl+C, where the console hands it over as a key: end and save
            self._give("q")
        elif char.isprintable() and not char.isspace():
            self._give(char.lower())


def _is_console(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _module(name: str):
    """A standard module that exists on some systems only (msvcrt: Windows; termios: POSIX)."""
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError:
        return None
