"""Animer on the projector: the whole screen used at 200×60 (measured on the cells
drawn), nothing cut at 60×20 with the explanation reached by PageDown, the question
in block letters from 120 columns, the key number in big digits."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import Digits

from harcelement_kit.tui.screens.aide import HELP_TEXT
from harcelement_kit.tui.widgets.headline import Headline

from tui_helpers import build_app, new_seance, screen_text

QUESTION = ("Depuis quelques semaines, une élève de ta classe reste seule à la récré, ne parle plus à "
            "personne et ne veut plus venir au collège. Qu'est-ce que ça peut vouloir dire ?")


def drawn_rows(app) -> list[str]:
    """The screen as drawn, one string per row (the compositor's own strips)."""
    return ["".join(segment.text for segment in strip) for strip in app.screen._compositor.render_strips()]


def used_area(app) -> tuple[float, float]:
    """Share of the body's rows and columns spanned by drawn cells (the header line and the
    helplines + keys at the bottom excluded)."""
    rows = drawn_rows(app)
    body = rows[1:-2]
    filled = [i for i, row in enumerate(body) if row.strip()]
    lefts = [len(row) - len(row.lstrip()) for row in body if row.strip()]
    rights = [len(row.rstrip()) for row in body if row.strip()]
    width = len(rows[0])
    return (filled[-1] - filled[0] + 1) / len(body), (max(rights) - min(lefts)) / width


async def test_at_200x60_the_question_fills_the_screen(tmp_path):
    app = build_app(tmp_path)
    async with app.run_test(size=(200, 60)) as pilot:
        await new_seance(pilot, 2, "classe", participants="24")
        await pilot.press("3", "down", "1", "7")
        await pilot.pause()
        headline = app.screen.query_one(Headline)
        assert headline.big and headline.region.height >= 15  # block letters, several rows a line
        rows, columns = used_area(app)
        assert rows >= 0.5 and columns >= 0.7, (rows, columns)
        assert str(app.screen.query_one("#nombre", Digits).value) == "20"
        await pilot.press("r")
        await pilot.pause()
        rows, columns = used_area(app)
        assert rows >= 0.65 and columns >= 0.7, (rows, columns)
        assert str(app.screen.query_one("#nombre", Digits).value) == "71"
        assert "% des participants ont choisi la bonne réponse" in screen_text(app)
        drawn = "\n".join(drawn_rows(app))
        bars = [row for row in drawn.split("\n") if "█" in row and "%" in row]
        assert max(len(row.strip()) for row in bars) >= 100  # the chart is wide, not 30 cells
        # the column is centred: as much blank on the left of the options as on the right
        option = next(row for row in drawn.split("\n") if "1. Elle est timide" in row)
        bar = bars[0]
        left, right = len(bar) - len(bar.lstrip()), len(bar) - len(bar.rstrip())
        assert abs(left - right) <= 12 and left >= 30, (left, right)
        assert option.index("1.") > 30


async def test_at_60x20_nothing_is_cut_and_pagedown_reaches_the_explanation(tmp_path):
    app = build_app(tmp_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await new_seance(pilot, 2, "classe", participants="24")
        await pilot.press("1", "7", "r")
        await pilot.pause()
        assert not app.screen.query_one(Headline).big  # plain text below 120 columns
        assert not app.screen.query("#nombre")  # no room for big digits: the chart says it
        page = app.screen.query_one("#corps", VerticalScroll)
        explanation = app.screen.query_one("#explication")
        seen: list[str] = []
        for _ in range(12):
            seen += [row.strip() for row in drawn_rows(app)]
            if explanation.region.y >= page.region.y and explanation.region.bottom <= page.region.bottom:
                break
            await pilot.press("pagedown")
            await pilot.pause()
        else:
            raise AssertionError("PageDown never brought the explanation into view")
        seen += [row.strip() for row in drawn_rows(app)]
        text = " ".join(seen)
        assert "Réponse : Elle subit peut-être du harcèlement sans oser en parler" in " ".join(
            screen_text(app).split())
        explained = "qui se retrouve isolée. Si tu remarques qu'un ou une camarade reste à l'écart"
        for word in QUESTION.split() + explained.split() + ["timide,", "boude,", "passera", "bonne", "réponse)"]:
            assert word in text, word
        assert all(len(row) <= 60 for row in drawn_rows(app))
    assert "PgDn" in HELP_TEXT and "PgUp" in HELP_TEXT
