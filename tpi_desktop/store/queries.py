"""The visit list (filtered, keyset-paginated) and the simple reports."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tpi_desktop.domain import VisitStatus
from tpi_desktop.domain.catalog import normalise_term
from tpi_desktop.store.core import StoreBase
from tpi_desktop.store.types import (
    TPI_CODES,
    MonthSummary,
    PatientSessions,
    PayerCharges,
    VisitCursor,
    VisitPage,
    VisitQuery,
    VisitRow,
)

_ROW_SQL = """SELECT v.id, v.date_of_service, v.patient_id, p.last_name || ', ' || p.first_name,
 p.date_of_birth, pr.name, v.payer, v.procedure_code, v.status, v.charge_cents, v.findings_count,
 v.errors_count, v.amends
 FROM visits v JOIN patients p ON p.id = v.patient_id JOIN providers pr ON pr.id = v.provider_id"""

MAX_LIMIT = 1000


def _where(query: VisitQuery) -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if query.patient:
        key = normalise_term(query.patient)
        # A subquery, so SQLite walks the (patient, date) index of the few matching patients.
        clauses.append(
            "v.patient_id IN (SELECT id FROM patients WHERE name_key >= ? AND name_key < ?)"
        )
        params += [key, key + "\uffff"]
    if query.patient_id is not None:
        clauses.append("v.patient_id = ?")
        params.append(query.patient_id)
    if query.date_of_birth is not None:
        clauses.append("v.patient_id IN (SELECT id FROM patients WHERE date_of_birth = ?)")
        params.append(query.date_of_birth.isoformat())
    if query.date_from is not None:
        clauses.append("v.date_of_service >= ?")
        params.append(query.date_from.isoformat())
    if query.date_to is not None:
        clauses.append("v.date_of_service <= ?")
        params.append(query.date_to.isoformat())
    if query.status is not None:
        clauses.append("v.status = ?")
        params.append(VisitStatus(query.status).value)
    if query.payer:
        clauses.append("v.payer = ?")
        params.append(query.payer)
    if query.code:
        clauses.append(
            "(v.procedure_code = ? OR v.id IN (SELECT visit_id FROM claim_lines WHERE code = ?))"
        )
        params += [query.code.strip().upper(), query.code.strip().upper()]
    return clauses, params


class QueryMixin(StoreBase):
    """Searching and reporting."""

    def search_visits(
        self, query: VisitQuery, *, after: VisitCursor | None = None, limit: int = 50
    ) -> VisitPage:
        """One page of visits matching ``query``, by (date of service, id), newest first unless
        ``query.newest_first`` is false; pass the page's ``next`` as ``after`` for the next page."""
        limit = max(1, min(int(limit), MAX_LIMIT))
        clauses, params = _where(query)
        order = "DESC" if query.newest_first else "ASC"
        if after is not None:
            clauses.append(f"(v.date_of_service, v.id) {'<' if query.newest_first else '>'} (?, ?)")
            params += [after.date_of_service.isoformat(), after.id]
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        sql = f"{_ROW_SQL}{where} ORDER BY v.date_of_service {order}, v.id {order} LIMIT ?"
        rows = [
            VisitRow(
                r[0],
                dt.date.fromisoformat(r[1]),
                r[2],
                r[3],
                dt.date.fromisoformat(r[4]),
                r[5],
                r[6],
                r[7],
                VisitStatus(r[8]),
                r[9],
                r[10],
                r[11],
                r[12],
            )
            for r in self.conn.execute(sql, [*params, limit + 1])
        ]
        more = len(rows) > limit
        rows = rows[:limit]
        cursor = VisitCursor(rows[-1].date_of_service, rows[-1].id) if more else None
        return VisitPage(tuple(rows), cursor)

    def count_visits(self, query: VisitQuery | None = None) -> int:
        """How many visits match (all of them without a query)."""
        clauses, params = _where(query or VisitQuery())
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        return int(self.conn.execute(f"SELECT count(*) FROM visits v{where}", params).fetchone()[0])

    def sessions_per_patient(
        self, today: dt.date | None = None, limit: int = 100
    ) -> tuple[PatientSessions, ...]:
        """Patients by number of TPI sessions in the 12 months up to ``today`` (most first)."""
        today = today or dt.date.today()
        start = today - dt.timedelta(days=365)
        rows = self.conn.execute(
            "SELECT v.patient_id, p.last_name || ', ' || p.first_name, count(DISTINCT"
            " v.date_of_service),"
            " max(v.date_of_service) FROM visits v JOIN patients p ON p.id = v.patient_id"
            " WHERE v.date_of_service > ? AND v.date_of_service <= ? AND v.procedure_code IN (?, ?)"
            " AND v.status <> 'amended' GROUP BY v.patient_id ORDER BY 3 DESC, 2 LIMIT ?",
            (start.isoformat(), today.isoformat(), *TPI_CODES, limit),
        )
        return tuple(PatientSessions(r[0], r[1], r[2], dt.date.fromisoformat(r[3])) for r in rows)

    def visits_per_month(
        self, date_from: dt.date | None = None, date_to: dt.date | None = None
    ) -> tuple[MonthSummary, ...]:
        """Per month: visits (amended originals left out) and the billed codes with their counts."""
        clauses, params = _where(VisitQuery(date_from=date_from, date_to=date_to))
        clauses.append("v.status <> 'amended'")
        where = " WHERE " + " AND ".join(clauses)
        visits = dict(
            self.conn.execute(
                f"SELECT substr(v.date_of_service, 1, 7), count(*) FROM visits v{where} GROUP BY 1",
                params,
            )
        )
        codes: dict[str, list[tuple[str, int]]] = {}
        for month, code, n in self.conn.execute(
            f"SELECT substr(v.date_of_service, 1, 7), c.code, count(*) FROM visits v"
            f" JOIN claim_lines c ON c.visit_id = v.id{where} GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2",
            params,
        ):
            codes.setdefault(month, []).append((code, n))
        return tuple(MonthSummary(m, visits[m], tuple(codes.get(m, ()))) for m in sorted(visits))

    def charges_per_payer(
        self, date_from: dt.date | None = None, date_to: dt.date | None = None
    ) -> tuple[PayerCharges, ...]:
        """Per payer: visits and total charges in cents (amended originals left out)."""
        clauses, params = _where(VisitQuery(date_from=date_from, date_to=date_to))
        clauses.append("v.status <> 'amended'")
        rows = self.conn.execute(
            f"SELECT v.payer, count(*), coalesce(sum(v.charge_cents), 0) FROM visits v"
            f" WHERE {' AND '.join(clauses)} GROUP BY v.payer ORDER BY v.payer",
            params,
        )
        return tuple(PayerCharges(*r) for r in rows)
