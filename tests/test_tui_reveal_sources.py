"""The chart on reveal adds the three sources of a question's answers: hands keyed in,
phones, and answer cards read by the camera (a generated video of the printed cards).
« r » with the phones' and the cards' question still open: their answers are final,
drawn on the projector and sent to the phones with the same totals, and stored."""

from __future__ import annotations

import collections
import html

import pytest

from harcelement_kit.tui.widgets.vote import VoteCounter

from cards_helpers import classroom_video
from live_helpers import Phone
from live_helpers import visible_text as _visible_text
from test_cards_video import wait_for_text
from test_tui_phones import open_to_phones
from test_tui_presenter import drawn_rows
from tui_helpers import build_app, new_seance, screen_text, stored_counts

CARDS = [1, 1, 0, 1, 2, 1]  # six pupils hold up a card: A once, B four times, C once
PHONES = [1, 2]  # two phones: B and C
HANDS = {0: 3, 1: 11}  # hands counted: 3 for A, 11 for B
RIGHT = "Elle subit peut-être du harcèlement sans oser en parler"


@pytest.fixture(scope="module")
def video(tmp_path_factory):
    path = tmp_path_factory.mktemp("video") / "cartes.avi"
    classroom_video(path, seed=7, first=CARDS, second=CARDS, hold=12, turn=1, hold_after=1)
    return path


def visible_text(page: str) -> str:
    return " ".join(html.unescape(_visible_text(page)).split())


async def test_hands_phones_and_cards_add_up_in_the_chart_and_on_the_phones(tmp_path, video):
    app = build_app(tmp_path)
    app.card_source = str(video)
    async with app.run_test(size=(200, 60)) as pilot:
        await new_seance(pilot, 2, "classe", participants="24")  # the QCM: « victime silencieuse »
        await open_to_phones(pilot)
        room = app.live_room
        phones = [Phone(room) for _ in PHONES]
        for phone in phones:
            assert (await phone.join())[0] == 200
        await pilot.press("escape", "o")  # the question open to phones
        await pilot.pause()
        for phone, option in zip(phones, PHONES):
            assert (await phone.answer(0, option))[0] == 200
        await pilot.press("c")  # and to the cards
        await wait_for_text(pilot, "Cartes vues : 6/24 · pas encore vues : 7, 8")  # 24 expected
        await pilot.press(*str(HANDS[0]), "down", *str(HANDS[1]))
        await pilot.pause()
        assert room.session.current == 0 and app.screen.cards.room.is_open  # both still open
        await pilot.pause(0.6)
        # the big number counts hands, phones and the cards held up: 14 + 2 + 6
        assert str(app.screen.query_one("#nombre").value) == "22"

        await pilot.press("r")
        await pilot.pause()
        # A: 3 hands + 1 card; B (right): 11 hands + 1 phone + 4 cards; C: 1 phone + 1 card
        chart = app.screen.query_one(VoteCounter).render().plain
        assert "22 réponses sur 24 participants (14 mains + 2 téléphones + 6 cartes)" in chart
        rows = drawn_rows(app)  # the whole chart is drawn (its height was once kept from before « r »)
        assert any("22 réponses sur 24 participants (14 mains + 2 téléphones + 6 cartes)" in row for row in rows)
        figures = {
            label: next(row for row in rows if row.rstrip().endswith(label))
            for label in ("4 · 17 %", "16 · 67 %", "2 · 8 %")
        }
        filled = {label: row.count("█") for label, row in figures.items()}
        room_cells = figures["16 · 67 %"].count("█") + figures["16 · 67 %"].count("░")
        assert room_cells >= 100  # the presenter's wide bars
        for label, share in (("4 · 17 %", 4 / 24), ("16 · 67 %", 16 / 24), ("2 · 8 %", 2 / 24)):
            assert abs(filled[label] - share * room_cells) <= 1, (label, filled[label], room_cells)
        assert f"✔ 2. {RIGHT}  (bonne\u00a0réponse)" in chart
        assert str(app.screen.query_one("#nombre").value) == "67"  # 16 right of 24
        assert "(16 sur 24 participants)" in screen_text(app)

        # the phones: the same totals, the same sources, the same percentages
        raw = (await phones[0].get("/q"))[1]  # a line never breaks inside « 2 téléphones » or « 67 % »
        assert "(14\u00a0mains + 2\u00a0téléphones + 6\u00a0cartes)" in raw and "16 (67\u00a0%)" in raw
        for phone in phones:
            page = visible_text((await phone.get("/q"))[1])
            assert f"✔ {RIGHT} : 16 (67 %)" in page
            assert "Elle est timide, ça ne regarde personne : 4 (17 %)" in page
            assert "Elle boude, ça passera tout seul : 2 (8 %)" in page
            assert (
                "Réponses de la classe : 22 réponses sur 24 participants (14 mains + 2 téléphones + 6 cartes)."
            ) in page
        assert room.session.current is None and not app.screen.cards.room.is_open  # final
        assert "Cartes : 6 réponses enregistrées" in screen_text(app)
        for phone in phones:
            await phone.close()
        app.screen.cards.stop()
    assert stored_counts(tmp_path) == {
        ("qcm", "victime-silencieuse", 0, 0): 4,
        ("qcm", "victime-silencieuse", 0, 1): 16,
        ("qcm", "victime-silencieuse", 0, 2): 2,
    }
    assert collections.Counter(CARDS) == {0: 1, 1: 4, 2: 1}
