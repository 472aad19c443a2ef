"""Payer settings in the store: window and repeat interval (m004), validation, audit, upgrade."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from tests.helpers.store_worker import new_store
from tpi_desktop.store import (
    MIGRATION_NAMES,
    SCHEMA_VERSION,
    InvalidValue,
    PayerSettings,
    open_store,
)
from tpi_desktop.store.schema import migrations


def _fields(path: Path, payer: str) -> dict[str, tuple[str | None, str | None]]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT field, before, after FROM audit_log WHERE field LIKE ?", (f"payer.{payer}.%",)
        ).fetchall()
    conn.close()
    return {f: (b, a) for f, b, a in rows}


def test_window_and_interval_round_trip_and_are_audited(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    store = new_store(path)
    try:
        store.save_payer_settings(
            PayerSettings(
                "commercial",
                "Acme Health",
                frequency_limit=4,
                window_days=180,
                repeat_interval_days=30,
            )
        )
        got = {s.payer_id: s for s in store.payer_settings()}["commercial"]
        assert (got.frequency_limit, got.window_days, got.repeat_interval_days) == (4, 180, 30)
        assert got.name == "Acme Health" and got.fees is None and got.updated_at
        # back to "as in the code tables"
        store.save_payer_settings(PayerSettings("commercial", "Acme Health", frequency_limit=4))
        got = {s.payer_id: s for s in store.payer_settings()}["commercial"]
        assert got.window_days is None and got.repeat_interval_days is None
        assert store.check() == []
    finally:
        store.close()
    audit = _fields(path, "commercial")
    assert audit["payer.commercial.window_days"] == ("180", None)
    assert audit["payer.commercial.repeat_interval_days"] == ("30", None)


def test_a_payer_not_yet_stored_is_created_with_its_settings(tmp_path: Path) -> None:
    store = new_store(tmp_path / "n.sqlite3")
    try:
        store.save_payer_settings(
            PayerSettings("bluecross", "Blue Cross", {"20552": 7000}, window_days=90)
        )
        got = {s.payer_id: s for s in store.payer_settings()}["bluecross"]
        assert got.fees == {"20552": 7000} and got.window_days == 90
    finally:
        store.close()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("window_days", 0),
        ("window_days", -5),
        ("window_days", 4000),
        ("window_days", True),
        ("window_days", 30.5),
        ("repeat_interval_days", 0),
        ("repeat_interval_days", "42"),
        ("frequency_limit", 0),
        ("frequency_limit", True),
    ],
)
def test_bad_numbers_are_refused_naming_the_field(
    tmp_path: Path, field: str, value: object
) -> None:
    store = new_store(tmp_path / "bad.sqlite3")
    try:
        settings = PayerSettings("medicare", "Medicare", **{field: value})  # type: ignore[arg-type]
        with pytest.raises(InvalidValue, match=field):
            store.save_payer_settings(settings)
        stored = {s.payer_id: s for s in store.payer_settings()}.get("medicare")
        assert stored is None or getattr(stored, field) is None
    finally:
        store.close()


def test_upgrade_from_m003_keeps_payer_settings_and_adds_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "m003.sqlite3"
    db = Database(path)
    migrations().apply(db, stop_before="m004_payer_window_and_interval")
    assert db.execute("PRAGMA user_version").fetchone()[0] == 3
    assert "window_days" not in {c.name for c in db["payers"].columns}
    db.execute(
        "INSERT INTO payers (id, name, fees, frequency_limit, covered_diagnoses, updated_at)"
        " VALUES ('medicare', 'Medicare Part B', ?, 2, ?, '2026-01-01T00:00:00+00:00')",
        [json.dumps({"20552": 5100}), json.dumps(["M79.12"])],
    )
    db.execute("INSERT INTO autosave VALUES ('form', '{\"x\": 1}', '2026-01-01T00:00:00+00:00')")
    db.conn.commit()
    db.close()

    store = open_store(path, user="upgrader")
    try:
        assert store.schema_version() == SCHEMA_VERSION == len(MIGRATION_NAMES) >= 4
        assert MIGRATION_NAMES[3] == "m004_payer_window_and_interval"
        got = {s.payer_id: s for s in store.payer_settings()}["medicare"]
        assert got.fees == {"20552": 5100} and got.frequency_limit == 2
        assert got.covered_diagnoses == ("M79.12",)
        assert got.window_days is None and got.repeat_interval_days is None
        assert store.autosave_get("form") == '{"x": 1}'
        store.save_payer_settings(
            PayerSettings("medicare", got.name, got.fees, 2, got.covered_diagnoses, window_days=200)
        )
        again = {s.payer_id: s for s in store.payer_settings()}["medicare"]
        assert again.window_days == 200 and again.fees == {"20552": 5100}
        assert store.check() == []
    finally:
        store.close()
