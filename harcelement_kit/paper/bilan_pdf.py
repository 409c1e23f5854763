"""The bilan as a PDF a funder files as it is: a title page (programme, funder,
structures, the period asked for, logos), the figures in the seed's words, the
same figures in a table with one glossary box defining each, charts with axes,
units and a one-line reading, the share of right answers, and the
self-assessment as stacked bars wherever the small-cell rules allow."""

from __future__ import annotations

import datetime
import math
from pathlib import Path

from harcelement_kit.content.choices import choices
from harcelement_kit.paper.scale import draw_pattern, zone_fill
from harcelement_kit.paper.sheet import FONT, PaperError, Sheet
from harcelement_kit.tally.bilan import (
    period_text,
    school_year_period,
    LIEU_ORDER,
    PASSATION_SUFFIX,
    SENSITIVE_MIN_COUNT,
    SENSITIVE_MIN_DENOMINATOR,
    key_figures,
    sensitive_cells,
)
from harcelement_kit.tally.numbers import fr_decimal, fr_int, plural, round_percent
from harcelement_kit.tally.records import ACTIONS, LIEUX

__all__ = ["bilan_pdf", "DEFAULT_FUNDER", "DEFAULT_PROGRAMME", "school_year_period"]

DEFAULT_FUNDER = "Fonds d'Innovation Jeunes en Métropole (FIJeM) — Métropole Européenne de Lille"
DEFAULT_PROGRAMME = "Le pair à pair dans la lutte contre le harcèlement"
SHORT_ACTIONS = {
    "atelier": "ateliers",
    "cine-debat": "ciné-débats",
    "animation": "heures d'animation",
    "formation-ambassadeurs": "formation d'ambassadeurs",
    "evenement": "événements",
}
BAR = (38, 70, 140)
GRID = (200, 200, 200)
ANSWER_SCALE = ("#2e7d32", "#f9a825", "#c62828")  # jamais → souvent, as the harcèlomètre's zones

GLOSSARY = [
    (
        "Séance",
        "une rencontre avec un groupe (atelier, heure d'animation, ciné-débat, formation, "
        "événement), comptée une fois, quel que soit le nombre de modules faits.",
    ),
    (
        "Bénéficiaires",
        "les personnes présentes à une séance, additionnées sur toutes les séances : "
        "une personne venue à deux séances compte deux fois. C'est le chiffre des "
        "graphiques « bénéficiaires ».",
    ),
    (
        "Élèves (animations en collège)",
        "les élèves d'un même cycle d'animations comptés une seule fois "
        "(le plus grand effectif du cycle) : ce chiffre est donc plus petit "
        "que les bénéficiaires des heures d'animation, qui comptent chaque "
        "présence.",
    ),
    ("Heures d'animation", "la somme des durées des séances d'animation."),
    ("Collèges", "les établissements différents où ont eu lieu les animations."),
    ("Élèves ambassadeurs formés", "les élèves formés lors des séances « formation d'ambassadeurs »."),
    (
        "Bonnes réponses",
        "la part des réponses justes parmi les réponses données à une question (n : nombre de réponses).",
    ),
    (
        "n.d.",
        f"non diffusé : moins de {SENSITIVE_MIN_DENOMINATOR} réponses, une seule séance, ou un nombre "
        f"plus petit que {SENSITIVE_MIN_COUNT}, qui pourrait désigner quelqu'un.",
    ),
]


def _structure_names(figures) -> list[str]:
    """The structures by their names (structures.yaml, through Figures.structure_name;
    a Figures without it prints the codes tally gives)."""
    named = getattr(figures, "structure_name", None)
    codes = [figures.filters.structure] if figures.filters.structure else list(figures.structures)
    return sorted((named(code) if callable(named) else code for code in codes), key=str.casefold)


# -- charts ------------------------------------------------------------------------------


