"""One view (front or back) of the body figure: draws the SVG and lets the user pick regions.

The SVG file is drawn by QSvgRenderer, as the PDF draws it, into a cached pixmap; region states
(hover, selected with the injection count, disabled, keyboard focus) are painted on top from the
parsed region paths (see ``body_paint``). Hit-testing uses the region shapes
(``QPainterPath.contains``). The view owns no selection: it shows the counts its picker hands it
and asks for changes through ``countRequested``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QTransform,
    QWheelEvent,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QMenu, QSizePolicy, QToolTip, QWidget

from tpi_desktop.ui import palette
from tpi_desktop.ui.body_paint import fit_transform, paint_badges, paint_states, render_base
from tpi_desktop.ui.svg_paths import BodyFigure, BodyRegion

Key = tuple[str, str]
MAX_COUNT = 20
MENU_COUNTS = range(1, 11)
_MARGIN = 3.0  # room for the focus ring


class BodyView(QWidget):
    """One body figure view. ``countRequested(muscle_id, side, count)``: 0 means remove."""

    countRequested = Signal(str, str, int)
    hoverChanged = Signal(object)  # the hovered key, or None

    def __init__(
        self,
        figure: BodyFigure,
        label: Callable[[str, str], str],
        selectable: Callable[[str], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._figure = figure
        self._label = label
        self._renderer = QSvgRenderer(figure.svg)
        self._selectable = selectable
        self._bounds: list[QRectF] = []  # of each outline, on the first hit test
        self._enabled_list: list[bool] | None = None  # see _enabled
        self._keyboard_order: list[int] | None = None  # found on first keyboard use
        self._counts: Mapping[Key, int] = {}
        self._hover: Key | None = None
        self._pressed: Key | None = None
        self._focus_pos = -1  # index into _order of the keyboard-focused region
        self._read_only = False
        self._wheel_rest = 0
        self._transform = QTransform()
        self._inverse = QTransform()
        self._transform_size = QSize()
        self._cache: QPixmap | None = None
        self._cache_key: tuple[object, ...] = ()
        self._cache_has_disabled = False  # the cache greys the regions that cannot be picked
        self._base_tip = (
            f"Body figure, {figure.name} view: click a muscle to select it, click again to "
            "remove it; the wheel or the right-click menu sets the injection count"
        )
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(f"Body figure, {figure.name} view")
        self.setAccessibleDescription(
            "Arrow keys move between muscles, Space selects or removes, plus and minus change "
            "the count, the menu key opens the count menu."
        )
        self.setToolTip(self._base_tip)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    # --- public -------------------------------------------------------------------------------
    @property
    def _regions(self) -> tuple[BodyRegion, ...]:
        return self._figure.regions  # read from the SVG on first use (see BodyFigure)

    @property
    def _enabled(self) -> list[bool]:
        """Whether each region can be picked (a muscle of the catalog)."""
        if self._enabled_list is None:
            self._enabled_list = [self._selectable(r.muscle_id) for r in self._regions]
        return self._enabled_list

    @property
    def figure(self) -> BodyFigure:
        """The parsed figure this view draws."""
        return self._figure

    def regions(self) -> tuple[BodyRegion, ...]:
        """The selectable regions of this view."""
        return self._regions

    def set_counts(self, counts: Mapping[Key, int]) -> None:
        """Show these selected keys and counts (the picker's state, not copied)."""
        self._counts = counts
        self.update()

    def set_hover(self, key: Key | None) -> None:
        """Highlight ``key`` (hovered in the other view) without a tooltip."""
        if key != self._hover:
            self._hover = key
            self.update()

    def set_read_only(self, read_only: bool) -> None:
        """Show the selection but refuse changes."""
        self._read_only = read_only
        self.update()

    def view_transform(self) -> QTransform:
        """The map from viewBox coordinates to widget coordinates (aspect ratio kept, centred)."""
        self._update_transform()
        return QTransform(self._transform)

    def region_at(self, pos: QPointF) -> BodyRegion | None:
        """The region under widget point ``pos``, by its shape, or ``None``."""
        index = self._index_at(pos)
        return None if index is None else self._regions[index]

    # --- geometry -----------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        return QSize(180, self.heightForWidth(180))

    def minimumSizeHint(self) -> QSize:
        return QSize(120, self.heightForWidth(120))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        box = self._figure.view_box
        return round((width - 2 * _MARGIN) * box.height() / box.width() + 2 * _MARGIN)

    @property
    def _order(self) -> list[int]:
        """Keyboard order: top to bottom, then left to right, by the badge point."""
        if self._keyboard_order is None:
            regions = self._regions
            self._keyboard_order = sorted(
                range(len(regions)),
                key=lambda i: (round(regions[i].label_point.y() / 12), regions[i].label_point.x()),
            )
        return self._keyboard_order

    def _update_transform(self) -> None:
        # Recomputed only when the size changes: hit tests and paints share the cached one.
        if self._transform_size == self.size():
            return
        avail = QRectF(self.rect()).adjusted(_MARGIN, _MARGIN, -_MARGIN, -_MARGIN)
        self._transform = fit_transform(self._figure.view_box, avail)
        self._inverse = self._transform.inverted()[0]
        self._transform_size = self.size()

    def _index_at(self, pos: QPointF) -> int | None:
        self._update_transform()
        p = self._inverse.map(QPointF(pos))
        self._warm()
        for index, (region, bounds) in enumerate(zip(self._regions, self._bounds, strict=True)):
            if bounds.contains(p) and region.path.contains(p):
                return index
        return None

    def _key_at(self, pos: QPointF) -> Key | None:
        index = self._index_at(pos)
        return None if index is None or not self._enabled[index] else self._regions[index].key

    # --- painting -----------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        self._update_transform()
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._base_pixmap())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        has_focus = self.hasFocus() and self._focus_pos >= 0
        focus = self._regions[self._order[self._focus_pos]] if has_focus else None
        hover = None if self._read_only else self._hover
        if self._counts or hover or focus:  # (the first frame has none: no region is read)
            paint_states(painter, self._transform, self._regions, self._counts, hover, focus)
            paint_badges(painter, self._transform, self._regions, self._counts)
        if self.hasFocus():
            painter.setPen(QPen(palette.ACCENT_DARK, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 4, 4)
        painter.end()
        if not self._bounds:  # the regions, read just after the first paint (see BodyFigure)
            QTimer.singleShot(0, self._warm)

    def _warm(self) -> None:
        """Read the regions, parse every outline and note its bounds (hit tests check the
        bounds first). A region that cannot be picked is greyed from now on."""
        if not self._bounds:
            provisional = self._cache is not None and not self._cache_has_disabled
            self._bounds = [r.path.boundingRect() for r in self._regions]
            if provisional and not all(self._enabled):
                self._cache = None
                self.update()

    def _base_pixmap(self) -> QPixmap:
        """The SVG as drawn (plus greyed regions), cached until the size or pixel ratio changes."""
        key = (self.size(), self.devicePixelRatioF())
        if self._cache is None or key != self._cache_key:
            # Before the regions are read (the first frame), none is drawn as disabled: _warm
            # redraws should any be.
            self._cache_has_disabled = self._figure.regions_read
            disabled = (
                [r for r, ok in zip(self._regions, self._enabled, strict=True) if not ok]
                if self._cache_has_disabled
                else []
            )
            self._cache = render_base(
                self._renderer, self._figure.view_box, self._transform, *key, disabled
            )
            self._cache_key = key
        return self._cache

    # --- mouse --------------------------------------------------------------------------------
    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        key = self._key_at(event.position())
        if key != self._hover:
            self._hover = key
            tip = self._label(*key) if key else self._base_tip
            self.setToolTip(tip)
            if QToolTip.isVisible():
                QToolTip.showText(event.globalPosition().toPoint(), tip, self)
            clickable = key is not None and not self._read_only
            cursor = Qt.CursorShape.PointingHandCursor if clickable else Qt.CursorShape.ArrowCursor
            self.setCursor(cursor)
            self.hoverChanged.emit(key)
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: object) -> None:
        if self._hover is not None:
            self._hover = None
            self.setToolTip(self._base_tip)
            self.hoverChanged.emit(None)
            self.update()
        super().leaveEvent(event)  # type: ignore[arg-type]

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._pressed = self._key_at(event.position())
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            index = self._index_at(event.position())
            if index is not None and self._enabled[index]:
                key = self._regions[index].key
                if key == self._pressed:
                    self._focus_pos = self._order.index(index)
                    self._toggle(key)
            self._pressed = None
        super().mouseReleaseEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        key = self._key_at(event.position())
        if key is None or key not in self._counts or self._read_only:
            event.ignore()  # let the surrounding scroll area scroll
            return
        # High-resolution wheels send fractions of a 120 step: add them up.
        self._wheel_rest += event.angleDelta().y()
        steps = int(self._wheel_rest / 120)
        if steps:
            self._wheel_rest -= steps * 120
            self._request(key, max(1, self._counts[key] + steps))
        event.accept()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if event.reason() == QContextMenuEvent.Reason.Mouse:
            key = self._key_at(QPointF(event.pos()))
        else:
            key = self._focused_key()
        if key is None or self._read_only:
            return
        menu = self.context_menu(key)
        pos = event.globalPos()
        if event.reason() != QContextMenuEvent.Reason.Mouse and self._focus_pos >= 0:
            point = self._regions[self._order[self._focus_pos]].label_point
            pos = self.mapToGlobal(self._transform.map(point).toPoint())
        menu.exec(pos)

    def context_menu(self, key: Key) -> QMenu:
        """The region's menu: its name, counts 1-10 (checked = current) and Remove."""
        menu = QMenu(self)
        menu.setAccessibleName(f"Injections into {self._label(*key)}")
        title = menu.addAction(self._label(*key))
        title.setEnabled(False)
        menu.addSeparator()
        current = self._counts.get(key)
        for count in MENU_COUNTS:
            text = f"{count} injection" + ("" if count == 1 else "s")
            action = menu.addAction(text)
            action.setCheckable(True)
            action.setChecked(count == current)
            action.triggered.connect(lambda _=False, c=count: self._request(key, c))
        menu.addSeparator()
        remove = menu.addAction("Remove")
        remove.setEnabled(current is not None)
        remove.triggered.connect(lambda _=False: self._request(key, 0))
        return menu

    # --- keyboard -----------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key_code = event.key()
        if key_code in (Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Up):
            forward = key_code in (Qt.Key.Key_Right, Qt.Key.Key_Down)
            self._move_focus(1 if forward else -1)
            return
        key = self._focused_key()
        if key is not None and not self._read_only:
            if key_code in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._toggle(key)
                return
            if key_code in (Qt.Key.Key_Plus, Qt.Key.Key_Equal, Qt.Key.Key_Minus):
                step = -1 if key_code == Qt.Key.Key_Minus else 1
                self._request(key, max(1, self._counts.get(key, 0) + step))
                return
            if key_code in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and key in self._counts:
                self._request(key, 0)
                return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        if self._focus_pos < 0 and self._order:
            self._focus_pos = 0
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)

    def _move_focus(self, step: int) -> None:
        if not self._order:
            return
        self._focus_pos = (self._focus_pos + step) % len(self._order)
        index = self._order[self._focus_pos]
        if not self._enabled[index] and any(self._enabled):
            self._move_focus(step)
            return
        region = self._regions[index]
        centre = self._transform.map(region.label_point).toPoint()
        QToolTip.showText(self.mapToGlobal(centre + QPoint(12, 12)), self._label(*region.key), self)
        self.update()

    def _focused_key(self) -> Key | None:
        if self._focus_pos < 0 or not self._order:
            return None
        index = self._order[self._focus_pos]
        return self._regions[index].key if self._enabled[index] else None

    # --- requests -----------------------------------------------------------------------------
    def _toggle(self, key: Key) -> None:
        if not self._read_only:
            self._request(key, 0 if key in self._counts else 1)

    def _request(self, key: Key, count: int) -> None:
        if self._read_only:
            return
        count = min(MAX_COUNT, max(0, count))
        if count == 0 and key not in self._counts:
            return
        self.countRequested.emit(key[0], key[1], count)
