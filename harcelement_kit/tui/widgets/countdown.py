"""The question's timer (« t » in Animer): a visible countdown that can be paused and
extended (RGAA 13.1: a time limit can be stopped or extended). At zero it says so and
the screen closes the question to phones. No points, no speed bonus: the kit stays
without competition."""

from __future__ import annotations

import time

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Digits, Static

__all__ = ["Countdown", "DEFAULT_SECONDS"]

DEFAULT_SECONDS = 30


def clock(seconds: float) -> str:
    whole = max(0, int(seconds + 0.999))  # 0.2 s left still shows 0:01
    return f"{whole // 60}:{whole % 60:02d}"


class Countdown(Horizontal):
    """Big digits when the screen is tall enough, one line of text otherwise. Both are
    drawn and the screen's height class shows one (screens/ecrans.tcss): a projector plugged in
    mid-question brings the big digits, and back the line."""

    class Finished(Message):
        """The time is up (posted once)."""

    def __init__(self, seconds: int, **kwargs):
        super().__init__(id="minuteur", **kwargs)
        self.seconds = seconds  # what « + » adds
        self.deadline = time.monotonic() + seconds
        self.left_when_paused: float | None = None
        self.finished = False

    def compose(self) -> ComposeResult:
        yield Digits(clock(self.seconds), id="minuteur-chiffres")
        yield Static("", id="minuteur-legende", markup=False)  # beside the big digits
        yield Static("", id="minuteur-ligne", markup=False)  # the time and what it says, one line

    def on_mount(self) -> None:
        self._draw()
        self.set_interval(0.25, self._tick)

    @property
    def remaining(self) -> float:
        if self.left_when_paused is not None:
            return self.left_when_paused
        return max(0.0, self.deadline - time.monotonic())

    @property
    def paused(self) -> bool:
        return self.left_when_paused is not None

    def toggle_pause(self) -> None:
        if self.finished:
            return
        if self.paused:
            self.deadline = time.monotonic() + self.left_when_paused
            self.left_when_paused = None
        else:
            self.left_when_paused = self.remaining
        self._draw()

    def extend(self) -> None:
        """« + »: the module's duration again (after zero too: the question can reopen)."""
        if self.paused:
            self.left_when_paused += self.seconds
        else:
            self.deadline = max(self.deadline, time.monotonic()) + self.seconds
        self.finished = False
        self._draw()

    def _tick(self) -> None:
        if not self.finished and self.remaining <= 0:
            self.finished = True
            self.post_message(self.Finished())
        self._draw()

    def _draw(self) -> None:
        left = clock(self.remaining)
        if self.finished:
            said = "Temps écoulé : réponses fermées · + : prolonger"
        elif self.paused:
            said = "Minuteur en pause · t : reprendre · + : prolonger"
        else:
            said = f"Minuteur · t : pause · + : {self.seconds} s de plus"
        self.query_one("#minuteur-chiffres", Digits).update(left)
        self.query_one("#minuteur-legende", Static).update(said)
        self.query_one("#minuteur-ligne", Static).update(f"{left} · {said}")
