"""Answer cards: the printed PDF as a pupil holds it, read back by the camera's
detector in synthetic classroom frames, and one question's count."""

from __future__ import annotations

import cv2
import numpy as np
import pypdfium2
import pytest

from harcelement_kit.paper.cards import print_cards
from harcelement_kit.paper.sheet import PaperError
from harcelement_kit.reading.cards import CardDetector, CardReading, CardTally, side_on_top

from cards_helpers import card_images, frame_with_cards
from kit_process import seance_argv


def _letter_boxes(page) -> dict[str, tuple[float, float]]:
    """The centre (x, y from the top, in points) of each lone capital A–D on a page."""
    text = page.get_textpage()
    found = {}
    chars = text.get_text_range()
    for i, char in enumerate(chars):
        if (
            char in "ABCD"
            and (i == 0 or not chars[i - 1].isalnum())
            and (i + 1 == len(chars) or not chars[i + 1].isalnum())
        ):
            left, bottom, right, top = text.get_charbox(i)
            found.setdefault(char, ((left + right) / 2, page.get_height() - (top + bottom) / 2))
    return found


def test_each_card_has_its_number_and_the_four_letters_on_its_sides():
    pdf = pypdfium2.PdfDocument(print_cards(3))
    assert len(pdf) == 3
    for number, page in enumerate(pdf, start=1):
        text = page.get_textpage().get_text_range()
        assert f"Carte-réponse n° {number}" in text and f"n° {number}" in text
        assert "nom" not in text.lower()  # nothing to write a name on
        boxes = _letter_boxes(page)
        (ax, ay), (bx, by), (cx, cy), (dx, dy) = (boxes[k] for k in "ABCD")
        assert ay < by < cy and abs(by - dy) < 2  # A on top, C at the bottom, B and D halfway
        assert dx < ax < bx and abs(ax - cx) < 2  # D on the left, B on the right


def test_card_count_is_bounded():
    with pytest.raises(PaperError, match="entre 1 et 100"):
        print_cards(101)


@pytest.mark.parametrize("turns, letter", [(0, 0), (1, 1), (2, 2), (3, 3)])
def test_the_printed_card_held_with_each_letter_on_top(turns, letter):
    """np.rot90 turns counterclockwise: one quarter brings the printed right side (B) on top."""
    card = card_images(30)[6]
    frame = cv2.copyMakeBorder(np.rot90(card, turns), 80, 80, 80, 80, cv2.BORDER_CONSTANT, value=128)
    assert CardDetector().read(frame) == [CardReading(7, letter)]


def test_a_card_held_at_45_degrees_is_not_read():
    corners = [[0, -10], [10, 0], [0, 10], [-10, 0]]
    assert side_on_top(corners) is None
    assert side_on_top([[-10, -10], [10, -10], [10, 10], [-10, 10]]) == 0


def test_synthetic_classroom_frames():
    """8 frames of 30 cards (4–20 % of a 1280×720 frame's width, turned, tilted,
    thumbs on the edges, heads in front, motion blur, noise): at least 99 % of the
    cards whose marker is visible are read with the right letter, and no card is
    ever read with a wrong letter or a number that is not in the frame."""
    detector = CardDetector()
    visible = right = wrong = hidden_read = 0
    for seed in range(8):
        frame, placed = frame_with_cards(seed)
        read = {r.number: r.option for r in detector.read(frame)}
        truth = {p.number: p for p in placed}
        wrong += sum(1 for n, o in read.items() if n not in truth or truth[n].option != o)
        for card in placed:
            if card.hidden:
                hidden_read += card.number in read
            else:
                visible += 1
                right += read.get(card.number) == card.option
    assert wrong == 0
    assert visible >= 200 and right / visible >= 0.99, (right, visible)


def test_one_question_last_reading_wins_and_closing_forgets():
    tally = CardTally(options=3, expected=5)
    tally.add([CardReading(1, 0), CardReading(2, 1)])
    assert tally.seen == 0  # one frame is not enough: a card caught mid-turn
    tally.add([CardReading(1, 0), CardReading(2, 1), CardReading(3, 3)])
    assert (tally.seen, tally.totals, tally.missing) == (2, [1, 1, 0], [3, 4, 5])
    tally.add([CardReading(3, 3), CardReading(1, 2)])
    tally.add([CardReading(1, 2)])  # card 1 changed its mind: its last reading wins
    assert tally.totals == [0, 1, 1] and tally.ignored == {3}  # D: the question has 3 choices
    tally.add([CardReading(7, 0), CardReading(7, 0)])  # a card beyond the séance's participants
    assert tally.totals == [1, 1, 1] and tally.missing == [3, 4, 5]
    assert tally.close() == [1, 1, 1]
    assert (tally.seen, tally.totals, tally.ignored) == (0, [0, 0, 0], set())


def test_imprimer_cartes_writes_one_page_per_card(tmp_path, capsys):
    from harcelement_kit.cli import main

    out = tmp_path / "cartes.pdf"
    assert main(["imprimer", "--cartes", "--nombre", "26", "-o", str(out)]) == 0
    assert "26 cartes-réponses écrites" in capsys.readouterr().out
    assert len(pypdfium2.PdfDocument(out)) == 26
    assert main(["imprimer", "--cartes", "--nombre", "0"]) == 1
    assert "--nombre : le nombre de cartes doit être entre 1 et 100" in capsys.readouterr().err
    assert main(["imprimer"]) == 1
    assert "indiquez au moins un module" in capsys.readouterr().err


def test_direct_cartes_says_in_french_when_the_video_cannot_be_read(tmp_path, capsys, monkeypatch):
    from harcelement_kit.cli import main

    monkeypatch.setenv("HARCELEMENT_KIT_DONNEES", str(tmp_path / "donnees"))
    assert main(seance_argv(participants=25)) == 0
    (tmp_path / "pas-une-video.avi").write_bytes(b"rien")
    for source, message in (
        (tmp_path / "absente.avi", "n'existe pas"),
        (tmp_path / "pas-une-video.avi", "n'est pas une vidéo lisible"),
    ):
        assert main(["direct", "qcm", "--cartes", "--camera", str(source)]) == 1
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err and "WARN" not in err


def test_the_reading_layer_imports_no_ui_and_the_ui_starts_without_opencv():
    import ast
    from pathlib import Path

    import harcelement_kit
    from kit_process import run_python

    for source in (Path(harcelement_kit.__file__).parent / "reading").glob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        names = {
            alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
        }
        names |= {
            node.module.split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0
        }
        assert not names & {"textual", "fpdf", "aiohttp"}, source
    result = run_python(
        "import harcelement_kit.tui.app, harcelement_kit.tui.screens.animer, sys; print(' '.join(sys.modules))"
    )
    assert result.returncode == 0, result.stderr
    loaded = result.stdout.split()
    assert "textual" in loaded and "cv2" not in loaded  # OpenCV is imported when « c » is pressed
