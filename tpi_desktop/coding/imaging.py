"""Rule C1: imaging guidance is its own line beside a procedure; payers with the LCD rule do not
cover it.

Guidance codes describe imaging supervision and interpretation *for* a needle procedure (77002 is
an add-on code; 76942 and 77021 are reported with the procedure they guide), so guidance with no
procedure on the claim is not billed. Procedure codes whose descriptor includes the guidance
(20604, 20606, 20611: joint injection with ultrasound) carry an NCCI edit that never allows the
guidance code beside them (``ncci.json``, modifier indicator 0).
"""

from __future__ import annotations

from collections.abc import Iterator

from tpi_desktop.coding.context import GA_GZ, Context, Draft, Edit, Item, Role, Why, finding
from tpi_desktop.domain import CodeLine, Imaging, LineKind, Severity

_NAMES = {Imaging.ULTRASOUND: "ultrasound", Imaging.FLUOROSCOPY: "fluoroscopy", Imaging.MRI: "MRI"}
GUIDANCE_CODES = {
    Imaging.ULTRASOUND: "76942",
    Imaging.FLUOROSCOPY: "77002",
    Imaging.MRI: "77021",
}


GUIDANCE_CODE_SET = frozenset(GUIDANCE_CODES.values())


def _procedures(ctx: Context) -> list[str]:
    """CPT procedure codes on the claim so far (guidance codes entered by hand aside): what
    guidance can guide."""
    return [
        d.line.code
        for d in ctx.live()
        if d.line.kind is LineKind.PROCEDURE
        and d.line.code[:1].isdigit()
        and d.line.code not in GUIDANCE_CODE_SET
    ]


def _includes(ctx: Context, procedures: list[str], code: str) -> str | None:
    """The first procedure whose NCCI edit never allows ``code`` beside it."""
    for procedure in procedures:
        pair = ctx.tables.ncci_pair(procedure, code)
        if pair is not None and pair.column2 == code and pair.modifier_indicator == 0:
            return procedure
    return None


def guidance(ctx: Context) -> Iterator[Item]:
    """C1: add 76942 / 77002 / 77021 beside a procedure, and warn where the payer calls guidance
    not covered; no line with no procedure, or beside a code that includes the guidance."""
    imaging = ctx.encounter.imaging
    if imaging is None:
        return
    kind = Imaging(imaging)  # also accepts the plain string a caller may have put there
    code = GUIDANCE_CODES[kind]
    procedures = _procedures(ctx)
    if not procedures:
        yield Why(f"No {code}: guidance is billed only with the procedure it guides (C1).")
        yield finding(
            "guidance_without_procedure",
            Severity.INFO,
            f"{code} ({_NAMES[kind]} guidance) was left off: guidance is reported with the needle"
            " procedure it guides, and no procedure is on this claim.",
            "imaging",
        )
        return
    including = _includes(ctx, procedures, code)
    if including is not None:
        pair = ctx.tables.ncci_pair(including, code)
        basis = f": {pair.basis}" if pair is not None and pair.basis else ""
        yield finding(
            "ncci_conflict",
            Severity.WARNING,
            f"{code} was left off: {including} already includes {_NAMES[kind]} guidance, and"
            f" NCCI never pays {code} beside it{basis}.",
            "imaging",
        )
        return
    why = f"{code}: {_NAMES[kind]} guidance is reported separately from the injection (C1)."
    yield Draft(
        CodeLine(
            code=code,
            kind=LineKind.GUIDANCE,
            description=ctx.tables.description(code),
            units=1,
            rationale=why,
        ),
        Role.GUIDANCE,
        field="imaging",
    )
    yield Why(why)
    if not ctx.payer.imaging_covered and ctx.procedure_code is not None:
        yield finding(
            "imaging_not_covered",
            Severity.WARNING,
            f"{ctx.payer_label()}'s trigger point policy treats {_NAMES[kind]} guidance as not"
            " reasonable"
            f" and necessary: {code} will likely deny; {GA_GZ}.",
            "imaging",
        )


def entered_guidance(ctx: Context) -> Iterator[Item]:
    """C1: a guidance code typed under other procedures follows the same rule as the imaging
    field: no line without a procedure, and one line when both name the same guidance."""
    procedures = _procedures(ctx)
    from_field = {d.line.code for d in ctx.live() if d.role is Role.GUIDANCE}
    for draft in list(ctx.live()):
        code = draft.line.code
        if draft.role is not Role.ENTERED or code not in GUIDANCE_CODE_SET:
            continue
        field = f"{draft.field}.code" if draft.field else "other_procedures"
        if not procedures:
            yield Edit(draft, drop=True)
            yield finding(
                "guidance_without_procedure",
                Severity.INFO,
                f"{code} was left off: guidance is reported with the needle procedure it guides,"
                " and no procedure is on this claim.",
                field,
            )
        elif code in from_field:
            yield Edit(draft, drop=True)
            yield finding(
                "duplicate_guidance_code",
                Severity.INFO,
                f"{code} entered by hand is already on the claim: guidance is reported once.",
                field,
            )
        else:
            from_field.add(code)  # a second hand-entered copy is a duplicate of this one
