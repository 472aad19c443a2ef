"""The use cases both faces share (window and command line): no Qt, no SQL, no rules.

``Workspace.open(db_path, resources_dir, user=...)`` is the entry point: save, code with history,
finalize, amend, search, settings, autosave, backup, check and reports. ``restore_database`` swaps
a verified backup in (with every workspace on that file closed), ``fill_demo`` makes demo data.
Value types for the window are re-exported from ``tpi_desktop.store``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tpi_desktop.services.finalize import FinalizeOutcome, finalize_blockers
from tpi_desktop.services.workspace import Workspace, apply_payer_settings
from tpi_desktop.store import (
    AuditRow,
    Conflict,
    Damaged,
    InvalidValue,
    Locked,
    MonthSummary,
    NotFound,
    NotOurFile,
    PatientSessions,
    PayerCharges,
    PayerSettings,
    ReadOnlyVisit,
    StoreError,
    TooNew,
    VisitCursor,
    VisitPage,
    VisitQuery,
    VisitRow,
    check_npi,
    npi_check_digit_ok,
    prune_backups,
    verify_file,
)
from tpi_desktop.store import restore as restore_database

if TYPE_CHECKING:
    from tpi_desktop.services.demo import fill_demo

__all__ = [
    "AuditRow",
    "Conflict",
    "Damaged",
    "FinalizeOutcome",
    "InvalidValue",
    "Locked",
    "MonthSummary",
    "NotFound",
    "NotOurFile",
    "PatientSessions",
    "PayerCharges",
    "PayerSettings",
    "ReadOnlyVisit",
    "StoreError",
    "TooNew",
    "VisitCursor",
    "VisitPage",
    "VisitQuery",
    "VisitRow",
    "Workspace",
    "apply_payer_settings",
    "check_npi",
    "fill_demo",
    "finalize_blockers",
    "npi_check_digit_ok",
    "prune_backups",
    "restore_database",
    "verify_file",
]


def __getattr__(name: str) -> Any:
    # The demo data (names, notes, a generator) is imported on first use, not when the window
    # starts: ``from tpi_desktop.services import fill_demo`` works as before.
    if name == "fill_demo":
        from tpi_desktop.services.demo import fill_demo

        return fill_demo
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
