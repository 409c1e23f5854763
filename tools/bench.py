#!/usr/bin/env python3
"""The kit's performance budgets (design.md §8), measured as ratios against a
baseline timed in the same run. Prints a table; exits 1 when a budget is missed.

    python3 tools/bench.py [--repetitions N] [--seulement GROUPE] [--instructions]

The "telephones" group is a load run rather than a ratio: 200 simulated phones on
loopback, counts checked exactly, answer latency printed, while wrong codes flood
the join link from another loopback address.

Each row times its command and its baseline alternately (interleaved), so that
a slow moment of the machine weighs on both, and compares the medians.
"""

from __future__ import annotations

import argparse
import datetime
import math
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable


@dataclass
class Row:
    name: str
    measure: Callable[[], float]  # seconds for one run
    baseline_name: str
    baseline: Callable[[], float]
    budget: float | None  # maximum ratio, None for information only
    absolute: float | None = None  # maximum seconds, if any
    note: str = ""


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
        Row("harcelement-kit --help", _timed_process(kit + ["--help"]), "python -c pass", python_pass, 5.0),
        Row(
            "harcelement-kit verifier (contenu fourni)",
            _timed_process(kit + ["verifier"]),
            "python -c pass",
            python_pass,
            None,
        ),
    ]


def _timed(fn: Callable[[], object]) -> Callable[[], float]:
    def run() -> float:
        start = time.perf_counter()
        fn()
        return time.perf_counter() - start

    return run


def _fill_store(data_dir: Path, seances: int) -> None:
    """A store of `seances` séances, each with the answer counts of the qcm module's
    first three questions, written in one transaction (set-up, not measured)."""
    from harcelement_kit.tally.store import Store

    rng = random.Random(1)
    structures, lieux = ("unis-cite", "afev", "citeo"), ("college", "lycee", "centre-social")
    actions = ("atelier", "cine-debat", "animation", "formation-ambassadeurs", "evenement")
    questions = ("victime-silencieuse", "temoin-en-ligne", "uniquement-ecole")
    with Store(data_dir) as store, store.transaction() as conn:
        keys = []
        for q in questions:
            for option in range(3):
                conn.execute(
                    "INSERT INTO count_keys (module, activity, item, option, sensitive) VALUES ('qcm', ?, 0, ?, 0)",
                    (q, option),
                )
                keys.append(conn.execute("SELECT last_insert_rowid()").fetchone()[0])
        day0 = datetime.date(2025, 9, 1)
        conn.executemany(
            "INSERT INTO seances (row, id, version, supersedes, hash, current, deleted, date, structure, "
            "action, lieu, etablissement, niveau, participants, filles, garcons, duree_minutes, "
            "ambassadeurs, cycle, modules) VALUES (?, ?, 1, '', NULL, 1, 0, ?, ?, ?, ?, ?, '', ?, NULL, "
            "NULL, ?, ?, ?, 'qcm')",
            [
                (
                    i + 1,
                    str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    (day0 + datetime.timedelta(days=i % 300)).isoformat(),
                    structures[i % 3],
                    actions[i % 5],
                    lieux[i % 3],
                    f"Établissement {i % 150}",
                    10 + i % 25,
                    60 * (1 + i % 3),
                    (i % 5 == 3) * 8,
                    f"cycle-{i % 400}" if i % 5 == 2 else "",
                )
                for i in range(seances)
            ],
        )
        conn.executemany(
            "INSERT INTO counts (seance_row, key, n) VALUES (?, ?, ?)",
            # at most 3 per option: a question's 3 options stay within the smallest
            # séance's 10 participants, as the store's bounds require (issue 12)
            [(i + 1, key, rng.randint(0, 3)) for i in range(seances) for key in keys],
        )


# The aggregates the bilan needs, as bare SQL: the baseline of the bilan row.
RAW_BILAN_SQL = [
    "SELECT action, lieu, COUNT(*), SUM(participants), SUM(duree_minutes), SUM(ambassadeurs) "
    "FROM seances WHERE current = 1 AND deleted = 0 GROUP BY action, lieu",
    "SELECT COUNT(DISTINCT etablissement) FROM seances WHERE current = 1 AND deleted = 0 "
    "AND action = 'animation' AND lieu = 'college'",
    "SELECT SUM(m) FROM (SELECT MAX(participants) AS m FROM seances WHERE current = 1 AND deleted = 0 "
    "AND action = 'animation' AND lieu = 'college' GROUP BY CASE WHEN cycle != '' THEN cycle ELSE id END)",
    "SELECT c.key, SUM(c.n) FROM counts c JOIN seances s ON s.row = c.seance_row "
    "WHERE s.current = 1 AND s.deleted = 0 GROUP BY c.key",
]


