"""Before / after on the screens (issue 17): Résultats shows both moments side by side,
a retrospective item is kept out of sight in Animer, pupil-by-pupil passation gets the
opening and closing questionnaires, and a paired item is asked twice, not three times.
Everything is read back from the screen or from the store."""

from __future__ import annotations

from harcelement_kit.tally.store import Store

from conftest import DATA
from tui_helpers import build_app, new_seance, screen_text, stored_seance

RETRO = DATA / "contenu-avant-apres"
NB = "\u00a0"
TEMOIN = "Que faire si tu vois quelqu'un se faire harceler sur Internet ou les réseaux sociaux ?"
NUMERO = "Quel numéro unique appeler pour le harcèlement à l'école ou en ligne ?"


async def test_resultats_shows_avant_and_apres_side_by_side(tmp_path):
    app = build_app(tmp_path, extra_content=RETRO)
    async with app.run_test(size=(110, 50)) as pilot:
        await new_seance(pilot, "qcm", "classe", participants="24")
        seance = app.screen.seance_id
        store = app.store
        store.add_counts(seance, "qcm", "temoin-en-ligne", 0, [6, 14, 4], moment="avant")
        store.add_counts(seance, "qcm", "temoin-en-ligne", 0, [1, 21, 2], moment="apres")
        store.add_counts(seance, "qcm", "numero-unique", 0, [12, 8, 4], moment="avant")  # no après yet
        store.add_counts(seance, "qcm", "raid", 0, [3, 4, 0])  # an ordinary item
        await pilot.press("g")
        await pilot.pause()
        text = screen_text(app)
    assert "Résultats — Quiz" in text
    # the share of right answers at each moment, with its n, then each option's two bars
    assert "avant : 58 % de bonnes réponses (24 réponses)  →  après : 88 % (24 réponses)" in text
    lines = text.splitlines()
    start = lines.index("✔ Signaler le comportement à la plateforme et soutenir la victime")
    assert lines[start + 1].startswith("   avant ") and lines[start + 1].endswith(" 14 (58 %)")
    assert lines[start + 2].startswith("   après ") and lines[start + 2].endswith(" 21 (88 %)")
    assert "avant : 50 % de bonnes réponses (24 réponses)  →  après : — (0 réponse)" in text
    assert "█" in lines[start + 1] and lines[start + 2].count("█") > lines[start + 1].count("█")
    assert text.count(TEMOIN) == 1  # one block per question, not one per moment


async def test_resultats_names_a_retrospective_item_and_never_draws_it(tmp_path):
    app = build_app(tmp_path, extra_content=RETRO)
    async with app.run_test(size=(110, 40)) as pilot:
        await new_seance(pilot, "retro", "classe", participants="24")
        app.store.add_counts(
            app.screen.seance_id, "retro", "savoir-agir", 0, [5, 10, 9], sensitive=True, moment="retrospectif"
        )
        await pilot.press("g")
        await pilot.pause()
        text = screen_text(app)
    assert "Savoir quoi faire face au harcèlement — question rétrospective (posée à la fin" in text
    assert "jamais affichées" in text
    assert "█" not in text and "(42 %)" not in text and "10" not in text.split("rétrospective")[1]


async def test_a_retrospective_item_shows_no_hands_live_but_phones_still_count_it(tmp_path):
    from harcelement_kit.content.questions import live_questions
    from harcelement_kit.live.room import LiveRoom

    app = build_app(tmp_path, extra_content=RETRO)
    async with app.run_test(size=(110, 40)) as pilot:
        await new_seance(pilot, "retro", "classe", participants="24")
        screen = app.screen
        text = screen_text(app)
        assert "Avant l'atelier, je savais quoi faire" in text
        assert "Question rétrospective (auto-évaluation) : pas de mains levées" in text
        assert not app.screen.query("#nombre")  # no big number of answers, no share of right ones
        await pilot.press("5", "down", "9", "r")  # typed hands are not taken, the reveal shows no bars
        await pilot.pause()
        assert "█" not in screen_text(app) and "%" not in screen_text(app)
        module, seance = screen.module, screen.seance_id
        room = LiveRoom(app.store, seance, module, [])
        question = room.questions[room.index_of("savoir-agir", 0)]
        assert question.sensitive and all(q.sensitive for q in live_questions(module))
        room._record(question, [4, 12, 8])  # the phones' answers, at the end of the workshop
    s = stored_seance(tmp_path)
    assert s.counts == {}
    assert s.moment_counts == {
        ("retro", "savoir-agir", 0, 0, "retrospectif"): 4,
        ("retro", "savoir-agir", 0, 1, "retrospectif"): 12,
        ("retro", "savoir-agir", 0, 2, "retrospectif"): 8,
    }
    assert ("retro", "savoir-agir") in s.sensitive  # the bilan's sensitive rule applies


