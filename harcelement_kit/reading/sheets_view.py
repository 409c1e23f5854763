"""A doubtful question's line drawn in a terminal with half blocks (▀: the upper
pixel as the character's colour, the lower one as its background), so that the
animateur sees the marks before deciding."""

from __future__ import annotations

import cv2
import numpy as np

__all__ = ["half_block_cells", "ansi_half_blocks"]


def half_block_cells(gray: np.ndarray, width: int) -> list[list[tuple[int, int]]]:
    """Rows of (upper grey, lower grey) pairs, `width` characters wide."""
    if gray.size == 0:
        return []
    h, w = gray.shape
    width = max(1, min(width, w))
    rows = max(1, round(h / w * width / 2))  # a terminal cell is about twice as tall as wide
    small = cv2.resize(gray, (width, rows * 2), interpolation=cv2.INTER_AREA)
    # stretch the contrast: a pale pencil tick must stay visible on a dim terminal
    lo, hi = int(np.percentile(small, 1)), int(np.percentile(small, 99))
    if hi > lo:
        small = np.clip((small.astype(np.float32) - lo) * 255.0 / (hi - lo), 0, 255).astype(np.uint8)
    return [[(int(small[2 * r, c]), int(small[2 * r + 1, c])) for c in range(width)] for r in range(rows)]


def ansi_half_blocks(gray: np.ndarray, width: int = 100) -> str:
    """The image as 24-bit ANSI text for a console."""
    lines = []
    for row in half_block_cells(gray, width):
        cells = "".join(f"\x1b[38;2;{t};{t};{t}m\x1b[48;2;{b};{b};{b}m▀" for t, b in row)
        lines.append(cells + "\x1b[0m")
    return "\n".join(lines)
