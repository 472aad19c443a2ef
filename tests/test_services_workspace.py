"""The use cases over store + engine: history-driven coding, finalize, amend, settings, demo."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from tests.helpers.store_worker import patient, provider, simple_encounter
from tpi_desktop import paths
from tpi_desktop.coding import ENGINE_VERSION
from tpi_desktop.domain import Documentation, Visit, VisitStatus
from tpi_desktop.services import (
    InvalidValue,
    PayerSettings,
    ReadOnlyVisit,
    VisitQuery,
    Workspace,
    fill_demo,
)


@pytest.fixture
def ws(tmp_path: Path):
    w = Workspace.open(tmp_path / "ws.sqlite3", paths.resources_dir(), user="biller")
    yield w
    w.close()


def _visit(day: dt.date, payer: str = "medicare") -> Visit:
    return Visit(patient(), provider(), simple_encounter(day, payer))


def test_frequency_findings_come_from_stored_history(ws: Workspace) -> None:
    days = [dt.date(2026, 1, 5), dt.date(2026, 2, 20), dt.date(2026, 4, 10), dt.date(2026, 6, 1)]
    saved = [ws.save_visit(_visit(d)) for d in days]
    assert [v.encounter.prior_sessions for v in saved[:2]] == [(), (days[0],)]
    assert all(v.coding is not None and v.coding.procedure_code == "20552" for v in saved)
    assert "frequency_limit" not in saved[2].coding.finding_ids()  # type: ignore[union-attr]
    fourth = saved[3].coding
    assert fourth is not None and "frequency_limit" in fourth.finding_ids() and fourth.has_errors()
    assert fourth.eligibility is not None and fourth.eligibility.sessions_in_window == 3
    # an unsaved visit is coded with the same history
    preview = ws.code(replace(_visit(dt.date(2026, 6, 2)), patient=saved[0].patient))
    assert "frequency_limit" in preview.finding_ids()
    # the same patient under the commercial payer has no frequency rule
    assert (
        "frequency_limit"
        not in ws.save_visit(_visit(dt.date(2026, 6, 3), "commercial")).coding.finding_ids()
    )  # type: ignore[union-attr]


def test_history_skips_the_amended_original(ws: Workspace) -> None:
    first = ws.save_visit(_visit(dt.date(2026, 1, 5)))
    ws.finalize(first.id or 0, override_reason="test")
    fix = ws.amend(first.id or 0)
    assert fix.amends == first.id and ws.get_visit(first.id or 0).status is VisitStatus.AMENDED
    later = ws.save_visit(_visit(dt.date(2026, 3, 1)))
    assert later.encounter.prior_sessions == (
        dt.date(2026, 1, 5),
    )  # counted once, via the amendment


def test_finalize_refuses_without_documentation_then_override(ws: Workspace) -> None:
    v = ws.save_visit(_visit(dt.date(2026, 1, 5)))
    outcome = ws.finalize(v.id or 0)
    assert not outcome.ok and outcome.visit.status is VisitStatus.DRAFT
    assert any("documentation checklist has not been filled in" in b for b in outcome.blockers)
    outcome = ws.finalize(v.id or 0, override_reason="paper chart attached")
    assert (
        outcome.ok
        and outcome.overridden
        and outcome.visit.override_reason == "paper chart attached"
    )
    final = ws.get_visit(v.id or 0)
    assert final.status is VisitStatus.FINAL and final.coding is not None
    assert final.coding.engine_version == ENGINE_VERSION
    assert dict(final.coding.data_versions).get("icd10cm")
    with pytest.raises(ReadOnlyVisit):
        ws.save_visit(replace(final, encounter=replace(final.encounter, diagnoses=("M79.11",))))


def test_finalize_blocks_on_error_findings_and_incomplete_checklist(ws: Workspace) -> None:
    enc = replace(
        simple_encounter(dt.date(2026, 1, 5)),
        diagnoses=(),
        documentation=Documentation(needle_gauge="27G"),
    )
    v = ws.save_visit(Visit(patient(), provider(), enc))
    outcome = ws.finalize(v.id or 0)
    assert not outcome.ok
    assert any("[no_diagnosis]" in b for b in outcome.blockers)
    assert any(b.startswith("Documentation incomplete") for b in outcome.blockers)


def test_payer_settings_change_coding_at_once(ws: Workspace) -> None:
    ws.save_payer_settings(
        PayerSettings("medicare", "Medicare Part B", {"20552": 4321}, frequency_limit=1)
    )
    assert ws.payer_profile("medicare").frequency_limit == 1
    assert ws.payer_profile("medicare").fees["20553"] == 6000  # merged, not replaced
    a = ws.save_visit(_visit(dt.date(2026, 1, 5)))
    b = ws.save_visit(_visit(dt.date(2026, 4, 5)))
    assert a.coding is not None and a.coding.lines[0].charge_cents == 4321
    assert b.coding is not None and "frequency_limit" in b.coding.finding_ids()
    row = ws.search_visits(VisitQuery(), limit=1).rows[0]
    assert row.charge_cents == 4321 and row.errors_count >= 1
    # reopening applies the stored settings again
    path = ws.path
    ws.close()
    again = Workspace.open(path, paths.resources_dir(), user="x")
    try:
        assert again.payer_profile("medicare").fees["20552"] == 4321
    finally:
        again.close()


def test_provider_npi_error_names_the_field(ws: Workspace) -> None:
    with pytest.raises(ValueError, match=r"provider\.npi"):
        ws.save_provider(replace(provider(), npi="1234567890"))
    with pytest.raises(InvalidValue):
        ws.save_visit(
            Visit(
                patient(),
                replace(provider(), npi="1234567891"),
                simple_encounter(dt.date(2026, 1, 1)),
            )
        )


def test_demo_fills_realistic_data(ws: Workspace) -> None:
    today = dt.date(2026, 6, 30)
    ids = fill_demo(ws, 80, today=today)
    assert len(ids) >= 80
    rows = ws.search_visits(VisitQuery(), limit=1000).rows
    statuses = {r.status for r in rows}
    assert statuses == {VisitStatus.DRAFT, VisitStatus.FINAL, VisitStatus.AMENDED}
    assert min(r.date_of_service for r in rows) >= today - dt.timedelta(days=730)
    assert max(r.date_of_service for r in rows) <= today
    assert any(r.errors_count for r in rows)
    over = [ws.get_visit(r.id) for r in rows if r.payer == "medicare" and r.errors_count]
    assert any(v.coding and "frequency_limit" in v.coding.finding_ids() for v in over)
    assert {p.npi for p in ws.providers()} == {"1234567893", "1245319599"}
    assert {s.payer_id for s in ws.payer_settings()} >= {"medicare", "commercial"}
    assert ws.check() == []
    assert ws.sessions_per_patient(today) and ws.visits_per_month() and ws.charges_per_payer()


def test_backup_to_default_folder_and_prune(ws: Workspace) -> None:
    ws.save_visit(_visit(dt.date(2026, 1, 5)))
    made = [ws.backup() for _ in range(3)]
    assert all(p.parent == ws.backups_dir and p.is_file() for p in made)
    assert ws.prune_backups(keep=1) == sorted(made)[:2]
    assert list(ws.backups_dir.iterdir()) == [sorted(made)[2]]


def test_no_patient_name_reaches_the_log(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("DEBUG")
    with Workspace.open(tmp_path / "log.sqlite3", paths.resources_dir(), user="biller") as ws:
        v = ws.save_visit(_visit(dt.date(2026, 1, 5)))
        ws.finalize(v.id or 0, override_reason="x")
        ws.amend(v.id or 0)
        ws.check()
    text = caplog.text
    assert "Rivera" not in text and "1961-04-09" not in text and "1EG4TE5MK73" not in text
