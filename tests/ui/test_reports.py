"""Tools → Reports…: three tables over the workspace's reports, matching the database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt

from tpi_desktop import paths
from tpi_desktop.domain import Encounter, Injection, Patient, Side, Visit
from tpi_desktop.services import Workspace, fill_demo
from tpi_desktop.ui.money import format_cents
from tpi_desktop.ui.report_models import months_model, payers_model, sessions_model
from tpi_desktop.ui.reports_dialog import ReportsDialog

TODAY = dt.date(2026, 6, 30)


def _visit(ws: Workspace, patient: Patient, day: dt.date, payer: str, muscles: int) -> Visit:
    sites = ("soleus", "upper_trapezius", "rhomboid_major")[:muscles]
    encounter = Encounter(
        day,
        payer,
        injections=tuple(Injection(m, Side.LEFT, 1) for m in sites),
        diagnoses=("M79.18",),
    )
    return ws.save_visit(Visit(patient, ws.providers()[0], encounter))


@pytest.fixture
def saved(workspace: Workspace) -> list[Visit]:
    haddad = workspace.save_patient(Patient("Haddad", "Sami", dt.date(1966, 5, 5), "M"))
    rivera = workspace.save_patient(Patient("Rivera", "Ana", dt.date(1961, 4, 9), "F"))
    return [
        _visit(workspace, haddad, dt.date(2026, 3, 2), "commercial", 1),
        _visit(workspace, haddad, dt.date(2026, 5, 4), "commercial", 3),
        _visit(workspace, rivera, dt.date(2026, 5, 20), "medicare", 2),
    ]


def _cells(model) -> list[tuple[str, ...]]:  # type: ignore[no-untyped-def]
    return [
        tuple(model.index(r, c).data() for c in range(model.columnCount()))
        for r in range(model.rowCount())
    ]


def _charge(ws: Workspace, visit: Visit) -> int:
    return sum(line.charge_cents or 0 for line in ws.code(visit).lines)


def test_models_pass_qtmodeltester(qtmodeltester, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ws = Workspace.open(tmp_path / "demo.sqlite3", paths.resources_dir(), user="tester")
    try:
        fill_demo(ws, visits=30, today=TODAY)
        first, last = dt.date(2024, 7, 1), TODAY
        for model, rows in (
            (sessions_model(), ws.sessions_per_patient(TODAY)),
            (months_model(), ws.visits_per_month(first, last)),
            (payers_model({"medicare": "Medicare Part B"}), ws.charges_per_payer(first, last)),
        ):
            assert rows  # demo data fills every report
            model.set_rows(rows)
            qtmodeltester.check(model)
            assert model.rowCount() == len(rows)
            assert model.index(0, 0).data(Qt.ItemDataRole.UserRole) == rows[0]
            model.set_rows(())
            qtmodeltester.check(model)
    finally:
        ws.close()


def test_dialog_rows_match_the_database(qtbot, workspace: Workspace, saved) -> None:  # type: ignore[no-untyped-def]
    dialog = ReportsDialog(workspace, today=TODAY)
    qtbot.addWidget(dialog)
    assert dialog.tabs.count() == 3
    assert sorted(_cells(dialog.sessions)) == [
        ("Haddad, Sami", "2", "2026-05-04"),
        ("Rivera, Ana", "1", "2026-05-20"),
    ]
    months = {row[0]: row for row in _cells(dialog.months)}
    assert set(months) == {"2026-03", "2026-05"}
    assert months["2026-03"][1] == "1" and "20552 ×1" in months["2026-03"][2]
    assert months["2026-05"][1] == "2"
    assert "20553 ×1" in months["2026-05"][2] and "20552 ×1" in months["2026-05"][2]
    payers = {row[0]: row for row in _cells(dialog.payers)}
    commercial = workspace.tables.payers["commercial"].name
    medicare = workspace.tables.payers["medicare"].name
    assert payers[commercial][1] == "2"
    assert payers[commercial][2] == format_cents(
        _charge(workspace, saved[0]) + _charge(workspace, saved[1])
    )
    assert payers[medicare][1:] == ("1", format_cents(_charge(workspace, saved[2])))
    # A narrower range leaves the March visit out of both dated reports.
    for edit in (dialog.months_from, dialog.payers_from):
        edit.setDate(QDate(2026, 4, 1))
    assert [row[0] for row in _cells(dialog.months)] == ["2026-05"]
    assert {row[0]: row[1] for row in _cells(dialog.payers)}[commercial] == "1"


def test_reports_command_opens_the_dialog(qtbot, workspace: Workspace, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tpi_desktop.ui.main_window import MainWindow

    window = MainWindow(workspace)
    qtbot.addWidget(window)
    action = window.commands["reports"]
    tools = window.menuBar().actions()[3].menu()
    assert action in tools.actions() and not action.shortcut().isEmpty()
    shown: list[ReportsDialog] = []
    monkeypatch.setattr(ReportsDialog, "exec", lambda self: shown.append(self) or 0)
    action.trigger()
    assert len(shown) == 1 and shown[0].tabs.count() == 3
    window.discard_changes()
