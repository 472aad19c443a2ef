"""Plain values shared by every layer (standard library only).

Everything here is a frozen, slotted dataclass or an enum, so values can be passed between the
engine, the store, the exporter and the window without anyone changing them behind another's back.

The enums (``kinds``) and the muscle catalog load with the package; the encounter, result and
visit dataclasses load on first use (``from tpi_desktop.domain import Encounter`` works as
always). Creating a dataclass costs about half a millisecond on Python 3.11, and the window
paints its first frame before it needs any of those fifteen.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from tpi_desktop.domain.catalog import LCD_REGIONS, Muscle, MuscleCatalog, View, normalise_term
from tpi_desktop.domain.kinds import (
    EM_CODES,
    Container,
    DoseUnit,
    Imaging,
    LineKind,
    Severity,
    Side,
    TriggerPointSign,
    VisitStatus,
)

if TYPE_CHECKING:
    from tpi_desktop.domain.encounter import (
        Documentation,
        Drug,
        Encounter,
        EvaluationAndManagement,
        Injection,
        OtherProcedure,
    )
    from tpi_desktop.domain.result import (
        CodeLine,
        CodingResult,
        Eligibility,
        Finding,
        MuscleCount,
    )
    from tpi_desktop.domain.visit import Patient, Practice, Provider, Visit

# name -> the module under tpi_desktop.domain that defines it (loaded on first use)
_LAZY = {
    **dict.fromkeys(
        (
            "Documentation",
            "Drug",
            "Encounter",
            "EvaluationAndManagement",
            "Injection",
            "OtherProcedure",
        ),
        "encounter",
    ),
    **dict.fromkeys(
        ("CodeLine", "CodingResult", "Eligibility", "Finding", "MuscleCount"), "result"
    ),
    **dict.fromkeys(("Patient", "Practice", "Provider", "Visit"), "visit"),
}

__all__ = [
    "EM_CODES",
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


if not TYPE_CHECKING:  # (so mypy still reports a misspelt name)

    def __getattr__(name: str) -> Any:
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(import_module(f"{__name__}.{module}"), name)
        globals()[name] = value
        return value
