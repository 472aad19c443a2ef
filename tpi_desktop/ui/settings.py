"""User preferences, declared once with their defaults, over QSettings.

Every preference the window reads is a ``Setting`` below; nothing else calls ``QSettings.value``
with a literal key, so defaults and types live in one place. Window geometry and dock state are
kept here too (``save_window`` / ``restore_window``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Setting(Generic[_T]):
    """One preference: its QSettings key, default and type."""

    key: str
    default: _T
    kind: type


AUTOSAVE_DELAY_MS: Setting[int] = Setting("editing/autosave_delay_ms", 1000, int)
RESTORE_AUTOSAVE_ASK: Setting[bool] = Setting("editing/ask_before_restoring", False, bool)
DEFAULT_PLACE_OF_SERVICE: Setting[str] = Setting("visit/default_place_of_service", "11", str)
LAST_PROVIDER_ID: Setting[int] = Setting("visit/last_provider_id", 0, int)
LAST_PAYER: Setting[str] = Setting("visit/last_payer", "", str)
LAST_DATABASE: Setting[str] = Setting("files/last_database", "", str)

_GEOMETRY = "window/geometry"
_SPLITTER = "window/splitter"
_STATE = "window/state"
_STATE_VERSION = 1


class Settings:
    """Typed access to the preferences; pass a ``QSettings`` to use another store (tests)."""

    def __init__(self, store: QSettings | None = None) -> None:
        self._store = store if store is not None else QSettings()

    def get(self, setting: Setting[_T]) -> _T:
        """The stored value, or the default when it is missing or unreadable."""
        raw: Any = self._store.value(setting.key, setting.default)
        try:
            if setting.kind is bool and isinstance(raw, str):
                # INI-backed QSettings hands booleans back as "true"/"false".
                return raw.lower() in {"true", "1", "yes"}  # type: ignore[return-value]
            return setting.kind(raw)  # type: ignore[no-any-return]
        except (TypeError, ValueError):
            return setting.default

    def set(self, setting: Setting[_T], value: _T) -> None:
        """Store a value."""
        self._store.setValue(setting.key, value)

    def save_window(self, window: QMainWindow) -> None:
        """Remember the window's geometry and its docks and toolbars."""
        self._store.setValue(_GEOMETRY, window.saveGeometry())
        self._store.setValue(_STATE, window.saveState(_STATE_VERSION))

    def restore_window(self, window: QMainWindow) -> bool:
        """Put the window back where it was; False when nothing was stored."""
        geometry = self._store.value(_GEOMETRY)
        state = self._store.value(_STATE)
        restored = False
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            restored = window.restoreGeometry(geometry)
        if isinstance(state, QByteArray) and not state.isEmpty():
            window.restoreState(state, _STATE_VERSION)
        return restored

    def save_splitter(self, splitter: QSplitter) -> None:
        """Remember the column widths."""
        self._store.setValue(_SPLITTER, splitter.saveState())

    def restore_splitter(self, splitter: QSplitter) -> None:
        """Put the column widths back."""
        state = self._store.value(_SPLITTER)
        if isinstance(state, QByteArray) and not state.isEmpty():
            splitter.restoreState(state)

    def panel_shown(self, name: str) -> bool:
        """Whether the panel ``name`` was shown (View menu); shown by default."""
        return str(self._store.value(f"window/show_{name}", True)).lower() not in {"false", "0"}

    def set_panel_shown(self, name: str, shown: bool) -> None:
        """Remember whether the panel ``name`` is shown."""
        self._store.setValue(f"window/show_{name}", shown)

    def sync(self) -> None:
        """Write pending changes to disk."""
        self._store.sync()
