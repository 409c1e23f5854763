"""Animating a module in class: the screens after each key, and the counts in the store."""

from __future__ import annotations

from textual import events

from harcelement_kit.tally.store import Store
from harcelement_kit.tui.screens.animer import AnimerScreen
from harcelement_kit.tui.screens.resultats import ResultatsScreen

from tui_helpers import build_app, new_seance, screen_text, stored_counts, toasts


def victime_silencieuse_hands(*hands: int) -> dict:
    """The store's counts once hands were counted on the QCM's « victime silencieuse »
    question: `hands` per option, in order."""
    return {("qcm", "victime-silencieuse", 0, option): n for option, n in enumerate(hands)}


async def test_new_seance_form_refuses_bad_values_then_starts(tmp_path):
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        text = screen_text(app)
        assert "structure : il manque la structure" in text and "participants : il manque le nombre" in text
        assert app.store.seances() == []
        await pilot.press(*"afev")
        app.screen.query_one("#participants").focus()
        await pilot.press("2", "4", "enter")
        await pilot.pause()
        assert isinstance(app.screen, AnimerScreen)
    with Store(tmp_path) as store:
        [seance] = store.seances()
    assert (seance.structure, seance.participants, seance.modules) == ("afev", 24, ("cyberharcelement",))
    assert seance.date.isoformat() == "2026-03-16"


async def test_form_remembers_the_last_seance(tmp_path):
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await new_seance(pilot, 0, "classe")
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a", "n")  # a new séance, not the one of the day
        await pilot.pause()
        assert app.screen.query_one("#structure").value == "afev"
        assert app.focused.id == "structure"  # the first field, every time (walk, round 3)


async def test_cyberharcelement_in_class_reveal_and_counts(tmp_path):
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await new_seance(pilot, 0, "classe")
        assert "Dis-nous ce que tu sais du cyberharcèlement." in screen_text(app)
        await pilot.press("n")  # the fill-in text
        await pilot.pause()
        text = screen_text(app)
        assert "[1 ________]" in text and "Banque de mots : harcèlement en ligne  ·  Internet" in text
        await pilot.press("r")
        assert "[1: harcèlement en ligne]" in screen_text(app) and "[2 ________]" in screen_text(app)
        await pilot.press("a")
        assert "[5: mentale]" in screen_text(app)
        await pilot.press("n")  # first situation
        await pilot.pause()
        assert "Un élève se fait voler ses affaires" in screen_text(app)
        await pilot.press("3", "down", "2", "1")
        assert "1. oui   [3 mains]" in screen_text(app) and "2. non   [21 mains]" in screen_text(app)
        assert "Réponse" not in screen_text(app)
        await pilot.press("r")
        text = screen_text(app)
        assert "Réponse : non" in text and "pas du cyberharcèlement" in text
        await pilot.press("n", "down", "backspace")  # 4th situation? no: the 2nd, nothing typed
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert "1. oui   [3 mains]" in screen_text(app)  # counts come back from the store
    assert stored_counts(tmp_path) == {
        ("cyberharcelement", "situations", 0, 0): 3,
        ("cyberharcelement", "situations", 0, 1): 21,
    }


async def test_correcting_a_count_rewrites_it(tmp_path):
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await new_seance(pilot, 2, "classe")  # qcm module: first question at once
        await pilot.press("1", "2", "backspace", "5")
        assert "1. Elle est timide, ça ne regarde personne   [15 mains]" in screen_text(app)
        await pilot.press("backspace", "backspace")
        await pilot.pause()
    assert stored_counts(tmp_path) == {}


async def test_no_option_gets_more_hands_than_participants(tmp_path):
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await new_seance(pilot, 2, "classe", participants="24")
        await pilot.press("2", "0", "7")  # 207: the 7 was a slip
        await pilot.pause()
        assert "1. Elle est timide, ça ne regarde personne   [20 mains]" in screen_text(app)
        assert toasts(app) == ["Au plus 24 mains : la séance compte 24 participants (⌫ pour corriger)."]
        await pilot.press("down", "3", "down", "2")  # 20 + 3 + 2 = 25 > 24: the 2 is refused
        await pilot.pause()
        text = screen_text(app)
        assert "2. Elle subit peut-être du harcèlement sans oser en parler   [3 mains]" in text
        assert "3. Elle boude, ça passera tout seul   [2 mains]" not in text
        assert (
            "Au plus 24 réponses en tout : la séance compte 24 participants et 23 réponses sont "
            "déjà comptées sur cette question (⌫ pour corriger)." in toasts(app)
        )
        await pilot.press("1")  # 20 + 3 + 1 = 24: taken
        await pilot.pause()
    assert stored_counts(tmp_path) == victime_silencieuse_hands(20, 3, 1)


