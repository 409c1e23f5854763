"""The harcèlomètre as the classroom's wall poster: A3 sheets, landscape, assembled
top to bottom into one tall ruler (like the giant violentomètre posters), every text
meant for the back of the class as large as LEGIBLE_CAPITAL requires.

Legibility from the back of the class. Sources disagree by a factor of six, so the
choice is stated: capitals and digits of at least 1/400 of the reading distance,
12.5 mm at 5 m — the sign makers' « 1 cm of letter per 4 m of maximum reading
distance », and last round's yardstick for the zone names, now applied to every text
read from the back (title, consigne, zone names, behaviours, help numbers). It is 1.7
times the letter a viewer of normal acuity just resolves at 5 m (5 arc minutes, 7.3 mm:
« 1.45 mm per metre of distance / visus »), and the behaviours' lowercase (x-height
9.4 mm) is 1.3 times it. Not chosen: the French rules for signage in public buildings
(arrêté du 1er août 2006) only say « proportionate to the reading distance », with 15 mm
for orientation signs read on the move and 4.5 mm otherwise; DIN 4844 (letters on safety
signs, L/300: 16.7 mm) would need about five A3 sheets for the 16 behaviours, and the
shop signs' « 1 inch per 10 feet » for comfortable reading (42 mm) about thirty: more
wall than a classroom gives. Lexend at WALL_TEXT points, measured in the PDF: capitals
12.5 mm, x-height 9.4 mm, digits 12.7 mm.
Sources (read 2026-11): a sign maker's lettering manual (« 1 cm high character can be read
up to a maximum distance of 4 meters »), greinerteam.de (visus formula), the arrêté as
quoted by signage guides (l-arche.fr, marques.metropole.rennes.fr), permalight.de (DIN 4844
distance factor 300 for letters), the digital-signage « 1 inch per 10 feet » tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from harcelement_kit.paper.helplines import web_address
from harcelement_kit.paper.qr import draw_qr
from harcelement_kit.paper.scale import draw_pattern, name_up_on_plate, text_color_on, zone_fill, zone_ink
from harcelement_kit.paper.sheet import FONT, PaperError, Sheet, typeset

__all__ = ["wall_poster", "LEGIBLE_CAPITAL", "WALL_TEXT", "SHEET", "GLUE", "CUT", "MARGIN", "STRIP"]

READING_DISTANCE = 5000  # mm: the back of a classroom
LEGIBLE_CAPITAL = READING_DISTANCE / 400  # 12.5 mm
WALL_TEXT = 50  # points: title, consigne, zone names, behaviours, help numbers
MESSAGE = 18  # the zones' messages, read close up (x-height 3.4 mm: about 2 m)
LABEL = 28  # the words around the help numbers
SMALL = 9  # assembly instructions and sheet numbers, read at arm's length

SHEET = (420, 297)  # A3 landscape: long behaviours wrap less than on portrait sheets
MARGIN = 10  # left, right and top of the first sheet: outside what most printers print
GLUE = 13  # sheets 2..N: the strip at the top that the previous sheet covers
CUT = 13  # sheets 1..N-1: the part below the dashed cut line, thrown away
STRIP = 28  # the ruler's width
PAD = 4  # between a text and a sheet's edge of content
EDGE = 6  # no mark nor text nearer a sheet's edge: printers leave about 5 mm blank there
KEEP_ITEMS = 2  # a zone's name never ends a sheet with fewer of its behaviours under it

_LINE = WALL_TEXT * 0.3528 * 1.04
_NUMBER = re.compile(r"\d[\d\u00a0 ]*\d|\d")


@dataclass
class _Block:
    kind: str  # title, name, item, message, help (with the credit)
    height: float
    zone: int | None = None
    text: str = ""
    keep_next: bool = False
    bold: bool = False
    sheet: int = 0
    y: float = 0.0


def _top(sheet: int) -> float:
    """Where a sheet's content begins: the previous sheet's cut edge lands on this line."""
    return MARGIN if sheet == 0 else GLUE


def _bottom() -> float:
    return SHEET[1] - CUT


def wall_poster(module, library, created, scale, describe) -> tuple[bytes, int]:
    """The poster's PDF (one page per sheet, top of the ruler first) and its number of sheets."""
    pdf: Sheet = describe()  # its first page begun: text is measured on it
    resources = library.resources_of(module)
    webs = [web_address(r) for r in resources if web_address(r)][:2]
    help_lines = [typeset(r.court) for r in resources]
    text_x = MARGIN + STRIP + 6
    text_w = SHEET[0] - MARGIN - text_x
    full_w = SHEET[0] - 2 * MARGIN

    blocks = [
        _Block(
            "title",
            pdf.text_height(scale.heading or module.titre, WALL_TEXT, bold=True, width=full_w, line=_LINE) + 2,
            text=scale.heading or module.titre,
            bold=True,
        )
    ]
    if scale.consigne:
        blocks.append(
            _Block(
                "title", pdf.text_height(scale.consigne, WALL_TEXT, width=full_w, line=_LINE) + 6, text=scale.consigne
            )
        )
    for z, zone in enumerate(scale.zones):
        name_h = pdf.text_height(zone.libelle, WALL_TEXT, bold=True, width=full_w - 16, line=_LINE)
        blocks.append(_Block("name", name_h + 7, z, zone.libelle, keep_next=True))
        for item in (i for i in scale.items if i.zone == zone.id):
            # no bullet: the ruler's graduation marks each behaviour, and the width goes to the words
            blocks.append(
                _Block("item", pdf.text_height(item.texte, WALL_TEXT, width=text_w, line=_LINE) + 2, z, item.texte)
            )
        if zone.message:
            blocks.append(
                _Block(
                    "message",
                    pdf.text_height(zone.message, MESSAGE, width=text_w - 6, line=MESSAGE * 0.45) + 6,
                    z,
                    zone.message,
                )
            )
    qr = 34
    help_h = max(_LINE * (1 + len(help_lines)) + 12, qr + 20)
    credit_h = pdf.text_height(scale.credit, 10, width=full_w, line=4.2) + 3 if scale.credit else 0
    blocks.append(_Block("help", help_h + credit_h, text=scale.credit or ""))  # the credit under the box

    sheets = _flow(blocks)
    extents = _zone_extents(blocks, len(scale.zones))
    for n in range(sheets):
        if n:
            pdf.add_page()
        _assembly_marks(pdf, n, sheets)
        for z, zone in enumerate(scale.zones):
            _draw_strip(pdf, z, zone, len(scale.zones), extents[z], n)
        for block in (b for b in blocks if b.sheet == n):
            _draw_block(pdf, block, scale, text_x, text_w, full_w, help_lines, webs, qr)
    return pdf.output_checked(), sheets


