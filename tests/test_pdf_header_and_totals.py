"""The header (a finalize override, long values that wrap) and the total charge (box 28)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from io import BytesIO
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from tests.test_pdf_samples import pdf_pages, seed_visit, summary_of
from tpi_desktop.domain import Visit, VisitStatus
from tpi_desktop.export import render_claim_summary
from tpi_desktop.export.canvas import clipped
from tpi_desktop.export.sections_claim import DIAGNOSES_HEADING, LINES_HEADING
from tpi_desktop.export.styles import PAGE_MARGIN

LONG_NAME = ("Oyelaran-Whitfield-Montgomery", "Bartholomew")
LONG_PAYER = "Blue Cross Blue Shield of the Greater Northwestern Federal Employee Program"


def _finalized(reason: str | None) -> Visit:
    visit = seed_visit(VisitStatus.FINAL)
    when = dt.datetime(2026, 6, 16, 10, 30)
    return dataclasses.replace(
        visit, finalized_at=when, finalized_by="jlee", override_reason=reason
    )


def _first_page(visit: Visit, **kw: Any) -> str:
    return pdf_pages(render_claim_summary(summary_of(visit, **kw)))[0]


def test_a_finalize_override_prints_its_reason_beside_the_finalized_line() -> None:
    text = _first_page(_finalized("ABN on file"))
    header = text[: text.index("Patient")]
    assert "Finalized 06/16/2026 by jlee" in header
    assert "Finalized over open findings: ABN on file" in header


def test_no_override_no_line_and_a_draft_never_prints_one() -> None:
    assert "open findings" not in _first_page(_finalized(None))
    draft = dataclasses.replace(_finalized("ABN on file"), status=VisitStatus.DRAFT)
    assert "open findings" not in _first_page(draft)


def test_a_long_override_reason_wraps_and_is_printed_whole() -> None:
    reason = "Patient signed an ABN on 06/15/2026 & the payer was told <in writing> " * 2
    text = " ".join(_first_page(_finalized(reason)).split())
    assert f"Finalized over open findings: {' '.join(reason.split())}" in text


def _lines_text(visit: Visit) -> str:
    text = "\n".join(pdf_pages(render_claim_summary(summary_of(visit))))
    return text[text.index(LINES_HEADING) : text.index(DIAGNOSES_HEADING)]


def _without_fee(visit: Visit, index: int) -> Visit:
    assert visit.coding is not None
    lines = list(visit.coding.lines)
    lines[index] = dataclasses.replace(lines[index], charge_cents=None)
    return dataclasses.replace(visit, coding=dataclasses.replace(visit.coding, lines=tuple(lines)))


def test_the_total_sums_the_lines_with_a_fee_and_footnotes_the_others() -> None:
    text = _lines_text(_without_fee(seed_visit(), 1))  # J3301 has no fee: 20553's $60.12 left
    assert "not set" not in text.replace("no fee set", "")
    row = text[text.index("J3301") : text.index("Total charge")]
    assert "no fee set*" in row and "$12.80" not in row
    total = text[text.index("Total charge") :]
    assert total.split("\n")[:2] == ["Total charge (box 28), lines with a fee*", "$60.12"]
    note = " ".join(total.split())
    assert "* No fee set for line 2 (J3301): the total above leaves it out." in note


def test_every_line_priced_gives_a_plain_total_and_no_footnote() -> None:
    text = _lines_text(seed_visit())
    assert "Total charge (box 28)\n$72.92" in text
    assert "No fee set" not in text and "*" not in text


def test_no_line_priced_still_prints_a_total() -> None:
    text = _lines_text(_without_fee(_without_fee(seed_visit(), 0), 1))
    assert "Total charge (box 28), lines with a fee*\n$0.00" in text
    assert "line 1 (20553) and line 2 (J3301)" in " ".join(text.split())


def _runs(data: bytes) -> Iterator[tuple[str, float, float, float]]:
    """(text, x, y, width) of every text run on page 1, in points from the page's corner."""
    found: list[tuple[str, float, float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if not text.strip() or font is None:
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        name = str(font["/BaseFont"]).lstrip("/")
        found.append((text.strip(), x, y, stringWidth(text.strip(), name, size)))

    PdfReader(BytesIO(data)).pages[0].extract_text(visitor_text=visit)
    return iter(found)


@pytest.mark.parametrize("payer_name", ["", LONG_PAYER])
def test_a_long_patient_name_wraps_in_its_column_and_clears_the_payer_label(
    payer_name: str,
) -> None:
    visit = seed_visit()
    patient = dataclasses.replace(visit.patient, last_name=LONG_NAME[0], first_name=LONG_NAME[1])
    data = render_claim_summary(
        summary_of(dataclasses.replace(visit, patient=patient), payer_name=payer_name)
    )
    runs = list(_runs(data))
    (payer,) = [r for r in runs if r[0] == "Payer"]
    name = [r for r in runs if LONG_NAME[0] in r[0] or LONG_NAME[1] in r[0]]
    name = [r for r in name if abs(r[2] - payer[2]) < 40 and r[1] < payer[1]]  # the header cell
    assert name, "the patient's name is not in the header"
    assert max(x + w for _, x, _, w in name) < payer[1] - 2  # clear of the "Payer" label
    assert len({round(y) for _, _, y, _ in name}) == 2  # wrapped onto a second line
    assert max(x + w for _, x, _, w in runs) <= 612 - PAGE_MARGIN + 0.5  # nor past the margin
    text = " ".join(pdf_pages(data)[0].split())
    assert f"Patient {LONG_NAME[0]}, {LONG_NAME[1]}" in text
    if payer_name:
        assert LONG_PAYER in text


def test_the_running_title_is_clipped_before_the_page_number() -> None:
    assert clipped("short", "Helvetica", 8, 100) == "short"
    cut = clipped("x" * 400, "Helvetica", 8, 100)
    assert cut.endswith("...") and stringWidth(cut, "Helvetica", 8) <= 100
