"""The bilan where users see it: the UI's Bilan screen and the PDF's answers page."""

from __future__ import annotations

import io

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
        for key, n in {
            ("uniquement-ecole", 0, 1): 2,
            ("uniquement-ecole", 0, 2): 1,
            ("temoin-en-ligne", 0, 1): 2,
            ("temoin-en-ligne", 0, 0): 1,
        }.items():
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
        assert "Bilan année scolaire 2024-2025 (du 01/09/2024 au 31/08/2025) — structures : Afev — 1 séance" in text
        assert "1 animation ponctuelle réalisée sous forme d'atelier ludique : 1 en collège — 3 bénéficiaires" in text
        assert f"{QUESTION} : 67 % de bonnes réponses (n = 3)" in text
        assert "n.d. (réponses sensibles, trop peu nombreuses pour être publiées)" in text
        assert "harcelement-kit bilan --format md -o bilan.md" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, AccueilScreen)


@pytest.fixture
def answers_pdf(tmp_path):
    _fill(tmp_path)
    with Store(tmp_path) as store:
        return bilan_pdf(compute_figures(store), load_bundled_library([]))


def test_the_pdf_answers_page_has_each_question_its_share_and_the_masked_cell(answers_pdf):
    answers_page = pypdf.PdfReader(io.BytesIO(answers_pdf)).pages[-1]
    text = " ".join(answers_page.extract_text().replace("\u00a0", " ").replace("\u2019", "'").split())
    assert "Réponses aux questions" in text
    assert "Quiz : harcèlement et cyberharcèlement" in text and "(qcm)" not in text  # no module ids
    assert QUESTION in text and text.count("67 % (n = 3)") == 2
    assert "Axe : bonnes réponses (%), de 0 à 100 %" in text and "Lecture :" in text
    assert (
        "Zone de « Respecte mes goûts, mes besoins, mes choix » : n.d. (réponses sensibles" in text
    ) and "(zone)" not in text


def test_the_pdf_answer_bars_are_as_long_as_the_share(answers_pdf):
    """Each question's bar starts at the axis' 0 and ends at 67 % of the way to its 100."""
    from paper_measure import chars, lines_of, shapes

    segments, rects, _ = shapes(answers_pdf)[-1]
    top = next(b for b, text, _ in lines_of(chars(answers_pdf)[-1]) if "Réponses aux questions" in text)
    segments = [s for s in segments if s.y1 > top]
    rects = [r for r in rects if r.y > top]
    grid = [s for s in segments if abs(s.x1 - s.x2) < 0.01 and abs(s.y1 - s.y2) > 4]
    zero, hundred = min(s.x1 for s in grid), max(s.x1 for s in grid)
    bars = [r for r in rects if abs(r.x - zero) < 0.05 and 3 < r.h < 8]
    assert len(bars) == 2, rects
    for bar in bars:
        assert bar.w / (hundred - zero) == pytest.approx(0.67, abs=0.005)
