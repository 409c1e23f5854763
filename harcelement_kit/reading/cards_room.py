"""A module's questions answered with cards: the question open to cards, its tally,
and the store that receives its totals when it closes. `direct --cartes` and the UI
both use it; the camera thread feeds it through `see`."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from harcelement_kit.content.questions import live_questions
from harcelement_kit.reading.cards import CardReading, CardTally
from harcelement_kit.paper.card_markers import LETTERS, MAX_CARDS
from harcelement_kit.tally.numbers import plural

__all__ = ["CardRoom", "CardState", "state_lines"]


@dataclass(frozen=True)
class CardState:
    """What may be shown of the open question: never which card answered what."""

    seen: int
    expected: int
    missing: tuple[int, ...]
    totals: tuple[int, ...]
    ignored: int  # cards showing a letter the question does not have


class CardRoom:
    def __init__(self, store, seance_id: str, module, expected: int, writes=None):
        """`writes`: the UI's one queue of writes to the store (tally/pending.py); the
        console has its own."""
        from harcelement_kit.tally.pending import PendingWrites

        self.store, self.seance_id, self.module = store, seance_id, module
        self.writes = writes if writes is not None else PendingWrites(store)
        self.questions = live_questions(module)
        self.expected = max(1, min(expected, MAX_CARDS))
        self.current: int | None = None
        self.totals: dict[int, list[int]] = {}  # closed question -> answers per option
        self.moment = ""  # avant / apres while Animer asks its paired items (issue 17)
        self._tally: CardTally | None = None
        self._lock = threading.Lock()  # the camera thread and the animateur's keys

    def index_of(self, activity_id: str, item: int) -> int | None:
        for index, question in enumerate(self.questions):
            if (question.activity, question.item) == (activity_id, item):
                return index
        return None

    @property
    def is_open(self) -> bool:
        return self.current is not None

    def open(self, index: int) -> None:
        self.close()
        with self._lock:
            self.current = index
            self._tally = CardTally(len(self.questions[index].options), self.expected)

    def close(self) -> list[int] | None:
        """Close the open question: its totals go to the store; card numbers are forgotten."""
        with self._lock:
            if self.current is None:
                return None
            index, tally = self.current, self._tally.close()
            self.current, self._tally = None, None
        question = self.questions[index]
        counts = tally + [0] * (len(question.options) - len(tally))
        total = self.totals.setdefault(index, [0] * len(counts))
        for option, n in enumerate(counts):
            total[option] += n
        if any(counts):  # now, or kept in memory while the store is busy (never lost)
            from harcelement_kit.tally.store import Store

            self.writes.submit(
                Store.add_counts,
                self.seance_id,
                self.module.id,
                question.activity,
                question.item,
                counts,
                sensitive=question.sensitive,
                moment=self.moment_of(question),
                label=f"question {question.item + 1} de {question.activity}",
            )
        return counts

    def moment_of(self, question) -> str:
        """The moment a question's answers are counted under (issue 17)."""
        activity = next((a for a in self.module.activites if a.id == question.activity), None)
        if getattr(activity, "retrospectif", False):
            return "retrospectif"
        return self.moment if getattr(activity, "avant_apres", False) else ""

    def new_moment(self, moment: str) -> None:
        """A questionnaire begins or ends: its questions' totals start from zero."""
        self.moment = moment
        for index, question in enumerate(self.questions):
            activity = next((a for a in self.module.activites if a.id == question.activity), None)
            if getattr(activity, "avant_apres", False):
                self.totals.pop(index, None)

    def see(self, readings: list[CardReading]) -> None:
        with self._lock:
            if self._tally is not None:
                self._tally.add(readings)

    def state(self) -> CardState | None:
        with self._lock:
            t = self._tally
            if t is None:
                return None
            return CardState(t.seen, self.expected, tuple(t.missing), tuple(t.totals), len(t.ignored))


def _numbers(numbers: tuple[int, ...], most: int = 30) -> str:
    shown = ", ".join(str(n) for n in numbers[:most])
    return shown + (f"… (+{len(numbers) - most})" if len(numbers) > most else "")


def state_lines(question, state: CardState, revealed: bool) -> list[str]:
    """The open question's card count as the animateur sees it (console and UI)."""
    lines = [
        f"Cartes vues : {state.seen}/{state.expected}"
        + (f" · pas encore vues : {_numbers(state.missing)}" if state.missing else " · toutes vues")
    ]
    if state.ignored:
        lines.append(
            plural(state.ignored, "carte montre", "cartes montrent")
            + f" une lettre sans réponse (cette question a {len(question.options)} choix)."
        )
    if question.sensitive:
        lines.append(
            "Question sensible : les réponses sont comptées pour le bilan, jamais affichées "
            "(les voisins voient les cartes : pour l'auto-évaluation, préférez les fiches)."
        )
    elif revealed:
        lines.extend(f"  {LETTERS[i]}. {question.options[i]} : {n}" for i, n in enumerate(state.totals))
    return lines
