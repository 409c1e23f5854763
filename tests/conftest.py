"""Shared helpers: a fixed 'today' and a way to verify one file written on the fly."""

from __future__ import annotations

import datetime
import os
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import settings

# Hypothesis explores new examples on every local run, and the same ones in CI
# (.ci/run sets CI=true): a CI failure can be replayed, never a fluke.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
    settings.load_profile("ci")

# Plain `pytest` or `python -m pytest` from the checkout puts the checkout on
# sys.path: take it off before anything imports the kit, so that the tests
# always exercise the installed package (bundled quizzes included).
CHECKOUT = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(os.path.abspath(p or os.curdir)) != CHECKOUT]

import harcelement_kit  # noqa: E402  (after the sys.path clean-up, on purpose)
from harcelement_kit.content.loader import load_library
from harcelement_kit.paths import bundled_content_dir

# A day when the bundled content's verification dates are less than 12 months old.
TODAY = datetime.date(2026, 6, 1)
DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session", autouse=True)
def installed_package():
    """Fails the session if the kit was imported from the source folder: the
    tests are about what `pip install .` gives an animateur."""
    package = Path(harcelement_kit.__file__).resolve().parent
    if package == CHECKOUT / "harcelement_kit":  # a .venv inside the checkout is fine
        pytest.fail(
            f"harcelement_kit est importé depuis les sources ({package}) et non depuis le paquet "
            "installé : lancez « pip install . » puis « python -P -m pytest »",
            pytrace=False,
        )
    return package


@pytest.fixture
def verify(tmp_path, monkeypatch):
    """Write `text` to a file in a fresh folder, verify it like `verifier FILE` does,
    and return the problems."""
    monkeypatch.chdir(tmp_path)

    def run(text: str | bytes, name: str = "module.yaml", extra: dict | None = None):
        files = {name: text, **(extra or {})}
        for file_name, content in files.items():
            raw = content if isinstance(content, bytes) else textwrap.dedent(content).encode()
            (tmp_path / file_name).write_bytes(raw)
        library = load_library([tmp_path / n for n in files], resource_paths=[bundled_content_dir()], today=TODAY)
        return library.problems

    return run


@pytest.fixture
def kit(tmp_path, capsys):
    """`harcelement-kit ARGS…` run in this process on a data folder of the test's own
    (kit.data): returns (exit code, stdout, stderr)."""
    from harcelement_kit.cli import main

    data = tmp_path / "donnees"

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--donnees", str(data), *args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    run.data = data
    return run
