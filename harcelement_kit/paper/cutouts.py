"""Cards to cut out and the mats to sort them on: numbered cards in a shuffled
order that is the same at every print of a module (so the key can name card
numbers), every text fitted inside its card, and one zone per category big
enough to lay the cards on."""

from __future__ import annotations

from dataclasses import dataclass

from harcelement_kit.paper.scale import draw_pattern, text_color_on, zone_fill, zone_ink
from harcelement_kit.paper.sheet import FONT, PaperError, Sheet

__all__ = ["Card", "card_size", "card_pages", "sorting_mat", "scale_mat", "COLUMNS"]

COLUMNS = 3
PAD = 3


@dataclass(frozen=True)
class Card:
    text: str
    number: int | None = None  # None: a header card (a category's name)


def _label_size(pdf: Sheet) -> float:
    return pdf.small if pdf.large else 9


def _card_text_size(pdf: Sheet, card: Card) -> float:
    return pdf.body + 4 if card.number is None else pdf.body


def card_size(pdf: Sheet, cards: list[Card]) -> tuple[float, float]:
    """Width and height of one card on a portrait page: three a row, the tallest
    text at its size, within half a page; two or one a row when texts are too long."""
    page_w = min(pdf.w, pdf.h) - pdf.l_margin - pdf.r_margin
    limit = (max(pdf.h, pdf.w) - pdf.t_margin - pdf.b_margin - 14) / 2
    label = _label_size(pdf) * 0.45
    for columns in (COLUMNS, 2, 1):
        width = page_w / columns
        tallest = max(
            pdf.text_height(c.text, _card_text_size(pdf, c), bold=c.number is None, width=width - 2 * PAD)
            for c in cards
        )
        height = max(tallest + label + 2 * PAD + 1, 30)
        if height <= limit:
            break
    return width, min(height, limit)


