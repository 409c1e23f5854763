"""QR codes drawn as vector squares from qrcode's matrix: sharp at any print size."""

from __future__ import annotations

import functools

import qrcode

__all__ = ["draw_qr"]


@functools.lru_cache(maxsize=32)
def _runs(data: str) -> tuple[int, tuple]:
    """The matrix size and its runs of dark modules (row, start, length): made once
    per address, as 30 copies of a sheet print the same codes."""
    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    runs = []
    for row, line in enumerate(matrix):
        col = 0
        while col < len(line):  # one rectangle per run of dark modules: smaller files
            if not line[col]:
                col += 1
                continue
            start = col
            while col < len(line) and line[col]:
                col += 1
            runs.append((row, start, col - start))
    return len(matrix), tuple(runs)


def draw_qr(pdf, data: str, x: float, y: float, size: float) -> None:
    """A QR code of `data`, `size` mm wide, its quiet zone included."""
    count, runs = _runs(data)
    cell = size / count
    pdf.set_fill_color(0, 0, 0)
    for row, start, length in runs:
        pdf.rect(x + start * cell, y + row * cell, length * cell, cell, style="F")
