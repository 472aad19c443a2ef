"""The coding panel: the answer first, the claim lines model, findings with words, readability."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from tpi_desktop.domain import (
    CodeLine,
    CodingResult,
    Eligibility,
    Encounter,
    Finding,
    Injection,
    LineKind,
    Severity,
    Side,
)
from tpi_desktop.ui.claim_lines import CHARGE, CODE, DX, MODIFIERS, UNITS, ClaimLinesModel
from tpi_desktop.ui.coding_panel import EMPTY_TEXT, CodingPanel

LINES = (
    CodeLine(
        "99213",
        LineKind.EM,
        "Office visit, established patient",
        ("25",),
        1,
        ("A", "B"),
        charge_cents=9100,
        rule="B1",
        rationale="Modifier 25: separate E/M.",
    ),
    CodeLine(
        "20553",
        LineKind.PROCEDURE,
        "Trigger point injection(s), 3 or more muscles",
        ("XS",),
        1,
        ("A",),
        charge_cents=5200,
        rule="A1",
    ),
    CodeLine(
        "J3301",
        LineKind.DRUG,
        "Triamcinolone acetonide inj., per 10 mg",
        (),
        4,
        ("A",),
        ndc="00003029305",
        ndc_quantity="1",
        ndc_unit="ML",
        charge_cents=None,
        rule="D1",
    ),
)
FINDINGS = (
    Finding("documentation_missing", Severity.INFO, "Needle gauge not documented.", "G1"),
    Finding("repeat_interval_short", Severity.WARNING, "Only 20 days since the last TPI.", "F2"),
    Finding("frequency_limit", Severity.ERROR, "4th TPI session in 12 months.", "F1"),
)


def make_result(**changes: object) -> CodingResult:
    values: dict[str, object] = dict(
        procedure_code="20553",
        muscle_count=3,
        muscles=(),
        lines=LINES,
        findings=FINDINGS,
        rationale=("3 distinct muscles → 20553 ×1.", "XS: a distinct site is documented."),
        eligibility=Eligibility(3, 3, 365, dt.date(2026, 9, 2), None),
        engine_version="1.0.0",
    )
    values.update(changes)
    return CodingResult(**values)  # type: ignore[arg-type]


@pytest.fixture
def panel(qtbot) -> CodingPanel:  # type: ignore[no-untyped-def]
    widget = CodingPanel()
    qtbot.addWidget(widget)
    widget.resize(380, 900)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_model_passes_qtmodeltester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = ClaimLinesModel()
    model.set_lines(LINES)
    qtmodeltester.check(model)
    model.set_lines(LINES[:1])
    qtmodeltester.check(model)
    model.set_lines(())
    qtmodeltester.check(model)


def test_model_cells() -> None:
    model = ClaimLinesModel()
    model.set_lines(LINES)
    cell = lambda row, column: model.data(model.index(row, column))  # noqa: E731
    assert (model.rowCount(), model.columnCount()) == (3, 6)
    first = [cell(0, c) for c in (CODE, MODIFIERS, UNITS, DX, CHARGE)]
    assert first == ["99213", "25", "1", "AB", "$91.00"]
    assert cell(1, CHARGE) == "$52.00"
    assert cell(2, CHARGE) == ""
    assert "NDC 00003029305" in cell(2, 1)
    tip = model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert tip == "Modifier 25: separate E/M."
    assert model.data(model.index(1, 0), Qt.ItemDataRole.UserRole) is LINES[1]


def test_empty_state(panel: CodingPanel) -> None:
    assert panel.empty.isVisible()
    assert panel.empty.text() == EMPTY_TEXT
    panel.show_result(make_result())
    assert not panel.empty.isVisible()
    panel.show_result(None)
    assert panel.empty.isVisible() and panel.model.rowCount() == 0


def test_leads_with_the_answer(panel: CodingPanel) -> None:
    panel.show_result(make_result())
    assert panel.code_label.text() == "20553"
    assert panel.code_label.font().pointSizeF() >= 28
    assert panel.units_label.text() == "-XS × 1 unit"
    assert panel.muscles_label.text() == "3 muscles"
    assert panel.model.rowCount() == 3
    assert panel.total_label.text() == "Total charge $143.00"
    # The code sits above the table, which sits above the findings.
    y = lambda w: w.mapTo(panel, w.rect().topLeft()).y()  # noqa: E731
    assert y(panel.code_label) < y(panel.table) < y(panel.finding_rows()[0])


def test_no_code(panel: CodingPanel) -> None:
    panel.show_result(make_result(procedure_code=None, muscle_count=0, lines=(), findings=()))
    assert panel.code_label.text() == "—"
    assert "No trigger point code" in panel.muscles_label.text()
    assert panel.no_findings.isVisible()


def test_findings_errors_first_with_words(panel: CodingPanel) -> None:
    panel.show_result(make_result())
    rows = panel.finding_rows()
    texts = [row.text.text() for row in rows]
    assert [t.split("</b>")[0].rsplit(">", 1)[1] for t in texts] == ["Error", "Warning", "Info"]
    assert "4th TPI session" in texts[0]
    assert rows[0].accessibleName() == "Error: 4th TPI session in 12 months."
    assert not rows[0].icon.pixmap().isNull()
    assert panel.findings_heading.text() == "Findings (3) · 1 error"
    # Fewer findings next time: the spare rows are hidden, not left showing old text.
    panel.show_result(make_result(findings=FINDINGS[:1]))
    assert len(panel.finding_rows()) == 1


def test_readable_in_a_narrow_column(panel: CodingPanel, qtbot) -> None:  # type: ignore[no-untyped-def]
    long = "Documentation " + "word " * 60
    panel.show_result(make_result(findings=(Finding("x", Severity.WARNING, long, "G1"),)))
    qtbot.wait(10)
    for label in panel.findChildren(QLabel):
        if not label.isVisible():
            continue
        assert label.font().pointSizeF() >= 9, label.text()
        if label.wordWrap() and label.text():
            # Tall enough for its wrapped text, and not wider than the column.
            assert label.height() >= label.heightForWidth(label.width()) - 1, label.text()[:40]
        assert label.mapTo(panel, label.rect().topRight()).x() <= panel.width(), label.text()[:40]
    for widget in panel.findChildren(QWidget):
        assert widget.font().pointSizeF() >= 9 or widget.font().pointSizeF() < 0
    table = panel.table
    rows_height = sum(table.rowHeight(r) for r in range(panel.model.rowCount()))
    assert table.height() >= rows_height + table.horizontalHeader().height()


def test_engine_result_shown(panel: CodingPanel, tables, evaluate) -> None:  # type: ignore[no-untyped-def]
    encounter = Encounter(
        date_of_service=dt.date(2026, 6, 15),
        payer="medicare",
        injections=(
            Injection("upper_trapezius", Side.RIGHT),
            Injection("posterior_deltoid", Side.RIGHT),
            Injection("supraspinatus", Side.RIGHT),
        ),
        diagnoses=("M79.18",),
    )
    panel.show_result(evaluate(encounter, tables))
    assert panel.code_label.text() == "20553"
    assert panel.model.data(panel.model.index(0, CODE)) == "20553"