def _nice_step(top: float) -> float:
    """A round step (1, 2, 5 × 10^k) giving at most 6 intervals up to `top`."""
    raw = max(top, 1) / 6
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def _bar_chart(
    pdf: Sheet, title: str, unit: str, rows: list[tuple[str, float, str]], reading: str, top: float | None = None
) -> None:
    """Horizontal bars on a graduated axis with its unit, values at the bars' ends,
    and one line saying how to read it."""
    if not rows:
        return
    bar_h, label_w, value_w = 6.5, 62, 22
    plot_w = pdf.epw - label_w - value_w
    height = len(rows) * (bar_h + 1.5) + 22
    pdf.heading(title, 2, keep=height)
    top = top or max(v for _, v, _ in rows) or 1
    step = _nice_step(top)
    top = math.ceil(top / step) * step
    x0, y0 = pdf.l_margin + label_w, pdf.get_y() + 1
    plot_h = len(rows) * (bar_h + 1.5)
    pdf.set_draw_color(*GRID)
    pdf.set_line_width(0.2)
    ticks = [i * step for i in range(int(round(top / step)) + 1)]
    for t in ticks:
        x = x0 + plot_w * t / top
        pdf.line(x, y0, x, y0 + plot_h)
    pdf.set_draw_color(0, 0, 0)
    for i, (label, value, shown) in enumerate(rows):
        y = y0 + i * (bar_h + 1.5)
        size = pdf.body - 1.5
        pdf.set_font(FONT, "", size)
        while pdf.get_string_width(label) > label_w - 3 and size > 7:  # never cut a label
            size -= 0.5
            pdf.set_font(FONT, "", size)
        pdf.set_xy(pdf.l_margin, y)
        pdf.cell(label_w - 2, bar_h, label, align="R")
        pdf.set_fill_color(*BAR)
        pdf.rect(x0, y + 0.75, max(plot_w * value / top, 0.4), bar_h - 1.5, style="F")
        pdf.set_xy(x0 + plot_w * value / top + 1.5, y)
        pdf.set_font(FONT, "B", pdf.body - 1.5)
        pdf.cell(value_w, bar_h, shown)
    axis_y = y0 + plot_h + 0.5
    pdf.set_line_width(0.4)
    pdf.line(x0, y0, x0, axis_y)
    pdf.line(x0, axis_y, x0 + plot_w, axis_y)
    pdf.set_font(FONT, "", pdf.body - 3)
    for t in ticks:
        x = x0 + plot_w * t / top
        pdf.line(x, axis_y, x, axis_y + 1.2)
        pdf.set_xy(x - 8, axis_y + 1.2)
        pdf.cell(16, 3.5, fr_decimal(t), align="C")
    pdf.set_xy(x0, axis_y + 5)
    pdf.set_font(FONT, "B", pdf.body - 2.5)
    pdf.cell(plot_w, 4, unit, align="C")
    pdf.set_xy(pdf.l_margin, axis_y + 10)
    pdf.set_text_color(70, 70, 70)
    pdf.text_block("Lecture : " + reading, size=pdf.body - 2, gap=5)
    pdf.set_text_color(0, 0, 0)


def _share_chart(pdf: Sheet, title: str, rows: list[tuple[str, float, str]], reading: str) -> None:
    """The share of right answers: each question written in full above its bar, the
    bars on one 0-100 % axis (graduated under every bar, so a page break loses nothing)."""
    value_w = 26
    plot_w = pdf.epw - value_w
    x0 = pdf.l_margin
    first = pdf.text_height(rows[0][0], pdf.body - 1.5) + 12
    pdf.heading(title, 2, keep=first)
    for label, value, shown in rows:
        pdf.keep_together(pdf.text_height(label, pdf.body - 1.5) + 11)
        pdf.text_block(label, size=pdf.body - 1.5, gap=0.5)
        y = pdf.get_y()
        pdf.set_draw_color(*GRID)
        pdf.set_line_width(0.2)
        for t in range(0, 101, 20):
            pdf.line(x0 + plot_w * t / 100, y, x0 + plot_w * t / 100, y + 5)
        pdf.set_draw_color(0, 0, 0)
        pdf.set_fill_color(*BAR)
        pdf.rect(x0, y, max(plot_w * value / 100, 0.4), 5, style="F")
        pdf.set_line_width(0.4)
        pdf.line(x0, y, x0, y + 5)
        pdf.line(x0, y + 5, x0 + plot_w, y + 5)
        pdf.set_font(FONT, "", pdf.body - 4)
        for t in range(0, 101, 20):
            pdf.set_xy(x0 + plot_w * t / 100 - 6, y + 5.2)
            pdf.cell(12, 2.8, f"{t} %", align="C")
        pdf.set_xy(x0 + plot_w + 2, y - 0.5)
        pdf.set_font(FONT, "B", pdf.body - 1.5)
        pdf.cell(value_w - 2, 6, shown)
        pdf.set_y(y + 10)
    pdf.set_text_color(70, 70, 70)
    pdf.text_block("Axe : bonnes réponses (%), de 0 à 100 %. Lecture : " + reading, size=pdf.body - 2, gap=5)
    pdf.set_text_color(0, 0, 0)


