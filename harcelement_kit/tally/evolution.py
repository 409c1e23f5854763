"""« Évolution des connaissances » (issue 17): for each paired item, the share of right
answers before the workshop (or the cycle) and after it, with n for each, across the
séances of the bilan and per structure.

Counts are per option and per moment (tally.store `moment_counts`), summed over séances:
nothing here knows a pupil. Before and after are two separate counts of the class, not
the same pupils followed: the method paragraph says so, and the bilan makes no causal
claim. A knowledge item is shown like any other answer; an attitude or self-assessment
item (`sensible`, and every retrospective item) only through the same rule as the other
sensitive figures (disclosure.py: fixed levels, thresholds, rounding, « n.d. »).
"""

from __future__ import annotations

from dataclasses import dataclass

from harcelement_kit.content.choices import choices
from harcelement_kit.tally.numbers import NBSP, fr_int, fr_percent, round_percent

__all__ = [
    "HEADING",
    "METHOD",
    "Shift",
    "moment_answers",
    "shifts",
    "evolution_sections",
    "MOMENT_ACTIVITY",
    "PLACED",
    "misplaced_note",
    "method_text",
]

HEADING = "Évolution des connaissances"
METHOD = (
    "Méthode et limites : les mêmes questions sont posées à la classe au début de l'atelier "
    "(ou de la première séance d'un cycle) et à la fin (ou à la dernière séance) ; on compte les "
    "réponses par option, jamais par élève. Les deux pourcentages portent sur les élèves présents "
    "à chaque moment, qui ne sont pas forcément les mêmes, et un écart ne prouve pas que l'atelier "
    "en est la cause (la question déjà posée une fois, l'envie de bien répondre, d'autres "
    "interventions). Les questions rétrospectives (« Avant l'atelier, je savais… » / « Maintenant "
    "je sais… ») sont posées à la fin seulement et sont présentées à part : c'est un souvenir, "
    "pas une mesure du début. Les réponses d'attitude ou d'auto-évaluation suivent les seuils des "
    "réponses sensibles et peuvent être « n.d. ». Dans un cycle, quand les questions d'un module "
    "sont posées dans plusieurs de ses séances, « avant » ne compte que dans la première séance du "
    "cycle et « après » que dans la dernière (par date) ; des réponses comptées ailleurs sont "
    "laissées de côté. Un avant/après fait dans une seule séance du cycle "
    "compte comme dans une séance isolée."
)
_LEFT_OUT = "sont laissées de côté."  # « … et signalées ci-dessous » only when the note follows

# The rule above, in SQL: the (séance row, module, moment) of every misplaced count, one
# query evaluated once (not per row: a correlated subquery made a 3 000-séance bilan take
# seconds). The cycle's first and last séances are taken over the whole store, not over the
# bilan's filters: a narrower bilan (--au, --structure) never turns a misplaced count into a
# counted one, so two bilans never differ by a misplaced count.
_KEPT = "current = 1 AND deleted = 0 AND essai = 0"
MISPLACED_ROWS = (
    "SELECT c.seance_row, k.module, c.moment FROM moment_counts c JOIN seances s ON s.row = c.seance_row "
    "JOIN count_keys k ON k.key = c.key "
    f"JOIN (SELECT cycle, MIN(date) AS first, MAX(date) AS last FROM seances WHERE cycle != '' AND {_KEPT} "
    "GROUP BY cycle) y ON y.cycle = s.cycle "
    "JOIN (SELECT s2.cycle AS cycle, k2.module AS module FROM moment_counts c2 "
    "JOIN seances s2 ON s2.row = c2.seance_row JOIN count_keys k2 ON k2.key = c2.key "
    "WHERE s2.cycle != '' AND s2.current = 1 AND s2.deleted = 0 AND s2.essai = 0 "
    "AND c2.moment IN ('avant', 'apres') GROUP BY s2.cycle, k2.module "
    "HAVING COUNT(DISTINCT c2.seance_row) > 1) m ON m.cycle = s.cycle AND m.module = k.module "
    "WHERE s.current = 1 AND s.deleted = 0 AND s.essai = 0 "
    "AND ((c.moment = 'avant' AND s.date > y.first) OR (c.moment = 'apres' AND s.date < y.last))"
)
# A condition on a moment count `c` and its key `k`. One text key per count (a module id
# has no space): SQLite builds the list once and looks each count up in it; a row-value
# « NOT IN » took 1.3 s where this takes 0.1 s (27 000 counts, 9 000 misplaced).
PLACED = (
    f"c.seance_row || ' ' || k.module || ' ' || c.moment NOT IN "
    f"(SELECT x.seance_row || ' ' || x.module || ' ' || x.moment FROM ({MISPLACED_ROWS}) x)"
)


