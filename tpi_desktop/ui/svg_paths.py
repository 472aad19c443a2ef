"""Read the body figure SVGs: path data into QPainterPath, regions with their ids and titles.

The picker hit-tests the drawn shapes themselves (``QPainterPath.contains``), not bounding boxes,
so it needs the region geometry as paths in viewBox coordinates. QtSvg does not hand those out,
hence this small parser of the SVG path syntax (M L H V C S Q T A Z, absolute and relative).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt, QXmlStreamReader
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

_TOKEN = re.compile(r"[MmLlHhVvCcSsQqTtAaZz]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_ARITY = {"M": 2, "L": 2, "H": 1, "V": 1, "C": 6, "S": 4, "Q": 4, "T": 2, "A": 7, "Z": 0}
_SVG = "{http://www.w3.org/2000/svg}"


def parse_path(d: str) -> QPainterPath:
    """The QPainterPath for SVG path data ``d`` (nonzero fill, like SVG's default)."""
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.WindingFill)
    tokens = _TOKEN.findall(d)
    i, cmd = 0, ""
    x = y = start_x = start_y = 0.0
    ctrl: tuple[float, float] | None = None  # last control point, for S/T reflection
    last = ""
    while i < len(tokens):
        if tokens[i].isalpha():
            cmd = tokens[i]
            i += 1
        elif not cmd:
            raise ValueError(f"path data must start with a command: {d[:40]!r}")
        upper, rel = cmd.upper(), cmd.islower()
        n = _ARITY[upper]
        args = [float(t) for t in tokens[i : i + n]]
        if len(args) < n or any(t.isalpha() for t in tokens[i : i + n]):
            raise ValueError(f"too few numbers after {cmd!r} in path data")
        i += n
        ox, oy = (x, y) if rel else (0.0, 0.0)
        if upper == "M":
            x, y = args[0] + ox, args[1] + oy
            path.moveTo(x, y)
            start_x, start_y = x, y
            cmd = "l" if rel else "L"  # further pairs are implicit line-tos
            ctrl = None
        elif upper in "LHV":
            if upper == "L":
                x, y = args[0] + ox, args[1] + oy
            elif upper == "H":
                x = args[0] + (x if rel else 0.0)
            else:
                y = args[0] + (y if rel else 0.0)
            path.lineTo(x, y)
            ctrl = None
        elif upper in "CS":
            if upper == "C":
                c1 = (args[0] + ox, args[1] + oy)
                rest = args[2:]
            else:
                c1 = (2 * x - ctrl[0], 2 * y - ctrl[1]) if ctrl and last in "CS" else (x, y)
                rest = args
            c2 = (rest[0] + ox, rest[1] + oy)
            x, y = rest[2] + ox, rest[3] + oy
            path.cubicTo(QPointF(*c1), QPointF(*c2), QPointF(x, y))
            ctrl = c2
        elif upper in "QT":
            if upper == "Q":
                q = (args[0] + ox, args[1] + oy)
                end = (args[2] + ox, args[3] + oy)
            else:
                q = (2 * x - ctrl[0], 2 * y - ctrl[1]) if ctrl and last in "QT" else (x, y)
                end = (args[0] + ox, args[1] + oy)
            path.quadTo(QPointF(*q), QPointF(*end))
            x, y = end
            ctrl = q
        elif upper == "A":
            end = (args[5] + ox, args[6] + oy)
            _arc_to(path, (x, y), args[0], args[1], args[2], bool(args[3]), bool(args[4]), end)
            x, y = end
            ctrl = None
        else:  # Z
            path.closeSubpath()
            x, y = start_x, start_y
            ctrl = None
        last = upper
    return path


