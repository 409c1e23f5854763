"""Reading one image of answer sheets: ArUco markers → homography (its residual
checked) → QR code (module, layout, hash) → darkness of every box, measured
against the paper around it and against the sheet's own blank boxes → answers.
A question in doubt is never guessed: it comes back as a Doubt for a person.

Everything here lives in memory only; the caller keeps counts, never a sheet."""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from harcelement_kit.paper.answer_sheet import (
    A4_W,
    LAYOUT_VERSION,
    MARKER_DICTIONARY,
    QR_BOX,
    REGIONS,
    Layout,
    Question,
    Region,
    parse_payload,
    sheet_layout,
)
from harcelement_kit.paper.sheet import PaperError

__all__ = ["SheetRead", "Doubt", "ImageResult", "SheetReader", "PX_PER_MM", "Thresholds"]

PX_PER_MM = 8.0  # the corrected sheet: about 200 dpi
QR_PX_PER_MM = 14.0  # the QR code's square, warped finer
DETECT_LONG_SIDE = 1800  # markers are looked for on a reduced copy first (speed)
MAX_RESIDUAL_MM = 1.2  # beyond this, the markers do not agree: listed, not guessed
BOX_INSET_MM = 0.75  # the box's printed border stays out of the measure
LOCATE_REACH_MM = 2.5  # how far a line of boxes is looked for around its expected place
MAX_LINE_SHIFT_MM = 2.6  # beyond this a line could be taken for its neighbour (6 mm away)
BOX_REACH_MM = 1.6  # then each box around its line's place
LOCATE_MIN_SCORE = 0.35  # below this, the printed outlines are not clearly there
PAPER_KERNEL_MM = 8.0  # wider than a box (large print: 7 mm), narrower than a shadow


@dataclass(frozen=True)
class Thresholds:
    """Darkness of a box, as the share of its inside darker than the paper around it,
    above the sheet's own blank boxes. AMC counts a box ticked at about 15 % dark;
    `doubt` and `faint` catch what lies between blank and ticked."""

    dark: float = 0.55  # a pixel below this fraction of the paper's brightness is ink
    light: float = 0.80  # below this, a light mark (pencil pressed lightly, a rubbed-out tick)
    ticked: float = 0.09
    thin: float = 0.25  # a thin, light stroke: little ink below `dark`, much below `light`
    doubt: float = 0.03
    faint: float = 0.10
    filled: float = 0.60


@dataclass
class Doubt:
    """A question a person must decide: `candidates` are the options marked somehow;
    `crop` is the question's line as read (memory only, dropped once decided)."""

    sheet: int
    where: str
    question: Question
    reason: str
    candidates: tuple[int, ...]
    suggested: int | None
    crop: np.ndarray
    decision: tuple[int, ...] | None = None  # None: undecided, which counts as no answer

    @property
    def line(self) -> str:
        return f"feuille {self.sheet} ({self.where}), question {self.question.number} : {self.reason}"


@dataclass
class SheetRead:
    where: str
    layout: Layout
    answers: dict[int, tuple[int, ...]]  # question index in layout.questions -> options ticked
    doubts: list[Doubt] = field(default_factory=list)
    sheet: int = 0


@dataclass
class ImageResult:
    sheets: list[SheetRead]
    problems: list[str]  # French reasons, one per sheet or image that counted nothing


def _option_names(q: Question, options) -> str:
    names = [f"{q.boxes[o].letter}" + (f" « {q.options[o]} »" if q.named else "") for o in options]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " et " + names[-1]


