"""The main window's menus, toolbar and the commands that deal with files, settings and views.

Kept apart from ``main_window`` (which holds the visit being edited) so each stays readable. The
dialogs of the settings, export and visit-list screens are imported when first used, which keeps
start-up fast; so are Qt's message box and file dialog classes (1.5 ms of the start).
"""

from __future__ import annotations

import importlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QToolBar, QWidget

from tpi_desktop import __version__
from tpi_desktop.ui.actions import ACTIONS, MENUS, build_actions

if TYPE_CHECKING:
    from PySide6.QtGui import QAction, QUndoStack
    from PySide6.QtWidgets import QDialog, QLabel, QSplitter, QStackedWidget

    from tpi_desktop.domain import Visit
    from tpi_desktop.ui.encounter_form import EncounterForm
    from tpi_desktop.ui.settings import Settings

log = logging.getLogger(__name__)
_SPLITTER_KEY = "window/splitter"


def _load(module: str, name: str) -> Any:
    """A class from another ui module, or None when that screen is not installed."""
    try:
        return getattr(importlib.import_module(f"tpi_desktop.ui.{module}"), name)
    except (ImportError, AttributeError):
        log.warning("screen %s.%s is not available", module, name)
        return None


class MenusMixin(QMainWindow):
    """Menus, toolbar and the file/settings/view commands; ``MainWindow`` builds on it."""

    commands: dict[str, QAction]
    undo_stack: QUndoStack
    workspace: Any
    form: EncounterForm
    pages: QStackedWidget
    splitter: QSplitter
    picker_box: QWidget
    coding_box: QWidget
    status_note: QLabel
    visit: Visit | None
    visit_list: Any = None
    settings: Settings

    # Provided by MainWindow (the visit being edited).
    def keep_or_drop_changes(self) -> bool:
        raise NotImplementedError

    def new_visit(self) -> None:
        raise NotImplementedError

    def open_visit(self, visit_id: int) -> None:
        raise NotImplementedError

    def start(self) -> None:
        raise NotImplementedError

    def save_draft(self) -> Visit | None:
        raise NotImplementedError

    def finalize_visit(self, override_reason: str | None = None) -> bool:
        raise NotImplementedError

    def amend_visit(self) -> Visit | None:
        raise NotImplementedError

    def is_dirty(self) -> bool:
        raise NotImplementedError

    def recode(self) -> Any:
        raise NotImplementedError

    def refresh_people_and_payers(self) -> None:
        raise NotImplementedError

    def build_menus(self) -> None:
        """Menus and toolbar from the action registry; each action calls ``_on_<name>``."""
        self.commands = build_actions(self)
        menus = {key: self.menuBar().addMenu(title) for key, title in MENUS}
        toolbar = QToolBar("Main toolbar", self)
        toolbar.setObjectName("main_toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.setMovable(False)
        self.addToolBar(toolbar)
        for spec in ACTIONS:
            action = self.commands[spec.name]
            if spec.separator_before:
                menus[spec.menu].addSeparator()
            menus[spec.menu].addAction(action)
            if spec.toolbar:
                if spec.separator_before and toolbar.actions():
                    toolbar.addSeparator()
                toolbar.addAction(action)
            action.triggered.connect(getattr(self, f"_on_{spec.name}"))
        for name, widget in (("show_picker", self.picker_box), ("show_coding", self.coding_box)):
            action = self.commands[name]
            action.setCheckable(True)
            action.setChecked(True)
            action.toggled.connect(widget.setVisible)
        self.toolbar = toolbar

    # -- window state -------------------------------------------------------------------------

    def save_splitter(self) -> None:
        """Remember the column widths and which panels are shown (View menu)."""
        self.settings.save_splitter(self.splitter)
        for name in ("picker", "coding"):
            self.settings.set_panel_shown(name, self.commands[f"show_{name}"].isChecked())

    def restore_splitter(self) -> None:
        """Put the columns back as they were."""
        self.settings.restore_splitter(self.splitter)
        for name in ("picker", "coding"):
            self.commands[f"show_{name}"].setChecked(self.settings.panel_shown(name))

    def show_editor(self) -> None:
        """Switch back to the visit editor page."""
        self.pages.setCurrentIndex(0)

    def show_visits(self) -> QWidget | None:
        """Show the list of visits (built on first use)."""
        view = getattr(self, "visit_list", None)
        if view is None:
            cls = _load("visit_list", "VisitListView")
            if cls is None:
                return None
            view = cls(self.workspace, self)
            for signal in ("visitOpened", "visitActivated"):
                if hasattr(view, signal):
                    getattr(view, signal).connect(self.open_visit)
                    break
            self.visit_list = view
            self.pages.addWidget(view)
        elif hasattr(view, "refresh"):
            view.refresh()
        self.pages.setCurrentWidget(view)
        return view  # type: ignore[no-any-return]

    # -- File ---------------------------------------------------------------------------------

    def _on_new_visit(self) -> None:
        if self.keep_or_drop_changes():
            self.new_visit()
            self.show_editor()

    def _on_open_database(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(
            self,
            "Open database",
            str(self.workspace.path.parent),
            "TPI Desktop database (*.sqlite3 *.db);;All files (*)",
        )
        if path and self.keep_or_drop_changes():
            self.switch_database(Path(path))

    def switch_database(self, path: Path) -> bool:
        """Open another database in this window (the current one is closed on success)."""
        from PySide6.QtWidgets import QMessageBox

        from tpi_desktop import paths
        from tpi_desktop.services import StoreError, Workspace

        try:
            workspace = Workspace.open(
                path,
                paths.resources_dir(),
                user=self.workspace.user,
                backups_dir=paths.backups_dir(path),
            )
        except (StoreError, OSError) as error:
            QMessageBox.critical(self, "Cannot open database", f"{path}\n\n{error}")
            return False
        old = self.workspace
        self.workspace = workspace
        old.close()
        self.refresh_people_and_payers()
        if getattr(self, "visit_list", None) is not None:
            self.pages.removeWidget(self.visit_list)
            self.visit_list.deleteLater()
            self.visit_list = None
        self.start()
        self.statusBar().showMessage(f"Opened {path}", 5000)
        return True

    def _on_save(self) -> None:
        self.save_draft()

    def _on_finalize(self) -> None:
        self.finalize_visit()

    def _on_amend(self) -> None:
        self.amend_visit()

    def _on_backup(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        try:
            path = self.workspace.backup()
        except Exception as error:  # shown to the user as is; the store's messages name the file
            QMessageBox.warning(self, "Backup failed", str(error))
            return
        self.statusBar().showMessage(f"Backup written: {path}", 8000)

    def _on_restore(self) -> None:
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        from tpi_desktop.services import StoreError, restore_database

        source, _ = QFileDialog.getOpenFileName(
            self,
            "Restore from backup",
            str(self.workspace.backups_dir),
            "TPI Desktop database (*.sqlite3 *.db);;All files (*)",
        )
        if not source or not self.keep_or_drop_changes():
            return
        answer = QMessageBox.question(
            self,
            "Restore",
            f"Replace the current database with\n{source}?\n\n"
            "A copy of the current database is kept in the backups folder.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        db_path, backups = self.workspace.path, self.workspace.backups_dir
        self.workspace.close()
        try:
            restore_database(db_path, Path(source), backups)
        except (StoreError, OSError) as error:
            QMessageBox.critical(self, "Restore failed", str(error))
        self.switch_database_after_close(db_path)

    def switch_database_after_close(self, path: Path) -> None:
        """Reopen ``path`` after the workspace on it was closed (restore)."""
        from tpi_desktop import paths
        from tpi_desktop.services import Workspace

        self.workspace = Workspace.open(
            path,
            paths.resources_dir(),
            user=self.workspace.user,
            backups_dir=paths.backups_dir(path),
        )
        self.refresh_people_and_payers()
        self.start()

    def _pdf_bytes(self) -> bytes | None:
        """The claim summary PDF of the visit on screen (saved as a draft first if need be)."""
        stored = (
            self.visit if (self.visit is not None and not self.is_dirty()) else self.save_draft()
        )
        if stored is None or stored.id is None:
            return None
        from tpi_desktop.services.export import claim_summary_pdf

        pdf: bytes = claim_summary_pdf(self.workspace, stored.id)
        return pdf

    def print_preview(self) -> QDialog | None:
        """The print preview of the visit on screen, not yet shown (None: nothing to print)."""
        pdf = self._pdf_bytes()
        if pdf is None:
            return None
        from tpi_desktop.ui.print_preview import PrintPreviewDialog

        return PrintPreviewDialog(pdf, self._pdf_title(), self)

    def _pdf_title(self) -> str:
        return f"visit {self.visit.id}" if self.visit is not None else "claim summary"

    def _on_export_pdf(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        stored = (
            self.visit if (self.visit is not None and not self.is_dirty()) else self.save_draft()
        )
        if stored is None or stored.id is None:
            return
        dialog_class = _load("export_dialog", "ExportDialog")
        if dialog_class is not None:
            dialog_class(self.workspace, [stored.id], self).exec()
            return
        path, _ = QFileDialog.getSaveFileName(
            self, "Export PDF", f"visit-{stored.id}.pdf", "PDF (*.pdf)"
        )
        pdf = self._pdf_bytes() if path else None
        if path and pdf:
            Path(path).write_bytes(pdf)
            self.statusBar().showMessage(f"PDF written: {path}", 8000)

    def _on_print(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        pdf = self._pdf_bytes()
        if pdf is None:
            return
        from tpi_desktop.ui.print_preview import print_with_dialog

        try:
            print_with_dialog(pdf, self._pdf_title(), self)
        except OSError as error:
            QMessageBox.warning(self, "Print", f"Printing failed: {error}.")

    def _on_print_preview(self) -> None:
        dialog = self.print_preview()
        if dialog is not None:
            dialog.exec()

    def _on_quit(self) -> None:
        self.close()

    # -- Edit ---------------------------------------------------------------------------------

    def _on_undo(self) -> None:
        self.undo_stack.undo()

    def _on_redo(self) -> None:
        self.undo_stack.redo()

    def _on_find_patient(self) -> None:
        self.show_editor()
        self.form.bar.patient_search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.form.bar.patient_search.selectAll()

    # -- View ---------------------------------------------------------------------------------

    def _on_show_picker(self) -> None:
        self.show_editor()

    def _on_show_coding(self) -> None:
        self.show_editor()

    def _on_show_visits(self) -> None:
        if self.pages.currentIndex() != 0:
            self.show_editor()
        else:
            self.show_visits()

    # -- Tools and Help -----------------------------------------------------------------------

    def _settings_dialog(self, module: str, name: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        cls = _load(module, name)
        if cls is None:
            QMessageBox.information(self, "Not available", "This settings screen is not installed.")
            return
        cls(self.workspace, self).exec()
        # Fees, payer rules and providers may have changed: refresh and recode.
        self.refresh_people_and_payers()
        self.recode()

    def _on_practice(self) -> None:
        self._settings_dialog("dialog_practice", "PracticeDialog")

    def _on_providers(self) -> None:
        self._settings_dialog("dialog_providers", "ProvidersDialog")

    def _on_payers(self) -> None:
        self._settings_dialog("dialog_payers", "PayersDialog")

    def _on_reports(self) -> None:
        from tpi_desktop.ui.reports_dialog import ReportsDialog

        ReportsDialog(self.workspace, self).exec()

    def _on_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(self, "About TPI Desktop", about_text(self.workspace.tables))


def about_text(tables: Any) -> str:
    """Version, ICD-10-CM release and the as-of date of every code table."""
    rows = "".join(f"<tr><td>{name}</td><td>{as_of}</td></tr>" for name, as_of in tables.versions)
    return (
        f"<h3>TPI Desktop {__version__}</h3>"
        "<p>Offline coding of trigger point injections (CPT 20552/20553).</p>"
        f"<p>ICD-10-CM release: <b>{tables.icd.release}</b></p>"
        "<table cellspacing=6><tr><th align=left>Table</th><th align=left>As of</th></tr>"
        f"{rows}</table>"
        "<p>Fees are example defaults: edit them under Tools → Payers and fees.</p>"
    )


__all__ = ["MenusMixin", "about_text"]
