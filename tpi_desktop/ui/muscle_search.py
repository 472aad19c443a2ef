"""Pick a muscle and side by keyboard: a search box with word completion and a Right/Left toggle.

Typing "rig upp trap" or "upper trap" offers "Right trapezius (upper fibers)" (every typed word
must appear in the side, the name, a synonym or the id). Enter adds the highlighted completion,
or the best match on the side chosen with the toggle. Deep muscles that the figure does not draw
are found here like any other.
"""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tpi_desktop.domain import MuscleCatalog, Side, normalise_term
from tpi_desktop.ui.chrome import SegmentButton, secondary

Key = tuple[str, str]
MAX_ENTRIES = 24


def _is_side_word(word: str) -> bool:
    """ "r", "rt", "rig", "left"...: short forms of a side ("le" and "ri" stay muscle words)."""
    if word in ("r", "l", "rt", "lt"):
        return True
    return len(word) >= 3 and any(side.value.startswith(word) for side in Side)


class MuscleSearch(QWidget):
    """The search row. ``picked(muscle_id, side)`` when the user adds a muscle."""

    picked = Signal(str, str)

    def __init__(self, catalog: MuscleCatalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._catalog = catalog
        # Per muscle: its name and every search term, normalised once.
        self._terms = [
            (m, normalise_term(m.name), [normalise_term(t) for t in (m.id, *m.synonyms)])
            for m in catalog
        ]
        self._entries: dict[str, Key] = {}
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("Find a muscle…")
        self.edit.setClearButtonEnabled(True)
        self.edit.setAccessibleName("Find a muscle")
        self.edit.setToolTip(
            'Type part of a muscle\'s name or a synonym ("rig upp trap"); Enter adds it on the '
            "side chosen at the right, or pick a side from the list"
        )
        self._model = QStringListModel(self)
        self.completer = QCompleter(self._model, self)
        # We filter ourselves (word by word), so the completer must show the list as given.
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setMaxVisibleItems(12)
        self.edit.setCompleter(self.completer)
        popup = self.completer.popup()
        if popup is not None:
            popup.setAccessibleName("Matching muscles")
        self.right = self._side_button("Right", Side.RIGHT)
        self.left = self._side_button("Left", Side.LEFT)
        self.right.setChecked(True)
        self._sides = QButtonGroup(self)
        self._sides.setExclusive(True)
        self._sides.addButton(self.right)
        self._sides.addButton(self.left)
        self.add = QPushButton("Add", self)
        self.add.setAccessibleName("Add muscle")
        self.add.setToolTip("Add the muscle typed in the search box (Enter)")
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        secondary(self.message)
        self.message.hide()

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.edit, 1)
        row.addSpacing(2)
        sides = QHBoxLayout()  # the Right | Left toggle reads as one control
        sides.setSpacing(0)
        sides.addWidget(self.right)
        sides.addWidget(self.left)
        row.addLayout(sides)
        row.addWidget(self.add)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.message)

        self.edit.textEdited.connect(self._on_text_edited)
        self.edit.returnPressed.connect(self._on_return_pressed)
        self.completer.activated[str].connect(  # type: ignore[index]
            self._on_completion_activated
        )
        self.add.clicked.connect(self._on_return_pressed)
        self._sides.buttonToggled.connect(self._on_side_toggled)

    def _side_button(self, text: str, side: Side) -> SegmentButton:
        # The Right/Left toggle as one segmented control: the chosen side in the accent colour.
        button = SegmentButton(text, first=side is Side.RIGHT, parent=self)
        button.setObjectName(f"side{text}")
        button.setAccessibleName(f"{text} side")
        button.setToolTip(f"Add muscles on the patient's {text.lower()} side (Alt+{text[0]})")
        button.setShortcut(f"Alt+{text[0]}")
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        return button

    def side(self) -> Side:
        """The side chosen with the toggle."""
        return Side.LEFT if self.left.isChecked() else Side.RIGHT

    def set_side(self, side: Side) -> None:
        """Choose the side used when the typed text names none."""
        (self.left if side is Side.LEFT else self.right).setChecked(True)

    def matches(self, text: str) -> list[tuple[str, Key]]:
        """Completion entries for ``text``: (label, (muscle_id, side)), best first."""
        words = normalise_term(text).split()
        side_words = [w for w in words if _is_side_word(w)]
        rest = [w for w in words if w not in side_words]
        if not rest:
            return []
        typed = [s for s in Side if any(s.value.startswith(w) for w in side_words)]
        chosen = self.side()
        other = Side.LEFT if chosen is Side.RIGHT else Side.RIGHT
        sides = typed or [chosen, other]
        scored: list[tuple[int, int, int, str, Key]] = []
        for index, (muscle, name, others) in enumerate(self._terms):
            suffix = ""
            if all(w in name for w in rest):
                score = 0 if name.startswith(rest[0]) else 1
            else:
                term = next((t for t in others if all(w in t for w in rest)), None)
                if term is None:
                    continue
                score = 2
                suffix = "" if term == muscle.id else f" · {term}"
            for side_rank, side in enumerate(sides):
                label = muscle.side_label(side.value) + suffix
                scored.append((score, index, side_rank, label, (muscle.id, side.value)))
        scored.sort(key=lambda item: item[:3])
        return [(label, key) for _, _, _, label, key in scored[:MAX_ENTRIES]]

    def _on_text_edited(self, text: str) -> None:
        self.message.hide()
        entries = self.matches(text)
        self._entries = dict(entries)
        self._model.setStringList([label for label, _ in entries])
        if entries:
            # As wide as the whole search row (not just the box), so names are not cut short.
            popup = self.completer.popup()
            width = self.width()
            if popup is not None:
                fm = popup.fontMetrics()
                longest = max(fm.horizontalAdvance(label) for label, _ in entries) + 40
                width = max(width, min(longest, 2 * self.width()))
                # QLineEdit re-opens the popup at its own width after each key: a minimum holds.
                popup.setMinimumWidth(width)
            self.completer.complete()
        else:
            self._hide_popup()

    def _on_side_toggled(self) -> None:
        if self.edit.text().strip():
            self._on_text_edited(self.edit.text())

    def _hide_popup(self) -> None:
        popup = self.completer.popup()
        if popup is not None:
            popup.hide()

    def _on_completion_activated(self, label: str) -> None:
        key = self._entries.get(label)
        if key is not None:
            self._pick(key)

    def _on_return_pressed(self) -> None:
        text = self.edit.text().strip()
        if not text:
            return
        key = self._entries.get(text)
        if key is None:
            entries = self.matches(text)
            key = entries[0][1] if entries else None
        if key is None:
            self.message.setText(f"No muscle in the catalog matches “{text}”.")
            self.message.show()
            return
        self._pick(key)

    def _pick(self, key: Key) -> None:
        self.picked.emit(*key)
        self._hide_popup()
        # QCompleter writes the chosen entry back into the line edit after activation: clear later.
        self.edit.clear()
        QTimer.singleShot(0, self.edit.clear)
        self._entries = {}
        self._model.setStringList([])
