"""Issue 12: the store never drops an answer, from the screens too. While another
program holds the store's write lock (a long import), the hands typed in Animer and a
pupil's answers in the passation are kept in memory, the keys keep answering, one calm
line says so; once the store is free the counts are committed, exactly."""

from __future__ import annotations

import asyncio
import sqlite3

from harcelement_kit.tally.meeting import saved_step
from harcelement_kit.tally.store import DB_NAME, Store
from harcelement_kit.tui.screens.accueil import AccueilScreen
from harcelement_kit.tui.screens.confirm import ConfirmScreen
from harcelement_kit.tui.screens.passation import PassationScreen

from tui_helpers import build_app, new_seance, screen_text

WAITING = "Enregistrement en attente : le fichier de comptage est occupé"


def _hold_the_store(data) -> sqlite3.Connection:
    """What a long import does: take the write lock and keep it."""
    conn = sqlite3.connect(data / DB_NAME, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    return conn


async def _until(pilot, condition, seconds: float = 6.0) -> None:
    for _ in range(int(seconds / 0.1)):
        if condition():
            return
        await pilot.pause(0.1)
    assert condition()


def _counts(data) -> dict:
    with Store(data) as store:
        return store.seances()[0].counts


async def test_hands_typed_while_the_store_is_held_are_shown_kept_and_committed(tmp_path):
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await new_seance(pilot, 0, "classe")
        await pilot.press("n", "n")  # the first situation: a hand vote
        await pilot.pause()
        assert "1. oui" in screen_text(app)
        lock = _hold_the_store(tmp_path)
        try:
            await pilot.press("3")
            assert "1. oui   [3 mains]" in screen_text(app)  # the key answered at once
            await pilot.press("down", "2", "1")
            assert "2. non   [21 mains]" in screen_text(app)
            await pilot.press("up", "backspace", "2")  # a correction (cleared, then 2), kept in order
            assert "1. oui   [2 mains]" in screen_text(app)
            await _until(pilot, lambda: WAITING in screen_text(app))
            assert app.writes.waiting > 0
            await pilot.press("p", "n")  # back and forth: the counts kept in memory show
            await pilot.pause()
            assert "1. oui   [2 mains]" in screen_text(app) and "2. non   [21 mains]" in screen_text(app)
            assert lock.execute("SELECT COUNT(*) FROM counts").fetchone()[0] == 0  # nothing written yet
        finally:
            lock.execute("COMMIT")  # the import ends
            lock.close()
        await _until(pilot, lambda: app.writes.waiting == 0)
        await pilot.pause(0.6)
        assert WAITING not in screen_text(app)
        assert _counts(tmp_path) == {
            ("cyberharcelement", "situations", 0, 0): 2,
            ("cyberharcelement", "situations", 0, 1): 21,
        }


async def test_a_passation_answer_given_while_the_store_is_held_is_committed_before_leaving(tmp_path):
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await new_seance(pilot, "qcm", "eleve", participants="3")
        assert isinstance(app.screen, PassationScreen)
        lock = _hold_the_store(tmp_path)
        try:
            await pilot.press("enter")  # a pupil starts
            await pilot.pause()
            assert "Choisis avec le chiffre" in screen_text(app)
            await pilot.press("2", "enter")  # an answer, confirmed
            await pilot.pause()
            assert "Ta réponse :" in screen_text(app)
            await _until(pilot, lambda: WAITING in screen_text(app))
            await pilot.press("escape")  # leaving waits for the answers
            await pilot.pause(0.6)
            assert isinstance(app.screen, PassationScreen)
            assert "L'écran changera ensuite." in screen_text(app)
        finally:
            lock.execute("COMMIT")
            lock.close()
        await _until(pilot, lambda: isinstance(app.screen, ConfirmScreen))  # then the usual question
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, AccueilScreen)
    # the QCM's passation opens with its paired items (issue 17): this first answer is counted « avant »
    with Store(tmp_path) as store:
        moment_counts = store.seances()[0].moment_counts
    assert _counts(tmp_path) == {}
    assert sum(moment_counts.values()) == 1 and [(key[3], key[4]) for key in moment_counts] == [(1, "avant")]
    with Store(tmp_path) as store:
        assert saved_step(store, store.seances()[0].id, "qcm", "eleve")[1] == 1  # one pupil


async def test_quitting_with_counts_in_memory_waits_for_them(tmp_path):
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await new_seance(pilot, 0, "classe")
        await pilot.press("n", "n")
        await pilot.pause()
        lock = _hold_the_store(tmp_path)
        try:
            await pilot.press("7")
            await pilot.press("ctrl+q")
            await pilot.pause(0.3)
            assert app.is_running  # not gone: the count is not in the store yet
            assert any("Le kit se fermera dès que" in str(t.render()) for t in app.screen.query("Toast"))
        finally:
            lock.execute("COMMIT")
            lock.close()
        for _ in range(60):  # the app ends by itself (the pilot cannot pause a finished app)
            if not app.is_running:
                break
            await asyncio.sleep(0.1)
        assert not app.is_running
    assert _counts(tmp_path) == {("cyberharcelement", "situations", 0, 0): 7}
