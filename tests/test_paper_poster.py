"""The harcèlomètre poster and gauge, measured: page sizes, the grey of each zone in
a black-and-white render strictly light → dark in the order of the scale, a
pattern and a name per zone, behaviours inside their zone, sizes read from afar."""

from __future__ import annotations

import datetime
import io
import statistics

import pypdf
import pypdfium2
import pytest

from harcelement_kit.cli import main
from harcelement_kit.content.loader import load_library
from harcelement_kit.paper.poster import poster
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
    bands = sorted({(round(r.x), round(r.y), round(r.w), round(r.h)) for r in rects
                    if abs(r.w - width) < 0.5 and r.h > 20}, key=lambda r: r[1])
    assert len(bands) == count, bands
    return bands


def _levels(image, bands):
    """Median grey and spread of each band, inset from its border."""
    out = []
    for x, y, w, h in bands:
        box = image.crop((int((x + 2) * PX), int((y + 2) * PX), int((x + w - 2) * PX), int((y + h - 2) * PX)))
        pixels = list(box.getdata())
        out.append((statistics.median(pixels), statistics.pstdev(pixels)))
    return out


@pytest.mark.parametrize("page_format,width,ruler", [("A4", 210, 28), ("A3", 420, 178)])  # A3: landscape
def test_poster_zones_run_light_to_dark_each_with_pattern_and_name(library, page_format, width, ruler):
    module = library.modules["harcelometre"]
    scale = module.activites[0]
    pdf = poster(module, library, page_format, created=CREATED)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    assert round(float(reader.pages[0].mediabox.width) * 25.4 / 72) == width
    bands = _ruler_bands(pdf, len(scale.zones), ruler)
    levels = _levels(_grey_page(pdf), bands)
    greys = [median for median, _ in levels]
    assert all(a > b + 20 for a, b in zip(greys, greys[1:])), greys  # strictly lighter → darker
    assert all(spread > 8 for _, spread in levels), levels  # each band has its pattern
    text = reader.pages[0].extract_text().replace("\u2019", "'").replace("\u00a0", " ")
    flat = " ".join(text.split())
    for zone in scale.zones:  # A4: up the ruler and beside it; A3: on the band, on two lines
        assert flat.count(zone.libelle) >= (2 if page_format == "A4" else 1), zone.libelle
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


def _sizes(pdf: bytes) -> dict[str, float]:
    sizes: dict[str, float] = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            sizes[text.strip()] = max(sizes.get(text.strip(), 0), round(size * tm[0] * cm[0], 1))

    pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return sizes


def test_a3_poster_is_read_from_across_the_room(library):
    """About 25 mm of letter height per 10 m: the title and every zone name with capitals
    of 12 mm or more (read from 5 m), measured on the printed glyphs; the behaviours as
    large as the sheet allows with the help strip and the messages (x-height ≥ 3.6 mm)."""
    module = library.modules["harcelometre"]
    scale = module.activites[0]
    pdf = poster(module, library, "A3", created=CREATED)
    sizes = _sizes(pdf)
    assert sizes["Le harcèlomètre"] >= 48
    page = chars(pdf)[0]
    for zone in scale.zones:
        words = zone.libelle.split()
        lines = [t for _, t, _ in lines_of(page)]
        assert any(t.startswith(words[0]) for t in lines), zone.libelle
        # each zone name is set at 48 pt or more, and its capitals measure 12 mm or more
        first = [s for k, s in sizes.items() if k.startswith(words[0] + " " + words[1].rstrip(","))]
        assert first and min(first) >= 48, (zone.libelle, sizes)
    capitals = [c for c in page if c.text in "CV" and c.right < 10 + 178 and c.top > 30]  # on the bands
    assert len(capitals) >= 3 and all(c.bottom - c.top >= 12 for c in capitals), \
        [(c.text, round(c.bottom - c.top, 1)) for c in capitals]
    behaviour = next(v for k, v in sizes.items() if "Lance des rumeurs" in k)
    assert behaviour >= 20  # was 17.9 in portrait
    rows = lines_of(page)
    help_top = next(b for b, t, _ in rows if t.startswith("Besoin"))
    x_heights = [c.bottom - c.top for b, t, row in rows if t.startswith("•") and b < help_top
                 for c in row if c.text in "xvz"]  # the behaviours' flat lowercase letters  # the behaviours' x, right of the bands
    assert x_heights and min(x_heights) >= 3.6, x_heights


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
        bands = sorted({(round(r.x), round(r.y), round(r.w), round(r.h)) for r in rects
                        if abs(r.w - 22) < 0.5 and r.h > 20}, key=lambda r: r[1])
        if bands:
            greys += [m for m, _ in _levels(_grey_page(pdf, number), bands)]
    assert len(greys) == 4
    assert all(a > b + 15 for a, b in zip(greys, greys[1:])), greys


def test_affiche_command(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["imprimer", "harcelometre", "--affiche", "--format", "A3"]) == 0
    assert capsys.readouterr().out == "Affiche écrite dans harcelometre-affiche-A3.pdf.\n"
    assert (tmp_path / "harcelometre-affiche-A3.pdf").read_bytes().startswith(b"%PDF")
    assert main(["imprimer", "qcm", "--affiche"]) == 1
    assert "--affiche : le module « qcm » n'a pas d'échelle" in capsys.readouterr().err
