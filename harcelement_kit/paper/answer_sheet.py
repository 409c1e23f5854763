"""Anonymous answer sheets (« fiches-réponses »): four ArUco corner markers, a QR
code naming the module, its layout and a hash of its questions, then numbered
questions with boxes to tick. No name field, no serial number: every copy of a
module's sheet is identical, so no sheet can ever be tied to a pupil.

`sheet_layout` is the one place where box positions are computed; the printer
draws from it and the reader (`reading/sheets.py`) measures from it, so the two
cannot disagree. Positions depend only on the module's content (hashed in the QR
code), never on font metrics.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import math
from dataclasses import dataclass, replace

from harcelement_kit.content.choices import choices
from harcelement_kit.paper.qr import draw_qr
from harcelement_kit.paper.sheet import FONT, PaperError, Sheet

__all__ = [
    "LAYOUT_VERSION",
    "MARKER_DICTIONARY",
    "PAYLOAD_PREFIX",
    "Box",
    "Question",
    "Header",
    "Layout",
    "Region",
    "REGIONS",
    "sheet_layout",
    "sheet_payload",
    "print_answer_sheets",
    "parse_payload",
    "region_of_marker",
    "QR_BOX",
    "MOMENTS",
    "MOMENT_BANNERS",
]

LAYOUT_VERSION = 1
PAYLOAD_PREFIX = "HKF"  # « harcelement-kit fiche » then the layout version
MARKER_DICTIONARY = "DICT_4X4_50"  # large cells: read from a 150 dpi scan or a phone photo
PASSATION_SUFFIX = ".passation"  # the same key as tally.bilan.PASSATION_SUFFIX
A4_W, A4_H = 210.0, 297.0
MARKER = 10.0  # marker side, mm
MARKER_INSET = 7.0  # from the region's edge to the marker (printers' margins)
QR_SIZE = 21.0
# Before / after (issue 17): a sheet printed for one moment says so in its QR code (a fifth
# word, absent from sheets printed without a moment, which read as before) and in its title,
# so the animateur hands out the right pile. Its questions: the paired items (avant, après)
# or the retrospective ones; a retrospective item always counts under « rétrospectif ».
MOMENTS = {"avant": "A", "apres": "P", "retrospectif": "R"}
MOMENT_BANNERS = {
    "avant": "AVANT l'atelier",
    "apres": "APRÈS l'atelier",
    "retrospectif": "À LA FIN de l'atelier (rétrospectif)",
}
QR_BOX = (A4_W - MARKER_INSET - MARKER - 3 - QR_SIZE, 3.5, QR_SIZE)  # x, y, side (mm): same on every layout


@dataclass(frozen=True)
class Region:
    """Where a sheet sits on the A4 page: top half, bottom half or the whole page.
    Each region has its own marker ids, so the reader knows the region's size
    from the markers alone, before the QR code is read."""

    slot: int
    top: float  # mm from the page's top
    height: float

    @property
    def marker_ids(self) -> tuple[int, int, int, int]:
        """Top-left, top-right, bottom-right, bottom-left."""
        return tuple(4 * self.slot + c for c in range(4))

    def markers(self) -> list[tuple[int, float, float]]:
        """(id, x, y) of each marker's top-left corner, mm from the region's origin."""
        far_x, far_y = A4_W - MARKER_INSET - MARKER, self.height - MARKER_INSET - MARKER
        spots = [(MARKER_INSET, MARKER_INSET), (far_x, MARKER_INSET), (far_x, far_y), (MARKER_INSET, far_y)]
        return [(i, x, y) for i, (x, y) in zip(self.marker_ids, spots)]

    def marker_corners(self) -> dict[int, list[tuple[float, float]]]:
        """Each marker's four corners in ArUco's order (clockwise from its top-left), mm."""
        return {i: [(x, y), (x + MARKER, y), (x + MARKER, y + MARKER), (x, y + MARKER)] for i, x, y in self.markers()}


REGIONS = (Region(0, 0.0, A4_H / 2), Region(1, A4_H / 2, A4_H / 2), Region(2, 0.0, A4_H))


def region_of_marker(marker_id: int) -> Region | None:
    return next((r for r in REGIONS if marker_id in r.marker_ids), None)


@dataclass(frozen=True)
class Box:
    x: float  # top-left corner, mm from the region's origin
    y: float
    side: float
    option: int
    letter: str


@dataclass(frozen=True)
class Question:
    """One numbered line: its boxes count under (module, activity, item, option)."""

    number: int
    activity: str
    item: int
    label: str
    options: tuple[str, ...]
    boxes: tuple[Box, ...]
    sensitive: bool
    multiple: bool  # a QCM with several right answers: several boxes may be ticked
    named: bool  # the option names stand above the box columns (no letters beside the boxes)
    x: float  # the line's frame, mm
    y: float
    width: float
    height: float
    moment: str = ""  # avant, apres, retrospectif: what its boxes count under; "" an ordinary count
    # Below the line, each option's letter and text (text, y, height, mm): a before/after sheet
    # is handed out before anything is projected, so it must say what A, B and C are.
    listing: tuple[tuple[str, float, float], ...] = ()


@dataclass(frozen=True)
class Header:
    """A section's title line: the activity, its legend, and the names above the box columns."""

    text: str
    x: float
    y: float
    width: float
    height: float
    columns: tuple[tuple[str, float, float], ...]  # (name, x, width) above each box column


