"""The application entry point: --screenshot, --selftest and a database that cannot be opened.

Each runs the real command line (``tpi_desktop.cli.main``) in a subprocess, as a user would.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]


def _run(
    args: list[str], tmp_path: Path, *, offscreen: bool = True, timeout: int = 180
) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}
    }
    env["TPI_DESKTOP_DATA_DIR"] = str(tmp_path / "data")
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")  # QSettings of the child stay in the test
    if offscreen:
        env["QT_QPA_PLATFORM"] = "offscreen"
    code = f"import sys; from tpi_desktop.cli import main; sys.exit(main({args!r}))"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_screenshot_writes_a_full_window_png(tmp_path: Path) -> None:
    out = tmp_path / "shot.png"
    done = _run(["--screenshot", str(out)], tmp_path)
    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)
    colours = {image.pixel(x, y) for x in range(0, 1280, 4) for y in range(0, 800, 4)}
    assert len(colours) > 200  # text, figure, badges, findings: not a blank or flat window
    # The coding column (right third) shows the code, lines and findings: it is busy too.
    right = {image.pixel(x, y) for x in range(900, 1280, 3) for y in range(100, 400, 3)}
    assert len(right) > 20


def test_screenshot_of_the_visit_list(tmp_path: Path) -> None:
    out = tmp_path / "list.png"
    done = _run(["--screenshot", str(out), "--view", "list"], tmp_path)
    assert done.returncode == 0, done.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)


def test_selftest_passes(tmp_path: Path) -> None:
    done = _run(["--selftest"], tmp_path, offscreen=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "20552" in done.stdout and "20553" in done.stdout
    assert "self-test passed" in done.stdout


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "notes.sqlite3"
    bad.write_text("these are not the droids\n" * 100)
    done = _run(
        ["--db", str(bad)], tmp_path, offscreen=False
    )  # no display: the message goes to stderr
    assert done.returncode == 2
    assert done.stderr.startswith("error: ")
    assert str(bad) in done.stderr
    assert "Traceback" not in done.stderr
    assert bad.read_text().startswith("these are not")  # never touched


@pytest.mark.parametrize(
    ("pyside", "python", "refused"),
    [
        ("6.12.0", (3, 11), True),
        ("6.12.0", (3, 10), True),
        ("6.12.0", (3, 12), False),
        ("6.11.3", (3, 11), False),
        ("6.12.1", (3, 11), False),
    ],
)
def test_pyside_6_12_0_is_refused_on_python_before_3_12(
    pyside: str, python: tuple[int, int], refused: bool
) -> None:
    from tpi_desktop.app import pyside_problem

    problem = pyside_problem(pyside, python)
    assert (problem is not None) == refused
    if problem:
        assert "6.12.0" in problem and f"{python[0]}.{python[1]}" in problem
        assert "<6.12" in problem  # says what to install instead


def test_the_program_refuses_to_start_on_the_broken_pyside(tmp_path: Path) -> None:
    code = (
        "import sys, PySide6; PySide6.__version__ = '6.12.0'; "
        "from tpi_desktop.cli import main; sys.exit(main(['--screenshot', 'never.png']))"
    )
    env = dict(os.environ, TPI_DESKTOP_DATA_DIR=str(tmp_path / "data"), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if sys.version_info >= (3, 12):
        pytest.skip("6.12.0 is fine from Python 3.12 on")
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("error: PySide6 6.12.0 does not work on Python 3.")
    assert not (tmp_path / "never.png").exists()


def test_opening_the_window_does_not_load_the_demo_data_module() -> None:
    code = (
        "import sys, tpi_desktop.services, tpi_desktop.app; "
        "print('tpi_desktop.services.demo' in sys.modules); "
        "from tpi_desktop.services import fill_demo; print(callable(fill_demo))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert done.stdout.split() == ["False", "True"]
