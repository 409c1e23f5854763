"""Before / after on the screens (issue 17): Résultats shows both moments side by side,
a retrospective item is kept out of sight in Animer, pupil-by-pupil passation gets the
opening and closing questionnaires, and a paired item is asked twice, not three times.
Everything is read back from the screen or from the store."""

from __future__ import annotations

from harcelement_kit.tally.store import Store

from conftest import DATA
from tui_helpers import build_app, new_seance, screen_text

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
        store.add_counts(seance, "qcm", "raid", 0, [3, 4, 0])                             # an ordinary item
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
        app.store.add_counts(app.screen.seance_id, "retro", "savoir-agir", 0, [5, 10, 9], sensitive=True,
                             moment="retrospectif")
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
        room._record(question, [4, 12, 8])     # the phones' answers, at the end of the workshop
    with Store(tmp_path) as store:
        s = store.get(store.seances()[0].id)
    assert s.counts == {}
    assert s.moment_counts == {("retro", "savoir-agir", 0, 0, "retrospectif"): 4,
                               ("retro", "savoir-agir", 0, 1, "retrospectif"): 12,
                               ("retro", "savoir-agir", 0, 2, "retrospectif"): 8}
    assert ("retro", "savoir-agir") in s.sensitive  # the bilan's sensitive rule applies
