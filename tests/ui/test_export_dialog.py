"""The export dialog writes real claim summary PDFs on a worker thread; Cancel stops it early."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings, Qt

from tpi_desktop import paths
from tpi_desktop.services import VisitQuery, Workspace, fill_demo
from tpi_desktop.ui.export_dialog import ExportDialog, visit_ids_between

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
SHOTS = Path("/tmp/ui_check2")
TODAY = dt.date(2026, 6, 30)


@pytest.fixture(autouse=True)
def _settings(tmp_path: Path) -> None:
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qs"))


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory):
    """Demo visits, made once for the module (export only reads them)."""
    db = tmp_path_factory.mktemp("export") / "export.sqlite3"
    ws = Workspace.open(db, paths.resources_dir(), user="test")
    fill_demo(ws, visits=40, today=TODAY)
    yield ws
    ws.close()


def _ids(workspace, n: int) -> list[int]:
    return [r.id for r in workspace.search_visits(VisitQuery(), limit=n).rows]


def _dialog(qtbot, workspace, ids) -> ExportDialog:
    dialog = ExportDialog(workspace, ids)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_exports_one_pdf_per_visit_without_blocking(qtbot, workspace, tmp_path: Path) -> None:
    ids = _ids(workspace, 3)
    dialog = _dialog(qtbot, workspace, ids)
    assert dialog.use_selection.isChecked() and "3 selected" in dialog.use_selection.text()
    out = tmp_path / "pdfs"
    dialog.set_target(out)
    with qtbot.waitSignal(dialog.exported, timeout=60_000) as finished:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        # The click came back before the work was done: it runs on another thread.
        assert dialog.is_running() and not dialog.export_button.isEnabled()
    report = finished.args[0]
    files = sorted(out.glob("*.pdf"))
    assert len(files) == 3 and report.failures == () and not report.cancelled
    for path, visit_id in zip(files, sorted(ids, key=str), strict=True):
        assert path.name.startswith(f"visit-{visit_id}-")
        text = PdfReader(path).pages[0].extract_text()
        assert f"Visit #{visit_id}" in text
    assert dialog.progress.value() == 3 and dialog.progress.maximum() == 3
    assert "Done: 3 files written" in dialog.status.text()
    assert dialog.results.toPlainText().count("✔") == 3
    assert not dialog.is_running() and dialog.cancel_button.text() == "Close"
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / f"export_done@{os.environ.get('QT_SCALE_FACTOR', '1')}.png"))


def test_cancel_stops_early(qtbot, workspace, tmp_path: Path) -> None:
    ids = _ids(workspace, 40)
    dialog = _dialog(qtbot, workspace, ids)
    out = tmp_path / "cancelled"
    dialog.set_target(out)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.progress.value() >= 1, timeout=60_000)
    with qtbot.waitSignal(dialog.exported, timeout=60_000) as finished:
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    report = finished.args[0]
    assert report.cancelled
    written = list(out.glob("*.pdf"))
    assert 1 <= len(written) < len(ids)
    assert not list(out.glob("*.part"))  # nothing half-written
    assert dialog.status.text().startswith("Cancelled")


def test_combined_file_of_a_date_range(qtbot, workspace, tmp_path: Path) -> None:
    start, end = TODAY - dt.timedelta(days=60), TODAY
    expected = visit_ids_between(workspace, start, end)
    assert 0 < len(expected) < 40
    dialog = _dialog(qtbot, workspace, None)
    assert dialog.use_range.isChecked() and not dialog.use_selection.isEnabled()
    dialog.date_from.setDate(start)
    dialog.date_to.setDate(end)
    assert dialog.range_count.text() == f"{len(expected)} visits"
    target = tmp_path / "all.pdf"
    dialog.set_target(target, combined=True)
    with qtbot.waitSignal(dialog.exported, timeout=60_000):
        dialog.export_button.click()
    assert target.is_file()
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert all(f"Visit #{visit_id}" in text for visit_id in expected)


def test_refuses_a_file_as_the_folder_and_keeps_the_text(qtbot, workspace, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file.txt"
    blocker.write_text("x")
    dialog = _dialog(qtbot, workspace, _ids(workspace, 1))
    dialog.set_target(blocker)
    dialog.export_button.click()
    assert not dialog.is_running()
    assert dialog.path_mark.reason and "folder" in dialog.path_mark.reason
    assert dialog.path.text() == str(blocker)
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / f"export_error@{os.environ.get('QT_SCALE_FACTOR', '1')}.png"))


def test_failures_are_listed_per_visit(qtbot, workspace, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, workspace, [*_ids(workspace, 1), 999_999])
    dialog.set_target(tmp_path / "mixed")
    with qtbot.waitSignal(dialog.exported, timeout=60_000) as finished:
        dialog.export_button.click()
    assert [f[0] for f in finished.args[0].failures] == [999_999]
    assert "✖ visit 999999: no visit with id 999999" in dialog.results.toPlainText()
    assert "1 visit failed" in dialog.status.text()
