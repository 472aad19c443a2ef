"""Backup, prune and restore: a backup restores, a bad file never replaces the database."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from tests.helpers.store_worker import fake_coding, new_store, patient, provider, simple_encounter
from tpi_desktop.domain import Visit
from tpi_desktop.store import (
    SCHEMA_VERSION,
    Damaged,
    NotOurFile,
    StoreError,
    TooNew,
    open_store,
    prune_backups,
    restore,
    verify_file,
)
from tpi_desktop.store.backup import BACKUP_PREFIX, PRE_RESTORE_PREFIX


def _add(path: Path, n: int, last: str = "Rivera") -> list[int]:
    store = new_store(path)
    try:
        return [
            store.save_visit(
                Visit(
                    patient(last),
                    provider(),
                    simple_encounter(dt.date(2026, 1, 1 + i)),
                    coding=fake_coding(),
                )
            ).id
            or 0
            for i in range(n)
        ]
    finally:
        store.close()


def _ids(path: Path) -> list[int]:
    store = open_store(path, user="r")
    try:
        return [r[0] for r in store.conn.execute("SELECT id FROM visits ORDER BY id")]
    finally:
        store.close()


def test_backup_then_restore_round_trip(tmp_path: Path) -> None:
    db, backups = tmp_path / "live.sqlite3", tmp_path / "backups"
    backups.mkdir()
    first = _add(db, 3)
    store = open_store(db, user="b")
    taken = store.backup(backups)
    store.close()
    assert taken.name.startswith(BACKUP_PREFIX) and taken.parent == backups
    verify_file(taken)
    _add(db, 2, "Okafor")  # changes after the backup
    assert len(_ids(db)) == 5
    kept = restore(db, taken, backups)
    assert _ids(db) == first
    assert kept is not None and kept.name.startswith(PRE_RESTORE_PREFIX) and len(_ids(kept)) == 5
    store = open_store(db, user="after")
    try:
        assert store.check() == []
        assert store.get_visit(first[0]).patient.last_name == "Rivera"
    finally:
        store.close()


def test_backup_is_consistent_while_another_connection_holds_uncommitted_work(
    tmp_path: Path,
) -> None:
    db = tmp_path / "live.sqlite3"
    _add(db, 2)
    writer = open_store(db, user="w")
    writer.conn.execute("BEGIN IMMEDIATE")
    writer.conn.execute("DELETE FROM autosave")
    reader = open_store(db, user="r")
    out = reader.backup(tmp_path / "copy.sqlite3")
    reader.close()
    writer.conn.execute("ROLLBACK")
    writer.close()
    assert _ids(out) == _ids(db)


def _corrupt(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for i in range(4096 * 2, len(data), 7):  # scribble over every page but the first
        data[i] = 0xA5
    path.write_bytes(bytes(data))


def _foreign(path: Path) -> None:
    path.unlink()
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE visits (id)")
    conn.close()


def _too_new(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()


def _empty(path: Path) -> None:
    path.write_bytes(b"")


@pytest.mark.parametrize(
    ("spoil", "error"),
    [(_corrupt, Damaged), (_foreign, NotOurFile), (_too_new, TooNew), (_empty, Damaged)],
)
def test_restore_refuses_a_bad_file_and_leaves_the_database_untouched(
    tmp_path: Path, spoil, error
) -> None:
    db, backups = tmp_path / "live.sqlite3", tmp_path / "backups"
    _add(db, 3)
    bad = tmp_path / "bad.sqlite3"
    _add(bad, 8, "Okafor")
    spoil(bad)
    before = db.read_bytes()
    with pytest.raises(error):
        restore(db, bad, backups)
    assert db.read_bytes() == before
    assert not backups.exists() or list(backups.iterdir()) == []
    assert [p.name for p in tmp_path.iterdir() if "restore" in p.name] == []
    assert len(_ids(db)) == 3


def test_restore_refuses_a_missing_file_and_the_database_itself(tmp_path: Path) -> None:
    db = tmp_path / "live.sqlite3"
    _add(db, 1)
    with pytest.raises(StoreError, match="does not exist"):
        restore(db, tmp_path / "nope.sqlite3", tmp_path / "b")
    with pytest.raises(StoreError, match="current database"):
        restore(db, db, tmp_path / "b")


def test_restore_into_a_fresh_location(tmp_path: Path) -> None:
    src = tmp_path / "src.sqlite3"
    ids = _add(src, 2)
    target = tmp_path / "new" / "db.sqlite3"
    assert restore(target, src, tmp_path / "b") is None
    assert _ids(target) == ids


def test_prune_keeps_the_newest(tmp_path: Path) -> None:
    names = [f"{BACKUP_PREFIX}2026010{i}T000000000000Z.sqlite3" for i in range(1, 8)]
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "tpi-before-restore-x.sqlite3").write_bytes(b"x")
    (tmp_path / "notes.txt").write_text("keep")
    deleted = prune_backups(tmp_path, keep=3)
    assert sorted(p.name for p in deleted) == names[:4]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [*names[4:], "notes.txt", "tpi-before-restore-x.sqlite3"]
    )
