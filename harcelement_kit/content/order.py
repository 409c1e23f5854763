"""The one order in which a sort's items are shown, on the projector and on paper:
« situation 1 » or « carte n° 1 » is the same item everywhere. Counts keep the item's
index in the file; only what is shown follows this order."""

from __future__ import annotations

import random

__all__ = ["answers_of", "item_order"]


def answers_of(activity) -> list[str]:
    """Each item's answer: a situation's category, a behaviour's zone."""
    if activity.kind == "tri":
        return [item.reponse.casefold() for item in activity.items]
    return [item.zone for item in activity.items]


def _grouped(keys: list[str]) -> bool:
    """Items listed answer by answer (sain, sain, vigilance…): the order gives the sort away."""
    runs = sum(1 for a, b in zip(keys, keys[1:]) if a != b)
    return len(set(keys)) >= 2 and runs <= len(set(keys)) - 1


def item_order(module_id: str, activity) -> list[int]:
    """Item indexes in the order shown: item n (from 1) is item order[n - 1] of the file.
    The author's order when it does not give the answers away; otherwise a shuffle seeded
    by the module and activity, so that every print and every screen agree."""
    answers = answers_of(activity)
    order = list(range(len(answers)))
    if not _grouped(answers):
        return order
    rng = random.Random(f"{module_id}/{activity.id}")
    for _ in range(50):
        rng.shuffle(order)
        if not _grouped([answers[i] for i in order]):
            break
    return order
