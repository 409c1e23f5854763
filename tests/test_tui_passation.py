"""Pupil by pupil: anonymous answers counted one by one, the same end screen for
everyone, and nothing of a pupil left for the next one."""

from __future__ import annotations

import signal
import textwrap

import pytest

from harcelement_kit.tally.store import Store
from harcelement_kit.tui.screens.accueil import AccueilScreen
from harcelement_kit.tui.screens.passation import PassationScreen

from kit_process import run_python
from tui_helpers import TEST_CONTENT, build_app, new_seance, screen_text, stored_counts, stored_seance

SCALE_ONLY = TEST_CONTENT.parent / "contenu-echelle"

PASSATION = "harcelometre.passation"


async def _one_pupil(pilot, answers: list[str]) -> str:
    await pilot.press("enter")  # « Commencer »
    await pilot.pause()
    for answer in answers:
        await pilot.press(answer, "enter")  # chosen, then confirmed
        await pilot.pause()
    return screen_text(pilot.app)


async def test_harcelometre_passation_for_three_pupils(tmp_path):
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await new_seance(pilot, 1, "eleve", participants="3")
        assert isinstance(app.screen, PassationScreen)
        intro = screen_text(app)
        assert "Ce questionnaire est anonyme" in intro and "ne peut prévenir personne pour toi" in intro
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "1/16" in text and "Respecte mes goûts, mes besoins, mes choix" in text
        assert "1. jamais" in text and "4. je ne souhaite pas répondre" in text
        await pilot.press("escape", "o")  # the animateur ends the passation (confirmed)
        await pilot.pause()
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await new_seance(pilot, 1, "eleve", participants="3")
        ends = []
        for pupil_answers in (["1"] * 16, ["3"] * 16, ["4", "2"] * 8):
            ends.append(await _one_pupil(pilot, pupil_answers))
            await pilot.press("enter")  # « Participant suivant »
            await pilot.pause()
            assert "Ce questionnaire est anonyme" in screen_text(app)  # back to the start
        assert ends[0] == ends[1] == ends[2]
        assert "Merci, c'est terminé. Rien n'est enregistré sur toi" in ends[0]
        assert "119" in ends[0] and "graves répercussions" not in ends[0]
        assert " Ce comportement est inacceptable " in ends[0]
        assert "jamais" not in ends[0].split("Merci")[1]  # never the pupil's answers
        await pilot.press("escape", "o")  # back to Accueil, then the results
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        text = screen_text(app)
        assert "Réponses sensibles (harcèlomètre) : elles ne sont jamais affichées" in text
        assert "Les réponses de cette séance sont bien enregistrées." in text
        assert "Aucune réponse comptée" not in text and "%" not in text
    counts = stored_counts(tmp_path)
    item0 = {k[3]: n for k, n in counts.items() if k[:3] == ("harcelometre", PASSATION, 0)}
    assert item0 == {0: 1, 2: 1, 3: 1}
    assert sum(n for k, n in counts.items() if k[1] == PASSATION) == 48
    with Store(tmp_path) as store:
        sensitive = store.conn.execute("SELECT DISTINCT sensitive FROM count_keys").fetchall()
    assert sensitive == [(1,)]


async def test_options_can_be_chosen_with_arrows_and_enter(tmp_path):
    app = build_app(tmp_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await new_seance(pilot, 1, "eleve", participants="1")
        await pilot.press("enter", "enter")  # nothing chosen yet: Entrée records nothing
        await pilot.pause()
        assert "1/16" in screen_text(app)
        await pilot.press("down", "down", "enter")  # the first ↓ chooses the first option
        await pilot.pause()
        assert "2/16" in screen_text(app)
    counts = stored_counts(tmp_path)
    assert counts == {("harcelometre", PASSATION, 0, 1): 1}


async def test_quiz_pupil_by_pupil_shows_the_explanation_but_no_score(tmp_path):
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 30)) as pilot:
        await new_seance(pilot, 2, "eleve", participants="2")
        await pilot.press("enter")
        await pilot.pause()
        for answer in ("2", "1", "1"):  # the opening questions (issue 17): no answer given yet
            await pilot.press(answer, "enter")
            await pilot.pause()
            assert "Ta réponse" in screen_text(app) and "bonne réponse" not in screen_text(app)
            await pilot.press("enter")
            await pilot.pause()
        assert "une élève de ta classe reste seule à la récré" in screen_text(app)
        await pilot.press("1", "enter")
        await pilot.pause()
        text = screen_text(app)
        assert "Ta réponse : Elle est timide, ça ne regarde personne" in text
        assert "La bonne réponse : Elle subit peut-être du harcèlement sans oser en parler." in text
        for _ in range(9):  # the 9 other questions: first option, then continue
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press("1", "enter")
            await pilot.pause()
        await pilot.press("enter")  # the closing questions, the témoin's first
        await pilot.pause()
        await pilot.press("2", "enter")
        await pilot.pause()
        assert "C'est la bonne réponse." in screen_text(app)
        for _ in range(2):
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press("1", "enter")
            await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        end = screen_text(app)
        assert "Merci, c'est terminé !" in end and "bonne" not in end and "/16" not in end
    counts = stored_counts(tmp_path)
    assert counts[("qcm", "victime-silencieuse", 0, 0)] == 1
    assert sum(counts.values()) == 10  # the paired three count « avant » and « après »
    moments = stored_seance(tmp_path).moment_counts
    assert moments[("qcm", "temoin-en-ligne", 0, 1, "avant")] == moments[("qcm", "temoin-en-ligne", 0, 1, "apres")] == 1
    assert sum(moments.values()) == 6


