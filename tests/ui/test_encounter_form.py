"""The encounter form on its own: values read back as domain objects, invalid input marked at the
field and kept, the ICD list, the new-patient dialog, and Tab reaching every input."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication

from tpi_desktop import paths
from tpi_desktop.domain import Container, Documentation, DoseUnit, Drug, Encounter, TriggerPointSign
from tpi_desktop.services import Workspace
from tpi_desktop.ui.encounter_form import EncounterForm, FormState
from tpi_desktop.ui.form_new_patient import NewPatientDialog


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    ws = Workspace.open(tmp_path / "form.sqlite3", paths.resources_dir(), user="tester")
    yield ws
    ws.close()


@pytest.fixture
def form(qtbot, workspace: Workspace) -> EncounterForm:
    widget = EncounterForm(workspace.tables, workspace.find_patients, workspace.save_patient)
    qtbot.addWidget(widget)
    return widget


def test_bad_ndc_is_marked_and_kept(qtbot, form: EncounterForm) -> None:
    row = form.drugs.add_row()
    row.agent.setCurrentText("triamcinolone acetonide")
    qtbot.keyClicks(row.dose, "40")
    qtbot.keyClicks(row.ndc, "12345")
    assert row.ndc.text() == "12345"  # never thrown away
    assert row.ndc.property("invalid") is True
    assert "NDC" in row.ndc_mark.label.text() or "digits" in row.ndc_mark.label.text()
    assert not row.ndc_mark.label.isHidden()
    assert "12345" in row.ndc.toolTip()
    drug = form.state().encounter.drugs[0]
    assert drug.ndc is None and drug.dose == Decimal(40)
    row.ndc.setText("0003-0293-05")
    assert row.ndc.property("invalid") is False and row.ndc_mark.label.isHidden()
    assert form.state().encounter.drugs[0].ndc == "00003029305"


def test_bad_dose_is_marked(qtbot, form: EncounterForm) -> None:
    row = form.drugs.add_row()
    row.agent.setCurrentText("ketorolac tromethamine")
    qtbot.keyClicks(row.dose, "forty")
    assert row.dose_mark.reason and "not a number" in row.dose_mark.reason
    assert any("not a number" in p for p in form.problems())


def test_diagnoses_letters_order_and_limit(form: EncounterForm) -> None:
    editor = form.diagnoses
    assert editor.add_code("M79.18") and editor.add_code("m7912")
    assert not editor.add_code("M79.1")  # a category: not billable
    assert "not billable" in (editor.mark.reason or "")
    assert editor.codes() == ("M79.18", "M79.12")
    assert editor.list.item(0).text().startswith("A  M79.18")
    editor.list.setCurrentRow(1)
    editor.up.click()
    assert editor.codes() == ("M79.12", "M79.18")
    assert editor.list.item(0).text().startswith("A  M79.12")
    codes = [
        "M79.10",
        "M79.11",
        "M62.830",
        "M54.2",
        "M54.50",
        "M25.511",
        "M25.512",
        "G44.209",
        "M79.601",
        "M79.602",
    ]
    for code in codes:
        assert editor.add_code(code), (code, editor.mark.reason)
    assert len(editor.codes()) == 12 and editor.list.item(11).text().startswith("L  ")
    assert not editor.add_code("M79.604")
    assert "12" in (editor.mark.reason or "")


def test_diagnosis_descriptions_show_without_the_search_index(qtbot) -> None:
    from tpi_desktop.coding.icd import IcdCodeSet
    from tpi_desktop.ui.form_diagnoses import DiagnosesEditor

    icd = IcdCodeSet()  # fresh: no search index built yet
    editor = DiagnosesEditor(icd)
    qtbot.addWidget(editor)
    editor.set_codes(["M79.18", "M54.2"])
    assert editor.list.item(0).text() == "A  M79.18  Myalgia, other site"
    assert editor.list.item(1).text() == "B  M54.2   Cervicalgia"
    assert not icd.index_ready  # descriptions did not wait for (or build) the index


def test_icd_search_offers_billable_codes(qtbot, form: EncounterForm) -> None:
    editor = form.diagnoses
    qtbot.keyClicks(editor.search, "myalgia")
    offered = editor._model.stringList()
    assert offered and all(" — " in entry for entry in offered)
    codes = [entry.split("—")[0].strip() for entry in offered]
    assert "M79.18" in codes and "M79.1" not in codes


def test_state_round_trips(form: EncounterForm, workspace: Workspace) -> None:
    encounter = Encounter(
        dt.date(2026, 3, 2),
        "medicare",
        "22",
        diagnoses=("M79.12",),
        drugs=(
            Drug(
                "triamcinolone acetonide",
                Decimal(40),
                DoseUnit.MG,
                Decimal(0),
                Container.MULTI_DOSE,
                ndc="00003029305",
                lot="A12",
            ),
        ),
        documentation=Documentation(
            needle_gauge="27G",
            needle_length_in=Decimal("1.25"),
            pain_before=7,
            pain_after=2,
            trigger_point_signs=(TriggerPointSign.TAUT_BAND,),
            trigger_point_activity="active",
            conservative_care=True,
            referring_provider_npi="1234567893",
        ),
    )
    form.set_state(FormState(None, None, encounter))
    back = form.state().encounter
    assert back.date_of_service == encounter.date_of_service and back.payer == "medicare"
    assert back.place_of_service == "22" and back.diagnoses == ("M79.12",)
    assert back.drugs == encounter.drugs
    doc = back.documentation
    assert doc.needle_length_in == Decimal("1.25") and doc.pain_before == 7 and doc.pain_after == 2
    assert doc.relief_percent == 71  # from the pain scores
    assert (
        doc.trigger_point_signs == (TriggerPointSign.TAUT_BAND,) and doc.conservative_care is True
    )
    assert doc.referring_provider_npi == "1234567893"


def test_referring_npi_check_digit(qtbot, form: EncounterForm) -> None:
    qtbot.keyClicks(form.documentation.referring_npi, "1234567890")
    assert "check digit" in (form.documentation.npi_mark.reason or "")
    assert form.state().encounter.documentation.referring_provider_npi is None


def test_new_patient_dialog_validates_then_saves(qtbot, workspace: Workspace) -> None:
    dialog = NewPatientDialog([("medicare", "Medicare")], workspace.save_patient)
    qtbot.addWidget(dialog)
    dialog.date_of_birth.setDate(QDate.currentDate().addDays(3))
    dialog._on_ok()
    assert dialog.result() == 0 and dialog.patient is None
    assert dialog.last_name.property("invalid") is True
    assert "future" in dialog._marks["date_of_birth"].reason
    qtbot.keyClicks(dialog.last_name, "Rivera")
    qtbot.keyClicks(dialog.first_name, "Ana")
    dialog.date_of_birth.setDate(QDate(1961, 4, 9))
    dialog.payer.setCurrentIndex(1)
    dialog._on_ok()
    assert dialog.patient is not None and dialog.patient.id is not None
    found = workspace.find_patients("Rivera")
    assert [(p.first_name, p.default_payer) for p in found] == [("Ana", "medicare")]


def test_new_patient_button_fills_the_bar(qtbot, form: EncounterForm, workspace: Workspace) -> None:
    qtbot.keyClicks(form.bar.patient_search, "Okafor")

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, NewPatientDialog):
            QTimer.singleShot(30, fill)
            return
        assert dialog.last_name.text() == "Okafor"  # carried over from the search box
        qtbot.keyClicks(dialog.first_name, "Ben")
        dialog.date_of_birth.setDate(QDate(1970, 2, 3))
        dialog._on_ok()

    QTimer.singleShot(30, fill)
    qtbot.mouseClick(form.bar.new_patient, Qt.MouseButton.LeftButton)
    assert form.bar.patient() is not None and form.bar.patient().first_name == "Ben"
    assert workspace.find_patients("Okafor")


def test_injections_label_grows_but_does_not_shrink_within_a_visit(qtbot, form) -> None:  # type: ignore[no-untyped-def]
    from tpi_desktop.domain import Documentation, Injection, Side

    form.resize(420, 900)
    form.show()
    qtbot.waitExposed(form)
    label = form.documentation.per_muscle
    many = [
        Injection(m, Side.RIGHT, 2)
        for m in ("upper_trapezius", "levator_scapulae", "supraspinatus", "infraspinatus")
    ]
    form.set_injections(many)
    qtbot.wait(20)
    tall = label.height()
    assert "×2" in label.text() and tall > label.fontMetrics().height()  # wrapped
    form.set_injections(many[:1])  # muscles taken off: the form below does not move
    qtbot.wait(20)
    assert label.height() == tall and label.text().count("×") == 1
    form.documentation.set_documentation(Documentation())  # another visit: it may shrink
    qtbot.waitUntil(lambda: label.height() < tall)
