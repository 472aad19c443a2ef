"""Hand-built visits for the PDF tests, plus helpers to read a PDF back (text and pixels).

The coding results here are built by hand, the way the engine would return them, so the
exporter is tested on its own: it must print exactly what it is given.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest

from tpi_desktop import paths
from tpi_desktop.domain import (
    CodeLine,
    CodingResult,
    Container,
    Documentation,
    Drug,
    Encounter,
    Finding,
    Injection,
    LineKind,
    MuscleCatalog,
    MuscleCount,
    Patient,
    Practice,
    Provider,
    Severity,
    Side,
    TriggerPointSign,
    Visit,
    VisitStatus,
)
from tpi_desktop.export import ClaimSummary

BODY_DIR = paths.resources_dir() / "body"
ACCENT = "#2f6fb3"
PRACTICE = Practice(
    "Lakeside Pain & Spine",
    "400 Harbor Way, Suite 2\nPortland, OR 97201",
    "1234567893",
    "93-1234567",
)
ALL_DX = (
    "M79.12",
    "M79.18",
    "M54.2",
    "M62.830",
    "M79.11",
    "M25.511",
    "M25.512",
    "M54.6",
    "M54.50",
    "G89.29",
    "M79.7",
    "M62.838",
)
DX_TITLES = {
    "M79.12": "Myalgia of auxiliary muscles, head and neck",
    "M79.18": "Myalgia, other site",
    "M54.2": "Cervicalgia",
    "M62.830": "Muscle spasm of back",
    "M79.11": "Myalgia of mastication muscle",
    "M25.511": "Pain in right shoulder",
    "M25.512": "Pain in left shoulder",
    "M54.6": "Pain in thoracic spine",
    "M54.50": "Low back pain, unspecified",
    "G89.29": "Other chronic pain",
    "M79.7": "Fibromyalgia",
    "M62.838": "Other muscle spasm",
}


def catalog() -> MuscleCatalog:
    return MuscleCatalog.from_csv_text(paths.resource("catalog", "muscles.csv").read_text("utf-8"))


def seed_visit(status: VisitStatus = VisitStatus.FINAL, visit_id: int = 12) -> Visit:
    """The seed's second example: three right shoulder-girdle muscles -> 20553 x1, plus a drug."""
    injections = (
        Injection("upper_trapezius", Side.RIGHT, 1),
        Injection("posterior_deltoid", Side.RIGHT, 1),
        Injection("supraspinatus", Side.RIGHT, 1),
    )
    drug = Drug(
        "triamcinolone acetonide",
        Decimal(40),
        container=Container.MULTI_DOSE,
        hcpcs="J3301",
        ndc="00003-0293-05",
        concentration="40 mg/mL",
        volume_ml=Decimal(1),
        lot="KX4471",
        expiry=dt.date(2027, 3, 31),
    )
    doc = Documentation(
        needle_gauge="27G",
        needle_length_in=Decimal("1.25"),
        technique="Dry field",
        pain_before=7,
        pain_after=2,
        relief_percent=70,
        trigger_point_signs=(TriggerPointSign.TAUT_BAND, TriggerPointSign.LOCAL_TWITCH_RESPONSE),
    )
    enc = Encounter(
        dt.date(2026, 6, 15),
        "medicare",
        "11",
        injections,
        drugs=(drug,),
        diagnoses=("M79.12", "M542"),
        documentation=doc,
    )
    lines = (
        CodeLine(
            "20553",
            LineKind.PROCEDURE,
            "Trigger point injection, 3+ muscles",
            (),
            1,
            ("A", "B"),
            charge_cents=6012,
            rule="A1",
            rationale="3 distinct muscles -> 20553, 1 unit.",
        ),
        CodeLine(
            "J3301",
            LineKind.DRUG,
            "Triamcinolone acetonide, per 10 mg",
            ("JZ",),
            4,
            ("A",),
            ndc="00003029305",
            ndc_quantity="1",
            ndc_unit="ML",
            charge_cents=1280,
            rule="D1",
            rationale="40 mg / 10 mg = 4 units; nothing discarded -> JZ.",
        ),
    )
    findings = (
        Finding(
            "documentation_missing",
            Severity.WARNING,
            "Medical history is not documented.",
            "G",
            "documentation.medical_history",
        ),
        Finding(
            "local_anesthetic_bundled", Severity.INFO, "Lidocaine is part of the procedure.", "D3"
        ),
        Finding("dx_not_covered", Severity.ERROR, "No covered diagnosis for Medicare.", "E3"),
    )
    muscles = (
        MuscleCount("trapezius", "right", 1, ("upper_trapezius",)),
        MuscleCount("deltoid", "right", 1, ("posterior_deltoid",)),
        MuscleCount("supraspinatus", "right", 1, ("supraspinatus",)),
    )
    coding = CodingResult(
        "20553",
        3,
        muscles,
        lines,
        findings,
        ("3 distinct muscles → 20553 ≥ 3",),
        None,
        "engine 0.1.0",
        (("NCCI PTP", "2026-04-01"), ("Drug units", "2026-01-01")),
    )
    patient = Patient("Rivera", "Ana", dt.date(1961, 4, 9), "F", "1EG4TE5MK73", id=3)
    provider = Provider("Dana Whitfield, MD", "1234567893")
    return Visit(patient, provider, enc, status, visit_id, coding=coding)


