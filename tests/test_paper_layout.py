"""The printed sheets measured: every card's text inside its card, sorting zones
big enough for the cards, blanks long enough to write the bank's words, headings
never alone at the bottom of a page — at normal and large print, for the bundled
modules and for a module written with very long texts."""

from __future__ import annotations

import datetime
import io
import re

import pypdf

import pytest

from harcelement_kit.content.loader import load_library
from harcelement_kit.paper.numbering import card_order
from harcelement_kit.paper.worksheets import print_modules
from harcelement_kit.paths import bundled_content_dir

from conftest import DATA, TODAY
from paper_measure import chars, crosses, lines_of, shapes

CREATED = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)
BUNDLED = ("cyberharcelement", "harcelometre", "qcm")


@pytest.fixture(scope="module")
def library():
    return load_library([bundled_content_dir(), DATA / "contenu-test", DATA / "contenu-long"], today=TODAY)


_CACHE: dict = {}


def _pdf(library, module_id: str, large: bool = False, **options) -> bytes:
    key = (module_id, large, tuple(sorted(options.items())))
    if key not in _CACHE:
        _CACHE[key] = print_modules([library.modules[module_id]], library, large=large, created=CREATED, **options)
    return _CACHE[key]


CASES = [(m, large) for m in BUNDLED + ("textes-longs",) for large in (False, True)]


def _card_pages(pdf: bytes, with_rects: bool = False):
    """(chars, dashed segments, page size[, rectangles]) of every page of cards to cut out."""
    for page_chars, (segments, rects, size) in zip(chars(pdf), shapes(pdf)):
        dashed = [s for s in segments if s.dashed]
        text = "".join(c.text for c in page_chars)
        if "Cartesàdécouper" in text.replace(" ", ""):
            yield (page_chars, dashed, size, rects) if with_rects else (page_chars, dashed, size)


@pytest.mark.parametrize("module_id,large", CASES)
def test_every_card_text_stays_inside_its_card(library, module_id, large):
    pdf = _pdf(library, module_id, large)
    pages = list(_card_pages(pdf, with_rects=True))
    if module_id != "qcm":
        assert pages, "no cards printed"
    for page_chars, dashed, (_, height), rects in pages:
        horizontal = sorted({round(s.y1, 2) for s in dashed if abs(s.y1 - s.y2) < 0.01})
        top, bottom = horizontal[0], horizontal[-1]
        after = min([r.y for r in rects if r.y > bottom + 1 and r.w > 100] + [height - 15])  # the help box
        inside = [c for c in page_chars if top - 0.5 < c.top and c.bottom < after]
        assert inside
        for c in inside:
            assert c.bottom < bottom + 0.01, f"« {c.text} » below the last card"
            for s in dashed:
                assert not crosses(c, s), f"« {c.text} » at {c.left:.1f},{c.top:.1f} crosses a cut line"


@pytest.mark.parametrize("module_id,large", [c for c in CASES if c[0] != "qcm"])
def test_sorting_zones_hold_a_card(library, module_id, large):
    """Each zone of a mat has, below its name and message, a free space wider and
    taller than a card."""
    pdf = _pdf(library, module_id, large)
    module = library.modules[module_id]
    sorts = [a for a in module.activites if a.kind in ("tri", "echelle")]
    card = {}  # activity id -> (width, height) of its cards, measured on the cut lines
    for page_chars, dashed, _ in _card_pages(pdf):
        title = _flat("".join(c.text for c in page_chars[:120]).replace("\u2019", "'"))
        activity = next(a for a in sorts if a.heading.replace(" ", "") in title.replace(" ", ""))
        ys = sorted({round(s.y1, 2) for s in dashed if abs(s.y1 - s.y2) < 0.01})
        xs = sorted({round(s.x1, 2) for s in dashed if abs(s.x1 - s.x2) < 0.01})
        card[activity.id] = (min(b - a for a, b in zip(xs, xs[1:])), min(b - a for a, b in zip(ys, ys[1:])))
    owner = {z.libelle: a.id for a in sorts if a.kind == "echelle" for z in a.zones}
    owner |= {c.upper(): a.id for a in sorts if a.kind == "tri" for c in a.categories}
    names = list(owner)
    card_w = min(w for w, _ in card.values())
    card_h = min(h for _, h in card.values())
    free_zones = []
    for page_chars, (_, rects, _) in zip(chars(pdf), shapes(pdf)):
        for r in rects:
            if r.w < card_w or r.h < card_h:
                continue
            inside = [
                c
                for c in page_chars
                if r.x <= c.left and c.right <= r.x + r.w and r.y <= c.top and c.bottom <= r.y + r.h
            ]
            text = "".join(c.text for c in inside).replace("\u2019", "'")
            name = next((n for n in names if n.replace(" ", "") in text), None)
            if name is None:
                continue
            free = r.y + r.h - max(c.bottom for c in inside)
            width, height = card[owner[name]]
            assert r.w >= width + 6
            assert free >= height + 2, f"zone « {name} »: {free:.0f} mm free for a {height:.0f} mm card"
            free_zones.append(name)
    assert sorted(set(free_zones)) == sorted(set(names))


