"""Issue 12, failure 2: sensitive figures (harcèlomètre passation) cannot be
differenced. The issue's two filter attacks and the padding attack, reproduced:
every table a bilan may publish is compared with every other, and none reveals
a count below the threshold."""

from __future__ import annotations

import datetime
import itertools

import pytest

from harcelement_kit.cli import main
from harcelement_kit.content.loader import load_library
from harcelement_kit.paths import bundled_content_dir
from harcelement_kit.tally.bilan import Filters, compute_figures, render
from harcelement_kit.tally.disclosure import TOO_FINE, round5
from harcelement_kit.tally.exchange import export_bundle, import_file
from harcelement_kit.tally.store import Store

from tally_helpers import seance

KEY = ("harcelometre", "harcelometre.passation", 0)
ITEM = "Est-ce que ça t'arrive ? « Respecte mes goûts, mes besoins, mes choix »"
D = datetime.date


def _passation(store, answers: list[int], structure="afev", day=D(2025, 3, 10)):  # noqa: B008 (a date is immutable)
    """One séance whose pupils gave `answers[o]` answers « o » to the first behaviour."""
    s = store.add_seance(
        seance(modules=("harcelometre",), participants=max(25, sum(answers)), structure=structure, date=day)
    )
    for option, n in enumerate(answers):
        if n:
            store.add_count(s.id, *KEY, option, n, sensitive=True)
    return s


def _published(store, **filters) -> tuple | None:
    """The numbers a bilan with these filters publishes for the item (None: nothing)."""
    cells, n, _ = compute_figures(store, Filters(**filters)).disclosure.cells(KEY, 4)
    if cells is None:
        return None
    return tuple(value for _, value in cells), n


FILTERS = [
    dict(),
    dict(structure="afev"),
    dict(structure="unis-cite"),
    dict(du=D(2024, 9, 1), au=D(2025, 8, 31)),
    dict(du=D(2024, 9, 1), au=D(2025, 8, 31), structure="afev"),
    dict(au=D(2025, 3, 9)),
    dict(au=D(2025, 3, 10)),
    dict(du=D(2025, 3, 10)),
    dict(du=D(2025, 3, 11)),
    dict(structure="afev", au=D(2025, 5, 1)),
    dict(structure="afev", au=D(2025, 4, 30)),
    dict(du=D(2024, 9, 1), au=D(2025, 5, 1)),
]


def _no_difference_reveals_a_small_cell(store, small: list[int]):
    """Subtract every published table from every other: no option ever comes out as
    a count between 1 and 10, nor as the small séance's answers."""
    tables = [t for f in FILTERS if (t := _published(store, **f)) is not None]
    for (a, _), (b, _) in itertools.permutations(tables, 2):
        diff = [x - y if x is not None and y is not None else None for x, y in zip(a, b)]
        assert not any(d is not None and 0 < d < 11 for d in diff), (a, b)
        assert diff != small
    return tables


def test_a_four_pupil_seance_is_not_all_minus_one_structure(tmp_path):
    with Store(tmp_path) as store:
        for _ in range(3):
            _passation(store, [15, 12, 11, 0], "afev")  # large afev séances
        small = [2, 1, 1, 0]
        _passation(store, small, "unis-cite")  # the 4-pupil séance of the issue
        assert _published(store) is not None  # the whole year, all structures: published
        assert _published(store, structure="afev") is None  # unis-cite does not pass: too fine
        tables = _no_difference_reveals_a_small_cell(store, small)
        assert len(set(tables)) == 1  # a single table: nothing to subtract it from


def test_a_five_pupil_seance_is_not_one_day_minus_the_day_before(tmp_path, capsys):
    data = tmp_path / "d"
    with Store(data) as store:
        for day in (D(2024, 10, 1), D(2024, 11, 5), D(2025, 1, 7)):
            _passation(store, [15, 12, 11, 0], "afev", day)
        _passation(store, [14, 12, 11, 0], "unis-cite", D(2025, 2, 3))
        small = [3, 1, 1, 0]
        _passation(store, small, "afev", D(2025, 5, 2))  # the 5-pupil séance, the last one
        _no_difference_reveals_a_small_cell(store, small)
        assert _published(store, structure="afev", au=D(2025, 5, 2)) is None
        assert _published(store, structure="afev", au=D(2025, 5, 1)) is None
    main(["--donnees", str(data), "bilan", "--structure", "afev", "--au", "01/05/2025"])
    assert f"{ITEM} : {TOO_FINE}" in capsys.readouterr().out


def test_when_every_structure_passes_per_structure_tables_add_up(tmp_path):
    with Store(tmp_path) as store:
        for structure in ("afev", "unis-cite"):
            for _ in range(2):
                _passation(store, [15, 12, 11, 12], structure)
        whole, afev, unis = (
            _published(store, **f) for f in (dict(), dict(structure="afev"), dict(structure="unis-cite"))
        )
    assert afev == unis == ((30, 25, 20, 25), 100)
    assert whole == ((60, 50, 45, 50), 200)  # each rounded after summing: no cell below 11 anywhere


def _laptop_bundle(tmp_path, name, seances):
    with Store(tmp_path / name) as laptop:
        for answers in seances:
            _passation(laptop, answers)
        path = tmp_path / f"{name}.json"
        path.write_bytes(export_bundle(laptop))
    return path


def test_padding_with_a_made_up_seance_reveals_nothing(tmp_path):
    """A poste imports a made-up séance with 15 answers per option to lift a small
    table over the thresholds, then subtracts its own 15s."""
    real = _laptop_bundle(tmp_path, "vrai", [[3, 2, 1, 0], [2, 1, 0, 1]])  # 10 real answers
    padding = _laptop_bundle(tmp_path, "remplissage", [[15, 15, 15, 15]])
    with Store(tmp_path / "coord") as coord:
        import_file(coord, real)
        import_file(coord, padding)
        assert _published(coord) is None
        text = render(compute_figures(coord), load_library([bundled_content_dir()]))
    assert f"{ITEM} : n.d. (moins de 30 réponses ou une seule séance)" in text


def test_padding_cannot_uncover_a_small_cell_of_a_large_table(tmp_path):
    real = _laptop_bundle(tmp_path, "vrai", [[20, 12, 3, 0], [18, 11, 2, 0]])  # « souvent » = 5
    padding = _laptop_bundle(tmp_path, "remplissage", [[15, 15, 15, 15]] * 2)
    with Store(tmp_path / "coord") as coord:
        import_file(coord, real)
        alone = _published(coord)
        import_file(coord, padding)
        padded = _published(coord)
    assert alone[0][2] is None  # « souvent » hidden (< 11)
    assert padded[0][2] is None  # still hidden: without the padding poste it would not pass
    assert padded[0][0] == round5(20 + 18 + 30) and padded[1] == round5(66 + 120)


@pytest.mark.parametrize("k", range(0, 60))
def test_round5_is_the_nearest_multiple_of_five(k):
    assert round5(k) % 5 == 0 and abs(round5(k) - k) <= 2
