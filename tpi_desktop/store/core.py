"""Opening a database file safely, and the one way the store writes: a retried transaction.

``open_store`` reads the file's header first (``fileguard``) and refuses a foreign, truncated or
newer file before SQLite may write a byte. A new file is created in rollback-journal mode, so the
application id lands in the main file, and only then switched to WAL. Every connection runs with
``synchronous=FULL`` (a committed save survives a power cut), foreign keys on, and a busy
timeout; a write that still finds the database locked is retried as a whole, then refused with
``Locked``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import random
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from tpi_desktop.store import audit
from tpi_desktop.store.errors import Damaged, Locked, NotOurFile, ReadOnlyVisit, StoreError
from tpi_desktop.store.fileguard import APPLICATION_ID, read_header, refuse_newer
from tpi_desktop.store.schema import SCHEMA_VERSION, migrations

log = logging.getLogger(__name__)
T = TypeVar("T")

BUSY_TIMEOUT_MS = 2000
LOCK_WAIT_S = 30.0


def utc_now() -> str:
    """Now, as ISO UTC text with microseconds (sorts as text; also a visit's version token)."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def _is_busy(error: sqlite3.OperationalError) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


def connect(path: Path) -> sqlite3.Connection:
    """A connection with our pragmas, in autocommit mode (transactions are explicit)."""
    conn = sqlite3.connect(
        str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
    )
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")
    return conn


class StoreBase:
    """The open database: the connection, the user who writes, and the retried write transaction."""

    def __init__(self, path: Path, conn: sqlite3.Connection, user: str) -> None:
        self.path = path
        self.conn = conn
        self.user = user
        self.lock_wait = LOCK_WAIT_S
        # One connection may serve the window's thread and an export worker: one writer at a time.
        self._lock = threading.RLock()

    def close(self) -> None:
        """Close the connection (the last one out checkpoints the write-ahead log)."""
        with self._lock:
            # Refresh planner statistics cheaply (bounded by analysis_limit); only a nicety, so a
            # busy or already-closed connection is no reason to fail.
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("PRAGMA analysis_limit = 400")
                self.conn.execute("PRAGMA optimize")
            self.conn.close()

    def __enter__(self) -> StoreBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def write(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``fn`` inside one ``BEGIN IMMEDIATE`` transaction and commit; all or nothing.

        When another process holds the write lock past the busy timeout the whole transaction is
        retried (``fn`` must only touch the database) until ``lock_wait`` seconds have passed,
        then ``Locked`` is raised. A trigger refusing a change becomes ``ReadOnlyVisit``.
        """
        with self._lock:
            return self._write(fn)

    def _write(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        deadline = time.monotonic() + self.lock_wait
        while True:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                try:
                    result = fn(self.conn)
                    self.conn.execute("COMMIT")
                    return result
                except BaseException:
                    if self.conn.in_transaction:
                        self.conn.execute("ROLLBACK")
                    raise
            except sqlite3.OperationalError as error:
                if not _is_busy(error):
                    raise
                if time.monotonic() >= deadline:
                    raise Locked(
                        f"{self.path} is busy: another TPI Desktop window or command kept it"
                        f" locked "
                        f"for {self.lock_wait:.0f} s; try again"
                    ) from None
                time.sleep(random.uniform(0.01, 0.05))
            except sqlite3.IntegrityError as error:
                if "read-only" in str(error):
                    raise ReadOnlyVisit(str(error)) from None
                raise

    def append_audit(
        self, conn: sqlite3.Connection, at: str, entries: list[audit.AuditEntry]
    ) -> None:
        """Audit rows by the store's user, inside the caller's transaction."""
        audit.append(conn, at, self.user, entries)

    def meta(self, key: str) -> str | None:
        """A value from the ``meta`` table."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def schema_version(self) -> int:
        """``PRAGMA user_version``: the number of migrations applied."""
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def check(self) -> list[str]:
        """Integrity check, foreign key check and the audit chain: one sentence per problem."""
        problems: list[str] = []
        rows = [r[0] for r in self.conn.execute("PRAGMA integrity_check")]
        if rows != ["ok"]:
            problems += [f"integrity: {r}" for r in rows[:20]]
        for table, rowid, parent, _ in self.conn.execute("PRAGMA foreign_key_check"):
            problems.append(f"foreign key: {table} row {rowid} points to a missing {parent} row")
            if len(problems) > 40:
                break
        problems += audit.verify(self.conn)
        return problems


def open_connection(path: Path) -> sqlite3.Connection:
    """Check the file, open it, apply pending migrations, switch to WAL; raise ``StoreError``."""
    state = read_header(path)
    refuse_newer(path, state.schema_version, SCHEMA_VERSION)
    if state.new:
        path.parent.mkdir(parents=True, exist_ok=True)
    else:
        _peek_read_only(path)
    try:
        conn = connect(path)
    except sqlite3.Error as error:
        raise StoreError(f"{path} cannot be opened: {error}") from None
    try:
        _verify_and_migrate(conn, path, new=state.new)
    except BaseException:
        conn.close()
        raise
    return conn


def _peek_read_only(path: Path) -> None:
    """The authoritative id and schema version, read through a read-only connection.

    The header may be stale while the write-ahead log holds newer pages; a read-only connection
    sees them but can never write (nor checkpoint on close), so a refused file stays untouched.
    """
    try:
        ro = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return  # e.g. no -shm can be made beside it: the read-write checks below still apply
    try:
        app_id = ro.execute("PRAGMA application_id").fetchone()[0]
        version = ro.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise Damaged(f"{path} cannot be read as a database ({error}); restore a backup") from None
    finally:
        ro.close()
    if app_id != APPLICATION_ID:
        raise NotOurFile(f"{path} is not a TPI Desktop database; it was left untouched")
    refuse_newer(path, version, SCHEMA_VERSION)


def _verify_and_migrate(conn: sqlite3.Connection, path: Path, *, new: bool) -> None:
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise Damaged(f"{path} cannot be read as a database ({error}); restore a backup") from None
    if not new and app_id != APPLICATION_ID:
        raise NotOurFile(f"{path} is not a TPI Desktop database; it was left untouched")
    # The write-ahead log may hold a newer header than the main file showed.
    refuse_newer(path, version, SCHEMA_VERSION)
    if version < SCHEMA_VERSION:
        from sqlite_utils import Database

        db = Database(conn)
        deadline = time.monotonic() + LOCK_WAIT_S
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as error:
                if not _is_busy(error) or time.monotonic() > deadline:
                    raise Locked(f"{path} is busy; try again") from None
        try:
            # Inside our transaction each migration becomes a savepoint: all or nothing, and a
            # second process opening the same new file waits, then finds nothing pending.
            migrations().apply(db)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        log.info("database schema now at version %d", SCHEMA_VERSION)
    if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
