"""Benchmark the workstation window on a large database and print its figures.

(a) A click on a muscle of the body figure until the coding panel (and the figure and timeline)
    have repainted: p50/p95/max over ``--clicks`` clicks, for a patient with stored history, on a
    database of ``--visits`` visits (default 100,000; built with the store's bulk path from
    ``bench/store.py``). Target: p95 under 16 ms (one frame at 60 Hz). The panel, both figures
    and the timeline are repainted whole, on purpose; the same clicks are then also timed to the
    next frame as Qt paints it, where only what changed is redrawn.
(b) Start-up to the first painted main window on that database, against a bare PySide6 window
    in the same run (each in a fresh subprocess, best of ``--starts``), and the peak memory of
    each child (``VmHWM``: ``ru_maxrss`` would carry this process's own peak into the children on
    Linux). Targets: both ratios at most 2x. The window paints before it opens the database
    (``app.run``); the "database opened, visit coded" line times the start up to the database
    open, the visit loaded and coded with its history, and that result painted.

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


def _paint_probe(widget, tag: str, quit_after: bool = True):  # type: ignore[no-untyped-def]
    """Print ``tag`` (and quit) once ``widget`` has painted for the first time."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    class Probe(QObject):
        def eventFilter(self, watched, event):  # type: ignore[no-untyped-def]
            if event.type() == QEvent.Type.Paint and not getattr(self, "done", False):
                self.done = True
                QTimer.singleShot(
                    0,
                    lambda: (print(tag, flush=True), quit_after and QApplication.quit()),
                )
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


def child_bare(qt_names: str = "") -> int:
    """A bare PySide6 main window with one label. ``qt_names`` ("module:Name,..."): Qt classes
    to load first (the floor: what merely using the window's Qt classes costs)."""
    import importlib

    for item in filter(None, qt_names.split(",")):
        module, _, name = item.partition(":")
        getattr(importlib.import_module(module), name)
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
    """The program's own start: ``tpi-desktop --db DB`` through the command line and
    ``app.run``, with probes hooked in just before the event loop. Prints PAINTED at the
    window's first paint and READY once the opened visit's coding has painted, then quits."""
    from tpi_desktop import cli

    def probes(window):  # type: ignore[no-untyped-def]
        from PySide6.QtCore import QEvent, QObject, QTimer
        from PySide6.QtWidgets import QApplication

        class Ready(QObject):
            coded = False

            def eventFilter(self, watched, event):  # type: ignore[no-untyped-def]
                if self.coded and event.type() == QEvent.Type.Paint:
                    self.coded = False
                    QTimer.singleShot(0, finish)
                return False

        def finish() -> None:
            print("READY", flush=True)
            if warm:  # the background ICD index the real program builds after the first paint
                window.workspace.tables.icd.search("myalgia", 1)
            _report_peak()
            window.discard_changes()
            QApplication.quit()

        ready = Ready(window.panel)
        window.panel.installEventFilter(ready)
        window.recoded.connect(lambda _result: setattr(ready, "coded", True))
        # Any widget of the first frame would do (all paint in one pass); the visit bar is the
        # one the window's own first-paint hook watches. This probe goes in after that hook, so
        # Qt asks it first and its mark is queued before the visit opens.
        window._bench_probes = (ready, _paint_probe(window.form.bar, "PAINTED", False))

    args = cli.parse_args(["--db", str(db)])
    from tpi_desktop import app as application

    return application.run(args, before_exec=probes)


