"""The bilan checks a cycle (issue 17): « avant » counts only from the cycle's first séance
and « après » only from its last; answers counted elsewhere are left out, said in French
under the method paragraph, never mixed in silently. Read back from the bilan's text, CSV
and PDF."""

from __future__ import annotations

import dataclasses
import datetime

import pypdfium2
import pytest

from harcelement_kit.content.loader import load_library
from harcelement_kit.paths import bundled_content_dir
from harcelement_kit.paper.bilan_pdf import bilan_pdf
from harcelement_kit.tally.bilan import Filters, compute_figures, render
from harcelement_kit.tally.store import Store

from conftest import TODAY
from tally_helpers import seance

NB = "\u00a0"
TEMOIN = "Que faire si tu vois quelqu'un se faire harceler sur Internet ou les réseaux sociaux ?"
KEY = ("qcm", "temoin-en-ligne", 0)  # option 1 is the right one


def _n(text: str) -> str:
    return text.replace(" = ", f"{NB}={NB}").replace(" %", f"{NB}%")


def _moments(moment: str, counts: list[int]) -> dict:
    return {(*KEY, option, moment): n for option, n in enumerate(counts) if n}


@pytest.fixture
def library():
    return load_library([bundled_content_dir()], today=TODAY)


def _store(tmp_path, cycle: list[tuple[str, dict]]) -> Store:
    """A 3-séance cycle (1, 8 and 15 December 2025), each with the moments given."""
    store = Store(tmp_path / "donnees")
    for day, (_label, moments) in zip((1, 8, 15), cycle):
        made = seance(
            date=datetime.date(2025, 12, day), structure="citeo", cycle="citeo-5b", participants=25, modules=("qcm",)
        )
        store.add_seance(dataclasses.replace(made, moment_counts=moments))
    return store


def _line(text: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(f"  - {TEMOIN}"))


def test_apres_in_a_middle_seance_is_left_out_and_said(tmp_path, library):
    store = _store(
        tmp_path,
        [
            ("first", _moments("avant", [8, 10, 4])),  # 22 pupils before: 45 % right
            ("middle", _moments("apres", [0, 5, 20])),  # après asked in the middle: not the end
            ("last", _moments("apres", [1, 18, 1])),
        ],
    )  # 20 pupils at the end: 90 % right
    text = render(compute_figures(store), library)
    assert _line(text) == _n(f"  - {TEMOIN} : avant 45 % (n = 22) → après 90 % (n = 20)")
    note = (
        "Laissées de côté selon la règle des cycles : les réponses « après » d'une séance qui n'est "
        "pas la dernière de son cycle."
    )
    assert note in text
    assert "« avant » ne compte que dans la première séance du cycle et « après » que dans la dernière" in text
    csv_text = render(compute_figures(store), library, "csv")
    assert "d'une séance qui n'est pas la dernière de son cycle" in csv_text
    assert f"{TEMOIN},toutes,45{NB}%,22,90{NB}%,20,non" in csv_text
    pdf = pypdfium2.PdfDocument(bilan_pdf(compute_figures(store), library))
    words = " ".join(" ".join(page.get_textpage().get_text_range().split()) for page in pdf)
    assert "Laissées de côté selon la règle des cycles" in words and "n = 20" in words.replace(NB, " ")
    # narrowed to the first two séances (--au), the middle séance's « après » is still not the end
    narrow = render(compute_figures(store, Filters(au=datetime.date(2025, 12, 8))), library)
    assert _line(narrow) == _n(f"  - {TEMOIN} : avant 45 % (n = 22) → après : pas posée")
    assert note in narrow
    store.close()


def test_a_cycle_run_in_the_wrong_order_gives_no_before_after(tmp_path, library):
    store = _store(
        tmp_path,
        [
            ("first", _moments("apres", [2, 20, 1])),  # « après » first…
            ("middle", _moments("avant", [9, 9, 4])),  # … « avant » in the middle
            ("last", {}),
        ],
    )
    text = render(compute_figures(store), library)
    assert TEMOIN not in text  # nothing left to compare
    assert (
        "les réponses « avant » d'une séance qui n'est pas la première de son cycle ; les réponses "
        "« après » d'une séance qui n'est pas la dernière de son cycle"
    ) in text
    with Store(tmp_path / "donnees") as again:  # nothing was deleted: the counts stay stored
        assert sum(n for s in again.seances() for n in s.moment_counts.values()) == 45
    store.close()


def test_before_and_after_in_one_seance_of_a_cycle_count_as_in_a_single_seance(tmp_path, library):
    store = _store(
        tmp_path,
        [("first", {}), ("middle", {**_moments("avant", [6, 12, 4]), **_moments("apres", [1, 20, 1])}), ("last", {})],
    )
    text = render(compute_figures(store), library)
    assert _line(text) == _n(f"  - {TEMOIN} : avant 55 % (n = 22) → après 91 % (n = 22)")
    assert "Laissées de côté" not in text
    store.close()