def _arc_to(
    path: QPainterPath,
    p0: tuple[float, float],
    rx: float,
    ry: float,
    angle: float,
    large: bool,
    sweep: bool,
    p1: tuple[float, float],
) -> None:
    """An elliptical arc as cubic segments (SVG implementation notes, appendix B.2.4)."""
    if p0 == p1:
        return
    rx, ry = abs(rx), abs(ry)
    if rx == 0 or ry == 0:
        path.lineTo(*p1)
        return
    phi = math.radians(angle)
    cos_p, sin_p = math.cos(phi), math.sin(phi)
    dx, dy = (p0[0] - p1[0]) / 2, (p0[1] - p1[1]) / 2
    x1 = cos_p * dx + sin_p * dy
    y1 = -sin_p * dx + cos_p * dy
    scale = (x1 * x1) / (rx * rx) + (y1 * y1) / (ry * ry)
    if scale > 1:  # radii too small: scale them up just enough
        rx, ry = rx * math.sqrt(scale), ry * math.sqrt(scale)
    num = rx * rx * ry * ry - rx * rx * y1 * y1 - ry * ry * x1 * x1
    den = rx * rx * y1 * y1 + ry * ry * x1 * x1
    factor = math.sqrt(max(0.0, num / den)) * (-1 if large == sweep else 1)
    cx1, cy1 = factor * rx * y1 / ry, -factor * ry * x1 / rx
    cx = cos_p * cx1 - sin_p * cy1 + (p0[0] + p1[0]) / 2
    cy = sin_p * cx1 + cos_p * cy1 + (p0[1] + p1[1]) / 2
    theta = math.atan2((y1 - cy1) / ry, (x1 - cx1) / rx)
    delta = math.atan2((-y1 - cy1) / ry, (-x1 - cx1) / rx) - theta
    if sweep and delta < 0:
        delta += 2 * math.pi
    elif not sweep and delta > 0:
        delta -= 2 * math.pi
    segments = max(1, math.ceil(abs(delta) / (math.pi / 2)))
    step = delta / segments
    k = 4 / 3 * math.tan(step / 4)

    def point(t: float) -> tuple[float, float]:
        ex, ey = rx * math.cos(t), ry * math.sin(t)
        return cx + cos_p * ex - sin_p * ey, cy + sin_p * ex + cos_p * ey

    def deriv(t: float) -> tuple[float, float]:
        ex, ey = -rx * math.sin(t), ry * math.cos(t)
        return cos_p * ex - sin_p * ey, sin_p * ex + cos_p * ey

    t = theta
    for _ in range(segments):
        a, b = point(t), point(t + step)
        da, db = deriv(t), deriv(t + step)
        path.cubicTo(
            QPointF(a[0] + k * da[0], a[1] + k * da[1]),
            QPointF(b[0] - k * db[0], b[1] - k * db[1]),
            QPointF(*b),
        )
        t += step


@dataclass(frozen=True, slots=True)
class BodyRegion:
    """One selectable region: a catalog muscle on the patient's side, its shape, badge places.

    The shape is parsed from its SVG element on first use, and the badge places (about half a
    millisecond per region) likewise: opening the window parses none of the 150 outlines, and
    the body view parses them all once it has painted, before anyone can point.
    """

    element_id: str
    muscle_id: str
    side: str
    title: str
    element: ET.Element = field(compare=False, repr=False)
    _path: list[QPainterPath] = field(default_factory=list, compare=False, repr=False)
    _points: list[tuple[QPointF, ...]] = field(default_factory=list, compare=False, repr=False)

    @property
    def path(self) -> QPainterPath:
        """The region's outline in viewBox units."""
        if not self._path:
            self._path.append(_region_path(self.element) or QPainterPath())
        return self._path[0]

    @property
    def label_points(self) -> tuple[QPointF, ...]:
        """Places for the count badge, best first (see ``_label_points``)."""
        if not self._points:
            self._points.append(_label_points(self.path))
        return self._points[0]

    @property
    def label_point(self) -> QPointF:
        """The best place for the count badge: deepest inside the shape."""
        return self.label_points[0]

    @property
    def key(self) -> tuple[str, str]:
        """``(muscle_id, side)``: what the region selects."""
        return (self.muscle_id, self.side)


@dataclass(frozen=True, slots=True)
class BodyFigure:
    """One view of the body figure: the SVG bytes (for QSvgRenderer), its viewBox and regions.

    The regions are read from the SVG on first use: the window's first frame draws the figure
    with QSvgRenderer and needs none of them (nothing is selected yet), and the view reads them
    right after that frame. ElementTree's import and parse, 4 ms, come after it too.
    """

    name: str
    view_box: QRectF
    svg: bytes
    _regions: list[tuple[BodyRegion, ...]] = field(
        default_factory=list, compare=False, repr=False
    )

    @property
    def regions(self) -> tuple[BodyRegion, ...]:
        """Each element with an id ``<muscle>.<side>`` in ``<g id="regions">``, in SVG order."""
        if not self._regions:
            self._regions.append(_read_regions(self.svg))
        return self._regions[0]

    @property
    def regions_read(self) -> bool:
        """Whether ``regions`` has been read yet."""
        return bool(self._regions)


