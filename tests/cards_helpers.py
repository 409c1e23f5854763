"""Synthetic classroom frames made from the REAL printed cards: the card PDF is
rendered with pypdfium2, each card cut out along its printed square, then pasted into
a frame as a pupil would hold it (any of the four letters on top, turned a little,
tilted in perspective, fingers on its edges, some half hidden by a head, motion blur,
camera noise)."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import cv2
import numpy as np
import pypdfium2

from harcelement_kit.paper.cards import CARD, CARD_X, CARD_Y, print_cards

SCALE = 2.0  # pdfium scale: 144 dpi, a card of about 1 080 px


@functools.lru_cache(maxsize=2)
def card_images(count: int = 30) -> tuple[np.ndarray, ...]:
    """Card n (1-based) is element n - 1: the printed square as a grey image."""
    pdf = pypdfium2.PdfDocument(print_cards(count))
    px = SCALE * 72 / 25.4
    x0, y0, side = round(CARD_X * px), round(CARD_Y * px), round(CARD * px)
    cards = []
    for page in pdf:
        image = np.asarray(page.render(scale=SCALE, grayscale=True).to_pil())
        cards.append(image[y0 + 3 : y0 + side - 3, x0 + 3 : x0 + side - 3].copy())  # inside the dashed cut line
    return tuple(cards)


@dataclass
class Placed:
    number: int
    option: int  # the letter held on top (0 = A)
    width: float  # share of the frame's width
    hidden: bool  # part of the marker covered: may be unreadable, never wrong
    quad: np.ndarray  # the card's printed corners in the frame


def classroom(rng: np.random.Generator, size=(1280, 720)) -> np.ndarray:
    """A cluttered grey-level room: a light gradient, desks, bodies, posters."""
    w, h = size
    ramp = np.linspace(rng.uniform(90, 170), rng.uniform(90, 200), w, dtype=np.float32)
    frame = np.tile(ramp, (h, 1))
    frame += np.linspace(-20, 20, h, dtype=np.float32)[:, None]
    for _ in range(40):
        x, y = int(rng.integers(0, w)), int(rng.integers(0, h))
        rw, rh = int(rng.integers(20, 300)), int(rng.integers(10, 200))
        cv2.rectangle(frame, (x, y), (x + rw, y + rh), float(rng.uniform(20, 235)), -1)
    for _ in range(25):
        center = (int(rng.integers(0, w)), int(rng.integers(0, h)))
        axes = (int(rng.integers(15, 60)), int(rng.integers(20, 80)))
        cv2.ellipse(frame, center, axes, 0, 0, 360, float(rng.uniform(20, 120)), -1)
    frame = np.clip(frame, 0, 255).astype(np.uint8)  # putText draws on 8-bit images only
    for _ in range(8):  # writing on the board and posters
        cv2.putText(
            frame,
            "HARCELEMENT 3018",
            (int(rng.integers(0, w)), int(rng.integers(0, h))),
            cv2.FONT_HERSHEY_SIMPLEX,
            rng.uniform(0.5, 1.5),
            int(rng.integers(0, 80)),
            2,
        )
    return frame.astype(np.float32)


def _quad(center, side: float, angle: float, tilt: float, far: int) -> np.ndarray:
    """The card's printed corners (TL, TR, BR, BL) in the frame: its edge `far` turned
    away from the camera by `tilt` (0..1: foreshortened, that edge shorter), then the
    whole card turned by `angle` degrees clockwise."""
    half = side / 2
    square = np.array([[-half, -half], [half, -half], [half, half], [-half, half]], np.float32)
    normal = (square[far] + square[(far + 1) % 4]) / 2
    normal /= np.linalg.norm(normal)
    along = square @ normal
    square -= np.outer(along, normal) * 0.5 * tilt  # foreshortened towards the far edge
    for i in (far, (far + 1) % 4):  # the far edge looks shorter
        tangent = square[i] - normal * (square[i] @ normal)
        square[i] -= tangent * 0.35 * tilt
    a = math.radians(angle)
    turn = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]], np.float32)
    return square @ turn.T + np.asarray(center, np.float32)


def marker_quad(quad: np.ndarray) -> np.ndarray:
    """The marker inside a card's quad (bilinear: close enough to check occlusion)."""
    from harcelement_kit.paper.cards import MARKER

    inset = (CARD - MARKER) / 2 / CARD
    tl, tr, br, bl = quad

    def at(u, v):
        return (tl * (1 - u) + tr * u) * (1 - v) + (bl * (1 - u) + br * u) * v

    return np.array([at(inset, inset), at(1 - inset, inset), at(1 - inset, 1 - inset), at(inset, 1 - inset)])


