"""Checks on values before they are written: each failure names the field and what is allowed."""

from __future__ import annotations

import datetime as dt

from tpi_desktop.domain.npi import npi_is_valid
from tpi_desktop.store.errors import InvalidValue

# Kept under its old name: services and tests import it from the store.
npi_check_digit_ok = npi_is_valid

SEXES = ("F", "M", "U", "X")


def check_npi(npi: str, field: str = "provider.npi") -> str:
    """The NPI with spaces removed, or ``InvalidValue`` naming ``field``."""
    cleaned = npi.strip().replace(" ", "")
    if len(cleaned) != 10 or not cleaned.isdigit():
        raise InvalidValue(field, f"must be 10 digits, got {npi!r}")
    if not npi_check_digit_ok(cleaned):
        raise InvalidValue(field, f"{cleaned} fails the NPI check digit (a typing error?)")
    return cleaned


def check_text(value: str, field: str, *, required: bool = True, max_len: int = 200) -> str:
    """Stripped text; ``InvalidValue`` when empty (and required) or too long."""
    text = value.strip()
    if required and not text:
        raise InvalidValue(field, "required, must not be empty")
    if len(text) > max_len:
        raise InvalidValue(field, f"at most {max_len} characters")
    return text


def check_birth_date(value: dt.date, field: str = "patient.date_of_birth") -> dt.date:
    """A date of birth not in the future and not before 1900."""
    if value > dt.date.today():
        raise InvalidValue(field, f"{value.isoformat()} is in the future")
    if value.year < 1900:
        raise InvalidValue(field, f"{value.isoformat()} is before 1900")
    return value


def check_sex(value: str, field: str = "patient.sex") -> str:
    """One of F, M, U (unknown) or X."""
    sex = (value or "U").strip().upper()
    if sex not in SEXES:
        raise InvalidValue(field, f"must be one of {', '.join(SEXES)}, got {value!r}")
    return sex
