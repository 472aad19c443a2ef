"""Table models over the three reports of ``services.Workspace``.

``ReportModel`` is one small read-only ``QAbstractTableModel`` over a tuple of report rows; each
report gives its column titles and how to turn a row into cell texts. Counts and money are right
aligned; money is formatted by ``money.format_cents``. ``UserRole`` gives the row itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from tpi_desktop.services import MonthSummary, PatientSessions, PayerCharges
from tpi_desktop.ui.money import format_cents

Row = TypeVar("Row")
Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole


class ReportModel(QAbstractTableModel, Generic[Row]):
    """Read-only rows of one report; ``cells`` turns a row into its column texts."""

    def __init__(
        self,
        columns: Sequence[str],
        cells: Callable[[Row], Sequence[str]],
        right_aligned: Sequence[int] = (),
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        self._cells = cells
        self._right = frozenset(right_aligned)
        self._rows: tuple[Row, ...] = ()

    def set_rows(self, rows: Sequence[Row]) -> None:
        """Show these rows instead (a model reset)."""
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def rows(self) -> tuple[Row, ...]:
        """The rows shown."""
        return self._rows

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._cells(row)[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (
                Qt.AlignmentFlag.AlignRight
                if index.column() in self._right
                else Qt.AlignmentFlag.AlignLeft
            )
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self._columns)
        ):
            return self._columns[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def sessions_model(parent: QObject | None = None) -> ReportModel[PatientSessions]:
    """Patient, TPI sessions in the last 12 months, last session."""

    def cells(row: PatientSessions) -> tuple[str, str, str]:
        return row.patient_name, str(row.sessions), row.last_session.isoformat()

    return ReportModel(("Patient", "Sessions (12 months)", "Last session"), cells, (1,), parent)


def months_model(parent: QObject | None = None) -> ReportModel[MonthSummary]:
    """Month, visits, and how often each code was billed."""

    def cells(row: MonthSummary) -> tuple[str, str, str]:
        codes = ", ".join(f"{code} ×{count}" for code, count in row.codes)
        return row.month, str(row.visits), codes

    return ReportModel(("Month", "Visits", "Codes billed"), cells, (1,), parent)


def payers_model(
    payer_names: Mapping[str, str] | None = None, parent: QObject | None = None
) -> ReportModel[PayerCharges]:
    """Payer (its name when known), visits and charges."""
    names = dict(payer_names or {})

    def cells(row: PayerCharges) -> tuple[str, str, str]:
        return names.get(row.payer, row.payer), str(row.visits), format_cents(row.charge_cents)

    return ReportModel(("Payer", "Visits", "Charges"), cells, (1, 2), parent)
