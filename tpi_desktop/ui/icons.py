"""Toolbar and menu icons, drawn with QPainter: no image files, sharp at any scale.

Why not the style's standard pixmaps: Fusion gave "Save draft" and "Export PDF" the same floppy
disk and "Amend" a details-view grid, and importing ``QStyle`` for them made PySide6 build that
class's ten Python enums, about 5 ms of every start. Each icon here is drawn on a 24-unit grid
in the window's ink grey, with the accent (or the FINAL green) for the part that says what the
command does; Qt greys them out itself when an action is disabled.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QIconEngine, QPainter, QPainterPath, QPen, QPixmap

from tpi_desktop.ui import palette

FINAL_GREEN_HEX = "#1e7a3c"  # the FINAL badge's green
_INK = QColor(palette.GREY_700_HEX)
_WIDTH = 1.8  # stroke width, in grid units

Draw = Callable[[QPainter], None]


def _pen(color: QColor, width: float = _WIDTH) -> QPen:
    return QPen(
        color, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin
    )


def _page(p: QPainter) -> None:
    """A sheet with a folded top-right corner."""
    path = QPainterPath(QPointF(6, 3))
    path.lineTo(14, 3)
    path.lineTo(19, 8)
    path.lineTo(19, 21)
    path.lineTo(6, 21)
    path.closeSubpath()
    p.setPen(_pen(_INK))
    p.setBrush(QColor("white"))
    p.drawPath(path)
    p.drawPolyline([QPointF(14, 3), QPointF(14, 8), QPointF(19, 8)])


def _new_visit(p: QPainter) -> None:
    _page(p)
    p.setPen(_pen(palette.ACCENT, 2.2))
    p.drawLine(QPointF(12.5, 11), QPointF(12.5, 18))
    p.drawLine(QPointF(9, 14.5), QPointF(16, 14.5))


def _open_database(p: QPainter) -> None:
    path = QPainterPath(QPointF(3, 6))
    path.lineTo(9, 6)
    path.lineTo(11, 8)
    path.lineTo(21, 8)
    path.lineTo(21, 19)
    path.lineTo(3, 19)
    path.closeSubpath()
    p.setPen(_pen(_INK))
    p.setBrush(palette.ACCENT_HOVER)
    p.drawPath(path)


def _save(p: QPainter) -> None:
    p.setPen(_pen(_INK))
    p.setBrush(QColor("white"))
    p.drawRoundedRect(QRectF(4, 4, 16, 16), 2, 2)
    p.setBrush(palette.ACCENT)
    p.setPen(_pen(palette.ACCENT_DARK, 1.2))
    p.drawRect(QRectF(8, 4.9, 8, 4.6))
    p.setBrush(QColor("white"))
    p.setPen(_pen(_INK, 1.4))
    p.drawRect(QRectF(7.5, 13, 9, 6.1))


def _finalize(p: QPainter) -> None:
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(FINAL_GREEN_HEX))
    p.drawEllipse(QRectF(3, 3, 18, 18))
    p.setPen(_pen(QColor("white"), 2.4))
    p.drawPolyline([QPointF(7.5, 12.5), QPointF(10.8, 15.8), QPointF(16.5, 8.8)])


def _amend(p: QPainter) -> None:
    _page(p)
    p.setPen(_pen(palette.ACCENT_DARK, 1.2))
    p.setBrush(palette.ACCENT)
    pencil = QPainterPath(QPointF(11, 18.5))
    pencil.lineTo(11.8, 15.2)
    pencil.lineTo(20.2, 6.8)
    pencil.lineTo(22.7, 9.3)
    pencil.lineTo(14.3, 17.7)
    pencil.closeSubpath()
    p.drawPath(pencil)


def _export_pdf(p: QPainter) -> None:
    _page(p)
    p.setPen(_pen(palette.ACCENT, 2.2))
    p.drawLine(QPointF(9, 14), QPointF(22, 14))
    p.drawPolyline([QPointF(18.5, 10.5), QPointF(22, 14), QPointF(18.5, 17.5)])


def _curved_arrow(p: QPainter, mirror: bool) -> None:
    if mirror:
        p.translate(24, 0)
        p.scale(-1, 1)
    path = QPainterPath(QPointF(7, 9))
    path.lineTo(15, 9)
    path.cubicTo(QPointF(22, 9), QPointF(22, 19), QPointF(15, 19))
    path.lineTo(10, 19)
    p.setPen(_pen(_INK, 2.0))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(path)
    p.setPen(_pen(palette.ACCENT, 2.2))
    p.drawPolyline([QPointF(10.5, 5.5), QPointF(7, 9), QPointF(10.5, 12.5)])


def _undo(p: QPainter) -> None:
    _curved_arrow(p, mirror=False)


def _redo(p: QPainter) -> None:
    _curved_arrow(p, mirror=True)


def _visits(p: QPainter) -> None:
    for y in (6.5, 12, 17.5):
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(palette.ACCENT)
        p.drawEllipse(QPointF(5.5, y), 1.8, 1.8)
        p.setPen(_pen(_INK, 2.0))
        p.drawLine(QPointF(10, y), QPointF(20, y))


_DRAWINGS: dict[str, Draw] = {
    "new_visit": _new_visit,
    "open_database": _open_database,
    "save": _save,
    "finalize": _finalize,
    "amend": _amend,
    "export_pdf": _export_pdf,
    "undo": _undo,
    "redo": _redo,
    "visits": _visits,
}
NAMES = tuple(_DRAWINGS)


def pixmap(
    name: str, size: int, device_pixel_ratio: float = 1.0, *, disabled: bool = False
) -> QPixmap:
    """The icon ``name`` painted at ``size`` logical pixels (faded when ``disabled``)."""
    side = round(size * device_pixel_ratio)
    image = QPixmap(side, side)
    image.setDevicePixelRatio(device_pixel_ratio)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    _draw(painter, name, QRectF(0, 0, size, size), disabled)
    painter.end()
    return image


def _draw(painter: QPainter, name: str, rect: QRectF, disabled: bool) -> None:
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if disabled:
        painter.setOpacity(0.35)
    side = min(rect.width(), rect.height())
    painter.translate(rect.center().x() - side / 2, rect.center().y() - side / 2)
    painter.scale(side / 24, side / 24)
    _DRAWINGS[name](painter)
    painter.restore()


class _Engine(QIconEngine):
    """Paints the icon at whatever size and pixel density Qt asks for, when it asks: nothing
    is drawn ahead (a toolbar needs one size of each, not eight)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self._name = name

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        _draw(painter, self._name, QRectF(rect), mode == QIcon.Mode.Disabled)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        side = min(size.width(), size.height())
        return pixmap(self._name, side, scale, disabled=mode == QIcon.Mode.Disabled)

    def clone(self) -> QIconEngine:
        return _Engine(self._name)


@cache
def icon(name: str) -> QIcon:
    """The icon ``name``, drawn on demand at any size."""
    if name not in _DRAWINGS:
        raise KeyError(name)
    return QIcon(_Engine(name))
