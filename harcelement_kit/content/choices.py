"""The questions of an activity that are answered by choosing an option: what the
screen counts, the bilan scores and the results draw. One place says which option
is right, so the three cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Choice", "choices", "asked"]


@dataclass(frozen=True)
class Choice:
    """One question: counts are stored under (module, activity, item, option index)."""

    item: int
    prompt: str
    options: tuple
    right: tuple  # indexes of the right options
    explanation: str


def choices(activity) -> list[Choice]:
    """Every chosen answer of `activity`: the QCM's question, each situation of a
    `tri`, each behaviour of the sorting game, each blank of a fill-in (its words
    are the bank). Reflection and info cards have none."""
    if activity.kind == "qcm":
        return [
            Choice(
                0,
                activity.question,
                tuple(o.texte for o in activity.options),
                tuple(activity.correct_indexes),
                activity.explication,
            )
        ]
    if activity.kind == "tri":
        names = [c.casefold() for c in activity.categories]
        return [
            Choice(i, item.texte, tuple(activity.categories), (names.index(item.reponse.casefold()),), item.explication)
            for i, item in enumerate(activity.items)
        ]
    if activity.kind == "echelle":
        zones = [z.id for z in activity.zones]
        return [
            Choice(
                i,
                item.texte,
                tuple(z.libelle for z in activity.zones),
                (zones.index(item.zone),),
                activity.zone(item.zone).message,
            )
            for i, item in enumerate(activity.items)
        ]
    if activity.kind == "texte_a_trous":
        bank = activity.bank
        return [
            Choice(i, f"Trou {blank.number}", tuple(bank), (bank.index(blank.word),), "")
            for i, blank in enumerate(activity.blanks)
        ]
    return []


def asked(activity, choice: Choice) -> str:
    """The question as the class, a pupil or a phone is asked it: a scale's
    behaviour and a blank need a question around them."""
    if activity.kind == "texte_a_trous":
        return f"Quel mot va dans le trou {choice.item + 1} ?"
    if activity.kind == "echelle":
        return f"Dans quelle zone ? « {choice.prompt} »"
    return choice.prompt
