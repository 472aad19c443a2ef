"""``Workspace.close_with_backup``: a backup on close, pruned, and never an exception on close."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from tests.helpers.store_worker import patient, provider, simple_encounter
from tpi_desktop import paths
from tpi_desktop.domain import Visit
from tpi_desktop.services import Workspace, verify_file
from tpi_desktop.store import backup as backup_module
from tpi_desktop.store.backup import BACKUP_PREFIX


def _open(tmp_path: Path, backups: Path | None = None) -> Workspace:
    ws = Workspace.open(
        tmp_path / "db.sqlite3",
        paths.resources_dir(),
        user="biller",
        backups_dir=backups or tmp_path / "backups",
    )
    ws.save_visit(Visit(patient(), provider(), simple_encounter(dt.date(2026, 1, 5))))
    return ws


def _closed(ws: Workspace) -> bool:
    try:
        ws.store.conn.execute("SELECT 1")
    except sqlite3.ProgrammingError:
        return True
    return False


def test_close_with_backup_backs_up_prunes_and_closes(tmp_path: Path) -> None:
    made = []
    for _ in range(4):
        ws = _open(tmp_path)
        made.append(ws.close_with_backup(keep=2))
        assert _closed(ws)
    assert all(p is not None and p.parent == tmp_path / "backups" for p in made)
    left = sorted((tmp_path / "backups").glob(f"{BACKUP_PREFIX}*.sqlite3"))
    assert left == sorted(p for p in made if p is not None)[-2:]
    newest = left[-1]
    verify_file(newest)
    with sqlite3.connect(newest) as conn:
        assert conn.execute("SELECT count(*) FROM visits").fetchone()[0] == 4
    conn.close()


def test_a_backups_folder_that_cannot_be_made_gives_none(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the backups folder should be")
    ws = _open(tmp_path, backups=blocker)
    caplog.set_level("WARNING")
    assert ws.close_with_backup() is None
    assert _closed(ws)
    assert "backup on close failed" in caplog.text
    assert blocker.read_text().startswith("a file")


def test_a_full_disk_gives_none_and_leaves_no_partial_file(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = _open(tmp_path)
    real_connect = sqlite3.connect

    def tiny_disk(target: str, *args: object, **kwargs: object) -> sqlite3.Connection:
        conn = real_connect(target, *args, **kwargs)  # type: ignore[arg-type]
        if str(target).endswith(".partial"):
            conn.execute("PRAGMA max_page_count = 2")  # SQLite's own "database or disk is full"
        return conn

    monkeypatch.setattr(backup_module.sqlite3, "connect", tiny_disk)
    caplog.set_level("WARNING")
    assert ws.close_with_backup() is None
    assert _closed(ws)
    assert "database or disk is full" in caplog.text
    # no patient data in the log, and nothing half-written left to be mistaken for a backup
    assert "Rivera" not in caplog.text and "1961-04-09" not in caplog.text
    assert list((tmp_path / "backups").iterdir()) == []
    monkeypatch.undo()
    # the database itself is untouched and opens again
    again = Workspace.open(tmp_path / "db.sqlite3", paths.resources_dir(), user="x")
    try:
        assert again.count_visits() == 1 and again.check() == []
    finally:
        again.close()


def test_a_failed_prune_still_returns_the_backup(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = _open(tmp_path)

    def refuse(self: Workspace, keep: int = 20) -> list[Path]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Workspace, "prune_backups", refuse)
    caplog.set_level("WARNING")
    made = ws.close_with_backup(keep=0)
    assert made is not None and made.is_file()
    assert _closed(ws) and "pruning old backups failed: Permission denied" in caplog.text
