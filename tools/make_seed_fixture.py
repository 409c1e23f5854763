#!/usr/bin/env python3
"""Write tests/data/bilan-annee-1.csv: séances from which `bilan` prints the
figures of the seed's bilan (FIJeM, année 1, "Quelques chiffres").

The split of pupils between séances is invented (the seed gives totals only);
every total the seed states comes out exactly.
"""

from __future__ import annotations

import csv
import datetime
import itertools
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "bilan-annee-1.csv"
HEADER = [
    "date",
    "structure",
    "action",
    "lieu",
    "etablissement",
    "participants",
    "duree_minutes",
    "niveau",
    "filles",
    "garcons",
    "ambassadeurs",
    "cycle",
]
STRUCTURES = itertools.cycle(["unis-cite", "afev", "citeo"])
START = datetime.date(2024, 9, 2)


def days():
    """School days from mid-September, skipping weekends."""
    day = START
    while True:
        if day.weekday() < 5:
            yield day
        day += datetime.timedelta(days=1)


def main() -> None:
    rows = []
    calendar = days()

    def add(action, lieu, etablissement, participants, minutes, niveau="", ambassadeurs="", cycle=""):
        rows.append(
            [
                next(calendar).isoformat(),
                next(STRUCTURES),
                action,
                lieu,
                etablissement,
                participants,
                minutes,
                niveau,
                "",
                "",
                ambassadeurs,
                cycle,
            ]
        )

    # 134 ateliers: 120 collège / 10 lycée / 4 centre social — 2215 bénéficiaires
    for i in range(120):
        add("atelier", "college", f"Collège {i % 12 + 1}", 17, 60, "college")
    for i in range(10):
        add("atelier", "lycee", f"Lycée {i % 3 + 1}", 14, 60, "lycee")
    for n in (9, 9, 9, 8):
        add("atelier", "centre-social", "Centre social", n, 90)
    # 35 ciné-débats: 4 collège / 21 lycée / 2 centre de formation / 8 centre social — 600
    for _ in range(4):
        add("cine-debat", "college", "Collège 1", 20, 120, "college")
    for _ in range(21):
        add("cine-debat", "lycee", "Lycée 2", 18, 120, "lycee")
    for _ in range(2):
        add("cine-debat", "centre-formation", "Centre de formation", 12, 120)
    for n in (15, 15, 15, 15, 15, 15, 14, 14):
        add("cine-debat", "centre-social", "Centre social", n, 120)
    # 56 heures d'animation en collège, dans 8 collèges, soit 225 élèves:
    # 8 cycles (one per collège), 28 séances of 2 h, 7 groups of 28 pupils and one of 29.
    for c in range(8):
        group = 29 if c == 7 else 28
        for s in range(4 if c < 4 else 3):
            present = group - 3 if s == 1 else group  # a few absent once: still counted once
            add("animation", "college", f"Collège cycle {c + 1}", present, 120, "4e", cycle=f"cycle-{c + 1}")
    # 91 élèves ambassadeurs formés: 70 collégiens, 21 lycéens
    for _ in range(7):
        add("formation-ambassadeurs", "college", "Collège 5", 10, 180, "college", ambassadeurs=10)
    for _ in range(3):
        add("formation-ambassadeurs", "lycee", "Lycée 1", 7, 180, "lycee", ambassadeurs=7)
    # Events
    add("evenement", "autre", "forum « Cité contre le harcèlement » à Villeneuve d'Ascq", 160, 240, "cm2-college")
    add("evenement", "autre", "journée #JeM l'Avenir à Lille (ateliers)", 40, 180, "lycee")
    with OUT.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        writer.writerows(rows)
    print(f"{len(rows)} séances écrites dans {OUT}")


if __name__ == "__main__":
    main()
