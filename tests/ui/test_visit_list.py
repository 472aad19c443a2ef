"""The visit list over a real database: rows, sorting, filters, paging, open, copy forward."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication

from tpi_desktop import paths
from tpi_desktop.domain import (
    DoseUnit,
    Drug,
    Encounter,
    Injection,
    Patient,
    Provider,
    Side,
    Visit,
    VisitStatus,
)
from tpi_desktop.services import VisitQuery, Workspace, fill_demo
from tpi_desktop.ui.export_dialog import ExportDialog
from tpi_desktop.ui.visit_list import NO_DATE, VisitListView, copy_forward
from tpi_desktop.ui.visit_list_model import Column, VisitListModel

SHOTS = Path("/tmp/ui_check2")
TWO = (Injection("upper_trapezius", Side.RIGHT, 2), Injection("levator_scapulae", Side.RIGHT))
THREE = (*TWO, Injection("rhomboid_major", Side.RIGHT))


@pytest.fixture(autouse=True)
def _settings(tmp_path: Path) -> None:
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qs"))


@pytest.fixture
def workspace(tmp_path: Path):
    """Four visits of three patients: two payers, one final, dates Jan-Apr 2026."""
    ws = Workspace.open(tmp_path / "visits.sqlite3", paths.resources_dir(), user="test")
    dana = ws.save_provider(Provider("Dana Whitfield, MD", "1234567893"))
    rivera = ws.save_patient(Patient("Rivera", "Ana", dt.date(1961, 4, 9)))
    okafor = ws.save_patient(Patient("Okafor", "Samuel", dt.date(1950, 2, 1)))
    rivas = ws.save_patient(Patient("Rivas", "Carla", dt.date(1972, 8, 30)))
    lidocaine = Drug("lidocaine", Decimal(5), DoseUnit.ML, lot="L123", expiry=dt.date(2027, 1, 1))
    for patient, day, payer, injections in (
        (rivera, dt.date(2026, 1, 10), "medicare", THREE),
        (okafor, dt.date(2026, 2, 14), "commercial", TWO),
        (rivera, dt.date(2026, 3, 5), "medicare", TWO),
        (rivas, dt.date(2026, 4, 20), "commercial", THREE),
    ):
        encounter = Encounter(day, payer=payer, injections=injections,
                              diagnoses=("M79.11",), drugs=(lidocaine,))  # fmt: skip
        ws.save_visit(Visit(patient, dana, encounter))
    first = ws.search_visits(VisitQuery(newest_first=False), limit=1).rows[0]
    ws.finalize(first.id, override_reason="test visit")
    yield ws
    ws.close()


@pytest.fixture
def view(qtbot, workspace) -> VisitListView:
    widget = VisitListView(workspace)
    qtbot.addWidget(widget)
    widget.resize(1000, 420)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _column(view: VisitListView, column: Column) -> list[str]:
    proxy = view.proxy
    return [proxy.index(r, column).data() for r in range(proxy.rowCount())]


def test_models_pass_the_model_tester(qtmodeltester, view: VisitListView) -> None:
    qtmodeltester.check(view.model)
    qtmodeltester.check(view.proxy)
    view.model.page_size = 1  # and while pages are still coming in
    view.refresh()
    qtmodeltester.check(view.model)
    qtmodeltester.check(view.proxy)


def test_list_shows_every_visit_newest_first(view: VisitListView) -> None:
    assert _column(view, Column.DATE) == ["04/20/2026", "03/05/2026", "02/14/2026", "01/10/2026"]
    assert _column(view, Column.PATIENT)[0] == "Rivas, Carla"
    assert _column(view, Column.DOB)[0] == "08/30/1972"
    assert _column(view, Column.CODE) == ["20553", "20552", "20552", "20553"]
    assert _column(view, Column.STATUS) == ["Draft", "Draft", "Draft", "Final"]
    assert _column(view, Column.PAYER)[1] == "Medicare Part B"
    charges = _column(view, Column.CHARGE)
    assert all(c.startswith("$") and c[-3] == "." for c in charges)
    assert "4 visits shown" in view.count_label.text()


def test_header_click_sorts_by_patient_then_reverses(qtbot, view: VisitListView) -> None:
    header = view.table.horizontalHeader()
    x = header.sectionViewportPosition(Column.PATIENT) + 10
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    names = _column(view, Column.PATIENT)
    assert names == sorted(names, key=str.casefold)
    view.table.sortByColumn(Column.PATIENT, Qt.SortOrder.DescendingOrder)
    assert _column(view, Column.PATIENT)[0] == "Rivera, Ana"


def test_sorting_by_date_ascending_asks_the_database_for_the_oldest_first(
    view: VisitListView,
) -> None:
    view.table.sortByColumn(Column.DATE, Qt.SortOrder.AscendingOrder)
    assert view.model.query.newest_first is False
    assert _column(view, Column.DATE)[0] == "01/10/2026"


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        (lambda v: v.patient.setText("riv"), ["Rivas, Carla", "Rivera, Ana", "Rivera, Ana"]),
        (lambda v: v.patient.setText("Rivera, A"), ["Rivera, Ana", "Rivera, Ana"]),
        (lambda v: v.status.setCurrentIndex(v.status.findData("final")), ["Rivera, Ana"]),
        (
            lambda v: v.payer.setCurrentIndex(v.payer.findData("commercial")),
            ["Rivas, Carla", "Okafor, Samuel"],
        ),
    ],
    ids=["prefix", "last-first", "status", "payer"],
)
def test_filters_give_the_right_rows(qtbot, view: VisitListView, setup, expected) -> None:
    setup(view)
    qtbot.waitUntil(lambda: _column(view, Column.PATIENT) == expected, timeout=2000)


def test_date_range_filter(view: VisitListView) -> None:
    view.date_from.setDate(dt.date(2026, 2, 1))
    view.date_to.setDate(dt.date(2026, 3, 31))
    assert _column(view, Column.DATE) == ["03/05/2026", "02/14/2026"]
    view.date_from.setDate(NO_DATE)
    assert _column(view, Column.DATE) == ["03/05/2026", "02/14/2026", "01/10/2026"]


def test_no_match_shows_what_to_do(qtbot, view: VisitListView) -> None:
    view.patient.setText("Zz")
    qtbot.waitUntil(lambda: view.model.rowCount() == 0, timeout=2000)
    assert view.empty.isVisible() and "Clear filters" in view.empty.text()
    view.clear_filters()
    assert view.model.rowCount() == 4 and view.table.isVisible()


def test_fetch_more_loads_the_next_page_by_cursor(workspace) -> None:
    calls = []

    def fetch(query, after, limit):
        calls.append(after)
        return workspace.search_visits(query, after=after, limit=limit)

    model = VisitListModel(fetch, page_size=3)
    model.set_query(VisitQuery())
    assert model.rowCount() == 3 and model.canFetchMore(model.index(-1, -1))
    model.fetchMore(model.index(-1, -1))
    assert model.rowCount() == 4 and not model.canFetchMore(model.index(-1, -1))
    assert calls[0] is None and calls[1] is not None
    assert len({model.visit_id(r) for r in range(4)}) == 4  # no row twice


def test_scrolling_the_view_fetches_pages(qtbot, view: VisitListView) -> None:
    view.model.page_size = 1
    view.refresh()
    assert view.model.pages_loaded >= 1
    qtbot.waitUntil(lambda: view.model.all_loaded(), timeout=3000)  # the view asks as it fits more
    assert view.model.rowCount() == 4
    assert view.count_label.text() == "4 visits shown"


def test_scrolling_to_the_end_loads_the_next_page(qtbot, view: VisitListView, workspace) -> None:
    fill_demo(workspace, visits=40, today=dt.date(2026, 6, 30))
    total = workspace.count_visits()
    view.model.page_size = 10
    view.refresh()  # the 420-pixel table shows about 11 rows
    qtbot.wait(100)
    loaded = view.model.rowCount()
    assert loaded < total and not view.model.all_loaded()
    bar = view.table.verticalScrollBar()
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: view.model.rowCount() > loaded, timeout=3000)
    for _ in range(10):
        bar.setValue(bar.maximum())
        qtbot.wait(20)
    qtbot.waitUntil(view.model.all_loaded, timeout=3000)
    ids = [view.model.visit_id(r) for r in range(view.model.rowCount())]
    assert len(ids) == len(set(ids)) == total


def test_enter_and_double_click_open_the_visit(qtbot, view: VisitListView, workspace) -> None:
    newest = workspace.search_visits(VisitQuery(), limit=1).rows[0].id
    view.table.selectRow(0)
    view.table.setFocus()
    with qtbot.waitSignal(view.visitOpened) as opened:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened.args == [newest]
    rect = view.table.visualRect(view.proxy.index(1, Column.PATIENT))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(view.visitOpened) as opened:
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [view.model.visit_id(1)]


def test_copy_forward_creates_todays_draft_and_opens_it(
    qtbot, view: VisitListView, workspace
) -> None:
    view.table.selectRow(3)  # the final visit of Jan 10, 3 muscles
    source = workspace.get_visit(view.selected_ids()[0])
    with qtbot.waitSignal(view.visitOpened) as opened:
        qtbot.mouseClick(view.copy_button, Qt.MouseButton.LeftButton)
    new = workspace.get_visit(opened.args[0])
    assert new.id != source.id and new.status is VisitStatus.DRAFT
    assert new.encounter.date_of_service == dt.date.today()
    assert new.patient.id == source.patient.id and new.provider.id == source.provider.id
    assert new.encounter.payer == source.encounter.payer
    assert new.encounter.injections == source.encounter.injections
    assert new.encounter.diagnoses == source.encounter.diagnoses
    assert [d.agent for d in new.encounter.drugs] == ["lidocaine"]
    assert new.encounter.drugs[0].lot is None  # a new vial
    assert new.coding is not None and new.coding.procedure_code == "20553"
    assert workspace.count_visits() == 5 and view.model.rowCount() == 5


def test_copy_forward_value_keeps_the_visit_parts() -> None:
    visit = Visit(Patient("A", "B", dt.date(1970, 1, 1), id=3), Provider("P", "1234567893", id=1),
                  Encounter(dt.date(2025, 1, 1), payer="medicare", injections=TWO))  # fmt: skip
    copied = copy_forward(visit, today=dt.date(2026, 5, 1))
    assert copied.id is None and copied.encounter.date_of_service == dt.date(2026, 5, 1)
    assert copied.encounter.injections == TWO and copied.patient.id == 3


def test_buttons_follow_the_selection(view: VisitListView) -> None:
    assert not view.open_button.isEnabled() and not view.export_button.isEnabled()
    view.table.selectAll()
    assert view.export_button.isEnabled() and not view.copy_button.isEnabled()
    assert len(view.selected_ids()) == 4


def test_export_opens_the_dialog_with_the_selection(qtbot, view: VisitListView) -> None:
    view.table.selectAll()
    seen: list[list[int]] = []

    def close_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, ExportDialog):
            seen.append(dialog.chosen_ids())
            dialog.reject()
        else:
            QTimer.singleShot(20, close_dialog)

    QTimer.singleShot(20, close_dialog)
    qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    assert seen == [view.selected_ids()]


def test_screenshot(qtbot, view: VisitListView) -> None:
    SHOTS.mkdir(exist_ok=True)
    view.table.selectRow(1)
    scale = os.environ.get("QT_SCALE_FACTOR", "1")
    assert view.grab().save(str(SHOTS / f"visit_list@{scale}.png"))
