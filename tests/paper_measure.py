"""Measuring printed pages as a ruler would: characters with their boxes (pypdfium2),
lines and rectangles drawn (pypdf's content stream), in millimetres from the top
left corner of the page."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pypdf
import pypdfium2
import pypdfium2.raw
from pypdf.generic import ContentStream

MM = 25.4 / 72


@dataclass(frozen=True)
class Char:
    text: str
    left: float
    top: float
    right: float
    bottom: float
    line: float  # bottom of the loose box: the same for every character of a printed line


@dataclass(frozen=True)
class Segment:
    x1: float
    y1: float
    x2: float
    y2: float
    dashed: bool


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float


def chars(pdf: bytes, upright: bool = False) -> list[list[Char]]:
    """Every printed character of every page with its tight box (`upright`: only those
    not turned, e.g. without a name written up a ruler)."""
    pages = []
    document = pypdfium2.PdfDocument(pdf)
    for page in document:
        height = page.get_height()
        text = page.get_textpage()
        found = []
        for i in range(text.count_chars()):
            c = text.get_text_range(i, 1)
            if not c.strip():
                continue
            if upright and abs(pypdfium2.raw.FPDFText_GetCharAngle(text.raw, i)) > 0.01:
                continue
            left, bottom, right, top = text.get_charbox(i)
            loose = text.get_charbox(i, loose=True)[1]
            found.append(
                Char(c, left * MM, (height - top) * MM, right * MM, (height - bottom) * MM, (height - loose) * MM)
            )
        pages.append(found)
    return pages


def lines_of(page_chars: list[Char], tolerance: float = 1.2) -> list[tuple[float, str, list[Char]]]:
    """Characters grouped into printed lines: (baseline, text, chars), top to bottom."""
    rows: list[list[Char]] = []
    for c in sorted(page_chars, key=lambda c: (round(c.line, 1), c.left)):
        if rows and abs(rows[-1][-1].line - c.line) <= tolerance:
            rows[-1].append(c)
        else:
            rows.append([c])
    out = []
    for row in rows:
        row.sort(key=lambda c: c.left)
        widths = sorted(c.right - c.left for c in row)
        space = max(0.8, 0.4 * widths[len(widths) // 2])  # a word space, whatever the size
        text = ""
        for prev, c in zip([None] + row, row):
            if prev is not None and c.left - prev.right > space:
                text += " "
            text += c.text
        out.append((max(c.line for c in row), text, row))
    return out


def shapes(pdf: bytes) -> list[tuple[list[Segment], list[Rect], tuple[float, float]]]:
    """Per page: straight segments (dashed or not), rectangles, and the page size, in mm."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    pages = []
    for page in reader.pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        ops = ContentStream(page.get_contents(), reader).operations
        segments, rects, dashed, at = [], [], False, None
        for operands, op in ops:
            if op == b"d":
                dashed = bool(operands[0])
            elif op == b"Q":
                dashed = False
            elif op == b"m":
                at = (float(operands[0]), float(operands[1]))
            elif op == b"l" and at:
                x, y = float(operands[0]), float(operands[1])
                segments.append(Segment(at[0] * MM, (h - at[1]) * MM, x * MM, (h - y) * MM, dashed))
                at = (x, y)
            elif op == b"re":
                x, y, rw, rh = (float(v) for v in operands)
                top = h - max(y, y + rh)
                rects.append(Rect(x * MM, top * MM, abs(rw) * MM, abs(rh) * MM))
        pages.append((segments, rects, (w * MM, h * MM)))
    return pages


def crosses(c: Char, s: Segment, slack: float = 0.15) -> bool:
    """True when the segment passes through the character's box."""
    if abs(s.y1 - s.y2) < 0.01:  # horizontal
        return min(s.x1, s.x2) < c.right and max(s.x1, s.x2) > c.left and c.top + slack < s.y1 < c.bottom - slack
    if abs(s.x1 - s.x2) < 0.01:  # vertical
        return min(s.y1, s.y2) < c.bottom and max(s.y1, s.y2) > c.top and c.left + slack < s.x1 < c.right - slack
    return False