def _flow(blocks: list[_Block]) -> int:
    """Blocks placed top to bottom, sheet after sheet: never split, a zone's name kept
    with its first two behaviours. Returns the number of sheets."""
    # the title's line box has its own leading above the capitals: half a PAD under the
    # first sheet's margin is enough for its accents (the 2 mm saved keep the kit's
    # harcèlomètre on three sheets with a zone's name and two of its behaviours together)
    sheet, y = 0, _top(0) + PAD / 2
    for i, block in enumerate(blocks):
        need = block.height
        # the last block ends the last sheet, which has no cut line: down to its margin
        bottom = SHEET[1] - MARGIN if i == len(blocks) - 1 else _bottom()
        if block.keep_next:  # a name with its first KEEP_ITEMS behaviours (all, if it has fewer)
            follow = [b for b in blocks[i + 1 : i + 1 + KEEP_ITEMS] if b.kind == "item" and b.zone == block.zone]
            while len(follow) > 1 and _top(1) + need + sum(b.height for b in follow) > bottom - PAD:
                follow.pop()  # behaviours too long for two under a name on a whole sheet: one, as before
            need += sum(b.height for b in follow) or (blocks[i + 1].height if i + 1 < len(blocks) else 0)
        if y + need > bottom - PAD:
            sheet += 1
            y = _top(sheet) + (0 if block.kind == "name" else PAD)
            if y + need > bottom - PAD:
                raise PaperError(f"affiche A3 : « {block.text[:40]}… » ne tient pas sur une feuille")
        if block.kind == "help":
            y += 4
        block.sheet, block.y = sheet, y
        y += block.height
    return sheet + 1


def _zone_extents(blocks: list[_Block], count: int) -> list[tuple[tuple[int, float], tuple[int, float]]]:
    """Each zone's stretch of the ruler, from its name to the next zone's name: across a
    join it runs to the cut line and on from the top of the next sheet, without a gap."""
    names = [b for b in blocks if b.kind == "name"]
    extents = []
    for z in range(count):
        start = (names[z].sheet, names[z].y)
        if z + 1 < count:
            nxt = names[z + 1]
            end = (nxt.sheet, nxt.y)
        else:
            last = [b for b in blocks if b.zone == z][-1]
            end = (last.sheet, last.y + last.height)
        extents.append((start, end))
    return extents


def _segment(extent, sheet: int) -> tuple[float, float, float] | None:
    """The zone's part of the ruler on `sheet`: top, bottom, and the length of ruler
    already drawn above it (so that the pattern continues across the join)."""
    (s0, y0), (s1, y1) = extent
    if not s0 <= sheet <= s1:
        return None
    top = y0 if sheet == s0 else _top(sheet)
    bottom = y1 if sheet == s1 else _bottom()
    above = 0.0
    for s in range(s0, sheet):
        above += _bottom() - (y0 if s == s0 else _top(s))
    return (top, bottom, above) if bottom - top > 0.5 else None


