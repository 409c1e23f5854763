"""The join QR code drawn with half blocks, two modules per character cell: small
enough for a 60×20 projector terminal. Colours are explicit (black on white), since
phones read a dark-on-light code best whatever the terminal's own colours."""

from __future__ import annotations

import qrcode

__all__ = ["qr_matrix", "qr_rows", "qr_ansi"]


def qr_matrix(data: str) -> list[list[bool]]:
    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_L)
    code.add_data(data)
    code.make(fit=True)
    return code.get_matrix()


def qr_rows(data: str) -> list[list[tuple[bool, bool]]]:
    """Rows of character cells, each (top module dark, bottom module dark)."""
    matrix = qr_matrix(data)
    if len(matrix) % 2:
        matrix = matrix + [[False] * len(matrix[0])]
    return [list(zip(matrix[r], matrix[r + 1])) for r in range(0, len(matrix), 2)]


def qr_ansi(data: str) -> str:
    """The code for a console (ANSI colours): '▀' in the top colour on the bottom one."""
    lines = []
    for row in qr_rows(data):
        cells = "".join(f"\x1b[{30 if top else 97};{40 if bottom else 107}m▀" for top, bottom in row)
        lines.append(cells + "\x1b[0m")
    return "\n".join(lines)
