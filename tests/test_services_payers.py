"""A payer's own frequency window and repeat interval, set through the services, drive coding."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.helpers.store_worker import patient, provider, simple_encounter
from tpi_desktop import paths
from tpi_desktop.coding import load_tables
from tpi_desktop.domain import Visit
from tpi_desktop.services import PayerSettings, Workspace, apply_payer_settings

D0 = dt.date(2026, 1, 5)


@pytest.fixture
def ws(tmp_path: Path):
    w = Workspace.open(tmp_path / "ws.sqlite3", paths.resources_dir(), user="biller")
    yield w
    w.close()


def _acme(ws: Workspace, **changes: int | None) -> None:
    values: dict[str, int | None] = {
        "frequency_limit": 4,
        "window_days": 180,
        "repeat_interval_days": 30,
    }
    values.update(changes)
    ws.save_payer_settings(PayerSettings("commercial", "Acme Health", **values))  # type: ignore[arg-type]


def _save(ws: Workspace, day: dt.date) -> set[str]:
    saved = ws.save_visit(Visit(patient(), provider(), simple_encounter(day, "commercial")))
    assert saved.coding is not None
    return set(saved.coding.finding_ids())


def test_the_tables_commercial_profile_has_no_frequency_rule(ws: Workspace) -> None:
    profile = ws.payer_profile("commercial")
    assert profile.frequency_limit is None and profile.repeat_interval_days is None
    assert profile.window_days == 365


def test_four_per_180_days_and_30_day_interval_from_stored_history(ws: Workspace) -> None:
    _acme(ws)
    profile = ws.payer_profile("commercial")
    assert (profile.frequency_limit, profile.window_days, profile.repeat_interval_days) == (
        4,
        180,
        30,
    )
    days = [D0 + dt.timedelta(days=d) for d in (0, 35, 70, 105)]
    for day in days:
        found = _save(ws, day)
        assert not found & {"frequency_limit", "repeat_interval_short"}
    # the 5th session within 180 days of the 1st: over the limit
    fifth = _save(ws, D0 + dt.timedelta(days=140))
    assert "frequency_limit" in fifth and "repeat_interval_short" not in fifth
    # 20 days after the last stored session: too soon for a 30-day interval
    soon = _save(ws, D0 + dt.timedelta(days=160))
    assert "repeat_interval_short" in soon
    coding = ws.code(
        Visit(
            ws.find_patients("Rivera")[0],
            provider(),
            simple_encounter(D0 + dt.timedelta(days=161), "commercial"),
        )
    )
    assert coding.eligibility is not None
    assert coding.eligibility.window_days == 180 and coding.eligibility.limit == 4


def test_the_window_decides_which_sessions_count(ws: Workspace) -> None:
    _acme(ws)
    for d in (0, 40, 80, 120):
        _save(ws, D0 + dt.timedelta(days=d))
    # 190 days on, the first session has left the 180-day window: 3 counted, under the limit of 4
    later = _save(ws, D0 + dt.timedelta(days=190))
    assert "frequency_limit" not in later
    # with the table's 365-day window (window None) the same history is over the limit
    _acme(ws, window_days=None)
    assert ws.payer_profile("commercial").window_days == 365
    again = ws.code(
        Visit(
            ws.find_patients("Rivera")[0],
            provider(),
            simple_encounter(D0 + dt.timedelta(days=191), "commercial"),
        )
    )
    assert "frequency_limit" in again.finding_ids()


def test_settings_survive_reopening(ws: Workspace) -> None:
    _acme(ws)
    path = ws.path
    ws.close()
    with Workspace.open(path, paths.resources_dir(), user="x") as again:
        profile = again.payer_profile("commercial")
        assert (profile.window_days, profile.repeat_interval_days) == (180, 30)
        assert profile.name == "Commercial (generic)"  # the tables' profile, overlaid


def test_apply_payer_settings_only_overrides_what_is_set() -> None:
    base = load_tables(paths.resources_dir())
    medicare = base.payer("medicare")
    tables = apply_payer_settings(
        base,
        (
            PayerSettings("medicare", "Medicare", repeat_interval_days=60),
            PayerSettings("newpayer", "New Payer", window_days=90, frequency_limit=2),
        ),
    )
    got = tables.payer("medicare")
    assert got.repeat_interval_days == 60
    assert got.window_days == medicare.window_days == 365
    assert got.frequency_limit == medicare.frequency_limit == 3
    new = tables.payer("newpayer")
    assert (new.window_days, new.frequency_limit, new.repeat_interval_days) == (90, 2, None)
