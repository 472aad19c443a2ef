"""The workstation window: body picker, encounter form and live coding panel side by side.

On every change (a muscle clicked, any field edited) the window builds the ``Visit`` from the
form and the picker, asks the workspace to code it with the patient's stored history, and shows
the result in the coding panel and the timeline, synchronously, within the same event. It also
keeps the undo stack, the debounced autosave, and the draft → final → amended life of a visit.
Menu commands that deal with files and settings live in ``main_window_menus``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QUndoStack
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from tpi_desktop import coding, domain
from tpi_desktop.domain import VisitStatus
from tpi_desktop.ui import palette
from tpi_desktop.ui.body_picker import BodyPicker
from tpi_desktop.ui.chrome import fill, secondary, weight
from tpi_desktop.ui.coding_panel import CodingPanel
from tpi_desktop.ui.encounter_form import EncounterForm, FormState
from tpi_desktop.ui.first_paint import FirstPaint
from tpi_desktop.ui.form_common import named
from tpi_desktop.ui.form_scroll import FormScroll
from tpi_desktop.ui.form_undo import SnapshotCommand
from tpi_desktop.ui.main_window_visit import VisitMixin, no_provider
from tpi_desktop.ui.settings import (
    LAST_PAYER,
    LAST_PROVIDER_ID,
    Settings,
)
from tpi_desktop.ui.timeline import Timeline

if TYPE_CHECKING:
    from tpi_desktop.domain import CodingResult, Encounter, Patient, Visit

log = logging.getLogger(__name__)
ICD_STEP_BUDGET_S = 0.004  # ICD index work per turn of the event loop (see warm_up_icd)


class MainWindow(VisitMixin):
    """The one main window. ``workspace`` is a ``tpi_desktop.services.Workspace``, or ``None``
    to build (and paint) the window before the database is open: it is then built from
    ``tables`` (``coding.load_tables``) and the workspace comes with ``attach`` or from
    ``start_after_first_paint``."""

    recoded = Signal(object)
    icdReady = Signal()

    def __init__(
        self,
        workspace: Any | None,
        settings: Settings | None = None,
        parent: QWidget | None = None,
        *,
        keep_backups: int | None = None,
        tables: Any = None,
    ) -> None:
        """``keep_backups``: on close, back up the database, keep that many backups and close
        the workspace (``None``: leave the workspace open for the caller, as tests do)."""
        super().__init__(parent)
        self.setObjectName("main_window")
        self.setWindowTitle("TPI Desktop")
        self.workspace = workspace
        self.settings = settings or Settings()
        self.visit: Visit | None = None  # the stored visit being edited (None: not saved yet)
        self.result: CodingResult | None = None
        self.last_recode_ms = 0.0
        self._shown: tuple[object, ...] = ()
        self.ask_on_close = True  # False when closed by a signal: keep the autosave, ask nothing
        self.keep_backups = keep_backups
        self.workspace_closed = False  # True once close() backed up and closed the workspace
        self._dirty = False
        self._start_pending = False  # see start_after_first_paint
        self._open_workspace: Callable[[], Any] | None = None  # likewise
        self._applying = False
        self._last_state: FormState | None = None
        self.undo_stack = QUndoStack(self)
        self._icd_steps: Iterator[None] | None = None  # see warm_up_icd
        self._icd_timer = QTimer(self)
        self._icd_timer.timeout.connect(self._icd_step)
        self._autosave_timer = QTimer(self, singleShot=True)
        self._autosave_timer.timeout.connect(self._on_autosave_due)

        if workspace is not None:
            tables = workspace.tables
        elif tables is None:
            raise ValueError("MainWindow needs a workspace or the code tables")
        self._tables = tables
        self.form = EncounterForm(tables, self._find_patients, self._save_patient)
        self.picker = BodyPicker(tables.catalog)
        self.panel = CodingPanel()
        self.timeline = Timeline()
        self._build_layout()
        self.build_menus()
        if workspace is not None:
            self.form.bar.set_providers(workspace.providers())
        self._connect()
        # Panels first: a hidden column changes the smallest width the geometry may have.
        self.restore_splitter()
        self.settings.restore_window(self)

    @property
    def tables(self) -> Any:
        """The code tables in use: the workspace's (with the practice's payer settings), or
        those the window was built from while no database is open yet."""
        return self._tables if self.workspace is None else self.workspace.tables

    def attach(self, workspace: Any) -> None:
        """Work on ``workspace`` (a window built without one; ``start`` then opens a visit)."""
        self.workspace = workspace
        self.refresh_people_and_payers()

    def refresh_people_and_payers(self) -> None:
        """The provider and payer lists from the open database (which may know payers the
        code tables do not)."""
        self.form.bar.set_providers(self.workspace.providers())
        self.form.bar.set_payers([(p.id, p.name) for p in self.workspace.tables.payers.values()])

    def _find_patients(self, text: str) -> Sequence[Patient]:
        return () if self.workspace is None else self.workspace.find_patients(text)

    def _save_patient(self, patient: Patient) -> Patient:
        if self.workspace is None:
            raise RuntimeError("no database is open yet")
        saved: Patient = self.workspace.save_patient(patient)
        return saved

    # -- layout -------------------------------------------------------------------------------

    def _build_layout(self) -> None:
        self.form_scroll = FormScroll(self.form)
        # The form fills the scroll area's viewport (widgetResizable), so its own background is
        # all that shows. (Touching viewport() from Python would make PySide6 build the wrappers
        # of every scroll-area class to find its type: 7 ms of the start.)
        fill(self.form, palette.GREY_050_HEX)
        self.picker_box = _column("Body figure", self.picker, "picker_column")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(6)
        right_layout.addWidget(self.panel, 1)
        right_layout.addWidget(self.timeline)
        self.coding_box = _column("Coding", right, "coding_column")
        self.splitter = named(QSplitter(Qt.Orientation.Horizontal), "main_splitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.picker_box)
        self.splitter.addWidget(self.form_scroll)
        self.splitter.addWidget(self.coding_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setStretchFactor(2, 3)
        self.splitter.setSizes([370, 520, 390])
        self.picker_box.setMinimumWidth(280)
        # The form column's minimum is the form's own (FormScroll): its inputs never clip.
        self.coding_box.setMinimumWidth(280)

        editor = named(QWidget(), "editor_page")
        layout = QVBoxLayout(editor)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        bar_frame = fill(named(QFrame(), "visit_bar_frame"), "#ffffff")
        bar_layout = QVBoxLayout(bar_frame)
        bar_layout.setContentsMargins(0, 0, 0, 0)
        bar_layout.addWidget(self.form.bar)
        layout.addWidget(bar_frame)
        rule = fill(QFrame(), palette.GREY_300_HEX)  # the bar's bottom border
        rule.setFixedHeight(1)
        layout.addWidget(rule)
        layout.addWidget(self.splitter, 1)
        self.pages = named(QStackedWidget(), "pages")
        self.pages.addWidget(editor)
        self.setCentralWidget(self.pages)
        self.status_note = named(QLabel(), "status_note")
        self.statusBar().addPermanentWidget(self.status_note)
        self.resize(1280, 800)

    def _connect(self) -> None:
        self.picker.selectionChanged.connect(self._on_picker_changed)
        self.form.changed.connect(self._on_form_changed)
        self.form.tabOrderChanged.connect(self.apply_tab_order)
        self.undo_stack.canUndoChanged.connect(self.commands["undo"].setEnabled)
        self.undo_stack.canRedoChanged.connect(self.commands["redo"].setEnabled)
        self.commands["undo"].setEnabled(False)
        self.commands["redo"].setEnabled(False)
        self.commands["amend"].setEnabled(False)  # until a final visit is shown
        self.apply_tab_order()

    def tab_chain(self) -> list[QWidget]:
        """Tab order: visit bar, picker (search, sides, figures), diagnoses, services, drugs,
        documentation."""
        search = self.picker.search
        # The Right/Left toggles are one exclusive group: Tab stops on the checked one only, so
        # they are left out of the chain (Alt+R / Alt+L and the arrow keys reach them).
        picker = [
            getattr(search, "edit", search),
            *([search.add] if hasattr(search, "add") else []),
            self.picker.front,
            self.picker.back,
        ]
        bar = self.form.bar.tab_chain()
        return [*bar, *picker, *self.form.tab_chain()[len(bar) :]]

    def apply_tab_order(self) -> None:
        """Apply ``tab_chain`` (again after drug or procedure rows were added or removed)."""
        chain = self.tab_chain()
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # -- the visit being edited ---------------------------------------------------------------

    def state(self) -> FormState:
        """The form and picker as domain values."""
        self.form.set_injections(self.picker.injections())
        return self.form.state()

    def current_visit(self) -> Visit:
        """The visit as on screen (the patient may still be missing)."""
        state = self.state()
        base = self.visit
        return domain.Visit(
            patient=state.patient,  # type: ignore[arg-type]  # checked by callers that store it
            provider=state.provider or no_provider(),
            encounter=state.encounter,
            status=base.status if base else VisitStatus.DRAFT,
            id=base.id if base else None,
            amends=base.amends if base else None,
            updated_at=base.updated_at if base else None,
        )

    def recode(self) -> CodingResult:
        """Code what is on screen and show it (the panel and timeline repaint in this event)."""
        started = time.perf_counter()
        visit = self.current_visit()
        prior: tuple[dt.date, ...] = ()
        if visit.patient is not None and visit.patient.id is not None:
            result: CodingResult = self.workspace.code(visit)
            prior = tuple(
                self.workspace.prior_sessions(
                    visit.patient.id, visit.encounter.date_of_service, visit.id
                )
            )
        else:
            result = coding.evaluate(visit.encounter, self.tables)
        shown = (visit.encounter.date_of_service, prior, result)
        if shown != self._shown:
            # Typing a note rarely changes the answer: repaint only when something did.
            self._shown = shown
            self.panel.show_result(result)
            self.timeline.set_data(visit.encounter.date_of_service, prior, result.eligibility)
        self.result = result
        self.last_recode_ms = (time.perf_counter() - started) * 1000
        self.recoded.emit(result)
        return result

    def load_visit(self, visit: Visit) -> None:
        """Show a stored visit; a final or amended one is read-only."""
        self.visit = visit
        self.panel.release_height()
        self._show_state(FormState(visit.patient, visit.provider, visit.encounter))
        self.undo_stack.clear()
        self._dirty = False
        self._set_status(visit.status)
        self.recode()

    def open_visit(self, visit_id: int) -> None:
        """Load the stored visit with this id (asks first when there are unsaved changes)."""
        if self.keep_or_drop_changes():
            self.load_visit(self.workspace.get_visit(visit_id))
            self.show_editor()

    def new_visit(self) -> None:
        """An empty visit for today, with the last provider and payer."""
        self.visit = None
        self.panel.release_height()
        self.form.set_state(FormState(None, None, _empty_encounter(self.settings.get(LAST_PAYER))))
        self.form.bar.set_provider_id(self.settings.get(LAST_PROVIDER_ID))
        self.picker.clear()
        self.undo_stack.clear()
        self._dirty = False
        self._last_state = self.state()
        self._set_status(VisitStatus.DRAFT)
        self.recode()

    def start(self) -> None:
        """Open with the unsaved visit of last time (if any), else a new visit."""
        if not self.restore_autosave():
            self.new_visit()

    def start_after_first_paint(self, open_workspace: Callable[[], Any] | None = None) -> None:
        """``start`` once the window has painted its first frame: the rules engine (imported
        by the first coding) and the visit load right after the window appears, not before.
        Should nothing paint (a minimised window), the visit opens after a second anyway.

        ``open_workspace``: for a window built without a workspace, called first to open the
        database (the store's modules load then too); it returns the workspace, or ``None``
        when the database could not be opened (it has told the user), and nothing opens."""
        self._open_workspace = open_workspace
        self._start_pending = True
        # The visit bar: on screen whichever columns the View menu hides.
        self._first_paint = FirstPaint(self.form.bar, self._start_once)
        QTimer.singleShot(1000, self._start_once)

    def _start_once(self) -> None:
        if not self._start_pending:
            return
        self._start_pending = False
        opener, self._open_workspace = self._open_workspace, None
        if opener is not None:
            workspace = opener()
            if workspace is None:
                return
            self.attach(workspace)
        if self.workspace is not None:
            self.start()

    def is_dirty(self) -> bool:
        """True when there are changes not saved as a draft."""
        return self._dirty

    # -- internals ----------------------------------------------------------------------------

    def _show_state(self, state: FormState) -> None:
        self._applying = True
        try:
            self.form.set_state(state)
            self.picker.set_injections(state.encounter.injections)
        finally:
            self._applying = False
        self._last_state = self.state()

    def _apply_snapshot(self, state: FormState) -> None:
        self._show_state(state)
        self._dirty = True
        self._schedule_autosave()
        self.recode()

    def _set_status(self, status: VisitStatus) -> None:
        read_only = status is not VisitStatus.DRAFT
        self.form.bar.set_status(status)
        note = ""
        if status is VisitStatus.FINAL:
            note = "This visit is final and read-only. Use Amend (Ctrl+Shift+A) to correct it."
        elif status is VisitStatus.AMENDED:
            note = (
                "This visit was corrected by an amendment and is kept for the record (read-only)."
            )
        self.form.set_read_only(read_only, note)
        self.picker.set_read_only(read_only)
        self.commands["save"].setEnabled(not read_only)
        self.commands["finalize"].setEnabled(not read_only)
        self.commands["amend"].setEnabled(status is VisitStatus.FINAL)
        title = "TPI Desktop"
        if self.visit is not None and self.visit.id is not None:
            title = f"Visit {self.visit.id} — {title}"
        self.setWindowTitle(title)

    def _on_picker_changed(self, injections: object) -> None:
        self._on_edited("Pick muscles")

    def _on_form_changed(self) -> None:
        self._on_edited("Edit")

    def _on_edited(self, what: str) -> None:
        if self._applying:
            return
        after = self.state()
        before = self._last_state or after
        self._last_state = after
        if before != after:
            self.undo_stack.push(SnapshotCommand(before, after, self._apply_snapshot, what))
        self._dirty = True
        self.status_note.setText("")
        self._schedule_autosave()
        self.recode()

    def warm_up_icd(self) -> None:
        """Build the ICD-10-CM search index (about 1 s of work) a few milliseconds at a time
        between the window's events; ``icdReady`` then. Not in a thread: a thread building it
        would hold the interpreter for up to 5 ms at every switch, and a click on the figure
        took 130-200 ms instead of 10 while it ran. Descriptions never wait for the index;
        only the search box does."""
        if self._icd_steps is not None or self.tables.icd.index_ready:
            return
        self._icd_steps = self.tables.icd.index_steps()
        self._icd_timer.start(0)

    def _icd_step(self) -> None:
        deadline = time.perf_counter() + ICD_STEP_BUDGET_S
        for _ in self._icd_steps or ():
            if time.perf_counter() >= deadline:
                return  # more at the next turn of the event loop
        self._icd_timer.stop()
        self._icd_steps = None
        self.icdReady.emit()

    def stop_background_work(self) -> None:
        """Stop building the ICD index (the window is going; a later search builds it)."""
        self._icd_timer.stop()
        self._icd_steps = None

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.ask_on_close:
            self.autosave_now()
        elif not self.keep_or_drop_changes():
            event.ignore()
            return
        self.settings.save_window(self)
        self.save_splitter()
        self.settings.sync()
        event.accept()
        # Closed within a moment of its first frame: the database and visit stay unopened.
        self._start_pending = False
        self._open_workspace = None
        opened = self.workspace is not None and not self.workspace_closed
        if self.keep_backups is not None and opened:
            # Issue 3: keep the last N backups. Hidden first, so the window does not hang
            # visibly while SQLite copies the file; close_with_backup never raises.
            self._autosave_timer.stop()
            self.hide()
            self.workspace.close_with_backup(keep=self.keep_backups)
            self.workspace_closed = True


def _column(title: str, body: QWidget, name: str) -> QWidget:
    box = named(QWidget(), name)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(8, 6, 8, 8)
    layout.setSpacing(4)
    heading = weight(secondary(QLabel(title.upper())))
    layout.addWidget(heading)
    layout.addWidget(body, 1)
    return box


def _empty_encounter(payer: str) -> Encounter:
    return domain.Encounter(date_of_service=dt.date.today(), payer=payer or "commercial")