async def _pupil(pilot, before: str, after: str, middle: str = "1") -> list[str]:
    """One pupil through the whole qcm: `before` on the opening questions, `after` on the
    closing ones, `middle` on the others; the texts shown after each answer."""
    screen = pilot.app.screen
    await pilot.press("enter")  # « Commencer »
    await pilot.pause()
    shown = []
    while screen.phase == "question":
        moment = screen.moments[screen.index]
        if screen._awaiting_choice():
            await pilot.press({"avant": before, "apres": after}.get(moment, middle), "enter")
            await pilot.pause()
            shown.append((moment, screen.steps[screen.index].activity.id, screen_text(pilot.app)))
        await pilot.press("enter")  # « Continuer »
        await pilot.pause()
    return shown


async def test_pupil_by_pupil_opens_and_closes_with_the_paired_items(tmp_path):
    app = build_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await new_seance(pilot, "qcm", "eleve", participants="3")
        screen = app.screen
        assert "posées au début, puis de nouveau à la fin" in screen_text(app)
        paired = [s.activity.id for s in screen.steps if s.activity.avant_apres]
        assert paired == ["temoin-en-ligne", "uniquement-ecole", "numero-unique"] * 2  # start and end only
        shown = await _pupil(pilot, before="3", after="1")
        assert "Merci, c'est terminé" in screen_text(app)
        await pilot.press("enter")  # « Participant suivant »
        await pilot.pause()
        await _pupil(pilot, before="1", after="1")
    first = [text for moment, _, text in shown if moment == "avant"][0]
    assert "(questions du début)" in first and "la réponse sera donnée à ce moment-là" in first
    assert "La bonne réponse" not in first and "C'est la bonne réponse" not in first
    last = [text for moment, activity, text in shown if moment == "apres" and activity == "numero-unique"][0]
    assert "(questions de fin)" in last and "C'est la bonne réponse" in last  # 1 = le 3018
    s = stored_seance(tmp_path)
    # two pupils: the opening counted « avant », the closing « après », option by option
    assert s.moment_counts == {
        ("qcm", "temoin-en-ligne", 0, 2, "avant"): 1,
        ("qcm", "temoin-en-ligne", 0, 0, "avant"): 1,
        ("qcm", "uniquement-ecole", 0, 2, "avant"): 1,
        ("qcm", "uniquement-ecole", 0, 0, "avant"): 1,
        ("qcm", "numero-unique", 0, 2, "avant"): 1,
        ("qcm", "numero-unique", 0, 0, "avant"): 1,
        ("qcm", "temoin-en-ligne", 0, 0, "apres"): 2,
        ("qcm", "uniquement-ecole", 0, 0, "apres"): 2,
        ("qcm", "numero-unique", 0, 0, "apres"): 2,
    }
    # the other questions count as usual, and a paired item never in the middle
    assert {k[1] for k in s.counts} & set(paired) == set()
    assert sum(n for k, n in s.counts.items() if k[1] == "raid") == 2


async def test_a_pupil_going_back_takes_back_an_avant_answer(tmp_path):
    app = build_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await new_seance(pilot, "qcm", "eleve", participants="3")
        await pilot.press("enter", "3", "enter")  # the first opening question: option 3
        await pilot.pause()
        await pilot.press("left")  # back: the answer is taken back
        await pilot.pause()
        await pilot.press("2", "enter")
        await pilot.pause()
    s = stored_seance(tmp_path)
    assert s.moment_counts == {("qcm", "temoin-en-ligne", 0, 1, "avant"): 1}


