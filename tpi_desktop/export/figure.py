"""The body figure: the picker's own front and back SVGs, injected regions filled and numbered.

Each SVG is parsed by svglib once per process (and again only when the file changes); its
shapes are rendered to PDF operators and compressed once, and each document carries them as a
form XObject. A document adds an overlay on top: the injected regions' paths filled in the
accent colour (made once per region and colour) and a number label at each region's centre,
or beside a region too small to show its fill around a label. So a summary never re-parses or
re-renders the figure.

Region elements carry ``id="<muscle_id>.<side>"`` (body-and-screen.md); svglib keeps the id on
the converted shape as ``svgid``.
"""

from __future__ import annotations

import copy
import io
import logging
import re
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Group, Shape, String, mmult, transformPoint
from reportlab.lib import colors
from reportlab.pdfbase.pdfdoc import PDFFormXObject, PDFName, PDFStream
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.flowables import Flowable

from tpi_desktop.export.styles import BOLD, FONT, INK, MUTED

log = logging.getLogger(__name__)

_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_FONT_NAME = re.compile(r"(/F\d+) ")
_RESOURCES = re.compile(r"\s(gs|scn|SCN|sh|Do)\b")  # named per document: cannot be pasted
_EMPTY_TEXT = re.compile(r"^BT /F\d+ [\d.]+ Tf [\d.]+ TL ET$\n?", re.MULTILINE)
VIEW_FILES = (("Front", "front.svg"), ("Back", "back.svg"))


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
            code = _FONT_NAME.sub(lambda m: f"{names.get(m.group(1), m.group(1))} ", code)
        canvas._code.append(code)


@dataclass(frozen=True, slots=True)
class BodyView:
    """One parsed SVG: the whole drawing and, per region id, its shape and parent transform.

    ``ops`` are the PDF operators of every shape of the drawing (no text), rendered once per
    process and pasted into each document; ``texts`` holds the drawing's text (the R and L
    marks), drawn normally because font names are assigned per document. ``ops`` is ``None``
    when the shapes need per-document resources (transparency), and then ``group`` is drawn.
    """

    group: Group
    width: float
    height: float
    regions: Mapping[str, tuple[Shape, tuple[float, ...]]]
    ops: bytes | None = None
    texts: Group | None = None
    text_ops: Operators | None = None

    def form(self, canvas: Canvas) -> str | None:
        """Name of the form XObject that draws this view's shapes in ``canvas``'s document.

        The form is made from ``ops``, compressed once per process, and added to a document
        the first time it is used there, so a combined PDF holds each view only once.
        """
        if self.ops is None:
            return None
        name = f"tpiBody{zlib.crc32(self.ops):08x}"  # the same drawing, the same name
        if not canvas.hasForm(name):
            stream = PDFStream(content=self.ops)
            stream.dictionary["Filter"] = PDFName("FlateDecode")  # already applied
            form = PDFFormXObject(0, 0, self.width, self.height)
            form.Contents = stream
            canvas._doc.addForm(name, form)
        return name

    def paste_texts(self, canvas: Canvas) -> bool:
        """Write the drawing's text (rendered once per process) into ``canvas``; False when
        it has to be drawn the slow way."""
        if self.text_ops is None:
            return False
        self.text_ops.paste(canvas)
        return True

    def bounds(self, region_id: str) -> tuple[float, float, float, float]:
        """A region's bounding box (x0, y0, x1, y1) in drawing coordinates."""
        shape, transform = self.regions[region_id]
        x0, y0, x1, y1 = shape.getBounds()
        corners = [transformPoint(transform, p) for p in ((x0, y0), (x1, y1), (x0, y1), (x1, y0))]
        xs = [p[0] for p in corners]
        ys = [p[1] for p in corners]
        return min(xs), min(ys), max(xs), max(ys)

    def centre(self, region_id: str) -> tuple[float, float]:
        """The centre of a region's bounding box, in drawing coordinates."""
        x0, y0, x1, y1 = self.bounds(region_id)
        return (x0 + x1) / 2, (y0 + y1) / 2


def _walk(node: object, transform: tuple[float, ...]) -> Iterator[tuple[Shape, tuple[float, ...]]]:
    """Every node that carries an svg id, with the transform of its parent."""
    svgid = getattr(node, "svgid", None)
    if svgid and "." in str(svgid):
        yield node, transform
        return
    if isinstance(node, Group):
        inner = mmult(transform, tuple(node.transform))
        for child in node.contents:
            yield from _walk(child, inner)


