"""``visit add/list/show/finalize``: the stored visits on the command line (over ``services``).

Bad input or a bad database file: exit 2 with ``error: ...`` lines on standard error and nothing
on standard output; a refused finalize: exit 1 listing the blockers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sqlite3
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from tpi_desktop import paths
from tpi_desktop.commands._output import print_errors, print_json
from tpi_desktop.commands.coding import read_json
from tpi_desktop.domain import Patient, Provider, Visit, VisitStatus
from tpi_desktop.domain.encounter_json import (
    EncounterError,
    encounter_to_json,
    parse_encounter,
    result_to_json,
)
from tpi_desktop.services import (
    InvalidValue,
    NotFound,
    StoreError,
    VisitQuery,
    Workspace,
    check_npi,
)

_PATIENT_FIELDS = ("last_name", "first_name", "date_of_birth", "sex", "member_id")
_PROVIDER_FIELDS = ("name", "npi", "taxonomy")


def current_user(args: argparse.Namespace) -> str:
    """``--user`` when given, else the login name."""
    user = getattr(args, "user", None)
    if user:
        return str(user)
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


@contextmanager
def workspace(args: argparse.Namespace, *, create: bool = False) -> Iterator[Workspace]:
    """The workspace on ``--db`` / ``TPI_DESKTOP_DB`` / the default database, closed afterwards.

    Without ``create`` a missing database is an error rather than a new empty file.
    """
    db_path = paths.resolve_db_path(args.db)
    if not create and not db_path.exists():
        raise StoreError(f"no database at {db_path} (add a visit or run `tpi-desktop demo` first)")
    ws = Workspace.open(
        db_path,
        paths.resources_dir(),
        user=current_user(args),
        backups_dir=paths.backups_dir(db_path),
    )
    try:
        yield ws
    finally:
        ws.close()


def guarded(run: Callable[[], int]) -> int:
    """Run a handler body; store errors and bad values become ``error:`` lines and exit 2."""
    try:
        return run()
    except InvalidValue as error:
        return print_errors([(error.field, error.message)])
    except EncounterError as error:
        return print_errors(error.problems)
    except StoreError as error:
        return print_errors([("", str(error))])
    except sqlite3.DatabaseError as error:
        # Damage found in the middle of a query (a bad page): say so instead of a traceback.
        message = f"the database could not be read ({error}); run tpi-desktop check"
        return print_errors([("", message)])


# --- visit add ----------------------------------------------------------------------------------


def _person(
    data: Any, name: str, fields: Sequence[str], required: Sequence[str]
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    problems: list[tuple[str, str]] = []
    if not isinstance(data, dict):
        return {}, [(name, f"required: an object with {', '.join(required)}")]
    for key in data:
        if key not in fields:
            problems.append((f"{name}.{key}", f"unknown field (allowed: {', '.join(fields)})"))
    values: dict[str, str] = {}
    for key in fields:
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if key in required:
                problems.append((f"{name}.{key}", "required"))
            continue
        if not isinstance(value, str):
            problems.append((f"{name}.{key}", f"must be text, got {value!r}"))
            continue
        values[key] = value.strip()
    return values, problems


def _visit_from_json(data: Any, ws: Workspace) -> Visit:
    problems: list[tuple[str, str]] = []
    encounter = None
    try:
        encounter = parse_encounter(
            data, ws.catalog, ws.tables.payers.keys(), extra_fields=("patient", "provider")
        )
    except EncounterError as error:
        problems += error.problems
    top = data if isinstance(data, dict) else {}
    p, pp = _person(top.get("patient"), "patient", _PATIENT_FIELDS, _PATIENT_FIELDS[:3])
    r, rp = _person(top.get("provider"), "provider", _PROVIDER_FIELDS, _PROVIDER_FIELDS[:2])
    problems += pp + rp
    if "npi" in r:
        try:
            r["npi"] = check_npi(r["npi"])
        except InvalidValue as error:
            problems.append((error.field, error.message))
    birth = None
    if "date_of_birth" in p:
        try:
            birth = dt.date.fromisoformat(p["date_of_birth"])
        except ValueError:
            problems.append(
                ("patient.date_of_birth", f"must be a date YYYY-MM-DD, got {p['date_of_birth']!r}")
            )
    if problems or encounter is None or birth is None:
        raise EncounterError(problems)
    patient = Patient(
        p["last_name"],
        p["first_name"],
        birth,
        p.get("sex", "U"),
        p.get("member_id", ""),
        encounter.payer,
    )
    return Visit(patient, Provider(r["name"], r["npi"], r.get("taxonomy", "")), encounter)


def cmd_visit_add(args: argparse.Namespace) -> int:
    """``visit add FILE|-``: store a visit (patient, provider matched or created); print its id."""

    def run() -> int:
        data = read_json(args.file)
        with workspace(args, create=True) as ws:
            visit = ws.save_visit(_visit_from_json(data, ws))
        sys.stdout.write(f"{visit.id}\n")
        return 0

    return guarded(run)


# --- visit list -----------------------------------------------------------------------------------


def _date_option(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidValue(option, f"must be a date YYYY-MM-DD, got {value!r}") from None


def _money(cents: int) -> str:
    return f"{cents / 100:,.2f}"


def row_json(row: Any) -> dict[str, Any]:
    """A visit-list row as JSON."""
    return {
        "id": row.id,
        "date_of_service": row.date_of_service.isoformat(),
        "patient_id": row.patient_id,
        "patient": row.patient_name,
        "date_of_birth": row.date_of_birth.isoformat(),
        "provider": row.provider_name,
        "payer": row.payer,
        "procedure_code": row.procedure_code,
        "status": row.status.value,
        "charge_cents": row.charge_cents,
        "findings": row.findings_count,
        "errors": row.errors_count,
        "amends": row.amends,
    }


def cmd_visit_list(args: argparse.Namespace) -> int:
    """``visit list``: newest first, filtered; an aligned table or ``--json``."""

    def run() -> int:
        if args.limit < 1:
            raise InvalidValue("--limit", f"must be a whole number >= 1, got {args.limit}")
        query = VisitQuery(
            patient=args.patient,
            date_from=_date_option(args.date_from, "--from"),
            date_to=_date_option(args.date_to, "--to"),
            status=VisitStatus(args.status) if args.status else None,
            payer=args.payer,
            code=args.code,
        )
        with workspace(args) as ws:
            page = ws.search_visits(query, limit=args.limit)
        if args.json:
            print_json([row_json(r) for r in page.rows])
            return 0
        header = ("ID", "DATE", "PATIENT", "BORN", "PAYER", "CODE", "STATUS", "CHARGE", "FINDINGS")
        rows = [
            (
                str(r.id),
                r.date_of_service.isoformat(),
                r.patient_name,
                r.date_of_birth.isoformat(),
                r.payer,
                r.procedure_code or "-",
                r.status.value,
                _money(r.charge_cents),
                f"{r.findings_count} ({r.errors_count} error{'s' if r.errors_count > 1 else ''})"
                if r.errors_count
                else str(r.findings_count),
            )
            for r in page.rows
        ]
        print_table(header, rows, right=(0, 7))
        more = "; more with --limit" if page.next is not None else ""
        sys.stdout.write(f"\n{len(rows)} visit{'s' if len(rows) != 1 else ''}{more}\n")
        return 0

    return guarded(run)


def print_table(
    header: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()
) -> None:
    """An aligned plain-text table on standard output."""
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    for row in (header, ["-" * w for w in widths], *rows):
        cells = [
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        sys.stdout.write("  ".join(cells).rstrip() + "\n")


# --- visit show / finalize ----------------------------------------------------------------------


def _iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def visit_json(ws: Workspace, visit: Visit) -> dict[str, Any]:
    """The stored visit as JSON: who, the encounter (input shape), status, and ``coding``."""
    p, r = visit.patient, visit.provider
    return {
        "id": visit.id,
        "status": visit.status.value,
        "amends": visit.amends,
        "amended_by": ws.amended_by(visit.id or 0),
        "patient": {
            "id": p.id,
            "last_name": p.last_name,
            "first_name": p.first_name,
            "date_of_birth": p.date_of_birth.isoformat(),
            "sex": p.sex,
            "member_id": p.member_id,
        },
        "provider": {"id": r.id, "name": r.name, "npi": r.npi, "taxonomy": r.taxonomy},
        **encounter_to_json(visit.encounter),
        "override_reason": visit.override_reason,
        "created_by": visit.created_by,
        "created_at": _iso(visit.created_at),
        "updated_at": _iso(visit.updated_at),
        "finalized_by": visit.finalized_by,
        "finalized_at": _iso(visit.finalized_at),
        "coding": None if visit.coding is None else result_to_json(visit.coding),
    }


def _show_text(ws: Workspace, visit: Visit) -> None:
    e, c = visit.encounter, visit.coding
    out = [
        f"Visit {visit.id}  {e.date_of_service.isoformat()}  {visit.status.value}"
        + (f" (amends visit {visit.amends})" if visit.amends else "")
        + (
            f" (amended by visit {ws.amended_by(visit.id or 0)})"
            if visit.status is VisitStatus.AMENDED
            else ""
        ),
        f"Patient:   {visit.patient.display_name}, born {visit.patient.date_of_birth.isoformat()}",
        f"Provider:  {visit.provider.name} (NPI {visit.provider.npi})",
        f"Payer:     {e.payer}    place of service {e.place_of_service}",
        "Muscles:   " + ", ".join(f"{i.side.value} {i.muscle_id} x{i.count}" for i in e.injections),
        "Diagnoses: " + (", ".join(ws.tables.icd.normalise(d) for d in e.diagnoses) or "-"),
        "Prior TPI: " + (", ".join(d.isoformat() for d in e.prior_sessions) or "none stored"),
    ]
    if c is not None:
        out.append("Claim lines:")
        out += [
            f"  {line.code:6} {'-'.join(line.modifiers):8} x{line.units:<3} "
            f"{_money(line.charge_cents or 0):>10}  {line.description}"
            for line in c.lines
        ]
        out.append("Findings:" if c.findings else "Findings:  none")
        out += [f"  [{f.severity.value}] {f.id}: {f.message}" for f in c.findings]
    if visit.override_reason:
        out.append(f"Override:  {visit.override_reason}")
    if visit.finalized_at is not None:
        out.append(f"Finalized: {visit.finalized_at.isoformat()} by {visit.finalized_by}")
    sys.stdout.write("\n".join(out) + "\n")


def _get(ws: Workspace, visit_id: int) -> Visit:
    try:
        return ws.get_visit(visit_id)
    except NotFound:
        raise InvalidValue("id", f"no visit with id {visit_id} in {ws.path}") from None


def cmd_visit_show(args: argparse.Namespace) -> int:
    """``visit show ID [--json]``: the stored visit, with its coding under ``coding``."""

    def run() -> int:
        with workspace(args) as ws:
            visit = _get(ws, args.id)
            if args.json:
                print_json(visit_json(ws, visit))
            else:
                _show_text(ws, visit)
        return 0

    return guarded(run)


def cmd_visit_finalize(args: argparse.Namespace) -> int:
    """``visit finalize ID [--override-reason TEXT]``: exit 1 listing the blockers when refused."""

    def run() -> int:
        with workspace(args) as ws:
            visit = _get(ws, args.id)
            if visit.status is not VisitStatus.DRAFT:
                raise InvalidValue(
                    "id", f"visit {args.id} is already {visit.status.value}; amend it instead"
                )
            outcome = ws.finalize(args.id, override_reason=args.override_reason)
        if not outcome.ok:
            lines = [f"visit {args.id} was not finalized:"] + [f"  - {b}" for b in outcome.blockers]
            lines.append("Fix these, or give --override-reason TEXT to finalize anyway.")
            sys.stdout.write("\n".join(lines) + "\n")
            return 1
        note = (
            f" (override: {len(outcome.blockers)} blocker(s) overridden)"
            if outcome.overridden
            else ""
        )
        sys.stdout.write(f"visit {args.id} finalized{note}\n")
        return 0

    return guarded(run)
