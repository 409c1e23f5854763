"""The bilan: the figures of the seed's "Quelques chiffres", in its words, then
the share of right answers per question, with small counts of sensitive answers
hidden (privacy-safeguarding.md §6.3).

Figures are summed by SQL over the current versions of the séances; the text
is built from those sums and the content model.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field

from harcelement_kit.content.choices import choices
from harcelement_kit.content.textsafety import csv_cell, visible
from harcelement_kit.tally.numbers import NBSP, fr_decimal, fr_int, fr_percent
from harcelement_kit.tally.store import Store

__all__ = [
    "Filters",
    "Figures",
    "compute_figures",
    "bilan_sections",
    "render",
    "school_year_period",
    "period_text",
    "SENSITIVE_MIN_COUNT",
    "SENSITIVE_MIN_DENOMINATOR",
    "SENSITIVE_MIN_SEANCES",
    "PASSATION_SUFFIX",
    "sensitive_cells",
]

SENSITIVE_MIN_COUNT = 11
SENSITIVE_MIN_DENOMINATOR = 30
SENSITIVE_MIN_SEANCES = 2  # never per séance: a sensitive figure needs several séances
PASSATION_SUFFIX = ".passation"  # counts of a passation: activity id + this suffix

# The seed lists places in this order ("4 en collège / 21 en lycée / 2 en centre de formation / 8 en centre social").
LIEU_ORDER = ("college", "lycee", "centre-formation", "centre-social", "ecole", "association", "autre")
LIEU_EN = {
    "ecole": "en école",
    "college": "en collège",
    "lycee": "en lycée",
    "centre-social": "en centre social",
    "centre-formation": "en centre de formation",
    "association": "en association",
    "autre": "dans d'autres lieux",
}
EVENT_PUBLIC = {
    "cm2-college": "bénéficiaires du CM2 au collège",
    "ecole": "écoliers",
    "college": "collégiens",
    "lycee": "lycéens",
    "adultes": "adultes",
}


@dataclass(frozen=True)
class Filters:
    du: datetime.date | None = None
    au: datetime.date | None = None
    structure: str | None = None

    def where(self) -> tuple[str, list]:
        clauses, params = ["s.current = 1", "s.deleted = 0", "s.essai = 0"], []  # an essai never counts
        if self.du:
            clauses.append("s.date >= ?")
            params.append(self.du.isoformat())
        if self.au:
            clauses.append("s.date <= ?")
            params.append(self.au.isoformat())
        if self.structure:
            clauses.append("s.structure = ?")
            params.append(self.structure)
        return " AND ".join(clauses), params


@dataclass
class Figures:
    filters: Filters
    seances: int = 0
    structures: list = field(default_factory=list)
    first_day: datetime.date | None = None
    last_day: datetime.date | None = None
    by_action: dict = field(default_factory=dict)  # (action, lieu) -> [séances, participants, minutes]
    animation_colleges: int = 0
    animation_pupils: int = 0
    ambassadors: dict = field(default_factory=dict)  # lieu -> n
    events: list = field(default_factory=list)  # (participants, niveau, etablissement)
    answers: dict = field(default_factory=dict)  # (module, activity, item, option) -> n
    sensitive: set = field(default_factory=set)  # (module, activity)
    item_seances: dict = field(default_factory=dict)  # (module, activity, item) -> séances
    structure_names: dict = field(default_factory=dict)  # code -> the name printed (structures.yaml)
    disclosure: object = None  # what of the sensitive answers may be published (disclosure.py)
    # (module, activity, item, option, moment, structure) -> n: paired items (evolution.py)
    moments: dict = field(default_factory=dict)
    evolution_note: str = ""  # what the cycle rule left out (evolution.misplaced_note)

    def structure_name(self, code: str) -> str:
        return self.structure_names.get(code, code)


def compute_figures(store: Store, filters: Filters = Filters(), structures=None) -> Figures:
    """`structures` (content.structures.Structures): the names printed; the bundled ones
    when not given."""
    from harcelement_kit.content.structures import bundled_structures

    where, params = filters.where()
    # Without a date filter the bilan reads every current séance: the table in row order,
    # not the partial date index, whose order sends each row's read elsewhere in the file
    # (the essai column is not in the index). A date filter keeps the index.
    seances = "seances s" if filters.du or filters.au else "seances s NOT INDEXED"
    conn = store.conn
    figures = Figures(filters)
    figures.structure_names = dict((structures or bundled_structures()).names)
    # One pass over the séances for their number, period, structures and the sums per place.
    first_days, last_days, names = [], [], set()
    for action, lieu, structure, n, participants, minutes, ambassadors, first, last in conn.execute(
        f"SELECT action, lieu, structure, COUNT(*), SUM(participants), SUM(duree_minutes), "
        f"SUM(ambassadeurs), MIN(date), MAX(date) FROM {seances} WHERE {where} "
        f"GROUP BY action, lieu, structure",
        params,
    ):
        figures.seances += n
        first_days.append(first)
        last_days.append(last)
        names.add(structure)
        sums = figures.by_action.setdefault((action, lieu), [0, 0, 0])
        sums[0], sums[1], sums[2] = sums[0] + n, sums[1] + participants, sums[2] + minutes
        if action == "formation-ambassadeurs":
            figures.ambassadors[lieu] = figures.ambassadors.get(lieu, 0) + ambassadors
    figures.first_day = datetime.date.fromisoformat(min(first_days)) if first_days else None
    figures.last_day = datetime.date.fromisoformat(max(last_days)) if last_days else None
    figures.structures = sorted(names)  # code-point order, as SQLite's ORDER BY
    # A cycle's pupils are counted once: its largest séance stands for the group.
    row = conn.execute(
        f"SELECT COUNT(DISTINCT CASE WHEN etablissement != '' THEN etablissement END), "
        f"(SELECT SUM(m) FROM (SELECT MAX(participants) AS m FROM {seances} WHERE {where} "
        f"AND action = 'animation' AND lieu = 'college' "
        f"GROUP BY CASE WHEN cycle != '' THEN cycle ELSE id END)) "
        f"FROM {seances} WHERE {where} AND action = 'animation' AND lieu = 'college'",
        params + params,
    ).fetchone()
    figures.animation_colleges, figures.animation_pupils = row[0], row[1] or 0
    figures.events = [
        tuple(r)
        for r in conn.execute(
            f"SELECT participants, niveau, etablissement FROM {seances} WHERE {where} "
            f"AND action = 'evenement' ORDER BY participants DESC, date",
            params,
        )
    ]
    # The séances lead and each one's counts follow in key order (the counts' primary key):
    # both read in file order, where counts first would look each séance up at random.
    for module, activity, item, option, sensitive, n in conn.execute(
        f"SELECT k.module, k.activity, k.item, k.option, k.sensitive, t.n FROM "
        f"(SELECT c.key AS key, SUM(c.n) AS n FROM {seances} CROSS JOIN counts c ON c.seance_row = s.row "
        f"WHERE {where} GROUP BY c.key) t JOIN count_keys k ON k.key = t.key",
        params,
    ):
        figures.answers[(module, activity, item, option)] = n
        if sensitive:
            figures.sensitive.add((module, activity))
    if figures.sensitive:  # séances per sensitive item, for the "never per séance" rule
        keys = [key for (key,) in conn.execute("SELECT key FROM count_keys WHERE sensitive = 1")]
        for module, activity, item, n in conn.execute(
            f"SELECT k.module, k.activity, k.item, COUNT(DISTINCT c.seance_row) FROM {seances} "
            f"CROSS JOIN counts c ON c.seance_row = s.row AND +c.key IN ({','.join(map(str, keys))}) "
            f"JOIN count_keys k ON k.key = c.key WHERE {where} GROUP BY k.module, k.activity, k.item",
            params,
        ):
            figures.item_seances[(module, activity, item)] = n
    from harcelement_kit.tally.disclosure import Disclosure
    from harcelement_kit.tally.evolution import misplaced_note, moment_answers

    figures.moments = moment_answers(conn, where, params)
    figures.evolution_note = misplaced_note(conn, where, params)
    for module, activity in conn.execute(  # a paired item once sensitive, always sensitive
        "SELECT DISTINCT k.module, k.activity FROM moment_counts c JOIN count_keys k ON k.key = c.key "
        "WHERE k.sensitive = 1"
    ):
        figures.sensitive.add((module, activity))
    figures.disclosure = Disclosure(store, filters, figures.first_day, figures.last_day)
    return figures


# -- small cells -------------------------------------------------------------------


def sensitive_cells(counts: list[int], seances: int) -> list[str] | None:
    """The counts of one sensitive item as they may be published, or None when
    the item may not be shown at all. A count k is shown only when
    11 <= k <= n - 11 ("< 11" or "> n-11" otherwise); when a single cell is
    hidden, the smallest shown one is hidden too ("n.d."), so that the first
    cannot be recomputed from the total."""
    n = sum(counts)
    if n < SENSITIVE_MIN_DENOMINATOR or seances < SENSITIVE_MIN_SEANCES:
        return None
    primary = [not SENSITIVE_MIN_COUNT <= k <= n - SENSITIVE_MIN_COUNT for k in counts]
    secondary = [False] * len(counts)
    if primary.count(True) == 1:
        shown = [i for i, hidden in enumerate(primary) if not hidden]
        secondary[min(shown, key=lambda i: counts[i])] = True
    cells = []
    for k, first, second in zip(counts, primary, secondary):
        if second:
            cells.append("n.d.")
        elif not first:
            cells.append(fr_int(k))
        elif k > n - SENSITIVE_MIN_COUNT:
            cells.append(f"> {fr_int(n - SENSITIVE_MIN_COUNT)}")
        else:
            cells.append(f"< {SENSITIVE_MIN_COUNT}")
    return cells


# -- sections in the seed's words ----------------------------------------------------


def _places(figures: Figures, action: str) -> tuple[int, list[str], int]:
    per_lieu = {lieu: v for (a, lieu), v in figures.by_action.items() if a == action}
    seances = sum(v[0] for v in per_lieu.values())
    people = sum(v[1] for v in per_lieu.values())
    parts = [f"{fr_int(per_lieu[lieu][0])} {LIEU_EN[lieu]}" for lieu in LIEU_ORDER if lieu in per_lieu]
    return seances, parts, people


def _plural(n: int, one: str, many: str) -> str:
    return f"{fr_int(n)} {one if n <= 1 else many}"


def key_figures(figures: Figures) -> list[tuple[str, list[str]]]:
    """(heading, lines) blocks, in the order of the seed's "Quelques chiffres"."""
    blocks: list[tuple[str, list[str]]] = []
    if figures.events:
        lines = []
        for participants, niveau, etablissement in figures.events:
            public = EVENT_PUBLIC.get(niveau, "bénéficiaires")
            lines.append(f"{fr_int(participants)} {public}" + (f" : {etablissement}" if etablissement else ""))
        blocks.append(("Présence sur des événements dédiés à la lutte contre le harcèlement", lines))
    n, parts, people = _places(figures, "atelier")
    if n:
        # the seed's words: « 134 animations ponctuelles réalisées sous forme d'ateliers ludiques »
        form = "d'atelier ludique" if n <= 1 else "d'ateliers ludiques"
        blocks.append(
            (
                f"{_plural(n, 'animation ponctuelle réalisée', 'animations ponctuelles réalisées')} "
                f"sous forme {form} : " + " / ".join(parts) + f" — {_plural(people, 'bénéficiaire', 'bénéficiaires')}",
                [],
            )
        )
    n, parts, people = _places(figures, "cine-debat")
    if n:
        blocks.append(
            (
                f"{_plural(n, 'ciné-débat', 'ciné-débats')} : "
                + " / ".join(parts)
                + f" — {_plural(people, 'bénéficiaire', 'bénéficiaires')}",
                [],
            )
        )
    animation = figures.by_action.get(("animation", "college"))
    if animation:
        hours = animation[2] / 60
        blocks.append(
            (
                f"{fr_decimal(hours)} heure{'s' if hours >= 2 else ''} d'animation en collège, "
                f"dans {_plural(figures.animation_colleges, 'collège', 'collèges')}, soit "
                f"{_plural(figures.animation_pupils, 'élève', 'élèves')}",
                [],
            )
        )
    other_animation = {lieu: v for (a, lieu), v in figures.by_action.items() if a == "animation" and lieu != "college"}
    for lieu, (_n, people, minutes) in sorted(other_animation.items()):
        blocks.append(
            (
                f"{fr_decimal(minutes / 60)} heure{'s' if minutes >= 120 else ''} d'animation {LIEU_EN[lieu]}, "
                f"{_plural(people, 'participation', 'participations')}",
                [],
            )
        )
    if figures.ambassadors:
        total = sum(figures.ambassadors.values())
        split = []
        for lieu, word in (("college", "collégiens"), ("lycee", "lycéens")):
            if figures.ambassadors.get(lieu):
                split.append(f"{fr_int(figures.ambassadors[lieu])} {word}")
        others = total - figures.ambassadors.get("college", 0) - figures.ambassadors.get("lycee", 0)
        if others:
            split.append(f"{fr_int(others)} ailleurs")
        blocks.append(
            (f"{_plural(total, 'élève ambassadeur formé', 'élèves ambassadeurs formés')} : " + ", ".join(split), [])
        )
    return blocks


