"""What a reviewer checks: documentation, findings, the reasons behind each line, the data used,
and the attestation with its signature lines.

Findings print a drawn symbol and a word beside the colour, so they read in greyscale and for
colour-blind readers. Nothing here decides a code: lines, modifiers and reasons come from the
coding result as the engine produced them.
"""

from __future__ import annotations

from reportlab.lib import colors

from tpi_desktop.domain import Documentation, Severity
from tpi_desktop.export.blocks import Block, Icon, Keep
from tpi_desktop.export.grid import Table
from tpi_desktop.export.styles import (
    BODY,
    BOLD,
    CELL,
    FONT,
    MONO,
    MONO_BOLD,
    MUTED,
    MUTED_SMALL,
    RULE,
    SMALL,
    fit,
    gap,
    headed,
    heading,
    house_grid,
    para,
    plain,
    rich,
)
from tpi_desktop.export.summary import SEVERITY_WORDS, ClaimSummary, dx_display

DOCUMENTATION_HEADING = "Documentation checklist"
FINDINGS_HEADING = "Findings"
RATIONALE_HEADING = "Why each line and modifier"
DATA_HEADING = "Data used"
ATTESTATION_HEADING = "Attestation"

# (field, label) in checklist order (coding-rules.md section G).
CHECKLIST: tuple[tuple[str, str], ...] = (
    ("needle_gauge", "Needle gauge"),
    ("needle_length_in", "Needle length (inches)"),
    ("technique", "Technique"),
    ("pain_before", "Pain before (0-10)"),
    ("pain_after", "Pain after (0-10)"),
    ("relief_percent", "Immediate relief (%)"),
    ("medical_history", "Relevant medical history"),
    ("physical_exam", "Physical examination"),
    ("diagnostic_tests", "Diagnostic tests (or none)"),
    ("trigger_point_signs", "Trigger point signs (at least 2)"),
    ("trigger_point_activity", "Active or latent"),
    ("reason", "Why TPI was chosen"),
    ("prior_relief_percent", "Relief since last session (%)"),
    ("prior_relief_weeks", "Weeks of relief since last session"),
    ("functional_change", "Functional change since last session"),
    ("conservative_care", "Conservative care / home exercise"),
    ("referring_provider_name", "Referring physician"),
    ("referring_provider_npi", "Referring physician NPI"),
)
_REPEAT_ONLY = {
    "prior_relief_percent",
    "prior_relief_weeks",
    "functional_change",
    "conservative_care",
}
_OPTIONAL = {"referring_provider_name", "referring_provider_npi"}
_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def _value(value: object) -> str:
    if value is None or value is False or value == "" or value == ():
        return ""
    if value is True:
        return "Yes"
    if isinstance(value, tuple):
        return ", ".join(str(v).replace("_", " ") for v in value)
    return str(value)


def checklist_rows(summary: ClaimSummary, doc: Documentation) -> list[tuple[str, str, str]]:
    """(label, status, value) per item: status is present, missing or not applicable."""
    flagged = {
        f.field for f in summary.coding.findings if f.id == "documentation_missing" and f.field
    }
    repeat = bool(summary.visit.encounter.prior_sessions)
    rows = []
    for name, label in CHECKLIST:
        value = _value(getattr(doc, name))
        if f"documentation.{name}" in flagged:
            status = "missing"
        elif value:
            status = "present"
        elif (name in _REPEAT_ONLY and not repeat) or name in _OPTIONAL:
            status = "not applicable"
        else:
            status = "missing"
        rows.append((label, status, value))
    return rows


def documentation(summary: ClaimSummary, width: float) -> list[Block]:
    """Each checklist item with a symbol and a word: present, missing or not applicable."""
    doc = summary.visit.encounter.documentation
    if doc is None:
        return [
            heading(DOCUMENTATION_HEADING),
            para("Documentation checklist: not recorded for this visit.", BODY),
        ]
    # Two half-width tables side by side: the checklist is long and each entry is short.
    items = checklist_rows(summary, doc)
    half = (len(items) + 1) // 2
    side = (width - 10) / 2
    cols = [16.0, 150.0, side - 166.0]
    halves = []
    for part in (items[:half], items[half:]):
        data: list[list[object]] = [["", "Item", "Status"]]
        for label, status, value in part:
            icon = Icon(status) if status in ("present", "missing") else ""
            text = f"{status.capitalize()}: {value}" if value else status.capitalize()
            if status == "missing":  # bold, so that a gap stands out in greyscale too
                data.append([icon, fit(label, cols[1]), rich(CELL, (text, BOLD, None))])
            else:
                data.append([icon, fit(label, cols[1]), fit(text, cols[2])])
        halves.append(house_grid(data, cols))
    table = Table(
        [halves],
        [side + 10, side],
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ],
    )
    return [heading(DOCUMENTATION_HEADING), table]


