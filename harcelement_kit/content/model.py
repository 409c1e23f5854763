"""The content model read by the screen, the paper and the tally.

Built only from data that passed `format.py` and `rules.py`, so no checking here.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path

__all__ = [
    "Blank",
    "TexteATrous",
    "TriItem",
    "Tri",
    "Option",
    "Qcm",
    "Zone",
    "EchelleItem",
    "Passation",
    "Echelle",
    "Reflexion",
    "Info",
    "Activity",
    "Module",
    "Resource",
    "split_blanks",
    "BLANK",
    "paired",
    "easy_read",
    "LEVELS",
    "LEVEL_GROUPS",
    "LEVEL_LABELS",
    "levels_of",
    "levels_text",
]

# The classes below are built whole, once (by the loader from checked data, or from the
# cache), and never assigned to afterwards. They are not `frozen`: its generated
# __setattr__ and __delattr__, compiled at each import, were ~5 ms of every start of the
# interface (issue 16's budget: UI ready ≤ 1.3× a minimal Textual app). They stay
# compared and hashed by value, as frozen ones were (`unsafe_hash` generates that hash).
BLANK = re.compile(r"\[\[(.*?)\]\]", re.S)
DEFAULT_CATEGORIES = ("oui", "non")

# The school levels a module is meant for, youngest first, and the older group
# words (still accepted) that stand for several of them.
LEVELS = ("cm1", "cm2", "6e", "5e", "4e", "3e", "seconde", "premiere", "terminale", "adultes")
LEVEL_GROUPS = {
    "ecole": ("cm1", "cm2"),
    "college": ("6e", "5e", "4e", "3e"),
    "lycee": ("seconde", "premiere", "terminale"),
}
LEVEL_LABELS = {
    "cm1": "CM1",
    "cm2": "CM2",
    "6e": "6e",
    "5e": "5e",
    "4e": "4e",
    "3e": "3e",
    "seconde": "2de",
    "premiere": "1re",
    "terminale": "terminale",
    "adultes": "adultes",
}


def levels_of(public) -> tuple:
    """The levels named by a module's `public` (groups expanded), youngest first."""
    named = set()
    for word in public:
        named.update(LEVEL_GROUPS.get(word, (word,)))
    return tuple(level for level in LEVELS if level in named)


def levels_text(public) -> str:
    """« 6e à terminale », « CM1, CM2 », « adultes » : the levels as a reader says them."""
    levels = levels_of(public)
    pupils = [lv for lv in levels if lv != "adultes"]
    parts = []
    if len(pupils) > 2 and LEVELS.index(pupils[-1]) - LEVELS.index(pupils[0]) == len(pupils) - 1:
        parts.append(f"{LEVEL_LABELS[pupils[0]]} à {LEVEL_LABELS[pupils[-1]]}")
    else:
        parts.extend(LEVEL_LABELS[lv] for lv in pupils)
    if "adultes" in levels:
        parts.append("adultes")
    return ", ".join(parts)


def _day(value) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)


def _easy(d: dict) -> tuple:
    """The easy-read (FALC) texts written under `facile:`, as (key, text) pairs."""
    pairs = []
    for key, value in (d.get("facile") or {}).items():
        pairs.append((key, tuple(_text(v) for v in value) if isinstance(value, list) else _text(value)))
    return tuple(pairs)


def _text(value) -> str:
    """YAML text with spaces normalised; the line breaks the author wrote are kept."""
    if value is None:
        return ""
    lines = [" ".join(line.split()) for line in str(value).strip().splitlines()]
    return "\n".join(lines)


@dataclass(unsafe_hash=True)
class Blank:
    """One blank of a texte à trous: its number and the word that fills it."""

    number: int  # 1-based, in reading order
    word: str


def split_blanks(texte: str) -> list:
    """The text as a list of plain strings and Blank, in order."""
    parts: list = []
    last = 0
    for number, match in enumerate(BLANK.finditer(texte), start=1):
        parts.append(texte[last : match.start()])
        parts.append(Blank(number, " ".join(match.group(1).split())))
        last = match.end()
    parts.append(texte[last:])
    return [p for p in parts if p != ""]


DEFAULT_TITLES = {
    "texte_a_trous": "Texte à trous",
    "tri": "Situations",
    "qcm": "Question",
    "echelle": "Échelle",
    "reflexion": "À toi de réfléchir",
    "info": "Le sais-tu ?",
}


