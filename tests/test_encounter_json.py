"""Encounter JSON in: every field, defaults, muscle names, NDC forms, problems collected.

Round trips of any encounter and of the coding result are in test_json_round_trips.py.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from tpi_desktop.domain import (
    Container,
    Documentation,
    DoseUnit,
    Drug,
    Encounter,
    EvaluationAndManagement,
    Imaging,
    Injection,
    OtherProcedure,
    Side,
    TriggerPointSign,
)
from tpi_desktop.domain.encounter_json import (
    EM_CODES,
    EncounterError,
    encounter_to_json,
    parse_encounter,
)

PAYERS = ("commercial", "medicare")
DOS = "2026-06-15"

EXAMPLE = {
    "date_of_service": "2026-06-15",
    "payer": "medicare",
    "place_of_service": "11",
    "injections": [
        {"muscle": "upper_trapezius", "side": "right", "count": 2},
        {"muscle": "Levator scapulae", "side": "left"},
    ],
    "em": {"code": "99213", "significant_separate": True},
    "other_procedures": [{"code": "20610", "distinct_site": True}],
    "imaging": None,
    "drugs": [
        {
            "agent": "triamcinolone acetonide",
            "dose_mg": 40,
            "wasted_mg": 0,
            "container": "multi_dose",
            "ndc": "00003-0293-05",
        }
    ],
    "diagnoses": ["M79.12", "M5412"],
    "prior_sessions": ["2026-01-10", "2026-04-02"],
    "documentation": {
        "needle_gauge": "27G",
        "needle_length_in": 1.25,
        "pain_before": 7,
        "pain_after": 2,
    },
}


def parse(data: object, catalog, **kwargs) -> Encounter:
    return parse_encounter(data, catalog, PAYERS, **kwargs)


def problems(data: object, catalog, **kwargs) -> list[tuple[str, str]]:
    with pytest.raises(EncounterError) as info:
        parse_encounter(data, catalog, PAYERS, **kwargs)
    return list(info.value.problems)


def test_the_contract_example_reads_field_by_field(catalog) -> None:
    e = parse(EXAMPLE, catalog)
    assert e.date_of_service == dt.date(2026, 6, 15)
    assert (e.payer, e.place_of_service) == ("medicare", "11")
    assert e.injections == (
        Injection("upper_trapezius", Side.RIGHT, 2),
        Injection("levator_scapulae", Side.LEFT, 1),
    )
    assert e.em == EvaluationAndManagement("99213", True)
    assert e.other_procedures == (OtherProcedure("20610", True),)
    assert e.imaging is None
    assert e.drugs == (
        Drug(
            agent="triamcinolone acetonide",
            dose=Decimal(40),
            dose_unit=DoseUnit.MG,
            wasted=Decimal(0),
            container=Container.MULTI_DOSE,
            ndc="00003029305",
        ),
    )
    assert e.diagnoses == ("M79.12", "M5412")
    assert e.prior_sessions == (dt.date(2026, 1, 10), dt.date(2026, 4, 2))
    assert e.documentation == Documentation(
        needle_gauge="27G", needle_length_in=Decimal("1.25"), pain_before=7, pain_after=2
    )


def test_defaults_for_a_minimal_encounter(catalog) -> None:
    e = parse({"date_of_service": DOS}, catalog)
    assert e == Encounter(date_of_service=dt.date(2026, 6, 15))
    assert (e.payer, e.place_of_service, e.documentation) == ("commercial", "11", None)


def test_nulls_mean_absent(catalog) -> None:
    data = {k: None for k in EXAMPLE if k != "date_of_service"} | {"date_of_service": DOS}
    assert parse(data, catalog) == Encounter(date_of_service=dt.date(2026, 6, 15))


@pytest.mark.parametrize(
    ("text", "muscle_id"),
    [
        ("upper_trapezius", "upper_trapezius"),
        ("UPPER_TRAPEZIUS", "upper_trapezius"),
        ("upper trapezius", "upper_trapezius"),
        ("Trapezius (upper fibers)", "upper_trapezius"),
        ("upper traps", "upper_trapezius"),
        ("SCM", "sternocleidomastoid"),
        ("  levator   scapulae ", "levator_scapulae"),
        ("Peroneus_Longus", "fibularis_longus"),
        ("calf", "gastrocnemius"),
        ("Lumbar Paraspinals", "lumbar_paraspinals"),
    ],
)
def test_muscles_by_id_name_or_synonym_any_case(catalog, text: str, muscle_id: str) -> None:
    data = {"date_of_service": DOS, "injections": [{"muscle": text, "side": "left"}]}
    assert parse(data, catalog).injections == (Injection(muscle_id, Side.LEFT, 1),)


@pytest.mark.parametrize(("side", "expected"), [("left", Side.LEFT), ("RIGHT", Side.RIGHT)])
def test_sides(catalog, side: str, expected: Side) -> None:
    data = {"date_of_service": DOS, "injections": [{"muscle": "soleus", "side": side, "count": 7}]}
    assert parse(data, catalog).injections == (Injection("soleus", expected, 7),)


@pytest.mark.parametrize(
    ("ndc", "expected"),
    [
        ("00003-0293-05", "00003029305"),
        ("0003-0293-05", "00003029305"),
        ("12345-678-90", "12345067890"),
        ("12345-6789-1", "12345678901"),
        ("00003029305", "00003029305"),
        (" 00409-4888-02 ", "00409488802"),
    ],
)
def test_ndc_is_stored_in_11_digit_form(catalog, ndc: str, expected: str) -> None:
    data = {"date_of_service": DOS, "drugs": [{"agent": "x", "dose_mg": 1, "ndc": ndc}]}
    assert parse(data, catalog).drugs[0].ndc == expected


@pytest.mark.parametrize(
    ("drug", "expected"),
    [
        (
            {"agent": "onabotulinumtoxinA", "dose_units": 100, "wasted_units": 20},
            Drug("onabotulinumtoxinA", Decimal(100), DoseUnit.UNITS, Decimal(20)),
        ),
        (
            {"agent": "sarapin", "hcpcs": "j3490", "dose_ml": 2.5, "container": "multi_dose"},
            Drug(
                "sarapin",
                Decimal("2.5"),
                DoseUnit.ML,
                container=Container.MULTI_DOSE,
                hcpcs="J3490",
            ),
        ),
        ({"hcpcs": "J1030", "dose_mg": 40}, Drug(None, Decimal(40), hcpcs="J1030")),
        ({"agent": "ketorolac", "dose_mg": 1.1}, Drug("ketorolac", Decimal("1.1"))),
        (
            {
                "agent": "Kenalog",
                "dose_mg": 40,
                "wasted_mg": 0.5,
                "container": "Single_Dose",
                "concentration": "40 mg/mL",
                "volume_ml": 1,
                "lot": "AB123",
                "expiry": "2027-01-31",
            },
            Drug(
                "Kenalog",
                Decimal(40),
                wasted=Decimal("0.5"),
                container=Container.SINGLE_DOSE,
                concentration="40 mg/mL",
                volume_ml=Decimal(1),
                lot="AB123",
                expiry=dt.date(2027, 1, 31),
            ),
        ),
    ],
)
def test_drugs(catalog, drug: dict, expected: Drug) -> None:
    assert parse({"date_of_service": DOS, "drugs": [drug]}, catalog).drugs == (expected,)


def test_decimals_are_exact(catalog) -> None:
    drug = parse(
        {"date_of_service": DOS, "drugs": [{"agent": "x", "dose_mg": 0.1}]}, catalog
    ).drugs[0]
    assert drug.dose == Decimal("0.1")
    assert str(drug.dose) == "0.1"


_M79 = [f"M79.{i}" for i in range(10, 22)]


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("payer", "Medicare", "medicare"),
        ("place_of_service", "22", "22"),
        ("place_of_service", 11, "11"),
        ("imaging", "ultrasound", Imaging.ULTRASOUND),
        ("imaging", "MRI", Imaging.MRI),
        ("imaging", "fluoroscopy", Imaging.FLUOROSCOPY),
        (
            "em",
            {"code": 99215, "significant_separate": False},
            EvaluationAndManagement("99215", False),
        ),
        ("other_procedures", [{"code": "j2001"}], (OtherProcedure("J2001", False),)),
        (
            "other_procedures",
            [{"code": "0232T", "distinct_site": True}],
            (OtherProcedure("0232T", True),),
        ),
        ("diagnoses", [" m79.12 ", "M7918", "S72.001A"], ("M79.12", "M7918", "S72.001A")),
        ("diagnoses", _M79, tuple(_M79)),
        (
            "prior_sessions",
            ["2026-04-01", "2025-06-14"],
            (dt.date(2026, 4, 1), dt.date(2025, 6, 14)),
        ),
        ("prior_sessions", ["2026-06-14"], (dt.date(2026, 6, 14),)),
    ],
)
def test_top_level_fields(catalog, field: str, value: object, expected: object) -> None:
    assert getattr(parse({"date_of_service": DOS, field: value}, catalog), field) == expected


def test_every_em_code_is_accepted(catalog) -> None:
    for code in EM_CODES:
        em = {"code": code, "significant_separate": True}
        assert parse({"date_of_service": DOS, "em": em}, catalog).em == EvaluationAndManagement(
            code, True
        )


def test_documentation_every_type(catalog) -> None:
    doc = {
        "needle_gauge": "25G",
        "needle_length_in": 1.5,
        "technique": "fan",
        "pain_before": 0,
        "pain_after": 10,
        "relief_percent": 100,
        "medical_history": "neck pain 6 months",
        "physical_exam": "taut bands",
        "diagnostic_tests": "none",
        "trigger_point_signs": ["taut band", "LOCAL_TWITCH_RESPONSE", "taut_band"],
        "trigger_point_activity": "active",
        "reason": "failed PT",
        "prior_relief_percent": 60,
        "prior_relief_weeks": 8,
        "functional_change": "turns head",
        "conservative_care": True,
        "referring_provider_name": "Dr Who",
        "referring_provider_npi": "1234567893",
    }
    assert set(doc) == set(Documentation.field_names())
    got = parse({"date_of_service": DOS, "documentation": doc}, catalog).documentation
    assert got is not None
    assert got.trigger_point_signs == (
        TriggerPointSign.TAUT_BAND,
        TriggerPointSign.LOCAL_TWITCH_RESPONSE,
    )
    assert got.needle_length_in == Decimal("1.5")
    assert (got.pain_before, got.pain_after, got.relief_percent) == (0, 10, 100)
    assert got.conservative_care is True
    assert got.referring_provider_npi == "1234567893"


@pytest.mark.parametrize(("value", "expected"), [({}, Documentation()), (None, None)])
def test_documentation_empty_or_absent(catalog, value: object, expected: object) -> None:
    assert (
        parse({"date_of_service": DOS, "documentation": value}, catalog).documentation == expected
    )


def test_extra_fields_are_accepted_only_when_asked(catalog) -> None:
    data = {"date_of_service": DOS, "patient": {"last_name": "X"}, "provider": {}}
    assert parse(data, catalog, extra_fields=("patient", "provider")).date_of_service == dt.date(
        2026, 6, 15
    )
    assert [p for p, _ in problems(data, catalog)] == ["patient", "provider"]


# --- round trips ---------------------------------------------------------------------------------


def _through_json(value: object) -> object:
    return json.loads(json.dumps(value))


def test_example_round_trips(catalog) -> None:
    e = parse(EXAMPLE, catalog)
    assert parse(_through_json(encounter_to_json(e, catalog)), catalog) == e


# --- problems (the command-line cases are in test_bad_input.py) -------------------------------


def test_unknown_muscle_suggests_close_ids(catalog) -> None:
    data = {"date_of_service": DOS, "injections": [{"muscle": "glute", "side": "left"}]}
    [(path, message)] = problems(data, catalog)
    assert path == "injections[0].muscle"
    assert message.startswith('unknown muscle "glute" (did you mean "gluteus_maximus"')
    assert message.endswith("try: tpi-desktop muscles)")


def test_every_problem_is_collected_in_input_order(catalog) -> None:
    data = {
        "date_of_service": "2026-06-15",
        "payer": "acme",
        "injections": [{"muscle": "soleus", "side": "up", "count": 0}],
        "drugs": [{"agent": "k", "dose_mg": 1, "ndc": "1234567890"}],
        "diagnoses": ["hello"],
        "prior_sessions": ["2026-06-15"],
        "documentation": {"pain_before": -1},
    }
    with pytest.raises(EncounterError) as info:
        parse(data, catalog)
    paths = [path for path, _ in info.value.problems]
    assert paths == [
        "payer",
        "injections[0].side",
        "injections[0].count",
        "diagnoses[0]",
        "prior_sessions[0]",
        "documentation.pain_before",
    ]
    assert "payer: unknown payer" in str(info.value)
    assert isinstance(info.value, ValueError)
