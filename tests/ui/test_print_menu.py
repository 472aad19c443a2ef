"""File → Print… and File → Print preview…: two commands over the same claim summary PDF."""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QKeySequence

from tpi_desktop.domain import Encounter, Injection, Patient, Side, Visit
from tpi_desktop.services import Workspace
from tpi_desktop.services.export import claim_summary_pdf
from tpi_desktop.ui import print_preview
from tpi_desktop.ui.main_window import MainWindow
from tpi_desktop.ui.print_preview import PrintPreviewDialog


def _saved_visit(workspace: Workspace) -> Visit:
    patient = workspace.save_patient(
        Patient("Haddad", "Sami", dt.date(1966, 5, 5), "M", "", "commercial")
    )
    encounter = Encounter(
        dt.date(2026, 3, 2),
        "commercial",
        injections=(Injection("soleus", Side.LEFT, 2),),
        diagnoses=("M79.18",),
    )
    return workspace.save_visit(Visit(patient, workspace.providers()[0], encounter))


def test_print_and_print_preview_are_separate_file_commands(window: MainWindow) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text().replace("&", "") for a in file_menu.actions() if not a.isSeparator()]
    assert "Print…" in texts and "Print preview…" in texts
    assert QKeySequence("Ctrl+P") in window.commands["print"].shortcuts()
    assert window.commands["print_preview"].shortcut() == QKeySequence("Ctrl+Shift+P")


def test_print_preview_shows_the_saved_visits_pdf(
    qtbot, window: MainWindow, workspace: Workspace, monkeypatch
) -> None:
    stored = _saved_visit(workspace)
    window.open_visit(stored.id)
    shown: list[PrintPreviewDialog] = []
    monkeypatch.setattr(PrintPreviewDialog, "exec", lambda self: shown.append(self) or 0)
    window.commands["print_preview"].trigger()
    assert len(shown) == 1
    dialog = shown[0]
    qtbot.addWidget(dialog)
    assert dialog.page_count() >= 1
    assert "Haddad" in dialog.windowTitle() or str(stored.id) in dialog.windowTitle()


def test_print_sends_the_same_pdf_bytes(
    window: MainWindow, workspace: Workspace, monkeypatch
) -> None:
    stored = _saved_visit(workspace)
    window.open_visit(stored.id)
    printed: list[bytes] = []
    monkeypatch.setattr(
        print_preview, "print_with_dialog", lambda pdf, name, parent: printed.append(pdf) or True
    )
    window.commands["print"].trigger()
    assert len(printed) == 1 and printed[0].startswith(b"%PDF")
    # Rendered twice from the same stored visit: same size as the export (timestamps may differ).
    assert abs(len(printed[0]) - len(claim_summary_pdf(workspace, stored.id))) < 64