def card_pages(pdf: Sheet, cards: list[Card], title: str) -> None:
    """The cards on as many pages as needed, cut along dashed lines."""
    width, height = card_size(pdf, cards)
    columns = round((min(pdf.w, pdf.h) - pdf.l_margin - pdf.r_margin) / width)
    label = _label_size(pdf)
    start = 0
    while start < len(cards):
        pdf.add_page()
        pdf.set_font(FONT, "B", pdf.body)
        pdf.multi_cell(
            pdf.epw - 10, pdf.body * 0.5, f"Cartes à découper — {title}", align="L", new_x="LMARGIN", new_y="NEXT"
        )
        pdf.scissors(pdf.l_margin, pdf.get_y() + 1)
        top = pdf.get_y() + 8
        rows = max(int((pdf.h - pdf.b_margin - top) // height), 1)
        page = cards[start : start + rows * columns]
        start += len(page)
        used_rows = (len(page) + columns - 1) // columns
        pdf.set_dash_pattern(dash=2, gap=1.5)
        pdf.set_line_width(0.3)
        for r in range(used_rows + 1):
            pdf.line(pdf.l_margin, top + r * height, pdf.l_margin + pdf.epw, top + r * height)
        for c in range(columns + 1):
            pdf.line(pdf.l_margin + c * width, top, pdf.l_margin + c * width, top + used_rows * height)
        pdf.set_dash_pattern()
        for i, card in enumerate(page):
            r, c = divmod(i, columns)
            x, y = pdf.l_margin + c * width + PAD, top + r * height + PAD
            inner_w, inner_h = width - 2 * PAD, height - 2 * PAD
            try:
                if card.number is None:
                    pdf.set_line_width(0.8)
                    pdf.rect(x - 1, y - 1, inner_w + 2, inner_h + 2)
                    pdf.fitted(
                        card.text, x, y, inner_w, inner_h, _card_text_size(pdf, card), bold=True, align="C", valign="M"
                    )
                    continue
                pdf.set_font(FONT, "B", label)
                pdf.set_text_color(90, 90, 90)
                pdf.set_xy(x, y)
                pdf.cell(inner_w, label * 0.45, f"n° {card.number}")
                pdf.set_text_color(0, 0, 0)
                pdf.fitted(card.text, x, y + label * 0.45 + 1, inner_w, inner_h - label * 0.45 - 1, pdf.body)
            except PaperError as exc:
                raise PaperError(f"carte « {card.text[:40]}… » : {exc}") from None
        pdf.set_y(top + used_rows * height + 4)


def sorting_mat(pdf: Sheet, title: str, categories: list[str], card: tuple[float, float], question: str = "") -> None:
    """One zone per category, each wide and tall enough for a card with room around
    it: side by side on a landscape page when the cards allow, else fewer zones a page."""
    header = pdf.body * 0.9 + 6
    gap = 5
    count = len(categories)
    layouts = [("L", min(count, 3), min((count + 2) // 3, 2)), ("P", min(count, 2), 2), ("P", 1, 1)]
    for orientation, cols, rows in layouts:
        width, height = (297, 210) if orientation == "L" else (210, 297)
        top = pdf.t_margin + pdf.heading_size(2) * 0.5 + 2 * pdf.body * 0.5 + 8
        zone_w = (width - pdf.l_margin - pdf.r_margin - gap * (cols - 1)) / cols
        zone_h = (height - pdf.b_margin - top - gap * (rows - 1)) / rows
        if zone_w >= card[0] + 6 and zone_h >= card[1] + header + 6:
            break
    else:
        raise PaperError(f"« {title} » : des cartes trop grandes pour un tapis de tri")
    per_page = cols * rows
    for start in range(0, count, per_page):
        pdf.add_page(orientation=orientation)
        pdf.heading(f"Tapis de tri — {title}", 2)
        pdf.text_block((question + " " if question else "") + "Pose chaque carte dans la zone de sa réponse.", gap=3)
        top = pdf.get_y()
        zone_h = min(zone_h, (pdf.h - pdf.b_margin - top - gap * (rows - 1)) / rows)  # a longer question
        for i, name in enumerate(categories[start : start + per_page]):
            r, c = divmod(i, cols)
            x, y = pdf.l_margin + c * (zone_w + gap), top + r * (zone_h + gap)
            pdf.set_fill_color(235, 235, 235)
            pdf.set_line_width(0.8)
            pdf.rect(x, y, zone_w, header, style="DF")
            pdf.rect(x, y, zone_w, zone_h)
            pdf.fitted(
                name.upper(),
                x + 2,
                y + 2,
                zone_w - 4,
                header - 4,
                pdf.body + 6,
                bold=True,
                align="C",
                valign="M",
                leading=0.42,
            )
        pdf.set_y(top + rows * zone_h)


def scale_mat(pdf: Sheet, scale, card: tuple[float, float]) -> None:
    """The gauge to place the behaviour cards on: one band per zone, from the
    healthiest at the top to the gravest at the bottom, each with its colour,
    pattern, name and message, and room below for two cards side by side."""
    strip = 22
    count = len(scale.zones)
    area_w = pdf.epw - strip - 3
    small = pdf.small if pdf.large else pdf.body - 2
    heights = []
    for zone in scale.zones:
        head = pdf.text_height(zone.libelle, pdf.body + 1, bold=True, width=area_w - 4)
        message = pdf.text_height(zone.message, small, width=area_w - 4) if zone.message else 0
        heights.append((head, message))
    share = (pdf.room() - 2) / count
    for i, (zone, (head, message)) in enumerate(zip(scale.zones, heights)):
        height = max(head + message + card[1] + 10, min(share, head + message + 2 * card[1] + 12))
        pdf.keep_together(height)
        x, y = pdf.l_margin, pdf.get_y()
        fill = zone_fill(zone.couleur, i, count)
        pdf.set_fill_color(*fill)
        pdf.set_line_width(0.6)
        pdf.rect(x, y, strip, height, style="F")
        draw_pattern(pdf, i, x, y, strip, height, zone_ink(zone.couleur, i, count))
        pdf.set_draw_color(0, 0, 0)
        pdf.rect(x, y, strip, height)
        pdf.rect(x + strip, y, pdf.epw - strip, height)
        pdf.set_text_color(*text_color_on(fill))
        pdf.set_font(FONT, "B", pdf.body + 8)
        pdf.set_fill_color(*fill)
        label = str(i + 1)
        pdf.set_xy(x + 4, y + 3)
        pdf.cell(strip - 8, pdf.body * 0.6, label, align="C", fill=True)
        pdf.set_text_color(0, 0, 0)
        pdf.set_xy(x + strip + 3, y + 2)
        pdf.set_font(FONT, "B", pdf.body + 1)
        pdf.multi_cell(area_w - 4, (pdf.body + 1) * 0.5, zone.libelle, align="L", new_x="LEFT", new_y="NEXT")
        if zone.message:
            pdf.set_font(FONT, "", small)
            pdf.multi_cell(area_w - 4, small * 0.5, zone.message, align="L", new_x="LEFT", new_y="NEXT")
        pdf.set_y(y + height)
    pdf.ln(3)
