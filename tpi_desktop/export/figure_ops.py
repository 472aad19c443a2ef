"""The body figure's shapes rendered to PDF operators once per process, to paste into pages.

svglib turns each SVG into reportlab shapes; ``renderPDF`` draws shapes through a canvas, which
costs milliseconds a view. What it writes for a shape depends only on the shape (and, for text,
on the names the document gives its fonts), so it is rendered once on a scratch canvas and the
operators are pasted into every document (``figure`` says which and when).
"""

from __future__ import annotations

import copy
import io
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Group, Shape
from reportlab.lib import colors
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfgen.canvas import Canvas

_FONT_NAME = re.compile(r"(/F\d+) ")
_RESOURCES = re.compile(r"\s(gs|scn|SCN|sh|Do)\b")  # named per document: cannot be pasted
_EMPTY_TEXT = re.compile(r"^BT /F\d+ [\d.]+ Tf [\d.]+ TL ET$\n?", re.MULTILINE)
# The fill an overlay is rendered in once, then replaced by the accent's (see ``overlays``).
STAND_IN = colors.Color(0.1234567, 0.7654321, 0.3456789)
STAND_IN_FILL = f"{fp_str(*STAND_IN.rgb())} rg"


@dataclass(frozen=True, slots=True)
class Operators:
    """PDF operators rendered once on a scratch canvas, to paste into any document's page.

    ``fonts`` maps the scratch document's font names (``/F1``) to PostScript names; pasting
    swaps in the names the target document gives those fonts (and so adds them to it).
    """

    code: str
    fonts: tuple[tuple[str, str], ...] = ()

    def paste(self, canvas: Canvas) -> None:
        """Append the operators to the page being drawn."""
        code = self.code
        if self.fonts:
            names = {old: str(canvas._doc.getInternalFontName(font)) for old, font in self.fonts}
            if any(old != new for old, new in names.items()):  # as a rule the same names
                code = _FONT_NAME.sub(lambda m: f"{names.get(m.group(1), m.group(1))} ", code)
        canvas._code.append(code)


def pruned(group: Group, keep: Callable[[object], bool]) -> Group:
    """A copy of the group tree (same transforms) with only the leaves ``keep`` accepts."""
    twin = Group(transform=tuple(group.transform))
    for child in group.contents:
        if isinstance(child, Group):
            inner = pruned(child, keep)
            if inner.contents:  # empty groups would still cost a state push and pop each
                twin.add(inner)
        elif keep(child):
            twin.add(child)
    return twin


def operators(shapes: Group, width: float, height: float) -> bytes | None:
    """The PDF operators that draw ``shapes``, compressed, if they need no document resources."""
    scratch = Canvas(io.BytesIO())
    start = len(scratch._code)
    renderPDF.draw(Drawing(width, height, shapes), scratch, 0, 0)
    # The renderer opens with an empty text block that sets its default font: not needed here.
    ops = _EMPTY_TEXT.sub("", "\n".join(scratch._code[start:]))
    # Fonts, graphics states and patterns are named per document: those cannot be pasted.
    if re.search(r"\s(Tf|gs|scn|SCN|sh|Do)\b", ops):
        return None
    return zlib.compress(ops.encode("latin-1"))


def rendered(group: Group, width: float, height: float, *, text: bool = True) -> Operators | None:
    """``group`` rendered by renderPDF on a scratch canvas, or ``None`` if it needs document
    resources other than fonts. Without ``text`` the renderer's empty font-setting text
    blocks are dropped (and a group that still sets a font is refused)."""
    scratch = Canvas(io.BytesIO())
    start = len(scratch._code)
    renderPDF.draw(Drawing(width, height, group), scratch, 0, 0)
    code = "\n".join(scratch._code[start:])
    if not text:
        code = _EMPTY_TEXT.sub("", code)
        if re.search(r"\sTf\b", code):
            return None
    if _RESOURCES.search(code):
        return None
    fonts = tuple((name, font) for font, name in scratch._doc.fontMapping.items())
    return Operators(code, fonts if text else ())


def filled(node: Shape, colour: colors.Color) -> Shape:
    twin = _twin(node)
    shapes = [twin] if not isinstance(twin, Group) else list(_leaves(twin))
    for shape in shapes:
        if hasattr(shape, "fillColor"):
            shape.fillColor = colour
            shape.fillOpacity = 1
    return twin


def _twin(node: Shape) -> Shape:
    """A copy of the group tree whose shapes can be recoloured: only the groups and shapes are
    new (their points are shared, and only read), a quarter of a deep copy's cost."""
    twin = copy.copy(node)
    if isinstance(node, Group):
        twin.contents = [_twin(child) for child in node.contents]
    return twin


def _leaves(group: Group) -> Iterator[Shape]:
    for child in group.contents:
        if isinstance(child, Group):
            yield from _leaves(child)
        else:
            yield child


def overlays(
    regions: dict[str, tuple[Shape, tuple[float, ...]]], width: float, height: float
) -> dict[str, str]:
    """Each region's shape filled in ``STAND_IN``, as operators (regions that need document
    resources are left out): made when the SVG is parsed, so that the first visit to inject a
    muscle pays no rendering; ``overlay_code`` puts a document's accent in."""
    out = {}
    for region_id, (shape, transform) in regions.items():
        ops = rendered(
            Group(filled(shape, STAND_IN), transform=transform), width, height, text=False
        )
        if ops is not None and ops.code.count(STAND_IN_FILL) >= 1:
            out[region_id] = ops.code
    return out
