"""The visit list's table model: rows of the store's keyset-paginated search, a page at a time.

``VisitListModel`` holds the rows loaded so far and the cursor where the last page ended. The
view asks ``canFetchMore``/``fetchMore`` as the user scrolls towards the end, and the next page is
read after that cursor, so a list of 100 000 visits opens as fast as one of ten. Filters go into
the query (the database does the filtering, over all rows, not just the loaded ones); the sort
proxy of the view orders what is loaded. The model computes nothing: it shows what the store
recorded when the visit was coded (code, charge, findings).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from tpi_desktop.domain import Severity, VisitStatus
from tpi_desktop.services import VisitCursor, VisitPage, VisitQuery, VisitRow
from tpi_desktop.ui import palette
from tpi_desktop.ui.money import format_cents

#: (query, after, limit) -> page: ``Workspace.search_visits`` or anything shaped like it.
FetchPage = Callable[[VisitQuery, VisitCursor | None, int], VisitPage]

PAGE_SIZE = 200
# Raw values for the proxy (str or int only: QVariant compares no Python tuples).
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole  # the visit's id

_Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    """The columns, in display order."""

    DATE = 0
    PATIENT = 1
    DOB = 2
    PAYER = 3
    CODE = 4
    STATUS = 5
    CHARGE = 6
    FINDINGS = 7


HEADERS = {
    Column.DATE: ("Date of service", "Date of service (MM/DD/YYYY)"),
    Column.PATIENT: ("Patient", "Patient: last name, first name"),
    Column.DOB: ("DOB", "Patient's date of birth"),
    Column.PAYER: ("Payer", "The payer billed for the visit"),
    Column.CODE: ("Code", "The trigger point injection code the visit was coded with"),
    Column.STATUS: (
        "Status",
        "Draft: still editable. Final: locked. Amended: corrected by a later visit",
    ),
    Column.CHARGE: ("Charge", "Total charge of the claim lines"),
    Column.FINDINGS: ("Findings", "Problems and notes the coding engine found (errors first)"),
}

STATUS_WORDS = {
    VisitStatus.DRAFT: "Draft",
    VisitStatus.FINAL: "Final",
    VisitStatus.AMENDED: "Amended",
}


def us_date(day: dt.date) -> str:
    """``2026-06-15`` -> ``06/15/2026`` (the claim form's order)."""
    return day.strftime("%m/%d/%Y")


def findings_text(row: VisitRow) -> str:
    """``"None"``, ``"2"`` or ``"3 (1 error)"``: the count, errors named (never colour alone)."""
    if row.findings_count == 0:
        return "None"
    if row.errors_count == 0:
        return str(row.findings_count)
    errors = "1 error" if row.errors_count == 1 else f"{row.errors_count} errors"
    return f"{row.findings_count} ({errors})"


class VisitListModel(QAbstractTableModel):
    """Visits matching a ``VisitQuery``, loaded a page at a time through ``fetch``.

    ``payer_names`` maps payer ids to the names shown; unknown ids are shown as they are.
    """

    def __init__(
        self,
        fetch: FetchPage,
        payer_names: dict[str, str] | None = None,
        page_size: int = PAGE_SIZE,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._payer_names = dict(payer_names or {})
        self.page_size = page_size
        self.query = VisitQuery()
        self._rows: list[VisitRow] = []
        self._cursor: VisitCursor | None = None
        self._exhausted = True
        self._busy = False
        self.pages_loaded = 0

    # --- what the view and its owner use -----------------------------------------------------

    def set_query(self, query: VisitQuery) -> None:
        """Show the visits matching ``query``: drop the loaded rows and read the first page."""
        self.beginResetModel()
        self.query = query
        self._rows = []
        self._cursor = None
        self._exhausted = False
        self.pages_loaded = 0
        # Views (through a proxy) ask for more rows while the reset signal is still being
        # delivered; rows inserted then would arrive inside the reset. Load after it instead.
        self._busy = True
        try:
            self.endResetModel()
        finally:
            self._busy = False
        self.fetchMore(QModelIndex())

    def reload(self) -> None:
        """Read the current query again from the first page (after a save elsewhere)."""
        self.set_query(self.query)

    def set_payer_names(self, names: dict[str, str]) -> None:
        """Change the payer names shown."""
        self._payer_names = dict(names)
        if self._rows:
            top, bottom = self.index(0, Column.PAYER), self.index(len(self._rows) - 1, Column.PAYER)
            self.dataChanged.emit(top, bottom)

    def visit_row(self, row: int) -> VisitRow:
        """The loaded visit at ``row``."""
        return self._rows[row]

    def visit_id(self, row: int) -> int:
        """The id of the visit at ``row``."""
        return self._rows[row].id

    def row_of(self, visit_id: int) -> int | None:
        """The row of a loaded visit, or None."""
        return next((i for i, r in enumerate(self._rows) if r.id == visit_id), None)

    def all_loaded(self) -> bool:
        """True once the last page has been read."""
        return self._exhausted

    # --- QAbstractTableModel ------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Rows loaded so far (none under a valid parent: this is a flat table)."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """The eight columns of ``Column``."""
        return 0 if parent.isValid() else len(Column)

    def canFetchMore(self, parent: _Index) -> bool:
        """True while the store has rows after the last page read."""
        return not parent.isValid() and not self._exhausted and not self._busy

    def fetchMore(self, parent: _Index) -> None:
        """Read the next page after the cursor and append it."""
        if parent.isValid() or self._exhausted or self._busy:
            return
        page = self._fetch(self.query, self._cursor, self.page_size)
        self._cursor = page.next
        self._exhausted = page.next is None or not page.rows
        self.pages_loaded += 1
        if not page.rows:
            return
        first = len(self._rows)
        # A view asks for more while rowsInserted is being delivered; answering then would
        # insert rows inside that insertion. It asks again on its next layout or scroll.
        self._busy = True
        try:
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self._rows.extend(page.rows)
            self.endInsertRows()
        finally:
            self._busy = False

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles and their tooltips."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        title, tip = HEADERS[Column(section)]
        if role == Qt.ItemDataRole.DisplayRole:
            return title
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip
        if role == Qt.ItemDataRole.TextAlignmentRole and section == Column.CHARGE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """Rows are selectable, never editable here."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Text, raw sort values, alignment, fonts, icons and tooltips of one cell."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = Column(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(row, column)
        if role == ID_ROLE:
            return row.id
        if role == SORT_ROLE:
            return self._sort_value(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Column.CHARGE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and column in (Column.CODE, Column.CHARGE):
            return palette.mono_font()
        if role == Qt.ItemDataRole.DecorationRole and column == Column.FINDINGS:
            return self._findings_icon(row)
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and column == Column.FINDINGS
            and row.errors_count
        ):
            return palette.ERROR
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        return None

    # --- cells ---------------------------------------------------------------------------------

    def _text(self, row: VisitRow, column: Column) -> str:
        match column:
            case Column.DATE:
                return us_date(row.date_of_service)
            case Column.PATIENT:
                return row.patient_name
            case Column.DOB:
                return us_date(row.date_of_birth)
            case Column.PAYER:
                return self._payer_names.get(row.payer, row.payer)
            case Column.CODE:
                return row.procedure_code or "—"
            case Column.STATUS:
                return STATUS_WORDS.get(row.status, str(row.status))
            case Column.CHARGE:
                return format_cents(row.charge_cents)
            case Column.FINDINGS:
                return findings_text(row)

    def _sort_value(self, row: VisitRow, column: Column) -> Any:
        match column:
            case Column.DATE:
                return (
                    f"{row.date_of_service.isoformat()}#{row.id:012d}"  # same day: newer id later
                )
            case Column.PATIENT:
                return row.patient_name.casefold()
            case Column.DOB:
                return row.date_of_birth.toordinal()
            case Column.CHARGE:
                return row.charge_cents
            case Column.FINDINGS:
                return row.errors_count * 1_000_000 + row.findings_count  # errors outrank counts
            case _:
                return self._text(row, column).casefold()

    def _findings_icon(self, row: VisitRow) -> Any:
        if row.errors_count:
            return palette.severity_icon(Severity.ERROR)
        if row.findings_count:
            return palette.severity_icon(Severity.WARNING)
        return None

    def _tooltip(self, row: VisitRow, column: Column) -> str:
        if column == Column.FINDINGS:
            if not row.findings_count:
                return "No findings when the visit was last coded"
            return (
                f"{findings_text(row)} when the visit was last coded; open the visit to read them"
            )
        if column == Column.STATUS and row.amends is not None:
            return f"Corrects visit {row.amends}"
        if column == Column.PATIENT:
            return f"{row.patient_name}, seen by {row.provider_name}"
        return self._text(row, column)
