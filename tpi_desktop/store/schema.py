"""The schema, as an ordered set of ``sqlite_utils.Migrations`` applied when the store opens.

Each migration ends by setting ``PRAGMA user_version`` to its number, so the schema version is in
the file's header (``fileguard`` reads it before SQLite opens the file). Never edit a migration
that has shipped: add ``m00N_...`` instead and bump nothing else.

Dates are ISO text (``YYYY-MM-DD``), times ISO UTC text, money integer cents, decimals (doses,
needle length) exact text. Finalized visits are guarded twice: the store refuses, and the
triggers of ``m002`` abort any change to a visit that is not a draft, or to its child rows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tpi_desktop.store.fileguard import APPLICATION_ID

if TYPE_CHECKING:  # sqlite_utils (and click, pluggy, dateutil behind it) loads only to migrate
    from sqlite_utils import Database, Migrations

#: Child tables of a visit: each has ``visit_id`` and is read-only once the visit is not a draft.
CHILD_TABLES = (
    "injections",
    "drugs",
    "diagnoses",
    "other_procedures",
    "documentation",
    "claim_lines",
)

#: Documentation checklist columns, in ``Documentation`` field order.
DOCUMENTATION_COLUMNS = (
    "needle_gauge",
    "needle_length_in",
    "technique",
    "pain_before",
    "pain_after",
    "relief_percent",
    "medical_history",
    "physical_exam",
    "diagnostic_tests",
    "trigger_point_signs",
    "trigger_point_activity",
    "reason",
    "prior_relief_percent",
    "prior_relief_weeks",
    "functional_change",
    "conservative_care",
    "referring_provider_name",
    "referring_provider_npi",
)

_M001 = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE practice (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL DEFAULT '', address TEXT NOT NULL DEFAULT '',
    npi TEXT NOT NULL DEFAULT '', tax_id TEXT NOT NULL DEFAULT '');
CREATE TABLE providers (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL,
    npi TEXT NOT NULL UNIQUE CHECK (length(npi) = 10), taxonomy TEXT NOT NULL DEFAULT '');
CREATE TABLE payers (
    id TEXT PRIMARY KEY, name TEXT NOT NULL,
    fees TEXT,                      -- JSON {{code: cents}}; NULL = the code tables' fees
    frequency_limit INTEGER,        -- NULL = the code tables' limit
    covered_diagnoses TEXT,         -- JSON [codes]; NULL = the code tables' list
    updated_at TEXT);
CREATE TABLE patients (
    id INTEGER PRIMARY KEY,
    last_name TEXT NOT NULL, first_name TEXT NOT NULL, date_of_birth TEXT NOT NULL,
    sex TEXT NOT NULL DEFAULT 'U', member_id TEXT NOT NULL DEFAULT '',
    default_payer TEXT REFERENCES payers(id),
    name_key TEXT NOT NULL,         -- "last, first" case-folded, for prefix search
    UNIQUE (last_name, first_name, date_of_birth));
CREATE INDEX patients_name_key ON patients(name_key);
CREATE INDEX patients_dob ON patients(date_of_birth);
CREATE TABLE visits (
    id INTEGER PRIMARY KEY,
    patient_id INTEGER NOT NULL REFERENCES patients(id),
    provider_id INTEGER NOT NULL REFERENCES providers(id),
    payer TEXT NOT NULL REFERENCES payers(id),
    date_of_service TEXT NOT NULL,
    place_of_service TEXT NOT NULL DEFAULT '11',
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'final', 'amended')),
    amends INTEGER REFERENCES visits(id),
    em_code TEXT, em_significant_separate INTEGER, imaging TEXT,
    procedure_code TEXT, charge_cents INTEGER NOT NULL DEFAULT 0,
    findings_count INTEGER NOT NULL DEFAULT 0, errors_count INTEGER NOT NULL DEFAULT 0,
    coding TEXT,                    -- result_to_json of the latest coding (the snapshot once final)
    engine_version TEXT, data_versions TEXT,
    override_reason TEXT,
    created_by TEXT NOT NULL, created_at TEXT NOT NULL,
    updated_by TEXT NOT NULL, updated_at TEXT NOT NULL,
    finalized_by TEXT, finalized_at TEXT);
CREATE INDEX visits_date ON visits(date_of_service);
CREATE INDEX visits_patient_date ON visits(patient_id, date_of_service);
CREATE INDEX visits_status_date ON visits(status, date_of_service);
CREATE INDEX visits_payer_date ON visits(payer, date_of_service);
CREATE UNIQUE INDEX visits_amends ON visits(amends) WHERE amends IS NOT NULL;
CREATE TABLE injections (
    visit_id INTEGER NOT NULL REFERENCES visits(id), position INTEGER NOT NULL,
    muscle_id TEXT NOT NULL, side TEXT NOT NULL CHECK (side IN ('left', 'right')),
    count INTEGER NOT NULL CHECK (count >= 1),
    PRIMARY KEY (visit_id, position)) WITHOUT ROWID;
CREATE TABLE drugs (
    visit_id INTEGER NOT NULL REFERENCES visits(id), position INTEGER NOT NULL,
    agent TEXT, hcpcs TEXT, dose TEXT NOT NULL, dose_unit TEXT NOT NULL,
    wasted TEXT NOT NULL DEFAULT '0', container TEXT, ndc TEXT, concentration TEXT,
    volume_ml TEXT, lot TEXT, expiry TEXT,
    PRIMARY KEY (visit_id, position)) WITHOUT ROWID;
CREATE TABLE diagnoses (
    visit_id INTEGER NOT NULL REFERENCES visits(id), position INTEGER NOT NULL,
    code TEXT NOT NULL,
    PRIMARY KEY (visit_id, position)) WITHOUT ROWID;
CREATE TABLE other_procedures (
    visit_id INTEGER NOT NULL REFERENCES visits(id), position INTEGER NOT NULL,
    code TEXT NOT NULL, distinct_site INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (visit_id, position)) WITHOUT ROWID;
CREATE TABLE documentation (
    visit_id INTEGER PRIMARY KEY REFERENCES visits(id),
    {", ".join(DOCUMENTATION_COLUMNS)});
CREATE TABLE claim_lines (
    visit_id INTEGER NOT NULL REFERENCES visits(id), position INTEGER NOT NULL,
    code TEXT NOT NULL, modifiers TEXT NOT NULL DEFAULT '', units INTEGER NOT NULL,
    charge_cents INTEGER,
    PRIMARY KEY (visit_id, position)) WITHOUT ROWID;
CREATE INDEX claim_lines_code ON claim_lines(code, visit_id);
"""


