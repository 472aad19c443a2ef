"""Type, colours and small building blocks shared by every section of the claim summary.

The PDF uses the standard PDF fonts (Helvetica for prose, Courier for codes so that columns line
up) so nothing is embedded and files stay small and fast to write. Those fonts only cover the
Windows-1252 character set, so ``esc`` maps the few other characters the engine writes (arrows,
comparison signs) to plain equivalents instead of printing empty boxes.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.flowables import CondPageBreak, Flowable
from reportlab.platypus.tables import CellStyle

from tpi_desktop.domain import Severity
from tpi_desktop.export.flowables import Grid, Para

PAGE_MARGIN = 0.55 * inch
TOP_MARGIN = 0.95 * inch  # room for the running header and the DRAFT banner
BOTTOM_MARGIN = 0.65 * inch

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


def esc(text: object) -> str:
    """Text made safe for a Paragraph in a standard font: XML-escaped, cp1252 only."""
    plain = str(text).translate(_PLAIN)
    plain = plain.encode("cp1252", errors="replace").decode("cp1252")
    return escape(plain)


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
    "h2", fontName=BOLD, fontSize=11, leading=14, spaceBefore=9, spaceAfter=4, keepWithNext=1
)
# A heading over a table that may split: ``headed`` keeps it with the table's first rows instead.
H2_OVER_TABLE = H2.clone("h2-table", keepWithNext=0)
VALUE = _style("value", fontName=BOLD, fontSize=9, leading=11)
PRACTICE = _style("practice", fontName=BOLD, fontSize=12.5, leading=15)
TITLE_RIGHT = _style("titleright", fontName=BOLD, fontSize=17, leading=20, alignment=TA_RIGHT)
RIGHT = _style("right", alignment=TA_RIGHT)


def para(text: object, style: ParagraphStyle = CELL) -> Paragraph:
    """A paragraph of plain text (escaped)."""
    return Para(esc(text), style)


def fit(text: object, width: float, style: ParagraphStyle = CELL, padding: float = 7.0) -> object:
    """A plain string when ``text`` fits on one line of a ``width``-wide cell, else a Paragraph.

    Plain strings are drawn without line breaking, which is most of the cost of a table.
    """
    value = plain(text)
    if stringWidth(value, style.fontName, style.fontSize) <= width - padding:
        return value
    return Para(esc(text), style)


def plain(text: object) -> str:
    """Text for a table cell drawn as a plain string (no wrapping, much faster than a Paragraph)."""
    return str(text).translate(_PLAIN).encode("cp1252", errors="replace").decode("cp1252")


def heading(text: str) -> Paragraph:
    """A section heading; kept with what follows by the caller's KeepTogether where it matters."""
    return Para(esc(text), H2)


class SectionStart(CondPageBreak):  # type: ignore[misc]
    """A page break unless a heading, its table's header and first ``rows`` rows fit here.

    A heading kept with a whole table (``keepWithNext``) drags a table taller than the room left
    to the next page and leaves this one empty; this keeps only the start together, and the
    table splits across pages with its header repeated.
    """

    def __init__(self, heading: Paragraph, table: Table, rows: int = 2) -> None:
        super().__init__(0)
        self._heading, self._table, self._rows = heading, table, rows

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        style = self._heading.style
        _, title = self._heading.wrap(availWidth, availHeight)
        self._table.wrap(availWidth, 0x7FFFFFFF)  # measured once: a Grid keeps the measure
        header = self._table.repeatRows if isinstance(self._table.repeatRows, int) else 1
        start = sum(self._table._rowHeights[: header + self._rows])
        self.height = style.spaceBefore + title + style.spaceAfter + start
        return super().wrap(availWidth, availHeight)  # type: ignore[no-any-return]


def headed(text: str, table: Table, rows: int = 2) -> list[Flowable]:
    """A section heading and its table, which may split across pages (header row repeated); a
    new page is started first when the heading and the first ``rows`` rows do not fit."""
    title = Para(esc(text), H2_OVER_TABLE)
    return [SectionStart(title, table, rows), title, table]


def gap(points: float = 6) -> Spacer:
    """Vertical space between blocks."""
    return Spacer(1, points)


