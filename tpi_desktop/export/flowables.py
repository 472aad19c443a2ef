"""Two platypus flowables made cheaper for the claim summary, drawing exactly the same page.

``Para`` is a Paragraph that skips the markup parser for plain text, joins the runs the parser
cuts at entities, and breaks its lines once per width. ``Grid`` is a Table that measures its
rows once per width, writes its one-line text cells straight into the page (the operators
``drawString`` would write) and draws nothing for empty cells. A claim summary is mostly tables
and short paragraphs, and these were most of its cost (see ``bench/pdf.py``).
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.rl_accel import fp_str, unicode2T1
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.platypus import Flowable, Paragraph, Table

_MARKUP = frozenset("<>&\n\t\r")
# One parsed fragment per style (kept with its style, so that an id() is never reused).
_TEMPLATES: dict[int, tuple[ParagraphStyle, Any]] = {}


def _plain_frag(text: str, style: ParagraphStyle) -> Any:
    """The fragment the paragraph parser makes of ``text``, for text without markup."""
    cached = _TEMPLATES.get(id(style))
    if cached is None or cached[0] is not style:
        if len(_TEMPLATES) > 256:  # styles made on the fly: do not keep them all
            _TEMPLATES.clear()
        cached = _TEMPLATES[id(style)] = (style, Paragraph("x", style).frags[0])
    return cached[1].clone(text=text, link=[], us_lines=[])


def _merged(frags: list[Any]) -> list[Any]:
    """Neighbouring fragments that differ in nothing but their text, joined into one.

    The parser cuts a fragment at every entity (``&gt;``, ``&amp;``) and character it maps, so
    an escaped sentence in one style comes out as many fragments, and a paragraph of several
    fragments takes reportlab's slow, general line breaking. Joined, it takes the fast one.
    """
    out = [frags[0]]
    for frag in frags[1:]:
        last = out[-1]
        if (
            hasattr(last, "text")
            and hasattr(frag, "text")
            and last.__dict__.keys() == frag.__dict__.keys()
            and all(v == frag.__dict__[k] for k, v in last.__dict__.items() if k != "text")
        ):
            last.text += frag.text
        else:
            out.append(frag)
    return out


class Para(Paragraph):  # type: ignore[misc]
    """A Paragraph that skips the markup parser for plain text and breaks lines once per width.

    Most paragraphs of a summary are plain words (headings, notes, long cells): their one
    fragment is a copy of the style's, with the text swapped in. Parsed ones get their
    same-style runs joined (``_merged``). And platypus asks for the size
    of a paragraph several times with the same width and only a different height (a table
    sizing its rows, then drawing them; ``KeepTogether`` measuring its block, then the frame
    placing it). Line breaking depends on the width alone, so the answer is kept.
    """

    _wrapped_at: float | None = None

    def __init__(
        self,
        text: str | None,
        style: ParagraphStyle,
        bulletText: str | None = None,
        frags: list[Any] | None = None,
        **kwargs: Any,
    ) -> None:
        if (
            frags is None
            and bulletText is None
            and text
            and not style.textTransform
            and _MARKUP.isdisjoint(text)
            and text == " ".join(text.split())
        ):
            frags = [_plain_frag(text, style)]
            super().__init__(text, style, bulletText, frags, **kwargs)
            return
        parsed = frags is None
        super().__init__(text, style, bulletText, frags, **kwargs)
        parts: list[Any] = getattr(self, "frags", [])
        if parsed and len(parts) > 1:
            self.frags = _merged(parts)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        # ``split`` drops the line breaks when it moves the whole paragraph on: start afresh.
        if availWidth == self._wrapped_at and hasattr(self, "blPara"):
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        self._wrapped_at = availWidth
        return size  # type: ignore[no-any-return]


class Grid(Table):  # type: ignore[misc]
    """A Table that measures its rows once per width and writes plain cells cheaply.

    A table's size depends on the height it is offered only when it is too tall for it (it
    then stops measuring rows early), so a complete measurement is kept and reused for the
    same width: nested tables and tables in a ``KeepTogether`` are otherwise measured again
    and again.
    """

    _sized_at: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if availWidth == self._sized_at:
            self.availWidth = availWidth
            return self._width, self._height
        size = super().wrap(availWidth, availHeight)
        complete = getattr(self, "_hmax", None) == len(self._cellvalues)
        self._sized_at = availWidth if complete else None
        return size  # type: ignore[no-any-return]

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self._sized_at = None  # splitting measures again for the height given
        return super().split(availWidth, availHeight)  # type: ignore[no-any-return]

    def _drawCell(self, cellval: object, cellstyle: Any, pos: Any, size: Any) -> None:
        if type(cellval) is str and not (
            cellstyle.href or cellstyle.destination or cellstyle.direction or cellstyle.shaping
        ):
            if not cellval:
                return  # an empty cell would still cost a text object that draws nothing
            if "\n" not in cellval and self._write(cellval, cellstyle, pos, size):
                return
        super()._drawCell(cellval, cellstyle, pos, size)

    def _write(self, text: str, style: Any, pos: Any, size: Any) -> bool:
        """Write a one-line cell as the same operators ``drawString`` would, without building a
        text object; False (nothing written) when a glyph needs another font."""
        canv = self.canv
        font = getFont(style.fontname)
        runs = unicode2T1(text, [font, *font.substitutionFonts])
        if len(runs) != 1 or runs[0][0] is not font or not canv.bottomup or font._dynamicFont:
            return False
        cur: Any = getattr(self, "_curcellstyle", None)  # as Table._drawCell does
        if cur is not style:
            if cur is None or style.color != cur.color:
                canv.setFillColor(style.color)
            if (
                cur is None
                or style.leading != cur.leading
                or style.fontname != cur.fontname
                or style.fontsize != cur.fontsize
            ):
                canv.setFont(style.fontname, style.fontsize, style.leading)
            self._curcellstyle = style
        colpos, rowpos = pos
        colwidth, rowheight = size
        if style.valign == "TOP":
            y = rowpos + rowheight - style.topPadding - style.fontsize
        elif style.valign == "BOTTOM":
            y = rowpos + style.bottomPadding + style.leading - style.fontsize
        else:
            middle = (style.bottomPadding + rowheight - style.topPadding + style.leading) / 2
            y = rowpos + middle - style.fontsize
        if style.alignment == "LEFT":
            x = colpos + style.leftPadding
        elif style.alignment == "RIGHT":
            x = colpos + colwidth - style.rightPadding - canv.stringWidth(text)
        elif style.alignment in ("CENTRE", "CENTER"):
            middle = (colwidth + style.leftPadding - style.rightPadding) * 0.5
            x = colpos + middle - 0.5 * canv.stringWidth(text)
        else:
            return False
        canv._code.append(f"BT 1 0 0 1 {fp_str(x, y)} Tm ({canv._escape(runs[0][1])}) Tj T* ET")
        return True
