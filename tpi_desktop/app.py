"""The Qt application's composition root: paths, logging, QApplication, wiring.

``run(args)`` is what ``tpi-desktop`` does without a subcommand: build and show the main window,
open the database (``--db``, ``--demo``) right after its first frame, and run the event loop; or,
headless, ``--screenshot`` and ``--selftest``. A database that cannot be opened (not ours, too
new, locked, damaged) is reported with its path and the reason as ``error: ...`` on standard
error, and in a message box over the window when there is a display; the exit status is 2.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tpi_desktop import __version__, paths

log = logging.getLogger(__name__)
ORGANIZATION = "TPI Desktop"
APPLICATION = "TPI Desktop"
DEMO_VISITS = 120
KEEP_BACKUPS = 20  # backups kept in the backups folder when the window closes (issue 3)
# PySide6 6.12.0 returns None/True from void methods and Signal.emit without a reference, as if
# they were immortal (they are only from Python 3.12 on): on 3.11 the interpreter aborts.
BROKEN_PYSIDE = "6.12.0"


LOG_NAME = "tpi-desktop.log"
LOG_MAX_BYTES = 1_000_000  # a log past this size is rotated when the program starts
LOG_KEEP = 5  # rotated logs kept: tpi-desktop.log.1 (newest) .. .5


def rotate_log(path: Path, max_bytes: int = LOG_MAX_BYTES, keep: int = LOG_KEEP) -> None:
    """Move ``path`` to ``path.1`` (``.1`` to ``.2`` ... dropping ``.{keep}``) when it has grown
    past ``max_bytes``. Done once per start instead of by ``logging.handlers``'s rotating
    handler: the program logs a few lines per session, and that module (with socket and pickle
    behind it) cost 5 ms of every start."""
    try:
        if path.stat().st_size < max_bytes:
            return
    except OSError:
        return  # no log yet
    if keep < 1:
        path.unlink()
        return
    for number in range(keep - 1, 0, -1):
        older = path.with_name(f"{path.name}.{number}")
        if older.exists():
            os.replace(older, path.with_name(f"{path.name}.{number + 1}"))
    os.replace(path, path.with_name(f"{path.name}.1"))


def configure_logging() -> None:
    """A log file in the user log folder, rotated at start (never patient data: only ids and
    kinds)."""
    root = logging.getLogger()
    if any(getattr(h, "tpi_log", False) for h in root.handlers):
        return
    try:
        path = paths.log_dir() / LOG_NAME
        with contextlib.suppress(OSError):  # e.g. another instance holds it open: append
            rotate_log(path)
        handler: logging.Handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler(sys.stderr)
    handler.tpi_log = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def _user() -> str:
    import getpass  # (with termios) only when a database is opened

    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "user"


def _headless() -> bool:
    """True when no window can be shown (no display and no offscreen platform asked for)."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return False
    if sys.platform.startswith("linux"):
        return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return False


def open_workspace(db_path: Path, *, demo: bool = False, demo_visits: int = DEMO_VISITS) -> Any:
    """The workspace on ``db_path``; a demo database is filled on first use."""
    from tpi_desktop.services import Workspace

    workspace = Workspace.open(
        db_path, paths.resources_dir(), user=_user(), backups_dir=paths.backups_dir(db_path)
    )
    if demo and workspace.count_visits() == 0:
        from tpi_desktop.services import fill_demo

        fill_demo(workspace, demo_visits)
    return workspace


def _report_open_error(
    db_path: Path, error: Exception, has_gui: bool, parent: Any = None
) -> int:
    message = f"cannot open the database {db_path}: {error}"
    sys.stderr.write(f"error: {message}\n")
    log.error("cannot open database: %s", type(error).__name__)
    if has_gui:
        from PySide6.QtWidgets import QApplication, QMessageBox

        _application()
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            "TPI Desktop",
            "The database cannot be opened.",
            parent=parent,
        )
        box.setInformativeText(f"{db_path}\n\n{error}")
        box.exec()
        QApplication.processEvents()
    return 2


def pyside_problem(
    pyside_version: str | None = None, python: tuple[int, int] | None = None
) -> str | None:
    """Why this PySide6 cannot run the window on this Python, or ``None`` when it can.

    PySide6 6.12.0 on Python < 3.12 drops a reference to ``None``/``True`` on each call and
    aborts the interpreter after a few thousand calls; pyproject.toml excludes it, but an
    environment installed by hand may still hold it.
    """
    if pyside_version is None:
        import PySide6

        pyside_version = PySide6.__version__
    python = python or (sys.version_info.major, sys.version_info.minor)
    if pyside_version == BROKEN_PYSIDE and python < (3, 12):
        return (
            f"PySide6 {pyside_version} does not work on Python {python[0]}.{python[1]} "
            "(it crashes the interpreter); install PySide6 6.11 "
            '(pip install "PySide6>=6.8,<6.12") or use Python 3.12 or later'
        )
    return None


def _refuse_broken_pyside() -> bool:
    """Print why and return True when the installed PySide6 cannot be used."""
    problem = pyside_problem()
    if problem is None:
        return False
    sys.stderr.write(f"error: {problem}\n")
    log.error("refused to start: PySide6 %s on Python < 3.12", BROKEN_PYSIDE)
    return True


