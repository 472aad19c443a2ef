"""Visits in the store: round trip, history, read-only finals, amendments, conflicts, autosave."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from tests.helpers.store_worker import (
    fake_coding,
    full_encounter,
    new_store,
    patient,
    provider,
    simple_encounter,
)
from tpi_desktop.domain import Patient, Practice, Provider, Visit, VisitStatus
from tpi_desktop.store import (
    Conflict,
    InvalidValue,
    NotFound,
    PayerSettings,
    ReadOnlyVisit,
    Store,
    StoreError,
)


@pytest.fixture
def store(tmp_path: Path):
    s = new_store(tmp_path / "visits.sqlite3")
    yield s
    s.close()


def _save(
    store: Store,
    day: dt.date,
    *,
    code: str | None = "20553",
    who: Patient | None = None,
    status_final: bool = False,
) -> Visit:
    v = store.save_visit(
        Visit(who or patient(), provider(), simple_encounter(day), coding=fake_coding(code))
    )
    if status_final:
        v, _ = store.finalize(v.id or 0)
    return v


def test_every_field_round_trips(store: Store) -> None:
    coding = fake_coding("20553", error=True, charge=12345)
    visit = Visit(patient(), provider(), full_encounter(), coding=coding)
    saved = store.save_visit(visit)
    again = store.get_visit(saved.id or 0)
    assert again.encounter == full_encounter()  # no history: prior_sessions stays empty
    assert again.coding == coding
    assert again.patient == replace(patient(), id=saved.patient.id)
    assert again.provider == replace(provider(), id=saved.provider.id)
    assert again.status is VisitStatus.DRAFT and again.created_by == "tester"
    assert again.created_at is not None and again.created_at.tzinfo is not None
    row = store.conn.execute(
        "SELECT procedure_code, charge_cents, findings_count, errors_count, engine_version,"
        " data_versions"
        " FROM visits WHERE id = ?",
        (saved.id,),
    ).fetchone()
    assert row == ("20553", 12345, 1, 1, "test-1", '{"icd10cm": "2026"}')
    assert store.conn.execute("SELECT code, modifiers, units FROM claim_lines").fetchall() == [
        ("20553", "XS", 1)
    ]


def test_documentation_absent_stays_absent(store: Store) -> None:
    enc = replace(full_encounter(), documentation=None, em=None, imaging=None)
    saved = store.save_visit(Visit(patient(), provider(), enc))
    assert store.get_visit(saved.id or 0).encounter == enc


def test_patient_and_provider_are_matched_not_duplicated(store: Store) -> None:
    a = _save(store, dt.date(2026, 1, 5))
    b = store.save_visit(
        Visit(
            replace(patient(), member_id="", sex="U"),
            provider(),
            simple_encounter(dt.date(2026, 2, 5)),
        )
    )
    assert a.patient.id == b.patient.id and a.provider.id == b.provider.id
    assert b.patient.member_id == "1EG4TE5MK73"  # a blank field does not wipe the stored one
    assert store.conn.execute("SELECT count(*) FROM patients").fetchone()[0] == 1


def test_prior_sessions_follow_the_rules(store: Store) -> None:
    other = Patient("Okafor", "Sam", dt.date(1950, 2, 2))
    first = _save(store, dt.date(2026, 1, 10))
    _save(store, dt.date(2026, 2, 10), code=None)  # no TPI code: not a session
    amended = _save(store, dt.date(2026, 3, 10), status_final=True)
    fix = store.amend(amended.id or 0)  # the amendment replaces the original
    _save(store, dt.date(2026, 4, 10), who=other)  # someone else
    later = _save(store, dt.date(2026, 9, 1))  # after the date asked about
    pid = first.patient.id or 0
    assert store.prior_sessions(pid, dt.date(2026, 6, 1)) == (
        dt.date(2026, 1, 10),
        dt.date(2026, 3, 10),
    )
    assert store.get_visit(fix.id or 0).status is VisitStatus.DRAFT
    # the visit itself is left out, and what the store returns for a visit is its history
    assert store.prior_sessions(pid, dt.date(2026, 3, 11), fix.id) == (dt.date(2026, 1, 10),)
    assert store.get_visit(later.id or 0).encounter.prior_sessions == (
        dt.date(2026, 1, 10),
        dt.date(2026, 3, 10),
    )
    assert store.prior_sessions(pid, dt.date(2026, 1, 10)) == ()


def test_code_callback_sees_stored_history(store: Store) -> None:
    _save(store, dt.date(2026, 1, 10))
    _save(store, dt.date(2026, 2, 20))
    seen: list[tuple[dt.date, ...]] = []

    def code(v: Visit):
        seen.append(v.encounter.prior_sessions)
        return fake_coding(error=len(v.encounter.prior_sessions) >= 2)

    v = store.save_visit(
        Visit(patient(), provider(), simple_encounter(dt.date(2026, 4, 1))), code=code
    )
    assert seen == [(dt.date(2026, 1, 10), dt.date(2026, 2, 20))]
    assert v.coding is not None and v.coding.has_errors()


def test_final_visit_is_read_only_in_the_store_and_in_sqlite(store: Store) -> None:
    v = _save(store, dt.date(2026, 1, 10), status_final=True)
    assert v.status is VisitStatus.FINAL and v.finalized_by == "tester"
    with pytest.raises(ReadOnlyVisit):
        store.save_visit(replace(v, encounter=replace(v.encounter, place_of_service="22")))
    with pytest.raises(ReadOnlyVisit):
        store.finalize(v.id or 0)
    # Second line of defence: raw SQL is refused by the triggers.
    for sql in (
        "UPDATE visits SET date_of_service = '2020-01-01' WHERE id = ?",
        "UPDATE visits SET status = 'draft' WHERE id = ?",
        "UPDATE visits SET status = 'amended', place_of_service = '22' WHERE id = ?",
        "UPDATE visits SET coding = NULL WHERE id = ?",
        "DELETE FROM visits WHERE id = ?",
        "DELETE FROM injections WHERE visit_id = ?",
        "UPDATE diagnoses SET code = 'Z00.00' WHERE visit_id = ?",
        "INSERT INTO diagnoses (visit_id, position, code) VALUES (?, 9, 'M54.2')",
    ):
        with pytest.raises(sqlite3.IntegrityError, match="read-only"):
            store.conn.execute(sql, (v.id,))
    assert store.get_visit(v.id or 0) == v


def test_finalize_refused_by_blockers_writes_nothing_then_override_is_stored(store: Store) -> None:
    v = _save(store, dt.date(2026, 1, 10))
    audit_before = store.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    same, blockers = store.finalize(
        v.id or 0, blockers=lambda visit, coding: ["Fix the diagnosis."]
    )
    assert blockers == ("Fix the diagnosis.",) and same.status is VisitStatus.DRAFT
    assert store.get_visit(v.id or 0).status is VisitStatus.DRAFT
    assert store.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == audit_before
    final, blockers = store.finalize(
        v.id or 0,
        blockers=lambda visit, coding: ["Fix the diagnosis."],
        override_reason="  ABN signed  ",
    )
    assert final.status is VisitStatus.FINAL and final.override_reason == "ABN signed"
    actions = [(r.action, r.field, r.after) for r in store.audit_rows(v.id or 0)]
    assert ("finalize", "status", "final") in actions and (
        "override",
        "override_reason",
        "ABN signed",
    ) in actions


def test_amendment_keeps_both_and_links_them(store: Store) -> None:
    v = _save(store, dt.date(2026, 1, 10), status_final=True)
    draft = store.amend(v.id or 0)
    original = store.get_visit(v.id or 0)
    assert original.status is VisitStatus.AMENDED and original.coding == v.coding
    assert draft.status is VisitStatus.DRAFT and draft.amends == v.id and draft.id != v.id
    assert draft.encounter == original.encounter
    assert store.amended_by(v.id or 0) == draft.id
    edited = store.save_visit(
        replace(draft, encounter=replace(draft.encounter, diagnoses=("M79.11",)))
    )
    assert edited.encounter.diagnoses == ("M79.11",) and edited.amends == v.id
    with pytest.raises(ReadOnlyVisit, match="already amended"):
        store.amend(v.id or 0)
    with pytest.raises(StoreError, match="draft"):
        store.amend(draft.id or 0)


def test_stale_draft_is_a_conflict_not_a_lost_update(store: Store) -> None:
    v = _save(store, dt.date(2026, 1, 10))
    first = store.save_visit(replace(v, encounter=replace(v.encounter, place_of_service="22")))
    with pytest.raises(Conflict, match="reload"):
        store.save_visit(replace(v, encounter=replace(v.encounter, place_of_service="19")))
    assert (
        store.get_visit(v.id or 0).encounter.place_of_service
        == "22"
        == first.encounter.place_of_service
    )


def test_update_writes_one_audit_row_per_changed_field(store: Store) -> None:
    v = _save(store, dt.date(2026, 1, 10))
    store.save_visit(
        replace(v, encounter=replace(v.encounter, place_of_service="22", diagnoses=("M79.11",)))
    )
    rows = store.audit_rows(v.id or 0)
    assert rows[0].action == "create" and rows[0].user == "tester"
    changed = {(r.field, r.before, r.after) for r in rows[1:]}
    assert changed == {
        ("place_of_service", "11", "22"),
        ("diagnoses", '[["M79.12"]]', '[["M79.11"]]'),
    }


@pytest.mark.parametrize(
    ("who", "field"),
    [
        (Patient("", "Ana", dt.date(1961, 4, 9)), "patient.last_name"),
        (Patient("Rivera", "Ana", dt.date(2999, 1, 1)), "patient.date_of_birth"),
        (Patient("Rivera", "Ana", dt.date(1961, 4, 9), sex="Q"), "patient.sex"),
    ],
)
def test_bad_patient_fields_are_named(store: Store, who: Patient, field: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        store.save_visit(Visit(who, provider(), simple_encounter(dt.date(2026, 1, 1))))
    assert caught.value.field == field
    assert store.conn.execute("SELECT count(*) FROM visits").fetchone()[0] == 0


@pytest.mark.parametrize(
    ("npi", "ok"),
    [
        ("1234567893", True),
        ("1245319599", True),
        ("1234567890", False),
        ("12345", False),
        ("abcdefghij", False),
    ],
)
def test_provider_npi_check_digit(store: Store, npi: str, ok: bool) -> None:
    if ok:
        assert store.save_provider(Provider("Dr A", npi)).id is not None
    else:
        with pytest.raises(InvalidValue, match=r"provider\.npi"):
            store.save_provider(Provider("Dr A", npi))
        assert store.providers() == ()


def test_unknown_payer_is_refused_and_nothing_written(store: Store) -> None:
    with pytest.raises(InvalidValue, match="unknown payer 'aetna'"):
        store.save_visit(
            Visit(patient(), provider(), simple_encounter(dt.date(2026, 1, 1), payer="aetna"))
        )
    assert store.conn.execute("SELECT count(*) FROM patients").fetchone()[0] == 0


def test_practice_payers_autosave_and_export_record(store: Store) -> None:
    store.save_practice(Practice("Lakeside", "1 Road", "1003000126", "12-3456789"))
    assert store.practice() == Practice("Lakeside", "1 Road", "1003000126", "12-3456789")
    store.save_payer_settings(
        PayerSettings("medicare", "Medicare", {"20553": 6100}, 2, ("M79.11",))
    )
    settings = {s.payer_id: s for s in store.payer_settings()}
    assert (
        settings["medicare"].fees == {"20553": 6100} and settings["medicare"].frequency_limit == 2
    )
    assert (
        settings["medicare"].covered_diagnoses == ("M79.11",)
        and settings["commercial"].fees is None
    )
    with pytest.raises(InvalidValue, match=r"fees\[20552\]"):
        store.save_payer_settings(PayerSettings("medicare", "Medicare", {"20552": -1}))
    store.autosave_put("visit-form", '{"a": 1}')
    store.autosave_put("visit-form", '{"a": 2}')
    assert store.autosave_get("visit-form") == '{"a": 2}'
    store.autosave_clear("visit-form")
    assert store.autosave_get("visit-form") is None
    v = _save(store, dt.date(2026, 1, 1))
    store.record_export(v.id or 0, "/tmp/visit.pdf")
    assert store.audit_rows(v.id or 0)[-1].action == "exported"
    with pytest.raises(NotFound):
        store.record_export(999, "x")
    assert store.check() == []


def test_bulk_path_writes_what_save_writes(store: Store) -> None:
    pids = store.bulk_insert_patients([patient("Bulk", f"N{i}") for i in range(3)], batch=2)
    assert len(pids) == 3 and store.patient(pids[2]).first_name == "N2"
    prov = store.save_provider(provider())
    statuses = [VisitStatus.DRAFT, VisitStatus.FINAL, VisitStatus.AMENDED] * 5
    visits = [
        Visit(
            store.patient(pids[i % 3]),
            prov,
            full_encounter(dt.date(2025, 1, 1 + i)),
            status=s,
            coding=fake_coding(),
        )
        for i, s in enumerate(statuses)
    ]
    assert store.bulk_insert_visits(visits, batch=4) == 15
    stored = [store.get_visit(i) for i in range(1, 16)]
    assert [v.status for v in stored] == statuses
    assert all(
        v.encounter
        == replace(
            full_encounter(v.encounter.date_of_service), prior_sessions=v.encounter.prior_sessions
        )
        for v in stored
    )
    assert stored[4].encounter.prior_sessions == (dt.date(2025, 1, 2),)  # patient N1: visit 2 only
    with pytest.raises(sqlite3.IntegrityError, match="read-only"):
        store.conn.execute("DELETE FROM drugs WHERE visit_id = 2")
    assert store.check() == []


def test_what_a_save_returns_is_what_reading_it_back_gives(store: Store) -> None:
    """The save builds its answer from what it has just written (without reading the child
    rows back): it must equal a fresh read in every field, new and updated, with history."""
    earlier = _save(store, dt.date(2026, 1, 5))
    coding = fake_coding("20553", error=True, charge=12345)
    visit = Visit(earlier.patient, provider(), full_encounter(), coding=coding)
    saved = store.save_visit(visit)
    assert saved == store.get_visit(saved.id or 0)
    assert saved.encounter.prior_sessions == (dt.date(2026, 1, 5),)
    bare = replace(full_encounter(), documentation=None, em=None, imaging=None, drugs=())
    updated = store.save_visit(replace(saved, encounter=bare))
    assert updated == store.get_visit(saved.id or 0)
