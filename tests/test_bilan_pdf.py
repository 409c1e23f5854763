"""The bilan PDF as a funder files it, read back: the title page, every figure of
the text found again with the same value in a table or a chart, charts with axes,
units and a reading, one glossary, no half-empty page inside a section, the
self-assessment as stacked bars or « n.d. » with its reason."""

from __future__ import annotations

import datetime
import io
import re
from pathlib import Path

import pypdf
import pytest

from harcelement_kit.cli import main
from harcelement_kit.content.loader import load_bundled_library
from harcelement_kit.paper.bilan_pdf import bilan_pdf
from harcelement_kit.tally.bilan import PASSATION_SUFFIX, Figures, Filters

from conftest import DATA
from paper_measure import chars, lines_of


def _plain(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u2019", "'").split())


def _bilan_pdf(data, out, *options: str) -> int:
    """`bilan --format pdf -o OUT OPTIONS…` on the data folder, as typed: its exit code."""
    return main(["--donnees", data, "bilan", "--format", "pdf", "-o", str(out), *options])


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bilan")
    data = str(tmp / "donnees")
    assert main(["--donnees", data, "importer", str(DATA / "bilan-annee-1.csv")]) == 0
    logo = tmp / "logo.png"
    from PIL import Image

    Image.new("RGB", (120, 60), (20, 90, 160)).save(logo)
    out = tmp / "bilan.pdf"
    assert _bilan_pdf(data, out, "--logo", str(logo)) == 0
    return out.read_bytes(), data


def test_title_page_names_programme_funder_period_and_structures(seed_pdf):
    pdf, _ = seed_pdf
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    title = _plain(reader.pages[0].extract_text())
    assert "Programme : Le pair à pair dans la lutte contre le harcèlement" in title
    assert "Financeur : Fonds d'Innovation Jeunes en Métropole (FIJeM)" in title
    assert "Période : année scolaire 2024-2025 (du 01/09/2024 au 31/08/2025)" in title
    assert "Structures : Afev, Citéo Médiation, Unis-Cité" in title  # by name (structures.yaml)
    images = [
        name
        for name, obj in reader.pages[0]["/Resources"].get("/XObject", {}).items()
        if obj.get_object()["/Subtype"] == "/Image"
    ]
    assert len(images) == 1  # the logo
    assert reader.metadata.title.startswith("Bilan année scolaire 2024-2025")


def test_period_asked_for_is_the_one_printed(seed_pdf, tmp_path, capsys):
    _, data = seed_pdf
    out = tmp_path / "b.pdf"
    period = ["--du", "01/01/2025", "--au", "31/03/2025"]
    assert _bilan_pdf(data, out, *period, "--financeur", "Ville de Lille", "--programme", "Ensemble") == 0
    title = _plain(pypdf.PdfReader(out).pages[0].extract_text())
    assert "Période : du 01/01/2025 au 31/03/2025" in title
    assert "Financeur : Ville de Lille" in title and "Programme : Ensemble" in title
    assert _bilan_pdf(data, out, "--logo", "absent.png") == 1
    assert "--logo : fichier introuvable : absent.png" in capsys.readouterr().err


def _sections(pdf: bytes) -> tuple[str, str]:
    text = _plain("\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages[1:]))
    text = re.sub(r"harcelement-kit · bilan — page \d+/\d+", "", text)
    words, rest = text.split("Lexique : ce que compte chaque chiffre", 1)
    return words.split("Quelques chiffres", 1)[1], rest


def test_every_figure_of_the_text_is_in_a_table_or_chart_with_the_same_value(seed_pdf):
    pdf, _ = seed_pdf
    words, rest = _sections(pdf)
    numbers = re.findall(r"\d{1,3}(?: \d{3})*", re.sub(r"#\w+", "", words))
    assert len(numbers) >= 20
    for number in numbers:
        assert re.search(rf"(?<!\d )(?<!\d){number}(?! \d{{3}})(?!\d)", rest), number
    for row in (
        "Ateliers : bénéficiaires 2 215 présences",
        "Heures d'animation en collège 56 heures",
        "Collèges des animations 8 collèges",
        "Élèves des animations en collège 225 élèves",
        "Élèves ambassadeurs formés 91 élèves",
        "… dont collégiens 70 élèves",
        "Ciné-débats : bénéficiaires 600 présences",
    ):
        assert row in rest, row
    # the charts draw the same values as the table
    assert "ateliers · collège 120" in rest and "heures d'animation · collège 763" in rest
    assert "Heures d'animation : bénéficiaires 763 présences" in rest


def test_charts_have_axes_units_and_a_reading_and_one_glossary(seed_pdf):
    pdf, _ = seed_pdf
    words, rest = _sections(pdf)
    assert "Nombre de séances" in rest and "Bénéficiaires (présences, voir le lexique)" in rest
    assert rest.count("Lecture :") == 2
    assert "0 20 40 60 80 100 120" in rest  # the séances axis, graduated
    assert rest.count("Bénéficiaires : les personnes présentes") == 1
    assert "n.d. : non diffusé" in rest


def test_no_page_more_than_half_empty_unless_it_ends_a_section(seed_pdf):
    pdf, _ = seed_pdf
    pages = chars(pdf)
    sections = ("Quelques chiffres", "Les séances et les bénéficiaires en graphiques", "Réponses aux questions")
    for number, page in enumerate(pages[1:-1], start=2):
        lowest = max(c.bottom for c in page if c.bottom < 297 - 16)
        following = _plain(lines_of(pages[number])[0][1]) if number < len(pages) else ""
        assert lowest > 297 / 2 or following in sections, f"page {number} is half empty"


def _figures_with_self_assessment(library) -> Figures:
    figures = Figures(
        Filters(du=datetime.date(2025, 9, 1), au=datetime.date(2026, 6, 30)),
        seances=4,
        structures=["afev"],
        first_day=datetime.date(2025, 10, 1),
        last_day=datetime.date(2026, 3, 1),
    )
    figures.by_action[("atelier", "college")] = [4, 100, 240]
    part = "harcelometre" + PASSATION_SUFFIX
    spreads = {0: [20, 15, 12, 11], 1: [5, 30, 20, 3], 2: [3, 2, 1, 0]}
    for item, counts in spreads.items():
        for option, n in enumerate(counts):
            figures.answers[("harcelometre", part, item, option)] = n
        figures.item_seances[("harcelometre", part, item)] = 3
    figures.sensitive.add(("harcelometre", part))
    return figures


def test_self_assessment_stacked_bars_or_nd_with_the_reason():
    library = load_bundled_library()
    pdf = bilan_pdf(
        _figures_with_self_assessment(library), library, created=datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC)
    )
    text = _plain("\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages))
    scale = library.modules["harcelometre"].activites[0]
    assert "Auto-évaluation : « Est-ce que ça t'arrive ? »" in text
    first, second, third = (_plain(item.texte) for item in scale.items[:3])
    bar = text.split(first, 1)[1][:80]
    assert "34 %" in bar and "26 %" in bar and "n = 58" in bar  # 20/58, 15/58
    assert f"{second} n.d. (une réponse donnée par moins de 11 personnes" in text
    assert f"{third} n.d. (moins de 30 réponses ou une seule séance)" in text
    for answer in scale.passation.reponses:
        assert answer in text  # the legend


def test_text_md_csv_and_pdf_name_the_same_period(seed_pdf, tmp_path, capsys):
    """The text bilans say the period the PDF's title page says: the school year covered,
    else the period asked for with --du/--au (the seed fixture, 02/09/2024 → 19/06/2025)."""
    pdf, data = seed_pdf
    printed = _plain(pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text())
    for asked, period in (
        ([], "année scolaire 2024-2025 (du 01/09/2024 au 31/08/2025)"),
        (["--du", "01/01/2025", "--au", "31/03/2025"], "du 01/01/2025 au 31/03/2025"),
    ):
        out = tmp_path / "b.pdf"
        assert _bilan_pdf(data, out, *asked) == 0
        assert f"Période : {period}" in _plain(pypdf.PdfReader(out).pages[0].extract_text())
        capsys.readouterr()
        assert main(["--donnees", data, "bilan"] + asked) == 0
        assert capsys.readouterr().out.startswith(f"Bilan {period} — ")
        assert main(["--donnees", data, "bilan", "--format", "md"] + asked) == 0
        assert capsys.readouterr().out.startswith(f"# Bilan {period} — ")
        assert main(["--donnees", data, "bilan", "--format", "csv"] + asked) == 0
        assert capsys.readouterr().out.splitlines()[1].startswith(f'titre,"Bilan {period} — ')
    assert "Période : année scolaire 2024-2025 (du 01/09/2024 au 31/08/2025)" in printed


def _logo_count(page) -> int:
    return len(
        [
            name
            for name, obj in page["/Resources"].get("/XObject", {}).items()
            if obj.get_object()["/Subtype"] == "/Image"
        ]
    )


def test_funder_programme_and_logos_from_a_settings_file(seed_pdf, tmp_path, capsys):
    from PIL import Image

    _, data = seed_pdf
    (tmp_path / "logos").mkdir()
    for name, colour in (("a.png", (200, 30, 30)), ("b.jpg", (30, 160, 60))):
        Image.new("RGB", (90, 45), colour).save(tmp_path / "logos" / name)
    settings = tmp_path / "reglages" / "financeur.yaml"
    settings.parent.mkdir()
    settings.write_text(
        "financeur: Ville de Lille\nprogramme: Ensemble contre le harcèlement\n"
        "logos:\n  - ../logos/a.png\n  - ../logos/b.jpg\n",
        encoding="utf-8",
    )
    out = tmp_path / "b.pdf"
    assert _bilan_pdf(data, out, "--reglages", str(settings)) == 0
    page = pypdf.PdfReader(out).pages[0]
    title = _plain(page.extract_text())
    assert "Financeur : Ville de Lille" in title and "Programme : Ensemble contre le harcèlement" in title
    assert _logo_count(page) == 2  # paths relative to the settings file
    # the command line wins over the file
    assert _bilan_pdf(data, out, "--reglages", str(settings), "--financeur", "Région") == 0
    title = _plain(pypdf.PdfReader(out).pages[0].extract_text())
    assert "Financeur : Région" in title and "Programme : Ensemble contre le harcèlement" in title
    # bilan.yaml in the data folder is read without being named
    (Path(data) / "bilan.yaml").write_text("programme: Pairs\n", encoding="utf-8")
    try:
        assert _bilan_pdf(data, out) == 0
        title = _plain(pypdf.PdfReader(out).pages[0].extract_text())
        assert "Programme : Pairs" in title and "Financeur : Fonds d'Innovation Jeunes" in title
    finally:
        (Path(data) / "bilan.yaml").unlink()
    capsys.readouterr()
    for text, message in (
        ("financeur: Ville\nprogrammes: X\n", "ligne 2 : « programmes » n'est pas un réglage connu"),
        ("financeur: [a, b]\n", "ligne 1 : financeur : attendu un texte"),
        ("logos:\n  - ../logos/absent.png\n", "ligne 2 : logos : fichier introuvable"),
        ("logos:\n  - ../logos/notes.txt\n", "ligne 2 : logos : « ../logos/notes.txt » n'est pas une image"),
        ("financeur: Ville\n  programme: : X\n", "ligne 2 :"),
        ("- financeur\n", "ligne 1 : attendu des lignes « clé : valeur »"),
    ):
        settings.write_text(text, encoding="utf-8")
        assert _bilan_pdf(data, out, "--reglages", str(settings)) == 1
        err = capsys.readouterr().err
        assert f"{settings}, {message}" in err, err
        assert "Traceback" not in err
    assert _bilan_pdf(data, out, "--reglages", "absent.yaml") == 1
    assert "absent.yaml : fichier de réglages introuvable" in capsys.readouterr().err
