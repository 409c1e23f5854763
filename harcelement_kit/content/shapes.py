"""Building blocks of the content format: each shape checks a value (reporting
French problems) and describes itself as JSON Schema. The format itself is
declared once with them in `format.py`, so the checks and `schema` agree."""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass

from harcelement_kit.content.problems import Report

__all__ = [
    "Shape",
    "Text",
    "Ident",
    "Integer",
    "Boolean",
    "Day",
    "Color",
    "Url",
    "Choice",
    "ListOf",
    "Field",
    "Record",
    "Tagged",
    "suggest",
]


def suggest(word: str, choices) -> str:
    """« vouliez-vous dire … » for the closest of `choices`, or ""."""
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" ; vouliez-vous dire « {close[0]} » ?" if close else ""


def _show(value) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _kind_of(value) -> str:
    if value is None:
        return "rien"
    if isinstance(value, bool):
        return "un booléen"
    if isinstance(value, (int, float)):
        return f"le nombre {value}"
    if isinstance(value, datetime.date):
        return "une date"
    if isinstance(value, list):
        return "une liste"
    if isinstance(value, dict):
        return "un ensemble de clés"
    return f"« {_show(value)} »"


class Shape:
    """What one value must look like."""

    expected = ""
    noun = ""  # what a string of the wrong form is not, e.g. "une couleur valide"

    def check(self, value, path: tuple, report: Report) -> bool:
        raise NotImplementedError

    def json_schema(self) -> dict:
        raise NotImplementedError

    def wrong_type(self, value, path, report: Report) -> bool:
        hint = ""
        if isinstance(value, (int, float, bool, datetime.date)) and isinstance(self, Text):
            hint = " (mettez-le entre guillemets)"
        if isinstance(value, str) and self.noun:
            report.error(path, f"« {_show(value)} » n'est pas {self.noun}", self.expected)
        else:
            report.error(path, f"valeur non acceptée ici : {_kind_of(value)}{hint}", self.expected)
        return False


class Text(Shape):
    expected = "un texte non vide"

    def check(self, value, path, report):
        if not isinstance(value, str):
            return self.wrong_type(value, path, report)
        if not value.strip():
            report.error(path, "le texte est vide", self.expected)
            return False
        return True

    def json_schema(self):
        return {"type": "string", "minLength": 1, "pattern": r"\S"}


class Ident(Shape):
    expected = "un identifiant en minuscules, chiffres et tirets, ex. « mon-module »"
    pattern = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

    def check(self, value, path, report):
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # `id: 3018` is as clear as `id: "3018"`
        if not isinstance(value, str):
            return self.wrong_type(value, path, report)
        if not self.pattern.match(value):
            report.error(path, f"« {_show(value)} » n'est pas un identifiant valide", self.expected)
            return False
        return True

    def json_schema(self):
        return {"type": ["string", "integer"], "pattern": self.pattern.pattern}


@dataclass
class Integer(Shape):
    minimum: int = 0
    maximum: int = 10_000

    @property
    def expected(self):
        return f"un nombre entier entre {self.minimum} et {self.maximum}"

    def check(self, value, path, report):
        if isinstance(value, bool) or not isinstance(value, int):
            return self.wrong_type(value, path, report)
        if not self.minimum <= value <= self.maximum:
            report.error(path, f"{value} est hors limites", self.expected)
            return False
        return True

    def json_schema(self):
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}


class Boolean(Shape):
    expected = "true ou false"

    def check(self, value, path, report):
        return True if isinstance(value, bool) else self.wrong_type(value, path, report)

    def json_schema(self):
        return {"type": "boolean"}


class Day(Shape):
    expected = "une date AAAA-MM-JJ"
    noun = "une date valide"

    def check(self, value, path, report):
        if isinstance(value, datetime.date):
            return True
        if isinstance(value, str):
            try:
                datetime.date.fromisoformat(value)
                return True
            except ValueError:
                pass
        return self.wrong_type(value, path, report)

    def json_schema(self):
        return {"type": "string", "format": "date"}


class _Pattern(Shape):
    """A string of a fixed form, given by `pattern`."""

    pattern: re.Pattern

    def check(self, value, path, report):
        if isinstance(value, str) and self.pattern.match(value):
            return True
        return self.wrong_type(value, path, report)

    def json_schema(self):
        return {"type": "string", "pattern": self.pattern.pattern}


