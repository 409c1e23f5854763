"""The content model read by the screen, the paper and the tally.

Built only from data that passed `format.py` and `rules.py`, so no checking here.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "Blank", "TexteATrous", "TriItem", "Tri", "Option", "Qcm", "Zone", "EchelleItem",
    "Passation", "Echelle", "Reflexion", "Info", "Activity", "Module", "Resource",
    "split_blanks", "BLANK", "paired",
]

BLANK = re.compile(r"\[\[(.*?)\]\]", re.S)
DEFAULT_CATEGORIES = ("oui", "non")


def _day(value) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)


def _text(value) -> str:
    """YAML text with spaces normalised; the line breaks the author wrote are kept."""
    if value is None:
        return ""
    lines = [" ".join(line.split()) for line in str(value).strip().splitlines()]
    return "\n".join(lines)


@dataclass(frozen=True)
class Blank:
    number: int  # 1-based, in reading order
    word: str


def split_blanks(texte: str) -> list:
    """The text as a list of plain strings and Blank, in order."""
    parts: list = []
    last = 0
    for number, match in enumerate(BLANK.finditer(texte), start=1):
        parts.append(texte[last:match.start()])
        parts.append(Blank(number, " ".join(match.group(1).split())))
        last = match.end()
    parts.append(texte[last:])
    return [p for p in parts if p != ""]


DEFAULT_TITLES = {"texte_a_trous": "Texte à trous", "tri": "Situations", "qcm": "Question",
                  "echelle": "Échelle", "reflexion": "À toi de réfléchir", "info": "Le sais-tu ?"}


@dataclass(frozen=True)
class _Activity:
    id: str
    titre: str
    consigne: str
    # Where the activity's facts come from and when they were last checked: any kind may
    # state a law or a number (the QCM's penalties, the harcèlomètre's help text).
    source: str = field(default="", kw_only=True)
    verifie_le: datetime.date | None = field(default=None, kw_only=True)

    @property
    def heading(self) -> str:
        """The title shown on screen and on paper: the author's, or the kind's."""
        return self.titre or DEFAULT_TITLES[self.kind]


@dataclass(frozen=True)
class TexteATrous(_Activity):
    texte: str
    intrus: tuple
    kind = "texte_a_trous"

    @property
    def parts(self) -> list:
        return split_blanks(self.texte)

    @property
    def blanks(self) -> list[Blank]:
        return [p for p in self.parts if isinstance(p, Blank)]

    @property
    def bank(self) -> list[str]:
        """The word bank, sorted so its order gives no answer away."""
        return sorted([b.word for b in self.blanks] + list(self.intrus), key=str.casefold)


@dataclass(frozen=True)
class TriItem:
    texte: str
    reponse: str
    explication: str


@dataclass(frozen=True)
class Tri(_Activity):
    categories: tuple
    items: tuple
    sensible: bool
    avant_apres: bool = field(default=False, kw_only=True)  # asked at the start and at the end
    retrospectif: bool = field(default=False, kw_only=True)  # items: « avant je savais », « maintenant »
    kind = "tri"


@dataclass(frozen=True)
class Option:
    texte: str
    correcte: bool


@dataclass(frozen=True)
class Qcm(_Activity):
    question: str
    options: tuple
    plusieurs: bool
    explication: str
    sensible: bool
    avant_apres: bool = field(default=False, kw_only=True)  # asked at the start and at the end
    kind = "qcm"

    @property
    def correct_indexes(self) -> list[int]:
        return [i for i, o in enumerate(self.options) if o.correcte]


@dataclass(frozen=True)
class Zone:
    id: str
    libelle: str
    couleur: str
    message: str


@dataclass(frozen=True)
class EchelleItem:
    texte: str
    zone: str


@dataclass(frozen=True)
class Passation:
    question: str
    reponses: tuple
    introduction: str
    fin: str


@dataclass(frozen=True)
class Echelle(_Activity):
    zones: tuple
    items: tuple
    aide: str
    credit: str
    passation: Passation | None
    sensible: bool
    kind = "echelle"

    def zone(self, zone_id: str) -> Zone:
        return next(z for z in self.zones if z.id == zone_id)


@dataclass(frozen=True)
class Reflexion(_Activity):
    question: str
    a_retenir: str
    kind = "reflexion"


@dataclass(frozen=True)
class Info(_Activity):
    texte: str
    kind = "info"


Activity = TexteATrous | Tri | Qcm | Echelle | Reflexion | Info


@dataclass(frozen=True)
class Resource:
    id: str
    nom: str
    court: str
    texte: str
    url: str
    verifie_le: datetime.date
    actif: bool
    remplace_par: str

    @classmethod
    def from_data(cls, d: dict) -> Resource:
        return cls(
            id=str(d["id"]), nom=_text(d["nom"]), court=_text(d.get("court") or d["nom"]),
            texte=_text(d["texte"]), url=d.get("url", ""), verifie_le=_day(d["verifie_le"]),
            actif=d.get("actif", True), remplace_par=str(d.get("remplace_par", "")),
        )


@dataclass(frozen=True)
class Module:
    id: str
    titre: str
    description: str
    public: tuple
    duree_minutes: int | None
    ressources: tuple  # resource ids, in the module's order
    activites: tuple
    source: Path | None = field(default=None, compare=False)

    def activity(self, activity_id: str) -> Activity:
        return next(a for a in self.activites if a.id == activity_id)

    @classmethod
    def from_data(cls, d: dict, source: Path | None = None) -> Module:
        return cls(
            id=str(d["id"]), titre=_text(d["titre"]), description=_text(d.get("description")),
            public=tuple(d.get("public", ())), duree_minutes=d.get("duree_minutes"),
            ressources=tuple(str(r) for r in d.get("ressources", ())),
            activites=tuple(_build_activity(a) for a in d["activites"]), source=source,
        )


def _build_activity(d: dict) -> Activity:
    base = dict(id=str(d["id"]), titre=_text(d.get("titre")), consigne=_text(d.get("consigne")),
                source=_text(d.get("source")), verifie_le=_day(d.get("verifie_le")))
    kind = d["type"]
    if kind == "texte_a_trous":
        return TexteATrous(**base, texte=_text(d["texte"]),
                           intrus=tuple(_text(w) for w in d.get("intrus", ())))
    if kind == "tri":
        return Tri(**base, categories=tuple(_text(c) for c in d.get("categories", DEFAULT_CATEGORIES)),
                   items=tuple(TriItem(_text(i["texte"]), _text(i["reponse"]),
                                       _text(i.get("explication"))) for i in d["items"]),
                   sensible=d.get("sensible", False), avant_apres=d.get("avant_apres", False),
                   retrospectif=d.get("retrospectif", False))
    if kind == "qcm":
        return Qcm(**base, question=_text(d["question"]),
                   options=tuple(Option(_text(o["texte"]), o.get("correcte", False))
                                 for o in d["options"]),
                   plusieurs=d.get("plusieurs", False), explication=_text(d.get("explication")),
                   sensible=d.get("sensible", False), avant_apres=d.get("avant_apres", False))
    if kind == "echelle":
        p = d.get("passation")
        return Echelle(**base,
                       zones=tuple(Zone(str(z["id"]), _text(z["libelle"]), z["couleur"],
                                        _text(z.get("message"))) for z in d["zones"]),
                       items=tuple(EchelleItem(_text(i["texte"]), str(i["zone"])) for i in d["items"]),
                       aide=_text(d.get("aide")), credit=_text(d.get("credit")),
                       passation=Passation(_text(p["question"]), tuple(_text(r) for r in p["reponses"]),
                                           _text(p.get("introduction")), _text(p.get("fin")))
                       if p else None,
                       sensible=d.get("sensible", False))
    if kind == "reflexion":
        return Reflexion(**base, question=_text(d["question"]), a_retenir=_text(d.get("a_retenir")))
    return Info(**base, texte=_text(d["texte"]))


def paired(module: Module) -> list:
    """The activities asked before and after (issue 17), in the module's order."""
    return [a for a in module.activites if getattr(a, "avant_apres", False)]
