"""Snapshots of the main screens at the projector's smallest size (60×20) and at 120×40.

Regenerate after a deliberate change of the screens with:
    python3 -P -m pytest tests/test_tui_snapshots.py --snapshot-update
then look at the SVGs in tests/__snapshots__/ before committing them.
"""

from __future__ import annotations

import pytest

from tui_helpers import build_app, new_seance

SIZES = [(60, 20), (120, 40)]


async def _seance(pilot, module_index: int, mode: str) -> None:
    await new_seance(pilot, module_index, mode)


def _app(tmp_path):
    return build_app(tmp_path / "donnees")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_accueil(snap_compare, tmp_path, size):
    assert snap_compare(_app(tmp_path), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_nouvelle_seance(snap_compare, tmp_path, size):
    assert snap_compare(_app(tmp_path), terminal_size=size, press=["a", *"afev"])


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_animer_situation_with_counts_revealed(snap_compare, tmp_path, size):
    async def run_before(pilot):
        await _seance(pilot, 0, "classe")
        await pilot.press("n", "n")
        await pilot.pause()
        await pilot.press("4", "down", "2", "0", "r")

    assert snap_compare(_app(tmp_path), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_harcelometre_scale(snap_compare, tmp_path, size):
    async def run_before(pilot):
        await _seance(pilot, 1, "classe")

    assert snap_compare(_app(tmp_path), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_passation_question(snap_compare, tmp_path, size):
    async def run_before(pilot):
        await _seance(pilot, 1, "eleve")
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(_app(tmp_path), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_resultats(snap_compare, tmp_path, size):
    async def run_before(pilot):
        await _seance(pilot, 2, "classe")
        await pilot.press("3", "down", "1", "8", "down", "1", "g")
        await pilot.pause()

    assert snap_compare(_app(tmp_path), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_aide(snap_compare, tmp_path, size):
    assert snap_compare(_app(tmp_path), terminal_size=size, press=["f1"])
