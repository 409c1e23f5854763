"""What starting the kit's UI costs, without timing it: Accueil drawn (headless) by the
installed kit loads none of the heavy libraries that only other screens or commands
need. Each of them would add tens of milliseconds to every start (design.md §8, UI
ready ≤ 1.3× a minimal Textual app; the timing itself is in tools/bench.py)."""

from __future__ import annotations

from kit_process import run_python

# The block letters and QR code (Animer, phones), PDFs (paper), signatures (exports),
# the phone server, the camera and scans, and, once the content cache is written, YAML.
HEAVY = {"pyfiglet", "qrcode", "fpdf", "cryptography", "aiohttp", "cv2", "numpy", "pypdfium2", "PIL", "yaml"}

START = """
import asyncio, sys
from harcelement_kit.cli import build_app, parse_arguments  # as `harcelement-kit` starts
app = build_app(parse_arguments(["--donnees", {folder!r}]))

async def first_screen():
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        print(type(app.screen).__name__, app.screen.query_one("#modules").option_count)

asyncio.run(first_screen())
print(" ".join(sys.modules))
"""


def _start(folder) -> tuple[str, set[str]]:
    result = run_python(START.format(folder=str(folder)))
    assert result.returncode == 0, result.stderr
    screen, modules = result.stdout.strip().splitlines()[-2:]
    return screen, {name.split(".")[0] for name in modules.split()}


def test_accueil_is_drawn_without_the_heavy_libraries(tmp_path):
    screen, first = _start(tmp_path)  # the first start reads the YAML and writes the cache
    assert screen.startswith("AccueilScreen ") and int(screen.split()[1]) >= 5  # the bundled modules listed
    assert "yaml" in first and "textual" in first
    assert not first & (HEAVY - {"yaml"}), sorted(first & HEAVY)
    screen, again = _start(tmp_path)  # every later start: from the cache
    assert screen.startswith("AccueilScreen ")
    assert not again & HEAVY, sorted(again & HEAVY)
