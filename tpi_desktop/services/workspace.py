"""``Workspace``: one open database and the code tables with the practice's payer settings applied.

This is the use-case layer both faces call (the window and the command line): it joins the store
(history, transactions, audit) with the engine (``coding.evaluate``), so a saved visit is always
coded against its patient's stored history, in the same transaction that writes it.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from dataclasses import replace
from pathlib import Path

from tpi_desktop import coding
from tpi_desktop.coding import CodeTables, PayerProfile, load_tables
from tpi_desktop.domain import CodingResult, MuscleCatalog, Patient, Practice, Provider, Visit
from tpi_desktop.services.finalize import FinalizeOutcome, finalize_blockers
from tpi_desktop.store import (
    AuditRow,
    MonthSummary,
    PatientSessions,
    PayerCharges,
    PayerSettings,
    Store,
    StoreError,
    VisitCursor,
    VisitPage,
    VisitQuery,
    open_store,
    prune_backups,
)

log = logging.getLogger(__name__)


def apply_payer_settings(base: CodeTables, settings: tuple[PayerSettings, ...]) -> CodeTables:
    """The code tables with each payer's practice settings laid over its profile.

    Fees are merged code by code (the practice's fee wins); a frequency limit, window, repeat
    interval or covered list replaces the table's. A payer the tables do not know gets a default
    profile.
    """
    tables = base
    for s in settings:
        profile = base.payers.get(s.payer_id) or PayerProfile(id=s.payer_id, name=s.name)
        changes: dict[str, object] = {}
        if s.fees is not None:
            changes["fees"] = {**profile.fees, **s.fees}
        if s.frequency_limit is not None:
            changes["frequency_limit"] = s.frequency_limit
        if s.covered_diagnoses is not None:
            changes["covered_diagnoses"] = s.covered_diagnoses
        if s.window_days is not None:
            changes["window_days"] = s.window_days
        if s.repeat_interval_days is not None:
            changes["repeat_interval_days"] = s.repeat_interval_days
        if changes or s.payer_id not in base.payers:
            tables = tables.with_payer(replace(profile, **changes))  # type: ignore[arg-type]
    return tables


def _reason(error: BaseException) -> str:
    # The operating system's or SQLite's reason ("No space left on device", "database or disk
    # is full"); never a value from the database, so the log holds no patient data.
    if isinstance(error, OSError):
        return error.strerror or type(error).__name__
    if isinstance(error, sqlite3.Error):
        return str(error)
    return type(error).__name__


class Workspace:
    """An open database plus the engine's tables; every use case of the program.

    Create with ``Workspace.open``; close with ``close()`` (or use it as a context manager).
    Errors are ``tpi_desktop.store`` exceptions (``StoreError`` and its subclasses) whose messages
    can be shown as they are; bad field values raise ``InvalidValue`` (a ``ValueError``).
    """

    def __init__(
        self,
        store: Store,
        base_tables: CodeTables,
        backups_dir: Path,
        resources_dir: Path,
    ) -> None:
        self.store = store
        self.path = store.path
        self.backups_dir = backups_dir
        #: The resources folder the code tables came from (``body/`` holds the PDF's figure).
        self.resources_dir = resources_dir
        self._base = base_tables
        self.tables = apply_payer_settings(base_tables, store.payer_settings())

    @classmethod
    def open(
        cls, db_path: Path, resources_dir: Path, *, user: str, backups_dir: Path | None = None
    ) -> Workspace:
        """Open (create, upgrade) the database at ``db_path``; code tables from ``resources_dir``.

        ``backups_dir`` defaults to ``backups/`` beside the database (the application passes
        ``paths.backups_dir(db_path)``). Raises ``NotOurFile``/``Damaged``/``TooNew``/``Locked``.
        """
        base = load_tables(resources_dir)
        store = open_store(db_path, user=user)
        try:
            store.ensure_payers((p.id, p.name) for p in base.payers.values())
        except BaseException:
            store.close()
            raise
        return cls(store, base, backups_dir or db_path.parent / "backups", resources_dir)

    def close(self) -> None:
        """Close the database."""
        self.store.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def catalog(self) -> MuscleCatalog:
        """The muscle catalog."""
        return self.tables.catalog

    @property
    def user(self) -> str:
        """Who this workspace writes as (audit log)."""
        return self.store.user

    # --- coding with history ----------------------------------------------------------------

    def prior_sessions(
        self, patient_id: int, before: dt.date, exclude_visit_id: int | None = None
    ) -> tuple[dt.date, ...]:
        """Dates of the patient's stored TPI sessions before ``before`` (see ``Store``)."""
        return self.store.prior_sessions(patient_id, before, exclude_visit_id)

    def code(self, visit: Visit) -> CodingResult:
        """The engine's result for ``visit`` with its patient's stored history (nothing saved).

        A patient not yet stored (no id) has no history.
        """
        prior: tuple[dt.date, ...] = ()
        if visit.patient.id is not None:
            prior = self.prior_sessions(visit.patient.id, visit.encounter.date_of_service, visit.id)
        return coding.evaluate(replace(visit.encounter, prior_sessions=prior), self.tables)

    def _code_stored(self, visit: Visit) -> CodingResult:
        # Called by the store inside its transaction with prior_sessions already filled in.
        return coding.evaluate(visit.encounter, self.tables)

    # --- visits -----------------------------------------------------------------------------

    def save_visit(self, visit: Visit) -> Visit:
        """Insert a visit or update a draft, coded with its history, audited, one transaction.

        Returns the stored visit (ids, timestamps, coding). ``ReadOnlyVisit`` for a final visit,
        ``Conflict`` when the draft was changed elsewhere since ``visit.updated_at``.
        """
        return self.store.save_visit(visit, code=self._code_stored)

    def get_visit(self, visit_id: int) -> Visit:
        """The stored visit (``NotFound`` when there is none)."""
        return self.store.get_visit(visit_id)

    def finalize(self, visit_id: int, *, override_reason: str | None = None) -> FinalizeOutcome:
        """Finalize a draft: recoded with its history, refused while there are error findings or
        the documentation checklist is incomplete, unless ``override_reason`` is given (stored)."""
        visit, blockers = self.store.finalize(
            visit_id,
            code=self._code_stored,
            blockers=finalize_blockers,
            override_reason=override_reason,
        )
        ok = visit.status.value == "final"
        return FinalizeOutcome(ok, blockers, visit, overridden=ok and bool(blockers))

    def amend(self, visit_id: int) -> Visit:
        """Correct a final visit: returns the new draft that amends it (the original is kept)."""
        return self.store.amend(visit_id, code=self._code_stored)

    def amended_by(self, visit_id: int) -> int | None:
        """The id of the amendment superseding this visit, if any."""
        return self.store.amended_by(visit_id)

    def search_visits(
        self, query: VisitQuery, *, after: VisitCursor | None = None, limit: int = 50
    ) -> VisitPage:
        """A page of the visit list (keyset pagination: pass ``page.next`` as ``after``)."""
        return self.store.search_visits(query, after=after, limit=limit)

    def count_visits(self, query: VisitQuery | None = None) -> int:
        """How many visits match."""
        return self.store.count_visits(query)

    def audit_rows(self, visit_id: int) -> tuple[AuditRow, ...]:
        """The visit's history of changes, oldest first."""
        return self.store.audit_rows(visit_id)

    # --- people and settings ----------------------------------------------------------------

    def find_patients(self, text: str, limit: int = 20) -> tuple[Patient, ...]:
        """Patients whose "Last, First" starts with ``text``."""
        return self.store.find_patients(text, limit)

    def patient(self, patient_id: int) -> Patient:
        """One patient by id."""
        return self.store.patient(patient_id)

    def save_patient(self, patient: Patient) -> Patient:
        """Insert or update a patient; returns it with its id."""
        return self.store.save_patient(patient)

    def providers(self) -> tuple[Provider, ...]:
        """Every provider."""
        return self.store.providers()

    def save_provider(self, provider: Provider) -> Provider:
        """Insert or update a provider (NPI check digit; ``InvalidValue`` names the field)."""
        return self.store.save_provider(provider)

    def practice(self) -> Practice:
        """The practice."""
        return self.store.practice()

    def save_practice(self, practice: Practice) -> None:
        """Set the practice."""
        self.store.save_practice(practice)

    def payer_settings(self) -> tuple[PayerSettings, ...]:
        """Each payer's practice settings (``None`` fields: as in the code tables)."""
        return self.store.payer_settings()

    def payer_profile(self, payer_id: str) -> PayerProfile:
        """The effective profile (tables + settings) the engine uses for this payer."""
        return self.tables.payer(payer_id)

    def save_payer_settings(self, settings: PayerSettings) -> None:
        """Store a payer's settings; later coding uses them at once."""
        self.store.save_payer_settings(settings)
        self.tables = apply_payer_settings(self._base, self.store.payer_settings())

    # --- the window's helpers ---------------------------------------------------------------

    def autosave_put(self, key: str, payload: str) -> None:
        """Keep a form's unsaved state, durably (survives a crash)."""
        self.store.autosave_put(key, payload)

    def autosave_get(self, key: str) -> str | None:
        """A form's kept state, or ``None``."""
        return self.store.autosave_get(key)

    def autosave_clear(self, key: str) -> None:
        """Forget a form's kept state."""
        self.store.autosave_clear(key)

    def record_export(self, visit_id: int, path: str) -> None:
        """Audit row: the visit was exported to ``path`` (by this user, now)."""
        self.store.record_export(visit_id, path)

    # --- maintenance and reports ------------------------------------------------------------

    def backup(self, out: Path | None = None) -> Path:
        """Online backup to ``out`` (file or folder; default: the backups folder); the file."""
        target = out if out is not None else self.backups_dir
        if out is None:
            target.mkdir(parents=True, exist_ok=True)
        return self.store.backup(target)

    def prune_backups(self, keep: int = 20) -> list[Path]:
        """Delete all but the newest ``keep`` backups in the backups folder (called on close)."""
        return prune_backups(self.backups_dir, keep) if self.backups_dir.is_dir() else []

    def close_with_backup(self, keep: int = 20) -> Path | None:
        """Back up into the backups folder, prune to ``keep``, then close; the backup or ``None``.

        For the window's close: never raises for a failed backup or prune (a full disk, a folder
        that cannot be written): it logs a warning without patient data and returns ``None``.
        The database is closed in every case.
        """
        made: Path | None = None
        try:
            made = self.backup()
        except (OSError, sqlite3.Error, StoreError) as error:
            log.warning("backup on close failed (%s): %s", type(error).__name__, _reason(error))
        if made is not None:
            try:
                self.prune_backups(keep)
            except OSError as error:
                log.warning("pruning old backups failed: %s", _reason(error))
        self.close()
        return made

    def check(self) -> list[str]:
        """Integrity, foreign keys and audit chain: one sentence per problem (empty = fine)."""
        return self.store.check()

    def sessions_per_patient(
        self, today: dt.date | None = None, limit: int = 100
    ) -> tuple[PatientSessions, ...]:
        """Report: TPI sessions per patient in the 12 months up to ``today``."""
        return self.store.sessions_per_patient(today, limit)

    def visits_per_month(
        self, date_from: dt.date | None = None, date_to: dt.date | None = None
    ) -> tuple[MonthSummary, ...]:
        """Report: visits and billed codes per month."""
        return self.store.visits_per_month(date_from, date_to)

    def charges_per_payer(
        self, date_from: dt.date | None = None, date_to: dt.date | None = None
    ) -> tuple[PayerCharges, ...]:
        """Report: visits and charges (cents) per payer."""
        return self.store.charges_per_payer(date_from, date_to)
