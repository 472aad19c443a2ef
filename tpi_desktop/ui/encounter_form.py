"""The encounter form: the visit bar plus the diagnoses, same-day services, drugs and the
documentation checklist, read back as immutable domain values.

The form never codes anything. ``state()`` builds a ``FormState`` (patient, provider and the
``Encounter``) from what is on screen; the window hands it to the engine and shows the result.
Injections come from the body picker, so the window passes them in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from tpi_desktop import domain
from tpi_desktop.coding.tables import CodeTables
from tpi_desktop.ui import palette
from tpi_desktop.ui.chrome import Pill
from tpi_desktop.ui.form_common import named, section
from tpi_desktop.ui.form_diagnoses import DiagnosesEditor
from tpi_desktop.ui.form_documentation import DocumentationEditor
from tpi_desktop.ui.form_drugs import DrugsEditor
from tpi_desktop.ui.form_patient import FindPatients, SavePatient, VisitBar
from tpi_desktop.ui.form_procedures import ProceduresEditor

if TYPE_CHECKING:
    from tpi_desktop.domain import Encounter, Injection, Patient, Provider


@dataclass(frozen=True, slots=True)
class FormState:
    """Everything on the form at one moment: the unit of undo, autosave and coding."""

    patient: Patient | None
    provider: Provider | None
    encounter: Encounter


class EncounterForm(QWidget):
    """Diagnoses, services, drugs and documentation; ``bar`` is the visit bar shown on top."""

    changed = Signal()
    tabOrderChanged = Signal()

    def __init__(
        self,
        tables: CodeTables,
        find_patients: FindPatients,
        save_patient: SavePatient,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("encounter_form")
        self._tables = tables
        self._injections: tuple[Injection, ...] = ()
        self._loading = False
        payers = [(p.id, p.name) for p in tables.payers.values()]
        self.bar = VisitBar(find_patients, save_patient, payers)
        self.diagnoses = DiagnosesEditor(tables.icd)
        self.procedures = ProceduresEditor()
        self.drugs = DrugsEditor(tables.drugs)
        self.documentation = DocumentationEditor(tables.catalog)
        self.read_only_note = named(Pill(6), "read_only_note")
        self.read_only_note.setWordWrap(True)
        self.read_only_note.set_colors(palette.ACCENT_HOVER_HEX, palette.GREY_900_HEX)
        self.read_only_note.setMargin(8)
        self.read_only_note.setVisible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 10)
        layout.setSpacing(6)
        layout.addWidget(self.read_only_note)
        for title, name, editor in (
            ("Diagnoses (claim order)", "section_diagnoses", self.diagnoses),
            ("Same-day services", "section_services", self.procedures),
            ("Drugs", "section_drugs", self.drugs),
            ("Documentation checklist", "section_documentation", self.documentation),
        ):
            box = section(title, name)
            inner = QVBoxLayout(box)
            inner.setContentsMargins(8, 8, 8, 8)
            inner.addWidget(editor)
            layout.addWidget(box)
        layout.addStretch(1)

        for part in (self.bar, self.diagnoses, self.procedures, self.drugs, self.documentation):
            part.changed.connect(self._on_part_changed)
        self.drugs.rowsChanged.connect(self.tabOrderChanged)
        self.procedures.rowsChanged.connect(self.tabOrderChanged)

    # -- values -------------------------------------------------------------------------------

    def state(self, prior_sessions: Sequence[dt.date] = ()) -> FormState:
        """What is on screen, as domain values (invalid fields leave their value out)."""
        encounter = domain.Encounter(
            date_of_service=self.bar.dos(),
            payer=self.bar.payer_id(),
            place_of_service=self.bar.place_of_service(),
            injections=self._injections,
            em=self.procedures.em_value(),
            other_procedures=self.procedures.others(),
            imaging=self.procedures.imaging_value(),
            drugs=self.drugs.drugs(),
            diagnoses=self.diagnoses.codes(),
            prior_sessions=tuple(prior_sessions),
            documentation=self.documentation.documentation(),
        )
        return FormState(self.bar.patient(), self.bar.provider_value(), encounter)

    def set_state(self, state: FormState) -> None:
        """Show a stored or remembered state without emitting ``changed`` for every field."""
        self._loading = True
        try:
            encounter = state.encounter
            self.bar.blockSignals(True)
            self.bar.set_patient(state.patient)
            if state.provider is not None:
                self.bar.set_provider_id(state.provider.id)
            self.bar.set_payer(encounter.payer)
            self.bar.set_dos(encounter.date_of_service)
            self.bar.set_place_of_service(encounter.place_of_service)
            self.bar.blockSignals(False)
            self.diagnoses.set_codes(encounter.diagnoses)
            self.procedures.set_values(encounter.em, encounter.other_procedures, encounter.imaging)
            self.drugs.set_drugs(encounter.drugs)
            self.documentation.set_documentation(encounter.documentation)
            self.set_injections(encounter.injections)
        finally:
            self._loading = False
        self.tabOrderChanged.emit()

    def set_injections(self, injections: Sequence[Injection]) -> None:
        """The injections chosen on the body figure (shown in the checklist)."""
        self._injections = tuple(injections)
        self.documentation.set_injections(self._injections)

    def injections(self) -> tuple[Injection, ...]:
        """The injections last handed in."""
        return self._injections

    def problems(self) -> list[str]:
        """Every field marked invalid, with its reason."""
        out = (
            list(self.drugs.problems()) + self.procedures.problems() + self.documentation.problems()
        )
        if self.bar.patient_mark.reason:
            out.append(self.bar.patient_mark.reason)
        return out

    def set_read_only(self, read_only: bool, note: str = "") -> None:
        """Disable every input (a final visit); ``note`` says why and what to do."""
        self.bar.set_read_only(read_only)
        self.diagnoses.set_read_only(read_only)
        self.procedures.set_read_only(read_only)
        self.drugs.set_read_only(read_only)
        self.documentation.set_read_only(read_only)
        self.read_only_note.setText(note)
        self.read_only_note.setVisible(read_only and bool(note))

    def tab_chain(self) -> list[QWidget]:
        """The form's inputs in Tab order (the bar's first)."""
        return [
            *self.bar.tab_chain(),
            self.diagnoses.search,
            self.diagnoses.list,
            self.diagnoses.up,
            self.diagnoses.down,
            self.diagnoses.remove,
            *self.procedures.tab_chain(),
            *self.drugs.tab_chain(),
            *self.documentation.tab_chain(),
        ]

    def _on_part_changed(self, *_: object) -> None:
        if not self._loading:
            self.changed.emit()
