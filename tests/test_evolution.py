"""Before / after (issue 17): paired items counted at two moments, per option, and the
bilan's « Évolution des connaissances » read back as a user reads it (text, CSV, PDF)."""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io

import pypdfium2
import pytest

from harcelement_kit.cli import main
from harcelement_kit.content.loader import load_library
from harcelement_kit.paths import bundled_content_dir
from harcelement_kit.paper.bilan_pdf import bilan_pdf
from harcelement_kit.tally.bilan import Filters, compute_figures, render
from harcelement_kit.tally.exchange import export_bundle, import_file
from harcelement_kit.tally.records import content_hash
from harcelement_kit.tally.store import Store

from conftest import DATA, TODAY
from tally_helpers import before_after_seances, seance
from tui_helpers import build_app, new_seance, screen_text, stored_seance

FIXTURE = DATA / "avant-apres-annee-1.csv"
RETRO = DATA / "contenu-avant-apres"
NB = "\u00a0"
TEMOIN = "Que faire si tu vois quelqu'un se faire harceler sur Internet ou les réseaux sociaux ?"
NUMERO = "Quel numéro unique appeler pour le harcèlement à l'école ou en ligne ?"


def _n(text: str) -> str:
    return text.replace(" = ", f"{NB}={NB}").replace(" ≈ ", f"{NB}≈{NB}").replace(" %", f"{NB}%")


@pytest.fixture
def library():
    return load_library([bundled_content_dir(), RETRO], today=TODAY)


@pytest.fixture
def year_store(tmp_path):
    store = Store(tmp_path / "donnees")
    for s in before_after_seances(FIXTURE):
        store.add_seance(s)
    yield store
    store.close()


def _evolution(text: str) -> list[str]:
    return text[text.index("Évolution des connaissances") :].splitlines()


def test_seed_like_fixture_gives_the_expected_percentages_to_the_unit(year_store, library):
    # by hand: témoin 12+10+9 = 31 right of 72 before (43 %), 20+22+18 = 60 of 69 after (87 %);
    # 3018: 14+13+10 = 37 of 72 (51 %), 23+24+19 = 66 of 69 (96 %)
    lines = _evolution(render(compute_figures(year_store), library))
    assert lines[2].startswith("Méthode et limites : ") and "pas forcément les mêmes" in lines[2]
    assert "ne prouve pas que l'atelier en est la cause" in lines[2]
    assert _n(f"  - {TEMOIN} : avant 43 % (n = 72) → après 87 % (n = 69)") in lines
    assert _n(f"  - {NUMERO} : avant 51 % (n = 72) → après 96 % (n = 69)") in lines
    assert _n("  - dont Afev : avant 50 % (n = 24) → après 83 % (n = 24)") in lines
    assert _n("  - dont Unis-Cité : avant 38 % (n = 26) → après 88 % (n = 25)") in lines
    assert _n("  - Où le harcèlement peut-il avoir lieu ? : avant 58 % (n = 24) → après 83 % (n = 24)") in lines


def test_a_cycle_before_in_its_first_seance_and_after_in_its_last(year_store, library):
    # Citéo's cycle: avant counted in the first of three séances (22 pupils), après in the last (20)
    figures = compute_figures(year_store, Filters(structure="citeo"))
    assert figures.seances == 3
    lines = _evolution(render(figures, library))
    assert _n(f"  - {TEMOIN} : avant 41 % (n = 22) → après 90 % (n = 20)") in lines
    assert _n(f"  - {NUMERO} : avant 45 % (n = 22) → après 95 % (n = 20)") in lines
    assert not any(line.startswith("  - dont ") for line in lines)  # one structure: no breakdown


def test_csv_has_both_moments_in_columns(year_store, library):
    rows = list(csv.reader(io.StringIO(render(compute_figures(year_store), library, "csv"))))
    evolution = [r for r in rows if r[0] == "Évolution des connaissances"]
    assert evolution[1] == [
        "Évolution des connaissances",
        "module",
        "question",
        "structure",
        "avant %",
        "avant n",
        "après %",
        "après n",
        "rétrospectif",
    ]
    assert [
        "Évolution des connaissances",
        "Quiz : harcèlement et cyberharcèlement (qcm)",
        TEMOIN,
        "toutes",
        f"43{NB}%",
        "72",
        f"87{NB}%",
        "69",
        "non",
    ] in evolution
    assert [
        "Évolution des connaissances",
        "Quiz : harcèlement et cyberharcèlement (qcm)",
        NUMERO,
        "Citéo Médiation",
        f"45{NB}%",
        "22",
        f"95{NB}%",
        "20",
        "non",
    ] in evolution


