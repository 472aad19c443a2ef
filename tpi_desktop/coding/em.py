"""Rule B1: the same-day E/M visit, its modifier 25, and the E/M payment edits that go with it.

The visit comes from ``encounter.em``; an office E/M code entered among the other procedures is
routed here too (the parser accepts any CPT code there), so it gets the same 25 logic instead of
being billed as a procedure without a modifier.
"""

from __future__ import annotations

from collections.abc import Iterator

from tpi_desktop.coding.context import Context, Draft, Item, Role, Why, finding, join_words
from tpi_desktop.coding.imaging import GUIDANCE_CODE_SET
from tpi_desktop.domain import CodeLine, EvaluationAndManagement, LineKind, Severity

# Office/outpatient E/M: 99202-99205 new, 99211-99215 established (99201 deleted in 2021).
OFFICE_EM_CODES = frozenset(
    ("99202", "99203", "99204", "99205", "99211", "99212", "99213", "99214", "99215")
)


def is_office_em(code: str) -> bool:
    """An office or other outpatient E/M code."""
    return code in OFFICE_EM_CODES


def is_drug_administration(code: str) -> bool:
    """CPT drug administration codes 96360-96549 (hydration, injections, infusions, chemo)."""
    return len(code) == 5 and code.isdigit() and "96360" <= code <= "96549"


def visit(ctx: Context) -> tuple[EvaluationAndManagement, str] | None:
    """The day's E/M and the field it came from: ``em``, else the first office E/M code entered
    under ``other_procedures`` (its ``distinct_site`` read as significant and separate)."""
    if ctx.encounter.em is not None:
        return ctx.encounter.em, "em"
    for index, procedure in enumerate(ctx.encounter.other_procedures):
        if is_office_em(procedure.code):
            routed = EvaluationAndManagement(procedure.code, procedure.distinct_site)
            return routed, f"other_procedures[{index}]"
    return None


def _same_day_procedures(ctx: Context) -> list[str]:
    """CPT procedure codes on the claim so far (not drugs): what a same-day E/M must stand apart
    from. Modifier 25 belongs on the E/M beside ANY procedure or other service, not only a TPI.
    A guidance code typed as a procedure does not count: it stays only beside another procedure
    (C1), so alone it is dropped later and must not earn the visit a 25."""
    return [
        d.line.code
        for d in ctx.live()
        if d.line.kind is LineKind.PROCEDURE
        and d.line.code[:1].isdigit()
        and d.line.code not in GUIDANCE_CODE_SET
    ]


def em_line(ctx: Context) -> Iterator[Item]:
    """B1: beside a procedure an E/M stays (with 25 on the E/M) only when significant and separate.

    CPT modifier 25 and NCCI Policy Manual ch. I (E&M services with minor procedures; ch. XI for
    drug administration): the decision to do a 0/10-day procedure, a 96372 or dry needling is part
    of that service, so a same-day E/M needs significant, separately identifiable work and then
    takes 25. With no procedure at all the E/M stands alone, without 25.
    """
    found = visit(ctx)
    if found is None:
        return
    em, where = found
    separate_field = "em.significant_separate" if where == "em" else f"{where}.distinct_site"
    line = CodeLine(
        code=em.code, kind=LineKind.EM, description=ctx.tables.description(em.code), units=1
    )
    procedures = _same_day_procedures(ctx)
    if not procedures:
        yield Why(f"{em.code} is billed on its own, without modifier 25: no procedure today (B1).")
        why = "No procedure today, so the visit is billed on its own without modifier 25."
        yield Draft(_with(line, why), Role.EM, field=where)
        return
    beside = join_words(dict.fromkeys(procedures))
    if em.significant_separate:
        why = (
            f"Modifier 25 on {em.code}: a significant, separately identifiable visit beside"
            f" {beside}."
        )
        yield Draft(_with(line, why, ("25",)), Role.EM, field=where)
        yield Why(why + " The 25 goes on the E/M, never on the procedure line (B1).")
        return
    yield finding(
        "em_not_separately_billable",
        Severity.WARNING,
        f"{em.code} was left off: the assessment that led to {beside} is paid as part of that"
        " service, not as a visit. Bill the visit only if it addressed a significant,"
        " separately identifiable problem, and then mark it so (it gets modifier 25).",
        separate_field,
    )


def _with(line: CodeLine, rationale: str, modifiers: tuple[str, ...] = ()) -> CodeLine:
    return CodeLine(
        code=line.code,
        kind=line.kind,
        description=line.description,
        modifiers=modifiers,
        units=line.units,
        rationale=rationale,
    )


def em_entered_as_procedure(ctx: Context) -> Iterator[Item]:
    """B1: an E/M code under other procedures is the visit (or a second visit, left off)."""
    found = visit(ctx)
    for index, procedure in enumerate(ctx.encounter.other_procedures):
        if not is_office_em(procedure.code) or found is None:
            continue
        em, where = found
        field = f"other_procedures[{index}].code"
        if where == f"other_procedures[{index}]":
            message = (
                f"{procedure.code} was entered as another procedure: coded as the visit (E/M)"
                " instead, with modifier 25 when it is marked distinct (a significant,"
                " separately identifiable visit). Enter visits in the E/M field."
            )
        else:
            message = (
                f"{procedure.code} was entered as another procedure and left off: {em.code} is"
                " already the visit, and one office E/M is reported per day."
            )
        yield finding("em_entered_as_procedure", Severity.INFO, message, field)


def medicare_99211_with_injection(ctx: Context) -> Iterator[Item]:
    """B1: Medicare does not pay 99211, with or without 25, beside a drug administration code.

    CMS CR 3631 / Transmittal 2005 (Medicare Claims Processing Manual ch. 12, 30.6.7): a visit
    billed with a drug administration service is paid only when it is above the 99211 level.
    """
    if ctx.payer.pays_99211_with_drug_administration:
        return
    em = next((d for d in ctx.live() if d.line.kind is LineKind.EM), None)
    if em is None or em.line.code != "99211":
        return
    given = [d.line.code for d in ctx.live() if is_drug_administration(d.line.code)]
    if not given:
        return
    yield finding(
        "em_not_separately_billable",
        Severity.WARNING,
        f"{ctx.payer_label()} does not pay 99211 on the same day as a drug administration"
        f" service ({join_words(dict.fromkeys(given))}), with or without modifier 25: leave 99211"
        " off, or bill a higher-level visit if the documentation supports one.",
        em.field or "em",
    )