def paste(frame: np.ndarray, card: np.ndarray, quad: np.ndarray, blur: int, angle: float) -> None:
    """Warp `card` onto `quad` of `frame` (in place), with a motion blur of `blur` px."""
    h, w = card.shape
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    x0, y0 = np.floor(quad.min(axis=0)).astype(int) - blur - 2
    x1, y1 = np.ceil(quad.max(axis=0)).astype(int) + blur + 2
    fh, fw = frame.shape
    x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, fw), min(y1, fh)
    local = quad - np.array([x0, y0], np.float32)
    m = cv2.getPerspectiveTransform(src, local)
    size = (x1 - x0, y1 - y0)
    warped = cv2.warpPerspective(card.astype(np.float32), m, size, flags=cv2.INTER_AREA)
    mask = cv2.warpPerspective(np.ones_like(card, np.float32), m, size, flags=cv2.INTER_LINEAR)
    roi = frame[y0:y1, x0:x1]
    roi[:] = roi * (1 - mask) + warped * mask * 0.92  # paper a little darker than pure white
    if blur > 1:
        kernel = np.zeros((blur, blur), np.float32)
        c = (blur - 1) / 2
        dx, dy = math.cos(math.radians(angle)) * c, math.sin(math.radians(angle)) * c
        cv2.line(kernel, (round(c - dx), round(c - dy)), (round(c + dx), round(c + dy)), 1.0, 1)
        roi[:] = cv2.filter2D(roi, -1, kernel / kernel.sum())


def fingers(covers, quad, rng) -> None:
    """Two thumbs on the card's edges, over the white margin (the letters may be hidden)."""
    center = quad.mean(axis=0)
    for i in rng.choice(4, size=2, replace=False):
        a, b = quad[i], quad[(i + 1) % 4]
        point = a + (b - a) * rng.uniform(0.3, 0.7)
        point = point + (center - point) * 0.03
        side = np.linalg.norm(b - a)
        cv2.circle(covers, (int(point[0]), int(point[1])), max(2, int(side * 0.045)), 255, -1)


def head(covers, quad, rng) -> None:
    """A head in the row in front: a blob over a third to half of the card."""
    center = quad.mean(axis=0)
    side = np.linalg.norm(quad[1] - quad[0])
    offset = rng.uniform(0.3, 0.5) * side
    angle = rng.uniform(0, 2 * math.pi)
    c = center + offset * np.array([math.cos(angle), math.sin(angle)])
    r = int(side * rng.uniform(0.3, 0.45))
    cv2.ellipse(covers, (int(c[0]), int(c[1])), (r, int(r * 1.2)), 0, 0, 360, 255, -1)


