"""A typical visit's claim summary fits on two Letter pages: no sheet is printed for a signature.

Typical (what the demo data holds most): an E/M with modifier 25, a trigger point code for four
muscles, two drugs (one billed with its NDC, one bundled local anesthetic), three diagnoses, a
fully documented repeat visit and three findings. The long visit still flows over more pages.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from tests.test_pdf_samples import long_visit, pdf_pages, seed_visit, summary_of
from tpi_desktop.domain import (
    CodeLine,
    Documentation,
    Drug,
    Finding,
    Injection,
    LineKind,
    Severity,
    Side,
    TriggerPointSign,
    Visit,
)
from tpi_desktop.export import render_claim_summary
from tpi_desktop.export.sections_review import ATTESTATION_HEADING


def typical_visit() -> Visit:
    base = seed_visit()
    assert base.coding is not None
    injections = (
        Injection("upper_trapezius", Side.RIGHT, 3),
        Injection("levator_scapulae", Side.RIGHT, 2),
        Injection("rhomboid_minor", Side.RIGHT, 3),
        Injection("supraspinatus", Side.RIGHT, 3),
    )
    lidocaine = Drug("lidocaine 1%", Decimal(50), concentration="10 mg/mL", volume_ml=Decimal(5))
    drugs = (base.encounter.drugs[0], lidocaine)
    doc = Documentation(
        needle_gauge="27G",
        needle_length_in=Decimal("1.25"),
        technique="fanning, aspirated before each injection",
        pain_before=7,
        pain_after=2,
        relief_percent=70,
        medical_history="chronic myofascial pain, upper trapezius and levator",
        physical_exam="palpable taut bands with reproduction of the referred pain pattern",
        diagnostic_tests="X-ray unremarkable",
        trigger_point_signs=(TriggerPointSign.TAUT_BAND, TriggerPointSign.LOCAL_TWITCH_RESPONSE),
        trigger_point_activity="active",
        reason="failed 6 weeks of physical therapy and NSAIDs",
        prior_relief_percent=60,
        prior_relief_weeks=8,
        functional_change="sleeps through the night",
        conservative_care=True,
    )
    encounter = dataclasses.replace(
        base.encounter,
        injections=injections,
        drugs=drugs,
        diagnoses=("M79.12", "M54.2", "M62.830"),
        documentation=doc,
        prior_sessions=(dt.date(2026, 4, 20),),
    )
    em = CodeLine(
        "99213",
        LineKind.EM,
        "Office visit, established patient, low complexity",
        ("25",),
        1,
        ("A", "B", "C"),
        charge_cents=9500,
        rule="B1",
        rationale="99213: a significant, separately identifiable problem was addressed -> 25.",
    )
    procedure = dataclasses.replace(
        base.coding.lines[0],
        dx_pointers=("A", "B", "C"),
        rationale="4 distinct muscles: right trapezius, right levator scapulae, right rhomboid "
        "minor and right supraspinatus -> 20553 x1; units are always 1 and the code covers "
        "both sides (no 50, RT or LT).",
    )
    findings = (
        *base.coding.findings[1:],
        Finding(
            "imaging_not_covered",
            Severity.WARNING,
            "Medicare's trigger point policy treats ultrasound guidance as not reasonable and "
            "necessary: get a signed ABN and bill with GA, or bill with GZ when there is no ABN.",
            "C1",
        ),
    )
    coding = dataclasses.replace(
        base.coding,
        muscle_count=4,
        lines=(em, procedure, base.coding.lines[1]),
        findings=findings,
        rationale=(
            "4 distinct muscles: right trapezius, right levator scapulae, right rhomboid minor "
            "and right supraspinatus -> 20553 x1.",
            "Injections inside one muscle do not change the count (3 in right trapezius, 2 in "
            "right levator scapulae) (A2).",
            "No drug line for lidocaine 1%: local anesthetic is part of the procedure (D3).",
        ),
    )
    return dataclasses.replace(base, encounter=encounter, coding=coding)


def test_a_typical_visit_prints_on_exactly_two_pages() -> None:
    pages = pdf_pages(render_claim_summary(summary_of(typical_visit())))
    assert len(pages) == 2, f"{len(pages)} pages"
    assert ATTESTATION_HEADING in pages[1] and "Page 2 of 2" in pages[1]
    text = "\n".join(pages)
    for expected in ("99213", "25", "20553", "J3301", "M62.830", "lidocaine 1%", "Rhomboid minor"):
        assert expected in text
    assert "Present: sleeps through the night" in " ".join(text.split())


def test_a_reason_the_table_gives_is_not_repeated_below_it() -> None:
    text = " ".join("\n".join(pdf_pages(render_claim_summary(summary_of(typical_visit())))).split())
    why = text[text.index("Why each line") : text.index("Data used")]
    # said on line 2 of the table: not again as a bullet
    assert why.count("right rhomboid minor and right supraspinatus -> 20553") == 1
    # not said by any line: kept
    assert "\u2022 Injections inside one muscle do not change the count" in why
    assert "\u2022 No drug line for lidocaine 1%" in why


def test_the_long_visit_still_flows_over_more_pages() -> None:
    pages = pdf_pages(render_claim_summary(summary_of(long_visit())))
    assert len(pages) >= 4
    assert all(f"Page {n} of {len(pages)}" in p for n, p in enumerate(pages, start=1))