def _label_points(path: QPainterPath, cells: int = 24, count: int = 5) -> tuple[QPointF, ...]:
    """Places for the count badge, best first: the point deepest inside the shape (its "pole of
    inaccessibility"), then up to ``count - 1`` other deep points spread over the shape, used when
    a neighbour's badge already sits on the first.

    The shape is rasterised into a small grid and a two-pass chamfer distance transform measures
    each cell's distance from the outside: milliseconds for a whole figure, where probing
    ``QPainterPath.contains`` took seconds.
    """
    rect = path.boundingRect()
    scale = cells / max(rect.width(), rect.height(), 1e-6)
    width, height = math.ceil(rect.width() * scale) + 2, math.ceil(rect.height() * scale) + 2
    image = QImage(width, height, QImage.Format.Format_Grayscale8)
    image.fill(0)
    painter = QPainter(image)
    painter.translate(1, 1)
    painter.scale(scale, scale)
    painter.translate(-rect.left(), -rect.top())
    painter.fillPath(path, QColor(255, 255, 255))
    painter.end()
    stride = image.bytesPerLine()
    bits = bytes(image.constBits())
    far = 1e9
    dist = [0.0 if bits[y * stride + x] < 128 else far for y in range(height) for x in range(width)]
    diag = math.sqrt(2)
    for y in range(1, height - 1):  # forward pass: from above and the left
        row = y * width
        for x in range(1, width - 1):
            i = row + x
            if dist[i]:
                dist[i] = min(
                    dist[i],
                    dist[i - 1] + 1,
                    dist[i - width] + 1,
                    dist[i - width - 1] + diag,
                    dist[i - width + 1] + diag,
                )
    for y in range(height - 2, 0, -1):  # backward pass: from below and the right
        row = y * width
        for x in range(width - 2, 0, -1):
            i = row + x
            if dist[i]:
                dist[i] = min(
                    dist[i],
                    dist[i + 1] + 1,
                    dist[i + width] + 1,
                    dist[i + width + 1] + diag,
                    dist[i + width - 1] + diag,
                )
    cx, cy = (width - 1) / 2, (height - 1) / 2
    if max(dist) == 0:
        return (rect.center(),)
    # Deepest first (nearer the centre on ties); further candidates spread along the shape.
    order = sorted(
        (i for i, d in enumerate(dist) if d > 0),
        key=lambda i: (-dist[i], (i % width - cx) ** 2 + (i // width - cy) ** 2),
    )
    spacing = max(2.0, cells / 5)
    chosen: list[int] = []
    for i in order:
        if len(chosen) == count:
            break
        x, y = i % width, i // width
        if all(math.hypot(x - j % width, y - j // width) >= spacing for j in chosen):
            chosen.append(i)
    return tuple(
        QPointF(rect.left() + (i % width - 0.5) / scale, rect.top() + (i // width - 0.5) / scale)
        for i in chosen
    )


def _region_path(element: ET.Element) -> QPainterPath | None:
    tag = element.tag.removeprefix(_SVG)
    if tag == "path":
        return parse_path(element.get("d", ""))
    if tag in ("polygon", "polyline"):
        numbers = [float(n) for n in _TOKEN.findall(element.get("points", ""))]
        pairs = list(zip(numbers[::2], numbers[1::2], strict=False))
        if not pairs:
            return None
        d = "M " + " L ".join(f"{px} {py}" for px, py in pairs) + " Z"
        return parse_path(d)
    if tag in ("ellipse", "circle"):
        cx, cy = float(element.get("cx", 0)), float(element.get("cy", 0))
        rx = float(element.get("rx", element.get("r", 0)))
        ry = float(element.get("ry", element.get("r", 0)))
        path = QPainterPath()
        path.addEllipse(QPointF(cx, cy), rx, ry)
        return path
    return None


def _has_shape(element: ET.Element) -> bool:
    """Whether the element can outline a region (checked without parsing its geometry)."""
    tag = element.tag.removeprefix(_SVG)
    if tag == "path":
        return bool(element.get("d", "").strip())
    if tag in ("polygon", "polyline"):
        return bool(element.get("points", "").strip())
    return tag in ("ellipse", "circle")


def load_figure(svg_file: Path, name: str = "") -> BodyFigure:
    """One body SVG: its bytes and viewBox now, its regions when first asked for."""
    data = svg_file.read_bytes()
    reader = QXmlStreamReader(data.decode("utf-8"))
    reader.readNextStartElement()  # the root <svg>
    view_box = reader.attributes().value("viewBox") or "0 0 400 900"
    box = [float(n) for n in view_box.replace(",", " ").split()]
    return BodyFigure(name or svg_file.stem, QRectF(*box[:4]), data)


def _read_regions(data: bytes) -> tuple[BodyRegion, ...]:
    import xml.etree.ElementTree as ET  # after the first frame (see BodyFigure)

    root = ET.fromstring(data)
    regions: list[BodyRegion] = []
    group = next((g for g in root.iter(f"{_SVG}g") if g.get("id") == "regions"), root)
    for element in group.iter():
        element_id = element.get("id", "")
        if element is group or "." not in element_id:
            continue
        if not _has_shape(element):
            continue
        muscle_id, _, side = element_id.rpartition(".")
        title_el = element.find(f"{_SVG}title")
        title = (title_el.text or "").strip() if title_el is not None else ""
        regions.append(
            BodyRegion(
                element_id=element_id,
                muscle_id=element.get("data-muscle") or muscle_id,
                side=element.get("data-side") or side,
                title=title or element_id,
                element=element,
            )
        )
    return tuple(regions)
