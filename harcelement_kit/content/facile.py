"""The easy-read variant (« facile à lire et à comprendre », FALC) of the content.

Any text of a module or of `ressources.yaml` may have an easy-read version, under
a `facile:` key beside it with the same key names:

    question: Quel numéro unique appeler pour le harcèlement à l'école ou en ligne ?
    facile:
      question: Quel numéro appeler quand on est harcelé ?

Here: the checks that go beyond the shape (`format.py` declares which keys), and
the library in which every text that has an easy-read version uses it
(`--facile` of `imprimer`, `animer` and `direct`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from harcelement_kit.content.format import ACTIVITY_KINDS, MODULE, RESOURCE, easy_keys
from harcelement_kit.content.library import Library
from harcelement_kit.content.model import BLANK, easy_read
from harcelement_kit.content.problems import Report

__all__ = ["check_easy_read", "easy_library", "MAX_WORDS", "sentences"]

# FALC rules (Inclusion Europe / Unapei): short sentences, one idea each, no initials.
MAX_WORDS = 15
_SENTENCE_END = re.compile(r"(?<=[.!?…;])\s+|\n+")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
# Two capitals or more in a row, alone: « CPE », « SMS ». « pHARe » or « 3018 » are not initials.
_INITIALS = re.compile(r"(?<![\w])[A-ZÀÂÉÈÊËÎÏÔÙÛÜÇ]{2,}(?![\w])")


def _all_easy_keys() -> set[str]:
    records, keys = [MODULE, RESOURCE, *ACTIVITY_KINDS.values()], set()
    while records:
        record = records.pop()
        keys.update(easy_keys(record))
        for spec in record.fields.values():
            shape = spec.shape.item if hasattr(spec.shape, "item") else spec.shape
            if hasattr(shape, "fields") and shape is not record:
                records.append(shape)
    return keys


# Any other key under `facile:` is unknown, and the shape check already said so.
EASY_KEYS = _all_easy_keys()


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(BLANK.sub(r"\1", text)) if s.strip()]


def easy_library(library: Library) -> Library:
    """The same library in which every text with an easy-read version uses it."""
    # replace() keeps whatever else the library holds (problems, files…)
    return replace(
        library,
        modules={k: easy_read(m) for k, m in library.modules.items()},
        resources={k: easy_read(r) for k, r in library.resources.items()},
        facile=True,
    )


def check_easy_read(data, report: Report) -> None:
    """Every `facile:` block of one file (module or resources), wherever it is."""
    _walk(data, (), report)


def _walk(value, path: tuple, report: Report) -> None:
    if isinstance(value, list):
        for i, element in enumerate(value):
            _walk(element, path + (i,), report)
    elif isinstance(value, dict):
        easy = value.get("facile")
        if isinstance(easy, dict):
            _check_block(value, easy, path, report)
        for key, element in value.items():
            if key != "facile":
                _walk(element, path + (key,), report)


def _check_block(parent: dict, easy: dict, path: tuple, report: Report) -> None:
    here = path + ("facile",)
    for key, text in easy.items():
        kind = ACTIVITY_KINDS.get(parent.get("type")) if isinstance(parent.get("type"), str) else None
        if not isinstance(key, str) or key not in EASY_KEYS or (kind and key not in easy_keys(kind)):
            continue  # an unknown key, already reported by the shape check
        if key not in parent:
            report.error(
                here + (key,),
                f"« facile.{key} » n'a pas de « {key} » à côté de lui",
                f"la clé « {key} » dans le même bloc, ou retirez-la de « facile »",
            )
            continue
        ordinary = parent[key]
        if isinstance(text, list):
            if isinstance(ordinary, list) and len(text) != len(ordinary):
                report.error(
                    here + (key,),
                    f"{len(text)} élément(s) au lieu de {len(ordinary)}",
                    f"autant d'éléments que « {key} », dans le même ordre",
                )
            for j, element in enumerate(text):
                if isinstance(element, str):
                    _check_falc(element, here + (key, j), report)
        elif isinstance(text, str):
            if parent.get("type") == "texte_a_trous" and key == "texte" and isinstance(ordinary, str):
                _same_blanks(ordinary, text, here + (key,), report)
            _check_falc(text, here + (key,), report)


def _same_blanks(ordinary: str, easy: str, path: tuple, report: Report) -> None:
    """The easy text has the same blanks, so the word bank and the counts stay the same."""
    words = [" ".join(m.group(1).split()) for m in BLANK.finditer(ordinary)]
    easy_words = [" ".join(m.group(1).split()) for m in BLANK.finditer(easy)]
    if words != easy_words:
        report.error(
            path,
            "les trous ne sont pas ceux de « texte » : " + (", ".join(f"[[{w}]]" for w in easy_words) or "aucun trou"),
            "les mêmes mots à trouver, dans le même ordre : " + ", ".join(f"[[{w}]]" for w in words),
        )


def _check_falc(text: str, path: tuple, report: Report) -> None:
    for sentence in sentences(text):
        count = len(_WORD.findall(sentence))
        if count > MAX_WORDS:
            start = " ".join(sentence.split()[:5])
            report.warn(
                path,
                f"la phrase « {start}… » a {count} mots",
                f"en facile à lire, des phrases de {MAX_WORDS} mots au plus, une idée par phrase",
            )
    for initials in dict.fromkeys(_INITIALS.findall(text)):
        report.warn(
            path,
            f"« {initials} » est un sigle",
            "en facile à lire, le mot écrit en entier (ex. « conseiller principal d'éducation » pour CPE)",
        )
