"""One séance = one class meeting, as the animateur lives it: several modules continued in
the same séance, Échap confirmed, resumed at the same step (also after a restart), corrected
from the UI, and counted once in the bilan. Counts are read back from the store."""

from __future__ import annotations

from textual import events

from harcelement_kit.cli import main
from harcelement_kit.tally.store import Store
from harcelement_kit.tui.screens.accueil import AccueilScreen
from harcelement_kit.tui.screens.animer import AnimerScreen
from harcelement_kit.tui.screens.confirm import ChoiceScreen, ConfirmScreen
from harcelement_kit.tui.screens.modifier import ModifierScreen
from harcelement_kit.tui.screens.passation import PassationScreen

from tui_helpers import build_app, leave_confirmed, screen_text, stored_counts, verlaine_seance

PASSATION = "harcelometre.passation"


async def first_pupil_answers_the_harcelometre(pilot, participants: str) -> None:
    """From Accueil: a passation of the harcèlomètre (16 behaviours) for `participants`,
    its first pupil placing every behaviour in the first zone, up to the end screen."""
    await verlaine_seance(pilot, 1, mode="eleve", participants=participants)
    await pilot.press("enter")
    for _ in range(16):
        await pilot.press("1", "enter")


async def _open_list(pilot) -> None:
    pilot.app.screen.query_one("#seances-ouvertes").focus()
    await pilot.pause()


async def test_three_modules_in_one_seance_count_one_atelier(tmp_path, capsys):
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await verlaine_seance(pilot, 0)  # cyber-harcèlement
        await pilot.press("n", "n")
        await pilot.pause()
        await pilot.press("3", "down", "2", "0")
        await leave_confirmed(pilot)
        assert "Collège Verlaine, 26 participants · Qu'est-ce que le cyberharcèlement ?" in screen_text(app)
        app.screen.query_one("#modules").focus()
        await pilot.press("down", "a")  # the harcèlomètre
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        assert (
            "Continuer la séance du jour (Collège Verlaine, 26 participants) ou en commencer une nouvelle ?"
        ) in screen_text(app)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, AnimerScreen) and app.screen.module.id == "harcelometre"
        await pilot.press("n")
        await pilot.pause()
        await leave_confirmed(pilot)
        app.screen.query_one("#modules").focus()
        await pilot.press("down", "a", "enter")  # the quiz: Entrée continues too
        await pilot.pause()
        assert app.screen.module.id == "qcm"
        await pilot.press("2", "0", "down", "6")
        await pilot.pause()
        await leave_confirmed(pilot)
    with Store(tmp_path) as store:
        [seance] = store.seances()
    assert seance.modules == ("cyberharcelement", "harcelometre", "qcm")
    assert (seance.participants, seance.etablissement, seance.structure) == (26, "Collège Verlaine", "afev")
    assert seance.counts == {
        ("cyberharcelement", "situations", 0, 0): 3,
        ("cyberharcelement", "situations", 0, 1): 20,
        ("qcm", "victime-silencieuse", 0, 0): 20,
        ("qcm", "victime-silencieuse", 0, 1): 6,
    }
    assert main(["--donnees", str(tmp_path), "bilan"]) == 0
    out = capsys.readouterr().out
    assert "— structures : Afev — 1 séance" in out
    assert "1 animation ponctuelle réalisée sous forme d'atelier ludique : 1 en collège — 26 bénéficiaires" in out


async def test_resume_after_escape_and_after_a_restart_same_step_same_counts(tmp_path):
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await verlaine_seance(pilot, 0)
        await pilot.press("n", "n")
        await pilot.pause()
        await pilot.press("7", "down", "1", "5")
        await pilot.press("escape")
        await pilot.pause()
        assert "La séance reste ouverte" in screen_text(app)
        await pilot.press("n")  # no: the animation goes on
        await pilot.pause()
        assert isinstance(app.screen, AnimerScreen)
        await leave_confirmed(pilot)
        await _open_list(pilot)
        await pilot.press("a")
        await pilot.pause()
        text = screen_text(app)
        assert "3/13" in text and "1. oui   [7 mains]" in text and "2. non   [15 mains]" in text
        await pilot.press("ctrl+q")
    app = build_app(tmp_path)  # the laptop restarted
    async with app.run_test(size=(80, 24)) as pilot:
        assert "Collège Verlaine, 26 participants · Qu'est-ce que le cyberharcèlement ?" in screen_text(app)
        await _open_list(pilot)
        await pilot.press("a")
        await pilot.pause()
        text = screen_text(app)
        assert "3/13" in text and "1. oui   [7 mains]" in text and "2. non   [15 mains]" in text
        await leave_confirmed(pilot)
        await _open_list(pilot)
        await pilot.press("t", "o")  # Terminer la séance
        await pilot.pause()
        assert [n.message for n in app._notifications][-1] == (  # the modules by their titles
            "Séance terminée : Collège Verlaine, 26 participants, modules : Qu'est-ce que le cyberharcèlement ?"
        )
        assert "Collège Verlaine, 26 participants ·" not in screen_text(app)
        await pilot.press("a")  # a module now makes a new séance
        await pilot.pause()
        assert app.screen.query_one("#participants") is not None
    assert stored_counts(tmp_path) == {
        ("cyberharcelement", "situations", 0, 0): 7,
        ("cyberharcelement", "situations", 0, 1): 15,
    }


