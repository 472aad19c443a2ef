"""The claim lines as a table: ``ClaimLinesModel`` over the engine's ``CodeLine`` values.

Codes, modifiers, units, diagnosis pointers and charges are in the monospaced face so columns
align and always show in full; the description wraps to two lines, is elided after that and is
hidden in a narrow panel (every cell's tooltip holds the whole line). ``ClaimLinesView`` grows
to fit its rows (the coding panel scrolls as a whole), so no line is ever hidden behind a second
scroll bar.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from tpi_desktop.domain import CodeLine
from tpi_desktop.ui import palette
from tpi_desktop.ui.money import format_cents

Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole

COLUMNS = ("Code", "Description", "Mod", "Units", "Dx", "Charge")
_COLUMN_TIPS = (
    "CPT or HCPCS code",
    "What the line is",
    "Modifiers, in claim order",
    "Units of service",
    "Diagnosis pointers (letters into the diagnosis list)",
    "Charge from the practice's fee schedule",
)
CODE, DESCRIPTION, MODIFIERS, UNITS, DX, CHARGE = range(len(COLUMNS))
_MONO_COLUMNS = {CODE, MODIFIERS, UNITS, DX, CHARGE}


def _description(line: CodeLine) -> str:
    text = line.description
    if line.ndc:
        text += f"\nNDC {line.ndc}"
        if line.ndc_quantity:
            text += f" {line.ndc_unit or ''}{line.ndc_quantity}".rstrip()
    if line.box19:
        text += f"\nItem 19: {line.box19}"
    return text


class ClaimLinesModel(QAbstractTableModel):
    """Read-only table model over a tuple of ``CodeLine`` (UserRole gives the line itself)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lines: tuple[CodeLine, ...] = ()
        self._mono = palette.mono_font(10)

    def set_lines(self, lines: Sequence[CodeLine]) -> None:
        """Replace every line (a model reset: the set of lines changes wholesale)."""
        lines = tuple(lines)
        if lines == self._lines:
            return
        self.beginResetModel()
        self._lines = lines
        self.endResetModel()

    def lines(self) -> tuple[CodeLine, ...]:
        """The lines shown."""
        return self._lines

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt API
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None
        line, column = self._lines[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(line, column)
        if role == Qt.ItemDataRole.FontRole and column in _MONO_COLUMNS:
            return self._mono
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (
                Qt.AlignmentFlag.AlignRight
                if column in (UNITS, CHARGE)
                else (Qt.AlignmentFlag.AlignLeft)
            )
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            full = f"{line.code} {_description(line)}"
            return f"{full}\n\n{line.rationale}" if line.rationale else full
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{COLUMNS[column]}: {self._text(line, column) or 'none'}"
        if role == Qt.ItemDataRole.UserRole:
            return line
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return _COLUMN_TIPS[section]
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1) if 0 <= section < len(self._lines) else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    @staticmethod
    def _text(line: CodeLine, column: int) -> str:
        if column == CODE:
            return line.code
        if column == DESCRIPTION:
            return _description(line)
        if column == MODIFIERS:
            return " ".join(line.modifiers)
        if column == UNITS:
            return str(line.units)
        if column == DX:
            return "".join(line.dx_pointers)
        return format_cents(line.charge_cents)


class ClaimLinesView(QTableView):
    """A table as tall as its rows. Code, modifiers, units, pointers and charge always show in
    full; the description takes the spare width, wraps to at most two lines (plus its NDC and
    item 19 lines) and is elided after that, with the whole text in its tooltip. When the panel
    is too narrow to give the description a readable width, its column is hidden and the
    description is in every cell's tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Claim lines")
        self.setToolTip("The claim lines the engine produced; hover a line for the reason")
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)  # Tab leaves the table (arrows move between lines)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalHeader().hide()
        self._fit_pending = False
        colors = self.palette()
        colors.setColor(QPalette.ColorRole.AlternateBase, palette.GREY_050)
        self.setPalette(colors)

    def setModel(self, model: Any) -> None:
        super().setModel(model)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setMinimumSectionSize(24)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for column in range(len(COLUMNS)):
            mode = (
                QHeaderView.ResizeMode.Stretch
                if column == DESCRIPTION
                else (QHeaderView.ResizeMode.ResizeToContents)
            )
            header.setSectionResizeMode(column, mode)
        model.modelReset.connect(self._on_model_reset)
        # The stretched description column gets its width after resizeEvent: re-wrap then.
        header.sectionResized.connect(self._on_section_resized)

    def description_shown(self) -> bool:
        """False when the panel is too narrow for the description column (see tooltips)."""
        return not self.isColumnHidden(DESCRIPTION)

    def resizeEvent(self, event: Any) -> None:
        self._fit_description()
        super().resizeEvent(event)

    def _fit_description(self) -> None:
        """Hide the description column when what the fixed columns leave is not readable."""
        header = self.horizontalHeader()
        if self.model() is None:
            return
        fixed = sum(
            max(self.sizeHintForColumn(c), header.sectionSizeFromContents(c).width())
            for c in range(len(COLUMNS))
            if c != DESCRIPTION
        )
        spare = self.width() - 2 * self.frameWidth() - fixed
        wanted = max(_MIN_DESCRIPTION, header.sectionSizeFromContents(DESCRIPTION).width())
        hide = spare < wanted
        if hide != self.isColumnHidden(DESCRIPTION):
            self.setColumnHidden(DESCRIPTION, hide)
            self._schedule_fit()

    def _on_model_reset(self) -> None:
        self._fit_description()
        self.fit_to_contents()

    def _on_section_resized(self, column: int, _old: int, _new: int) -> None:
        # Columns settle in several steps (contents, then the stretch): fit once they have.
        if column == DESCRIPTION:
            self._schedule_fit()

    def _schedule_fit(self) -> None:
        if not self._fit_pending:
            self._fit_pending = True
            QTimer.singleShot(0, self, self.fit_to_contents)  # dropped if the view dies first

    def fit_to_contents(self) -> None:
        """Wrap the descriptions to the current width (two lines at most, then elided) and grow
        to show every row."""
        self._fit_pending = False
        model = self.model()
        rows = model.rowCount() if model is not None else 0
        line_height = self.fontMetrics().lineSpacing()
        self.resizeRowsToContents()
        for row in range(rows):
            text = str(model.index(row, DESCRIPTION).data() or "")
            most = (text.count("\n") + _WRAPPED_LINES) * line_height + _ROW_PADDING
            if self.rowHeight(row) > most:
                self.setRowHeight(row, most)
        header = self.horizontalHeader()
        height = max(header.height(), header.sizeHint().height()) + 2 * self.frameWidth()
        height += sum(self.rowHeight(r) for r in range(rows))
        self.setFixedHeight(height)


_MIN_DESCRIPTION = 90  # px: narrower than this, the description column is hidden
_WRAPPED_LINES = 2  # lines a description may wrap to before it is elided
_ROW_PADDING = 8
