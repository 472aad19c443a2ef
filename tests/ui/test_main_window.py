"""The workstation window end to end: picker clicks and form edits coded live, with a real
database in ``tmp_path`` behind the real services."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QPointF, Qt, QTimer
from PySide6.QtWidgets import QApplication

from tpi_desktop import paths
from tpi_desktop.domain import Encounter, Injection, Patient, Provider, Side, Visit, VisitStatus
from tpi_desktop.services import Workspace
from tpi_desktop.ui.form_finalize import FinalizeDialog
from tpi_desktop.ui.main_window import MainWindow

TODAY = dt.date.today()


def pick(qtbot, window: MainWindow, muscle_id: str, side: str, count: int = 1) -> None:
    """Pick a muscle as a user does: click it on the figure, or type it in the picker's search."""
    picker = window.picker
    clicked = False
    for view in (picker.front, picker.back):
        for region in view.regions():
            if region.key == (muscle_id, side) and not clicked:
                point = view.view_transform().map(region.label_point)
                if view.region_at(QPointF(point)) is region:
                    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=point.toPoint())
                    clicked = True
    if not clicked:
        name = window.workspace.catalog.get(muscle_id).name
        picker.search.set_side(Side(side))
        picker.search.edit.setFocus()
        qtbot.keyClicks(picker.search.edit, name)
        qtbot.keyClick(picker.search.edit, Qt.Key.Key_Return)
    assert (muscle_id, side) in {(i.muscle_id, i.side.value) for i in picker.injections()}
    if count != 1:
        row = next(r for r in picker.sites.rows() if r.key == (muscle_id, side))
        row.spin.selectAll()
        qtbot.keyClicks(row.spin, str(count))
        qtbot.keyClick(row.spin, Qt.Key.Key_Return)
    assert {(i.muscle_id, i.side.value): i.count for i in picker.injections()}[
        (muscle_id, side)
    ] == count


def shown_code(window: MainWindow) -> str:
    return window.panel.code_label.text().strip()


def shown_lines(window: MainWindow) -> list[tuple[str, ...]]:
    model = window.panel.model
    return [
        tuple(str(model.index(r, c).data() or "") for c in range(model.columnCount()))
        for r in range(model.rowCount())
    ]


def test_seed_scenario_one_is_20552(qtbot, window: MainWindow) -> None:
    pick(qtbot, window, "gastrocnemius", "left", 4)
    pick(qtbot, window, "soleus", "left", 2)
    assert window.result is not None and window.result.procedure_code == "20552"
    assert shown_code(window) == "20552"
    assert any(line[0] == "20552" for line in shown_lines(window))


def test_seed_scenario_two_is_20553(qtbot, window: MainWindow) -> None:
    for muscle in ("upper_trapezius", "posterior_deltoid", "supraspinatus"):
        pick(qtbot, window, muscle, "right")
    assert shown_code(window) == "20553"
    assert window.result is not None and window.result.muscle_count == 3


def test_em_with_separate_work_gets_modifier_25(qtbot, window: MainWindow) -> None:
    pick(qtbot, window, "upper_trapezius", "right")
    procedures = window.form.procedures
    procedures.em.setCurrentIndex(procedures.em.findData("99213"))
    assert procedures.em_separate.isEnabled()
    qtbot.mouseClick(procedures.em_separate, Qt.MouseButton.LeftButton)
    assert procedures.em_separate.isChecked()
    em_lines = [line for line in shown_lines(window) if line[0] == "99213"]
    assert em_lines and "25" in em_lines[0][2]
    line = next(ln for ln in window.result.lines if ln.code == "99213")
    assert line.modifiers == ("25",)


