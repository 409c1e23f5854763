"""The helplines on paper: a short box on every pupil sheet and one full help page
per print. QR codes only for web and chat resources (3018.fr, the 119 site): a
number to call is written, never a code that dials it — a QR code that rings 112
invites a class of 12-year-olds to try it."""

from __future__ import annotations

from harcelement_kit.paper.qr import draw_qr
from harcelement_kit.paper.sheet import FONT, Sheet

__all__ = ["helplines_box", "helplines_height", "help_page", "web_address", "HELP_TITLE"]

HELP_TITLE = "Besoin d'aide ? Tu n'es pas seul, tu n'es pas seule."
ADULT = "Et surtout : parles-en à un adulte de confiance."


def web_address(resource) -> str:
    """The resource's web address when it has one; '' for tel: and sms: links."""
    return resource.url if resource.url.startswith(("https://", "http://")) else ""


def _caption(url: str) -> str:
    return url.split("://", 1)[1].rstrip("/")


def _caption_size(pdf: Sheet) -> float:
    return pdf.small if pdf.large else 8


def _qr_with_caption(pdf: Sheet, url: str, x: float, y: float, size: float) -> None:
    draw_qr(pdf, url, x, y, size)
    pdf.set_font(FONT, "", _caption_size(pdf))
    width = pdf.get_string_width(_caption(url)) + 2
    pdf.set_xy(x + size / 2 - width / 2, y + size)
    pdf.cell(width, 4, _caption(url), align="C")


def _box_layout(pdf: Sheet, resources: list):
    # Two codes at most on a sheet, 3018.fr and the 119's site first: the lines stay wide
    # enough to read, and every other site has its code on the help page.
    first = sorted((r for r in resources if web_address(r)), key=lambda r: r.id not in ("3018", "119"))
    webs = [web_address(r) for r in first][:2]
    qr = 20 if webs else 0
    size = pdf.body - 1 if not pdf.large else pdf.body
    pdf.set_font(FONT, "", _caption_size(pdf))
    while True:
        step = max([qr + 6] + [pdf.get_string_width(_caption(url)) + 3 for url in webs])  # captions never touch
        text_w = pdf.epw - len(webs) * step - 4
        if text_w >= pdf.epw * 0.45 or not webs:  # the lines keep half the box; the help page has every code
            break
        webs.pop()
    lines = [r.court for r in resources]
    height = sum(pdf.text_height("• " + line, size, width=text_w) + 1 for line in lines)
    title_h = pdf.text_height(HELP_TITLE, pdf.body + 1, bold=True)
    box = max(height, qr + 6) + title_h + pdf.text_height(ADULT, size, bold=True) + 8
    return webs, qr, size, text_w, lines, box, step


def helplines_height(pdf: Sheet, resources: list) -> float:
    return _box_layout(pdf, resources)[5] + 2


def helplines_box(pdf: Sheet, resources: list) -> None:
    """On every sheet: each resource's short line, the web ones' QR codes at the right."""
    webs, qr, size, text_w, lines, box, step = _box_layout(pdf, resources)
    pdf.keep_together(box + 2)
    top = pdf.get_y()
    pdf.set_line_width(0.6)
    pdf.rect(pdf.l_margin, top, pdf.epw, box)
    pdf.set_xy(pdf.l_margin + 3, top + 2)
    pdf.set_font(FONT, "B", pdf.body + 1)
    pdf.multi_cell(pdf.epw - 6, (pdf.body + 1) * 0.5, HELP_TITLE, align="L", new_x="LEFT", new_y="NEXT")
    y = pdf.get_y() + 1
    for i, url in enumerate(webs):
        _qr_with_caption(pdf, url, pdf.l_margin + pdf.epw - (i + 1) * step + (step - qr) / 2 - 1, y, qr)
    pdf.set_xy(pdf.l_margin + 3, y)
    pdf.set_font(FONT, "", size)
    for line in lines:
        pdf.multi_cell(text_w, size * 0.5, "• " + line, align="L", new_x="LEFT", new_y="NEXT")
        pdf.ln(1)
    pdf.set_y(max(pdf.get_y(), y + qr + 5))
    pdf.set_x(pdf.l_margin + 3)
    pdf.set_font(FONT, "B", size)
    pdf.multi_cell(pdf.epw - 6, size * 0.5, ADULT, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(top + box + 3)


def help_page(pdf: Sheet, resources: list) -> None:
    """Once per print: every resource in full, with the QR code of its web address."""
    pdf.add_page()
    pdf.heading(HELP_TITLE, 1)
    pdf.text_block("À afficher ou à garder : ces numéros et ces sites sont gratuits.", gap=4)
    qr = 24
    for resource in resources:
        url = web_address(resource)
        text_w = pdf.epw - (qr + 8 if url else 0)
        height = (
            pdf.text_height(resource.nom, pdf.body + 1, bold=True, width=text_w)
            + pdf.text_height(resource.texte, pdf.body, width=text_w)
            + 4
        )
        height = max(height, qr + 8 if url else 0)
        pdf.keep_together(height)
        y = pdf.get_y()
        if url:
            _qr_with_caption(pdf, url, pdf.l_margin + pdf.epw - qr - 2, y, qr)
        pdf.set_xy(pdf.l_margin, y)
        pdf.set_font(FONT, "B", pdf.body + 1)
        pdf.multi_cell(text_w, (pdf.body + 1) * 0.5, resource.nom, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "", pdf.body)
        pdf.multi_cell(text_w, pdf.body * 0.5, resource.texte, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(max(pdf.get_y() + 4, y + height))
    pdf.text_block(ADULT, bold=True)
