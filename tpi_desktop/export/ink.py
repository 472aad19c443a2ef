"""PDF page operators written directly, as reportlab's canvas would write them, minus its cost.

A claim summary draws about three hundred strings and two hundred rules. Through reportlab's
per-call canvas API (``drawString``, ``line``, text objects) that alone costs several times a
whole minimal document (see ``bench/pdf.py``). ``Ink`` writes the same operators (``Tf``, ``Tm``,
``Tj``, ``re f``, ``m l S``) straight into the canvas's page code and remembers the font and
colours it set, so none is repeated. Fonts are the standard PDF fonts, named through the
document (so that the document lists them), and text is encoded as those fonts' WinAnsi (cp1252)
encoding, which is all ``styles.plain`` lets through.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfgen.canvas import Canvas

_MEASURES: dict[str, Any] = {}
# Widths already measured: a summary measures hundreds of words, labels and codes, and most of
# them recur from visit to visit. Cleared when it grows past _KEEP entries.
_WIDTHS: dict[tuple[str, str, float], float] = {}
_KEEP = 50_000


def width_of(text: str, font: str, size: float) -> float:
    """The width of ``text`` in a standard font, as ``pdfmetrics.stringWidth`` gives it."""
    key = (text, font, size)
    width = _WIDTHS.get(key)
    if width is None:
        measure = _MEASURES.get(font)
        if measure is None:
            measure = _MEASURES[font] = getFont(font).stringWidth
        if len(_WIDTHS) > _KEEP:
            _WIDTHS.clear()
        width = _WIDTHS[key] = measure(text, size)
    return width


def pdf_string(text: str) -> str:
    """``text`` as the inside of a PDF string in a standard font's (WinAnsi) encoding."""
    return escapePDF(text.encode("cp1252", errors="replace"))  # type: ignore[no-any-return]


def rgb(colour: Color) -> str:
    """The three numbers of a colour operator."""
    return fp_str(colour.red, colour.green, colour.blue)  # type: ignore[no-any-return]


class Ink:
    """Writes operators into the page ``canvas`` is on, keeping the text and colour state.

    The state (font, fill and stroke colour, line width) persists through a page's content, so
    it is only written when it changes; ``forget`` is called after anything else has drawn.
    """

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self.code: list[str] = canvas._code
        self._fonts: dict[str, str] = {}
        self.forget()

    def new_page(self) -> None:
        """The canvas has moved on to a new page (with a new code list and a fresh state)."""
        self.code = self.canvas._code
        self.forget()

    def forget(self) -> None:
        """Someone else wrote operators (inside ``q``/``Q`` or not): set everything again."""
        self._font: tuple[str, float] | None = None
        self._fill: Color | None = None
        self._stroke: Color | None = None
        self._width: float | None = None
        self._saved: tuple[Color | None, float | None] = (None, None)

    def font_name(self, font: str) -> str:
        """The document's name for a standard font (``/F2``), which also adds it to the file."""
        name = self._fonts.get(font)
        if name is None:
            name = self._fonts[font] = str(self.canvas._doc.getInternalFontName(font))
        return name

    def fill(self, colour: Color) -> None:
        if colour is not self._fill:
            self._fill = colour
            self.code.append(f"{rgb(colour)} rg")

    def stroke(self, colour: Color, width: float) -> None:
        if colour is not self._stroke:
            self._stroke = colour
            self.code.append(f"{rgb(colour)} RG")
        if width != self._width:
            self._width = width
            self.code.append(f"{fp_str(width)} w")

    def text(self, x: float, y: float, text: str, font: str, size: float, colour: Color) -> None:
        """One run of text with its baseline starting at (x, y)."""
        self.fill(colour)
        self.code.append(
            f"BT {self._tf(font, size)}1 0 0 1 {fp_str(x, y)} Tm ({pdf_string(text)}) Tj T* ET"
        )

    def runs(self, x: float, y: float, runs: list[tuple[str, str, Color]], size: float) -> None:
        """Several runs (text, font, colour) one after the other on a line starting at (x, y)."""
        parts = [f"BT 1 0 0 1 {fp_str(x, y)} Tm"]
        for text, font, colour in runs:
            if colour is not self._fill:
                self._fill = colour
                parts.append(f"{rgb(colour)} rg")
            parts.append(f"{self._tf(font, size)}({pdf_string(text)}) Tj")
        parts.append("T* ET")
        self.code.append(" ".join(parts))

    def _tf(self, font: str, size: float) -> str:
        if self._font == (font, size):
            return ""
        self._font = (font, size)
        return f"{self.font_name(font)} {fp_str(size)} Tf "

    def rect(self, x: float, y: float, width: float, height: float, colour: Color) -> None:
        """A filled rectangle, no outline."""
        self.fill(colour)
        self.code.append(f"n {fp_str(x, y, width, height)} re f")

    def line(self, x0: float, y0: float, x1: float, y1: float) -> None:
        """A straight line in the current stroke colour and width."""
        self.code.append(f"n {fp_str(x0, y0)} m {fp_str(x1, y1)} l S")

    def lines_begin(self) -> None:
        """Rules are drawn with round caps and joins, as reportlab's tables draw them."""
        self.code.append("q 1 J 1 j")
        self._saved = self._stroke, self._width

    def lines_end(self) -> None:
        """Back to the state before ``lines_begin`` (only the stroke can have changed)."""
        self.code.append("Q")
        self._stroke, self._width = self._saved