def test_medicare_patient_with_three_sessions_shows_frequency_limit(
    qtbot, window: MainWindow, workspace: Workspace
) -> None:
    patient = workspace.save_patient(
        Patient("Rivera", "Ana", dt.date(1950, 4, 9), "F", "1EG4TE5MK73", "medicare")
    )
    provider = workspace.providers()[0]
    for days in (300, 200, 100):
        day = TODAY - dt.timedelta(days=days)
        workspace.save_visit(
            Visit(
                patient,
                provider,
                Encounter(
                    day,
                    "medicare",
                    injections=(Injection("upper_trapezius", Side.RIGHT),),
                    diagnoses=("M79.18",),
                ),
            )
        )
    bar = window.form.bar
    bar.patient_search.setFocus()
    qtbot.keyClicks(bar.patient_search, "Rive")
    qtbot.keyClick(bar.patient_search, Qt.Key.Key_Return)
    assert bar.patient() is not None and bar.patient().id == patient.id
    assert bar.payer_id() == "medicare"  # the patient's default payer
    pick(qtbot, window, "upper_trapezius", "right")
    assert "frequency_limit" in window.result.finding_ids()
    texts = [row.text.text() for row in window.panel.finding_rows()]
    assert any("Error" in t for t in texts)
    assert (
        window.result.eligibility is not None and window.result.eligibility.sessions_in_window == 3
    )


def test_keyboard_only_visit_is_saved(qtbot, window: MainWindow, workspace: Workspace) -> None:
    workspace.save_patient(Patient("Okafor", "Ben", dt.date(1970, 2, 3), "M", "W123", "commercial"))
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)  # Find patient
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.form.bar.patient_search)

    def focused():
        return QApplication.focusWidget()

    qtbot.keyClicks(focused(), "Okaf")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert window.form.bar.patient() is not None
    # Tab through the visit bar to the picker's search box.
    for _ in range(20):
        if focused() is window.picker.search.edit:
            break
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is window.picker.search.edit
    qtbot.keyClicks(focused(), "left gastrocnemius")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    for _ in range(20):
        if focused() is window.form.diagnoses.search:
            break
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is window.form.diagnoses.search
    qtbot.keyClicks(focused(), "M79.18")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert window.form.diagnoses.codes() == ("M79.18",)
    qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert window.visit is not None and window.visit.id is not None
    stored = workspace.get_visit(window.visit.id)
    assert stored.patient.last_name == "Okafor"
    assert [(i.muscle_id, i.side.value) for i in stored.encounter.injections] == [
        ("gastrocnemius", "left")
    ]
    assert stored.encounter.diagnoses == ("M79.18",)
    assert stored.status is VisitStatus.DRAFT
    assert not window.is_dirty()


def _answer_finalize_dialog(qtbot, reason: str, seen: list[list[str]]) -> None:
    def handle() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, FinalizeDialog):
            QTimer.singleShot(50, handle)
            return
        seen.append([dialog.blockers.item(i).text() for i in range(dialog.blockers.count())])
        assert not dialog.override.isEnabled()
        qtbot.keyClicks(dialog.reason, reason)
        qtbot.mouseClick(dialog.override, Qt.MouseButton.LeftButton)

    QTimer.singleShot(50, handle)


def _ready_visit(qtbot, window: MainWindow, workspace: Workspace) -> None:
    patient = workspace.save_patient(
        Patient("Nguyen", "Lan", dt.date(1962, 7, 1), "F", "", "commercial")
    )
    window.form.bar.set_patient(patient)
    pick(qtbot, window, "upper_trapezius", "right")


def test_finalize_blocked_then_overridden(qtbot, window: MainWindow, workspace: Workspace) -> None:
    _ready_visit(qtbot, window, workspace)  # no diagnosis: an error blocks finalizing
    seen: list[list[str]] = []
    _answer_finalize_dialog(qtbot, "Payer confirmed by phone", seen)
    assert window.finalize_visit()
    assert seen and any("no_diagnosis" in text for text in seen[0])
    stored = workspace.get_visit(window.visit.id)
    assert stored.status is VisitStatus.FINAL
    assert stored.override_reason == "Payer confirmed by phone"