def _stacked_bar(pdf: Sheet, label: str, counts: list[int], answers: list[str], fills: list) -> None:
    """One behaviour: its answers side by side on a 0-100 % bar, each part in the
    scale's colour and pattern, its share written inside when it fits."""
    total = sum(counts)
    pdf.keep_together(pdf.text_height(label, pdf.body - 1.5) + 10)
    pdf.text_block(label, size=pdf.body - 1.5, gap=0.5)
    y, x, width = pdf.get_y(), pdf.l_margin, pdf.epw - 22
    for i, (count, fill) in enumerate(zip(counts, fills)):
        w = width * count / total
        pdf.set_fill_color(*fill)
        pdf.rect(x, y, w, 6, style="F")
        draw_pattern(pdf, i, x, y, w, 6, tuple(max(c - 50, 0) for c in fill), step=3)
        if w > 12:
            pdf.set_fill_color(255, 255, 255)
            pdf.set_font(FONT, "B", pdf.body - 3.5)
            share = f"{round_percent(count, total)} %"
            pdf.set_xy(x + w / 2 - 6, y + 1)
            pdf.cell(12, 4, share, align="C", fill=True)
        x += w
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.3)
    pdf.rect(pdf.l_margin, y, width, 6)
    pdf.set_xy(pdf.l_margin + width + 2, y)
    pdf.set_font(FONT, "", pdf.body - 2)
    pdf.cell(20, 6, f"n = {fr_int(total)}")
    pdf.set_y(y + 9)


# -- sections ------------------------------------------------------------------------------


def _title_page(pdf: Sheet, figures, funder: str, programme: str, logos: list[Path]) -> None:
    pdf.add_page()
    if logos:
        x = pdf.l_margin
        for logo in logos:
            try:
                info = pdf.image(str(logo), x=x, y=pdf.t_margin, h=22)
            except Exception as exc:  # fpdf2 raises several kinds for an unreadable image
                raise PaperError(f"logo « {logo} » illisible : {exc}") from None
            x += info.rendered_width + 8
    pdf.set_y(70)
    pdf.text_block("Bilan des actions de sensibilisation et de prévention du harcèlement", size=24, bold=True, gap=8)
    pdf.text_block(f"Programme : {programme}", size=15, bold=True, gap=3)
    pdf.text_block(f"Financeur : {funder}", size=14, gap=8)
    du, au = school_year_period(figures)
    pdf.text_block(f"Période : {period_text(du, au)}", size=14, gap=3)
    names = _structure_names(figures)
    pdf.text_block(
        ("Structure : " if len(names) == 1 else "Structures : ") + (", ".join(names) or "aucune"), size=14, gap=3
    )
    pdf.text_block(
        f"{fr_int(figures.seances)} séance{'s' if figures.seances > 1 else ''} enregistrée"
        f"{'s' if figures.seances > 1 else ''}",
        size=14,
        gap=12,
    )
    pdf.text_block(
        "Chiffres calculés par harcelement-kit à partir des séances enregistrées, sans aucune "
        "donnée personnelle : les réponses sensibles ne sont publiées qu'au-delà des seuils "
        f"(au moins {SENSITIVE_MIN_DENOMINATOR} réponses, aucun nombre plus petit que "
        f"{SENSITIVE_MIN_COUNT}). Les mots « bénéficiaires », « élèves » et « séances » sont "
        "définis dans le lexique, après les chiffres.",
        size=11,
    )


