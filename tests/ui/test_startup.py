"""Start-up: what the window loads before its first frame, and what it leaves for later.

The speed itself is measured by ``bench/ui.py``; these tests pin down the design that makes it
fast, so a stray module-level import cannot quietly undo it: the first frame is painted before the
database is opened, so without the store, the services, sqlite_utils (only needed to migrate),
the rules engine, the demo data or the PDF code; the database and the visit are opened (and
coded) right after that frame.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tpi_desktop import paths
from tpi_desktop.services import Workspace

ROOT = Path(__file__).resolve().parents[2]

# Runs the program's own start path (command line, app.run) and records which modules were
# loaded at the first paint and once the opened visit was coded.
START = """
import json, sys
from tpi_desktop import app, cli

seen = {}

def hooks(window):
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    def loaded():
        return sorted(
            m for m in sys.modules if m.startswith(("tpi_desktop", "sqlite_utils", "xml.etree"))
        )

    class Probe(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint and "paint" not in seen:
                seen["paint"] = loaded()
                seen["coded_at_paint"] = window.result is not None
            return False

    def coded(_result):
        seen["coded"] = loaded()
        window.discard_changes()
        QTimer.singleShot(0, QApplication.quit)

    window._probe = Probe(window.form.bar)
    window.form.bar.installEventFilter(window._probe)
    window.recoded.connect(coded)

status = app.run(cli.parse_args(["--db", sys.argv[1]]), before_exec=hooks)
print(json.dumps(seen))
sys.exit(status)
"""


def _program(code: str, db: Path, home: Path) -> subprocess.CompletedProcess[str]:
    """Run ``code`` (one of the scripts above) on ``db``, with settings and logs under ``home``."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = str(home / name.lower())
    return subprocess.run(
        [sys.executable, "-c", code, str(db)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _start(db: Path, home: Path) -> dict[str, object]:
    done = _program(START, db, home)
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_the_first_frame_comes_before_the_engine_and_the_visit_right_after(
    tmp_path: Path,
) -> None:
    db = tmp_path / "tpi.sqlite3"
    Workspace.open(db, paths.resources_dir(), user="tester").close()  # an up-to-date file
    seen = _start(db, tmp_path / "home")
    at_paint = set(seen["paint"])  # type: ignore[arg-type]
    assert "tpi_desktop.ui.main_window" in at_paint
    for late in (
        "sqlite_utils",
        "tpi_desktop.store",
        "tpi_desktop.services",
        "tpi_desktop.domain.encounter",  # the domain's dataclasses: with the first visit
        "tpi_desktop.domain.result",
        "tpi_desktop.domain.visit",
        "xml.etree.ElementTree",  # the body figure's regions: read after the first frame
        "tpi_desktop.coding.engine",
        "tpi_desktop.services.demo",
        "tpi_desktop.export",
    ):
        assert late not in at_paint, f"{late} loaded before the first paint"
    assert seen["coded_at_paint"] is False
    coded = set(seen["coded"])  # type: ignore[arg-type]
    assert "tpi_desktop.coding.engine" in coded  # the visit was opened and coded after it


def test_a_file_that_needs_migrating_still_opens(tmp_path: Path) -> None:
    """sqlite_utils is loaded when a file must be migrated (here: a new, empty one)."""
    db = tmp_path / "new.sqlite3"
    seen = _start(db, tmp_path / "home")
    assert "sqlite_utils" not in set(seen["paint"])  # type: ignore[arg-type]
    assert {"sqlite_utils", "tpi_desktop.coding.engine"} <= set(seen["coded"])  # type: ignore[arg-type]
    assert db.exists()


def test_an_up_to_date_file_never_loads_sqlite_utils(tmp_path: Path) -> None:
    db = tmp_path / "tpi.sqlite3"
    Workspace.open(db, paths.resources_dir(), user="tester").close()
    seen = _start(db, tmp_path / "home")
    assert "sqlite_utils" not in set(seen["coded"])  # type: ignore[arg-type]


def test_the_window_has_no_style_sheets(window) -> None:  # type: ignore[no-untyped-def]
    """Style sheets slow every child added or shown (see ui/chrome.py): the window uses
    palettes, fonts and painted widgets instead. Only an invalid field gets one, while invalid."""
    from PySide6.QtWidgets import QApplication, QWidget

    assert QApplication.instance().styleSheet() == ""  # type: ignore[union-attr]
    styled = [
        w.objectName() or type(w).__name__ for w in window.findChildren(QWidget) if w.styleSheet()
    ]
    assert styled == []


def test_a_window_that_never_paints_still_opens_its_visit(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    """Minimised or hidden at start: the visit opens after a second all the same."""
    from tpi_desktop.ui.main_window import MainWindow

    win = MainWindow(workspace)
    win.start_after_first_paint()  # never shown
    assert win.result is None
    qtbot.waitUntil(lambda: win.result is not None, timeout=3000)
    win.discard_changes()
    win.deleteLater()


@pytest.fixture
def fresh_icd(window):  # type: ignore[no-untyped-def]
    """The window's tables with an ICD set not built yet (the shared one may be, by now)."""
    from tpi_desktop.coding.icd import IcdCodeSet

    tables = window.workspace.tables
    shared = tables.icd
    object.__setattr__(tables, "icd", IcdCodeSet())  # the tables are frozen
    yield tables.icd
    object.__setattr__(tables, "icd", shared)


def test_the_icd_index_is_built_between_events_without_a_thread(  # type: ignore[no-untyped-def]
    qtbot, window, fresh_icd
) -> None:
    """A thread building the index starved the window (clicks took 130-200 ms while it ran);
    the window builds it in small steps between its own events instead."""
    import threading

    threads = threading.active_count()
    with qtbot.waitSignal(window.icdReady, timeout=20_000):
        window.warm_up_icd()
        assert threading.active_count() == threads
        assert not fresh_icd.index_ready  # not built in one go: the event loop turns meanwhile
    assert fresh_icd.index_ready
    assert fresh_icd.search("myalgia neck", 1)[0].code == "M79.12"


def test_closing_while_the_icd_index_builds_stops_it(qtbot, window, fresh_icd) -> None:  # type: ignore[no-untyped-def]
    window.warm_up_icd()
    assert window._icd_timer.isActive()
    window.stop_background_work()  # what app.run does after the event loop
    qtbot.wait(50)
    assert not window._icd_timer.isActive()
    assert not fresh_icd.index_ready


# The same start on a file that is not a database: the window has painted by the time the
# database is opened, so the refusal comes as a message box over it (closed here by a timer),
# and on standard error, and the program exits with status 2.
REFUSED = """
import sys
from tpi_desktop import app, cli

def hooks(window):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    def close_box():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            print("BOX", box.text(), "|", box.informativeText().replace(chr(10), " "))
            box.accept()

    window._closer = QTimer(interval=50, timeout=close_box)
    window._closer.start()

sys.exit(app.run(cli.parse_args(["--db", sys.argv[1]]), before_exec=hooks))
"""


def test_a_database_that_cannot_be_opened_is_reported_over_the_window(tmp_path: Path) -> None:
    bad = tmp_path / "notes.sqlite3"
    bad.write_text("these are not the droids\n" * 100)
    done = _program(REFUSED, bad, tmp_path / "home")
    assert done.returncode == 2, done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1
    assert errors[0].startswith(f"error: cannot open the database {bad}: ")
    assert "is not a TPI Desktop database" in errors[0]
    assert "Traceback" not in done.stderr
    assert "BOX The database cannot be opened." in done.stdout
    assert str(bad) in done.stdout
    assert bad.read_text().startswith("these are not")  # never touched


def test_a_window_built_before_its_database_takes_the_databases_payers_and_providers(
    qtbot, workspace  # type: ignore[no-untyped-def]
) -> None:
    """The window paints from the code tables; the database may know more payers (settings for
    a payer the tables do not list), and its providers, which come with ``attach``."""
    from tpi_desktop.coding import load_tables
    from tpi_desktop.domain import Provider
    from tpi_desktop.services import PayerSettings
    from tpi_desktop.ui.main_window import MainWindow

    workspace.save_payer_settings(PayerSettings("newpayer", "New Payer", frequency_limit=2))
    workspace.save_provider(Provider(name="Ada Shore, MD", npi="1234567893"))
    win = MainWindow(None, tables=load_tables(paths.resources_dir()))
    qtbot.addWidget(win)
    bar = win.form.bar
    assert bar.payer.findData("newpayer") < 0 and bar.provider.count() == 0
    win.attach(workspace)
    assert bar.payer.findData("newpayer") >= 0
    assert [bar.provider.itemText(i) for i in range(bar.provider.count())] == ["Ada Shore, MD"]
    bar.set_payer("newpayer")
    assert bar.payer_id() == "newpayer"
    win.start()
    win.discard_changes()


def test_closing_just_after_the_first_frame_leaves_the_database_unopened(qtbot) -> None:  # type: ignore[no-untyped-def]
    from tpi_desktop.coding import load_tables
    from tpi_desktop.ui.main_window import MainWindow

    opened: list[bool] = []
    win = MainWindow(None, tables=load_tables(paths.resources_dir()))
    qtbot.addWidget(win)
    win.start_after_first_paint(lambda: opened.append(True))
    win.close()  # before the first paint's start (or the 1 s fallback) comes round
    qtbot.wait(1200)
    assert opened == [] and win.workspace is None


# A bug while the database opens (not a refused file): the program says so and ends with status
# 1, instead of leaving an empty window running.
BROKEN = """
import sys
from tpi_desktop import app, cli

def broken(*args, **kwargs):
    raise RuntimeError("simulated bug while opening")

app.open_workspace = broken

def hooks(window):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    def close_box():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            box.accept()

    window._closer = QTimer(interval=50, timeout=close_box)
    window._closer.start()

sys.exit(app.run(cli.parse_args(["--db", sys.argv[1]]), before_exec=hooks))
"""


def test_a_bug_while_opening_the_database_ends_the_program(tmp_path: Path) -> None:
    done = _program(BROKEN, tmp_path / "tpi.sqlite3", tmp_path / "home")
    assert done.returncode == 1, done.stderr
    assert "RuntimeError: simulated bug while opening" in done.stderr  # the traceback
    assert f"error: cannot open the database {tmp_path / 'tpi.sqlite3'}" in done.stderr
