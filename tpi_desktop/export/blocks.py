"""The claim summary's own small layout engine: text blocks, gaps, kept-together groups, icons,
and the flow that stacks them onto pages.

Why not platypus: a summary is about sixty flowables and tables, and platypus (frames, wrap and
split protocols, table styling, paragraph fragments, one canvas call per string) cost twenty
times a minimal document, while the page is simple: full-width blocks stacked top to bottom.
These blocks follow platypus's rules where the page shows them (a paragraph's first baseline
one font size below its top and its lines one leading apart, greedy line breaking with the same
5% space shrinkage, space before dropped at the top of a page and collapsed against the space
after, a kept-together group moved whole to a new page when it fits on one, a heading started
on a new page unless its table's first rows fit, at least two lines of a paragraph kept
together), and they write their operators through ``Ink`` in one pass.

A paragraph's lines are remembered per process for its runs, size and width (most recur from
visit to visit), so a summary mostly breaks only its own new text into lines.

A block has ``wrap(width) -> height`` (kept per width), ``split(width, height)`` (the parts,
the first fitting in ``height``, or ``[]``) and ``draw(ink, x, top)``.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Sequence
from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from tpi_desktop.export.ink import Ink, num, width_of

FUZZ = 1e-6
SHRINK = 0.05  # reportlab's ``spaceShrinkage``: a line may run 5% of its spaces over
_SPACES = re.compile(r"[ \t\r\n]+")

Run = tuple[str, str, Color]  # text, font, colour
Line = tuple[float, list[Run]]  # width, runs


class Block:
    """Something stacked on a page: full width or narrower, drawn from its top edge down."""

    width = 0.0
    height = 0.0
    space_before = 0.0
    space_after = 0.0
    keep_with_next = False

    def wrap(self, width: float) -> float:
        return self.height

    def split(self, width: float, height: float) -> list[Block]:
        return []

    def draw(self, ink: Ink, x: float, top: float) -> None:
        """Write the block's operators with its top-left corner at (x, top)."""


class Gap(Block):
    """Vertical space between blocks."""

    def __init__(self, height: float) -> None:
        self.height = height


