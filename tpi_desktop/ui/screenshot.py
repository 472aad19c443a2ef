"""``--screenshot``: the main window rendered offscreen at 1280×800 with a demo visit open.

The visit shown is the richest recent draft of the database (most muscles, with drugs and
diagnoses), so the picture shows the figure selected, the form filled in and the coding panel
with its answer. ``view`` picks the screen: ``visit`` (the whole workstation), ``picker`` and
``coding`` (the same window with that column widened), ``list`` (the visit list).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, QSize
from PySide6.QtWidgets import QApplication

from tpi_desktop.domain import Visit, VisitStatus
from tpi_desktop.ui.main_window import MainWindow
from tpi_desktop.ui.settings import Settings

SIZE = QSize(1280, 800)
# Column widths asked of the splitter; it keeps each column at least at its minimum width.
SPLITS = {"visit": (370, 520, 390), "picker": (500, 500, 280), "coding": (340, 500, 440)}


def pick_demo_visit(workspace: Any) -> Visit | None:
    """The most complete of the newest visits (drafts first), or None in an empty database."""
    from tpi_desktop.services import VisitQuery

    best: tuple[tuple[int, ...], Visit] | None = None
    for status in (VisitStatus.DRAFT, None):
        page = workspace.search_visits(VisitQuery(status=status), limit=40)
        for row in page.rows:
            visit = workspace.get_visit(row.id)
            enc = visit.encounter
            score = (
                min(len(enc.injections), 4),
                len(enc.drugs) > 0,
                len(enc.diagnoses) > 0,
                enc.em is not None,
                -row.errors_count,
            )
            if best is None or score > best[0]:
                best = (score, visit)
        if best is not None:
            return best[1]
    return None


def prepare_window(workspace: Any, settings: Settings, view: str = "visit") -> MainWindow:
    """The main window at 1280×800 with a demo visit open and ``view`` shown (events flushed)."""
    window = MainWindow(workspace, settings)
    window.ask_on_close = False
    window.resize(SIZE)
    window.setFixedSize(SIZE)
    workspace.tables.icd.search("myalgia", 1)  # descriptions in the diagnosis list
    visit = pick_demo_visit(workspace)
    if visit is not None:
        window.load_visit(visit)
    else:
        window.new_visit()
    window.show()
    if view == "list":
        window.show_visits()
    else:
        window.splitter.setSizes(list(SPLITS.get(view, SPLITS["visit"])))
    for _ in range(5):
        QApplication.processEvents()
    return window


def take_screenshot(workspace: Any, out: Path, view: str = "visit") -> Path:
    """Render the window with a demo visit to ``out`` (PNG) at 1280×800 logical pixels."""
    # A throwaway settings file: the picture never depends on (or changes) the user's layout.
    folder = tempfile.mkdtemp(prefix="tpi-shot-settings-")
    settings = Settings(QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat))
    window = prepare_window(workspace, settings, view)
    image = window.grab()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(out), "PNG"):
        raise OSError(f"could not write {out}")
    window.discard_changes()
    window.close()
    window.deleteLater()
    QApplication.processEvents()
    shutil.rmtree(folder, ignore_errors=True)
    return out