def _spawn(
    args: list[str], pycache: Path | None = None, extra_env: dict[str, str] | None = None
) -> tuple[float, float, float]:
    """Seconds from spawn to "PAINTED" and to "READY" (the same for the bare window), and the
    child's peak resident memory in MB.

    ``pycache``: let the child cache compiled bytecode there (as an installed program has it),
    even where the environment sets PYTHONDONTWRITEBYTECODE."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **(extra_env or {}))
    # The child's log, settings and backups go to a throwaway home, not the user's.
    home = Path(tempfile.mkdtemp(prefix="tpi-bench-home-"))
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = str(home / name.lower())
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
    painted = ready = None
    peak_kb = 0
    for line in proc.stdout:
        if line.strip() == "PAINTED" and painted is None:
            painted = time.perf_counter() - started
        elif line.strip() == "READY" and ready is None:
            ready = time.perf_counter() - started
        elif line.startswith("PEAK "):
            peak_kb = int(line.split()[1])
    if proc.wait() != 0 or painted is None:
        raise RuntimeError(f"child {args} failed (exit {proc.returncode})")
    return painted, ready or painted, peak_kb / 1024


def window_qt_names() -> str:
    """The PySide6 classes the program's start path imports at module level (app.py and every
    ui module loaded with the main window), as "module:Name,...".

    PySide6 builds each class's Python enums when the class is first imported (``Qt`` alone
    has about a hundred, 16 ms here), so importing just these already costs a real window
    more than the bare one, before any of the program's own code runs."""
    import ast

    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, tpi_desktop.app, tpi_desktop.ui.main_window; "
            "print(' '.join(m for m in sys.modules if m.startswith('tpi_desktop')))",
        ],
        capture_output=True,
        text=True,
        check=True,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    ).stdout.split()
    root = HERE.parent
    names: set[str] = set()
    for module in loaded:
        file = root / (module.replace(".", "/") + ".py")
        if not file.exists():
            file = root / module.replace(".", "/") / "__init__.py"
        for node in ast.parse(file.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("PySide6"):
                names.update(f"{node.module}:{alias.name}" for alias in node.names)
    names.add("PySide6.QtCore:Qt")  # imported inside app._application
    return ",".join(sorted(names))


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
    # The same clicks with nothing forced: the next frame as Qt paints it, only what changed
    # (the forced repaints above also redraw, e.g., the panel's scroll bar: 3 ms in Fusion).
    natural = []
    for i in range(clicks):
        pos = targets[i % len(targets)]
        started = time.perf_counter()
        QTest.mouseClick(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
        QApplication.processEvents()
        natural.append((time.perf_counter() - started) * 1000)
    visits = workspace.count_visits()
    print(
        f"(a) click on a muscle -> coding panel repainted, {clicks} clicks, "
        f"{visits:,} visits in the database, patient with {row[1]} stored visits:"
    )
    for label, values in (
        ("click -> panel, figures and timeline repainted", times),
        ("click -> whole next frame (all relayouts and paints)", frames),
        ("click -> next frame as Qt paints it (nothing forced)", natural),
        ("  of which coding with history (workspace.code + timeline)", recode),
    ):
        values.sort()
        p95 = values[int(len(values) * 0.95) - 1]
        verdict = "OK" if p95 < 16 else "OVER"
        print(
            f"    {label}: p50 {statistics.median(values):.2f} ms, p95 {p95:.2f} ms, "
            f"max {values[-1]:.2f} ms (target p95 < 16 ms) -> {verdict}"
        )
    # (c) The same clicks in the first seconds after start, while the window builds the ICD
    # search index between its events (a fresh, unbuilt code set), a click every 50 ms.
    from tpi_desktop.coding.icd import IcdCodeSet

    object.__setattr__(workspace.tables, "icd", IcdCodeSet())  # the tables are frozen
    window.warm_up_icd()
    during = []
    for i in range(min(clicks, 60)):
        pos = targets[i % len(targets)]
        QTest.qWait(50)  # the event loop turns: index steps run, as between real clicks
        started = time.perf_counter()
        QTest.mouseClick(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
        QApplication.processEvents()  # the next frame, with any index step that falls due
        during.append((time.perf_counter() - started) * 1000)
    during.sort()
    built = workspace.tables.icd.index_ready
    print(
        f"(c) click -> whole next frame while the ICD index builds ({len(during)} clicks, "
        f"index {'built by the end' if built else 'still building'}): "
        f"p50 {statistics.median(during):.2f} ms, p95 {during[int(len(during) * 0.95) - 1]:.2f} ms,"
        f" max {during[-1]:.2f} ms"
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
    parser.add_argument("--starts", type=int, default=15)
    parser.add_argument("--dir", type=Path)
    parser.add_argument("--child", choices=["bare", "floor", "app", "app-warm"])
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    if args.child == "bare":
        return child_bare()
    if args.child == "floor":
        return child_bare(os.environ.get("TPI_BENCH_QT_NAMES", ""))
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

    # Bytecode compiled once, as pip and PyInstaller installs ship it (this environment may set
    # PYTHONDONTWRITEBYTECODE, which would recompile the program at every start).
    pycache = Path(tempfile.mkdtemp(prefix="tpi-bench-pycache-"))
    app_args = ["--child", "app", "--db", str(db)]
    for child in (["--child", "bare"], app_args):
        _spawn(child, pycache)  # warm-up: writes the bytecode, fills the OS file cache
    floor_env = {"TPI_BENCH_QT_NAMES": window_qt_names()}
    bare, app, floor = [], [], []
    for _ in range(args.starts):  # interleaved, so a busy neighbour slows all alike
        bare.append(_spawn(["--child", "bare"], pycache))
        app.append(_spawn(app_args, pycache))
        floor.append(_spawn(["--child", "floor"], pycache, floor_env))
    warm = _spawn(["--child", "app-warm", "--db", str(db)], pycache)
    b_time = min(t for t, _, _ in bare)
    a_time, a_ready = min(t for t, _, _ in app), min(r for _, r, _ in app)
    b_mem, a_mem = min(m for _, _, m in bare), min(m for _, _, m in app)
    print(
        f"(b) start -> first painted window (best of {args.starts}): "
        f"bare PySide6 {b_time * 1000:.0f} ms, "
        f"TPI Desktop {a_time * 1000:.0f} ms, ratio {a_time / b_time:.2f}x (target <= 2x) "
        f"-> {'OK' if a_time / b_time <= 2 else 'OVER'}"
    )
    f_time = min(t for t, _, _ in floor)
    count = floor_env["TPI_BENCH_QT_NAMES"].count(",") + 1
    print(
        f"    floor: the bare window after importing the {count} PySide6 classes the window's "
        f"modules import: {f_time * 1000:.0f} ms ({f_time / b_time:.2f}x)"
    )
    print(
        f"    start -> database opened, visit coded and painted in the panel: "
        f"{a_ready * 1000:.0f} ms ({a_ready / b_time:.2f}x the bare window)"
    )
    print(
        f"    peak memory (VmHWM of each child): bare {b_mem:.0f} MB, "
        f"TPI Desktop {a_mem:.0f} MB with the visit open, "
        f"ratio {a_mem / b_mem:.2f}x (target <= 2x) -> {'OK' if a_mem / b_mem <= 2 else 'OVER'}"
    )
    print(
        "    with the ICD-10-CM search index built (done in the background after start): "
        f"{warm[2]:.0f} MB, "
        f"ratio {warm[2] / b_mem:.2f}x"
    )
    if sys.dont_write_bytecode:
        bare_s = min(_spawn(["--child", "bare"])[0] for _ in range(args.starts))
        app_s = min(_spawn(app_args)[0] for _ in range(args.starts))
        print(
            "    without bytecode (PYTHONDONTWRITEBYTECODE, every module compiled at start): "
            f"bare {bare_s * 1000:.0f} ms, TPI Desktop {app_s * 1000:.0f} ms, "
            f"ratio {app_s / bare_s:.2f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
