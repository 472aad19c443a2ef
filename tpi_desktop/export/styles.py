"""Type, colours and small building blocks shared by every section of the claim summary.

The PDF uses the standard PDF fonts (Helvetica for prose, Courier for codes so that columns line
up) so nothing is embedded and files stay small and fast to write. Those fonts only cover the
Windows-1252 character set, so ``plain`` maps the few other characters the engine writes (arrows,
comparison signs) to plain equivalents instead of printing empty boxes.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfdoc import xObjectName
from reportlab.pdfgen.canvas import Canvas

from tpi_desktop.domain import Severity
from tpi_desktop.export.blocks import Block, Gap, SectionStart, Text
from tpi_desktop.export.grid import Command, Table
from tpi_desktop.export.ink import width_of
from tpi_desktop.export.prepared import Parts, add_form, fonts_named, formatted, scratch_canvas

PAGE_MARGIN = 0.55 * inch
TOP_MARGIN = 0.9 * inch  # room for the running header and the DRAFT banner
# Page 1 has no running header (its own header block names the visit): only the banner is above.
FIRST_TOP_MARGIN = 0.6 * inch
BOTTOM_MARGIN = 0.48 * inch  # content stops 8 pt above the footer's rule
FOOTER_Y = 0.29 * inch  # baseline of the footer ("Page N of M"), clear of printers' dead edge

FONT = "Helvetica"
BOLD = "Helvetica-Bold"
MONO = "Courier"
MONO_BOLD = "Courier-Bold"

INK = colors.HexColor("#1f1f1f")
MUTED = colors.HexColor("#5c5c5c")
RULE = colors.HexColor("#9a9a9a")
HEAD_BG = colors.HexColor("#e4e7eb")
SHADE = colors.HexColor("#f1ede4")  # the CMS-1500 shaded supplemental line
ZEBRA = colors.HexColor("#f7f8f9")
DRAFT_RED = colors.HexColor("#b3261e")

SEVERITY_COLOURS = {
    Severity.ERROR: colors.HexColor("#c62828"),
    Severity.WARNING: colors.HexColor("#b26a00"),
    Severity.INFO: colors.HexColor("#1565c0"),
}

_PLAIN = str.maketrans(
    {
        "→": "->",
        "←": "<-",
        "≥": ">=",
        "≤": "<=",
        "≠": "!=",
        "✓": "yes",
        "✔": "yes",
        "✗": "no",
        "✘": "no",
        "⁄": "/",
        "\u2009": " ",
        "\u202f": " ",
    }
)


_PLAIN_PAIRS = tuple((chr(code), str(value)) for code, value in _PLAIN.items())
# Latin letters that Unicode does not split into a base letter and an accent.
_NO_DECOMPOSITION = {"Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ħ": "H", "ħ": "h", "ı": "i"}


def _style(name: str, **kw: object) -> ParagraphStyle:
    base: dict[str, object] = {"fontName": FONT, "fontSize": 9, "leading": 11.5, "textColor": INK}
    base.update(kw)
    return ParagraphStyle(name, **base)


BODY = _style("body")
SMALL = _style("small", fontSize=8, leading=10)
MUTED_SMALL = _style("muted", fontSize=8, leading=10, textColor=MUTED)
CELL = _style("cell", fontSize=8.5, leading=10.5)
CELL_BOLD = _style("cellbold", fontName=BOLD, fontSize=8.5, leading=10.5)
CELL_MONO = _style("cellmono", fontName=MONO_BOLD, fontSize=9, leading=10.5)
CELL_RIGHT = _style("cellright", fontSize=8.5, leading=10.5, alignment=TA_RIGHT)
HEAD_CELL = _style("head", fontName=BOLD, fontSize=7.5, leading=9, textColor=INK)
H1 = _style("h1", fontName=BOLD, fontSize=17, leading=20)
H2 = _style(
    "h2", fontName=BOLD, fontSize=11, leading=13, spaceBefore=8, spaceAfter=3, keepWithNext=1
)
# A heading over a table that may split: ``headed`` keeps it with the table's first rows instead.
H2_OVER_TABLE = H2.clone("h2-table", keepWithNext=0)
VALUE = _style("value", fontName=BOLD, fontSize=9, leading=11)
PRACTICE = _style("practice", fontName=BOLD, fontSize=12.5, leading=15)
TITLE_RIGHT = _style("titleright", fontName=BOLD, fontSize=17, leading=20, alignment=TA_RIGHT)
RIGHT = _style("right", alignment=TA_RIGHT)


SMALL_RIGHT = SMALL.clone("small-r", alignment=TA_RIGHT)
DATA = CELL.clone("data", spaceBefore=5)  # the "Data used" paragraph, set off from the reasons


def plain(text: object) -> str:
    """Text in the standard fonts' character set (cp1252), other characters mapped or "?"."""
    text = str(text)
    if text.isascii():  # most text: nothing to map (only non-ASCII characters are mapped)
        return text
    # A replace per mapped character present: translate() with a table looks each one up.
    for char, replacement in _PLAIN_PAIRS:
        if char in text:
            text = text.replace(char, replacement)
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        text = "".join(_latin(char) for char in text)
    return text