def bilan_rows(workdir: Path) -> list[Row]:
    from harcelement_kit.content.loader import load_bundled_library
    from harcelement_kit.tally.bilan import compute_figures, render
    from harcelement_kit.tally.store import Store

    data = workdir / "bilan-100000"
    _fill_store(data, 100_000)
    store = Store(data)
    library = load_bundled_library()
    text = render(compute_figures(store), library)
    assert "Réponses aux questions" in text

    def raw_sql():
        for sql in RAW_BILAN_SQL:
            store.conn.execute(sql).fetchall()

    bilan = _timed(lambda: render(compute_figures(store), library))
    return [
        Row("bilan, 100 000 séances (≤ 1 s)", bilan, "SQL brut", _timed(raw_sql), 3.0, absolute=1.0),
        Row(
            "harcelement-kit bilan (commande entière)",
            _timed_process(_kit_command() + ["--donnees", str(data), "bilan"]),
            "SQL brut",
            _timed(raw_sql),
            None,
        ),
    ]


def _workshops(participants: list[int]) -> list:
    """One checked séance per class size: an Afev workshop in a collège on 10 March 2025."""
    from harcelement_kit.tally.records import check_seance

    base = {"date": "2025-03-10", "structure": "afev", "action": "atelier", "lieu": "college", "duree_minutes": 60}
    return [check_seance({**base, "participants": n}) for n in participants]


def import_rows(workdir: Path) -> list[Row]:
    """1 000 bundles of 10 séances imported, then the same 1 000 again (all no-ops);
    the time per record of the last hundred bundles against the first hundred."""
    import uuid

    from harcelement_kit.tally.exchange import bundle_bytes, import_file
    from harcelement_kit.tally.signing import new_key
    from harcelement_kit.tally.store import Store

    bundles_dir = workdir / "bundles"
    bundles_dir.mkdir()
    for b in range(1000):
        seances = _workshops([10 + i for i in range(10)])
        (bundles_dir / f"{b:04d}.json").write_bytes(bundle_bytes(seances, str(uuid.UUID(int=b + 1)), key=new_key()))
    paths = sorted(bundles_dir.iterdir())
    timings: dict[str, list[float]] = {"first": [], "again": []}
    with Store(workdir / "import") as store:
        for phase in ("first", "again"):
            for path in paths:
                start = time.perf_counter()
                summary = import_file(store, path)
                timings[phase].append(time.perf_counter() - start)
                expected = (10, 0) if phase == "first" else (0, 10)
                assert (summary.imported, summary.ignored) == expected, summary
    rows = [_signature_row(workdir)]
    for phase, label in (("first", "import 1 000 exports"), ("again", "réimport (sans effet)")):
        first, last = timings[phase][:100], timings[phase][-100:]
        rows.append(
            Row(
                f"{label}, par séance, 100 derniers",
                _constant(statistics.median(last) / 10),
                "100 premiers",
                _constant(statistics.median(first) / 10),
                2.0,
                note=f"total {sum(timings[phase]):.1f} s",
            )
        )
    return rows


def _signature_row(workdir: Path) -> Row:
    """An export of 200 séances signed then imported (verified) into a new store, against
    the same export and import with signing and verification switched off: the cost of
    the signatures per séance (budget 1.5×)."""
    from harcelement_kit.tally import exchange
    from harcelement_kit.tally.signing import new_key
    from harcelement_kit.tally.store import Store

    seances = _workshops([10 + i % 30 for i in range(200)])
    key, poste = new_key(), str(uuid.UUID(int=4242))

    class Unsigned:  # what a bundle was before: no signature made, none checked
        public_b64 = key.public_b64

        @staticmethod
        def sign(message: bytes) -> str:
            return ""

    def run(signed: bool) -> float:
        folder = Path(tempfile.mkdtemp(dir=workdir))
        verify = exchange.verify
        if not signed:
            exchange.verify = lambda *args: True
        try:
            with Store(folder / "coord") as store:
                start = time.perf_counter()
                path = folder / "export.json"
                path.write_bytes(exchange.bundle_bytes(seances, poste, key=key if signed else Unsigned))
                summary = exchange.import_file(store, path)
                elapsed = time.perf_counter() - start
            assert summary.imported == len(seances), summary
        finally:
            exchange.verify = verify
            shutil.rmtree(folder, ignore_errors=True)
        return elapsed / len(seances)

    return Row(
        "export signé + import vérifié, par séance", lambda: run(True), "sans signature", lambda: run(False), 1.5
    )


