"""« Lire des fiches » from Résultats: a path, the progress, the doubts decided one by one
with the question's line drawn in half blocks, the counts in the store."""

from __future__ import annotations

import random

import cv2

from harcelement_kit.content.loader import load_bundled_library
from harcelement_kit.paper.answer_sheet import print_answer_sheets, sheet_layout
from harcelement_kit.tui.screens.lire_fiches import LireFichesScreen
from harcelement_kit.tui.screens.resultats import ResultatsScreen

from sheet_scans import distort, mark_page, render_pages
from tui_helpers import build_app, new_seance, screen_text, stored_counts


def _scan(tmp_path):
    """Two qcm sheets: the top one with two ticks on question 1 and a clear C on
    question 2, the bottom one with a clear A on question 1."""
    rng = random.Random(4)
    module = load_bundled_library([]).modules["qcm"]
    layout = sheet_layout(module)
    page = render_pages(print_answer_sheets([module], copies=2), 150)[0]
    mark_page(page, layout, 0, {0: [(0, "tick"), (1, "tick")], 1: [(2, "cross")]}, 150, rng)
    mark_page(page, layout, 1, {0: [(0, "tick")]}, 150, rng)
    path = tmp_path / "scan de la classe.jpg"
    cv2.imwrite(str(path), distort(page, rng, angle=5, blur=0.5, jpeg=60))
    return layout, path


async def test_read_sheets_from_results_and_decide_a_doubt(tmp_path):
    layout, path = _scan(tmp_path)
    data = tmp_path / "donnees"
    app = build_app(data)
    async with app.run_test(size=(110, 45)) as pilot:
        await new_seance(pilot, 2, "classe")
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, ResultatsScreen)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, LireFichesScreen)
        await pilot.press(*f'"{path}"', "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = screen_text(app)
        assert "Réponse douteuse 1 sur 1" in text
        assert "feuille 1 (scan de la classe.jpg, haut), question 1 : deux cases cochées (A et B)" in text
        assert "▀" * 40 in text  # the line as read, in half blocks
        assert "Sans réponse" in text and "B — " in text
        await pilot.press("up", "up", "enter")  # from « Sans réponse », highlighted first, to B
        await pilot.pause()
        text = screen_text(app)
        assert "2 fiche(s) lue(s)" in text and "réponse(s) ajoutée(s) à la séance" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ResultatsScreen)
    q1, q2 = layout.questions[0].activity, layout.questions[1].activity
    counts = stored_counts(data)
    assert counts[("qcm", q2, 0, 2)] == 1
    assert counts[("qcm", q1, 0, 0)] == 1 and counts[("qcm", q1, 0, 1)] == 1  # sheet 2's A, the doubt's B
    assert sum(counts.values()) == 3
