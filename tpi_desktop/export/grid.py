"""Tables for the claim summary: reportlab's table look and commands, a fraction of its cost.

``Table`` takes rows of cells (a string, a block, or a list of blocks) and the subset of
reportlab ``TableStyle`` commands the summary uses (FONT, TEXTCOLOR, ALIGN, VALIGN, the four
paddings, BACKGROUND, LINEABOVE, LINEBELOW, LINEBEFORE, BOX, single-row SPAN, NOSPLIT), and
sizes and draws them as reportlab does: a row is as tall as its tallest cell (a string cell is
its lines times the leading, even when empty, plus the paddings), a string's first baseline sits
one font size below the top padding, backgrounds come first, then cells, then rules (round caps)
in the order they were given. A table too tall for the room left splits between rows, never
inside a NOSPLIT range, with its ``repeat`` header rows repeated on each part.

It keeps one value per cell and attribute, in row lists shared until a command sets part of a
row, rather than a style object per cell; rows are measured once per width; strings are
written as one operator string each.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.colors import Color, black

from tpi_desktop.export.blocks import FUZZ, Block
from tpi_desktop.export.ink import Ink, width_of

Command = tuple[Any, ...]

# (font, size, leading, colour, align, valign, left, right, top, bottom): reportlab's defaults
PLAIN_CELL = ("Helvetica", 10.0, 12.0, black, "LEFT", "BOTTOM", 6.0, 6.0, 3.0, 3.0)
_ATTRS = {
    "TEXTCOLOR": 3,
    "ALIGN": 4,
    "VALIGN": 5,
    "LEFTPADDING": 6,
    "RIGHTPADDING": 7,
    "TOPPADDING": 8,
    "BOTTOMPADDING": 9,
}


class Table(Block):
    """Rows of cells with fixed column widths; see the module docstring for what it supports."""

    def __init__(
        self,
        data: Sequence[Sequence[object]],
        widths: Sequence[float],
        style: Sequence[Command] = (),
        *,
        repeat: int = 0,
        heights: Sequence[float] | None = None,
        cell: tuple[Any, ...] = PLAIN_CELL,
    ) -> None:
        self.data = [list(row) for row in data]
        self.widths = list(widths)
        self.width = sum(self.widths)
        self.repeat = repeat
        self.fixed = list(heights) if heights is not None else None
        rows, cols = len(self.data), len(self.widths)
        self.rows = list(range(rows))  # the rows this part of the table draws
        # One grid per cell attribute (see PLAIN_CELL). A row list may be shared between rows
        # (all start as one), so rows are replaced, never changed in place (see ``_set``).
        self.attrs: list[list[list[Any]]] = [[[v] * cols] * rows for v in cell]
        self.backgrounds: list[tuple[int, int, int, int, Color]] = []
        self.rules: list[tuple[str, int, int, int, int, float, Color]] = []
        self.spans: dict[tuple[int, int], int] = {}  # (row, first col) -> last col
        self.covered: set[tuple[int, int]] = set()
        self.nosplit: list[tuple[int, int]] = []
        self.box: tuple[float, Color] | None = None
        self.heights: list[float] = []
        self._at: float | None = None
        self.style(style)

    def style(self, commands: Sequence[Command]) -> None:
        """Apply reportlab table style commands (the subset above), in order."""
        rows, cols = len(self.data), len(self.widths)
        for op, (c0, r0), (c1, r1), *values in commands:
            c0, c1 = c0 % cols if c0 < 0 else c0, c1 % cols if c1 < 0 else c1
            r0, r1 = r0 % rows if r0 < 0 else r0, r1 % rows if r1 < 0 else r1
            if op == "FONT":
                size = values[1]
                self._set(0, values[0], c0, r0, c1, r1)
                self._set(1, size, c0, r0, c1, r1)
                self._set(2, values[2] if len(values) > 2 else size * 1.2, c0, r0, c1, r1)
            elif op in _ATTRS:
                self._set(_ATTRS[op], values[0], c0, r0, c1, r1)
            elif op == "BACKGROUND":
                self.backgrounds.append((c0, r0, c1, r1, values[0]))
            elif op in ("LINEABOVE", "LINEBELOW", "LINEBEFORE"):
                self.rules.append((op, c0, r0, c1, r1, values[0], values[1]))
            elif op == "BOX":
                self.box = (values[0], values[1])
            elif op == "SPAN":
                if r0 != r1:
                    raise ValueError("only spans within one row are supported")
                self.spans[r0, c0] = c1
                self.covered.update((r0, c) for c in range(c0 + 1, c1 + 1))
            elif op == "NOSPLIT":
                self.nosplit.append((r0, r1))
            else:
                raise ValueError(f"unsupported table command {op}")
        self._at = None

    def _set(self, attr: int, value: object, c0: int, r0: int, c1: int, r1: int) -> None:
        grid = self.attrs[attr]
        fill = [value] * (c1 - c0 + 1)
        if c0 == 0 and c1 == len(self.widths) - 1:
            grid[r0 : r1 + 1] = [fill] * (r1 - r0 + 1)  # whole rows: one shared list
            return
        for r in range(r0, r1 + 1):
            row = grid[r]
            grid[r] = [*row[:c0], *fill, *row[c1 + 1 :]]

    def cell(self, r: int, c: int) -> tuple[Any, ...]:
        """The ten attributes of one cell (see ``PLAIN_CELL``)."""
        return tuple(grid[r][c] for grid in self.attrs)

    def _cell_width(self, r: int, c: int) -> float:
        last = self.spans.get((r, c))
        return self.widths[c] if last is None else sum(self.widths[c : last + 1])

    def wrap(self, width: float) -> float:
        if self._at != width:
            self._measure()
            self._at = width
        self.height = sum(self.heights[r] for r in self.rows)
        return self.height

    def _measure(self) -> None:
        if self.fixed is not None:
            self.heights = list(self.fixed)
            return
        a = self.attrs
        heights = []
        for r, row in enumerate(self.data):
            tallest = 0.0
            for c, value in enumerate(row):
                if type(value) is str:
                    tall = a[2][r][c] * (value.count("\n") + 1)
                else:
                    inner = self._cell_width(r, c) - a[6][r][c] - a[7][r][c]
                    tall = _stack_height(_blocks(value), inner)
                tall += a[8][r][c] + a[9][r][c]
                if tall > tallest:
                    tallest = tall
            heights.append(tallest)
        self.heights = heights

    def start_height(self, rows: int) -> float:
        """The height of the header rows and the first ``rows`` rows after them."""
        return sum(self.heights[r] for r in self.rows[: self.repeat + rows])

    def split(self, width: float, height: float) -> list[Block]:
        self.wrap(width)
        head = self.rows[: self.repeat]
        total, best = 0.0, 0
        for n, r in enumerate(self.rows):
            total += self.heights[r]
            if total > height + FUZZ:
                break
            if n + 1 > len(head) and n + 1 < len(self.rows) and self._may_split(r):
                best = n + 1
        if not best:
            return []
        return [self._part(self.rows[:best]), self._part(head + self.rows[best:])]

    def _may_split(self, last: int) -> bool:
        """Whether a page may end after row ``last`` (no NOSPLIT range runs past it)."""
        return not any(r0 <= last < r1 for r0, r1 in self.nosplit)

    def _part(self, rows: list[int]) -> Table:
        part = object.__new__(Table)
        part.__dict__.update(self.__dict__)
        part.rows = rows
        return part

    def draw(self, ink: Ink, x: float, top: float) -> None:
        self.wrap(self._at or 0.0)
        xs = [x]
        for w in self.widths:
            xs.append(xs[-1] + w)
        heights, rows = self.heights, self.rows
        tops: dict[int, float] = {}
        y = top
        for r in rows:
            tops[r] = y
            y -= heights[r]
        bottom = y
        for c0, r0, c1, r1, colour in self.backgrounds:
            for r in rows:
                if r0 <= r <= r1:
                    ink.rect(xs[c0], tops[r] - heights[r], xs[c1 + 1] - xs[c0], heights[r], colour)
        for r in rows:
            self._draw_row(ink, r, xs, tops[r])
        if not self.rules and self.box is None:
            return
        ink.lines_begin()
        line = ink.line
        for op, c0, r0, c1, r1, weight, colour in self.rules:
            ink.stroke(colour, weight)
            for r in rows:
                if r0 <= r <= r1:
                    row_top = tops[r]
                    if op == "LINEBEFORE":
                        for c in range(c0, c1 + 1):
                            line(xs[c], row_top, xs[c], row_top - heights[r])
                    else:
                        y = row_top if op == "LINEABOVE" else row_top - heights[r]
                        line(xs[c0], y, xs[c1 + 1], y)
        if self.box is not None:
            ink.stroke(self.box[1], self.box[0])
            left, right = xs[0], xs[-1]
            line(left, top, right, top)
            line(left, bottom, right, bottom)
            line(left, top, left, bottom)
            line(right, top, right, bottom)
        ink.lines_end()

    def _draw_row(self, ink: Ink, r: int, xs: list[float], top: float) -> None:
        height = self.heights[r]
        # each attribute of this row's cells (see PLAIN_CELL), one list per attribute
        fonts, sizes, leadings, colours, aligns, valigns, lefts, rights, pads_top, pads_bottom = [
            grid[r] for grid in self.attrs
        ]
        covered, spans, widths, text = self.covered, self.spans, self.widths, ink.text
        for c, value in enumerate(self.data[r]):
            if not value or (covered and (r, c) in covered):
                continue
            x0 = xs[c]
            width = self._cell_width(r, c) if spans else widths[c]
            if type(value) is str:
                font, size, align = fonts[c], sizes[c], aligns[c]
                if "\n" in value:
                    self._draw_lines(ink, value, self.cell(r, c), x0, width, top, height)
                    continue
                valign = valigns[c]
                if valign == "TOP":
                    y = top - pads_top[c] - size
                elif valign == "BOTTOM":
                    y = top - height + pads_bottom[c] + leadings[c] - size
                else:
                    y = top - height + (pads_bottom[c] + height - pads_top[c] + leadings[c]) / 2
                    y -= size
                if align == "LEFT":
                    x = x0 + lefts[c]
                elif align == "RIGHT":
                    x = x0 + width - rights[c] - width_of(value, font, size)
                else:
                    x = x0 + (width + lefts[c] - rights[c]) / 2 - width_of(value, font, size) / 2
                text(x, y, value, font, size, colours[c])
            else:
                cell = (aligns[c], valigns[c], lefts[c], rights[c], pads_top[c], pads_bottom[c])
                self._draw_blocks(ink, _blocks(value), cell, x0, width, top, height)

    @staticmethod
    def _draw_lines(
        ink: Ink,
        value: str,
        cell: tuple[Any, ...],
        x0: float,
        width: float,
        top: float,
        height: float,
    ) -> None:
        """A string cell of several lines ("24A\nDate"), each placed as drawString would."""
        font, size, leading, colour, align, valign, left, right, pad_top, pad_bottom = cell
        lines = value.split("\n")
        if valign == "TOP":
            y = top - pad_top - size
        elif valign == "BOTTOM":
            y = top - height + pad_bottom + len(lines) * leading - size
        else:
            y = top - height + (pad_bottom + height - pad_top + len(lines) * leading) / 2
            y -= size
        for line in lines:
            if align == "LEFT":
                x = x0 + left
            elif align == "RIGHT":
                x = x0 + width - right - width_of(line, font, size)
            else:
                x = x0 + (width + left - right) / 2 - width_of(line, font, size) / 2
            if line:
                ink.text(x, y, line, font, size, colour)
            y -= leading

    @staticmethod
    def _draw_blocks(
        ink: Ink,
        blocks: list[Block],
        cell: tuple[Any, ...],
        x0: float,
        width: float,
        top: float,
        height: float,
    ) -> None:
        """A cell of blocks (paragraphs, icons, a nested table), stacked as reportlab does."""
        align, valign, left, right, pad_top, pad_bottom = cell
        inner = width - left - right
        tall = _stack_height(blocks, inner)
        if valign == "TOP":
            y = top - pad_top
        elif valign == "BOTTOM":
            y = top - height + pad_bottom + tall
        else:
            y = top - height + (height + pad_bottom - pad_top + tall) / 2
        for index, block in enumerate(blocks):
            if index:
                y -= block.space_before
            if align == "RIGHT":
                bx = x0 + width - right - block.width
            elif align in ("CENTER", "CENTRE"):
                bx = x0 + (width + left - right - block.width) / 2
            else:
                bx = x0 + left
            block.draw(ink, bx, y)
            y -= block.height + block.space_after


def _blocks(value: object) -> list[Block]:
    if isinstance(value, Block):
        return [value]
    blocks: list[Block] = list(value)  # type: ignore[call-overload]
    return blocks


def _stack_height(blocks: list[Block], width: float) -> float:
    """Blocks stacked in a cell: their heights and the space between them (reportlab's
    ``_listCellGeom``: the first space before and the last space after do not count)."""
    total = 0.0
    for index, block in enumerate(blocks):
        total += block.wrap(width)
        if index:
            total += block.space_before
        if index < len(blocks) - 1:
            total += block.space_after
    return total
