"""Rules F1-F4: sessions per rolling window, repeat interval, regions, and the eligibility block."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.test_engine_helpers import enc, run, tables
from tpi_desktop.coding import PayerProfile, evaluate

D = dt.date.fromisoformat


def priors(*days: str) -> tuple[dt.date, ...]:
    return tuple(D(d) for d in days)


@pytest.mark.parametrize(
    ("dos", "prior", "flagged", "in_window"),
    [
        ("2026-06-15", ("2025-09-01", "2026-01-10", "2026-04-01"), True, 3),
        ("2026-06-15", ("2025-06-15", "2026-01-10", "2026-04-01"), True, 3),  # 365 days before: in
        ("2026-06-15", ("2025-06-14", "2026-01-10", "2026-04-01"), False, 2),  # 366 days: out
        (
            "2028-02-29",
            ("2027-03-01", "2027-09-01", "2027-12-01"),
            True,
            3,
        ),  # leap day DOS, 365 days
        ("2028-02-29", ("2027-02-28", "2027-09-01", "2027-12-01"), False, 2),  # 366 days
        (
            "2028-03-01",
            ("2027-03-02", "2027-09-01", "2027-12-01"),
            True,
            3,
        ),  # window spans 2028-02-29
        (
            "2028-03-01",
            ("2027-03-01", "2027-09-01", "2027-12-01"),
            False,
            2,
        ),  # 366 days across the leap day
        ("2026-06-15", ("2026-01-10", "2026-04-01"), False, 2),
        ("2026-06-15", ("2026-01-10", "2026-01-10", "2026-04-01"), False, 2),  # same date once
    ],
)
def test_frequency_window_edges(
    dos: str, prior: tuple[str, ...], flagged: bool, in_window: int
) -> None:
    result = run(enc("upper_trapezius", date_of_service=D(dos), prior_sessions=priors(*prior)))
    assert ("frequency_limit" in result.finding_ids()) is flagged
    assert result.eligibility is not None and result.eligibility.sessions_in_window == in_window


def test_frequency_message() -> None:
    result = run(
        enc("upper_trapezius", prior_sessions=priors("2025-09-01", "2026-01-10", "2026-04-01"))
    )
    (finding,) = [f for f in result.findings if f.id == "frequency_limit"]
    assert finding.severity == "error" and finding.rule == "F1"
    assert finding.message.startswith(
        "4th TPI session in 12 months (limit 3: 2025-09-01, 2026-01-10, 2026-04-01). Medicare"
        " will deny:"
    )
    assert "GA" in finding.message and "GZ" in finding.message and "2026-09-02" in finding.message


@pytest.mark.parametrize(
    ("dos", "prior", "next_date", "repeat_from"),
    [
        ("2026-06-15", (), "2026-06-15", None),
        ("2026-06-15", ("2026-01-10", "2026-04-02"), "2026-06-15", "2026-05-14"),
        ("2026-06-15", ("2025-09-01", "2026-01-10", "2026-04-01"), "2026-09-02", "2026-05-13"),
        (
            "2026-06-15",
            ("2025-09-01", "2025-10-01", "2026-01-10", "2026-04-01"),
            "2026-10-02",
            "2026-05-13",
        ),
        ("2026-06-15", ("2026-05-20",), "2026-07-01", "2026-07-01"),
        ("2026-06-15", ("2026-02-01", "2026-03-20", "2026-06-01"), "2027-02-02", "2026-07-13"),
        ("2028-02-29", ("2027-03-01", "2027-09-01", "2027-12-01"), "2028-03-01", "2028-01-12"),
    ],
)
def test_next_eligible_date(
    dos: str, prior: tuple[str, ...], next_date: str, repeat_from: str | None
) -> None:
    result = run(enc("upper_trapezius", date_of_service=D(dos), prior_sessions=priors(*prior)))
    standing = result.eligibility
    assert standing is not None
    assert (standing.limit, standing.window_days) == (3, 365)
    assert standing.next_eligible_date == D(next_date)
    assert standing.repeat_interval_ok_from == (D(repeat_from) if repeat_from else None)
    # The date it names is really eligible, and the day before is not (unless it is the DOS).
    at = run(
        enc(
            "upper_trapezius",
            date_of_service=standing.next_eligible_date,
            prior_sessions=priors(*prior),
        )
    )
    assert not {"frequency_limit", "repeat_interval_short"} & set(at.finding_ids())
    if standing.next_eligible_date > D(dos):
        before = standing.next_eligible_date - dt.timedelta(days=1)
        day_before = run(
            enc("upper_trapezius", date_of_service=before, prior_sessions=priors(*prior))
        )
        assert {"frequency_limit", "repeat_interval_short"} & set(day_before.finding_ids())


def test_no_eligibility_without_a_frequency_rule() -> None:
    result = run(
        enc(
            "upper_trapezius",
            payer="commercial",
            prior_sessions=priors("2025-09-01", "2026-01-10", "2026-04-01"),
        )
    )
    assert result.eligibility is None
    assert not {"frequency_limit", "repeat_interval_short"} & set(result.finding_ids())


def test_payer_window_and_limit_are_settings() -> None:
    plan = PayerProfile(id="plan", name="Plan 3 per 90 days", frequency_limit=3, window_days=90)
    custom = tables().with_payer(plan)
    encounter = enc(
        "upper_trapezius",
        payer="plan",
        prior_sessions=priors("2026-03-17", "2026-04-15", "2026-05-15"),
    )
    result = evaluate(encounter, custom)
    assert "frequency_limit" in result.finding_ids()
    assert "in 90 days" in next(f.message for f in result.findings if f.id == "frequency_limit")
    assert result.eligibility is not None and result.eligibility.next_eligible_date == D(
        "2026-06-16"
    )
    assert "plan" not in tables().payers  # the original tables are unchanged


@pytest.mark.parametrize(
    ("last", "short"), [("2026-05-20", True), ("2026-05-05", True), ("2026-05-04", False)]
)
def test_repeat_interval(last: str, short: bool) -> None:
    result = run(enc("upper_trapezius", prior_sessions=priors(last)))
    found = [f for f in result.findings if f.id == "repeat_interval_short"]
    assert bool(found) is short
    if found:
        assert found[0].rule == "F2" and found[0].severity == "warning"


@pytest.mark.parametrize(
    ("muscles", "payer", "flagged"),
    [
        (
            ["upper_trapezius", "posterior_deltoid", "supraspinatus", "levator_scapulae"],
            "medicare",
            False,
        ),
        (["upper_trapezius", ("gluteus_medius", "left")], "medicare", True),
        (["upper_trapezius", ("gluteus_medius", "left")], "commercial", False),
        (["sternocleidomastoid", "upper_trapezius"], "medicare", True),
    ],
)
def test_multiple_regions(muscles: list, payer: str, flagged: bool) -> None:
    result = run(enc(*muscles, payer=payer))
    found = [f for f in result.findings if f.id == "multiple_regions"]
    assert bool(found) is flagged
    if found:
        assert found[0].rule == "F3" and "GA" in found[0].message


def test_no_frequency_findings_without_a_tpi() -> None:
    result = run(enc(prior_sessions=priors("2025-09-01", "2026-01-10", "2026-06-01")))
    assert not {"frequency_limit", "repeat_interval_short"} & set(result.finding_ids())
