"""The live coding panel: the engine's answer first, then the claim lines, findings and reasons.

The panel shows a ``CodingResult`` exactly as the engine returned it; it computes nothing. It
leads with the procedure code in large monospaced type with its units and modifiers and the muscle
count, then the claim lines (``ClaimLinesModel``), then the findings, errors first, each with an
icon and a word as well as a colour, then the rationale sentences. Everything wraps to the width
of a narrow column; nothing is drawn below 9 pt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from tpi_desktop.domain import LineKind
from tpi_desktop.ui import palette
from tpi_desktop.ui.chrome import secondary, text_color
from tpi_desktop.ui.money import format_cents
from tpi_desktop.ui.wrap_label import WrapLabel

if TYPE_CHECKING:
    from tpi_desktop.domain import CodingResult, Finding

EMPTY_TEXT = "Click a muscle or type its name to start"


def escape(text: str) -> str:
    """``text`` safe inside the panel's rich text (``html.escape`` without the import of
    ``html``'s entity table at start-up)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _heading(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setFont(palette.ui_font(10.5, bold=True))
    label.setContentsMargins(0, 8, 0, 0)
    return label


class _FindingRow(QWidget):
    """Icon, then the severity word in its colour and the message, wrapped."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._finding: Finding | None = None
        self._icon_key: tuple[object, float] | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(6)
        self.icon = QLabel(self)
        self.icon.setFixedSize(18, 18)
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        self.text = WrapLabel(self, rich=True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.text, 1)

    @property
    def finding(self) -> Finding | None:
        """The finding shown (or last shown, when hidden)."""
        return self._finding

    def show_finding(self, finding: Finding) -> None:
        # Most recodes repeat most findings: touch the labels only for a changed one (a new
        # text re-wraps and relayouts the column; a new pixmap is painted from scratch).
        if finding == self._finding:
            return
        self._finding = finding
        word = palette.severity_word(finding.severity)
        colour = palette.severity_color(finding.severity).name()
        icon_key = (finding.severity, self.devicePixelRatioF())
        if icon_key != self._icon_key:
            self._icon_key = icon_key
            self.icon.setPixmap(palette.severity_pixmap(finding.severity, 16, icon_key[1]))
        self.text.setText(f"<b style='color:{colour}'>{word}</b>&nbsp; {escape(finding.message)}")
        tip = f"{word} · rule {finding.rule} · {finding.id}"
        if finding.field:
            tip += f" · {finding.field}"
        self.setToolTip(tip)
        self.setAccessibleName(f"{word}: {finding.message}")


class CodingPanel(QWidget):
    """Shows one ``CodingResult`` (or the empty state) in a narrow scrolling column."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._result: CodingResult | None = None
        self.setAccessibleName("Coding result")
        self._stack = QStackedWidget(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._stack)

        self.empty = QLabel(EMPTY_TEXT, self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setFont(palette.ui_font(11))
        secondary(self.empty)
        self.empty.setMargin(16)
        self._stack.addWidget(self.empty)

        self._content: QWidget | None = None  # the details page, built for the first result
        self.show_result(None)

    def _build_details(self) -> None:
        """The details page (code, claim lines, findings, why), built when the first result
        arrives: at start the panel shows its empty state, so the window's first frame does
        without these widgets and their fonts."""
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # Focusable, so the keyboard can scroll to the findings (arrows, Page Down).
        scroll.setAccessibleName("Coding result details")
        scroll.setAccessibleDescription("The code, claim lines, findings and reasons")
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        content = QWidget(scroll)
        self._content = content
        scroll.setWidget(content)
        content.installEventFilter(self)  # grow-only height, see eventFilter
        self._stack.addWidget(scroll)
        body = QVBoxLayout(content)
        body.setContentsMargins(12, 10, 12, 12)
        body.setSpacing(4)

        caption = QLabel("Procedure code", content)
        secondary(caption)
        body.addWidget(caption)
        answer = QHBoxLayout()
        answer.setSpacing(10)
        self.code_label = QLabel(content)
        self.code_label.setFont(palette.code_font(30))
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        answer.addWidget(self.code_label, 0, Qt.AlignmentFlag.AlignBaseline)
        self.units_label = WrapLabel(content)
        self.units_label.setFont(palette.mono_font(14))
        answer.addWidget(self.units_label, 1, Qt.AlignmentFlag.AlignBaseline)
        body.addLayout(answer)
        self.muscles_label = WrapLabel(content)
        self.muscles_label.setFont(palette.ui_font(12, bold=True))
        body.addWidget(self.muscles_label)
        self.description_label = WrapLabel(content)
        secondary(self.description_label)
        body.addWidget(self.description_label)

        body.addWidget(_heading("Claim lines", content))
        # The table's module (and Qt's item-view classes) load with this page, after the start.
        from tpi_desktop.ui.claim_lines import ClaimLinesModel, ClaimLinesView

        self.model = ClaimLinesModel(self)
        self.table = ClaimLinesView(content)
        self.table.setModel(self.model)
        body.addWidget(self.table)
        self.total_label = QLabel(content)
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.total_label.setFont(palette.mono_font(10))
        body.addWidget(self.total_label)

        self.findings_heading = _heading("Findings", content)
        body.addWidget(self.findings_heading)
        self._findings_box = QVBoxLayout()
        self._findings_box.setSpacing(2)
        body.addLayout(self._findings_box)
        self._finding_rows: list[_FindingRow] = []
        self.no_findings = QLabel("No problems found.", content)
        secondary(self.no_findings)
        body.addWidget(self.no_findings)

        body.addWidget(_heading("Why", content))
        self.rationale_label = WrapLabel(content, rich=True)
        self.rationale_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        body.addWidget(self.rationale_label)
        self.versions_label = WrapLabel(content)
        self.versions_label.setFont(palette.ui_font(9))
        secondary(self.versions_label)
        self.versions_label.setContentsMargins(0, 8, 0, 0)
        body.addWidget(self.versions_label)
        body.addStretch(1)

    def release_height(self) -> None:
        """Let the details shrink to their content again (a new visit is shown)."""
        if self._content is not None:
            self._content.setMinimumHeight(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keep the details as tall as they have been for this visit: when a recode shortens
        them, the scroll range (and Fusion's costly scroll bar repaint) and every row's place
        stay put; blank space at the end costs nothing."""
        if watched is self._content and event.type() == QEvent.Type.Resize:
            height = self._content.height()
            if height > self._content.minimumHeight():
                self._content.setMinimumHeight(height)
        return super().eventFilter(watched, event)

    def result(self) -> CodingResult | None:
        """The result shown, or ``None`` in the empty state."""
        return self._result

    def finding_rows(self) -> tuple[_FindingRow, ...]:
        """The visible finding rows, in display order (errors first)."""
        return tuple(r for r in self._finding_rows if not r.isHidden())

    def show_result(self, result: CodingResult | None) -> None:
        """Show the engine's answer; ``None`` shows the empty state."""
        self._result = result
        if result is None:
            if self._content is not None:
                self.model.set_lines(())
            self.release_height()
            if self._stack.currentIndex() != 0:
                self._stack.setCurrentIndex(0)
            return
        if self._content is None:
            self._build_details()
        self._show_answer(result)
        self.model.set_lines(result.lines)  # the view re-fits its rows on the model reset
        charges = [line.charge_cents for line in result.lines if line.charge_cents is not None]
        self.total_label.setText(f"Total charge {format_cents(sum(charges))}" if charges else "")
        self._show_findings(result)
        self.rationale_label.setText(
            "".join(f"<p style='margin:0 0 4px 0'>{escape(s)}</p>" for s in result.rationale)
            or "<p>—</p>"
        )
        versions = [f"engine {result.engine_version}"] if result.engine_version else []
        versions += [f"{name} {version}" for name, version in result.data_versions]
        self.versions_label.setText(" · ".join(versions))
        if self._stack.currentIndex() != 1:
            self._stack.setCurrentIndex(1)

    def _show_answer(self, result: CodingResult) -> None:
        code = result.procedure_code
        line = next(
            (ln for ln in result.lines if ln.kind is LineKind.PROCEDURE and ln.code == code), None
        )
        muscles = f"{result.muscle_count} muscle{'s' * (result.muscle_count != 1)}"
        if code is None:
            self.code_label.setText("—")
            self._set_code_colour(palette.GREY_700_HEX)
            self.units_label.setText("")
            self.muscles_label.setText(f"No trigger point code · {muscles}")
            self.description_label.setText("")
            self.code_label.setAccessibleName("No trigger point injection code")
            return
        units = line.units if line is not None else 1
        modifiers = "".join(f"-{m}" for m in line.modifiers) if line is not None else ""
        self.code_label.setText(code)
        self._set_code_colour(palette.GREY_900_HEX)
        self.units_label.setText(f"{modifiers} × {units} unit{'s' * (units != 1)}".strip())
        self.muscles_label.setText(muscles)
        self.description_label.setText(line.description if line is not None else "")
        self.code_label.setAccessibleName(
            f"Procedure code {code}{', modifiers ' + modifiers if modifiers else ''}, {units} unit"
        )

    def _new_finding_row(self) -> _FindingRow:
        assert self._content is not None  # rows come with a result, after _build_details
        row = _FindingRow(self._content)
        self._findings_box.addWidget(row)
        return row

    def _set_code_colour(self, hex_value: str) -> None:
        if self.code_label.property("colour") != hex_value:
            self.code_label.setProperty("colour", hex_value)
            text_color(self.code_label, hex_value)

    def _show_findings(self, result: CodingResult) -> None:
        findings = sorted(result.findings, key=lambda f: palette.SEVERITY_ORDER[f.severity])
        # A row already showing a finding keeps it, even when it moves (one muscle more often
        # adds or drops a single finding and shifts the rest): only new findings are typeset.
        free = [r for r in self._finding_rows if not r.isHidden()]
        rows: list[_FindingRow | None] = []
        for finding in findings:
            row = next((r for r in free if r.finding == finding), None)
            if row is not None:
                free.remove(row)
            rows.append(row)
        spare = free + [r for r in self._finding_rows if r.isHidden()]
        ordered: list[_FindingRow] = []
        for finding, kept in zip(findings, rows, strict=True):
            row = kept or (spare.pop(0) if spare else self._new_finding_row())
            row.show_finding(finding)
            ordered.append(row)
        for index, row in enumerate(ordered):
            item = self._findings_box.itemAt(index)
            if item is None or item.widget() is not row:
                self._findings_box.removeWidget(row)
                self._findings_box.insertWidget(index, row)
            if row.isHidden():
                row.show()
        for row in spare:
            if not row.isHidden():
                row.hide()
        self._finding_rows = ordered + spare
        errors = sum(1 for f in findings if f.severity == "error")
        suffix = f" · {errors} error{'s' * (errors != 1)}" if errors else ""
        heading = f"Findings ({len(findings)}){suffix}" if findings else "Findings"
        self.findings_heading.setText(heading)
        self.no_findings.setVisible(not findings)
