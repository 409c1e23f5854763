"""Snapshots of Animer on the projector at 60×20, 100×30 and 200×60: a question being
counted, its reveal with the chart, and the timer (paused, so the picture is stable).

Regenerate after a deliberate change with --snapshot-update, then LOOK at the SVGs."""

from __future__ import annotations

import pytest

from tui_helpers import build_app, new_seance

SIZES = [(60, 20), (100, 30), (200, 60)]
IDS = lambda s: f"{s[0]}x{s[1]}"  # noqa: E731


async def _question(pilot):
    await new_seance(pilot, 2, "classe", participants="24")  # the QCM module
    await pilot.press("3", "down", "1", "7")
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_presenter_question(snap_compare, tmp_path, size):
    assert snap_compare(build_app(tmp_path), terminal_size=size, run_before=_question)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_presenter_reveal_chart(snap_compare, tmp_path, size):
    async def run_before(pilot):
        await _question(pilot)
        await pilot.press("r")
        await pilot.pause()

    assert snap_compare(build_app(tmp_path), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_presenter_timer(snap_compare, tmp_path, size):
    async def run_before(pilot):
        await _question(pilot)
        await pilot.press("t", "t")  # started and paused at once: 0:30 on the picture
        await pilot.pause()

    assert snap_compare(build_app(tmp_path), terminal_size=size, run_before=run_before)