def _application() -> Any:
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    if existing is not None:
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QCoreApplication.setApplicationVersion(__version__)
    # "tpi-desktop" as argv[0] names the X11 window class (WM_CLASS) after the program.
    app = QApplication(["tpi-desktop"])
    app.setApplicationDisplayName(APPLICATION)
    from tpi_desktop.ui import palette

    palette.apply_to_application(app)
    QGuiApplication.setDesktopFileName("tpi-desktop")
    return app


def run(args: argparse.Namespace, before_exec: Callable[[Any], None] | None = None) -> int:
    """Open the application (or take a screenshot, or run the self-test); the exit status.

    ``before_exec(window)`` runs just before the event loop starts (``bench/ui.py`` hooks its
    first-paint probes there, so it times this very path)."""
    configure_logging()
    # The program's layers without Qt load before PySide6 does: PySide6 reads the source of each
    # module first imported after it (looking for "PySide6", for its __feature__ switches),
    # about 0.15 ms a module, and these layers and the standard modules only they use are
    # spared that.
    from tpi_desktop import coding, domain  # noqa: F401  (coding is used below too)

    if getattr(args, "selftest", False):
        from tpi_desktop.commands.selftest import run_selftest

        return run_selftest()
    if _refuse_broken_pyside():
        return 2
    if getattr(args, "screenshot", None):
        return _screenshot(args)
    demo = bool(getattr(args, "demo", False))
    db_path = paths.demo_db_path() if demo and not args.db else paths.resolve_db_path(args.db)
    if _headless():
        from tpi_desktop.services import StoreError

        try:  # a database that cannot be opened is the first thing to report
            open_workspace(db_path, demo=demo).close()
        except (StoreError, OSError) as error:
            return _report_open_error(db_path, error, False)
        sys.stderr.write(
            "error: no display: set DISPLAY (or QT_QPA_PLATFORM=offscreen) to open the window\n"
        )
        return 2
    app = _application()
    from tpi_desktop.ui.main_window import MainWindow

    # The window is built from the code tables and painted first; the database (and the
    # store's modules) opens right after its first frame (see show_window).
    tables = coding.load_tables(paths.resources_dir())
    window = MainWindow(None, tables=tables, keep_backups=KEEP_BACKUPS)
    # Ctrl+C or kill -TERM closes the window like File > Quit, from inside the event loop (the
    # unsaved visit stays autosaved). The ticker lets Python run its handlers while Qt waits.
    signal.signal(signal.SIGTERM, lambda *_: _quit_on_signal(window))
    signal.signal(signal.SIGINT, lambda *_: _quit_on_signal(window))
    from PySide6.QtCore import QTimer

    ticker = QTimer()
    ticker.start(200)
    ticker.timeout.connect(lambda: None)

    def open_database() -> Any:
        from tpi_desktop.services import StoreError

        if demo and not db_path.exists():
            window.statusBar().showMessage("Preparing the demo database…")
            window.statusBar().repaint()
        try:
            workspace = open_workspace(db_path, demo=demo)
        except (StoreError, OSError) as error:
            app.exit(_report_open_error(db_path, error, True, parent=window))
            return None
        except Exception as error:  # a bug: said, and the program ends (not an empty window)
            traceback.print_exc()
            _report_open_error(db_path, error, True, parent=window)
            app.exit(1)
            return None
        window.statusBar().clearMessage()
        log.info("window open (%s)", "demo" if demo else "database")
        return workspace

    show_window(window, open_database)
    if before_exec is not None:
        before_exec(window)
    status = app.exec()
    window.stop_background_work()
    if window.workspace is not None and not window.workspace_closed:
        window.workspace.close()  # closed without the window's close (backed up there)
    return int(status)


def show_window(window: Any, open_workspace: Callable[[], Any] | None = None) -> None:
    """Show the main window, then (``open_workspace``, for a window built without a database)
    open the database and open the visit (the autosaved draft or a new one) just after its
    first frame: the window paints first, and the store, and the rules engine imported for the
    first coding, load a moment later instead of holding up that frame. The ICD-10-CM search
    index (about 1 s of work) is then built in small steps between the window's events."""
    from PySide6.QtCore import QTimer

    window.start_after_first_paint(open_workspace)
    window.show()
    QTimer.singleShot(400, window.warm_up_icd)


def _quit_on_signal(window: Any) -> None:
    from PySide6.QtCore import QTimer

    # No question on a signal: the unsaved visit is kept as autosave and offered at next start.
    window.ask_on_close = False
    QTimer.singleShot(0, window.close)


def _screenshot(args: argparse.Namespace) -> int:
    import tempfile

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from tpi_desktop.services import StoreError

    with tempfile.TemporaryDirectory(prefix="tpi-shot-") as folder:
        if args.db:
            db_path, demo = paths.resolve_db_path(args.db), False
        elif args.demo:
            db_path, demo = paths.demo_db_path(), True
        else:
            db_path, demo = Path(folder) / "demo.sqlite3", True
        try:
            workspace = open_workspace(
                db_path, demo=demo, demo_visits=60 if not args.demo else DEMO_VISITS
            )
        except (StoreError, OSError) as error:
            return _report_open_error(db_path, error, False)
        _application()
        from tpi_desktop.ui.screenshot import take_screenshot

        try:
            take_screenshot(workspace, Path(args.screenshot), args.view or "visit")
        except OSError as error:
            sys.stderr.write(f"error: cannot write {args.screenshot}: {error}\n")
            return 2
        finally:
            workspace.close()
    return 0
