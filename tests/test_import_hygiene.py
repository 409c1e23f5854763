"""The core layers never import the UI or paper libraries, and the CLI imports lazily."""

from __future__ import annotations

import ast
from pathlib import Path

import harcelement_kit
from kit_process import run_python

PACKAGE = Path(harcelement_kit.__file__).parent
FORBIDDEN = {
    "content": {"textual", "fpdf", "qrcode", "aiohttp"},
    "tally": {"textual", "fpdf", "qrcode", "aiohttp"},
    "paper": {"textual", "aiohttp"},
    "live": {"textual", "fpdf"},
}  # the phone page runs headless too (« direct »)


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_core_layers_do_not_import_ui_or_paper_libraries():
    checked = 0
    for layer, forbidden in FORBIDDEN.items():
        for source in (PACKAGE / layer).rglob("*.py") if (PACKAGE / layer).is_dir() else ():
            assert not _imported_modules(source) & forbidden, source
            checked += 1
    assert checked >= 5


def _modules_loaded_by(code: str) -> set[str]:
    result = run_python(code + "\nimport sys; print(' '.join(sys.modules))")
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def test_loading_content_pulls_in_no_ui_library():
    loaded = _modules_loaded_by(
        "from harcelement_kit.content.loader import load_bundled_library; load_bundled_library()"
    )
    assert not loaded & {"textual", "fpdf", "qrcode", "rich"}
    assert "yaml" in loaded


def test_cli_imports_no_layer_until_a_command_runs():
    loaded = _modules_loaded_by("import harcelement_kit.cli as c; c.build_parser()")
    assert "yaml" not in loaded
    assert not any(name.startswith("harcelement_kit.content") for name in loaded)


def test_the_terminal_ui_starts_without_the_phone_server():
    loaded = _modules_loaded_by("import harcelement_kit.tui.app, harcelement_kit.tui.screens.animer")
    assert "textual" in loaded and "aiohttp" not in loaded  # imported when « o » is pressed


def test_the_ui_starts_from_the_content_cache_without_the_yaml_parser(tmp_path):
    """The second start reads the cache: neither the YAML parser nor the checks are imported."""
    start = (
        "from pathlib import Path; from harcelement_kit.cli import build_app, parse_arguments; "
        f"build_app(parse_arguments(['--donnees', {str(tmp_path)!r}]))"
    )
    first = _modules_loaded_by(start)
    assert "yaml" in first and "harcelement_kit.content.loader" in first
    again = _modules_loaded_by(start)
    assert "textual" in again
    assert not again & {
        "yaml",
        "harcelement_kit.content.loader",
        "harcelement_kit.content.shapes",
        "harcelement_kit.content.rules",
    }
