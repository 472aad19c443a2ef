"""Backups with SQLite's online backup API, pruning, and a verified, atomic restore.

A backup is a consistent copy even while another process writes. ``restore`` never trusts the
file it is given: it copies it beside the database, checks the copy (ours, not newer, integrity),
keeps a copy of the current database in the backups folder, and only then swaps the verified copy
in with ``os.replace``; a failure at any step leaves the current database as it was.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from pathlib import Path

from tpi_desktop.store.errors import Damaged, NotOurFile, StoreError
from tpi_desktop.store.fileguard import APPLICATION_ID, read_header, refuse_newer
from tpi_desktop.store.schema import SCHEMA_VERSION

BACKUP_PREFIX = "tpi-backup-"
PRE_RESTORE_PREFIX = "tpi-before-restore-"


def _stamp() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")


def backup_connection(conn: sqlite3.Connection, out: Path) -> Path:
    """Copy the open database to ``out`` (a file, or a folder for a timestamped name)."""
    if out.is_dir():
        out = out / f"{BACKUP_PREFIX}{_stamp()}.sqlite3"
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists():
        raise StoreError(f"{out} already exists; choose another name")
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        dest = sqlite3.connect(str(partial))
        try:
            conn.backup(dest)
            # A single self-contained file: no -wal needed beside the backup.
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
        _fsync(partial)
        os.replace(partial, out)
    except BaseException:
        # A full disk or a failed copy leaves no half-written file behind to be mistaken for one.
        partial.unlink(missing_ok=True)
        Path(f"{partial}-journal").unlink(missing_ok=True)
        raise
    return out


def prune_backups(folder: Path, keep: int = 20) -> list[Path]:
    """Delete all but the newest ``keep`` backups (``tpi-backup-*.sqlite3``); returns those."""
    backups = sorted(folder.glob(f"{BACKUP_PREFIX}*.sqlite3"), key=lambda p: p.name)
    doomed = backups[: max(0, len(backups) - max(keep, 0))]
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed


def verify_file(path: Path) -> None:
    """Raise ``NotOurFile``/``Damaged``/``TooNew`` unless ``path`` is a sound TPI Desktop database.

    Opens the file read-only and immutable, so checking it writes nothing.
    """
    if not path.is_file():
        raise StoreError(f"{path} does not exist")
    state = read_header(path)
    if state.new:
        raise Damaged(f"{path} is empty; it is not a backup")
    refuse_newer(path, state.schema_version, SCHEMA_VERSION)
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as error:
        raise Damaged(f"{path} cannot be opened ({error})") from None
    try:
        if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            raise NotOurFile(f"{path} is not a TPI Desktop database")
        refuse_newer(path, conn.execute("PRAGMA user_version").fetchone()[0], SCHEMA_VERSION)
        result = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if result != ["ok"]:
            raise Damaged(f"{path} fails the integrity check: {'; '.join(result[:3])}")
        if (
            conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'visits'").fetchone()[0]
            != 1
        ):
            raise NotOurFile(f"{path} has no visits table; it is not a TPI Desktop database")
    except sqlite3.DatabaseError as error:
        raise Damaged(f"{path} is damaged ({error})") from None
    finally:
        conn.close()


def restore(db_path: Path, source: Path, backups: Path) -> Path | None:
    """Replace the database at ``db_path`` by the verified ``source``; returns where the previous
    database was kept (``None`` when there was none). Close every store on ``db_path`` first."""
    verify_file(source)
    if source.resolve() == db_path.resolve():
        raise StoreError(f"{source} is the current database itself")
    db_path.parent.mkdir(parents=True, exist_ok=True)
    staged = db_path.with_name(f".{db_path.name}.restore-{_stamp()}")
    try:
        shutil.copyfile(source, staged)
        verify_file(staged)  # the copy, not just the source, is what goes live
        _fsync(staged)
        kept = _keep_current(db_path, backups)
        for suffix in ("-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        os.replace(staged, db_path)
        _fsync_dir(db_path.parent)
        return kept
    finally:
        staged.unlink(missing_ok=True)


def _keep_current(db_path: Path, backups: Path) -> Path | None:
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    backups.mkdir(parents=True, exist_ok=True)
    kept = backups / f"{PRE_RESTORE_PREFIX}{_stamp()}.sqlite3"
    try:
        read_header(db_path)
        conn = sqlite3.connect(str(db_path))
        try:
            # Fold the write-ahead log in, so the main file alone is the whole database.
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            backup_connection(conn, kept)
        finally:
            conn.close()
    except (StoreError, sqlite3.Error):
        # The current file is not sound: keep its bytes as they are, log included.
        shutil.copyfile(db_path, kept)
        wal = Path(f"{db_path}-wal")
        if wal.exists():
            shutil.copyfile(wal, Path(f"{kept}-wal"))
    return kept


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    if os.name == "posix":
        _fsync(folder)
