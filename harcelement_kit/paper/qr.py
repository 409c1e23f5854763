"""QR codes drawn as vector squares from qrcode's matrix: sharp at any print size."""

from __future__ import annotations

import qrcode

__all__ = ["draw_qr"]


def draw_qr(pdf, data: str, x: float, y: float, size: float) -> None:
    """A QR code of `data`, `size` mm wide, its quiet zone included."""
    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    cell = size / len(matrix)
    pdf.set_fill_color(0, 0, 0)
    for row, line in enumerate(matrix):
        col = 0
        while col < len(line):  # one rectangle per run of dark modules: smaller files
            if not line[col]:
                col += 1
                continue
            start = col
            while col < len(line) and line[col]:
                col += 1
            pdf.rect(x + start * cell, y + row * cell, (col - start) * cell, cell, style="F")
