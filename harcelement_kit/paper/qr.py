"""QR codes drawn as vector squares from qrcode's matrix: sharp at any print size."""

from __future__ import annotations

import functools

import qrcode

__all__ = ["draw_qr", "dark_runs"]


@functools.lru_cache(maxsize=32)
def _runs(data: str) -> tuple[int, tuple]:
    """The matrix size and its runs of dark modules (row, start, length): made once
    per address, as 30 copies of a sheet print the same codes."""
    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    return len(matrix), tuple(dark_runs(matrix))


def dark_runs(matrix) -> list[tuple[int, int, int]]:
    """The runs of dark cells (row, start, length) of a matrix of booleans: one rectangle
    per run, so no hairline seams between cells and smaller files (QR codes, card markers)."""
    runs = []
    for row, line in enumerate(matrix):
        col = 0
        while col < len(line):
            if not line[col]:
                col += 1
                continue
            start = col
            while col < len(line) and line[col]:
                col += 1
            runs.append((row, start, col - start))
    return runs


def draw_qr(pdf, data: str, x: float, y: float, size: float) -> None:
    """A QR code of `data`, `size` mm wide, its quiet zone included."""
    count, runs = _runs(data)
    cell = size / count
    pdf.set_fill_color(0, 0, 0)
    for row, start, length in runs:
        pdf.rect(x + start * cell, y + row * cell, length * cell, cell, style="F")