async def _walk_workshop(pilot) -> list[str]:
    """« n » through the workshop until the closing questionnaire opens: the activities shown."""
    screen, shown = pilot.app.screen, []
    while screen.moment != "apres" and len(shown) < 40:
        shown.append(screen.step.activity.id)
        await pilot.press("n")
        await pilot.pause()
    return shown


async def test_a_paired_item_is_asked_twice_not_three_times_in_animer(tmp_path):
    app = build_app(tmp_path)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await new_seance(pilot, "qcm", "classe", participants="24")
        screen = app.screen
        everything = [s.activity.id for s in screen.module_steps]
        await pilot.press("v")
        await pilot.pause()
        await pilot.press("8", "r")  # no answer revealed at the opening
        await pilot.pause()
        assert "Réponse :" not in screen_text(app)
        assert any(
            "la réponse sera donnée dans le questionnaire de fin" in str(t.render()) for t in app.screen.query("Toast")
        )
        for _ in range(3):
            await pilot.press("n")
            await pilot.pause()
        assert screen.moment == ""
        shown = await _walk_workshop(pilot)
        paired = {"temoin-en-ligne", "uniquement-ecole", "numero-unique"}
        assert set(shown) == set(everything) - paired and len(shown) == len(everything) - 3
        assert "Questionnaire de fin (après) — 1/3" in screen_text(app)
        await pilot.press("2", "0", "r")  # the closing questionnaire: counted, then revealed
        await pilot.pause()
        assert "Réponse : Signaler le comportement" in screen_text(app)
        await pilot.press("left")  # back from the closing questionnaire:
        await pilot.pause()  # the last step shown, not a paired one
        assert screen.moment == "" and screen.step.activity.id not in paired
        await pilot.press("left")
        await pilot.pause()
        assert screen.step.activity.id not in paired
    s = stored_seance(tmp_path)
    assert s.moment_counts == {
        ("qcm", "temoin-en-ligne", 0, 0, "avant"): 8,
        ("qcm", "temoin-en-ligne", 0, 0, "apres"): 20,
    }
    assert not any(k[1] in paired for k in s.counts)


async def test_a_later_seance_of_the_cycle_leaves_the_paired_items_out_too(tmp_path):
    import datetime

    from tally_helpers import seance

    with Store(tmp_path) as store:
        first = store.add_seance(seance(date=datetime.date(2025, 12, 1), cycle="citeo-5b", modules=("qcm",)))
        store.add_counts(first.id, "qcm", "numero-unique", 0, [10, 8, 7], moment="avant")
        second = store.add_seance(seance(date=datetime.date(2025, 12, 8), cycle="citeo-5b", modules=("qcm",)))
        alone = store.add_seance(seance(date=datetime.date(2025, 12, 8), modules=("qcm",)))  # no cycle
    app = build_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        module = app.library.modules["qcm"]
        app.show("animer", module, second.id)
        await pilot.pause()
        shown = await _walk_workshop(pilot)
        assert not {"temoin-en-ligne", "uniquement-ecole", "numero-unique"} & set(shown)
        assert app.screen.moment == "apres"  # the same items come back, counted « après »
        await pilot.press("escape")
        await pilot.pause()
        app.show("animer", module, alone.id)  # a séance with no « avant »: asked at their place
        await pilot.pause()
        shown = await _walk_workshop(pilot)
        assert {"temoin-en-ligne", "uniquement-ecole", "numero-unique"} <= set(shown)


async def test_pupil_by_pupil_in_a_later_seance_of_the_cycle_asks_only_the_closing_questions(tmp_path):
    import datetime

    from tally_helpers import seance

    with Store(tmp_path) as store:
        first = store.add_seance(seance(date=datetime.date(2025, 12, 1), cycle="citeo-5b", modules=("qcm",)))
        store.add_counts(first.id, "qcm", "numero-unique", 0, [10, 8, 7], moment="avant")
        last = store.add_seance(seance(date=datetime.date(2025, 12, 15), cycle="citeo-5b", modules=("qcm",)))
    app = build_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        app.show("passation", app.library.modules["qcm"], last.id)
        await pilot.pause()
        screen = app.screen
        assert "posées au début" not in screen_text(app)
        assert "avant" not in screen.moments and screen.moments.count("apres") == 3
        await _pupil(pilot, before="3", after="1")
    with Store(tmp_path) as store:
        s = store.get(last.id)
    assert s.moment_counts == {
        ("qcm", a, 0, 0, "apres"): 1 for a in ("temoin-en-ligne", "uniquement-ecole", "numero-unique")
    }


