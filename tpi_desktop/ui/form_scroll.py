"""The scroll area around the encounter form: never narrower than the form can be.

The form scrolls vertically only. Its column in the window's splitter must therefore never be
narrower than the form's own smallest width, or inputs and buttons on the right would be cut off
with no way to reach them. ``FormScroll`` reports that width (plus the vertical scroll bar) as
its minimum size hint, so the splitter cannot squeeze the column below it, and it updates the
hint whenever the form's layout changes (a drug or procedure row added). A horizontal scroll bar
appears only as the last resort, should the window itself be narrower than every column's minimum.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


class FormScroll(QScrollArea):
    """A vertically scrolling, resizable scroll area whose minimum width fits its widget."""

    def __init__(self, form: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("form_scroll")
        self.setWidget(form)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        form.installEventFilter(self)

    def minimumSizeHint(self) -> QSize:
        """The form's smallest width plus room for the vertical scroll bar."""
        hint = super().minimumSizeHint()
        form = self.widget()
        if form is None:
            return hint
        width = (
            form.minimumSizeHint().width()
            + self.verticalScrollBar().sizeHint().width()
            + 2 * self.frameWidth()
        )
        return QSize(max(hint.width(), width), hint.height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A new minimum for the form (rows added or removed) is a new minimum for the column."""
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().eventFilter(watched, event)
