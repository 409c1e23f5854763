"""Module files written in tests of the format: the smallest valid pieces, shared so that
each test shows only the lines it breaks (and line numbers stay those of one layout)."""

from __future__ import annotations

# The first lines of a module with a short title; its activities follow from line 4.
HEADER = "id: essai\ntitre: T\nactivites:\n"


def qcm(activity_id: str = "q") -> str:
    """A valid two-option QCM activity (7 lines), « Oui » the right answer."""
    return f"""\
  - id: {activity_id}
    type: qcm
    question: Une question ?
    options:
      - texte: Oui
        correcte: true
      - texte: Non
"""


# A valid scale (lines 4 to 10 after HEADER): two zones, one item in the second.
SCALE = (
    HEADER
    + """\
  - id: e
    type: echelle
    zones:
      - {id: vert, libelle: Sain, couleur: "#00aa00"}
      - {id: rouge, libelle: Grave, couleur: "#aa0000"}
    items:
      - {texte: Me frappe, zone: rouge}
"""
)
