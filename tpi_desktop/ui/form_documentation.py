"""The documentation checklist (coding-rules.md section G): what the note must say before the
visit can be finalized. Empty means "not documented"; the engine names what is missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from tpi_desktop import domain
from tpi_desktop.domain import MuscleCatalog, TriggerPointSign
from tpi_desktop.ui.form_common import (
    FieldMark,
    compact,
    decimal_text,
    hint,
    named,
    npi_problem,
    parse_decimal,
    with_mark,
)

if TYPE_CHECKING:
    from tpi_desktop.domain import Documentation, Injection

_GAUGES = ("", "21G", "22G", "25G", "27G", "30G")
_ACTIVITY = (
    ("—", None),
    ("Active", "active"),
    ("Latent", "latent"),
    ("Active and latent", "active and latent"),
)
_REASONS = (
    "",
    "Failed conservative care (medication, stretching, massage)",
    "Limited range of motion",
    "Diagnostic",
)
_SIGNS = (
    (TriggerPointSign.TAUT_BAND, "Taut band"),
    (TriggerPointSign.HYPERIRRITABLE_SPOT, "Hyperirritable spot"),
    (TriggerPointSign.LOCAL_TWITCH_RESPONSE, "Local twitch response"),
    (TriggerPointSign.REFERRED_PAIN, "Referred pain"),
)


def _spin(name: str, high: int, tip: str, suffix: str = "") -> QSpinBox:
    # -1 is "not documented", shown as a dash, so an untouched field is never read as 0.
    spin = named(QSpinBox(), name)
    spin.setRange(-1, high)
    spin.setValue(-1)
    spin.setSpecialValueText("—")
    spin.setSuffix(suffix)
    spin.setToolTip(tip)
    spin.setAccessibleName(tip)
    spin.setMinimumWidth(70)
    return spin


def _text(name: str, placeholder: str, tip: str) -> QLineEdit:
    edit = named(QLineEdit(), name)
    edit.setPlaceholderText(placeholder)
    edit.setToolTip(tip)
    edit.setAccessibleName(tip)
    return edit


def _note(name: str, placeholder: str, tip: str) -> QPlainTextEdit:
    edit = named(QPlainTextEdit(), name)
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)  # Tab moves on; the note is not a place for tab characters
    edit.setFixedHeight(54)
    edit.setToolTip(tip)
    edit.setAccessibleName(tip)
    return edit


class DocumentationEditor(QWidget):
    """Every checklist item as a field or a check box."""

    changed = Signal()

    def __init__(self, catalog: MuscleCatalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._catalog = catalog
        self.needle_gauge = named(QComboBox(), "needle_gauge")
        self.needle_gauge.setEditable(True)
        self.needle_gauge.addItems(list(_GAUGES))
        compact(self.needle_gauge, 5)
        self.needle_gauge.setToolTip("Needle gauge")
        self.needle_gauge.setAccessibleName("Needle gauge")
        self.needle_length = _text("needle_length", "inches, e.g. 1.25", "Needle length in inches")
        self.length_mark = FieldMark(self.needle_length, "Needle length in inches")
        self.per_muscle = named(QLabel(), "injections_per_muscle")
        self.per_muscle.setWordWrap(True)
        self.pain_before = _spin("pain_before", 10, "Pain before the injections (0–10)")
        self.pain_after = _spin("pain_after", 10, "Pain after the injections (0–10, same scale)")
        self.relief = _spin("relief_percent", 100, "Immediate relief (%)", " %")
        self.relief_hint = hint("")
        self.signs = {sign: named(QCheckBox(text), f"sign_{sign.value}") for sign, text in _SIGNS}
        for check in self.signs.values():
            check.setToolTip("Examination finding (document at least 2)")
        self.activity = named(QComboBox(), "trigger_point_activity")
        for text, value in _ACTIVITY:
            self.activity.addItem(text, value)
        compact(self.activity, 10)
        self.activity.setToolTip("Active or latent trigger points")
        self.activity.setAccessibleName("Trigger point activity")
        self.reason = named(QComboBox(), "reason")
        self.reason.setEditable(True)
        self.reason.addItems(list(_REASONS))
        compact(self.reason, 16)
        self.reason.setToolTip("Why trigger point injection was chosen")
        self.reason.setAccessibleName("Reason for trigger point injection")
        self.technique = _text(
            "technique", "e.g. aseptic prep, fanning, 0.5 ml per point", "The technique used"
        )
        self.history = _note(
            "medical_history", "Relevant medical history", "Relevant medical history"
        )
        self.exam = _note("physical_exam", "Physical examination", "The physical examination")
        self.tests = _text(
            "diagnostic_tests",
            'Pertinent tests or procedures, or "none"',
            "Results of pertinent diagnostic tests (or none)",
        )
        self.prior_relief = _spin(
            "prior_relief_percent", 100, "Relief after the last session (%)", " %"
        )
        self.prior_weeks = _spin(
            "prior_relief_weeks", 104, "How many weeks that relief lasted", " wk"
        )
        self.functional = _text(
            "functional_change",
            "e.g. sleeps through the night, back at work",
            "Functional change since the last session",
        )
        self.conservative = named(
            QCheckBox("In a conservative care / home exercise programme"), "conservative_care"
        )
        self.conservative.setToolTip("Required for repeat sessions")
        self.referring_name = _text(
            "referring_name", "Name", "Referring provider (CMS-1500 box 17)"
        )
        self.referring_npi = _text("referring_npi", "NPI", "Referring provider NPI (10 digits)")
        self.referring_npi.setMaxLength(10)
        self.npi_mark = FieldMark(self.referring_npi, "Referring provider NPI (10 digits)")

        needle = QHBoxLayout()
        needle.addWidget(self.needle_gauge, 1)
        needle.addWidget(with_mark(self.needle_length, self.length_mark), 1)
        pain = QHBoxLayout()
        for caption, widget in (
            ("Before", self.pain_before),
            ("After", self.pain_after),
            ("Relief", self.relief),
        ):
            pain.addWidget(QLabel(caption))
            pain.addWidget(widget)
        pain.addStretch(1)
        signs = QGridLayout()
        for index, check in enumerate(self.signs.values()):
            signs.addWidget(check, index // 2, index % 2)
        signs.addWidget(self.activity, 2, 0, 1, 2)
        prior = QHBoxLayout()
        prior.addWidget(self.prior_relief)
        prior.addWidget(QLabel("for"))
        prior.addWidget(self.prior_weeks)
        prior.addStretch(1)
        referring = QHBoxLayout()
        referring.addWidget(self.referring_name, 2)
        referring.addWidget(with_mark(self.referring_npi, self.npi_mark), 1)

        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Needle", needle)
        form.addRow("Injections", self.per_muscle)
        form.addRow("Pain (0–10)", pain)
        form.addRow("", self.relief_hint)
        form.addRow("Trigger points", signs)
        form.addRow("Reason for TPI", self.reason)
        form.addRow("Technique", self.technique)
        form.addRow("History", self.history)
        form.addRow("Examination", self.exam)
        form.addRow("Tests", self.tests)
        form.addRow("Last session", prior)
        form.addRow("Function", self.functional)
        form.addRow("", self.conservative)
        form.addRow("Referred by", referring)
        self.set_injections(())

        for edit in (
            self.needle_length,
            self.technique,
            self.tests,
            self.functional,
            self.referring_name,
            self.referring_npi,
        ):
            edit.textChanged.connect(self._on_edited)
        for combo in (self.needle_gauge, self.reason):
            combo.currentTextChanged.connect(self._on_edited)
        self.activity.currentIndexChanged.connect(self._on_edited)
        for spin in (
            self.pain_before,
            self.pain_after,
            self.relief,
            self.prior_relief,
            self.prior_weeks,
        ):
            spin.valueChanged.connect(self._on_edited)
        for check in (*self.signs.values(), self.conservative):
            check.toggled.connect(self._on_edited)
        for note in (self.history, self.exam):
            note.textChanged.connect(self._on_edited)

    # -- values -------------------------------------------------------------------------------

    def documentation(self) -> Documentation:
        """The checklist as the engine reads it."""
        length, _ = parse_decimal(self.needle_length.text())
        npi = self.referring_npi.text().strip()
        return domain.Documentation(
            needle_gauge=self.needle_gauge.currentText().strip() or None,
            needle_length_in=length,
            technique=self.technique.text().strip() or None,
            pain_before=_value(self.pain_before),
            pain_after=_value(self.pain_after),
            relief_percent=_value(self.relief)
            if _value(self.relief) is not None
            else self._computed_relief(),
            medical_history=self.history.toPlainText().strip() or None,
            physical_exam=self.exam.toPlainText().strip() or None,
            diagnostic_tests=self.tests.text().strip() or None,
            trigger_point_signs=tuple(s for s, c in self.signs.items() if c.isChecked()),
            trigger_point_activity=self.activity.currentData(),
            reason=self.reason.currentText().strip() or None,
            prior_relief_percent=_value(self.prior_relief),
            prior_relief_weeks=_value(self.prior_weeks),
            functional_change=self.functional.text().strip() or None,
            conservative_care=self.conservative.isChecked() or None,
            referring_provider_name=self.referring_name.text().strip() or None,
            referring_provider_npi=npi if npi and npi_problem(npi) is None else None,
        )

    def set_documentation(self, doc: Documentation | None) -> None:
        """Show stored values (no ``changed`` signal)."""
        self.per_muscle.setMinimumHeight(0)  # another visit: the label may shrink again
        doc = doc or domain.Documentation()
        widgets = self.tab_chain()
        for widget in widgets:
            widget.blockSignals(True)
        self.needle_gauge.setCurrentText(doc.needle_gauge or "")
        self.needle_length.setText(decimal_text(doc.needle_length_in))
        self.technique.setText(doc.technique or "")
        for spin, value in (
            (self.pain_before, doc.pain_before),
            (self.pain_after, doc.pain_after),
            (self.prior_relief, doc.prior_relief_percent),
            (self.prior_weeks, doc.prior_relief_weeks),
        ):
            spin.setValue(-1 if value is None else value)
        computed = _relief(doc.pain_before, doc.pain_after)
        self.relief.setValue(-1 if doc.relief_percent in (None, computed) else doc.relief_percent)
        self.history.setPlainText(doc.medical_history or "")
        self.exam.setPlainText(doc.physical_exam or "")
        self.tests.setText(doc.diagnostic_tests or "")
        for sign, check in self.signs.items():
            check.setChecked(sign in doc.trigger_point_signs)
        self.activity.setCurrentIndex(max(0, self.activity.findData(doc.trigger_point_activity)))
        self.reason.setCurrentText(doc.reason or "")
        self.functional.setText(doc.functional_change or "")
        self.conservative.setChecked(bool(doc.conservative_care))
        self.referring_name.setText(doc.referring_provider_name or "")
        self.referring_npi.setText(doc.referring_provider_npi or "")
        for widget in widgets:
            widget.blockSignals(False)
        self._validate()

    def set_injections(self, injections: Sequence[Injection]) -> None:
        """Show the injections per muscle chosen on the body figure."""
        parts = []
        for injection in injections:
            name = injection.muscle_id
            if injection.muscle_id in self._catalog:
                name = self._catalog.get(injection.muscle_id).side_label(injection.side.value)
            parts.append(f"{name} ×{injection.count}")
        self.per_muscle.setText(
            "; ".join(parts) or "None yet: click the muscles on the body figure."
        )
        # Grow only while a visit is open (set_documentation resets it): a muscle removed must
        # not shrink the label, or the whole form below it moves and repaints on every click.
        width = self.per_muscle.width()
        if width > 0:
            needed = self.per_muscle.heightForWidth(width)
            if needed > self.per_muscle.minimumHeight():
                self.per_muscle.setMinimumHeight(needed)

    def problems(self) -> list[str]:
        """Reasons of marked fields."""
        return [m.reason for m in (self.length_mark, self.npi_mark) if m.reason]

    def set_read_only(self, read_only: bool) -> None:
        """Disable every input."""
        for widget in self.tab_chain():
            widget.setEnabled(not read_only)

    def tab_chain(self) -> list[QWidget]:
        """Inputs in Tab order."""
        return [
            self.needle_gauge,
            self.needle_length,
            self.pain_before,
            self.pain_after,
            self.relief,
            *self.signs.values(),
            self.activity,
            self.reason,
            self.technique,
            self.history,
            self.exam,
            self.tests,
            self.prior_relief,
            self.prior_weeks,
            self.functional,
            self.conservative,
            self.referring_name,
            self.referring_npi,
        ]

    # -- internals ----------------------------------------------------------------------------

    def _computed_relief(self) -> int | None:
        return _relief(_value(self.pain_before), _value(self.pain_after))

    def _validate(self) -> None:
        _, reason = parse_decimal(self.needle_length.text())
        self.length_mark.set(reason)
        self.npi_mark.set(npi_problem(self.referring_npi.text()))
        computed = self._computed_relief()
        self.relief_hint.setText(
            "" if computed is None else f"Immediate relief from the pain scores: {computed} %"
        )
        self.relief_hint.setVisible(computed is not None)

    def _on_edited(self, *_: object) -> None:
        self._validate()
        self.changed.emit()


def _value(spin: QSpinBox) -> int | None:
    return None if spin.value() < 0 else spin.value()


def _relief(before: int | None, after: int | None) -> int | None:
    if before is None or after is None or before <= 0:
        return None
    return max(0, round((before - after) * 100 / before))