def _key_table(figures) -> list[tuple[str, str, str]]:
    """Each figure of the text once, with its unit: (what, value, unit)."""
    rows = [("Séances", fr_int(figures.seances), "séances")]
    for action in ACTIONS:
        per = [(lieu, v) for (a, lieu), v in figures.by_action.items() if a == action]
        if not per:
            continue
        seances = sum(v[0] for _, v in per)
        people = sum(v[1] or 0 for _, v in per)
        name = SHORT_ACTIONS[action].capitalize()
        rows.append((f"{name} : séances", fr_int(seances), "séances"))
        rows.append((f"{name} : bénéficiaires", fr_int(people), "présences"))
    animation = figures.by_action.get(("animation", "college"))
    if animation:
        rows.append(("Heures d'animation en collège", fr_decimal((animation[2] or 0) / 60), "heures"))
        rows.append(("Collèges des animations", fr_int(figures.animation_colleges), "collèges"))
        rows.append(
            ("Élèves des animations en collège", fr_int(figures.animation_pupils), "élèves (une fois par cycle)")
        )
    for (action, lieu), (_, _, minutes) in sorted(figures.by_action.items()):
        if action == "animation" and lieu != "college":
            rows.append((f"Heures d'animation en {LIEUX[lieu]}", fr_decimal((minutes or 0) / 60), "heures"))
    if figures.ambassadors:
        rows.append(("Élèves ambassadeurs formés", fr_int(sum(v or 0 for v in figures.ambassadors.values())), "élèves"))
        for lieu, word in (("college", "collégiens"), ("lycee", "lycéens")):
            if figures.ambassadors.get(lieu):
                rows.append((f"… dont {word}", fr_int(figures.ambassadors[lieu]), "élèves"))
    for participants, _, etablissement in figures.events:
        rows.append(
            (f"Événement{' : ' + etablissement if etablissement else ''}", fr_int(participants), "bénéficiaires")
        )
    return rows


def _table(pdf: Sheet, rows: list[tuple[str, str, str]]) -> None:
    widths = (pdf.epw * 0.58, pdf.epw * 0.14, pdf.epw * 0.28)
    size = pdf.body - 1.5
    line = size * 0.5
    pdf.set_font(FONT, "B", size)
    pdf.set_fill_color(230, 233, 242)
    for text, w, align in zip(("Chiffre", "Valeur", "Unité"), widths, "LRL"):
        pdf.cell(w, line + 2, text, border=1, align=align, fill=True)
    pdf.ln(line + 2)
    for what, value, unit in rows:
        height = pdf.text_height(what, size, width=widths[0] - 2) + 2
        pdf.keep_together(height)
        y = pdf.get_y()
        pdf.set_font(FONT, "", size)
        pdf.multi_cell(widths[0], line, what, border=0, align="L", padding=(1, 1, 1, 1), new_x="RIGHT", new_y="TOP")
        pdf.set_font(FONT, "B", size)
        pdf.set_xy(pdf.l_margin + widths[0], y)
        pdf.cell(widths[1], height, value, align="R")
        pdf.set_font(FONT, "", size)
        pdf.cell(widths[2], height, unit)
        pdf.set_line_width(0.2)
        pdf.rect(pdf.l_margin, y, pdf.epw, height)
        pdf.set_y(y + height)
    pdf.ln(5)


def _glossary(pdf: Sheet) -> None:
    size = pdf.body - 1.5
    width = pdf.epw - 8
    height = sum(pdf.text_height(f"{term} : {text}", size, width=width) + 1.5 for term, text in GLOSSARY) + 14
    pdf.keep_together(height)
    top = pdf.get_y()
    pdf.set_fill_color(245, 245, 240)
    pdf.set_line_width(0.6)
    pdf.rect(pdf.l_margin, top, pdf.epw, height, style="DF")
    pdf.set_xy(pdf.l_margin + 4, top + 3)
    pdf.set_font(FONT, "B", pdf.body + 1)
    pdf.cell(width, 6, "Lexique : ce que compte chaque chiffre")
    pdf.set_xy(pdf.l_margin + 4, top + 11)
    for term, text in GLOSSARY:
        pdf.set_x(pdf.l_margin + 4)
        pdf.set_font(FONT, "", size)
        pdf.multi_cell(width, size * 0.5, f"**{term}** : {text}", markdown=True, align="L", new_x="LEFT", new_y="NEXT")
        pdf.ln(1.5)
    pdf.set_y(top + height + 5)


