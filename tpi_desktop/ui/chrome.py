"""The window's chrome without Qt style sheets: secondary text, bold text, filled panels, the
form's titled sections and rounded badges.

Why not style sheets: a widget with a style sheet (or any ancestor with one) is polished by
``QStyleSheetStyle``, which re-resolves every rule each time a child is added, shown or changes
state. The window's 30-odd small style sheets cost about a third of building it (about 30 ms of
every start) for what a palette colour, a font weight or a few lines of ``paintEvent`` give.
Style sheets remain in the dialogs, where nobody waits for them.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QGroupBox, QLabel, QToolButton, QWidget

from tpi_desktop.ui import palette


def text_color(widget: QWidget, hex_value: str) -> QWidget:
    """Draw ``widget``'s text (labels, inputs) in ``hex_value``, in every state."""
    colors = widget.palette()
    color = QColor(hex_value)
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
        colors.setColor(role, color)
    widget.setPalette(colors)
    return widget


def secondary(widget: QWidget) -> QWidget:
    """Secondary text: grey 700, 7.4:1 on white."""
    return text_color(widget, palette.GREY_700_HEX)


def weight(widget: QWidget, value: QFont.Weight = QFont.Weight.DemiBold) -> QWidget:
    """Set the weight of ``widget``'s own font (600 by default)."""
    font = widget.font()
    font.setWeight(value)
    widget.setFont(font)
    return widget


def fill(widget: QWidget, hex_value: str) -> QWidget:
    """Paint ``widget``'s background in ``hex_value``."""
    colors = widget.palette()
    colors.setColor(QPalette.ColorRole.Window, QColor(hex_value))
    widget.setPalette(colors)
    widget.setAutoFillBackground(True)
    return widget


class Section(QGroupBox):
    """A titled group of the form: a bold title above a white box with a rounded grey border.

    The children keep the normal weight (only the title is painted bold). The section's own
    margins leave room for the title and a border; the caller's layout adds its padding.
    """

    RADIUS = 6.0
    INDENT = 16  # the title's x, from the section's left edge
    GAP = 2  # between the title and the box
    BORDER = 9  # left, right and bottom margin (inside the box), before the layout's own

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self._fit()

    def setTitle(self, title: str) -> None:
        """A new title (QGroupBox would recompute its frame: keep ours)."""
        super().setTitle(title)
        self._fit()

    def _fit(self) -> None:
        self._title_font = QFont(self.font())
        self._title_font.setWeight(QFont.Weight.DemiBold)
        self.setContentsMargins(self.BORDER, self.box_top() + self.BORDER, self.BORDER, self.BORDER)

    def box_top(self) -> int:
        """Where the box begins, below the title."""
        return QFontMetrics(self._title_font).height() + self.GAP

    def changeEvent(self, event: QEvent) -> None:
        """After a style or font change QGroupBox recomputes its frame: keep ours."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()

    def paintEvent(self, event: QPaintEvent) -> None:
        """The box and its title; the children paint themselves."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = QRectF(self.rect()).adjusted(0.5, self.box_top() + 0.5, -0.5, -0.5)
        painter.setPen(QPen(palette.GREY_300, 1.0))
        painter.setBrush(QColor("white"))
        painter.drawRoundedRect(box, self.RADIUS, self.RADIUS)
        painter.setFont(self._title_font)
        group = QPalette.ColorGroup.Active if self.isEnabled() else QPalette.ColorGroup.Disabled
        painter.setPen(self.palette().color(group, QPalette.ColorRole.WindowText))
        ascent = QFontMetrics(self._title_font).ascent()
        painter.drawText(QPointF(self.INDENT, ascent), self.title())
        painter.end()


class Pill(QLabel):
    """A label on a rounded coloured background (the visit status badge, the read-only note)."""

    def __init__(self, radius: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._radius = radius
        self._background = QColor(palette.GREY_100_HEX)

    def set_colors(self, background_hex: str, text_hex: str) -> None:
        """Background and text colour."""
        self._background = QColor(background_hex)
        text_color(self, text_hex)
        self.update()

    def background(self) -> QColor:
        """The background colour (for tests and the screenshot check)."""
        return QColor(self._background)

    def paintEvent(self, event: QPaintEvent) -> None:
        """The rounded background, then the text as a QLabel draws it."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._background)
        radius = min(self._radius, self.height() / 2)
        painter.drawRoundedRect(QRectF(self.rect()), radius, radius)
        painter.end()
        super().paintEvent(event)


class SegmentButton(QToolButton):
    """One half of a two-way segmented toggle (Right | Left): white, or the accent when checked.

    ``first`` rounds the left corners and draws the divider; the second rounds the right ones and
    leaves out its left border, so the pair reads as one control. Focus is a 2 px dark ring.
    """

    RADIUS = 4.0

    def __init__(self, text: str, *, first: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setText(text)
        self.setCheckable(True)
        self._first = first

    def sizeHint(self) -> QSize:
        """The text with 8 px each side, and the height of a line edit."""
        metrics = self.fontMetrics()
        return QSize(metrics.horizontalAdvance(self.text()) + 18, max(metrics.height() + 10, 24))

    def minimumSizeHint(self) -> QSize:
        """As small as its size hint (the text never clips)."""
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        """The segment, its border and its text."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        checked = self.isChecked()
        focused = self.hasFocus()
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        if not self._first:
            rect.adjust(-1.0, 0, 0, 0)  # under the first segment's divider
        shape = _segment_path(rect, self.RADIUS, left=self._first, right=not self._first)
        if not self.isEnabled():  # a read-only visit: the chosen side stays visible, greyed
            fill = palette.GREY_300 if checked else palette.GREY_100
            border = palette.GREY_300
            text = palette.GREY_900 if checked else palette.GREY_500
        elif checked:
            fill, border, text = palette.ACCENT, palette.ACCENT_DARK, palette.ON_ACCENT
        else:
            fill, border, text = QColor("white"), palette.GREY_300, palette.GREY_900
        if focused:
            border = palette.ACCENT_DARK
        painter.fillPath(shape, fill)
        painter.setPen(QPen(border, 2.0 if focused else 1.0))
        painter.setClipRect(QRectF(self.rect()))
        painter.drawPath(shape)
        painter.setClipping(False)
        painter.setPen(text)
        painter.setFont(self.font())
        painter.drawText(QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, self.text())
        painter.end()


def _segment_path(rect: QRectF, radius: float, *, left: bool, right: bool) -> QPainterPath:
    """``rect`` with rounded corners on the chosen sides only."""
    x0, y0, x1, y1 = rect.left(), rect.top(), rect.right(), rect.bottom()
    rl, rr, d = (radius if left else 0.0), (radius if right else 0.0), 2 * radius
    path = QPainterPath(QPointF(x0 + rl, y0))
    path.lineTo(x1 - rr, y0)
    if rr:
        path.arcTo(QRectF(x1 - d, y0, d, d), 90, -90)
    path.lineTo(x1, y1 - rr)
    if rr:
        path.arcTo(QRectF(x1 - d, y1 - d, d, d), 0, -90)
    path.lineTo(x0 + rl, y1)
    if rl:
        path.arcTo(QRectF(x0, y1 - d, d, d), 270, -90)
    path.lineTo(x0, y0 + rl)
    if rl:
        path.arcTo(QRectF(x0, y0, d, d), 180, -90)
    path.closeSubpath()
    return path
