"""The claim part of the summary: header, patient and payer, service lines, diagnoses.

The service lines follow CMS-1500 box 24 column by column (24A date, 24B place of service, 24D
code and up to four modifiers, 24E diagnosis pointers, 24F charges, 24G units, 24J rendering
NPI), with a drug line's NDC data on the shaded line above it, as the paper form prints it.
A line the payer has no fee for prints "no fee set" and is left out of the total (box 28), with
a footnote that says so. Long tables split across pages with their column headings repeated.
"""

from __future__ import annotations

from tpi_desktop.domain import CodeLine, LineKind
from tpi_desktop.export.blocks import Block, Text
from tpi_desktop.export.grid import Table
from tpi_desktop.export.styles import (
    BOLD,
    CELL,
    DRAFT_RED,
    FONT,
    INK,
    MONO,
    MONO_BOLD,
    MUTED,
    MUTED_SMALL,
    PRACTICE,
    RULE,
    SHADE,
    SMALL,
    SMALL_RIGHT,
    TITLE_RIGHT,
    VALUE,
    fit,
    gap,
    headed,
    house_grid,
    para,
    plain,
    rich,
)
from tpi_desktop.export.summary import (
    ClaimSummary,
    dx_display,
    money,
    place_of_service,
    pointer_letters,
    sex_display,
    us_date,
)

LINES_HEADING = "Service lines (CMS-1500 box 24)"
DIAGNOSES_HEADING = "Diagnoses (CMS-1500 box 21)"
MAX_MODIFIERS = 4
PEOPLE_PAD = 6.0  # right padding of the patient and payer cells
NO_FEE = "no fee set*"


def header(summary: ClaimSummary, width: float) -> list[Block]:
    """Practice block on the left; title, visit number and status on the right."""
    practice = summary.practice
    left: list[Block] = [para(practice.name or "Practice name not set", PRACTICE)]
    for line in practice.address.splitlines() or [""]:
        if line.strip():
            left.append(para(line.strip(), SMALL))
    ids = [
        f"NPI {practice.npi}" if practice.npi else "",
        f"Tax ID {practice.tax_id}" if practice.tax_id else "",
    ]
    left.append(para("   ".join(i for i in ids if i) or "NPI / Tax ID not set", SMALL))

    visit = summary.visit
    status = visit.status.value.capitalize()
    right: list[Block] = [Text("Claim summary", TITLE_RIGHT)]
    number = f"Visit #{visit.id}" if visit.id is not None else "Unsaved visit"
    colour = INK if summary.is_final else DRAFT_RED
    right.append(rich(SMALL_RIGHT, f"{number} \xa0\xb7\xa0 Status: ", (status, BOLD, colour)))
    if summary.superseded_by is not None:
        by = f"Superseded by visit #{summary.superseded_by}"
        right.append(rich(SMALL_RIGHT, (by, BOLD, None)))
    if summary.amends is not None:
        right.append(rich(SMALL_RIGHT, (f"Amendment of visit #{summary.amends}", BOLD, None)))
    if visit.finalized_at is not None and summary.is_final:
        who = f" by {visit.finalized_by}" if visit.finalized_by else ""
        right.append(para(f"Finalized {us_date(visit.finalized_at.date())}{who}", SMALL_RIGHT))
    if summary.is_final and visit.override_reason:
        reason = " ".join(visit.override_reason.split())
        over = ("Finalized over open findings:", BOLD, None)
        right.append(rich(SMALL_RIGHT, over, f" {reason}"))
    table = Table(
        [[left, right]],
        [width * 0.58, width * 0.42],
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("LINEBELOW", (0, 0), (-1, 0), 1.2, RULE),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ],
    )
    return [table, gap(6)]


def people(summary: ClaimSummary, width: float) -> list[Block]:
    """Patient on the left; payer, provider, date and place of service on the right."""
    visit = summary.visit
    patient, provider, enc = visit.patient, visit.provider, visit.encounter
    left = [
        ("Patient", patient.display_name),
        ("Date of birth", us_date(patient.date_of_birth)),
        ("Sex", sex_display(patient.sex)),
        ("Member ID", patient.member_id or "not recorded"),
    ]
    right = [
        ("Payer", summary.payer_display()),
        ("Rendering provider", provider.name),
        ("Provider NPI", provider.npi),
        ("Date of service", us_date(enc.date_of_service)),
        ("Place of service", place_of_service(enc.place_of_service)),
    ]
    label = 78.0
    value = width / 2 - label
    cols = [label, value, label + 14, value - 14]
    rows = []
    for i in range(max(len(left), len(right))):
        a = left[i] if i < len(left) else ("", "")
        b = right[i] if i < len(right) else ("", "")
        # A value too long for its column wraps inside it (a long name must not run into the
        # payer column); the padding is the cell's right padding.
        rows.append(
            [
                plain(a[0]),
                fit(a[1], cols[1], VALUE, PEOPLE_PAD),
                plain(b[0]),
                fit(b[1], cols[3], VALUE, PEOPLE_PAD),
            ]
        )
    table = Table(
        rows,
        cols,
        [
            ("FONT", (0, 0), (-1, -1), FONT, 8),
            ("TEXTCOLOR", (0, 0), (-1, -1), MUTED),
            ("FONT", (1, 0), (1, -1), BOLD, 9),
            ("FONT", (3, 0), (3, -1), BOLD, 9),
            ("TEXTCOLOR", (1, 0), (1, -1), INK),
            ("TEXTCOLOR", (3, 0), (3, -1), INK),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), PEOPLE_PAD),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            # 8 pt labels one point lower, on the baseline of the 9 pt values beside them
            ("TOPPADDING", (0, 0), (0, -1), 2.5),
            ("TOPPADDING", (2, 0), (2, -1), 2.5),
        ],
    )
    return [table, gap(4)]