class Text(Block):
    """A paragraph of text runs in one size, wrapped to the width it is given.

    ``content`` is a plain string in the style's font and colour, or runs of
    ``(text, font or None, colour or None)``.
    """

    def __init__(
        self, content: str | Sequence[tuple[str, str | None, Color | None]], style: ParagraphStyle
    ) -> None:
        self.style = style
        font, colour = style.fontName, style.textColor
        if isinstance(content, str):
            self.runs: list[Run] = [(content, font, colour)]
        else:
            self.runs = [(t, f or font, c or colour) for t, f, c in content if t]
        self.space_before = style.spaceBefore
        self.space_after = style.spaceAfter
        self.keep_with_next = bool(getattr(style, "keepWithNext", 0))
        self.lines: list[Line] = []
        self._at: float | None = None

    def wrap(self, width: float) -> float:
        if width != self._at:
            self.lines = _lines_of(self.runs, self.style.fontSize, width)
            self._at = width
        self.width = width
        self.height = len(self.lines) * self.style.leading
        return self.height

    def split(self, width: float, height: float) -> list[Block]:
        self.wrap(width)
        fit = int((height + FUZZ) // self.style.leading)
        if fit < 2 or fit >= len(self.lines):  # no single orphaned first line
            return []
        return [self._part(self.lines[:fit], width), self._part(self.lines[fit:], width)]

    def _part(self, lines: list[Line], width: float) -> Text:
        part = Text([], self.style)
        part.lines, part._at = lines, width
        part.keep_with_next = False
        return part

    def draw(self, ink: Ink, x: float, top: float) -> None:
        style = self.style
        size, leading, align = style.fontSize, style.leading, style.alignment
        y = top - size
        for line_width, runs in self.lines:
            if align == TA_RIGHT:
                left = x + self.width - line_width
            elif align == TA_CENTER:
                left = x + (self.width - line_width) / 2
            else:
                left = x
            if len(runs) == 1:
                text, font, colour = runs[0]
                ink.text(left, y, text, font, size, colour)
            else:
                ink.runs(left, y, runs, size)
            y -= leading


# Paragraphs already broken into lines, per (runs, size, width): most of a summary's
# paragraphs (reasons, findings, notes, the attestation) recur from visit to visit. A value
# keeps its runs, so that the colours' id() in its key is never reused while it is cached.
_LINES: dict[object, tuple[list[Run], list[Line]]] = {}
_KEEP_LINES = 5_000


def _lines_of(runs: list[Run], size: float, width: float) -> list[Line]:
    """``runs`` broken into lines ``width`` wide (remembered per process; never mutated)."""
    if len(runs) == 1:
        text, font, colour = runs[0]
        key: object = (text, font, id(colour), size, width)
    else:
        key = (tuple([(t, f, id(c)) for t, f, c in runs]), size, width)
    cached = _LINES.get(key)
    if cached is not None:
        return cached[1]
    lines = _broken(runs, size, width)
    if len(_LINES) > _KEEP_LINES:
        _LINES.clear()
    _LINES[key] = (runs, lines)
    return lines


def _broken(runs: list[Run], size: float, width: float) -> list[Line]:
    if len(runs) == 1:
        text, font, colour = runs[0]
        words = _SPACES.split(text.strip(" \t\r\n"))
        whole = " ".join(words)
        full = width_of(whole, font, size)
        if full <= width:
            return [(full, [(whole, font, colour)])]
        pieces = [[(w, font, colour)] for w in words]
    else:
        pieces = _words(runs)
    return _greedy(pieces, width, size)


def _words(runs: list[Run]) -> list[list[Run]]:
    """Runs cut into words; a word is one or more runs (``id:`` in two fonts is one word)."""
    words: list[list[Run]] = []
    word: list[Run] = []
    for text, font, colour in runs:
        parts = _SPACES.split(text)
        for index, part in enumerate(parts):
            if index:  # a space came before this part: the word so far is complete
                if word:
                    words.append(word)
                word = []
            if part:
                word.append((part, font, colour))
    if word:
        words.append(word)
    return words


def _greedy(words: list[list[Run]], width: float, size: float) -> list[Line]:
    """Words filled onto lines as reportlab breaks them; a word wider than a line is cut."""
    lines: list[Line] = []
    line: list[list[Run]] = []
    used = 0.0
    spaces = 0.0  # the shrinkable space on the line so far
    space_in: dict[str, float] = {}  # the width of a space, per font
    for word, wide in _measured(words, width, size):
        if not line:
            line, used, spaces = [word], wide, 0.0
            continue
        font = line[-1][-1][1]
        space = space_in.get(font)
        if space is None:
            space = space_in[font] = width_of(" ", font, size)
        if used + space + wide <= width + SHRINK * (spaces + space):
            line.append(word)
            used += space + wide
            spaces += space
        else:
            lines.append((used, _joined(line)))
            line, used, spaces = [word], wide, 0.0
    if line:
        lines.append((used, _joined(line)))
    return lines


def _measured(words: list[list[Run]], width: float, size: float) -> list[tuple[list[Run], float]]:
    """Each word with its width; a one-run word wider than ``width`` is cut into pieces."""
    out: list[tuple[list[Run], float]] = []
    for word in words:
        if len(word) > 1:
            out.append((word, sum(width_of(t, f, size) for t, f, _ in word)))
            continue
        text, font, colour = word[0]
        wide = width_of(text, font, size)
        if wide <= width:
            out.append((word, wide))
            continue
        while text:
            end = len(text)
            while end > 1 and width_of(text[:end], font, size) > width:
                end -= 1
            out.append(([(text[:end], font, colour)], width_of(text[:end], font, size)))
            text = text[end:]
    return out


def _joined(words: list[list[Run]]) -> list[Run]:
    """A line's words as runs, spaces included, neighbours in the same font and colour joined."""
    out: list[Run] = []
    for index, word in enumerate(words):
        for position, (text, font, colour) in enumerate(word):
            if index and not position:
                text = " " + text  # the space is measured in the font before it: close enough
            if out and out[-1][1] == font and out[-1][2] is colour:
                out[-1] = (out[-1][0] + text, font, colour)
            else:
                out.append((text, font, colour))
    return out


class Keep(Block):
    """Blocks that start a new page together unless they fit here (or do not fit on any page)."""

    def __init__(self, blocks: Sequence[Block]) -> None:
        self.blocks = list(blocks)
        self.space_before = self.blocks[0].space_before if self.blocks else 0.0

    def wrap(self, width: float) -> float:
        total, after, first = 0.0, 0.0, True
        for block in self.blocks:
            height = block.wrap(width)
            if not first:
                total += max(block.space_before - after, 0)
            first = False
            total += height + block.space_after
            after = block.space_after
        self.height = total
        return total


class SectionStart(Block):
    """A new page unless a heading, its table's header and first ``rows`` rows fit here."""

    def __init__(self, heading: Text, table: Any, rows: int = 2) -> None:
        self.heading, self.table, self.rows = heading, table, rows

    def needed(self, width: float) -> float:
        style = self.heading.style
        title = self.heading.wrap(width)
        self.table.wrap(width)
        start: float = self.table.start_height(self.rows)
        return float(style.spaceBefore + title + style.spaceAfter + start)


class Icon(Block):
    """A small drawn symbol (``styles.use_icon``), one form XObject per document and kind."""

    SIZE = 9.0

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.width = self.height = self.SIZE

    def draw(self, ink: Ink, x: float, top: float) -> None:
        name = ink.forms.get(self.kind)
        if name is None:
            from tpi_desktop.export.styles import use_icon  # styles builds on these blocks

            name = ink.forms[self.kind] = use_icon(ink.canvas, self.kind)
        ink.code.append(f"q 1 0 0 1 {num(x)} {num(top - self.SIZE)} cm")
        ink.canvas.doForm(name)
        ink.code.append("Q")


class Drawn(Block):
    """A reportlab flowable (the body figure) drawn through the canvas, inside ``q``/``Q``."""

    def __init__(self, flowable: Any) -> None:
        self.flowable = flowable
        self.width, self.height = flowable.wrap(0, 0)

    def draw(self, ink: Ink, x: float, top: float) -> None:
        self.flowable.drawOn(ink.canvas, x, top - self.height)


Page = list[tuple[Block, float]]  # each block with its top's distance below the frame top


def paginate(
    blocks: Iterable[Block], width: float, height: float, first: float | None = None
) -> list[Page]:
    """Stack ``blocks`` into frames ``width`` by ``height`` (``first`` high on page 1, which has
    no running header above it): where each one lands, page by page."""
    queue: deque[Block] = deque(_grouped(blocks))
    pages: list[Page] = [[]]
    used, at_top, after = 0.0, True, 0.0
    full = height
    height = full if first is None else first
    while queue:
        if len(pages) > 1:
            height = full
        block = queue.popleft()
        before = 0.0 if at_top else max(block.space_before - after, 0)
        room = height - used - before
        if isinstance(block, SectionStart):
            if not at_top and block.needed(width) > room + FUZZ:
                pages.append([])
                used, at_top, after = 0.0, True, 0.0
            continue
        tall = block.wrap(width)
        if isinstance(block, Keep):
            if not at_top and tall - block.blocks[-1].space_after > room + FUZZ and tall <= height:
                pages.append([])
                used, at_top, after = 0.0, True, 0.0
            queue.extendleft(reversed(block.blocks))
            continue
        if tall > room + FUZZ:
            parts = block.split(width, room) if room > 0 else []
            if parts:
                queue.extendleft(reversed(parts))
                continue
            if not at_top:
                pages.append([])
                used, at_top, after = 0.0, True, 0.0
                queue.appendleft(block)
                continue
            # Taller than a whole page and not splittable: placed, and runs over the footer.
        pages[-1].append((block, used + before))
        used += before + tall + block.space_after
        after = block.space_after
        if tall or before:
            at_top = False
    return pages


def _grouped(blocks: Iterable[Block]) -> list[Block]:
    """A block that keeps with the next one (a heading) is grouped with it, as platypus does."""
    out: list[Block] = []
    pending: list[Block] = []
    for block in blocks:
        pending.append(block)
        if block.keep_with_next:
            continue
        out.append(Keep(pending) if len(pending) > 1 else block)
        pending = []
    out += pending
    return out
