"""People and visits around an encounter: practice, provider, patient, payer settings, visit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tpi_desktop.domain.encounter import Encounter
from tpi_desktop.domain.kinds import VisitStatus
from tpi_desktop.domain.result import CodingResult


@dataclass(frozen=True, slots=True)
class Practice:
    """The billing practice printed on every claim summary."""

    name: str = ""
    address: str = ""
    npi: str = ""
    tax_id: str = ""


@dataclass(frozen=True, slots=True)
class Provider:
    """A rendering provider; ``npi`` is a 10-digit NPI with a valid check digit."""

    name: str
    npi: str
    taxonomy: str = ""
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Patient:
    """A patient, matched by last name, first name and date of birth."""

    last_name: str
    first_name: str
    date_of_birth: dt.date
    sex: str = "U"
    member_id: str = ""
    default_payer: str | None = None
    id: int | None = None

    @property
    def display_name(self) -> str:
        """ "Rivera, Ana"."""
        return f"{self.last_name}, {self.first_name}"


@dataclass(frozen=True, slots=True)
class Visit:
    """A stored (or about to be stored) visit: who, by whom, the encounter and its coding.

    ``coding`` is the engine's result computed with the stored history (the snapshot for a final
    visit); ``amends`` is the id of the visit this one corrects.
    """

    patient: Patient
    provider: Provider
    encounter: Encounter
    status: VisitStatus = VisitStatus.DRAFT
    id: int | None = None
    amends: int | None = None
    coding: CodingResult | None = None
    override_reason: str | None = None
    created_by: str = ""
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    finalized_by: str | None = None
    finalized_at: dt.datetime | None = None
