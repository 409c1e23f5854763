"""Numbers in French typography: 2 215, 21,5, 78 %."""

from __future__ import annotations

__all__ = ["fr_int", "fr_decimal", "fr_percent", "plural", "NBSP"]

NBSP = "\u00a0"  # no-break space: a number never splits across two lines


def fr_int(n: int) -> str:
    return f"{n:,}".replace(",", NBSP)


def fr_decimal(x: float, digits: int = 1) -> str:
    """21.5 -> "21,5"; 56.0 -> "56"."""
    if abs(x - round(x)) < 1e-9:
        return fr_int(int(round(x)))
    whole, _, frac = f"{x:.{digits}f}".partition(".")
    return fr_int(int(whole)) + "," + frac.rstrip("0")


def fr_percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}{NBSP}%"


def plural(n: int, one: str, many: str) -> str:
    """« 0 téléphone », « 1 téléphone », « 2 téléphones »: French keeps 0 and 1 singular."""
    return f"{n} {one if n <= 1 else many}"
