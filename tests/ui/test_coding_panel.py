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
from tpi_desktop.ui.claim_lines import (
    CHARGE,
    CODE,
    DESCRIPTION,
    DX,
    MODIFIERS,
    UNITS,
    ClaimLinesModel,
    ClaimLinesView,
)
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


def test_a_view_deleted_before_its_pending_fit_raises_nothing(qtbot) -> None:
    import shiboken6

    model = ClaimLinesModel()
    view = ClaimLinesView()
    view.setModel(model)
    model.set_lines(LINES)
    view._on_section_resized(DESCRIPTION, 0, 120)  # queues a fit for the next event loop turn
    assert view._fit_pending
    shiboken6.delete(view)  # the panel is gone before the loop runs (a window closed)
    # pytest-qt fails the test if the queued fit raises ("already deleted").
    qtbot.wait(30)
    assert not shiboken6.isValid(view)


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
    assert tip == "99213 Office visit, established patient\n\nModifier 25: separate E/M."
    assert "NDC 00003029305" in model.data(model.index(2, CHARGE), Qt.ItemDataRole.ToolTipRole)
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


@pytest.mark.parametrize("width", [300, 380, 480])
def test_claim_lines_readable_at_panel_widths(panel: CodingPanel, qtbot, width: int) -> None:  # type: ignore[no-untyped-def]
    long = CodeLine(
        "99205",
        LineKind.EM,
        "Office or other outpatient visit for the evaluation and management of a new patient,"
        " high medical decision making",
        ("25", "59"),
        12,
        ("A", "B", "C", "D"),
        charge_cents=123456,
        rule="B1",
    )
    panel.resize(width, 900)
    panel.show_result(make_result(lines=(long, *LINES)))
    qtbot.wait(20)
    table, model = panel.table, panel.model
    assert table.mapTo(panel, table.rect().topRight()).x() <= panel.width()
    header = table.horizontalHeader()
    used = sum(
        header.sectionSize(c) for c in range(model.columnCount()) if not table.isColumnHidden(c)
    )
    assert used <= table.viewport().width()
    for column in (CODE, MODIFIERS, UNITS, DX, CHARGE):
        assert not table.isColumnHidden(column)
        size = header.sectionSize(column)
        title = model.headerData(column, Qt.Orientation.Horizontal)
        assert header.fontMetrics().horizontalAdvance(title) <= size, title
        for row in range(model.rowCount()):
            index = model.index(row, column)
            text = str(index.data() or "")
            width_needed = table.fontMetrics().horizontalAdvance(text)
            font = index.data(Qt.ItemDataRole.FontRole)
            if font is not None:
                from PySide6.QtGui import QFontMetrics

                width_needed = QFontMetrics(font).horizontalAdvance(text)
            assert width_needed <= size, (title, text, size)
    if table.description_shown():
        size = header.sectionSize(DESCRIPTION)
        assert header.fontMetrics().horizontalAdvance("Description") <= size
        line = table.fontMetrics().lineSpacing()
        assert table.rowHeight(0) <= 2 * line + 8  # two wrapped lines at most, then elided
    else:
        assert width < 380  # only the narrowest panel hides the description
        tip = model.data(model.index(0, CODE), Qt.ItemDataRole.ToolTipRole)
        assert long.description in tip


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


def test_a_finding_keeps_its_row_when_others_come_and_go(panel: CodingPanel) -> None:
    panel.show_result(make_result(findings=FINDINGS[:2]))  # info and warning: shown warning first
    warning_row, info_row = panel.finding_rows()
    panel.show_result(make_result())  # an error comes first: the others move down
    rows = panel.finding_rows()
    assert [r.finding for r in rows] == [FINDINGS[2], FINDINGS[1], FINDINGS[0]]
    assert rows[1] is warning_row and rows[2] is info_row  # moved, not typeset again
    assert "4th TPI session" in rows[0].text.text()
    assert "Only 20 days" in rows[1].text.text() and "Needle gauge" in rows[2].text.text()
    panel.show_result(make_result(findings=FINDINGS[:1]))
    assert [r.text.text() for r in panel.finding_rows()] == [info_row.text.text()]
    assert panel.finding_rows()[0] is info_row


def test_the_details_do_not_shrink_while_a_visit_is_coded(panel: CodingPanel, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel.resize(380, 200)  # the details scroll
    panel.show_result(make_result())
    content = panel._content
    qtbot.waitUntil(lambda: content.height() > 200)
    qtbot.wait(50)  # settled (the scroll bar appears and narrows the column)
    tall = content.height()
    panel.show_result(make_result(findings=(), lines=LINES[:1], rationale=("Short.",)))
    qtbot.wait(50)
    assert content.height() == tall  # no relayout of the column, no new scroll range
    assert len(panel.finding_rows()) == 0 and panel.no_findings.isVisibleTo(panel)
    panel.release_height()  # a new visit
    qtbot.waitUntil(lambda: content.height() < tall)


def test_wrap_label_height_follows_its_text(qtbot) -> None:  # type: ignore[no-untyped-def]
    from tpi_desktop.ui.wrap_label import WrapLabel

    label = WrapLabel(rich=True)
    qtbot.addWidget(label)
    label.setText("<b>Short</b>")
    one_line = label.heightForWidth(200)
    assert label.heightForWidth(200) == one_line  # asked again: the same answer
    label.setText("<b>Long</b> " + "words that wrap " * 20)
    assert label.heightForWidth(200) > 3 * one_line
    label.setContentsMargins(0, 30, 0, 0)
    assert label.heightForWidth(200) >= 3 * one_line + 30