@pytest.mark.parametrize("module_id", ["cyberharcelement", "textes-longs"])
def test_cards_come_shuffled_and_the_key_names_their_numbers(library, module_id):
    module = library.modules[module_id]
    for activity in (a for a in module.activites if a.kind in ("tri", "echelle")):
        order = card_order(module.id, activity)
        assert sorted(order) == list(range(len(activity.items)))
        answers = [activity.items[i].reponse if activity.kind == "tri" else activity.items[i].zone for i in order]
        runs = sum(1 for a, b in zip(answers, answers[1:]) if a != b)
        assert len(set(answers)) < 2 or runs > len(set(answers)) - 1  # not grouped by answer
        assert order == card_order(module.id, activity)  # the same at every print
    harcelometre = library.modules["harcelometre"].activites[0]
    order = card_order("harcelometre", harcelometre)
    zones = [harcelometre.items[i].zone for i in order]
    assert zones != sorted(zones, key=[z.id for z in harcelometre.zones].index)
    key = _flat(_text_of(print_modules([library.modules["harcelometre"]], library, key_only=True, created=CREATED)))
    first = harcelometre.items[order[0]]
    assert f"n° 1 : {first.texte}" in key
    assert f"Carte n° 1 {harcelometre.zone(first.zone).libelle}" in key


def _text_of(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages).replace("\u2019", "'")


def _flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


@pytest.mark.parametrize(
    "module_id,large", [(m, big) for m in ("cyberharcelement", "textes-longs", "atelier-test") for big in (False, True)]
)
def test_blanks_fit_the_longest_word_with_their_number_and_room_to_write(library, module_id, large):
    pdf = _pdf(library, module_id, large)
    cloze = next(a for a in library.modules[module_id].activites if a.kind == "texte_a_trous")
    lines = [
        (page * 1000 + baseline, text, row)
        for page, page_chars in enumerate(chars(pdf)[:3])
        for baseline, text, row in lines_of(page_chars)
        if "— page" not in text
    ]  # a page break counts as far apart
    bank_at = next(i for i, (_, text, _) in enumerate(lines) if "Banque de mots" in text)
    bank_text = " ".join(text for _, text, _ in lines[bank_at : bank_at + 8])
    assert "·" not in bank_text
    # the widest word of the bank, measured as printed
    widest = 0
    for word in cloze.bank:
        for _, text, row in lines[bank_at : bank_at + 8]:
            if word.replace("'", "\u2019") in text:
                start = text.index(word.replace("'", "\u2019"))
                glyphs = [c for c in row][len(text[:start].replace(" ", "")) :][: len(word.replace(" ", ""))]
                widest = max(widest, glyphs[-1].right - glyphs[0].left)
    assert widest > 0
    numbers = 0
    blank_lines = []
    for baseline, text, row in lines[:bank_at]:
        for _ in re.finditer(r"\((\d+)\) ?(_+)", text):
            numbers += 1
            run = [c for c in row if c.text == "_"]
            # the number and its blank are on the same printed line
            assert run
            blank_lines.append(baseline)
        underscores = [c for c in row if c.text == "_"]
        if underscores:
            groups, current = [], [underscores[0]]
            for a, b in zip(underscores, underscores[1:]):
                if b.left - a.right > 1:
                    groups.append(current)
                    current = []
                current.append(b)
            groups.append(current)
            for g in groups:
                if len(g) > 3 and g[-1].right < 190:  # a blank that ends on this line
                    assert g[-1].right - g[0].left >= widest + 10, (text, widest)
    assert numbers == len(cloze.blanks)
    spacing = [b - a for a, b in zip(blank_lines, blank_lines[1:]) if b > a and b - a < 500]
    if module_id != "atelier-test":  # its text is one line
        assert spacing and min(spacing) >= 8


