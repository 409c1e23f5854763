"""One séance open to phones: who may answer, which question is open, the totals.

Everything here is in memory and gone when the session ends. A phone is known by a
random token it keeps in a cookie; the session keeps only a salted hash of it, to
refuse a second answer to the same question. The totals of a question are handed to
`record` when the question closes: that is all that reaches the store.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Callable

from harcelement_kit.content.questions import LiveQuestion

__all__ = ["LiveSession", "Refused", "MAX_DEVICES", "PIN_DIGITS", "WRONG_CODE"]

PIN_DIGITS = 6
WRONG_CODE = "Ce n'est pas le bon code : regarde celui qui est affiché au tableau."
MAX_DEVICES = 400  # a forum hall, not a stadium: more is an attack, not a class
_NUMBER = re.compile(r"[0-9]{1,4}")  # question and option numbers: never negative, never huge


class Refused(Exception):
    """A join or an answer the session does not take: a French message for the
    pupil and the HTTP status that says why."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.message, self.status = message, status


def _number(value) -> int | None:
    """A question or option number sent by a phone, or None when it is not one."""
    if isinstance(value, str) and _NUMBER.fullmatch(value):
        return int(value)
    return None


class LiveSession:
    """The state of a séance open to phones; the server and the UI both drive it."""

    def __init__(
        self,
        questions: list[LiveQuestion],
        record: Callable[[LiveQuestion, list[int]], None] = lambda q, totals: None,
        max_devices: int = MAX_DEVICES,
    ):
        self.questions = list(questions)
        self.record = record
        self.max_devices = max_devices
        self.pin = f"{secrets.randbelow(10**PIN_DIGITS):0{PIN_DIGITS}d}"
        self.join_token = secrets.token_urlsafe(18)
        self._salt = secrets.token_bytes(16)
        self._devices: set[bytes] = set()
        self._answered: dict[int, set[bytes]] = {}  # question -> devices that answered it
        self._tally: list[int] = []  # the open question's answers per option
        self.totals: dict[int, list[int]] = {}  # closed question -> answers per option
        self.joining_open = True
        self.current: int | None = None  # the open question
        self.shown: int | None = None  # the question phones see (open, or last closed)
        self.ended = False
        self.version = 0  # changes when a question opens or closes: phones poll it
        # question -> (answers per option, where they come from): what the projector revealed;
        # phones see a closed question's answer only once it is here
        self.revealed: dict[int, tuple[list[int], str, int]] = {}

    # -- phones -----------------------------------------------------------------

    @property
    def device_count(self) -> int:
        return len(self._devices)

    def _hash(self, device: str) -> bytes:
        return hashlib.sha256(self._salt + device.encode("utf-8", "replace")).digest()

    def knows(self, device: str | None) -> bool:
        return bool(device) and len(device) < 64 and self._hash(device) in self._devices

    def check_link(self, token: str) -> None:
        """Refuse a join link that is wrong, or that no longer lets anyone in."""
        if self.ended or not hmac.compare_digest(token.encode(), self.join_token.encode()):
            raise Refused("Ce lien n'est pas (ou plus) valable : scanne le QR code au tableau.", 404)
        if not self.joining_open:
            raise Refused("Il n'est plus possible de rejoindre : demande à la personne qui anime.", 403)

    def join(self, token: str, pin: str) -> str:
        """A new phone's token, if it has the link and the code on the projector."""
        self.check_link(token)
        if not hmac.compare_digest(pin.strip().encode(), self.pin.encode()):
            raise Refused(WRONG_CODE, 403)
        if len(self._devices) >= self.max_devices:
            raise Refused(
                "Tous les participants annoncés ont déjà rejoint avec un téléphone : "
                "demande à l'animateur de corriger le nombre de participants.",
                403,
            )
        device = secrets.token_urlsafe(18)
        self._devices.add(self._hash(device))
        return device

    def has_answered(self, device: str | None, question: int) -> bool:
        return self.knows(device) and self._hash(device) in self._answered.get(question, ())

    def answer(self, device: str | None, question, option) -> None:
        """Count one answer: only from a known phone, to the open question, once, with
        an option of that question (ClassQuiz's double answers and negative
        indexes are refused here)."""
        if self.ended:
            raise Refused("La séance est terminée : merci !", 410)
        if not self.knows(device):
            raise Refused("Ce téléphone n'a pas rejoint la séance : scanne le QR code au tableau.", 403)
        number = _number(question)
        if self.current is None or number != self.current:
            raise Refused("Cette question n'est pas ouverte.", 409)
        choice = _number(option)
        if choice is None or choice >= len(self.questions[number].options):
            raise Refused("Cette réponse n'existe pas.", 400)
        answered = self._answered.setdefault(number, set())
        digest = self._hash(device)
        if digest in answered:
            raise Refused("Tu as déjà répondu à cette question.", 409)
        answered.add(digest)
        self._tally[choice] += 1

    @property
    def answer_count(self) -> int:
        """Answers to the open question so far (a number, never who or what)."""
        return sum(self._tally) if self.current is not None else 0

    # -- the animateur ----------------------------------------------------------

    @property
    def next_question(self) -> int | None:
        """The question Entrée opens next: the one after the last shown."""
        following = 0 if self.shown is None else self.shown + 1
        return following if following < len(self.questions) else None

    def open(self, index: int) -> LiveQuestion:
        """Open question `index` to phones (closing the open one first)."""
        if self.ended:
            raise ValueError("session ended")
        self.close()
        self.current = self.shown = index
        self.revealed.pop(index, None)  # reopened: the answer is hidden again until « r »
        self._tally = [0] * len(self.questions[index].options)
        self.version += 1
        return self.questions[index]

    def close(self) -> list[int] | None:
        """Close the open question: its totals go to `record`, then phones see the results."""
        if self.current is None:
            return None
        index, tally = self.current, self._tally
        self.current, self._tally = None, []
        self.version += 1
        total = self.totals.setdefault(index, [0] * len(tally))
        for option, n in enumerate(tally):
            total[option] += n
        if any(tally):
            self.record(self.questions[index], tally)
        return tally

    def close_joining(self) -> None:
        self.joining_open = False
        self.version += 1

    def open_joining(self) -> None:
        """Let phones join again (a latecomer, a phone that restarted)."""
        if not self.ended:
            self.joining_open = True
            self.version += 1

    def reveal(self, index: int, counts: list[int], sources: str, participants: int = 0) -> None:
        """The projector revealed question `index`: phones get its answer and explanation,
        with the same totals as the projector (`sources` says what they add up) and the same
        percentages (of the séance's `participants`, or of the answers without them)."""
        if self.current == index:
            self.close()
        self.shown = index
        self.revealed[index] = (list(counts), sources, participants)
        self.version += 1

    def use_questions(self, questions: list[LiveQuestion]) -> None:
        """The séance goes on with another module: its questions replace these, and the
        phones stay joined (same link, code and QR code for the whole séance)."""
        self.close()
        self.questions = list(questions)
        self.totals, self._answered, self.revealed = {}, {}, {}
        self.current = self.shown = None
        self.version += 1

    def end(self) -> None:
        """Close the open question (recorded), then forget every phone."""
        self.close()
        self.ended, self.joining_open = True, False
        self._devices.clear()
        self._answered.clear()
        self._salt = secrets.token_bytes(16)
        self.version += 1