def test_final_visit_is_read_only_and_can_be_amended(
    qtbot, window: MainWindow, workspace: Workspace
) -> None:
    _ready_visit(qtbot, window, workspace)
    _answer_finalize_dialog(qtbot, "ok", [])
    assert window.finalize_visit()
    form = window.form
    assert window.form.bar.badge.text() == "FINAL"
    for widget in (
        form.bar.patient_search,
        form.bar.date_of_service,
        form.diagnoses.search,
        form.procedures.em,
        form.drugs.add,
        form.documentation.needle_length,
        form.documentation.pain_before,
        form.documentation.conservative,
    ):
        assert not widget.isEnabled(), widget.objectName()
    assert window.picker.is_read_only()
    assert not window.commands["save"].isEnabled() and window.commands["amend"].isEnabled()
    original = window.visit.id
    window.commands["amend"].trigger()
    assert workspace.get_visit(original).status is VisitStatus.AMENDED
    assert window.visit.amends == original and window.visit.status is VisitStatus.DRAFT
    assert form.diagnoses.search.isEnabled() and not window.picker.is_read_only()


def test_undo_and_redo_a_pick(qtbot, window: MainWindow) -> None:
    pick(qtbot, window, "upper_trapezius", "right")
    assert shown_code(window) == "20552"
    window.commands["undo"].trigger()
    assert window.picker.injections() == ()
    assert window.result.procedure_code is None
    window.commands["redo"].trigger()
    assert [i.muscle_id for i in window.picker.injections()] == ["upper_trapezius"]
    assert shown_code(window) == "20552"


def test_autosave_restores_an_unsaved_draft(qtbot, tmp_path: Path) -> None:
    db = tmp_path / "crash.sqlite3"
    ws = Workspace.open(db, paths.resources_dir(), user="tester")
    ws.save_provider(Provider("Dana Whitfield, MD", "1234567893"))
    first = MainWindow(ws)
    first.show()
    first.start()
    pick(qtbot, first, "upper_trapezius", "right", 2)
    pick(qtbot, first, "supraspinatus", "right")
    assert first.form.diagnoses.add_code("M79.12")
    qtbot.waitUntil(lambda: ws.autosave_get("main_window") is not None, timeout=4000)
    # The program stops without closing its window (no save, no question).
    first.hide()
    first.deleteLater()
    QApplication.processEvents()
    ws.close()

    again = Workspace.open(db, paths.resources_dir(), user="tester")
    second = MainWindow(again)
    second.start()
    assert {(i.muscle_id, i.count) for i in second.picker.injections()} == {
        ("upper_trapezius", 2),
        ("supraspinatus", 1),
    }
    assert second.form.diagnoses.codes() == ("M79.12",)
    assert "Restored" in second.status_note.text()
    assert second.is_dirty()
    second.discard_changes()
    assert again.autosave_get("main_window") is None
    second.close()
    second.deleteLater()
    again.close()


def test_tab_reaches_every_input_in_order(qtbot, window: MainWindow) -> None:
    window.form.drugs.add_row()
    window.form.procedures.add.click()
    qtbot.wait(20)  # new rows are shown by a queued call, as in the running program
    chain = [
        w for w in window.tab_chain() if w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus
    ]
    window.activateWindow()
    chain[0].setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is chain[0])
    visited = [chain[0]]
    for _ in range(len(chain) * 2):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        owner = next((w for w in chain if w is focused or w.isAncestorOf(focused)), None)
        if owner is not None and owner not in visited:
            visited.append(owner)
        if len(visited) == len(chain):
            break
    names = [w.objectName() or type(w).__name__ for w in visited]
    assert visited == chain, (
        " ".join(names) + " != " + " ".join(w.objectName() or type(w).__name__ for w in chain)
    )
    assert len(chain) > 40  # the whole form, not just the bar


def test_save_without_a_patient_is_refused_at_the_field(
    qtbot, window: MainWindow, workspace: Workspace
) -> None:
    pick(qtbot, window, "upper_trapezius", "right")
    qtbot.keyClicks(window.form.bar.patient_search, "Nobody Yet")
    assert window.save_draft() is None
    assert window.form.bar.patient_mark.reason == "choose a patient first"
    assert window.form.bar.patient_search.text() == "Nobody Yet"  # kept
    assert "choose a patient" in window.statusBar().currentMessage()
    assert workspace.count_visits() == 0
    assert window.is_dirty()
