"""Every count the kit writes (screens, phones, bilan, its PDF) in one French form:
0 and 1 singular, thousands grouped by a no-break space (« 2 215 bénéficiaires »)."""

from __future__ import annotations

from harcelement_kit.tally.numbers import plural

NB = "\u00a0"


def test_zero_and_one_are_singular_and_thousands_are_grouped():
    assert [plural(n, "séance", "séances") for n in (0, 1, 2)] == ["0 séance", "1 séance", "2 séances"]
    assert plural(2215, "bénéficiaire", "bénéficiaires") == f"2{NB}215 bénéficiaires"
    assert plural(1_234_567, "réponse", "réponses") == f"1{NB}234{NB}567 réponses"
