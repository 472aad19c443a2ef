"""What the settings dialogs share: remembered geometry and errors shown at the field.

The dialogs themselves live beside this module: ``dialog_practice.PracticeDialog``,
``dialog_providers.ProvidersDialog`` and ``dialog_payers.PayersDialog`` (Tools menu), each
constructed as ``(workspace, parent=None)``. A bad value is never thrown away: the dialog stays
open with the text in its field, the field marked red with the reason under it, and nothing is
written until every field is valid. A refusal from the services (``ValueError`` or the store's
``InvalidValue``, whose message starts with the field name) is routed to the field it names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from PySide6.QtCore import QByteArray, QDate, QEvent, QObject, QSettings
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QSpinBox, QWidget

from tpi_desktop.ui import palette
from tpi_desktop.ui.form_common import INVALID_STYLE, FieldMark


def py_date(day: QDate) -> dt.date:
    """A QDate as a ``datetime.date`` (PySide's ``toPython`` is typed as ``object``)."""
    return dt.date(day.year(), day.month(), day.day())


class GeometryMemory(QObject):
    """Restores a window's geometry now and saves it whenever the window is hidden.

    The geometry is kept in QSettings under ``dialogs/<name>/geometry``.
    """

    def __init__(self, window: QWidget, name: str) -> None:
        super().__init__(window)
        self._window = window
        self.key = f"dialogs/{name}/geometry"
        geometry = QSettings().value(self.key)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            window.restoreGeometry(geometry)
        window.installEventFilter(self)

    def save(self) -> None:
        """Write the window's geometry now."""
        QSettings().setValue(self.key, self._window.saveGeometry())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        """Save on hide (accept, reject and close all hide the dialog)."""
        # getattr: Qt may still deliver events while the Python side is being torn down.
        window = getattr(self, "_window", None)
        if window is not None and watched is window and event.type() == QEvent.Type.Hide:
            self.save()
        return False


class TableMark(FieldMark):
    """A field mark for a table: the red border on the frame only, not on every header cell."""

    def set(self, reason: str | None) -> None:
        """Mark (or clear) the table; the plain style would cascade into its header sections."""
        super().set(reason)
        if reason:
            name = self.field.objectName()
            self.field.setStyleSheet(f"QTableWidget#{name} {{ {INVALID_STYLE} }}")


def field_of(error: Exception, names: Mapping[str, str]) -> str | None:
    """Which of ``names`` (field key -> words a user reads) a service error is about.

    The store's ``InvalidValue`` carries ``field``; a plain ``ValueError`` names its field at the
    start of the message ("npi: ..."), or somewhere in it in words ("the NPI ...").
    """
    field = getattr(error, "field", None)
    if isinstance(field, str):
        for key in names:
            if field == key or field.endswith(f".{key}") or field.startswith(f"{key}["):
                return key
    text = str(error).casefold()
    for key in names:
        if text.startswith(f"{key}:") or text.startswith(f"{key} "):
            return key
    for key, words in names.items():
        if words.casefold() in text:
            return key
    return None


def reason_of(error: Exception) -> str:
    """A service error's message without the leading ``field:`` it may carry."""
    message = getattr(error, "message", None)
    if isinstance(message, str) and message:
        return message
    text = str(error)
    head, sep, rest = text.partition(": ")
    return rest if sep and " " not in head else text


class SettingsDialog(QDialog):
    """Base of the settings dialogs: geometry memory, field marks and a banner for other errors.

    A dialog that can hold unsaved edits sets ``unsaved_question`` and defines ``is_dirty``;
    closing it then asks before the edits are lost.
    """

    unsaved_question = ""

    def __init__(self, name: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.marks: dict[str, FieldMark] = {}
        self.banner = QLabel()
        self.banner.setObjectName(f"{name}_banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(f"color: {palette.ERROR_HEX};")
        self.banner.setVisible(False)
        self._geometry_name = name
        self.geometry_memory: GeometryMemory | None = None

    def is_dirty(self) -> bool:
        """True while the form holds edits that are not saved (subclasses that edit override)."""
        return False

    def reject(self) -> None:
        """Close; ask first when the form has unsaved changes."""
        if self.unsaved_question and self.is_dirty() and self.isVisible():
            answer = QMessageBox.question(
                self,
                self.windowTitle(),
                self.unsaved_question,
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()

    def remember_geometry(self) -> None:
        """Call at the end of the subclass's constructor, once the default size is set."""
        self.geometry_memory = GeometryMemory(self, self._geometry_name)

    def mark(self, key: str, field: QWidget, tip: str) -> FieldMark:
        """Register ``field`` under ``key`` for error marks; its object name becomes ``key``."""
        if not field.objectName():
            field.setObjectName(key)
        mark = FieldMark(field, tip)
        self.marks[key] = mark
        return mark

    def clear_marks(self) -> None:
        """Remove every field mark and the banner."""
        for mark in self.marks.values():
            mark.set(None)
        self.show_banner(None)

    def show_banner(self, text: str | None) -> None:
        """Show (or hide, with ``None``) an error that belongs to no single field."""
        self.banner.setText(f"⚠ {text}" if text else "")
        self.banner.setVisible(bool(text))

    def problems(self) -> dict[str, str]:
        """The fields currently marked invalid, key -> reason."""
        return {key: m.reason for key, m in self.marks.items() if m.reason is not None}

    def show_service_error(self, error: Exception, words: Mapping[str, str]) -> str | None:
        """Mark the field a service error names (or the banner); the key marked, if any."""
        key = field_of(error, words)
        if key is not None and key in self.marks:
            self.marks[key].set(reason_of(error))
            self.marks[key].field.setFocus()
            return key
        self.show_banner(str(error))
        return None


def days_box(name: str, tip: str) -> QSpinBox:
    """A spin box for a number of days; 0 shows "None" (as in the code tables)."""
    box = QSpinBox()
    box.setObjectName(name)
    box.setRange(0, 3650)
    box.setSuffix(" days")
    box.setSpecialValueText("None")
    box.setToolTip(tip)
    box.setAccessibleName(tip)
    box.setMaximumWidth(180)
    return box


def days_setting(box: QSpinBox, stored: int | None, effective: int | None) -> int | None:
    """The practice's own value from ``box``: ``stored`` unchanged while the box still shows the
    effective value, ``None`` ("as in the code tables") when set to 0."""
    value = box.value()
    if value == (effective or 0):
        return stored
    return value or None
