"""The body figure: the picker's own front and back SVGs, injected regions filled and numbered.

Each SVG is parsed by svglib once per process (and again only when the file changes); its
shapes are rendered to PDF operators and compressed once, and each document carries them as a
form XObject. A document adds an overlay on top: the injected regions' paths filled in the
accent colour (each region rendered once, when the SVG is parsed) and a number label at each
region's centre, or beside a region too small to show its fill around a label. So a summary
never re-parses or re-renders the figure.

Region elements carry ``id="<muscle_id>.<side>"`` (body-and-screen.md); svglib keeps the id on
the converted shape as ``svgid``.
"""

from __future__ import annotations

import logging
import os
import threading
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Group, Shape, String, mmult, transformPoint
from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.flowables import Flowable

from tpi_desktop.export.figure_ops import (
    STAND_IN_FILL,
    Operators,
    filled,
    operators,
    overlays,
    pruned,
    rendered,
)
from tpi_desktop.export.ink import rgb
from tpi_desktop.export.prepared import add_form, fonts_named, scratch_canvas, stream_form
from tpi_desktop.export.styles import BOLD, FONT, INK, MUTED

log = logging.getLogger(__name__)

_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
VIEW_FILES = (("Front", "front.svg"), ("Back", "back.svg"))


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
    overlays: Mapping[str, str] = field(default_factory=dict)  # see figure_ops.overlays
    # Regions' bounding boxes as they are asked for (pure, and a curve's extrema cost).
    boxes: dict[str, tuple[float, float, float, float]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def form(self, canvas: Canvas) -> str | None:
        """Name of the form XObject that draws this view's shapes in ``canvas``'s document.

        The form is made from ``ops`` and formatted once per process (``prepared``), and added
        to a document the first time it is used there, so a combined PDF holds each view once.
        """
        ops = self.ops
        if ops is None:
            return None
        name = f"tpiBody{zlib.crc32(ops):08x}"  # the same drawing, the same name
        return add_form(canvas, name, lambda: stream_form(name, ops, self.width, self.height))

    def paste_texts(self, canvas: Canvas) -> bool:
        """Write the drawing's text (rendered once per process) into ``canvas``; False when
        it has to be drawn the slow way."""
        if self.text_ops is None:
            return False
        self.text_ops.paste(canvas)
        return True

    def bounds(self, region_id: str) -> tuple[float, float, float, float]:
        """A region's bounding box (x0, y0, x1, y1) in drawing coordinates."""
        box = self.boxes.get(region_id)
        if box is None:
            box = self.boxes[region_id] = self._bounds(region_id)
        return box

    def _bounds(self, region_id: str) -> tuple[float, float, float, float]:
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
    shapes = pruned(group, lambda node: not isinstance(node, String))
    texts = pruned(group, lambda node: isinstance(node, String))
    ops = operators(shapes, width, height)
    text_ops = rendered(texts, width, height)
    return BodyView(
        group, width, height, regions, ops, texts, text_ops, overlays(regions, width, height)
    )


def load_view(path: Path) -> BodyView | None:
    """The parsed SVG at ``path`` (cached per process), or ``None`` if it cannot be read."""
    try:
        name = os.path.abspath(path)  # not resolve(): a summary should not cost a realpath
        return _parse(name, os.stat(name).st_mtime_ns)
    except Exception:  # a broken asset must not stop a claim summary: the table still prints
        log.warning("body figure %s could not be read", path.name, exc_info=True)
        return None


def load_views(body_dir: Path | None) -> list[tuple[str, BodyView | None]]:
    """The front and back views from ``body_dir`` (each ``None`` when missing)."""
    if body_dir is None:
        return [(label, None) for label, _ in VIEW_FILES]
    return [(label, load_view(body_dir / name)) for label, name in VIEW_FILES]


def overlay_ops(view: BodyView, region_id: str, colour: colors.Color) -> Operators | None:
    """The region filled in ``colour``, as operators (``None``: draw ``_overlay`` instead):
    the region's stand-in rendering, made when the SVG was parsed, with ``colour`` put in."""
    code = view.overlays.get(region_id)
    if code is None:
        return None
    return Operators(code.replace(STAND_IN_FILL, f"{rgb(colour)} rg"))


# Values keep their view alive, so that the id() in a key is never reused while cached.
_OVERLAYS: dict[tuple[int, str, str], tuple[BodyView, Group]] = {}


def _overlay(view: BodyView, region_id: str, colour: colors.Color) -> Group:
    """The region's shape filled in ``colour``, for a view drawn through renderPDF; made once
    per process and colour (shapes are only read while drawing)."""
    key = (id(view), region_id, colour.hexval())
    cached = _OVERLAYS.get(key)
    if cached is None:
        if len(_OVERLAYS) > 2000:  # many accents or changed SVG files: start afresh
            _OVERLAYS.clear()
        shape, transform = view.regions[region_id]
        cached = _OVERLAYS[key] = (view, Group(filled(shape, colour), transform=transform))
    return cached[1]


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
        pasted = [overlay_ops(view, rid, self.accent) for rid in regions]
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
        if not fonts_named(c):
            _draw_label(c, spot, number, self.LABEL_RADIUS)
            return
        # Labels sit at region centres, so the same few recur: their operators are made once
        # (on a scratch canvas that names fonts as this document does) and pasted.
        key = (spot[0], spot[1], number, self.LABEL_RADIUS)
        code = _LABELS.get(key)
        if code is None:
            with _LABEL_LOCK:  # one scratch canvas, and exports may run in threads
                scratch = _label_canvas()
                start = len(scratch._code)
                _draw_label(scratch, spot, number, self.LABEL_RADIUS)
                code = "\n".join(scratch._code[start:])
                del scratch._code[start:]
            if len(_LABELS) > 5000:
                _LABELS.clear()
            _LABELS[key] = code
        c._code.append(code)


_LABELS: dict[tuple[float, float, int, float], str] = {}
_LABEL_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _label_canvas() -> Canvas:
    """The scratch canvas labels are drawn on: one per process (a label leaves its state as it
    found it, and its operators are taken off again), as a new canvas costs more than a label."""
    return scratch_canvas()


def _draw_label(c: Canvas, spot: tuple[float, float], number: int, radius: float) -> None:
    """A numbered white disc, inside q/Q: it leaves the canvas's state as it found it."""
    c.saveState()
    c.setFillColor(colors.white)
    c.setStrokeColor(INK)
    c.setLineWidth(0.7)
    c.circle(spot[0], spot[1], radius, fill=1, stroke=1)
    c.setFillColor(INK)
    size = 6.8 if number < 10 else 6.0
    c.setFont(BOLD if number < 100 else FONT, size)
    c.drawCentredString(spot[0], spot[1] - size * 0.35, str(number))
    c.restoreState()
