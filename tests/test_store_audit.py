"""The hash-chained audit log: ``check`` finds an edited row, a deleted row, a deleted last row."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.helpers.store_worker import fake_coding, new_store, patient, provider, simple_encounter
from tpi_desktop.domain import Visit
from tpi_desktop.store import Store, open_store


def _filled(path: Path) -> int:
    store = new_store(path)
    for i in range(5):
        v = store.save_visit(
            Visit(
                patient(),
                provider(),
                simple_encounter(dt.date(2026, 1, 1 + i)),
                coding=fake_coding(),
            )
        )
        store.finalize(v.id or 0)
    n = store.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    assert store.check() == []
    store.close()
    return int(n)


def _tamper(path: Path, *sql: str) -> Store:
    store = open_store(path, user="mallory")
    # A tamperer with a SQLite shell drops the append-only triggers first.
    store.conn.execute("DROP TRIGGER audit_no_update")
    store.conn.execute("DROP TRIGGER audit_no_delete")
    for statement in sql:
        store.conn.execute(statement)
    return store


def test_audit_rows_cannot_be_changed_through_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    _filled(path)
    store = open_store(path, user="x")
    try:
        for sql in (
            "UPDATE audit_log SET user = 'x' WHERE id = 1",
            "DELETE FROM audit_log WHERE id = 1",
        ):
            with pytest.raises(Exception, match="append-only"):
                store.conn.execute(sql)
    finally:
        store.close()


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        (("UPDATE audit_log SET after = 'changed' WHERE id = 3",), "row 3 was edited"),
        (("UPDATE audit_log SET user = 'someone' WHERE id = 1",), "row 1 was edited"),
        (("DELETE FROM audit_log WHERE id = 4",), "row 5 does not follow"),
        (
            ("DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)",),
            "rows were deleted",
        ),
        (
            (
                "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)",
                "UPDATE meta SET value = CAST(value AS INTEGER) - 1 WHERE key = 'audit_count'",
            ),
            "does not match the chain head",
        ),
    ],
)
def test_check_detects_tampering(tmp_path: Path, sql: tuple[str, ...], expected: str) -> None:
    path = tmp_path / "a.sqlite3"
    _filled(path)
    store = _tamper(path, *sql)
    try:
        problems = store.check()
    finally:
        store.close()
    assert any(expected in p for p in problems), problems


def test_chain_survives_reopen_and_many_writers(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    n = _filled(path)
    other = open_store(path, user="second")
    other.save_visit(
        Visit(patient("Okafor", "Sam"), provider(), simple_encounter(dt.date(2026, 3, 1)))
    )
    other.close()
    store = open_store(path, user="third")
    try:
        assert store.check() == []
        users = {r[0] for r in store.conn.execute("SELECT DISTINCT user FROM audit_log")}
        assert users == {"tester", "second"}
        assert store.meta("audit_count") == str(
            store.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
        )
        assert int(store.meta("audit_count") or 0) > n
    finally:
        store.close()
