"""What a new animateur noticed on first use: the F1 keys of Accueil and Élève par élève,
the focus after « Terminer », a séance left without any answer, the Accueil at 60×20."""

from __future__ import annotations

from harcelement_kit.tui.screens.aide import AideScreen

from tui_helpers import build_app, leave_confirmed, new_seance, screen_text, toasts, verlaine_seance


async def test_f1_lists_the_accueil_and_passation_keys(tmp_path):
    app = build_app(tmp_path)
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, AideScreen)
        text = screen_text(app)
    accueil = text.split("Accueil", 1)[1].split("Nouvelle séance")[0]
    assert "Tab        aller aux « Séances du jour »" in accueil
    assert "t          terminer la séance du jour" in accueil
    assert "m          modifier la séance" in accueil
    eleve = text.split("Élève par élève", 1)[1].split("Partout")[0]
    assert "←          question précédente" in eleve
    assert "+          un participant de plus" in eleve
    assert "a          l'élève arrête là" in eleve
    assert "Échap      fin de la passation (demande confirmation)" in eleve
    assert "f : fait sur papier (fiches-réponses AVANT ou APRÈS)" in text  # Animer's before/after


async def test_f1_at_60x20_wraps_each_description_under_itself(tmp_path):
    """Walked at 60×20: a key's description went on at the margin, under the keys."""
    from harcelement_kit.tui.screens.aide import HELP_TEXT, KeyList

    app = build_app(tmp_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        keys = app.screen.query_one(KeyList)
        rows, width = str(keys.render()).splitlines(), keys.content_region.width
    assert width < 60 and all(len(row) <= width for row in rows)  # Textual wraps none of them again
    entries = {line.split(maxsplit=1)[0] for line in HELP_TEXT.splitlines() if line.startswith("  ") and line[2] != " "}
    for row in rows:
        if row.startswith("  ") and row.split(maxsplit=1)[0] not in entries:
            assert row.startswith(" " * 13), row  # a description's next row, under the description
    assert len(rows) > len(HELP_TEXT.splitlines())  # some were wrapped at 60 columns


async def test_after_terminer_the_arrows_move_the_module_list_again(tmp_path):
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await verlaine_seance(pilot, 2)  # quiz: answers at once
        await pilot.press("2", "0")
        await leave_confirmed(pilot)
        await pilot.press("tab")
        await pilot.pause()
        assert app.screen.focused.id == "seances-ouvertes"
        await pilot.press("t", "o")
        await pilot.pause()
        modules = app.screen.query_one("#modules")
        assert app.screen.focused is modules
        before = modules.highlighted
        await pilot.press("up")
        await pilot.pause()
        assert modules.highlighted == before - 1


async def test_tab_goes_between_the_two_lists_only_and_notices_leave_the_helplines_seen(tmp_path):
    """Walked: Tab stopped on Accueil's body, where nothing was highlighted and ↑↓ moved
    nothing; a notice (toast) covered the helplines and the key bar at 80×24."""
    from harcelement_kit.tui.widgets.helplines import Helplines
    from harcelement_kit.tui.widgets.keybar import KeyBar

    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await verlaine_seance(pilot, 2)
        await pilot.press("2", "0")
        await leave_confirmed(pilot)
        focused = []
        for _ in range(4):
            await pilot.press("tab")
            await pilot.pause()
            focused.append(app.screen.focused.id)
        assert focused == ["seances-ouvertes", "modules", "seances-ouvertes", "modules"]
        await pilot.press("t", "o")  # « Séance terminée : … » is said
        await pilot.pause()
        said = app.screen.query("Toast")
        assert said and "Séance terminée" in str(said.first().render())
        kept = [app.screen.query_one(Helplines).region, app.screen.query_one(KeyBar).region]
        assert all(not toast.region.overlaps(region) for toast in said for region in kept)


async def test_the_module_list_takes_the_rows_the_seances_leave(tmp_path):
    """Walked at 80×24: a fixed 40 % showed 2 of the 8 modules above 10 empty rows."""
    app = build_app(tmp_path, modules=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        modules, below = app.screen.query_one("#modules"), app.screen.query_one("#bas")
        assert modules.region.height >= 16 and modules.region.bottom == below.region.y
        assert "Aucune séance enregistrée" in str(app.screen.query_one("#dernieres").render())
        assert below.region.bottom <= app.screen.query_one(".corps").region.bottom  # seen, not scrolled to


async def test_a_seance_left_before_its_first_activity_is_not_counted_one_animated_is(tmp_path, capsys):
    from harcelement_kit.cli import main
    from harcelement_kit.tally.store import Store

    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await verlaine_seance(pilot, 0)  # left on its first screen: not stored
        await pilot.press("escape")
        await pilot.pause()
        assert "Séance non enregistrée : quittée à son premier écran, sans aucune réponse comptée." in toasts(app)
        assert "Collège Verlaine, 26 participants" not in screen_text(app)
        await verlaine_seance(pilot, 0)  # screens gone through, no hand typed: a
        await pilot.press("n", "n", "n")  # class animated without counting met all
        await pilot.pause()  # the same: kept, and counted once
        await leave_confirmed(pilot)
        assert "Collège Verlaine, 26 participants" in screen_text(app)
    with Store(tmp_path) as store:
        assert len(store.seances(include_deleted=True)) == 1
    assert main(["--donnees", str(tmp_path), "bilan"]) == 0
    assert "— 1 séance" in capsys.readouterr().out


async def test_accueil_at_60x20_shows_open_and_last_seances(tmp_path):
    """At 60×20 the modules and the day's open séance are seen, the modules not squeezed out by
    the séances below (walked: an empty frame); from 30 rows the last séances too, without the
    open one listed a second time (walked: the same séances twice)."""
    from harcelement_kit.tally.meeting import update_seance
    from harcelement_kit.tally.store import Store

    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await verlaine_seance(pilot, 2)  # quiz, one answer: then ended (« t »)
        await pilot.press("2", "0")
        await leave_confirmed(pilot)
        await pilot.press("tab", "t", "o")
        await pilot.pause()
        await pilot.press("shift+tab")
        await new_seance(pilot, 0, "classe", participants="18")  # another class, left open
        await pilot.press("n", "2")
        await leave_confirmed(pilot)
    with Store(tmp_path) as store:
        update_seance(store, store.seances()[-1].id, essai=True)  # the first one, ended
    app = build_app(tmp_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        screen = app.screen
        modules, open_list = screen.query_one("#modules"), screen.query_one("#seances-ouvertes")
        body = screen.query_one(".corps").region
        assert modules.region.height >= 5 and open_list.region.height >= 4
        assert modules.region.bottom <= open_list.region.y  # not covered by the séances below
        assert body.contains_region(open_list.region)
        assert not screen.query_one("#dernieres").display  # the day's séance is the one to see here
        await pilot.resize_terminal(100, 30)  # a projector plugged in: the last séances come back
        await pilot.pause()
        assert screen.query_one("#dernieres").display
        assert "(essai)" in str(screen.query_one("#dernieres").render())
    app = build_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = str(app.screen.query_one("#dernieres").render())
        assert "Collège Verlaine · 26 participants · Quiz : harcèlement et cyberharcèlement (essai)" in text
        assert "18 participants" not in text  # the open one, listed just above
        assert "qcm" not in text


async def test_accueil_counts_the_screens_animer_numbers(tmp_path):
    from harcelement_kit.tui.screens.animer import AnimerScreen

    app = build_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        text = screen_text(app)
        assert "Le harcèlomètre (18 écrans en classe, 30 min, " in text
        assert "Qu'est-ce que le cyberharcèlement ? (13 écrans en classe, 45 min, " in text
        await verlaine_seance(pilot, 1)  # the harcèlomètre in class
        assert isinstance(app.screen, AnimerScreen)
        assert "1/18" in screen_text(app)


async def test_the_harcelometre_sort_on_screen_follows_the_cards_not_the_ruler(tmp_path):
    from harcelement_kit.paper.numbering import card_order

    app = build_app(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await verlaine_seance(pilot, 1)
        scale = app.library.modules["harcelometre"].activites[0]
        order = card_order("harcelometre", scale)
        zones = []
        for n in range(3):  # the first three behaviours shown
            await pilot.press("n")
            await pilot.pause()
            text = screen_text(app)
            shown = [i for i, item in enumerate(scale.items) if item.texte in text]
            assert shown == [order[n]]  # card n° n+1 is screen n+1
            zones.append(scale.items[shown[0]].zone)
        assert zones != ["sain", "sain", "sain"]  # not the ruler's order any more
