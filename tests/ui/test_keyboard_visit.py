"""A whole visit entered with the keyboard alone, then Ctrl+S: every value reaches the database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QWidget

from tpi_desktop.domain import DoseUnit, Patient, Provider, VisitStatus
from tpi_desktop.services import Workspace
from tpi_desktop.ui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def workspace(workspace: Workspace) -> Workspace:
    """The shared workspace with a second provider to choose by keyboard."""
    workspace.save_provider(Provider("Marcus Oyelaran, DO", "1245319599"))
    return workspace


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def tab_to(qtbot, target: QWidget, limit: int = 80) -> None:  # type: ignore[no-untyped-def]
    """Press Tab (only Tab) until ``target`` has the focus."""
    for _ in range(limit):
        QApplication.processEvents()  # as between a user's key presses (queued shows, etc.)
        if focused() is target:
            return
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is target, f"Tab never reached {target.objectName()}"


def arrow_to(qtbot, combo: QComboBox, wanted: Callable[[Any], bool]) -> None:  # type: ignore[no-untyped-def]
    """Press Down (then Up) on the focused combo box until its current data is wanted."""
    assert focused() is combo
    for key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
        for _ in range(combo.count()):
            if wanted(combo.currentData()):
                return
            qtbot.keyClick(combo, key)
    assert wanted(combo.currentData()), combo.currentText()


def type_over(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Select what the focused field holds and type ``text`` over it."""
    qtbot.keyClick(focused(), Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(focused(), text)


def test_a_whole_visit_by_keyboard_is_stored(
    qtbot, window: MainWindow, workspace: Workspace, monkeypatch
) -> None:
    def no_box(_parent: object, title: str, text: str, *_: object) -> None:
        raise AssertionError(f"{title}: {text}")

    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.warning", no_box)
    workspace.save_patient(Patient("Okafor", "Ben", dt.date(1970, 2, 3), "M", "W123", "commercial"))
    bar, form = window.form.bar, window.form
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)  # Edit → Find patient
    qtbot.waitUntil(lambda: QApplication.focusWidget() is bar.patient_search)
    qtbot.keyClicks(focused(), "Okaf")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert bar.patient() is not None

    tab_to(qtbot, bar.provider)
    arrow_to(qtbot, bar.provider, lambda p: p is not None and p.name.startswith("Marcus"))
    tab_to(qtbot, bar.payer)
    arrow_to(qtbot, bar.payer, lambda payer: payer == "medicare")
    tab_to(qtbot, bar.date_of_service)
    type_over(qtbot, "2026-03-02")
    assert bar.dos() == dt.date(2026, 3, 2)

    tab_to(qtbot, window.picker.search.edit)
    qtbot.keyClicks(focused(), "left gastrocnemius")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert [i.muscle_id for i in window.picker.injections()] == ["gastrocnemius"]

    tab_to(qtbot, form.diagnoses.search)
    qtbot.keyClicks(focused(), "M79.18")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)

    tab_to(qtbot, form.procedures.em)
    arrow_to(qtbot, form.procedures.em, lambda code: code == "99213")
    tab_to(qtbot, form.procedures.em_separate)
    if not form.procedures.em_separate.isChecked():
        qtbot.keyClick(focused(), Qt.Key.Key_Space)

    tab_to(qtbot, form.drugs.add)
    qtbot.keyClick(focused(), Qt.Key.Key_Space)  # + Add drug
    qtbot.wait(10)  # the new row is shown by a queued call
    assert len(form.drugs.rows) == 1
    row = form.drugs.rows[0]
    tab_to(qtbot, row.agent)
    type_over(qtbot, "triamcinolone acetonide")
    if QApplication.activePopupWidget() is not None:
        qtbot.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_Return)  # take the completion
    tab_to(qtbot, row.dose)
    type_over(qtbot, "40")
    tab_to(qtbot, row.unit)
    arrow_to(qtbot, row.unit, lambda unit: unit == DoseUnit.MG)
    tab_to(qtbot, row.ndc)
    type_over(qtbot, "0003-0293-05")

    doc = form.documentation
    tab_to(qtbot, doc.needle_gauge)
    type_over(qtbot, "27G")
    tab_to(qtbot, doc.needle_length)
    type_over(qtbot, "1.25")
    tab_to(qtbot, doc.pain_before)
    type_over(qtbot, "8")
    tab_to(qtbot, doc.pain_after)
    type_over(qtbot, "3")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)  # leave the spin box so its value is committed

    qtbot.keyClick(focused(), Qt.Key.Key_S, CTRL)
    assert window.visit is not None and window.visit.id is not None
    stored = workspace.get_visit(window.visit.id)
    enc = stored.encounter
    assert stored.status is VisitStatus.DRAFT
    assert (stored.patient.last_name, stored.provider.name) == ("Okafor", "Marcus Oyelaran, DO")
    assert (enc.payer, enc.date_of_service) == ("medicare", dt.date(2026, 3, 2))
    assert [(i.muscle_id, i.side.value) for i in enc.injections] == [("gastrocnemius", "left")]
    assert enc.diagnoses == ("M79.18",)
    assert enc.em is not None and (enc.em.code, enc.em.significant_separate) == (
        "99213",
        True,
    )
    assert len(enc.drugs) == 1
    drug = enc.drugs[0]
    assert (drug.agent, drug.dose, drug.dose_unit, drug.ndc) == (
        "triamcinolone acetonide",
        Decimal(40),
        DoseUnit.MG,
        "00003029305",
    )
    docs = enc.documentation
    assert (docs.needle_gauge, docs.needle_length_in) == ("27G", Decimal("1.25"))
    assert (docs.pain_before, docs.pain_after) == (8, 3)
    assert not window.is_dirty()
