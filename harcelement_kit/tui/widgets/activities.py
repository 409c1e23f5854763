"""How each activity kind looks on the projector and on the pupil's screen."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console
from rich.text import Text
from textual.widgets import Static

from harcelement_kit.content.choices import asked, choices
from harcelement_kit.content.model import Blank

__all__ = [
    "Step",
    "class_steps",
    "pupil_steps",
    "ClozeBoard",
    "echelle_text",
    "readable_on",
    "step_choices",
    "zone_line",
]


@dataclass(frozen=True)
class Step:
    """One full screen of an activity: the whole activity (item None) or one of its items."""

    activity: object
    item: int | None = None
    final: bool = False  # the whole scale after its sorting game, revealed zone by zone

    @property
    def title(self) -> str:
        return self.activity.heading


def class_steps(module) -> list[Step]:
    """The screens of a module animated in class, in order (content.steps counts them).
    A sort's items come in the order of the printed cards (content.order)."""
    from harcelement_kit.content.order import item_order

    steps: list[Step] = []
    for activity in module.activites:
        if activity.kind == "tri":
            steps += [Step(activity, i) for i in item_order(module.id, activity)]
        elif activity.kind == "qcm":
            steps.append(Step(activity, 0))
        elif activity.kind == "echelle":
            # The empty gauge first: its answers are not shown before the sorting game.
            steps.append(Step(activity))
            steps += [Step(activity, i) for i in item_order(module.id, activity)]
            steps.append(Step(activity, final=True))
        else:
            steps.append(Step(activity))
    return steps


def pupil_steps(module) -> list[Step]:
    """The screens of a module taken pupil by pupil (the harcèlomètre has its own passation)."""
    return [s for s in class_steps(module) if s.activity.kind != "echelle"]


def step_choices(step: Step) -> tuple[str, list[str], list[int], str]:
    """For a step answered by choosing: (question as asked, options, right options, explanation)."""
    choice = choices(step.activity)[step.item or 0]
    return asked(step.activity, choice), list(choice.options), list(choice.right), choice.explanation


def readable_on(color: str) -> str:
    """Black or white text, whichever reads better on `color` (#rrggbb)."""
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return "#000000" if (0.299 * r + 0.587 * g + 0.114 * b) > 150 else "#ffffff"


def echelle_text(activity, revealed: int | None = None) -> Text:
    """The scale: each zone in its colour; the first `revealed` zones (all when None)
    with their behaviours and message, the others empty."""
    shown = len(activity.zones) if revealed is None else revealed
    text = Text()
    if activity.consigne:
        text.append(activity.consigne + "\n\n", style="bold")
    for number, zone in enumerate(activity.zones):
        style = f"bold {readable_on(zone.couleur)} on {zone.couleur}"
        text.append(f" {zone.libelle} \n", style=style)
        if number >= shown:
            text.append("  …\n\n", style="dim")
            continue
        for item in activity.items:
            if item.zone == zone.id:
                text.append(f"  • {item.texte}\n")
        if zone.message:
            text.append(f"  {zone.message}\n", style="italic")
        text.append("\n")
    if activity.aide:
        text.append(activity.aide + "\n", style="bold")
    if activity.credit:
        text.append("\n" + activity.credit + "\n", style="dim")
    return text


def zone_line(text: Text, zone, width: int) -> int:
    """The line of `text`, wrapped at `width`, on which `zone`'s label stands."""
    lines = text.wrap(Console(width=width), width)
    return next((i for i, line in enumerate(lines) if line.plain.strip() == zone.libelle.strip()), 0)


class ClozeBoard(Static):
    """The fill-in text with numbered blanks and its word bank; blanks are revealed
    one by one (class), or filled with the pupil's choices and then checked."""

    def __init__(self, activity, **kwargs):
        super().__init__(**kwargs)
        self.activity = activity
        self.revealed = 0  # how many blanks are shown, in order
        self.choices: dict[int, str] = {}  # pupil mode: blank number -> chosen word
        self.checking = False
        self.current: int | None = None  # pupil mode: the blank being filled

    def on_mount(self) -> None:
        self.refresh_board()

    @property
    def blank_count(self) -> int:
        return len(self.activity.blanks)

    def reveal_next(self) -> None:
        self.revealed = min(self.revealed + 1, self.blank_count)
        self.refresh_board()

    def reveal_all(self) -> None:
        self.revealed = self.blank_count
        self.refresh_board()

    def refresh_board(self) -> None:
        self.update(self._render_board())

    def _render_board(self) -> Text:
        text = Text()
        if self.activity.consigne:
            text.append(self.activity.consigne + "\n\n", style="bold")
        for part in self.activity.parts:
            if not isinstance(part, Blank):
                text.append(part)
                continue
            chosen = self.choices.get(part.number)
            if part.number <= self.revealed:
                text.append(f"[{part.number}: {part.word}]", style="bold black on green")
            elif self.checking and chosen is not None:
                ok = chosen == part.word
                text.append(
                    f"[{part.number}: {chosen} {'✔' if ok else '✘'}]",
                    style="bold black on green" if ok else "bold white on red",
                )
            elif chosen is not None:
                text.append(f"[{part.number}: {chosen}]", style="bold underline")
            else:
                style = "bold reverse" if part.number == self.current else "bold"
                text.append(f"[{part.number} ________]", style=style)
        text.append("\n\nBanque de mots : ", style="bold")
        text.append("  ·  ".join(self.activity.bank))
        return text
