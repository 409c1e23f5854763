"""The two séance forms as a new animateur walked them at 80×24: « Nouvelle séance » and
« Modifier la séance ». What is asserted is what the animateur sees (the drawn rows, the
message, the fields' values) and the séance read back from the store."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from harcelement_kit.cli import main
from harcelement_kit.tally.store import Store
from harcelement_kit.tui.screens.accueil import AccueilScreen
from harcelement_kit.tui.screens.modifier import ModifierScreen
from harcelement_kit.tui.screens.seance import SeanceScreen

from tui_helpers import TODAY, build_app, screen_text, stored_seance


def drawn_rows(app) -> list[str]:
    """The screen as drawn, one string per row (the compositor's own strips)."""
    return ["".join(segment.text for segment in strip) for strip in app.screen._compositor.render_strips()]


def recorded(tmp_path, *extra: str) -> None:
    """A séance of the tests' day: 24 participants, 55 min, in a collège."""
    assert (
        main(
            ["--donnees", str(tmp_path), "seance", "ajouter", "--date", TODAY.isoformat(), "--structure", "afev"]
            + ["--action", "atelier", "--lieu", "college", "--participants", "24", "--duree", "55", *extra]
        )
        == 0
    )


async def burst(pilot, *keys: str) -> None:
    """Keys arriving in one read, as tmux send-keys or a fast typist sends them: every key
    posted before any is handled (Pilot.press waits for each key to be handled)."""
    for key in keys:
        character = {"backspace": "\x7f", "ctrl+s": "\x13"}.get(key, key if len(key) == 1 else None)
        pilot.app.post_message(events.Key(key, character))
    await pilot.pause()
    await pilot.pause()


async def test_an_empty_duree_is_non_renseignee_in_both_forms(tmp_path, capsys):
    recorded(tmp_path)
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, ModifierScreen)
        assert "Durée en minutes (facultatif)" in "\n".join(drawn_rows(app))
        await pilot.press("tab")  # to Durée
        assert app.screen.focused.id == "duree_minutes"
        await pilot.press("end", "backspace", "backspace", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, AccueilScreen)
        assert "Séance modifiée : 24 participants, durée non renseignée." in [n.message for n in app._notifications]
        # The new séance's form says the same of its durée: facultative, empty is accepted.
        await pilot.press("a")
        await pilot.pause()
        if not isinstance(app.screen, SeanceScreen):  # the séance of the day: start another one
            await pilot.press("n")
            await pilot.pause()
        assert "Durée en minutes (facultatif)" in screen_text(app)
    capsys.readouterr()
    assert stored_seance(tmp_path).duree_minutes == 0
    assert main(["--donnees", str(tmp_path), "seance", "liste"]) == 0
    row = next(line for line in capsys.readouterr().out.splitlines() if "atelier" in line or "ponctuelle" in line)
    assert "—" in row and " 0 " not in row


def test_the_command_line_says_the_same_of_an_emptied_duree(tmp_path, capsys):
    recorded(tmp_path)
    with Store(tmp_path) as store:
        seance_id = store.seances()[0].id
    capsys.readouterr()
    assert main(["--donnees", str(tmp_path), "seance", "modifier", seance_id[:8], "--duree", ""]) == 0
    assert "modifiée : 24 participants, durée non renseignée." in capsys.readouterr().out


async def test_the_durée_proposed_is_the_modules_then_the_one_typed_for_it(tmp_path):
    app = build_app(tmp_path)  # cyberharcèlement (45 min), harcèlomètre (30 min), quiz
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "a")  # the harcèlomètre
        await pilot.pause()
        assert app.screen.query_one("#duree_minutes", Input).value == "30"
        app.screen.query_one("#structure", Input).value = "Afev"
        app.screen.query_one("#participants", Input).value = "24"
        app.screen.query_one("#duree_minutes", Input).value = "55"  # the real class hour
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, SeanceScreen)
    with Store(tmp_path) as store:
        assert store.seances()[0].duree_minutes == 55
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "p")  # the harcèlomètre again: what was typed for it
        await pilot.pause()
        if not isinstance(app.screen, SeanceScreen):
            await pilot.press("n")
            await pilot.pause()
        assert app.screen.query_one("#duree_minutes", Input).value == "55"
        await pilot.press("escape", "up", "a")  # cyberharcèlement: its own 45 min
        await pilot.pause()
        if not isinstance(app.screen, SeanceScreen):
            await pilot.press("n")
            await pilot.pause()
        assert app.screen.query_one("#duree_minutes", Input).value == "45"


