"""French on every screen: plurals (« 1 main », « 1 participant »), keys named as on a
French keyboard, no English from Textual (« esc Dismiss menu »), no repeated title,
and the counts Accueil announces are the screens Animer shows."""

from __future__ import annotations

import re

from textual.widgets import OptionList, Select

from harcelement_kit.tui.widgets.keybar import KeyBar

from tui_helpers import build_app, new_seance, screen_text


async def test_the_keys_of_a_dropdown_are_in_french(tmp_path):
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#action", Select).focus()
        await pilot.press("enter")  # the list opens
        await pilot.pause()
        bar = str(app.screen.query_one(KeyBar).render())
        assert "Échap Fermer la liste" in bar
        assert not re.search(r"\b(esc|Dismiss|menu|Select|enter)\b", bar), bar


async def test_no_repeated_title_and_accueil_counts_the_screens_animer_shows(tmp_path):
    app = build_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        modules = app.screen.query_one("#modules", OptionList)
        line = str(modules.get_option_at_index(1).prompt)
        assert line.startswith("Le harcèlomètre (18 écrans en classe")
        assert "Les élèves" in line and "Tu " not in line  # said to the animateur
        await new_seance(pilot, 1, "classe", participants="1")
        header = str(app.screen.query_one("#entete").render())
        assert header == "Le harcèlomètre — 1/18"
        await pilot.press("n")
        await pilot.pause()
        assert str(app.screen.query_one("#entete").render()) == "Le harcèlomètre — 2/18"
        await pilot.press("g")
        await pilot.pause()
        assert ", 1 participant" in screen_text(app) and "1 participants" not in screen_text(app)


async def test_the_forms_keys_are_named_as_the_help_names_them(tmp_path):
    """Walked: « ^s Commencer », « ^r Supprimer la séance » in the key bar, « Ctrl+S » in F1."""
    app = build_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        bar = str(app.screen.query_one(KeyBar).render())
        assert "Ctrl+S Commencer" in bar and "^" not in bar, bar
