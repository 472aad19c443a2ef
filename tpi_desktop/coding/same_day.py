"""Rules A7 and B2-B5: other services on the same day, NCCI pairs and distinct modifiers
(the E/M visit, B1, is in ``em``)."""

from __future__ import annotations

from collections.abc import Iterator

from tpi_desktop.coding.context import (
    DRY_NEEDLING_CODES,
    GA_GZ,
    TPI_CODES,
    Context,
    Draft,
    Edit,
    Item,
    Role,
    Why,
    finding,
)
from tpi_desktop.coding.em import is_office_em
from tpi_desktop.coding.tables import NcciPair
from tpi_desktop.domain import CodeLine, LineKind, Severity


def is_anesthesia(code: str) -> bool:
    """CPT anesthesia codes 00100-01999."""
    return len(code) == 5 and code.isdigit() and "00100" <= code <= "01999"


def is_nerve_block(code: str) -> bool:
    """Somatic and autonomic nerve blocks, 64400-64530 (B5; CPT's nerve block section, the same
    range as the B3 pairs). 64531-64599 are neurostimulator codes, not blocks."""
    return len(code) == 5 and code.isdigit() and "64400" <= code <= "64530"


def _with(line: CodeLine, rationale: str, modifiers: tuple[str, ...] = ()) -> CodeLine:
    return CodeLine(
        code=line.code,
        kind=line.kind,
        description=line.description,
        modifiers=modifiers,
        units=line.units,
        rationale=rationale,
    )


def anesthesia(ctx: Context) -> Iterator[Item]:
    """A7: anesthesia codes are not reported with a trigger point code."""
    if ctx.procedure_code is None:
        return
    for index, procedure in enumerate(ctx.encounter.other_procedures):
        if is_anesthesia(procedure.code):
            yield finding(
                "ncci_conflict",
                Severity.WARNING,
                f"Anesthesia code {procedure.code} is not reported with {ctx.procedure_code}:"
                " left off the claim.",
                f"other_procedures[{index}].code",
            )


def entered_procedures(ctx: Context) -> Iterator[Item]:
    """Other procedures as entered (their NCCI edits come later, in ``ncci``)."""
    has_tpi = ctx.procedure_code is not None
    for index, procedure in enumerate(ctx.encounter.other_procedures):
        code = procedure.code
        if (
            code in TPI_CODES
            or code in DRY_NEEDLING_CODES
            or is_office_em(code)
            or (has_tpi and is_anesthesia(code))
        ):
            continue  # A6, B4, B1 and A7 decide these
        yield Draft(
            CodeLine(
                code=code,
                kind=LineKind.PROCEDURE,
                description=ctx.tables.description(code),
                units=1,
                rationale=f"{code} entered as another procedure done the same day.",
            ),
            Role.ENTERED,
            distinct_site=procedure.distinct_site,
            field=f"other_procedures[{index}]",
        )


def _folds_20560(ctx: Context) -> bool:
    """True when 20560 and 20561 are both entered and 20561 will be billed (no TPI, or 20561 is
    for other muscles than the TPI): then 20560 goes into it. When both are for the TPI's muscles,
    B4 leaves both off anyway."""
    others = ctx.encounter.other_procedures
    if not any(p.code == "20560" for p in others):
        return False
    return any(
        p.code == "20561" and (ctx.procedure_code is None or p.distinct_site) for p in others
    )


def dry_needling_codes(ctx: Context) -> Iterator[Item]:
    """B4: 20560 (1-2 muscles) and 20561 (3 or more) are one session's count, never both.

    Like 20552/20553 (A6) the two codes split one count, so one line per day (MUE 1 each, and the
    pair is mutually exclusive). Entered together they mean at least 1 + 3 muscles: 20561 stays.
    """
    if not _folds_20560(ctx):
        return
    for index, procedure in enumerate(ctx.encounter.other_procedures):
        if procedure.code == "20560":
            yield finding(
                "ncci_conflict",
                Severity.WARNING,
                "20560 was left off: 20560 (1-2 muscles) and 20561 (3 or more) are never billed"
                " on the same day; together they mean 3 or more muscles were needled, so 20561"
                " is reported once.",
                f"other_procedures[{index}].code",
            )


