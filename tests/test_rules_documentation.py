"""Rule G: the documentation checklist."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.test_engine_helpers import enc, run
from tpi_desktop.domain import Documentation, Drug, TriggerPointSign
from tpi_desktop.domain.npi import npi_is_valid

COMPLETE = Documentation(
    needle_gauge="27G",
    needle_length_in=Decimal("1.25"),
    technique="fan technique, aspiration before injection",
    pain_before=7,
    pain_after=2,
    relief_percent=70,
    medical_history="neck pain 6 months",
    physical_exam="taut band right upper trapezius",
    diagnostic_tests="none",
    trigger_point_signs=(TriggerPointSign.TAUT_BAND, TriggerPointSign.REFERRED_PAIN),
    trigger_point_activity="active",
    reason="failed 6 weeks of stretching and NSAIDs",
)
REPEAT = {
    "prior_relief_percent": 60,
    "prior_relief_weeks": 8,
    "functional_change": "sleeps through",
    "conservative_care": True,
}
PRIOR = (dt.date(2026, 3, 1),)


def missing(result) -> list[str | None]:  # type: ignore[no-untyped-def]
    return [f.field for f in result.findings if f.id == "documentation_missing"]


def test_not_checked_without_documentation() -> None:
    assert missing(run(enc("upper_trapezius"))) == []


def test_complete_first_session_has_nothing_missing() -> None:
    assert missing(run(enc("upper_trapezius", documentation=COMPLETE))) == []


def test_empty_checklist_names_every_item() -> None:
    result = run(enc("upper_trapezius", documentation=Documentation()))
    fields = missing(result)
    assert fields == [
        "documentation.needle_gauge",
        "documentation.needle_length_in",
        "documentation.technique",
        "documentation.pain_before",
        "documentation.pain_after",
        "documentation.relief_percent",
        "documentation.medical_history",
        "documentation.physical_exam",
        "documentation.diagnostic_tests",
        "documentation.trigger_point_signs",
        "documentation.trigger_point_activity",
        "documentation.reason",
    ]
    finding = next(f for f in result.findings if f.id == "documentation_missing")
    assert (
        finding.rule == "G" and finding.severity == "warning" and "needle gauge" in finding.message
    )


@pytest.mark.parametrize(
    ("signs", "flagged"),
    [
        ((), True),
        ((TriggerPointSign.TAUT_BAND,), True),
        ((TriggerPointSign.TAUT_BAND, TriggerPointSign.TAUT_BAND), True),
        ((TriggerPointSign.TAUT_BAND, TriggerPointSign.LOCAL_TWITCH_RESPONSE), False),
    ],
)
def test_trigger_point_evaluation_needs_two_signs(signs: tuple, flagged: bool) -> None:
    doc = Documentation(**{**_as_dict(COMPLETE), "trigger_point_signs": signs})
    assert (
        "documentation.trigger_point_signs"
        in missing(run(enc("upper_trapezius", documentation=doc)))
    ) is flagged


def _as_dict(doc: Documentation) -> dict:
    return {name: getattr(doc, name) for name in Documentation.field_names()}


def test_blank_text_is_missing() -> None:
    doc = Documentation(**{**_as_dict(COMPLETE), "technique": "   "})
    assert missing(run(enc("upper_trapezius", documentation=doc))) == ["documentation.technique"]


def test_repeat_session_items_only_with_prior_sessions() -> None:
    assert missing(run(enc("upper_trapezius", documentation=COMPLETE, prior_sessions=PRIOR))) == [
        "documentation.prior_relief_percent",
        "documentation.prior_relief_weeks",
        "documentation.functional_change",
        "documentation.conservative_care",
    ]
    doc = Documentation(**{**_as_dict(COMPLETE), **REPEAT})
    assert missing(run(enc("upper_trapezius", documentation=doc, prior_sessions=PRIOR))) == []


def test_conservative_care_false_is_missing() -> None:
    doc = Documentation(**{**_as_dict(COMPLETE), **REPEAT, "conservative_care": False})
    assert missing(run(enc("upper_trapezius", documentation=doc, prior_sessions=PRIOR))) == [
        "documentation.conservative_care"
    ]


@pytest.mark.parametrize(("payer", "flagged"), [("medicare", True), ("commercial", False)])
def test_repeat_relief_below_the_lcd_threshold(payer: str, flagged: bool) -> None:
    doc = Documentation(
        **{**_as_dict(COMPLETE), **REPEAT, "prior_relief_percent": 30, "prior_relief_weeks": 3}
    )
    fields = missing(
        run(enc("upper_trapezius", payer=payer, documentation=doc, prior_sessions=PRIOR))
    )
    expected = (
        ["documentation.prior_relief_percent", "documentation.prior_relief_weeks"]
        if flagged
        else []
    )
    assert fields == expected


def test_medication_items_only_when_drugs_are_given() -> None:
    drugs = (
        Drug("triamcinolone", Decimal(40)),
        Drug("Kenalog-40", Decimal(40), volume_ml=Decimal(1)),
        Drug("dexamethasone", Decimal(4), concentration="4 mg/mL", volume_ml=Decimal(1)),
    )
    fields = missing(run(enc("upper_trapezius", documentation=COMPLETE, drugs=drugs)))
    assert fields == ["drugs[0].concentration", "drugs[0].volume_ml"]


def test_referring_provider() -> None:
    doc = Documentation(**{**_as_dict(COMPLETE), "referring_provider_name": "Dr A"})
    assert missing(run(enc("upper_trapezius", documentation=doc))) == [
        "documentation.referring_provider_npi"
    ]
    doc = Documentation(
        **{
            **_as_dict(COMPLETE),
            "referring_provider_name": "Dr A",
            "referring_provider_npi": "1234567893",
        }
    )
    assert missing(run(enc("upper_trapezius", documentation=doc))) == []
    doc = Documentation(
        **{
            **_as_dict(COMPLETE),
            "referring_provider_name": "Dr A",
            "referring_provider_npi": "1234567890",
        }
    )
    assert missing(run(enc("upper_trapezius", documentation=doc))) == [
        "documentation.referring_provider_npi"
    ]


@pytest.mark.parametrize(
    ("npi", "valid"),
    [("1234567893", True), ("1245319599", True), ("1234567890", False), ("123", False)],
)
def test_npi_check_digit(npi: str, valid: bool) -> None:
    assert npi_is_valid(npi) is valid
