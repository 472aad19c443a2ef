"""The body picker: front and back figures, a search box and the list of picked sites.

The picker holds the selection as an ordered mapping ``(muscle_id, side) -> count`` (in the order
picked) and hands it out as domain ``Injection`` values through ``selectionChanged``; it never
computes a code. Both views draw the same SVG files as the PDF, and a muscle drawn in both views
is highlighted in both.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from tpi_desktop import domain, paths
from tpi_desktop.domain import MuscleCatalog, Side
from tpi_desktop.ui.body_scene import BodyView
from tpi_desktop.ui.chrome import secondary, weight
from tpi_desktop.ui.muscle_search import MuscleSearch
from tpi_desktop.ui.site_list import SiteList
from tpi_desktop.ui.svg_paths import BodyFigure, load_figure

if TYPE_CHECKING:
    from tpi_desktop.domain import Injection

Key = tuple[str, str]
EMPTY_TEXT = "Click a muscle or type its name to start"


@cache
def _cached_figure(path: str, mtime_ns: int, name: str) -> BodyFigure:
    return load_figure(Path(path), name)


def body_figure(view: str) -> BodyFigure:
    """The parsed ``front`` or ``back`` figure from ``resources/body`` (parsed once per file)."""
    file = paths.resource("body", f"{view}.svg")
    return _cached_figure(str(file), file.stat().st_mtime_ns, view)


class BodyPicker(QWidget):
    """Pick injection sites on the body figure or by name.

    ``selectionChanged`` carries the new ``tuple[Injection, ...]`` in the order picked.
    """

    selectionChanged = Signal(object)

    def __init__(self, catalog: MuscleCatalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self._counts: dict[Key, int] = {}
        self._read_only = False
        self.setAccessibleName("Injection site picker")

        self.search = MuscleSearch(catalog, self)
        self.front = BodyView(body_figure("front"), self.label, self._selectable, self)
        self.back = BodyView(body_figure("back"), self.label, self._selectable, self)
        self._drawn: set[str] | None = None  # the muscles on the figure, on first use

        figures = QGridLayout()
        figures.setContentsMargins(0, 0, 0, 0)
        figures.setHorizontalSpacing(6)
        figures.setVerticalSpacing(0)
        for column, (caption, view) in enumerate((("Front", self.front), ("Back", self.back))):
            label = QLabel(caption, self)
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            weight(secondary(label))
            figures.addWidget(label, 0, column)
            figures.addWidget(view, 1, column)
        figures.setRowStretch(1, 1)

        self.summary = QLabel(self)
        secondary(self.summary)
        heading = QLabel("Injection sites", self)
        weight(heading)
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(heading)
        header.addStretch(1)
        header.addWidget(self.summary)

        self.sites = SiteList(self.label, self._note, self)
        scroll = QScrollArea(self)
        scroll.setWidget(self.sites)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its rows take the focus, not the frame
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.empty = QLabel(EMPTY_TEXT, self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        secondary(self.empty)
        self.empty.setAccessibleName(EMPTY_TEXT)
        self._stack = QStackedWidget(self)
        self._stack.addWidget(self.empty)
        self._stack.addWidget(scroll)
        self._stack.setMinimumHeight(72)
        self._stack.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.search)
        layout.addLayout(figures, 3)
        layout.addLayout(header)
        layout.addWidget(self._stack, 1)

        self.search.picked.connect(self._on_search_picked)
        for view, other in ((self.front, self.back), (self.back, self.front)):
            view.countRequested.connect(self._on_count_requested)
            view.hoverChanged.connect(other.set_hover)
            view.set_counts(self._counts)
        self.sites.countChanged.connect(self._on_count_requested)
        self._refresh()

    # --- public -------------------------------------------------------------------------------
    def injections(self) -> tuple[Injection, ...]:
        """The picked sites as domain values, in the order picked."""
        return tuple(domain.Injection(m, Side(s), c) for (m, s), c in self._counts.items())

    def set_injections(self, injections: Iterable[Injection]) -> None:
        """Replace the selection; emits ``selectionChanged`` once if it changed, else not at all.

        The same muscle and side given twice is one site with the counts added.
        """
        counts: dict[Key, int] = {}
        for injection in injections:
            key = (injection.muscle_id, Side(injection.side).value)
            counts[key] = counts.get(key, 0) + max(1, injection.count)
        if list(counts.items()) == list(self._counts.items()):
            return
        # Mutate in place: both views hold a reference to this mapping.
        self._counts.clear()
        self._counts.update(counts)
        self._changed()

    def clear(self) -> None:
        """Remove every site (one emission if anything was picked)."""
        self.set_injections(())

    def set_read_only(self, read_only: bool) -> None:
        """Show the sites but refuse changes (a finalized visit)."""
        self._read_only = read_only
        self.front.set_read_only(read_only)
        self.back.set_read_only(read_only)
        self.sites.set_read_only(read_only)
        self.search.setEnabled(not read_only)

    def is_read_only(self) -> bool:
        """True while changes are refused."""
        return self._read_only

    def label(self, muscle_id: str, side: str) -> str:
        """ "Right trapezius (upper fibers)": the catalog name with the patient's side."""
        if muscle_id in self._catalog:
            return self._catalog.get(muscle_id).side_label(side)
        return f"{side.capitalize()} {muscle_id.replace('_', ' ')}"

    # --- slots --------------------------------------------------------------------------------
    def _on_count_requested(self, muscle_id: str, side: str, count: int) -> None:
        if self._read_only:
            return
        key = (muscle_id, side)
        if count <= 0:
            if self._counts.pop(key, None) is None:
                return
        elif self._counts.get(key) == count:
            return
        else:
            self._counts[key] = count
        self._changed()

    def _on_search_picked(self, muscle_id: str, side: str) -> None:
        # Adding a muscle that is already picked adds one injection rather than a second row.
        self._on_count_requested(muscle_id, side, self._counts.get((muscle_id, side), 0) + 1)

    # --- internals ----------------------------------------------------------------------------
    def _selectable(self, muscle_id: str) -> bool:
        return muscle_id in self._catalog

    def _note(self, muscle_id: str) -> str:
        if muscle_id not in self._catalog:
            return "not in the muscle catalog"
        if self._drawn is None:
            self._drawn = {r.muscle_id for v in (self.front, self.back) for r in v.regions()}
        return "" if muscle_id in self._drawn else "not drawn on the figure"

    def _changed(self) -> None:
        self._refresh()
        self.selectionChanged.emit(self.injections())

    def _refresh(self) -> None:
        self.front.update()
        self.back.update()
        self.sites.set_sites(list(self._counts.items()))
        total = sum(self._counts.values())
        sites = len(self._counts)
        text = f"{sites} site{'s' * (sites != 1)} · {total} injection{'s' * (total != 1)}"
        self.summary.setText(text if sites else "")
        page = 1 if self._counts else 0
        if self._stack.currentIndex() != page:
            self._stack.setCurrentIndex(page)
