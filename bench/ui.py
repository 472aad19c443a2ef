"""Benchmark the workstation window on a large database and print its figures.

(a) A click on a muscle of the body figure until the coding panel (and the figure and timeline)
    have repainted: p50/p95/max over ``--clicks`` clicks, for a patient with stored history, on a
    database of ``--visits`` visits (default 100,000; built with the store's bulk path from
    ``bench/store.py``). Target: p95 under 16 ms (one frame at 60 Hz).
(b) Start-up to the first painted main window on that database, against a bare PySide6 window
    in the same run (each in a fresh subprocess, best of ``--starts``), and the peak memory of
    each child (``VmHWM``: ``ru_maxrss`` would carry this process's own peak into the children on
    Linux). Targets: both ratios at most 2x.

    QT_QPA_PLATFORM=offscreen python bench/ui.py [--visits N] [--clicks N] [--starts N] [--dir DIR]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent


def _store_bench():  # type: ignore[no-untyped-def]
    """bench/store.py (its ``build`` makes the large database through the store's bulk path)."""
    spec = importlib.util.spec_from_file_location("bench_store", HERE / "store.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_database(path: Path, visits: int) -> float:
    """Make the database (or reuse it); seconds spent."""
    if path.exists():
        return 0.0
    store, seconds = _store_bench().build(path, visits, random.Random(11))
    store.close()
    return seconds


# --- children (fresh processes) --------------------------------------------------------------


def _paint_probe(widget, tag: str):  # type: ignore[no-untyped-def]
    """Print ``tag`` and quit once ``widget`` has painted for the first time."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    class Probe(QObject):
        def eventFilter(self, watched, event):  # type: ignore[no-untyped-def]
            if event.type() == QEvent.Type.Paint and not getattr(self, "done", False):
                self.done = True
                QTimer.singleShot(0, lambda: (print(tag, flush=True), QApplication.quit()))
            return False

    probe = Probe(widget)
    widget.installEventFilter(probe)
    return probe


def _report_peak() -> None:
    """Print this process's peak resident memory. ``ru_maxrss`` is not used: on Linux a child
    inherits its parent's high-water mark across fork+exec, so it would report the benchmark's
    own size; ``VmHWM`` belongs to the child's own address space."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            print("PEAK", int(line.split()[1]), flush=True)
            return
    import resource

    print("PEAK", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)


def child_bare() -> int:
    """A bare PySide6 main window with one label."""
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QLabel("Hello"))
    window.resize(1280, 800)
    _probe = _paint_probe(window.centralWidget(), "PAINTED")
    window.show()
    status = app.exec()
    _report_peak()
    return status


def child_app(db: Path, warm: bool) -> int:
    """The application's own start path (app.run without the endless event loop)."""
    from tpi_desktop import app as application

    workspace = application.open_workspace(db)
    qt_app = application._application()
    from tpi_desktop.ui.main_window import MainWindow

    ini = Path(tempfile.mkdtemp(prefix="tpi-bench-settings-")) / "settings.ini"
    from PySide6.QtCore import QSettings

    from tpi_desktop.ui.settings import Settings

    window = MainWindow(workspace, Settings(QSettings(str(ini), QSettings.Format.IniFormat)))
    window.resize(1280, 800)
    _probe = _paint_probe(window.form_scroll.viewport(), "PAINTED")
    window.show()
    window.start()
    qt_app.exec()
    if warm:  # the background ICD index the real program builds after the first paint
        workspace.tables.icd.search("myalgia", 1)
    _report_peak()
    window.discard_changes()
    workspace.close()
    return 0


def _spawn(args: list[str], pycache: Path | None = None) -> tuple[float, float]:
    """Seconds from spawn to "PAINTED", and the child's peak resident memory in MB.

    ``pycache``: let the child cache compiled bytecode there (as an installed program has it),
    even where the environment sets PYTHONDONTWRITEBYTECODE."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    if pycache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), *args],
        stdout=subprocess.PIPE,
        env=env,
        text=True,
    )
    assert proc.stdout is not None
    painted = None
    peak_kb = 0
    for line in proc.stdout:
        if line.strip() == "PAINTED" and painted is None:
            painted = time.perf_counter() - started
        elif line.startswith("PEAK "):
            peak_kb = int(line.split()[1])
    if proc.wait() != 0 or painted is None:
        raise RuntimeError(f"child {args} failed (exit {proc.returncode})")
    return painted, peak_kb / 1024


# --- (a) click to repaint ----------------------------------------------------------------------


def bench_clicks(db: Path, clicks: int) -> None:
    from PySide6.QtCore import QPointF, QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from tpi_desktop import paths
    from tpi_desktop.app import _application
    from tpi_desktop.services import Workspace
    from tpi_desktop.ui.main_window import MainWindow
    from tpi_desktop.ui.settings import Settings

    _application()
    workspace = Workspace.open(db, paths.resources_dir(), user="bench")
    # A throwaway settings file, so the benchmark never changes the user's window layout.
    ini = Path(tempfile.mkdtemp(prefix="tpi-bench-settings-")) / "settings.ini"
    window = MainWindow(workspace, Settings(QSettings(str(ini), QSettings.Format.IniFormat)))
    window.resize(1280, 800)
    window.show()
    window.start()
    row = workspace.store.conn.execute(
        "SELECT patient_id, count(*) n FROM visits GROUP BY patient_id ORDER BY n DESC LIMIT 1"
    ).fetchone()
    patient = workspace.patient(int(row[0]))
    window.form.bar.set_patient(patient, apply_payer=True)
    window.form.bar.set_payer("medicare")
    QApplication.processEvents()
    view = window.picker.back
    targets = []
    for region in view.regions():
        point = view.view_transform().map(region.label_point)
        if view.region_at(QPointF(point)) is region and region.muscle_id in {
            "upper_trapezius",
            "supraspinatus",
            "infraspinatus",
        }:
            targets.append(point.toPoint())
    times, frames, recode = [], [], []
    for i in range(clicks):
        pos = targets[i % len(targets)]
        started = time.perf_counter()
        QTest.mouseClick(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
        # What the click changed, painted now: the coding panel, both figures, the timeline.
        window.panel.repaint()
        view.repaint()
        window.picker.front.repaint()
        window.timeline.repaint()
        times.append((time.perf_counter() - started) * 1000)
        # Then everything else the next frame holds: relayouts and the window's own repaint.
        QApplication.processEvents()
        frames.append((time.perf_counter() - started) * 1000)
        recode.append(window.last_recode_ms)
    visits = workspace.count_visits()
    print(
        f"(a) click on a muscle -> coding panel repainted, {clicks} clicks, "
        f"{visits:,} visits in the database, patient with {row[1]} stored visits:"
    )
    for label, values in (
        ("click -> panel, figures and timeline repainted", times),
        ("click -> whole next frame (all relayouts and paints)", frames),
        ("  of which coding with history (workspace.code + timeline)", recode),
    ):
        values.sort()
        p95 = values[int(len(values) * 0.95) - 1]
        verdict = "OK" if p95 < 16 else "OVER"
        print(
            f"    {label}: p50 {statistics.median(values):.2f} ms, p95 {p95:.2f} ms, "
            f"max {values[-1]:.2f} ms (target p95 < 16 ms) -> {verdict}"
        )
    window.discard_changes()
    window.close()
    workspace.close()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--visits", type=int, default=100_000)
    parser.add_argument("--clicks", type=int, default=300)
    parser.add_argument("--starts", type=int, default=3)
    parser.add_argument("--dir", type=Path)
    parser.add_argument("--child", choices=["bare", "app", "app-warm"])
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    if args.child == "bare":
        return child_bare()
    if args.child:
        return child_app(args.db, args.child == "app-warm")

    folder = args.dir or Path(tempfile.mkdtemp(prefix="tpi-bench-ui-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / f"bench-{args.visits}.sqlite3"
    seconds = build_database(db, args.visits)
    print(
        f"database: {args.visits:,} visits at {db} "
        f"({f'built in {seconds:.1f} s' if seconds else 'reused'})"
    )
    bench_clicks(db, args.clicks)

    bare = [_spawn(["--child", "bare"]) for _ in range(args.starts)]
    app = [_spawn(["--child", "app", "--db", str(db)]) for _ in range(args.starts)]
    warm = _spawn(["--child", "app-warm", "--db", str(db)])
    b_time, a_time = min(t for t, _ in bare), min(t for t, _ in app)
    b_mem, a_mem = min(m for _, m in bare), min(m for _, m in app)
    print(
        f"(b) start -> first painted window (best of {args.starts}): "
        f"bare PySide6 {b_time * 1000:.0f} ms, "
        f"TPI Desktop {a_time * 1000:.0f} ms, ratio {a_time / b_time:.2f}x (target <= 2x) "
        f"-> {'OK' if a_time / b_time <= 2 else 'OVER'}"
    )
    print(
        f"    peak memory (VmHWM of each child): bare {b_mem:.0f} MB, "
        f"TPI Desktop {a_mem:.0f} MB at first paint, "
        f"ratio {a_mem / b_mem:.2f}x (target <= 2x) -> {'OK' if a_mem / b_mem <= 2 else 'OVER'}"
    )
    print(
        "    with the ICD-10-CM search index built (done in the background after start): "
        f"{warm[1]:.0f} MB, "
        f"ratio {warm[1] / b_mem:.2f}x"
    )
    if sys.dont_write_bytecode:
        # Here every module of the program is compiled from source at each start (PySide6 in
        # site-packages has its bytecode); pip and PyInstaller installs ship it compiled.
        pycache = Path(tempfile.mkdtemp(prefix="tpi-bench-pycache-"))
        for child in (["--child", "bare"], ["--child", "app", "--db", str(db)]):
            _spawn(child, pycache)  # warm-up: writes the bytecode
        bare_c = min(_spawn(["--child", "bare"], pycache)[0] for _ in range(args.starts))
        app_c = min(
            _spawn(["--child", "app", "--db", str(db)], pycache)[0] for _ in range(args.starts)
        )
        print(
            "    PYTHONDONTWRITEBYTECODE is set, so the above compiles every module at start; "
            f"with compiled bytecode (as installed): bare {bare_c * 1000:.0f} ms, "
            f"TPI Desktop {app_c * 1000:.0f} ms, ratio {app_c / bare_c:.2f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
