"""PDF page operators written directly, as reportlab's canvas would write them, minus its cost.

A claim summary draws about three hundred strings and two hundred rules. Through reportlab's
per-call canvas API (``drawString``, ``line``, text objects) that alone costs several times a
whole minimal document (see ``bench/pdf.py``). ``Ink`` writes the same operators (``Tf``, ``Tm``,
``Tj``, ``re f``, ``m l S``) straight into the canvas's page code and remembers the font and
colours it set, so none is repeated. Fonts are the standard PDF fonts, named through the
document (so that the document lists them), and text is encoded as those fonts' WinAnsi (cp1252)
encoding, which is all ``styles.plain`` lets through.

Even written directly, most of the cost per string was reportlab's number formatting
(``fp_str``, about a microsecond a call) and string escaping: both are pure functions of values
that recur from page to page and visit to visit (column positions, row baselines, labels,
codes), so ``num`` and ``pdf_string`` remember what they made, per process, with a bound.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfgen.canvas import Canvas

_MEASURES: dict[str, Any] = {}
# Widths already measured: a summary measures hundreds of words, labels and codes, and most of
# them recur from visit to visit. Cleared when it grows past _KEEP entries (as the others are).
_WIDTHS: dict[tuple[str, str, float], float] = {}
_NUMBERS: dict[float, str] = {}
_ESCAPED: dict[str, str] = {}
_COLOURS: dict[tuple[float, float, float], str] = {}
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


def num(value: float) -> str:
    """``value`` as reportlab writes a number into a page (``fp_str``: at most six significant
    decimals, no trailing zeros, ``.5`` for 0.5), remembered per process."""
    text = _NUMBERS.get(value)
    if text is None:
        if len(_NUMBERS) > _KEEP:
            _NUMBERS.clear()
        text = _NUMBERS[value] = fp_str(value)
    return text


def pdf_string(text: str) -> str:
    """``text`` as the inside of a PDF string in a standard font's (WinAnsi) encoding."""
    escaped = _ESCAPED.get(text)
    if escaped is None:
        if len(_ESCAPED) > _KEEP:
            _ESCAPED.clear()
        escaped = _ESCAPED[text] = escapePDF(text.encode("cp1252", errors="replace"))
    return escaped


def rgb(colour: Color) -> str:
    """The three numbers of a colour operator."""
    key = (colour.red, colour.green, colour.blue)
    text = _COLOURS.get(key)
    if text is None:
        if len(_COLOURS) > 1000:
            _COLOURS.clear()
        text = _COLOURS[key] = fp_str(*key)
    return text


class Ink:
    """Writes operators into the page ``canvas`` is on, keeping the text and colour state.

    The state (font, fill and stroke colour, line width) persists through a page's content, so
    it is only written when it changes; ``forget`` is called after anything else has drawn.
    """

    def __init__(self, canvas: Canvas) -> None:
        self.canvas = canvas
        self.code: list[str] = canvas._code
        # "/F2 8.5 Tf " per (font, size), for this document (font names are per document)
        self._tfs: dict[tuple[str, float], str] = {}
        self.forms: dict[str, str] = {}  # the document's form name of each icon kind drawn
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
        return str(self.canvas._doc.getInternalFontName(font))

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
            self.code.append(f"{num(width)} w")

    def text(self, x: float, y: float, text: str, font: str, size: float, colour: Color) -> None:
        """One run of text with its baseline starting at (x, y)."""
        if colour is not self._fill:
            self._fill = colour
            self.code.append(f"{rgb(colour)} rg")
        key = (font, size)
        tf = "" if key == self._font else self._tf(key)
        # num and pdf_string inlined: this line runs for every string of every page
        sx = _NUMBERS.get(x) or num(x)
        sy = _NUMBERS.get(y) or num(y)
        s = _ESCAPED.get(text)
        if s is None:
            s = pdf_string(text)
        self.code.append(f"BT {tf}1 0 0 1 {sx} {sy} Tm ({s}) Tj T* ET")

    def runs(self, x: float, y: float, runs: list[tuple[str, str, Color]], size: float) -> None:
        """Several runs (text, font, colour) one after the other on a line starting at (x, y)."""
        parts = [f"BT 1 0 0 1 {num(x)} {num(y)} Tm"]
        for text, font, colour in runs:
            if colour is not self._fill:
                self._fill = colour
                parts.append(f"{rgb(colour)} rg")
            key = (font, size)
            tf = "" if key == self._font else self._tf(key)
            parts.append(f"{tf}({pdf_string(text)}) Tj")
        parts.append("T* ET")
        self.code.append(" ".join(parts))

    def _tf(self, key: tuple[str, float]) -> str:
        """The font operator for ``key`` (font, size), which becomes the current font."""
        self._font = key
        tf = self._tfs.get(key)
        if tf is None:
            tf = self._tfs[key] = f"{self.font_name(key[0])} {num(key[1])} Tf "
        return tf

    def rect(self, x: float, y: float, width: float, height: float, colour: Color) -> None:
        """A filled rectangle, no outline."""
        self.fill(colour)
        self.code.append(f"n {num(x)} {num(y)} {num(width)} {num(height)} re f")

    def line(self, x0: float, y0: float, x1: float, y1: float) -> None:
        """A straight line in the current stroke colour and width."""
        self.code.append(f"n {num(x0)} {num(y0)} m {num(x1)} {num(y1)} l S")

    def lines_begin(self) -> None:
        """Rules are drawn with round caps and joins, as reportlab's tables draw them."""
        self.code.append("q 1 J 1 j")
        self._saved = self._stroke, self._width

    def lines_end(self) -> None:
        """Back to the state before ``lines_begin`` (only the stroke can have changed)."""
        self.code.append("Q")
        self._stroke, self._width = self._saved
