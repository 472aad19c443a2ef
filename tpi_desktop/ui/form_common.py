"""Small pieces every part of the encounter form shares: field marks, labelled rows, parsing.

An invalid value is never thrown away: the text stays in its field, the field gets a red border,
and the reason is shown in a small label under it and in its tooltip. ``FieldMark`` does that
for one input; the section widgets keep one per input that can be wrong.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QGroupBox, QLabel, QVBoxLayout, QWidget

from tpi_desktop.domain.npi import npi_problem as domain_npi_problem
from tpi_desktop.ui import palette
from tpi_desktop.ui.chrome import Section, secondary, text_color

INVALID_STYLE = f"border: 2px solid {palette.ERROR_HEX}; border-radius: 3px; padding: 1px;"


class FieldMark:
    """The red border, message label and tooltip of one input."""

    def __init__(self, field: QWidget, tip: str) -> None:
        self.field = field
        self.tip = tip
        self.label = QLabel()
        self.label.setObjectName(f"{field.objectName()}_error")
        self.label.setWordWrap(True)
        text_color(self.label, palette.ERROR_HEX)
        self.label.setVisible(False)
        self.reason: str | None = None
        field.setToolTip(tip)
        if not field.accessibleName():
            field.setAccessibleName(tip)

    def set(self, reason: str | None) -> None:
        """Mark the field invalid with ``reason``, or clear the mark with ``None``."""
        if reason == self.reason:
            return
        self.reason = reason
        self.field.setProperty("invalid", reason is not None)
        # A style sheet only while invalid (rare): the red border needs one on every input kind.
        self.field.setStyleSheet(INVALID_STYLE if reason else "")
        self.label.setText(reason or "")
        self.label.setVisible(reason is not None)
        self.field.setToolTip(f"{self.tip}\n⚠ {reason}" if reason else self.tip)


def with_mark(field: QWidget, mark: FieldMark) -> QWidget:
    """The field with its message label under it, as one cell of a form layout."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(field)
    layout.addWidget(mark.label)
    return box


def compact(combo: QComboBox, chars: int = 10) -> QComboBox:
    """Let a combo box with long entries shrink to ``chars`` characters (the popup stays wide),
    so the form column never grows wider than the window."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)
    return combo


def section(title: str, object_name: str) -> QGroupBox:
    """A titled group of the form (bold title, white box with a rounded border)."""
    box = Section(title)
    box.setObjectName(object_name)
    return box


def hint(text: str) -> QLabel:
    """A secondary-text note under a field."""
    label = QLabel(text)
    label.setWordWrap(True)
    secondary(label)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


def pydate(day: QDate) -> dt.date:
    """A date from a QDate."""
    return dt.date(day.year(), day.month(), day.day())


def qdate(day: dt.date) -> QDate:
    """A QDate from a date."""
    return QDate(day.year, day.month, day.day)


def parse_decimal(text: str, *, allow_empty: bool = True) -> tuple[Decimal | None, str | None]:
    """``(value, None)`` for a non-negative number, ``(None, reason)`` otherwise."""
    raw = text.strip().replace(",", ".")
    if not raw:
        return None, None if allow_empty else "required"
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None, f"{text.strip()!r} is not a number"
    if not value.is_finite() or value < 0:
        return None, "must be a number of 0 or more"
    return value, None


def decimal_text(value: Decimal | None) -> str:
    """A Decimal as the user would type it ("40", "1.25")."""
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text


def npi_problem(npi: str) -> str | None:
    """Why ``npi`` is not a valid NPI, or None (also None while the field is empty)."""
    return domain_npi_problem(npi) if npi.strip() else None


_W = TypeVar("_W", bound=QWidget)


def named(widget: _W, name: str) -> _W:
    """``widget`` with its object name set (tests and style sheets find inputs by name)."""
    widget.setObjectName(name)
    return widget


def buddy_label(text: str, buddy: QWidget) -> QLabel:
    """A label whose mnemonic (``&E``) moves the focus to ``buddy``."""
    label = QLabel(text)
    label.setBuddy(buddy)
    return label
