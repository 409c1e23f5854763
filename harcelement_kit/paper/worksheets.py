"""Pupil worksheets and answer keys for every activity kind, with the helplines and
their QR codes on every sheet. Answers and explanations appear only in the key."""

from __future__ import annotations

import datetime
import sys
import time

from fpdf.enums import XPos, YPos

from harcelement_kit.content.model import Blank
from harcelement_kit.paper.qr import draw_qr
from harcelement_kit.paper.sheet import FONT, Sheet

__all__ = ["print_modules", "LARGE_PRINT_SIZE"]

LARGE_PRINT_SIZE = 15
PATTERNS = ("aucun", "hachures", "quadrillage", "points")


def _rgb(color: str) -> tuple[int, int, int]:
    return tuple(int(color[i:i + 2], 16) for i in (1, 3, 5))


# -- pupil sheet ---------------------------------------------------------------------

def _pupil_sheet(pdf: Sheet, module, resources: list) -> None:
    pdf.add_page()
    pdf.heading(module.titre, 1)
    if module.description:
        pdf.text_block(module.description)
    cards: list[str] = []
    for activity in module.activites:
        pdf.keep_together(pdf.body * 4)  # a heading never ends a page without its activity
        pdf.heading(activity.heading, 2)
        if activity.consigne:
            pdf.text_block(activity.consigne, bold=True)
        cards += _PUPIL[activity.kind](pdf, activity)
        pdf.ln(3)
    _helplines_box(pdf, resources)
    if cards:
        pdf.cut_grid(cards)


