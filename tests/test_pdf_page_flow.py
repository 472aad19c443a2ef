"""Long tables split across pages (header row repeated) instead of leaving page 1 empty."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tests.test_pdf_samples import pdf_pages, render_png, seed_visit, summary_of
from tpi_desktop.domain import CodeLine, LineKind, Visit, VisitStatus
from tpi_desktop.export import render_claim_summary, write_claim_summary
from tpi_desktop.export.sections_claim import DIAGNOSES_HEADING, LINES_HEADING
from tpi_desktop.export.styles import BOTTOM_MARGIN

Image = pytest.importorskip("PIL.Image")

DPI = 72
PAGE_HEIGHT = 792.0
LINES = 17


def _ndc(i: int) -> str:
    return f"{i + 10:05d}{i + 300:04d}{i:02d}"


def many_lines_visit(status: VisitStatus = VisitStatus.FINAL) -> Visit:
    """The seed visit with 17 service lines: its procedure and 16 drug lines with NDC data."""
    visit = seed_visit(status)
    assert visit.coding is not None
    drugs = [
        CodeLine(
            "J3490",
            LineKind.DRUG,
            f"Drug number {i} of the long claim",
            ("JZ",),
            1,
            ("A",),
            ndc=_ndc(i),
            ndc_quantity="1",
            ndc_unit="ML",
            charge_cents=100 + i,
            rule="D6",
        )
        for i in range(LINES - 1)
    ]
    coding = dataclasses.replace(visit.coding, lines=(visit.coding.lines[0], *drugs))
    return dataclasses.replace(visit, coding=coding)


@pytest.fixture(scope="module")
def pages() -> list[str]:
    return pdf_pages(render_claim_summary(summary_of(many_lines_visit())))


def test_the_service_lines_start_on_page_one_and_run_on(pages: list[str]) -> None:
    first, second = pages[0], pages[1]
    assert LINES_HEADING in first and "20553" in first
    on_first = [i for i in range(LINES - 1) if f"Drug number {i} of" in first]
    assert len(on_first) >= 6, "page 1 should hold a good part of the table"
    assert on_first == list(range(len(on_first)))  # in order, none skipped
    rest = [i for i in range(LINES - 1) if f"Drug number {i} of" in second]
    assert rest == list(range(len(on_first), LINES - 1))  # the rest on page 2, none lost
    # the column headings are repeated at the top of page 2, the section heading is not
    assert "24D CPT/" in second and "24F" in second and LINES_HEADING not in second
    assert "Total charge (box 28)" in second and DIAGNOSES_HEADING in second


def test_a_drug_line_never_parts_from_its_shaded_ndc_line(pages: list[str]) -> None:
    for i in range(LINES - 1):
        shaded = [n for n, page in enumerate(pages) if f"N4{_ndc(i)} ML1" in page]
        line = [n for n, page in enumerate(pages) if f"Drug number {i} of" in page]
        assert shaded == line and len(line) == 1, f"line {i + 2}"


def _content_bottom(png: Path) -> float:
    """How far down page 1 (in points from the top) the lowest ink above the footer lies."""
    image = Image.open(png).convert("L")
    scale = image.height / PAGE_HEIGHT
    frame_bottom = int((PAGE_HEIGHT - BOTTOM_MARGIN) * scale)
    pixels = image.load()
    for y in range(frame_bottom, 0, -1):
        if any(pixels[x, y] < 160 for x in range(0, image.width, 2)):
            return y / scale
    return 0.0


@pytest.mark.parametrize(
    ("visit", "least"),
    [
        (many_lines_visit(), PAGE_HEIGHT - BOTTOM_MARGIN - 80),  # a full page 1: < 80 pt left
        (seed_visit(), PAGE_HEIGHT * 0.6),  # a normal visit fills well over half of page 1
    ],
    ids=["17 lines", "seed"],
)
def test_page_one_is_not_left_mostly_blank(visit: Visit, least: float, tmp_path: Path) -> None:
    pdf = write_claim_summary(summary_of(visit), tmp_path / "summary.pdf")
    (png,) = render_png(pdf, tmp_path, DPI, pages=1)
    assert _content_bottom(png) >= least