async def test_fill_in_then_sorting_pupil_by_pupil(tmp_path):
    app = build_app(tmp_path, extra_content=True)
    async with app.run_test(size=(80, 30)) as pilot:
        await new_seance(pilot, 3, "eleve", participants="1")
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "Quel mot va dans le trou 1 ?" in text and "1. 3018" in text and "3. payant" in text
        await pilot.press("1", "enter")  # 3018: right
        await pilot.pause()
        await pilot.press("3", "enter")  # payant: wrong
        await pilot.pause()
        text = screen_text(app)
        assert "[1: 3018 ✔]" in text and "[2: payant ✘]" in text
        await pilot.press("enter")  # the sorting item, pupil by pupil
        await pilot.pause()
        assert "Le 3018 est un numéro d'urgence." in screen_text(app)
        await pilot.press("2", "enter")
        await pilot.pause()
        text = screen_text(app)
        assert "Ta réponse : faux" in text and "C'est la bonne réponse." in text
        assert "le 17 ou le 112" in text
    counts = stored_counts(tmp_path)
    assert counts == {
        ("atelier-test", "trous", 0, 0): 1,
        ("atelier-test", "trous", 1, 2): 1,
        ("atelier-test", "vrai-faux", 0, 1): 1,
    }


def test_counts_survive_a_killed_process(tmp_path):
    """The app is killed (SIGKILL) in the middle of a séance: every count entered is kept."""
    script = textwrap.dedent(f"""
        import asyncio, os, signal, sys
        from pathlib import Path
        from tui_helpers import build_app, new_seance

        async def main():
            app = build_app(Path({str(tmp_path)!r}))
            async with app.run_test(size=(80, 24)) as pilot:
                await new_seance(pilot, 0, "classe")
                await pilot.press("n", "n")
                await pilot.pause()
                await pilot.press("7", "down", "1", "5")
                await pilot.pause()
                os.write(1, "compté\\n".encode())  # past Textual's capture of print()
                os.kill(os.getpid(), signal.SIGKILL)

        asyncio.run(main())
    """)
    result = run_python(script, tests_on_path=True)
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert result.stdout == "compté\n"
    counts = stored_counts(tmp_path)
    assert counts == {("cyberharcelement", "situations", 0, 0): 7, ("cyberharcelement", "situations", 0, 1): 15}


async def test_a_module_with_nothing_for_pupils_is_not_offered_pupil_by_pupil(tmp_path):
    app = build_app(tmp_path, extra_content=SCALE_ONLY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "down", "down", "p")  # the fourth module: a scale, no passation
        await pilot.pause()
        assert isinstance(app.screen, AccueilScreen)
        await pilot.press("a")  # in class it runs
        await pilot.pause()
        assert not isinstance(app.screen, AccueilScreen)


async def test_a_pupil_can_stop_the_self_assessment_at_any_question(tmp_path):
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await new_seance(pilot, 1, "eleve", participants="2")
        intro = screen_text(app)
        assert "tu peux arrêter quand tu veux" in intro and "119" in intro
        assert "J'arrête" not in intro  # nothing to stop before starting
        await pilot.press("enter", "2", "enter", "4", "enter")
        await pilot.pause()
        assert "3/16" in screen_text(app) and "a J'arrête" in screen_text(app)
        await pilot.press("a")
        await pilot.pause()
        end = screen_text(app)
        assert "Merci, c'est terminé." in end and "J'arrête" not in end
        await pilot.press("enter")  # the next pupil starts afresh
        await pilot.pause()
        assert "Ce questionnaire est anonyme" in screen_text(app)
    counts = stored_counts(tmp_path)
    assert counts == {("harcelometre", PASSATION, 0, 1): 1, ("harcelometre", PASSATION, 1, 3): 1}


