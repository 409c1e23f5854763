#!/usr/bin/env python3
"""The kit's performance budgets (design.md §8), measured as ratios against a
baseline timed in the same run. Prints a table; exits 1 when a budget is missed.

    python3 tools/bench.py [--repetitions N]

Each row times its command and its baseline alternately (interleaved), so that
a slow moment of the machine weighs on both, and compares the medians.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import sysconfig
import time
from dataclasses import dataclass
from typing import Callable


@dataclass
class Row:
    name: str
    measure: Callable[[], float]   # seconds for one run
    baseline_name: str
    baseline: Callable[[], float]
    budget: float | None           # maximum ratio, None for information only


def _timed_process(argv: list[str]) -> Callable[[], float]:
    def run() -> float:
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        return time.perf_counter() - start
    return run


def _kit_command() -> list[str]:
    script = shutil.which("harcelement-kit", path=sysconfig.get_path("scripts"))
    return [script] if script else [sys.executable, "-m", "harcelement_kit"]


def startup_rows() -> list[Row]:
    python_pass = _timed_process([sys.executable, "-c", "pass"])
    kit = _kit_command()
    return [
        Row("harcelement-kit --help", _timed_process(kit + ["--help"]),
            "python -c pass", python_pass, 5.0),
        Row("harcelement-kit verifier (contenu fourni)", _timed_process(kit + ["verifier"]),
            "python -c pass", python_pass, None),
    ]


def measure(row: Row, repetitions: int) -> tuple[float, float]:
    row.measure(), row.baseline()  # warm the file cache
    ours, base = [], []
    for _ in range(repetitions):
        ours.append(row.measure())
        base.append(row.baseline())
    return statistics.median(ours), statistics.median(base)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repetitions", type=int, default=7, help="runs per row (median)")
    args = parser.parse_args()
    rows = startup_rows()
    header = f"{'mesure':<44} {'médiane':>9} {'référence':<16} {'médiane':>9} {'ratio':>6} {'budget':>7}  "
    print(header)
    print("-" * len(header))
    missed = 0
    for row in rows:
        ours, base = measure(row, max(args.repetitions, 5))
        ratio = ours / base
        ok = row.budget is None or ratio <= row.budget
        missed += not ok
        budget = f"≤ {row.budget:g}×" if row.budget else "—"
        verdict = "ok" if row.budget is None or ok else "DÉPASSÉ"
        print(f"{row.name:<44} {ours * 1000:>7.1f}ms {row.baseline_name:<16} {base * 1000:>7.1f}ms"
              f" {ratio:>5.2f}× {budget:>7}  {verdict if row.budget else ''}")
    print(f"\n{len(rows)} mesures, {missed} budget(s) dépassé(s) ; "
          f"médiane de {max(args.repetitions, 5)} essais alternés, Python {sys.version.split()[0]}")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