async def test_keys_typed_in_one_burst_are_taken_in_order(tmp_path):
    """A slow laptop reads several keys at once: « 1 9 ↓ 7 » is still 19 then 7."""
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await new_seance(pilot, 2, "classe", participants="30")
        for key in ("1", "9", "down", "7", "down", "4", "backspace", "2", "up", "up", "3"):
            app.post_message(events.Key(key, key if key.isdigit() else None))
        await pilot.pause()
        text = screen_text(app)
        assert "1. Elle est timide, ça ne regarde personne   [19 mains]" in text
        assert "2. Elle subit peut-être du harcèlement sans oser en parler   [7 mains]" in text
        assert "3. Elle boude, ça passera tout seul   [2 mains]" in text
    assert stored_counts(tmp_path) == victime_silencieuse_hands(19, 7, 2)


async def test_reflexion_and_info_cards(tmp_path):
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 30)) as pilot:
        await new_seance(pilot, 0, "classe")
        for _ in range(7):
            await pilot.press("n")
            await pilot.pause()
        assert "As-tu déjà été témoin de harcèlement en ligne ?" in screen_text(app)
        await pilot.press("r")
        assert "À retenir : Tu es témoin ? Ne ris pas" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        text = screen_text(app)
        assert "Harceler, c'est interdit par la loi" in text  # the short card first
        assert "Source : Code pénal, art. 222-33-2-2 et 222-33-2-3" in text
        await pilot.press("n")
        await pilot.pause()
        text = screen_text(app)
        assert "jusqu'à 3 ans de prison et 45 000 € d'amende" in text
        assert "Source : Code pénal, art. 222-33-2-3" in text
        for _ in range(3):  # minors, other consequences, the raid
            await pilot.press("n")
            await pilot.pause()
        assert "même un seul message peut faire de toi un harceleur" in screen_text(app)
        await pilot.press("n")  # after the last step: the results
        await pilot.pause()
        assert isinstance(app.screen, ResultatsScreen)
        assert "Aucune réponse comptée" in screen_text(app)


async def test_harcelometre_in_class_hides_the_answers_until_after_the_sort(tmp_path):
    app = build_app(tmp_path)
    async with app.run_test(size=(100, 50)) as pilot:
        await new_seance(pilot, 1, "classe")
        text = screen_text(app)  # the empty gauge: zones, no behaviour
        assert " Ce comportement est sain " in text and " Ce comportement est inacceptable " in text
        assert "Lance des rumeurs sur moi" not in text and "Respecte mes goûts" not in text
        assert "les réponses viennent après" in text
        await pilot.press("r")  # nothing to reveal before the sort
        assert "Lance des rumeurs sur moi" not in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        text = screen_text(app)
        # Card n° 1's behaviour (the printed cards' order, not the ruler's: sain first gave it away)
        assert "Dans quelle zone ? « M'agresse sexuellement »" in text
        assert "Activité sensible" not in text  # a knowledge question: hands are counted
        await pilot.press("2", "0", "down", "4", "r")
        assert "Réponse : Ce comportement est inacceptable" in screen_text(app)
        assert " 20 · 83 %" in screen_text(app)  # the chart: 20 of the 24 participants
        for _ in range(16):  # the sixteen behaviours, then the whole scale
            await pilot.press("n")
            await pilot.pause()
        text = screen_text(app)
        assert "19/19" not in text and "18/18" in text
        assert "Lance des rumeurs sur moi" not in text
        await pilot.press("r")  # zone by zone
        text = screen_text(app)
        assert "Respecte mes goûts" in text and "Lance des rumeurs sur moi" not in text
        await pilot.press("r")
        assert "Lance des rumeurs sur moi" in screen_text(app)
        assert "M'agresse sexuellement" not in screen_text(app)
        await pilot.press("a")
        assert "M'agresse sexuellement" in screen_text(app)
    # Counted under the behaviour's place in the file (item 15), whatever the order shown.
    assert stored_counts(tmp_path) == {
        ("harcelometre", "harcelometre", 15, 0): 20,
        ("harcelometre", "harcelometre", 15, 1): 4,
    }
    with Store(tmp_path) as store:
        assert store.conn.execute("SELECT DISTINCT sensitive FROM count_keys").fetchall() == [(0,)]


async def test_results_screen_draws_bars_of_the_counts(tmp_path):
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 40)) as pilot:
        await new_seance(pilot, 2, "classe")
        await pilot.press("down", "2", "0", "down", "4", "g")
        await pilot.pause()
        text = screen_text(app)
    assert "✔ Elle subit peut-être du harcèlement sans oser en parler" in text
    # 80 columns: bars of 55 cells at most, shares of the answers (83 % is not full width)
    assert "   " + "█" * 46 + " 20 (83 %)" in text and "   " + "█" * 9 + " 4 (17 %)" in text


