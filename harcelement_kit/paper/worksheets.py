"""Pupil worksheets for every activity kind, with the helplines on every sheet and
the help page once per print; the answer key (keys.py) comes after all the pupil
sheets. Answers and explanations appear only in the key."""

from __future__ import annotations

import datetime
import re
import sys
import time

from fpdf.enums import XPos, YPos

from harcelement_kit.content.model import Blank
from harcelement_kit.paper.cutouts import Card, card_pages, card_size, scale_mat, sorting_mat
from harcelement_kit.paper.helplines import help_page, helplines_box, helplines_height
from harcelement_kit.paper import keys
from harcelement_kit.paper.numbering import card_order, letter, question_numbers
from harcelement_kit.paper.sheet import FONT, Sheet

__all__ = ["print_modules", "LARGE_PRINT_SIZE", "anonymous_by_nature"]

LARGE_PRINT_SIZE = 15
HANDWRITING = 14  # mm of a blank beyond its longest word: handwriting is wider than print


def anonymous_by_nature(module) -> bool:
    """No Nom / Classe / Date line: a scale or a sensitive activity is answered for oneself."""
    return any(a.kind == "echelle" or getattr(a, "sensible", False) for a in module.activites)


# -- pupil sheet ---------------------------------------------------------------------


def _pupil_sheet(pdf: Sheet, module, resources: list) -> None:
    pdf.add_page()
    pdf.heading(module.titre, 1)
    if not anonymous_by_nature(module):
        pdf.name_line()
        pdf.ln(2)
    # module.description speaks to the animateur (« Les élèves placent… »): not on the pupil's sheet
    numbers = question_numbers(module)
    later: list = []  # mats and cards, after the sheet's pages
    for activity in module.activites:
        later += _PUPIL[activity.kind](pdf, module, activity, numbers)
        pdf.ln(3)
    if later and pdf.room() < helplines_height(pdf, resources):
        # no page for the help box alone: it goes after the mats and cards instead
        for draw in later:
            draw()
        helplines_box(pdf, resources)
        return
    helplines_box(pdf, resources)
    for draw in later:
        draw()


def _consigne(pdf: Sheet, activity) -> None:
    if activity.consigne:
        pdf.text_block(activity.consigne, bold=True)


def _head(pdf: Sheet, module, activity, keep: float) -> None:
    """The activity's heading with what it introduces; none when it repeats the module's title."""
    if activity.heading.casefold() != module.titre.casefold():
        pdf.heading(activity.heading, 2, keep=keep + pdf.text_height(activity.consigne or "", bold=True))


def _cloze(pdf: Sheet, module, a, numbers) -> list:
    """The text with each blank as long as the bank's longest word plus room to
    write, its number glued to it, lines far enough apart to write on."""
    pdf.set_font(FONT, "B", pdf.body)
    longest = max(pdf.get_string_width(w) for w in a.bank)
    pdf.set_font(FONT, "", pdf.body)
    count = int((longest + HANDWRITING) / pdf.get_string_width("_")) + 1
    blank = "_" * count
    text = "".join(p if not isinstance(p, Blank) else f"({p.number})\u00a0{blank}" for p in a.parts)
    line = max(8.5, pdf.body * 0.62)
    _head(pdf, module, a, keep=3 * line)
    _consigne(pdf, a)
    pdf.text_block(text, gap=4, line=line)
    _word_bank(pdf, a.bank)
    return []


def _word_bank(pdf: Sheet, words: list[str]) -> None:
    """The bank as one framed label per word, flowing over lines: no separators to dangle."""
    pdf.set_font(FONT, "B", pdf.body)
    chip_h, gap = pdf.body * 0.6, 4
    widths = [min(pdf.get_string_width(w) + 6, pdf.epw - 8) for w in words]
    rows, row, used = [], [], 0
    for word, width in zip(words, widths):
        if row and used + width > pdf.epw - 8:
            rows.append(row)
            row, used = [], 0
        row.append((word, width))
        used += width + gap
    rows.append(row)
    title_h = pdf.body * 0.5 + 2
    height = title_h + len(rows) * (chip_h + 3) + 5
    pdf.keep_together(height)
    top = pdf.get_y()
    pdf.set_line_width(0.4)
    pdf.rect(pdf.l_margin, top, pdf.epw, height)
    pdf.set_xy(pdf.l_margin + 4, top + 2)
    pdf.set_font(FONT, "", pdf.body)
    pdf.cell(0, pdf.body * 0.5, "Banque de mots :")
    y = top + title_h + 2
    pdf.set_font(FONT, "B", pdf.body)
    for row in rows:
        x = pdf.l_margin + 4
        for word, width in row:
            pdf.set_line_width(0.3)
            pdf.set_xy(x, y)
            pdf.cell(width, chip_h, word, border=1, align="C")
            x += width + gap
        y += chip_h + 3
    pdf.set_y(top + height + 3)


def _sorting(pdf: Sheet, module, a, numbers) -> list:
    """The situations in the order of their cards, each with the categories to circle;
    then a sorting mat and the cards, header cards first."""
    circle = "Entoure :   " + "      ".join(a.categories)
    order = card_order(module.id, a)
    first = pdf.text_height(f"1. {a.items[order[0]].texte}") + pdf.body
    _head(pdf, module, a, keep=first)
    _consigne(pdf, a)
    for n, i in enumerate(order, start=1):
        item = a.items[i]
        pdf.keep_together(pdf.text_height(f"{n}. {item.texte}") + pdf.body * 0.5 + 3)
        pdf.text_block(f"{n}. {item.texte}", gap=0.5)
        pdf.text_block(circle, bold=True, indent=6, gap=2.5)
    cards = [Card(c.upper()) for c in a.categories] + [Card(a.items[i].texte, n) for n, i in enumerate(order, start=1)]
    size = card_size(pdf, cards)
    question = re.sub(r"\s*\([^)]*\)\s*$", "", a.consigne)  # « (si oui, entoure) » is for the sheet
    return [
        lambda: sorting_mat(pdf, a.heading, list(a.categories), size, question),
        lambda: card_pages(pdf, cards, a.heading),
    ]


