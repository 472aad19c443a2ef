"""Saving, finalizing, amending and autosaving the visit shown in the main window.

Split from ``main_window`` (layout, live coding) to keep each module small. The store and the
services do the work; this mixin asks the user what they need to decide (unsaved changes, an
override reason) and keeps the form's state in the database between saves.
"""

from __future__ import annotations

import logging
from functools import cache
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer

from tpi_desktop import domain
from tpi_desktop.domain import VisitStatus
from tpi_desktop.ui.main_window_menus import MenusMixin
from tpi_desktop.ui.settings import (
    AUTOSAVE_DELAY_MS,
    LAST_PAYER,
    LAST_PROVIDER_ID,
    RESTORE_AUTOSAVE_ASK,
)

if TYPE_CHECKING:
    from tpi_desktop.domain import Provider, Visit
    from tpi_desktop.ui.body_picker import BodyPicker
    from tpi_desktop.ui.encounter_form import FormState

log = logging.getLogger(__name__)


def _autosave() -> Any:
    """The autosave codec, imported on first use (just after the window's first paint)."""
    from tpi_desktop.ui import form_autosave

    return form_autosave


@cache
def no_provider() -> Provider:
    """Stands in for the provider of a visit on screen before one is chosen (checked by
    identity before saving)."""
    return domain.Provider(name="", npi="")


