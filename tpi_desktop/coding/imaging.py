"""Rule C1: imaging guidance is its own line; payers with the LCD rule do not cover it."""

from __future__ import annotations

from collections.abc import Iterator

from tpi_desktop.coding.context import GA_GZ, Context, Draft, Item, Role, Why, finding
from tpi_desktop.domain import CodeLine, Imaging, LineKind, Severity

_NAMES = {Imaging.ULTRASOUND: "ultrasound", Imaging.FLUOROSCOPY: "fluoroscopy", Imaging.MRI: "MRI"}
GUIDANCE_CODES = {
    Imaging.ULTRASOUND: "76942",
    Imaging.FLUOROSCOPY: "77002",
    Imaging.MRI: "77021",
}


def guidance(ctx: Context) -> Iterator[Item]:
    """C1: add 76942 / 77002 / 77021, and warn where the payer calls guidance not covered."""
    imaging = ctx.encounter.imaging
    if imaging is None:
        return
    kind = Imaging(imaging)  # also accepts the plain string a caller may have put there
    code = GUIDANCE_CODES[kind]
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
