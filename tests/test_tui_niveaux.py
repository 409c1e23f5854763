"""Accueil filters the modules by school level: « n » goes through the levels."""

from __future__ import annotations

from textual.widgets import OptionList

from harcelement_kit.tui.screens.aide import HELP_TEXT

from tui_helpers import build_app, new_seance, screen_text


def _listed(app) -> list[str]:
    options = app.screen.query_one("#modules", OptionList)
    return [options.get_option_at_index(i).id for i in range(options.option_count)]


async def test_n_cycles_the_level_and_lists_only_its_modules(tmp_path):
    app = build_app(tmp_path, modules=None)
    async with app.run_test(size=(80, 24)) as pilot:
        assert len(_listed(app)) == 8
        text = screen_text(app)
        assert "n Niveau" in text and "Niveau :" not in text  # no filter: no line
        assert "Le harcèlement, parlons-en ! (12 écrans en classe, 40 min, CM1, CM2)" in text
        await pilot.press("n")  # CM1
        await pilot.pause()
        assert _listed(app) == ["ecole"]
        assert "Niveau : CM1 (1 module ; n : niveau suivant)" in screen_text(app)
        assert app.screen.query_one("#niveau").display
        for _ in range(4):  # CM2, 6e, 5e, 4e
            await pilot.press("n")
        await pilot.pause()
        assert "Niveau : 4e (6 modules" in screen_text(app)
        assert "ecole" not in _listed(app) and "parents" not in _listed(app)
        assert "images-intimes" in _listed(app)
        for _ in range(5):  # 3e, 2de, 1re, terminale, adultes
            await pilot.press("n")
        await pilot.pause()
        assert _listed(app) == ["parents"]
        await pilot.press("a")  # the listed module starts
        await pilot.pause()
        assert app.screen.query_one("#structure") is not None
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("n")  # every level again
        await pilot.pause()
        assert len(_listed(app)) == 8
        assert "Niveau : tous les niveaux (8 modules ; n : choisir un niveau)" in screen_text(app)


async def test_a_new_module_animates_from_its_level(tmp_path):
    app = build_app(tmp_path, modules=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "n")  # CM2
        await pilot.pause()
        await new_seance(pilot, "ecole", "classe")
        assert "Qu'est-ce qui te fait du bien quand tu es avec tes camarades ?" in screen_text(app)


def test_help_says_what_n_does():
    assert "n          niveau : tous, puis CM1, CM2, 6e" in HELP_TEXT
