"""Answer sheets printed for a moment (issue 17): « AVANT l'atelier » / « APRÈS l'atelier »
in the title and in the QR code, the paired items only, and the reading counts each
sheet under its moment, even when both piles come back in one scan. Every scan is made
from the real printed PDF, as in test_answer_sheets."""

from __future__ import annotations

import io
import random

import pypdf
import pytest
import zxingcpp

from harcelement_kit.content.loader import load_bundled_library
from harcelement_kit.paper.answer_sheet import sheet_layout
from harcelement_kit.tally.store import Store

from kit_process import seance_argv
from sheet_scans import distort, images_to_pdf, mark_page, random_answers, random_distortion, render_pages


@pytest.fixture(scope="module")
def library():
    return load_bundled_library([])


def _words(pdf: bytes, page: int = 0) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return " ".join(reader.pages[page].extract_text().replace("\u2019", "'").split())


def _print(kit, tmp_path, moment: str, copies: int) -> bytes:
    out = tmp_path / f"fiches-{moment or 'module'}.pdf"
    args = ["imprimer", "qcm", "--fiche-reponses", "--exemplaires", str(copies), "-o", str(out)]
    code, text, err = kit(*args, *(["--moment", moment] if moment else []))
    assert code == 0, err
    return out.read_bytes()


def test_a_sheet_printed_for_a_moment_says_it_in_its_title_and_qr_code(kit, tmp_path, library):
    qcm = library.modules["qcm"]
    paired = [a for a in qcm.activites if a.avant_apres]
    before = _print(kit, tmp_path, "avant", 2)
    after = _print(kit, tmp_path, "apres", 2)
    whole = _print(kit, tmp_path, "", 2)
    assert "AVANT l'atelier" in _words(before) and "APRÈS" not in _words(before)
    assert "APRÈS l'atelier" in _words(after) and "AVANT l'atelier" not in _words(after)
    assert "AVANT l'atelier" not in _words(whole) and "APRÈS l'atelier" not in _words(whole)
    # the paired items alone, numbered from 1, and the same questions before and after
    for pdf in (before, after):
        words = _words(pdf)
        assert all(words.count(" ".join(a.question.split()[:6])) == 2 for a in paired)  # two sheets per page
    lay_before, lay_after = sheet_layout(qcm, moment="avant"), sheet_layout(qcm, moment="apres")
    assert [q.activity for q in lay_before.questions] == [a.id for a in paired]
    assert {q.moment for q in lay_before.questions} == {"avant"}
    assert {q.moment for q in lay_after.questions} == {"apres"}
    # the QR code says which moment; a sheet printed without one keeps its four words
    assert {c.text for c in zxingcpp.read_barcodes(render_pages(before, 150)[0])} == {lay_before.payload}
    assert lay_before.payload.endswith(" A") and lay_after.payload.endswith(" P")
    assert len(sheet_layout(qcm).payload.split()) == 4 and lay_before.digest != lay_after.digest
    # a module with no paired item: a French message, no PDF
    code, _, err = kit(
        "imprimer", "harcelometre", "--fiche-reponses", "--moment", "avant", "-o", str(tmp_path / "x.pdf")
    )
    assert code != 0 and "aucune question posée avant et après l'atelier" in err and not (tmp_path / "x.pdf").exists()
    code, _, err = kit("imprimer", "qcm", "--moment", "avant", "-o", str(tmp_path / "y.pdf"))
    assert code != 0 and "--moment va avec --fiche-reponses" in err


