"""Warnings on how a module is written, not on whether it can be used: inclusive
writing with a point médian or a dot inside a word (excluded from teaching material
by the Éducation nationale circular of 5 May 2021), and quiz answers that sit at the
same place so often that pupils can guess them."""

from __future__ import annotations

import re
from collections import Counter

from harcelement_kit.content.problems import Report

__all__ = ["check_inclusive_dots", "check_answer_positions", "MIN_QUESTIONS_FOR_POSITIONS"]

_LETTERS = r"[^\W\d_]"
# « élève·s », « ami·e·s », « animateur•rice »: any such dot between two letters.
_MEDIAN = re.compile(rf"{_LETTERS}+(?:[·•∙‧]{_LETTERS}+)+")
# « seul.e », « content.e.s », « épanoui.es »: a dot, then a feminine or plural ending,
# then the end of the word (so « 3018.fr » or « gouv.fr » are not caught).
_ENDINGS = r"(?:e|es|s|x|ne|nes|le|les|se|ses|ve|ves|fe|fes|ère|ères|euse|euses|rice|rices|trice|trices)"
_DOT = re.compile(rf"(?<![\w.]){_LETTERS}*[a-zàâäéèêëîïôöùûüç](?:\.{_ENDINGS})+(?!{_LETTERS}|\.\w)")

MIN_QUESTIONS_FOR_POSITIONS = 3  # with fewer questions, the answers cannot be spread out
_SKIPPED_KEYS = {"url", "id", "couleur"}


def _texts(value, path: tuple):
    """Every string of a YAML value, with its path (addresses and ids are not prose)."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, inner in value.items():
            if key not in _SKIPPED_KEYS:
                yield from _texts(inner, path + (key,))
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            yield from _texts(inner, path + (i,))


def check_inclusive_dots(data, report: Report) -> None:
    """One warning per word written with a point médian or an inner dot."""
    for path, text in _texts(data, ()):
        for match in list(_MEDIAN.finditer(text)) + list(_DOT.finditer(text)):
            report.warn(
                path,
                f"« {match.group(0)} » : point médian ou point dans un mot",
                "les deux formes en entier (« content ou contente ») ou un mot épicène (circulaire du 5 mai 2021)",
            )


def check_answer_positions(activities, report: Report) -> None:
    """A warning when one position holds more than half of the module's right answers
    (questions with a single right answer)."""
    if not isinstance(activities, list):
        return
    positions = []
    for activity in activities:
        if not isinstance(activity, dict) or activity.get("type") != "qcm" or activity.get("plusieurs"):
            continue
        options = activity.get("options")
        if not isinstance(options, list):
            continue
        right = [i for i, o in enumerate(options) if isinstance(o, dict) and o.get("correcte") is True]
        if len(right) == 1:
            positions.append(right[0])
    if len(positions) < MIN_QUESTIONS_FOR_POSITIONS:
        return
    position, count = Counter(positions).most_common(1)[0]
    if count * 2 > len(positions):
        report.warn(
            ("activites",),
            f"la bonne réponse est à la position {position + 1} dans {count} questions "
            f"sur {len(positions)} : les élèves peuvent la deviner",
            "des bonnes réponses réparties entre les positions, pas plus de la moitié à la même place",
        )