def _shaded_text(line: CodeLine) -> str:
    """The supplemental line above a drug: "N400003029305 ML1" (qualifier, NDC, unit, quantity)."""
    if not line.ndc:
        return "NDC missing" if line.kind is LineKind.DRUG else ""
    return f"N4{line.ndc} {line.ndc_unit or ''}{line.ndc_quantity or ''}".strip()


def service_lines(summary: ClaimSummary, width: float) -> list[Block]:
    """Box 24, one row per line, NDC data shaded above drug lines, totals at the foot."""
    coding, visit = summary.coding, summary.visit
    enc = visit.encounter
    head = [
        "#",
        "24A\nDate",
        "24B\nPOS",
        "24D CPT/\nHCPCS",
        "Description",
        "Mod\n1",
        "Mod\n2",
        "Mod\n3",
        "Mod\n4",
        "24E Dx\nptr",
        "24F\nCharges",
        "24G\nUnits",
        "24J\nNPI",
    ]
    cols = [17.0, 50, 26, 52, 0, 23, 23, 23, 23, 40, 52, 28, 58]
    cols[4] = width - sum(cols)
    rows: list[list[object]] = [list(head)]  # header cells are plain, "\n" breaks a line
    style: list[tuple[object, ...]] = [
        ("FONT", (3, 1), (3, -1), MONO_BOLD, 9.5),
        ("FONT", (5, 1), (9, -1), MONO_BOLD, 9.5),
        ("ALIGN", (5, 1), (9, -1), "CENTER"),
        ("ALIGN", (10, 1), (11, -1), "RIGHT"),
    ]
    total = 0
    no_fee: list[str] = []  # "line 3 (J3490)" for each line the payer has no fee for
    for number, line in enumerate(coding.lines, start=1):
        first = len(rows)
        shaded = _shaded_text(line)
        if shaded:
            rows.append(["", shaded, *[""] * 11])
            r = len(rows) - 1
            style += [
                ("SPAN", (1, r), (-1, r)),
                ("BACKGROUND", (0, r), (-1, r), SHADE),
                ("FONT", (1, r), (-1, r), MONO, 9),
                ("LINEBELOW", (0, r), (-1, r), 0.25, SHADE),
            ]
        modifiers = [*line.modifiers[:MAX_MODIFIERS], "", "", "", ""][:MAX_MODIFIERS]
        if line.charge_cents is None:
            no_fee.append(f"line {number} ({line.code})")
        else:
            total += line.charge_cents
        rows.append(
            [
                str(number),
                us_date(enc.date_of_service),
                enc.place_of_service,
                line.code,
                fit(line.description, cols[4]),
                *modifiers,
                "".join(line.dx_pointers),
                money(line.charge_cents) if line.charge_cents is not None else NO_FEE,
                str(line.units),
                visit.provider.npi,
            ]
        )
        if len(rows) - first > 1:  # the shaded NDC line never parts from its drug line
            style.append(("NOSPLIT", (0, first), (-1, len(rows) - 1)))
    if not coding.lines:
        rows.append(["", "No billable lines.", *[""] * 11])
        style += [("SPAN", (1, 1), (-1, 1)), ("FONT", (1, 1), (-1, 1), FONT, 8.5)]
    label = "Total charge (box 28)" + (", lines with a fee*" if no_fee else "")
    rows.append(["", label, *[""] * 8, money(total), "", ""])
    r = len(rows) - 1
    style += [
        ("SPAN", (1, r), (9, r)),
        ("FONT", (0, r), (-1, r), BOLD, 8.5),
        ("LINEABOVE", (0, r), (-1, r), 0.8, RULE),
        ("NOSPLIT", (0, r - 1), (-1, r)),  # the total stays with the last line
    ]
    for r, row in enumerate(rows):
        if row[10] == NO_FEE:
            style += [("FONT", (10, r), (10, r), FONT, 7.5), ("TEXTCOLOR", (10, r), (10, r), MUTED)]
    table = house_grid(rows, cols, style, zebra=False, repeat=1)
    out: list[Block] = headed(LINES_HEADING, table)
    if no_fee:
        out.append(gap(2))
        out.append(
            para(
                f"* No fee set for {_listed(no_fee)}: the total above leaves "
                f"{'it' if len(no_fee) == 1 else 'them'} out. Enter the charge by hand, or set "
                "the fee in the payer's fee schedule.",
                MUTED_SMALL,
            )
        )
    for line in coding.lines:
        if line.box19:
            out.append(gap(3))
            out.append(
                rich(
                    CELL,
                    ("Item 19", BOLD, None),
                    f" (additional claim information, line {line.code}): ",
                    (line.box19, MONO, None),
                )
            )
    return out


def _listed(items: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def diagnoses(summary: ClaimSummary, width: float) -> list[Block]:
    """Box 21: the letters A-L with each code and its ICD-10-CM title."""
    codes = summary.visit.encounter.diagnoses
    rows: list[list[object]] = [["Ptr", "ICD-10-CM", "Description"]]
    for index, code in enumerate(codes):
        title = summary.description(code) or "(description not available)"
        rows.append([pointer_letters(index), dx_display(code), fit(title, width - 100)])
    if not codes:
        rows.append(["", "No diagnosis entered.", ""])
    table = house_grid(
        rows, [30, 70, width - 100], [("FONT", (0, 1), (1, -1), MONO_BOLD, 9.5)], repeat=1
    )
    return headed(DIAGNOSES_HEADING, table)
