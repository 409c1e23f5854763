"""The checked library of modules and resources, and where its files are.

Light on purpose: the terminal UI starts from a cached library (`cache.py`)
without importing the YAML parser or the checks (`loader.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from harcelement_kit.content.model import Module, Resource
    from harcelement_kit.content.problems import Problem

__all__ = ["Library", "content_files", "DEFAULT_HELPLINES"]

YAML_SUFFIXES = (".yaml", ".yml")
DEFAULT_HELPLINES = ("3018", "119", "urgence", "114")  # when a module names none


@dataclass
class Library:
    """The modules and resources that loaded, and every problem found on the way."""

    modules: dict = field(default_factory=dict)  # id -> Module
    resources: dict = field(default_factory=dict)  # id -> Resource
    problems: list = field(default_factory=list)
    module_files: list = field(default_factory=list)  # files read as modules
    facile: bool = False  # True: every text with an easy-read version uses it (content/facile.py)
    structures: dict = field(default_factory=dict)  # code -> (nom, *autres_noms)

    def structure_table(self):
        """The structures as a matcher of people's spellings (content.structures)."""
        from harcelement_kit.content.structures import Structures

        return Structures(self.structures)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.warning]

    def resources_of(self, module: Module) -> list[Resource]:
        """The module's active resources, in its order."""
        found = (self.resources.get(rid) for rid in module.ressources)
        return [r for r in found if r is not None and r.actif]

    def helplines(self, module: Module | None = None) -> list[Resource]:
        """What every screen shows: the module's active helplines, or the kit's usual ones."""
        if module is not None and module.ressources:
            return self.resources_of(module)
        found = (self.resources.get(r) for r in DEFAULT_HELPLINES)
        return [r for r in found if r is not None and r.actif]


def content_files(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """YAML files under `paths` (sorted per folder), and the paths that do not exist."""
    files: list[Path] = []
    missing: list[str] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            missing.append(str(path))
    unique: dict[Path, Path] = {}
    for f in files:
        unique.setdefault(f.resolve(), f)
    return list(unique.values()), missing
