"""The printed sheets, read back as a user would: the text, the QR codes, the pages."""

from __future__ import annotations

import datetime
import io
import re

import pypdf
import pypdfium2
import pytest
import zxingcpp

from harcelement_kit.cli import main
from harcelement_kit.content.loader import load_library
from harcelement_kit.paper.worksheets import print_modules
from harcelement_kit.paths import bundled_content_dir

from conftest import DATA, TODAY

CREATED = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(scope="module")
def library():
    return load_library([bundled_content_dir(), DATA / "contenu-test"], today=TODAY)


def _pdf(library, *ids, **options) -> bytes:
    return print_modules([library.modules[i] for i in ids], library, created=CREATED, **options)


def _text(pdf: bytes) -> str:
    """The whole text without the page footers, with the no-break spaces of French
    typography and the typographic apostrophes made plain (as in the YAML)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    lines = [
        line
        for page in reader.pages
        for line in page.extract_text().splitlines()
        if not re.search(r" — page \d+/\d+$", line)
    ]
    return "\n".join(lines).replace("\u00a0", " ").replace("\u2019", "'")


def _flat(text: str) -> str:
    return " ".join(text.split())


def _pages(pdf: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_cyberharcelement_pupil_sheet_and_key(library):
    pupil = _flat(_text(_pdf(library, "cyberharcelement")))
    both = _flat(_text(_pdf(library, "cyberharcelement", answer_key=True)))
    module = library.modules["cyberharcelement"]
    definition, situations = module.activity("definition"), module.activity("situations")
    assert re.search(r"Le \(1\) _{12,} \(cyberharcèlement\) est un harcèlement", pupil)
    for word in definition.bank:
        assert word in pupil.split("Banque de mots")[1]
    for item in situations.items:
        assert _flat(item.texte) in pupil
        assert _flat(item.explication) not in pupil and _flat(item.explication) in both
    assert pupil.count("Entoure : oui non") == 5
    assert "Cartes à découper" in pupil
    assert "As-tu déjà été témoin de harcèlement en ligne" in pupil
    assert "jusqu'à 3 ans de prison et 45 000 € d'amende" in pupil
    assert "Source : Code pénal" in pupil
    assert "Corrigé" not in pupil and "Réponse :" not in pupil
    assert "Corrigé — Qu'est-ce que le cyberharcèlement ?" in both
    assert "(1) harcèlement en ligne (2) Internet (3) propos (4) répétés (5) mentale" in both
    assert "Trou (1) harcèlement en ligne" in both and "Trou (5) mentale" in both
    assert "À retenir : Tu es témoin ?" in both


def test_qcm_options_with_boxes_and_answers_only_in_the_key(library):
    pupil = _flat(_text(_pdf(library, "qcm")))
    both = _flat(_text(_pdf(library, "qcm", answer_key=True)))
    for question in library.modules["qcm"].activites:
        assert _flat(question.question) in pupil
        for option in question.options:
            assert _flat(option.texte) in pupil
        assert _flat(question.explication) not in pupil and _flat(question.explication) in both
    assert re.search(r"Réponse : [A-D]\. Elle subit peut-être du harcèlement sans oser en parler", both)


def test_harcelometre_gauge_cards_and_key(library):
    pupil = _flat(_text(_pdf(library, "harcelometre")))
    both = _flat(_text(_pdf(library, "harcelometre", answer_key=True)))
    scale = library.modules["harcelometre"].activites[0]
    for zone in scale.zones:
        assert _flat(zone.libelle) in pupil and _flat(zone.message) in pupil
    for item in scale.items:
        assert _flat(item.texte) in pupil.split("Cartes à découper")[1]
    assert ": Respecte mes goûts, mes besoins, mes choix" not in pupil
    assert ": Respecte mes goûts, mes besoins, mes choix" in both.split("Ce comportement est sain")[-1]
    assert pupil.count("Le harcèlomètre Ce camarade / cette personne") == 1  # the title, once, then the sort
    assert "Les élèves placent" not in pupil  # the description speaks to the animateur, not on the sheet
    assert "En Avant Toute(s)" in pupil


def test_every_sheet_has_its_helplines_and_never_an_inactive_one(library):
    for module_id in ("cyberharcelement", "harcelometre", "qcm"):
        text = _flat(_text(_pdf(library, module_id)))
        sheet, help_page = text.split("À afficher ou à garder")
        assert "Besoin d'aide ? Tu n'es pas seul, tu n'es pas seule." in sheet
        assert "seul·e" not in text  # no point médian in what the kit writes itself
        for resource in library.resources_of(library.modules[module_id]):
            assert _flat(resource.court) in sheet and _flat(resource.nom) in help_page
        assert "3020 (ancien numéro)" not in text


def test_the_help_page_comes_once_per_print(library):
    text = _flat(_text(_pdf(library, "cyberharcelement", "harcelometre", "qcm", answer_key=True)))
    assert text.count("À afficher ou à garder") == 1
    assert text.count("Besoin d'aide ? Tu n'es pas seul") == 4  # 3 sheets + the help page


def _qr_codes(pdf: bytes) -> set[str]:
    found = set()
    document = pypdfium2.PdfDocument(pdf)
    for page in document:
        image = page.render(scale=4).to_pil()
        found.update(result.text for result in zxingcpp.read_barcodes(image))
    return found


def test_qr_codes_only_for_web_resources_never_a_number_to_dial(library):
    module = library.modules["cyberharcelement"]
    urls = {r.url for r in library.resources_of(module)}
    assert urls == {
        "https://3018.fr",
        "https://allo119.gouv.fr",
        "tel:112",
        "sms:114",
        "tel:3114",
        "https://internet-signalement.gouv.fr",
    }
    everything = _pdf(library, "cyberharcelement", "harcelometre", "qcm", answer_key=True)
    found = _qr_codes(everything)
    webs = {
        r.url
        for m in ("cyberharcelement", "harcelometre", "qcm")
        for r in library.resources_of(library.modules[m])
        if r.url.startswith("https://")
    }
    assert {"https://3018.fr", "https://allo119.gouv.fr"} <= webs and found == webs
    assert not [code for code in found if code.startswith(("tel:", "sms:"))]
    text = _flat(_text(everything))
    for number in ("17", "112", "114", "3018", "3114"):  # the numbers to call are written
        assert re.search(rf"\b{number}\b", text)


def test_identical_input_gives_identical_bytes(library):
    assert _pdf(library, "cyberharcelement", answer_key=True) == _pdf(library, "cyberharcelement", answer_key=True)


def test_copies_repeat_the_pupil_sheet_and_the_key_comes_once(library):
    one, three = _pages(_pdf(library, "cyberharcelement")), _pages(_pdf(library, "cyberharcelement", copies=3))
    key = _pages(_pdf(library, "cyberharcelement", answer_key=True)) - one
    assert three - 1 == 3 * (one - 1)  # the help page once
    assert _pages(_pdf(library, "cyberharcelement", copies=3, answer_key=True)) == three + key
    assert _pages(_pdf(library, "cyberharcelement", key_only=True)) == key


def _font_sizes(pdf: bytes) -> set[float]:
    sizes = set()

    def visit(text, cm, tm, font, size):
        if text.strip():
            sizes.add(round(size * tm[0], 1))

    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return sizes


def test_large_print_keeps_every_text_at_14_points_or_more(library):
    sizes = _font_sizes(_pdf(library, "harcelometre", "qcm", large=True, answer_key=True))
    assert min(sizes) >= 14  # the footer too
    assert min(_font_sizes(_pdf(library, "harcelometre")) - {9.0}) < 14


def test_a_module_from_a_user_folder_prints(library):
    text = _flat(_text(_pdf(library, "atelier-test", answer_key=True)))
    assert re.search(r"Le \(1\) _+ est gratuit et \(2\) _+\.", text)
    assert "payant" in text and "Réponse : faux" in text


def test_imprimer_command(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["imprimer", "qcm", "--corrige", "--exemplaires", "2"]) == 0
    assert capsys.readouterr().out == "Fiches écrites dans qcm.pdf.\n"
    assert (tmp_path / "qcm.pdf").read_bytes().startswith(b"%PDF")
    assert main(["imprimer", "qcn"]) == 1
    assert "le module « qcn » n'existe pas ; vouliez-vous dire « qcm » ?" in capsys.readouterr().err


def test_a_character_the_font_cannot_print_is_refused_in_french(tmp_path, capsys):
    (tmp_path / "fleche.yaml").write_text(
        'id: fleche\ntitre: Flèche\nactivites:\n  - {id: i, type: info, texte: "Va ↗ là"}\n', encoding="utf-8"
    )
    assert main(["--contenu", str(tmp_path), "imprimer", "fleche", "-o", str(tmp_path / "f.pdf")]) == 1
    assert "la police ne sait pas écrire certains caractères" in capsys.readouterr().err
    assert not (tmp_path / "f.pdf").exists()


def test_bilan_pdf_has_the_seed_figures_and_its_charts(tmp_path, capsys):
    data = str(tmp_path / "donnees")
    assert main(["--donnees", data, "importer", str(DATA / "bilan-annee-1.csv")]) == 0
    out = tmp_path / "bilan.pdf"
    assert main(["--donnees", data, "bilan", "--format", "pdf", "-o", str(out)]) == 0
    reader = pypdf.PdfReader(out)
    title_page = _flat(reader.pages[0].extract_text().replace("\u00a0", " "))
    assert "Période : année scolaire 2024-2025 (du 01/09/2024 au 31/08/2025)" in title_page
    assert "Structures : Afev, Citéo Médiation, Unis-Cité" in title_page
    text = _flat(_text(out.read_bytes()))
    assert (
        "134 animations ponctuelles réalisées sous forme d'ateliers ludiques : 120 en collège / 10 en lycée / 4 en centre "
        "social — 2 215 bénéficiaires"
    ) in text
    assert "91 élèves ambassadeurs formés : 70 collégiens, 21 lycéens" in text
    assert "Séances par action et par lieu" in text and "ateliers · collège 120" in text
    assert "Bénéficiaires par action et par lieu" in text and "ateliers · collège 2 040" in text
    capsys.readouterr()
    assert main(["--donnees", data, "bilan", "--format", "pdf"]) == 1
    assert "--format pdf : donnez le fichier à écrire avec -o" in capsys.readouterr().err


class _Stream:
    def __init__(self, tty: bool):
        self.tty, self.written = tty, ""

    def isatty(self) -> bool:
        return self.tty

    def write(self, text: str) -> None:
        self.written += text

    def flush(self) -> None:
        pass


def test_progress_only_on_a_terminal_and_only_past_a_second(monkeypatch):
    from harcelement_kit.paper import worksheets

    clock = iter([0.0, 0.5, 2.0, 3.0])
    monkeypatch.setattr(worksheets.time, "monotonic", lambda: next(clock))
    terminal = _Stream(True)
    report = worksheets.terminal_progress(terminal)
    report(1, 2)  # 0.5 s: too early to show anything
    assert terminal.written == ""
    report(2, 2)  # 2 s
    assert terminal.written == "\rImpression : 2/2 fiches…\n"
    piped = _Stream(False)
    worksheets.terminal_progress(piped)(2, 2)
    assert piped.written == ""


def test_print_typography_apostrophes_quotes_and_metadata(library, tmp_path):
    pdf = _pdf(library, "cyberharcelement", "qcm", answer_key=True)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    raw = "".join(page.extract_text() for page in reader.pages)
    assert "\u2019" in raw and "'" not in raw and '"' not in raw
    assert "Qu\u2019est-ce que le cyberharcèlement ?" in raw.replace("\u00a0", " ")
    meta = reader.metadata
    assert meta.title == (
        "Fiches élèves et corrigé — Qu\u2019est-ce que le cyberharcèlement ? ; Quiz : harcèlement et cyberharcèlement"
    )
    assert "cyberharcelement, qcm" in meta.subject
    assert reader.trailer["/Root"]["/Lang"] == "fr-FR"
    assert "'" in library.modules["qcm"].activites[0].question  # the content keeps its straight ones


def _footer_size(pdf: bytes) -> set[float]:
    sizes = set()

    def visit(text, cm, tm, font, size):
        if "page" in text and "/" in text:
            sizes.add(round(size * tm[0], 1))

    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return sizes


def test_the_footer_grows_with_large_print(library):
    assert _footer_size(_pdf(library, "qcm")) == {9.0}
    assert min(_footer_size(_pdf(library, "qcm", large=True))) >= 14