def _cloze(pdf: Sheet, a) -> list[str]:
    text = "".join(p if not isinstance(p, Blank) else f"({p.number}) ____________" for p in a.parts)
    pdf.text_block(text, gap=3)
    pdf.set_font(FONT, "B", pdf.body)
    bank = "Banque de mots :   " + "   ·   ".join(a.bank)
    pdf.set_line_width(0.4)
    pdf.multi_cell(pdf.epw, pdf.body * 0.6, bank, border=1, align="C", padding=2,
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    return []


def _sorting(pdf: Sheet, a) -> list[str]:
    circle = "Entoure :   " + "      ".join(a.categories)
    for i, item in enumerate(a.items, start=1):
        pdf.keep_together(pdf.body * 2)
        pdf.text_block(f"{i}. {item.texte}", gap=0.5)
        pdf.text_block(circle, bold=True, indent=6, gap=2.5)
    return [item.texte for item in a.items]


def _qcm(pdf: Sheet, a) -> list[str]:
    pdf.keep_together(pdf.body * 3)
    pdf.text_block(a.question, bold=True)
    for option in a.options:
        pdf.checkbox_line(option.texte)
    if a.plusieurs:
        pdf.text_block("(plusieurs réponses possibles)", size=pdf.small)
    return []


def _scale(pdf: Sheet, a) -> list[str]:
    """The gauge, from the healthiest zone to the gravest: colour, pattern and name."""
    band = 22
    pdf.keep_together(band * len(a.zones) + 6)
    for i, zone in enumerate(a.zones):
        y = pdf.get_y()
        pdf.set_fill_color(*_rgb(zone.couleur))
        pdf.set_line_width(0.4)
        pdf.rect(pdf.l_margin, y, 18, band, style="DF")
        _pattern(pdf, PATTERNS[i % len(PATTERNS)], pdf.l_margin, y, 18, band)
        pdf.set_xy(pdf.l_margin + 22, y + 1)
        pdf.set_font(FONT, "B", pdf.body + 1)
        pdf.multi_cell(pdf.epw - 22, pdf.body * 0.55, zone.libelle, align="L",
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if zone.message:
            pdf.set_x(pdf.l_margin + 22)
            pdf.set_font(FONT, "", pdf.body - 1)
            pdf.multi_cell(pdf.epw - 22, pdf.body * 0.45, zone.message, align="L",
                           new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_y(max(pdf.get_y(), y + band) + 2)
    pdf.text_block("Découpe les cartes des comportements et place chacune dans sa zone.", bold=True)
    if a.aide:
        pdf.text_block(a.aide)
    if a.credit:
        pdf.text_block(a.credit, size=pdf.small)
    return [f"{a.consigne} {item.texte}".strip() for item in a.items]


def _pattern(pdf: Sheet, name: str, x: float, y: float, w: float, h: float) -> None:
    """A pattern that tells the zones apart once printed in grey."""
    pdf.set_line_width(0.3)
    pdf.set_draw_color(255, 255, 255)
    if name in ("hachures", "quadrillage"):
        step = 3
        for k in range(int((w + h) / step) + 1):
            d = k * step
            x1, y1 = x + max(0, d - h), y + min(d, h)
            x2, y2 = x + min(d, w), y + max(0, d - w)
            pdf.line(x1, y1, x2, y2)
        if name == "quadrillage":
            for k in range(int(h / step) + 1):
                pdf.line(x, y + k * step, x + w, y + k * step)
    elif name == "points":
        pdf.set_fill_color(255, 255, 255)
        for row in range(int(h / 3)):
            for col in range(int(w / 3)):
                pdf.circle(x + 1.5 + col * 3, y + 1.5 + row * 3, 0.4, style="F")
    pdf.set_draw_color(0, 0, 0)


def _reflexion(pdf: Sheet, a) -> list[str]:
    pdf.text_block(a.question, bold=True)
    pdf.writing_lines(5)
    return []


def _info(pdf: Sheet, a) -> list[str]:
    text = a.texte + (f"\nSource : {a.source}" if a.source else "")
    lines = pdf.multi_cell(pdf.epw, pdf.body * 0.5, text, dry_run=True, output="LINES", padding=4)
    pdf.keep_together(len(lines) * pdf.body * 0.5 + 10)
    pdf.set_font(FONT, "", pdf.body)
    pdf.set_line_width(0.6)
    pdf.multi_cell(pdf.epw, pdf.body * 0.5, text, border=1, align="L", padding=4,
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return []


_PUPIL = {"texte_a_trous": _cloze, "tri": _sorting, "qcm": _qcm, "echelle": _scale,
          "reflexion": _reflexion, "info": _info}


def _helplines_box(pdf: Sheet, resources: list) -> None:
    """The module's active helplines, each with a QR code of its address."""
    qr = 20
    size = pdf.body - 1
    heights = []
    for r in resources:
        pdf.set_font(FONT, "", size)
        lines = pdf.multi_cell(pdf.epw - qr - 10, size * 0.45, r.texte, dry_run=True, output="LINES")
        heights.append(max(qr, (len(lines) + 1) * size * 0.45) + 3)
    pdf.keep_together(sum(heights[:2]) + 12)
    pdf.set_font(FONT, "B", pdf.body + 2)
    pdf.cell(0, 8, "Besoin d'aide ? Tu n'es pas seul ou seule.", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    top = pdf.get_y()
    for resource, height in zip(resources, heights):
        pdf.keep_together(height)
        y = pdf.get_y()
        if resource.url:
            draw_qr(pdf, resource.url, pdf.l_margin + pdf.epw - qr, y, qr)
        pdf.set_xy(pdf.l_margin, y)
        pdf.set_font(FONT, "B", size)
        pdf.multi_cell(pdf.epw - qr - 10, size * 0.45, resource.nom, align="L",
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(FONT, "", size)
        pdf.multi_cell(pdf.epw - qr - 10, size * 0.45, resource.texte, align="L",
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_y(y + height)
    if pdf.get_y() > top:
        pdf.text_block("Et surtout : parles-en à un adulte de confiance.", bold=True)


# -- answer key ------------------------------------------------------------------------

def _answer_key(pdf: Sheet, module) -> None:
    pdf.add_page()
    pdf.heading(f"Corrigé — {module.titre}", 1)
    pdf.text_block("Pour l'animatrice ou l'animateur : ne pas distribuer aux élèves.", bold=True)
    for activity in module.activites:
        lines = _KEY[activity.kind](activity)
        if not lines:
            continue
        pdf.heading(activity.heading, 2)
        for bold, text in lines:
            pdf.text_block(text, bold=bold, gap=1.5)
        pdf.ln(2)


def _key_cloze(a):
    return [(False, f"({b.number}) {b.word}") for b in a.blanks]


def _key_sorting(a):
    lines = []
    for i, item in enumerate(a.items, start=1):
        lines.append((True, f"{i}. {item.texte}"))
        lines.append((True, f"Réponse : {item.reponse}"))
        if item.explication:
            lines.append((False, item.explication))
    return lines


def _key_qcm(a):
    right = " / ".join(a.options[i].texte for i in a.correct_indexes)
    return ([(True, a.question), (True, f"Réponse : {right}")]
            + ([(False, a.explication)] if a.explication else []))


def _key_scale(a):
    return [(False, f"{item.texte} : {a.zone(item.zone).libelle}") for item in a.items]


def _key_reflexion(a):
    return [(False, f"À retenir : {a.a_retenir}")] if a.a_retenir else []


_KEY = {"texte_a_trous": _key_cloze, "tri": _key_sorting, "qcm": _key_qcm, "echelle": _key_scale,
        "reflexion": _key_reflexion, "info": lambda a: []}


# -- the document ----------------------------------------------------------------------

def print_modules(modules: list, library, *, answer_key: bool = False, copies: int = 1,
                  large: bool = False, created: datetime.datetime | None = None,
                  progress=None) -> bytes:
    """One PDF: per module, `copies` pupil sheets, then the answer key if asked."""
    pdf = Sheet(LARGE_PRINT_SIZE if large else 12, "harcelement-kit", created)
    footer_help = " · ".join(r.court for r in library.resources_of(modules[0])[:1]) if modules else ""
    total = len(modules) * copies
    done = 0
    pdf.footer_text = "harcelement-kit" + (f" · {footer_help}" if footer_help else "")
    for module in modules:
        resources = library.resources_of(module)
        for _ in range(copies):
            _pupil_sheet(pdf, module, resources)
            done += 1
            if progress:
                progress(done, total)
        if answer_key:
            _answer_key(pdf, module)
    return pdf.output_checked()


def terminal_progress(stream=None):
    """A progress line on a terminal for jobs longer than a second; silent otherwise."""
    stream = stream or sys.stderr  # the stderr of now, not of the first import (tests replace it)
    start = time.monotonic()

    def report(done: int, total: int) -> None:
        if stream.isatty() and time.monotonic() - start > 1:
            end = "\n" if done == total else ""
            stream.write(f"\rImpression : {done}/{total} fiches…{end}")
            stream.flush()

    return report