def frame_with_cards(
    seed: int,
    count: int = 30,
    size=(1280, 720),
    options: list[int] | None = None,
    hide_share: float = 0.1,
    max_turn: float = 25.0,
    blur_share: float = 0.06,
):
    """One frame: `count` cards (numbers 1..count) at random places, 4–20 % of the
    frame's width (more small ones: the back of the room), turned by up to
    `max_turn`°, tilted, blurred; the letter on top from `options` or at random.
    The frame (BGR) and the placed cards."""
    rng = np.random.default_rng(seed)
    cards = card_images(max(count, 30))
    frame = classroom(rng, size)
    w, h = size
    placed, boxes, quads = [], [], []
    covers = np.zeros((h, w), np.uint8)  # fingers and heads, drawn over the cards at the end
    numbers = rng.permutation(count) + 1
    widths = sorted((0.04 + 0.16 * rng.random() ** 3 for _ in range(count)), reverse=True)
    for number, share in zip(numbers, widths):
        option = int(options[number - 1]) if options is not None else int(rng.integers(0, 4))
        # B on top: the card turned a quarter counterclockwise; D: clockwise
        angle = {0: 0, 1: -90, 2: 180, 3: 90}[option] + rng.uniform(-max_turn, max_turn)
        tilt, far = rng.uniform(0, 0.4), int(rng.integers(0, 4))
        for attempt in range(3000):
            side = max(0.04, share * 0.95 ** (attempt // 100)) * w
            center = (rng.uniform(0, w), rng.uniform(0, h))
            quad = _quad(center, side, angle, tilt, far)
            box = (*(quad.min(axis=0) - 3), *(quad.max(axis=0) + 3))
            inside = box[0] > 0 and box[1] > 0 and box[2] < w and box[3] < h
            if inside and all(box[2] < b[0] or box[0] > b[2] or box[3] < b[1] or box[1] > b[3] for b in boxes):
                break
        else:
            raise RuntimeError(f"no room left for card {len(boxes) + 1}")
        boxes.append(box)
        quads.append(quad)
        # motion blur: a hand moving at the same speed blurs a near (large) card over
        # more pixels than a far (small) one: up to 6 % of the card's side, 3 px at 4 %
        blur = int(rng.integers(1, max(1, round(blur_share * side)) + 1))
        paste(frame, cards[number - 1], quad, blur, rng.uniform(0, 180))
        fingers(covers, quad, rng)
        placed.append(Placed(int(number), option, side / w, False, quad))
    for quad in quads:
        if rng.random() < hide_share:
            head(covers, quad, rng)
    frame[covers > 0] = 150.0
    for card, quad in zip(placed, quads):  # hidden: any of its marker under a finger or a head
        marker = np.zeros((h, w), np.uint8)
        cv2.fillConvexPoly(marker, marker_quad(quad).astype(np.int32), 255)
        card.hidden = bool(np.any((marker > 0) & (covers > 0)))
    frame += rng.normal(0, 4, frame.shape).astype(np.float32)  # sensor noise
    frame = np.clip(frame, 0, 255).astype(np.uint8)
    return cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR), placed


def classroom_video(
    path,
    seed: int,
    first: list[int],
    second: list[int],
    size=(1280, 720),
    fps: int = 10,
    hold: int = 40,
    turn: int = 10,
    hold_after: int = 30,
) -> None:
    """An MJPG .avi of len(first) pupils in rows holding cards (card n held by
    pupil n - 1, 5–7.5 % of the width, still but for a little shake): `hold` frames showing the
    letters `first`, then each card turns to its letter in `second` during `turn`
    frames (a card mid-turn shows no clear letter), then `hold_after` frames."""
    rng = np.random.default_rng(seed)
    w, h = size
    count = len(first)
    cards = card_images(max(count, 30))
    background = classroom(rng, size)
    # pupils in rows, as the laptop at the front sees them: farther rows higher and smaller
    columns, rows = 6, -(-count // 6)
    places = []
    for number in range(1, count + 1):
        row, column = divmod(number - 1, columns)
        slot_w, slot_h = w / columns, h / rows
        side = min(slot_w, slot_h) / 1.5 * (0.7 + 0.3 * row / max(rows - 1, 1))
        room = np.array([slot_w, slot_h]) / 2 - side * 0.75
        center = np.array([(column + 0.5) * slot_w, (row + 0.5) * slot_h]) + rng.uniform(-1, 1, 2) * np.maximum(room, 0)
        places.append(
            dict(
                center=center,
                side=side,
                lean=rng.uniform(-15, 15),
                tilt=rng.uniform(0, 0.3),
                far=int(rng.integers(0, 4)),
                start=int(rng.integers(0, max(1, turn - 4))),
            )
        )
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, size)
    held = {0: 0, 1: -90, 2: 180, 3: 90}
    try:
        for f in range(hold + turn + hold_after):
            frame = background.copy()
            for number, place in enumerate(places, start=1):
                a1, a2 = held[first[number - 1]], held[second[number - 1]]
                a2 = a1 + (a2 - a1 + 180) % 360 - 180  # the shorter way round
                progress = np.clip((f - hold - place["start"]) / 4, 0, 1)
                angle = a1 + (a2 - a1) * progress + place["lean"] + rng.uniform(-2, 2)
                center = place["center"] + rng.uniform(-2, 2, size=2)
                quad = _quad(center, place["side"], angle, place["tilt"], place["far"])
                paste(frame, cards[number - 1], quad, int(rng.integers(1, 3)), rng.uniform(0, 180))
            frame += rng.normal(0, 3, frame.shape).astype(np.float32)
            writer.write(cv2.cvtColor(np.clip(frame, 0, 255).astype(np.uint8), cv2.COLOR_GRAY2BGR))
    finally:
        writer.release()
