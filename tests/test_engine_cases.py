"""Every worked case of cases.json through ``evaluate`` (bad input is the parser's business)."""

from __future__ import annotations

import pytest

from tests.conftest import load_cases
from tests.test_engine_helpers import from_case_input, line_set, run

CASES = [c for c in load_cases() if "exit" not in c["expected"]]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case: dict) -> None:
    result = run(from_case_input(case["input"]))
    expected = case["expected"]
    assert result.procedure_code == expected["procedure_code"], case["why"]
    assert result.muscle_count == expected["muscle_count"], case["why"]
    want = {(ln["code"], tuple(ln["modifiers"]), ln["units"]) for ln in expected["lines"]}
    assert line_set(result) == want, case["why"]
    missing = set(expected["findings"]) - set(result.finding_ids())
    assert not missing, (missing, result.findings)


def test_there_are_cases() -> None:
    assert len(CASES) >= 30
