"""Diagnoses: an ICD-10-CM search box (billable codes, as you type) and the claim-order list.

The list shows the claim letter (A–L) beside each code; Up/Down reorder, Delete removes, and at
most 12 codes are accepted (the CMS-1500 has twelve diagnosis slots).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCompleter,
    QGridLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tpi_desktop.coding.icd import IcdCodeSet
from tpi_desktop.ui import palette
from tpi_desktop.ui.form_common import FieldMark, named, with_mark

MAX_DIAGNOSES = 12
LETTERS = "ABCDEFGHIJKL"
_SEPARATOR = "  —  "


class DiagnosesEditor(QWidget):
    """ICD-10-CM search and the ordered list of up to 12 codes."""

    changed = Signal()

    def __init__(self, icd: IcdCodeSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._icd = icd
        self.search = named(QLineEdit(), "icd_search")
        self.search.setPlaceholderText(
            "Add a diagnosis: type a code (M79.1) or words (myalgia neck)"
        )
        self.search.setClearButtonEnabled(True)
        self._model = QStringListModel(self)
        self._completer = QCompleter(self._model, self)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setMaxVisibleItems(12)
        self.search.setCompleter(self._completer)
        self.mark = FieldMark(
            self.search, "ICD-10-CM search: billable codes only; Enter adds the first match"
        )
        self.list = named(QListWidget(), "diagnoses")
        self.list.setAccessibleName("Diagnoses in claim order")
        self.list.setToolTip(
            "Diagnoses in claim order (A first). Up/Down buttons reorder, Delete removes."
        )
        self.list.setFont(palette.mono_font())
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setMinimumHeight(84)
        self.list.setMaximumHeight(116)
        self.up = named(QPushButton("▲ Up"), "dx_up")
        self.down = named(QPushButton("▼ Down"), "dx_down")
        self.remove = named(QPushButton("Remove"), "dx_remove")
        for button, tip in (
            (self.up, "Move the selected diagnosis up (Alt+Up)"),
            (self.down, "Move the selected diagnosis down (Alt+Down)"),
            (self.remove, "Remove the selected diagnosis (Delete)"),
        ):
            button.setToolTip(tip)
            button.setAccessibleName(tip)
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.list, 0, 0, 4, 1)
        grid.addWidget(self.up, 0, 1)
        grid.addWidget(self.down, 1, 1)
        grid.addWidget(self.remove, 2, 1)
        grid.setRowStretch(3, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(with_mark(self.search, self.mark))
        layout.addLayout(grid)

        self.search.textEdited.connect(self._on_search_edited)
        self._completer.activated[str].connect(self._on_completion_chosen)  # type: ignore[index]
        self.search.returnPressed.connect(self._on_return)
        self.up.clicked.connect(lambda: self._move(-1))
        self.down.clicked.connect(lambda: self._move(1))
        self.remove.clicked.connect(self._on_remove)
        QShortcut(QKeySequence("Alt+Up"), self.list, lambda: self._move(-1))
        QShortcut(QKeySequence("Alt+Down"), self.list, lambda: self._move(1))
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list, self._on_remove)
        self.list.currentRowChanged.connect(self._update_buttons)
        self._update_buttons()

    def codes(self) -> tuple[str, ...]:
        """The codes in claim order."""
        return tuple(
            self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
        )

    def set_codes(self, codes: Sequence[str]) -> None:
        """Replace the list (no ``changed`` signal: the caller is restoring a state)."""
        self.list.clear()
        for code in codes[:MAX_DIAGNOSES]:
            self._append(code)
        self._relabel()

    def add_code(self, code: str) -> bool:
        """Add a code at the end; False (and the reason shown) when it cannot be added."""
        code = IcdCodeSet.normalise(code)
        if code in self.codes():
            self.mark.set(f"{code} is already in the list")
            return False
        if self.list.count() >= MAX_DIAGNOSES:
            self.mark.set("a claim holds at most 12 diagnoses")
            return False
        if not self._icd.is_billable(code):
            reason = (
                "not an ICD-10-CM code"
                if not self._icd.is_valid(code)
                else "not billable: pick a code with more characters"
            )
            self.mark.set(f"{code}: {reason}")
            return False
        self._append(code)
        self._relabel()
        self.list.setCurrentRow(self.list.count() - 1)
        self.mark.set(None)
        self.search.clear()
        self.changed.emit()
        return True

    def refresh_descriptions(self) -> None:
        """Relabel every row (letters, codes and descriptions)."""
        self._relabel()

    def set_read_only(self, read_only: bool) -> None:
        """Disable the editor."""
        for widget in (self.search, self.up, self.down, self.remove):
            widget.setEnabled(not read_only)
        self.list.setEnabled(True)  # still scrollable and readable
        self._read_only = read_only
        self._update_buttons()

    # -- internals ----------------------------------------------------------------------------

    def _append(self, code: str) -> None:
        item = QListWidgetItem()
        item.setData(Qt.ItemDataRole.UserRole, IcdCodeSet.normalise(code))
        self.list.addItem(item)

    def _relabel(self) -> None:
        # Titles come from the tabular file without the search index (the first costs ~40 ms).
        for index in range(self.list.count()):
            item = self.list.item(index)
            code = item.data(Qt.ItemDataRole.UserRole)
            text = f"{LETTERS[index]}  {code:<8}{self._icd.description(code) or ''}"
            item.setText(text)
            item.setToolTip(f"Claim pointer {LETTERS[index]}: {code}")
        self._update_buttons()

    def _move(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if getattr(self, "_read_only", False) or row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)
        self._relabel()
        self.changed.emit()

    def _on_remove(self) -> None:
        row = self.list.currentRow()
        if getattr(self, "_read_only", False) or row < 0:
            return
        self.list.takeItem(row)
        self._relabel()
        self.changed.emit()

    def _update_buttons(self, *_: object) -> None:
        row = self.list.currentRow()
        editable = not getattr(self, "_read_only", False)
        self.up.setEnabled(editable and row > 0)
        self.down.setEnabled(editable and 0 <= row < self.list.count() - 1)
        self.remove.setEnabled(editable and row >= 0)

    def _on_search_edited(self, text: str) -> None:
        self.mark.set(None)
        entries = self._icd.search(text, limit=15, billable_only=True) if text.strip() else ()
        self._model.setStringList([f"{e.code}{_SEPARATOR}{e.description}" for e in entries])
        if entries:
            self._completer.complete()

    def _on_completion_chosen(self, text: str) -> None:
        self.add_code(text.split(_SEPARATOR)[0])
        self.search.clear()

    def _on_return(self) -> None:
        text = self.search.text().strip()
        if not text:
            return
        code = text.split(_SEPARATOR)[0]
        if self._icd.is_billable(code):
            self.add_code(code)
            return
        entries = self._icd.search(text, limit=1, billable_only=True)
        if entries:
            self.add_code(entries[0].code)
        else:
            self.mark.set(f"no billable ICD-10-CM code matches {text!r}")
