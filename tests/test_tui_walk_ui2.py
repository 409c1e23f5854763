"""What a new animateur met on a first walk (round 3): which open séance « a » continues,
the form's first field, the way back after the closing questionnaire, words an animateur
knows, and notices that never hide the helplines at 60×20. Read back from the screen."""

from __future__ import annotations

from textual.widgets import OptionList

from harcelement_kit.tui.screens.accueil import AccueilScreen
from harcelement_kit.tui.screens.confirm import ChoiceScreen

from tui_helpers import build_app, leave_confirmed, new_seance, screen_text, verlaine_seance


async def _two_open_seances(pilot) -> None:
    """Collège Verlaine (3 participants) and another class (24), Verlaine run last."""
    await verlaine_seance(pilot, 0, participants="3")
    await _begun_and_left(pilot)
    pilot.app.screen.query_one("#modules").focus()
    await new_seance(pilot, 0, "classe", participants="24")
    await _begun_and_left(pilot)
    pilot.app.screen.query_one("#seances-ouvertes").focus()
    await pilot.press("down", "a")  # Verlaine again: now the last run
    await pilot.pause()
    await leave_confirmed(pilot)


async def _begun_and_left(pilot) -> None:
    await pilot.press("n", "n")  # the first question: something to keep
    await pilot.pause()
    await leave_confirmed(pilot)


async def test_a_on_a_module_continues_the_seance_highlighted_in_the_list(tmp_path):
    app = build_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await _two_open_seances(pilot)
        open_list = app.screen.query_one("#seances-ouvertes", OptionList)
        # back from Verlaine: the séance just run is the one highlighted
        assert "Verlaine" in str(open_list.get_option_at_index(open_list.highlighted).prompt)
        open_list.focus()
        await pilot.press("down")  # the 24-participant séance
        app.screen.query_one("#modules").focus()
        await pilot.pause()
        await pilot.press("a")  # a module: the first one, already in both
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        text = screen_text(app)
        assert "3 participants" not in text
        assert "Continuer la séance du jour (Collège Verlaine, 24 participants)" in text
        assert "s'y ajoute" not in text  # the module is already in that séance
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("down", "a")  # the harcèlomètre: not yet in the séance
        await pilot.pause()
        text = screen_text(app)
        assert "Collège Verlaine, 24 participants" in text
        assert "continuer la séance du jour (le module « Le harcèlomètre » s'y ajoute)" in text


def _visible_lines(widget) -> str:
    """The rows of `widget` as drawn on screen now (its scroll included)."""
    from textual.geometry import Region

    size = widget.region.size  # padding and border included
    return "\n".join(
        "".join(seg.text for seg in strip) for strip in widget.render_lines(Region(0, 0, size.width, size.height))
    )


async def test_the_highlighted_module_stays_in_view_after_a_seance_and_a_resize(tmp_path):
    app = build_app(tmp_path, modules=None)
    async with app.run_test(size=(100, 30)) as pilot:
        modules = app.screen.query_one("#modules", OptionList)
        for _ in range(5):
            await pilot.press("down")
        title = app.library.modules[modules.get_option_at_index(5).id].titre
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        await pilot.pause()
        assert title.split()[0] in _visible_lines(modules)
        await verlaine_seance(pilot, 0)
        await _begun_and_left(pilot)
        await pilot.pause()
        assert isinstance(app.screen, AccueilScreen) and modules.highlighted == 5
        assert title.split()[0] in _visible_lines(modules)


