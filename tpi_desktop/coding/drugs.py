"""Rules D1-D6: drug lines, units, JW/JZ, NDC data, unclassified and non-covered agents."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from tpi_desktop.coding.context import Context, Draft, Item, Role, Why, finding, plural
from tpi_desktop.coding.dosing import (
    UNCLASSIFIED_CODES,
    ResolvedDrug,
    box19_text,
    discarded_units,
    entered_quantity,
    format_quantity,
    in_billing_unit,
    ndc_quantity,
    split_units,
)
from tpi_desktop.coding.tables import DrugKind
from tpi_desktop.domain import CodeLine, Container, LineKind, Severity


def _jw_jz(ctx: Context, rd: ResolvedDrug) -> bool:
    """D4: JW/JZ only where the payer asks for them and the container is single-dose."""
    return ctx.payer.jw_jz and rd.container is Container.SINGLE_DOSE


def _line(
    rd: ResolvedDrug,
    code: str,
    description: str,
    units: int,
    *,
    modifiers: tuple[str, ...],
    quantity: tuple[str | None, str | None],
    rule: str,
    rationale: str,
    box19: str | None = None,
) -> Draft:
    """A drug line with its NDC data (D5)."""
    line = CodeLine(
        code=code,
        kind=LineKind.DRUG,
        description=description,
        modifiers=modifiers,
        units=units,
        ndc=rd.ndc,
        ndc_quantity=quantity[0],
        ndc_unit=quantity[1],
        box19=box19,
        rule=rule,
        rationale=rationale,
    )
    return Draft(line, Role.DRUG, field=rd.field)


def billable_lines(ctx: Context) -> Iterator[Item]:
    """D1, D2, D4, D5: units rounded up, methylprednisolone split, JW/JZ, NDC quantity."""
    for rd in ctx.drugs:
        info = rd.info
        if info is None or info.kind is not DrugKind.BILLABLE or not info.codes:
            continue
        unit = info.dose_unit.value
        dose = in_billing_unit(rd.drug.dose, rd)
        unclear = dose is None
        if dose is None:
            per = "unit" if unit == "units" else unit
            yield finding(
                "drug_dose_unclear",
                Severity.INFO,  # extra ids are info only (encounter-json.md), the text says why
                f"{rd.label}: the dose is in {rd.drug.dose_unit.value} but {info.codes[0].hcpcs}"
                f" is billed per {per}; enter the dose in {unit} or the strength: billed as 1 unit"
                " for now.",
                f"{rd.field}.dose",
            )
            dose = Decimal(0)
        wasted = in_billing_unit(rd.drug.wasted, rd) or Decimal(0)
        smallest = info.codes[0]
        jw_jz = _jw_jz(ctx, rd)
        discarded = discarded_units(dose, wasted, smallest.amount) if jw_jz else 0
        split = split_units(dose, info.codes)
        whole = len(split) == 1
        modifiers = ("JZ",) if jw_jz and discarded == 0 else ()
        for code, units, covered in split:
            quantity, ndc_unit = ndc_quantity(rd, covered, whole)
            arithmetic = (
                f"{format_quantity(dose)} {unit} ÷ {format_quantity(code.amount)} {unit} per unit,"
                f" rounded up = {plural(units, 'unit')}"
            )
            if unclear:
                quantity, ndc_unit = entered_quantity(rd)
                arithmetic = (
                    f"dose entered in {rd.drug.dose_unit.value}, {code.hcpcs} counts {unit}:"
                    " 1 unit until the dose is entered in the billing unit"
                )
            elif not whole:
                arithmetic = (
                    f"{format_quantity(covered)} of {format_quantity(dose)} {unit} as {code.hcpcs}"
                    f" ({format_quantity(code.amount)} {unit} each) = {plural(units, 'unit')} (D2)"
                )
            draft = _line(
                rd,
                code.hcpcs,
                code.description,
                units,
                modifiers=modifiers,
                quantity=(quantity, ndc_unit),
                rule="D1" if whole else "D2",
                rationale=f"{rd.label}: {arithmetic}.",
            )
            yield draft
            yield Why(f"{code.hcpcs} ×{units}: {rd.label} {arithmetic}.")
        if jw_jz and discarded == 0:
            yield Why(
                f"JZ on {split[0][0].hcpcs}: single-dose container and nothing billable"
                " discarded (D4)."
            )
        elif jw_jz:
            quantity, ndc_unit = ndc_quantity(rd, wasted, False)
            waste = f"{format_quantity(wasted)} {unit} discarded from a single-dose container"
            yield _line(
                rd,
                smallest.hcpcs,
                smallest.description,
                discarded,
                modifiers=("JW",),
                quantity=(quantity, ndc_unit),
                rule="D4",
                rationale=f"{rd.label}: {waste} = {plural(discarded, 'unit')} with JW.",
            )
            yield Why(
                f"JW on {smallest.hcpcs} ×{discarded}: {waste}; the administered units carry no"
                " JW/JZ (D4)."
            )
        elif ctx.payer.jw_jz:
            yield Why(f"No JW/JZ on {split[0][0].hcpcs}: not a single-dose container (D4).")


def unclassified_lines(ctx: Context) -> Iterator[Item]:
    """D6: unknown and unclassified agents bill J3490 (J3590 for biologics), 1 unit, item 19."""
    for rd in ctx.drugs:
        if rd.kind is not DrugKind.UNCLASSIFIED and rd.info is not None:
            continue
        hcpcs = (rd.drug.hcpcs or "").strip().upper()
        if rd.explicit_code:
            code, description = rd.explicit_code, ctx.tables.description(rd.explicit_code)
            yield finding(
                "drug_not_in_table",
                Severity.INFO,  # extra ids are info only (encounter-json.md), the text says why
                f"{rd.label}: {code} is not in the drug table, so its billing amount is unknown:"
                " billed as"
                " 1 unit; check the units against the code's descriptor.",
                f"{rd.field}.hcpcs",
            )
        else:
            biologic = hcpcs == "J3590" or (
                hcpcs != "J3490" and rd.info is not None and rd.info.biologic
            )
            noc = ctx.tables.unclassified["biologic" if biologic else "drug"]
            code, description = noc.hcpcs, noc.description
        box19 = box19_text(rd) if code in UNCLASSIFIED_CODES else None
        quantity, ndc_unit = ndc_quantity(rd, rd.drug.dose, True)
        jw_jz = _jw_jz(ctx, rd)
        wasted = rd.drug.wasted > 0
        yield _line(
            rd,
            code,
            description,
            1,
            modifiers=("JZ",) if jw_jz and not wasted else (),
            quantity=(quantity, ndc_unit),
            box19=box19,
            rule="D6",
            rationale=(
                f"{rd.label} has no code of its own: {code}, 1 unit, with name, dose and NDC in"
                " item 19."
                if box19
                else f"{rd.label}: {code} as entered, 1 unit (the code is not in the drug table)."
            ),
        )
        if jw_jz and wasted:
            quantity, ndc_unit = ndc_quantity(rd, rd.drug.wasted, False)
            yield _line(
                rd,
                code,
                description,
                1,
                modifiers=("JW",),
                quantity=(quantity, ndc_unit),
                box19=box19,
                rule="D4",
                rationale=f"{rd.label}: discarded amount from a single-dose container with JW.",
            )
        if box19 is not None:
            yield finding(
                "unclassified_drug_box19",
                Severity.INFO,
                f"{code} is an unclassified code: put “{box19}” in item 19 of the CMS-1500"
                " (loop 2400 NTE on an electronic claim).",
                rd.field,
            )
            yield Why(f"{code} ×1 for {rd.label}: unclassified drug, details in item 19 (D6).")


def local_anesthetics(ctx: Context) -> Iterator[Item]:
    """D3: local anesthetic into the trigger points is part of the procedure."""
    for rd in ctx.drugs:
        if rd.kind is DrugKind.LOCAL_ANESTHETIC:
            yield Why(
                f"No drug line for {rd.label}: local anesthetic is part of the procedure (D3)."
            )
            yield finding(
                "local_anesthetic_bundled",
                Severity.INFO,
                f"{rd.label} is part of the injection procedure: no drug line (J2001 is IV"
                " lidocaine and is"
                " bundled).",
                rd.field,
            )


def ndc_data(ctx: Context) -> Iterator[Item]:
    """D5: every drug line needs the 11-digit NDC."""
    for rd in ctx.drugs:
        if rd.kind is DrugKind.LOCAL_ANESTHETIC or (
            rd.info is not None and rd.info.kind is DrugKind.BILLABLE and not rd.info.codes
        ):
            continue
        if rd.ndc is not None:
            continue
        problem = f" ({rd.ndc_problem})" if rd.ndc_problem else ""
        yield finding(
            "ndc_missing",
            Severity.WARNING,
            f"{rd.label}: no valid NDC{problem}. Drug lines need the 11-digit NDC (qualifier N4)"
            " with its"
            " quantity and unit; take it from the vial or carton.",
            f"{rd.field}.ndc",
        )


def injectant_coverage(ctx: Context) -> Iterator[Item]:
    """D6: non-approved injectants and botulinum toxin for trigger points."""
    for rd in ctx.drugs:
        info = rd.info
        if info is None:
            continue
        if info.unapproved:
            yield finding(
                "unapproved_injectant",
                Severity.WARNING,
                f"{rd.label} is not an FDA-approved drug for injection into trigger points"
                " (botanical,"
                " saline-only, prolotherapy or biologic): most payers deny it; Medicare's"
                " trigger point"
                " policies exclude it.",
                rd.field,
            )
        if info.not_covered_for_tpi and ctx.procedure_code is not None:
            yield finding(
                "drug_not_covered_for_tpi",
                Severity.WARNING,
                f"{rd.label} is not covered for myofascial trigger points: expect the drug line"
                " to deny"
                " unless it was given for a covered indication with its own diagnosis.",
                rd.field,
            )
