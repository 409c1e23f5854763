"""The import-layer contract: content -> tally -> paper / live / reading -> tui -> cli.

A layer imports only the layers below it (and the shared base modules: paths,
settings, faults, errors, terminal); nothing imports tui but cli; nothing imports cli. Every
import counts, the lazy ones inside functions too. The check reads the INSTALLED
package's sources, as pre-commit and tools/test.sh run it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import harcelement_kit

PACKAGE = Path(harcelement_kit.__file__).resolve().parent
BASE = {"paths", "settings", "faults", "errors", "terminal", "__init__"}
# What each layer may import (besides itself and the base modules).
ALLOWED = {
    "content": set(),
    "tally": {"content"},
    "paper": {"content", "tally"},
    "live": {"content", "tally"},
    "reading": {"content", "tally", "paper"},  # reads what paper prints (same layout, same markers)
    "exchange_formats": {"content"},
    "tui": {"content", "tally", "paper", "live", "reading"},
    "cli": {"content", "tally", "paper", "live", "reading", "tui", "exchange_formats"},
    "__main__": {"cli"},
}


def imports_of(path: Path) -> set[str]:
    """The kit's top-level parts (content, tally…) that a source file imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parts = set()
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level > 0:
            parts.add("<relatif>")
        for name in names:
            bits = name.split(".")
            if bits[0] == "harcelement_kit" and len(bits) > 1 and not bits[1].startswith("__"):
                parts.add(bits[1])
    return parts


def layer_of(path: Path) -> str:
    part = path.relative_to(PACKAGE).parts[0]
    return part.removesuffix(".py")


def violations(package: Path = PACKAGE) -> list[str]:
    found = []
    for source in sorted(package.rglob("*.py")):
        rel = source.relative_to(package)
        if rel.parts[0] == "quizzes":
            continue
        layer = layer_of(source) if package == PACKAGE else rel.parts[0].removesuffix(".py")
        if layer in BASE:
            allowed = BASE
        else:
            allowed = ALLOWED.get(layer)
            if allowed is None:
                found.append(f"{rel} : couche inconnue « {layer} » (à ajouter au contrat)")
                continue
            allowed = allowed | BASE | {layer}
        for part in sorted(imports_of(source) - allowed):
            found.append(f"{rel} importe harcelement_kit.{part}")
    return found


def test_every_layer_imports_only_the_layers_below_it():
    assert violations() == []


def test_nothing_but_cli_imports_the_terminal_ui():
    importers = {layer_of(s) for s in PACKAGE.rglob("*.py") if "tui" in imports_of(s)} - {"tui"}
    assert importers <= {"cli"}


@pytest.mark.parametrize(
    "layer, bad", [("content", "tally"), ("tally", "paper"), ("tally", "tui"), ("content", "live"), ("paper", "cli")]
)
def test_the_contract_catches_an_upward_import(tmp_path, monkeypatch, layer, bad):
    """The check itself can fail: a copy of the package with one upward import."""
    copy = tmp_path / "harcelement_kit"
    (copy / layer).mkdir(parents=True)
    (copy / layer / "fautif.py").write_text(f"def f():\n    from harcelement_kit.{bad} import x\n")
    assert violations(copy) == [f"{Path(layer, 'fautif.py')} importe harcelement_kit.{bad}"]


def test_screens_do_not_import_each_other():
    """The app owns the navigation: a screen module imports none of its siblings."""
    screens = PACKAGE / "tui" / "screens"
    names = {p.stem for p in screens.glob("*.py")} - {"__init__"}
    loops = []
    for source in screens.glob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.module.startswith("harcelement_kit.tui.screens.")
            ):
                sibling = node.module.rsplit(".", 1)[1]
                if sibling in names and sibling not in SHARED_SCREEN_MODULES and sibling != source.stem:
                    loops.append(f"{source.name} -> {sibling}")
    assert sorted(loops) == sorted(KNOWN_SCREEN_IMPORTS)


# Screen modules that are shared building blocks, not screens (a frame, a base class).
SHARED_SCREEN_MODULES = {"frame"}
# The app owns the navigation (tui/app.py, SCREENS): no sibling import is left.
KNOWN_SCREEN_IMPORTS: list[str] = []


def test_every_screen_name_of_the_app_opens_a_screen():
    from textual.screen import Screen

    from harcelement_kit.tui.app import SCREENS, screen_class

    assert {"accueil", "seance", "animer", "passation", "resultats", "bilan", "telephones"} <= set(SCREENS)
    for name in SCREENS:
        assert issubclass(screen_class(name), Screen), name