@dataclass(frozen=True)
class Layout:
    module_id: str
    title: str
    large: bool
    region_kind: str  # "demi" (two sheets on one A4) or "page"
    height: float  # the region's height, mm (its width is the A4's)
    questions: tuple[Question, ...]
    headers: tuple[Header, ...]
    digest: str
    moment: str = ""  # the sheet's moment (avant, apres, retrospectif), "" for the whole module

    @property
    def payload(self) -> str:
        return sheet_payload(self.module_id, self.large, self.digest, self.moment)

    @property
    def regions(self) -> tuple[Region, ...]:
        return REGIONS[:2] if self.region_kind == "demi" else REGIONS[2:]

    @property
    def qr_box(self) -> tuple[float, float, float]:
        """x, y, side of the QR code, mm: left of the top-right marker."""
        return QR_BOX


@dataclass(frozen=True)
class _Section:
    activity: str
    title: str
    legend: str  # « A = mot · B = mot » for lettered boxes with long names
    named: bool  # option names printed above the box columns
    options: tuple[str, ...]
    items: tuple[tuple[int, str], ...]  # (item index, label)
    sensitive: bool
    multiple: bool
    moment: str = ""
    listed: bool = False  # each option's text printed below its line (before/after QCM)


def _letters(n: int) -> tuple[str, ...]:
    return tuple(chr(ord("A") + i) for i in range(n))


def _in_moment(activity, moment: str) -> bool:
    """Whether a sheet printed for `moment` asks `activity`: avant, the paired items;
    après, the paired items and the retrospective ones (asked at the end); rétrospectif,
    those alone; no moment, everything."""
    paired = bool(getattr(activity, "avant_apres", False))
    retro = bool(getattr(activity, "retrospectif", False))
    return {"": True, "avant": paired, "apres": paired or retro, "retrospectif": retro}[moment]


def _sections(module, moment: str = "") -> list[_Section]:
    """Every countable question of `module`, grouped as on the sheet. The harcèlomètre's
    self-assessment (passation) replaces its sorting game: a sheet is filled alone."""
    sections = []
    for a in module.activites:
        if not _in_moment(a, moment):
            continue
        sensitive = bool(getattr(a, "sensible", False)) or bool(getattr(a, "retrospectif", False))
        if a.kind == "echelle" and a.passation:
            sections.append(
                _Section(
                    a.id + PASSATION_SUFFIX,
                    f"{a.heading} — {a.passation.question}",
                    "",
                    True,
                    tuple(a.passation.reponses),
                    tuple((i, it.texte) for i, it in enumerate(a.items)),
                    True,
                    False,
                )
            )
            continue
        found = choices(a)
        if not found:
            continue
        options = found[0].options
        if a.kind == "qcm":
            sections.append(_Section(a.id, "", "", False, options, ((0, a.question),), sensitive, bool(a.plusieurs)))
        elif a.kind == "tri":
            sections.append(
                _Section(a.id, a.heading, "", True, options, tuple((c.item, c.prompt) for c in found), sensitive, False)
            )
        else:  # a fill-in's blanks, a scale's behaviours: lettered boxes and their legend
            legend = " · ".join(f"{letter} = {name}" for letter, name in zip(_letters(len(options)), options))
            label = (lambda c: f"Trou {c.item + 1}") if a.kind == "texte_a_trous" else (lambda c: c.prompt)
            sections.append(
                _Section(
                    a.id, a.heading, legend, False, options, tuple((c.item, label(c)) for c in found), sensitive, False
                )
            )
    retro = {a.id for a in module.activites if getattr(a, "retrospectif", False)}
    qcms = {a.id for a in module.activites if a.kind == "qcm"}
    # a sheet of a moment asks a few questions: there is room to print what each box means
    return [
        replace(s, moment="retrospectif" if s.activity in retro else moment, listed=bool(moment) and s.activity in qcms)
        for s in sections
    ]