def _charts(pdf: Sheet, figures) -> None:
    keys = sorted(figures.by_action, key=lambda k: (list(ACTIONS).index(k[0]), LIEU_ORDER.index(k[1])))
    labels = [f"{SHORT_ACTIONS[a]} · {LIEUX[lieu]}" for a, lieu in keys]
    if not keys:
        return
    pdf.heading("Les séances et les bénéficiaires en graphiques", 1, keep=60)
    seances = [(label, figures.by_action[k][0], fr_int(figures.by_action[k][0])) for label, k in zip(labels, keys)]
    best = max(seances, key=lambda r: r[1])
    _bar_chart(
        pdf,
        "Séances par action et par lieu",
        "Nombre de séances",
        seances,
        f"{plural(best[1], 'séance', 'séances')} « {best[0]} », le plus grand nombre ; chaque barre "
        "compte les séances, "
        "pas les personnes.",
    )
    people = [
        (label, figures.by_action[k][1] or 0, fr_int(figures.by_action[k][1] or 0)) for label, k in zip(labels, keys)
    ]
    best = max(people, key=lambda r: r[1])
    _bar_chart(
        pdf,
        "Bénéficiaires par action et par lieu",
        "Bénéficiaires (présences, voir le lexique)",
        people,
        f"{plural(best[1], 'bénéficiaire', 'bénéficiaires')} « {best[0]} » : chaque présence "
        "compte, une personne "
        "venue deux fois compte deux fois.",
    )


def _answer_rows(figures, module, activity):
    """(label, k, n, sensitive hidden reason) per chosen answer of `activity`."""
    sensitive = getattr(activity, "sensible", False) or (module.id, activity.id) in figures.sensitive
    rows = []
    for choice in choices(activity):
        counts = [figures.answers.get((module.id, activity.id, choice.item, o), 0) for o in range(len(choice.options))]
        n = sum(counts)
        if not n:
            continue
        k = sum(counts[i] for i in choice.right)
        if activity.kind == "texte_a_trous":
            label = f"Trou {choice.item + 1} : « {choice.options[choice.right[0]]} »"
        elif activity.kind == "echelle":
            label = f"Zone de « {choice.prompt} »"
        else:
            label = choice.prompt
        hidden = False
        if sensitive:
            cells = sensitive_cells([k, n - k], figures.item_seances.get((module.id, activity.id, choice.item), 0))
            hidden = cells is None or not cells[0][0].isdigit()
        rows.append((label, k, n, hidden))
    return rows


def _answers(pdf: Sheet, figures, library) -> None:
    used = sorted({m for m, *_ in figures.answers})
    if not used:
        return
    pdf.heading("Réponses aux questions", 1, keep=50)
    for module_id in used:
        module = library.modules.get(module_id) if library else None
        if module is None:
            pdf.heading(f"Module « {module_id} »", 2)
            pdf.text_block(
                "Module absent de ce poste : ses réponses sont comptées mais ne peuvent pas être détaillées.",
                size=pdf.body - 1,
            )
            continue
        questions: list = []  # a module's QCM: one chart, « Question n » as on the sheets
        number = 0
        for activity in module.activites:
            rows = _answer_rows(figures, module, activity)
            if activity.kind == "qcm":
                number += 1
                rows = [(f"Question {number} : {label}", k, n, hidden) for label, k, n, hidden in rows]
            shown = [
                (label, 100 * k / n, f"{round_percent(k, n)} % (n = {fr_int(n)})")
                for label, k, n, hidden in rows
                if not hidden
            ]
            if activity.kind == "qcm":
                questions += shown
            elif shown:
                best = max(shown, key=lambda r: r[1])
                title = module.titre + (f" — {activity.heading}" if activity.heading != module.titre else "")
                _share_chart(
                    pdf,
                    title,
                    shown,
                    f"« {best[0][:60]} » : {round_percent(best[1], 100)} % de bonnes réponses, la plus forte part.",
                )
            for label, _, _, hidden in rows:
                if hidden:
                    pdf.text_block(
                        f"{label} : n.d. (réponses sensibles, trop peu nombreuses pour être publiées)",
                        size=pdf.body - 1.5,
                        gap=1,
                    )
            if activity.kind == "echelle" and activity.passation:
                _self_assessment(pdf, figures, module, activity)
        if questions:
            best = max(questions, key=lambda r: r[1])
            _share_chart(
                pdf,
                f"{module.titre} — questions",
                questions,
                f"{best[0].split(' :')[0]} : {round_percent(best[1], 100)} % de bonnes réponses, la plus forte part.",
            )


