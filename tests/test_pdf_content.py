"""The claim summary's text, read back with pypdf: every code in its table, in reading order."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from tests.test_pdf_samples import ALL_DX, catalog, long_visit, pdf_pages, seed_visit, summary_of
from tpi_desktop.domain import VisitStatus
from tpi_desktop.export import ExportCancelled, render_claim_summaries, render_claim_summary
from tpi_desktop.export.sections_claim import DIAGNOSES_HEADING, LINES_HEADING
from tpi_desktop.export.sections_review import DOCUMENTATION_HEADING, FINDINGS_HEADING


@pytest.fixture(scope="module")
def seed_text() -> str:
    return "\n".join(pdf_pages(render_claim_summary(summary_of(seed_visit()))))


def _between(text: str, start: str, end: str) -> str:
    """The text from heading ``start`` to heading ``end`` (both must be there, in that order)."""
    a = text.index(start)
    b = text.index(end, a)
    return text[a:b]


def test_starts_as_a_pdf_with_letter_pages() -> None:
    from io import BytesIO

    from pypdf import PdfReader

    data = render_claim_summary(summary_of(seed_visit()))
    assert data.startswith(b"%PDF-")
    page = PdfReader(BytesIO(data)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)


@pytest.mark.parametrize(
    "expected",
    [
        "Lakeside Pain & Spine",
        "NPI 1234567893",
        "Tax ID 93-1234567",
        "Claim summary",
        "Visit #12",
        "Rivera, Ana",
        "04/09/1961",
        "Female",
        "1EG4TE5MK73",
        "Medicare Part B",
        "Dana Whitfield, MD",
        "06/15/2026",
        "11 Office",
    ],
)
def test_header_and_people(seed_text: str, expected: str) -> None:
    assert expected in seed_text.split(LINES_HEADING)[0]


def test_service_lines_sit_between_their_heading_and_the_diagnoses(seed_text: str) -> None:
    lines = _between(seed_text, LINES_HEADING, DIAGNOSES_HEADING)
    procedure = lines.index("20553")
    drug = lines.index("J3301")
    shaded = lines.index("N400003029305 ML1")
    assert procedure < shaded < drug  # the NDC's shaded line is printed above its drug line
    # each cell is one text run: the row of 20553 runs up to the shaded line, J3301's to the total
    row_20553 = lines[procedure:shaded].split("\n")
    assert row_20553[-5:-1] == ["AB", "$60.12", "1", "1234567893"]  # pointers, charge, units, NPI
    row_j3301 = lines[drug : lines.index("Total charge")].split("\n")
    assert row_j3301[-6:-1] == ["JZ", "A", "$12.80", "4", "1234567893"]
    assert "$72.92" in lines[lines.index("Total charge") :]
    assert "20552" not in seed_text  # nothing the engine did not give is printed


def test_diagnoses_follow_with_descriptions(seed_text: str) -> None:
    dx = _between(seed_text, DIAGNOSES_HEADING, "Muscles injected")
    assert "M79.12" in dx and "Myalgia of auxiliary muscles, head and neck" in dx
    assert "M54.2" in dx and "Cervicalgia" in dx  # entered without the dot, printed with it
    assert dx.index("M79.12") < dx.index("M54.2")


def test_muscles_drugs_documentation_findings(seed_text: str) -> None:
    muscles = _between(seed_text, "Muscles injected", "Drugs given")
    for name in ("Trapezius (upper fibers)", "Deltoid (posterior fibers)", "Supraspinatus"):
        assert name in muscles
    drugs = _between(seed_text, "Drugs given", DOCUMENTATION_HEADING)
    assert "triamcinolone acetonide" in drugs and "00003-0293-05" in drugs and "KX4471" in drugs
    doc = _between(seed_text, DOCUMENTATION_HEADING, FINDINGS_HEADING)
    assert re.search(r"Needle gauge\s*Present: 27G", doc)
    assert re.search(r"Relevant medical history\s*Missing", doc)
    assert re.search(r"Referring physician\s*Not applicable", doc)
    findings = _between(seed_text, FINDINGS_HEADING, "Why each line")
    # errors first, each with its word as well as its symbol and colour
    assert findings.index("ERROR") < findings.index("WARNING") < findings.index("INFO")
    for finding_id in ("dx_not_covered", "documentation_missing", "local_anesthetic_bundled"):
        assert finding_id in findings


def test_reasons_versions_and_attestation(seed_text: str) -> None:
    why = _between(seed_text, "Why each line", "Data used")
    assert "3 distinct muscles -> 20553, 1 unit." in why
    assert "J3301-JZ x4" in why and "nothing discarded -> JZ" in why
    assert "3 distinct muscles -> 20553 >= 3" in why  # characters outside the font are spelled out
    data = _between(seed_text, "Data used", "Attestation")
    for text in ("engine 0.1.0", "ICD-10-CM April 2026", "NCCI PTP", "2026-04-01", "Drug units"):
        assert text in data
    assert "I attest that the services listed above" in seed_text
    assert "Rendering provider: Dana Whitfield, MD, NPI 1234567893" in seed_text


@pytest.mark.parametrize(
    ("status", "mark"),
    [(VisitStatus.FINAL, None), (VisitStatus.DRAFT, "DRAFT"), (VisitStatus.AMENDED, "SUPERSEDED")],
)
def test_draft_mark_on_every_page_exactly_when_not_final(
    status: VisitStatus, mark: str | None
) -> None:
    pages = pdf_pages(render_claim_summary(summary_of(seed_visit(status))))
    assert len(pages) >= 2
    for page in pages:
        assert ("DRAFT" in page) == (status is VisitStatus.DRAFT)
        assert ("SUPERSEDED" in page) == (status is VisitStatus.AMENDED)
        if mark:
            assert "NOT FOR SUBMISSION" in page


def test_superseded_visit_names_its_amendment() -> None:
    summary = summary_of(seed_visit(VisitStatus.AMENDED), superseded_by=13)
    pages = pdf_pages(render_claim_summary(summary))
    assert "Superseded by visit #13" in pages[0]
    assert all("SUPERSEDED - REPLACED BY VISIT #13 - NOT FOR SUBMISSION" in p for p in pages)


def test_amendment_is_named() -> None:
    visit = dataclasses.replace(seed_visit(VisitStatus.DRAFT, 15), amends=7)
    text = pdf_pages(render_claim_summary(summary_of(visit)))[0]
    assert "Amendment of visit #7" in text
    assert "Amendment of" not in pdf_pages(render_claim_summary(summary_of(seed_visit())))[0]


def test_long_visit_flows_onto_numbered_pages_with_nothing_lost() -> None:
    pages = pdf_pages(render_claim_summary(summary_of(long_visit())))
    total = len(pages)
    assert total >= 4
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in page
        assert "DRAFT" in page
    text = "\n".join(pages)
    for letter, code in zip("ABCDEFGHIJKL", ALL_DX, strict=True):
        assert re.search(rf"\b{letter}\s+{re.escape(code)}\b", text), code
    for i in range(10):
        assert f"{i + 10:05d}-{i + 200:04d}-{i:02d}" in text  # every drug's NDC in the drug table
        assert f"N4{i + 10:05d}{i + 200:04d}{i:02d} ML{i + 1}" in text  # and its shaded line
        assert f"LOT{i:04d}" in text
    muscles = _between(text, "Muscles injected", "Drugs given")
    names = catalog()
    for number, injection in enumerate(long_visit().encounter.injections, start=1):
        name = re.escape(names.get(injection.muscle_id).name)
        side = injection.side.value.capitalize()
        assert re.search(rf"\n{number}\n{name}\n{side}\n2\n", muscles), f"muscle row {number}"
    for i in range(14):
        assert f"Finding number {i}:" in text
    assert "Documentation checklist: not recorded" in text


def test_combined_pdf_numbers_each_summary_on_its_own() -> None:
    summaries = [summary_of(seed_visit()), summary_of(long_visit())]
    progress: list[tuple[int, int]] = []
    pages = pdf_pages(
        render_claim_summaries(summaries, progress=lambda d, t: progress.append((d, t)))
    )
    first = [p for p in pages if "Visit #12" in p]
    second = [p for p in pages if "Visit #99" in p]
    assert len(first) + len(second) == len(pages)
    assert f"Page 1 of {len(first)}" in first[0] and f"Page 1 of {len(second)}" in second[0]
    assert all("DRAFT" not in p for p in first) and all("DRAFT" in p for p in second)
    assert progress[-1] == (2, 2) and (1, 2) in progress


def test_cancel_stops_the_build() -> None:
    with pytest.raises(ExportCancelled):
        render_claim_summaries([summary_of(seed_visit())] * 3, cancelled=lambda: True)


def test_a_visit_without_coding_is_refused_plainly() -> None:
    visit = dataclasses.replace(seed_visit(), coding=None)
    with pytest.raises(ValueError, match="no coding result"):
        render_claim_summary(summary_of(visit))


def test_without_the_body_figure_the_muscle_table_still_prints(tmp_path: Path) -> None:
    for summary in (
        summary_of(seed_visit(), body_dir=None),
        summary_of(seed_visit(), body_dir=tmp_path),
    ):
        text = "\n".join(pdf_pages(render_claim_summary(summary)))
        muscles = _between(text, "Muscles injected", "Drugs given")
        assert "Front view" not in muscles
        assert re.search(r"\n1\nTrapezius \(upper fibers\)\nRight\n1\nlist only\n", muscles)


def test_names_beyond_the_standard_fonts_lose_only_their_accents() -> None:
    """The standard PDF fonts carry Western European letters only: "Zoë" prints as it is,
    "Nguyễn" and "Łukasz" print without the accents the fonts lack (not "Nguy?n"); only a
    character with no Latin letter in it (here 王) becomes "?"."""
    visit = seed_visit(VisitStatus.DRAFT)
    patient = dataclasses.replace(visit.patient, last_name="Nguyễn-Łukasz 王", first_name="Zoë")
    text = pdf_pages(render_claim_summary(summary_of(dataclasses.replace(visit, patient=patient))))
    assert "Nguyen-Lukasz ?, Zoë" in text[0]
    assert "Nguy?n" not in " ".join(text)