async def test_a_burst_of_keys_in_modifier_is_typed_in_order(tmp_path):
    """« ⌫⌫25 » in one burst: the field reads 25, and 25 participants are stored (the ⌫
    ran after the digits: 24 became 2425, then 24 again)."""
    recorded(tmp_path)
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m")
        await pilot.pause()
        await burst(pilot, "backspace", "backspace", "2", "5")
        assert app.screen.query_one("#participants", Input).value == "25"
        burst_keys = ("tab", "end", "backspace", "backspace", "1", "1", "0", "left", "left", "delete", "2")
        await burst(pilot, *burst_keys, "ctrl+s")  # the keys after Tab go to Durée, Ctrl+S comes last
        assert "Séance modifiée : 25 participants, 120 min." in [n.message for n in app._notifications]
    seance = stored_seance(tmp_path)
    assert (seance.participants, seance.duree_minutes) == (25, 120)


async def test_the_focused_field_is_shown_with_its_label(tmp_path):
    """At 80×24 Modifier la séance opened on a bare « 24 »: its label is drawn above it,
    and so is every field's as Tab goes through the form (at 60×20 too)."""
    recorded(tmp_path, "--etablissement", "Collège Verlaine", "--niveau", "4e")
    for size in ((80, 24), (60, 20)):
        app = build_app(tmp_path)
        async with app.run_test(size=size) as pilot:
            await pilot.press("m")
            await pilot.pause()
            rows = drawn_rows(app)
            labels = [i for i, row in enumerate(rows) if "Nombre de participants (un retardataire" in row]
            assert labels and rows[labels[0] + 1].split()[0] == "24", "\n".join(rows)
            for name in ("Durée en minutes", "Établissement", "Niveau"):
                await pilot.press("tab")
                await pilot.pause()
                assert any(row.strip().startswith(name) for row in drawn_rows(app)), (size, name)


async def test_the_niveau_list_starts_with_cm1(tmp_path):
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#niveau").focus()
        await pilot.press("enter")  # the list opens
        await pilot.pause()
        listed = [row.strip().split("  ")[0] for row in drawn_rows(app)]
        first = next(i for i, row in enumerate(listed) if row.startswith("—"))
        assert listed[first + 1 : first + 5] == ["CM1", "CM2", "école (CM1-CM2)", "6e"]
        await pilot.press("down", "enter")  # CM1
        await pilot.pause()
        app.screen.query_one("#structure", Input).value = "Afev"
        app.screen.query_one("#participants", Input).value = "23"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert stored_seance(tmp_path).niveau == "cm1"


async def test_a_burst_after_the_niveau_list_reaches_the_participants(tmp_path):
    """Walked in tmux: Niveau chosen, then « Tab 2 3 Tab » in one burst left Nombre de
    participants empty (the digits went to the list, which the Tab had not left yet)."""
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#structure", Input).value = "Afev"
        app.screen.query_one("#niveau").focus()
        await pilot.pause()
        await burst(pilot, "tab", "2", "3", "tab", "backspace", "backspace", "5", "0", "ctrl+s")
    seance = stored_seance(tmp_path)
    assert (seance.participants, seance.duree_minutes) == (23, 50)


async def test_the_trial_checkbox_is_read_whole_at_60x20(tmp_path):
    """Walked at 60×20: « …jamais comptée dans le bi », the label cut by the checkbox's width."""
    recorded(tmp_path)
    app = build_app(tmp_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("m")
        await pilot.pause()
        app.screen.query_one("#essai").focus()
        await pilot.pause()
        label = str(app.screen.query_one("#essai").label)
        assert label.startswith("Séance d'essai") and any(label in row for row in drawn_rows(app))
