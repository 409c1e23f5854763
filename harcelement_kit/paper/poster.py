"""The harcèlomètre as a poster for the classroom wall (A4 or A3), in the spirit of
the 2018 violentomètre: a vertical ruler from green to red, the behaviours placed
along it in their zones, each zone's message, the help numbers and the credit.
In black and white the zones still read as a gauge: light → dark in the order of
the scale, each with its pattern and its name."""

from __future__ import annotations

import datetime

from harcelement_kit.paper.helplines import web_address
from harcelement_kit.paper.qr import draw_qr
from harcelement_kit.paper.scale import draw_pattern, name_up_on_plate, zone_fill, zone_ink
from harcelement_kit.paper.sheet import FONT, PaperError, Sheet, typeset

__all__ = ["poster", "wall", "POSTER_FORMATS"]

POSTER_FORMATS = {"A4": 210, "A3": 297}  # page widths in mm
HELP_HEADING = "Besoin d'aide ?"
HELP_FIRST = "Parles-en à un adulte de confiance, ou :"


def _scale_of(module):
    scale = next((a for a in module.activites if a.kind == "echelle"), None)
    if scale is None:
        raise PaperError(
            f"--affiche : le module « {module.id} » n'a pas de harcèlomètre à afficher en "
            "affiche (--affiche va avec un module qui en a un, ex. « harcelometre »)"
        )
    return scale


class _Sizes:
    """Font sizes (points) for a page `k` times as wide as A4, times a fitting factor `f`."""

    def __init__(self, k: float, f: float):
        self.title = 34 * k  # the title and the zone names are read from across the room
        self.sub = 18 * k
        self.zone = 22 * k * f
        self.item = 16 * k * f
        self.message = 10 * k * f
        self.help = 11.5 * k
        self.credit = 8 * k


def _zone_heights(pdf: Sheet, scale, s: _Sizes, width: float) -> list[float]:
    heights = []
    for zone in scale.zones:
        items = [i for i in scale.items if i.zone == zone.id]
        h = pdf.text_height(zone.libelle, s.zone, bold=True, width=width) + 2
        h += sum(
            pdf.text_height("• " + i.texte, s.item, width=width, line=s.item * 0.45) + s.item * 0.06 for i in items
        )
        if zone.message:
            h += pdf.text_height(zone.message, s.message, width=width - 4) + 3
        heights.append(h + 4)
    return heights


def _poster_sheet(module, scale, page_format: str, created, k: float, margin: float, orientation: str) -> Sheet:
    """A poster's first page begun: no page footer, no automatic page break, its title and subject set."""
    pdf = Sheet(12 * k, "", created, page_format=page_format, orientation=orientation)
    pdf.footer = lambda: None  # a poster has no page footer
    pdf.set_margins(margin, margin, margin)
    pdf.set_auto_page_break(False)
    pdf.describe(
        f"Affiche — {scale.heading or module.titre}",
        f"Affiche {page_format} du module {module.id} : l'échelle, ses zones et les numéros d'aide",
    )
    pdf.add_page()
    return pdf


def wall(module, library, created: datetime.datetime | None = None) -> tuple[bytes, int]:
    """The A3 wall poster (paper/wall_poster.py) and its number of sheets to assemble."""
    from harcelement_kit.paper.wall_poster import MARGIN, wall_poster

    scale = _scale_of(module)
    return wall_poster(
        module, library, created, scale, lambda: _poster_sheet(module, scale, "A3", created, 2, MARGIN, "L")
    )


