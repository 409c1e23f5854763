"""How the zones of a scale (the harcèlomètre) look on paper: a colour of the
content's hue whose grey level runs light → dark in the order of the scale, so that
a black-and-white copy still reads as a gauge, and a pattern of its own."""

from __future__ import annotations

import colorsys

__all__ = ["zone_fill", "zone_ink", "draw_pattern", "PATTERNS", "luma", "text_color_on"]

PATTERNS = ("points", "hachures", "quadrillage", "croisillons")
LIGHTEST, DARKEST = 222, 88  # grey levels (0-255) of the first and last zone


def _rgb(color: str) -> tuple[int, int, int]:
    return tuple(int(color[i : i + 2], 16) for i in (1, 3, 5))


def luma(rgb) -> float:
    """The grey a copier makes of a colour (ITU-R 601)."""
    r, g, b = rgb
    return 0.299 * r + 0.587 * g + 0.114 * b


def _with_luma(rgb, target: float) -> tuple[int, int, int]:
    """The colour of the same hue and saturation whose grey is `target`."""
    h, _, s = colorsys.rgb_to_hls(*(c / 255 for c in rgb))
    low, high = 0.0, 1.0
    for _ in range(30):  # the grey grows with lightness: bisect
        mid = (low + high) / 2
        if luma([c * 255 for c in colorsys.hls_to_rgb(h, mid, s)]) < target:
            low = mid
        else:
            high = mid
    return tuple(round(c * 255) for c in colorsys.hls_to_rgb(h, (low + high) / 2, s))


def zone_fill(color: str, index: int, count: int) -> tuple[int, int, int]:
    """Zone `index` of `count`, from the healthiest (lightest) to the gravest (darkest)."""
    step = (LIGHTEST - DARKEST) / max(count - 1, 1)
    return _with_luma(_rgb(color), LIGHTEST - index * step)


def zone_ink(color: str, index: int, count: int) -> tuple[int, int, int]:
    """The pattern's colour: a little darker than the zone, so it does not change its grey much."""
    return _with_luma(_rgb(color), max(luma(zone_fill(color, index, count)) - 45, 10))


def text_color_on(rgb) -> tuple[int, int, int]:
    return (0, 0, 0) if luma(rgb) > 140 else (255, 255, 255)


def name_up_on_plate(pdf, text: str, cx: float, cy: float, size: float, length: float, fill, pad: float) -> None:
    """A zone's name written up a ruler (turned 90°, centred on cx, cy), on a plate of the
    zone's colour `pad` mm longer than the name at each end, so that the pattern does not
    cross the letters. The font is already set at `size` points; `length` is the name's
    width in it. Shared by the A4 poster and the wall poster, so their rulers read alike."""
    plate = size * 0.3528 * 1.5
    pdf.set_fill_color(*fill)
    pdf.rect(cx - plate / 2, cy - length / 2 - pad, plate, length + 2 * pad, style="F")
    pdf.set_text_color(*text_color_on(fill))
    with pdf.rotation(90, cx, cy):
        pdf.text(cx - length / 2, cy + size * 0.3528 * 0.36, text)
    pdf.set_text_color(0, 0, 0)


def draw_pattern(pdf, index: int, x: float, y: float, w: float, h: float, ink, step: float = 4) -> None:
    """The zone's pattern, clipped to its box so that it never crosses the border."""
    name = PATTERNS[index % len(PATTERNS)]
    if name == "aucun":
        return
    pdf.set_draw_color(*ink)
    pdf.set_fill_color(*ink)
    pdf.set_line_width(0.35)
    with pdf.rect_clip(x, y, w, h):
        if name in ("hachures", "croisillons"):
            for k in range(int((w + h) / step) + 2):
                d = k * step
                pdf.line(x + d - h, y + h, x + d, y)
        if name == "croisillons":
            for k in range(int((w + h) / step) + 2):
                d = k * step
                pdf.line(x + d - h, y, x + d, y + h)
        if name == "quadrillage":
            for k in range(int(h / step) + 1):
                pdf.line(x, y + k * step, x + w, y + k * step)
            for k in range(int(w / step) + 1):
                pdf.line(x + k * step, y, x + k * step, y + h)
        if name == "points":
            for row in range(int(h / step) + 1):
                for col in range(int(w / step) + 1):
                    pdf.circle(x + step / 2 + col * step, y + step / 2 + row * step, 0.5, style="F")
    pdf.set_draw_color(0, 0, 0)
