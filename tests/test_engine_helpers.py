"""Helpers for the engine tests: the real tables, and encounters built without the JSON parser.

(No tests here; the file name keeps it with the engine tests.)
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from tpi_desktop.coding import CodeTables, evaluate, load_tables
from tpi_desktop.domain import (
    CodingResult,
    Container,
    Documentation,
    DoseUnit,
    Drug,
    Encounter,
    EvaluationAndManagement,
    Imaging,
    Injection,
    OtherProcedure,
    Side,
)

ROOT = Path(__file__).resolve().parents[1]
DOS = dt.date(2026, 6, 15)

# encounter-json.md: the fixed vocabulary; anything else may only be an info finding.
FINDING_IDS = frozenset(
    {
        "no_injections",
        "vague_muscle",
        "both_tpi_codes",
        "em_not_separately_billable",
        "ncci_conflict",
        "dry_needling_same_muscle",
        "dry_needling_not_covered",
        "other_block_same_session",
        "imaging_not_covered",
        "local_anesthetic_bundled",
        "drug_not_covered_for_tpi",
        "unclassified_drug_box19",
        "unapproved_injectant",
        "ndc_missing",
        "no_diagnosis",
        "dx_invalid",
        "dx_not_covered",
        "frequency_limit",
        "repeat_interval_short",
        "multiple_regions",
        "documentation_missing",
    }
)


@cache
def tables() -> CodeTables:
    """The shipped tables (the same call the CLI makes, with the source tree's resources)."""
    return load_tables(ROOT / "resources")


def _drug(raw: dict[str, Any]) -> Drug:
    unit, dose, wasted = DoseUnit.MG, Decimal(0), Decimal(0)
    for key, value_unit in (
        ("dose_mg", DoseUnit.MG),
        ("dose_units", DoseUnit.UNITS),
        ("dose_ml", DoseUnit.ML),
    ):
        if key in raw:
            unit, dose = value_unit, Decimal(str(raw[key]))
    for key in ("wasted_mg", "wasted_units", "wasted_ml"):
        if key in raw:
            wasted = Decimal(str(raw[key]))
    container = raw.get("container")
    return Drug(
        agent=raw.get("agent"),
        dose=dose,
        dose_unit=unit,
        wasted=wasted,
        container=Container(container) if container else None,
        hcpcs=raw.get("hcpcs"),
        ndc=raw.get("ndc"),
        concentration=raw.get("concentration"),
        volume_ml=Decimal(str(raw["volume_ml"])) if raw.get("volume_ml") is not None else None,
    )


def from_case_input(raw: dict[str, Any]) -> Encounter:
    """An Encounter from a cases.json input (valid inputs only), independent of the JSON parser."""
    catalog = tables().catalog
    injections = []
    for item in raw.get("injections", []):
        muscle = catalog.lookup(item["muscle"])
        assert muscle is not None, item
        injections.append(Injection(muscle.id, Side(item["side"]), int(item.get("count", 1))))
    em = raw.get("em")
    doc = raw.get("documentation")
    return Encounter(
        date_of_service=dt.date.fromisoformat(raw["date_of_service"]),
        payer=raw.get("payer", "commercial"),
        place_of_service=raw.get("place_of_service", "11"),
        injections=tuple(injections),
        em=EvaluationAndManagement(em["code"], bool(em["significant_separate"])) if em else None,
        other_procedures=tuple(
            OtherProcedure(p["code"], bool(p.get("distinct_site", False)))
            for p in raw.get("other_procedures", [])
        ),
        imaging=Imaging(raw["imaging"]) if raw.get("imaging") else None,
        drugs=tuple(_drug(d) for d in raw.get("drugs", [])),
        diagnoses=tuple(raw.get("diagnoses", [])),
        prior_sessions=tuple(dt.date.fromisoformat(d) for d in raw.get("prior_sessions", [])),
        documentation=Documentation(**doc) if doc is not None else None,
    )


def enc(
    *muscles: str | tuple[str, str] | tuple[str, str, int],
    payer: str = "medicare",
    dx: tuple[str, ...] = ("M79.12",),
    **fields: Any,
) -> Encounter:
    """Quick encounter; muscle = "upper_trapezius" (right, 1), ("x", "left") or ("x", "left", 3)."""
    injections = []
    for item in muscles:
        if isinstance(item, str):
            injections.append(Injection(item, Side.RIGHT, 1))
        else:
            count = item[2] if len(item) == 3 else 1  # type: ignore[misc]
            injections.append(Injection(item[0], Side(item[1]), count))
    fields.setdefault("date_of_service", DOS)
    return Encounter(payer=payer, injections=tuple(injections), diagnoses=dx, **fields)


def run(encounter: Encounter) -> CodingResult:
    """Evaluate with the shipped tables."""
    return evaluate(encounter, tables())


def line_set(result: CodingResult) -> set[tuple[str, tuple[str, ...], int]]:
    """``{(code, modifiers, units)}`` as cases.json compares them."""
    return {(line.code, tuple(line.modifiers), line.units) for line in result.lines}


def lines_of(result: CodingResult, code: str) -> list[Any]:
    """The lines with this code."""
    return [line for line in result.lines if line.code == code]