async def test_every_screen_shows_the_helplines(tmp_path):
    app = build_app(tmp_path)
    async with app.run_test(size=(60, 20)) as pilot:
        assert "3018 : harcèlement, gratuit et anonyme" in screen_text(app)
        await new_seance(pilot, 0, "classe")
        assert "119 : enfant en danger" in screen_text(app)
        await pilot.press("f1")
        await pilot.pause()
        assert "Danger immédiat : 17 ou 112" in screen_text(app) and "Animer en classe" in screen_text(app)


async def test_module_from_a_user_folder_runs_end_to_end(tmp_path):
    app = build_app(tmp_path, extra_content=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await new_seance(pilot, 3, "classe")  # after the three bundled modules
        assert "Atelier d'essai" in screen_text(app)
        await pilot.press("a", "n")
        await pilot.pause()
        await pilot.press("down", "9", "r")
        assert "Réponse : faux" in screen_text(app) and "le 17 ou le 112" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("7", "n")
        await pilot.pause()
        assert "Source : content-facts §1" in screen_text(app)
    assert stored_counts(tmp_path) == {("atelier-test", "vrai-faux", 0, 1): 9, ("atelier-test", "numero", 0, 0): 7}


async def test_every_key_of_animer_is_shown_at_60_columns(tmp_path):
    app = build_app(tmp_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await new_seance(pilot, 2, "classe")
        await pilot.pause()
        from harcelement_kit.tui.widgets.keybar import KeyBar

        bar = str(app.screen.query_one(KeyBar).render())
        lines = bar.split("\n")
        assert all(len(line) <= 58 for line in lines) and len(lines) == 2
        for key in ("n Suite", "r Révéler", "t Minuteur", "g Résultats", "o Téléphones", "Échap Fin", "f1 Aide"):
            assert key in bar, bar


async def test_a_burst_of_refused_digits_shows_one_toast(tmp_path):
    """Seven refused keys gave seven toasts stacked over the question: now one, replaced."""
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await new_seance(pilot, 2, "classe", participants="24")
        await pilot.press("2", "4", "7", "7", "9", "8", "7", "7", "9")
        await pilot.pause()
        assert toasts(app) == ["Au plus 24 mains : la séance compte 24 participants (⌫ pour corriger)."]


async def test_reveal_draws_the_chart_of_the_answers_scaled_to_participants(tmp_path):
    """« r »: bars of hands (+ phones + cards) as shares of the 24 participants, the right
    one marked ✔ and bold, the explanation under it; the bars take the screen's width."""
    from harcelement_kit.tui.widgets.vote import VoteCounter

    app = build_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await new_seance(pilot, 2, "classe", participants="24")
        await pilot.press("3", "down", "1", "7", "down", "1")
        await pilot.pause()
        assert "[1 main]" in screen_text(app) and "[17 mains]" in screen_text(app)
        await pilot.press("r")
        await pilot.pause()
        chart = app.screen.query_one(VoteCounter).render()
        lines = chart.plain.split("\n")
        assert lines[0].startswith("  1. Elle est timide, ça ne regarde personne")
        right = lines.index("✔ 2. Elle subit peut-être du harcèlement sans oser en parler  (bonne\u00a0réponse)")
        bars = [line for line in lines if "█" in line or "░" in line]
        assert [line.count("█") for line in bars] == [round(len(bars[0].split(" ")[3]) * n / 24) for n in (3, 17, 1)]
        assert (
            bars[1].endswith(" 17 · 71 %") and bars[0].endswith(" 3 · 13 %") and bars[2].endswith(" 1 · 4 %")
        )  # 12,5 % rounded half up
        assert len(bars[1]) >= 90  # as wide as the screen allows (100 columns less the margins)
        bold = [span for span in chart.spans if "bold" in str(span.style)]
        assert any(chart.plain[s.start : s.end].startswith("✔ 2.") for s in bold)
        assert "21 réponses sur 24 participants (21 mains) · barres : part des participants" in chart.plain
        assert lines[right + 1].startswith("   ")
        assert "Réponse : Elle subit peut-être du harcèlement sans oser en parler" in screen_text(app)
        assert "On parle de « victime silencieuse »" in screen_text(app)


async def test_the_results_say_their_percentages_are_of_the_answers_as_the_reveal_says_its_are_of_the_participants(
    tmp_path,
):
    """Walked: 83 % on the reveal (of 24 participants), 87 % in Résultats (of 23 answers) for the
    same question, with nothing in Résultats to say why."""
    app = build_app(tmp_path)
    async with app.run_test(size=(100, 50)) as pilot:
        await new_seance(pilot, 2, "classe", participants="24")  # the quiz
        await pilot.press("2", "down", "2", "0", "down", "1", "r")
        await pilot.pause()
        assert "23 réponses sur 24 participants" in screen_text(app)
        assert "barres : part des participants" in screen_text(app)
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, ResultatsScreen)
        text = screen_text(app)
        assert "23 réponses · barres et % : part des réponses" in text
        assert "20 (87 %)" in text
