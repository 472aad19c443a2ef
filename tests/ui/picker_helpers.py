"""Shared helpers for the body picker tests: regions, inside/outside points, clicks, pixels."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QWheelEvent
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from tpi_desktop import paths
from tpi_desktop.ui import palette
from tpi_desktop.ui.body_picker import BodyPicker
from tpi_desktop.ui.body_scene import BodyView
from tpi_desktop.ui.svg_paths import BodyRegion

SVG = "{http://www.w3.org/2000/svg}"


def region_ids(view: str) -> list[str]:
    """Region ids read straight from the file (collection time: no Qt needed)."""
    root = ET.parse(paths.resource("body", f"{view}.svg")).getroot()
    group = next((g for g in root.iter(f"{SVG}g") if g.get("id") == "regions"), None)
    if group is None:
        return []
    return [e.get("id", "") for e in group.iter() if "." in e.get("id", "")]


ALL_REGIONS = [(view, rid) for view in ("front", "back") for rid in region_ids(view)]


def find_region(view: BodyView, element_id: str) -> BodyRegion:
    return next(r for r in view.regions() if r.element_id == element_id)


def _in(path_list: list, p: QPointF) -> bool:
    return any(path.contains(p) for path in path_list)


def inside_point(view: BodyView, region: BodyRegion) -> QPoint:
    """A pixel well inside ``region``: 2 px clear of its edge where it is wide enough."""
    return inside_point_and_clearance(view, region)[0]


def inside_point_and_clearance(view: BodyView, region: BodyRegion) -> tuple[QPoint, int]:
    for clearance in (2, 1, 0):
        point = _inside_point(view, region, clearance)
        if point is not None:
            return point, clearance
    raise AssertionError(f"no pixel inside {region.element_id}")


def _inside_point(view: BodyView, region: BodyRegion, clearance: int) -> QPoint | None:
    """A widget pixel inside ``region`` (with neighbours ``clearance`` px away), near its middle."""
    transform = view.view_transform()
    inverse = transform.inverted()[0]
    others = [r.path for r in view.regions() if r is not region]
    rect = transform.mapRect(region.path.boundingRect()).toAlignedRect()
    centre = rect.center()
    candidates = [
        QPoint(x, y)
        for x in range(rect.left(), rect.right() + 1)
        for y in range(rect.top(), rect.bottom() + 1)
    ]
    candidates.sort(key=lambda q: (q.x() - centre.x()) ** 2 + (q.y() - centre.y()) ** 2)
    offsets = [(0, 0), (clearance, 0), (-clearance, 0), (0, clearance), (0, -clearance)]
    for q in candidates:
        probes = [inverse.map(QPointF(q.x() + dx, q.y() + dy)) for dx, dy in offsets]
        if all(region.path.contains(p) for p in probes) and not any(_in(others, p) for p in probes):
            return q
    return None


def outside_point(view: BodyView, region: BodyRegion, start: QPoint) -> QPoint:
    """The nearest pixel outside every region (by 2 px), walking out from ``start``."""
    inverse = view.view_transform().inverted()[0]
    paths_all = [r.path for r in view.regions()]
    best: QPoint | None = None
    for k in range(16):
        angle = k * math.pi / 8
        for step in range(1, 120):
            q = QPoint(
                round(start.x() + step * math.cos(angle)), round(start.y() + step * math.sin(angle))
            )
            if not view.rect().adjusted(4, 4, -4, -4).contains(q):
                break
            probes = [
                inverse.map(QPointF(q.x() + dx, q.y() + dy))
                for dx in (-2, 0, 2)
                for dy in (-2, 0, 2)
            ]
            if not any(_in(paths_all, p) for p in probes):
                if best is None or (q - start).manhattanLength() < (best - start).manhattanLength():
                    best = q
                break
    assert best is not None, f"no free pixel near {region.element_id}"
    return best


def svg_image(view: BodyView) -> QImage:
    """The view's SVG file drawn by QSvgRenderer alone, at the view's size and placement."""
    image = QImage(view.size(), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    renderer = QSvgRenderer(str(paths.resource("body", f"{view.figure.name}.svg")))
    renderer.render(painter, view.view_transform().mapRect(view.figure.view_box))
    painter.end()
    return image


def near(colour: QColor, hex_value: str, tolerance: int = 12) -> bool:
    want = QColor(hex_value)
    return all(
        abs(a - b) <= tolerance for a, b in zip(colour.getRgb()[:3], want.getRgb()[:3], strict=True)
    )


def accent_pixels(view: BodyView, region: BodyRegion) -> int:
    """Pixels in the accent colours (dark while hovered) in the region's box, as painted now."""
    image = view.grab().toImage()
    box = view.view_transform().mapRect(region.path.boundingRect()).toAlignedRect()
    box = box.intersected(image.rect())
    return sum(
        near(image.pixelColor(x, y), palette.ACCENT_HEX, 6)
        or near(image.pixelColor(x, y), palette.ACCENT_DARK_HEX, 6)
        for x in range(box.left(), box.right() + 1)
        for y in range(box.top(), box.bottom() + 1)
    )


def click(qtbot, view: BodyView, pos: QPoint) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=pos)


def wheel(view: BodyView, pos: QPoint, delta: int) -> None:
    event = QWheelEvent(
        QPointF(pos),
        QPointF(view.mapToGlobal(pos)),
        QPoint(0, 0),
        QPoint(0, delta),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view, event)


def pick(qtbot, picker: BodyPicker, element_id: str) -> tuple[BodyView, QPoint]:  # type: ignore[no-untyped-def]
    """Click a region on whichever view draws it (back first); returns the view and the point."""
    for view in (picker.back, picker.front):
        if any(r.element_id == element_id for r in view.regions()):
            pos = inside_point(view, find_region(view, element_id))
            with qtbot.waitSignal(picker.selectionChanged, timeout=1000):
                click(qtbot, view, pos)
            return view, pos
    raise AssertionError(f"{element_id} is not drawn")
