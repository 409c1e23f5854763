"""Differencing the before/after figures (issue 17): a retrospective self-assessment is
sensitive, so no two published bilans — the whole year, one structure (--structure), a
narrower period (--au, --du) — may be subtracted to reveal a small séance's answers.
Every published bilan is read as the funder reads it (the CLI's text) and as the rule
publishes it (its cells), and every one is subtracted from every other."""

from __future__ import annotations

import dataclasses
import datetime
import itertools
import re

import pytest

from harcelement_kit.cli import main
from harcelement_kit.tally.bilan import Filters, compute_figures
from harcelement_kit.tally.evolution import MOMENT_ACTIVITY
from harcelement_kit.tally.store import Store

from conftest import DATA
from tally_helpers import seance

RETRO = DATA / "contenu-avant-apres"
D = datetime.date
NB = "\u00a0"
KEYS = [("retro", MOMENT_ACTIVITY("savoir-agir", "retrospectif"), item) for item in (0, 1)]

# the bilans a funder could ask for, as CLI options and as Filters
FILTERS = [
    ([], Filters()),
    (["--structure", "afev"], Filters(structure="afev")),
    (["--structure", "unis-cite"], Filters(structure="unis-cite")),
    (["--du", "01/09/2024", "--au", "31/08/2025"], Filters(du=D(2024, 9, 1), au=D(2025, 8, 31))),
    (
        ["--du", "01/09/2024", "--au", "31/08/2025", "--structure", "afev"],
        Filters(du=D(2024, 9, 1), au=D(2025, 8, 31), structure="afev"),
    ),
    (["--au", "01/05/2025"], Filters(au=D(2025, 5, 1))),
    (["--au", "02/05/2025"], Filters(au=D(2025, 5, 2))),
    (["--du", "02/05/2025"], Filters(du=D(2025, 5, 2))),
    (["--structure", "afev", "--au", "01/05/2025"], Filters(structure="afev", au=D(2025, 5, 1))),
]


def _retro(store, day, structure, before: list[int], now: list[int]) -> None:
    counts = {("retro", "savoir-agir", 0, o, "retrospectif"): n for o, n in enumerate(before) if n}
    counts.update({("retro", "savoir-agir", 1, o, "retrospectif"): n for o, n in enumerate(now) if n})
    store.add_seance(
        dataclasses.replace(
            seance(date=day, structure=structure, participants=max(25, sum(before), sum(now)), modules=("retro",)),
            moment_counts=counts,
        )
    )


@pytest.fixture
def data(tmp_path):
    """A year: three large Afev séances and two large Unis-Cité séances (each structure
    passes the rule alone), then the last séance of the year, Afev's, with only 5 pupils
    (its « oui » now: 4)."""
    with Store(tmp_path / "donnees") as store:
        for day in (D(2024, 10, 1), D(2024, 11, 5), D(2025, 1, 7)):
            _retro(store, day, "afev", [12, 12, 12], [3, 11, 22])
        _retro(store, D(2025, 2, 3), "unis-cite", [11, 13, 12], [2, 12, 22])
        _retro(store, D(2025, 3, 3), "unis-cite", [12, 12, 12], [3, 12, 21])
        _retro(store, D(2025, 5, 2), "afev", [2, 2, 1], [0, 1, 4])  # the small séance
    return tmp_path / "donnees"


def _covered(data, filters: Filters) -> frozenset:
    """The séances a bilan with these filters covers."""
    with Store(data) as store:
        return frozenset(
            s.id
            for s in store.seances()
            if (filters.du is None or s.date >= filters.du)
            and (filters.au is None or s.date <= filters.au)
            and (filters.structure is None or s.structure == filters.structure)
        )


def _line(capsys, data, options) -> str:
    assert main(["--donnees", str(data), "--contenu", str(RETRO), "bilan", *options]) == 0
    out = capsys.readouterr().out
    return next((line for line in out.splitlines() if "Savoir quoi faire" in line), "")


