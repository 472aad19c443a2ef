"""Tools → Providers: the rendering providers, listed, added and edited.

The list is on the left, the selected provider's form on the right. While the form has unsaved
changes the list is locked (so a click elsewhere never throws an edit away) and Save / Revert
are enabled. The NPI is checked with its check digit before saving; the store checks it again
and its refusal is shown at the NPI field, with the text left as typed.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tpi_desktop.domain import Provider
from tpi_desktop.ui import palette
from tpi_desktop.ui.form_common import hint, npi_problem, section, with_mark
from tpi_desktop.ui.settings_dialogs import SettingsDialog

_TAXONOMY = re.compile(r"^[0-9A-Z]{9}X$")
FIELD_WORDS = {"name": "provider name", "npi": "npi", "taxonomy": "taxonomy"}


def taxonomy_problem(text: str) -> str | None:
    """Why ``text`` is not a NUCC taxonomy code (10 characters ending in X), or None (blank ok)."""
    value = text.strip().upper()
    if not value or _TAXONOMY.match(value):
        return None
    return "a taxonomy code has 10 characters ending in X, e.g. 208VP0014X"


class ProvidersDialog(SettingsDialog):
    """List, add and edit providers through ``workspace.providers()`` / ``save_provider``.

    ``providerSaved(int)`` is emitted with the id of each provider saved.
    """

    unsaved_question = "The provider form has unsaved changes. Close and lose them?"

    providerSaved = Signal(int)

    def __init__(self, workspace: Any, parent: QWidget | None = None) -> None:
        super().__init__("providersDialog", "Providers", parent)
        self._workspace = workspace
        self._providers: list[Provider] = []
        self._editing: Provider | None = None  # None: a new provider
        self._loading = False

        self.table = QTableWidget(0, 3)
        self.table.setObjectName("providerList")
        self.table.setAccessibleName("Providers")
        self.table.setHorizontalHeaderLabels(["Name", "NPI", "Taxonomy"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._on_selection_changed)
        self.add_button = QPushButton("&Add provider")
        self.add_button.setToolTip("Start a new provider in the form")
        self.add_button.clicked.connect(self._on_add)

        self.name = QLineEdit()
        self.name.setPlaceholderText("Dana Whitfield, MD")
        self.npi = QLineEdit()
        self.npi.setMaxLength(10)
        self.npi.setPlaceholderText("10 digits")
        self.npi.setFont(palette.mono_font())
        self.taxonomy = QLineEdit()
        self.taxonomy.setMaxLength(12)
        self.taxonomy.setPlaceholderText("optional, e.g. 208VP0014X")
        self.taxonomy.setFont(palette.mono_font())
        marks = {
            "name": self.mark("name", self.name, "The provider's name and credentials"),
            "npi": self.mark("npi", self.npi, "The provider's individual NPI: 10 digits"),
            "taxonomy": self.mark("taxonomy", self.taxonomy, "NUCC taxonomy code (optional)"),
        }
        for field in (self.name, self.npi, self.taxonomy):
            field.textEdited.connect(self._on_edited)

        self.form_box = section("New provider", "providerForm")
        form = QFormLayout(self.form_box)
        form.addRow("&Name", with_mark(self.name, marks["name"]))
        form.addRow("N&PI", with_mark(self.npi, marks["npi"]))
        form.addRow("&Taxonomy", with_mark(self.taxonomy, marks["taxonomy"]))
        self.save_button = QPushButton("&Save provider")
        self.save_button.setToolTip("Check and save this provider")
        self.save_button.clicked.connect(self._on_save)
        self.revert_button = QPushButton("&Revert")
        self.revert_button.setToolTip("Throw away the changes in the form")
        self.revert_button.clicked.connect(self._on_revert)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.revert_button)
        row.addWidget(self.save_button)
        form.addRow(row)

        left = QVBoxLayout()
        left.addWidget(self.table, 1)
        left.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        right = QVBoxLayout()
        right.addWidget(self.form_box)
        right.addWidget(self.banner)
        right.addStretch(1)
        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addLayout(right, 2)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint("The rendering providers a visit can be billed under."))
        layout.addLayout(body, 1)
        layout.addWidget(buttons)
        self.resize(820, 420)
        self.remember_geometry()
        self._reload()
        if self._providers:
            self.table.selectRow(0)
        else:
            self._edit(None)

    # --- state -------------------------------------------------------------------------------

    def providers(self) -> list[Provider]:
        """The providers listed."""
        return list(self._providers)

    def revert(self) -> None:
        """Throw away the form's unsaved changes."""
        self._on_revert()

    def is_dirty(self) -> bool:
        """True while the form differs from the provider it shows."""
        base = self._editing or Provider("", "")
        return (
            self.name.text().strip(),
            self.npi.text().strip(),
            self.taxonomy.text().strip(),
        ) != (
            base.name,
            base.npi,
            base.taxonomy,
        )

    def provider(self) -> Provider:
        """The provider as the form now reads (not checked)."""
        return Provider(
            name=self.name.text().strip(),
            npi=self.npi.text().strip().replace(" ", ""),
            taxonomy=self.taxonomy.text().strip().upper(),
            id=None if self._editing is None else self._editing.id,
        )

    def validate(self) -> bool:
        """Mark every field that is wrong; True when none is."""
        self.clear_marks()
        provider = self.provider()
        self.marks["name"].set(None if provider.name else "enter the provider's name")
        self.marks["npi"].set(npi_problem(provider.npi) if provider.npi else "enter the NPI")
        self.marks["taxonomy"].set(taxonomy_problem(provider.taxonomy))
        for key in ("name", "npi", "taxonomy"):
            if self.marks[key].reason:
                self.marks[key].field.setFocus()
                break
        return not self.problems()

    # --- slots -------------------------------------------------------------------------------

    def _on_selection_changed(self) -> None:
        if self._loading:
            return
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self._edit(self._providers[rows[0].row()])

    def _on_add(self) -> None:
        self.table.clearSelection()
        self._edit(None)
        self.name.setFocus()

    def _on_edited(self) -> None:
        self._update_buttons()

    def _on_revert(self) -> None:
        self._edit(self._editing)

    def _on_save(self) -> None:
        if not self.validate():
            return
        try:
            saved = self._workspace.save_provider(self.provider())
        except ValueError as error:
            self.show_service_error(error, FIELD_WORDS)
            return
        saved_id = saved.id if isinstance(saved, Provider) else int(saved)
        self._reload()
        row = next((i for i, p in enumerate(self._providers) if p.id == saved_id), None)
        if row is not None:
            self.table.selectRow(row)
            self._edit(self._providers[row])
        self.providerSaved.emit(saved_id)

    # --- helpers -----------------------------------------------------------------------------

    def _reload(self) -> None:
        self._loading = True
        try:
            self._providers = sorted(self._workspace.providers(), key=lambda p: p.name.casefold())
            self.table.setRowCount(len(self._providers))
            for row, provider in enumerate(self._providers):
                for column, text in enumerate((provider.name, provider.npi, provider.taxonomy)):
                    item = QTableWidgetItem(text)
                    if column:
                        item.setFont(palette.mono_font())
                    self.table.setItem(row, column, item)
        finally:
            self._loading = False

    def _edit(self, provider: Provider | None) -> None:
        self._editing = provider
        self.clear_marks()
        self.name.setText(provider.name if provider else "")
        self.npi.setText(provider.npi if provider else "")
        self.taxonomy.setText(provider.taxonomy if provider else "")
        self.form_box.setTitle(provider.name if provider else "New provider")
        self._update_buttons()

    def _update_buttons(self) -> None:
        dirty = self.is_dirty()
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)
        # Locked while editing, so a stray click never drops the edit.
        self.table.setEnabled(not dirty)
        self.add_button.setEnabled(not dirty)
