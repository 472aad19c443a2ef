"""The engine: an explicit, ordered tuple of rules run over one encounter.

Each rule yields lines, edits, findings and rationale; the engine applies them in order, stamps
every finding and line with the rule's id (as jsonschema stamps its errors), then puts the lines in
claim order, prices them from the payer's fees and adds the eligibility block. ``evaluate`` reads
no file and never raises on a valid encounter: domain problems are findings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from tpi_desktop.coding import (
    counting,
    diagnoses,
    documentation,
    drugs,
    em,
    frequency,
    imaging,
    same_day,
)
from tpi_desktop.coding.context import Context, Draft, Edit, Item, Why, finding
from tpi_desktop.coding.dosing import resolve_drugs
from tpi_desktop.coding.tables import CodeTables, PayerProfile
from tpi_desktop.coding.tally import count_muscles, procedure_code_for
from tpi_desktop.domain import CodeLine, CodingResult, Encounter, Finding, LineKind, Severity

ENGINE_VERSION = "1.2.0"  # 1.2: guidance needs a procedure; 76942 in 20604/20606/20611;
# 20560 folds into 20561; E/M codes under other procedures; Medicare 99211 with 96372

_CLAIM_ORDER = {LineKind.EM: 0, LineKind.PROCEDURE: 1, LineKind.GUIDANCE: 2, LineKind.DRUG: 3}


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule: its id in coding-rules.md and the function that applies it."""

    id: str
    apply: Callable[[Context], Iterable[Item]]


# The order matters: lines first (procedure, other services, then the E/M, whose modifier 25 depends
# on them, guidance, drugs), then the rules that edit lines (NCCI, pointers), then the checks that
# only add findings.
RULES: tuple[Rule, ...] = (
    Rule("A1", counting.tpi_line),
    Rule("A5", counting.vague_muscles),
    Rule("A8", counting.no_injections),
    Rule("A6", counting.entered_tpi_codes),
    Rule("A7", same_day.anesthesia),
    Rule("B2", same_day.entered_procedures),
    Rule("B4", same_day.dry_needling_codes),
    Rule("B4", same_day.dry_needling),
    Rule("B1", em.em_line),
    Rule("B1", em.em_entered_as_procedure),
    Rule("C1", imaging.guidance),
    Rule("C1", imaging.entered_guidance),
    Rule("D1", drugs.billable_lines),
    Rule("D6", drugs.unclassified_lines),
    Rule("D3", drugs.local_anesthetics),
    Rule("D5", drugs.ndc_data),
    Rule("D6", drugs.injectant_coverage),
    Rule("B2", same_day.ncci),
    Rule("B5", same_day.other_blocks),
    Rule("B1", em.medicare_99211_with_injection),
    Rule("E1", diagnoses.validity),
    Rule("E3", diagnoses.coverage),
    Rule("E2", diagnoses.pointers),
    Rule("F1", frequency.frequency_limit),
    Rule("F2", frequency.repeat_interval),
    Rule("F3", frequency.regions),
    Rule("G", documentation.checklist),
)


def _payer(encounter: Encounter, tables: CodeTables) -> tuple[PayerProfile, Finding | None]:
    profile = tables.payers.get(encounter.payer)
    if profile is not None:
        return profile, None
    # The parser refuses unknown payers; should one reach us, code without payer rules and say so.
    problem = finding(
        "unknown_payer",
        Severity.ERROR,
        f"Payer {encounter.payer!r} has no profile (known: {', '.join(sorted(tables.payers))}):"
        " coded without payer rules or fees.",
        "payer",
    )
    return PayerProfile(id=encounter.payer, name=encounter.payer), replace(problem, rule="F5")


def _apply(
    ctx: Context, rule: Rule, item: Item, findings: list[Finding], rationale: list[str]
) -> None:
    if isinstance(item, Draft):
        item.rule = rule.id
        ctx.lines.append(item)
    elif isinstance(item, Edit):
        target = item.target
        if item.drop:
            target.dropped = True
        if item.add_modifier and item.add_modifier not in target.modifiers:
            target.added.append(item.add_modifier)
            if item.reason:
                target.reasons.append(item.reason)
        if item.dx_pointers is not None:
            target.pointers = item.dx_pointers
    elif isinstance(item, Why):
        rationale.append(item.text)
    elif item.rule:
        findings.append(item)
    else:
        findings.append(Finding(item.id, item.severity, item.message, rule.id, item.field))


def _claim_order(ctx: Context, lines: list[Draft]) -> list[CodeLine]:
    """E/M, procedures, guidance, drugs; a bundled column-2 procedure follows its column-1 code."""
    codes = {d.line.code for d in lines if ctx.tables.in_ncci(d.line.code)}

    def is_column2(code: str) -> bool:
        if code not in codes:
            return False
        for other in codes:
            pair = ctx.tables.ncci_pair(other, code) if other != code else None
            if pair is not None and pair.column2 == code:
                return True
        return False

    ordered = sorted(
        enumerate(lines),
        key=lambda item: (_CLAIM_ORDER[item[1].line.kind], is_column2(item[1].line.code), item[0]),
    )
    result = []
    for _, draft in ordered:
        fee = ctx.payer.fees.get(draft.line.code)
        result.append(draft.build(fee * draft.line.units if fee is not None else None))
    return result


def evaluate(encounter: Encounter, tables: CodeTables) -> CodingResult:
    """Code one encounter: the procedure code, claim lines, findings, rationale and eligibility."""
    payer, payer_problem = _payer(encounter, tables)
    counted = count_muscles(encounter.injections, tables.catalog, tables.muscle_labels)
    ctx = Context(
        encounter=encounter,
        tables=tables,
        payer=payer,
        counted=counted,
        procedure_code=procedure_code_for(counted.count),
        diagnoses=diagnoses.read_diagnoses(encounter.diagnoses, tables.icd),
        drugs=resolve_drugs(encounter.drugs, tables),
    )
    findings: list[Finding] = [payer_problem] if payer_problem else []
    rationale: list[str] = []
    for rule in RULES:
        for item in rule.apply(ctx):
            _apply(ctx, rule, item, findings, rationale)
    lines = _claim_order(ctx, [d for d in ctx.lines if not d.dropped])
    if not lines:
        rationale.append("No billable lines.")
    return CodingResult(
        procedure_code=ctx.procedure_code,
        muscle_count=counted.count,
        muscles=counted.muscles,
        lines=tuple(lines),
        findings=tuple(findings),
        rationale=tuple(rationale),
        eligibility=frequency.eligibility(encounter, payer),
        engine_version=ENGINE_VERSION,
        data_versions=tables.versions,
    )
