"""What a claim summary prints: one frozen value that carries everything, and how values read.

The exporter never looks anything up: the service layer gathers the visit (with its coding
result), the practice, the catalog, the ICD-10-CM descriptions and the data versions into a
``ClaimSummary`` and hands it over. The helpers below turn domain values into the words and
numbers a biller reads (money, dates, diagnosis codes with their dot, places of service).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from tpi_desktop.domain import (
    CodingResult,
    Container,
    MuscleCatalog,
    Practice,
    Severity,
    Visit,
    VisitStatus,
)

#: The selection colour of the picker (``.region.selected`` in the body SVGs).
DEFAULT_ACCENT = "#2f6fb3"


# CMS place-of-service codes a TPI is usually billed with; others print as the bare code.
PLACES_OF_SERVICE: Mapping[str, str] = MappingProxyType(
    {
        "02": "Telehealth (not in patient's home)",
        "10": "Telehealth in patient's home",
        "11": "Office",
        "12": "Home",
        "19": "Off-campus outpatient hospital",
        "21": "Inpatient hospital",
        "22": "On-campus outpatient hospital",
        "24": "Ambulatory surgical center",
        "31": "Skilled nursing facility",
        "49": "Independent clinic",
        "62": "Comprehensive outpatient rehabilitation facility",
        "71": "Public health clinic",
        "72": "Rural health clinic",
    }
)

PAYER_NAMES: Mapping[str, str] = MappingProxyType(
    {"medicare": "Medicare Part B", "commercial": "Commercial"}
)

SEVERITY_WORDS: Mapping[Severity, str] = MappingProxyType(
    {Severity.ERROR: "Error", Severity.WARNING: "Warning", Severity.INFO: "Info"}
)


@dataclass(frozen=True, slots=True, eq=False)
class ClaimSummary:
    """Everything one claim summary PDF prints.

    ``diagnosis_descriptions`` maps ICD-10-CM codes (with or without the dot) to their titles;
    ``data_versions`` are ``(table name, as-of date)`` pairs; empty version fields fall back to
    the ones stamped on the coding result. ``body_dir`` holds ``front.svg`` and ``back.svg``
    (``None`` leaves the figure out and keeps the muscle table). ``accent`` is a ``#rrggbb``
    colour for the injected regions. ``generated_at`` is printed in the footer when given;
    ``superseded_by`` is the amendment that replaced an amended visit. ``usual_containers`` holds,
    per drug of the encounter, the drug table's usual container (``None`` when the table does not
    know the drug); it is printed, marked "usual", for drugs entered without a container.
    """

    visit: Visit
    practice: Practice
    catalog: MuscleCatalog
    diagnosis_descriptions: Mapping[str, str] = field(default_factory=dict)
    data_versions: tuple[tuple[str, str], ...] = ()
    engine_version: str = ""
    icd_release: str = ""
    body_dir: Path | None = None
    amendment_of: int | None = None
    accent: str = DEFAULT_ACCENT
    payer_name: str = ""
    generated_at: dt.datetime | None = None
    superseded_by: int | None = None
    usual_containers: tuple[Container | None, ...] = ()

    @property
    def coding(self) -> CodingResult:
        """The visit's coding result; a summary cannot be printed without one."""
        if self.visit.coding is None:
            raise ValueError("the visit has no coding result")
        return self.visit.coding

    @property
    def is_final(self) -> bool:
        """Only a finalized visit prints without the DRAFT mark."""
        return self.visit.status is VisitStatus.FINAL

    @property
    def watermark(self) -> str | None:
        """The word stamped across every page, or ``None`` for a finalized visit."""
        if self.visit.status is VisitStatus.FINAL:
            return None
        if self.visit.status is VisitStatus.AMENDED:
            return "SUPERSEDED"
        return "DRAFT"

    @property
    def banner(self) -> str:
        """The red band across the top of every page of a visit that is not final."""
        if self.visit.status is VisitStatus.FINAL:
            return ""
        if self.visit.status is VisitStatus.AMENDED:
            by = (
                f"BY VISIT #{self.superseded_by}"
                if self.superseded_by is not None
                else "BY AN AMENDMENT"
            )
            return f"SUPERSEDED - REPLACED {by} - NOT FOR SUBMISSION"
        return "DRAFT - NOT FINALIZED - NOT FOR SUBMISSION"

    @property
    def amends(self) -> int | None:
        """The id of the visit this one corrects, from the summary or the visit itself."""
        return self.amendment_of if self.amendment_of is not None else self.visit.amends

    def usual_container(self, index: int) -> Container | None:
        """The drug table's usual container of drug ``index``, when the service looked it up."""
        known = self.usual_containers
        return known[index] if 0 <= index < len(known) else None

    def payer_display(self) -> str:
        """The payer's name, else a readable form of its profile id."""
        payer = self.visit.encounter.payer
        return self.payer_name or PAYER_NAMES.get(payer, payer.replace("_", " ").title())

    def description(self, code: str) -> str:
        """The ICD-10-CM title of ``code`` (looked up with and without the dot), or ""."""
        for key in (code, dx_display(code), code.replace(".", "")):
            if key in self.diagnosis_descriptions:
                return self.diagnosis_descriptions[key]
        return ""

    def versions(self) -> tuple[str, str, tuple[tuple[str, str], ...]]:
        """(engine version, ICD release, table as-of dates), preferring the summary's own."""
        coding = self.coding
        return (
            self.engine_version or coding.engine_version,
            self.icd_release,
            self.data_versions or coding.data_versions,
        )


def dx_display(code: str) -> str:
    """ICD-10-CM codes print with their dot: "M7912" -> "M79.12"."""
    code = code.strip().upper()
    return code if "." in code or len(code) <= 3 else f"{code[:3]}.{code[3:]}"


def money(cents: int | None) -> str:
    """ "$1,234.50" from integer cents; "" when no charge is set."""
    if cents is None:
        return ""
    sign = "-" if cents < 0 else ""
    dollars, rest = divmod(abs(cents), 100)
    return f"{sign}${dollars:,}.{rest:02d}"


def us_date(day: dt.date | None) -> str:
    """MM/DD/YYYY, the way the CMS-1500 prints dates."""
    return day.strftime("%m/%d/%Y") if day else ""


def place_of_service(code: str) -> str:
    """ "11 Office"."""
    name = PLACES_OF_SERVICE.get(code)
    return f"{code} {name}" if name else code


def sex_display(sex: str) -> str:
    """ "F" -> "Female"; anything unknown prints as given."""
    return {"F": "Female", "M": "Male", "U": "Unknown", "X": "X"}.get(sex.upper(), sex)


def pointer_letters(index: int) -> str:
    """0 -> "A": diagnosis letters A-L (CMS-1500 box 21)."""
    return "ABCDEFGHIJKL"[index] if 0 <= index < 12 else str(index + 1)