UI_READY = """
import asyncio, sys, tempfile
if sys.argv[1] in ("kit", "kit-sans-cache"):
    from harcelement_kit.cli import build_app, parse_arguments  # as `harcelement-kit` starts
    # the data folder: kept from run to run, or a new one each time (no cache yet)
    folder = sys.argv[2] if sys.argv[1] == "kit" else tempfile.mkdtemp(dir=sys.argv[2])
    app = build_app(parse_arguments(["--donnees", folder]))
else:
    from textual.app import App
    from textual.widgets import Footer, Static

    class Minimal(App):
        def compose(self):
            yield Static("Bonjour")
            yield Footer()

    app = Minimal()

async def ready():
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()

asyncio.run(ready())
"""


# -P: the installed kit, as `harcelement-kit` runs it. With `-c` alone the current folder
# comes first on sys.path, and from the project's folder that was its source tree, without
# bytecode (compiled at each start where PYTHONDONTWRITEBYTECODE is set, as on this machine):
# the row timed ~210 M instructions of compiling that no animateur's start does.
UI_PYTHON = (sys.executable, "-P", "-c")


def ui_rows(workdir: Path) -> list[Row]:
    """From a fresh process to the first screen drawn, headless, against a minimal
    Textual app: the kit as it starts every day (the content cache in its data
    folder is up to date), and the first start after the content changed."""
    data = workdir / "donnees-interface"
    data.mkdir()
    warm = [*UI_PYTHON, UI_READY, "kit", str(data)]
    subprocess.run(warm, check=True)  # writes the content cache, as any start would
    minimal = _timed_process([*UI_PYTHON, UI_READY, "min"])
    return [
        Row("interface prête (Accueil, sans écran)", _timed_process(warm), "Textual minimal", minimal, 1.3),
        Row(
            "  1er lancement (contenu relu, sans cache)",
            _timed_process([*UI_PYTHON, UI_READY, "kit-sans-cache", str(data)]),
            "Textual minimal",
            minimal,
            None,
        ),
    ]


