"""Tools → Payers and fees: the practice's fee schedule and policy settings per payer.

The form shows what the engine uses now (the code tables with the practice's settings laid
over them, ``workspace.payer_profile``). Saving stores only what differs from that or was set
before, so a value the practice never touched keeps following the code tables. Fees are typed
as dollars and stored as integer cents. A bad fee or code keeps its text, turns red and says
why; nothing is written until every field is valid.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tpi_desktop.services import PayerSettings
from tpi_desktop.ui import palette
from tpi_desktop.ui.form_common import hint, with_mark
from tpi_desktop.ui.money import format_cents_plain, parse_cents
from tpi_desktop.ui.settings_dialogs import SettingsDialog, TableMark, days_box, days_setting

_CODE = re.compile(r"^(\d{4}[0-9A-Z]|[A-Z]\d{4})$")  # CPT (5 digits, or 4 + letter) or HCPCS
_ICD = re.compile(r"^[A-Z]\d[0-9A-Z](\.?[0-9A-Z]{1,4})?$")
FIELD_WORDS = {"fees": "fee", "frequency_limit": "frequency", "covered_diagnoses": "diagnos"}


def parse_codes(text: str) -> list[str]:
    """ICD-10-CM codes from text separated by commas, spaces or lines, upper case, in order."""
    return [c for c in re.split(r"[\s,;]+", text.strip().upper()) if c]


class PayersDialog(SettingsDialog):
    """One payer at a time: fee schedule (code → $), frequency limit and covered diagnoses."""

    unsaved_question = "This payer's settings have unsaved changes. Close and lose them?"

    def __init__(self, workspace: Any, parent: QWidget | None = None) -> None:
        super().__init__("payersDialog", "Payers and fees", parent)
        self._workspace = workspace
        self._settings = {s.payer_id: s for s in workspace.payer_settings()}
        self._current: str | None = None
        self._shown: tuple[object, ...] = ()  # the form as last shown or saved

        self.payers = QListWidget()
        self.payers.setObjectName("payerList")
        self.payers.setAccessibleName("Payers")
        for settings in sorted(self._settings.values(), key=lambda s: s.name.casefold()):
            self.payers.addItem(settings.name)
            self.payers.item(self.payers.count() - 1).setData(
                Qt.ItemDataRole.UserRole, settings.payer_id
            )
        self.payers.setMaximumWidth(220)
        self.payers.currentRowChanged.connect(self._on_payer_changed)

        self.fees = QTableWidget(0, 3)
        self.fees.setObjectName("fees")
        self.fees.setAccessibleName("Fee schedule")
        self.fees.setHorizontalHeaderLabels(["Code", "Description", "Fee ($)"])
        self.fees.verticalHeader().setVisible(False)
        self.fees.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.fees.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.fees_mark = TableMark(self.fees, "Fee per code (drug codes: per billing unit)")
        self.marks["fees"] = self.fees_mark
        add = QPushButton("Add code")
        add.setToolTip("Add a row for a code that has no fee yet")
        add.clicked.connect(self._on_add_fee)
        remove = QPushButton("Remove code")
        remove.setToolTip("Remove the selected code's own fee (the code tables' fee applies again)")
        remove.clicked.connect(self._on_remove_fee)
        fee_buttons = QHBoxLayout()
        fee_buttons.addWidget(add)
        fee_buttons.addWidget(remove)
        fee_buttons.addStretch(1)

        self.limit = QSpinBox()
        self.limit.setObjectName("frequency_limit")
        self.limit.setRange(0, 52)
        self.limit.setSpecialValueText("No limit")
        self.limit.setSuffix(" sessions")
        self.limit.setMaximumWidth(180)
        limit_mark = self.mark("frequency_limit", self.limit, "TPI sessions allowed per window")
        self.window_days = days_box("window_days", "Length of the frequency window (days)")
        self.repeat_days = days_box(
            "repeat_interval_days", "Days before a repeat session is allowed"
        )
        self.covered = QPlainTextEdit()
        self.covered.setObjectName("covered_diagnoses")
        self.covered.setTabChangesFocus(True)
        self.covered.setFont(palette.mono_font())
        self.covered.setFixedHeight(self.covered.fontMetrics().lineSpacing() * 4 + 14)
        self.covered.setPlaceholderText("Empty: no diagnosis coverage check")
        covered_mark = self.mark(
            "covered_diagnoses", self.covered, "ICD-10-CM codes the payer covers"
        )

        policy = QFormLayout()
        policy.addRow("Frequency &limit", with_mark(self.limit, limit_mark))
        policy.addRow("&Window", self.window_days)
        policy.addRow("&Repeat interval", self.repeat_days)
        policy.addRow("Covered &diagnoses", with_mark(self.covered, covered_mark))
        self.source = hint("")
        right = QVBoxLayout()
        right.addWidget(QLabel("Fee schedule"))
        right.addWidget(self.fees, 1)
        right.addWidget(self.fees_mark.label)
        right.addLayout(fee_buttons)
        right.addLayout(policy)
        right.addWidget(self.source)
        right.addWidget(self.banner)
        body = QHBoxLayout()
        body.addWidget(self.payers)
        body.addLayout(right, 1)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        buttons.accepted.connect(self._on_save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setToolTip("Check and save this payer's settings (the dialog stays open)")
        self.revert_button = buttons.addButton("&Revert", QDialogButtonBox.ButtonRole.ResetRole)
        self.revert_button.setToolTip("Throw away the changes to this payer")
        self.revert_button.clicked.connect(self._on_revert)
        self.fees.itemChanged.connect(self._on_edited)
        self.fees.model().rowsRemoved.connect(self._on_edited)
        self.limit.valueChanged.connect(self._on_edited)
        self.covered.textChanged.connect(self._on_edited)
        layout = QVBoxLayout(self)
        layout.addWidget(hint("Example fees only: replace them with the practice's own schedule."))
        layout.addLayout(body, 1)
        layout.addWidget(buttons)
        self.resize(820, 640)
        self.remember_geometry()
        if self.payers.count():
            self.payers.setCurrentRow(0)

    # --- public ------------------------------------------------------------------------------

    def select_payer(self, payer_id: str) -> None:
        """Show ``payer_id``'s settings."""
        for row in range(self.payers.count()):
            if self.payers.item(row).data(Qt.ItemDataRole.UserRole) == payer_id:
                self.payers.setCurrentRow(row)
                return
        raise KeyError(payer_id)

    def fee_rows(self) -> list[tuple[str, str]]:
        """(code, fee text) of every row, as typed."""
        rows = []
        for row in range(self.fees.rowCount()):
            code, fee = self.fees.item(row, 0), self.fees.item(row, 2)
            rows.append(((code.text() if code else "").strip().upper(), fee.text() if fee else ""))
        return rows

    def set_fee(self, code: str, text: str) -> None:
        """Type ``text`` into ``code``'s fee cell (adding the row when there is none)."""
        for row, (row_code, _) in enumerate(self.fee_rows()):
            item = self.fees.item(row, 2)
            if row_code == code and item is not None:
                item.setText(text)
                return
        self._append_fee(code, text)

    def revert(self) -> None:
        """Throw away the form's unsaved changes."""
        self._on_revert()

    def is_dirty(self) -> bool:
        """True while the form differs from the payer's settings as shown or last saved."""
        return self._snapshot() != self._shown

    def settings(self) -> PayerSettings | None:
        """The settings the form describes for the current payer, or None while any is invalid."""
        self.clear_marks()
        self._clear_fee_cells()
        if self._current is None:
            return None
        stored = self._settings[self._current]
        profile = self._workspace.payer_profile(self._current)
        fees = self._fees(stored, profile)
        limit = self._limit(stored, profile)
        covered = self._covered(stored, profile)
        if self.problems():
            return None
        updated: PayerSettings = dataclasses.replace(
            stored,
            fees=fees,
            frequency_limit=limit,
            covered_diagnoses=covered,
            window_days=days_setting(self.window_days, stored.window_days, profile.window_days),
            repeat_interval_days=days_setting(
                self.repeat_days, stored.repeat_interval_days, profile.repeat_interval_days
            ),
        )
        return updated

    # --- reading the form --------------------------------------------------------------------

    def _fees(self, stored: PayerSettings, profile: Any) -> dict[str, int] | None:
        own = dict(stored.fees or {})
        result: dict[str, int] = {}
        seen: set[str] = set()
        problems = []
        for row, (code, text) in enumerate(self.fee_rows()):
            if not _CODE.match(code):
                problems.append((row, 0, f"row {row + 1}: “{code}” is not a CPT/HCPCS code"))
                continue
            if code in seen:
                problems.append((row, 0, f"{code} is listed twice"))
                continue
            seen.add(code)
            try:
                cents = parse_cents(text)
            except ValueError as error:
                problems.append((row, 2, f"{code}: {error}"))
                continue
            # Keep the practice's own fees, and any that now differ from what the engine uses.
            if code in own or cents != profile.fees.get(code):
                result[code] = cents
        if problems:
            self.marks["fees"].set("; ".join(p[2] for p in problems[:3]))
            for row, column, _ in problems:
                self._mark_fee_cell(row, column)
            first = self.fees.item(problems[0][0], problems[0][1])
            if first is not None:
                self.fees.scrollToItem(first)
        return result or (None if stored.fees is None else {})

    def _limit(self, stored: PayerSettings, profile: Any) -> int | None:
        value = self.limit.value() or None
        if value == profile.frequency_limit:
            return stored.frequency_limit
        if value is None:
            self.marks["frequency_limit"].set(
                "the code tables set a limit for this payer; enter the number of sessions"
            )
        return value

    def _covered(self, stored: PayerSettings, profile: Any) -> tuple[str, ...] | None:
        codes = parse_codes(self.covered.toPlainText())
        bad = [c for c in codes if not _ICD.match(c) or not self._icd_valid(c)]
        if bad:
            self.marks["covered_diagnoses"].set(f"not ICD-10-CM codes: {', '.join(bad[:5])}")
        dotted = tuple(c if "." in c or len(c) <= 3 else f"{c[:3]}.{c[3:]}" for c in codes)
        before = tuple(profile.covered_diagnoses) if profile.covered_diagnoses is not None else ()
        if dotted == before:
            return stored.covered_diagnoses
        if not dotted:
            return None  # back to the code tables' list
        return dotted

    def _icd_valid(self, code: str) -> bool:
        icd = getattr(self._workspace.tables, "icd", None)
        return icd is None or bool(icd.is_valid(code))

    # --- slots -------------------------------------------------------------------------------

    def _on_payer_changed(self, row: int) -> None:
        if row < 0:
            return
        self._current = self.payers.item(row).data(Qt.ItemDataRole.UserRole)
        self._show(self._current)

    def _on_add_fee(self) -> None:
        self._append_fee("", "")
        last = self.fees.rowCount() - 1
        self.fees.setCurrentCell(last, 0)
        item = self.fees.item(last, 0)
        if item is not None:
            self.fees.editItem(item)

    def _on_remove_fee(self) -> None:
        for row in sorted({i.row() for i in self.fees.selectedIndexes()}, reverse=True):
            self.fees.removeRow(row)

    def _on_save(self) -> None:
        settings = self.settings()
        if settings is None:
            return
        try:
            self._workspace.save_payer_settings(settings)
        except ValueError as error:
            self.show_service_error(error, FIELD_WORDS)
            return
        self._settings = {s.payer_id: s for s in self._workspace.payer_settings()}
        assert self._current is not None
        self._show(self._current)
        self.source.setText(f"Saved. {self.source.text()}")

    def _on_revert(self) -> None:
        if self._current is not None:
            self._show(self._current)

    def _on_edited(self, *_: object) -> None:
        dirty = self.is_dirty()
        # Locked while editing, so choosing another payer never drops the changes.
        self.payers.setEnabled(not dirty)
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)

    # --- helpers -----------------------------------------------------------------------------

    def _show(self, payer_id: str) -> None:
        self.clear_marks()
        profile = self._workspace.payer_profile(payer_id)
        tables = self._workspace.tables
        self.fees.setRowCount(0)
        for code, cents in sorted(profile.fees.items()):
            self._append_fee(code, format_cents_plain(cents), tables.description(code))
        self.limit.setValue(profile.frequency_limit or 0)
        self.window_days.setValue(profile.window_days or 0)
        self.repeat_days.setValue(profile.repeat_interval_days or 0)
        self.covered.setPlainText("\n".join(profile.covered_diagnoses or ()))
        # The full source is long: one line here, the whole of it in the tooltip.
        as_of = f" as of {profile.as_of}" if profile.as_of else ""
        self.source.setText(f"Defaults from the code tables{as_of}; hover for their source.")
        self.source.setToolTip(profile.source or "")
        self._shown = self._snapshot()
        self._on_edited()

    def _snapshot(self) -> tuple[object, ...]:
        return (tuple(self.fee_rows()), self.limit.value(), self.covered.toPlainText())

    def _append_fee(self, code: str, fee: str, description: str = "") -> None:
        row = self.fees.rowCount()
        self.fees.insertRow(row)
        code_item = QTableWidgetItem(code)
        code_item.setFont(palette.mono_font())
        text_item = QTableWidgetItem(description)
        text_item.setFlags(text_item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        fee_item = QTableWidgetItem(fee)
        fee_item.setFont(palette.mono_font())
        fee_item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for column, item in enumerate((code_item, text_item, fee_item)):
            self.fees.setItem(row, column, item)

    def _mark_fee_cell(self, row: int, column: int) -> None:
        item = self.fees.item(row, column)
        if item is not None:
            item.setBackground(QBrush(palette.color("#f9dedc")))
            item.setToolTip("⚠ " + (self.marks["fees"].reason or "invalid"))

    def _clear_fee_cells(self) -> None:
        for row in range(self.fees.rowCount()):
            for column in (0, 2):
                item = self.fees.item(row, column)
                if item is not None:
                    item.setBackground(QBrush())
                    item.setToolTip("")