def _figures(line: str) -> tuple | None:
    """((share of « oui », n) before, the same now) as published, each None if hidden;
    None if neither is published."""
    sides = []
    for part in line.split(" → ") if line else ["", ""]:
        found = re.search(rf"(\d+){NB}% \(n{NB}≈{NB}(\d+)\)", part)
        sides.append((int(found[1]), int(found[2])) if found else None)
        assert found or "%" not in part, part  # hidden: said in words, never a figure
    return tuple(sides) if any(sides) else None


def test_no_two_published_bilans_subtract_to_a_small_seance(capsys, data):
    published = []
    for options, filters in FILTERS:
        line = _line(capsys, data, options)
        shown = _figures(line)
        if shown is None:
            assert "n.d." in line or "filtre trop fin" in line or line == "", line
        # the text says what the rule's cells say, nothing more
        with Store(data) as store:
            cells = [compute_figures(store, filters).disclosure.cells(key, 3) for key in KEYS]
        tables = tuple(tuple(v for _, v in c[0]) if c[0] is not None else None for c in cells)
        for side, table, cell in zip(shown or (None, None), tables, cells):
            if side is not None:  # the n printed is the rule's rounded n
                assert table is not None and side[1] == cell[1]
        published.append((options, shown, tables, (cells[0][1], cells[1][1]), _covered(data, filters)))
    figures = {tuple(p[0]) for p in published if p[1] is not None}
    # the whole year and each structure are published: « bilan » minus « bilan --structure afev »
    assert {(), ("--structure", "afev"), ("--structure", "unis-cite")} <= figures
    assert ("--au", "01/05/2025") not in figures  # a narrower period than the school year: refused
    # a difference is an attack when one bilan's séances hold the other's: what is left is
    # the séances in the first and not in the second (two disjoint structures tell nothing new)
    compared = 0
    for (oa, a, ta, na, sa), (ob, b, tb, nb, sb) in itertools.permutations(published, 2):
        if not sb < sa:
            continue
        compared += a is not None and b is not None
        # the published n: never a difference of 1 to 10 pupils (the small séance had 5)
        for x, y in zip(na, nb):
            if x is not None and y is not None:
                assert not 0 < x - y < 11, (oa, ob)
        # the published cells, option by option: never a difference of 1 to 10 answers,
        # never the small séance's own answers
        for t_a, t_b, small in zip(ta, tb, ([2, 2, 1], [0, 1, 4])):
            if t_a is None or t_b is None:
                continue
            diff = [x - y if x is not None and y is not None else None for x, y in zip(t_a, t_b)]
            assert not any(d is not None and 0 < d < 11 for d in diff), (oa, ob, t_a, t_b)
            assert diff != small
        # the figures as printed: the n and the « oui » they imply never differ by 1 to 10
        for side_a, side_b in zip(a or (None, None), b or (None, None)):
            if side_a is not None and side_b is not None:
                (pa, ma), (pb, mb) = side_a, side_b
                assert not 0 < ma - mb < 11, (oa, ob, a, b)
                assert not 0 < round(pa * ma / 100) - round(pb * mb / 100) < 11, (oa, ob, a, b)

    assert compared >= 2  # « bilan » minus « bilan --structure X », for each structure


def test_the_small_seance_alone_or_the_year_without_it_is_never_published(capsys, data):
    # the year up to the day before the small séance vs the whole year: one of them is refused
    before, whole = (_figures(_line(capsys, data, o)) for o in (["--au", "01/05/2025"], []))
    assert before is None and whole is not None
    # the small séance's day alone, and Afev before it, are refused in words
    for options in (["--du", "02/05/2025"], ["--au", "01/05/2025"], ["--structure", "afev", "--au", "01/05/2025"]):
        line = _line(capsys, data, options)
        assert "%" not in line and ("filtre trop fin" in line or "n.d." in line), (options, line)
