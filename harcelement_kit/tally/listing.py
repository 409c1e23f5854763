"""The séances as a readable table for `seance liste`."""

from __future__ import annotations

from harcelement_kit.content.textsafety import visible
from harcelement_kit.tally.numbers import fr_int
from harcelement_kit.tally.records import ACTIONS, LIEUX

__all__ = ["seance_table"]


def _duration(minutes: int) -> str:
    if not minutes:
        return "—"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d}" if hours and rest else (f"{hours} h" if hours else f"{rest} min")


def seance_table(seances, structure_name=None) -> str:
    """The séances as a table; `structure_name` turns a code into the name people know."""
    if not seances:
        return "Aucune séance enregistrée sur ce poste."
    header = ("Date", "Structure", "Action", "Lieu", "Établissement", "Participants", "Durée", "Modules", "Id")
    rows = [
        (
            f"{s.date:%d/%m/%Y}" + (" (essai)" if s.essai else ""),
            visible(structure_name(s.structure) if structure_name else s.structure),
            ACTIONS.get(s.action, visible(s.action)).split(" (")[0],
            LIEUX.get(s.lieu, visible(s.lieu)),
            visible(s.etablissement) or "—",
            fr_int(s.participants),
            _duration(s.duree_minutes),
            visible(", ".join(s.modules)) or "—",
            visible(s.id[:8]),
        )
        for s in seances
    ]  # visible(): a stored escape sequence is shown, never run
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in [header] + rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    essais = sum(1 for s in seances if s.essai)
    lines.append(
        f"\n{len(seances)} séance(s)." + (f" Dont {essais} essai(s) : jamais comptés dans le bilan." if essais else "")
    )
    return "\n".join(lines)
