"""View → Visit list: find a visit, open it, copy it forward, export a selection.

A filter bar (patient name prefix, date range, status, payer) over a sortable table. Filters go
into the store's query, so they apply to every visit and not only to the rows loaded; the table
loads a page at a time as it is scrolled (``VisitListModel``). Double-click or Enter opens a
visit (``visitOpened``); "Copy forward" starts today's draft from the selected visit.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from tpi_desktop.domain import Visit, VisitStatus
from tpi_desktop.services import StoreError, VisitQuery
from tpi_desktop.ui import palette
from tpi_desktop.ui.chrome import secondary
from tpi_desktop.ui.export_dialog import ExportDialog
from tpi_desktop.ui.settings_dialogs import py_date
from tpi_desktop.ui.visit_list_model import SORT_ROLE, STATUS_WORDS, Column, VisitListModel

log = logging.getLogger(__name__)

#: The "no date" end of the date filters (QDateEdit shows its special text there).
NO_DATE = QDate(1900, 1, 1)
FILTER_DELAY_MS = 250  # typing pauses this long before the list is searched again


def copy_forward(visit: Visit, today: dt.date | None = None) -> Visit:
    """A new draft from ``visit``: same patient, provider, payer, muscles, diagnoses and drugs.

    Dated today. Lot numbers and expiry dates are left out (a new visit opens a new vial), and so
    are the E/M, other procedures, imaging and documentation, which belong to one visit only.
    """
    encounter = visit.encounter
    drugs = tuple(replace(d, lot=None, expiry=None) for d in encounter.drugs)
    new_encounter = replace(
        encounter,
        date_of_service=today or dt.date.today(),
        em=None,
        other_procedures=(),
        imaging=None,
        drugs=drugs,
        prior_sessions=(),
        documentation=None,
    )
    return Visit(patient=visit.patient, provider=visit.provider, encounter=new_encounter)


class VisitListView(QWidget):
    """The searchable visit list over ``workspace``.

    Signals: ``visitOpened(int)`` with the id of the visit to open (double-click, Enter, Open,
    or the new draft made by Copy forward).
    """

    visitOpened = Signal(int)

    def __init__(self, workspace: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("visitList")
        self._workspace = workspace
        payers = {s.payer_id: s.name for s in workspace.payer_settings()}
        self.model = VisitListModel(self._fetch, payers, parent=self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setDynamicSortFilter(True)

        self._build_filters(payers)
        self._build_table()
        self._build_actions()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FILTER_DELAY_MS)
        self._timer.timeout.connect(self.refresh)

        self.empty = QLabel()
        self.empty.setObjectName("visitListEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        secondary(self.empty)
        self.empty.setMargin(24)
        layout = QVBoxLayout(self)
        layout.addLayout(self._filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addLayout(self._actions)
        self.model.modelReset.connect(self._on_rows_changed)
        self.model.rowsInserted.connect(self._on_rows_changed)
        self.refresh()

    # --- public ------------------------------------------------------------------------------

    def query(self) -> VisitQuery:
        """The query the filters describe."""
        status = self.status.currentData()
        start, end = self.date_from.date(), self.date_to.date()
        return VisitQuery(
            patient=self.patient.text().strip() or None,
            date_from=None if start == NO_DATE else py_date(start),
            date_to=None if end == NO_DATE else py_date(end),
            status=VisitStatus(status) if status else None,
            payer=self.payer.currentData() or None,
            newest_first=self._newest_first,
        )

    def refresh(self) -> None:
        """Search again with the current filters (also after a visit was saved elsewhere)."""
        self._timer.stop()
        try:
            self.model.set_query(self.query())
        except StoreError as error:
            log.warning("visit search failed: %s", type(error).__name__)
            QMessageBox.warning(self, "Visit list", str(error))

    def selected_ids(self) -> list[int]:
        """Ids of the selected visits, in the order shown."""
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        sources = (self.proxy.mapToSource(self.proxy.index(r, 0)).row() for r in rows)
        return [self.model.visit_id(source) for source in sources]

    def clear_filters(self) -> None:
        """Show every visit."""
        for widget in (self.patient, self.date_from, self.date_to, self.status, self.payer):
            widget.blockSignals(True)
        self.patient.clear()
        self.date_from.setDate(NO_DATE)
        self.date_to.setDate(NO_DATE)
        self.status.setCurrentIndex(0)
        self.payer.setCurrentIndex(0)
        for widget in (self.patient, self.date_from, self.date_to, self.status, self.payer):
            widget.blockSignals(False)
        self.refresh()

    # --- building ----------------------------------------------------------------------------

    def _build_filters(self, payers: dict[str, str]) -> None:
        self.patient = QLineEdit()
        self.patient.setObjectName("patientFilter")
        self.patient.setPlaceholderText("Patient: Last, First…")
        self.patient.setClearButtonEnabled(True)
        self.patient.setToolTip("Show patients whose name starts with this (last name first)")
        self.patient.setAccessibleName("Patient name filter")
        self.patient.textChanged.connect(self._on_filter_typed)
        self.date_from = self._date_edit("dateFrom", "From", "Earliest date of service")
        self.date_to = self._date_edit("dateTo", "To", "Latest date of service")
        self.status = QComboBox()
        self.status.setObjectName("statusFilter")
        self.status.setToolTip("Show only visits with this status")
        self.status.setAccessibleName("Status filter")
        self.status.addItem("Any status", "")
        for status, word in STATUS_WORDS.items():
            self.status.addItem(word, status.value)
        self.payer = QComboBox()
        self.payer.setObjectName("payerFilter")
        self.payer.setToolTip("Show only visits billed to this payer")
        self.payer.setAccessibleName("Payer filter")
        self.payer.addItem("Any payer", "")
        for payer_id, name in sorted(payers.items(), key=lambda item: item[1].casefold()):
            self.payer.addItem(name, payer_id)
        for combo in (self.status, self.payer):
            combo.currentIndexChanged.connect(self._on_filter_changed)
        clear = QPushButton("Clear filters")
        clear.setToolTip("Show every visit")
        clear.clicked.connect(self.clear_filters)
        self._filters = QHBoxLayout()
        self._filters.addWidget(self.patient, 2)
        for text, widget in (("&From", self.date_from), ("&To", self.date_to)):
            label = QLabel(text)
            label.setBuddy(widget)
            # Never squeezed below its text (the layout otherwise clips "To" to "T").
            label.setContentsMargins(6, 0, 2, 0)
            advance = label.fontMetrics().horizontalAdvance(text.replace("&", ""))
            label.setMinimumWidth(advance + 12)
            self._filters.addWidget(label)
            self._filters.addWidget(widget)
        self._filters.addWidget(self.status)
        self._filters.addWidget(self.payer)
        self._filters.addWidget(clear)

    def _date_edit(self, name: str, word: str, tip: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("MM/dd/yyyy")
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText("Any date")  # shown at the minimum: no limit on this side
        edit.setDate(NO_DATE)
        edit.setToolTip(f"{tip}; “Any date” for no limit")
        edit.setAccessibleName(f"{word} date filter")
        edit.dateChanged.connect(self._on_filter_changed)
        return edit

    def _build_table(self) -> None:
        self._newest_first = True
        self.table = QTableView()
        self.table.setObjectName("visitTable")
        self.table.setAccessibleName("Visits")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.DATE, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        # Selection in the accent colour, the same as the body figure and the PDF.
        colours = self.table.palette()
        colours.setColor(QPalette.ColorRole.Highlight, palette.ACCENT)
        colours.setColor(QPalette.ColorRole.HighlightedText, palette.ON_ACCENT)
        self.table.setPalette(colours)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.PATIENT, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        header.sortIndicatorChanged.connect(self._on_sort_changed)
        for column, width in ((Column.DATE, 110), (Column.DOB, 100), (Column.PAYER, 150),
                              (Column.CODE, 70), (Column.STATUS, 80), (Column.CHARGE, 90),
                              (Column.FINDINGS, 120)):  # fmt: skip
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(self._on_open)
        self.table.activated.connect(self._on_open)  # Enter (and the platform's activate)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)

    def _build_actions(self) -> None:
        self.count_label = QLabel()
        self.count_label.setObjectName("visitCount")
        secondary(self.count_label)
        self.open_button = QPushButton("&Open")
        self.open_button.setToolTip("Open the selected visit (Enter)")
        self.open_button.clicked.connect(lambda: self._on_open())
        self.copy_button = QPushButton("&Copy forward")
        self.copy_button.setToolTip(
            "Start today's draft for the same patient with the same provider, payer, muscles,"
            " diagnoses and drugs (Ctrl+D)"
        )
        self.copy_button.clicked.connect(self._on_copy_forward)
        copy = QShortcut(QKeySequence("Ctrl+D"), self, self._on_copy_forward)
        copy.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)  # only on this page
        self.export_button = QPushButton("&Export PDFs…")
        self.export_button.setToolTip("Write claim summary PDFs of the selected visits")
        self.export_button.clicked.connect(self._on_export)
        self._actions = QHBoxLayout()
        self._actions.addWidget(self.count_label, 1)
        for button in (self.open_button, self.copy_button, self.export_button):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
            self._actions.addWidget(button)
        self._on_selection_changed()

    # --- slots -------------------------------------------------------------------------------

    def _fetch(self, query: VisitQuery, after: Any, limit: int) -> Any:
        return self._workspace.search_visits(query, after=after, limit=limit)

    def _on_filter_typed(self) -> None:
        self._timer.start()

    def _on_filter_changed(self) -> None:
        self.refresh()

    def _on_sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        # The database pages by date: sorting by date asks it for the other end first, so the
        # order holds over every visit and not only the rows loaded so far.
        if column == Column.DATE:
            newest_first = order == Qt.SortOrder.DescendingOrder
            if newest_first != self._newest_first:
                self._newest_first = newest_first
                self.refresh()

    def _on_rows_changed(self) -> None:
        count = self.model.rowCount()
        has_rows = count > 0
        self.table.setVisible(has_rows)
        self.empty.setVisible(not has_rows)
        if not has_rows:
            filtered = self.query() != VisitQuery(newest_first=self._newest_first)
            self.empty.setText(
                "No visits match these filters. Change them or press “Clear filters”."
                if filtered
                else "No visits yet. Start one with File → New visit."
            )
        more = "" if self.model.all_loaded() else " (more load as you scroll)"
        self.count_label.setText(f"{count} visit{'s' if count != 1 else ''} shown{more}")
        self._on_selection_changed()

    def _on_selection_changed(self) -> None:
        count = len(self.table.selectionModel().selectedRows()) if self.table.model() else 0
        self.open_button.setEnabled(count == 1)
        self.copy_button.setEnabled(count == 1)
        self.export_button.setEnabled(count >= 1)

    def _on_open(self, index: QModelIndex | None = None) -> None:
        # A double-clicked or activated cell opens its own row; the Open button the selection.
        if isinstance(index, QModelIndex) and index.isValid():
            self.visitOpened.emit(self.model.visit_id(self.proxy.mapToSource(index).row()))
            return
        ids = self.selected_ids()
        if len(ids) == 1:
            self.visitOpened.emit(ids[0])

    def _on_copy_forward(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 1:
            return
        try:
            saved = self._workspace.save_visit(copy_forward(self._workspace.get_visit(ids[0])))
        except StoreError as error:
            QMessageBox.warning(self, "Copy forward", str(error))
            return
        self.refresh()
        self.visitOpened.emit(saved.id)

    def _on_export(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        ExportDialog(self._workspace, ids, self).exec()
