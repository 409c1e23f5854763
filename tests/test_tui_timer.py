"""The question's timer (« t »): a visible countdown of the module's `minuteur`; at zero
the phones' question closes; it pauses and extends (RGAA 13.1). The test module's
timer is 2 s (tests/data/contenu-test/atelier-test.yaml)."""

from __future__ import annotations

import asyncio

from harcelement_kit.tui.widgets.countdown import Countdown

from live_helpers import Phone
from test_tui_phones import open_to_phones
from tui_helpers import build_app, new_seance, screen_text


async def to_the_qcm(pilot):
    await new_seance(pilot, 3, "classe")  # the test module, after the three bundled ones
    await pilot.press("n", "n")  # fill-in, situation, then the QCM « numero »
    await pilot.pause()
    assert "Quel numéro pour un enfant en danger ?" in screen_text(pilot.app)


async def test_the_timer_closes_the_phones_question_at_zero_and_can_pause_and_extend(tmp_path):
    app = build_app(tmp_path, extra_content=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_the_qcm(pilot)
        await open_to_phones(pilot)
        room = app.live_room
        early, late = Phone(room), Phone(room)
        for phone in (early, late):
            assert (await phone.join())[0] == 200
        await pilot.press("escape", "o")  # back to the question, opened to phones
        await pilot.pause()
        index = room.session.current
        assert index is not None
        assert (await early.answer(index, 0))[0] == 200
        await pilot.press("t")
        await pilot.pause()
        assert "0:02 · Minuteur · t : pause · + : 2 s de plus" in screen_text(app)
        assert "+ Prolonger" in screen_text(app) and "t Minuteur" in screen_text(app)
        await pilot.press("t")  # pause: time stands still, the question stays open
        await pilot.pause(2.5)
        assert room.session.current == index
        assert "Minuteur en pause · t : reprendre · + : prolonger" in screen_text(app)
        await pilot.press("t")  # resume: 2 s later the question closes
        await pilot.pause(2.8)
        assert room.session.current is None
        assert "0:00 · Temps écoulé : réponses fermées" in screen_text(app)
        assert (await late.answer(index, 1))[0] == 409  # too late
        assert "[  mains + 1 tél.]" in screen_text(app)  # the early answer is counted
        await pilot.press("plus")  # more time: the question reopens for who has not answered
        await pilot.pause()
        assert room.session.current == index and app.screen.query_one(Countdown).remaining > 1
        assert (await late.answer(index, 1))[0] == 200
        assert (await early.answer(index, 1))[0] == 409  # one answer per phone, still
        await pilot.press("n")  # leaving the step stops its timer
        await pilot.pause()
        assert not app.screen.query(Countdown) and "+ Prolonger" not in screen_text(app)
        for phone in (early, late):
            await phone.close()


async def test_the_timer_in_big_digits_on_a_large_screen(tmp_path):
    app = build_app(tmp_path, extra_content=True)
    async with app.run_test(size=(200, 60)) as pilot:
        await to_the_qcm(pilot)
        await pilot.press("t")
        await pilot.pause()
        assert str(app.screen.query_one("#minuteur-chiffres").value) == "0:02"
        await asyncio.sleep(0)


async def test_after_the_reveal_the_timer_is_gone_and_plus_cannot_reopen_the_question(tmp_path):
    """Walked at 200×60: after zero then « r », the timer still said « + : prolonger », and « + »
    reopened the phones' question, hiding the answer they had just been shown."""
    app = build_app(tmp_path, extra_content=True)
    async with app.run_test(size=(200, 60)) as pilot:
        await to_the_qcm(pilot)
        await open_to_phones(pilot)
        room = app.live_room
        phone = Phone(room)
        assert (await phone.join())[0] == 200
        await pilot.press("escape", "o", "t")
        await pilot.pause()
        index = room.session.current
        assert (await phone.answer(index, 1))[0] == 200
        await pilot.pause(2.8)
        assert room.session.current is None and "Temps écoulé" in screen_text(app)
        await pilot.press("r")
        await pilot.pause()
        assert not app.screen.query(Countdown) and "Temps écoulé" not in screen_text(app)
        assert "+ Prolonger" not in screen_text(app)
        answer_shown = (await phone.get("/q"))[1]
        assert "Réponses de la classe" in answer_shown
        await pilot.press("plus")
        await pilot.pause()
        assert room.session.current is None  # the answers stay final
        assert (await phone.get("/q"))[1] == answer_shown
        assert (await phone.answer(index, 0))[0] == 409
        await phone.close()
