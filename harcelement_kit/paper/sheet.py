"""The A4 sheet: embedded font, page footer, and the shapes of a worksheet
(checkboxes, writing lines, scissors, framed boxes), all drawn as vectors."""

from __future__ import annotations

import datetime
import logging
import re

from fpdf import FPDF
from fpdf.enums import XPos, YPos

__all__ = ["Sheet", "PaperError", "FONT", "font_files", "typeset"]

FONT = "Lexend"


class PaperError(Exception):
    """A sheet that cannot be printed correctly, with a French message."""


def font_files() -> dict[str, tuple[str, dict]]:
    """Lexend (OFL, designed for reading ease), regular and bold, from its variable font.
    Atkinson Hyperlegible was tried first: its slashed zero makes « 3018 » and
    « 45 000 € » read as « 3Ø18 » to an 11-year-old."""
    import fontpkg

    path = str(fontpkg.path("lexend", weight=400))
    return {"": (path, {"wght": 400}), "B": (path, {"wght": 700})}


_TYPOGRAPHY = [
    (re.compile(r"'"), "\u2019"),  # l'école -> l’école (content keeps straight ones)
    (re.compile(r'"([^"\n]*)"'), "«\u00a0\\1\u00a0»"),  # "mot" -> « mot »
]

_NO_BREAK = [
    (re.compile(r"(\d) (?=\d{3}\b)"), "\\1\u00a0"),  # 45 000
    (re.compile(r"(\d) (?=(€|%|h\b|min\b|ans\b))"), "\\1\u00a0"),  # 45 000 €, 9 h, 3 ans
    (re.compile(r"« "), "«\u00a0"),
    (re.compile(r" (?=[»?!:;])"), "\u00a0"),
]


def typeset(text: str) -> str:
    """Print typography: typographic apostrophes and quotes from the straight ones
    of the content (the YAML is not touched), and French no-break spaces, so that
    « 150 000 € » or « ? » never start a line."""
    for pattern, replacement in _TYPOGRAPHY + _NO_BREAK:
        text = pattern.sub(replacement, text)
    return text