@lru_cache(maxsize=8)
def _parse(path: str, mtime_ns: int) -> BodyView | None:
    from svglib.svglib import svg2rlg  # heavy import, paid only when a figure is drawn

    drawing = svg2rlg(path)
    if drawing is None:
        return None
    group = Group(*drawing.contents)
    regions = {str(node.svgid): (node, t) for node, t in _walk(group, _IDENTITY)}
    width, height = float(drawing.width), float(drawing.height)
    shapes = _pruned(group, lambda node: not isinstance(node, String))
    texts = _pruned(group, lambda node: isinstance(node, String))
    ops = _operators(shapes, width, height)
    return BodyView(group, width, height, regions, ops, texts, _rendered(texts, width, height))


def _pruned(group: Group, keep: Callable[[object], bool]) -> Group:
    """A copy of the group tree (same transforms) with only the leaves ``keep`` accepts."""
    twin = Group(transform=tuple(group.transform))
    for child in group.contents:
        if isinstance(child, Group):
            inner = _pruned(child, keep)
            if inner.contents:  # empty groups would still cost a state push and pop each
                twin.add(inner)
        elif keep(child):
            twin.add(child)
    return twin


def _operators(shapes: Group, width: float, height: float) -> bytes | None:
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


def _rendered(group: Group, width: float, height: float, *, text: bool = True) -> Operators | None:
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


def load_view(path: Path) -> BodyView | None:
    """The parsed SVG at ``path`` (cached per process), or ``None`` if it cannot be read."""
    try:
        return _parse(str(path.resolve()), path.stat().st_mtime_ns)
    except Exception:  # a broken asset must not stop a claim summary: the table still prints
        log.warning("body figure %s could not be read", path.name, exc_info=True)
        return None


def load_views(body_dir: Path | None) -> list[tuple[str, BodyView | None]]:
    """The front and back views from ``body_dir`` (each ``None`` when missing)."""
    if body_dir is None:
        return [(label, None) for label, _ in VIEW_FILES]
    return [(label, load_view(body_dir / name)) for label, name in VIEW_FILES]


# Values keep their view alive, so that the id() in a key is never reused while cached.
_OVERLAYS: dict[tuple[int, str, str], tuple[BodyView, Group, Operators | None]] = {}


def _overlay(view: BodyView, region_id: str, colour: colors.Color) -> Group:
    """The region's shape filled in ``colour``, where the drawing has it; made once per process
    (shapes are only read while drawing, so one copy serves every document)."""
    return _overlay_entry(view, region_id, colour)[1]


def _overlay_ops(view: BodyView, region_id: str, colour: colors.Color) -> Operators | None:
    """The overlay's PDF operators, rendered once per process (``None``: draw the group)."""
    return _overlay_entry(view, region_id, colour)[2]


def _overlay_entry(
    view: BodyView, region_id: str, colour: colors.Color
) -> tuple[BodyView, Group, Operators | None]:
    key = (id(view), region_id, colour.hexval())
    cached = _OVERLAYS.get(key)
    if cached is None:
        if len(_OVERLAYS) > 2000:  # many accents or changed SVG files: start afresh
            _OVERLAYS.clear()
        shape, transform = view.regions[region_id]
        group = Group(_filled(shape, colour), transform=transform)
        ops = _rendered(group, view.width, view.height, text=False)
        cached = _OVERLAYS[key] = (view, group, ops)
    return cached


def _filled(node: Shape, colour: colors.Color) -> Shape:
    twin = copy.deepcopy(node)
    shapes = [twin] if not isinstance(twin, Group) else list(_leaves(twin))
    for shape in shapes:
        if hasattr(shape, "fillColor"):
            shape.fillColor = colour
            shape.fillOpacity = 1
    return twin


def _leaves(group: Group) -> Iterator[Shape]:
    for child in group.contents:
        if isinstance(child, Group):
            yield from _leaves(child)
        else:
            yield child


