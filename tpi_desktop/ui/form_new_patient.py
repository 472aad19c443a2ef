"""The "New patient…" dialog: every field checked on OK, problems marked at the field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from tpi_desktop.domain import Patient
from tpi_desktop.ui import palette
from tpi_desktop.ui.form_common import FieldMark, named, pydate, with_mark

SavePatient = Callable[[Patient], Patient]


class NewPatientDialog(QDialog):
    """Enter a new patient; OK checks every field and marks what is wrong instead of closing."""

    def __init__(
        self,
        payers: Sequence[tuple[str, str]],
        save: SavePatient,
        parent: QWidget | None = None,
        last_name: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("New patient")
        self.setObjectName("new_patient_dialog")
        self._save = save
        self.patient: Patient | None = None
        self.last_name = named(QLineEdit(last_name), "last_name")
        self.first_name = named(QLineEdit(), "first_name")
        self.date_of_birth = named(QDateEdit(), "date_of_birth")
        self.date_of_birth.setCalendarPopup(True)
        self.date_of_birth.setDisplayFormat("yyyy-MM-dd")
        self.date_of_birth.setDate(QDate(1970, 1, 1))
        self.sex = named(QComboBox(), "sex")
        for code, text in (("F", "Female"), ("M", "Male"), ("U", "Unknown")):
            self.sex.addItem(text, code)
        self.member_id = named(QLineEdit(), "member_id")
        self.payer = named(QComboBox(), "default_payer")
        self.payer.addItem("—", None)
        for payer_id, name in payers:
            self.payer.addItem(name, payer_id)
        self._marks = {
            "last_name": FieldMark(self.last_name, "Family name, as on the insurance card"),
            "first_name": FieldMark(self.first_name, "Given name"),
            "date_of_birth": FieldMark(self.date_of_birth, "Date of birth"),
            "member_id": FieldMark(self.member_id, "Insurance member id (letters and digits)"),
        }
        self.sex.setToolTip("Sex as on the insurance record")
        self.payer.setToolTip("The payer this patient's visits usually go to")
        form = QFormLayout()
        form.addRow("&Last name", with_mark(self.last_name, self._marks["last_name"]))
        form.addRow("&First name", with_mark(self.first_name, self._marks["first_name"]))
        form.addRow("Date of &birth", with_mark(self.date_of_birth, self._marks["date_of_birth"]))
        form.addRow("&Sex", self.sex)
        form.addRow("&Member id", with_mark(self.member_id, self._marks["member_id"]))
        form.addRow("Default &payer", self.payer)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._on_ok)
        buttons.rejected.connect(self.reject)
        self.error = named(QLabel(), "save_error")
        self.error.setStyleSheet(f"color: {palette.ERROR_HEX};")
        self.error.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def problems(self) -> dict[str, str]:
        """Field name -> what is wrong with it."""
        out: dict[str, str] = {}
        for name in ("last_name", "first_name"):
            if not getattr(self, name).text().strip():
                out[name] = "required"
        dob = pydate(self.date_of_birth.date())
        if dob > dt.date.today():
            out["date_of_birth"] = "cannot be in the future"
        elif dob.year < 1900:
            out["date_of_birth"] = "before 1900: check the year"
        member = self.member_id.text().strip()
        if member and not member.replace("-", "").isalnum():
            out["member_id"] = "letters, digits and hyphens only"
        return out

    def _on_ok(self) -> None:
        problems = self.problems()
        for name, mark in self._marks.items():
            mark.set(problems.get(name))
        if problems:
            self._marks[next(iter(problems))].field.setFocus()
            return
        patient = Patient(
            last_name=self.last_name.text().strip(),
            first_name=self.first_name.text().strip(),
            date_of_birth=pydate(self.date_of_birth.date()),
            sex=self.sex.currentData(),
            member_id=self.member_id.text().strip(),
            default_payer=self.payer.currentData(),
        )
        try:
            self.patient = self._save(patient)
        except ValueError as error:  # the store's InvalidValue names the field
            self.error.setText(str(error))
            return
        self.accept()
