"""Rules E1-E3: diagnosis codes, pointers and the payer's covered list."""

from __future__ import annotations

from collections.abc import Iterator

from tpi_desktop.coding.context import GA_GZ, Context, Dx, Edit, Item, Role, finding, join_words
from tpi_desktop.coding.icd import IcdCodeSet
from tpi_desktop.domain import Severity

LETTERS = "ABCDEFGHIJKL"
MAX_POINTERS = 4
FIBROMYALGIA = "M79.7"
# Lines given for the trigger points point first to the diagnoses that support them (E2).
_TPI_ROLES = (Role.TPI, Role.DRUG, Role.GUIDANCE, Role.DRY_NEEDLING)


def read_diagnoses(entered: tuple[str, ...], icd: IcdCodeSet) -> tuple[Dx, ...]:
    """The entered codes with their claim letters and what the code set says about them."""
    result = []
    for index, raw in enumerate(entered):
        code = IcdCodeSet.normalise(raw)
        valid = bool(code) and icd.is_valid(code)
        result.append(
            Dx(
                index=index,
                entered=raw,
                code=code,
                letter=LETTERS[index] if index < len(LETTERS) else "",
                valid=valid,
                billable=valid and icd.is_billable(code),
            )
        )
    return tuple(result)


def validity(ctx: Context) -> Iterator[Item]:
    """E1: every code must exist in the April 2026 code set and be billable (a leaf)."""
    if not ctx.diagnoses:
        yield finding(
            "no_diagnosis",
            Severity.ERROR,
            "No diagnosis entered: every claim line must point to an ICD-10-CM code.",
            "diagnoses",
        )
        return
    icd = ctx.tables.icd
    seen: dict[str, int] = {}
    for dx in ctx.diagnoses:
        field = f"diagnoses[{dx.index}]"
        if not dx.letter:
            yield finding(
                "dx_invalid",
                Severity.ERROR,
                f"{dx.code}: a claim holds at most 12 diagnoses (A-L); remove one.",
                field,
            )
        elif not dx.valid:
            yield finding(
                "dx_invalid",
                Severity.ERROR,
                f"{dx.entered.strip() or '(empty)'} is not an ICD-10-CM code (April"
                f" {icd.release[:4]} code set).",
                field,
            )
        elif not dx.billable:
            examples = icd.billable_under(dx.code, 4)
            hint = f" (e.g. {join_words(examples)})" if examples else ""
            yield finding(
                "dx_invalid",
                Severity.ERROR,
                f"{dx.code} is a category, not a billable code: it needs more characters{hint}.",
                field,
            )
        elif dx.code in seen:
            yield finding(
                "dx_duplicate",
                Severity.INFO,
                f"{dx.code} is entered twice; the lines point to the first one"
                f" ({LETTERS[seen[dx.code]]}).",
                field,
            )
        if dx.code not in seen and dx.letter:
            seen[dx.code] = dx.index


def _supports_tpi(ctx: Context, dx: Dx) -> bool:
    covered = ctx.payer.covered_diagnoses
    return covered is not None and dx.code in covered


def pointer_order(ctx: Context, role: Role) -> tuple[str, ...]:
    """E2: up to four letters; for the trigger point and its drugs the covered codes go first."""
    usable = [dx for dx in ctx.diagnoses if dx.letter and dx.billable]
    if not usable:
        usable = [dx for dx in ctx.diagnoses if dx.letter]
    unique: dict[str, Dx] = {}
    for dx in usable:
        unique.setdefault(dx.code, dx)
    ordered = list(unique.values())
    if role in _TPI_ROLES:
        ordered.sort(key=lambda dx: (not _supports_tpi(ctx, dx), dx.index))
    return tuple(dx.letter for dx in ordered[:MAX_POINTERS])


def pointers(ctx: Context) -> Iterator[Item]:
    """E2: every line points to 1-4 diagnoses."""
    by_role: dict[Role, tuple[str, ...]] = {}
    for draft in ctx.live():
        if draft.role not in by_role:
            by_role[draft.role] = pointer_order(ctx, draft.role)
        yield Edit(draft, dx_pointers=by_role[draft.role])


def coverage(ctx: Context) -> Iterator[Item]:
    """E3: a payer with a covered list needs at least one of its codes on a TPI claim."""
    covered = ctx.payer.covered_diagnoses
    if covered is None or ctx.procedure_code is None or not ctx.diagnoses:
        return
    if any(_supports_tpi(ctx, dx) for dx in ctx.diagnoses if dx.valid):
        return
    entered = join_words(dx.code for dx in ctx.diagnoses)
    note = ""
    if any(dx.code == FIBROMYALGIA for dx in ctx.diagnoses):
        note = " Fibromyalgia (M79.7) alone is not covered: tender points are not trigger points."
    yield finding(
        "dx_not_covered",
        Severity.ERROR,
        f"None of the diagnoses ({entered}) is on {ctx.payer_label()}'s covered list for trigger"
        " point"
        f" injections ({join_words(covered)}).{note} Add the covered diagnosis if documented;"
        " otherwise"
        f" {ctx.payer_label()} will deny: {GA_GZ}.",
        "diagnoses",
    )