# Muscles drawn in the SVGs, for the long visit (30 distinct muscle/side pairs).
_MANY = (
    "upper_trapezius",
    "levator_scapulae",
    "supraspinatus",
    "infraspinatus",
    "rhomboid_major",
    "middle_trapezius",
    "lower_trapezius",
    "teres_major",
    "latissimus_dorsi",
    "gluteus_medius",
    "gluteus_maximus",
    "piriformis",
    "gastrocnemius_medial_head",
    "soleus",
    "quadratus_lumborum",
)


def long_visit(status: VisitStatus = VisitStatus.DRAFT, visit_id: int = 99) -> Visit:
    """12 diagnoses, 10 drugs, 30 muscles and many findings: it must flow over several pages."""
    base = seed_visit(status, visit_id)
    injections = tuple(Injection(m, side, 2) for m in _MANY for side in (Side.RIGHT, Side.LEFT))
    drugs = tuple(
        Drug(
            f"Test agent number {i} with a rather long generic name",
            Decimal(10 + i),
            container=Container.SINGLE_DOSE,
            ndc=f"{i + 10:05d}-{i + 200:04d}-{i:02d}",
            lot=f"LOT{i:04d}",
            hcpcs="J3490",
        )
        for i in range(10)
    )
    lines = [base.coding.lines[0]] + [
        CodeLine(
            "J3490",
            LineKind.DRUG,
            f"Unclassified drug {i}",
            ("JZ",),
            1,
            ("A", "B", "C", "D"),
            ndc=f"{i + 10:05d}{i + 200:04d}{i:02d}",
            ndc_quantity=str(i + 1),
            ndc_unit="ML",
            box19=f"Test agent {i} {10 + i} mg NDC {i + 10:05d}{i + 200:04d}{i:02d}",
            charge_cents=1000 + i,
            rule="D6",
            rationale=f"Unclassified drug {i}: 1 unit, item 19.",
        )
        for i in range(10)
    ]
    findings = tuple(
        Finding(
            "unapproved_injectant",
            Severity.WARNING,
            f"Finding number {i}: " + "a long message that has to wrap inside its cell. " * 3,
            "D6",
        )
        for i in range(14)
    )
    enc = Encounter(
        base.encounter.date_of_service,
        "medicare",
        "11",
        injections,
        drugs=drugs,
        diagnoses=ALL_DX,
        documentation=None,
    )
    coding = CodingResult(
        "20553", 30, (), tuple(lines), findings, ("30 muscles -> 20553",), None, "engine 0.1.0"
    )
    return Visit(base.patient, base.provider, enc, status, visit_id, coding=coding)


def summary_of(visit: Visit, **kw: object) -> ClaimSummary:
    args: dict[str, object] = {
        "diagnosis_descriptions": DX_TITLES,
        "icd_release": "ICD-10-CM April 2026",
        "body_dir": BODY_DIR,
        "accent": ACCENT,
    }
    args.update(kw)
    return ClaimSummary(visit, PRACTICE, catalog(), **args)  # type: ignore[arg-type]


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page, extracted by pypdf."""
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(BytesIO(data)).pages]


def render_png(pdf: Path, out_dir: Path, dpi: int = 72, pages: int | None = None) -> list[Path]:
    """Pages (the first ``pages``, or all) rendered by pdftoppm; skips without pdftoppm."""
    exe = shutil.which("pdftoppm")
    if exe is None:
        pytest.skip(
            "pdftoppm (poppler-utils) is not installed: cannot render pages to check pixels"
        )
    limit = ["-f", "1", "-l", str(pages)] if pages else []
    subprocess.run(
        [exe, "-png", "-r", str(dpi), *limit, str(pdf), str(out_dir / "page")], check=True
    )
    return sorted(out_dir.glob("page*.png"))


def test_samples_are_consistent() -> None:
    visit = seed_visit()
    assert visit.coding is not None and visit.coding.procedure_code == "20553"
    assert len(long_visit().encounter.injections) == 30
