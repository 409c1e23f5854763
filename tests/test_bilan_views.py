"""The bilan where users see it: the UI's Bilan screen and the PDF's answers page."""

from __future__ import annotations

import io
import re

import pypdf
import pytest

from harcelement_kit.content.loader import load_bundled_library
from harcelement_kit.paper.bilan_pdf import bilan_pdf
from harcelement_kit.tally.bilan import compute_figures
from harcelement_kit.tally.store import Store
from harcelement_kit.tui.screens.accueil import AccueilScreen
from harcelement_kit.tui.screens.bilan import BilanScreen

from tally_helpers import seance
from tui_helpers import build_app, screen_text

QUESTION = "Où le harcèlement peut-il avoir lieu ?"


def _fill(data) -> None:
    """Three pupils: 2 of 3 right on two questions; a sensitive scale answered twice."""
    with Store(data) as store:
        s = store.add_seance(seance(participants=3, modules=("qcm", "harcelometre")))
        for key, n in {("uniquement-ecole", 0, 1): 2, ("uniquement-ecole", 0, 2): 1,
                       ("temoin-en-ligne", 0, 1): 2, ("temoin-en-ligne", 0, 0): 1}.items():
            store.set_count(s.id, "qcm", *key, n)
        store.set_count(s.id, "harcelometre", "harcelometre", 0, 1, 2, sensitive=True)


async def test_the_bilan_screen_shows_the_figures_and_goes_back(tmp_path):
    _fill(tmp_path)
    app = build_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, BilanScreen)
        text = screen_text(app).replace("\u00a0", " ")
        assert "Bilan — toutes les séances de cet ordinateur" in text
        assert "Bilan du 10/03/2025 au 10/03/2025 — structures : afev — 1 séance" in text
        assert "1 animation ponctuelle (ateliers) : 1 en collège — 3 bénéficiaires" in text
        assert f"{QUESTION} : 67 % de bonnes réponses (n = 3)" in text
        assert "n.d. (réponses sensibles, trop peu nombreuses pour être publiées)" in text
        assert "harcelement-kit bilan --format md -o bilan.md" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, AccueilScreen)


def _rectangles(page) -> list[tuple[float, float, float, float]]:
    """The filled rectangles drawn on a page (x, y, width, height), from its content stream."""
    stream = page.get_contents().get_data().decode("latin-1")
    number = r"(-?[\d.]+)"
    return [tuple(float(v) for v in m.groups())
            for m in re.finditer(rf"{number} {number} {number} {number} re", stream)]


@pytest.fixture
def answers_page(tmp_path):
    _fill(tmp_path)
    with Store(tmp_path) as store:
        pdf = bilan_pdf(compute_figures(store), load_bundled_library([]))
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return reader.pages[-1]


def test_the_pdf_answers_page_has_each_question_its_share_and_the_masked_cell(answers_page):
    text = " ".join(answers_page.extract_text().replace("\u00a0", " ").split())
    assert text.startswith("Réponses aux questions") or "Réponses aux questions" in text
    assert "Quiz : harcèlement et cyberharcèlement (qcm)" in text
    assert QUESTION in text and text.count("67 % (n = 3)") == 2
    assert "Le harcèlomètre (harcelometre)" in text
    assert "- Respecte mes goûts, mes besoins, mes choix (zone) : n.d. (réponses sensibles" in text


def test_the_pdf_answer_bars_are_as_long_as_the_share(answers_page):
    """Each question: a light 100 % bar and, over it from the same point, a dark bar
    of 67 % of its length."""
    rects = _rectangles(answers_page)
    pairs = [(a, b) for a in rects for b in rects
             if a is not b and (a[0], a[1], a[3]) == (b[0], b[1], b[3]) and b[2] < a[2]]
    assert len(pairs) == 2, rects
    for full, share in pairs:
        assert share[2] / full[2] == pytest.approx(0.67, abs=0.005)
