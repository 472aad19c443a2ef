"""File → Export PDF: claim summaries of a selection or a date range, to a folder or one file.

The export runs ``services.export.export_visits`` on a worker thread: the window keeps painting,
the progress bar moves with each visit, and Cancel is checked between visits (a file being
written is finished, never left half-written). At the end the dialog lists what was written and
every visit that failed, with the reason.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QObject, QStandardPaths, QThread, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from tpi_desktop import paths
from tpi_desktop.services import VisitQuery
from tpi_desktop.services import export as export_service
from tpi_desktop.ui import palette
from tpi_desktop.ui.form_common import FieldMark, section, with_mark
from tpi_desktop.ui.settings_dialogs import GeometryMemory, py_date


def visit_ids_between(workspace: Any, start: dt.date, end: dt.date) -> list[int]:
    """Ids of every visit dated ``start``..``end`` (inclusive), oldest first."""
    query = VisitQuery(date_from=start, date_to=end, newest_first=False)
    ids: list[int] = []
    after = None
    while True:
        page = workspace.search_visits(query, after=after, limit=1000)
        ids += [row.id for row in page.rows]
        if page.next is None:
            return ids
        after = page.next


class _ExportWorker(QObject):
    """Runs one export on its thread; reports progress and the final report by signals."""

    progressed = Signal(int, int)
    done = Signal(object)
    crashed = Signal(str)

    def __init__(self, workspace: Any, ids: list[int], out: Path, combined: bool) -> None:
        super().__init__()
        self._args = (workspace, ids, out, combined)
        self.cancel_event = threading.Event()

    @Slot()
    def run(self) -> None:
        """Export, then emit ``done(report)`` (or ``crashed(message)`` on an unexpected error)."""
        workspace, ids, out, combined = self._args
        try:
            report = export_service.export_visits(
                workspace,
                ids,
                out,
                combined=combined,
                progress=self.progressed.emit,
                cancelled=self.cancel_event.is_set,
                body_dir=paths.resource("body"),
            )
        except Exception as error:  # shown to the user: the thread must end
            self.crashed.emit(f"{type(error).__name__}: {error}")
            return
        self.done.emit(report)


class ExportDialog(QDialog):
    """Choose visits and a target, export on a worker thread, show the outcome.

    ``visit_ids`` preselects "the selected visits"; without them the dialog starts on a date
    range (the last 30 days). Signal ``exported(object)`` carries the service's report.
    """

    exported = Signal(object)

    def __init__(
        self, workspace: Any, visit_ids: list[int] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export claim summaries")
        self._workspace = workspace
        self._ids = list(visit_ids or [])
        self._thread: QThread | None = None
        self._worker: _ExportWorker | None = None
        self.report: Any = None

        self._build_choice()
        self._build_target()
        self.progress = QProgressBar()
        self.progress.setObjectName("exportProgress")
        self.progress.setAccessibleName("Export progress")
        self.progress.setFormat("%v of %m")
        self.progress.setValue(0)
        self.progress.setVisible(False)  # shown once an export starts
        self.status = QLabel("Choose the visits and where to write them, then Export.")
        self.status.setObjectName("exportStatus")
        self.status.setWordWrap(True)
        self.results = QPlainTextEdit()
        self.results.setObjectName("exportResults")
        self.results.setAccessibleName("Files written and failures")
        self.results.setReadOnly(True)
        self.results.setVisible(False)

        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(
            "&Export", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.export_button.setDefault(True)
        self.open_button = self.buttons.addButton(
            "&Show files", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.open_button.setToolTip("Open the folder the PDFs were written to")
        self.open_button.setVisible(False)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.export_button.clicked.connect(self._on_export)
        self.open_button.clicked.connect(self._on_show_files)
        self.cancel_button.clicked.connect(self._on_cancel)

        layout = QVBoxLayout(self)
        layout.addWidget(self.choice_box)
        layout.addWidget(self.target_box)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 10)
        layout.addStretch(1)  # the space left while there are no results yet
        layout.addWidget(self.buttons)
        self.resize(600, 480)
        self._geometry = GeometryMemory(self, "exportDialog")
        self._on_choice_changed()

    # --- building ----------------------------------------------------------------------------

    def _build_choice(self) -> None:
        self.choice_box = section("Visits", "exportVisits")
        count = len(self._ids)
        self.use_selection = QRadioButton(f"The {count} selected visit{'s' if count != 1 else ''}")
        self.use_selection.setEnabled(bool(self._ids))
        self.use_range = QRadioButton("Visits dated")
        today = QDate.currentDate()
        self.date_from = QDateEdit(today.addDays(-30))
        self.date_to = QDateEdit(today)
        for edit, tip in ((self.date_from, "First date of service"), (self.date_to, "Last date")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("MM/dd/yyyy")
            edit.setToolTip(tip)
            edit.setAccessibleName(tip)
            edit.dateChanged.connect(self._on_choice_changed)
        self.range_count = QLabel()
        self.range_count.setObjectName("rangeCount")
        self._choice = QButtonGroup(self)
        for button in (self.use_selection, self.use_range):
            self._choice.addButton(button)
            button.toggled.connect(self._on_choice_changed)
        (self.use_selection if self._ids else self.use_range).setChecked(True)
        grid = QGridLayout(self.choice_box)
        grid.addWidget(self.use_selection, 0, 0, 1, 5)
        grid.addWidget(self.use_range, 1, 0)
        grid.addWidget(self.date_from, 1, 1)
        grid.addWidget(QLabel("to"), 1, 2)
        grid.addWidget(self.date_to, 1, 3)
        grid.addWidget(self.range_count, 1, 4)
        grid.setColumnStretch(4, 1)

    def _build_target(self) -> None:
        self.target_box = section("Write", "exportTarget")
        self.per_visit = QRadioButton("One PDF per visit, into a folder")
        self.combined = QRadioButton("One combined PDF file")
        self._target = QButtonGroup(self)
        for button in (self.per_visit, self.combined):
            self._target.addButton(button)
        self.per_visit.setChecked(True)
        self.combined.toggled.connect(self._on_target_changed)
        self.path = QLineEdit()
        self.path.setObjectName("exportPath")
        self.path_mark = FieldMark(self.path, "The folder (or file) to write the PDFs to")
        self.browse = QPushButton("&Browse…")
        self.browse.setToolTip("Choose the folder or file")
        self.browse.clicked.connect(self._on_browse)
        row = QHBoxLayout()
        row.addWidget(with_mark(self.path, self.path_mark), 1)
        row.addWidget(self.browse)
        box = QVBoxLayout(self.target_box)
        box.addWidget(self.per_visit)
        box.addWidget(self.combined)
        box.addLayout(row)
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        self._folder = Path(documents or Path.home()) / "Claim summaries"
        self.path.setText(str(self._folder))

    # --- public ------------------------------------------------------------------------------

    def chosen_ids(self) -> list[int]:
        """The visits the dialog would export now."""
        if self.use_selection.isChecked():
            return list(self._ids)
        start, end = py_date(self.date_from.date()), py_date(self.date_to.date())
        return visit_ids_between(self._workspace, start, end)

    def set_target(self, path: Path, *, combined: bool = False) -> None:
        """Choose where to write (a folder, or with ``combined`` a file)."""
        self.combined.setChecked(combined)
        self.per_visit.setChecked(not combined)
        self.path.setText(str(path))

    def is_running(self) -> bool:
        """True while an export is in progress."""
        return self._thread is not None

    # --- slots -------------------------------------------------------------------------------

    def _on_choice_changed(self) -> None:
        in_range = self.use_range.isChecked()
        for widget in (self.date_from, self.date_to, self.range_count):
            widget.setEnabled(in_range)
        if in_range:
            count = len(self.chosen_ids())
            self.range_count.setText(f"{count} visit{'s' if count != 1 else ''}")
        else:
            self.range_count.clear()

    def _on_target_changed(self) -> None:
        text = self.path.text().strip()
        if self.combined.isChecked() and not text.lower().endswith(".pdf"):
            name = f"claim-summaries-{dt.date.today().isoformat()}.pdf"
            self.path.setText(str(Path(text or self._folder) / name))
        elif not self.combined.isChecked() and text.lower().endswith(".pdf"):
            self.path.setText(str(Path(text).parent))

    def _on_browse(self) -> None:
        current = self.path.text().strip()
        if self.combined.isChecked():
            name, _ = QFileDialog.getSaveFileName(self, "Combined PDF", current, "PDF (*.pdf)")
        else:
            name = QFileDialog.getExistingDirectory(self, "Folder for the PDFs", current)
        if name:
            self.path.setText(name)

    def _on_export(self) -> None:
        if self.is_running():
            return
        self.path_mark.set(None)
        text = self.path.text().strip()
        if not text:
            self.path_mark.set("choose where to write the PDFs")
            return
        out = Path(text).expanduser()
        if self.combined.isChecked() and out.is_dir():
            self.path_mark.set("this is a folder; name the combined PDF file")
            return
        if not self.combined.isChecked() and out.exists() and not out.is_dir():
            self.path_mark.set("this is a file; choose a folder for one PDF per visit")
            return
        ids = self.chosen_ids()
        if not ids:
            self.status.setText(
                "There are no visits to export: choose a selection or another range."
            )
            return
        self._start(ids, out, self.combined.isChecked())

    def _start(self, ids: list[int], out: Path, combined: bool) -> None:
        self.results.clear()
        self.results.setVisible(False)
        self.open_button.setVisible(False)
        self.progress.setRange(0, len(ids))
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.status.setText(f"Exporting {len(ids)} visit{'s' if len(ids) != 1 else ''}…")
        for widget in (self.choice_box, self.target_box, self.export_button):
            widget.setEnabled(False)
        self._out = out
        thread = QThread(self)
        worker = _ExportWorker(self._workspace, ids, out, combined)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.progressed.connect(self._on_progress)
        worker.done.connect(self._on_done)
        worker.crashed.connect(self._on_crashed)
        self._thread, self._worker = thread, worker
        thread.start()

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _on_cancel(self) -> None:
        if self.is_running():
            assert self._worker is not None
            self._worker.cancel_event.set()
            self.cancel_button.setEnabled(False)
            self.status.setText("Cancelling after the current visit…")
        else:
            self.reject()

    def _on_done(self, report: Any) -> None:
        self._finish()
        self.report = report
        written = [Path(p) for p in report.written]
        failures = [(int(visit_id), str(reason)) for visit_id, reason in report.failures]
        cancelled = bool(report.cancelled)
        # The folder once in the summary, then each file by name: long paths wrap badly.
        folders = {path.parent for path in written}
        folder = folders.pop() if len(folders) == 1 else None
        lines = [f"✔ {path.name if folder else path}" for path in written]
        lines += [f"✖ visit {visit_id}: {reason}" for visit_id, reason in failures]
        self.results.setPlainText("\n".join(lines))
        self.results.setVisible(bool(lines))
        self.open_button.setVisible(bool(written))
        files = f"{len(written)} file{'s' if len(written) != 1 else ''} written"
        files += f" to {folder}" if folder else ""
        summary = f"Cancelled: {files}." if cancelled else f"Done: {files}."
        if failures:
            summary += f" {len(failures)} visit{'s' if len(failures) != 1 else ''} failed (below)."
            self.status.setStyleSheet(f"color: {palette.ERROR_HEX};")
        else:
            self.status.setStyleSheet("")
        self.status.setText(summary)
        self.exported.emit(report)

    def _on_crashed(self, message: str) -> None:
        self._finish()
        self.status.setStyleSheet(f"color: {palette.ERROR_HEX};")
        self.status.setText(f"The export stopped: {message}")

    def _on_show_files(self) -> None:
        folder = self._out if self._out.is_dir() else self._out.parent
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _finish(self) -> None:
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            self._thread.deleteLater()
        if self._worker is not None:
            self._worker.deleteLater()
        self._thread, self._worker = None, None
        for widget in (self.choice_box, self.target_box, self.export_button, self.cancel_button):
            widget.setEnabled(True)
        self.cancel_button.setText("Close")

    def reject(self) -> None:
        """Close; a running export is cancelled and waited for first."""
        if self._worker is not None and self._thread is not None:
            self._worker.cancel_event.set()
            self._thread.quit()
            self._thread.wait()
        super().reject()
