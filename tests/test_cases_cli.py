"""Every worked case of cases.json through ``tpi-desktop code``, and a few through a real process.

The in-process runs call ``tpi_desktop.cli.main`` (a subprocess per case would cost ~2 s each);
the subprocess runs check that ``python -m tpi_desktop code`` behaves the same from outside.
"""

from __future__ import annotations

import json
import string
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import load_cases
from tests.test_engine_helpers import FINDING_IDS
from tpi_desktop.cli import main
from tpi_desktop.domain.encounter_json import result_from_json, result_to_json

CASES = load_cases()
BY_ID = {case["id"]: case for case in CASES}


def _lines(lines: list[dict]) -> set[tuple[str, tuple[str, ...], int]]:
    return {(line["code"], tuple(line["modifiers"]), line["units"]) for line in lines}


def _check_result(case: dict, result: dict) -> None:
    """The contract's checks for one case: code, count, lines exactly, expected findings present."""
    expected = case["expected"]
    why = f"{case['id']} {case['title']}: {case.get('why', '')}"
    assert result["procedure_code"] == expected["procedure_code"], why
    assert result["muscle_count"] == expected["muscle_count"], why
    assert _lines(result["lines"]) == _lines(expected["lines"]), why
    found = {finding["id"] for finding in result["findings"]}
    assert set(expected["findings"]) <= found, why


def _check_shape(case: dict, result: dict) -> None:
    """What encounter-json.md promises about every output, whatever the case."""
    diagnoses = case["input"].get("diagnoses") or []
    letters = set(string.ascii_uppercase[: len(diagnoses)])
    for line in result["lines"]:
        assert isinstance(line["units"], int) and line["units"] >= 1
        assert set(line["dx_pointers"]) <= letters and len(line["dx_pointers"]) <= 4
        assert all(isinstance(m, str) for m in line["modifiers"])
    for finding in result["findings"]:
        assert finding["severity"] in {"error", "warning", "info"}
        if finding["severity"] != "info":
            assert finding["id"] in FINDING_IDS, finding
    assert isinstance(result["rationale"], list) and result["rationale"]
    assert result["eligibility"] is None or set(result["eligibility"]) >= {
        "sessions_in_window",
        "limit",
        "window_days",
        "next_eligible_date",
        "repeat_interval_ok_from",
    }


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_case(case: dict, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / f"{case['id']}.json"
    source.write_text(json.dumps(case["input"]), encoding="utf-8")
    status = main(["code", str(source)])
    out, err = capsys.readouterr()
    if case["expected"].get("exit") == 2:
        assert (status, out) == (2, ""), case["title"]
        assert err and all(line.startswith("error: ") for line in err.splitlines())
        return
    assert (status, err) == (0, ""), err
    result = json.loads(out)
    _check_result(case, result)
    _check_shape(case, result)
    # The store keeps this JSON as a snapshot: it must read back to the same result.
    assert result_to_json(result_from_json(result)) == result


def _run(args: list[str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tpi_desktop", "code", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("case_id", ["c02", "c34"])
def test_subprocess_with_a_file(case_id: str, tmp_path: Path) -> None:
    case = BY_ID[case_id]
    source = tmp_path / "encounter.json"
    source.write_text(json.dumps(case["input"]), encoding="utf-8")
    done = _run([str(source)])
    assert (done.returncode, done.stderr) == (0, "")
    _check_result(case, json.loads(done.stdout))


def test_subprocess_with_stdin() -> None:
    case = BY_ID["c13"]
    done = _run(["-"], stdin=json.dumps(case["input"]))
    assert (done.returncode, done.stderr) == (0, "")
    _check_result(case, json.loads(done.stdout))


def test_subprocess_refuses_bad_input(tmp_path: Path) -> None:
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(BY_ID["c54"]["input"]), encoding="utf-8")
    done = _run([str(source)])
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.splitlines() == [
        'error: injections[0].muscle: unknown muscle "flux capacitor" (try: tpi-desktop muscles)'
    ]