def _digest(module, sections: list[_Section], large: bool, moment: str = "") -> str:
    """A hash of everything the sheet asks: a sheet printed before the module was
    edited no longer matches, and is listed instead of counted wrongly. The moment joins
    the hash only when there is one: a sheet printed without it keeps its hash. A sheet that
    lists its options below the lines (its boxes lower down) has a hash of its own: a pile
    printed before the listing is listed for a person, never read at the wrong places."""
    data = (
        [
            LAYOUT_VERSION,
            module.id,
            large,
            [
                [s.activity, s.title, s.legend, list(s.options), [list(i) for i in s.items], s.multiple]
                for s in sections
            ],
        ]
        + ([moment] if moment else [])
        + (["options listées"] if any(s.listed for s in sections) else [])
    )
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()[:12]


def sheet_payload(module_id: str, large: bool, digest: str, moment: str = "") -> str:
    tail = f" {MOMENTS[moment]}" if moment else ""
    return f"{PAYLOAD_PREFIX}{LAYOUT_VERSION} {module_id} {'G' if large else 'N'} {digest}{tail}"


def parse_payload(text: str) -> tuple[int, str, bool, str, str] | None:
    """(layout version, module id, large, digest, moment) from a QR code's text, None if it
    is not ours. A sheet printed without a moment (four words) has the moment ""."""
    parts = text.split()
    letters = {v: k for k, v in MOMENTS.items()}
    if (
        len(parts) not in (4, 5)
        or not parts[0].startswith(PAYLOAD_PREFIX)
        or parts[2] not in ("N", "G")
        or (len(parts) == 5 and parts[4] not in letters)
    ):
        return None
    try:
        version = int(parts[0][len(PAYLOAD_PREFIX) :])
    except ValueError:
        return None
    return version, parts[1], parts[2] == "G", parts[3], letters[parts[4]] if len(parts) == 5 else ""


@dataclass(frozen=True)
class _Metrics:
    row: float  # height of a question line
    box: float  # side of a box
    letter_slot: float  # width of a lettered box and its letter
    named_slot: float  # width of a box column under a name
    number: float  # width of the question number
    min_label: float  # narrowest label a line may have
    top: float  # where the questions start, below the title, the QR code and the instructions


# 6 mm lines: the harcèlomètre's 16 behaviours fit half an A4, two pupils per sheet of paper
_NORMAL = _Metrics(row=6.0, box=4.2, letter_slot=10.0, named_slot=15.0, number=7.0, min_label=30.0, top=25.0)
_LARGE = _Metrics(row=12.0, box=7.0, letter_slot=15.0, named_slot=21.0, number=11.0, min_label=50.0, top=38.0)
_BOTTOM_BAND, _LEFT, _RIGHT = 19.0, 9.0, A4_W - 9.0
_GAP = 6.0  # between two columns


def _legend_lines(legend: str, width: float, large: bool) -> int:
    """Lines a legend takes, from its length only (never from font metrics)."""
    per_line = width / (2.3 if large else 1.7)
    return max(1, math.ceil(len(legend) / per_line))


_LISTING_INDENT = 4.0  # mm after the question number: the option's letter, then its text
_LISTING_TEXT = 0.85  # from the letter to the text, in lines (room for a bold letter in large print)


