"""Issue 3: closing the window backs the database up and keeps only the newest N backups.

Window tests close a real ``MainWindow`` on a database in ``tmp_path``; the last test runs the
real program (offscreen), stops it with SIGTERM as a desktop session would, and looks in the
backups folder.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tpi_desktop import paths
from tpi_desktop.domain import Provider
from tpi_desktop.services import Workspace
from tpi_desktop.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


def _open(tmp_path: Path) -> Workspace:
    workspace = Workspace.open(
        tmp_path / "tpi.sqlite3",
        paths.resources_dir(),
        user="tester",
        backups_dir=tmp_path / "backups",
    )
    workspace.save_provider(Provider("Dana Whitfield, MD", "1234567893"))
    return workspace


def _close(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.discard_changes()  # nothing to ask about
    window.show()
    qtbot.waitExposed(window)
    assert window.close()


def test_closing_the_window_backs_up_and_closes_the_database(qtbot, tmp_path: Path) -> None:
    workspace = _open(tmp_path)
    window = MainWindow(workspace, keep_backups=20)
    qtbot.addWidget(window)
    window.start()
    _close(qtbot, window)
    backups = sorted((tmp_path / "backups").glob("tpi-backup-*.sqlite3"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as conn:  # a real copy, with what was saved
        names = [row[0] for row in conn.execute("SELECT name FROM providers")]
    assert names == ["Dana Whitfield, MD"]
    assert window.workspace_closed
    with pytest.raises(sqlite3.ProgrammingError):  # the window closed the database
        workspace.store.conn.execute("SELECT 1")


def test_closing_keeps_only_the_newest_backups(qtbot, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    old = [folder / f"tpi-backup-2020010{i}T000000000000Z.sqlite3" for i in range(1, 6)]
    for path in old:
        path.write_bytes(b"old")
    other = folder / "notes.txt"  # not a backup: never touched
    other.write_text("keep me")
    workspace = _open(tmp_path)
    window = MainWindow(workspace, keep_backups=3)
    qtbot.addWidget(window)
    window.start()
    _close(qtbot, window)
    left = sorted(p.name for p in folder.glob("tpi-backup-*.sqlite3"))
    assert len(left) == 3
    assert left[:2] == [old[3].name, old[4].name]  # the two newest old ones
    assert not left[2].startswith("tpi-backup-2020")  # and the one just made
    assert other.read_text() == "keep me"


def test_without_keep_backups_the_window_leaves_the_database_open(qtbot, tmp_path: Path) -> None:
    workspace = _open(tmp_path)
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.start()
    _close(qtbot, window)
    assert not (tmp_path / "backups").exists()
    assert workspace.count_visits() == 0  # still open for the caller
    workspace.close()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM")
def test_the_program_backs_up_when_it_is_closed(tmp_path: Path) -> None:
    db = tmp_path / "clinic.sqlite3"
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY"}}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        TPI_DESKTOP_DATA_DIR=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
    )
    code = f"import sys; from tpi_desktop.cli import main; sys.exit(main(['--db', {str(db)!r}]))"
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env)
    log_file = tmp_path / "data" / "logs" / "tpi-desktop.log"
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            if log_file.exists() and "window open" in log_file.read_text():
                break
            assert proc.poll() is None, "the program exited before its window opened"
            time.sleep(0.1)
        else:
            pytest.fail("the window did not open within 60 s")
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    backups = list((tmp_path / "backups").glob("tpi-backup-*.sqlite3"))
    assert len(backups) == 1 and backups[0].stat().st_size > 0
