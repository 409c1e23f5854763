"""Test-only pause points: let a test stop the kit at one exact place.

The tests that kill the kit in the middle of an import must kill it at a known
point, not race a timer. When the environment variable HARCELEMENT_KIT_TEST_PAUSE
holds « NAME:FILE », the code reaching `pause_point("NAME")` writes FILE and then
waits (until the test kills it). Unset, as it always is for an animateur,
`pause_point` only reads one environment variable.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

__all__ = ["PAUSE_ENV", "pause_point"]

PAUSE_ENV = "HARCELEMENT_KIT_TEST_PAUSE"


def pause_point(name: str) -> None:
    wanted = os.environ.get(PAUSE_ENV, "")
    point, _, signal_file = wanted.partition(":")
    if not wanted or point != name or not signal_file:
        return
    Path(signal_file).write_text(str(os.getpid()), encoding="utf-8")
    while True:  # the test kills the process here
        time.sleep(0.05)