def answer_sections(figures: Figures, library) -> list[tuple[str, list[str]]]:
    """Per module used, per question: the share of right answers and n; for a
    passation, the spread of answers under the small-cell rule."""
    used = {}
    for module, activity, _item, _option in figures.answers:
        used.setdefault(module, set()).add(activity)
    blocks = []
    for module_id in sorted(used):
        module = library.modules.get(module_id) if library else None
        if module is None:
            blocks.append(
                (
                    f"Module « {module_id} »",
                    ["module absent de ce poste : ses réponses sont comptées mais ne peuvent pas être détaillées"],
                )
            )
            continue
        lines = []
        for activity in module.activites:
            lines.extend(_activity_lines(figures, module.id, activity))
        if lines:
            blocks.append((f"{module.titre} ({module.id})", lines))
    return blocks


def _counts(figures: Figures, module: str, activity: str, item: int, options: int) -> list[int]:
    return [figures.answers.get((module, activity, item, o), 0) for o in range(options)]


def _share_line(figures, module, activity_id, item, label, counts, right, sensitive) -> str | None:
    n = sum(counts)
    if n == 0:
        return None
    k = sum(counts[i] for i in right)
    if sensitive:  # only at a level that cannot be differenced, rounded (disclosure.py)
        cells, n, reason = figures.disclosure.cells((module, activity_id, item), len(counts))
        if cells is None or any(value is None for _, value in cells) or not n:
            return f"{label} : {reason or 'n.d. (réponses sensibles, trop peu nombreuses pour être publiées)'}"
        k = sum(cells[i][1] for i in right)
    return f"{label} : {fr_percent(k, n)} de bonnes réponses (n{NBSP}={NBSP}{fr_int(n)})"


