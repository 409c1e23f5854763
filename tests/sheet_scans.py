"""Synthetic scans of answer sheets, made from the real printed PDF: pages rendered
with pypdfium2, boxes marked with pen strokes drawn by OpenCV (ticks, crosses,
filled boxes, faint marks, of varying darkness), then the page turned, warped,
blurred, lit unevenly and saved as JPEG, as a copier or a phone would."""

from __future__ import annotations

import io
import random

import cv2
import numpy as np
import pypdfium2

from harcelement_kit.paper.answer_sheet import REGIONS

MM_PER_INCH = 25.4


def render_pages(pdf: bytes, dpi: int) -> list[np.ndarray]:
    document = pypdfium2.PdfDocument(pdf)
    pages = []
    for page in document:
        bitmap = page.render(scale=dpi / 72, grayscale=True)
        array = np.array(bitmap.to_numpy(), copy=True)
        pages.append(array if array.ndim == 2 else array[..., 0])
    document.close()
    return pages


def _pts(points, dpi):
    return np.array([[x * dpi / MM_PER_INCH, y * dpi / MM_PER_INCH] for x, y in points], dtype=np.int32)


def draw_mark(gray: np.ndarray, box, top: float, dpi: int, style: str, rng: random.Random) -> None:
    """One pupil's mark on `box` (mm, region offset `top`), drawn in place."""
    x, y, s = box.x, box.y + top, box.side
    ink = rng.randint(165, 190) if style == "faint" else rng.randint(15, 120)
    width = rng.uniform(0.35, 0.75) * dpi / MM_PER_INCH
    dx, dy = rng.uniform(-0.6, 0.6), rng.uniform(-0.6, 0.6)
    cx, cy = x + s / 2 + dx, y + s / 2 + dy
    thick = max(1, int(round(width)))
    j = lambda: rng.uniform(-0.35, 0.35)  # noqa: E731 (a hand is never steady)
    if style in ("tick", "faint"):
        a = (cx - s * 0.38 + j(), cy + j())
        b = (cx - s * 0.08 + j(), cy + s * 0.35 + j())
        c = (cx + s * 0.45 + j(), cy - s * 0.5 + j())
        cv2.polylines(gray, [_pts([a, b, c], dpi)], False, ink, thick, cv2.LINE_AA)
    elif style == "cross":
        r = s * rng.uniform(0.38, 0.6)
        cv2.line(
            gray,
            *[tuple(p) for p in _pts([(cx - r + j(), cy - r + j()), (cx + r + j(), cy + r + j())], dpi)],
            ink,
            thick,
            cv2.LINE_AA,
        )
        cv2.line(
            gray,
            *[tuple(p) for p in _pts([(cx + r + j(), cy - r + j()), (cx - r + j(), cy + r + j())], dpi)],
            ink,
            thick,
            cv2.LINE_AA,
        )
    elif style == "fill":
        o = rng.uniform(-0.2, 0.5)
        cv2.fillPoly(
            gray,
            [_pts([(x - o, y - o), (x + s + o, y - o + j()), (x + s + o, y + s + o), (x - o + j(), y + s + o)], dpi)],
            ink,
            cv2.LINE_AA,
        )
    elif style == "slash":  # one stroke across the box
        cv2.line(
            gray,
            *[tuple(p) for p in _pts([(x + s * 0.1, y + s * 0.9), (x + s * 0.9, y + s * 0.1)], dpi)],
            ink,
            thick + 1,
            cv2.LINE_AA,
        )
    else:
        raise ValueError(style)


def mark_page(gray: np.ndarray, layout, region_slot: int, answers: dict, dpi: int, rng: random.Random):
    """`answers`: question index -> [(option, style), …]."""
    top = REGIONS[region_slot].top
    for index, marks in answers.items():
        q = layout.questions[index]
        for option, style in marks:
            draw_mark(gray, q.boxes[option], top, dpi, style, rng)


