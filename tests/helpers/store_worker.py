"""Sample values for the store tests, and a worker process for the concurrency and kill tests.

As a script: ``python store_worker.py DB COUNT [TAG]`` saves COUNT visits (``0``: forever), each
in its own durable transaction, and prints each visit's id on its own line as soon as the save
has committed; the tests kill it or run two at once.
"""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path

from tpi_desktop.domain import (
    CodeLine,
    CodingResult,
    Container,
    Documentation,
    DoseUnit,
    Drug,
    Encounter,
    EvaluationAndManagement,
    Finding,
    Imaging,
    Injection,
    LineKind,
    OtherProcedure,
    Patient,
    Provider,
    Severity,
    Side,
    TriggerPointSign,
    Visit,
)
from tpi_desktop.store import Store, open_store

NPI = "1234567893"
NPI_2 = "1245319599"


def full_encounter(day: dt.date = dt.date(2026, 6, 15), payer: str = "medicare") -> Encounter:
    """An encounter with every field set to something other than its default."""
    return Encounter(
        date_of_service=day,
        payer=payer,
        place_of_service="22",
        injections=(
            Injection("upper_trapezius", Side.RIGHT, 2),
            Injection("levator_scapulae", Side.LEFT, 1),
            Injection("rhomboid_major", Side.LEFT, 3),
        ),
        em=EvaluationAndManagement("99213", True),
        other_procedures=(OtherProcedure("20610", True), OtherProcedure("96372", False)),
        imaging=Imaging.ULTRASOUND,
        drugs=(
            Drug(
                "triamcinolone acetonide",
                Decimal("40"),
                DoseUnit.MG,
                Decimal("0.5"),
                Container.SINGLE_DOSE,
                "J3301",
                "00003-0293-05",
                "40 mg/mL",
                Decimal("1.25"),
                "LOT42A",
                dt.date(2027, 3, 31),
            ),
            Drug(
                "botox",
                Decimal("100"),
                DoseUnit.UNITS,
                Decimal("12.5"),
                None,
                None,
                None,
                None,
                None,
                None,
                None,
            ),
            Drug(None, Decimal("3.0"), DoseUnit.ML, hcpcs="J3490"),
        ),
        diagnoses=("M79.12", "M54.2", "G89.29"),
        documentation=Documentation(
            needle_gauge="27G",
            needle_length_in=Decimal("1.25"),
            technique="fanning",
            pain_before=7,
            pain_after=2,
            relief_percent=70,
            medical_history="history",
            physical_exam="exam",
            diagnostic_tests="none",
            trigger_point_signs=(TriggerPointSign.TAUT_BAND, TriggerPointSign.REFERRED_PAIN),
            trigger_point_activity="active",
            reason="failed PT",
            prior_relief_percent=60,
            prior_relief_weeks=8,
            functional_change="sleeps",
            conservative_care=False,
            referring_provider_name="Jo Smith",
            referring_provider_npi="1245319599",
        ),
    )


def simple_encounter(day: dt.date, payer: str = "medicare") -> Encounter:
    """Two muscles, one diagnosis."""
    return Encounter(
        date_of_service=day,
        payer=payer,
        injections=(
            Injection("upper_trapezius", Side.RIGHT),
            Injection("levator_scapulae", Side.RIGHT),
        ),
        diagnoses=("M79.12",),
    )


def fake_coding(
    code: str | None = "20553", *, error: bool = False, charge: int = 6000
) -> CodingResult:
    """A coding result shaped like the engine's (for store tests that run without the engine)."""
    findings = (
        (Finding("frequency_limit", Severity.ERROR, "too many", "F1", "prior_sessions"),)
        if error
        else ()
    )
    lines = (
        ()
        if code is None
        else (CodeLine(code, LineKind.PROCEDURE, "TPI", ("XS",), 1, ("A",), charge_cents=charge),)
    )
    return CodingResult(
        code,
        3 if code else 0,
        (),
        lines,
        findings,
        ("why",),
        None,
        "test-1",
        (("icd10cm", "2026"),),
    )


def patient(last: str = "Rivera", first: str = "Ana") -> Patient:
    """A fictional patient."""
    return Patient(last, first, dt.date(1961, 4, 9), "F", "1EG4TE5MK73", "medicare")


def provider() -> Provider:
    """A provider with a valid NPI."""
    return Provider("Dana Whitfield, MD", NPI, "208100000X")


def new_store(path: Path, user: str = "tester") -> Store:
    """An open store with both payers."""
    store = open_store(path, user=user)
    store.ensure_payers([("medicare", "Medicare Part B"), ("commercial", "Commercial")])
    return store


def main(argv: list[str]) -> int:
    """Save visits in a loop, printing each id once its transaction has committed."""
    db, count = Path(argv[0]), int(argv[1])
    tag = argv[2] if len(argv) > 2 else "W"
    store = new_store(db, user=f"worker-{tag}")
    saved = 0
    start = dt.date(2020, 1, 1)
    while count == 0 or saved < count:
        day = start + dt.timedelta(days=saved % 2000)
        visit = Visit(
            patient(f"Worker{tag}", f"P{saved % 7}"),
            provider(),
            simple_encounter(day),
            coding=fake_coding("20552"),
        )
        stored = store.save_visit(visit)
        sys.stdout.write(f"{stored.id}\n")
        sys.stdout.flush()
        saved += 1
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