def _capital_height(row) -> float:
    return max(c.bottom - c.top for c in row if c.text.isalpha() and c.text.isupper())


def test_questions_numbered_options_lettered_label_smaller_than_question(library):
    pdf = _pdf(library, "qcm")
    lines = [line for page in chars(pdf) for line in lines_of(page)]
    texts = [_flat(text.replace("\u2019", "'")) for _, text, _ in lines]
    module = library.modules["qcm"]
    labels = [i for i, t in enumerate(texts) if re.fullmatch(r"Question \d+", t)]
    assert [texts[i] for i in labels] == [f"Question {n}" for n in range(1, len(module.activites) + 1)]
    for n, i in enumerate(labels):
        activity = module.activites[n]
        question_row = lines[i + 1][2]
        assert _flat(activity.question).startswith(texts[i + 1][:20])
        assert _capital_height(lines[i][2]) < _capital_height(question_row)
        following = texts[i + 1 : i + 12]
        starts = [t[:2] for t in following if re.match(r"[A-Z] ", t)]
        assert starts[: len(activity.options)] == [f"{'ABCDEF'[k]} " for k in range(len(activity.options))]
        for k, option in enumerate(activity.options):
            assert any(t.startswith(f"{'ABCDEF'[k]} {option.texte[:15]}") for t in following)


@pytest.mark.parametrize("module_id,large", CASES)
def test_no_heading_is_left_alone_at_the_bottom_of_a_page(library, module_id, large):
    module = library.modules[module_id]
    headings = {_flat(a.heading) for a in module.activites} | {f"Question {n}" for n in range(1, 40)}
    headings |= {"Grille des réponses", "Questions"}
    pdf = _pdf(library, module_id, large, answer_key=True)
    for number, page in enumerate(chars(pdf), start=1):
        lines = [_flat(text.replace("\u2019", "'")) for baseline, text, _ in lines_of(page) if baseline < 297 - 16]
        if lines:
            assert lines[-1] not in headings, f"page {number} ends with the heading « {lines[-1]} »"


def test_name_line_only_on_sheets_that_are_not_anonymous(library):
    for module_id, expected in (("cyberharcelement", True), ("qcm", True), ("harcelometre", False)):
        text = _flat(_text_of(_pdf(library, module_id)))
        assert (("Nom :" in text) and ("Classe :" in text) and ("Date :" in text)) == expected


@pytest.mark.parametrize("module_id,large", CASES)
def test_answer_grid_text_stays_in_its_cells(library, module_id, large):
    from paper_measure import Segment

    pdf = _pdf(library, module_id, large, key_only=True)
    grids = 0
    for page_chars, (_, rects, _) in zip(chars(pdf), shapes(pdf)):
        if "Grilledesréponses" not in "".join(c.text for c in page_chars):
            continue
        grids += 1
        cells = [r for r in rects if 4 < r.h < 12]
        assert cells
        edges = [Segment(r.x + dx, r.y, r.x + dx, r.y + r.h, False) for r in cells for dx in (0, r.w)]
        for c in page_chars:
            for edge in edges:
                assert not crosses(c, edge), f"« {c.text} » crosses a cell of the grid"
            inside = [r for r in cells if r.y <= c.top and c.bottom <= r.y + r.h]
            if inside:  # a character of the grid: inside one cell
                assert any(r.x <= c.left and c.right <= r.x + r.w for r in inside)
        for r in cells:  # the label and the answer never print over each other
            row = sorted(
                (
                    c
                    for c in page_chars
                    if r.x <= c.left and c.right <= r.x + r.w and r.y <= c.top and c.bottom <= r.y + r.h
                ),
                key=lambda c: c.left,
            )
            for a, b in zip(row, row[1:]):
                assert b.left >= a.right - 0.3, f"« {a.text}{b.text} » overlap in a grid cell"
    assert grids >= 1


