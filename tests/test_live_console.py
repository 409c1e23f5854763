"""`direct`'s console: the join QR code drawn in the terminal decodes to the join link."""

from __future__ import annotations

import os
import re
import subprocess
import time

import pytest
import zxingcpp
from PIL import Image

from harcelement_kit.live.qr_text import qr_ansi
from kit_process import clean_env, kit_command
from live_helpers import add_seance

CELL = re.compile(r"\x1b\[(\d+);(\d+)m▀")


def decode_console_qr(text: str) -> list[str]:
    """Read a QR code drawn with '▀' cells (top colour = foreground, bottom =
    background) back into pixels, as a phone's camera would, and decode it."""
    rows = []
    for line in text.splitlines():
        cells = CELL.findall(line)
        if not cells:
            continue
        rows.append([fg == "30" for fg, _ in cells])  # 30: black foreground
        rows.append([bg == "40" for _, bg in cells])  # 40: black background
    if not rows:
        return []  # no code drawn at all
    scale, quiet = 8, 4
    width = max(len(r) for r in rows)
    image = Image.new("L", ((width + 2 * quiet) * scale, (len(rows) + 2 * quiet) * scale), 255)
    for y, row in enumerate(rows):
        for x, dark in enumerate(row):
            if dark:
                image.paste(
                    0, ((x + quiet) * scale, (y + quiet) * scale, (x + quiet + 1) * scale, (y + quiet + 1) * scale)
                )
    return [result.text for result in zxingcpp.read_barcodes(image)]


def test_the_console_qr_code_decodes_to_the_join_link():
    url = "http://192.168.137.1:8765/j/AbCdEf123456"
    assert decode_console_qr(qr_ansi(url)) == [url]


def test_a_broken_drawing_does_not_decode():
    """The decoder above is strict: a code with its colours swapped is not read."""
    swapped = qr_ansi("http://192.168.137.1:8765/j/x").replace("[30;", "[X;").replace("[97;", "[30;")
    assert decode_console_qr(swapped.replace("[X;", "[97;")) != ["http://192.168.137.1:8765/j/x"]


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="pseudo-terminal POSIX")
def test_direct_in_a_terminal_prints_a_qr_code_of_its_link(tmp_path):
    """In a real terminal (a pty), `direct` draws the code; piped, it does not."""
    add_seance(tmp_path)
    controller, terminal = os.openpty()
    process = subprocess.Popen(
        [*kit_command(), "--donnees", str(tmp_path), "direct", "qcm", "--port", "0"],
        stdin=subprocess.PIPE,
        stdout=terminal,
        stderr=terminal,
        env=clean_env(),
        cwd=tmp_path,
    )
    os.close(terminal)
    output = b""
    deadline = time.monotonic() + 30
    try:
        # the help line comes right after the code: read until it is there
        while b"terminer et enregistrer" not in output and time.monotonic() < deadline:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the kit closed the terminal
                break
            if not chunk:
                break
            output += chunk
        process.stdin.write(b"q\n")
        process.stdin.flush()
        process.wait(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
        os.close(controller)
    text = output.decode("utf-8", "replace").replace("\r\n", "\n")
    link = re.search(r"Lien : (http://127\.0\.0\.1:\d+/j/\S+)", text).group(1)
    assert decode_console_qr(text) == [link]
    assert process.returncode == 0, text[-500:]


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="pseudo-terminal POSIX")
def test_direct_in_a_terminal_takes_single_keys_and_gives_the_terminal_back(tmp_path):
    """Typed in a terminal (a pty as stdin): Entrée, « f », « q » act at once, no Entrée after a
    letter; an arrow opens nothing; at the end the terminal reads lines and echoes again."""
    import termios

    add_seance(tmp_path)
    controller, terminal = os.openpty()
    before = termios.tcgetattr(terminal)
    process = subprocess.Popen(
        [*kit_command(), "--donnees", str(tmp_path), "direct", "qcm", "--port", "0"],
        stdin=terminal,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=clean_env({"PYTHONUNBUFFERED": "1"}),
        cwd=tmp_path,
    )
    seen = []

    def wait_for(text: str) -> None:
        deadline = time.monotonic() + 30
        while not any(text in line for line in seen) and time.monotonic() < deadline:
            line = process.stdout.readline().decode("utf-8")
            if not line:
                break
            seen.append(line)
        assert any(text in line for line in seen), f"« {text} » not printed: {seen}"

    try:
        wait_for("« f » : fermer ou rouvrir les inscriptions · « q » ou Ctrl+C : terminer et enregistrer")
        os.write(controller, b"\r")
        wait_for("Question 1/13 ouverte")
        os.write(controller, b"f")
        wait_for("Inscriptions fermées (0 téléphone) : « f » pour les rouvrir.")
        os.write(controller, b"f")  # a second « f » reopens, as in the UI
        wait_for("Inscriptions rouvertes : un téléphone peut de nouveau rejoindre la séance (« f » pour les refermer).")
        os.write(controller, b"\x1b[A")  # the up arrow: nothing
        os.write(controller, b"\r")
        wait_for("Question 1 fermée : 0 réponse enregistrée.")
        os.write(controller, b"q")
        process.wait(timeout=20)
        wait_for("Séance terminée")
        after = termios.tcgetattr(terminal)
    finally:
        if process.poll() is None:
            process.kill()
        os.close(controller)
        os.close(terminal)
    assert process.returncode == 0, "".join(seen)
    assert not any("Question 2/13" in line for line in seen)  # the arrow opened nothing
    assert after[3] & termios.ICANON and after[3] & termios.ECHO and after == before
