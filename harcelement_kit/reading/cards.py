"""Reading answer cards in camera frames, and counting one question's answers.

OpenCV's ArUco detector finds each card's marker and returns its four corners in the
marker's own order (top-left, top-right, bottom-right, bottom-left as printed): the
printed side that points up in the image is the letter held on top. A card held near
45° is not read (neither side is clearly on top), rather than guessed.

Nothing here is written anywhere: a question's card numbers live in memory until it
closes; then only the totals per option leave (to the store, through the caller)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from harcelement_kit.paper.card_markers import LETTERS, MAX_CARDS, dictionary

__all__ = ["CardReading", "CardDetector", "CardTally", "side_on_top", "TILT_LIMIT"]

_PAD = 16
TILT_LIMIT = 35.0  # degrees off upright beyond which a card is not read: 45° is a coin toss


@dataclass(frozen=True)
class CardReading:
    number: int  # 1..MAX_CARDS, as printed
    option: int  # 0 = A (printed top held up), 1 = B, 2 = C, 3 = D


def side_on_top(corners) -> int | None:
    """The printed side (0 top, 1 right, 2 bottom, 3 left) pointing up in the image,
    from the marker's corners in printed order; None when the card is tilted too far."""
    c = np.asarray(corners, dtype=float).reshape(4, 2)
    top = (c[0] + c[1]) / 2 - (c[2] + c[3]) / 2  # from the printed bottom to the printed top
    angle = math.degrees(math.atan2(top[0], -top[1]))  # 0 = printed top up; clockwise positive
    side = round(angle / 90) % 4
    off = abs(angle - 90 * round(angle / 90))
    if off > TILT_LIMIT:
        return None
    # the card turned clockwise by 90° shows its printed left side (D) on top
    return (-side) % 4


class CardDetector:
    """ArUco detection tuned for cards held up across a classroom (small, blurred, tilted)."""

    def __init__(self):
        params = cv2.aruco.DetectorParameters()
        # small cards at the back of the room: accept markers down to ~10 px a side
        params.minMarkerPerimeterRate = 0.02
        # (0.05 merged some markers with their white margin: missed)
        params.polygonalApproxAccuracyRate = 0.03
        # a wrong card number is worse than a missed one: correct fewer bits
        params.errorCorrectionRate = 0.3
        self._detector = cv2.aruco.ArucoDetector(dictionary(), params)

    def read(self, frame) -> list[CardReading]:
        """The cards read in one frame (BGR or grey), each number once: a number seen
        twice in the same frame (a reflection, a photocopy) is not read at all."""
        grey = frame if frame.ndim == 2 else cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
        # a card at the frame's edge: the detector's thresholds and its border check
        # miss it; a replicated border gives it room (only the orientation is used)
        grey = cv2.copyMakeBorder(grey, _PAD, _PAD, _PAD, _PAD, cv2.BORDER_REPLICATE)
        corners, ids, _ = self._detector.detectMarkers(grey)
        if ids is None:
            return []
        found: dict[int, int | None] = {}
        twice: set[int] = set()
        for marker, number in zip(corners, ids.flatten()):
            number = int(number) + 1
            if not 1 <= number <= MAX_CARDS:
                continue
            if number in found:
                twice.add(number)
            found[number] = side_on_top(marker)
        return [CardReading(n, o) for n, o in sorted(found.items()) if o is not None and n not in twice]


class CardTally:
    """One open question's answers by card: each card counts once, its last reading
    wins. A reading counts once the same card shows the same letter in `confirm`
    frames in a row (a card caught mid-turn does not count). `expected` cards
    (numbered 1..expected) are handed out; others still count if seen."""

    def __init__(self, options: int, expected: int, confirm: int = 2):
        self.options = min(options, len(LETTERS))
        self.expected = expected
        self.confirm = confirm
        self._answers: dict[int, int] = {}  # card number -> option (only while open)
        self._pending: dict[int, tuple[int, int]] = {}  # card -> (option, frames in a row)
        self.ignored: set[int] = set()  # cards showing a letter the question does not have

    def add(self, readings: list[CardReading]) -> None:
        for r in readings:
            option, streak = self._pending.get(r.number, (None, 0))
            streak = streak + 1 if option == r.option else 1
            self._pending[r.number] = (r.option, streak)
            if streak < self.confirm:
                continue
            if r.option < self.options:
                self._answers[r.number] = r.option
                self.ignored.discard(r.number)
            else:
                self._answers.pop(r.number, None)
                self.ignored.add(r.number)

    @property
    def seen(self) -> int:
        return len(self._answers)

    @property
    def missing(self) -> list[int]:
        """Card numbers among 1..expected not read yet for this question."""
        return [n for n in range(1, self.expected + 1) if n not in self._answers]

    @property
    def totals(self) -> list[int]:
        counts = [0] * self.options
        for option in self._answers.values():
            counts[option] += 1
        return counts

    def close(self) -> list[int]:
        """The totals per option; every card number is forgotten."""
        totals = self.totals
        self._answers.clear()
        self._pending.clear()
        self.ignored.clear()
        return totals