def findings(summary: ClaimSummary, width: float) -> list[Block]:
    """Findings, errors first, each with its symbol, word, id, message and rule."""
    found = sorted(summary.coding.findings, key=lambda f: _SEVERITY_ORDER.get(f.severity, 3))
    if not found:
        return [
            heading(FINDINGS_HEADING),
            para("No findings: nothing for the biller to check.", BODY),
        ]
    data: list[list[object]] = [["", "Severity", "Finding", "Rule"]]
    for finding in found:
        text = rich(CELL, (finding.id, MONO, None), f": {finding.message}")
        word = SEVERITY_WORDS[finding.severity].upper()
        data.append([Icon(finding.severity.value), word, text, plain(finding.rule)])
    widths = [16, 58, width - 110, 36]
    table = house_grid(data, widths, [("FONT", (1, 1), (1, -1), BOLD, 8.5)], repeat=1)
    return headed(FINDINGS_HEADING, table)


def rationale(summary: ClaimSummary, width: float) -> list[Block]:
    """One reason per line (with its modifiers), then the engine's general sentences."""
    coding = summary.coding
    data: list[list[object]] = [["#", "Line", "Why"]]
    for number, line in enumerate(coding.lines, start=1):
        mods = f"-{'-'.join(line.modifiers)}" if line.modifiers else ""
        why = line.rationale or "(no reason recorded by the engine)"
        data.append([str(number), plain(f"{line.code}{mods} x{line.units}"), para(why, CELL)])
    story: list[Block] = [heading(RATIONALE_HEADING)]
    if coding.lines:
        mono = [("FONT", (1, 1), (1, -1), MONO_BOLD, 9)]
        story = headed(RATIONALE_HEADING, house_grid(data, [16, 100, width - 116], mono, repeat=1))
    for sentence in coding.rationale:
        story += [gap(2), para(f"\u2022 {sentence}", CELL)]
    return story


def data_used(summary: ClaimSummary, width: float) -> list[Block]:
    """Engine version, ICD-10-CM release and every table's as-of date."""
    engine, icd, tables = summary.versions()
    rows = [
        ("Coding engine", engine or "not recorded"),
        ("ICD-10-CM release", icd or "not recorded"),
    ]
    rows += [(name, f"as of {as_of}") for name, as_of in tables]
    # Two pairs to a row: the list is short and the summary should stay short too.
    half = (len(rows) + 1) // 2
    data: list[list[object]] = []
    for index in range(half):
        right = rows[index + half] if index + half < len(rows) else ("", "")
        data.append(
            [
                fit(rows[index][0], 130),
                fit(rows[index][1], width / 2 - 130),
                fit(right[0], 130),
                fit(right[1], width / 2 - 130),
            ]
        )
    table = house_grid(
        data,
        [130, width / 2 - 130, 130, width / 2 - 130],
        [
            ("BACKGROUND", (0, 0), (-1, 0), colors.white),
            ("FONT", (0, 0), (-1, 0), FONT, 8.5),  # no header row: the first row is plain too
            ("LINEBELOW", (0, 0), (-1, 0), 0.25, RULE),
            ("TEXTCOLOR", (0, 0), (0, -1), MUTED),
            ("TEXTCOLOR", (2, 0), (2, -1), MUTED),
            ("LINEBEFORE", (2, 0), (2, -1), 0.25, RULE),
        ],
        zebra=False,
    )
    return [heading(DATA_HEADING), table]


def attestation(summary: ClaimSummary, width: float) -> list[Block]:
    """The provider's statement and signature and date lines for provider and biller."""
    provider = summary.visit.provider
    dx = ", ".join(dx_display(c) for c in summary.visit.encounter.diagnoses) or "none"
    text = (
        f"I attest that the services listed above were medically necessary for the diagnoses "
        f"entered ({dx}), were personally performed by me or under my direct supervision "
        "on the date of service shown, and are documented in the patient's medical record, "
        "which supports the codes, units and modifiers on this summary."
    )
    line = Table(
        [
            ["", "", ""],
            [
                para(f"Rendering provider: {provider.name}, NPI {provider.npi}", SMALL),
                "",
                para("Date", SMALL),
            ],
            ["", "", ""],
            [para("Reviewed by (billing)", SMALL), "", para("Date", SMALL)],
        ],
        [width * 0.62, width * 0.08, width * 0.30],
        [
            ("LINEBELOW", (0, 0), (0, 0), 0.8, RULE),
            ("LINEBELOW", (2, 0), (2, 0), 0.8, RULE),
            ("LINEBELOW", (0, 2), (0, 2), 0.8, RULE),
            ("LINEBELOW", (2, 2), (2, 2), 0.8, RULE),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ],
        heights=[22, 12, 22, 12],
    )
    note = para(
        "This summary is a coding worksheet for the practice's records, not a claim form.",
        MUTED_SMALL,
    )
    return [Keep([heading(ATTESTATION_HEADING), para(text, BODY), gap(4), line, gap(6), note])]
