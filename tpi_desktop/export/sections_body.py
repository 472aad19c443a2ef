"""What was injected: the body figure beside the muscle table, and the drugs given.

Rows of the muscle table are numbered in the order the clinician entered the injections; the
same number is printed on the figure at the centre of that muscle's region, on every view that
draws it. Muscles that have no region (picked from the list) keep their row, marked "list only".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from reportlab.lib import colors

from tpi_desktop.domain import Drug, Injection
from tpi_desktop.domain.ndc import NdcError, format_ndc, normalise_ndc
from tpi_desktop.export.blocks import Block, Drawn, Keep, Text
from tpi_desktop.export.drug_codes import container_text, drug_billing
from tpi_desktop.export.figure import BodyFigure, BodyView, load_views
from tpi_desktop.export.grid import Command, Table
from tpi_desktop.export.styles import (
    BOLD,
    FONT,
    INK,
    MONO_BOLD,
    MUTED_SMALL,
    fit,
    gap,
    headed,
    heading,
    house_grid,
    plain,
    rich,
)
from tpi_desktop.export.summary import ClaimSummary, us_date

MUSCLES_HEADING = "Muscles injected"
DRUGS_HEADING = "Drugs given"
ROW_HEIGHT = 15.5  # one line of the muscle table, for how many rows fit beside the figure


@dataclass(frozen=True, slots=True)
class MuscleRow:
    """One numbered row of the muscle table and where the figure draws it."""

    number: int
    injection: Injection
    name: str
    views: tuple[str, ...]

    @property
    def region_id(self) -> str:
        """The SVG element id of this muscle on this side."""
        return f"{self.injection.muscle_id}.{self.injection.side.value}"


def muscle_rows(
    summary: ClaimSummary, views: Sequence[tuple[str, BodyView | None]]
) -> list[MuscleRow]:
    """Number the injections and find each one's region on the front and back views."""
    rows = []
    for number, injection in enumerate(summary.visit.encounter.injections, start=1):
        muscle_id = injection.muscle_id
        name = summary.catalog.get(muscle_id).name if muscle_id in summary.catalog else muscle_id
        region = f"{muscle_id}.{injection.side.value}"
        where = tuple(label for label, view in views if view is not None and region in view.regions)
        rows.append(MuscleRow(number, injection, name, where))
    return rows


def _muscle_table(rows: Sequence[MuscleRow], width: float) -> Table:
    cols = [18.0, 0.0, 34.0, 38.0, 46.0]
    cols[1] = width - sum(cols)
    data: list[list[object]] = [["#", "Muscle", "Side", "Inj.", "Figure"]]
    for row in rows:
        data.append(
            [
                str(row.number),
                fit(row.name, cols[1]),
                row.injection.side.value.capitalize(),
                str(row.injection.count),
                ", ".join(v.lower() for v in row.views) or "list only",
            ]
        )
    if not rows:
        data.append(["", "No injections recorded.", "", "", ""])
    style = [("FONT", (0, 1), (0, -1), BOLD, 8.5), ("ALIGN", (3, 1), (3, -1), "RIGHT")]
    return house_grid(data, cols, style, repeat=1)


def _count_note(summary: ClaimSummary) -> Text:
    """How many muscles were counted, which, and the trigger point code they give (printed once
    here, beside the count it follows from)."""
    coding = summary.coding
    counted = ", ".join(f"{m.side} {m.muscle.replace('_', ' ')}" for m in coding.muscles)
    total = sum(i.count for i in summary.visit.encounter.injections)
    plural = "s" if coding.muscle_count != 1 else ""
    parts: list[str | tuple[str, str | None, colors.Color | None]] = [
        (str(coding.muscle_count), BOLD, None),
        f" distinct muscle{plural} counted ({counted or 'none'})",
    ]
    if coding.procedure_code:
        parts += [": ", (coding.procedure_code, MONO_BOLD, INK), " \xd7 1"]
    parts.append(
        f"; {total} injection{'s' if total != 1 else ''} in all. "
        "The number of injections in one muscle never changes the code."
    )
    return rich(MUTED_SMALL, *parts)


