"""The encounter: everything about one visit that the coding engine reads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from decimal import Decimal

from tpi_desktop.domain.kinds import Container, DoseUnit, Imaging, Side, TriggerPointSign


@dataclass(frozen=True, slots=True)
class Injection:
    """Injections into one catalog muscle on one side; ``count`` never changes the code (A2)."""

    muscle_id: str
    side: Side
    count: int = 1


@dataclass(frozen=True, slots=True)
class EvaluationAndManagement:
    """A same-day E/M service and whether it was significant and separately identifiable (B1)."""

    code: str
    significant_separate: bool


@dataclass(frozen=True, slots=True)
class OtherProcedure:
    """Another CPT/HCPCS code done the same day; ``distinct_site`` supports 59/XS."""

    code: str
    distinct_site: bool = False


@dataclass(frozen=True, slots=True)
class Drug:
    """A drug given at the visit.

    ``agent`` is the name as entered (generic or brand) and ``hcpcs`` an explicit code, either may
    be missing. ``dose`` and ``wasted`` are in ``dose_unit``. ``container`` ``None`` means the
    agent's usual container from the drug table.
    """

    agent: str | None
    dose: Decimal
    dose_unit: DoseUnit = DoseUnit.MG
    wasted: Decimal = Decimal(0)
    container: Container | None = None
    hcpcs: str | None = None
    ndc: str | None = None
    concentration: str | None = None
    volume_ml: Decimal | None = None
    lot: str | None = None
    expiry: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Documentation:
    """The documentation checklist (coding-rules.md section G); ``None`` is "not documented".

    Booleans are check boxes: ``None`` and ``False`` both count as missing for the checklist.
    """

    needle_gauge: str | None = None
    needle_length_in: Decimal | None = None
    technique: str | None = None
    pain_before: int | None = None
    pain_after: int | None = None
    relief_percent: int | None = None
    medical_history: str | None = None
    physical_exam: str | None = None
    diagnostic_tests: str | None = None
    trigger_point_signs: tuple[TriggerPointSign, ...] = ()
    trigger_point_activity: str | None = None
    reason: str | None = None
    prior_relief_percent: int | None = None
    prior_relief_weeks: int | None = None
    functional_change: str | None = None
    conservative_care: bool | None = None
    referring_provider_name: str | None = None
    referring_provider_npi: str | None = None

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        """The accepted keys, in checklist order."""
        return tuple(f.name for f in fields(cls))


@dataclass(frozen=True, slots=True)
class Encounter:
    """One visit as the coding engine sees it.

    ``diagnoses`` are ICD-10-CM codes in claim order (A, B, C ...), upper case, as entered (with or
    without the dot). ``prior_sessions`` are the dates of earlier TPI sessions of this patient.
    ``documentation`` ``None`` means the checklist was not filled in, and is then not checked.
    """

    date_of_service: dt.date
    payer: str = "commercial"
    place_of_service: str = "11"
    injections: tuple[Injection, ...] = ()
    em: EvaluationAndManagement | None = None
    other_procedures: tuple[OtherProcedure, ...] = ()
    imaging: Imaging | None = None
    drugs: tuple[Drug, ...] = ()
    diagnoses: tuple[str, ...] = ()
    prior_sessions: tuple[dt.date, ...] = ()
    documentation: Documentation | None = None
