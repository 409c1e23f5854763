"""The numbers and letters a pupil sheet and its key share: « Question 1 », options
A, B, C, and the shuffled order of the cards (card n° 1, 2…)."""

from __future__ import annotations

import random

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


def answers_of(activity) -> list[str]:
    """Each card's answer: a situation's category, a behaviour's zone."""
    if activity.kind == "tri":
        return [item.reponse.casefold() for item in activity.items]
    return [item.zone for item in activity.items]


def card_order(module_id: str, activity) -> list[int]:
    """Item indexes in the order of the cards: card n is item order[n - 1].
    Seeded by the module and activity, so that every print numbers the cards alike;
    never in the order of the answers (which would give the sort away)."""
    answers = answers_of(activity)
    order = list(range(len(answers)))
    rng = random.Random(f"{module_id}/{activity.id}")
    for _ in range(50):
        rng.shuffle(order)
        keys = [answers[i] for i in order]
        runs = sum(1 for a, b in zip(keys, keys[1:]) if a != b)
        if len(set(answers)) < 2 or runs > len(set(answers)) - 1:  # not grouped by answer
            break
    return order
