"""The harcèlomètre poster and gauge, measured: page sizes, the grey of each zone in
a black-and-white render strictly light → dark in the order of the scale, a
pattern and a name per zone, behaviours inside their zone; the A3 wall poster's
sheets, joins and assembly marks, and its letters read from 5 m."""

from __future__ import annotations

import datetime
import io
import statistics

import pypdf
import pypdfium2
import pytest

from harcelement_kit.cli import main
from harcelement_kit.content.loader import load_library
from harcelement_kit.paper.poster import poster, wall
from harcelement_kit.paper.wall_poster import CUT, GLUE, LEGIBLE_CAPITAL, MARGIN, SHEET, STRIP
from harcelement_kit.paper.worksheets import print_modules
from harcelement_kit.paths import bundled_content_dir

from conftest import DATA, TODAY
from paper_measure import chars, lines_of, shapes

CREATED = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)
PX = 2 * 72 / 25.4  # pixels per mm at scale 2


@pytest.fixture(scope="module")
def library():
    return load_library([bundled_content_dir(), DATA / "contenu-long"], today=TODAY)


def _grey_page(pdf: bytes, index: int = 0):
    page = pypdfium2.PdfDocument(pdf)[index]
    return page.render(scale=2, grayscale=True).to_pil().convert("L")


def _ruler_bands(pdf: bytes, count: int, width: float, page: int = 0):
    """The ruler's bands: the `count` filled rectangles `width` mm wide, top to bottom."""
    _, rects, _ = shapes(pdf)[page]
    bands = sorted(
        {(round(r.x), round(r.y), round(r.w), round(r.h)) for r in rects if abs(r.w - width) < 0.5 and r.h > 20},
        key=lambda r: r[1],
    )
    assert len(bands) == count, bands
    return bands


def _levels(image, bands):
    """Median grey and spread of each band, inset from its border."""
    out = []
    for x, y, w, h in bands:
        box = image.crop((int((x + 2) * PX), int((y + 2) * PX), int((x + w - 2) * PX), int((y + h - 2) * PX)))
        pixels = list(box.convert("L").tobytes())  # one grey byte per pixel (getdata is deprecated)
        out.append((statistics.median(pixels), statistics.pstdev(pixels)))
    return out


def test_a4_poster_is_one_sheet_light_to_dark_each_zone_with_pattern_and_name(library):
    """The A4 poster is the noticeboard's (and the pupils') copy: one sheet."""
    module = library.modules["harcelometre"]
    scale = module.activites[0]
    pdf = poster(module, library, "A4", created=CREATED)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    assert round(float(reader.pages[0].mediabox.width) * 25.4 / 72) == 210
    bands = _ruler_bands(pdf, len(scale.zones), 28)
    levels = _levels(_grey_page(pdf), bands)
    greys = [median for median, _ in levels]
    assert all(a > b + 20 for a, b in zip(greys, greys[1:])), greys  # strictly lighter → darker
    assert all(spread > 8 for _, spread in levels), levels  # each band has its pattern
    text = reader.pages[0].extract_text().replace("\u2019", "'").replace("\u00a0", " ")
    flat = " ".join(text.split())
    for zone in scale.zones:  # up the ruler and beside it
        assert flat.count(zone.libelle) >= 2, zone.libelle
    # every behaviour is printed beside its own zone
    right_of_ruler = bands[0][0] + bands[0][2]
    lines = lines_of([c for c in chars(pdf)[0] if c.left > right_of_ruler])
    for item in scale.items:
        start = item.texte[:18].replace("'", "\u2019")
        baseline = next(b for b, t, _ in lines if start in t.replace(" ", " "))
        x, y, w, h = bands[[z.id for z in scale.zones].index(item.zone)]
        assert y < baseline < y + h, item.texte
    for needed in ("3018", "17", "112", "114", "119", "En Avant Toute(s)", "Besoin d'aide ?"):
        assert needed in text.replace("\u00a0", " ")


def test_gauge_on_the_pupil_sheet_is_ordered_in_grey_too(library):
    module = library.modules["harcelometre"]
    pdf = print_modules([module], library, created=CREATED)
    bands = _ruler_bands(pdf, 3, 22)
    greys = [m for m, _ in _levels(_grey_page(pdf), bands)]
    assert all(a > b + 20 for a, b in zip(greys, greys[1:])), greys
    long = library.modules["textes-longs"]  # four zones, over two pages
    pdf = print_modules([long], library, created=CREATED)
    greys = []
    for number, (_, rects, _) in enumerate(shapes(pdf)):
        bands = sorted(
            {(round(r.x), round(r.y), round(r.w), round(r.h)) for r in rects if abs(r.w - 22) < 0.5 and r.h > 20},
            key=lambda r: r[1],
        )
        if bands:
            greys += [m for m, _ in _levels(_grey_page(pdf, number), bands)]
    assert len(greys) == 4
    assert all(a > b + 15 for a, b in zip(greys, greys[1:])), greys


# -- the A3 wall poster: several sheets assembled into one ruler ------------------------------