def _qcm(pdf: Sheet, module, a, numbers) -> list:
    """« Question n » (smaller than the question it introduces), the question, the
    options lettered A, B, C with a box to tick; kept together on one page."""
    label = max(pdf.body - 2, pdf.small)
    ask = pdf.body + 1
    options = sum(pdf.text_height(o.texte, width=pdf.epw - 15) + 1.5 for o in a.options)
    pdf.keep_together(label * 0.5 + pdf.text_height(a.question, ask, bold=True) + options + 8)
    pdf.set_text_color(70, 70, 70)
    title = f"Question {numbers[a.id]}" + (f" — {a.titre}" if a.titre else "")
    pdf.text_block(title, size=label, gap=0.5)
    pdf.set_text_color(0, 0, 0)
    pdf.text_block(a.question, size=ask, bold=True)
    for i, option in enumerate(a.options):
        pdf.checkbox_line(option.texte, letter=letter(i))
    if a.plusieurs:
        pdf.text_block("(plusieurs réponses possibles)", size=pdf.small)
    return []


def _scale(pdf: Sheet, module, a, numbers) -> list:
    """The gauge as a mat: one band per zone, big enough for the behaviour cards;
    then the help text, the credit, and the cards in a shuffled order."""
    order = card_order(module.id, a)
    cards = [Card(a.items[i].texte, n) for n, i in enumerate(order, start=1)]
    size = card_size(pdf, cards)
    _head(pdf, module, a, keep=size[1] + 20)
    if a.consigne:
        pdf.text_block(f"{a.consigne} … Découpe les cartes et pose chacune dans sa zone.", bold=True)
    else:
        pdf.text_block("Découpe les cartes des comportements et pose chacune dans sa zone.", bold=True)
    scale_mat(pdf, a, size)
    if a.aide:
        pdf.keep_together(pdf.text_height(a.aide.splitlines()[0]) * 2)
        pdf.text_block(a.aide)
    if a.credit:
        pdf.text_block(a.credit, size=pdf.small)
    title = a.heading + (f" — {a.consigne}" if a.consigne else "")
    return [lambda: card_pages(pdf, cards, title)]


def _reflexion(pdf: Sheet, module, a, numbers) -> list:
    _head(pdf, module, a, keep=pdf.text_height(a.question, bold=True) + 20)
    _consigne(pdf, a)
    pdf.text_block(a.question, bold=True)
    pdf.writing_lines(5)
    return []


def _info(pdf: Sheet, module, a, numbers) -> list:
    text = a.texte + (f"\nSource : {a.source}" if a.source else "")
    pdf.set_font(FONT, "", pdf.body)
    lines = pdf.multi_cell(pdf.epw, pdf.body * 0.5, text, dry_run=True, output="LINES", padding=4)
    height = len(lines) * pdf.body * 0.5 + 10
    _head(pdf, module, a, keep=height)
    _consigne(pdf, a)
    pdf.keep_together(min(height, pdf.h * 0.4))  # the same as the heading keeps: never split from it
    pdf.set_font(FONT, "", pdf.body)
    pdf.set_line_width(0.6)
    pdf.multi_cell(pdf.epw, pdf.body * 0.5, text, border=1, align="L", padding=4, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return []


_PUPIL = {
    "texte_a_trous": _cloze,
    "tri": _sorting,
    "qcm": _qcm,
    "echelle": _scale,
    "reflexion": _reflexion,
    "info": _info,
}


# -- the document ----------------------------------------------------------------------


def _all_resources(modules: list, library) -> list:
    seen, out = set(), []
    for module in modules:
        for r in library.resources_of(module):
            if r.id not in seen:
                seen.add(r.id)
                out.append(r)
    return out


def print_modules(
    modules: list,
    library,
    *,
    answer_key: bool = False,
    key_only: bool = False,
    copies: int = 1,
    large: bool = False,
    created: datetime.datetime | None = None,
    progress=None,
) -> bytes:
    """One PDF: the pupil sheets (`copies` of each module), the help page once,
    then, if asked, one key section; `key_only` prints the key section alone."""
    pdf = Sheet(LARGE_PRINT_SIZE if large else 12, "harcelement-kit", created)
    footer_help = " · ".join(r.court for r in library.resources_of(modules[0])[:1]) if modules else ""
    pdf.footer_text = ("" if large else "harcelement-kit · ") + footer_help
    titles = " ; ".join(m.titre for m in modules)
    what = "Corrigé" if key_only else ("Fiches élèves et corrigé" if answer_key else "Fiches élèves")
    pdf.describe(
        f"{what} — {titles}",
        f"Atelier contre le harcèlement, modules : {', '.join(m.id for m in modules)}"
        + (" (gros caractères)" if large else ""),
    )
    total = 0 if key_only else len(modules) * copies
    done = 0
    if not key_only:
        for module in modules:
            resources = library.resources_of(module)
            for _ in range(copies):
                _pupil_sheet(pdf, module, resources)
                done += 1
                if progress:
                    progress(done, total)
        help_page(pdf, _all_resources(modules, library))
    if answer_key or key_only:
        for module in modules:
            keys.answer_key(pdf, module)
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
