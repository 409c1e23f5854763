"""Problems found in content files, and how they are written for the user."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Problem", "Report", "DataPath", "format_path", "ContentError"]

DataPath = tuple  # of str (mapping key) and int (list index)


def format_path(path: DataPath) -> str:
    """`("activites", 1, "items", 0, "reponse")` -> `activites[1].items[0].reponse`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one file, at a line and column (1-based)."""

    file: str
    line: int
    column: int
    path: str
    message: str
    expected: str = ""
    warning: bool = False

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}: "
        what = f"{self.path} : " if self.path else ""
        kind = "avertissement : " if self.warning else ""
        tail = f" (attendu : {self.expected})" if self.expected else ""
        return f"{where}{what}{kind}{self.message}{tail}"


@dataclass
class Report:
    """Collects the problems of one file, placing each at the YAML node of its path."""

    file: str
    positions: dict = field(default_factory=dict)  # path -> (line, col) of the value
    key_positions: dict = field(default_factory=dict)  # path -> (line, col) of the key
    problems: list = field(default_factory=list)

    def where(self, path: DataPath, at_key: bool = False) -> tuple[int, int]:
        path = tuple(path)
        if at_key and path in self.key_positions:
            return self.key_positions[path]
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (1, 1))

    def error(self, path: DataPath, message: str, expected: str = "", at_key: bool = False) -> None:
        line, col = self.where(path, at_key)
        self.problems.append(Problem(self.file, line, col, format_path(path), message, expected))

    def warn(self, path: DataPath, message: str, expected: str = "") -> None:
        line, col = self.where(path)
        self.problems.append(Problem(self.file, line, col, format_path(path), message, expected, warning=True))

    def at(self, line: int, column: int, message: str, expected: str = "") -> None:
        self.problems.append(Problem(self.file, line, column, "", message, expected))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]


class ContentError(Exception):
    """Raised when content cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def display_name(path: Path) -> str:
    """A file name as the user will recognise it: relative to the current folder when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)
