"""Plain values shared by every layer (standard library only).

Everything here is a frozen, slotted dataclass or an enum, so values can be passed between the
engine, the store, the exporter and the window without anyone changing them behind another's back.
"""

from __future__ import annotations

from tpi_desktop.domain.catalog import LCD_REGIONS, Muscle, MuscleCatalog, View, normalise_term
from tpi_desktop.domain.encounter import (
    Container,
    Documentation,
    DoseUnit,
    Drug,
    Encounter,
    EvaluationAndManagement,
    Imaging,
    Injection,
    OtherProcedure,
    Side,
    TriggerPointSign,
)
from tpi_desktop.domain.result import (
    CodeLine,
    CodingResult,
    Eligibility,
    Finding,
    LineKind,
    MuscleCount,
    Severity,
)
from tpi_desktop.domain.visit import Patient, Practice, Provider, Visit, VisitStatus

__all__ = [
    "LCD_REGIONS",
    "CodeLine",
    "CodingResult",
    "Container",
    "Documentation",
    "DoseUnit",
    "Drug",
    "Eligibility",
    "Encounter",
    "EvaluationAndManagement",
    "Finding",
    "Imaging",
    "Injection",
    "LineKind",
    "Muscle",
    "MuscleCatalog",
    "MuscleCount",
    "OtherProcedure",
    "Patient",
    "Practice",
    "Provider",
    "Severity",
    "Side",
    "TriggerPointSign",
    "View",
    "Visit",
    "VisitStatus",
    "normalise_term",
]
