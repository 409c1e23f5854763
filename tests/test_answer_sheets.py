"""Answer sheets, as an animateur uses them: print, fill (synthetic pens), scan or
photograph (synthetic copier and phone), `lire`, then the counts read back from
the store. Every scan is made from the real printed PDF."""

from __future__ import annotations

import datetime
import io
import random
import sqlite3

import cv2
import numpy as np
import pypdf
import pytest
import zxingcpp

from harcelement_kit.content.loader import load_bundled_library
from harcelement_kit.paper.answer_sheet import print_answer_sheets, sheet_layout
from harcelement_kit.tally.store import Store

from kit_process import seance_argv
from sheet_scans import distort, images_to_pdf, mark_page, random_answers, random_distortion, render_pages


@pytest.fixture(scope="module")
def library():
    return load_bundled_library([])


def _seance(kit, *modules: str, before: tuple = ()) -> str:
    code, out, _ = kit(*before, *seance_argv(modules=modules))
    assert code == 0
    with Store(kit.data) as store:
        return store.seances()[0].id


def _counts(kit, seance_id: str) -> dict:
    with Store(kit.data) as store:
        return store.get(seance_id).counts


def _expected_counts(layout, sheets: list[dict]) -> dict:
    counts: dict = {}
    for answers in sheets:
        for index, options in answers.items():
            q = layout.questions[index]
            for o in options:
                key = (layout.module_id, q.activity, q.item, o)
                counts[key] = counts.get(key, 0) + 1
    return counts