def _activity_lines(figures: Figures, module: str, activity) -> list[str]:
    sensitive = getattr(activity, "sensible", False) or (module, activity.id) in figures.sensitive
    lines = []
    for choice in choices(activity):
        counts = _counts(figures, module, activity.id, choice.item, len(choice.options))
        label = choice.prompt
        if activity.kind == "texte_a_trous":
            label = f"{label.lower()} ({choice.options[choice.right[0]]})"
        elif activity.kind == "echelle":
            label += " (zone)"
        lines.append(_share_line(figures, module, activity.id, choice.item, label, counts, choice.right, sensitive))
    if activity.kind == "echelle" and activity.passation:
        lines.extend(_passation_lines(figures, module, activity))
    return [line for line in lines if line]


def _passation_lines(figures: Figures, module: str, activity) -> list[str]:
    part = activity.id + PASSATION_SUFFIX
    answers = activity.passation.reponses
    lines, hidden = [], []
    for i, item in enumerate(activity.items):
        counts = _counts(figures, module, part, i, len(answers))
        if not sum(counts):
            continue
        # only at a level that cannot be differenced, rounded to base 5 (disclosure.py)
        cells, n, reason = figures.disclosure.cells((module, part, i), len(answers))
        if cells is None:
            reason = reason or (f"n.d. (moins de {SENSITIVE_MIN_DENOMINATOR} réponses ou une seule séance)")
            hidden.append(reason)
            lines.append(f"{activity.passation.question} « {item.texte} » : {reason}")
        else:
            spread = " / ".join(f"{a} {text}" for a, (text, _) in zip(answers, cells))
            lines.append(f"{activity.passation.question} « {item.texte} » : {spread} (n{NBSP}≈{NBSP}{fr_int(n)})")
    if len(hidden) > 1 and len(hidden) == len(lines) and len(set(hidden)) == 1:  # say it once
        return [f"{activity.passation.question} (auto-évaluation, {len(hidden)} comportements) : {hidden[0]}"]
    return lines


