"""The Finalize dialog: what blocks finalizing, and the reason for overriding it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from tpi_desktop.domain import Severity
from tpi_desktop.ui import palette
from tpi_desktop.ui.form_common import buddy_label, named


class FinalizeDialog(QDialog):
    """Lists the blockers; "Finalize anyway" is enabled once an override reason is written."""

    def __init__(self, blockers: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("finalize_dialog")
        self.setWindowTitle("Finalize visit")
        self.setMinimumWidth(520)
        heading = QLabel(
            f"<b>{len(blockers)} problem{'s' if len(blockers) != 1 else ''} block finalizing "
            "this visit.</b><br>Fix them, or write why the claim should go out as it is."
        )
        heading.setWordWrap(True)
        self.blockers = named(QListWidget(), "blockers")
        self.blockers.setAccessibleName("What blocks finalizing")
        for text in blockers:
            item = QListWidgetItem(palette.severity_icon(Severity.ERROR), text)
            item.setToolTip(text)
            self.blockers.addItem(item)
        self.blockers.setWordWrap(True)
        self.reason = named(QPlainTextEdit(), "override_reason")
        self.reason.setPlaceholderText(
            "Override reason (stored with the visit and in the audit log)"
        )
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(70)
        self.reason.setAccessibleName("Override reason")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.override = self.buttons.addButton(
            "Finalize anyway", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.override.setObjectName("finalize_anyway")
        self.override.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(self._on_reason_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.blockers)
        layout.addWidget(buddy_label("&Override reason", self.reason))
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)

    def override_reason(self) -> str:
        """The reason typed."""
        return self.reason.toPlainText().strip()

    def _on_reason_changed(self) -> None:
        self.override.setEnabled(bool(self.override_reason()))
