"""Which sensitive figures a bilan may publish, so that no two published tables can
be subtracted to reveal a small count (privacy-safeguarding.md §6.3, issue 12).

Three attacks are closed here:
- filters: `bilan` minus `bilan --structure afev`, or `--au D` minus `--au D-1`,
  isolated one séance. Sensitive figures are therefore computed only at fixed
  levels that cannot be narrowed: one whole school year (1 September – 31 August),
  all structures together; per structure only when every structure of that year
  passes the thresholds with no cell hidden (then any difference of published
  tables is a sum of published tables). Any other filter shows
  « n.d. (filtre trop fin pour les réponses sensibles) ».
- padding: a made-up séance imported with 15 answers per option lifted a small
  table over the thresholds, and was then subtracted. A table is therefore
  published only if it still passes without the answers of any single other
  poste, or holds nothing but that poste's answers (the attacker controls at most
  the postes whose keys the coordinator pinned; their answers are removed one
  poste at a time). A cell hidden in any of those tables is hidden in the
  published one.
- exact values: every shown count, and n, is rounded to base 5 after suppression
  (controlled rounding as statistical offices do), so a late import that adds a
  few answers to a published year changes the figures by a blurred amount.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

__all__ = ["Disclosure", "school_year", "round5", "TOO_FINE", "SEVERAL_YEARS"]

TOO_FINE = "n.d. (filtre trop fin pour les réponses sensibles)"
SEVERAL_YEARS = "n.d. (bilan sur plusieurs années scolaires : choisissez-en une, ex. --du 01/09/2025 --au 31/08/2026)"
UNKNOWN_POSTE = "?"  # séances imported before signed exports: one contributor together


def school_year(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    start = datetime.date(day.year if day.month >= 9 else day.year - 1, 9, 1)
    return start, datetime.date(start.year + 1, 8, 31)


def round5(k: int) -> int:
    """To the nearest multiple of 5 (half up): 12 → 10, 13 → 15."""
    return (k + 2) // 5 * 5


@dataclass
class _Item:
    # (structure, poste) -> [first séance row, last séance row, {option: n}]: the item's
    # answers summed by SQL per structure and poste, the only groups the rule ever keeps or
    # removes (one row per séance made the leave-one-out pass cost postes × séances in Python)
    groups: dict = field(default_factory=dict)

    def add(self, structure: str, poste: str | None, option: int, n: int, first: int, last: int) -> None:
        group = self.groups.setdefault((structure, poste or UNKNOWN_POSTE), [first, last, {}])
        group[0], group[1] = min(group[0], first), max(group[1], last)
        group[2][option] = group[2].get(option, 0) + n

    def table(self, options: int, keep=lambda structure, poste: True) -> tuple[list[int], int]:
        """The kept groups' counts per option, and their séances: exact up to 1, then 2 for
        « several » (a group's first and last séance differ). The rule only asks whether a
        table holds no séance, one, or at least SENSITIVE_MIN_SEANCES (2); groups never
        share a séance, so the sum answers that as the exact count would."""
        counts, used = [0] * options, 0
        for (structure, poste), (first, last, answers) in self.groups.items():
            if keep(structure, poste):
                used += 1 if first == last else 2
                for option, n in answers.items():
                    if option < options:
                        counts[option] += n
        return counts, used


class Disclosure:
    """The sensitive answers of the one school year a bilan may publish them for."""

    def __init__(self, store, filters, first_day, last_day):
        self.reason: str | None = None  # why nothing sensitive may be published
        self.structure = filters.structure
        self.own = store.device_id
        self.items: dict[tuple, _Item] = {}
        du, au = filters.du, filters.au
        if du is None and au is None:
            if first_day is None:
                self.year = None
                return
            self.year = school_year(first_day)
            if school_year(last_day) != self.year:
                self.reason = SEVERAL_YEARS
                return
        elif du is not None and au is not None and school_year(du) == (du, au):
            self.year = (du, au)
        else:
            self.year, self.reason = None, TOO_FINE
            return
        year = (self.year[0].isoformat(), self.year[1].isoformat())
        keys = [key for (key,) in store.conn.execute("SELECT key FROM count_keys WHERE sensitive = 1")]
        if keys:  # a séance's poste looked up once, then its counts read in key order
            self._read(
                store.conn,
                "seances s LEFT JOIN seance_origins o ON o.id = s.id CROSS JOIN counts c "
                f"ON c.seance_row = s.row AND +c.key IN ({','.join(map(str, keys))})",
                year,
            )
        # a sensitive paired item's moments (issue 17), each its own table: same rule.
        # Paired items are few: their counts lead, each séance found by its row.
        self._read(
            store.conn,
            "moment_counts c CROSS JOIN seances s ON s.row = c.seance_row LEFT JOIN seance_origins o ON o.id = s.id",
            year,
            moment=True,
        )

    def _read(self, conn, source: str, year: tuple, moment: bool = False) -> None:
        """The year's answers from `source`, summed per option, structure and poste in one
        pass (one sort of the rows), with the first and last séance of each group."""
        from harcelement_kit.tally.evolution import PLACED

        activity = "k.activity || '@' || c.moment" if moment else "k.activity"
        placed = f"AND {PLACED} " if moment else ""  # the cycle rule (evolution.py)
        for module, activity_id, item, option, structure, poste, n, first, last in conn.execute(
            f"SELECT k.module, {activity}, k.item, k.option, s.structure, o.poste, SUM(c.n), MIN(s.row), "
            f"MAX(s.row) FROM {source} JOIN count_keys k ON k.key = c.key WHERE s.current = 1 "
            f"AND s.deleted = 0 AND s.essai = 0 AND s.date BETWEEN ? AND ? {placed}"
            f"GROUP BY c.key, {activity}, s.structure, o.poste",
            year,
        ):
            self.items.setdefault((module, activity_id, item), _Item()).add(structure, poste, option, n, first, last)

    # -- the rule ------------------------------------------------------------------

    def _cells(self, item: _Item, options: int, structure: str | None) -> list | None:
        """Cells of one table (a structure's, or all), hidden where the table, or the
        same table without any one other poste, does not pass."""
        from harcelement_kit.tally.bilan import sensitive_cells

        in_scope = (lambda s, p: True) if structure is None else (lambda s, p: s == structure)
        counts, used = item.table(options, in_scope)
        cells = sensitive_cells(counts, used)
        if cells is None:
            return None
        shown = [c[0].isdigit() for c in cells]
        postes = {p for s, p in item.groups if in_scope(s, p) and p != self.own}
        for poste in postes:
            rest, rest_used = item.table(options, lambda s, p, q=poste: in_scope(s, p) and p != q)
            if rest_used == 0:  # that poste's own answers only: it learns nothing it did not know
                continue
            rest_cells = sensitive_cells(rest, rest_used)
            if rest_cells is None:
                return None
            shown = [a and b[0].isdigit() for a, b in zip(shown, rest_cells)]
        return [k if show else None for k, show in zip(counts, shown)]

    def _structures_pass(self, item: _Item, options: int) -> bool:
        structures = {s for s, _ in item.groups}
        for structure in structures:
            cells = self._cells(item, options, structure)
            if cells is None or None in cells:
                return False
        return True

    def cells(self, key: tuple, options: int) -> tuple[list | None, int | None, str | None]:
        """(cells, n, reason) for one sensitive item as it may be published: each cell is
        (text, rounded value or None) — a rounded count, « < 11 » or « n.d. » — and n is
        rounded; when nothing may be published, cells is None and reason says why."""
        from harcelement_kit.tally.numbers import fr_int

        if self.reason:
            return None, None, self.reason
        item = self.items.get(key)
        if item is None:
            return None, None, None
        if self.structure is not None and not self._structures_pass(item, options):
            return None, None, TOO_FINE
        raw = self._cells(item, options, self.structure)
        if raw is None:  # below the thresholds: the caller says it in its words
            return None, None, None
        counts = item.table(
            options, (lambda s, p: True) if self.structure is None else (lambda s, p: s == self.structure)
        )[0]
        hidden = [k is None for k in raw]
        if hidden.count(True) == 1:  # secondary suppression: one hidden cell is never alone
            smallest = min((i for i, k in enumerate(raw) if k is not None), key=lambda i: raw[i])
            raw[smallest] = None
        out = []
        for k, real in zip(raw, counts):
            if k is not None:
                out.append((fr_int(round5(k)), round5(k)))
            else:
                out.append(("< 11" if real < 11 else "n.d.", None))
        return out, round5(sum(counts)), None