@dataclass(unsafe_hash=True)
class _Activity:
    """What every activity has: id, titles, instructions, source and check date."""

    id: str
    titre: str
    consigne: str
    facile: tuple = field(default=(), kw_only=True)  # (key, easy-read text) pairs
    # Where the activity's facts come from and when they were last checked: any kind may
    # state a law or a number (the QCM's penalties, the harcèlomètre's help text).
    source: str = field(default="", kw_only=True)
    verifie_le: datetime.date | None = field(default=None, kw_only=True)

    @property
    def heading(self) -> str:
        """The title shown on screen and on paper: the author's, or the kind's."""
        return self.titre or DEFAULT_TITLES[self.kind]


@dataclass(unsafe_hash=True)
class TexteATrous(_Activity):
    """A text with [[blanks]] to fill from a word bank."""

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


@dataclass(unsafe_hash=True)
class TriItem:
    """One situation to sort, with its category and why."""

    texte: str
    reponse: str
    explication: str
    facile: tuple = field(default=(), kw_only=True)


@dataclass(unsafe_hash=True)
class Tri(_Activity):
    """Situations to sort into categories."""

    categories: tuple
    items: tuple
    sensible: bool
    avant_apres: bool = field(default=False, kw_only=True)  # asked at the start and at the end
    retrospectif: bool = field(default=False, kw_only=True)  # items: « avant je savais », « maintenant »
    kind = "tri"


@dataclass(unsafe_hash=True)
class Option:
    """One answer of a QCM."""

    texte: str
    correcte: bool
    facile: tuple = field(default=(), kw_only=True)


@dataclass(unsafe_hash=True)
class Qcm(_Activity):
    """A multiple-choice question."""

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


@dataclass(unsafe_hash=True)
class Zone:
    """One zone of a scale (harcèlomètre): its colour and what it tells."""

    id: str
    libelle: str
    couleur: str
    message: str
    facile: tuple = field(default=(), kw_only=True)


@dataclass(unsafe_hash=True)
class EchelleItem:
    """One situation placed on the scale."""

    texte: str
    zone: str
    facile: tuple = field(default=(), kw_only=True)


@dataclass(unsafe_hash=True)
class Passation:
    """The scale answered pupil by pupil: the question and its answers."""

    question: str
    reponses: tuple
    introduction: str
    fin: str
    facile: tuple = field(default=(), kw_only=True)


@dataclass(unsafe_hash=True)
class Echelle(_Activity):
    """A scale of situations by zone, possibly answered pupil by pupil."""

    zones: tuple
    items: tuple
    aide: str
    credit: str
    passation: Passation | None
    sensible: bool
    kind = "echelle"

    def zone(self, zone_id: str) -> Zone:
        return next(z for z in self.zones if z.id == zone_id)


@dataclass(unsafe_hash=True)
class Reflexion(_Activity):
    """A question to think about, with what to remember."""

    question: str
    a_retenir: str
    kind = "reflexion"


@dataclass(unsafe_hash=True)
class Info(_Activity):
    """A text to read."""

    texte: str
    kind = "info"


Activity = TexteATrous | Tri | Qcm | Echelle | Reflexion | Info


@dataclass(unsafe_hash=True)
class Resource:
    """A helpline or other resource, and when its details were checked."""

    id: str
    nom: str
    court: str
    texte: str
    url: str
    verifie_le: datetime.date
    actif: bool
    remplace_par: str
    facile: tuple = field(default=(), kw_only=True)

    @classmethod
    def from_data(cls, d: dict) -> Resource:
        return cls(
            id=str(d["id"]),
            nom=_text(d["nom"]),
            court=_text(d.get("court") or d["nom"]),
            texte=_text(d["texte"]),
            url=d.get("url", ""),
            verifie_le=_day(d["verifie_le"]),
            actif=d.get("actif", True),
            remplace_par=str(d.get("remplace_par", "")),
            facile=_easy(d),
        )


