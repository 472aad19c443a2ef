"""Schema, migrations and the file guard: what the store does to a file before it trusts it."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from tests.helpers.store_worker import fake_coding, new_store, patient, provider, simple_encounter
from tpi_desktop.domain import Visit
from tpi_desktop.store import (
    APPLICATION_ID,
    MIGRATION_NAMES,
    SCHEMA_VERSION,
    Damaged,
    NotOurFile,
    StoreError,
    TooNew,
    open_store,
)
from tpi_desktop.store.schema import migrations

TABLES = {
    "meta",
    "practice",
    "providers",
    "payers",
    "patients",
    "visits",
    "injections",
    "drugs",
    "diagnoses",
    "other_procedures",
    "documentation",
    "claim_lines",
    "audit_log",
    "autosave",
}


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_new_database_has_our_id_version_and_pragmas(tmp_path: Path) -> None:
    db = tmp_path / "sub" / "new.sqlite3"
    store = open_store(db, user="a")
    try:
        conn = store.conn
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert (
            conn.execute("PRAGMA user_version").fetchone()[0]
            == SCHEMA_VERSION
            == len(MIGRATION_NAMES)
        )
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
        applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
        assert applied == list(MIGRATION_NAMES)
        assert all(name.startswith(f"m{i + 1:03d}_") for i, name in enumerate(applied))
    finally:
        store.close()
    assert _tables(db) >= TABLES


@pytest.mark.parametrize("applied", range(SCHEMA_VERSION))
def test_upgrade_from_every_earlier_version(tmp_path: Path, applied: int) -> None:
    db_path = tmp_path / "old.sqlite3"
    db = Database(db_path)
    if applied:
        stop = MIGRATION_NAMES[applied] if applied < SCHEMA_VERSION else None
        migrations().apply(db, stop_before=stop)
        db.execute("INSERT INTO payers (id, name) VALUES ('medicare', 'Medicare')")
        db.execute(
            "INSERT INTO patients (last_name, first_name, date_of_birth, name_key) VALUES"
            " ('Old', 'Row', '1950-01-01', 'old, row')"
        )
        db.execute("INSERT INTO providers (name, npi) VALUES ('Dr', '1234567893')")
        db.execute(
            "INSERT INTO visits (patient_id, provider_id, payer, date_of_service, created_by,"
            " created_at, updated_by, updated_at) VALUES (1, 1, 'medicare', '2025-01-02', 'x',"
            " '2025-01-02T10:00:00+00:00', 'x', '2025-01-02T10:00:00+00:00')"
        )
        db.conn.commit()
    assert db.execute("PRAGMA user_version").fetchone()[0] == applied
    db.close()

    store = open_store(db_path, user="upgrader")
    try:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.check() == []
        if applied:
            assert store.get_visit(1).encounter.date_of_service.isoformat() == "2025-01-02"
            assert store.patient(1).last_name == "Old"
        # and the upgraded file takes a new visit
        store.ensure_payers([("medicare", "Medicare")])
        visit = Visit(
            patient(), provider(), simple_encounter(dt.date(2026, 1, 5)), coding=fake_coding()
        )
        v = store.save_visit(visit)
        assert v.id is not None
    finally:
        store.close()
    assert _tables(db_path) >= TABLES


def _foreign_sqlite(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (x)")
        conn.execute("INSERT INTO notes VALUES ('hello')")
    conn.close()


def _other_app(path: Path) -> None:
    _foreign_sqlite(path)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA application_id = 1234")
    conn.close()


def _ours(path: Path) -> None:
    store = new_store(path)
    store.save_visit(Visit(patient(), provider(), simple_encounter(dt.date(2026, 1, 5))))
    store.close()


def _truncated_half(path: Path) -> None:
    _ours(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _truncated_odd(path: Path) -> None:
    _ours(path)
    path.write_bytes(path.read_bytes()[:5000])


def _truncated_header(path: Path) -> None:
    _ours(path)
    path.write_bytes(path.read_bytes()[:60])


def _too_new(path: Path) -> None:
    _ours(path)
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()


def _text(path: Path) -> None:
    path.write_text("name,dob\nRivera,1961-04-09\n" * 50)


@pytest.mark.parametrize(
    ("make", "error", "words"),
    [
        (_foreign_sqlite, NotOurFile, "another program"),
        (_other_app, NotOurFile, "another program"),
        (_text, NotOurFile, "not an SQLite file"),
        (_truncated_half, Damaged, "truncated"),
        (_truncated_odd, Damaged, "truncated"),
        (_truncated_header, Damaged, "truncated"),
        (_too_new, TooNew, "newer TPI Desktop"),
    ],
)
def test_refused_files_are_left_byte_identical(tmp_path: Path, make, error, words) -> None:
    path = tmp_path / "file.sqlite3"
    make(path)
    before = path.read_bytes()
    with pytest.raises(error) as caught:
        open_store(path, user="x")
    assert isinstance(caught.value, StoreError)
    assert words in str(caught.value) and str(path) in str(caught.value)
    assert path.read_bytes() == before
    assert not Path(f"{path}-wal").exists() and not Path(f"{path}-shm").exists()


def test_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(NotOurFile, match="folder"):
        open_store(tmp_path, user="x")


def test_second_open_of_a_new_file_finds_nothing_pending(tmp_path: Path) -> None:
    path = tmp_path / "twice.sqlite3"
    a = open_store(path, user="a")
    b = open_store(path, user="b")
    try:
        assert a.schema_version() == b.schema_version() == SCHEMA_VERSION
        count = b.conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0]
        assert count == SCHEMA_VERSION
    finally:
        a.close()
        b.close()


def test_newer_schema_still_in_the_log_is_refused_untouched(tmp_path: Path) -> None:
    live = tmp_path / "live.sqlite3"
    new_store(live).close()
    writer = sqlite3.connect(live, isolation_level=None)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")  # only in the -wal so far
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for suffix in ("", "-wal"):
        shutil.copyfile(f"{live}{suffix}", crashed / f"db.sqlite3{suffix}")
    writer.close()
    db = crashed / "db.sqlite3"
    before = db.read_bytes()
    with pytest.raises(TooNew, match="newer TPI Desktop"):
        open_store(db, user="x")
    assert db.read_bytes() == before