def _filled_pages(
    layout, pdf: bytes, dpi: int, rng: random.Random, sheets: int, marks_for=None
) -> tuple[list[np.ndarray], list[dict]]:
    """Pages with `sheets` sheets marked (two per page), and the answers marked on each."""
    pages = render_pages(pdf, dpi)
    expected = []
    for n in range(sheets):
        page, slot = pages[n // len(layout.regions)], layout.regions[n % len(layout.regions)].slot
        marks, answers = marks_for(n) if marks_for else random_answers(layout, rng)
        mark_page(page, layout, slot, marks, dpi, rng)
        expected.append(answers)
    return pages[: (sheets + len(layout.regions) - 1) // len(layout.regions)], expected


# -- the printed sheet ----------------------------------------------------------------


def test_printed_sheet_is_anonymous_with_markers_and_a_qr_code(kit, tmp_path, library):
    out = tmp_path / "fiches.pdf"
    code, text, _ = kit("imprimer", "harcelometre", "--fiche-reponses", "--exemplaires", "26", "-o", str(out))
    assert code == 0 and "deux par page A4" in text
    pdf = out.read_bytes()
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 13  # 26 pupils, two sheets per A4
    words = " ".join(reader.pages[0].extract_text().replace("\u2019", "'").split())  # ’ printed as '
    assert "n'écris pas ton nom" in words
    for field in ("Nom :", "Prénom", "Classe :", "Nom et"):
        assert field not in words
    assert words.count("je ne souhaite pas") == 2 and words.count("Lance des rumeurs sur moi") == 2
    page = render_pages(pdf, 150)[0]
    layout = sheet_layout(library.modules["harcelometre"])
    codes = zxingcpp.read_barcodes(page)
    assert sorted(c.text for c in codes) == [layout.payload] * 2
    assert layout.payload.startswith("HKF1 harcelometre N ")
    detector = cv2.aruco.ArucoDetector(cv2.aruco.getPredefinedDictionary(cv2.aruco.DICT_4X4_50))
    _, ids, _ = detector.detectMarkers(page)
    assert sorted(ids.flatten().tolist()) == list(range(8))
    # the large-print sheet takes a whole page, with its own marker ids
    big = print_answer_sheets([library.modules["harcelometre"]], large=True)
    _, ids, _ = detector.detectMarkers(render_pages(big, 100)[0])
    assert sorted(ids.flatten().tolist()) == [8, 9, 10, 11]
    # every copy is identical: nothing on a sheet can tell two pupils apart
    pages = render_pages(pdf, 50)
    assert all(np.array_equal(pages[0], p) for p in pages[1:])


def test_every_countable_activity_has_its_boxes(library):
    qcm = sheet_layout(library.modules["qcm"])
    assert len(qcm.questions) == 13 and {len(q.boxes) for q in qcm.questions} == {3}
    cyber = sheet_layout(library.modules["cyberharcelement"])
    blanks = [q for q in cyber.questions if q.activity == "definition"]
    assert [q.label for q in blanks] == ["Trou 1", "Trou 2", "Trou 3", "Trou 4", "Trou 5"]
    assert blanks[0].options == tuple(library.modules["cyberharcelement"].activity("definition").bank)
    situations = [q for q in cyber.questions if q.activity == "situations"]
    assert situations[0].options == ("oui", "non") and len(situations) == 5
    scale = sheet_layout(library.modules["harcelometre"])
    assert {q.activity for q in scale.questions} == {"harcelometre.passation"}
    assert scale.questions[0].options[-1] == "je ne souhaite pas répondre"
    assert all(q.sensitive for q in scale.questions)
    behaviours = library.modules["harcelometre"].activity("harcelometre").items
    assert [q.label for q in scale.questions] == [b.texte for b in behaviours]
    assert [q.number for q in scale.questions] == list(range(1, len(behaviours) + 1))
    assert scale.region_kind == "demi"  # two pupils per sheet of paper


# -- reading back ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "module,dpi,large,bend",
    [
        ("harcelometre", 150, False, 0),
        ("qcm", 200, False, 0),
        ("cyberharcelement", 300, False, 0),
        ("harcelometre", 150, True, 0),
        ("harcelometre", 200, False, 2.5),  # a sheet that does not lie flat: its middle moved 2.5 mm
    ],
)
def test_round_trip_through_a_distorted_scan_counts_exactly(kit, tmp_path, library, module, dpi, large, bend):
    rng = random.Random(dpi)
    layout = sheet_layout(library.modules[module], large)
    sheets = len(layout.regions)  # both halves of a page, or the large print's whole page
    pdf = print_answer_sheets([library.modules[module]], copies=sheets, large=large)
    pages, expected = _filled_pages(layout, pdf, dpi, rng, sheets)
    scan = distort(pages[0], rng, angle=-8.5, warp=0.03, blur=1.0, light=0.4, jpeg=60, shadow=0.4, bend=bend)
    path = tmp_path / "photo.jpg"
    cv2.imwrite(str(path), scan)
    seance = _seance(kit, module)
    code, out, _ = kit("lire", str(path))
    assert code == 0, out
    assert f"{sheets} fiche(s) lue(s)" in out and "douteuse" not in out
    assert _counts(kit, seance) == _expected_counts(layout, expected)


def test_thirty_sheets_shuffled_some_upside_down_through_lire(kit, tmp_path, library):
    rng = random.Random(30)
    module = library.modules["harcelometre"]
    layout = sheet_layout(module)
    pdf = print_answer_sheets([module], copies=30)
    pages, expected = _filled_pages(layout, pdf, 150, rng, 30)
    scans = [distort(p, rng, **random_distortion(rng, upside_down=i % 3 == 0)) for i, p in enumerate(pages)]
    rng.shuffle(scans)
    (tmp_path / "scan.pdf").write_bytes(images_to_pdf(scans, 150))
    seance = _seance(kit, "harcelometre")
    code, out, _ = kit("lire", str(tmp_path / "scan.pdf"))
    assert code == 0
    assert "30 fiche(s) lue(s) sur 15 page(s)" in out and "douteuse" not in out
    assert "Attention" not in out  # 30 sheets, 30 participants
    counts = _counts(kit, seance)
    assert counts == _expected_counts(layout, expected)
    with Store(kit.data) as store:
        assert store.get(seance).sensitive == {("harcelometre", "harcelometre.passation")}


def test_doubts_are_listed_not_counted_then_decided_with_revoir(kit, tmp_path, library, monkeypatch):
    rng = random.Random(7)
    layout = sheet_layout(library.modules["qcm"])
    pdf = print_answer_sheets([library.modules["qcm"]], copies=2)
    doubtful = {
        0: [(0, "tick"), (2, "tick")],  # two boxes ticked
        1: [(1, "fill"), (2, "tick")],  # a ticked box filled in, another ticked
        2: [(1, "faint")],  # a faint mark
        3: [(2, "cross")],
    }  # clear
    pages, _ = _filled_pages(layout, pdf, 200, rng, 2, marks_for=lambda n: (doubtful, {}))
    scan = distort(pages[0], rng, angle=4, blur=0.6, jpeg=60)
    cv2.imwrite(str(tmp_path / "scan2.png"), scan)
    seance = _seance(kit, "qcm")
    code, out, _ = kit("lire", str(tmp_path / "scan2.png"))
    assert "feuille 1 (scan2.png, haut), question 1 : deux cases cochées (A et C) → sans réponse" in out
    assert "feuille 1 (scan2.png, haut), question 2 : case B noircie et case C cochée (une correction ?)" in out
    assert "feuille 1 (scan2.png, haut), question 3 : marque légère en B" in out
    assert "feuille 2 (scan2.png, bas), question 1 : deux cases cochées" in out
    assert out.count("→ sans réponse") == 6
    q = {i: layout.questions[i] for i in range(4)}
    assert _counts(kit, seance) == {("qcm", q[3].activity, 0, 2): 2}
    # the same sheets photographed again, decided one by one with --revoir
    cv2.imwrite(str(tmp_path / "scan3.png"), distort(pages[0], rng, angle=-3, jpeg=60))
    monkeypatch.setattr("sys.stdin", io.StringIO("C\nC\n\nz\nC\nA\nB\n"))
    code, out, _ = kit("lire", "--revoir", str(tmp_path / "scan3.png"))
    assert "Sans doute : C" in out and "Attendu : A ou B ou C, ou Entrée." in out
    counts = _counts(kit, seance)
    assert counts[("qcm", q[0].activity, 0, 2)] == 1 + 1  # sheet 1 C, sheet 2 C (after a typo)
    assert counts[("qcm", q[1].activity, 0, 2)] == 1 and counts[("qcm", q[1].activity, 0, 0)] == 1
    assert counts[("qcm", q[2].activity, 0, 1)] == 1  # sheet 1 left without answer, sheet 2 B
    assert counts[("qcm", q[3].activity, 0, 2)] == 4


def test_wrong_sheets_blank_pages_and_walls_are_listed_and_count_nothing(kit, tmp_path, library):
    rng = random.Random(3)
    contenu = tmp_path / "contenu"
    contenu.mkdir()
    yaml = (
        "id: perso\ntitre: Mon quiz\nactivites:\n  - id: q1\n    type: qcm\n    question: {q}\n"
        "    options:\n      - texte: oui\n        correcte: true\n      - texte: non\n"
    )
    (contenu / "perso.yaml").write_text(yaml.format(q="Deux et deux font quatre ?"), encoding="utf-8")
    perso_pdf = tmp_path / "perso.pdf"
    assert kit("--contenu", str(contenu), "imprimer", "perso", "--fiche-reponses", "-o", str(perso_pdf))[0] == 0
    (contenu / "perso.yaml").write_text(yaml.format(q="Deux et deux font cinq ?"), encoding="utf-8")
    perso = render_pages(perso_pdf.read_bytes(), 150)[0]
    cv2.imwrite(str(tmp_path / "edite.png"), distort(perso, rng, angle=2, jpeg=60))
    other = sheet_layout(library.modules["cyberharcelement"])
    pages, _ = _filled_pages(other, print_answer_sheets([library.modules["cyberharcelement"]]), 150, rng, 1)
    cv2.imwrite(str(tmp_path / "autre.jpg"), distort(pages[0], rng, angle=-5, jpeg=60))
    cv2.imwrite(str(tmp_path / "blanche.png"), np.full((1754, 1240), 245, np.uint8))
    wall = cv2.GaussianBlur((np.random.default_rng(5).random((900, 1200)) * 255).astype(np.uint8), (0, 0), 3)
    cv2.imwrite(str(tmp_path / "mur.jpg"), cv2.addWeighted(wall, 0.6, np.full_like(wall, 120), 0.4, 0))
    (tmp_path / "abime.jpg").write_bytes(b"\xff\xd8 not really a jpeg")
    seance = _seance(kit, "harcelometre")
    names = ["edite.png", "autre.jpg", "blanche.png", "mur.jpg", "abime.jpg"]
    code, out, _ = kit("--contenu", str(contenu), "lire", *[str(tmp_path / n) for n in names])
    assert code == 1
    assert "0 fiche(s) lue(s) sur 5 page(s)" in out
    assert (
        "edite.png, haut : fiche du module « perso », qui n'est pas dans cette séance : rien compté "
        "(pour l'y ajouter : lire --module perso)" in out
    )
    assert "autre.jpg, haut : fiche du module « cyberharcelement », qui n'est pas dans cette séance" in out
    assert "blanche.png : aucun repère de fiche-réponses" in out
    assert "mur.jpg : aucun repère de fiche-réponses" in out
    assert "abime.jpg : image illisible" in out
    assert _counts(kit, seance) == {}
    # the animateur adds the module to the séance: the same sheet is then counted
    code, out, _ = kit("lire", "--module", "cyberharcelement", str(tmp_path / "autre.jpg"))
    assert "1 fiche(s) lue(s)" in out and sum(_counts(kit, seance).values()) > 0
    with Store(kit.data) as store:
        assert store.get(seance).modules == ("harcelometre", "cyberharcelement")
        store.forget_read_images(seance_id=seance)
    code, out, err = kit("lire", "--module", "cyberharcelemen", str(tmp_path / "autre.jpg"))
    assert code == 1 and "--module : « cyberharcelemen » n'existe pas" in err and "cyberharcelement" in err
    seance = _seance(kit, "harcelometre")
    # a sheet that bulges 6 mm off the table: listed whole, never half-read
    layout = sheet_layout(library.modules["harcelometre"])
    pages, _ = _filled_pages(layout, print_answer_sheets([library.modules["harcelometre"]], copies=2), 150, rng, 2)
    cv2.imwrite(str(tmp_path / "bombee.jpg"), distort(pages[0], rng, angle=3, bend=6, jpeg=60))
    code, out, _ = kit("lire", str(tmp_path / "bombee.jpg"))
    assert "bombee.jpg, haut : feuille pas à plat ou froissée" in out
    assert "bombee.jpg, bas : feuille pas à plat ou froissée" in out
    assert _counts(kit, seance) == {}
    # in a séance of that module, the edited module's old sheet is still refused
    seance = _seance(kit, "perso", before=("--contenu", str(contenu)))
    code, out, _ = kit("--contenu", str(contenu), "lire", str(tmp_path / "edite.png"))
    assert "imprimée avant une modification de ses questions : rien compté" in out
    assert _counts(kit, seance) == {}


def test_reading_twice_counts_once_and_nothing_of_a_sheet_stays(kit, tmp_path, library):
    rng = random.Random(11)
    layout = sheet_layout(library.modules["harcelometre"])
    pdf = print_answer_sheets([library.modules["harcelometre"]], copies=2)
    pages, expected = _filled_pages(layout, pdf, 150, rng, 2)
    scan = distort(pages[0], rng, angle=6, jpeg=60)
    (tmp_path / "scan.pdf").write_bytes(images_to_pdf([scan], 150))
    folder = tmp_path / "dossier"
    folder.mkdir()
    (folder / "copie.pdf").write_bytes((tmp_path / "scan.pdf").read_bytes())
    seance = _seance(kit, "harcelometre")
    kit("lire", str(tmp_path / "scan.pdf"))
    code, out, _ = kit("lire", str(tmp_path / "scan.pdf"), str(folder))
    assert "déjà lue, non recomptée : scan.pdf p. 1" in out
    assert "déjà lue, non recomptée : copie.pdf p. 1" in out
    assert _counts(kit, seance) == _expected_counts(layout, expected)
    # the data folder holds the store and nothing that looks like an image or a sheet
    files = [p for p in kit.data.rglob("*") if p.is_file()]
    assert {p.name for p in files} <= {"comptage.sqlite3", "comptage.sqlite3-wal", "comptage.sqlite3-shm"}
    for p in files:
        raw = p.read_bytes()
        for signature in (b"\x89PNG", b"\xff\xd8\xff", b"%PDF", b"HKF1"):
            assert signature not in raw, (p.name, signature)
    conn = sqlite3.connect(kit.data / "comptage.sqlite3")
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    assert "meta" in tables and len(tables) >= 5
    for table in tables:  # no image, no array of pixels, anywhere in the store
        for column in [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]:
            assert conn.execute(f"SELECT COUNT(*) FROM {table} WHERE typeof({column}) = 'blob'").fetchone()[0] == 0
    marks = [r[0] for r in conn.execute("SELECT key FROM meta WHERE key LIKE 'image-lue:%'")]
    assert len(marks) == 1 and len(marks[0].rsplit(":", 1)[1]) == 64  # one fingerprint, no pixels
    conn.close()
    # the fingerprints last as long as the séance: « Terminer la séance », or its day over
    from harcelement_kit.tally.meeting import close_seance

    with Store(kit.data) as store:
        assert len(store.read_image_hashes(seance)) == 1
        close_seance(store, seance)
        assert store.read_image_hashes(seance) == set()
        store.add_sheet_batch(seance, {}, set(), ["ab" * 32], datetime.date.today().isoformat())
        store.forget_read_images(before_day=(datetime.date.today() + datetime.timedelta(days=1)).isoformat())
        assert store.read_image_hashes(seance) == set()
    kit(*seance_argv(participants=1, modules=("harcelometre",)))
    # the latest séance of the day would receive them, but 2 sheets for 1 participant break the
    # séance's bounds (issue 12): nothing is counted and the animateur is told why
    code, out, err = kit("lire", str(tmp_path / "scan.pdf"))
    assert code != 0
    assert "plus de réponses que de participants" in out + err
    with Store(kit.data) as store:
        latest = store.seances()[0]
        assert latest.id != seance and not latest.counts