@dataclass(unsafe_hash=True)
class Module:
    """A workshop module: its activities, audience, duration and helplines."""

    id: str
    titre: str
    description: str
    public: tuple
    duree_minutes: int | None
    ressources: tuple  # resource ids, in the module's order
    activites: tuple
    source: Path | None = field(default=None, compare=False)
    minuteur: int | None = None  # seconds of a question's timer in class (« t »), if not the default
    facile: tuple = field(default=(), kw_only=True)

    @property
    def levels(self) -> tuple:
        """The school levels of `public`, groups expanded, youngest first."""
        return levels_of(self.public)

    def activity(self, activity_id: str) -> Activity:
        return next(a for a in self.activites if a.id == activity_id)

    @classmethod
    def from_data(cls, d: dict, source: Path | None = None) -> Module:
        return cls(
            id=str(d["id"]),
            titre=_text(d["titre"]),
            description=_text(d.get("description")),
            public=tuple(d.get("public", ())),
            duree_minutes=d.get("duree_minutes"),
            ressources=tuple(str(r) for r in d.get("ressources", ())),
            activites=tuple(_build_activity(a) for a in d["activites"]),
            source=source,
            minuteur=d.get("minuteur"),
            facile=_easy(d),
        )


def _build_activity(d: dict) -> Activity:
    base = dict(
        id=str(d["id"]),
        titre=_text(d.get("titre")),
        consigne=_text(d.get("consigne")),
        source=_text(d.get("source")),
        verifie_le=_day(d.get("verifie_le")),
        facile=_easy(d),
    )
    kind = d["type"]
    if kind == "texte_a_trous":
        return TexteATrous(**base, texte=_text(d["texte"]), intrus=tuple(_text(w) for w in d.get("intrus", ())))
    if kind == "tri":
        return Tri(
            **base,
            categories=tuple(_text(c) for c in d.get("categories", DEFAULT_CATEGORIES)),
            items=tuple(
                TriItem(_text(i["texte"]), _text(i["reponse"]), _text(i.get("explication")), facile=_easy(i))
                for i in d["items"]
            ),
            sensible=d.get("sensible", False),
            avant_apres=d.get("avant_apres", False),
            retrospectif=d.get("retrospectif", False),
        )
    if kind == "qcm":
        return Qcm(
            **base,
            question=_text(d["question"]),
            options=tuple(Option(_text(o["texte"]), o.get("correcte", False), facile=_easy(o)) for o in d["options"]),
            plusieurs=d.get("plusieurs", False),
            explication=_text(d.get("explication")),
            sensible=d.get("sensible", False),
            avant_apres=d.get("avant_apres", False),
        )
    if kind == "echelle":
        p = d.get("passation")
        return Echelle(
            **base,
            zones=tuple(
                Zone(str(z["id"]), _text(z["libelle"]), z["couleur"], _text(z.get("message")), facile=_easy(z))
                for z in d["zones"]
            ),
            items=tuple(EchelleItem(_text(i["texte"]), str(i["zone"]), facile=_easy(i)) for i in d["items"]),
            aide=_text(d.get("aide")),
            credit=_text(d.get("credit")),
            passation=Passation(
                _text(p["question"]),
                tuple(_text(r) for r in p["reponses"]),
                _text(p.get("introduction")),
                _text(p.get("fin")),
                facile=_easy(p),
            )
            if p
            else None,
            sensible=d.get("sensible", False),
        )
    if kind == "reflexion":
        return Reflexion(**base, question=_text(d["question"]), a_retenir=_text(d.get("a_retenir")))
    return Info(**base, texte=_text(d["texte"]))


def paired(module: Module) -> list:
    """The activities asked before and after (issue 17), in the module's order."""
    return [a for a in module.activites if getattr(a, "avant_apres", False)]


def easy_read(value):
    """The same content with every text that has an easy-read version (`facile:`)
    replaced by it. Only texts change: ids, answers, zones and the order of
    options stay, so counts taken in either version add up."""
    if isinstance(value, tuple):
        return tuple(easy_read(v) for v in value)
    if not is_dataclass(value) or isinstance(value, type):
        return value
    changes = {
        f.name: easy_read(getattr(value, f.name))
        for f in fields(value)
        if f.name != "facile" and (isinstance(getattr(value, f.name), tuple) or is_dataclass(getattr(value, f.name)))
    }
    changes.update(dict(getattr(value, "facile", ())))
    if isinstance(value, Tri):  # an answer names its category: the easy one at the same place
        names = [c.casefold() for c in value.categories]
        changes["items"] = tuple(
            replace(item, reponse=changes["categories"][names.index(original.reponse.casefold())])
            for item, original in zip(changes["items"], value.items)
        )
    return replace(value, **changes)
