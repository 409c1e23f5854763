"""The séance record: its fields, their checks (French messages), and its content hash.

A record holds counts and choices only: no field can hold a pupil's name or a
pupil's words. The only text typed by the animateur is the name of the
établissement (a school or a place), kept short and on one line.
"""

from __future__ import annotations

import datetime
import difflib
import hashlib
import json
import re
import uuid
from dataclasses import asdict, dataclass, field, replace

from harcelement_kit.content.textsafety import control_problem, visible
from harcelement_kit.content.structures import Structures, bundled_structures, fold

__all__ = [
    "ACTIONS",
    "LIEUX",
    "MOMENTS",
    "NIVEAUX",
    "KNOWN_STRUCTURES",
    "Seance",
    "RecordError",
    "parse_day",
    "check_seance",
    "content_hash",
    "new_seance_id",
]

ACTIONS = {
    "atelier": "animation ponctuelle (atelier)",
    "cine-debat": "ciné-débat",
    "animation": "heures d'animation (cycle)",
    "formation-ambassadeurs": "formation d'élèves ambassadeurs",
    "evenement": "événement",
}
LIEUX = {
    "ecole": "école",
    "college": "collège",
    "lycee": "lycée",
    "centre-social": "centre social",
    "centre-formation": "centre de formation",
    "association": "association",
    "autre": "autre lieu",
}
# The keys are stored and exported: never renamed. The groups (ecole, college, lycee,
# cm2-college) follow their levels; école is CM1-CM2, where the module « ecole » is used.
NIVEAUX = {
    "cm1": "CM1",
    "cm2": "CM2",
    "ecole": "école (CM1-CM2)",
    "6e": "6e",
    "5e": "5e",
    "4e": "4e",
    "3e": "3e",
    "college": "collège",
    "2nde": "2nde",
    "1re": "1re",
    "terminale": "terminale",
    "lycee": "lycée",
    "cm2-college": "du CM2 au collège",
    "mixte": "niveaux mélangés",
    "adultes": "adultes",
}
KNOWN_STRUCTURES = ("unis-cite", "afev", "citeo")
# When a paired item was answered (issue 17): at the start (avant), at the end (apres), or
# asked at the end about the start (retrospectif: item 0 « avant je savais », item 1 « maintenant »).
MOMENTS = ("avant", "apres", "retrospectif")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_PEOPLE = 10_000
MAX_MINUTES = 24 * 60
ETABLISSEMENT_MAX = 80


