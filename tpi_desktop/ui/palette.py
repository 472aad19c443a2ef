"""The shared look: colours, fonts and severity icons for every widget (and the PDF's accent).

One accent colour marks selection everywhere (the body figure, the site list, the PDF). Severity is
never shown by colour alone: each severity has an icon with its own shape (circle with a cross,
triangle with "!", circle with "i") and a word. Nothing is drawn below ``MIN_POINT_SIZE``.
Icons are painted with QPainter so no image files are needed; they need a QGuiApplication.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QIcon,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
    QPolygonF,
)

from tpi_desktop.domain import Severity

# Selection: the same blue as `.region.selected` in resources/body/*.svg. White text on it is
# 5.2:1 (WCAG AA for normal text), so counts drawn on a selected region stay readable.
ACCENT_HEX = "#2f6fb3"
ACCENT_HOVER_HEX = "#d9e6f2"  # hover fill on the figure and hovered rows; dark text on it is 13:1
ACCENT_DARK_HEX = "#1f4f85"  # focus rings and the accent's border
ON_ACCENT_HEX = "#ffffff"

# Neutral greys for chrome, lightest to darkest.
GREY_050_HEX = "#f7f7f8"  # panel backgrounds
GREY_100_HEX = "#eeeff1"  # disabled fills, table stripes
GREY_300_HEX = "#c9ccd1"  # borders and separators
GREY_500_HEX = "#8a8f98"  # axis lines, placeholders (not body text)
GREY_700_HEX = "#4f545c"  # secondary text: 7.4:1 on white
GREY_900_HEX = "#1f2328"  # body text

# Severity colours: text in these colours on white is at least 4.5:1.
ERROR_HEX = "#b3261e"
WARNING_HEX = "#8a5300"  # amber dark enough for text; the icon uses WARNING_FILL_HEX
WARNING_FILL_HEX = "#f0a202"
INFO_HEX = "#1a5f9e"

# Region fills on the body figure (the SVG's own .region colours, kept in step with it).
REGION_FILL_HEX = "#e6d5cc"
REGION_STROKE_HEX = "#9c8478"
REGION_DISABLED_HEX = "#eeeeee"

MIN_POINT_SIZE = 9


def color(hex_value: str) -> QColor:
    """A QColor from one of the ``*_HEX`` constants."""
    return QColor(hex_value)


ACCENT = QColor(ACCENT_HEX)
ACCENT_HOVER = QColor(ACCENT_HOVER_HEX)
ACCENT_DARK = QColor(ACCENT_DARK_HEX)
ON_ACCENT = QColor(ON_ACCENT_HEX)
GREY_050 = QColor(GREY_050_HEX)
GREY_100 = QColor(GREY_100_HEX)
GREY_300 = QColor(GREY_300_HEX)
GREY_500 = QColor(GREY_500_HEX)
GREY_700 = QColor(GREY_700_HEX)
GREY_900 = QColor(GREY_900_HEX)
ERROR = QColor(ERROR_HEX)
WARNING = QColor(WARNING_HEX)
WARNING_FILL = QColor(WARNING_FILL_HEX)
INFO = QColor(INFO_HEX)

_SEVERITY_WORDS = {Severity.ERROR: "Error", Severity.WARNING: "Warning", Severity.INFO: "Info"}
_SEVERITY_HEX = {Severity.ERROR: ERROR_HEX, Severity.WARNING: WARNING_HEX, Severity.INFO: INFO_HEX}
# Errors first, then warnings, then notes: the order findings are listed in.
SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def severity_word(severity: Severity) -> str:
    """The word shown beside the icon: "Error", "Warning" or "Info"."""
    return _SEVERITY_WORDS[Severity(severity)]


def severity_color(severity: Severity) -> QColor:
    """The text colour for a severity (always paired with its icon or word)."""
    return QColor(_SEVERITY_HEX[Severity(severity)])


def severity_pixmap(severity: Severity, size: int = 16, device_pixel_ratio: float = 1.0) -> QPixmap:
    """The severity's icon painted at ``size`` logical pixels."""
    severity = Severity(severity)
    pixmap = QPixmap(round(size * device_pixel_ratio), round(size * device_pixel_ratio))
    pixmap.setDevicePixelRatio(device_pixel_ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = float(size)
    inset = s * 0.06
    box = QRectF(inset, inset, s - 2 * inset, s - 2 * inset)
    if severity is Severity.WARNING:
        triangle = QPolygonF(
            [QPointF(s / 2, inset), QPointF(s - inset, s - inset), QPointF(inset, s - inset)]
        )
        painter.setPen(QPen(QColor(WARNING_HEX), max(1.0, s / 16)))
        painter.setBrush(QColor(WARNING_FILL_HEX))
        painter.drawPolygon(triangle)
        mark = QColor(GREY_900_HEX)
        painter.setPen(QPen(mark, s * 0.12, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawLine(QPointF(s / 2, s * 0.38), QPointF(s / 2, s * 0.64))
        painter.drawPoint(QPointF(s / 2, s * 0.79))
    else:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(severity_color(severity))
        painter.drawEllipse(box)
        pen = QPen(QColor(ON_ACCENT_HEX), s * 0.13, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        if severity is Severity.ERROR:
            a, b = s * 0.33, s * 0.67
            painter.drawLine(QPointF(a, a), QPointF(b, b))
            painter.drawLine(QPointF(a, b), QPointF(b, a))
        else:
            painter.drawPoint(QPointF(s / 2, s * 0.29))
            painter.drawLine(QPointF(s / 2, s * 0.46), QPointF(s / 2, s * 0.74))
    painter.end()
    return pixmap


@cache
def severity_icon(severity: Severity) -> QIcon:
    """A QIcon for the severity, with crisp pixmaps at 16, 20, 24 and 32 px (and 2× for each)."""
    icon = QIcon()
    for size in (16, 20, 24, 32):
        icon.addPixmap(severity_pixmap(severity, size))
        icon.addPixmap(severity_pixmap(severity, size, 2.0))
    return icon


def ui_font(point_size: float | None = None, *, bold: bool = False) -> QFont:
    """The system UI font, never below ``MIN_POINT_SIZE``."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
    if point_size is not None:
        font.setPointSizeF(max(float(MIN_POINT_SIZE), point_size))
    elif font.pointSizeF() > 0 and font.pointSizeF() < MIN_POINT_SIZE:
        font.setPointSizeF(MIN_POINT_SIZE)
    font.setBold(bold)
    return font


def mono_font(point_size: float | None = None) -> QFont:
    """The system fixed-pitch font (codes, modifiers, NDCs), so columns align."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setStyleHint(QFont.StyleHint.Monospace)
    size = point_size if point_size is not None else max(font.pointSizeF(), 10.0)
    font.setPointSizeF(max(float(MIN_POINT_SIZE), size))
    return font


def code_font(point_size: float = 28) -> QFont:
    """The large bold monospaced face for the procedure code at the head of the coding panel."""
    font = mono_font(point_size)
    font.setBold(True)
    return font


def count_badge_path(center: QPointF, radius: float) -> QPainterPath:
    """The round badge a count is drawn in (the figure and the PDF use the same shape)."""
    path = QPainterPath()
    path.addEllipse(center, radius, radius)
    return path


def apply_to_application(app: QGuiApplication) -> None:
    """The application-wide palette: Fusion's, except that disabled inputs (a final, read-only
    visit) get a grey field like disabled combo boxes, instead of staying white."""
    colors = app.palette()
    colors.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Base, GREY_100)
    colors.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, GREY_700)
    app.setPalette(colors)
