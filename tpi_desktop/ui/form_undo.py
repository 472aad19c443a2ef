"""Undo and redo over whole-form snapshots.

Each change pushes one ``SnapshotCommand`` holding the state before and after. Typing in one field
produces a burst of changes; bursts closer together than ``MERGE_WINDOW_S`` merge into one
command, so Undo takes back a word rather than a keystroke.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from tpi_desktop.ui.encounter_form import FormState

MERGE_WINDOW_S = 0.8
_COMMAND_ID = 4_2001


class SnapshotCommand(QUndoCommand):
    """Replace the form's state: ``redo`` shows ``after``, ``undo`` shows ``before``."""

    def __init__(
        self,
        before: FormState,
        after: FormState,
        apply: Callable[[FormState], None],
        text: str = "Edit",
    ) -> None:
        super().__init__(text)
        self.before = before
        self.after = after
        self._apply = apply
        self._first = True
        self._at = time.monotonic()

    def id(self) -> int:
        return _COMMAND_ID

    def redo(self) -> None:
        # The first redo is the push itself: the form already shows ``after``.
        if self._first:
            self._first = False
            return
        self._apply(self.after)

    def undo(self) -> None:
        self._apply(self.before)

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SnapshotCommand) or other.text() != self.text():
            return False
        if other._at - self._at > MERGE_WINDOW_S:
            return False
        self.after = other.after
        self._at = other._at
        return True
