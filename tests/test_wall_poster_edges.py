"""The A3 wall poster as a printer prints it (round 3): nothing, mark or text, within
6 mm of a sheet's edge (printers leave about 5 mm blank), and a zone's name never
ends a sheet with fewer than two of its behaviours under it."""

from __future__ import annotations

import datetime

import pypdfium2
import pytest

from harcelement_kit.content.loader import load_library
from harcelement_kit.paper.poster import wall
from harcelement_kit.paper.wall_poster import SHEET
from harcelement_kit.paths import bundled_content_dir

from conftest import DATA, TODAY
from paper_measure import chars, lines_of

CREATED = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)
EDGE = 6  # mm: the brief's figure, not the module's constant (a test that reads its own value cannot fail)
WALL_MODULES = ["harcelometre", "textes-longs"]
PX = 4  # pixels per mm of the render


@pytest.fixture(scope="module")
def library():
    return load_library([bundled_content_dir(), DATA / "contenu-long"], today=TODAY)


def _wall(library, module_id):
    module = library.modules[module_id]
    pdf, sheets = wall(module, library, created=CREATED)
    return next(a for a in module.activites if a.kind == "echelle"), pdf, sheets


def _inside(x: float, y: float) -> bool:
    return EDGE - 0.05 <= x <= SHEET[0] - EDGE + 0.05 and EDGE - 0.05 <= y <= SHEET[1] - EDGE + 0.05


@pytest.mark.parametrize("module_id", WALL_MODULES)
def test_no_mark_nor_text_within_6_mm_of_an_edge(library, module_id):
    _, pdf, sheets = _wall(library, module_id)
    for n, page in enumerate(chars(pdf)):
        near = [c.text for c in page if not (_inside(c.left, c.top) and _inside(c.right, c.bottom))]
        assert not near, (n, near)
        # every mark as printed (hatching is drawn long and clipped to its band): a white border
        image = pypdfium2.PdfDocument(pdf)[n].render(scale=PX * 25.4 / 72, grayscale=True).to_pil().convert("L")
        w, h = image.size
        inner = int((EDGE - 0.5) * PX)  # less a pixel or two of anti-aliasing
        for box in ((0, 0, w, inner), (0, h - inner, w, h), (0, 0, inner, h), (w - inner, 0, w, h)):
            assert min(image.crop(box).tobytes()) > 250, (n, box)
    assert sheets >= 2


@pytest.mark.parametrize("module_id, kept", [("harcelometre", 2), ("textes-longs", 1)])
def test_a_zone_name_keeps_two_of_its_behaviours_on_its_sheet(library, module_id, kept):
    """Two behaviours under their zone's name (the kit's poster); behaviours so long that a
    name and two of them exceed a whole sheet (textes-longs) keep one, as before."""
    scale, pdf, _ = _wall(library, module_id)
    pages = []
    for page in chars(pdf, upright=True):
        text = " ".join(t for _, t, _ in lines_of(page) if not t.startswith("Feuille"))
        pages.append(" ".join(text.replace("\u2019", "'").replace("\u00a0", " ").split()))
    for zone in scale.zones:
        items = [i.texte for i in scale.items if i.zone == zone.id]
        sheet = next(n for n, p in enumerate(pages) if zone.libelle in p)
        after = pages[sheet][pages[sheet].index(zone.libelle) :]
        assert sum(text in after for text in items) >= min(kept, len(items)), (zone.libelle, sheet)
