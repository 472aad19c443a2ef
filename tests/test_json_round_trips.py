"""JSON round trips: any encounter through encounter_to_json and back, the coding result likewise.

The store keeps a visit's encounter and its coding result as this JSON, so what is written must
read back to equal values (hypothesis draws the encounters).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tpi_desktop.domain import (
    CodeLine,
    CodingResult,
    Container,
    Documentation,
    DoseUnit,
    Drug,
    Eligibility,
    Encounter,
    EvaluationAndManagement,
    Finding,
    Imaging,
    Injection,
    LineKind,
    MuscleCount,
    OtherProcedure,
    Severity,
    Side,
    TriggerPointSign,
)
from tpi_desktop.domain.encounter_json import (
    EM_CODES,
    encounter_to_json,
    parse_encounter,
    result_from_json,
    result_to_json,
)

PAYERS = ("commercial", "medicare")


def parse(data: object, catalog) -> Encounter:
    return parse_encounter(data, catalog, PAYERS)


def _through_json(value: object) -> object:
    return json.loads(json.dumps(value))


def test_encounter_to_json_refuses_a_muscle_outside_the_catalog(catalog) -> None:
    e = Encounter(dt.date(2026, 1, 1), injections=(Injection("nope", Side.LEFT),))
    with pytest.raises(ValueError, match="nope"):
        encounter_to_json(e, catalog)


_texts = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=12
).filter(lambda s: s.strip() != "")
_amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(5000), places=2)
_days = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31))


@st.composite
def _drugs(draw: st.DrawFn) -> Drug:
    unit = draw(st.sampled_from(DoseUnit))
    agent = draw(st.none() | _texts)
    hcpcs = draw(
        st.from_regex(r"\A[A-Z][0-9]{4}\Z") if agent is None else st.none() | st.just("J3490")
    )
    return Drug(
        agent=agent,
        dose=draw(_amounts),
        dose_unit=unit,
        wasted=Decimal(0) if unit is DoseUnit.ML else draw(st.just(Decimal(0)) | _amounts),
        container=draw(st.none() | st.sampled_from(Container)),
        hcpcs=hcpcs,
        ndc=draw(st.none() | st.from_regex(r"\A[0-9]{11}\Z")),
        concentration=draw(st.none() | _texts),
        volume_ml=draw(st.none() | _amounts),
        lot=draw(st.none() | _texts),
        expiry=draw(st.none() | _days),
    )


@st.composite
def _documentations(draw: st.DrawFn) -> Documentation | None:
    if draw(st.booleans()):
        return None
    maybe = st.none() | _texts
    return Documentation(
        needle_gauge=draw(maybe),
        needle_length_in=draw(st.none() | _amounts),
        technique=draw(maybe),
        pain_before=draw(st.none() | st.integers(0, 10)),
        pain_after=draw(st.none() | st.integers(0, 10)),
        relief_percent=draw(st.none() | st.integers(0, 100)),
        trigger_point_signs=tuple(draw(st.lists(st.sampled_from(TriggerPointSign), unique=True))),
        prior_relief_weeks=draw(st.none() | st.integers(0, 52)),
        conservative_care=draw(st.none() | st.booleans()),
        referring_provider_npi=draw(maybe),
    )


@st.composite
def _encounters(draw: st.DrawFn, muscle_ids: tuple[str, ...]) -> Encounter:
    day = draw(st.dates(min_value=dt.date(2021, 1, 1), max_value=dt.date(2030, 12, 31)))
    prior = draw(st.lists(st.dates(max_value=day - dt.timedelta(days=1)), unique=True, max_size=4))
    injection = st.builds(
        Injection, st.sampled_from(muscle_ids), st.sampled_from(Side), st.integers(1, 40)
    )
    em = st.builds(EvaluationAndManagement, st.sampled_from(EM_CODES), st.booleans())
    other = st.builds(
        OtherProcedure,
        st.sampled_from(["20610", "64405", "20560", "J2001", "0232T"]),
        st.booleans(),
    )
    dx = st.lists(
        st.sampled_from(["M79.12", "M7918", "M79.7", "G44.209", "M75.41", "S72.001A"]), unique=True
    )
    return Encounter(
        date_of_service=day,
        payer=draw(st.sampled_from(PAYERS)),
        place_of_service=draw(st.from_regex(r"\A[0-9]{2}\Z")),
        injections=tuple(draw(st.lists(injection, max_size=6))),
        em=draw(st.none() | em),
        other_procedures=tuple(draw(st.lists(other, max_size=3))),
        imaging=draw(st.none() | st.sampled_from(Imaging)),
        drugs=tuple(draw(st.lists(_drugs(), max_size=3))),
        diagnoses=tuple(draw(dx)),
        prior_sessions=tuple(prior),
        documentation=draw(_documentations()),
    )


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_encounter_round_trips_through_json(catalog, data: st.DataObject) -> None:
    encounter = data.draw(_encounters(tuple(m.id for m in catalog)))
    assert parse(_through_json(encounter_to_json(encounter, catalog)), catalog) == encounter


# --- the coding result -------------------------------------------------------------------------


RESULT = CodingResult(
    procedure_code="20553",
    muscle_count=3,
    muscles=(
        MuscleCount("trapezius", "right", 2, ("upper_trapezius",), "scapular", False),
        MuscleCount("lumbar_paraspinals", "left", 1, ("lumbar_paraspinals",), "lumbar", True),
    ),
    lines=(
        CodeLine(
            "99213",
            LineKind.EM,
            "Office visit",
            ("25",),
            1,
            ("A", "B"),
            charge_cents=9500,
            rule="B1",
        ),
        CodeLine(
            "20553", LineKind.PROCEDURE, "TPI 3+", (), 1, ("A",), rule="A1", rationale="3 muscles"
        ),
        CodeLine("76942", LineKind.GUIDANCE, "Ultrasound guidance", ("GA",), 1, ("A",)),
        CodeLine("J3301", LineKind.DRUG, "Triamcinolone", (), 4, ("A",), "00003029305", "1", "ML"),
        CodeLine("J3490", LineKind.DRUG, "Unclassified", (), 1, ("A",), box19="Sarapin 2 mL"),
    ),
    findings=(
        Finding("frequency_limit", Severity.ERROR, "4th TPI session in 12 months", "F1"),
        Finding("dx_invalid", Severity.WARNING, "M79.1 is not billable", "E1", "diagnoses[0]"),
        Finding("local_anesthetic_bundled", Severity.INFO, "lidocaine is bundled", "D3"),
    ),
    rationale=("3 distinct muscles -> 20553", "E/M significant and separate -> 25"),
    eligibility=Eligibility(2, 3, 365, dt.date(2026, 6, 15), dt.date(2026, 5, 14)),
    engine_version="1.2.3",
    data_versions=(("icd", "2026-04"), ("ncci", "2026Q2")),
)


def test_result_json_has_the_contract_shape() -> None:
    out = _through_json(result_to_json(RESULT))
    assert isinstance(out, dict)
    assert {
        "procedure_code",
        "muscle_count",
        "muscles",
        "lines",
        "findings",
        "rationale",
        "eligibility",
    } <= set(out)
    assert out["procedure_code"] == "20553" and out["muscle_count"] == 3
    assert {k: out["muscles"][0][k] for k in ("muscle", "side", "injections", "picked")} == {
        "muscle": "trapezius",
        "side": "right",
        "injections": 2,
        "picked": ["upper_trapezius"],
    }
    em, tpi, _, drug, unclassified = out["lines"]
    assert (em["code"], em["modifiers"], em["units"], em["dx_pointers"]) == (
        "99213",
        ["25"],
        1,
        ["A", "B"],
    )
    assert "ndc" not in em and "ndc" not in tpi
    assert (drug["ndc"], drug["ndc_quantity"], drug["ndc_unit"]) == ("00003029305", "1", "ML")
    assert unclassified["ndc"] is None and unclassified["box19"] == "Sarapin 2 mL"
    assert out["findings"][0] == {
        "id": "frequency_limit",
        "severity": "error",
        "message": "4th TPI session in 12 months",
        "rule": "F1",
    }
    assert out["findings"][1]["field"] == "diagnoses[0]"
    assert out["rationale"] == ["3 distinct muscles -> 20553", "E/M significant and separate -> 25"]
    assert out["eligibility"] == {
        "sessions_in_window": 2,
        "limit": 3,
        "window_days": 365,
        "next_eligible_date": "2026-06-15",
        "repeat_interval_ok_from": "2026-05-14",
    }


@pytest.mark.parametrize(
    "result",
    [
        RESULT,
        CodingResult(
            None, 0, (), (), (Finding("no_injections", Severity.ERROR, "none", "A8"),), (), None
        ),
        CodingResult(
            "20552",
            1,
            (),
            (CodeLine("20552", LineKind.PROCEDURE, "TPI 1-2"),),
            (),
            ("one",),
            Eligibility(0, 3, 365, dt.date(2026, 1, 1), None),
        ),
    ],
)
def test_result_round_trips_through_json(result: CodingResult) -> None:
    assert result_from_json(_through_json(result_to_json(result))) == result


@pytest.mark.parametrize(
    "bad",
    [[], {"procedure_code": 5, "muscle_count": 1}, {"procedure_code": None, "muscle_count": "2"}],
)
def test_result_from_json_refuses_other_shapes(bad: object) -> None:
    with pytest.raises(ValueError):
        result_from_json(bad)