def test_pdf_shows_the_shift_with_its_n(year_store, library):
    pdf = pypdfium2.PdfDocument(bilan_pdf(compute_figures(year_store), library))
    pages = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    page = next(p for p in pages if "Évolution des connaissances" in p)
    flat = " ".join(page.split())
    assert "Méthode et limites" in flat
    assert "avant 43 % (n = 72)" in flat and "après 87 % (n = 69)" in flat
    assert "avant 51 % (n = 72)" in flat and "après 96 % (n = 69)" in flat


def test_two_laptops_merged_in_either_order_give_the_same_figures(tmp_path, library):
    made = before_after_seances(FIXTURE)
    bundles = []
    for name, part in (("a", made[:2]), ("b", made[2:])):
        with Store(tmp_path / name) as laptop:
            for s in part:
                laptop.add_seance(s)
            path = tmp_path / f"{name}.json"
            path.write_bytes(export_bundle(laptop))
            bundles.append(path)
    texts = []
    for order in (bundles, bundles[::-1], bundles + bundles[:1]):  # A B, B A, A B A
        with Store(tmp_path / f"coordination-{len(texts)}") as coordination:
            for path in order:
                import_file(coordination, path)
            texts.append(render(compute_figures(coordination), library, "csv"))
    assert texts[0] == texts[1] == texts[2]
    assert f"43{NB}%,72,87{NB}%,69" in texts[0]


def test_exported_moment_counts_come_back_and_old_records_keep_their_hash(tmp_path):
    plain = seance(participants=25)
    assert "moment_counts" not in plain.to_json()  # exported before issue 17: same hash
    paired = dataclasses.replace(plain, moment_counts={("qcm", "numero-unique", 0, 0, "avant"): 9})
    assert content_hash(paired) != content_hash(plain)
    with Store(tmp_path / "a") as laptop:
        laptop.add_seance(paired)
        (tmp_path / "a.json").write_bytes(export_bundle(laptop))
    with Store(tmp_path / "b") as other:
        import_file(other, tmp_path / "a.json")
        back = other.get(paired.id)
        assert back.moment_counts == {("qcm", "numero-unique", 0, 0, "avant"): 9}
        assert back.counts == {}  # never added to the plain counts


def _retro(store: Store, day: str, structure: str, before: list[int], now: list[int]) -> None:
    counts = {}
    for item, values in ((0, before), (1, now)):
        for option, n in enumerate(values):
            counts[("retro", "savoir-agir", item, option, "retrospectif")] = n
    store.add_seance(
        dataclasses.replace(
            seance(date=day, structure=structure, participants=max(sum(before), sum(now)), modules=("retro",)),
            moment_counts=counts,
        )
    )


def test_a_retrospective_self_assessment_below_thresholds_shows_nd(tmp_path, library):
    with Store(tmp_path / "donnees") as store:
        _retro(store, "2025-03-10", "afev", [3, 4, 1], [0, 2, 6])  # 8 pupils: never published
        lines = _evolution(render(compute_figures(store), library))
    line = next(line for line in lines if "Savoir quoi faire" in line)
    assert "(rétrospectif, demandé à la fin)" in line
    assert "avant je savais : n.d." in line and "maintenant : n.d." in line
    assert "%" not in line


def test_a_retrospective_item_above_thresholds_is_rounded_and_a_finer_filter_hides_it(tmp_path, library):
    with Store(tmp_path / "donnees") as store:
        _retro(store, "2025-03-10", "afev", [12, 12, 12], [3, 11, 22])
        _retro(store, "2025-03-17", "afev", [11, 12, 13], [3, 11, 22])
        text = render(compute_figures(store), library)
        finer = render(compute_figures(store, Filters(structure="afev", au=datetime.date(2025, 3, 12))), library)
    line = next(line for line in _evolution(text) if "Savoir quoi faire" in line)
    # 25 of 72 « oui » before (rounded: 25 of 70, 36 %); 44 of 72 now (rounded 45 of 70, 64 %)
    assert _n("avant je savais 36 % (n ≈ 70) → maintenant 64 % (n ≈ 70)") in line
    # the same item, one séance of one structure: not publishable, so no difference reveals it
    fine = next(line for line in _evolution(finer) if "Savoir quoi faire" in line)
    assert "filtre trop fin" in fine and "%" not in fine


def test_verifier_refuses_a_retrospective_sort_of_three_lines(tmp_path, capsys):
    folder = tmp_path / "contenu"
    folder.mkdir()
    text = (RETRO / "retro.yaml").read_text(encoding="utf-8")
    text += "      - texte: Une troisième ligne\n        reponse: oui\n"
    (folder / "retro.yaml").write_text(text, encoding="utf-8")
    assert main(["--contenu", str(folder), "verifier"]) != 0
    err = capsys.readouterr()
    assert "3 situations dans une activité rétrospective" in err.out + err.err