def _run(db: Database, script: str, version: int) -> None:
    # executescript() would COMMIT the surrounding transaction; run statement by statement.
    for statement in script.split(";\n"):
        if statement.strip():
            db.execute(statement)
    db.execute(f"PRAGMA user_version = {version}")


def m001_core(db: Database) -> None:
    """Practice, providers, payers, patients, visits and their parts, the coding snapshot."""
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    _run(db, _M001, 1)


# Every column of a final visit except its status (final -> amended) and who/when last updated.
_FROZEN_VISIT_COLUMNS = (
    "id", "patient_id", "provider_id", "payer", "date_of_service", "place_of_service", "amends",
    "em_code", "em_significant_separate", "imaging", "procedure_code", "charge_cents",
    "findings_count", "errors_count", "coding", "engine_version", "data_versions",
    "override_reason", "created_by", "created_at", "finalized_by", "finalized_at",
)  # fmt: skip


def _readonly_triggers() -> str:
    parts = [
        f"""CREATE TRIGGER visits_final_readonly BEFORE UPDATE ON visits
        WHEN OLD.status <> 'draft' AND (
            (NEW.status IS NOT OLD.status AND NOT (OLD.status = 'final' AND NEW.status = 'amended'))
            OR {" OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in _FROZEN_VISIT_COLUMNS)})
        BEGIN SELECT RAISE(ABORT, 'visit is final and read-only; amend it instead'); END""",
        """CREATE TRIGGER visits_final_nodelete BEFORE DELETE ON visits
        WHEN OLD.status <> 'draft'
        BEGIN SELECT RAISE(ABORT, 'visit is final and read-only; it cannot be deleted'); END""",
    ]
    for table in CHILD_TABLES:
        for event, row in (("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD")):
            parts.append(
                f"""CREATE TRIGGER {table}_{event.lower()}_readonly BEFORE {event} ON {table}
                WHEN (SELECT status FROM visits WHERE id = {row}.visit_id) <> 'draft'
                BEGIN SELECT RAISE(ABORT, 'visit is final and read-only; amend it instead'); END"""
            )
    return ";\n".join(parts) + ";\n"


_M002_AUDIT = """
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL, user TEXT NOT NULL, action TEXT NOT NULL,
    visit_id INTEGER, field TEXT, before TEXT, after TEXT,
    prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
CREATE INDEX audit_visit ON audit_log(visit_id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
INSERT INTO meta(key, value) VALUES ('audit_count', '0'), ('audit_head', '');
"""


def m002_audit_and_readonly(db: Database) -> None:
    """The hash-chained audit log with its head in ``meta``; read-only triggers for final visits."""
    _run(db, _M002_AUDIT + _readonly_triggers(), 2)


def m003_autosave(db: Database) -> None:
    """Crash-safe form drafts of the window, keyed by the form."""
    _run(
        db,
        "CREATE TABLE autosave (key TEXT PRIMARY KEY, payload TEXT NOT NULL, saved_at TEXT NOT"
        " NULL);",
        3,
    )


def m004_payer_window_and_interval(db: Database) -> None:
    """Per-payer overrides of the frequency window and the repeat interval (NULL = the tables')."""
    _run(
        db,
        "ALTER TABLE payers ADD COLUMN window_days INTEGER;\n"
        "ALTER TABLE payers ADD COLUMN repeat_interval_days INTEGER;\n",
        4,
    )


#: Every migration, in order; each is named by its function (the name recorded in the file).
MIGRATIONS: tuple[Callable[[Database], None], ...] = (
    m001_core,
    m002_audit_and_readonly,
    m003_autosave,
    m004_payer_window_and_interval,
)

#: The schema version this program writes: the number of migrations it knows.
SCHEMA_VERSION = len(MIGRATIONS)
MIGRATION_NAMES = tuple(fn.__name__ for fn in MIGRATIONS)


def migrations() -> Migrations:
    """The ``sqlite_utils.Migrations`` set, built when a file needs migrating.

    An up-to-date file (every start but the first) never imports sqlite_utils: that import, with
    click, pluggy and dateutil behind it, is about a tenth of the window's start-up.
    """
    from sqlite_utils import Migrations

    found = Migrations("tpi_desktop")
    for fn in MIGRATIONS:
        found()(fn)
    return found