class HouseCell(CellStyle):  # type: ignore[misc]
    """The house table cell (``grid_style``'s first six commands) as a cell's defaults, so a
    table need not apply those commands cell by cell (most of the cost of styling a table)."""

    fontname = FONT
    fontsize = 8.5
    leading = 8.5 * 1.2  # what ("FONT", ..., FONT, 8.5) sets
    valign = "TOP"
    topPadding = bottomPadding = 2.5
    leftPadding = rightPadding = 3.5


def grid_style(
    header_rows: int = 1, *, zebra: bool = True, rows: int = 0, base: bool = True
) -> TableStyle:
    """The house table look: grey header band, hairlines, optional zebra rows.

    ``base=False`` leaves out the font, alignment and padding that ``HouseCell`` sets.
    """
    commands: list[tuple[object, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT, 8.5),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3.5),
    ]
    if not base:
        commands = []
    commands += [
        ("FONT", (0, 0), (-1, header_rows - 1), BOLD, 7.5, 9),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEAD_BG),
        ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8, RULE),
        ("LINEBELOW", (0, header_rows), (-1, -1), 0.25, RULE),
        ("BOX", (0, 0), (-1, -1), 0.6, RULE),
    ]
    if zebra:
        for row in range(header_rows + 1, rows, 2):
            commands.append(("BACKGROUND", (0, row), (-1, row), ZEBRA))
    return TableStyle(commands)


def house_grid(
    data: list[list[object]], header_rows: int = 1, *, zebra: bool = True, **table: Any
) -> Grid:
    """A ``Grid`` of ``data`` in the house look (``grid_style``), its cells ``HouseCell``s."""
    cells = [[HouseCell(repr((i, j))) for j in range(len(data[0]))] for i in range(len(data))]
    grid = Grid(data, cellStyles=cells, **table)
    grid.setStyle(grid_style(header_rows, zebra=zebra, rows=len(data), base=False))
    return grid


class Icon(Flowable):  # type: ignore[misc]
    """A small drawn symbol, so that severity and presence never rely on colour alone.

    ``kind`` is ``error`` (a circle with "!"), ``warning`` (a triangle with "!"), ``info`` (a
    circle with "i"), ``present`` (a tick) or ``missing`` (a cross).
    """

    SIZE = 9.0

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind
        self.width = self.height = self.SIZE

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.SIZE, self.SIZE

    def draw(self) -> None:
        # Drawn once per document as a form XObject and placed wherever it recurs.
        name = f"tpiIcon_{self.kind}"
        if not self.canv.hasForm(name):
            pad = 2.0  # room for stroke ends, which a tighter box would clip
            self.canv.beginForm(name, -pad, -pad, self.SIZE + pad, self.SIZE + pad)
            self._draw_symbol()
            self.canv.endForm()
        self.canv.doForm(name)

    def _draw_symbol(self) -> None:
        c = self.canv
        s = self.SIZE
        colour = {
            "error": SEVERITY_COLOURS[Severity.ERROR],
            "warning": SEVERITY_COLOURS[Severity.WARNING],
            "info": SEVERITY_COLOURS[Severity.INFO],
            "present": colors.HexColor("#2e7d32"),
            "missing": SEVERITY_COLOURS[Severity.ERROR],
        }.get(self.kind, MUTED)
        c.saveState()
        c.setFillColor(colour)
        c.setStrokeColor(colour)
        if self.kind == "warning":
            path = c.beginPath()
            path.moveTo(0, 0.3)
            path.lineTo(s, 0.3)
            path.lineTo(s / 2, s)
            path.close()
            c.drawPath(path, fill=1, stroke=0)
            self._mark("!", 6.5, 1.0)
        elif self.kind in ("error", "info"):
            c.circle(s / 2, s / 2, s / 2, fill=1, stroke=0)
            self._mark("!" if self.kind == "error" else "i", 7, 1.8)
        elif self.kind in ("present", "missing"):
            c.setLineWidth(1.6)
            c.setLineCap(1)
            if self.kind == "present":
                c.lines([(1, s * 0.5, s * 0.4, 1.2), (s * 0.4, 1.2, s - 0.5, s - 1)])
            else:
                c.lines([(1.5, 1.5, s - 1.5, s - 1.5), (1.5, s - 1.5, s - 1.5, 1.5)])
        c.restoreState()

    def _mark(self, char: str, size: float, baseline: float) -> None:
        self.canv.setFillColor(colors.white)
        self.canv.setFont(BOLD, size)
        self.canv.drawCentredString(self.SIZE / 2, baseline, char)