WALL_MODULES = ["harcelometre", "textes-longs"]  # the kit's, and four zones of the longest texts


def _wall(library, module_id):
    module = library.modules[module_id]
    pdf, sheets = wall(module, library, created=CREATED)
    return next(a for a in module.activites if a.kind == "echelle"), pdf, sheets


def _content_box(n: int, sheets: int) -> tuple[float, float, float, float]:
    """What is read on the wall, sheet `n` of `sheets`: left, top, right, bottom in mm. Above
    it, the glue strip (sheets 2..N) that the previous sheet covers; below it, the part cut off
    (sheets 1..N-1). The last sheet ends at its margin."""
    top = MARGIN if n == 0 else GLUE
    bottom = SHEET[1] - (CUT if n < sheets - 1 else MARGIN)
    return MARGIN, top, SHEET[0] - MARGIN, bottom


def _read_lines(pdf: bytes, sheets: int):
    """Per sheet, the lines read on the wall (upright: without the names up the ruler) and
    the assembly lines (« Feuille k/N … »)."""
    out = []
    for page in chars(pdf, upright=True):
        lines = lines_of(page)
        out.append(
            (
                [ln for ln in lines if not ln[1].startswith("Feuille")],
                [ln for ln in lines if ln[1].startswith("Feuille")],
            )
        )
    assert len(out) == sheets
    return out


@pytest.mark.parametrize("module_id", WALL_MODULES)
def test_wall_poster_sheets_join_into_one_ruler_with_assembly_marks(library, module_id):
    """Every sheet A3 landscape; no text of the poster across a join or in a margin; the
    assembly instructions only where they are cut off or covered; the dashed cut line at the
    bottom of sheets 1..N-1; the ruler running from edge to edge of every join."""
    scale, pdf, sheets = _wall(library, module_id)
    assert sheets >= 2
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == sheets
    for page in reader.pages:
        assert (round(float(page.mediabox.width) * 25.4 / 72), round(float(page.mediabox.height) * 25.4 / 72)) == SHEET
    pages = chars(pdf)
    drawn = shapes(pdf)
    for n, (_, assembly) in enumerate(_read_lines(pdf, sheets)):
        left, top, right, bottom = _content_box(n, sheets)
        read_chars = [c for c in pages[n] if not any(c in row for _, _, row in assembly)]
        outside = [
            c.text
            for c in read_chars
            if c.top < top + 0.5 or c.bottom > bottom - 0.5 or c.left < left or c.right > right
        ]
        assert not outside, (n, outside)
        # the sheet's number and what to do with it, outside what is read
        texts = " ".join(t for _, t, _ in assembly)
        assert f"Feuille {n + 1}/{sheets}" in texts
        for _, _, row in assembly:
            assert all(c.bottom < top or c.top > bottom for c in row), (n, row[0].text)
        segments, _, _ = drawn[n]
        if n < sheets - 1:
            assert f"collez le bas de cette feuille sur la bande grise en haut de la feuille {n + 2}" in texts
            assert any(s.dashed and abs(s.y1 - bottom) < 0.2 and s.x2 - s.x1 > SHEET[0] * 0.9 for s in segments)
        if n > 0:
            assert f"posez ici le bas de la feuille {n}" in texts
        # the ruler, as printed: coloured down to the cut line, and from the line where the
        # cut edge lands, so that the assembled sheets show no white gap across the join
        # (or, when the ruler has ended above, neither side of the join)
        if n < sheets - 1:
            here, below = _grey_page(pdf, n), _grey_page(pdf, n + 1)
            below_top = _content_box(n + 1, sheets)[1]
            for x in (MARGIN + 3, MARGIN + STRIP / 2, MARGIN + STRIP - 3):
                assert (here.getpixel((int(x * PX), int((bottom - 0.6) * PX))) < 240) == (
                    below.getpixel((int(x * PX), int((below_top + 0.6) * PX))) < 240
                ), (n, x)
            assert here.getpixel((int((MARGIN + STRIP + 40) * PX), int((bottom - 0.6) * PX))) > 240  # paper


@pytest.mark.parametrize("module_id", WALL_MODULES)
def test_wall_poster_has_every_behaviour_once_in_scale_order_beside_its_zone(library, module_id):
    scale, pdf, sheets = _wall(library, module_id)
    text = " ".join(t for read, _ in _read_lines(pdf, sheets) for _, t, _ in read)
    flat = " ".join(text.replace("\u2019", "'").replace("\u00a0", " ").split())
    at = []
    for item in scale.items:
        assert flat.count(item.texte) == 1, item.texte
        at.append(flat.index(item.texte))
    order = [i.texte for i in sorted(scale.items, key=lambda i: [z.id for z in scale.zones].index(i.zone))]
    assert [i.texte for i in sorted(scale.items, key=lambda i: at[scale.items.index(i)])] == order
    for zone in scale.zones:
        assert flat.count(zone.libelle) == 1, zone.libelle  # its band, once; up the ruler on later sheets


