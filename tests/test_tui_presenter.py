"""Animer on the projector: the whole screen used at 200×60 (measured on the cells
drawn), nothing cut at 60×20 with the explanation reached by PageDown, the question
in block letters from 120 columns, the key number in big digits."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import Digits

from harcelement_kit.tui.screens.aide import HELP_TEXT
from harcelement_kit.tui.widgets.headline import Headline

from tui_helpers import build_app, new_seance, screen_text

QUESTION = (
    "Depuis quelques semaines, une élève de ta classe reste seule à la récré, ne parle plus à "
    "personne et ne veut plus venir au collège. Qu'est-ce que ça peut vouloir dire ?"
)


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
        assert not app.screen.query_one("#chiffres").display  # no room for big digits: the chart says it
        assert "réponses\nsur 24 participants" not in screen_text(app)
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
        assert "Réponse : Elle subit peut-être du harcèlement sans oser en parler" in " ".join(screen_text(app).split())
        explained = "qui se retrouve isolée. Si tu remarques qu'un ou une camarade reste à l'écart"
        for word in QUESTION.split() + explained.split() + ["timide,", "boude,", "passera", "bonne", "réponse)"]:
            assert word in text, word  # rows are joined by a plain space: a label cut in two fails
        assert all(len(row) <= 60 for row in drawn_rows(app))
    assert "PgDn" in HELP_TEXT and "PgUp" in HELP_TEXT


def shown(widget) -> bool:
    """Displayed, with every container around it (display: none hides what it holds)."""
    return all(node.display for node in widget.ancestors_with_self)


async def _reachable_words(pilot) -> str:
    """Every row the body shows from its top to its bottom, PageDown after PageDown."""
    app = pilot.app
    page = app.screen.query_one("#corps", VerticalScroll)
    await pilot.press("home")
    seen: list[str] = []
    for _ in range(15):
        await pilot.pause()
        seen += [row.strip() for row in drawn_rows(app)]
        if page.scroll_y >= page.max_scroll_y:
            return " ".join(seen)
        await pilot.press("pagedown")
    raise AssertionError("PageDown never reached the bottom")


async def test_a_projector_plugged_in_mid_question_brings_the_presenter_layout_and_back(tmp_path):
    """80×24 to 200×60 during a question: block letters, big digits (count, timer), tall
    bars; back to 80×24: plain text, the timer on one line, every word still reachable."""
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await new_seance(pilot, 2, "classe", participants="24")
        await pilot.press("3", "down", "1", "7", "t", "t")  # counted, the timer started and paused
        await pilot.pause()
        headline = app.screen.query_one(Headline)
        drawn = "\n".join(drawn_rows(app))
        assert not headline.big and "vouloir dire ?" in drawn and "█" not in drawn
        assert not shown(app.screen.query_one("#nombre")) and "0:30 · Minuteur en pause" in drawn

        await pilot.resize_terminal(200, 30)  # wide, 30 rows: big digits, the question in text
        await pilot.pause()
        assert shown(app.screen.query_one("#nombre")) and not headline.big
        await pilot.resize_terminal(200, 60)  # the height alone grows: block letters
        await pilot.pause()
        drawn = "\n".join(drawn_rows(app))
        assert headline.big and headline.region.height >= 15
        assert "Qu'est-ce que" not in drawn  # the question asked is in block letters
        assert sum("█" in row for row in drawn_rows(app)[: headline.region.bottom]) >= 8
        number = app.screen.query_one("#nombre", Digits)
        assert shown(number) and number.region.height == 3 and str(number.value) == "20"
        assert "réponses" in drawn and "sur 24 participants" in drawn  # beside the big 20
        timer = app.screen.query_one("#minuteur-chiffres", Digits)
        assert timer.region.height == 3 and str(timer.value) == "0:30" and "0:30 ·" not in drawn
        rows, columns = used_area(app)
        assert rows >= 0.5 and columns >= 0.7, (rows, columns)

        await pilot.resize_terminal(80, 24)  # the timer back on one line
        await pilot.pause()
        assert not shown(timer) and "0:30 · Minuteur en pause" in "\n".join(drawn_rows(app))
        await pilot.resize_terminal(200, 60)
        await pilot.pause()

        await pilot.press("r")  # the answers are final: the timer goes
        await pilot.pause()
        bars = [row for row in drawn_rows(app) if "█" in row and "%" in row]
        assert len(bars) == 2 and max(len(row.strip()) for row in bars) >= 100  # 3 and 17 hands
        assert str(number.value) == "71" and not app.screen.query("#minuteur")

        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not headline.big
        assert not shown(number)
        assert all(len(row.rstrip()) <= 80 for row in drawn_rows(app))
        text = await _reachable_words(pilot)
        for word in (
            QUESTION.split()
            + ["Elle", "est", "timide,", "ça", "ne", "regarde", "personne"]
            + [
                "3 · 13 %",
                "17 · 71 %",
                "0 · 0 %",
                "(bonne\u00a0réponse)",
                "20 réponses sur 24",
                "Réponse :",
                "parles-en à un adulte de confiance ou au 3018.",
            ]
        ):
            assert word in text, word
        # the chart follows the width: its bars end within 80 columns with their figures
        figures = [row for row in drawn_rows(app) if "17 · 71 %" in row]
        assert not figures or figures[0].rstrip().endswith("17 · 71 %")

        await pilot.resize_terminal(200, 60)  # and again: the projector back
        await pilot.pause()
        assert headline.big and shown(number) and str(number.value) == "71"


def test_a_long_answer_on_the_reveal_goes_on_under_its_text_not_under_its_number():
    """Walked at 60×20: « parler  (bonne réponse) » started at the margin, under « ✔ 2. »."""
    from rich.console import Console

    from harcelement_kit.tui.widgets.reveal_chart import reveal_chart

    chart = reveal_chart(
        ["Elle est timide", "Elle subit peut-être du harcèlement sans oser en parler"],
        [1],
        {0: 3, 1: 17},
        {},
        {},
        24,
        40,
        console=Console(width=40),
    )
    rows = chart.plain.splitlines()
    first = next(i for i, row in enumerate(rows) if row.startswith("✔ 2. "))
    assert rows[first + 1].startswith("     ") and rows[first + 1].strip()  # under « Elle », not « ✔ »
    assert "(bonne\u00a0réponse)" in "\n".join(rows[first : first + 3])
