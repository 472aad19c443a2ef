"""Durability with real processes: concurrent writers lose nothing; SIGKILL loses no printed id.

The worker (tests/helpers/store_worker.py) prints a visit's id only after its transaction has
committed, so every printed id must be in the database afterwards.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import signal
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers.store_worker import fake_coding, new_store, patient, provider, simple_encounter
from tpi_desktop.domain import Visit
from tpi_desktop.store import Locked, open_store

WORKER = Path(__file__).parent / "helpers" / "store_worker.py"
KILLS = 20


def _worker(db: Path, count: int, tag: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), str(db), str(count), tag],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _stored_ids(db: Path) -> set[int]:
    store = open_store(db, user="checker")
    try:
        return {r[0] for r in store.conn.execute("SELECT id FROM visits")}
    finally:
        store.close()


@pytest.mark.slow
def test_two_processes_saving_200_each_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "shared.sqlite3"
    new_store(db).close()
    procs = [_worker(db, 200, tag) for tag in ("A", "B")]
    outputs = [p.communicate(timeout=120) for p in procs]
    for proc, (_, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert "locked" not in err.lower()
    printed = [[int(x) for x in out.split()] for out, _ in outputs]
    assert [len(ids) for ids in printed] == [200, 200]
    all_ids = set(printed[0]) | set(printed[1])
    assert len(all_ids) == 400
    assert _stored_ids(db) == all_ids
    store = open_store(db, user="checker")
    try:
        assert store.check() == []
        # each worker's patients were matched, never duplicated, although both ran at once
        assert store.conn.execute("SELECT count(*) FROM patients").fetchone()[0] == 14
        assert store.conn.execute("SELECT count(*) FROM providers").fetchone()[0] == 1
        assert (
            int(store.meta("audit_count") or 0)
            == store.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
        )
    finally:
        store.close()


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_sigkill_while_saving_loses_no_printed_visit(tmp_path: Path) -> None:
    db = tmp_path / "killed.sqlite3"
    new_store(db).close()
    rng = random.Random(20)
    printed: set[int] = set()
    for _ in range(KILLS):
        proc = _worker(db, 0, "K")
        assert proc.stdout is not None
        for _ in range(rng.randint(1, 6)):
            line = proc.stdout.readline()
            assert line.endswith("\n"), proc.stderr.read() if proc.stderr else ""
            printed.add(int(line))
        time.sleep(rng.uniform(0, 0.03))  # land the kill at a random point of a save
        proc.send_signal(signal.SIGKILL)
        rest, _ = proc.communicate(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        printed |= {int(x) for x in rest.splitlines() if x.strip()}
        assert printed <= _stored_ids(db)
    store = open_store(db, user="checker")
    try:
        assert store.check() == []
    finally:
        store.close()


def test_a_held_lock_ends_in_a_clear_message(tmp_path: Path) -> None:
    db = tmp_path / "held.sqlite3"
    holder = new_store(db)
    waiter = open_store(db, user="waiter")
    waiter.lock_wait = 0.3
    holder.conn.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        with pytest.raises(Locked, match="busy: another TPI Desktop"):
            waiter.autosave_put("k", "v")
        assert time.monotonic() - started < 10
    finally:
        holder.conn.execute("ROLLBACK")
    waiter.autosave_put("k", "v")  # and works once the lock is gone
    assert holder.autosave_get("k") == "v"
    holder.close()
    waiter.close()


def test_a_crash_in_the_middle_of_a_checkpoint_is_recovered_not_refused(tmp_path: Path) -> None:
    """Found by the 1,000-kill benchmark: page 1 already says N pages, the file is shorter, and
    the write-ahead log holds the rest. SQLite recovers this; the file guard must not refuse it."""
    live = tmp_path / "live.sqlite3"
    store = new_store(live)
    store.conn.execute("PRAGMA wal_autocheckpoint = 0")  # everything stays in the log
    ids = [
        store.save_visit(
            Visit(
                patient(f"P{i}"),
                provider(),
                simple_encounter(dt.date(2026, 1, 1)),
                coding=fake_coding(),
            )
        ).id
        for i in range(150)
    ]
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for suffix in ("", "-wal"):
        shutil.copyfile(f"{live}{suffix}", crashed / f"db.sqlite3{suffix}")
    store.close()
    db = crashed / "db.sqlite3"
    data = bytearray(db.read_bytes())
    assert len(data) < pages * 4096  # the log holds pages beyond the end of the main file
    data[28:32] = struct.pack(">I", pages)  # page 1 checkpointed first, the rest not yet
    db.write_bytes(bytes(data))
    recovered = open_store(db, user="after-crash")
    try:
        assert {r[0] for r in recovered.conn.execute("SELECT id FROM visits")} == set(ids)
        assert recovered.check() == []
    finally:
        recovered.close()