class Color(_Pattern):
    expected = "une couleur #rrvvbb, ex. « #2e7d32 »"
    noun = "une couleur valide"
    pattern = re.compile(r"^#[0-9a-fA-F]{6}$")


class Url(_Pattern):
    expected = "une adresse https://…, tel:… ou sms:…"
    noun = "une adresse valide"
    pattern = re.compile(r"^(https?://[^\s]+|tel:\+?[0-9]+|sms:\+?[0-9]+)$")


@dataclass
class Choice(Shape):
    values: tuple

    @property
    def expected(self):
        return ", ".join(self.values)

    def check(self, value, path, report):
        if isinstance(value, str) and value in self.values:
            return True
        if not isinstance(value, str):
            return self.wrong_type(value, path, report)
        report.error(
            path, f"« {_show(value)} » n'est pas une valeur possible" + suggest(value, self.values), self.expected
        )
        return False

    def json_schema(self):
        return {"type": "string", "enum": list(self.values)}


@dataclass
class ListOf(Shape):
    item: Shape
    min_items: int = 0

    @property
    def expected(self):
        least = f" d'au moins {self.min_items} élément" + ("s" if self.min_items > 1 else "")
        return "une liste" + (least if self.min_items else "")

    def check(self, value, path, report):
        if not isinstance(value, list):
            return self.wrong_type(value, path, report)
        ok = True
        if len(value) < self.min_items:
            report.error(path, f"la liste a {len(value)} élément(s)", self.expected)
            ok = False
        for i, element in enumerate(value):
            ok = self.item.check(element, path + (i,), report) and ok
        return ok

    def json_schema(self):
        return {"type": "array", "items": self.item.json_schema(), "minItems": self.min_items}


@dataclass(frozen=True)
class Field:
    shape: Shape
    required: bool = False
    description: str = ""


@dataclass
class Record(Shape):
    """A mapping with known keys."""

    name: str
    fields: dict  # key -> Field
    description: str = ""

    @property
    def expected(self):
        return f"un ensemble de clés ({self.name})"

    def check(self, value, path, report):
        if not isinstance(value, dict):
            return self.wrong_type(value, path, report)
        ok = True
        for key in value:
            if key not in self.fields:
                hint = suggest(key, self.fields)
                if value[key] is None and " " in str(key).strip():
                    # `{libelle: Vigilance, dis stop}`: the comma cut the text in two
                    hint += " ; une virgule a-t-elle coupé un texte ? Mettez-le entre guillemets"
                report.error(
                    path + (key,), f"clé inconnue « {_show(key)} »" + hint, ", ".join(self.fields), at_key=True
                )
                ok = False
        for key, spec in self.fields.items():
            if key in value:
                ok = spec.shape.check(value[key], path + (key,), report) and ok
            elif spec.required:
                report.error(path, f"il manque la clé « {key} »", spec.description or key)
                ok = False
        return ok

    def json_schema(self):
        return {
            "type": "object",
            "description": self.description,
            "properties": {
                key: {**spec.shape.json_schema(), "description": spec.description} for key, spec in self.fields.items()
            },
            "required": [key for key, spec in self.fields.items() if spec.required],
            "additionalProperties": False,
        }


@dataclass
class Tagged(Shape):
    """A mapping whose `type` key chooses which Record it must be."""

    kinds: dict  # type value -> Record

    @property
    def expected(self):
        return "une activité avec une clé « type »"

    def check(self, value, path, report):
        if not isinstance(value, dict):
            return self.wrong_type(value, path, report)
        kind = value.get("type")
        if kind is None:
            report.error(path, "il manque la clé « type »", ", ".join(self.kinds))
            return False
        if not isinstance(kind, str) or kind not in self.kinds:
            report.error(
                path + ("type",),
                f"« {_show(kind)} » n'est pas un type d'activité" + suggest(kind, self.kinds),
                ", ".join(self.kinds),
            )
            return False
        return self.kinds[kind].check(value, path, report)

    def json_schema(self):
        return {"oneOf": [record.json_schema() for record in self.kinds.values()]}
