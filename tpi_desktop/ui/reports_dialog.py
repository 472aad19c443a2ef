"""Tools → Reports…: sessions per patient, visits per month and charges per payer.

Three tabs, each a table over a ``report_models`` model filled from ``services.Workspace``. The
last two have a date range (the last twelve months by default); changing it refreshes the table.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tpi_desktop.ui.report_models import ReportModel, months_model, payers_model, sessions_model
from tpi_desktop.ui.settings_dialogs import GeometryMemory, py_date


class ReportsDialog(QDialog):
    """The three reports of ``workspace`` (a ``services.Workspace``), one per tab."""

    def __init__(
        self, workspace: Any, parent: QWidget | None = None, *, today: dt.date | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reports_dialog")
        self.setWindowTitle("Reports")
        self._workspace = workspace
        self._today = today or dt.date.today()
        payers = {p.id: p.name for p in workspace.tables.payers.values()}
        self.sessions = sessions_model(self)
        self.months = months_model(self)
        self.payers = payers_model(payers, self)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("report_tabs")
        self.tabs.addTab(
            self._page(
                self.sessions,
                "Sessions per patient",
                "TPI sessions per patient in the 12 months up to today.",
            ),
            "Sessions per &patient",
        )
        self.months_from, self.months_to = self._range()
        self.tabs.addTab(
            self._page(self.months, "Visits per month", "", (self.months_from, self.months_to)),
            "Visits per &month",
        )
        self.payers_from, self.payers_to = self._range()
        self.tabs.addTab(
            self._page(self.payers, "Charges per payer", "", (self.payers_from, self.payers_to)),
            "Charges per pa&yer",
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        for edit in (self.months_from, self.months_to):
            edit.dateChanged.connect(self._on_months_range_changed)
        for edit in (self.payers_from, self.payers_to):
            edit.dateChanged.connect(self._on_payers_range_changed)
        self.refresh()
        self.resize(640, 480)
        self._geometry = GeometryMemory(self, "reports")

    def refresh(self) -> None:
        """Read every report again from the database."""
        self.sessions.set_rows(self._workspace.sessions_per_patient(self._today))
        self._on_months_range_changed()
        self._on_payers_range_changed()

    def _range(self) -> tuple[QDateEdit, QDateEdit]:
        edits = []
        for day, name in (
            (self._today.replace(day=1) - dt.timedelta(days=334), "From"),
            (self._today, "To"),
        ):
            edit = QDateEdit(QDate(day.year, day.month, day.day))
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setAccessibleName(f"{name} date of service")
            edit.setToolTip(f"{name} this date of service (included)")
            edits.append(edit)
        return edits[0], edits[1]

    def _page(
        self,
        model: ReportModel[Any],
        title: str,
        note: str,
        dates: tuple[QDateEdit, QDateEdit] | None = None,
    ) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        if dates is not None:
            row = QHBoxLayout()
            for caption, edit in (("&From", dates[0]), ("&to", dates[1])):
                label = QLabel(caption)
                label.setBuddy(edit)
                row.addWidget(label)
                row.addWidget(edit)
            row.addStretch(1)
            layout.addLayout(row)
        if note:
            layout.addWidget(QLabel(note))
        view = QTableView()
        view.setModel(model)
        view.setAccessibleName(title)
        view.setToolTip(title)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setAlternatingRowColors(True)
        view.setTabKeyNavigation(False)
        view.verticalHeader().hide()
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(view, 1)
        return page

    def _on_months_range_changed(self, *_: object) -> None:
        first, last = py_date(self.months_from.date()), py_date(self.months_to.date())
        self.months.set_rows(self._workspace.visits_per_month(first, last))

    def _on_payers_range_changed(self, *_: object) -> None:
        first, last = py_date(self.payers_from.date()), py_date(self.payers_to.date())
        self.payers.set_rows(self._workspace.charges_per_payer(first, last))