@pytest.mark.parametrize("module_id", WALL_MODULES)
def test_wall_poster_zones_run_light_to_dark_on_every_sheet(library, module_id):
    """In a black-and-white copy: the zones' bands strictly lighter → darker in the order
    of the scale, and on every sheet the ruler's pieces too, each patterned, each piece
    the grey of its zone's band (the zone goes on across the join)."""
    scale, pdf, sheets = _wall(library, module_id)
    bands, pieces = [], []
    for n, (_, rects, _) in enumerate(shapes(pdf)):
        image = _grey_page(pdf, n)
        for r in sorted(
            {
                (round(r.x, 1), round(r.y, 1), round(r.w, 1), round(r.h, 1))
                for r in rects
                if abs(r.x - MARGIN) < 0.2 and r.h > 12
            },
            key=lambda r: r[1],
        ):
            if abs(r[2] - (SHEET[0] - 2 * MARGIN)) < 0.5:  # a zone's band, or the help box (white)
                level = _levels(image, [r])[0]
                if level[0] < 250:
                    bands.append((n, r[1], *level))
            elif abs(r[2] - STRIP) < 0.2 and r[3] > 30:
                pieces.append((n, r[1], *_levels(image, [r])[0]))
    assert len(bands) == len(scale.zones)
    greys = [grey for _, _, grey, _ in bands]
    assert all(a > b + 15 for a, b in zip(greys, greys[1:])), greys
    assert all(spread > 8 for *_, spread in bands + pieces), bands + pieces
    for n in range(sheets):
        mine = []
        for s, _, grey, _ in pieces:  # top to bottom; one zone's piece may be found twice (fill, pattern)
            if s == n and not (mine and abs(mine[-1] - grey) <= 3):
                mine.append(grey)
        assert mine, n
        assert all(a > b + 15 for a, b in zip(mine, mine[1:])), (n, mine)
        assert all(min(abs(g - b) for b in greys) < 8 for g in mine), (n, mine, greys)


def test_wall_poster_is_read_from_the_back_of_the_class(library):
    """Criterion (paper/wall_poster.py): capitals and digits of 1/400 of the reading
    distance, 12.5 mm at 5 m, for the title, the consigne, the zone names, every behaviour
    and the help numbers, measured on the printed glyphs; the behaviours' lowercase letters
    9 mm or more (x-height, 0.72 of the capitals). Messages, credit and assembly notes may
    stay small: they are read close up."""
    scale, pdf, sheets = _wall(library, "harcelometre")
    assert LEGIBLE_CAPITAL == 12.5
    assert sheets == 3  # what the README and the CLI announce for the kit's harcèlomètre
    rows = [(n, t, row) for n, (read, _) in enumerate(_read_lines(pdf, sheets)) for _, t, row in read]
    flat_rows = [(n, t.replace("\u2019", "'").replace("\u00a0", " "), row) for n, t, row in rows]

    def first_capital(start: str) -> float:
        found = [row for _, t, row in flat_rows if t.startswith(start)]
        assert found, start
        return found[0][0].bottom - found[0][0].top

    for start in [scale.heading, scale.consigne] + [z.libelle for z in scale.zones]:
        assert first_capital(start.split()[0]) >= LEGIBLE_CAPITAL, start
    for item in scale.items:
        assert first_capital(item.texte[:12]) >= LEGIBLE_CAPITAL, item.texte
        words = [row for _, t, row in flat_rows if t.startswith(item.texte[:12])]
        lower = [c.bottom - c.top for c in words[0] if c.text in "acemnorsuvwxz"]
        assert lower and min(lower) >= 9.0, (item.texte, min(lower))
    # the numbers of the help box, in bold on their own baseline beside their smaller words
    digits = [c.bottom - c.top for _, t, row in flat_rows if t.replace(" ", "").isdigit() for c in row]
    assert len(digits) >= len("3018119171121140800235236"), digits
    assert min(digits) >= LEGIBLE_CAPITAL, digits
    messages = [row for _, t, row in flat_rows if t.startswith("Tu respectes cette personne")]
    assert messages and max(c.bottom - c.top for c in messages[0]) < LEGIBLE_CAPITAL  # read close up


def test_affiche_command(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["imprimer", "harcelometre", "--affiche", "--format", "A3"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "Affiche A3 sur 3 feuilles à assembler de haut en bas, écrite dans harcelometre-affiche-A3.pdf.\n"
    ), out
    assert "coupez chaque feuille sauf la dernière le long du pointillé du bas" in out
    assert len(pypdf.PdfReader(tmp_path / "harcelometre-affiche-A3.pdf").pages) == 3
    assert main(["imprimer", "harcelometre", "--affiche"]) == 0
    assert capsys.readouterr().out == "Affiche A4 sur une feuille, écrite dans harcelometre-affiche-A4.pdf.\n"
    assert len(pypdf.PdfReader(tmp_path / "harcelometre-affiche-A4.pdf").pages) == 1
    assert main(["imprimer", "qcm", "--affiche"]) == 1
    err = capsys.readouterr().err  # words an animateur knows, no YAML type
    assert "--affiche : le module « qcm » n'a pas de harcèlomètre à afficher en affiche" in err
    assert "echelle" not in err and "type" not in err