def dry_needling(ctx: Context) -> Iterator[Item]:
    """B4: dry needling of the same muscles is dropped; of other muscles it takes 59/XS."""
    modifier = ctx.payer.distinct_modifier
    skip = "20560" if _folds_20560(ctx) else ""
    for index, procedure in enumerate(ctx.encounter.other_procedures):
        if procedure.code not in DRY_NEEDLING_CODES or procedure.code == skip:
            continue
        field = f"other_procedures[{index}]"
        if not ctx.payer.dry_needling_covered:
            yield finding(
                "dry_needling_not_covered",
                Severity.WARNING,
                f"{ctx.payer_label()} does not cover dry needling ({procedure.code}): expect a"
                " denial;"
                f" {GA_GZ}.",
                field,
            )
        tpi = ctx.procedure_code
        if tpi is not None and not procedure.distinct_site:
            yield finding(
                "dry_needling_same_muscle",
                Severity.WARNING,
                f"{procedure.code} was left off: dry needling is not reported with {tpi} for the"
                " same"
                " muscles. If different muscles were needled, mark it as a distinct site.",
                f"{field}.distinct_site",
            )
            continue
        line = CodeLine(
            code=procedure.code,
            kind=LineKind.PROCEDURE,
            description=ctx.tables.description(procedure.code),
            units=1,
            rationale="Dry needling on its own (no trigger point injection today).",
        )
        if tpi is not None:
            why = (
                f"{modifier} on {procedure.code}: dry needling of different muscles than the {tpi}"
                " injections (B4)."
            )
            line = _with(line, why, (modifier,))
            yield Why(why)
        yield Draft(line, Role.DRY_NEEDLING, distinct_site=procedure.distinct_site, field=field)


def _pairs(ctx: Context) -> list[tuple[Draft, Draft, NcciPair]]:
    """The NCCI pairs among the live lines, as (column-1 line, column-2 line, edit)."""
    lines = [d for d in ctx.live() if ctx.tables.in_ncci(d.line.code)]
    found = []
    for first in lines:
        for second in lines:
            if first is second:
                continue
            pair = ctx.tables.ncci_pair(first.line.code, second.line.code)
            if pair is not None and (pair.column1, pair.column2) == (
                first.line.code,
                second.line.code,
            ):
                found.append((first, second, pair))
    return found


def ncci(ctx: Context) -> Iterator[Item]:
    """B2/B3: the column-2 code of an NCCI pair takes the distinct modifier, is flagged, or goes."""
    modifier = ctx.payer.distinct_modifier
    pairs = _pairs(ctx)
    dropped = {id(second) for _, second, pair in pairs if pair.modifier_indicator == 0}
    # The column-2 line takes the modifier once when any of its pairs is documented as distinct.
    separate = {
        id(second): first.line.code
        for first, second, pair in pairs
        if pair.modifier_indicator and (first.distinct_site or second.distinct_site)
    }
    modified: set[int] = set()
    for first, second, pair in pairs:
        if id(first) in dropped:
            continue
        col1, col2 = first.line.code, second.line.code
        if pair.modifier_indicator == 0:
            yield Edit(second, drop=True)
            yield finding(
                "ncci_conflict",
                Severity.WARNING,
                f"{col2} was left off: NCCI bundles it into {col1} and no modifier can separate"
                f" them: {pair.basis}.",
                second.field or first.field,
            )
        elif id(second) in dropped:
            continue
        elif first.distinct_site or second.distinct_site:
            if id(second) not in modified and modifier not in second.modifiers:
                modified.add(id(second))
                why = (
                    f"{modifier} on {col2}: NCCI bundles {col2} into {col1}, and a distinct site"
                    " or session is documented (B2)."
                )
                yield Edit(second, add_modifier=modifier, reason=why)
                yield Why(why)
        else:
            other = separate.get(id(second))
            field = (first.field or second.field or "other_procedures") + ".distinct_site"
            if other is not None:
                message = (
                    f"{col2} carries {modifier} for its separate site from {other}, but no"
                    f" distinct site is documented against {col1}: NCCI bundles {col2} into"
                    f" {col1}. Keep {modifier} only if {col2} was also separate from {col1}."
                )
            else:
                message = (
                    f"NCCI bundles {col2} into {col1} and no distinct site is documented: {col2}"
                    " will deny as billed. If it was a separate site or session, mark it distinct"
                    f" to add {modifier}."
                )
            yield finding("ncci_conflict", Severity.WARNING, message, field)


def other_blocks(ctx: Context) -> Iterator[Item]:
    """B5: payers with the LCD rule do not cover other nerve blocks in the TPI session."""
    if not ctx.payer.other_block_rule or ctx.procedure_code is None:
        return
    for index, procedure in enumerate(ctx.encounter.other_procedures):
        if is_nerve_block(procedure.code):
            yield finding(
                "other_block_same_session",
                Severity.WARNING,
                f"{ctx.payer_label()}'s trigger point policy does not cover other nerve blocks"
                " in the same"
                f" session ({procedure.code} with {ctx.procedure_code}): expect a denial; {GA_GZ}.",
                f"other_procedures[{index}].code",
            )