class SheetReader:
    """Reads images against the modules of a library (layouts computed once per module)."""

    def __init__(self, modules: dict, allowed_modules: set[str] | None = None, thresholds: Thresholds = Thresholds()):
        self.modules = modules
        self.allowed = allowed_modules
        self.t = thresholds
        dictionary = cv2.aruco.getPredefinedDictionary(getattr(cv2.aruco, MARKER_DICTIONARY))
        params = cv2.aruco.DetectorParameters()
        params.cornerRefinementMethod = cv2.aruco.CORNER_REFINE_SUBPIX
        self.detector = cv2.aruco.ArucoDetector(dictionary, params)
        self.qr = cv2.QRCodeDetector()
        self._layouts: dict[tuple[str, bool, str], Layout | str] = {}
        self._box_templates: dict[float, np.ndarray] = {}

    # -- markers and perspective -------------------------------------------------------

    def _markers(self, gray: np.ndarray) -> dict[int, list[np.ndarray]]:
        scale = min(1.0, DETECT_LONG_SIDE / max(gray.shape))
        found: dict[int, list[np.ndarray]] = {}
        for s in [scale, 1.0] if scale < 1.0 else [1.0]:
            image = gray if s == 1.0 else cv2.resize(gray, None, fx=s, fy=s, interpolation=cv2.INTER_AREA)
            corners, ids, _ = self.detector.detectMarkers(image)
            found = {}
            for c, i in zip(corners, [] if ids is None else ids.flatten()):
                found.setdefault(int(i), []).append(c.reshape(4, 2) / s)
            complete = [r for r in REGIONS if all(i in found for i in r.marker_ids)]
            partial = [r for r in REGIONS if any(i in found for i in r.marker_ids)]
            if len(complete) == len(partial):  # nothing half-found: no need to look closer
                break
        return found

    @staticmethod
    def _fit(region: Region, corners: list[np.ndarray]) -> tuple[np.ndarray | None, float]:
        """Homography from the image to the region's millimetres, from the 16 marker
        corners, and its largest residual (mm)."""
        mm = region.marker_corners()
        src = np.array([p for c in corners for p in c], dtype=np.float64)
        dst = np.array([p for i in region.marker_ids for p in mm[i]], dtype=np.float64)
        h, _ = cv2.findHomography(src, dst, 0)
        if h is None:
            return None, float("inf")
        projected = cv2.perspectiveTransform(src.reshape(-1, 1, 2), h).reshape(-1, 2)
        return h, float(np.max(np.linalg.norm(projected - dst, axis=1)))

    def _homography(self, region: Region, found) -> tuple[np.ndarray | None, str]:
        """The one set of four markers that agree. A marker id seen twice (a stray
        pattern in the ink, or two sheets in one photo) is resolved by geometry: only
        one combination may fit, otherwise the sheet is listed, never guessed."""
        import itertools

        options = [found[i][:4] for i in region.marker_ids]
        fits = []
        for combo in itertools.islice(itertools.product(*options), 64):
            h, residual = self._fit(region, list(combo))
            if h is not None:
                fits.append((residual, h))
        good = [f for f in fits if f[0] <= MAX_RESIDUAL_MM]
        if len(good) > 1:
            return None, "plusieurs fiches au même endroit sur une image ; photographiez-les une par une"
        if good:
            return good[0][1], ""
        if not fits:
            return None, "repères alignés ou confondus : feuille illisible"
        residual = min(f[0] for f in fits)
        return None, (
            f"les quatre repères ne concordent pas (écart {residual:.1f} mm) : "
            "feuille pliée, froissée ou photographiée trop en biais"
        )

    # -- one image -------------------------------------------------------------------

    def read(self, gray: np.ndarray, label: str) -> ImageResult:
        found = self._markers(gray)
        sheets, problems = [], []
        if not found:
            return ImageResult(
                [], [f"{label} : aucun repère de fiche-réponses (page blanche, ou pas une fiche-réponses ?)"]
            )
        for region in REGIONS:
            present = [i for i in region.marker_ids if i in found]
            if not present:
                continue
            where = label + {0: ", haut", 1: ", bas", 2: ""}[region.slot]
            if len(present) < 4:
                problems.append(
                    f"{where} : {4 - len(present)} repère(s) de coin introuvable(s) "
                    "(coin coupé, plié ou hors de l'image ?)"
                )
                continue
            h, why = self._homography(region, found)
            if h is None:
                problems.append(f"{where} : {why}")
                continue
            result = self._read_sheet(gray, h, region, where)
            if isinstance(result, str):
                problems.append(f"{where} : {result}")
            else:
                sheets.append(result)
        return ImageResult(sheets, problems)

    def _warp(self, gray: np.ndarray, h: np.ndarray, region: Region) -> np.ndarray:
        scale = np.diag([PX_PER_MM, PX_PER_MM, 1.0])
        size = (int(A4_W * PX_PER_MM), int(region.height * PX_PER_MM))
        return cv2.warpPerspective(
            gray, scale @ h, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=255
        )

    def _payload(self, gray: np.ndarray, h: np.ndarray) -> str:
        """The QR code's text. Its square is warped straight from the source image at a
        finer scale than the sheet (a 150 dpi scan leaves about 4 pixels per module)."""
        x, y, side = QR_BOX
        margin, scale = 2.5, QR_PX_PER_MM
        shift = np.array([[scale, 0, -(x - margin) * scale], [0, scale, -(y - margin) * scale], [0, 0, 1]])
        size = int((side + 2 * margin) * scale)
        crop = cv2.warpPerspective(
            gray, shift @ h, (size, size), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_CONSTANT, borderValue=255
        )
        import zxingcpp

        # zxing-cpp reads blurred, JPEG-damaged codes that OpenCV's decoder gives up on
        found = zxingcpp.read_barcodes(crop, formats=zxingcpp.BarcodeFormat.QRCode)
        if found and found[0].text:
            return found[0].text
        for attempt in (
            crop,
            cv2.threshold(cv2.GaussianBlur(crop, (5, 5), 0), 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1],
        ):
            try:
                text, _, _ = self.qr.detectAndDecode(attempt)
            except cv2.error:
                text = ""
            if text:
                return text
        return ""

    def _layout(self, module_id: str, large: bool, moment: str = "") -> Layout | str:
        key = (module_id, large, moment)
        if key not in self._layouts:
            module = self.modules.get(module_id)
            if module is None:
                self._layouts[key] = f"fiche du module « {module_id} », inconnu sur cet ordinateur"
            else:
                try:
                    self._layouts[key] = sheet_layout(module, large, moment)
                except PaperError as exc:
                    self._layouts[key] = str(exc)
        return self._layouts[key]

    def _read_sheet(self, gray, h, region: Region, where: str) -> SheetRead | str:
        text = self._payload(gray, h)  # the same place on every layout: read it first
        if not text:
            return "code QR illisible (tache, pli ou image floue ?)"
        parsed = parse_payload(text)
        if parsed is None:
            return "ce code QR n'est pas celui d'une fiche-réponses du kit"
        version, module_id, large, digest, moment = parsed
        if version != LAYOUT_VERSION:
            return f"fiche d'une autre version du kit (mise en page {version}) : réimprimez-la"
        if self.allowed is not None and module_id not in self.allowed:
            return (
                f"fiche du module « {module_id} », qui n'est pas dans cette séance : rien compté "
                f"(pour l'y ajouter : lire --module {module_id})"
            )
        layout = self._layout(module_id, large, moment)
        if isinstance(layout, str):
            return layout + " : rien compté"
        if layout.digest != digest:
            return (
                f"fiche du module « {module_id} » imprimée avant une modification de ses questions : "
                "rien compté (réimprimez les fiches)"
            )
        if region not in layout.regions:
            return "mise en page inattendue pour ce module : rien compté"
        return self._answers(self._warp(gray, h, region), layout, where)

    # -- boxes -----------------------------------------------------------------------

    @staticmethod
    def _paper(sheet: np.ndarray) -> np.ndarray:
        """The paper's brightness under every pixel: a morphological closing wider than a
        box removes the ink, the boxes and the letters, and keeps the light as it falls
        (a phone's shadow, a copier's uneven lamp). Computed at half scale for speed."""
        small = cv2.resize(sheet, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
        side = int(PAPER_KERNEL_MM * PX_PER_MM / 2) | 1
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (side, side))
        paper = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)
        paper = cv2.resize(paper, (sheet.shape[1], sheet.shape[0]), interpolation=cv2.INTER_LINEAR)
        return np.maximum(paper, 40).astype(np.float32)

    @staticmethod
    def _row_template(q: Question) -> tuple[np.ndarray, float, float]:
        """The printed outlines of a question's boxes, as ink, and the template's origin (mm)."""
        pad = 0.6
        x0, y0 = q.boxes[0].x - pad, q.boxes[0].y - pad
        w = q.boxes[-1].x + q.boxes[-1].side + pad - x0
        h = q.boxes[0].side + 2 * pad
        template = np.zeros((int(round(h * PX_PER_MM)), int(round(w * PX_PER_MM))), np.float32)
        line = max(1, int(round(0.35 * PX_PER_MM)))
        for b in q.boxes:
            p0 = (int(round((b.x - x0) * PX_PER_MM)), int(round((b.y - y0) * PX_PER_MM)))
            p1 = (int(round((b.x + b.side - x0) * PX_PER_MM)), int(round((b.y + b.side - y0) * PX_PER_MM)))
            cv2.rectangle(template, p0, p1, 1.0, line)
        return template, x0, y0

    def _locate(self, ink: np.ndarray, layout: Layout) -> list[tuple[int, int] | None]:
        """Where each question's boxes really are, in pixels from where the homography puts
        them: a sheet that does not lie flat moves its middle, and a box measured off its
        place reads its own border as a tick. Found by matching the printed outlines near
        the place the previous line of the same column was found; None when they are not
        found clearly there (the question is then shown to a person, never measured)."""
        reach = int(LOCATE_REACH_MM * PX_PER_MM)
        last: dict[float, tuple[int, int]] = {}
        found = []
        for q in layout.questions:
            template, x0, y0 = self._row_template(q)
            dx, dy = last.get(q.x, (0, 0))
            left, top = int(round(x0 * PX_PER_MM)) + dx - reach, int(round(y0 * PX_PER_MM)) + dy - reach
            th, tw = template.shape
            window = ink[max(0, top) : top + th + 2 * reach, max(0, left) : left + tw + 2 * reach]
            if left < 0 or top < 0 or window.shape[0] < th + 2 * reach or window.shape[1] < tw + 2 * reach:
                found.append(None)
                continue
            scores = cv2.matchTemplate(window, template, cv2.TM_CCOEFF_NORMED)
            _, best, _, (bx, by) = cv2.minMaxLoc(scores)
            at_edge = bx in (0, scores.shape[1] - 1) or by in (0, scores.shape[0] - 1)
            if best < LOCATE_MIN_SCORE or at_edge:  # the line may lie further: not found here
                found.append(None)
                continue
            offset = (dx + bx - reach, dy + by - reach)
            last[q.x] = offset
            found.append(offset)
        return found

    def _refine(self, ink: np.ndarray, box, dx: int, dy: int) -> tuple[int, int] | None:
        """One box's own place, near its line's: a curled sheet also bends along a line.
        None when its outline is not clearly there: a box is never measured off its place."""
        template = self._box_template(box.side)
        pad, reach = 0.6 * PX_PER_MM, int(BOX_REACH_MM * PX_PER_MM)
        left = int(round(box.x * PX_PER_MM - pad)) + dx - reach
        top = int(round(box.y * PX_PER_MM - pad)) + dy - reach
        th, tw = template.shape
        window = ink[top : top + th + 2 * reach, left : left + tw + 2 * reach]
        if top < 0 or left < 0 or window.shape != (th + 2 * reach, tw + 2 * reach):
            return None
        _, best, _, (bx, by) = cv2.minMaxLoc(cv2.matchTemplate(window, template, cv2.TM_CCOEFF_NORMED))
        return (dx + bx - reach, dy + by - reach) if best >= LOCATE_MIN_SCORE else None

    @staticmethod
    def _fill_in(q: Question, places: list) -> list | None:
        """A box whose outline is hidden (filled in, scribbled over) takes its place from
        the boxes of its line that were found: a line bends smoothly (a straight fit)."""
        found = [(b.x, p) for b, p in zip(q.boxes, places) if p is not None]
        if not found:
            return None
        if len(found) == len(places):
            return places
        xs = np.array([x for x, _ in found])
        fits = [np.polyfit(xs, [p[k] for _, p in found], 1) if len(found) > 1 else None for k in (0, 1)]
        return [
            p
            if p is not None
            else tuple(int(round(np.polyval(fits[k], b.x))) if fits[k] is not None else found[0][1][k] for k in (0, 1))
            for b, p in zip(q.boxes, places)
        ]

    def _box_template(self, side: float) -> np.ndarray:
        if side not in self._box_templates:
            pad = 0.6
            size = int(round((side + 2 * pad) * PX_PER_MM))
            template = np.zeros((size, size), np.float32)
            a, b = int(round(pad * PX_PER_MM)), int(round((pad + side) * PX_PER_MM))
            cv2.rectangle(template, (a, a), (b, b), 1.0, max(1, int(round(0.35 * PX_PER_MM))))
            self._box_templates[side] = template
        return self._box_templates[side]

    def _measure(self, sheet: np.ndarray, layout: Layout) -> tuple[np.ndarray, list]:
        """(strong, light) share of each box's inside, box by box in reading order, each
        pixel compared with the paper's brightness under it; and each question's offset."""
        ratio = sheet.astype(np.float32) / self._paper(sheet)
        ink = np.clip(1.0 - ratio, 0.0, 1.0)
        offsets = self._locate(ink, layout)
        out = []
        inset = BOX_INSET_MM * PX_PER_MM
        for index, (q, offset) in enumerate(zip(layout.questions, offsets)):
            places = [self._refine(ink, b, *offset) if offset else None for b in q.boxes]
            places = self._fill_in(q, places)
            if places is None:
                offsets[index] = None  # no box of the line found: it goes to a person
            for b, place in zip(q.boxes, places or [None] * len(q.boxes)):
                if offsets[index] is None:
                    out.append((np.nan, np.nan))
                    continue
                x0, y0 = b.x * PX_PER_MM + place[0], b.y * PX_PER_MM + place[1]
                x1, y1 = x0 + b.side * PX_PER_MM, y0 + b.side * PX_PER_MM
                inside = ratio[
                    int(round(y0 + inset)) : int(round(y1 - inset)), int(round(x0 + inset)) : int(round(x1 - inset))
                ]
                out.append(((inside < self.t.dark).mean(), (inside < self.t.light).mean()))
        return np.array(out, dtype=np.float64), offsets

    def _answers(self, sheet: np.ndarray, layout: Layout, where: str) -> SheetRead | str:
        t = self.t
        scores, offsets = self._measure(sheet, layout)
        # A sheet that bulges so much that its lines moved far, or lost many of them, may
        # have had a line taken for its neighbour: listed whole, nothing of it counted.
        moved = max((max(abs(dx), abs(dy)) for dx, dy in filter(None, offsets)), default=0) / PX_PER_MM
        lost = sum(o is None for o in offsets)
        if moved > MAX_LINE_SHIFT_MM or lost > len(offsets) / 4:
            return (
                "feuille pas à plat ou froissée (des lignes de cases ont bougé) : rien compté ; "
                "aplatissez-la et scannez-la de nouveau"
            )
        if np.isnan(scores[:, 0]).all():
            base = np.zeros(2)
        else:  # the sheet's own blank boxes: most boxes of a sheet stay empty
            base = np.nanpercentile(scores, 25, axis=0)
        strong, light = scores[:, 0] - base[0], scores[:, 1] - base[1]
        read = SheetRead(where, layout, {})
        k = 0
        for index, q in enumerate(layout.questions):
            n = len(q.boxes)
            s, li = strong[k : k + n], light[k : k + n]
            k += n
            filled = [o for o in range(n) if s[o] >= t.filled]
            ticked = [o for o in range(n) if s[o] >= t.ticked or (s[o] >= t.doubt and li[o] >= t.thin)]
            unsure = [o for o in range(n) if o not in ticked and (s[o] >= t.doubt or li[o] >= t.faint)]
            reason, suggested = "", None
            if offsets[index] is None:
                reason = "cases introuvables à leur place (feuille pliée, froissée, tache ?)"
                ticked, unsure = [], list(range(n))
            elif q.multiple:
                if unsure:
                    reason = f"case {_option_names(q, unsure)} à peine marquée"
                elif ticked:
                    read.answers[index] = tuple(ticked)
            elif unsure and not ticked:
                reason = f"marque légère en {_option_names(q, unsure)}"
            elif unsure:
                reason = f"case {_option_names(q, ticked)} cochée et marque légère en {_option_names(q, unsure)}"
                suggested = ticked[0] if len(ticked) == 1 else None
            elif len(ticked) == 2 and len(filled) == 1:
                other = next(o for o in ticked if o not in filled)
                reason = (
                    f"case {_option_names(q, filled)} noircie et case {_option_names(q, [other])} "
                    "cochée (une correction ?)"
                )
                suggested = other
            elif len(ticked) >= 2:
                reason = f"{'deux' if len(ticked) == 2 else len(ticked)} cases cochées ({_option_names(q, ticked)})"
            elif ticked:
                read.answers[index] = (ticked[0],)
            if reason:
                # the boxes and their letters, with a margin: what a person needs to decide
                dx, dy = offsets[index] or (0, 0)
                left, right = q.boxes[0].x - (1.5 if q.named else 5.0), q.boxes[-1].x + q.boxes[-1].side + 1.5
                top, bottom = q.y - (1.0 if offsets[index] else 3.0), q.y + q.height + (1.0 if offsets[index] else 3.0)
                crop = sheet[
                    max(0, int(top * PX_PER_MM + dy)) : max(0, int(bottom * PX_PER_MM + dy)),
                    max(0, int(left * PX_PER_MM + dx)) : max(0, int(right * PX_PER_MM + dx)),
                ].copy()
                candidates = tuple(sorted(set(ticked) | set(unsure)))
                read.doubts.append(Doubt(0, where, q, reason, candidates, suggested, crop))
        return read