class RecordError(ValueError):
    """Every problem of one séance, in French, one per line."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Seance:
    """One version of one séance. `counts` maps (module, activity, item, option) to n."""

    id: str
    date: datetime.date
    structure: str
    action: str
    lieu: str
    participants: int
    etablissement: str = ""
    niveau: str = ""
    filles: int | None = None
    garcons: int | None = None
    duree_minutes: int = 0
    ambassadeurs: int = 0
    cycle: str = ""
    modules: tuple = ()
    version: int = 1
    supersedes: str = ""  # content hash of the version this one replaces
    deleted: bool = False  # a tombstone: the séance was removed
    essai: bool = False  # a test run: kept, listed, never counted in the bilan
    counts: dict = field(default_factory=dict, compare=False)
    sensitive: frozenset = field(default_factory=frozenset, compare=False)  # (module, activity)
    # The paired items' answers (issue 17): (module, activity, item, option, moment) -> n,
    # moment in MOMENTS. Apart from `counts`: a before and an after are never added together.
    moment_counts: dict = field(default_factory=dict, compare=False)
    # (module, activity) whose questions accept several answers per participant (« plusieurs:
    # true »): only each option is bounded by the participants, not the question's total.
    multiple: frozenset = field(default_factory=frozenset, compare=False)

    def to_json(self) -> dict:
        """The record as exported: plain JSON values, counts as sorted lists."""
        data = asdict(self)
        data["date"] = self.date.isoformat()
        data["modules"] = list(self.modules)
        data["counts"] = sorted([*key, n] for key, n in self.counts.items())
        data["sensitive"] = sorted(list(pair) for pair in self.sensitive)
        if not self.essai:  # absent when false: the records exported before « essai » keep their hash
            del data["essai"]
        if self.moment_counts:  # absent when empty: the records exported before issue 17 keep their hash
            data["moment_counts"] = sorted([*key, n] for key, n in self.moment_counts.items())
        else:
            del data["moment_counts"]
        del data["multiple"]
        if self.multiple:  # « plusieurs », absent when empty: earlier records keep their hash
            data["plusieurs"] = sorted(list(pair) for pair in self.multiple)
        return data

    def next_version(self, **changes) -> Seance:
        return replace(self, version=self.version + 1, supersedes=content_hash(self), **changes)


def new_seance_id() -> str:
    return str(uuid.uuid4())


def content_hash(seance: Seance) -> str:
    """SHA-256 of the canonical JSON of everything in the record."""
    canonical = json.dumps(seance.to_json(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _suggest(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.5)
    return f" ; vouliez-vous dire « {close[0]} » ?" if close else ""


def parse_day(text: str) -> datetime.date:
    """AAAA-MM-JJ or JJ/MM/AAAA; ValueError with a French message otherwise."""
    text = str(text).strip()
    try:
        if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", text):
            day, month, year = map(int, text.split("/"))
            return datetime.date(year, month, day)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"« {text} » n'est pas une date possible (attendu : AAAA-MM-JJ ou JJ/MM/AAAA)") from None
    raise ValueError(f"« {text} » n'est pas une date (attendu : AAAA-MM-JJ ou JJ/MM/AAAA)")


def _count(name: str, value, problems: list[str], optional: bool = False):
    if value is None or value == "":
        if optional:
            return None
        problems.append(f"{name} : il manque le nombre")
        return None
    try:
        number = int(str(value).strip()) if not isinstance(value, int) or isinstance(value, bool) else value
    except ValueError:
        problems.append(f"{name} : « {visible(value)[:60]} » n'est pas un nombre entier")
        return None
    if isinstance(value, bool):
        problems.append(f"{name} : « {visible(value)[:60]} » n'est pas un nombre entier")
        return None
    if number < 0:
        problems.append(f"{name} : {number} est négatif (attendu : 0 ou plus)")
        return None
    if number > MAX_PEOPLE:
        problems.append(f"{name} : {number} est trop grand (attendu : au plus {MAX_PEOPLE})")
        return None
    return number


def _duration(value, problems: list[str]) -> int:
    """Minutes, from 1 to a day; not given: 0 (unknown). One bound in every message."""
    name, expected = "durée (minutes)", f"attendu : de 1 à {MAX_MINUTES}"
    if value is None or value == "":
        return 0
    if type(value) is int and value == 0:  # a stored record (export bundle) writes 0 for « not given »
        return 0
    try:
        if isinstance(value, bool):
            raise ValueError
        number = value if isinstance(value, int) else int(str(value).strip())
    except ValueError:
        problems.append(f"{name} : « {value} » n'est pas un nombre entier ({expected})")
        return 0
    if number < 0:
        problems.append(f"{name} : {number} est négatif ({expected})")
    elif number == 0:
        problems.append(f"{name} : 0 minute n'est pas une séance ({expected} ; sans durée, ne rien mettre)")
    elif number > MAX_MINUTES:
        problems.append(f"{name} : {number} dépasse une journée ({expected})")
    return number or 0


def _choice(name: str, value, choices: dict, problems: list[str], optional: bool = False) -> str:
    value = "" if value is None else str(value).strip()
    if not value:
        if not optional:
            problems.append(f"{name} : il manque la valeur (attendu : {', '.join(choices)})")
        return ""
    if value in choices:
        return value
    folded = fold(value)  # « Ciné-débat », « Collège », « Centre social »: what people write
    for key, label in choices.items():
        if folded and folded in (fold(key), fold(label)):
            return key
    problems.append(
        f"{name} : « {visible(value)[:60]} » n'est pas possible{_suggest(value, choices)} "
        f"(attendu : {', '.join(choices)})"
    )
    return value


def _structure(value, structures: Structures | None, problems: list[str]) -> str:
    """The code of the structure written `value`. Typed or imported by a person
    (`structures` given): a known structure by any spelling, else a problem with a
    suggestion. From a bundle (None): a known spelling, or any code (the other laptop
    may know structures this one does not)."""
    text = str(value or "").strip()
    table = structures if structures is not None else bundled_structures()
    if not text:
        problems.append(
            "structure : il manque la structure (par exemple : "
            f"{', '.join(table.names.values()) or ', '.join(KNOWN_STRUCTURES)})"
        )
        return ""
    code = table.resolve(text)
    if code:
        return code
    if structures is None and SLUG.match(text):
        return text
    if structures is None:
        problems.append(
            f"structure : « {visible(text)[:60]} » n'est pas un code de structure"
            f"{_suggest(text.lower(), KNOWN_STRUCTURES)} "
            "(attendu : minuscules et tirets, ex. unis-cite)"
        )
        return ""
    problems.append(
        f"structure : « {visible(text)[:60]} » n'est pas une structure connue{table.suggestion(text)} "
        f"(attendu : {table.listing()} ; pour une autre structure, demandez à la personne "
        "qui coordonne le kit de l'ajouter)"
    )
    return ""


def check_seance(fields: dict, *, today: datetime.date | None = None, structures: Structures | None = None) -> Seance:
    """Build a Seance from loosely typed fields (command line, CSV, bundle, the UI's
    form), or raise RecordError with every problem found. `structures`: the known
    structures, given when a person typed or imported the fields."""
    today = today or datetime.date.today()
    problems: list[str] = []
    try:
        day = fields.get("date")
        day = day if isinstance(day, datetime.date) else parse_day(day if day is not None else "")
        if day > today:
            problems.append(f"date : le {day:%d/%m/%Y} est dans le futur")
    except ValueError as exc:
        problems.append(f"date : {exc}")
        day = today
    structure = _structure(fields.get("structure"), structures, problems)
    action = _choice("action", fields.get("action"), ACTIONS, problems)
    lieu = _choice("lieu", fields.get("lieu"), LIEUX, problems)
    niveau = _choice("niveau", fields.get("niveau"), NIVEAUX, problems, optional=True)
    participants = _count("participants", fields.get("participants"), problems)
    if participants == 0:  # no hand could be counted, no pupil could answer
        problems.append("participants : 0, il faut au moins 1 participant (attendu : le nombre de personnes présentes)")
        participants = None
    filles = _count("filles", fields.get("filles"), problems, optional=True)
    garcons = _count("garçons", fields.get("garcons"), problems, optional=True)
    ambassadeurs = _count("ambassadeurs", fields.get("ambassadeurs"), problems, optional=True) or 0
    duree = _duration(fields.get("duree_minutes"), problems)
    if participants is not None and (filles or 0) + (garcons or 0) > participants:
        problems.append(
            f"filles + garçons ({(filles or 0) + (garcons or 0)}) dépasse le nombre de participants ({participants})"
        )
    if participants is not None and ambassadeurs > participants:
        problems.append(f"ambassadeurs ({ambassadeurs}) dépasse le nombre de participants ({participants})")
    raw_etablissement = str(fields.get("etablissement") or "")
    control = control_problem(raw_etablissement)
    if control:  # escape sequences, bidi overrides, NUL: refused, never printed raw later
        problems.append(f"établissement : {control}")
    etablissement = " ".join(raw_etablissement.split())
    if len(etablissement) > ETABLISSEMENT_MAX:
        problems.append(
            f"établissement : {len(etablissement)} caractères, c'est trop long "
            f"(attendu : le nom de l'établissement, au plus {ETABLISSEMENT_MAX})"
        )
    cycle = str(fields.get("cycle") or "").strip()
    if cycle and not SLUG.match(cycle) and fold(cycle):  # « Gambetta 4e 2025 » is gambetta-4e-2025
        cycle = fold(cycle)
    if cycle and not SLUG.match(cycle):
        problems.append(
            f"cycle : « {visible(cycle)[:60]} » n'est pas un code de cycle (attendu : minuscules, "
            "chiffres et tirets, ex. gambetta-4e-2025)"
        )
    modules = tuple(str(m) for m in fields.get("modules") or ())
    for module in modules:
        if not SLUG.match(module):
            problems.append(f"modules : « {visible(module)[:60]} » n'est pas un id de module")
    if problems:
        raise RecordError(problems)
    return Seance(
        id=str(fields.get("id") or new_seance_id()),
        date=day,
        structure=structure,
        action=action,
        lieu=lieu,
        participants=participants,
        etablissement=etablissement,
        niveau=niveau,
        filles=filles,
        garcons=garcons,
        duree_minutes=duree,
        ambassadeurs=ambassadeurs,
        cycle=cycle,
        modules=modules,
        essai=bool(fields.get("essai")),
    )