def _self_assessment(pdf: Sheet, figures, module, activity) -> None:
    """Per behaviour, the spread of the pupils' own answers as a stacked bar, or
    « n.d. » with the reason when a small-cell rule forbids publishing it."""
    part = activity.id + PASSATION_SUFFIX
    answers = list(activity.passation.reponses)
    scaled = len(answers) - 1 if answers[-1].startswith("je ne souhaite") else len(answers)
    fills = [
        zone_fill(
            ANSWER_SCALE[min(round(i * (len(ANSWER_SCALE) - 1) / max(scaled - 1, 1)), len(ANSWER_SCALE) - 1)], i, scaled
        )
        for i in range(scaled)
    ]
    fills += [(225, 225, 225)] * (len(answers) - scaled)
    rows = []
    for i, item in enumerate(activity.items):
        counts = [figures.answers.get((module.id, part, i, o), 0) for o in range(len(answers))]
        if sum(counts):
            seances = figures.item_seances.get((module.id, part, i), 0)
            rows.append((item.texte, counts, sensitive_cells(counts, seances)))
    if not rows:
        return
    pdf.heading(f"Auto-évaluation : « {activity.passation.question} »", 2, keep=30)
    legend_y = pdf.get_y()
    x = pdf.l_margin
    pdf.set_font(FONT, "", pdf.body - 2)
    for i, (answer, fill) in enumerate(zip(answers, fills)):
        pdf.set_fill_color(*fill)
        pdf.rect(x, legend_y + 0.5, 6, 4, style="F")
        draw_pattern(pdf, i, x, legend_y + 0.5, 6, 4, tuple(max(c - 50, 0) for c in fill), step=2)
        pdf.set_draw_color(0, 0, 0)
        pdf.rect(x, legend_y + 0.5, 6, 4)
        pdf.set_xy(x + 7, legend_y)
        pdf.cell(pdf.get_string_width(answer) + 2, 5, answer)
        x = pdf.get_x() + 4
    pdf.set_y(legend_y + 8)
    for label, counts, cells in rows:
        if cells is not None and all(c[0].isdigit() for c in cells):
            _stacked_bar(pdf, label, counts, answers, fills)
        else:
            reason = (
                f"moins de {SENSITIVE_MIN_DENOMINATOR} réponses ou une seule séance"
                if cells is None
                else f"une réponse donnée par moins de {SENSITIVE_MIN_COUNT} personnes pourrait les désigner"
            )
            pdf.keep_together(12)
            pdf.text_block(label, size=pdf.body - 1.5, gap=0.5)
            pdf.text_block(f"n.d. ({reason})", size=pdf.body - 2, gap=2.5, indent=4)
    pdf.set_text_color(70, 70, 70)
    pdf.text_block(
        "Lecture : chaque barre va de 0 à 100 % des élèves qui ont répondu pour ce comportement ; "
        "« n.d. » : non diffusé (voir le lexique).",
        size=pdf.body - 2,
    )
    pdf.set_text_color(0, 0, 0)


def bilan_pdf(
    figures,
    library,
    created: datetime.datetime | None = None,
    *,
    funder: str = DEFAULT_FUNDER,
    programme: str = DEFAULT_PROGRAMME,
    logos: list | None = None,
) -> bytes:
    pdf = Sheet(12, "harcelement-kit · bilan", created)
    du, au = school_year_period(figures)
    pdf.describe(
        f"Bilan {period_text(du, au)} — {programme}",
        f"Bilan des actions contre le harcèlement pour {funder} : " + ", ".join(_structure_names(figures)),
    )
    _title_page(pdf, figures, funder, programme, [Path(p) for p in logos or []])
    pdf.add_page()
    pdf.heading("Quelques chiffres", 1)
    blocks = key_figures(figures)
    for heading, lines in blocks:
        pdf.text_block("• " + heading, bold=True, gap=1)
        for line in lines:
            pdf.text_block("> " + line, indent=6, gap=1)
        pdf.ln(1.5)
    if not blocks:
        pdf.text_block("Aucune séance sur cette période.")
    pdf.ln(2)
    _glossary(pdf)
    pdf.heading("Les mêmes chiffres, un par ligne", 2, keep=30)
    _table(pdf, _key_table(figures))
    _charts(pdf, figures)
    _answers(pdf, figures, library)
    _evolution(pdf, figures, library)
    return pdf.output_checked()


BEFORE = (170, 170, 170)  # grey: before; the kit's blue: after
TRACK = (215, 222, 238)  # the 0-100 % track behind a pair of bars


