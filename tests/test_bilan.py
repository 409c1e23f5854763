"""The bilan: the seed's figures from the fixture, answers per question, small cells."""

from __future__ import annotations


import pytest

from harcelement_kit.cli import main
from harcelement_kit.content.loader import load_library
from harcelement_kit.paths import bundled_content_dir
from harcelement_kit.tally.bilan import Filters, compute_figures, render, sensitive_cells
from harcelement_kit.tally.exchange import import_file
from harcelement_kit.tally.store import Store

from conftest import DATA, TODAY
from kit_process import run_kit
from tally_helpers import seance

SEED_CSV = DATA / "bilan-annee-1.csv"
NB = "\u00a0"


@pytest.fixture
def seed_store(tmp_path):
    store = Store(tmp_path / "donnees")
    import_file(store, SEED_CSV)
    yield store
    store.close()


def test_seed_bilan_figures_word_for_word(tmp_path, capsys):
    data = str(tmp_path / "donnees")
    assert main(["--donnees", data, "importer", str(SEED_CSV)]) == 0
    capsys.readouterr()
    assert main(["--donnees", data, "bilan"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert (
        lines[0]
        == "Bilan année scolaire 2024-2025 (du 01/09/2024 au 31/08/2025) — structures : Afev, Citéo Médiation, Unis-Cité — 209 séances"
    )
    assert lines[2:] == [
        "Quelques chiffres",
        "",
        "• Présence sur des événements dédiés à la lutte contre le harcèlement",
        "    > 160 bénéficiaires du CM2 au collège : forum « Cité contre le harcèlement » à Villeneuve d'Ascq",
        "    > 40 lycéens : journée #JeM l'Avenir à Lille (ateliers)",
        f"• 134 animations ponctuelles réalisées sous forme d'ateliers ludiques : 120 en collège / 10 en lycée / 4 en centre social — 2{NB}215 bénéficiaires",
        "• 35 ciné-débats : 4 en collège / 21 en lycée / 2 en centre de formation / 8 en centre social — 600 bénéficiaires",
        "• 56 heures d'animation en collège, dans 8 collèges, soit 225 élèves",
        "• 91 élèves ambassadeurs formés : 70 collégiens, 21 lycéens",
    ]


def test_filters_by_period_and_structure(seed_store):
    figures = compute_figures(seed_store, Filters(structure="afev"))
    assert figures.structures == ["afev"] and 60 < figures.seances < 80
    import datetime

    autumn = compute_figures(seed_store, Filters(du=datetime.date(2024, 9, 1), au=datetime.date(2024, 9, 30)))
    assert autumn.seances == 21  # the weekdays of September 2024 from the 2nd
    assert autumn.last_day == datetime.date(2024, 9, 30)


def test_markdown_and_csv_formats(seed_store):
    md = render(compute_figures(seed_store), None, "md")
    assert md.startswith("# Bilan année scolaire 2024-2025 (du 01/09/2024 au 31/08/2025)")
    assert "- **91 élèves ambassadeurs formés : 70 collégiens, 21 lycéens**" in md
    csv_text = render(compute_figures(seed_store), None, "csv")
    assert csv_text.splitlines()[0] == "rubrique,ligne"
    assert "chiffres,56 heures d'animation en collège, dans 8 collèges, soit 225 élèves" in csv_text.replace('"', "")


def test_bilan_options_errors_are_french(tmp_path, capsys):
    assert main(["--donnees", str(tmp_path), "bilan", "--du", "31/02/2025"]) == 1
    assert "« 31/02/2025 » n'est pas une date possible" in capsys.readouterr().err
    assert main(["--donnees", str(tmp_path), "bilan", "--du", "2025-06-01", "--au", "2025-01-01"]) == 1
    assert "--du doit être avant --au" in capsys.readouterr().err


@pytest.fixture
def library():
    return load_library([bundled_content_dir()], today=TODAY)


def _qcm_seance(store, right: int, wrong: int, **fields):
    fields.setdefault("participants", max(25, right + wrong))  # a count never exceeds participants
    s = store.add_seance(seance(modules=("qcm",), **fields))
    store.set_count(s.id, "qcm", "numero-unique", 0, 0, right)
    store.set_count(s.id, "qcm", "numero-unique", 0, 1, wrong)
    return s


def test_share_of_right_answers_per_question(tmp_path, library):
    with Store(tmp_path) as store:
        _qcm_seance(store, 18, 4)
        _qcm_seance(store, 12, 6)
        text = render(compute_figures(store), library)
    assert (
        f"Quel numéro unique appeler pour le harcèlement à l'école ou en ligne ? : "
        f"75{NB}% de bonnes réponses (n{NB}={NB}40)"
    ) in text
    assert "Quiz : harcèlement et cyberharcèlement (qcm)" in text


def test_deleted_seance_leaves_the_bilan(tmp_path, library):
    with Store(tmp_path) as store:
        keep = _qcm_seance(store, 18, 4)
        gone = _qcm_seance(store, 0, 30)
        store.delete(gone.id)
        figures = compute_figures(store)
    assert figures.seances == 1 and figures.answers[("qcm", "numero-unique", 0, 1)] == 4
    assert keep.id


@pytest.mark.parametrize(
    "counts,seances,expected",
    [
        ([20, 15, 12, 3], 3, ["20", "15", "n.d.", "< 11"]),  # secondary: 12 hidden with the 3
        ([25, 14, 0, 0], 3, ["25", "14", "< 11", "< 11"]),
        ([55, 3, 2, 2], 2, ["> 51", "< 11", "< 11", "< 11"]),  # a near-unanimous answer is hidden too
        ([30, 15, 14, 3], 2, ["30", "15", "n.d.", "< 11"]),
        ([5, 5, 5, 5], 3, None),  # n < 30
        ([20, 15, 12, 11], 1, None),  # one séance: never per séance
        ([11, 11, 11, 11], 2, ["11", "11", "11", "11"]),  # exactly at the threshold: shown
    ],
)
def test_small_cell_rule(counts, seances, expected):
    assert sensitive_cells(counts, seances) == expected


def _passation(store, answers_per_seance):
    """Record a harcèlomètre passation: for each séance, a list of answer indexes for item 0."""
    for answers in answers_per_seance:
        s = store.add_seance(seance(modules=("harcelometre",), participants=max(25, len(answers))))
        for answer in answers:
            store.add_count(s.id, "harcelometre", "harcelometre.passation", 0, answer, 1, sensitive=True)


def test_sensitive_passation_hidden_below_thresholds_and_shown_above(tmp_path, library):
    item = "Est-ce que ça t'arrive ? « Respecte mes goûts, mes besoins, mes choix »"
    with Store(tmp_path / "petit") as store:
        _passation(store, [[0] * 20 + [1] * 5, [2] * 2])  # n = 27 < 30
        small = render(compute_figures(store), library)
    assert f"{item} : n.d. (moins de 30 réponses ou une seule séance)" in small
    with Store(tmp_path / "grand") as store:
        _passation(store, [[0] * 15 + [1] * 12 + [2] * 2, [0] * 6 + [1] * 2 + [3] * 1])  # n = 38
        big = render(compute_figures(store), library)
    # 21, 14 and 38 published rounded to base 5 (disclosure.py)
    assert (f"{item} : jamais 20 / parfois 15 / souvent < 11 / je ne souhaite pas répondre < 11 (n{NB}≈{NB}40)") in big
    assert " 2 " not in big.split(item)[1].splitlines()[0]


def test_a_passation_with_nothing_publishable_is_said_once(tmp_path, library):
    with Store(tmp_path) as store:
        s = store.add_seance(seance(modules=("harcelometre",)))
        for item in range(13):
            store.add_count(s.id, "harcelometre", "harcelometre.passation", item, 0, 3, sensitive=True)
        text = render(compute_figures(store), library)
    assert (
        "Est-ce que ça t'arrive ? (auto-évaluation, 13 comportements) : n.d. (moins de 30 réponses ou une seule séance)"
    ) in text
    assert "« Respecte mes goûts" not in text


def test_harcelometre_sorting_game_is_counted_like_a_quiz_and_only_the_passation_is_hidden(tmp_path, library):
    with Store(tmp_path) as store:
        s = store.add_seance(seance(modules=("harcelometre",)))
        # « Dans quelle zone ? » as Animer stores the hands: zone 0 is right for item 0,
        # zone 2 (inacceptable) for the last item.
        store.set_count(s.id, "harcelometre", "harcelometre", 0, 0, 20)
        store.set_count(s.id, "harcelometre", "harcelometre", 0, 1, 4)
        store.set_count(s.id, "harcelometre", "harcelometre", 15, 2, 22)
        store.set_count(s.id, "harcelometre", "harcelometre", 15, 1, 2)
        for item in range(16):  # the same pupils' self-assessment, in one séance
            store.add_count(s.id, "harcelometre", "harcelometre.passation", item, 0, 3, sensitive=True)
        figures = compute_figures(store)
        text = render(figures, library)
    assert ("harcelometre", "harcelometre") not in figures.sensitive
    assert ("harcelometre", "harcelometre.passation") in figures.sensitive
    assert (f"Respecte mes goûts, mes besoins, mes choix (zone) : 83{NB}% de bonnes réponses (n{NB}={NB}24)") in text
    assert f"M'agresse sexuellement (zone) : 92{NB}% de bonnes réponses (n{NB}={NB}24)" in text
    assert (
        "Est-ce que ça t'arrive ? (auto-évaluation, 16 comportements) : n.d. (moins de 30 réponses ou une seule séance)"
    ) in text


def test_sensitive_flag_from_the_store_applies_without_the_content(tmp_path):
    with Store(tmp_path) as store:
        _passation(store, [[0] * 40, [1] * 20])
        figures = compute_figures(store)
    assert ("harcelometre", "harcelometre.passation") in figures.sensitive
    assert "module absent de ce poste" in render(figures, None)


def test_bilan_command_writes_a_file(tmp_path, capsys):
    data = str(tmp_path / "d")
    main(["--donnees", data, "importer", str(SEED_CSV)])
    out = tmp_path / "bilan.md"
    assert main(["--donnees", data, "bilan", "--format", "md", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("# Bilan année scolaire 2024-2025 (du 01/09/2024 au 31/08/2025)")
    assert "Bilan écrit dans" in capsys.readouterr().out


def test_bilan_runs_as_a_command():
    result = run_kit("bilan", "--format", "docx")
    assert result.returncode == 2
    assert "« docx » n'est pas possible (choix : texte, md, csv, pdf)" in result.stderr


def test_fill_in_blanks_and_sorting_game_are_scored_per_item(tmp_path, library):
    bank = library.modules["cyberharcelement"].activity("definition").bank
    with Store(tmp_path) as store:
        s = store.add_seance(seance(modules=("cyberharcelement",)))
        store.set_count(s.id, "cyberharcelement", "definition", 0, bank.index("harcèlement en ligne"), 3)
        store.set_count(s.id, "cyberharcelement", "definition", 0, bank.index("Internet"), 1)
        text = render(compute_figures(store), library)
    assert f"trou 1 (harcèlement en ligne) : 75{NB}% de bonnes réponses (n{NB}={NB}4)" in text
