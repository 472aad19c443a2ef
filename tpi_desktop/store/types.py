"""Value types the store hands out besides the domain's: queries, list rows, pages, reports.

All frozen; the window's table models and the command line read them as they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from tpi_desktop.domain import VisitStatus

TPI_CODES = ("20552", "20553")


@dataclass(frozen=True, slots=True)
class PayerSettings:
    """The practice's own settings for one payer, laid over the code tables' profile.

    ``None`` in ``fees``, ``frequency_limit``, ``covered_diagnoses``, ``window_days`` or
    ``repeat_interval_days`` means "as in the code tables"; ``fees`` maps a code to its charge in
    integer cents. ``window_days`` is the rolling window the frequency limit counts sessions in;
    ``repeat_interval_days`` the least number of days between two sessions.
    """

    payer_id: str
    name: str
    fees: Mapping[str, int] | None = None
    frequency_limit: int | None = None
    covered_diagnoses: tuple[str, ...] | None = None
    updated_at: str | None = None
    window_days: int | None = None
    repeat_interval_days: int | None = None


@dataclass(frozen=True, slots=True)
class VisitQuery:
    """Filters for the visit list; every field optional (``None`` = no filter).

    ``patient`` is a prefix of "Last, First" (any case); ``code`` matches any claim line's code.
    """

    patient: str | None = None
    date_of_birth: dt.date | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    status: VisitStatus | None = None
    payer: str | None = None
    code: str | None = None
    patient_id: int | None = None
    newest_first: bool = True


@dataclass(frozen=True, slots=True)
class VisitCursor:
    """Where a page ended: the (date of service, id) of its last row (keyset pagination)."""

    date_of_service: dt.date
    id: int


@dataclass(frozen=True, slots=True)
class VisitRow:
    """One line of the visit list."""

    id: int
    date_of_service: dt.date
    patient_id: int
    patient_name: str
    date_of_birth: dt.date
    provider_name: str
    payer: str
    procedure_code: str | None
    status: VisitStatus
    charge_cents: int
    findings_count: int
    errors_count: int
    amends: int | None


@dataclass(frozen=True, slots=True)
class VisitPage:
    """A page of the visit list and the cursor for the next one (``None`` on the last page)."""

    rows: tuple[VisitRow, ...]
    next: VisitCursor | None


@dataclass(frozen=True, slots=True)
class PatientSessions:
    """Report row: a patient's TPI sessions in the last 12 months."""

    patient_id: int
    patient_name: str
    sessions: int
    last_session: dt.date


@dataclass(frozen=True, slots=True)
class MonthSummary:
    """Report row: visits in one month (``YYYY-MM``) and how often each code was billed."""

    month: str
    visits: int
    codes: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class PayerCharges:
    """Report row: visits and charges (cents) per payer."""

    payer: str
    visits: int
    charge_cents: int
