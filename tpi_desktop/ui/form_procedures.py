"""Same-day services: the E/M visit (and whether it was significant and separately identifiable),
other procedures (with the "distinct site" check that supports 59/XS), and imaging guidance.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tpi_desktop import domain
from tpi_desktop.domain import EM_CODES, Imaging
from tpi_desktop.ui.form_common import FieldMark, buddy_label, compact, hint, named, with_mark

if TYPE_CHECKING:
    from tpi_desktop.domain import EvaluationAndManagement, OtherProcedure

_PROCEDURE_SHAPE = re.compile(r"^(\d{4}[0-9A-Z]|[A-Z]\d{4})$")
_EM_NAMES = {
    "99202": "new, straightforward",
    "99203": "new, low",
    "99204": "new, moderate",
    "99205": "new, high",
    "99211": "established, minimal",
    "99212": "established, straightforward",
    "99213": "established, low",
    "99214": "established, moderate",
    "99215": "established, high",
}
_IMAGING = (
    ("None", None),
    ("Ultrasound (76942)", Imaging.ULTRASOUND),
    ("Fluoroscopy (77002)", Imaging.FLUOROSCOPY),
    ("MRI (77021)", Imaging.MRI),
)


class ProcedureRow(QWidget):
    """One other procedure: its code and the distinct-site check."""

    changed = Signal()
    removeRequested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code = named(QLineEdit(), "other_code")
        self.code.setPlaceholderText("CPT/HCPCS, e.g. 20610")
        self.code.setMaxLength(5)
        self.mark = FieldMark(self.code, "Another procedure done today (CPT or HCPCS code)")
        self.distinct = named(QCheckBox("Distinct site / session"), "other_distinct")
        self.distinct.setToolTip("Documentation supports a separate site or session (59/XS)")
        self.remove = named(QPushButton("✕"), "other_remove")
        self.remove.setFixedWidth(30)
        self.remove.setToolTip("Remove this procedure")
        self.remove.setAccessibleName("Remove this procedure")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(with_mark(self.code, self.mark), 1)
        row.addWidget(self.distinct)
        row.addWidget(self.remove)
        self.code.textChanged.connect(self._on_edited)
        self.distinct.toggled.connect(self._on_edited)
        self.remove.clicked.connect(lambda: self.removeRequested.emit(self))

    def value(self) -> OtherProcedure | None:
        """The procedure, or None while the code is not a code."""
        code = self.code.text().strip().upper()
        return (
            domain.OtherProcedure(code, self.distinct.isChecked())
            if _PROCEDURE_SHAPE.match(code)
            else None
        )

    def set_value(self, procedure: OtherProcedure) -> None:
        """Show a stored procedure."""
        self.code.blockSignals(True)
        self.distinct.blockSignals(True)
        self.code.setText(procedure.code)
        self.distinct.setChecked(procedure.distinct_site)
        self.code.blockSignals(False)
        self.distinct.blockSignals(False)

    def _on_edited(self, *_: object) -> None:
        code = self.code.text().strip().upper()
        self.mark.set(
            None
            if not code or _PROCEDURE_SHAPE.match(code)
            else "5 characters: CPT (20610) or HCPCS (a letter and 4 digits)"
        )
        self.changed.emit()


class ProceduresEditor(QWidget):
    """E/M, other procedures and imaging."""

    changed = Signal()
    rowsChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.em = named(QComboBox(), "em_code")
        self.em.addItem("None", None)
        for code in EM_CODES:
            self.em.addItem(f"{code}  {_EM_NAMES.get(code, '')}", code)
        compact(self.em, 14)
        self.em.setToolTip("A same-day evaluation and management visit")
        self.em.setAccessibleName("E/M code")
        self.em_separate = named(
            QCheckBox("Significant, separately identifiable (25)"), "em_separate"
        )
        self.em_separate.setToolTip(
            "The note documents E/M work beyond the usual pre-injection assessment"
        )
        self.imaging = named(QComboBox(), "imaging")
        for text, value in _IMAGING:
            self.imaging.addItem(text, value)
        compact(self.imaging, 10)
        self.imaging.setToolTip("Imaging guidance used for the injections")
        self.imaging.setAccessibleName("Imaging guidance")
        self.rows: list[ProcedureRow] = []
        self._rows_box = QVBoxLayout()
        self._rows_box.setContentsMargins(0, 0, 0, 0)
        self.add = named(QPushButton("+ Add procedure"), "other_add")
        self.add.setToolTip("Add another procedure done today")
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        em_box = QVBoxLayout()
        em_box.addWidget(self.em)
        em_box.addWidget(self.em_separate)
        form.addRow(buddy_label("&E/M visit", self.em), em_box)
        others = QVBoxLayout()
        others.addLayout(self._rows_box)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add)
        add_row.addStretch(1)
        others.addLayout(add_row)
        form.addRow(buddy_label("Other &procedures", self.add), others)
        form.addRow("&Imaging", self.imaging)
        form.addRow("", hint("Guidance is billed only where the payer covers it."))
        self.em.currentIndexChanged.connect(self._on_em_changed)
        self.em_separate.toggled.connect(self.changed)
        self.imaging.currentIndexChanged.connect(self.changed)
        self.add.clicked.connect(self._on_add)
        self._on_em_changed()

    def em_value(self) -> EvaluationAndManagement | None:
        """The E/M service, or None."""
        code = self.em.currentData()
        return domain.EvaluationAndManagement(code, self.em_separate.isChecked()) if code else None

    def others(self) -> tuple[OtherProcedure, ...]:
        """Other procedures with a well-formed code."""
        return tuple(p for p in (r.value() for r in self.rows) if p is not None)

    def imaging_value(self) -> Imaging | None:
        """The imaging guidance, or None."""
        value = self.imaging.currentData()
        return Imaging(value) if value else None

    def set_values(
        self,
        em: EvaluationAndManagement | None,
        others: Sequence[OtherProcedure],
        imaging: Imaging | None,
    ) -> None:
        """Show stored values (no ``changed`` signal)."""
        for widget in (self.em, self.em_separate, self.imaging):
            widget.blockSignals(True)
        self.em.setCurrentIndex(max(0, self.em.findData(em.code)) if em else 0)
        self.em_separate.setChecked(bool(em and em.significant_separate))
        self.em_separate.setEnabled(em is not None and self.em.isEnabled())
        self.imaging.setCurrentIndex(max(0, self.imaging.findData(imaging)) if imaging else 0)
        for widget in (self.em, self.em_separate, self.imaging):
            widget.blockSignals(False)
        while self.rows:
            self._drop(self.rows[-1])
        for procedure in others:
            self._new_row().set_value(procedure)

    def problems(self) -> list[str]:
        """Reasons of marked fields."""
        return [row.mark.reason for row in self.rows if row.mark.reason]

    def set_read_only(self, read_only: bool) -> None:
        """Disable everything."""
        self.em.setEnabled(not read_only)
        self.em_separate.setEnabled(not read_only and self.em.currentData() is not None)
        self.imaging.setEnabled(not read_only)
        self.add.setEnabled(not read_only)
        for row in self.rows:
            for widget in (row.code, row.distinct, row.remove):
                widget.setEnabled(not read_only)

    def tab_chain(self) -> list[QWidget]:
        """Inputs in Tab order."""
        chain: list[QWidget] = [self.em, self.em_separate]
        for row in self.rows:
            chain += [row.code, row.distinct, row.remove]
        return [*chain, self.add, self.imaging]

    def _new_row(self) -> ProcedureRow:
        row = ProcedureRow(self)
        row.changed.connect(self.changed)
        row.removeRequested.connect(self._on_remove)
        self._rows_box.addWidget(row)
        self.rows.append(row)
        self.rowsChanged.emit()
        return row

    def _drop(self, row: ProcedureRow) -> None:
        self.rows.remove(row)
        self._rows_box.removeWidget(row)
        row.deleteLater()
        self.rowsChanged.emit()

    def _on_em_changed(self, *_: object) -> None:
        has_em = self.em.currentData() is not None
        self.em_separate.setEnabled(has_em and self.em.isEnabled())
        if not has_em:
            self.em_separate.setChecked(False)
        self.changed.emit()

    def _on_add(self) -> None:
        row = self._new_row()
        row.code.setFocus()
        self.changed.emit()

    def _on_remove(self, row: ProcedureRow) -> None:
        self._drop(row)
        self.add.setFocus()
        self.changed.emit()