def _draw_strip(pdf: Sheet, z: int, zone, count: int, extent, sheet: int) -> None:
    segment = _segment(extent, sheet)
    if segment is None:
        return
    top, bottom, above = segment
    fill = zone_fill(zone.couleur, z, count)
    pdf.set_fill_color(*fill)
    pdf.rect(MARGIN, top, STRIP, bottom - top, style="F")
    step = 10
    with pdf.rect_clip(MARGIN, top, STRIP, bottom - top):
        phase = above % step
        draw_pattern(
            pdf, z, MARGIN, top - phase, STRIP, bottom - top + phase, zone_ink(zone.couleur, z, count), step=step
        )
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(1.2)
    pdf.line(MARGIN, top, MARGIN, bottom)  # the ruler's sides; no line across a join
    pdf.line(MARGIN + STRIP, top, MARGIN + STRIP, bottom)
    starts_here = sheet == extent[0][0]
    if not starts_here and bottom - top > 60:
        # a zone continued from the sheet above: its name up the ruler, so this sheet reads alone
        _name_up(pdf, zone.libelle, top, bottom - top, fill)


def _name_up(pdf: Sheet, name: str, y: float, h: float, fill) -> None:
    size = 30.0
    text = typeset(name)
    pdf.set_font(FONT, "B", size)
    while pdf.get_string_width(text) > h - 10 and size > 10:
        size -= 1
        pdf.set_font(FONT, "B", size)
    length = pdf.get_string_width(text)
    if length > h - 10:  # a name too long for this piece of ruler: its band above names the zone
        return
    cx, cy = MARGIN + STRIP / 2, y + h / 2
    name_up_on_plate(pdf, text, cx, cy, size, length, fill, pad=2)


def _draw_block(pdf: Sheet, block: _Block, scale, text_x, text_w, full_w, help_lines, webs, qr) -> None:
    count = len(scale.zones)
    if block.kind == "title":
        pdf.set_xy(MARGIN, block.y)
        pdf.set_font(FONT, "B" if block.bold else "", WALL_TEXT)
        pdf.multi_cell(full_w, _LINE, block.text, align="L")
    elif block.kind == "name":
        zone = scale.zones[block.zone]
        fill = zone_fill(zone.couleur, block.zone, count)
        pdf.set_fill_color(*fill)
        pdf.rect(MARGIN, block.y, full_w, block.height, style="F")
        draw_pattern(
            pdf, block.zone, MARGIN, block.y, full_w, block.height, zone_ink(zone.couleur, block.zone, count), step=10
        )
        pdf.set_font(FONT, "B", WALL_TEXT)
        name_h = block.height - 7
        widest = max(
            pdf.get_string_width(line)
            for line in pdf.multi_cell(full_w - 16, _LINE, zone.libelle, dry_run=True, output="LINES")
        )
        pdf.set_fill_color(*fill)  # a plate of the zone's colour: the pattern does not cross the letters
        pdf.rect(MARGIN + (full_w - widest) / 2 - 6, block.y + 1.5, widest + 12, name_h + 4, style="F")
        pdf.set_draw_color(0, 0, 0)
        pdf.set_line_width(1.2)
        pdf.rect(MARGIN, block.y, full_w, block.height)
        pdf.set_text_color(*text_color_on(fill))
        pdf.set_xy(MARGIN + 8, block.y + 3.5)
        pdf.multi_cell(full_w - 16, _LINE, zone.libelle, align="C")
        pdf.set_text_color(0, 0, 0)
    elif block.kind == "item":
        y = block.y + 1
        pdf.set_draw_color(0, 0, 0)
        pdf.set_line_width(1.0)
        tick = y + _LINE * 0.55
        pdf.line(MARGIN + STRIP - 10, tick, MARGIN + STRIP + 5, tick)  # a graduation per behaviour
        pdf.set_xy(text_x, y)
        pdf.set_font(FONT, "", WALL_TEXT)
        pdf.multi_cell(text_w, _LINE, block.text, align="L")
    elif block.kind == "message":
        zone = scale.zones[block.zone]
        top = block.y + 2
        pdf.set_xy(text_x + 6, top)
        pdf.set_font(FONT, "", MESSAGE)
        pdf.set_text_color(40, 40, 40)
        pdf.multi_cell(text_w - 6, MESSAGE * 0.45, block.text, align="L")
        pdf.set_text_color(0, 0, 0)
        pdf.set_fill_color(*zone_fill(zone.couleur, block.zone, count))
        pdf.rect(text_x, top, 3, pdf.get_y() - top, style="F")
    elif block.kind == "help":
        box = _help_box(pdf, block, full_w, help_lines, webs, qr)
        if block.text:  # the credit: fine print under the help box
            pdf.set_xy(MARGIN, block.y + box + 2)
            pdf.set_font(FONT, "", 10)
            pdf.set_text_color(60, 60, 60)
            pdf.multi_cell(full_w, 4.2, block.text, align="L")
            pdf.set_text_color(0, 0, 0)


