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
    await pilot.press("down", "a")                       # Verlaine again: now the last run
    await pilot.pause()
    await leave_confirmed(pilot)


async def _begun_and_left(pilot) -> None:
    await pilot.press("n", "n")                          # the first question: something to keep
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
        await pilot.press("down")                         # the 24-participant séance
        app.screen.query_one("#modules").focus()
        await pilot.pause()
        await pilot.press("a")                            # a module: the first one, already in both
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        text = screen_text(app)
        assert "3 participants" not in text
        assert "Continuer la séance du jour (Collège Verlaine, 24 participants)" in text
        assert "s'y ajoute" not in text                   # the module is already in that séance
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("down", "a")                    # the harcèlomètre: not yet in the séance
        await pilot.pause()
        text = screen_text(app)
        assert "Collège Verlaine, 24 participants" in text
        assert "continuer la séance du jour (le module « Le harcèlomètre » s'y ajoute)" in text


def _visible_lines(widget) -> str:
    """The rows of `widget` as drawn on screen now (its scroll included)."""
    from textual.geometry import Region

    size = widget.size
    return "\n".join("".join(seg.text for seg in strip)
                     for strip in widget.render_lines(Region(0, 0, size.width, size.height)))


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