def muscles(summary: ClaimSummary, width: float) -> list[Block]:
    """The figure (front and back) with the numbered table beside it; a long table runs on below.

    The figure and the rows that fit beside it form one unbreakable block kept with the
    heading, so the figure is never split from its numbers; further rows follow as a table of
    their own (header repeated) that may flow onto the next pages.
    """
    views = load_views(summary.body_dir)
    rows = muscle_rows(summary, views)
    figure = BodyFigure(
        views, {r.region_id: r.number for r in rows if r.views}, colors.HexColor(summary.accent)
    )
    note = _count_note(summary)
    if not figure.views:
        return [*headed(MUSCLES_HEADING, _muscle_table(rows, width)), gap(3), note]
    side = width - figure.width - 12
    beside = max(int((figure.height - ROW_HEIGHT) // ROW_HEIGHT), 1)
    first, rest = rows[:beside], rows[beside:]
    right: list[Block] = [_muscle_table(first, side)]
    if not rest:
        right += [gap(4), note]
    block = Table(
        [[Drawn(figure), right]],
        [figure.width + 12, side],
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
        ],
    )
    story: list[Block] = [Keep([heading(MUSCLES_HEADING), block])]
    if rest:
        story += [gap(4), _muscle_table(rest, width), gap(3), note]
    return story


def _amount(value: Decimal | None) -> str:
    if value is None:
        return ""
    return format(value.normalize(), "f")


_UNIT_WORDS = {"mg": "mg", "units": "units", "ml": "mL"}


def _unit(drug: Drug) -> str:
    return _UNIT_WORDS.get(drug.dose_unit.value, drug.dose_unit.value)


def _dose(drug: Drug) -> str:
    dose = f"{_amount(drug.dose)} {_unit(drug)}"
    volume = f"{_amount(drug.volume_ml)} mL" if drug.volume_ml is not None else ""
    strength = " of ".join(x for x in (volume, drug.concentration or "") if x)
    return f"{dose} ({strength})" if strength else dose


def _ndc(text: str) -> str:
    try:
        return format_ndc(normalise_ndc(text))
    except NdcError:
        return text  # printed as entered; the engine's ndc finding says what is wrong


def drugs(summary: ClaimSummary, width: float) -> list[Block]:
    """Agent, the HCPCS code(s) the engine billed, dose, waste, container, NDC and lot."""
    given = summary.visit.encounter.drugs
    head = ("Agent", "HCPCS", "Dose", "Wasted", "Container", "NDC (5-4-2)", "Lot / expiry")
    # Dose, container and NDC as wide as their usual values, so they stay on one line.
    cols = [0.0, 44.0, 108.0, 38.0, 76.0, 78.0, 68.0]
    cols[0] = width - sum(cols)
    billed = drug_billing(given, summary.coding)
    data: list[list[object]] = [list(head)]
    for index, (drug, billing) in enumerate(zip(given, billed, strict=True)):
        container = container_text(drug, billing, summary.usual_container(index))
        lot = " / ".join(x for x in (drug.lot or "", us_date(drug.expiry)) if x)
        data.append(
            [
                fit(drug.agent or "(by code)", cols[0]),
                billing.codes_text(),
                fit(_dose(drug), cols[2]),
                f"{_amount(drug.wasted)} {_unit(drug)}" if drug.wasted else "0",
                fit(container, cols[4]),
                plain(_ndc(drug.ndc)) if drug.ndc else "not recorded",
                fit(lot or "not recorded", cols[6]),
            ]
        )
    if not given:
        data.append(["No drugs given.", *[""] * 6])
    style: list[Command] = [("FONT", (1, 1), (1, -1), MONO_BOLD, 9)]
    for row, (drug, billing) in enumerate(zip(given, billed, strict=True), start=1):
        if not billing.codes:  # "bundled" reads as a word, not as a code
            style.append(("FONT", (1, row), (1, row), FONT, 8.5))
        if drug.ndc:  # a missing NDC reads as words, not as a code
            style.append(("FONT", (5, row), (5, row), MONO_BOLD, 9))
    return headed(DRUGS_HEADING, house_grid(data, cols, style, repeat=1))