def _fill(pdf: bytes, layout, sheets: int, rng: random.Random) -> tuple[list, dict]:
    """`sheets` sheets filled at random: the pages, and the expected counts per option."""
    pages = render_pages(pdf, 150)
    expected: dict = {}
    for n in range(sheets):
        slot = layout.regions[n % len(layout.regions)].slot
        marks, answers = random_answers(layout, rng, blank_share=0.0)
        mark_page(pages[n // len(layout.regions)], layout, slot, marks, 150, rng)
        for index, options in answers.items():
            q = layout.questions[index]
            for o in options:
                key = ("qcm", q.activity, q.item, o, layout.moment)
                expected[key] = expected.get(key, 0) + 1
    return pages[: (sheets + 1) // 2], expected


def test_a_mixed_scan_of_avant_and_apres_sheets_counts_each_pile_under_its_moment(kit, tmp_path, library):
    rng = random.Random(17)
    qcm = library.modules["qcm"]
    code, _, _ = kit(*seance_argv(participants=12, modules=("qcm",)))
    assert code == 0
    with Store(kit.data) as store:
        seance = store.seances()[0].id
    before_pages, before = _fill(_print(kit, tmp_path, "avant", 12), sheet_layout(qcm, moment="avant"), 12, rng)
    after_pages, after = _fill(_print(kit, tmp_path, "apres", 10), sheet_layout(qcm, moment="apres"), 10, rng)
    scans = [
        distort(p, rng, **random_distortion(rng, upside_down=i % 4 == 0))
        for i, p in enumerate(before_pages + after_pages)
    ]
    rng.shuffle(scans)  # the two piles came back in one stack
    (tmp_path / "scan.pdf").write_bytes(images_to_pdf(scans, 150))
    code, out, _ = kit("lire", str(tmp_path / "scan.pdf"))
    assert code == 0, out
    assert "22 fiche(s) lue(s) sur 11 page(s) ou image(s) (qcm « après », qcm « avant »)" in out
    assert "douteuse" not in out and "Attention" not in out  # 12 and 10 sheets for 12 participants
    with Store(kit.data) as store:
        stored = store.get(seance)
    assert stored.counts == {}  # nothing of a before / after sheet goes into the ordinary counts
    assert stored.moment_counts == {**before, **after}
    assert sum(n for k, n in stored.moment_counts.items() if k[4] == "avant") == 12 * 3
    assert sum(n for k, n in stored.moment_counts.items() if k[4] == "apres") == 10 * 3


def test_a_retrospective_item_counts_as_retrospective_on_the_whole_module_sheet(library):
    """A sheet printed without a moment reads as before, except that a retrospective item
    counts where the bilan looks for it (as in Animer)."""
    from harcelement_kit.content.loader import load_library
    from harcelement_kit.reading.sheets_batch import Batch, batch_counts
    from harcelement_kit.reading.sheets import SheetRead
    from pathlib import Path

    retro = load_library([Path(__file__).parent / "data" / "contenu-avant-apres"]).modules["retro"]
    layout = sheet_layout(retro)
    assert len(layout.payload.split()) == 4 and {q.moment for q in layout.questions} == {"retrospectif"}
    assert all(q.sensitive for q in layout.questions)
    counts, _ = batch_counts(Batch(sheets=[SheetRead("x", layout, {0: (0,), 1: (2,)})]))
    assert counts == {"retro": {("savoir-agir", 0, 0, "retrospectif"): 1, ("savoir-agir", 1, 2, "retrospectif"): 1}}
    qcm = sheet_layout(library.modules["qcm"])
    counts, _ = batch_counts(Batch(sheets=[SheetRead("x", qcm, {0: (1,)})]))
    assert counts == {"qcm": {(qcm.questions[0].activity, 0, 1): 1}}


def _lines(pdf: bytes, page: int = 0) -> list[tuple[float, float, str]]:
    """(y from the top, x, text) of each piece of text on `page`, in points."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    height = float(reader.pages[page].mediabox.height)
    found: list = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.append((round(height - tm[5], 1), round(tm[4], 1), text.replace("\u2019", "'").strip()))

    reader.pages[page].extract_text(visitor_text=visit)
    return sorted(found)


def test_a_before_sheet_stands_alone_each_option_under_its_question(kit, tmp_path, library):
    """Handed out before anything is projected, the sheet says what A, B and C are: each
    option's text, with its letter, below its question and above the next one; two sheets
    per A4 page still; the PDF's title names the module and the moment."""
    qcm = library.modules["qcm"]
    paired = [a for a in qcm.activites if a.avant_apres]
    pdf = _print(kit, tmp_path, "avant", 30)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 15  # two sheets per A4 page, with a cut line
    assert reader.metadata.title == f"Fiches-réponses — {qcm.titre} — avant"
    after = pypdf.PdfReader(io.BytesIO(_print(kit, tmp_path, "apres", 1))).metadata.title
    assert after == f"Fiches-réponses — {qcm.titre} — après"
    assert "1 = A, 2 = B, 3 = C" in _words(pdf)
    lines = [(y, x, t) for y, x, t in _lines(pdf) if y < 842 / 2]  # the top sheet
    ys = []
    for activity in paired:
        question = next(y for y, _, t in lines if " ".join(activity.question.split()[:5]) in t)
        option_ys = []
        for letter, option in zip("ABC", activity.options):
            text = option.texte if hasattr(option, "texte") else str(option)
            found = [(y, x) for y, x, t in lines if t.startswith(text[:20])]
            assert found, (text, lines)
            y, x = found[0]
            # its letter on the same line, just left of the text
            assert any(abs(ly - y) < 1.5 and lt == letter and x - 25 < lx < x for ly, lx, lt in lines), letter
            option_ys.append(y)
        assert question < option_ys[0] < option_ys[1] < option_ys[2]
        ys.append((question, option_ys[-1]))
    assert all(ys[i][1] < ys[i + 1][0] for i in range(len(ys) - 1))  # options before the next question
    # the boxes stay on the question's line, at the right, where the reader measures them
    layout = sheet_layout(qcm, moment="avant")
    assert layout.region_kind == "demi"
    assert all(len({b.y for b in q.boxes}) == 1 and min(b.x for b in q.boxes) > 170 for q in layout.questions)
    assert [len(q.listing) for q in layout.questions] == [3, 3, 3]
    # an ordinary sheet of the whole module lists nothing (too many questions) and keeps its hash
    assert not any(q.listing for q in sheet_layout(qcm).questions)


def test_a_before_sheet_with_its_options_reads_back_bent_and_in_large_print(kit, tmp_path, library):
    """The option lines moved the boxes down: a photo of a bent sheet, and the large print
    (one per page), made from the printed PDF, count exactly."""
    from harcelement_kit.paper.answer_sheet import print_answer_sheets
    import cv2

    rng = random.Random(5)
    qcm = library.modules["qcm"]
    code, _, _ = kit(*seance_argv(participants=12, modules=("qcm",)))
    assert code == 0
    expected: dict = {}
    for n, large in enumerate((False, True)):
        layout = sheet_layout(qcm, large, "avant")
        pdf = print_answer_sheets([qcm], copies=len(layout.regions), large=large, moment="avant")
        pages, got = _fill(pdf, layout, len(layout.regions), rng)
        for k, v in got.items():
            expected[k] = expected.get(k, 0) + v
        scan = distort(
            pages[0],
            rng,
            angle=-8.5 if large else 6.0,
            warp=0.03,
            blur=1.0,
            light=0.4,
            jpeg=60,
            shadow=0.4,
            bend=0 if large else 2.5,
        )
        cv2.imwrite(str(tmp_path / f"photo{n}.jpg"), scan)
        code, out, _ = kit("lire", str(tmp_path / f"photo{n}.jpg"))
        assert code == 0, out
        assert f"{len(layout.regions)} fiche(s) lue(s)" in out and "douteuse" not in out
    with Store(kit.data) as store:
        assert store.get(store.seances()[0].id).moment_counts == expected