class BodyFigure(Flowable):  # type: ignore[misc]
    """Front and back side by side; ``marks`` maps region ids to the row number printed on them."""

    LABEL_RADIUS = 5.2
    CAPTION = 14.0

    def __init__(
        self,
        views: Sequence[tuple[str, BodyView | None]],
        marks: Mapping[str, int],
        accent: colors.Color,
        view_width: float = 100.0,
    ) -> None:
        super().__init__()
        self.views = [(label, view) for label, view in views if view is not None]
        self.marks = dict(marks)
        self.accent = accent
        self.view_width = view_width
        self.gap = 10.0
        aspect = max((v.height / v.width for _, v in self.views), default=2.25)
        self.view_height = view_width * aspect
        self.width = len(self.views) * view_width + max(len(self.views) - 1, 0) * self.gap
        self.height = self.view_height + self.CAPTION

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        placed: list[tuple[float, float]] = []
        labels: list[tuple[tuple[tuple[float, float], tuple[float, float]], int]] = []
        for index, (label, view) in enumerate(self.views):
            x = index * (self.view_width + self.gap)
            scale = self.view_width / view.width
            regions = [rid for rid in self.marks if rid in view.regions]
            c.saveState()
            c.translate(x, self.CAPTION)
            c.scale(scale, scale)
            self._draw_view(view, regions)
            c.restoreState()
            c.setFont(BOLD, 8.5)
            c.setFillColor(MUTED)
            c.drawCentredString(x + self.view_width / 2, 3, f"{label} view")
            for rid, number in self.marks.items():
                if rid in view.regions:
                    labels.append((self._anchor(view, rid, x, scale), number))
        # Labels last, so that no view is drawn over another view's labels.
        for (centre, wanted), number in labels:
            spot = self._free_spot(*wanted, placed)
            placed.append(spot)
            if spot != centre:
                c.setStrokeColor(INK)
                c.setLineWidth(0.5)
                c.line(centre[0], centre[1], spot[0], spot[1])
            self._label(spot, number)

    def _draw_view(self, view: BodyView, regions: Sequence[str]) -> None:
        """The figure, its R/L marks, then the injected regions filled in the accent."""
        c = self.canv
        form = view.form(c)
        pasted = [_overlay_ops(view, rid, self.accent) for rid in regions]
        if form is not None and view.texts is not None:
            c.doForm(form)  # the whole figure, rendered and compressed once per process
            if all(p is not None for p in pasted) and view.paste_texts(c):
                for ops in pasted:  # rendered once per process and colour, like the form
                    ops.paste(c)  # type: ignore[union-attr]
                return
            overlay = [_overlay(view, rid, self.accent) for rid in regions]
            renderPDF.draw(Drawing(view.width, view.height, view.texts, *overlay), c, 0, 0)
        else:
            overlay = [_overlay(view, rid, self.accent) for rid in regions]
            renderPDF.draw(Drawing(view.width, view.height, view.group, *overlay), c, 0, 0)

    def _anchor(
        self, view: BodyView, rid: str, x: float, scale: float
    ) -> tuple[tuple[float, float], tuple[float, float]]:
        """(region centre, wanted label spot) on the page. A region too small to show its fill
        around a label gets the label beside it, away from the midline, on a leader line."""
        x0, y0, x1, y1 = view.bounds(rid)
        centre = (x + (x0 + x1) / 2 * scale, self.CAPTION + (y0 + y1) / 2 * scale)
        width, height = (x1 - x0) * scale, (y1 - y0) * scale
        if min(width, height) >= self.LABEL_RADIUS * 2.6:
            return centre, centre
        outward = 1 if (x0 + x1) / 2 >= view.width / 2 else -1
        return centre, (centre[0] + outward * (width / 2 + self.LABEL_RADIUS + 5), centre[1])

    def _free_spot(
        self, x: float, y: float, placed: list[tuple[float, float]]
    ) -> tuple[float, float]:
        """The centre itself, or the nearest nudge that keeps labels from covering each other."""
        step = self.LABEL_RADIUS * 2 + 0.6
        tries = [(0.0, 0.0)] + [
            (dx * step, dy * step)
            for ring in (1, 2)
            for dx, dy in (
                (0, -ring),
                (0, ring),
                (ring, 0),
                (-ring, 0),
                (ring, -ring),
                (-ring, ring),
            )
        ]
        for dx, dy in tries:
            spot = (x + dx, y + dy)
            if all((spot[0] - px) ** 2 + (spot[1] - py) ** 2 >= step**2 for px, py in placed):
                return spot
        return x, y

    def _label(self, spot: tuple[float, float], number: int) -> None:
        c = self.canv
        c.saveState()
        c.setFillColor(colors.white)
        c.setStrokeColor(INK)
        c.setLineWidth(0.7)
        c.circle(spot[0], spot[1], self.LABEL_RADIUS, fill=1, stroke=1)
        c.setFillColor(INK)
        size = 6.8 if number < 10 else 6.0
        c.setFont(BOLD if number < 100 else FONT, size)
        c.drawCentredString(spot[0], spot[1] - size * 0.35, str(number))
        c.restoreState()