async def test_a_latecomer_essai_and_delete_from_the_ui(tmp_path, capsys):
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await verlaine_seance(pilot, 2)  # quiz, first question at once
        await pilot.press("2", "6")
        await pilot.press("down", "1")  # 26 + 1 > 26: refused
        await pilot.pause()
        assert "2. Elle subit peut-être du harcèlement sans oser en parler   [  mains]" in screen_text(app)
        await leave_confirmed(pilot)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, ModifierScreen)
        await pilot.press("backspace", "backspace", "2", "7", "ctrl+s")  # a latecomer
        await pilot.pause()
        assert isinstance(app.screen, AccueilScreen)
        assert "Collège Verlaine, 27 participants" in screen_text(app)
        await _open_list(pilot)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("down", "1")  # now 27: taken
        await pilot.pause()
        assert "[1 main]" in screen_text(app)
        await leave_confirmed(pilot)
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("backspace", "backspace", "9", "ctrl+s")  # fewer than the answers
        await pilot.pause()
        assert "une question a déjà 27 réponses" in screen_text(app)
        app.screen.query_one("#participants").value = "27"
        app.screen.query_one("#essai").value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
    with Store(tmp_path) as store:
        [seance] = store.seances()
    assert (seance.participants, seance.essai) == (27, True)
    assert main(["--donnees", str(tmp_path), "seance", "liste"]) == 0
    assert "(essai)" in capsys.readouterr().out
    assert main(["--donnees", str(tmp_path), "bilan"]) == 0
    assert "0 séance" in capsys.readouterr().out
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m", "ctrl+r")
        await pilot.pause()
        assert "Supprimer cette séance" in screen_text(app)
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, AccueilScreen)
    with Store(tmp_path) as store:
        assert store.seances() == [] and store.seances(include_deleted=True)[0].deleted


async def test_a_seance_left_before_anything_is_not_stored(tmp_path):
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await verlaine_seance(pilot, 0)
        assert "1/13" in screen_text(app)  # its first screen is open: « aucune activité commencée » was untrue
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, AccueilScreen)
        assert "aucune activité" not in " ".join(n.message for n in app._notifications)
        assert "Séance non enregistrée : quittée à son premier écran, sans aucune réponse comptée." in [
            n.message for n in app._notifications
        ]
        await verlaine_seance(pilot, 1, mode="eleve")
        await pilot.press("escape")
        await pilot.pause()
        assert "Séance non enregistrée : aucun élève n'a commencé." in [n.message for n in app._notifications]
    with Store(tmp_path) as store:
        assert store.seances(include_deleted=True) == []


async def test_zero_participants_is_refused_in_the_form(tmp_path):
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await verlaine_seance(pilot, 0, participants="0")
        assert "participants : 0, il faut au moins 1 participant" in screen_text(app)
    with Store(tmp_path) as store:
        assert store.seances() == []


async def test_passation_over_the_participants_is_refused_then_allowed_after_raising(tmp_path):
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await first_pupil_answers_the_harcelometre(pilot, participants="1")
        await pilot.press("enter")  # participant suivant
        await pilot.pause()
        await pilot.press("enter")  # a second pupil: 1 participant only
        await pilot.pause()
        assert "Ce questionnaire est anonyme" in screen_text(app)
        # Below 30 rows a toast would cover the helplines: the notice is a line of the page.
        assert "La séance compte 1 participant et 1 a déjà fait la passation." in screen_text(app)
        assert not app.screen.query("Toast") and app.screen.query_one("#avis").has_class("-alerte")
        await pilot.press("plus")
        await pilot.pause()
        assert "Ajouter un participant à la séance ? Elle en compte 1." in screen_text(app)
        await pilot.press("o")
        await pilot.pause()
        assert "La séance compte maintenant 2 participants." in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert "1/16" in screen_text(app)
        await pilot.press("2", "enter")
        await pilot.pause()
    with Store(tmp_path) as store:
        assert store.seances()[0].participants == 2
    counts = stored_counts(tmp_path)
    assert {k[3]: n for k, n in counts.items() if k[:3] == ("harcelometre", PASSATION, 0)} == {0: 1, 1: 1}