def school_year_period(figures: Figures) -> tuple[datetime.date | None, datetime.date | None]:
    """The period asked for (--du/--au), else the school years (1 Sept → 31 Aug) of the séances:
    a funder reports on school years, and the text, md, csv and PDF bilans all say the same."""
    f = figures.filters
    du, au = f.du, f.au
    if du is None and figures.first_day:
        start = figures.first_day
        du = datetime.date(start.year if start.month >= 9 else start.year - 1, 9, 1)
    if au is None and figures.last_day:
        end = figures.last_day
        au = datetime.date(end.year + 1 if end.month >= 9 else end.year, 8, 31)
    return du, au


def period_text(du: datetime.date | None, au: datetime.date | None) -> str:
    if not (du and au):
        return "aucune séance"
    if du.month == 9 and du.day == 1 and au == datetime.date(du.year + 1, 8, 31):
        return f"année scolaire {du.year}-{du.year + 1} (du {du:%d/%m/%Y} au {au:%d/%m/%Y})"
    return f"du {du:%d/%m/%Y} au {au:%d/%m/%Y}"


def bilan_sections(figures: Figures, library) -> tuple[str, list, list]:
    """The title, the key-figure blocks and the answer blocks."""
    f = figures.filters
    period = period_text(*school_year_period(figures))  # the same words as the PDF's title page
    names = sorted((figures.structure_name(code) for code in figures.structures), key=str.casefold)
    who = (
        f"structure {figures.structure_name(f.structure)}"
        if f.structure
        else ("structures : " + ", ".join(names) if names else "toutes structures")
    )
    title = f"Bilan {period} — {who} — {_plural(figures.seances, 'séance', 'séances')}"
    # visible(): an escape sequence or a bidi override that reached the store is shown, never run
    blocks = [(visible(h), [visible(line) for line in lines]) for h, lines in key_figures(figures)]
    answers = [(visible(h), [visible(line) for line in lines]) for h, lines in answer_sections(figures, library)]
    return visible(title), blocks, answers