def ui_instructions(workdir: Path) -> str:
    """The UI-ready row's two processes counted in CPU instructions (valgrind): unlike times
    on a shared 2-core machine (that row's ratio went from 1.13 to 1.38 between runs), the
    same from run to run, so a change of a few percent is seen."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return "instructions : valgrind n'est pas installé, non comptées"
    data = workdir / "donnees-instructions"
    data.mkdir()
    kit = [*UI_PYTHON, UI_READY, "kit", str(data)]
    subprocess.run(kit, check=True, capture_output=True)  # the content cache, as every day's start has it
    counts = []
    for argv in (kit, [*UI_PYTHON, UI_READY, "min"]):
        done = subprocess.run(
            [valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": "0"},
            check=True,
        )
        counts.append(int(re.search(r"Collected : (\d+)", done.stderr).group(1)))
    ours, base = counts
    return (
        f"interface prête, en instructions (valgrind) : {ours / 1e6:.0f} M contre {base / 1e6:.0f} M "
        f"pour Textual minimal, {ours / base:.2f}× (budget {1.3:g}×, en temps)"
    )


def paper_rows() -> list[Row]:
    """Worksheets: cost per page against a bare fpdf2 page with the same text and a
    table, in the same run; the whole bundled set with its keys; 30 copies."""
    import io

    import pypdf
    from fpdf import FPDF

    from harcelement_kit.content.loader import load_bundled_library
    from harcelement_kit.paper.sheet import font_files
    from harcelement_kit.paper.worksheets import print_modules

    library = load_bundled_library()
    modules = list(library.modules.values())
    cyber = library.modules["cyberharcelement"]

    def pages(pdf: bytes) -> int:
        return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)

    copies_pages = pages(print_modules([cyber], library, copies=30))
    set_pages = pages(print_modules(modules, library, answer_key=True))
    text = "\n".join(getattr(a, "texte", "") or getattr(a, "question", "") for a in cyber.activites)

    def bare(count: int) -> bytes:
        """`count` pages of the same text and a table, in the same font: the baseline."""
        pdf = FPDF()
        for style, (path, axes) in font_files().items():
            pdf.add_font("F", style, path, variations=axes)
        for _ in range(count):
            pdf.add_page()
            pdf.set_font("F", "", 12)
            pdf.multi_cell(0, 6, text)
            with pdf.table() as table:
                for row in (("Numéro", "Pour quoi"), ("3018", "harcèlement"), ("119", "enfant en danger")):
                    table.row(row)
        return bytes(pdf.output())

    return [
        Row(
            "fiches : 30 exemplaires cyberharcelement",
            _timed(lambda: print_modules([cyber], library, copies=30)),
            "fpdf2 nu",
            _timed(lambda: bare(copies_pages)),
            1.5,
            note=f"{copies_pages} pages",
        ),
        Row(
            "tous les modules fournis + corrigés",
            _timed(lambda: print_modules(modules, library, answer_key=True)),
            "fpdf2 nu",
            _timed(lambda: bare(set_pages)),
            1.5,
            note=f"{set_pages} pages",
        ),
    ]


def sheets_rows(workdir: Path) -> list[Row]:
    """Answer sheets: a copier's PDF of 30 filled harcèlomètre sheets (15 pages of
    synthetic scans at 300 dpi, made from the real printed PDF) read by `lire`'s
    reader, per sheet, against rendering the same pages alone with pypdfium2."""
    import random

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    import pypdfium2
    from sheet_scans import distort, images_to_pdf, mark_page, random_answers, random_distortion, render_pages

    from harcelement_kit.content.loader import load_bundled_library
    from harcelement_kit.paper.answer_sheet import print_answer_sheets, sheet_layout
    from harcelement_kit.reading.sheets import SheetReader
    from harcelement_kit.reading.sheets_batch import read_batch
    from harcelement_kit.reading.sheets_images import _native_scale

    library = load_bundled_library()
    module = library.modules["harcelometre"]
    layout = sheet_layout(module)
    rng = random.Random(13)
    pages = render_pages(print_answer_sheets([module], copies=30), 300)
    for page in pages:
        for slot in (0, 1):
            mark_page(page, layout, slot, random_answers(layout, rng)[0], 300, rng)
    scans = [distort(p, rng, **random_distortion(rng, upside_down=i % 4 == 0)) for i, p in enumerate(pages)]
    path = workdir / "scan-30-fiches.pdf"
    path.write_bytes(images_to_pdf(scans, 300))
    reader = SheetReader(library.modules)
    sheets = 30

    def read() -> None:
        batch = read_batch([path], reader, set())
        if len(batch.sheets) != sheets or batch.problems:
            raise SystemExit(f"lecture incomplète : {len(batch.sheets)} fiches, {batch.problems}")

    def render() -> None:
        document = pypdfium2.PdfDocument(path)
        for page in document:
            page.render(scale=_native_scale(page), grayscale=True).to_numpy()
        document.close()

    per_sheet = lambda fn: _timed(lambda: fn())() / sheets  # noqa: E731
    return [
        Row(
            "lire : PDF 30 fiches 300 dpi, par fiche",
            lambda: per_sheet(read),
            "rendu pdfium",
            lambda: per_sheet(render),
            3.0,
            absolute=10.0 / sheets,
            note="(≤ 10 s les 30)",
        )
    ]


def cards_rows() -> list[Row]:
    """Answer cards: reading one 1280×720 frame of 30 cards (the synthetic classroom
    frames of the tests, made from the printed PDF); budget ≥ 10 frames/s. Baseline:
    one adaptive threshold of the same frame, the least any marker detector does."""
    import cv2

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from cards_helpers import frame_with_cards

    from harcelement_kit.reading.cards import CardDetector

    frames = [frame_with_cards(seed)[0] for seed in range(4)]
    detector = CardDetector()
    turn = iter(range(10**9))

    def read_one() -> None:
        detector.read(frames[next(turn) % len(frames)])

    def threshold_one() -> None:
        grey = cv2.cvtColor(frames[next(turn) % len(frames)], cv2.COLOR_BGR2GRAY)
        cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 13, 7)

    return [
        Row(
            "cartes : 1 image 1280×720, 30 cartes",
            _timed(read_one),
            "seuil adaptatif",
            _timed(threshold_one),
            None,
            absolute=0.1,
            note="budget : ≥ 10 images/s",
        )
    ]


PHONES, QUESTIONS = 200, 10


def phones_report(workdir: Path) -> bool:
    """200 simulated phones on loopback answer 10 questions of `direct qcm` (a real
    subprocess, driven by Entrée as an animateur would). Each phone also sends its
    answer a second time, which must be refused. Prints the counts and the answer
    latency (POST until the phone has its next page); True when no answer was
    lost or counted twice. Bounded: 2 × 2 000 answers, 120 s at most."""
    import asyncio
    import os
    import re
    import threading
    from queue import Empty, Queue

    import aiohttp

    from harcelement_kit.content.questions import live_questions
    from harcelement_kit.content.loader import load_bundled_library
    from harcelement_kit.tally.store import Store

    data = workdir / "telephones"
    env = {**os.environ, "HARCELEMENT_KIT_DONNEES": str(data), "PYTHONUNBUFFERED": "1"}
    subprocess.run(
        _kit_command()
        + [
            "seance",
            "ajouter",
            "--structure",
            "afev",
            "--action",
            "evenement",
            "--lieu",
            "lycee",
            "--participants",
            str(PHONES),
        ],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    direct = subprocess.Popen(
        _kit_command() + ["direct", "qcm", "--port", "0"],
        env=env,
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    lines: Queue = Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in direct.stdout], daemon=True).start()
    deadline = time.monotonic() + 120

    def wait_for(pattern: str) -> re.Match:
        while time.monotonic() < deadline:
            try:
                found = re.search(pattern, lines.get(timeout=0.5))
            except Empty:
                continue
            if found:
                return found
        raise TimeoutError(pattern)

    def press(text: str = "") -> None:
        direct.stdin.write(text + "\n")
        direct.stdin.flush()

    questions = live_questions(load_bundled_library().modules["qcm"])[:QUESTIONS]
    expected: dict[tuple, int] = {}
    latencies: list[float] = []
    refused = 0

    flood_statuses: list[int] = []

    async def flood(url: str, pin: str, stop: asyncio.Event) -> None:
        """Wrong codes, one new connection each, from another address (127.0.0.2), as
        fast as they go, all along the séance: the brute force of issue 12."""
        wrong = f"{(int(pin) + 1) % 10**6:06d}"
        async with aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(local_addr=("127.0.0.2", 0), force_close=True),
            cookie_jar=aiohttp.DummyCookieJar(),
        ) as http:
            while not stop.is_set():
                try:
                    async with http.post(url, data={"code": wrong}, allow_redirects=False) as r:
                        flood_statuses.append(r.status)
                except aiohttp.ClientError:
                    flood_statuses.append(0)
                await asyncio.sleep(0)

    async def run_phones() -> None:
        nonlocal refused
        url = wait_for(r"Lien : (\S+)").group(1)
        pin = "".join(wait_for(r"Code à taper sur le téléphone : (\d{3}) (\d{3})").groups())
        base = url.split("/j/")[0]
        stop = asyncio.Event()
        flooding = asyncio.ensure_future(flood(url, pin, stop))
        sessions = [
            aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True), connector=aiohttp.TCPConnector(limit=1))
            for _ in range(PHONES)
        ]
        try:
            for http in sessions:
                async with http.post(url, data={"code": pin}) as r:
                    assert r.status == 200, r.status

            async def answer(http, q: int, option: int) -> int:
                start = time.perf_counter()
                async with http.post(base + "/r", data={"question": str(q), "option": str(option)}) as r:
                    await r.read()
                    if r.status == 200:  # accepted answers only: refusals are cheaper
                        latencies.append(time.perf_counter() - start)
                    return r.status

            for q, question in enumerate(questions):
                press()
                wait_for(rf"Question {q + 1}/\d+ ouverte")
                picks = [(k + q) % len(question.options) for k in range(PHONES)]
                statuses = await asyncio.gather(*(answer(h, q, o) for h, o in zip(sessions, picks)))
                assert statuses.count(200) == PHONES, statuses
                again = await asyncio.gather(*(answer(h, q, 0) for h in sessions))
                refused += again.count(409)
                for option in picks:
                    key = ("qcm", question.activity, question.item, option)
                    expected[key] = expected.get(key, 0) + 1
                press()
                wait_for(rf"Question {q + 1} fermée : {PHONES} réponses")
                # The class reads the results before the next question: phones are
                # people, and each connection's rate limit (5 requests/s) holds.
                await asyncio.sleep(1.0)
        finally:
            stop.set()
            await flooding
            for http in sessions:
                await http.close()

    started = time.perf_counter()
    try:
        asyncio.run(run_phones())
        press("q")
        wait_for("Séance terminée")
        direct.wait(timeout=30)
    finally:
        if direct.poll() is None:
            direct.kill()
    elapsed = time.perf_counter() - started
    with Store(data) as store:
        (seance,) = store.seances()
        counted = seance.counts
    sent = PHONES * len(questions)
    total = sum(counted.values())
    exact = counted == expected
    latencies.sort()

    def pct(p: float) -> str:
        return _ms(latencies[min(len(latencies) - 1, int(p * len(latencies)))])

    print(f"\ntéléphones simulés : {PHONES} × {len(questions)} questions (« direct qcm », 127.0.0.1)")
    print(
        f"  réponses envoyées {sent}, comptées {total}, perdues {max(sent - total, 0)}, "
        f"en trop {max(total - sent, 0)} ; secondes réponses refusées {refused}/{sent} ; "
        f"comptes par option {'exacts' if exact else 'FAUX'}"
    )
    print(
        f"  latence d'une réponse (envoi → page suivante reçue) : médiane {pct(0.5)}, "
        f"p99 {pct(0.99)}, max {_ms(latencies[-1])} ; durée totale {elapsed:.1f} s"
    )
    examined, held = flood_statuses.count(403), flood_statuses.count(429)
    # 10 codes a minute, then one more after each doubled delay (1 s, 2 s, 4 s…)
    allowed = 10 * math.ceil(elapsed / 60) + math.ceil(math.log2(elapsed + 1))
    print(
        f"  à côté, codes faux depuis 127.0.0.2 : {len(flood_statuses)} essais, {examined} regardés "
        f"(au plus {allowed} permis), {held} refusés sans être regardés"
    )
    limited = examined <= allowed
    ok = exact and total == sent and refused == sent and limited
    print("  verdict : " + ("ok" if ok else "DÉPASSÉ"))
    return ok


def _constant(value: float) -> Callable[[], float]:
    return lambda: value


GROUPS = ("demarrage", "interface", "papier", "fiches", "bilan", "import", "cartes", "telephones")


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
    parser.add_argument("--seulement", choices=GROUPS, action="append", help="only these groups of rows")
    parser.add_argument(
        "--instructions", action="store_true", help="also count the UI-ready row in instructions (valgrind)"
    )
    args = parser.parse_args()
    groups = args.seulement or list(GROUPS)
    repetitions = max(args.repetitions, 5)
    with tempfile.TemporaryDirectory(prefix="harcelement-kit-bench-") as tmp:
        workdir = Path(tmp)
        rows: list[Row] = []
        if "demarrage" in groups:
            rows += startup_rows()
        if "interface" in groups:
            rows += ui_rows(workdir)
        if "papier" in groups:
            rows += paper_rows()
        if "fiches" in groups:
            rows += sheets_rows(workdir)
        if "bilan" in groups:
            rows += bilan_rows(workdir)
        if "import" in groups:
            rows += import_rows(workdir)
        if "cartes" in groups:
            rows += cards_rows()
        missed = 0
        if rows:
            header = (
                f"{'mesure':<46} {'médiane':>10} {'référence':<14} {'médiane':>10} {'ratio':>6} {'budget':>8}  verdict"
            )
            print(header)
            print("-" * len(header))
        for row in rows:
            ours, base = measure(row, repetitions)
            ratio = ours / base if base else float("inf")
            ok = (row.budget is None or ratio <= row.budget) and (row.absolute is None or ours <= row.absolute)
            missed += not ok
            budget = f"≤ {row.budget:g}×" if row.budget else "—"
            verdict = ("ok" if ok else "DÉPASSÉ") if (row.budget or row.absolute) else ""
            print(
                f"{row.name:<46} {_ms(ours):>10} {row.baseline_name:<14} {_ms(base):>10} "
                f"{ratio:>5.2f}× {budget:>8}  {verdict} {row.note}".rstrip()
            )
        if "telephones" in groups:
            missed += not phones_report(workdir)
        if args.instructions and "interface" in groups:
            print("\n" + ui_instructions(workdir))
    print(
        f"\n{len(rows)} mesures, {missed} budget(s) dépassé(s) ; médiane de {repetitions} essais "
        f"alternés, Python {sys.version.split()[0]}"
    )
    return 1 if missed else 0


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}ms" if seconds >= 0.001 else f"{seconds * 1e6:.0f}µs"


if __name__ == "__main__":
    raise SystemExit(main())