async def test_done_on_paper_is_said_above_the_helplines_on_a_small_screen(tmp_path):
    """At 60×20 a toast would cover the helplines: « f » says it in the page, as Animer's
    other notices do (frame.say)."""
    app = build_app(tmp_path)
    async with app.run_test(size=(60, 20), notifications=True) as pilot:
        await new_seance(pilot, "qcm", "classe", participants="24")
        await pilot.press("v")
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        assert not app.screen.query("Toast")
        assert "Questionnaire d'ouverture fait sur papier" in screen_text(app)


async def test_done_on_paper_is_remembered_after_a_restart_and_keeps_the_seance(tmp_path):
    """« v » then « f », then the kit is closed before anything is counted (the AVANT sheets
    are in the bag): the séance is kept for `lire`, and once the kit is started again the
    workshop still leaves the paired items out (it was remembered only while the kit ran)."""
    from tui_helpers import leave_confirmed

    app = build_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await new_seance(pilot, "qcm", "classe", participants="24")
        await pilot.press("v")
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        await leave_confirmed(pilot)  # nothing counted on screen
    with Store(tmp_path) as store:
        assert len(store.seances()) == 1  # not forgotten as empty: the sheets will be read into it
    again = build_app(tmp_path)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.press("tab", "a")  # the séance of the day, continued
        await pilot.pause()
        screen = again.screen
        everything = [s.activity.id for s in screen.module_steps]
        shown = await _walk_workshop(pilot)
        paired = {"temoin-en-ligne", "uniquement-ecole", "numero-unique"}
        assert set(shown) == set(everything) - paired


async def test_an_opening_done_on_paper_keeps_the_paired_items_out_of_the_workshop(tmp_path):
    """The « AVANT » sheets were handed out: « v » then « f » (fait sur papier) goes back to the
    workshop, whose paired items are left out although nothing is counted yet (the sheets are
    read after the séance); the end opens the closing questionnaire, also done on paper."""
    app = build_app(tmp_path)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await new_seance(pilot, "qcm", "classe", participants="24")
        screen = app.screen
        everything = [s.activity.id for s in screen.module_steps]
        await pilot.press("f")  # outside a questionnaire: it says where it works, nothing changes
        await pilot.pause()
        assert screen.moment == "" and screen.index == 0
        assert any("dans un questionnaire avant/après" in str(t.render()) for t in app.screen.query("Toast"))
        await pilot.press("v")
        await pilot.pause()
        assert "Questionnaire d'ouverture (avant) — 1/3" in screen_text(app)
        assert "f : fait sur papier" in screen_text(app)
        await pilot.press("f")
        await pilot.pause()
        assert screen.moment == "" and screen.index == 0
        assert any("fait sur papier" in str(t.render()) for t in app.screen.query("Toast"))
        assert "v : questionnaire d'ouverture" not in screen_text(app)
        shown = await _walk_workshop(pilot)
        paired = {"temoin-en-ligne", "uniquement-ecole", "numero-unique"}
        assert set(shown) == set(everything) - paired and len(shown) == len(everything) - 3
        assert "Questionnaire de fin (après) — 1/3" in screen_text(app)
        assert "f : fait sur papier (fiches-réponses « APRÈS » distribuées)" in screen_text(app)
        await pilot.press("f")
        await pilot.pause()
        assert screen.moment == "" and screen.step.activity.id not in paired
        await pilot.press("n")  # the end: nothing asked again
        await pilot.pause()
        assert screen.moment == "" and "Questionnaire de fin (après) —" not in screen_text(app)
    with Store(tmp_path) as store:
        s = store.get(store.seances()[0].id)
    assert s.moment_counts == {} and not any(k[1] in paired for k in s.counts)