def _evolution(pdf: Sheet, figures, library) -> None:
    """« Évolution des connaissances » (issue 17): per paired item, two bars, before
    (grey) and after (blue), each with its share and its n, on a 0-100 % axis graduated
    under every pair (a page break loses nothing); the method paragraph first, a
    « Lecture : » line after each module, as under the other charts."""
    from harcelement_kit.tally.evolution import HEADING, method_text, shifts

    modules = shifts(figures, library)
    if not modules and not getattr(figures, "evolution_note", ""):
        return
    pdf.add_page()
    pdf.heading(HEADING, 1)
    pdf.text_block(method_text(figures), size=pdf.body - 1, gap=3)
    bar_w = pdf.epw - 55
    x0 = pdf.l_margin
    for heading, rows in modules:
        first = pdf.text_height(rows[0].label, pdf.body - 1) + 24 if rows else 0
        pdf.heading(heading, 2, keep=first)
        for shift in rows:
            label = f"dont {figures.structure_name(shift.structure)}" if shift.structure else shift.label
            if shift.number and not shift.structure:  # numbered as on the sheets and the answers' chart
                label = f"Question {shift.number} : {label}"
            pdf.keep_together(pdf.text_height(label, pdf.body - 1) + 20)
            pdf.text_block(label, size=pdf.body - 1, gap=0.5, indent=6 if shift.structure else 0)
            words = ("avant je savais", "maintenant") if shift.retrospective else ("avant", "après")
            top = pdf.get_y()
            for side, word, color in ((shift.before, words[0], BEFORE), (shift.after, words[1], BAR)):
                y = pdf.get_y()
                pdf.set_fill_color(*TRACK if side and side[2] is not None else (235, 235, 235))
                pdf.rect(x0, y, bar_w, 5, style="F")
                if side and side[2] is not None:
                    pdf.set_fill_color(*color)
                    pdf.rect(x0, y, max(bar_w * side[2] / 100, 0.3), 5, style="F")
                    shown = f"{word} {side[2]} % (n {side[1].replace(chr(160), ' ')})"
                else:
                    shown = f"{word} : n.d." if side else f"{word} : pas posée"
                pdf.set_xy(x0 + bar_w + 2, y - 1)
                pdf.set_font(FONT, "B", pdf.body - 2)
                pdf.cell(53, 7, shown)
                pdf.set_xy(x0, y + 6)
            _percent_axis(pdf, x0, top, bar_w, pdf.get_y() - 1)
            pdf.set_y(pdf.get_y() + 5)
        pdf.set_text_color(70, 70, 70)
        pdf.text_block(
            "Axe : bonnes réponses (%), de 0 à 100 % ; barres grises : avant, "
            "barres bleues : après. Lecture : " + _shift_reading(rows),
            size=pdf.body - 2,
            gap=5,
        )
        pdf.set_text_color(0, 0, 0)


def _percent_axis(pdf: Sheet, x0: float, top: float, width: float, bottom: float) -> None:
    """Grid lines every 20 % from `top` to `bottom`, the axis under them, « 0 % » … « 100 % »."""
    pdf.set_draw_color(*GRID)
    pdf.set_line_width(0.2)
    for t in range(0, 101, 20):
        pdf.line(x0 + width * t / 100, top, x0 + width * t / 100, bottom)
    pdf.set_draw_color(0, 0, 0)
    pdf.set_line_width(0.4)
    pdf.line(x0, top, x0, bottom)
    pdf.line(x0, bottom, x0 + width, bottom)
    pdf.set_font(FONT, "", pdf.body - 4)
    for t in range(0, 101, 20):
        pdf.set_xy(x0 + width * t / 100 - 6, bottom + 0.2)
        pdf.cell(12, 2.8, f"{t} %", align="C")


def _shift_reading(rows) -> str:
    """One line reading the first pair with both shares published."""
    for shift in rows:
        if shift.before and shift.after and shift.before[2] is not None and shift.after[2] is not None:
            what = f"question {shift.number}" if shift.number else f"« {shift.label[:60]} »"
            words = (
                ("avant l'atelier, de leur propre souvenir", "à la fin")
                if shift.retrospective
                else ("au début", "à la fin")
            )
            return (
                f"{what} : {shift.before[2]} % de bonnes réponses {words[0]} (n {shift.before[1]}), "
                f"{shift.after[2]} % {words[1]} (n {shift.after[1]}) ; les élèves présents ne sont "
                "pas forcément les mêmes."
            )
    return "aucune question n'a ses deux moments publiés (« n.d. » ou « pas posée »)."