def MOMENT_ACTIVITY(activity: str, moment: str) -> str:
    """The key a moment's answers are checked under in disclosure.py."""
    return f"{activity}@{moment}"


@dataclass(frozen=True)
class Shift:
    """One paired item's before → after for one scope (structure None: all)."""

    label: str
    structure: str | None
    before: tuple | None  # (percent text, n text, percent value or None, n value) or None: not asked
    after: tuple | None
    retrospective: bool
    sensitive: bool
    number: int | None = None  # a QCM's « Question n », as on the sheets and the answers' chart


def moment_answers(conn, where: str, params: list) -> dict:
    """(module, activity, item, option, moment, structure) -> n over the bilan's séances."""
    out = {}
    for module, activity, item, option, moment, structure, n in conn.execute(
        f"SELECT k.module, k.activity, k.item, k.option, c.moment, s.structure, SUM(c.n) "
        f"FROM moment_counts c JOIN seances s ON s.row = c.seance_row JOIN count_keys k ON k.key = c.key "
        f"WHERE {where} AND {PLACED} "
        f"GROUP BY k.module, k.activity, k.item, k.option, c.moment, s.structure",
        params,
    ):
        out[(module, activity, item, option, moment, structure)] = n
    return out


def misplaced_note(conn, where: str, params: list) -> str:
    """The French note on what the cycle rule left out of the bilan's séances: how many
    séances, per moment (never their answers: a count could be a small cell)."""
    misplaced = conn.execute(MISPLACED_ROWS).fetchall()  # few rows; joined in SQL, the plan went quadratic
    found: dict[str, int] = {}
    if misplaced:
        covered = {r[0] for r in conn.execute(f"SELECT s.row FROM seances s WHERE {where}", params)}
        for moment in ("avant", "apres"):
            found[moment] = len({row for row, _, m in misplaced if m == moment and row in covered})
    parts = []
    for moment, word, place in (("avant", "avant", "première"), ("apres", "après", "dernière")):
        n = found.get(moment, 0)
        if n == 1:
            parts.append(f"les réponses « {word} » d'une séance qui n'est pas la {place} de son cycle")
        elif n:
            parts.append(f"les réponses « {word} » de {fr_int(n)} séances qui ne sont pas la {place} de leur cycle")
    if not parts:
        return ""
    return (
        "Laissées de côté selon la règle des cycles : "
        + " ; ".join(parts)
        + ". Elles restent enregistrées ; pour les compter, corrigez la date ou le cycle de la séance."
    )


def method_text(figures) -> str:
    """The method paragraph, and the cycle rule's note when it left answers out."""
    note = getattr(figures, "evolution_note", "")
    if not note:
        return METHOD
    return METHOD.replace(_LEFT_OUT, "sont laissées de côté et signalées ci-dessous.") + "\n" + note


def _counts(figures, module, activity, item, moment, options, structure) -> list[int]:
    counts = [0] * options
    for (m, a, i, o, mo, s), n in figures.moments.items():
        if (m, a, i, mo) == (module, activity, item, moment) and o < options and (structure is None or s == structure):
            counts[o] += n
    return counts