async def test_the_before_after_hint_leaves_the_wall_when_the_answer_is_revealed(tmp_path):
    """Walked at 200×60: after « r » the hint stayed just above the chart."""
    app = build_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await new_seance(pilot, 2, "classe", participants="24")
        assert "v : questionnaire d'ouverture avant/après" in screen_text(app)
        await pilot.press("1", "2", "r")
        await pilot.pause()
        text = screen_text(app)
        assert "(bonne\u00a0réponse)" in text and "v : questionnaire d'ouverture" not in text


async def test_animer_counts_hands_before_then_after_in_one_seance(tmp_path):
    app = build_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await new_seance(pilot, 2, "classe", participants="24")
        assert "v : questionnaire d'ouverture avant/après (3 questions" in screen_text(app)
        await pilot.press("v")
        await pilot.pause()
        text = screen_text(app)
        assert "Questionnaire d'ouverture (avant) — 1/3" in text
        assert TEMOIN in text
        await pilot.press("8", "down", "1", "2", "n")  # témoin: 8 / 12
        await pilot.pause()
        await pilot.press("down", "1", "5", "n")  # où : 15 on the right one
        await pilot.pause()
        assert NUMERO in screen_text(app)
        await pilot.press("1", "1", "n")  # 3018: 11
        await pilot.pause()  # back to the module, step 1
        assert "Questionnaire" not in screen_text(app)
        for _ in range(len(app.screen.module_steps) - 3):  # the workshop (its 3 paired items left out)
            await pilot.press("n")
            await pilot.pause()
        assert TEMOIN in screen_text(app)  # the closing questionnaire came by itself
        assert app.screen.moment == "apres"
        await pilot.press("1", "down", "2", "0", "n")  # témoin after: 1 / 20
        await pilot.pause()
        await pilot.press("n", "9", "n")  # a burst: où skipped, 9 on the 3018, end
        await pilot.pause()
        assert "Résultats" in screen_text(app)  # after the last: the results
        await pilot.press("escape")
        await pilot.pause()
        # back where it was left: the closing questionnaire's last question (walk, round 3)
        assert app.screen.moment == "apres" and "Questionnaire de fin (après) — 3/3" in screen_text(app)
    s = stored_seance(tmp_path)
    assert s.moment_counts == {
        ("qcm", "temoin-en-ligne", 0, 0, "avant"): 8,
        ("qcm", "temoin-en-ligne", 0, 1, "avant"): 12,
        ("qcm", "uniquement-ecole", 0, 1, "avant"): 15,
        ("qcm", "numero-unique", 0, 0, "avant"): 11,
        ("qcm", "temoin-en-ligne", 0, 0, "apres"): 1,
        ("qcm", "temoin-en-ligne", 0, 1, "apres"): 20,
        ("qcm", "numero-unique", 0, 0, "apres"): 9,
    }
    assert s.counts == {}  # the questionnaire's hands are not the workshop's


def test_phones_and_cards_count_under_the_questionnaires_moment(tmp_path):
    from harcelement_kit.live.room import LiveRoom
    from harcelement_kit.reading.cards import CardReading
    from harcelement_kit.reading.cards_room import CardRoom

    module = load_library([bundled_content_dir()], today=TODAY).modules["qcm"]
    with Store(tmp_path / "donnees") as store:
        s = store.add_seance(seance(participants=25, modules=("qcm",)))
        room = LiveRoom(store, s.id, module, [])
        index = room.index_of("numero-unique", 0)
        room.new_moment("avant")
        room._record(room.questions[index], [7, 2, 1])  # what the phones sent, at the start
        room.new_moment("apres")
        room._record(room.questions[index], [9, 0, 1])  # the same question, at the end
        room.new_moment("")
        room._record(room.questions[room.index_of("raid", 0)], [3, 4, 0])  # not paired: plain counts
        cards = CardRoom(store, s.id, module, 25)
        cards.new_moment("apres")
        cards.open(cards.index_of("temoin-en-ligne", 0))
        for _ in range(2):  # a card counts once seen in two frames in a row
            cards.see([CardReading(1, 1), CardReading(2, 1), CardReading(3, 0)])
        cards.close()
        back = store.get(s.id)
    assert back.moment_counts == {
        ("qcm", "numero-unique", 0, 0, "avant"): 7,
        ("qcm", "numero-unique", 0, 1, "avant"): 2,
        ("qcm", "numero-unique", 0, 2, "avant"): 1,
        ("qcm", "numero-unique", 0, 0, "apres"): 9,
        ("qcm", "numero-unique", 0, 2, "apres"): 1,
        ("qcm", "temoin-en-ligne", 0, 0, "apres"): 1,
        ("qcm", "temoin-en-ligne", 0, 1, "apres"): 2,
    }
    assert back.counts == {("qcm", "raid", 0, 0): 3, ("qcm", "raid", 0, 1): 4}