def _in_sight(app, widget) -> bool:
    """Every row of `widget` is on screen and shows it (not scrolled away, not under another)."""
    region = widget.region
    if not all(node.display for node in widget.ancestors_with_self) or not region.height:
        return False
    width, height = app.size
    if region.x < 0 or region.y < 0 or region.right > width or region.bottom > height:
        return False
    return all(app.screen.get_widget_at(region.x + 1, y)[0] is widget for y in range(region.y, region.bottom))


def _way_on(app, label: str):
    """The button that goes on: in sight, right above the helplines, which are in sight too."""
    from textual.widgets import Button

    from harcelement_kit.tui.widgets.helplines import Helplines

    button = app.screen.query_one("#continuer", Button)
    helplines = app.screen.query_one(Helplines)
    assert str(button.label) == label
    assert _in_sight(app, button) and _in_sight(app, helplines)
    assert button.region.bottom <= helplines.region.y
    return button


@pytest.mark.parametrize("size", [(60, 20), (80, 24)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_what_to_press_and_the_helplines_are_in_sight_on_a_small_screen(tmp_path, size):
    """Walked at 60×20: the intro was cut at « parles-en à un », the end text at « ailleurs :
    119 (24 h/24, gratuit). Danger », their buttons under them; at 80×24 the scale began under
    « Participant suivant » with one stray line. The button stays above the helplines, the end
    text comes first, then the scale, which the arrows scroll to."""
    from harcelement_kit.tui.widgets.activities import echelle_text, zone_line

    app = build_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await new_seance(pilot, 1, "eleve", participants="2")
        _way_on(app, "Commencer (Entrée)")
        card = app.screen.query_one("#corps .carte")
        assert app.screen.get_widget_at(card.region.x + 2, card.region.y + 1)[0] is card  # read from its top
        await pilot.press("enter")
        await pilot.pause()
        assert not app.screen.query_one("#continuer").display  # a question waits for its answer
        for _ in range(16):
            await pilot.press("2", "enter")
            await pilot.pause()
        _way_on(app, "Participant suivant (Entrée)")
        end, heading, scale = app.screen.query("#corps > *")
        assert str(end.render()).startswith("Merci, c'est terminé.")
        assert app.screen.get_widget_at(end.region.x + 2, end.region.y + 1)[0] is end  # its first line
        assert str(heading.render()).startswith("Où se place chaque comportement")
        zone = scale.region.y + zone_line(echelle_text(app.screen.scale), app.screen.scale.zones[0], scale.region.width)
        if size == (80, 24):  # the heading and the first zone in sight, under the end text
            assert _in_sight(app, heading)
            assert app.screen.get_widget_at(scale.region.x + 2, zone)[0] is scale
        for _ in range(3):
            await pilot.press("pagedown")  # the arrows and page keys read on
            await pilot.pause()
        assert any(app.screen.get_widget_at(scale.region.x + 2, y)[0] is scale for y in range(size[1]))
        _way_on(app, "Participant suivant (Entrée)")
        await pilot.press("enter", "enter")  # the next pupil, who starts at once
        await pilot.pause()
        assert "1/16" in screen_text(app)


@pytest.mark.parametrize("size", [(60, 20), (80, 24)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_key_to_stop_is_named_where_the_pupil_reads_they_may_stop(tmp_path, size):
    app = build_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await new_seance(pilot, 1, "eleve", participants="2")
        assert "tu peux arrêter quand tu veux.\n(touche a : j'arrête)\nL'ordinateur" in screen_text(app)
        assert "Question précédente" not in screen_text(app)  # nothing before the intro
        await pilot.press("escape", "o")
        await pilot.pause()
        await new_seance(pilot, 2, "eleve", participants="2")  # the quiz: the kit's own introduction
        assert "Tu peux arrêter quand tu veux : touche a (j'arrête)" in screen_text(app)
        _way_on(app, "Commencer (Entrée)")


@pytest.mark.parametrize("size", [(60, 20), (80, 24)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_notice_of_one_pupil_too_many_is_read_whole_with_the_intro(tmp_path, size):
    app = build_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await new_seance(pilot, 1, "eleve", participants="1")
        await pilot.press("enter", "2", "enter", "a", "enter", "enter")  # one pupil, then a second
        await pilot.pause()
        notice = app.screen.query_one("#avis")
        assert str(notice.render()).startswith("La séance compte 1 participant et 1 a déjà fait la passation.")
        assert _in_sight(app, notice)
        button = _way_on(app, "Commencer (Entrée)")
        assert notice.region.bottom <= button.region.y
        card = app.screen.query_one("#corps .carte")
        assert app.screen.get_widget_at(card.region.x + 2, card.region.y + 1)[0] is card  # the intro's top
