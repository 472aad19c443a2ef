"""The visit bar at the top of the window: patient (search as you type), provider, payer, date and
place of service, and the visit's status badge; plus the "New patient…" dialog.

The bar does not know the database: it is handed two callables (find and save a patient), so the
same widget works over any ``Workspace``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from tpi_desktop import domain
from tpi_desktop.domain import VisitStatus
from tpi_desktop.ui import palette
from tpi_desktop.ui.chrome import Pill
from tpi_desktop.ui.form_common import FieldMark, named, pydate, qdate, with_mark

if TYPE_CHECKING:
    from tpi_desktop.domain import Patient, Provider

FindPatients = Callable[[str], Sequence["Patient"]]
SavePatient = Callable[["Patient"], "Patient"]

PLACES_OF_SERVICE = (
    ("11", "11 Office"),
    ("22", "22 On-campus outpatient hospital"),
    ("19", "19 Off-campus outpatient hospital"),
    ("24", "24 Ambulatory surgical center"),
    ("12", "12 Home"),
    ("02", "02 Telehealth"),
    ("31", "31 Skilled nursing facility"),
)
_BADGE = {
    VisitStatus.DRAFT: (palette.GREY_700_HEX, "DRAFT"),
    VisitStatus.FINAL: ("#1e7a3c", "FINAL"),
    VisitStatus.AMENDED: (palette.WARNING_HEX, "AMENDED"),
}


_PATIENT_TIP = "The patient: search by name, date of birth or member id"
TYPICAL_PATIENT = "Quintero, Elodie · 1949-06-03 · 2JU3NH5MK73"


def patient_label(patient: Patient) -> str:
    """ "Rivera, Ana · 1961-04-09 · 1EG4TE5MK73": enough to tell two namesakes apart."""
    parts = [patient.display_name, patient.date_of_birth.isoformat()]
    if patient.member_id:
        parts.append(patient.member_id)
    return " · ".join(parts)


def _fit_longest(combo: QComboBox, names: Sequence[str], most_chars: int = 24) -> None:
    """Make ``combo`` wide enough for the longest of ``names`` (up to ``most_chars`` average
    characters; a longer entry is elided, and its whole text is in the tooltip)."""
    metrics = combo.fontMetrics()
    longest = max((metrics.horizontalAdvance(name) for name in names), default=0)
    combo.setMinimumWidth(min(longest, metrics.averageCharWidth() * most_chars) + 30)


class VisitBar(QWidget):
    """Patient, provider, payer, date and place of service, and the status badge."""

    changed = Signal()
    patientChanged = Signal(object)

    def __init__(
        self,
        find_patients: FindPatients,
        save_patient: SavePatient,
        payers: Sequence[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("visit_bar")
        self._find = find_patients
        self._save = save_patient
        self._payers = tuple(payers)
        self._patient: Patient | None = None
        self._found: list[Patient] = []

        self.patient_search = named(QLineEdit(), "patient_search")
        self.patient_search.setPlaceholderText("Patient: type a name, date of birth or member id")
        self.patient_search.setClearButtonEnabled(True)
        # Room for a typical "name · date of birth · member id"; longer ones are in the tooltip.
        self.patient_search.setMinimumWidth(
            self.patient_search.fontMetrics().horizontalAdvance(TYPICAL_PATIENT) + 28
        )
        self._model = QStandardItemModel(self)
        self._completer = QCompleter(self._model, self)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.patient_search.setCompleter(self._completer)
        self.patient_mark = FieldMark(self.patient_search, _PATIENT_TIP)
        self.new_patient = named(QPushButton("New patient…"), "new_patient")
        self.new_patient.setToolTip("Add a patient who is not in the database yet")
        self.provider = named(QComboBox(), "provider")
        self.provider.setToolTip("The rendering provider")
        self.provider.setAccessibleName("Provider")
        self.payer = named(QComboBox(), "payer")
        self.payer.setToolTip("The payer whose rules apply")
        self.payer.setAccessibleName("Payer")
        for payer_id, name in self._payers:
            self.payer.addItem(name, payer_id)
        self.date_of_service = named(QDateEdit(), "date_of_service")
        self.date_of_service.setCalendarPopup(True)
        self.date_of_service.setDisplayFormat("yyyy-MM-dd")
        self.date_of_service.setDate(QDate.currentDate())
        self.date_of_service.setToolTip("Date of service")
        self.date_of_service.setAccessibleName("Date of service")
        self.place = named(QComboBox(), "place_of_service")
        for code, text in PLACES_OF_SERVICE:
            self.place.addItem(text, code)
        self.place.setToolTip("CMS place of service")
        self.place.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.place.setMinimumContentsLength(5)
        self.provider.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.provider.setMinimumContentsLength(10)
        self.payer.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.payer.setMinimumContentsLength(8)
        _fit_longest(self.payer, [name for _, name in self._payers])
        self.place.setAccessibleName("Place of service")
        self.badge = named(Pill(10), "status_badge")
        self.badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.badge.setContentsMargins(10, 3, 10, 3)
        badge_font = self.badge.font()
        badge_font.setWeight(QFont.Weight.Bold)
        badge_font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 1.0)
        self.badge.setFont(badge_font)
        self.badge.setMinimumWidth(76)
        self.set_status(VisitStatus.DRAFT)

        row = QHBoxLayout(self)
        row.setContentsMargins(8, 6, 8, 6)
        row.setSpacing(6)
        for label, widget, stretch in (
            ("&Patient", with_mark(self.patient_search, self.patient_mark), 2),
            (None, self.new_patient, 0),
            ("Pro&vider", self.provider, 1),
            ("Pa&yer", self.payer, 0),
            ("&DOS", self.date_of_service, 0),
            ("P&OS", self.place, 1),
            (None, self.badge, 0),
        ):
            if label:
                caption = QLabel(label)
                caption.setBuddy(
                    widget if widget is not None and label != "&Patient" else self.patient_search
                )
                row.addWidget(caption)
            row.addWidget(widget, stretch)

        self.patient_search.textEdited.connect(self._on_search_edited)
        self._completer.activated[str].connect(self._on_patient_chosen)  # type: ignore[index]
        self.patient_search.returnPressed.connect(self._on_search_return)
        self.new_patient.clicked.connect(self._on_new_patient)
        for combo in (self.provider, self.payer, self.place):
            combo.currentIndexChanged.connect(self.changed)
            combo.currentIndexChanged.connect(self._on_combo_changed)
        self.date_of_service.dateChanged.connect(self.changed)

    # -- values -------------------------------------------------------------------------------

    def patient(self) -> Patient | None:
        """The chosen patient, or None."""
        return self._patient

    def set_patient(self, patient: Patient | None, *, apply_payer: bool = False) -> None:
        """Choose a patient (None clears); with ``apply_payer`` their default payer is selected."""
        self._patient = patient
        self.patient_search.setText(patient_label(patient) if patient else "")
        self.patient_search.setCursorPosition(0)  # show the name, not the end of the member id
        self.patient_mark.tip = _PATIENT_TIP + (f"\n{patient_label(patient)}" if patient else "")
        self.patient_mark.reason = ""  # re-apply the tooltip with the full label
        self.patient_mark.set(None)
        if patient is not None and apply_payer and patient.default_payer:
            self.set_payer(patient.default_payer)
        self.patientChanged.emit(patient)
        self.changed.emit()

    def set_providers(self, providers: Sequence[Provider]) -> None:
        """Fill the provider list (keeps the current choice when it is still there)."""
        current = self.provider.currentData()
        self.provider.blockSignals(True)
        self.provider.clear()
        for provider in providers:
            self.provider.addItem(provider.name, provider)
            self.provider.setItemData(
                self.provider.count() - 1, f"NPI {provider.npi}", Qt.ItemDataRole.ToolTipRole
            )
        self.provider.blockSignals(False)
        _fit_longest(self.provider, [provider.name for provider in providers])
        if current is not None:
            self.set_provider_id(current.id)
        self._on_combo_changed(0)

    def set_payers(self, payers: Sequence[tuple[str, str]]) -> None:
        """Fill the payer list with ``(id, name)`` pairs (keeps the current choice when it is
        still there): the database may know payers the code tables do not."""
        payers = tuple(payers)
        if payers == self._payers:
            return
        current = self.payer_id()
        self._payers = payers
        self.payer.blockSignals(True)
        self.payer.clear()
        for payer_id, name in payers:
            self.payer.addItem(name, payer_id)
        self.payer.blockSignals(False)
        _fit_longest(self.payer, [name for _, name in payers])
        self.set_payer(current)

    def provider_value(self) -> Provider | None:
        """The chosen provider."""
        data = self.provider.currentData()
        return data if isinstance(data, domain.Provider) else None

    def set_provider_id(self, provider_id: int | None) -> None:
        """Choose the provider with this id (no change when unknown)."""
        for index in range(self.provider.count()):
            if self.provider.itemData(index).id == provider_id:
                self.provider.setCurrentIndex(index)
                return

    def payer_id(self) -> str:
        """The chosen payer id."""
        return str(self.payer.currentData() or "commercial")

    def set_payer(self, payer_id: str) -> None:
        """Choose a payer by id."""
        index = self.payer.findData(payer_id)
        if index >= 0:
            self.payer.setCurrentIndex(index)

    def dos(self) -> dt.date:
        """The date of service."""
        return pydate(self.date_of_service.date())

    def set_dos(self, day: dt.date) -> None:
        """Set the date of service."""
        self.date_of_service.setDate(qdate(day))

    def place_of_service(self) -> str:
        """The two-digit place of service."""
        return str(self.place.currentData() or self.place.currentText()[:2])

    def set_place_of_service(self, code: str) -> None:
        """Set the place of service (unknown codes are added to the list)."""
        index = self.place.findData(code)
        if index < 0:
            self.place.addItem(code, code)
            index = self.place.count() - 1
        self.place.setCurrentIndex(index)

    def set_status(self, status: VisitStatus) -> None:
        """Show DRAFT, FINAL or AMENDED."""
        colour, word = _BADGE[VisitStatus(status)]
        self.badge.setText(word)
        self.badge.setAccessibleName(f"Visit status: {word.lower()}")
        self.badge.setToolTip(f"This visit is {word.lower()}")
        self.badge.set_colors(colour, palette.ON_ACCENT_HEX)

    def set_read_only(self, read_only: bool) -> None:
        """Disable every input (a final visit)."""
        for widget in (
            self.patient_search,
            self.new_patient,
            self.provider,
            self.payer,
            self.date_of_service,
            self.place,
        ):
            widget.setEnabled(not read_only)

    def tab_chain(self) -> list[QWidget]:
        """The inputs in Tab order."""
        return [
            self.patient_search,
            self.new_patient,
            self.provider,
            self.payer,
            self.date_of_service,
            self.place,
        ]

    # -- slots --------------------------------------------------------------------------------

    def _on_combo_changed(self, _index: int) -> None:
        # The whole entry in the tooltip, should the combo box be too narrow to show it.
        for combo, tip in (
            (self.provider, "The rendering provider"),
            (self.payer, "The payer whose rules apply"),
            (self.place, "CMS place of service"),
        ):
            combo.setToolTip(f"{tip}: {combo.currentText()}" if combo.currentText() else tip)

    def _on_search_edited(self, text: str) -> None:
        if self._patient is not None:
            self._patient = None
            self.patientChanged.emit(None)
            self.changed.emit()
        self._found = list(self._find(text)) if len(text.strip()) >= 2 else []
        self._model.clear()
        for patient in self._found:
            item = QStandardItem(patient_label(patient))
            self._model.appendRow(item)
        if self._found:
            self._completer.complete()

    def _on_patient_chosen(self, text: str) -> None:
        for patient in self._found:
            if patient_label(patient) == text:
                self.set_patient(patient, apply_payer=True)
                return

    def _on_search_return(self) -> None:
        # Enter with exactly one match (or the popup's first row) picks it without the mouse.
        if self._patient is None and self._found:
            self.set_patient(self._found[0], apply_payer=True)

    def _on_new_patient(self) -> None:
        from PySide6.QtWidgets import QDialog

        from tpi_desktop.ui.form_new_patient import NewPatientDialog  # on first use

        typed = self.patient_search.text().split(",")[0].strip() if self._patient is None else ""

        dialog = NewPatientDialog(self._payers, self._save, self, last_name=typed)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.patient is not None:
            self.set_patient(dialog.patient, apply_payer=True)