def _latin(char: str) -> str:
    """A character the standard fonts have: itself, else its letter without the accent the
    fonts lack ("ễ" -> "e", "Ł" -> "L": a name printed "Nguyen", not "Nguy?n"), else "?"."""
    try:
        char.encode("cp1252")
        return char
    except UnicodeEncodeError:
        pass
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    base = _NO_DECOMPOSITION.get(base, base)
    try:
        return base.encode("cp1252").decode("cp1252") if base else "?"
    except UnicodeEncodeError:
        return "?"


def para(text: object, style: ParagraphStyle = CELL) -> Text:
    """A paragraph of plain text."""
    return Text(plain(text), style)


def rich(style: ParagraphStyle, *parts: str | tuple[str, str | None, colors.Color | None]) -> Text:
    """A paragraph of runs: plain strings in the style's font, or (text, font, colour)."""
    runs = [
        (plain(p), None, None) if isinstance(p, str) else (plain(p[0]), p[1], p[2]) for p in parts
    ]
    return Text(runs, style)


def fit(text: object, width: float, style: ParagraphStyle = CELL, padding: float = 7.0) -> object:
    """A plain string when ``text`` fits on one line of a ``width``-wide cell, else a paragraph
    that wraps (a string cell is drawn as it is, and measured by its lines alone)."""
    value = plain(text)
    if width_of(value, style.fontName, style.fontSize) <= width - padding:
        return value
    return Text(value, style)


def heading(text: str) -> Text:
    """A section heading, kept with the block that follows it."""
    return Text(plain(text), H2)


def headed(text: str, table: Table, rows: int = 2) -> list[Block]:
    """A section heading and its table, which may split across pages (header row repeated); a
    new page is started first when the heading and the first ``rows`` rows do not fit. (Kept
    with the whole table instead, a heading would drag a long table to the next page and leave
    this one empty.)"""
    title = Text(plain(text), H2_OVER_TABLE)
    return [SectionStart(title, table, rows), title, table]


def gap(points: float = 6) -> Gap:
    """Vertical space between blocks."""
    return Gap(points)


# The house cell (see ``grid.PLAIN_CELL`` for the order): 8.5 pt Helvetica, top-aligned.
HOUSE_CELL = (FONT, 8.5, 8.5 * 1.2, colors.black, "LEFT", "TOP", 3.5, 3.5, 2.5, 2.5)


