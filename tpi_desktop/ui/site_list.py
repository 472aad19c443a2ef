"""The list of picked injection sites under the body figure: name and side, count, remove.

Each row has an accent bar (the selection colour of the figure), the muscle with the patient's
side, a spin box for the injection count and a remove button, each with an accessible name and a
tooltip that say which site they act on. Rows are rebuilt only when the set of sites changes, so a
spin box being edited keeps its focus while counts change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from tpi_desktop.ui import palette

Key = tuple[str, str]
MAX_COUNT = 20
_SPARE_ROWS = 24  # hidden rows kept for muscles clicked off (see SiteList._keep_spare)


class _AccentBar(QWidget):
    """The selection colour beside each row, tying the row to the filled region on the figure."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setFixedWidth(4)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.ACCENT)
        painter.drawRoundedRect(QRectF(self.rect()), 2, 2)


class _SiteRow(QFrame):
    """One site: accent bar, name, count spin box, remove button."""

    def __init__(self, key: Key, label: str, note: str, count: int, parent: QWidget) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName("siteRow")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(8)
        layout.addWidget(_AccentBar(self))
        text = QLabel(self)
        if note:
            from html import escape  # only rows with a note need it (not loaded at start)

            # The note (e.g. "not on the figure") in secondary grey under the name.
            grey = palette.GREY_700_HEX
            text.setTextFormat(Qt.TextFormat.RichText)
            text.setText(f"{escape(label)}<br><span style='color:{grey}'>{escape(note)}</span>")
        else:
            text.setTextFormat(Qt.TextFormat.PlainText)
            text.setText(label)
        text.setWordWrap(True)
        text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        text.setAccessibleName(label)
        self.name_label = text
        layout.addWidget(text, 1)
        self.spin = QSpinBox(self)
        self.spin.setRange(1, MAX_COUNT)
        self.spin.setValue(count)
        self.spin.setSuffix(" inj.")
        self.spin.setAccessibleName(f"Injections into {label}")
        self.spin.setToolTip(f"Number of injections into {label.lower()} (1-{MAX_COUNT})")
        self.spin.setKeyboardTracking(False)
        layout.addWidget(self.spin)
        self.remove = QToolButton(self)
        self.remove.setText("✕")
        self.remove.setAccessibleName(f"Remove {label}")
        self.remove.setToolTip(f"Remove {label.lower()} from the injection sites")
        self.remove.setAutoRaise(True)
        layout.addWidget(self.remove)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # The list's layout does not pass height-for-width down to a wrapped name, so give the
        # label the height its wrapped text needs at its width (long names stay whole).
        label = self.name_label
        needed = label.heightForWidth(label.width())
        if needed > 0 and label.minimumHeight() != needed:
            label.setMinimumHeight(needed)


class SiteList(QWidget):
    """The picked sites in pick order; asks for changes with ``countChanged`` (0 = remove)."""

    countChanged = Signal(str, str, int)

    def __init__(
        self,
        label: Callable[[str, str], str],
        note: Callable[[str], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._label = label
        self._note = note
        self._rows: list[_SiteRow] = []
        self._spare: dict[Key, _SiteRow] = {}  # hidden rows of muscles removed, for re-adding
        self._read_only = False
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self._layout.addStretch(1)
        self.setAccessibleName("Injection sites")
        self.setToolTip("The muscles picked for this visit, in the order picked")

    def set_sites(self, sites: Sequence[tuple[Key, int]]) -> None:
        """Show ``(key, count)`` pairs in order; rows are kept, added or removed, not rebuilt."""
        wanted = {key for key, _ in sites}
        focused = self._focused_key()
        focus_index = next((i for i, r in enumerate(self._rows) if r.key == focused), -1)
        by_key = {row.key: row for row in self._rows}
        for row in self._rows:
            if row.key not in wanted:
                self._layout.removeWidget(row)
                row.hide()
                self._keep_spare(row)
        rows: list[_SiteRow] = []
        for index, (key, count) in enumerate(sites):
            row = by_key.get(key) or self._spare.pop(key, None) or self._new_row(key, count)
            if row.spin.value() != count:
                row.spin.blockSignals(True)
                row.spin.setValue(count)
                row.spin.blockSignals(False)
            item = self._layout.itemAt(index)
            if item is None or item.widget() is not row:
                self._layout.removeWidget(row)
                self._layout.insertWidget(index, row)
            if row.isHidden():
                row.show()
            rows.append(row)
        self._rows = rows
        if focused is not None and focused not in wanted and rows:
            # The focused row went away (its remove button): keep the keyboard in the list.
            rows[min(focus_index, len(rows) - 1)].remove.setFocus()

    def _keep_spare(self, row: _SiteRow) -> None:
        # A muscle clicked off is often clicked on again (a slip, a second thought): its row is
        # kept hidden for that, so the click builds and polishes no widgets.
        self._spare[row.key] = row
        if len(self._spare) > _SPARE_ROWS:
            oldest = next(iter(self._spare))
            self._spare.pop(oldest).deleteLater()

    def _new_row(self, key: Key, count: int) -> _SiteRow:
        row = _SiteRow(key, self._label(*key), self._note(key[0]), count, self)
        row.spin.valueChanged.connect(lambda value, k=key: self._on_count_edited(k, value))
        row.remove.clicked.connect(lambda _=False, k=key: self._on_remove_clicked(k))
        row.spin.setReadOnly(self._read_only)
        row.remove.setEnabled(not self._read_only)
        return row

    def rows(self) -> tuple[_SiteRow, ...]:
        """The rows shown (tests and keyboard navigation)."""
        return tuple(self._rows)

    def set_read_only(self, read_only: bool) -> None:
        """Counts and remove buttons stop accepting changes."""
        self._read_only = read_only
        self._apply_read_only()

    def _apply_read_only(self) -> None:
        read_only = self._read_only
        for row in (*self._rows, *self._spare.values()):
            row.spin.setReadOnly(read_only)
            row.remove.setEnabled(not read_only)

    def _focused_key(self) -> Key | None:
        for row in self._rows:
            if row.spin.hasFocus() or row.remove.hasFocus():
                return row.key
        return None

    def _on_count_edited(self, key: Key, value: int) -> None:
        self.countChanged.emit(key[0], key[1], value)

    def _on_remove_clicked(self, key: Key) -> None:
        self.countChanged.emit(key[0], key[1], 0)