def poster(module, library, page_format: str = "A4", created: datetime.datetime | None = None) -> bytes:
    """A4: a portrait handout, one sheet for the noticeboard or the pupils. A3: the wall
    poster, several landscape sheets assembled into one ruler read from the back of the class."""
    if page_format == "A3":
        return wall(module, library, created)[0]
    scale = _scale_of(module)
    k = POSTER_FORMATS[page_format] / 210
    margin = 10 * k
    pdf = _poster_sheet(module, scale, page_format, created, k, margin, "P")
    resources = library.resources_of(module)
    webs = [web_address(r) for r in resources if web_address(r)][:2]
    qr = 21 * k
    ruler = 28 * k
    column_x = margin + ruler + 5 * k
    column_w = pdf.w - margin - column_x
    help_lines = [r.court for r in resources]
    pdf.set_font(FONT, "B", 16 * k)
    half = (len(help_lines) + 1) // 2
    help_w = (pdf.epw - len(webs) * (qr + 8 * k) - 8 * k) / 2 - 2 * k  # as _help_box draws it
    help_h = (
        max(
            max(
                sum(pdf.text_height("• " + line, 11.5 * k, width=help_w) + 1 for line in column)
                for column in (help_lines[:half], help_lines[half:])
            )
            + 11.5 * k * 0.5
            + 1,
            qr + 5 * k,
        )
        + 14 * k
    )
    credit_h = pdf.text_height(scale.credit, 8 * k) + 2 if scale.credit else 0
    factor = 1.0
    while True:  # shrink the body together until the gauge fits above the help box
        s = _Sizes(k, factor)
        head_h = (
            pdf.text_height(scale.heading or module.titre, s.title, bold=True)
            + (pdf.text_height(scale.consigne, s.sub, bold=True) if scale.consigne else 0)
            + 6 * k
        )
        heights = _zone_heights(pdf, scale, s, column_w)
        room = pdf.h - 2 * margin - head_h - help_h - credit_h - 6 * k
        if sum(heights) <= room or factor < 0.5:
            break
        factor -= 0.03
    extra = max(room - sum(heights), 0) / len(heights)
    heights = [h + extra for h in heights]

    pdf.set_xy(margin, margin)
    pdf.set_font(FONT, "B", s.title)
    pdf.multi_cell(pdf.epw, s.title * 0.45, scale.heading or module.titre, align="C", new_x="LMARGIN", new_y="NEXT")
    if scale.consigne:
        pdf.set_font(FONT, "B", s.sub)
        pdf.multi_cell(pdf.epw, s.sub * 0.5, scale.consigne, align="C", new_x="LMARGIN", new_y="NEXT")
    y = pdf.get_y() + 5 * k
    count = len(scale.zones)
    for i, (zone, height) in enumerate(zip(scale.zones, heights)):
        fill = zone_fill(zone.couleur, i, count)
        pdf.set_fill_color(*fill)
        pdf.rect(margin, y, ruler, height, style="F")
        draw_pattern(pdf, i, margin, y, ruler, height, zone_ink(zone.couleur, i, count), step=5 * k)
        pdf.set_line_width(0.8 * k)
        pdf.set_draw_color(0, 0, 0)
        pdf.rect(margin, y, ruler, height)
        _ruler_name(pdf, zone.libelle, margin, y, ruler, height, fill)
        # the zone's side of the ruler: name, behaviours on graduations, message
        pdf.set_xy(column_x, y + 2 * k)
        pdf.set_font(FONT, "B", s.zone)
        pdf.multi_cell(column_w, s.zone * 0.5, zone.libelle, align="L", new_x="LEFT", new_y="NEXT")
        pdf.ln(1)
        for item in (it for it in scale.items if it.zone == zone.id):
            tick = pdf.get_y() + s.item * 0.25
            pdf.set_line_width(0.6 * k)
            pdf.line(margin + ruler - 7 * k, tick, margin + ruler + 3 * k, tick)
            pdf.set_x(column_x)
            pdf.set_font(FONT, "", s.item)
            pdf.multi_cell(column_w, s.item * 0.45, "• " + item.texte, align="L", new_x="LEFT", new_y="NEXT")
            pdf.ln(s.item * 0.06)
        if zone.message:
            top = pdf.get_y() + 1
            pdf.set_xy(column_x + 4 * k, top)
            pdf.set_font(FONT, "", s.message)
            pdf.multi_cell(column_w - 4 * k, s.message * 0.5, zone.message, align="L", new_x="LEFT", new_y="NEXT")
            pdf.set_fill_color(*fill)
            pdf.rect(column_x, top, 1.8 * k, pdf.get_y() - top, style="F")
        pdf.set_draw_color(160, 160, 160)
        pdf.set_line_width(0.3 * k)
        if i < count - 1:
            pdf.line(column_x, y + height, pdf.w - margin, y + height)
        pdf.set_draw_color(0, 0, 0)
        y += height

    _help_box(pdf, help_lines, webs, y + 4 * k, help_h, qr, k)
    if scale.credit:
        pdf.set_xy(margin, pdf.h - margin - credit_h + 1)
        pdf.set_font(FONT, "", 8 * k)
        pdf.set_text_color(60, 60, 60)
        pdf.multi_cell(pdf.epw, 8 * k * 0.5, scale.credit, align="L")
        pdf.set_text_color(0, 0, 0)
    return pdf.output_checked()


def _ruler_name(pdf: Sheet, name: str, x: float, y: float, w: float, h: float, fill) -> None:
    """The zone's name written up the ruler, as large as the band allows, on a plate
    of the zone's colour so that the pattern does not cross the letters."""
    size = w / 0.3528 * 0.45  # cap height about half the ruler's width
    pdf.set_font(FONT, "B", size)
    text = typeset(name)
    while pdf.get_string_width(text) > h - 6 and size > 6:
        size -= 0.5
        pdf.set_font(FONT, "B", size)
    length = pdf.get_string_width(text)
    cx, cy = x + w / 2, y + h / 2
    name_up_on_plate(pdf, text, cx, cy, size, length, fill, pad=1.5)


def _help_box(pdf: Sheet, lines: list[str], webs: list[str], y: float, height: float, qr: float, k: float) -> None:
    margin = pdf.l_margin
    pdf.set_line_width(0.8 * k)
    pdf.rect(margin, y, pdf.epw, height)
    text_w = pdf.epw - len(webs) * (qr + 8 * k) - 8 * k
    pdf.set_xy(margin + 4 * k, y + 3 * k)
    pdf.set_font(FONT, "B", 16 * k)
    pdf.cell(text_w, 16 * k * 0.45, HELP_HEADING)
    pdf.set_xy(margin + 4 * k, y + 3 * k + 16 * k * 0.45 + 3 * k)
    pdf.set_font(FONT, "B", 11.5 * k)
    pdf.multi_cell(text_w, 11.5 * k * 0.5, HELP_FIRST, align="L", new_x="LEFT", new_y="NEXT")
    pdf.ln(1)
    pdf.set_font(FONT, "", 11.5 * k)
    top = pdf.get_y()
    half = (len(lines) + 1) // 2
    for c, column in enumerate((lines[:half], lines[half:])):  # two columns: a shorter box
        pdf.set_y(top)
        for line in column:
            pdf.set_x(margin + 4 * k + c * text_w / 2)
            pdf.multi_cell(text_w / 2 - 2 * k, 11.5 * k * 0.5, "• " + line, align="L", new_x="LEFT", new_y="NEXT")
            pdf.ln(1)
    for i, url in enumerate(webs):
        x = pdf.w - margin - (i + 1) * (qr + 8 * k) + 4 * k
        draw_qr(pdf, url, x, y + 3 * k, qr)
        pdf.set_font(FONT, "", 8 * k)
        pdf.set_xy(x - 4 * k, y + 3 * k + qr)
        pdf.cell(qr + 8 * k, 4 * k, url.split("://", 1)[1].rstrip("/"), align="C")
