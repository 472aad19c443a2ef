"""The append-only audit log: who changed what, when, hash-chained so tampering shows.

Each row's ``hash`` is SHA-256 over the previous row's hash and the row's own content, and the
chain head (row count and last hash) is kept in ``meta`` in the same transaction, so ``verify``
spots an edited row, a deleted row in the middle and a deleted last row alike. Values are written
as they are (the audit table may name patients); nothing here is ever logged.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One change: ``action`` (create, update, finalize, amend, exported, ...), and for a field
    change the field with its value before and after, as text."""

    action: str
    visit_id: int | None = None
    field: str | None = None
    before: str | None = None
    after: str | None = None


@dataclass(frozen=True, slots=True)
class AuditRow:
    """A stored audit row."""

    id: int
    at: str
    user: str
    action: str
    visit_id: int | None
    field: str | None
    before: str | None
    after: str | None
    prev_hash: str
    hash: str


def row_hash(prev_hash: str, row_id: int, at: str, user: str, entry: AuditEntry) -> str:
    """SHA-256 over the previous hash and the row's content, in a fixed JSON form."""
    content = json.dumps(
        [
            prev_hash,
            row_id,
            at,
            user,
            entry.action,
            entry.visit_id,
            entry.field,
            entry.before,
            entry.after,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    import hashlib  # on first use: it loads OpenSSL, about 3 ms of the window's start

    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def field_changes(kind: str, before: dict[str, Any], after: dict[str, Any]) -> list[AuditEntry]:
    """One ``update`` entry per field of ``after`` whose value differs from ``before``'s.

    Fields are named ``<kind>.<field>``; values are written as text (``None`` stays ``None``).
    """
    return [
        AuditEntry(
            "update",
            None,
            f"{kind}.{k}",
            None if before.get(k) is None else str(before[k]),
            None if after[k] is None else str(after[k]),
        )
        for k in after
        if before.get(k) != after[k]
    ]


def append(conn: sqlite3.Connection, at: str, user: str, entries: Iterable[AuditEntry]) -> int:
    """Append rows inside the caller's transaction and move the chain head; returns how many."""
    count, head = _head(conn)
    last_id = conn.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0]
    added = 0
    for entry in entries:
        last_id += 1
        digest = row_hash(head, last_id, at, user, entry)
        conn.execute(
            "INSERT INTO audit_log (id, at, user, action, visit_id, field, before, after,"
            " prev_hash,"
            " hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                last_id,
                at,
                user,
                entry.action,
                entry.visit_id,
                entry.field,
                entry.before,
                entry.after,
                head,
                digest,
            ),
        )
        head = digest
        added += 1
    if added:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'audit_count'", (str(count + added),))
        conn.execute("UPDATE meta SET value = ? WHERE key = 'audit_head'", (head,))
    return added


def _head(conn: sqlite3.Connection) -> tuple[int, str]:
    rows = dict(
        conn.execute("SELECT key, value FROM meta WHERE key IN ('audit_count', 'audit_head')")
    )
    return int(rows.get("audit_count", "0")), rows.get("audit_head", "")


def verify(conn: sqlite3.Connection) -> list[str]:
    """Walk the chain; one sentence per problem (empty when the log is intact)."""
    problems: list[str] = []
    prev = ""
    seen = 0
    cursor = conn.execute(
        "SELECT id, at, user, action, visit_id, field, before, after, prev_hash, hash"
        " FROM audit_log ORDER BY id"
    )
    for row in cursor:
        entry = AuditEntry(row[3], row[4], row[5], row[6], row[7])
        seen += 1
        if row[8] != prev:
            problems.append(
                f"audit log: row {row[0]} does not follow the row before it (a row was deleted or "
                "inserted before it)"
            )
        if row_hash(row[8], row[0], row[1], row[2], entry) != row[9]:
            problems.append(
                f"audit log: row {row[0]} was edited (its hash does not match its content)"
            )
        prev = row[9]
        if len(problems) >= 20:
            problems.append("audit log: more problems not listed")
            return problems
    count, head = _head(conn)
    if seen != count:
        problems.append(
            f"audit log: {seen} rows but the chain head records {count} (rows were deleted)"
        )
    elif prev != head:
        problems.append(
            "audit log: the last row does not match the chain head (the last row was changed)"
        )
    return problems


def rows_for_visit(conn: sqlite3.Connection, visit_id: int) -> tuple[AuditRow, ...]:
    """The audit rows about one visit, oldest first."""
    cursor = conn.execute(
        "SELECT id, at, user, action, visit_id, field, before, after, prev_hash, hash"
        " FROM audit_log WHERE visit_id = ? ORDER BY id",
        (visit_id,),
    )
    return tuple(AuditRow(*row) for row in cursor)
