"""The bilan as a PDF for the funder: a title page, the figures in the seed's words,
bar charts drawn with fpdf2, and the share of right answers per question."""

from __future__ import annotations

import datetime
import re

from harcelement_kit.paper.sheet import FONT, Sheet
from harcelement_kit.tally.bilan import LIEU_ORDER, bilan_sections
from harcelement_kit.tally.records import ACTIONS, LIEUX

__all__ = ["bilan_pdf"]

SHORT_ACTIONS = {"atelier": "ateliers", "cine-debat": "ciné-débats", "animation": "heures d'animation",
                 "formation-ambassadeurs": "formation d'ambassadeurs", "evenement": "événements"}
BAR = (38, 70, 140)
BAR_LIGHT = (150, 170, 210)


def _bars(pdf: Sheet, title: str, rows: list[tuple[str, float, str]]) -> None:
    """Horizontal bars: label, bar, value written at its end."""
    if not rows:
        return
    height = 7
    pdf.keep_together(len(rows) * (height + 2) + 14)
    pdf.heading(title, 2)
    top = max(v for _, v, _ in rows) or 1
    label_w = 70
    bar_w = pdf.epw - label_w - 25
    for label, value, shown in rows:
        y = pdf.get_y()
        size = pdf.body - 1
        pdf.set_font(FONT, "", size)
        while pdf.get_string_width(label) > label_w - 3 and size > 7:  # never cut a label
            size -= 0.5
            pdf.set_font(FONT, "", size)
        pdf.set_xy(pdf.l_margin, y)
        pdf.cell(label_w - 2, height, label, align="R")
        pdf.set_fill_color(*BAR_LIGHT)
        pdf.rect(pdf.l_margin + label_w, y + 1, bar_w, height - 2, style="F")
        pdf.set_fill_color(*BAR)
        pdf.rect(pdf.l_margin + label_w, y + 1, max(bar_w * value / top, 0.3), height - 2, style="F")
        pdf.set_xy(pdf.l_margin + label_w + bar_w + 2, y)
        pdf.set_font(FONT, "B", pdf.body - 1)
        pdf.cell(23, height, shown)
        pdf.set_xy(pdf.l_margin, y + height + 2)
    pdf.ln(4)


def _share_bars(pdf: Sheet, title: str, rows: list[tuple[str, int, str]]) -> None:
    """One question a row: its full text, then a 0-100 % bar with the share and n."""
    pdf.heading(title, 2)
    bar_w = pdf.epw - 45
    for label, share, shown in rows:
        pdf.keep_together(pdf.body * 1.2 + 9)
        pdf.text_block(label, size=pdf.body - 1, gap=0.5)
        y = pdf.get_y()
        pdf.set_fill_color(*BAR_LIGHT)
        pdf.rect(pdf.l_margin, y, bar_w, 5, style="F")
        pdf.set_fill_color(*BAR)
        pdf.rect(pdf.l_margin, y, max(bar_w * share / 100, 0.3), 5, style="F")
        pdf.set_xy(pdf.l_margin + bar_w + 2, y - 1)
        pdf.set_font(FONT, "B", pdf.body - 1)
        pdf.cell(43, 7, shown)
        pdf.set_xy(pdf.l_margin, y + 8)
    pdf.ln(3)


def bilan_pdf(figures, library, created: datetime.datetime | None = None) -> bytes:
    from harcelement_kit.tally.numbers import fr_int

    title, blocks, answers = bilan_sections(figures, library)
    pdf = Sheet(12, "harcelement-kit · bilan", created)
    pdf.add_page()
    pdf.ln(50)
    pdf.text_block("Bilan des actions de sensibilisation et de prévention du harcèlement",
                   size=24, bold=True, gap=10)
    for part in title.split(" — "):
        pdf.text_block(part.replace("Bilan ", "Période : ", 1) if part.startswith("Bilan ") else part,
                       size=16, gap=4)
    pdf.ln(10)
    pdf.text_block("Chiffres calculés par harcelement-kit à partir des séances enregistrées, sans "
                   "aucune donnée personnelle : les réponses sensibles ne sont publiées qu'au-delà "
                   "des seuils (au moins 30 réponses, aucun nombre de 0 à 10).", size=11)

    pdf.add_page()
    pdf.heading("Quelques chiffres", 1)
    for heading, lines in blocks:
        pdf.text_block("• " + heading, bold=True, gap=1)
        for line in lines:
            pdf.text_block("> " + line, indent=6, gap=1)
        pdf.ln(2)
    keys = sorted(figures.by_action, key=lambda k: (list(ACTIONS).index(k[0]), LIEU_ORDER.index(k[1])))
    labels = [f"{SHORT_ACTIONS[a]} · {LIEUX[lieu]}" for a, lieu in keys]
    _bars(pdf, "Séances par action et par lieu",
          [(label, figures.by_action[k][0], fr_int(figures.by_action[k][0])) for label, k in zip(labels, keys)])
    _bars(pdf, "Bénéficiaires par action et par lieu",
          [(label, figures.by_action[k][1], fr_int(figures.by_action[k][1])) for label, k in zip(labels, keys)])
    if answers:
        pdf.add_page()
        pdf.heading("Réponses aux questions", 1)
        for heading, lines in answers:
            rows, notes = [], []
            for line in lines:
                share = re.search(r" : (\d+)\u00a0% de bonnes réponses \(n\u00a0=\u00a0([\d\u00a0]+)\)$", line)
                if share:
                    rows.append((line[: share.start()], int(share.group(1)),
                                 f"{share.group(1)} % (n = {share.group(2)})"))
                else:
                    notes.append(line)
            _share_bars(pdf, heading, rows)
            for note in notes:
                pdf.text_block("- " + note, size=pdf.body - 1, gap=1)
    return pdf.output_checked()
