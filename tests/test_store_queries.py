"""The visit list (filters, keyset pagination) and the reports."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.helpers.store_worker import fake_coding, new_store, provider, simple_encounter
from tpi_desktop.domain import Patient, Visit, VisitStatus
from tpi_desktop.store import Store, VisitQuery

TODAY = dt.date(2026, 6, 30)
PEOPLE = (
    Patient("Rivera", "Ana", dt.date(1961, 4, 9)),
    Patient("Rivers", "Bo", dt.date(1970, 1, 1)),
    Patient("Okafor", "Sam", dt.date(1950, 2, 2)),
)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    s = new_store(tmp_path_factory.mktemp("q") / "q.sqlite3")
    day = dt.date(2025, 1, 1)
    for i in range(60):
        who = PEOPLE[i % 3]
        payer = "medicare" if i % 2 == 0 else "commercial"
        code = "20552" if i % 4 == 0 else "20553"
        v = s.save_visit(
            Visit(
                who,
                provider(),
                simple_encounter(day + dt.timedelta(days=(i // 2) * 9), payer),
                coding=fake_coding(code, charge=5000 + i),
            )
        )
        if i % 5 == 0:
            s.finalize(v.id or 0)
    yield s
    s.close()


def _all_pages(store: Store, query: VisitQuery, limit: int) -> list[int]:
    ids: list[int] = []
    page = store.search_visits(query, limit=limit)
    while True:
        ids += [r.id for r in page.rows]
        if page.next is None:
            return ids
        page = store.search_visits(query, after=page.next, limit=limit)


@pytest.mark.parametrize("newest_first", [True, False])
@pytest.mark.parametrize("limit", [1, 7, 60, 100])
def test_keyset_pages_cover_everything_once_in_order(
    store: Store, newest_first: bool, limit: int
) -> None:
    ids = _all_pages(store, VisitQuery(newest_first=newest_first), limit)
    rows = store.conn.execute("SELECT id FROM visits ORDER BY date_of_service, id").fetchall()
    expected = [r[0] for r in rows]
    assert ids == (expected[::-1] if newest_first else expected)


def test_filters(store: Store) -> None:
    riv = store.search_visits(VisitQuery(patient="riv"), limit=100).rows
    assert {r.patient_name for r in riv} == {"Rivera, Ana", "Rivers, Bo"} and len(riv) == 40
    assert {
        r.patient_name for r in store.search_visits(VisitQuery(patient="RIVERA, a"), limit=100).rows
    } == {"Rivera, Ana"}
    dob = store.search_visits(VisitQuery(date_of_birth=dt.date(1950, 2, 2)), limit=100).rows
    assert len(dob) == 20 and all(r.patient_name == "Okafor, Sam" for r in dob)
    ranged = store.search_visits(
        VisitQuery(date_from=dt.date(2025, 2, 1), date_to=dt.date(2025, 3, 1)), limit=100
    ).rows
    assert ranged and all(
        dt.date(2025, 2, 1) <= r.date_of_service <= dt.date(2025, 3, 1) for r in ranged
    )
    final = store.search_visits(VisitQuery(status=VisitStatus.FINAL), limit=100).rows
    assert len(final) == 12 and all(r.status is VisitStatus.FINAL for r in final)
    assert all(
        r.payer == "medicare"
        for r in store.search_visits(VisitQuery(payer="medicare"), limit=100).rows
    )
    code = store.search_visits(VisitQuery(code="20552"), limit=100).rows
    assert len(code) == 15 and all(r.procedure_code == "20552" for r in code)
    combined = VisitQuery(patient="okafor", status=VisitStatus.FINAL, payer="medicare")
    assert store.count_visits(combined) == len(store.search_visits(combined, limit=100).rows) > 0


def test_row_values(store: Store) -> None:
    row = store.search_visits(VisitQuery(newest_first=False), limit=1).rows[0]
    assert (
        row.patient_name,
        row.date_of_birth,
        row.payer,
        row.procedure_code,
        row.charge_cents,
        row.status,
        row.provider_name,
    ) == (
        "Rivera, Ana",
        dt.date(1961, 4, 9),
        "medicare",
        "20552",
        5000,
        VisitStatus.FINAL,
        "Dana Whitfield, MD",
    )


def test_reports(store: Store) -> None:
    sessions = store.sessions_per_patient(TODAY)
    start = TODAY - dt.timedelta(days=365)
    expected = {}
    for pid, day in store.conn.execute("SELECT patient_id, date_of_service FROM visits"):
        if start.isoformat() < day <= TODAY.isoformat():
            expected.setdefault(pid, set()).add(day)
    assert {s.patient_id: s.sessions for s in sessions} == {k: len(v) for k, v in expected.items()}
    months = store.visits_per_month()
    assert sum(m.visits for m in months) == 60
    assert sum(n for m in months for code, n in m.codes if code == "20552") == 15
    payers = {p.payer: p for p in store.charges_per_payer()}
    assert payers["medicare"].visits == 30 and payers["commercial"].visits == 30
    assert payers["medicare"].charge_cents == sum(5000 + i for i in range(0, 60, 2))