def _side(figures, module, activity, item, moment, options, right, structure, sensitive):
    counts = _counts(figures, module, activity, item, moment, options, structure)
    n = sum(counts)
    if not n:
        return None
    if not sensitive:
        k = sum(counts[i] for i in right)
        return (fr_percent(k, n), f"={NBSP}{fr_int(n)}", round_percent(k, n), n)
    # an attitude or self-assessment answer: only what the sensitive rule lets out
    cells, rounded_n, reason = figures.disclosure.cells((module, MOMENT_ACTIVITY(activity, moment), item), options)
    if cells is None or not rounded_n or any(cells[i][1] is None for i in right):
        return (reason or "n.d. (réponses sensibles, trop peu nombreuses pour être publiées)", "", None, None)
    k = sum(cells[i][1] for i in right)
    return (fr_percent(k, rounded_n), f"≈{NBSP}{fr_int(rounded_n)}", round_percent(k, rounded_n), rounded_n)


def shifts(figures, library) -> list[tuple[str, list[Shift]]]:
    """Per module (heading), the shifts of its paired items: all structures first,
    then each structure when there are several (never for a sensitive item: per
    structure it would be a finer cell than the rule allows)."""
    used = sorted({key[0] for key in figures.moments})
    out = []
    structures = sorted({key[5] for key in figures.moments})
    for module_id in used:
        module = library.modules.get(module_id) if library else None
        if module is None:
            continue
        rows = []
        numbers = {a.id: n for n, a in enumerate((a for a in module.activites if a.kind == "qcm"), 1)}
        for activity in module.activites:
            paired = getattr(activity, "avant_apres", False)
            retro = getattr(activity, "retrospectif", False)
            if not (paired or retro):
                continue
            sensitive = (
                bool(getattr(activity, "sensible", False)) or retro or (module_id, activity.id) in figures.sensitive
            )
            found = choices(activity)
            if retro:  # item 0 « avant, je savais », item 1 « maintenant » — both asked at the end
                if len(found) < 2:
                    continue
                label = f"{activity.heading} (rétrospectif, demandé à la fin)"
                before, after = (
                    _side(figures, module_id, activity.id, item, "retrospectif", len(c.options), c.right, None, True)
                    for item, c in enumerate(found[:2])
                )
                if before or after:
                    rows.append(Shift(label, None, before, after, True, True))
                continue
            for choice in found:
                label = choice.prompt if activity.kind == "qcm" else f"{activity.heading} : {choice.prompt}"
                scopes = [None] + (structures if len(structures) > 1 and not sensitive else [])
                for structure in scopes:
                    sides = [
                        _side(
                            figures,
                            module_id,
                            activity.id,
                            choice.item,
                            moment,
                            len(choice.options),
                            choice.right,
                            structure,
                            sensitive,
                        )
                        for moment in ("avant", "apres")
                    ]
                    if sides[0] or sides[1]:
                        rows.append(
                            Shift(label, structure, sides[0], sides[1], False, sensitive, numbers.get(activity.id))
                        )
        if rows:
            out.append((f"{module.titre} ({module.id})", rows))
    return out


def _side_text(side, word: str) -> str:
    if side is None:
        return f"{word} : pas posée"
    if side[2] is None:
        return f"{word} : {side[0]}"
    return f"{word} {side[0]} (n{NBSP}{side[1]})"


def shift_line(shift: Shift, structure_name=lambda code: code) -> str:
    words = ("avant je savais", "maintenant") if shift.retrospective else ("avant", "après")
    label = f"dont {structure_name(shift.structure)}" if shift.structure else shift.label
    return f"{label} : {_side_text(shift.before, words[0])} → {_side_text(shift.after, words[1])}"


def evolution_sections(figures, library) -> list[tuple[str, list[str]]]:
    """(heading, lines) per module, for the text, Markdown and CSV bilans."""
    return [
        (heading, [shift_line(s, figures.structure_name) for s in rows]) for heading, rows in shifts(figures, library)
    ]
