"""Rules E1-E3: ICD-10-CM validity, pointers and the covered list."""

from __future__ import annotations

import pytest

from tests.test_engine_helpers import enc, lines_of, run
from tpi_desktop.domain import Drug, EvaluationAndManagement, Imaging, OtherProcedure


@pytest.mark.parametrize(
    "code", ["M79.12", "M7912", "m79.12", " M79.12 ", "M79.18", "G44.209", "S46.011A"]
)
def test_valid_billable_codes_with_or_without_dot(code: str) -> None:
    result = run(enc("upper_trapezius", dx=(code, "M79.11")))
    assert "dx_invalid" not in result.finding_ids()


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("M79.1", ["category", "M79.11"]),
        ("M791", ["category", "more characters"]),
        ("M79", ["category"]),
        ("S46.011", ["category", "S46.011A"]),
        ("X99.99", ["not an ICD-10-CM code"]),
        ("79.12", ["not an ICD-10-CM code"]),
        ("", ["not an ICD-10-CM code"]),
    ],
)
def test_invalid_codes_are_named(code: str, words: list[str]) -> None:
    result = run(enc("upper_trapezius", dx=("M79.12", code)))
    (finding,) = [f for f in result.findings if f.id == "dx_invalid"]
    assert finding.severity == "error" and finding.rule == "E1" and finding.field == "diagnoses[1]"
    for word in words:
        assert word in finding.message


def test_no_diagnosis_is_an_error() -> None:
    result = run(enc("upper_trapezius", dx=()))
    (finding,) = [f for f in result.findings if f.id == "no_diagnosis"]
    assert finding.severity == "error"
    assert all(line.dx_pointers == () for line in result.lines)


def test_more_than_12_diagnoses() -> None:
    codes = (
        "M79.12",
        "M79.11",
        "M79.18",
        "M54.2",
        "M54.50",
        "M54.6",
        "M25.511",
        "M25.512",
        "M62.830",
        "G44.209",
        "M75.41",
        "M75.42",
        "M79.7",
    )
    result = run(enc("upper_trapezius", dx=codes))
    assert [f.field for f in result.findings if f.id == "dx_invalid"] == ["diagnoses[12]"]


def test_tpi_points_to_covered_diagnoses_first_then_claim_order() -> None:
    dx = ("M54.2", "M75.41", "M79.12", "G44.209", "M79.18", "M25.511")
    result = run(
        enc(
            "upper_trapezius",
            dx=dx,
            em=EvaluationAndManagement("99213", True),
            drugs=(Drug("Kenalog", 40),),
            imaging=Imaging.ULTRASOUND,
        )
    )
    assert lines_of(result, "20552")[0].dx_pointers == ("C", "E", "A", "B")
    assert lines_of(result, "J3301")[0].dx_pointers == ("C", "E", "A", "B")
    assert lines_of(result, "76942")[0].dx_pointers == ("C", "E", "A", "B")
    assert lines_of(result, "99213")[0].dx_pointers == ("A", "B", "C", "D")


def test_commercial_points_in_claim_order() -> None:
    result = run(enc("upper_trapezius", payer="commercial", dx=("M54.2", "M79.12")))
    assert lines_of(result, "20552")[0].dx_pointers == ("A", "B")


def test_pointers_skip_invalid_and_duplicate_codes() -> None:
    result = run(
        enc(
            "upper_trapezius",
            dx=("M79.1", "M79.12", "M7912", "M54.2"),
            other_procedures=(OtherProcedure("20610", True),),
        )
    )
    assert lines_of(result, "20552")[0].dx_pointers == ("B", "D")
    assert lines_of(result, "20610")[0].dx_pointers == ("B", "D")
    assert "dx_duplicate" in result.finding_ids()


@pytest.mark.parametrize(
    ("dx", "payer", "flagged"),
    [
        (("M79.7",), "medicare", True),
        (("M54.2", "M79.7"), "medicare", True),
        (("M79.7", "M79.18"), "medicare", False),
        (("M7911",), "medicare", False),
        (("M79.7",), "commercial", False),
    ],
)
def test_covered_list(dx: tuple[str, ...], payer: str, flagged: bool) -> None:
    result = run(enc("upper_trapezius", dx=dx, payer=payer))
    found = [f for f in result.findings if f.id == "dx_not_covered"]
    assert bool(found) is flagged
    if found:
        assert found[0].severity == "error" and found[0].rule == "E3"
        assert "M79.11, M79.12 and M79.18" in found[0].message
        assert ("tender points" in found[0].message) is ("M79.7" in dx)


def test_no_coverage_check_without_a_tpi_line() -> None:
    result = run(enc(dx=("M79.7",), em=EvaluationAndManagement("99213", False)))
    assert "dx_not_covered" not in result.finding_ids()
