"""The log file is rotated at start once it has grown past its limit; old logs are capped."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tpi_desktop import app


def test_a_small_log_is_left_alone(tmp_path: Path) -> None:
    log = tmp_path / "tpi-desktop.log"
    log.write_text("one line\n")
    app.rotate_log(log, max_bytes=100)
    assert log.read_text() == "one line\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tpi-desktop.log"]


def test_no_log_yet_is_fine(tmp_path: Path) -> None:
    app.rotate_log(tmp_path / "tpi-desktop.log", max_bytes=100)
    assert list(tmp_path.iterdir()) == []


def test_a_full_log_moves_to_dot_one_and_the_oldest_is_dropped(tmp_path: Path) -> None:
    log = tmp_path / "tpi-desktop.log"
    for start in range(5):  # five starts, each finding a full log
        log.write_text(f"session {start}\n" + "x" * 200)
        app.rotate_log(log, max_bytes=100, keep=3)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["tpi-desktop.log.1", "tpi-desktop.log.2", "tpi-desktop.log.3"]
    assert (tmp_path / "tpi-desktop.log.1").read_text().startswith("session 4")
    assert (tmp_path / "tpi-desktop.log.3").read_text().startswith("session 2")


def test_configure_logging_writes_to_the_log_folder_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TPI_DESKTOP_DATA_DIR", str(tmp_path))
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        app.configure_logging()
        app.configure_logging()  # a second call adds nothing
        added = [h for h in root.handlers if h not in before]
        assert len(added) == 1
        logging.getLogger("tpi_desktop.test").warning("visit %s saved", 7)
        added[0].flush()
        assert "visit 7 saved" in (tmp_path / "logs" / "tpi-desktop.log").read_text()
    finally:
        for handler in root.handlers[:]:
            if handler not in before:
                root.removeHandler(handler)
                handler.close()


def test_a_log_that_cannot_be_rotated_is_still_appended_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another instance may hold the full log open (Windows): the new one keeps appending."""
    monkeypatch.setenv("TPI_DESKTOP_DATA_DIR", str(tmp_path))
    log = tmp_path / "logs" / "tpi-desktop.log"
    log.parent.mkdir()
    log.write_text("x" * (app.LOG_MAX_BYTES + 1))

    def refuse(*_: object) -> None:
        raise PermissionError("in use")

    monkeypatch.setattr(app.os, "replace", refuse)
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        app.configure_logging()
        added = [h for h in root.handlers if h not in before]
        assert len(added) == 1 and isinstance(added[0], logging.FileHandler)
        logging.getLogger("tpi_desktop.test").warning("still logged")
        added[0].flush()
        assert log.read_text().endswith("still logged\n")
    finally:
        for handler in root.handlers[:]:
            if handler not in before:
                root.removeHandler(handler)
                handler.close()


def test_keeping_no_old_logs_starts_a_fresh_one(tmp_path: Path) -> None:
    log = tmp_path / "tpi-desktop.log"
    log.write_text("x" * 200)
    app.rotate_log(log, max_bytes=100, keep=0)
    assert list(tmp_path.iterdir()) == []
