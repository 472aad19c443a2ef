"""Painting for the body figure views: the fitted transform, the cached base, states and badges.

The SVG itself (outline, labels and every region in its normal look) is drawn once per size by
QSvgRenderer into a pixmap at the screen's pixel ratio; each repaint then only blits that pixmap
and fills the few regions that are hovered, selected or focused, in viewBox coordinates under
one transform, so a click repaints in well under a millisecond.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap, QTransform
from PySide6.QtSvg import QSvgRenderer

from tpi_desktop.ui import palette
from tpi_desktop.ui.svg_paths import BodyRegion

Key = tuple[str, str]


def fit_transform(view_box: QRectF, rect: QRectF) -> QTransform:
    """ViewBox to ``rect``: uniform scale (aspect ratio kept), centred."""
    scale = max(1e-6, min(rect.width() / view_box.width(), rect.height() / view_box.height()))
    dx = rect.left() + (rect.width() - view_box.width() * scale) / 2 - view_box.left() * scale
    dy = rect.top() + (rect.height() - view_box.height() * scale) / 2 - view_box.top() * scale
    return QTransform(scale, 0, 0, scale, dx, dy)


def render_base(
    renderer: QSvgRenderer,
    view_box: QRectF,
    transform: QTransform,
    size: QSize,
    ratio: float,
    disabled: Sequence[BodyRegion],
) -> QPixmap:
    """The SVG as the PDF draws it, with regions that cannot be picked greyed out."""
    pixmap = QPixmap(round(size.width() * ratio), round(size.height() * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, transform.mapRect(view_box))
    painter.setTransform(transform)
    painter.setPen(QPen(palette.GREY_300, 0.8))
    painter.setBrush(QColor(palette.REGION_DISABLED_HEX))
    for region in disabled:
        painter.drawPath(region.path)
    painter.end()
    return pixmap


def paint_states(
    painter: QPainter,
    transform: QTransform,
    regions: Sequence[BodyRegion],
    counts: Mapping[Key, int],
    hover: Key | None,
    focus: BodyRegion | None,
) -> None:
    """Fill selected regions in the accent (darker under the pointer), hovered ones lightly, and
    ring the keyboard-focused one with a dashed line."""
    painter.save()
    painter.setTransform(transform)
    scale = transform.m11()
    for region in regions:
        selected = region.key in counts
        hovered = region.key == hover
        if selected:
            painter.setPen(QPen(palette.ACCENT_DARK, 1.2 / scale))
            painter.setBrush(palette.ACCENT_DARK if hovered else palette.ACCENT)
            painter.drawPath(region.path)
        elif hovered:
            painter.setPen(QPen(palette.ACCENT, 1.2 / scale))
            painter.setBrush(palette.ACCENT_HOVER)
            painter.drawPath(region.path)
    if focus is not None:
        painter.setPen(QPen(palette.GREY_900, 2.0 / scale, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(focus.path)
    painter.restore()


def _free_place(
    transform: QTransform,
    region: BodyRegion,
    radius: float,
    placed: Sequence[tuple[QPointF, float]],
) -> QPointF:
    """The region's best badge place that no badge already covers (else the least covered)."""

    def clearance(point: QPointF) -> float:
        return min(
            (math.dist((point.x(), point.y()), (p.x(), p.y())) - r - radius for p, r in placed),
            default=math.inf,
        )

    candidates = [transform.map(p) for p in region.label_points]
    for point in candidates:
        if clearance(point) >= 1:
            return point
    return max(candidates, key=clearance)


def paint_badges(
    painter: QPainter,
    transform: QTransform,
    regions: Sequence[BodyRegion],
    counts: Mapping[Key, int],
) -> None:
    """The injection count in a white disc at each selected region's label point (9 pt bold)."""
    if not counts:
        return
    painter.setFont(palette.ui_font(9, bold=True))
    metrics = painter.fontMetrics()
    # As small as a 9 pt digit allows, so neighbouring small regions stay visible.
    base = metrics.ascent() / 2 + 2.5
    placed: list[tuple[QPointF, float]] = []
    for region in regions:
        count = counts.get(region.key)
        if count is None:
            continue
        radius = max(base, metrics.horizontalAdvance(str(count)) / 2 + 3)
        centre = _free_place(transform, region, radius, placed)
        placed.append((centre, radius))
        box = QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius)
        painter.setPen(QPen(palette.ACCENT_DARK, 1.2))
        painter.setBrush(palette.ON_ACCENT)
        painter.drawEllipse(box)
        painter.setPen(palette.ACCENT_DARK)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, str(count))