def render(figures: Figures, library, fmt: str = "texte") -> str:
    from harcelement_kit.tally.evolution import HEADING, evolution_sections, method_text, shifts

    method = method_text(figures)

    title, blocks, answers = bilan_sections(figures, library)
    evolution = [(visible(h), [visible(line) for line in lines]) for h, lines in evolution_sections(figures, library)]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")

        def row(cells) -> None:
            writer.writerow([csv_cell(c) for c in cells])  # no cell runs as a formula

        row(["rubrique", "ligne"])
        row(["titre", title])
        for heading, lines in blocks:
            row(["chiffres", heading])
            for line in lines:
                row(["chiffres", line])
        for heading, lines in answers:
            for line in lines:
                row([heading, line])
        if evolution or figures.evolution_note:  # both moments in their own columns, for a spreadsheet (issue 17)
            row([HEADING, method])
            row(
                [HEADING, "module", "question", "structure", "avant %", "avant n", "après %", "après n", "rétrospectif"]
            )
            for heading, rows in shifts(figures, library):
                for shift in rows:
                    sides = [
                        (
                            side[0] if side[2] is not None else "n.d.",
                            side[1].split(NBSP)[-1] if side[2] is not None else "n.d.",
                        )
                        if side
                        else ("", "")
                        for side in (shift.before, shift.after)
                    ]
                    row(
                        [
                            HEADING,
                            visible(heading),
                            visible(shift.label),
                            figures.structure_name(shift.structure) if shift.structure else "toutes",
                            *sides[0],
                            *sides[1],
                            "oui" if shift.retrospective else "non",
                        ]
                    )
        return out.getvalue()
    if fmt == "md":
        text = [f"# {title}", "", "## Quelques chiffres", ""]
        for heading, lines in blocks:
            text.append(f"- **{heading}**")
            text.extend(f"  - {line}" for line in lines)
        if answers:
            text += ["", "## Réponses aux questions"]
            for heading, lines in answers:
                text += ["", f"### {heading}", ""] + [f"- {line}" for line in lines]
        if evolution or figures.evolution_note:
            text += ["", f"## {HEADING}", "", method]
            for heading, lines in evolution:
                text += ["", f"### {heading}", ""] + [f"- {line}" for line in lines]
        return "\n".join(text) + "\n"
    text = [title, "", "Quelques chiffres", ""]
    for heading, lines in blocks:
        text.append(f"• {heading}")
        text.extend(f"    > {line}" for line in lines)
    if not blocks:
        text.append("Aucune séance sur cette période.")
    if answers:
        text += ["", "Réponses aux questions"]
        for heading, lines in answers:
            text += ["", heading] + [f"  - {line}" for line in lines]
    if evolution or figures.evolution_note:  # a note alone is said too, never dropped silently
        text += ["", HEADING, "", method]
        for heading, lines in evolution:
            text += ["", heading] + [f"  - {line}" for line in lines]
    return "\n".join(text) + "\n"