def _contrast(a, b) -> float:
    """WCAG contrast ratio of two rich colours."""

    def lum(colour) -> float:
        r, g, b = (c / 255 for c in colour.get_truecolor())
        r, g, b = ((c / 12.92) if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((lum(a), lum(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _drawn_row(widget, blanks: bool = False):
    """The segments of the widget's first row, as drawn (background and colour included)."""
    from textual.geometry import Region

    [strip] = widget.render_lines(Region(0, 0, widget.size.width, 1))
    return [seg for seg in strip if blanks or seg.text.strip()]


async def test_the_second_form_starts_on_the_first_field_and_the_focus_is_seen(tmp_path):
    from textual.widgets import Input, Select
    from textual.widgets._select import SelectCurrent

    app = build_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await verlaine_seance(pilot, 0, participants="3")
        await _begun_and_left(pilot)
        app.screen.query_one("#modules").focus()
        await pilot.press("a", "n")  # another class: the form again
        await pilot.pause()
        assert app.screen.query_one("#structure", Input).value == "Afev"  # remembered
        assert app.focused.id == "structure"  # yet the cursor is on the first field
        await pilot.press("tab")  # Type d'action, a drop-down
        await pilot.pause()
        assert isinstance(app.focused, Select) and app.focused.id == "action"
        drawn = _drawn_row(app.focused.query_one(SelectCurrent).query_one("#label"))
        assert "".join(seg.text for seg in drawn).strip() == "animation ponctuelle (atelier)"
        for seg in drawn:
            red, green, blue = seg.style.bgcolor.get_truecolor()
            assert red > 240 and green > 200 and blue < 40  # yellow, not grey on black
            assert _contrast(seg.style.color, seg.style.bgcolor) >= 7
        lieu = app.screen.query_one("#lieu", Select).query_one(SelectCurrent).query_one("#label")
        assert {seg.style.bgcolor.get_truecolor() for seg in _drawn_row(lieu)} == {(0x26, 0x26, 0x26)}
        label = app.focused.parent.query_one("Label")
        assert _drawn_row(label)[0].style.color.get_truecolor() == (0xFF, 0xD6, 0x00)
        await pilot.press("shift+tab")  # back on Structure: its label yellow again
        await pilot.pause()
        assert _drawn_row(label)[0].style.color.get_truecolor() != (0xFF, 0xD6, 0x00)
        structure = app.screen.query_one("#structure", Input)
        assert {seg.style.bgcolor.get_truecolor() for seg in _drawn_row(structure, blanks=True)} >= {(0xFF, 0xD6, 0x00)}


async def test_help_and_notices_say_it_in_an_animateur_s_words(tmp_path):
    import re

    app = build_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        text = screen_text(app)
        assert "les questions posées avant et après l'atelier, seules" in text
        assert "modifier la séance (établissement, participants, durée, niveau)" in text
        # no YAML key or activity type, no unfinished list
        assert not re.search(r"avant_apres|retrospectif|echelle|texte_a_trous|\btri\b|\.\.\.", text)
        await pilot.press("escape")
        await pilot.pause()
        await verlaine_seance(pilot, 1)  # the harcèlomètre: no question asked twice
        await pilot.press("v")
        await pilot.pause()
        said = [n.message for n in app._notifications][-1]
        assert said == "Ce module n'a pas de question posée avant et après l'atelier."


async def test_back_from_the_results_after_the_closing_questionnaire_is_where_it_was_left(tmp_path):
    from harcelement_kit.tui.screens.animer import AnimerScreen
    from harcelement_kit.tui.screens.resultats import ResultatsScreen

    async def closing_questionnaire_end_is_shown() -> None:
        assert isinstance(app.screen, AnimerScreen)
        text = screen_text(app)
        assert "Questionnaire de fin (après) — 3/3" in text
        assert "Réponse :" in text  # answered and revealed, as it was left

    app = build_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await new_seance(pilot, "qcm", "classe", participants="24")
        screen = app.screen
        await pilot.press("v")  # the opening questionnaire
        for _ in range(3):
            await pilot.press("8", "n")
            await pilot.pause()
        while screen.moment != "apres":  # the workshop, up to its closing questionnaire
            await pilot.press("n")
            await pilot.pause()
        for _ in range(3):
            await pilot.press("2", "0", "r")
            await pilot.pause()
            await pilot.press("n")
            await pilot.pause()
        assert isinstance(app.screen, ResultatsScreen)  # the end of the workshop: its results
        await pilot.press("escape")
        await pilot.pause()
        await closing_questionnaire_end_is_shown()
        await leave_confirmed(pilot)
        app.screen.query_one("#seances-ouvertes").focus()
        await pilot.press("a")  # resumed the same day
        await pilot.pause()
        await pilot.pause()
        await closing_questionnaire_end_is_shown()
        await pilot.press("ctrl+q")
    app = build_app(tmp_path)  # and after a restart
    async with app.run_test(size=(100, 30)) as pilot:
        app.screen.query_one("#seances-ouvertes").focus()
        await pilot.press("a")
        await pilot.pause()
        await pilot.pause()
        await closing_questionnaire_end_is_shown()
        await pilot.press("v")  # and back into the module from there
        await pilot.pause()
        assert app.screen.moment == "" and "Questionnaire de fin" not in screen_text(app)


async def test_at_60x20_a_notice_is_a_line_of_the_page_and_the_helplines_stay_seen(tmp_path):
    from textual.widgets import Static

    from tui_helpers import toasts

    app = build_app(tmp_path)
    async with app.run_test(size=(60, 20), notifications=True) as pilot:
        await new_seance(pilot, "qcm", "classe", participants="24")
        await pilot.press("v")
        await pilot.pause()
        assert toasts(app) == []  # nothing over the helplines and the keys
        notice = app.screen.query_one("#avis", Static)
        assert str(notice.render()) == "Questionnaire d'ouverture : réponses comptées « avant »."
        helplines = app.screen.query_one("Helplines")
        keys = app.screen.query_one("KeyBar")
        # the notice sits above the helplines, which keep their rows, and the keys theirs
        assert notice.region.bottom <= helplines.region.y and helplines.region.bottom <= keys.region.y
        assert keys.region.bottom <= 20 and "3018" in _visible_lines(helplines)
        await pilot.press("8", "r")  # the answer waits for the end: said in the page
        await pilot.pause()
        assert toasts(app) == [] and "la réponse sera donnée" in str(notice.render())
        await pilot.press("n")  # the next question: the notice goes
        await pilot.pause()
        assert not notice.display


async def test_at_60x20_a_long_answer_wraps_under_its_own_text(tmp_path):
    import re

    from harcelement_kit.tui.widgets.vote import VoteCounter

    app = build_app(tmp_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await new_seance(pilot, "qcm", "classe", participants="24")
        while app.screen.step.activity.id != "temoin-en-ligne":
            await pilot.press("n")
            await pilot.pause()
        await pilot.press("down", "down", "1", "5")  # « Répondre aux harceleurs… »: 15 hands
        await pilot.pause()
        rows = [row for row in _visible_lines(app.screen.query_one(VoteCounter)).splitlines() if row.strip()]
        options = [i for i, row in enumerate(rows) if re.match(r"^ [▶✔ ] \d\. ", row)]
        assert len(options) == 3
        continued = [
            row
            for i, row in enumerate(rows[: options[-1] + 3])
            if i not in options and not row.strip().startswith("↑↓")
        ]
        assert continued, "at 60 columns the long answers take two rows"
        for row in continued:  # under the answer's text, not under « 3. »
            assert row.startswith(" " * 6) and not row.startswith(" " * 7), row
        third = rows[options[2] : options[2] + 2]
        assert third[0].startswith(" ▶ 3. Répondre aux harceleurs") and third[1].strip() == "[15 mains]"
