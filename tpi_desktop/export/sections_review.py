"""What a reviewer checks: documentation, findings, the reasons behind each line, the data used,
and the attestation with its signature lines.

Findings print a drawn symbol and a word beside the colour, so they read in greyscale and for
colour-blind readers. Nothing here decides a code: lines, modifiers and reasons come from the
coding result as the engine produced them.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from reportlab.lib import colors

from tpi_desktop.domain import Documentation, Severity
from tpi_desktop.export.blocks import Block, Icon, Keep
from tpi_desktop.export.grid import Table
from tpi_desktop.export.ink import width_of
from tpi_desktop.export.styles import (
    BODY,
    BOLD,
    CELL,
    DATA,
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
_WORD = re.compile(r"[a-z0-9]+")
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
    # Two half-width tables side by side: the checklist is long and each entry is short. Each
    # half's item column is as wide as its longest label, so the values (which wrap) get the
    # rest: the labels of the second half (repeat visits) are longer than the first half's.
    items = checklist_rows(summary, doc)
    half = (len(items) + 1) // 2
    side = (width - 10) / 2
    halves = []
    for part in (items[:half], items[half:]):
        longest = max((width_of(label, FONT, 8.5) for label, _, _ in part), default=0.0)
        cols = [16.0, min(longest + 8, 150.0), 0.0]
        cols[2] = side - cols[0] - cols[1]
        # No column headings: a symbol, a label and "Present: ..." read without them.
        data: list[list[object]] = []
        for label, status, value in part:
            icon = Icon(status) if status in ("present", "missing") else ""
            text = f"{status.capitalize()}: {value}" if value else status.capitalize()
            if status == "missing":  # bold, so that a gap stands out in greyscale too
                data.append([icon, fit(label, cols[1]), rich(CELL, (text, BOLD, None))])
            else:
                data.append([icon, fit(label, cols[1]), fit(text, cols[2])])
        halves.append(house_grid(data, cols, header_rows=0))
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
    widths = [16, 50, width - 98, 32]  # "WARNING" and "F5" fit; the message gets the rest
    table = house_grid(data, widths, [("FONT", (1, 1), (1, -1), BOLD, 8.5)], repeat=1)
    return headed(FINDINGS_HEADING, table)


def _words(text: str) -> str:
    """Lower-case words and numbers, space-separated and padded: punctuation and arrows do not
    make two sentences differ."""
    return f" {' '.join(_WORD.findall(plain(text).lower()))} "


def said_in_lines(sentence: str, reasons: Sequence[str], codes: Collection[str]) -> bool:
    """Whether ``sentence`` repeats a line's reason: its words run, in order, inside one of
    ``reasons``, with or without a leading label that names a line's code ("J3301 x4: ...")."""
    words = _words(sentence)
    label, colon, rest = sentence.partition(": ")
    labelled = bool(colon) and label.split(" ", 1)[0] in codes
    tries = (words, _words(rest)) if labelled else (words,)
    return any(t.strip() and t in reason for t in tries for reason in reasons)


def rationale(summary: ClaimSummary, width: float) -> list[Block]:
    """One reason per line (with its modifiers), then those of the engine's general sentences
    that the table does not already say (the engine states most line reasons twice: once on the
    line and once in its summary), so each reason is printed once."""
    coding = summary.coding
    data: list[list[object]] = [["#", "Line", "Why"]]
    labels = []
    for number, line in enumerate(coding.lines, start=1):
        mods = f"-{'-'.join(line.modifiers)}" if line.modifiers else ""
        why = line.rationale or "(no reason recorded by the engine)"
        labels.append(plain(f"{line.code}{mods} x{line.units}"))
        data.append([str(number), labels[-1], para(why, CELL)])
    story: list[Block] = [heading(RATIONALE_HEADING)]
    if coding.lines:
        mono = [("FONT", (1, 1), (1, -1), MONO_BOLD, 9)]
        # the Line column as wide as its widest label, so that the reasons get the rest
        wide = max(width_of(label, MONO_BOLD, 9) for label in labels) + 8
        cols = [16.0, min(max(wide, 64.0), 110.0)]
        cols.append(width - sum(cols))
        story = headed(RATIONALE_HEADING, house_grid(data, cols, mono, repeat=1))
    reasons = [_words(line.rationale) for line in coding.lines if line.rationale]
    codes = {line.code for line in coding.lines}
    for sentence in coding.rationale:
        if not said_in_lines(sentence, reasons, codes):
            story += [gap(1.5), para(f"\u2022 {sentence}", CELL)]
    return story


def data_used(summary: ClaimSummary, width: float) -> list[Block]:
    """Engine version, ICD-10-CM release and every table's as-of date, as one compact paragraph
    (two lines as a rule): a reviewer reads it once, it need not take a table's room."""
    engine, icd, tables = summary.versions()
    parts: list[str | tuple[str, str | None, colors.Color | None]] = [
        (f"{DATA_HEADING}:", BOLD, None),
        ("  Coding engine ", None, MUTED),
        engine or "not recorded",
        ("  \xb7  ICD-10-CM release ", None, MUTED),
        icd or "not recorded",
    ]
    if tables:
        parts.append(("  \xb7  Tables as of: ", None, MUTED))
        for index, (name, as_of) in enumerate(tables):
            parts += [(f"{name} ", None, MUTED), as_of + ("," if index < len(tables) - 1 else "")]
            if index < len(tables) - 1:
                parts.append(" ")
    return [rich(DATA, *parts)]


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
    # Provider and biller sign side by side, each with a date line: one row of lines.
    signer = para(f"Rendering provider: {provider.name}, NPI {provider.npi}", SMALL)
    # (signature, gap, date, wider gap, signature, gap, date): the gaps keep the lines apart
    cols = [width * f for f in (0.42, 0.03, 0.12, 0.05, 0.23, 0.03, 0.12)]
    labels = [signer, "", para("Date", SMALL), "", para("Reviewed by (billing)", SMALL), ""]
    labels.append(para("Date", SMALL))
    label_height = max(signer.wrap(cols[0]), 10.0) + 2
    line = Table(
        [[""] * 7, labels],
        cols,
        [("LINEBELOW", (c, 0), (c, 0), 0.8, RULE) for c in (0, 2, 4, 6)]
        + [
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ],
        heights=[21, label_height],
    )
    note = para(
        "This summary is a coding worksheet for the practice's records, not a claim form.",
        MUTED_SMALL,
    )
    return [Keep([heading(ATTESTATION_HEADING), para(text, BODY), gap(2), line, gap(4), note])]