async def test_on_a_tall_screen_the_passation_refusal_is_a_warning_toast(tmp_path):
    app = build_app(tmp_path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await first_pupil_answers_the_harcelometre(pilot, participants="1")
        await pilot.press("enter", "enter")
        await pilot.pause()
        warnings = [n for n in app._notifications if n.severity == "warning"]
        assert [n.message.split(".")[0] for n in warnings] == [
            "La séance compte 1 participant et 1 a déjà fait la passation"
        ]


async def test_a_burst_of_digits_records_at_most_one_answer_and_back_changes_it(tmp_path):
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await verlaine_seance(pilot, 1, mode="eleve", participants="3")
        await pilot.press("enter")
        await pilot.pause()
        for key in "31423142":  # a pupil drums on the digits
            app.post_message(events.Key(key, key))
        await pilot.pause()
        assert "1/16" in screen_text(app) and stored_counts(tmp_path) == {}
        await pilot.press("enter")  # confirms the last one chosen: « 2 »
        await pilot.pause()
        assert "2/16" in screen_text(app)
        assert stored_counts(tmp_path) == {("harcelometre", PASSATION, 0, 1): 1}
        await pilot.press("3", "enter")
        await pilot.pause()
        await pilot.press("left")  # back to item 2: its answer is taken back
        await pilot.pause()
        assert "2/16" in screen_text(app)
        assert app.screen.query_one("#choix").highlighted == 2
        await pilot.press("left")  # and to item 1
        await pilot.pause()
        assert "1/16" in screen_text(app) and stored_counts(tmp_path) == {}
        await pilot.press("4", "enter", "1", "enter")
        await pilot.pause()
        assert "3/16" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)  # a pupil's Échap asks the animateur
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PassationScreen)
    assert stored_counts(tmp_path) == {("harcelometre", PASSATION, 0, 3): 1, ("harcelometre", PASSATION, 1, 0): 1}


async def test_back_in_a_quiz_changes_the_answer(tmp_path):
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 30)) as pilot:
        await verlaine_seance(pilot, 2, mode="eleve", participants="2")
        await pilot.press("enter")
        for _ in range(3):  # the opening questions (issue 17)
            await pilot.press("1", "enter", "enter")
        await pilot.press("1", "enter")
        await pilot.pause()
        assert "Ta réponse : Elle est timide, ça ne regarde personne" in screen_text(app)
        await pilot.press("left")
        await pilot.pause()
        assert "Ta réponse" not in screen_text(app)
        await pilot.press("2", "enter")
        await pilot.pause()
        assert "C'est la bonne réponse." in screen_text(app)
    assert stored_counts(tmp_path) == {("qcm", "victime-silencieuse", 0, 1): 1}


async def test_each_pupil_starts_from_the_top_of_a_clean_screen(tmp_path):
    app = build_app(tmp_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await first_pupil_answers_the_harcelometre(pilot, participants="3")
        await pilot.pause()
        body = app.screen.query_one("#corps")
        body.scroll_end(animate=False)
        await pilot.pause()
        assert body.scroll_y > 0  # the end screen is long at 60×20
        await pilot.press("enter")  # participant suivant
        await pilot.pause()
        assert app.screen.query_one("#corps").scroll_y == 0
        assert "Ce questionnaire est anonyme" in screen_text(app)


async def test_phones_and_hands_together_never_exceed_the_participants():
    from textual.app import App

    from harcelement_kit.tui.widgets.vote import VoteCounter

    class One(App):
        def compose(self):
            yield VoteCounter(["oui", "non"], [1], {}, phones={0: 2, 1: 20}, most=24, single=True)

    app = One()
    async with app.run_test(size=(60, 12)) as pilot:
        vote = app.query_one(VoteCounter)
        vote.focus()
        await pilot.press("3")  # 3 + 22 phones > 24: refused
        await pilot.pause()
        assert (
            vote.counts == {} and "22 réponses sont déjà comptées" in app._notifications.__iter__().__next__().message
        )
        await pilot.press("2")  # 2 + 22 = 24: taken
        await pilot.pause()
        assert vote.counts == {0: 2}
