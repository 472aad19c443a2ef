"""Rule G: the documentation checklist (seed list plus what the Medicare LCDs add).

Checked only when ``encounter.documentation`` is present (``None`` means the checklist was not
filled in at all). Each missing item is one ``documentation_missing`` finding naming it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tpi_desktop.coding.context import Context, Item, finding
from tpi_desktop.domain import Documentation, Severity
from tpi_desktop.domain.npi import npi_is_valid

MIN_SIGNS = 2
_DIGIT = re.compile(r"\d")
MIN_RELIEF_PERCENT = 50
MIN_RELIEF_WEEKS = 6

# (field, what the biller reads) in checklist order; the always-required items.
_ALWAYS = (
    ("needle_gauge", "needle gauge"),
    ("needle_length_in", "needle length"),
    ("technique", "the technique used"),
    ("pain_before", "pain score before the procedure (0-10)"),
    ("pain_after", "pain score after the procedure (0-10)"),
    ("relief_percent", "immediate % relief"),
    ("medical_history", "relevant medical history"),
    ("physical_exam", "the physical examination"),
    ("diagnostic_tests", "results of pertinent diagnostic tests (or “none”)"),
)
_REPEAT = (
    ("prior_relief_percent", "% relief since the last session"),
    ("prior_relief_weeks", "how many weeks the relief lasted"),
    ("functional_change", "functional change since the last session"),
    ("conservative_care", "that the patient is in a conservative care or home exercise programme"),
)


def _missing(value: object) -> bool:
    """None, False, blank text and an empty tuple are all "not documented"."""
    if value is None or value is False:
        return True
    return isinstance(value, str | tuple) and not (
        value.strip() if isinstance(value, str) else value
    )


def _item(name: str, what: str) -> Item:
    return finding(
        "documentation_missing",
        Severity.WARNING,
        f"Documentation: {what} is missing.",
        f"documentation.{name}",
    )


def checklist(ctx: Context) -> Iterator[Item]:
    """G: one finding per missing checklist item."""
    doc = ctx.encounter.documentation
    if doc is None:
        return
    yield from _basics(doc)
    yield from _medication(ctx)
    yield from _repeat(ctx, doc)
    yield from _referral(doc)


def _basics(doc: Documentation) -> Iterator[Item]:
    for name, what in _ALWAYS:
        if _missing(getattr(doc, name)):
            yield _item(name, what)
    signs = set(doc.trigger_point_signs)
    if len(signs) < MIN_SIGNS:
        yield finding(
            "documentation_missing",
            Severity.WARNING,
            "Documentation: the evaluation that found the trigger points needs at least"
            f" {MIN_SIGNS} of taut"
            f" band, hyperirritable spot, local twitch response and referred pain ({len(signs)}"
            " recorded).",
            "documentation.trigger_point_signs",
        )
    if _missing(doc.trigger_point_activity):
        yield _item("trigger_point_activity", "whether the trigger points are active or latent")
    if _missing(doc.reason):
        yield _item(
            "reason", "why trigger point injection was chosen (e.g. failed conservative care)"
        )


def _medication(ctx: Context) -> Iterator[Item]:
    for rd in ctx.drugs:
        if not (rd.drug.agent or "").strip():
            yield finding(
                "documentation_missing",
                Severity.WARNING,
                f"Documentation: the name of drug {rd.index + 1} is missing.",
                f"{rd.field}.agent",
            )
        # A strength written into the name ("Kenalog-40", "lidocaine 1%") counts as documented.
        agent = rd.drug.agent or ""
        if _missing(rd.drug.concentration) and not _DIGIT.search(agent):
            yield finding(
                "documentation_missing",
                Severity.WARNING,
                f"Documentation: the strength (concentration) of {rd.label} is missing.",
                f"{rd.field}.concentration",
            )
        if rd.drug.volume_ml is None:
            yield finding(
                "documentation_missing",
                Severity.WARNING,
                f"Documentation: the volume injected of {rd.label} (mL) is missing.",
                f"{rd.field}.volume_ml",
            )


def _repeat(ctx: Context, doc: Documentation) -> Iterator[Item]:
    if not any(d < ctx.encounter.date_of_service for d in ctx.encounter.prior_sessions):
        return
    for name, what in _REPEAT:
        if _missing(getattr(doc, name)):
            yield _item(name, f"for a repeat session, {what}")
    if ctx.payer.repeat_interval_days is None:
        return  # the 50 % / 6 weeks thresholds are the LCD's; other payers set their own
    relief, weeks = doc.prior_relief_percent, doc.prior_relief_weeks
    if relief is not None and relief < MIN_RELIEF_PERCENT:
        yield finding(
            "documentation_missing",
            Severity.WARNING,
            f"Documentation: {relief} % relief since the last session is below the"
            f" {MIN_RELIEF_PERCENT} %"
            f" {ctx.payer_label()} asks for before a repeat session.",
            "documentation.prior_relief_percent",
        )
    if weeks is not None and weeks < MIN_RELIEF_WEEKS:
        yield finding(
            "documentation_missing",
            Severity.WARNING,
            f"Documentation: relief lasting {weeks} weeks is below the {MIN_RELIEF_WEEKS} weeks"
            f" {ctx.payer_label()} asks for before a repeat session.",
            "documentation.prior_relief_weeks",
        )


def _referral(doc: Documentation) -> Iterator[Item]:
    name = (doc.referring_provider_name or "").strip()
    npi = (doc.referring_provider_npi or "").strip()
    if name and not npi:
        yield _item("referring_provider_npi", "the referring provider's NPI (box 17b)")
    if npi and not name:
        yield _item("referring_provider_name", "the referring provider's name (box 17)")
    if npi and not npi_is_valid(npi):
        yield finding(
            "documentation_missing",
            Severity.WARNING,
            f"Documentation: referring provider NPI {npi} is not a valid NPI (10 digits with a"
            " check digit).",
            "documentation.referring_provider_npi",
        )
