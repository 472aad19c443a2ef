"""A word-wrapped label that remembers its height for each width until its text changes.

A layout asks every word-wrapped label for ``heightForWidth`` on each pass, and QLabel answers by
laying its text out again (a whole ``QTextDocument`` for rich text). The coding panel holds a
score of such labels and relayouts on every recode, though most of them keep their text: this
label answers those from a small cache, so a pass costs only the labels that changed.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QLabel, QWidget

_MAX_WIDTHS = 32  # widths remembered (a splitter drag asks for many; then start again)
_INVALIDATING = {
    QEvent.Type.FontChange,
    QEvent.Type.StyleChange,
    QEvent.Type.ContentsRectChange,
    QEvent.Type.LayoutDirectionChange,
}


class WrapLabel(QLabel):
    """``QLabel`` with word wrap on and a cached ``heightForWidth``."""

    def __init__(self, parent: QWidget | None = None, *, rich: bool = False) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        if rich:
            self.setTextFormat(Qt.TextFormat.RichText)
        self._heights: dict[int, int] = {}

    def setText(self, text: str) -> None:
        """Set the text; the same text again changes nothing (and relayouts nothing)."""
        if text == self.text():
            return
        self._heights.clear()
        super().setText(text)

    def heightForWidth(self, width: int) -> int:
        """QLabel's answer, computed once per width and text."""
        height = self._heights.get(width)
        if height is None:
            if len(self._heights) >= _MAX_WIDTHS:
                self._heights.clear()
            height = self._heights[width] = super().heightForWidth(width)
        return height

    def changeEvent(self, event: QEvent) -> None:
        """A new font, style or margins changes every height."""
        if event.type() in _INVALIDATING:
            self._heights.clear()
        super().changeEvent(event)