def _help_box(pdf: Sheet, block: _Block, full_w, lines, webs, qr) -> float:
    """Who to call: every number in WALL_TEXT bold, the words around it smaller, the QR
    codes (read close up, with a phone) at the right."""
    from harcelement_kit.paper.poster import HELP_FIRST, HELP_HEADING

    y = block.y
    height = max(_LINE * (1 + len(lines)) + 12, qr + 20)
    pdf.set_line_width(1.2)
    pdf.set_draw_color(0, 0, 0)
    pdf.rect(MARGIN, y, full_w, height)
    x = MARGIN + 6
    baseline = y + 5 + WALL_TEXT * 0.3528 * 0.75
    pdf.set_font(FONT, "B", WALL_TEXT)
    pdf.text(x, baseline, typeset(HELP_HEADING))
    heading_w = pdf.get_string_width(typeset(HELP_HEADING))
    pdf.set_font(FONT, "B", LABEL)
    pdf.text(x + heading_w + 6, baseline, typeset(HELP_FIRST))
    for line in lines:
        baseline += _LINE
        cursor = x
        for n, run in enumerate(re.split(f"({_NUMBER.pattern})", "• " + line)):
            if not run:
                continue
            pdf.set_font(FONT, "B" if n % 2 else "", WALL_TEXT if n % 2 else LABEL)
            pdf.text(cursor, baseline, run)
            cursor += pdf.get_string_width(run)
    for i, url in enumerate(webs):
        qx = MARGIN + full_w - 8 - qr - i * (qr + 14)
        qy = y + height - qr - 12  # at the bottom right, beside the shorter lines
        draw_qr(pdf, url, qx, qy, qr)
        pdf.set_font(FONT, "", 10)
        pdf.set_xy(qx - 7, qy + qr + 1)
        pdf.cell(qr + 14, 5, url.split("://", 1)[1].rstrip("/"), align="C")
    return height


def _assembly_marks(pdf: Sheet, n: int, sheets: int) -> None:
    """What the animateur needs to assemble the ruler, outside what is read on the wall:
    a glue strip at the top of sheets 2..N, a dashed cut line at the bottom of
    sheets 1..N-1, registration ticks in the side margins, the sheet's number."""
    w, h = SHEET
    pdf.set_text_color(70, 70, 70)
    pdf.set_font(FONT, "", SMALL)
    if n == 0:
        pdf.set_xy(MARGIN, EDGE)
        pdf.cell(w - 2 * MARGIN, 3.5, f"Feuille 1/{sheets} — haut de l'affiche", align="R")
    else:
        pdf.set_fill_color(225, 225, 225)
        pdf.rect(EDGE, EDGE, w - 2 * EDGE, GLUE - EDGE, style="F")  # covered by the sheet above
        pdf.set_xy(MARGIN, EDGE + 1.5)
        pdf.cell(
            w - 2 * MARGIN,
            4,
            f"Feuille {n + 1}/{sheets} — zone de collage : posez ici le bas de la feuille "
            f"{n}, son bord coupé sur le trait ci-dessous, règles alignées",
            align="C",
        )
        _ticks(pdf, GLUE)
    if n < sheets - 1:
        bottom = _bottom()
        pdf.set_draw_color(0, 0, 0)
        pdf.set_line_width(0.3)
        pdf.set_dash_pattern(dash=3, gap=2)
        pdf.line(EDGE, bottom, w - EDGE, bottom)  # the scissors carry it on to the edges
        pdf.set_dash_pattern()
        _ticks(pdf, bottom)
        pdf.set_xy(MARGIN, bottom + 2)
        pdf.cell(
            w - 2 * MARGIN,
            4,
            f"Feuille {n + 1}/{sheets} — coupez le long du pointillé, puis collez le bas de "
            f"cette feuille sur la bande grise en haut de la feuille {n + 2}",
            align="C",
        )
    else:
        pdf.set_xy(MARGIN, h - EDGE - 4)
        pdf.cell(w - 2 * MARGIN, 3.5, f"Feuille {sheets}/{sheets} — bas de l'affiche", align="R")
    pdf.set_text_color(0, 0, 0)


def _ticks(pdf: Sheet, y: float) -> None:
    """Registration ticks in both side margins, on the line where two sheets meet."""
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.6)
    for x0, x1 in ((EDGE, MARGIN - 1), (SHEET[0] - MARGIN + 1, SHEET[0] - EDGE)):
        pdf.line(x0, y, x1, y)