class VisitMixin(MenusMixin):
    """Draft, final and amended: the life of the visit on screen; ``MainWindow`` builds on it."""

    picker: BodyPicker
    _dirty: bool
    _autosave_timer: QTimer

    # Provided by MainWindow.
    def state(self) -> FormState:
        raise NotImplementedError

    def current_visit(self) -> Visit:
        raise NotImplementedError

    def load_visit(self, visit: Visit) -> None:
        raise NotImplementedError

    def _show_state(self, state: FormState) -> None:
        raise NotImplementedError

    def _set_status(self, status: VisitStatus) -> None:
        raise NotImplementedError

    # -- save / finalize / amend --------------------------------------------------------------

    def save_draft(self) -> Visit | None:
        """Save as a draft; None (and the reason in the status bar) when it cannot be saved yet."""
        from PySide6.QtWidgets import QMessageBox

        visit = self.current_visit()
        missing = [
            what
            for what, ok in (
                ("a patient", visit.patient is not None),
                ("a provider", visit.provider is not no_provider()),
            )
            if not ok
        ]
        if missing:
            self.form.bar.patient_mark.set(
                "choose a patient first" if visit.patient is None else None
            )
            self.statusBar().showMessage(f"Not saved: choose {' and '.join(missing)} first.", 8000)
            return None
        if self.visit is not None and self.visit.status is not VisitStatus.DRAFT:
            self.statusBar().showMessage("This visit is final: use Amend to correct it.", 8000)
            return None
        try:
            stored: Visit = self.workspace.save_visit(visit)
        except (
            Exception
        ) as error:  # the store names the field or the conflict; show it, keep the form
            log.warning("save failed: %s", type(error).__name__)
            QMessageBox.warning(self, "Not saved", str(error))
            return None
        self.visit = stored
        self._dirty = False
        self.workspace.autosave_clear(_autosave().AUTOSAVE_KEY)
        self._autosave_timer.stop()
        self.settings.set(LAST_PROVIDER_ID, stored.provider.id or 0)
        self.settings.set(LAST_PAYER, stored.encounter.payer)
        self.statusBar().showMessage(f"Draft saved (visit {stored.id}).", 5000)
        self._set_status(stored.status)
        return stored

    def finalize_visit(self, override_reason: str | None = None) -> bool:
        """Save, then finalize; when something blocks it, ask for an override reason."""
        stored = self.save_draft() if (self._dirty or self.visit is None) else self.visit
        if stored is None or stored.id is None:
            return False
        outcome = self.workspace.finalize(stored.id, override_reason=override_reason)
        if not outcome.ok:
            from tpi_desktop.ui.form_finalize import FinalizeDialog  # on first use

            dialog = FinalizeDialog(outcome.blockers, self)
            if dialog.exec() != FinalizeDialog.DialogCode.Accepted:
                self.statusBar().showMessage("Not finalized.", 5000)
                return False
            outcome = self.workspace.finalize(stored.id, override_reason=dialog.override_reason())
            if not outcome.ok:
                return False
        self.load_visit(outcome.visit)
        self.statusBar().showMessage(f"Visit {stored.id} finalized.", 5000)
        return True

    def amend_visit(self) -> Visit | None:
        """Start an amendment of the final visit shown (a new draft that corrects it)."""
        if (
            self.visit is None
            or self.visit.id is None
            or self.visit.status is not VisitStatus.FINAL
        ):
            return None
        draft: Visit = self.workspace.amend(self.visit.id)
        self.load_visit(draft)
        self.statusBar().showMessage(
            f"Amending visit {draft.amends}: edit, then finalize again.", 8000
        )
        return draft

    def discard_changes(self) -> None:
        """Forget unsaved edits (and their autosave)."""
        self._dirty = False
        self._autosave_timer.stop()
        self.workspace.autosave_clear(_autosave().AUTOSAVE_KEY)

    def keep_or_drop_changes(self) -> bool:
        """Ask Save / Discard / Cancel when there are unsaved changes; False means "stay"."""
        from PySide6.QtWidgets import QMessageBox

        if not self._dirty:
            return True
        answer = QMessageBox.question(
            self,
            "Unsaved changes",
            "This visit has changes that are not saved.",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save_draft() is not None
        if answer == QMessageBox.StandardButton.Discard:
            self.discard_changes()
            return True
        return False

    # -- autosave -----------------------------------------------------------------------------

    def autosave_now(self) -> None:
        """Keep the form's state in the database at once."""
        self._autosave_timer.stop()
        if not self._dirty or self.workspace is None:
            return
        try:
            payload = _autosave().to_payload(self.state(), self.visit.id if self.visit else None)
        except ValueError:
            return
        self.workspace.autosave_put(_autosave().AUTOSAVE_KEY, payload)

    def restore_autosave(self) -> bool:
        """Bring back the unsaved visit of last time; False when there is none."""
        from PySide6.QtWidgets import QMessageBox

        text = self.workspace.autosave_get(_autosave().AUTOSAVE_KEY)
        if not text:
            return False
        remembered = _autosave().from_payload(
            text, self.workspace.tables, self._patient_by_id, self._provider_by_id
        )
        if remembered is None:
            return False
        when = remembered.saved_at.strftime("%Y-%m-%d %H:%M")
        if self.settings.get(RESTORE_AUTOSAVE_ASK):
            answer = QMessageBox.question(self, "Restore", f"Restore unsaved visit from {when}?")
            if answer != QMessageBox.StandardButton.Yes:
                self.workspace.autosave_clear(_autosave().AUTOSAVE_KEY)
                return False
        self.visit = None
        if remembered.visit_id is not None:
            try:
                self.visit = self.workspace.get_visit(remembered.visit_id)
            except Exception:  # deleted or unreadable: restore as a new visit
                self.visit = None
        self._show_state(remembered.state)
        self._set_status(VisitStatus.DRAFT)
        self._dirty = True
        self.recode()
        self.status_note.setText(f"Restored unsaved visit from {when}")
        self.statusBar().showMessage(
            f"Restored the unsaved visit from {when}. Save it with Ctrl+S.", 10000
        )
        return True

    def _schedule_autosave(self) -> None:
        self._autosave_timer.start(self.settings.get(AUTOSAVE_DELAY_MS))

    def _on_autosave_due(self) -> None:
        self.autosave_now()

    def _patient_by_id(self, patient_id: int) -> Any:
        try:
            return self.workspace.patient(patient_id)
        except Exception:
            return None

    def _provider_by_id(self, provider_id: int) -> Any:
        return next((p for p in self.workspace.providers() if p.id == provider_id), None)
