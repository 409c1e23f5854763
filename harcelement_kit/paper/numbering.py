"""The numbers and letters a pupil sheet and its key share: « Question 1 », options
A, B, C, and the shuffled order of the cards (card n° 1, 2…)."""

from __future__ import annotations

from harcelement_kit.content.order import answers_of, item_order

__all__ = ["card_order", "question_numbers", "letter", "answers_of"]


def letter(index: int) -> str:
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[index] if index < 26 else str(index + 1)


def question_numbers(module) -> dict[str, int]:
    """The QCM of a module numbered 1, 2… in reading order."""
    numbers = {}
    for activity in module.activites:
        if activity.kind == "qcm":
            numbers[activity.id] = len(numbers) + 1
    return numbers


def card_order(module_id: str, activity) -> list[int]:
    """Item indexes in the order of the cards: card n is item order[n - 1], the same
    order as on the projector (content.order)."""
    return item_order(module_id, activity)
