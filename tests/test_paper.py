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
    typography made plain."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    lines = [line for page in reader.pages for line in page.extract_text().splitlines()
             if not re.search(r" — page \d+/\d+$", line)]
    return "\n".join(lines).replace("\u00a0", " ")


def _flat(text: str) -> str:
    return " ".join(text.split())


def _pages(pdf: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def test_cyberharcelement_pupil_sheet_and_key(library):
    pupil = _flat(_text(_pdf(library, "cyberharcelement")))
    both = _flat(_text(_pdf(library, "cyberharcelement", answer_key=True)))
    module = library.modules["cyberharcelement"]
    definition, situations = module.activity("definition"), module.activity("situations")
    assert "Le (1) ____________ (cyberharcèlement) est un harcèlement" in pupil
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
    assert "À retenir : Tu es témoin ?" in both


def test_qcm_options_with_boxes_and_answers_only_in_the_key(library):
    pupil = _flat(_text(_pdf(library, "qcm")))
    both = _flat(_text(_pdf(library, "qcm", answer_key=True)))
    for question in library.modules["qcm"].activites:
        assert _flat(question.question) in pupil
        for option in question.options:
            assert _flat(option.texte) in pupil
        assert _flat(question.explication) not in pupil and _flat(question.explication) in both
    assert "Réponse : Elle subit peut-être du harcèlement sans oser en parler" in both


def test_harcelometre_gauge_cards_and_key(library):
    pupil = _flat(_text(_pdf(library, "harcelometre")))
    both = _flat(_text(_pdf(library, "harcelometre", answer_key=True)))
    scale = library.modules["harcelometre"].activites[0]
    for zone in scale.zones:
        assert _flat(zone.libelle) in pupil and _flat(zone.message) in pupil
    for item in scale.items:
        assert _flat(item.texte) in pupil.split("Cartes à découper")[1]
    assert "Respecte mes goûts, mes besoins, mes choix : Ce comportement est sain" not in pupil
    assert "Respecte mes goûts, mes besoins, mes choix : Ce comportement est sain" in both
    assert "En Avant Toute(s)" in pupil


def test_every_sheet_has_its_helplines_and_never_an_inactive_one(library):
    for module_id in ("cyberharcelement", "harcelometre", "qcm"):
        text = _flat(_text(_pdf(library, module_id)))
        assert "Besoin d'aide ? Tu n'es pas seul ou seule." in text
        for resource in library.resources_of(library.modules[module_id]):
            assert _flat(resource.nom) in text
        assert "3020 (ancien numéro)" not in text


def _qr_codes(pdf: bytes) -> set[str]:
    found = set()
    document = pypdfium2.PdfDocument(pdf)
    for page in document:
        image = page.render(scale=4).to_pil()
        found.update(result.text for result in zxingcpp.read_barcodes(image))
    return found


def test_every_qr_code_decodes_to_its_resource_address(library):
    module = library.modules["cyberharcelement"]
    expected = {r.url for r in library.resources_of(module)}
    assert expected == {"https://3018.fr", "https://allo119.gouv.fr", "tel:112", "sms:114", "tel:3114",
                        "https://internet-signalement.gouv.fr"}
    assert _qr_codes(_pdf(library, "cyberharcelement")) == expected


def test_identical_input_gives_identical_bytes(library):
    assert _pdf(library, "cyberharcelement", answer_key=True) == _pdf(library, "cyberharcelement",
                                                                       answer_key=True)


def test_copies_repeat_the_pupil_sheet_and_the_key_comes_once(library):
    one, three = _pages(_pdf(library, "cyberharcelement")), _pages(_pdf(library, "cyberharcelement", copies=3))
    key = _pages(_pdf(library, "cyberharcelement", answer_key=True)) - one
    assert three == 3 * one
    assert _pages(_pdf(library, "cyberharcelement", copies=3, answer_key=True)) == 3 * one + key


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
    assert min(sizes - {9.0}) >= 14   # 9 pt: the page footer only
    assert min(_font_sizes(_pdf(library, "harcelometre")) - {9.0}) < 14


def test_a_module_from_a_user_folder_prints(library):
    text = _flat(_text(_pdf(library, "atelier-test", answer_key=True)))
    assert "Le (1) ____________ est gratuit et (2) ____________." in text
    assert "payant" in text and "Réponse : faux" in text


def test_imprimer_command(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["imprimer", "qcm", "--corrige", "--exemplaires", "2"]) == 0
    assert capsys.readouterr().out == "Fiches écrites dans qcm.pdf.\n"
    assert (tmp_path / "qcm.pdf").read_bytes().startswith(b"%PDF")
    assert main(["imprimer", "qcn"]) == 1
    assert ("le module « qcn » n'existe pas ; vouliez-vous dire « qcm » ?"
            in capsys.readouterr().err)


def test_a_character_the_font_cannot_print_is_refused_in_french(tmp_path, capsys):
    (tmp_path / "fleche.yaml").write_text(
        "id: fleche\ntitre: Flèche\nactivites:\n  - {id: i, type: info, texte: \"Va ↗ là\"}\n",
        encoding="utf-8")
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
    assert "Période : du 02/09/2024 au 19/06/2025" in title_page
    assert "structures : afev, citeo, unis-cite" in title_page
    text = _flat(_text(out.read_bytes()))
    assert ("134 animations ponctuelles (ateliers) : 120 en collège / 10 en lycée / 4 en centre "
            "social — 2 215 bénéficiaires") in text
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
    report(1, 2)                                  # 0.5 s: too early to show anything
    assert terminal.written == ""
    report(2, 2)                                  # 2 s
    assert terminal.written == "\rImpression : 2/2 fiches…\n"
    piped = _Stream(False)
    worksheets.terminal_progress(piped)(2, 2)
    assert piped.written == ""