def _listing(s, m: _Metrics, x: float, y: float, width: float, large: bool):
    """Each option of a listed line as (text, y, height) from `y` on, and the height taken;
    its letter is the option's (A, B, C), printed left of the text."""
    lines, top = [], y
    for option in s.options:
        h = m.row * 0.75 * _legend_lines(option, width - m.number - _LISTING_INDENT - _LISTING_TEXT * m.row, large)
        lines.append((option, y, h))
        y += h
    return tuple(lines), y - top + (m.row * 0.35 if lines else 0.0)


def _try_layout(sections, m: _Metrics, height: float, columns: int, large: bool):
    width = (_RIGHT - _LEFT - _GAP * (columns - 1)) / columns
    bottom = height - _BOTTOM_BAND
    column, y = 0, m.top
    questions, headers = [], []
    number = 1

    def column_x(c: int) -> float:
        return _LEFT + c * (width + _GAP)

    def next_column() -> bool:
        nonlocal column, y
        column, y = column + 1, m.top
        return column < columns

    for s in sections:
        slot = m.named_slot if s.named else m.letter_slot
        boxes_w = slot * len(s.options)
        if width - m.number - boxes_w < m.min_label:
            return None
        if s.named:
            header_h = m.row * 1.35
        elif s.legend:
            header_h = m.row * (0.2 + 0.8 * _legend_lines(f"{s.title} : {s.legend}", width, large))
        else:
            header_h = 0.0

        # called within this iteration only: the section's values are bound explicitly
        def put_header(s=s, slot=slot, boxes_w=boxes_w, header_h=header_h) -> None:
            nonlocal y
            if not header_h:
                return
            x = column_x(column)
            cols = (
                tuple((name, x + width - boxes_w + k * slot, slot) for k, name in enumerate(s.options))
                if s.named
                else ()
            )
            text = s.title if s.named else f"{s.title} : {s.legend}"
            headers.append(Header(text, x, y, width, header_h, cols))
            y += header_h

        if y + header_h + m.row > bottom and not next_column():
            return None
        put_header()
        for item, label in s.items:
            listing, below = _listing(s, m, 0, 0, width, large) if s.listed else ((), 0.0)
            if y + m.row + below > bottom:
                if not next_column():
                    return None
                put_header()
            x = column_x(column)
            first = x + width - boxes_w
            boxes = tuple(
                Box(
                    first + k * slot + (slot - m.box) / 2 + (0 if s.named else 1.2),
                    y + (m.row - m.box) / 2,
                    m.box,
                    k,
                    letter,
                )
                for k, letter in enumerate(_letters(len(s.options)))
            )
            if s.listed:
                listing, below = _listing(s, m, x, y + m.row, width, large)
            questions.append(
                Question(
                    number,
                    s.activity,
                    item,
                    label,
                    tuple(s.options),
                    boxes,
                    s.sensitive,
                    s.multiple,
                    s.named,
                    x,
                    y,
                    width,
                    m.row,
                    s.moment,
                    listing,
                )
            )
            number += 1
            y += m.row + below
        y += m.row * 0.35 if header_h else 0.0  # air after a section with a title
    return tuple(questions), tuple(headers)


def sheet_layout(module, large: bool = False, moment: str = "") -> Layout:
    """The answer sheet of `module`: half an A4 when it fits (two pupils per sheet of
    paper), else a whole page; one column, else two. PaperError when nothing fits.
    `moment` (avant, apres, retrospectif): the sheet of that moment's questions only."""
    if moment and moment not in MOMENTS:
        raise PaperError(f"moment « {moment} » inconnu : avant, apres ou retrospectif")
    sections = _sections(module, moment)
    if not sections and moment:
        # the words of the animateur, not the YAML keys (« avant_apres: true »)
        what = (
            "d'auto-évaluation de fin (« avant, je savais… / maintenant je sais… »)"
            if moment == "retrospectif"
            else "posée avant et après l'atelier"
        )
        raise PaperError(f"le module « {module.id} » n'a aucune question {what} : pas de fiche-réponses « {moment} »")
    if not sections:
        raise PaperError(f"le module « {module.id} » n'a aucune question à cocher : pas de fiche-réponses")
    m = _LARGE if large else _NORMAL
    digest = _digest(module, sections, large, moment)
    for kind, height in (("demi", A4_H / 2), ("page", A4_H)):
        for columns in (1, 2):
            placed = _try_layout(sections, m, height, columns, large)
            if placed:
                return Layout(module.id, module.titre, large, kind, height, placed[0], placed[1], digest, moment)
    raise PaperError(f"le module « {module.id} » a trop de questions pour une fiche-réponses d'une page")


