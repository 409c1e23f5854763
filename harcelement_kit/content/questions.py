"""The questions of a module that pupils can answer from their phones: the same ones
the class answers by show of hands, counted under the same keys."""

from __future__ import annotations

from dataclasses import dataclass

from harcelement_kit.content.choices import asked, choices
from harcelement_kit.content.model import Blank

__all__ = ["LiveQuestion", "live_questions"]


@dataclass(frozen=True)
class LiveQuestion:
    """One question as a phone shows it. Counts go to (module, activity, item, option)."""

    activity: str
    item: int
    heading: str
    prompt: str
    options: tuple[str, ...]
    right: tuple[int, ...]
    explanation: str
    sensitive: bool  # answers counted for the bilan, never shown during the séance
    context: str = ""  # a fill-in text with its numbered blanks, shown above its questions


def cloze_text(activity) -> str:
    """The fill-in text as a phone shows it: each blank numbered, none filled."""
    return "".join(f"[{part.number} ____]" if isinstance(part, Blank) else part for part in activity.parts)


def live_questions(module) -> list[LiveQuestion]:
    """Every question of `module` answered by choosing an option, in the order of
    the workshop: each QCM, each situation to sort, each behaviour of a scale,
    each blank of a fill-in text."""
    questions = []
    for activity in module.activites:
        for choice in choices(activity):
            context = cloze_text(activity) if activity.kind == "texte_a_trous" else ""
            questions.append(
                LiveQuestion(
                    activity.id,
                    choice.item,
                    activity.heading,
                    asked(activity, choice),
                    choice.options,
                    choice.right,
                    # a retrospective item is a self-assessment: never shown live, like a sensitive one
                    choice.explanation,
                    bool(getattr(activity, "sensible", False)) or bool(getattr(activity, "retrospectif", False)),
                    context,
                )
            )
    return questions
