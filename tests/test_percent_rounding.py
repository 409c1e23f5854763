"""One rounding for every percentage the kit shows: half up, as French statistics do
(5 right answers of 8 is 62.5 %, printed 63 %, where Python's round() said 62)."""

from __future__ import annotations

from harcelement_kit.content.loader import load_library
from harcelement_kit.paths import bundled_content_dir
from harcelement_kit.tally.bilan import compute_figures, render
from harcelement_kit.tally.numbers import fr_percent, round_percent
from harcelement_kit.tally.store import Store

from conftest import DATA, TODAY
from tally_helpers import before_after_seances

NB = "\u00a0"
TEMOIN = "Que faire si tu vois quelqu'un se faire harceler sur Internet ou les réseaux sociaux ?"


def test_half_rounds_up_not_to_even():
    assert round_percent(5, 8) == 63  # 62.5: round() gave 62
    assert round_percent(1, 8) == 13  # 12.5: round() gave 12
    assert round_percent(7, 8) == 88  # 87.5: both give 88
    assert round_percent(1, 3) == 33 and round_percent(2, 3) == 67
    assert round_percent(0, 0) == 0
    assert fr_percent(5, 8) == f"63{NB}%"


def test_the_bilan_prints_62_5_as_63(tmp_path):
    fixture = tmp_path / "huit.csv"
    fixture.write_text(
        "seance,date,structure,action,lieu,participants,cycle,module,activite,item,moment,comptes\n"
        "A,2025-01-13,afev,atelier,college,8,,qcm,temoin-en-ligne,0,avant,1 5 2\n"
        "A,2025-01-13,afev,atelier,college,8,,qcm,temoin-en-ligne,0,apres,0 7 1\n",
        encoding="utf-8",
    )
    store = Store(tmp_path / "donnees")
    for s in before_after_seances(fixture):
        store.add_seance(s)
    library = load_library([bundled_content_dir(), DATA / "contenu-avant-apres"], today=TODAY)
    text = render(compute_figures(store), library)
    store.close()
    assert f"  - {TEMOIN} : avant 63{NB}% (n{NB}={NB}8) → après 88{NB}% (n{NB}={NB}8)" in text.splitlines()