# -- printing ---------------------------------------------------------------------------


class _AnswerPdf(Sheet):
    def footer(self) -> None:  # the sheet's own bands hold everything; no page number
        pass


def _aruco_matrix(marker_id: int):
    import cv2

    dictionary = cv2.aruco.getPredefinedDictionary(getattr(cv2.aruco, MARKER_DICTIONARY))
    bits = dictionary.markerSize + 2
    return cv2.aruco.generateImageMarker(dictionary, marker_id, bits) < 128


def _draw_marker(pdf: Sheet, marker_id: int, x: float, y: float) -> None:
    """An ArUco marker as vector squares (sharp on any printer), its white margin kept clear."""
    dark = _aruco_matrix(marker_id)
    cell = MARKER / len(dark)
    pdf.set_fill_color(0, 0, 0)
    for r, line in enumerate(dark):
        for c, is_dark in enumerate(line):
            if is_dark:
                pdf.rect(x + c * cell, y + r * cell, cell, cell, style="F")


def _fit_text(
    pdf: Sheet, text: str, x: float, y: float, w: float, h: float, size: float, bold: bool = False, align: str = "L"
) -> None:
    """`text` in the frame, its size shrunk (then cut with « … ») until it fits."""
    from fpdf.enums import XPos, YPos

    style = "B" if bold else ""
    for s in (size, size * 0.9, size * 0.8, size * 0.72):
        pdf.set_font(FONT, style, s)
        lines = pdf.multi_cell(w, s * 0.42, text, dry_run=True, output="LINES")
        if len(lines) * s * 0.42 <= h:
            break
    else:
        max_lines = max(1, int(h // (s * 0.42)))
        kept = lines[:max_lines]
        kept[-1] = kept[-1].rstrip()[:-2] + "…"
        text = " ".join(kept)
        lines = kept
    top = y + (h - len(lines) * s * 0.42) / 2
    pdf.set_xy(x, top)
    pdf.multi_cell(w, s * 0.42, text, align=align, new_x=XPos.LEFT, new_y=YPos.NEXT)


def _draw_sheet(pdf: Sheet, layout: Layout, region: Region) -> None:
    large = layout.large
    body = 14.0 if large else 8.5
    oy = region.top
    for marker_id, x, y in region.markers():
        _draw_marker(pdf, marker_id, x, oy + y)
    qx, qy, qs = layout.qr_box
    draw_qr(pdf, layout.payload, qx, oy + qy, qs)
    left = MARKER_INSET + MARKER + 3
    title = f"{MOMENT_BANNERS[layout.moment]} — {layout.title}" if layout.moment else layout.title
    _fit_text(pdf, title, left, oy + 4.5, qx - left - 3, 7, body + 4, bold=True)
    _fit_text(
        pdf, "Fiche-réponses anonyme : n'écris pas ton nom.", left, oy + 11.5, qx - left - 3, 4.5, body, bold=True
    )
    listed = any(q.listing for q in layout.questions)
    # the class screen numbers a question's options 1, 2, 3: say that they are A, B, C here
    _fit_text(
        pdf,
        (
            "Coche une seule case par question, au stylo (à l'écran : 1 = A, 2 = B, 3 = C). "
            if listed
            else "Une seule case par ligne, au stylo. "
        )
        + "Pour corriger : noircis toute la case, puis coche la bonne.",
        left,
        oy + 16,
        qx - left - 3,
        (_LARGE if large else _NORMAL).top - 17,
        body - 0.5,
    )
    pdf.set_draw_color(0, 0, 0)
    for h in layout.headers:
        names_w = sum(w for _, _, w in h.columns)
        _fit_text(pdf, h.text, h.x, oy + h.y, h.width - names_w - 1, h.height, body, bold=True)
        for name, x, w in h.columns:
            _fit_text(pdf, name, x, oy + h.y, w, h.height, body - 1.5, align="C")
    for q in layout.questions:
        number_w = (_LARGE if large else _NORMAL).number
        first = min(b.x for b in q.boxes) - (0 if q.named else 4)
        _fit_text(pdf, f"{q.number}.", q.x, oy + q.y, number_w, q.height, body, bold=True)
        _fit_text(
            pdf, q.label, q.x + number_w, oy + q.y, first - q.x - number_w - 2, q.height, body, bold=bool(q.listing)
        )
        for letter, (text, y, h) in zip(_letters(len(q.listing)), q.listing):
            left_x, gap = q.x + number_w + _LISTING_INDENT, _LISTING_TEXT * q.height
            _fit_text(pdf, letter, left_x, oy + y, gap, min(h, q.height * 0.75), body, bold=True)
            _fit_text(pdf, text, left_x + gap, oy + y, q.width - number_w - _LISTING_INDENT - gap, h, body)
        pdf.set_line_width(0.35)
        for b in q.boxes:
            pdf.rect(b.x, oy + b.y, b.side, b.side)
            if not q.named:
                pdf.set_font(FONT, "B", body - 1)
                pdf.set_xy(b.x - 3.6, oy + b.y)
                pdf.cell(3.2, b.side, b.letter, align="R")
        if q.listing:  # a light rule closes each question and its options
            end = q.listing[-1][1] + q.listing[-1][2] + 1.0
            pdf.set_draw_color(190, 190, 190)
            pdf.set_line_width(0.15)
            pdf.line(q.x, oy + end, q.x + q.width, oy + end)
            pdf.set_draw_color(0, 0, 0)
        elif q.number % 2 == 0:  # a light rule every other line guides the eye along the row
            pdf.set_draw_color(190, 190, 190)
            pdf.set_line_width(0.15)
            pdf.line(q.x, oy + q.y + q.height, q.x + q.width, oy + q.y + q.height)
            pdf.set_draw_color(0, 0, 0)
    band = oy + region.height - _BOTTOM_BAND + 2
    _fit_text(
        pdf,
        "Personne ne saura ce que tu as répondu : seul le nombre de réponses est compté. "
        "Besoin d'aide ? Parles-en à un adulte de confiance ou appelle le 3018 (gratuit, anonyme).",
        left,
        band,
        A4_W - 2 * left,
        9,
        body - 1,
    )


def print_answer_sheets(
    modules: list, *, copies: int = 1, large: bool = False, created: datetime.datetime | None = None, moment: str = ""
) -> bytes:
    """One PDF: for each module, `copies` answer sheets (two per A4 when they fit);
    with `moment`, the sheets of that moment (its name in the title and the QR code)."""
    pdf = _AnswerPdf(11 if large else 8.5, "", created)
    titles = " — ".join(m.titre for m in modules)
    when = {"avant": " — avant", "apres": " — après", "retrospectif": " — rétrospectif"}.get(moment, "")
    pdf.describe(
        f"Fiches-réponses — {titles}{when}",
        "Fiches-réponses anonymes à cocher, lues ensuite par « harcelement-kit lire »",
    )
    pdf.set_auto_page_break(False)
    for module in modules:
        layout = sheet_layout(module, large, moment)
        regions = layout.regions
        for n in range(copies):
            region = regions[n % len(regions)]
            if region.slot != 1:
                pdf.add_page()
            _draw_sheet(pdf, layout, region)
            if region.slot == 0:
                _cut_line(pdf)
    return pdf.output_checked()


def _cut_line(pdf: Sheet) -> None:
    """Where to cut the page in two (each half is a whole sheet with its own markers)."""
    y = A4_H / 2
    pdf.set_draw_color(150, 150, 150)
    pdf.set_dash_pattern(dash=2, gap=1.5)
    pdf.set_line_width(0.2)
    pdf.line(20, y, A4_W - 4, y)
    pdf.set_dash_pattern()
    pdf.set_draw_color(0, 0, 0)
    pdf.scissors(9, y - 2.5, 5)
