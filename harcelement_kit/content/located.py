"""Read a YAML file into plain Python data, remembering the line and column of
every value and key, and turning every YAML failure into a French problem."""

from __future__ import annotations

import datetime

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from harcelement_kit.content.problems import Report
from harcelement_kit.errors import yaml_reason

__all__ = ["parse_yaml", "MAX_NODES"]

# Aliases can make a small file expand enormously ("billion laughs"): stop early.
MAX_NODES = 200_000


class _Invalid(Exception):
    """A problem at a node that makes the rest of the file meaningless."""

    def __init__(self, mark, message: str, expected: str = ""):
        super().__init__(message)
        self.mark, self.message, self.expected = mark, message, expected


def _pos(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def decode(raw: bytes, report: Report) -> str | None:
    """UTF-8 text without its byte-order mark, or None with a problem reported."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        report.at(
            line,
            column,
            f"le fichier n'est pas encodé en UTF-8 (octet 0x{raw[exc.start]:02x} illisible)",
            "un fichier texte enregistré en UTF-8",
        )
        return None
    return text.removeprefix("\ufeff")


def _compose(text: str):
    """The node tree, by libyaml when installed (ten times faster); on any failure
    the pure-Python parser runs again, for its more precise error messages."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return yaml.compose(text, Loader=fast)
        except (yaml.YAMLError, RecursionError):
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


def parse_yaml(raw: bytes, report: Report):
    """The data of the file, or None when it cannot be read (problems reported).

    Positions of values and keys are stored in `report` by data path.
    """
    text = decode(raw, report)
    if text is None:
        return None
    try:
        root = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if "end of stream" in (exc.problem or "") and exc.context_mark:
            mark = exc.context_mark  # where the unclosed quote or bracket opened
        line, col = _pos(mark) if mark else (1, 1)
        report.at(line, col, f"erreur de syntaxe YAML : {_yaml_reason(exc)}", _syntax_hint(exc))
        return None
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        line, col = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        report.at(
            line,
            col,
            f"caractère interdit (code {exc.character:#06x}) dans le fichier",
            "du texte sans caractère de contrôle",
        )
        return None
    except yaml.YAMLError as exc:
        report.at(1, 1, f"erreur de syntaxe YAML : {yaml_reason(str(exc))}")
        return None
    except RecursionError:
        report.at(1, 1, "le fichier est imbriqué trop profondément pour être lu")
        return None
    if root is None:
        report.at(1, 1, "le fichier est vide", "un module YAML (id, titre, activites…)")
        return None
    builder = _Builder(report)
    try:
        data = builder.build(root, ())
        if data is None:  # « ~ » or « null » alone: a file that says nothing must not vanish silently
            report.at(1, 1, "le fichier ne contient qu'une valeur vide", "un module YAML (id, titre, activites…)")
        return data
    except _Invalid as exc:
        line, col = _pos(exc.mark)
        report.at(line, col, exc.message, exc.expected)
        return None
    except RecursionError:
        report.at(1, 1, "le fichier est imbriqué trop profondément pour être lu")
        return None


class _Builder:
    def __init__(self, report: Report):
        self.report = report
        self.count = 0
        self.active: set[int] = set()
        self.constructor = SafeConstructor()

    def build(self, node, path: tuple):
        self.count += 1
        if self.count > MAX_NODES:
            raise _Invalid(node.start_mark, "le fichier est trop grand ou contient trop d'alias YAML")
        self.report.positions.setdefault(path, _pos(node.start_mark))
        if id(node) in self.active:
            raise _Invalid(node.start_mark, "un alias YAML (*) fait référence à lui-même")
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        self.active.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                return [self.build(child, path + (i,)) for i, child in enumerate(node.value)]
            if isinstance(node, MappingNode):
                return self.mapping(node, path)
        finally:
            self.active.discard(id(node))
        raise _Invalid(node.start_mark, "élément YAML inconnu")  # pragma: no cover

    def mapping(self, node: MappingNode, path: tuple) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Invalid(
                    key_node.start_mark, "la fusion YAML « << » n'est pas acceptée", "des clés écrites en entier"
                )
            if not isinstance(key_node, ScalarNode):
                raise _Invalid(key_node.start_mark, "une clé doit être un simple mot", "clé : valeur")
            key = str(self.scalar(key_node))
            if key in result:
                self.report.error(path + (key,), f"la clé « {key} » est écrite deux fois", "chaque clé une seule fois")
                # point the problem at the second occurrence
                line, col = _pos(key_node.start_mark)
                last = self.report.problems[-1]
                self.report.problems[-1] = type(last)(last.file, line, col, last.path, last.message, last.expected)
                continue
            self.report.key_positions[path + (key,)] = _pos(key_node.start_mark)
            result[key] = self.build(value_node, path + (key,))
        return result

    def scalar(self, node: ScalarNode):
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
            if node.tag == "tag:yaml.org,2002:timestamp":
                raise _Invalid(
                    node.start_mark, f"« {node.value} » n'est pas une date possible", "une date AAAA-MM-JJ"
                ) from exc
            raise _Invalid(node.start_mark, f"valeur YAML illisible « {node.value} »") from exc
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:  # "\ud800" escapes make unprintable text
                raise _Invalid(
                    node.start_mark,
                    "caractère invalide dans le texte (\\u" + f"{ord(value[exc.start]):04x})",
                    "du texte sans code \\u invalide",
                ) from exc
        if isinstance(value, (bytes, bytearray)):
            raise _Invalid(node.start_mark, "les données binaires (!!binary) ne sont pas acceptées")
        return value


def _yaml_reason(exc: yaml.MarkedYAMLError) -> str:
    return yaml_reason(exc.problem or str(exc).splitlines()[0])


def _syntax_hint(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or ""
    if "\\t" in problem or "tab" in problem:
        return "des espaces pour indenter, jamais de tabulation"
    if "mapping values" in problem:
        return "un texte contenant « : » écrit entre guillemets"
    return "du YAML valide : clé: valeur, listes avec « - », indentation par espaces"