def grid_style(header_rows: int = 1, *, zebra: bool = True, rows: int = 0) -> list[Command]:
    """The house table look: grey header band (none for ``header_rows=0``), hairlines, optional
    zebra rows."""
    commands: list[Command] = []
    if header_rows:
        commands += [
            ("FONT", (0, 0), (-1, header_rows - 1), BOLD, 7.5, 9),
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEAD_BG),
            ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8, RULE),
        ]
    commands += [
        ("LINEBELOW", (0, header_rows), (-1, -1), 0.25, RULE),
        ("BOX", (0, 0), (-1, -1), 0.6, RULE),
    ]
    if zebra:
        for row in range(header_rows + 1, rows, 2):
            commands.append(("BACKGROUND", (0, row), (-1, row), ZEBRA))
    return commands


def house_grid(
    data: list[list[object]],
    widths: Sequence[float],
    style: Sequence[Command] = (),
    header_rows: int = 1,
    *,
    zebra: bool = True,
    repeat: int = 0,
) -> Table:
    """A table of ``data`` in the house look (``grid_style``), then ``style``'s commands."""
    commands = grid_style(header_rows, zebra=zebra, rows=len(data)) + list(style)
    return Table(data, widths, commands, repeat=repeat, cell=HOUSE_CELL)


ICON_KINDS = {
    "error": SEVERITY_COLOURS[Severity.ERROR],
    "warning": SEVERITY_COLOURS[Severity.WARNING],
    "info": SEVERITY_COLOURS[Severity.INFO],
    "present": colors.HexColor("#2e7d32"),
    "missing": SEVERITY_COLOURS[Severity.ERROR],
}


def use_icon(canvas: Canvas, kind: str) -> str:
    """The name of the form XObject of the symbol ``kind`` (see ``icon_form``) in ``canvas``'s
    document: prepared once per process when the document names its fonts as every summary's
    does (the "!" and "i" are text), else drawn into this document."""
    if fonts_named(canvas):
        name = f"tpiIcon_{kind}"
        return add_form(canvas, name, lambda: _icon_parts(kind, name))
    return icon_form(canvas, kind)


def _icon_parts(kind: str, name: str) -> Parts:
    scratch = scratch_canvas()
    icon_form(scratch, kind)
    return formatted(scratch._doc, xObjectName(name))


def icon_form(canvas: Canvas, kind: str) -> str:
    """The form XObject of a small symbol, so that severity and presence never rely on colour
    alone: ``error`` (a circle with "!"), ``warning`` (a triangle with "!"), ``info`` (a circle
    with "i"), ``present`` (a tick) or ``missing`` (a cross). Drawn once per document."""
    name = f"tpiIcon_{kind}"
    if canvas.hasForm(name):
        return name
    s, pad = 9.0, 2.0  # pad: room for stroke ends, which a tighter box would clip
    canvas.beginForm(name, -pad, -pad, s + pad, s + pad)
    colour = ICON_KINDS.get(kind, MUTED)
    canvas.saveState()
    canvas.setFillColor(colour)
    canvas.setStrokeColor(colour)
    if kind == "warning":
        path = canvas.beginPath()
        path.moveTo(0, 0.3)
        path.lineTo(s, 0.3)
        path.lineTo(s / 2, s)
        path.close()
        canvas.drawPath(path, fill=1, stroke=0)
        _mark(canvas, "!", 6.5, 1.0)
    elif kind in ("error", "info"):
        canvas.circle(s / 2, s / 2, s / 2, fill=1, stroke=0)
        _mark(canvas, "!" if kind == "error" else "i", 7, 1.8)
    elif kind in ("present", "missing"):
        canvas.setLineWidth(1.6)
        canvas.setLineCap(1)
        if kind == "present":
            canvas.lines([(1, s * 0.5, s * 0.4, 1.2), (s * 0.4, 1.2, s - 0.5, s - 1)])
        else:
            canvas.lines([(1.5, 1.5, s - 1.5, s - 1.5), (1.5, s - 1.5, s - 1.5, 1.5)])
    canvas.restoreState()
    canvas.endForm()
    return name


def _mark(canvas: Canvas, char: str, size: float, baseline: float) -> None:
    canvas.setFillColor(colors.white)
    canvas.setFont(BOLD, size)
    canvas.drawCentredString(4.5, baseline, char)
