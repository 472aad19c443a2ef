"""The audit's worked cases (tests/data/audit_cases.json), derived by hand from coding-rules.md.

Each case goes through the real parser and engine. Beyond the cases.json contract (code, count,
lines as a set, findings present) a case may also pin findings that must be ABSENT, how many times
a finding appears, a line's diagnosis pointers or NDC, and the eligibility block. Every result is
also checked for what a biller reads: a rationale sentence on every line, a non-empty top-level
rationale, and findings written as plain sentences.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tpi_desktop import paths
from tpi_desktop.cli import main
from tpi_desktop.coding import CodeTables, evaluate, load_tables
from tpi_desktop.domain import CodingResult
from tpi_desktop.domain.encounter_json import EncounterError, parse_encounter

CASES: list[dict[str, Any]] = json.loads(
    (Path(__file__).parent / "data" / "audit_cases.json").read_text(encoding="utf-8")
)
GOOD = [c for c in CASES if "exit" not in c["expected"]]
BAD = [c for c in CASES if "exit" in c["expected"]]


@cache
def _tables() -> CodeTables:
    return load_tables(paths.resources_dir())


def _run(raw: dict[str, Any]) -> CodingResult:
    tables = _tables()
    return evaluate(parse_encounter(raw, tables.catalog, tables.payers), tables)


def _line_key(line: Any) -> tuple[str, tuple[str, ...], int]:
    if isinstance(line, dict):
        return line["code"], tuple(line["modifiers"]), line["units"]
    return line.code, tuple(line.modifiers), line.units


@pytest.mark.parametrize("case", GOOD, ids=[c["id"] for c in GOOD])
def test_audit_case(case: dict[str, Any]) -> None:
    result = _run(case["input"])
    expected = case["expected"]
    why = f"{case['id']} {case['title']}: {case['why']}"
    assert result.procedure_code == expected["procedure_code"], why
    assert result.muscle_count == expected["muscle_count"], why
    got = sorted(_line_key(line) for line in result.lines)
    assert got == sorted(_line_key(line) for line in expected["lines"]), why
    ids = Counter(result.finding_ids())
    missing = set(expected["findings"]) - set(ids)
    assert not missing, (why, missing, result.findings)
    present = set(expected.get("absent_findings", ())) & set(ids)
    assert not present, (why, present, result.findings)
    for finding_id, count in expected.get("finding_counts", {}).items():
        assert ids[finding_id] == count, (why, finding_id, result.findings)
    for want in expected["lines"]:
        line = next(ln for ln in result.lines if _line_key(ln) == _line_key(want))
        if "dx_pointers" in want:
            assert list(line.dx_pointers) == want["dx_pointers"], why
        if "ndc" in want:
            assert line.ndc == want["ndc"], why
    if "eligibility" in expected:
        _check_eligibility(result, expected["eligibility"], why)


def _check_eligibility(result: CodingResult, want: dict[str, Any] | None, why: str) -> None:
    got = result.eligibility
    if want is None:
        assert got is None, why
        return
    assert got is not None, why
    repeat = got.repeat_interval_ok_from
    assert {
        "sessions_in_window": got.sessions_in_window,
        "limit": got.limit,
        "window_days": got.window_days,
        "next_eligible_date": got.next_eligible_date.isoformat(),
        "repeat_interval_ok_from": repeat.isoformat() if repeat else None,
    } == want, why


@pytest.mark.parametrize("case", BAD, ids=[c["id"] for c in BAD])
def test_audit_bad_input(case: dict[str, Any]) -> None:
    tables = _tables()
    with pytest.raises(EncounterError):
        parse_encounter(case["input"], tables.catalog, tables.payers)


# Words a biller should never meet in a finding: Python values, enum reprs, rule plumbing.
_JARGON = re.compile(r"\bNone\b(?! of)|Role\.|DrugKind|Decimal\(|\{|\}|\bTrue\b|\bFalse\b")


@pytest.mark.parametrize("case", GOOD, ids=[c["id"] for c in GOOD])
def test_audit_case_reads_plainly(case: dict[str, Any]) -> None:
    result = _run(case["input"])
    if result.lines:
        assert result.rationale and all(s.strip() for s in result.rationale)
    for line in result.lines:
        assert line.rationale.strip(), (case["id"], line.code)
        assert not _JARGON.search(line.rationale), line.rationale
    for finding in result.findings:
        message = finding.message.strip()
        assert message[:1].isupper() or message[:1].isdigit() or message[:1] in '“"', message
        assert message.endswith((".", ")")), message
        assert "  " not in message and not _JARGON.search(message), message
        assert finding.id not in message, message


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_audit_case_through_the_cli(
    case: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same expectations on the JSON ``tpi-desktop code`` writes."""
    source = tmp_path / "encounter.json"
    source.write_text(json.dumps(case["input"]), encoding="utf-8")
    status = main(["code", str(source)])
    out, err = capsys.readouterr()
    expected = case["expected"]
    if "exit" in expected:
        assert (status, out) == (expected["exit"], "")
        assert err.startswith("error: ")
        return
    assert (status, err) == (0, "")
    result = json.loads(out)
    assert result["procedure_code"] == expected["procedure_code"]
    assert result["muscle_count"] == expected["muscle_count"]
    got = sorted(_line_key(line) for line in result["lines"])
    assert got == sorted(_line_key(line) for line in expected["lines"])
    for want in expected["lines"]:
        line = next(ln for ln in result["lines"] if _line_key(ln) == _line_key(want))
        for key in ("dx_pointers", "ndc"):
            if key in want:
                assert line[key] == want[key], (case["id"], key)
    ids = {finding["id"] for finding in result["findings"]}
    assert set(expected["findings"]) <= ids
    assert not set(expected.get("absent_findings", ())) & ids
    if "eligibility" in expected:
        assert result["eligibility"] == expected["eligibility"]


def test_enough_audit_cases() -> None:
    assert len(CASES) >= 60
