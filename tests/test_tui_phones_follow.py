"""Phones follow the animateur: closing a question only stops the answers; the answer and
its explanation reach the phones on « r », with the projector's totals; one link and
code for the whole séance across modules; the same end page with the helplines."""

from __future__ import annotations

import html
import re

from harcelement_kit.tui.screens.animer import AnimerScreen
from harcelement_kit.tui.widgets.vote import VoteCounter

from live_helpers import Phone
from live_helpers import visible_text as _visible_text
from test_tui_phones import qcm_open_to_phones
from tui_helpers import screen_text


def visible_text(page: str) -> str:
    """What a pupil reads: the text outside tags, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(_visible_text(page)).split())


RIGHT = "Elle subit peut-être du harcèlement sans oser en parler"
EXPLANATION = "qui se retrouve isolée"


async def test_the_answer_reaches_the_phones_only_on_reveal_with_the_projector_totals(tmp_path):
    async with qcm_open_to_phones(tmp_path, size=(100, 30)) as (app, pilot, room):
        phones = [Phone(room) for _ in range(2)]
        for phone in phones:
            await phone.join()
        await pilot.press("escape", "o")
        await pilot.pause()
        assert (await phones[0].answer(0, 1))[0] == 200
        assert (await phones[1].answer(0, 0))[0] == 200
        await pilot.press("down", "1", "5")  # 15 hands for the right answer
        await pilot.press("o")  # closed: answers stop
        await pilot.pause()
        assert (await Phone(room).answer(0, 2))[0] == 403
        status, page, _ = await phones[0].get("/q")
        text = visible_text(page)
        assert "Réponses fermées." in text
        assert EXPLANATION not in page and "✔" not in page and "%" not in text  # nothing told yet
        status, state, _ = await phones[0].get("/etat")
        before = state
        await pilot.press("r")
        await pilot.pause()
        assert (await phones[0].get("/etat"))[1] != before  # page.js reloads the phones now
        page = visible_text((await phones[1].get("/q"))[1])
        assert EXPLANATION in page and f"✔ {RIGHT} : 16 (67 %)" in page  # as the projector's bar
        assert "Réponses de la classe : 17 réponses sur 24 participants (15 mains + 2 téléphones)." in page
        chart = app.screen.query_one(VoteCounter).render().plain
        assert " 16 · 67 %" in chart and "17 réponses sur 24 participants (15 mains + 2 téléphones)" in chart
        assert "Elle est timide, ça ne regarde personne : 1 (4 %)" in page
        for phone in phones:
            await phone.close()


async def test_next_with_a_question_open_closes_it_without_telling_the_answer(tmp_path):
    async with qcm_open_to_phones(tmp_path, size=(80, 24)) as (app, pilot, room):
        phone = Phone(app.live_room)
        await phone.join()
        await pilot.press("escape", "o")
        await pilot.pause()
        await phone.answer(0, 1)
        await pilot.press("n")
        await pilot.pause()
        page = (await phone.get("/q"))[1]
        assert "Réponses fermées." in page and EXPLANATION not in page and "✔" not in page
        await phone.close()


async def test_one_link_and_code_for_the_whole_seance_across_modules(tmp_path):
    async with qcm_open_to_phones(tmp_path, size=(80, 24)) as (app, pilot, room):
        pin, link = room.session.pin, room.server.join_url
        phone = Phone(room)
        await phone.join()
        await pilot.press("escape", "n", "escape", "o")  # back to Accueil (confirmed): the page stays
        await pilot.pause()
        await pilot.press("shift+tab")  # from today's open séances to the modules' list
        await pilot.pause()
        app.screen.query_one("#modules").focus()
        app.screen.query_one("#modules").highlighted = 0  # « Qu'est-ce que le cyber-harcèlement ? »
        await pilot.press("a", "c")  # this module, continuing the séance of the day
        await pilot.pause()
        assert isinstance(app.screen, AnimerScreen) and app.screen.module.id == "cyberharcelement"
        assert app.live_room is room and room.session.pin == pin and room.server.join_url == link
        assert "Téléphones : 1 téléphone" in screen_text(app)  # still joined, nothing to scan
        page = visible_text((await phone.get("/q"))[1])
        assert "Attends" in page and "Qu'est-ce que le cyberharcèlement" in page  # the new module
        await pilot.press("n", "n")  # the first situation of the new module (after the fill-in)
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        index = room.session.current
        assert index is not None and room.questions[index].activity != "victime-silencieuse"
        assert (await phone.answer(index, 0))[0] == 200
        await phone.close()


async def test_the_end_page_is_the_same_for_every_phone_with_the_helplines(tmp_path):
    async with qcm_open_to_phones(tmp_path, size=(80, 24)) as (app, pilot, room):
        joined, stranger = Phone(room), Phone(room)
        await joined.join()
        await pilot.press("escape")
        waiting = (await joined.get("/q"))[1]
        hidden_end = re.search(r'<section id="fin" hidden>(.*?)</section>', waiting).group(1)
        await app.close_live_room(grace=5.0)  # the séance ends (a new one, Terminer, the app)
        assert room.session.ended
        ends = [(await phone.get("/q"))[1] for phone in (joined, stranger)]
        assert ends[0] == ends[1]
        assert f'<section id="fin">{hidden_end}</section>' in ends[0]
        assert "La séance est terminée, merci !" in ends[0]
        assert "3018" in visible_text(ends[0]) and "119" in visible_text(ends[0])
        assert (await joined.get("/etat"))[0] == 200  # page.js learns it and reloads
        for phone in (joined, stranger):
            await phone.close()


async def test_the_join_link_is_whole_on_one_line_at_80_and_60_columns(tmp_path):
    """Walked at 80×24: beside the QR code the link was cut in two lines; typed from the
    projector, a cut link is mistyped."""
    from test_tui_presenter import drawn_rows

    for size in ((80, 24), (60, 20), (200, 60)):
        async with qcm_open_to_phones(tmp_path / f"{size[0]}", size) as (app, pilot, room):
            link = room.server.join_url
            app.screen.query_one("#corps").scroll_end(animate=False)  # at 60×20, under the QR code
            await pilot.pause()
            assert any(link in row for row in drawn_rows(app)), (size, drawn_rows(app))
            await app.close_live_room(grace=0)
