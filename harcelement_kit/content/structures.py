"""Structures by the names people write: « Afev », « AFEV » and « afev » are one structure.

Light on purpose (no YAML): the tally and the UI match what a person typed against
the structures of the library (`structures.yaml`, bundled and from --contenu)."""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache

__all__ = ["fold", "Structures", "bundled_structures"]


def fold(text) -> str:
    """The spelling-free form of a name: no accents, no case, words joined by « - ».
    « Citéo  Médiation » and « citeo-mediation » fold alike."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class Structures:
    """code -> name, and every accepted spelling -> code."""

    def __init__(self, table: dict):
        # table: code -> (nom, *autres_noms), as the library holds it
        self.names = {code: names[0] for code, names in table.items()}
        self._spellings: dict[str, str] = {}
        for code, names in table.items():
            for spelling in (code, *names):
                self._spellings.setdefault(fold(spelling), code)

    def __bool__(self) -> bool:
        return bool(self.names)

    def resolve(self, text) -> str | None:
        """The code of the structure written `text`, or None."""
        return self._spellings.get(fold(text)) if text is not None else None

    def name(self, code: str) -> str:
        return self.names.get(code, code)

    def suggestion(self, text) -> str:
        """« ; vouliez-vous dire « Afev » ? » for the closest known name, or ""."""
        close = difflib.get_close_matches(fold(text), list(self._spellings), n=1, cutoff=0.5)
        return f" ; vouliez-vous dire « {self.name(self._spellings[close[0]])} » ?" if close else ""

    def listing(self) -> str:
        return ", ".join(f"{name} ({code})" for code, name in self.names.items())


@lru_cache(maxsize=1)
def bundled_structures() -> Structures:
    """The bundled structures.yaml, for callers without a library (tests, bundles)."""
    import yaml

    from harcelement_kit.paths import bundled_content_dir

    try:
        data = yaml.safe_load((bundled_content_dir() / "structures.yaml").read_text(encoding="utf-8"))
        return Structures({s["code"]: (s["nom"], *s.get("autres_noms", ())) for s in data["structures"]})
    except (OSError, KeyError, TypeError, yaml.YAMLError):
        return Structures({})
