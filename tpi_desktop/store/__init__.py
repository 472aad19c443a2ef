"""The local SQLite database (sqlite-utils): schema, migrations, typed reads and writes, backups.

``open_store(path, user=...)`` checks the file, applies migrations and returns a ``Store``. The
store takes a ``Path`` and never asks where the database lives; it never computes a code (the
caller passes the engine in as a function). All SQL of the program is in this package.
"""

from __future__ import annotations

from tpi_desktop.store.audit import AuditEntry, AuditRow
from tpi_desktop.store.backup import prune_backups, restore, verify_file
from tpi_desktop.store.errors import (
    Conflict,
    Damaged,
    InvalidValue,
    Locked,
    NotFound,
    NotOurFile,
    ReadOnlyVisit,
    StoreError,
    TooNew,
)
from tpi_desktop.store.fileguard import APPLICATION_ID
from tpi_desktop.store.schema import MIGRATION_NAMES, SCHEMA_VERSION
from tpi_desktop.store.store import Store, open_store
from tpi_desktop.store.types import (
    TPI_CODES,
    MonthSummary,
    PatientSessions,
    PayerCharges,
    PayerSettings,
    VisitCursor,
    VisitPage,
    VisitQuery,
    VisitRow,
)
from tpi_desktop.store.validate import check_npi, npi_check_digit_ok

__all__ = [
    "APPLICATION_ID",
    "MIGRATION_NAMES",
    "SCHEMA_VERSION",
    "TPI_CODES",
    "AuditEntry",
    "AuditRow",
    "Conflict",
    "Damaged",
    "InvalidValue",
    "Locked",
    "MonthSummary",
    "NotFound",
    "NotOurFile",
    "PatientSessions",
    "PayerCharges",
    "PayerSettings",
    "ReadOnlyVisit",
    "Store",
    "StoreError",
    "TooNew",
    "VisitCursor",
    "VisitPage",
    "VisitQuery",
    "VisitRow",
    "check_npi",
    "npi_check_digit_ok",
    "open_store",
    "prune_backups",
    "restore",
    "verify_file",
]
