"""``Store``: one open TPI Desktop database with every typed read and write, and ``open_store``.

All SQL lives in this package. ``bulk_insert_visits`` is the fast path for imports and the
benchmark: it writes many finished visits in large transactions (still audited and hash-chained).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from tpi_desktop.domain import Patient, Visit
from tpi_desktop.store import audit
from tpi_desktop.store.audit import AuditEntry
from tpi_desktop.store.backup import backup_connection
from tpi_desktop.store.core import open_connection, utc_now
from tpi_desktop.store.people import name_key
from tpi_desktop.store.queries import QueryMixin
from tpi_desktop.store.rows import child_rows, visit_columns
from tpi_desktop.store.schema import CHILD_TABLES
from tpi_desktop.store.validate import check_birth_date, check_sex, check_text
from tpi_desktop.store.visits import VisitMixin, coding_columns, line_rows

_INSERT_PATIENT = (
    "INSERT INTO patients (last_name, first_name, date_of_birth, sex, member_id, default_payer,"
    " name_key) VALUES (?, ?, ?, ?, ?, ?, ?)"
)


class Store(VisitMixin, QueryMixin):
    """An open database (see ``open_store``)."""

    def backup(self, out: Path) -> Path:
        """Online backup to ``out`` (a file, or a folder for a timestamped ``tpi-backup-*``)."""
        return backup_connection(self.conn, out)

    def audit_rows(self, visit_id: int) -> tuple[audit.AuditRow, ...]:
        """The audit rows about one visit, oldest first."""
        return audit.rows_for_visit(self.conn, visit_id)

    def bulk_insert_patients(self, patients: Iterable[Patient], *, batch: int = 20000) -> list[int]:
        """Insert new patients in large transactions (imports, the benchmark); returns their ids.

        Fields are checked as in ``save_patient``; an existing (names, birth date) is an error.
        """
        ids: list[int] = []
        rows: list[tuple[object, ...]] = []

        def flush(conn: sqlite3.Connection) -> None:
            for row in rows:
                ids.append(int(conn.execute(_INSERT_PATIENT, row).lastrowid or 0))
            self.append_audit(
                conn, utc_now(), [AuditEntry("import", None, "patients", None, str(len(rows)))]
            )

        for p in patients:
            last = check_text(p.last_name, "patient.last_name", max_len=100)
            first = check_text(p.first_name, "patient.first_name", max_len=100)
            rows.append(
                (
                    last,
                    first,
                    check_birth_date(p.date_of_birth).isoformat(),
                    check_sex(p.sex),
                    p.member_id,
                    p.default_payer,
                    name_key(last, first),
                )
            )
            if len(rows) >= batch:
                self.write(flush)
                rows = []
        if rows:
            self.write(flush)
        return ids

    def bulk_insert_visits(self, visits: Iterable[Visit], *, batch: int = 20000) -> int:
        """Insert finished visits (patient and provider ids set, status and coding as given)
        in transactions of ``batch`` visits, each with one audit row; returns how many."""
        total = 0
        chunk: list[Visit] = []
        for visit in visits:
            chunk.append(visit)
            if len(chunk) >= batch:
                total += self.write(lambda conn, c=chunk: self._bulk(conn, c))  # type: ignore[misc]
                chunk = []
        if chunk:
            total += self.write(lambda conn: self._bulk(conn, chunk))
        return total

    def _bulk(self, conn: sqlite3.Connection, visits: list[Visit]) -> int:
        now = utc_now()
        next_id = int(conn.execute("SELECT coalesce(max(id), 0) FROM visits").fetchone()[0]) + 1
        rows: list[dict[str, object]] = []
        children: dict[str, list[tuple[object, ...]]] = {t: [] for t in CHILD_TABLES}
        entries: list[AuditEntry] = []
        cache: dict[int, dict[str, object]] = {}  # many synthetic visits share one coding object
        for offset, visit in enumerate(visits):
            vid = next_id + offset
            key = id(visit.coding)
            if key not in cache:
                cache[key] = coding_columns(visit.coding)
            stamp = visit.created_at.isoformat(timespec="microseconds") if visit.created_at else now
            rows.append(
                {
                    "id": vid,
                    "patient_id": visit.patient.id,
                    "provider_id": visit.provider.id,
                    **visit_columns(visit.encounter),
                    **cache[key],
                    "status": "draft",
                    "amends": visit.amends,
                    "created_by": self.user,
                    "created_at": stamp,
                    "updated_by": self.user,
                    "updated_at": stamp,
                    "finalized_by": self.user if visit.status.value != "draft" else None,
                    "finalized_at": stamp if visit.status.value != "draft" else None,
                }
            )
            for table, table_rows in child_rows(visit.encounter).items():
                children[table] += [(vid, *r) for r in table_rows]
            children["claim_lines"] += [(vid, *r) for r in line_rows(visit.coding)]
            entries.append(AuditEntry("import", vid, None, None, None))
        names = list(rows[0])
        conn.executemany(
            f"INSERT INTO visits ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
            [tuple(r[n] for n in names) for r in rows],
        )
        # Visits go in as drafts, so the read-only triggers let their parts in; then the final
        # and amended ones get their status.
        for table, table_rows in children.items():
            if table_rows:
                width = len(table_rows[0])
                conn.executemany(
                    f"INSERT INTO {table} VALUES ({', '.join('?' * width)})", table_rows
                )
        conn.executemany(
            "UPDATE visits SET status = ? WHERE id = ?",
            [
                (v.status.value, next_id + i)
                for i, v in enumerate(visits)
                if v.status.value != "draft"
            ],
        )
        self.append_audit(conn, now, entries)
        return len(rows)


def open_store(path: Path, *, user: str = "") -> Store:
    """Open (creating or upgrading) the database at ``path`` for ``user``.

    Raises ``NotOurFile``, ``Damaged`` or ``TooNew`` before anything is written to a file that
    is not ours, is truncated, or is newer than this program; ``Locked`` when another process
    holds it too long.
    """
    conn = open_connection(path)
    return Store(path, conn, user or "unknown")
