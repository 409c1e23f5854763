"""The sensitive rule's « never per séance » (SENSITIVE_MIN_SEANCES): however many
answers one séance holds, its harcèlomètre passation alone is never published, and
séances are counted per behaviour, whichever options each séance answered. The
disclosure sums answers per structure and poste in SQL: these pin that the séances
behind each table are still counted as séances, not as rows or options."""

from __future__ import annotations

import datetime

from harcelement_kit.tally.bilan import Filters, compute_figures
from harcelement_kit.tally.store import Store

from tally_helpers import seance

KEY = ("harcelometre", "harcelometre.passation", 0)


def _passation(store, answers: list[int], day: datetime.date, structure: str = "afev"):
    s = store.add_seance(
        seance(modules=("harcelometre",), participants=max(25, sum(answers)), structure=structure, date=day)
    )
    for option, n in enumerate(answers):
        if n:
            store.add_count(s.id, *KEY, option, n, sensitive=True)


def _published(store, **filters):
    cells, n, _ = compute_figures(store, Filters(**filters)).disclosure.cells(KEY, 4)
    return None if cells is None else (tuple(value for _, value in cells), n)


def test_one_seance_is_never_published_however_many_answers(tmp_path):
    with Store(tmp_path) as store:
        _passation(store, [20, 20, 15, 0], datetime.date(2025, 3, 10))
        assert _published(store) is None  # 55 answers, 3 options above 11: still one séance
        _passation(store, [20, 20, 15, 0], datetime.date(2025, 3, 11))
        # « souvent » (0) hidden, so the smallest shown one too (secondary suppression)
        assert _published(store) == ((40, 40, None, None), 110)


def test_seances_answering_different_options_are_several_seances(tmp_path):
    with Store(tmp_path) as store:
        _passation(store, [20, 0, 0, 0], datetime.date(2025, 3, 10))
        _passation(store, [0, 20, 0, 0], datetime.date(2025, 3, 11))
        # no option has two séances, the behaviour has: published (the zeros hidden)
        assert _published(store) == ((20, 20, None, None), 40)


def test_one_structure_of_one_seance_keeps_per_structure_tables_closed(tmp_path):
    with Store(tmp_path) as store:
        for day in (10, 11):
            _passation(store, [20, 20, 15, 12], datetime.date(2025, 3, day), "afev")
        _passation(store, [20, 20, 15, 12], datetime.date(2025, 3, 12), "unis-cite")
        assert _published(store) is not None  # all structures: three séances
        assert _published(store, structure="afev") is None  # unis-cite is one séance alone
