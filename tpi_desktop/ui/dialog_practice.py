"""Tools → Practice: the billing practice printed on every claim summary.

Name, address, group NPI and tax id (EIN). The NPI is checked with its check digit and the tax
id for nine digits before anything is written; a refusal from the store lands on its field.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from tpi_desktop.domain import Practice
from tpi_desktop.ui.form_common import hint, npi_problem, with_mark
from tpi_desktop.ui.settings_dialogs import SettingsDialog

_EIN = re.compile(r"^\d{2}-?\d{7}$")

# Field keys -> the words a service error may use for them.
FIELD_WORDS = {"name": "practice name", "address": "address", "npi": "npi", "tax_id": "tax id"}


def tax_id_problem(text: str) -> str | None:
    """Why ``text`` is not an EIN (nine digits, ``12-3456789``), or None (blank is allowed)."""
    value = text.strip()
    if not value or _EIN.match(value):
        return None
    return "a tax id (EIN) has nine digits, written 12-3456789"


class PracticeDialog(SettingsDialog):
    """Edit the practice; OK saves through ``workspace.save_practice`` and closes."""

    def __init__(self, workspace: Any, parent: QWidget | None = None) -> None:
        super().__init__("practiceDialog", "Practice", parent)
        self._workspace = workspace
        practice = workspace.practice()

        self.name = QLineEdit(practice.name)
        self.address = QPlainTextEdit(practice.address)
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(self.address.fontMetrics().lineSpacing() * 4 + 12)
        self.npi = QLineEdit(practice.npi)
        self.npi.setMaxLength(10)
        self.npi.setPlaceholderText("10 digits")
        self.tax_id = QLineEdit(practice.tax_id)
        self.tax_id.setMaxLength(10)
        self.tax_id.setPlaceholderText("12-3456789")
        for key, field in (("name", self.name), ("address", self.address), ("npi", self.npi)):
            field.setObjectName(key)
        self.tax_id.setObjectName("tax_id")

        marks = {
            "name": self.mark("name", self.name, "The practice's name as billed"),
            "address": self.mark("address", self.address, "Street, city, state and ZIP"),
            "npi": self.mark("npi", self.npi, "The practice's group (type 2) NPI: 10 digits"),
            "tax_id": self.mark("tax_id", self.tax_id, "Federal tax id (EIN), nine digits"),
        }
        form = QFormLayout()
        form.addRow("&Name", with_mark(self.name, marks["name"]))
        form.addRow("&Address", with_mark(self.address, marks["address"]))
        form.addRow("Group &NPI", with_mark(self.npi, marks["npi"]))
        form.addRow("&Tax id (EIN)", with_mark(self.tax_id, marks["tax_id"]))

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._on_save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons

        layout = QVBoxLayout(self)
        layout.addWidget(hint("Printed at the top of every claim summary."))
        layout.addLayout(form)
        layout.addWidget(self.banner)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.resize(520, 360)
        self.remember_geometry()

    def practice(self) -> Practice:
        """The practice as the form now reads (not checked)."""
        return Practice(
            name=self.name.text().strip(),
            address=self.address.toPlainText().strip(),
            npi=self.npi.text().strip(),
            tax_id=self.tax_id.text().strip(),
        )

    def validate(self) -> bool:
        """Mark every field that is wrong; True when none is."""
        self.clear_marks()
        practice = self.practice()
        self.marks["name"].set(None if practice.name else "enter the practice's name")
        self.marks["npi"].set(npi_problem(practice.npi))
        self.marks["tax_id"].set(tax_id_problem(practice.tax_id))
        return not self.problems()

    def _on_save(self) -> None:
        if not self.validate():
            self._focus_first_problem()
            return
        try:
            self._workspace.save_practice(self.practice())
        except ValueError as error:
            self.show_service_error(error, FIELD_WORDS)
            return
        self.accept()

    def _focus_first_problem(self) -> None:
        for key in ("name", "address", "npi", "tax_id"):
            if self.marks[key].reason:
                self.marks[key].field.setFocus()
                return
