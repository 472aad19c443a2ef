"""Practice, providers and patients: reads and audited writes (payers: ``payers.py``)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

from tpi_desktop.domain import Patient, Practice, Provider
from tpi_desktop.domain.catalog import normalise_term
from tpi_desktop.store.audit import AuditEntry, field_changes
from tpi_desktop.store.core import utc_now
from tpi_desktop.store.errors import InvalidValue, NotFound
from tpi_desktop.store.payers import PayerMixin
from tpi_desktop.store.validate import (
    check_birth_date,
    check_npi,
    check_sex,
    check_text,
)

_PATIENT_COLUMNS = "id, last_name, first_name, date_of_birth, sex, member_id, default_payer"


def name_key(last_name: str, first_name: str) -> str:
    """The case-folded "last, first" the patient search matches prefixes of."""
    return f"{normalise_term(last_name)}, {normalise_term(first_name)}"


def _patient(row: sqlite3.Row | tuple[Any, ...]) -> Patient:
    pid, last, first, dob, sex, member, payer = row
    return Patient(last, first, dt.date.fromisoformat(dob), sex, member, payer, pid)


class PeopleMixin(PayerMixin):
    """Practice, providers and patients (and, inherited, payers)."""

    # --- practice ---------------------------------------------------------------------------

    def practice(self) -> Practice:
        """The practice (empty fields until it is set)."""
        row = self.conn.execute(
            "SELECT name, address, npi, tax_id FROM practice WHERE id = 1"
        ).fetchone()
        return Practice() if row is None else Practice(*row)

    def save_practice(self, practice: Practice) -> None:
        """Set the practice; an NPI, when given, must pass the check digit."""
        values = {
            "name": check_text(practice.name, "practice.name", required=False),
            "address": check_text(
                practice.address, "practice.address", required=False, max_len=500
            ),
            "npi": check_npi(practice.npi, "practice.npi") if practice.npi.strip() else "",
            "tax_id": check_text(practice.tax_id, "practice.tax_id", required=False, max_len=20),
        }
        before = self.practice()

        def run(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT INTO practice (id, name, address, npi, tax_id) VALUES (1, :name,"
                " :address, :npi,"
                " :tax_id) ON CONFLICT(id) DO UPDATE SET name = :name, address = :address, npi ="
                " :npi,"
                " tax_id = :tax_id",
                values,
            )
            old = {
                "name": before.name,
                "address": before.address,
                "npi": before.npi,
                "tax_id": before.tax_id,
            }
            self.append_audit(conn, utc_now(), field_changes("practice", old, values))

        self.write(run)

    # --- providers --------------------------------------------------------------------------

    def providers(self) -> tuple[Provider, ...]:
        """Every provider, by name."""
        rows = self.conn.execute("SELECT name, npi, taxonomy, id FROM providers ORDER BY name, id")
        return tuple(Provider(*row) for row in rows)

    def provider(self, provider_id: int) -> Provider:
        """The provider with this id, or ``NotFound``."""
        row = self.conn.execute(
            "SELECT name, npi, taxonomy, id FROM providers WHERE id = ?", (provider_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no provider with id {provider_id}")
        return Provider(*row)

    def save_provider(self, provider: Provider) -> Provider:
        """Insert a provider (or update the one with this id or NPI); returns it with its id."""
        values = {
            "name": check_text(provider.name, "provider.name"),
            "npi": check_npi(provider.npi),
            "taxonomy": check_text(
                provider.taxonomy, "provider.taxonomy", required=False, max_len=20
            ),
        }
        return self.write(lambda conn: self._put_provider(conn, values, provider.id))

    def _put_provider(
        self, conn: sqlite3.Connection, values: dict[str, Any], provider_id: int | None
    ) -> Provider:
        if provider_id is None:
            row = conn.execute(
                "SELECT id FROM providers WHERE npi = ?", (values["npi"],)
            ).fetchone()
            provider_id = None if row is None else int(row[0])
        if provider_id is None:
            provider_id = int(
                conn.execute(
                    "INSERT INTO providers (name, npi, taxonomy) VALUES (:name, :npi, :taxonomy)",
                    values,
                ).lastrowid
                or 0
            )
            self.append_audit(
                conn, utc_now(), [AuditEntry("create", None, "provider", None, values["npi"])]
            )
        else:
            old = self.provider(provider_id)
            before = {"name": old.name, "npi": old.npi, "taxonomy": old.taxonomy}
            try:
                conn.execute(
                    "UPDATE providers SET name = :name, npi = :npi, taxonomy = :taxonomy"
                    " WHERE id = :id",
                    {**values, "id": provider_id},
                )
            except sqlite3.IntegrityError:
                raise InvalidValue(
                    "provider.npi", f"{values['npi']} belongs to another provider"
                ) from None
            self.append_audit(conn, utc_now(), field_changes("provider", before, values))
        return Provider(values["name"], values["npi"], values["taxonomy"], provider_id)

    # --- patients ---------------------------------------------------------------------------

    def patient(self, patient_id: int) -> Patient:
        """The patient with this id, or ``NotFound``."""
        row = self.conn.execute(
            f"SELECT {_PATIENT_COLUMNS} FROM patients WHERE id = ?", (patient_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no patient with id {patient_id}")
        return _patient(row)

    def find_patients(self, text: str, limit: int = 20) -> tuple[Patient, ...]:
        """Patients whose "last, first" starts with ``text`` (any case), by name."""
        key = normalise_term(text)
        rows = self.conn.execute(
            f"SELECT {_PATIENT_COLUMNS} FROM patients WHERE name_key >= ? AND name_key < ?"
            " ORDER BY name_key, id LIMIT ?",
            (key, key + "\uffff", limit),
        )
        return tuple(_patient(r) for r in rows)

    def save_patient(self, patient: Patient) -> Patient:
        """Insert or update a patient; without an id, one with the same names and birth date is
        reused (its other fields updated when given). Returns the stored patient."""
        return self.write(lambda conn: self.put_patient(conn, patient))

    def put_patient(self, conn: sqlite3.Connection, patient: Patient) -> Patient:
        """``save_patient`` inside the caller's transaction."""
        values: dict[str, Any] = {
            "last_name": check_text(patient.last_name, "patient.last_name", max_len=100),
            "first_name": check_text(patient.first_name, "patient.first_name", max_len=100),
            "date_of_birth": check_birth_date(patient.date_of_birth).isoformat(),
            "sex": check_sex(patient.sex),
            "member_id": check_text(
                patient.member_id, "patient.member_id", required=False, max_len=40
            ),
            "default_payer": patient.default_payer or None,
        }
        values["name_key"] = name_key(values["last_name"], values["first_name"])
        pid = patient.id
        if pid is None:
            row = conn.execute(
                "SELECT id FROM patients WHERE last_name = ? AND first_name = ? AND date_of_birth"
                " = ?",
                (values["last_name"], values["first_name"], values["date_of_birth"]),
            ).fetchone()
            if row is not None:
                pid = int(row[0])
                old = self.patient(pid)
                # A match keeps what it has where the new record leaves a field blank.
                values["member_id"] = values["member_id"] or old.member_id
                values["default_payer"] = values["default_payer"] or old.default_payer
                if values["sex"] == "U":
                    values["sex"] = old.sex
        if (
            values["default_payer"] is not None
            and conn.execute(
                "SELECT 1 FROM payers WHERE id = ?", (values["default_payer"],)
            ).fetchone()
            is None
        ):
            raise InvalidValue(
                "patient.default_payer", f"unknown payer {values['default_payer']!r}"
            )
        now = utc_now()
        if pid is None:
            pid = int(
                conn.execute(
                    "INSERT INTO patients (last_name, first_name, date_of_birth, sex, member_id,"
                    " default_payer, name_key) VALUES (:last_name, :first_name, :date_of_birth,"
                    " :sex,"
                    " :member_id, :default_payer, :name_key)",
                    values,
                ).lastrowid
                or 0
            )
            self.append_audit(conn, now, [AuditEntry("create", None, "patient", None, str(pid))])
        else:
            old = self.patient(pid)
            before = {
                "last_name": old.last_name,
                "first_name": old.first_name,
                "date_of_birth": old.date_of_birth.isoformat(),
                "sex": old.sex,
                "member_id": old.member_id,
                "default_payer": old.default_payer,
            }
            cur = conn.execute(
                "UPDATE patients SET last_name = :last_name, first_name = :first_name,"
                " date_of_birth ="
                " :date_of_birth, sex = :sex, member_id = :member_id, default_payer ="
                " :default_payer,"
                " name_key = :name_key WHERE id = :id",
                {**values, "id": pid},
            )
            if cur.rowcount == 0:
                raise NotFound(f"no patient with id {pid}")
            entries = field_changes("patient", before, {k: values[k] for k in before})
            self.append_audit(
                conn,
                now,
                [
                    AuditEntry(e.action, None, f"{e.field}#{pid}", e.before, e.after)
                    for e in entries
                ],
            )
        return self.patient(pid)
