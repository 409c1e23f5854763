"""The answer key, apart from the pupil sheets: per module a one-page grid of the
answers (question → letter, situation → oui/non, blank → word, card → zone), then
the explanations. Numbers and letters are those printed on the pupil sheets."""

from __future__ import annotations

from harcelement_kit.paper.numbering import card_order, letter, question_numbers
from harcelement_kit.paper.sheet import FONT, Sheet

__all__ = ["answer_grid", "answer_key"]

NOT_FOR_PUPILS = "Pour l'animateur ou l'animatrice : ne pas distribuer aux élèves."


def grid_rows(module) -> list[tuple[str, list[tuple[str, str]]]]:
    """(block title, [(what, answer)]) in the order of the sheet."""
    blocks: list[tuple[str, list]] = []
    numbers = question_numbers(module)
    questions = []
    for activity in module.activites:
        if activity.kind == "qcm":
            right = ", ".join(letter(i) for i in activity.correct_indexes)
            questions.append((f"Question {numbers[activity.id]}", right))
        elif activity.kind == "texte_a_trous":
            blocks.append((activity.heading, [(f"Trou ({b.number})", b.word) for b in activity.blanks]))
        elif activity.kind == "tri":
            order = card_order(module.id, activity)
            blocks.append(
                (
                    activity.heading,
                    [(f"Situation {n}", activity.items[i].reponse) for n, i in enumerate(order, start=1)],
                )
            )
        elif activity.kind == "echelle":
            order = card_order(module.id, activity)
            blocks.append(
                (
                    activity.heading,
                    [
                        (f"Carte n° {n}", activity.zone(activity.items[i].zone).libelle)
                        for n, i in enumerate(order, start=1)
                    ],
                )
            )
    if questions:
        blocks.insert(0, ("Questions", questions))
    return blocks


def answer_grid(pdf: Sheet, module) -> None:
    """One page: every answer at a glance."""
    pdf.add_page()
    pdf.heading(f"Corrigé — {module.titre}", 1)
    pdf.text_block(NOT_FOR_PUPILS, bold=True, gap=3)
    pdf.heading("Grille des réponses", 2, keep=20)
    row_h = pdf.body * 0.62
    for title, rows in grid_rows(module):
        pdf.set_font(FONT, "", pdf.body)
        label_w = max(pdf.get_string_width(what) for what, _ in rows) + 5
        pdf.set_font(FONT, "B", pdf.body)
        answer_w = max(pdf.get_string_width(answer) for _, answer in rows) + 4
        cols = next((c for c in (3, 2) if label_w + answer_w <= pdf.epw / c), 1)
        col_w = pdf.epw / cols
        size = pdf.body  # one size for the block; smaller only when one column is not wide enough
        while answer_w * size / pdf.body > col_w - label_w and size > pdf.min_size:
            size -= 0.5
        if title.casefold() != module.titre.casefold():
            pdf.heading(title, 2, keep=row_h * 2)
        lines = (len(rows) + cols - 1) // cols
        for r in range(lines):
            pdf.keep_together(row_h)
            y = pdf.get_y()
            for c in range(cols):
                k = c * lines + r  # numbers run down each column
                if k >= len(rows):
                    continue
                what, answer = rows[k]
                x = pdf.l_margin + c * col_w
                pdf.set_line_width(0.2)
                pdf.rect(x, y, col_w, row_h)
                pdf.set_xy(x, y)
                pdf.set_font(FONT, "", pdf.body)
                pdf.cell(label_w, row_h, what)
                pdf.set_font(FONT, "B", size)
                pdf.cell(col_w - label_w - 1, row_h, answer)
            pdf.set_y(y + row_h)
        pdf.ln(4)


def answer_key(pdf: Sheet, module) -> None:
    """The grid, then the explanations on the next page."""
    answer_grid(pdf, module)
    pdf.add_page()
    pdf.heading(f"Corrigé expliqué — {module.titre}", 1)
    numbers = question_numbers(module)
    for activity in module.activites:
        lines = _EXPLAIN[activity.kind](module, activity, numbers)
        if not lines:
            continue
        first = pdf.text_height(lines[0][1], bold=lines[0][0]) + (
            pdf.text_height(lines[1][1], bold=lines[1][0]) if len(lines) > 1 else 0
        )
        heading = activity.heading if activity.kind != "qcm" else f"Question {numbers[activity.id]}"
        if heading.casefold() != module.titre.casefold():
            pdf.heading(heading, 2, keep=first + 4)
        for bold, text in lines:
            pdf.keep_together(pdf.text_height(text, bold=bold))
            pdf.text_block(text, bold=bold, gap=1.5)
        pdf.ln(2)


def _cloze(module, a, numbers):
    return [(False, f"({b.number}) {b.word}") for b in a.blanks]


def _sorting(module, a, numbers):
    lines = []
    for n, i in enumerate(card_order(module.id, a), start=1):
        item = a.items[i]
        lines.append((True, f"{n}. {item.texte}"))
        lines.append((True, f"Réponse : {item.reponse}"))
        if item.explication:
            lines.append((False, item.explication))
    return lines


def _qcm(module, a, numbers):
    right = " / ".join(f"{letter(i)}. {a.options[i].texte}" for i in a.correct_indexes)
    return [(True, a.question), (True, f"Réponse : {right}")] + ([(False, a.explication)] if a.explication else [])


def _scale(module, a, numbers):
    order = card_order(module.id, a)
    lines = []
    for zone in a.zones:
        cards = [(n, a.items[i]) for n, i in enumerate(order, start=1) if a.items[i].zone == zone.id]
        lines.append((True, zone.libelle))
        lines.extend((False, f"n° {n} : {item.texte}") for n, item in cards)
    return lines


def _reflexion(module, a, numbers):
    return [(False, f"À retenir : {a.a_retenir}")] if a.a_retenir else []


_EXPLAIN = {
    "texte_a_trous": _cloze,
    "tri": _sorting,
    "qcm": _qcm,
    "echelle": _scale,
    "reflexion": _reflexion,
    "info": lambda m, a, n: [],
}
