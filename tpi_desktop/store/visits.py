"""Visits: save a draft, read it back, finalize, amend, history for the engine, autosave.

The store never computes a code: callers pass ``code`` (a function from the visit, with its
history filled in, to the engine's result) and it is called inside the write transaction, so the
history the engine saw and the result written are one consistent snapshot.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from tpi_desktop.domain import CodingResult, Patient, Provider, Severity, Visit, VisitStatus
from tpi_desktop.domain.result_json import result_from_json, result_to_json
from tpi_desktop.store.audit import AuditEntry
from tpi_desktop.store.core import utc_now
from tpi_desktop.store.errors import Conflict, InvalidValue, NotFound, ReadOnlyVisit, StoreError
from tpi_desktop.store.people import PeopleMixin
from tpi_desktop.store.rows import audit_fields, child_rows, encounter_from_rows, visit_columns
from tpi_desktop.store.schema import CHILD_TABLES
from tpi_desktop.store.types import TPI_CODES
from tpi_desktop.store.validate import check_npi, check_text

CodeFn = Callable[[Visit], CodingResult]
BlockersFn = Callable[[Visit, CodingResult], Sequence[str]]

_PLACEHOLDERS = {
    "injections": 5,
    "drugs": 13,
    "diagnoses": 3,
    "other_procedures": 4,
    "documentation": 19,
    "claim_lines": 6,
}


def coding_columns(coding: CodingResult | None) -> dict[str, Any]:
    """The ``visits`` columns that summarise a coding result (for lists and reports)."""
    if coding is None:
        return {
            "procedure_code": None,
            "charge_cents": 0,
            "findings_count": 0,
            "errors_count": 0,
            "coding": None,
            "engine_version": None,
            "data_versions": None,
        }
    return {
        "procedure_code": coding.procedure_code,
        "charge_cents": sum(line.charge_cents or 0 for line in coding.lines),
        "findings_count": len(coding.findings),
        "errors_count": sum(1 for f in coding.findings if f.severity is Severity.ERROR),
        "coding": json.dumps(result_to_json(coding), ensure_ascii=False, separators=(",", ":")),
        "engine_version": coding.engine_version or None,
        "data_versions": json.dumps(dict(coding.data_versions)) if coding.data_versions else None,
    }


def line_rows(coding: CodingResult | None) -> list[tuple[Any, ...]]:
    """``claim_lines`` rows (without ``visit_id``) for a coding result."""
    if coding is None:
        return []
    return [
        (i, line.code, " ".join(line.modifiers), line.units, line.charge_cents)
        for i, line in enumerate(coding.lines)
    ]


def _ts(text: str | None) -> dt.datetime | None:
    return None if text is None else dt.datetime.fromisoformat(text)


class VisitMixin(PeopleMixin):
    """Visits and their history."""

    def prior_sessions(
        self, patient_id: int, before: dt.date, exclude_visit_id: int | None = None
    ) -> tuple[dt.date, ...]:
        """Dates of the patient's stored TPI sessions before ``before``, oldest first.

        Only visits coded 20552/20553 count, a visit superseded by an amendment does not, and
        neither does ``exclude_visit_id`` (the visit being coded).
        """
        rows = self.conn.execute(
            "SELECT DISTINCT date_of_service FROM visits WHERE patient_id = ? AND date_of_service"
            " < ?"
            " AND procedure_code IN (?, ?) AND status <> 'amended' AND id IS NOT ? ORDER BY 1",
            (patient_id, before.isoformat(), *TPI_CODES, exclude_visit_id),
        )
        return tuple(dt.date.fromisoformat(r[0]) for r in rows)

    def get_visit(self, visit_id: int) -> Visit:
        """The stored visit with its parts, history and latest coding; ``NotFound`` otherwise."""
        return self._read_visit(visit_id)

    def _read_visit(
        self,
        visit_id: int,
        *,
        prior: tuple[dt.date, ...] | None = None,
        coding: CodingResult | None = None,
        patient: Patient | None = None,
        provider: Provider | None = None,
        children: dict[str, list[tuple[Any, ...]]] | None = None,
    ) -> Visit:
        """``get_visit``; a save that has just written the visit passes what it already holds
        (the history, the coding it encoded, the patient and provider, the child rows it
        inserted: typed columns give them back unchanged), so only the visit row is read."""
        cur = self.conn.execute("SELECT * FROM visits WHERE id = ?", (visit_id,))
        row = cur.fetchone()
        if row is None:
            raise NotFound(f"no visit with id {visit_id}")
        v = dict(zip([c[0] for c in cur.description], row, strict=True))
        if children is None:
            children = {
                table: [
                    tuple(r[1:])
                    for r in self.conn.execute(
                        f"SELECT * FROM {table} WHERE visit_id = ? ORDER BY 2", (visit_id,)
                    )
                ]
                for table in CHILD_TABLES
                if table != "claim_lines"
            }
        encounter = encounter_from_rows(v, children)
        if prior is None:
            prior = self.prior_sessions(v["patient_id"], encounter.date_of_service, visit_id)
        if coding is None and v["coding"] is not None:
            coding = result_from_json(json.loads(v["coding"]))
        return Visit(
            patient=patient or self.patient(v["patient_id"]),
            provider=provider or self.provider(v["provider_id"]),
            encounter=replace(encounter, prior_sessions=prior),
            status=VisitStatus(v["status"]),
            id=visit_id,
            amends=v["amends"],
            coding=coding,
            override_reason=v["override_reason"],
            created_by=v["created_by"],
            created_at=_ts(v["created_at"]),
            updated_at=_ts(v["updated_at"]),
            finalized_by=v["finalized_by"],
            finalized_at=_ts(v["finalized_at"]),
        )

    def amended_by(self, visit_id: int) -> int | None:
        """The id of the amendment that supersedes this visit, if any."""
        row = self.conn.execute("SELECT id FROM visits WHERE amends = ?", (visit_id,)).fetchone()
        return None if row is None else int(row[0])

    def save_visit(self, visit: Visit, *, code: CodeFn | None = None) -> Visit:
        """Insert a new visit or update a draft, in one transaction with its audit rows.

        The patient is matched or created, the provider found by id or NPI or created. ``code``
        is called with the visit as stored (history from the database) and its result kept;
        without it ``visit.coding`` is kept as given. Raises ``ReadOnlyVisit`` for a final visit,
        ``Conflict`` when the draft changed since ``visit.updated_at``, ``InvalidValue`` for bad
        fields.
        """
        return self.write(lambda conn: self._save(conn, visit, code))

    def _save(self, conn: sqlite3.Connection, visit: Visit, code: CodeFn | None) -> Visit:
        patient = self.put_patient(conn, visit.patient)
        if visit.provider.id is not None:
            provider = self.provider(visit.provider.id)
        else:
            npi = check_npi(visit.provider.npi)
            row = conn.execute("SELECT id FROM providers WHERE npi = ?", (npi,)).fetchone()
            if row is not None:  # matched by NPI: the stored record stands
                provider = self.provider(int(row[0]))
            else:
                values = {
                    "name": check_text(visit.provider.name, "provider.name"),
                    "npi": npi,
                    "taxonomy": check_text(
                        visit.provider.taxonomy, "provider.taxonomy", required=False, max_len=20
                    ),
                }
                provider = self._put_provider(conn, values, None)
        payer = visit.encounter.payer
        if conn.execute("SELECT 1 FROM payers WHERE id = ?", (payer,)).fetchone() is None:
            known = ", ".join(r[0] for r in conn.execute("SELECT id FROM payers ORDER BY id"))
            raise InvalidValue("payer", f"unknown payer {payer!r} (known: {known})")
        now = utc_now()
        old: dict[str, Any] | None = None
        if visit.id is not None:
            row = conn.execute(
                "SELECT status, updated_at FROM visits WHERE id = ?", (visit.id,)
            ).fetchone()
            if row is None:
                raise NotFound(f"no visit with id {visit.id}")
            if row[0] != VisitStatus.DRAFT:
                raise ReadOnlyVisit(f"visit {visit.id} is {row[0]} and read-only; amend it instead")
            if visit.updated_at is not None and row[1] != visit.updated_at.isoformat(
                timespec="microseconds"
            ):
                raise Conflict(
                    f"visit {visit.id} was changed elsewhere at {row[1]}; reload it and "
                    "make your changes again"
                )
            old = self._audit_snapshot(conn, visit.id)
        prior = self.prior_sessions(patient.id or 0, visit.encounter.date_of_service, visit.id)
        stored = replace(
            visit,
            patient=patient,
            provider=provider,
            status=VisitStatus.DRAFT,
            encounter=replace(visit.encounter, prior_sessions=prior),
        )
        coding = code(stored) if code is not None else visit.coding
        columns = {
            "patient_id": patient.id,
            "provider_id": provider.id,
            **visit_columns(stored.encounter),
            **coding_columns(coding),
            "updated_by": self.user,
            "updated_at": now,
        }
        if visit.id is None:
            columns.update(created_by=self.user, created_at=now, amends=visit.amends)
            names = ", ".join(columns)
            marks = ", ".join(f":{k}" for k in columns)
            vid = int(
                conn.execute(f"INSERT INTO visits ({names}) VALUES ({marks})", columns).lastrowid
                or 0
            )
        else:
            vid = visit.id
            sets = ", ".join(f"{k} = :{k}" for k in columns)
            conn.execute(f"UPDATE visits SET {sets} WHERE id = :id", {**columns, "id": vid})
            for table in CHILD_TABLES:
                conn.execute(f"DELETE FROM {table} WHERE visit_id = ?", (vid,))
        children = child_rows(stored.encounter)
        self._insert_children(conn, vid, children, line_rows(coding))
        new = self._audit_snapshot(conn, vid)
        if old is None:
            entries = [AuditEntry("create", vid, None, None, json.dumps(new, ensure_ascii=False))]
        else:
            entries = [
                AuditEntry("update", vid, k, old.get(k), new[k])
                for k in new
                if old.get(k) != new[k]
            ]
        self.append_audit(conn, now, entries)
        return self._read_visit(
            vid, prior=prior, coding=coding, patient=patient, provider=provider, children=children
        )

    def _insert_children(
        self,
        conn: sqlite3.Connection,
        vid: int,
        children: dict[str, list[tuple[Any, ...]]],
        lines: list[tuple[Any, ...]],
    ) -> None:
        for table, rows in (*children.items(), ("claim_lines", lines)):
            if rows:
                marks = ", ".join("?" * _PLACEHOLDERS[table])
                conn.executemany(f"INSERT INTO {table} VALUES ({marks})", [(vid, *r) for r in rows])

    def _audit_snapshot(self, conn: sqlite3.Connection, vid: int) -> dict[str, str | None]:
        cur = conn.execute("SELECT * FROM visits WHERE id = ?", (vid,))
        columns = dict(zip([c[0] for c in cur.description], cur.fetchone(), strict=True))
        children = {
            t: [
                tuple(r[1:])
                for r in conn.execute(f"SELECT * FROM {t} WHERE visit_id = ? ORDER BY 2", (vid,))
            ]
            for t in CHILD_TABLES
        }
        return audit_fields(columns, children)

    def finalize(
        self,
        visit_id: int,
        *,
        code: CodeFn | None = None,
        blockers: BlockersFn | None = None,
        override_reason: str | None = None,
    ) -> tuple[Visit, tuple[str, ...]]:
        """Make a draft final with its coding snapshot, unless ``blockers`` object.

        Returns the visit and the blockers: when there are blockers and no override reason,
        nothing is written and the visit is returned unchanged. The override reason is stored
        and audited. ``ReadOnlyVisit`` when the visit is not a draft.
        """
        reason = (override_reason or "").strip() or None

        def run(conn: sqlite3.Connection) -> tuple[Visit, tuple[str, ...]]:
            visit = self.get_visit(visit_id)
            if visit.status is not VisitStatus.DRAFT:
                raise ReadOnlyVisit(f"visit {visit_id} is already {visit.status.value}")
            coding = code(visit) if code is not None else visit.coding
            if coding is None:
                raise StoreError(f"visit {visit_id} has no coding result to finalize")
            problems = tuple(blockers(visit, coding)) if blockers is not None else ()
            if problems and reason is None:
                return visit, problems
            now = utc_now()
            conn.execute("DELETE FROM claim_lines WHERE visit_id = ?", (visit_id,))
            self._insert_children(conn, visit_id, {}, line_rows(coding))
            columns = {
                **coding_columns(coding),
                "status": VisitStatus.FINAL.value,
                "override_reason": reason if problems else None,
                "finalized_by": self.user,
                "finalized_at": now,
                "updated_by": self.user,
                "updated_at": now,
            }
            sets = ", ".join(f"{k} = :{k}" for k in columns)
            conn.execute(f"UPDATE visits SET {sets} WHERE id = :id", {**columns, "id": visit_id})
            entries = [AuditEntry("finalize", visit_id, "status", "draft", "final")]
            if problems:
                entries.append(
                    AuditEntry("override", visit_id, "override_reason", "; ".join(problems), reason)
                )
            self.append_audit(conn, now, entries)
            return self.get_visit(visit_id), problems

        return self.write(run)

    def amend(self, visit_id: int, *, code: CodeFn | None = None) -> Visit:
        """Correct a final visit: it becomes ``amended`` and a new draft that ``amends`` it is made
        (a copy, recoded with ``code`` when given). Both are kept; returns the new draft."""

        def run(conn: sqlite3.Connection) -> Visit:
            original = self.get_visit(visit_id)
            if original.status is VisitStatus.DRAFT:
                raise StoreError(
                    f"visit {visit_id} is a draft: edit it directly, no amendment needed"
                )
            if original.status is VisitStatus.AMENDED:
                raise ReadOnlyVisit(
                    f"visit {visit_id} was already amended by visit {self.amended_by(visit_id)}"
                )
            now = utc_now()
            conn.execute(
                "UPDATE visits SET status = 'amended', updated_by = ?, updated_at = ? WHERE id = ?",
                (self.user, now, visit_id),
            )
            self.append_audit(
                conn, now, [AuditEntry("amend", visit_id, "status", "final", "amended")]
            )
            draft = replace(
                original,
                id=None,
                status=VisitStatus.DRAFT,
                amends=visit_id,
                override_reason=None,
                finalized_by=None,
                finalized_at=None,
                created_at=None,
                updated_at=None,
            )
            return self._save(conn, draft, code)

        return self.write(run)

    # --- the window's helpers ---------------------------------------------------------------

    def autosave_put(self, key: str, payload: str) -> None:
        """Keep a form's unsaved state (crash-safe, durable); replaces the previous one."""
        self.write(
            lambda conn: conn.execute(
                "INSERT INTO autosave (key, payload, saved_at) VALUES (?, ?, ?) ON CONFLICT(key)"
                " DO UPDATE"
                " SET payload = excluded.payload, saved_at = excluded.saved_at",
                (key, payload, utc_now()),
            )
        )

    def autosave_get(self, key: str) -> str | None:
        """The kept state of a form, or ``None``."""
        row = self.conn.execute("SELECT payload FROM autosave WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def autosave_clear(self, key: str) -> None:
        """Forget a form's kept state (after it was saved or discarded)."""
        self.write(lambda conn: conn.execute("DELETE FROM autosave WHERE key = ?", (key,)))

    def record_export(self, visit_id: int, path: str) -> None:
        """Audit that a visit was exported (claim summary PDF) to ``path``."""
        self.get_visit(visit_id)
        self.write(
            lambda conn: self.append_audit(
                conn, utc_now(), [AuditEntry("exported", visit_id, "pdf", None, path)]
            )
        )