def distort(
    gray: np.ndarray,
    rng: random.Random,
    *,
    angle: float = 0.0,
    warp: float = 0.0,
    blur: float = 0.0,
    light: float = 0.0,
    jpeg: int | None = None,
    upside_down: bool = False,
    background: int = 90,
    shadow: float = 0.0,
    bend: float = 0.0,
) -> np.ndarray:
    """The page as a copier or a phone sees it: turned by `angle` degrees, its corners
    pulled by up to `warp` of its size (perspective), blurred (sigma in px), lit from
    one side (`light`: the darkest corner's loss of brightness), a phone's shadow across
    it (`shadow`: the brightness lost under it, soft-edged), the paper curled (`bend`:
    how far its middle moves, in mm at 200 dpi scale), saved as JPEG."""
    h, w = gray.shape
    if bend:  # a sheet that does not lie flat: its middle moves, its corners stay
        ys, xs = np.indices((h, w), dtype=np.float32)
        amplitude = bend * w / 210.0
        shift = amplitude * np.sin(np.pi * xs / w) * np.sin(np.pi * ys / h)
        gray = cv2.remap(gray, xs + shift * 0.6, ys + shift, cv2.INTER_LINEAR, borderValue=255)
    if upside_down:
        gray = cv2.rotate(gray, cv2.ROTATE_180)
    pad = int(0.12 * max(h, w))
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    centre = np.float32([w / 2, h / 2])
    rad = np.deg2rad(angle)
    rot = np.float32([[np.cos(rad), -np.sin(rad)], [np.sin(rad), np.cos(rad)]])
    dst = []
    for p in src:
        q = rot @ (p - centre) + centre
        q = q + np.float32([rng.uniform(-warp, warp) * w, rng.uniform(-warp, warp) * h])
        dst.append(q + pad)
    m = cv2.getPerspectiveTransform(src, np.float32(dst))
    out = cv2.warpPerspective(
        gray,
        m,
        (w + 2 * pad, h + 2 * pad),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=background,
    )
    if blur:
        out = cv2.GaussianBlur(out, (0, 0), blur)
    if light:
        hh, ww = out.shape
        gx = np.linspace(0, 1, ww, dtype=np.float32)[None, :]
        gy = np.linspace(0, 1, hh, dtype=np.float32)[:, None]
        a, b = rng.uniform(0.3, 1.0), rng.uniform(0.0, 0.7)
        field = 1.0 - light * np.clip(a * gx + b * gy, 0, 1.5) / 1.5
        out = np.clip(out.astype(np.float32) * field, 0, 255).astype(np.uint8)
    if shadow:
        hh, ww = out.shape
        corner = rng.choice([(0, 0), (ww, 0), (ww, hh), (0, hh)])
        reach = [(rng.uniform(0.3, 0.7) * ww, corner[1]), (corner[0], rng.uniform(0.3, 0.7) * hh)]
        mask = np.zeros_like(out, dtype=np.float32)
        cv2.fillPoly(mask, [np.int32([corner, *reach])], 1.0)
        mask = cv2.GaussianBlur(mask, (0, 0), 0.004 * max(hh, ww))
        out = np.clip(out.astype(np.float32) * (1.0 - shadow * mask), 0, 255).astype(np.uint8)
    noise = np.random.default_rng(rng.randint(0, 2**31)).normal(0, 3, out.shape)
    out = np.clip(out.astype(np.float32) + noise, 0, 255).astype(np.uint8)
    if jpeg:
        ok, data = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, jpeg])
        out = cv2.imdecode(data, cv2.IMREAD_GRAYSCALE)
    return out


def random_distortion(rng: random.Random, upside_down: bool = False) -> dict:
    return dict(
        angle=rng.uniform(-10, 10),
        warp=rng.uniform(0.0, 0.04),
        blur=rng.uniform(0.0, 1.2),
        light=rng.uniform(0.0, 0.45),
        jpeg=60,
        upside_down=upside_down,
        shadow=rng.choice((0.0, 0.0, rng.uniform(0.25, 0.5))),
        bend=rng.uniform(0.0, 2.0),
    )


def images_to_pdf(images: list[np.ndarray], dpi: int) -> bytes:
    """A PDF of scanned pages, as a copier's « scan to PDF » makes it (one JPEG per page)."""
    from fpdf import FPDF

    pdf = FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    for image in images:
        ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 75])
        h, w = image.shape
        width_mm, height_mm = w * MM_PER_INCH / dpi, h * MM_PER_INCH / dpi
        pdf.add_page(format=(width_mm, height_mm))
        pdf.image(io.BytesIO(data.tobytes()), x=0, y=0, w=width_mm, h=height_mm)
    return bytes(pdf.output())


def random_answers(
    layout, rng: random.Random, styles=("tick", "tick", "tick", "cross", "fill"), blank_share: float = 0.1
) -> tuple[dict, dict]:
    """Clear answers for every question (some left blank): (marks, expected options)."""
    marks, expected = {}, {}
    for index, q in enumerate(layout.questions):
        if rng.random() < blank_share:
            continue
        option = rng.randrange(len(q.boxes))
        marks[index] = [(option, rng.choice(styles))]
        expected[index] = (option,)
    return marks, expected
