"""Shared helpers: a fixed 'today' and a way to verify one file written on the fly."""

from __future__ import annotations

import datetime
import textwrap
from pathlib import Path

import pytest

from harcelement_kit.content.loader import load_library
from harcelement_kit.paths import bundled_content_dir

# A day when the bundled content's verification dates are less than 12 months old.
TODAY = datetime.date(2026, 6, 1)
DATA = Path(__file__).parent / "data"


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
        library = load_library([tmp_path / n for n in files],
                               resource_paths=[bundled_content_dir()], today=TODAY)
        return library.problems

    return run