class _MissingGlyphs(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if "missing" in record.getMessage().lower():
            self.messages.append(record.getMessage())


class Sheet(FPDF):
    """One PDF; `size` is the body font size in points (14 or more for large print)."""

    def __init__(
        self,
        size: float = 12,
        footer_text: str = "",
        created: datetime.datetime | None = None,
        page_format: str = "A4",
        orientation: str = "P",
    ):
        super().__init__(orientation=orientation, unit="mm", format=page_format)
        self.body = size
        self.large = size >= 14
        self.small = max(size - 3, 14) if self.large else size - 3  # large print stays large
        self.min_size = 14 if self.large else 9  # the smallest a fitted text may shrink to
        self.footer_text = footer_text
        self._heights: dict = {}  # measured texts (text_height)
        self._fits: dict = {}  # fitted texts (fit)
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, margin=20 if self.large else 18)
        for style, (path, axes) in font_files().items():
            self.add_font(FONT, style, path, variations=axes)
        self.set_creation_date(created or datetime.datetime.now(datetime.UTC))
        self.set_title("harcelement-kit")
        self.set_producer("harcelement-kit")
        self.set_lang("fr-FR")
        self.alias_nb_pages()

    def describe(self, title: str, subject: str) -> None:
        """The document's title and subject, as a PDF viewer or a library catalogue shows them."""
        self.set_title(typeset(title).replace("\u00a0", " "))  # viewers show metadata on one line
        self.set_subject(typeset(subject).replace("\u00a0", " "))
        self.set_author("harcelement-kit")

    def multi_cell(self, w, h=None, text="", *args, **kwargs):
        return super().multi_cell(w, h, typeset(text), *args, **kwargs)

    def cell(self, w=None, h=None, text="", *args, **kwargs):
        return super().cell(w, h, typeset(text), *args, **kwargs)

    def footer(self) -> None:
        # Scaled with large print: a reader who needs 15 pt needs the page number too.
        size = self.small if self.large else 9
        self.set_y(-(self.b_margin - 3))
        self.set_font(FONT, "", size)
        self.set_text_color(80, 80, 80)
        page = f"page {self.page_no()}/{{nb}}"
        text = f"{self.footer_text} — {page}" if self.footer_text else page
        if self.get_string_width(typeset(text)) > self.epw:
            text = page
        self.cell(0, size * 0.4, text, align="C")
        self.set_text_color(0, 0, 0)

    # -- text ----------------------------------------------------------------------

    def text_block(
        self,
        text: str,
        size: float | None = None,
        bold: bool = False,
        gap: float = 2,
        indent: float = 0,
        line: float | None = None,
    ) -> None:
        size = size or self.body
        self.set_font(FONT, "B" if bold else "", size)
        self.set_x(self.l_margin + indent)
        self.multi_cell(self.epw - indent, line or size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(gap)

    def text_height(
        self,
        text: str,
        size: float | None = None,
        bold: bool = False,
        width: float | None = None,
        line: float | None = None,
    ) -> float:
        """The height `text_block` would take, without drawing it. Remembered: every
        copy of a sheet measures the same texts, and line breaking is the costly part."""
        size = size or self.body
        key = (text, size, bold, width or self.epw, line)
        if key not in self._heights:
            self.set_font(FONT, "B" if bold else "", size)
            lines = self.multi_cell(width or self.epw, line or size * 0.5, text, dry_run=True, output="LINES")
            self._heights[key] = len(lines) * (line or size * 0.5)
        return self._heights[key]

    def heading_size(self, level: int) -> float:
        return self.body + (8 if level == 1 else 3)

    def heading(self, text: str, level: int = 1, keep: float = 0) -> None:
        """A heading, moved to the next page with the first `keep` mm of what it
        introduces, so that it is never left alone at the bottom of a page."""
        size = self.heading_size(level)
        height = self.text_height(text, size, bold=True) + (1 if level > 1 else 3)
        self.keep_together(height + min(keep, self.h * 0.4))
        self.text_block(text, size=size, bold=True, gap=1 if level > 1 else 3)

    def keep_together(self, height: float) -> None:
        """Start a new page when `height` mm would not fit on this one."""
        if self.will_page_break(height):
            self.add_page()

    def room(self) -> float:
        """Millimetres left on this page above the bottom margin."""
        return self.h - self.b_margin - self.get_y()

    def fit(
        self, text: str, width: float, height: float, size: float, bold: bool = False, leading: float = 0.5
    ) -> tuple[float, list]:
        """The largest size, from `size` down to the sheet's smallest, at which `text`
        wraps inside `width` × `height` mm; PaperError when even that overflows."""
        key = (text, width, height, size, bold, leading)
        if key in self._fits:
            return self._fits[key]
        while True:
            self.set_font(FONT, "B" if bold else "", size)
            lines = self.multi_cell(width, size * leading, text, dry_run=True, output="LINES")
            if len(lines) * size * leading <= height:
                self._fits[key] = (size, lines)
                return size, lines
            if size <= self.min_size:
                raise PaperError(
                    f"texte trop long pour sa case ({width:.0f} × {height:.0f} mm), "
                    f"même en {size:g} points : « {text[:60]}… » — raccourcissez-le"
                )
            size = max(self.min_size, size - 0.5)

    def fitted(
        self,
        text: str,
        x: float,
        y: float,
        width: float,
        height: float,
        size: float,
        bold: bool = False,
        align: str = "L",
        leading: float = 0.5,
        valign: str = "T",
    ) -> float:
        """`text` drawn inside the box, shrunk if needed; returns the size used."""
        size, lines = self.fit(text, width, height, size, bold, leading)
        used = len(lines) * size * leading
        top = y + (height - used) / 2 if valign == "M" else y
        self.set_font(FONT, "B" if bold else "", size)
        self.set_xy(x, top)
        self.multi_cell(width, size * leading, text, align=align, new_x=XPos.LEFT, new_y=YPos.NEXT)
        return size

    # -- shapes ----------------------------------------------------------------------

    def checkbox_line(self, label: str, indent: float = 4, letter: str = "") -> None:
        """A box to tick, then `letter` (A, B…) and the option's text."""
        side = self.body * 0.35
        line_h = self.body * 0.5
        lead = side + 3 + (self.body * 0.6 if letter else 0)
        width = self.epw - indent - lead
        lines = self.multi_cell(width, line_h, label, dry_run=True, output="LINES")
        self.keep_together(len(lines) * line_h + 2)
        y = self.get_y()
        self.set_line_width(0.35)
        self.rect(self.l_margin + indent, y + (line_h - side) / 2, side, side)
        if letter:
            self.set_xy(self.l_margin + indent + side + 2, y)
            self.set_font(FONT, "B", self.body)
            self.cell(self.body * 0.6, line_h, letter)
        self.set_xy(self.l_margin + indent + lead, y)
        self.set_font(FONT, "", self.body)
        self.multi_cell(width, line_h, label, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.5)

    def writing_lines(self, count: int, spacing: float = 9) -> None:
        self.keep_together(count * spacing + 2)
        self.set_draw_color(120, 120, 120)
        self.set_line_width(0.2)
        for _ in range(count):
            self.ln(spacing)
            self.line(self.l_margin, self.get_y(), self.l_margin + self.epw, self.get_y())
        self.set_draw_color(0, 0, 0)
        self.ln(4)

    def name_line(self) -> None:
        """Nom, Classe, Date with room to write, on sheets that are not anonymous by nature."""
        self.set_font(FONT, "", self.body)
        y = self.get_y() + self.body * 0.5
        x = self.l_margin
        widths = {"Nom :": 0.5, "Classe :": 0.22, "Date :": 0.28}
        self.set_draw_color(120, 120, 120)
        self.set_line_width(0.2)
        for label, share in widths.items():
            w = self.epw * share
            self.set_xy(x, y - self.body * 0.5)
            self.cell(self.get_string_width(label) + 1, self.body * 0.5, label)
            self.line(self.get_x() + 1, y, x + w - 4, y)
            x += w
        self.set_draw_color(0, 0, 0)
        self.set_xy(self.l_margin, y + 4)

    def scissors(self, x: float, y: float, size: float = 5) -> None:
        """Two rings and two crossed blades, pointing right."""
        self.set_line_width(0.3)
        r = size * 0.18
        self.circle(x + r, y + r, r)
        self.circle(x + r, y + size - r, r)
        self.line(x + 2 * r * 0.9, y + r * 1.3, x + size, y + size * 0.62)
        self.line(x + 2 * r * 0.9, y + size - r * 1.3, x + size, y + size * 0.38)

    def output_checked(self) -> bytes:
        """The PDF bytes; PaperError when the font lacks a character of the content."""
        handler = _MissingGlyphs()
        logger = logging.getLogger("fpdf")
        logger.addHandler(handler)
        try:
            data = bytes(self.output())
        finally:
            logger.removeHandler(handler)
        if handler.messages:
            raise PaperError("la police ne sait pas écrire certains caractères : " + " ; ".join(handler.messages))
        return data
