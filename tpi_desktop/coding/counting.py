"""Rules A1-A8: the trigger point code from the muscle count.

The count itself is done once in ``tally.count_muscles``; these rules turn it into the procedure
line, the rationale sentences and the findings.
"""

from __future__ import annotations

from collections.abc import Iterator

from tpi_desktop.coding.context import (
    TPI_CODES,
    Context,
    Draft,
    Item,
    Role,
    Why,
    finding,
    join_words,
    plural,
)
from tpi_desktop.domain import CodeLine, LineKind, Severity
from tpi_desktop.domain.catalog import muscle_label


def tpi_line(ctx: Context) -> Iterator[Item]:
    """A1-A3, A7: one 20552/20553 line, units 1, no 50/RT/LT, and the sentences that explain it."""
    counted = ctx.counted
    for index in counted.unknown:
        muscle_id = ctx.encounter.injections[index].muscle_id
        yield finding(
            "unknown_muscle",
            Severity.ERROR,
            f"Muscle {muscle_id!r} is not in the muscle catalog: it was counted as a muscle of"
            " its own;"
            " pick it from the catalog so the count can be checked.",
            f"injections[{index}].muscle",
        )
    code = ctx.procedure_code
    if code is None:
        return
    muscles = plural(counted.count, "distinct muscle")
    sentence = f"{muscles}: {join_words(counted.labels)} → {code} ×1"
    yield Draft(
        CodeLine(
            code=code,
            kind=LineKind.PROCEDURE,
            description=ctx.tables.description(code),
            units=1,
            rationale=f"{sentence}; units are always 1 and the code covers both sides (no 50, RT"
            " or LT).",
        ),
        Role.TPI,
    )
    yield Why(f"{sentence}.")
    catalog = ctx.tables.catalog
    for muscle, label in zip(counted.muscles, counted.labels, strict=True):
        if len(muscle.picked) > 1:
            parts = join_words(catalog.get(p).name if p in catalog else p for p in muscle.picked)
            yield Why(f"{parts} are parts of one muscle, counted once as {label} (A4).")
    many = [
        f"{muscle.injections} in {label}"
        for muscle, label in zip(counted.muscles, counted.labels, strict=True)
        if muscle.injections > 1
    ]
    if many:
        yield Why(
            f"Injections inside one muscle do not change the count ({join_words(many)}) (A2)."
        )
    sides: dict[str, set[str]] = {}
    for muscle in counted.muscles:
        sides.setdefault(muscle.muscle, set()).add(muscle.side)
    labels = ctx.tables.muscle_labels
    both = [
        labels.get(name) or muscle_label(name, catalog)
        for name, found in sides.items()
        if len(found) == 2
    ]
    if both:
        yield Why(f"Left and right {join_words(both)} count as separate muscles (A3).")


# Named muscles to suggest for each group word (paraspinal groups by their erector spinae and
# transversospinal members); other group words fall back to named muscles of the same LCD region.
_NAMED_FOR_GROUP = {
    "suboccipitals": ("obliquus_capitis_inferior", "rectus_capitis_posterior_major"),
    "cervical_paraspinals": (
        "splenius_capitis",
        "semispinalis_capitis",
        "longissimus_capitis",
        "semispinalis_cervicis",
    ),
    "thoracic_paraspinals": ("iliocostalis_thoracis", "longissimus_thoracis", "spinalis_thoracis"),
    "lumbar_paraspinals": ("multifidus", "iliocostalis_lumborum", "longissimus_thoracis"),
}


def vague_muscles(ctx: Context) -> Iterator[Item]:
    """A5: a group word counts once per side and asks for the named muscles."""
    catalog = ctx.tables.catalog
    for muscle, label, sources in zip(
        ctx.counted.muscles, ctx.counted.labels, ctx.counted.sources, strict=True
    ):
        if not muscle.vague:
            continue
        suggested = [
            catalog.get(i).name for i in _NAMED_FOR_GROUP.get(muscle.muscle, ()) if i in catalog
        ]
        named = (
            suggested
            or [
                m.name
                for m in catalog
                if m.lcd_region == muscle.lcd_region and not m.vague and m.counts_as == m.id
            ][:4]
        )
        hint = f" (e.g. {join_words(named)})" if named else ""
        yield finding(
            "vague_muscle",
            Severity.WARNING,
            f"“{label}” is a group of muscles: counted as 1 muscle on that side. Name the muscles"
            f" injected{hint}: each named muscle counts separately and payers ask for them.",
            f"injections[{sources[0]}].muscle",
        )


def no_injections(ctx: Context) -> Iterator[Item]:
    """A8: nothing injected, so no trigger point code."""
    if ctx.procedure_code is not None:
        return
    entered = [op.code for op in ctx.encounter.other_procedures if op.code in TPI_CODES]
    extra = f" The {join_words(entered)} entered by hand was left off." if entered else ""
    yield Why("No muscles injected, so no trigger point code (A8).")
    yield finding(
        "no_injections",
        Severity.WARNING,
        f"No muscles injected: no trigger point code (20552/20553) on this claim.{extra}",
        "injections",
    )


def entered_tpi_codes(ctx: Context) -> Iterator[Item]:
    """A6: 20552 and 20553 are never both billed; the count decides, the hand-entered code goes."""
    code = ctx.procedure_code
    if code is None:
        return
    for index, procedure in enumerate(ctx.encounter.other_procedures):
        if procedure.code not in TPI_CODES:
            continue
        field = f"other_procedures[{index}].code"
        if procedure.code == code:
            yield finding(
                "duplicate_tpi_code",
                Severity.INFO,
                f"{code} entered by hand is already on the claim from the muscle count: reported"
                " once (units 1).",
                field,
            )
        else:
            yield finding(
                "both_tpi_codes",
                Severity.WARNING,
                f"{procedure.code} was entered by hand, but"
                f" {plural(ctx.counted.count, 'muscle')}"
                f" {'gives' if ctx.counted.count == 1 else 'give'} {code}: kept {code} and left"
                f" {procedure.code} off (20552 and 20553 are never billed on the same day).",
                field,
            )
