"""Numbers in French typography: 2 215, 21,5, 78 %."""

from __future__ import annotations

from fractions import Fraction
from math import floor

__all__ = ["fr_int", "fr_decimal", "fr_percent", "round_percent", "plural", "NBSP"]

NBSP = "\u00a0"  # no-break space: a number never splits across two lines


def fr_int(n: int) -> str:
    return f"{n:,}".replace(",", NBSP)


def fr_decimal(x: float, digits: int = 1) -> str:
    """21.5 -> "21,5"; 56.0 -> "56"."""
    if abs(x - round(x)) < 1e-9:
        return fr_int(int(round(x)))
    whole, _, frac = f"{x:.{digits}f}".partition(".")
    return fr_int(int(whole)) + "," + frac.rstrip("0")


def round_percent(part: float, whole: float) -> int:
    """The percentage part/whole rounded half up, as French statistics do: 5/8 -> 63
    (Python's round() rounds half to even, 62.5 -> 62). Exact fractions, so that
    62.5 is never read as 62.4999…; 0 when there is nothing to divide."""
    if not whole:
        return 0
    return floor(Fraction(100) * Fraction(part) / Fraction(whole) + Fraction(1, 2))


def fr_percent(part: int, whole: int) -> str:
    return f"{round_percent(part, whole)}{NBSP}%"


def plural(n: int, one: str, many: str) -> str:
    """« 0 téléphone », « 1 téléphone », « 2 téléphones », « 2 215 bénéficiaires »: French
    keeps 0 and 1 singular, and groups thousands (a no-break space, as everywhere)."""
    return f"{fr_int(n)} {one if n <= 1 else many}"