def _colours(pdf: bytes, page: int = 0) -> tuple[str, list[int]]:
    """A page's text and, for every character, the red level of its ink (0 black, 255 white)."""
    import ctypes

    import pypdfium2
    import pypdfium2.raw as raw

    text = pypdfium2.PdfDocument(pdf)[page].get_textpage()
    letters, reds = [], []
    for i in range(text.count_chars()):
        r, g, b, a = (ctypes.c_uint() for _ in range(4))
        raw.FPDFText_GetFillColor(text.raw, i, r, g, b, a)
        letters.append(text.get_text_range(i, 1))
        reds.append(r.value)
    return "".join(letters), reds


def _cap(row) -> float:
    """A line's type size as the eye sees it: the median height of its lowercase letters
    without ascenders, descenders or accents (the x-height), which every line has."""
    heights = sorted(c.bottom - c.top for c in row if c.text in "acemnorsuvwxz")
    return heights[len(heights) // 2] if heights else 0


@pytest.mark.parametrize("large", [False, True])
def test_headings_are_never_smaller_than_their_body_and_the_question_label_is_small_grey_above(library, large):
    """Issue 14's « headings smaller than nothing they introduce », as the complaint meant it
    (a « Question » label bigger than its question): a section heading is at least as large
    as the text it heads; the « Question n » label, which is not a heading but a number, is
    smaller than its question, grey, and printed just above it in black bold."""
    module = library.modules["qcm"]
    pdf = _pdf(library, "qcm", large)
    lines = [line for page in chars(pdf) for line in lines_of(page)]
    texts = [_flat(text.replace("\u2019", "'")) for _, text, _ in lines]
    title = texts.index(_flat(module.titre))
    first_label = texts.index("Question 1")
    options = [lines[i][2] for i, t in enumerate(texts) if re.match(r"[ABC] ", t)]
    assert options
    body = max(_cap(row) for row in options)
    assert _cap(lines[title][2]) > body  # the sheet's heading, bigger than the body
    for i, t in enumerate(texts):
        if re.fullmatch(r"Question \d+", t):
            label, question = lines[i], lines[i + 1]
            assert _cap(label[2]) < _cap(question[2]), t
            assert _cap(question[2]) >= body
            assert 0 < question[0] - label[0] < 12, t  # just above it: a label, not a heading
    text, reds = _colours(pdf)
    at = text.index("Question 1")
    assert all(60 <= reds[at + k] <= 110 for k in range(len("Question 1")))  # grey
    question = text.index(module.activites[0].question[:20].replace("'", "\u2019"), at)
    assert all(reds[question + k] == 0 for k in range(20))  # black
    assert first_label > title
    # the other sheets' section headings (module, activity) are no smaller than what follows them
    cyber = library.modules["cyberharcelement"]
    lines = [line for page in chars(_pdf(library, "cyberharcelement", large)) for line in lines_of(page)]
    texts = [_flat(text.replace("\u2019", "'")) for _, text, _ in lines]
    headings = [_flat(cyber.titre)] + [_flat(a.heading) for a in cyber.activites]
    found = 0
    for i, t in enumerate(texts[:-1]):
        if t in headings and any(c.isupper() for c in texts[i + 1]):
            found += 1
            assert _cap(lines[i][2]) >= _cap(lines[i + 1][2]) - 0.05, (t, texts[i + 1])
    assert found >= 2
