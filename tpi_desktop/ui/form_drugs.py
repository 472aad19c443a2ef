"""Drugs given at the visit: agent (from the drug table), dose and unit, waste, container, NDC, lot.

Each drug is one row of inputs. The NDC is checked as it is typed with ``normalise_ndc`` and marked
at the field when it is not an NDC; the typed text stays, and the encounter simply carries no NDC
for that drug until it is fixed (the engine then says ``ndc_missing``).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tpi_desktop import domain
from tpi_desktop.coding.tables import DrugInfo
from tpi_desktop.domain import Container, DoseUnit
from tpi_desktop.domain.ndc import NdcError, format_ndc, normalise_ndc
from tpi_desktop.ui.form_common import (
    FieldMark,
    compact,
    decimal_text,
    hint,
    named,
    parse_decimal,
    with_mark,
)

if TYPE_CHECKING:
    from tpi_desktop.domain import Drug

_CONTAINERS = (
    ("Usual", None),
    ("Single-dose vial", Container.SINGLE_DOSE),
    ("Multi-dose vial", Container.MULTI_DOSE),
)


class DrugRow(QWidget):
    """The inputs of one drug."""

    changed = Signal()
    removeRequested = Signal(object)

    def __init__(self, drugs: Sequence[DrugInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._drugs = {d.name: d for d in drugs}
        self.agent = named(QComboBox(), "drug_agent")
        self.agent.setEditable(True)
        self.agent.addItem("")
        for drug in drugs:
            self.agent.addItem(drug.name, drug.id)
        self.agent.setCurrentIndex(0)
        compact(self.agent, 12)
        agent_edit = self.agent.lineEdit()
        if agent_edit is not None:
            agent_edit.setPlaceholderText("Agent (generic or brand)")
        self.dose = named(QLineEdit(), "drug_dose")
        self.dose.setPlaceholderText("Dose")
        self.unit = named(QComboBox(), "drug_unit")
        for unit in DoseUnit:
            self.unit.addItem(unit.value, unit)
        self.wasted = named(QLineEdit(), "drug_wasted")
        self.wasted.setPlaceholderText("Wasted")
        self.container = named(QComboBox(), "drug_container")
        for text, value in _CONTAINERS:
            self.container.addItem(text, value)
        compact(self.container, 8)
        self.ndc = named(QLineEdit(), "drug_ndc")
        self.ndc.setPlaceholderText("NDC 00000-0000-00")
        self.lot = named(QLineEdit(), "drug_lot")
        self.lot.setPlaceholderText("Lot")
        self.remove = named(QPushButton("✕"), "drug_remove")
        self.remove.setFixedWidth(30)
        self.lot.setMinimumWidth(60)
        self.remove.setToolTip("Remove this drug")
        self.remove.setAccessibleName("Remove this drug")
        self.agent.setToolTip("The agent, from the drug table (or type another)")
        self.agent.setAccessibleName("Drug agent")
        self.unit.setToolTip("Dose unit")
        self.unit.setAccessibleName("Dose unit")
        self.container.setToolTip("Single-dose vials need JW/JZ for Medicare")
        self.container.setAccessibleName("Container")
        self.lot.setToolTip("Lot number")
        self.lot.setAccessibleName("Lot number")
        self.dose_mark = FieldMark(self.dose, "Dose given, in the unit beside it")
        self.wasted_mark = FieldMark(self.wasted, "Amount discarded from a single-dose vial")
        self.ndc_mark = FieldMark(
            self.ndc, "National Drug Code: 11 digits, or 10 with hyphens (4-4-2, 5-3-2, 5-4-1)"
        )

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 4, 0, 4)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(4)
        # Row 1: what and how much; row 2: waste, vial, NDC and lot (placeholders name them).
        grid.addWidget(self.agent, 0, 0, 1, 3)
        grid.addWidget(with_mark(self.dose, self.dose_mark), 0, 3)
        grid.addWidget(self.unit, 0, 4)
        grid.addWidget(self.remove, 0, 5)
        grid.addWidget(with_mark(self.wasted, self.wasted_mark), 1, 0)
        grid.addWidget(self.container, 1, 1, 1, 2)
        grid.addWidget(with_mark(self.ndc, self.ndc_mark), 1, 3, 1, 2)
        grid.addWidget(self.lot, 1, 5)
        for column, stretch in enumerate((2, 1, 2, 2, 1, 1)):
            grid.setColumnStretch(column, stretch)

        self.agent.currentTextChanged.connect(self._on_agent_changed)
        for edit in (self.dose, self.wasted, self.ndc, self.lot):
            edit.textChanged.connect(self._on_edited)
        for combo in (self.unit, self.container):
            combo.currentIndexChanged.connect(self._on_edited)
        self.remove.clicked.connect(lambda: self.removeRequested.emit(self))

    def tab_chain(self) -> list[QWidget]:
        """Inputs in Tab order."""
        return [
            self.agent,
            self.dose,
            self.unit,
            self.remove,
            self.wasted,
            self.container,
            self.ndc,
            self.lot,
        ]

    def drug(self) -> Drug | None:
        """The drug as entered, or None while no agent is named."""
        agent = self.agent.currentText().strip()
        if not agent:
            return None
        dose, _ = parse_decimal(self.dose.text())
        wasted, _ = parse_decimal(self.wasted.text())
        ndc: str | None
        try:
            ndc = normalise_ndc(self.ndc.text()) if self.ndc.text().strip() else None
        except NdcError:
            ndc = None
        # Combo box data comes back as plain str (Qt keeps a StrEnum as its string): rebuild.
        container = self.container.currentData()
        return domain.Drug(
            agent=agent,
            dose=dose if dose is not None else Decimal(0),
            dose_unit=DoseUnit(self.unit.currentData() or DoseUnit.MG),
            wasted=wasted or Decimal(0),
            container=Container(container) if container else None,
            ndc=ndc,
            lot=self.lot.text().strip() or None,
        )

    def set_drug(self, drug: Drug) -> None:
        """Show a stored drug."""
        for widget in self.tab_chain():
            widget.blockSignals(True)
        self.agent.setCurrentText(drug.agent or drug.hcpcs or "")
        agent_edit = self.agent.lineEdit()
        if agent_edit is not None:
            agent_edit.setCursorPosition(0)  # show the start of a long name
        self.dose.setText(decimal_text(drug.dose))
        self.unit.setCurrentIndex(self.unit.findData(drug.dose_unit))
        self.wasted.setText(decimal_text(drug.wasted) if drug.wasted else "")
        self.container.setCurrentIndex(
            max(0, self.container.findData(drug.container)) if drug.container else 0
        )
        self.ndc.setText(format_ndc(drug.ndc) if drug.ndc else "")
        self.lot.setText(drug.lot or "")
        for widget in self.tab_chain():
            widget.blockSignals(False)
        self.validate()

    def validate(self) -> list[str]:
        """Mark bad fields; the reasons."""
        reasons = []
        _, dose_reason = parse_decimal(self.dose.text(), allow_empty=False)
        self.dose_mark.set(dose_reason if self.agent.currentText().strip() else None)
        _, wasted_reason = parse_decimal(self.wasted.text())
        self.wasted_mark.set(wasted_reason)
        ndc_reason = None
        if self.ndc.text().strip():
            try:
                normalise_ndc(self.ndc.text())
            except NdcError as error:
                ndc_reason = str(error)
        self.ndc_mark.set(ndc_reason)
        for mark in (self.dose_mark, self.wasted_mark, self.ndc_mark):
            if mark.reason:
                reasons.append(mark.reason)
        return reasons

    def set_read_only(self, read_only: bool) -> None:
        """Disable the row."""
        for widget in self.tab_chain():
            widget.setEnabled(not read_only)

    def _on_agent_changed(self, text: str) -> None:
        info = self._drugs.get(text)
        if info is not None:
            # The table knows how this agent is dosed and supplied: preselect both.
            self.unit.setCurrentIndex(self.unit.findData(info.dose_unit))
        self._on_edited()

    def _on_edited(self, *_: object) -> None:
        self.validate()
        self.changed.emit()


class DrugsEditor(QWidget):
    """The list of drug rows and an "Add drug" button."""

    changed = Signal()
    rowsChanged = Signal()

    def __init__(self, drugs: Sequence[DrugInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._drugs = tuple(drugs)
        self.rows: list[DrugRow] = []
        self._rows_box = QVBoxLayout()
        self._rows_box.setContentsMargins(0, 0, 0, 0)
        self.add = named(QPushButton("+ Add drug"), "drug_add")
        self.add.setToolTip("Add a drug given at this visit")
        self.empty = hint(
            "No drugs. Local anesthetic alone is part of the injection and is not billed."
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addLayout(self._rows_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.add.clicked.connect(self._on_add)

    def drugs(self) -> tuple[Drug, ...]:
        """The drugs entered (rows without an agent are skipped)."""
        return tuple(d for d in (row.drug() for row in self.rows) if d is not None)

    def set_drugs(self, drugs: Sequence[Drug]) -> None:
        """Replace the rows (no ``changed`` signal)."""
        while self.rows:
            self._drop(self.rows[-1])
        for drug in drugs:
            self._new_row().set_drug(drug)

    def add_row(self) -> DrugRow:
        """Add an empty row and focus its agent box."""
        row = self._new_row()
        row.agent.setFocus()
        self.changed.emit()
        return row

    def set_read_only(self, read_only: bool) -> None:
        """Disable every row and the Add button."""
        self.add.setEnabled(not read_only)
        for row in self.rows:
            row.set_read_only(read_only)

    def tab_chain(self) -> list[QWidget]:
        """Every row's inputs, then the Add button."""
        return [w for row in self.rows for w in row.tab_chain()] + [self.add]

    def problems(self) -> list[str]:
        """Every marked field's reason."""
        return [reason for row in self.rows for reason in row.validate()]

    def _new_row(self) -> DrugRow:
        row = DrugRow(self._drugs, self)
        row.changed.connect(self.changed)
        row.removeRequested.connect(self._on_remove)
        self._rows_box.addWidget(row)
        self.rows.append(row)
        self.empty.setVisible(False)
        self.rowsChanged.emit()
        return row

    def _drop(self, row: DrugRow) -> None:
        self.rows.remove(row)
        self._rows_box.removeWidget(row)
        row.deleteLater()
        self.empty.setVisible(not self.rows)
        self.rowsChanged.emit()

    def _on_add(self) -> None:
        self.add_row()

    def _on_remove(self, row: DrugRow) -> None:
        self._drop(row)
        self.add.setFocus()
        self.changed.emit()
