"""What the coding engine returns: claim lines, findings, rationale and eligibility."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tpi_desktop.domain.kinds import LineKind, Severity


@dataclass(frozen=True, slots=True)
class CodeLine:
    """One service line of the claim (CMS-1500 box 24).

    ``dx_pointers`` are letters into the encounter's diagnoses (at most 4). Drug lines carry the
    11-digit NDC with its qualifier data (``ndc_quantity``, ``ndc_unit``) and, for unclassified
    drugs, the item-19 text. ``rationale`` is the sentence that says why the line and its
    modifiers are there; ``rule`` is the id of the rule that produced it.
    """

    code: str
    kind: LineKind
    description: str
    modifiers: tuple[str, ...] = ()
    units: int = 1
    dx_pointers: tuple[str, ...] = ()
    ndc: str | None = None
    ndc_quantity: str | None = None
    ndc_unit: str | None = None
    box19: str | None = None
    charge_cents: int | None = None
    rule: str = ""
    rationale: str = ""


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem or a note for the biller, stamped with the id of the rule that raised it.

    ``field`` is the encounter field it is about (``"diagnoses[1]"``,
    ``"documentation.needle_gauge"``)
    so that a form can mark it, or ``None``.
    """

    id: str
    severity: Severity
    message: str
    rule: str
    field: str | None = None


@dataclass(frozen=True, slots=True)
class MuscleCount:
    """One counted muscle: a (counts_as, side) pair and the catalog entries picked for it."""

    muscle: str
    side: str
    injections: int
    picked: tuple[str, ...]
    lcd_region: str = ""
    vague: bool = False


@dataclass(frozen=True, slots=True)
class Eligibility:
    """The patient's standing against the payer's frequency rule, for scheduling the next visit."""

    sessions_in_window: int
    limit: int
    window_days: int
    next_eligible_date: dt.date
    repeat_interval_ok_from: dt.date | None


@dataclass(frozen=True, slots=True)
class CodingResult:
    """The engine's answer for one encounter."""

    procedure_code: str | None
    muscle_count: int
    muscles: tuple[MuscleCount, ...]
    lines: tuple[CodeLine, ...]
    findings: tuple[Finding, ...]
    rationale: tuple[str, ...]
    eligibility: Eligibility | None
    engine_version: str = ""
    data_versions: tuple[tuple[str, str], ...] = ()

    def has_errors(self) -> bool:
        """True when any finding is an error (finalize is blocked without an override)."""
        return any(f.severity is Severity.ERROR for f in self.findings)

    def finding_ids(self) -> tuple[str, ...]:
        """The ids of the findings, in order."""
        return tuple(f.id for f in self.findings)
