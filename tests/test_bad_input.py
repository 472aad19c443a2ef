"""Malformed encounters are refused as a whole: exit 2, nothing on stdout, one error line each.

Run in-process through ``tpi_desktop.cli.main`` (a subprocess per case would cost seconds each);
tests/test_cases_cli.py runs a few through a real process.
"""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tpi_desktop.cli import main

VALID: dict = {
    "date_of_service": "2026-06-15",
    "payer": "medicare",
    "place_of_service": "11",
    "injections": [
        {"muscle": "upper trapezius", "side": "right", "count": 2},
        {"muscle": "levator scapulae", "side": "left"},
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
    "diagnoses": ["M79.12"],
    "prior_sessions": ["2026-01-10"],
    "documentation": {"needle_gauge": "27G", "pain_before": 7},
}


def _set(path: str, value: object) -> Callable[[dict], None]:
    """A change to VALID at a dotted path ("injections.0.side"); ``...`` deletes the key."""

    def change(data: dict) -> None:
        *parents, last = path.split(".")
        target: object = data
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]  # type: ignore[index]
        key: int | str = int(last) if isinstance(target, list) else last
        if value is ...:
            del target[key]  # type: ignore[index, union-attr]
        else:
            target[key] = value  # type: ignore[index]

    return change


def _drug(**fields: object) -> Callable[[dict], None]:
    return _set("drugs.0", {k: v for k, v in fields.items() if v is not ...})


# (change to VALID, the field path of its one error line, a fragment of the message)
CASES: list[tuple[Callable[[dict], None], str, str]] = [
    (_set("colour", "blue"), "colour", "unknown field"),
    (_set("injections.0.needle", "27G"), "injections[0].needle", "unknown field"),
    (_set("em.modifier", "25"), "em.modifier", "unknown field"),
    (_set("drugs.0.dose_g", 1), "drugs[0].dose_g", "unknown field"),
    (_set("documentation.mood", "ok"), "documentation.mood", "needle_gauge"),
    (_set("other_procedures.0.units", 2), "other_procedures[0].units", "unknown"),
    (_set("date_of_service", ...), "date_of_service", "required"),
    (_set("date_of_service", None), "date_of_service", "required"),
    (_set("date_of_service", "2026-02-30"), "date_of_service", "not a real date"),
    (_set("date_of_service", "2026-13-01"), "date_of_service", "not a real date"),
    (_set("date_of_service", "06/15/2026"), "date_of_service", "YYYY-MM-DD"),
    (_set("date_of_service", "20260615"), "date_of_service", "YYYY-MM-DD"),
    (_set("date_of_service", 20260615), "date_of_service", "YYYY-MM-DD"),
    (_set("payer", "acme"), "payer", "commercial, medicare"),
    (_set("payer", 1), "payer", "unknown payer"),
    (_set("place_of_service", "1"), "place_of_service", "two-digit"),
    (_set("place_of_service", "AB"), "place_of_service", "two-digit"),
    (_set("place_of_service", 111), "place_of_service", "two-digit"),
    (_set("injections", {"muscle": "soleus"}), "injections", "must be a list"),
    (_set("injections.1", "soleus"), "injections[1]", "must be an object"),
    (_set("injections.1.muscle", "flux capacitor"), "injections[1].muscle", "unknown muscle"),
    (_set("injections.0.muscle", ...), "injections[0].muscle", "required"),
    (_set("injections.0.muscle", " "), "injections[0].muscle", "empty"),
    (_set("injections.0.muscle", 7), "injections[0].muscle", "string"),
    (_set("injections.0.side", "both"), "injections[0].side", '"left" or "right"'),
    (_set("injections.1.side", ...), "injections[1].side", "required"),
    (_set("injections.1.side", "bilateral"), "injections[1].side", "left"),
    (_set("injections.0.count", 0), "injections[0].count", "whole number ≥ 1"),
    (_set("injections.0.count", -1), "injections[0].count", "whole number ≥ 1"),
    (_set("injections.0.count", 1.5), "injections[0].count", "whole number ≥ 1"),
    (_set("injections.0.count", 2.0), "injections[0].count", "whole number ≥ 1"),
    (_set("injections.0.count", True), "injections[0].count", "got true"),
    (_set("injections.0.count", "2"), "injections[0].count", "whole number"),
    (_set("injections.0.count", None), "injections[0].count", "whole number"),
    (_set("em", "99213"), "em", "object"),
    (_set("em.code", "99201"), "em.code", "99202-99205 or 99211-99215"),
    (_set("em.code", "99999"), "em.code", "E/M"),
    (_set("em.code", ...), "em.code", "E/M"),
    (_set("em.significant_separate", "yes"), "em.significant_separate", "true or false"),
    (_set("other_procedures.0.code", "2061"), "other_procedures[0].code", "5-character"),
    (_set("other_procedures.0.code", "knee"), "other_procedures[0].code", "CPT"),
    (_set("other_procedures.0.distinct_site", "y"), "other_procedures[0].distinct_site", "true"),
    (_set("imaging", "xray"), "imaging", '"ultrasound"'),
    (_set("imaging", True), "imaging", "mri"),
    (_drug(agent="kenalog", dose_mg=-40), "drugs[0].dose_mg", "> 0"),
    (_drug(agent="kenalog", dose_mg=0), "drugs[0].dose_mg", "> 0"),
    (_drug(agent="kenalog", dose_mg="40 mg"), "drugs[0].dose_mg", "number"),
    (_drug(agent="kenalog", dose_mg=40, dose_ml=1), "drugs[0]", "exactly one dose"),
    (_drug(agent="kenalog"), "drugs[0]", "exactly one dose"),
    (_drug(dose_mg=40), "drugs[0]", '"agent"'),
    (_drug(agent="", dose_mg=40), "drugs[0].agent", "empty"),
    (_drug(hcpcs="3301", dose_mg=40), "drugs[0].hcpcs", "HCPCS"),
    (_drug(agent="kenalog", dose_mg=40, wasted_mg=-1), "drugs[0].wasted_mg", "≥ 0"),
    (_drug(agent="botox", dose_mg=40, wasted_units=5), "drugs[0].wasted_units", "mg"),
    (_drug(agent="kenalog", dose_mg=40, container="vial"), "drugs[0].container", "single_dose"),
    (_drug(agent="k", dose_mg=4, ndc=3029305), "drugs[0].ndc", "string"),
    (_drug(agent="k", dose_mg=4, expiry="2027-02-30"), "drugs[0].expiry", "real date"),
    (_drug(agent="k", dose_mg=4, volume_ml=0), "drugs[0].volume_ml", "> 0"),
    (_set("diagnoses", [f"M79.{i}" for i in range(10, 23)]), "diagnoses", "at most 12"),
    (_set("diagnoses", ["M79.12", 42]), "diagnoses[1]", "ICD-10-CM"),
    (_set("diagnoses", ["hello"]), "diagnoses[0]", "ICD-10-CM"),
    (_set("diagnoses", ["M79.12", "m7912"]), "diagnoses[1]", "twice"),
    (_set("diagnoses", "M79.12"), "diagnoses", "list"),
    (_set("prior_sessions", ["2026-06-15"]), "prior_sessions[0]", "before"),
    (_set("prior_sessions", ["2026-01-10", "2026-07-01"]), "prior_sessions[1]", "before"),
    (_set("prior_sessions", ["2026-04-31"]), "prior_sessions[0]", "real date"),
    (_set("prior_sessions", ["2026-01-10", "2026-01-10"]), "prior_sessions[1]", "twice"),
    (_set("documentation", ["27G"]), "documentation", "object"),
    (_set("documentation.pain_before", 11), "documentation.pain_before", "0-10"),
    (_set("documentation.pain_after", 2.5), "documentation.pain_after", "0-10"),
    (_set("documentation.relief_percent", 150), "documentation.relief_percent", "0-100"),
    (_set("documentation.conservative_care", "yes"), "documentation.conservative_care", "true"),
    (
        _set("documentation.trigger_point_signs", ["tender"]),
        "documentation.trigger_point_signs[0]",
        "taut_band",
    ),
    (_set("documentation.needle_gauge", 27), "documentation.needle_gauge", "string"),
    (_set("documentation.needle_length_in", -1), "documentation.needle_length_in", "> 0"),
]


def _run_code(
    tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, list[str]]:
    source = tmp_path / "encounter.json"
    source.write_text(text, encoding="utf-8")
    status = main(["code", str(source)])
    out, err = capsys.readouterr()
    return status, out, err.splitlines()


def test_the_valid_base_parses() -> None:
    # Each case below changes one thing in VALID; VALID itself must read cleanly.
    from tpi_desktop import paths
    from tpi_desktop.domain import MuscleCatalog
    from tpi_desktop.domain.encounter_json import parse_encounter

    catalog = MuscleCatalog.from_csv_text(
        paths.resource("catalog", "muscles.csv").read_text("utf-8")
    )
    assert parse_encounter(VALID, catalog, ("medicare", "commercial")).payer == "medicare"


@pytest.mark.parametrize(
    ("change", "path", "fragment"), CASES, ids=[f"{c[1]}:{c[2]}" for c in CASES]
)
def test_bad_encounter_is_refused(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    change: Callable[[dict], None],
    path: str,
    fragment: str,
) -> None:
    data = copy.deepcopy(VALID)
    change(data)
    status, out, errors = _run_code(tmp_path, json.dumps(data), capsys)
    assert (status, out) == (2, "")
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"error: {path}: "), errors
    assert fragment in errors[0]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('{"date_of_service": "2026-06-15",', "not valid JSON (line 1, column 34)"),
        ("", "not valid JSON (line 1, column 1)"),
        ("{'date_of_service': '2026-06-15'}", "not valid JSON (line 1, column 2)"),
        ('{\n  "payer": "medicare"\n  "imaging": null\n}', "not valid JSON (line 3, column 3)"),
        ('{"payer": "medicare", "payer": "commercial"}', 'the key "payer" appears twice'),
    ],
)
def test_not_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, fragment: str
) -> None:
    status, out, errors = _run_code(tmp_path, text, capsys)
    assert (status, out) == (2, "")
    assert len(errors) == 1 and errors[0].startswith(f"error: {tmp_path / 'encounter.json'}: ")
    assert fragment in errors[0]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[]", "must be a JSON object"),
        ('[{"date_of_service": "2026-06-15"}]', "got [{"),
        ('"hello"', 'got "hello"'),
        ("42", "got 42"),
        ("null", "got null"),
    ],
)
def test_top_level_must_be_an_object(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, fragment: str
) -> None:
    status, out, errors = _run_code(tmp_path, text, capsys)
    assert (status, out) == (2, "")
    # A problem with the whole input is named by where it came from (the file).
    assert errors == [errors[0]] and errors[0].startswith("error: ")
    assert ": the input must be a JSON object" in errors[0]
    assert fragment in errors[0]


def test_nan_dose_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = json.dumps(VALID).replace('"dose_mg": 40', '"dose_mg": NaN')
    status, out, errors = _run_code(tmp_path, text, capsys)
    assert (status, out) == (2, "")
    assert errors == ["error: drugs[0].dose_mg: must be a number > 0, got NaN"]


def test_several_problems_give_several_lines_in_input_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = copy.deepcopy(VALID)
    data["date_of_service"] = "2026-02-30"
    data["injections"] = [
        {"muscle": "upper trapezius", "side": "right"},
        {"muscle": "deltoid", "side": "both"},
        {"muscle": "flux capacitor", "side": "left", "count": 0},
    ]
    data["prior_sessions"] = ["2026-07-01"]  # not compared: the date of service itself is bad
    data["hobby"] = "chess"
    status, out, errors = _run_code(tmp_path, json.dumps(data), capsys)
    assert (status, out) == (2, "")
    assert [line.split(": ")[1] for line in errors] == [
        "hobby",
        "date_of_service",
        "injections[1].side",
        "injections[2].muscle",
        "injections[2].count",
    ]
    assert errors[2] == 'error: injections[1].side: must be "left" or "right", got "both"'
    assert (
        errors[3]
        == 'error: injections[2].muscle: unknown muscle "flux capacitor" (try: tpi-desktop muscles)'
    )


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda tmp: str(tmp / "missing.json"), "no such file"),
        (lambda tmp: str(tmp), "is a folder"),
    ],
)
def test_unreadable_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: Callable[[Path], str], fragment: str
) -> None:
    name = make(tmp_path)
    assert main(["code", name]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == f"error: {name}: {fragment}" + (
        "\n" if fragment == "no such file" else ", not a file\n"
    )


def test_not_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "latin1.json"
    source.write_bytes('{"payer": "médicare"}'.encode("latin-1"))
    assert main(["code", str(source)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith(f"error: {source}: not UTF-8 text")


def test_bad_json_on_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b'{"date_of_service": ')))
    assert main(["code", "-"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("error: <stdin>: not valid JSON (line 1, column 21)")


@pytest.mark.parametrize("ndc", ["0003029305", "abc-de-f", "000003-0293-5"])
def test_unbillable_ndc_is_coded_with_ndc_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], ndc: str
) -> None:
    """An NDC that cannot be normalised does not lose the visit: the drug line says why."""
    data = json.loads(json.dumps(VALID))
    data["drugs"] = [{"agent": "dexamethasone sodium phosphate", "dose_mg": 4, "ndc": ndc}]
    status, out, errors = _run_code(tmp_path, json.dumps(data), capsys)
    assert (status, errors) == (0, [])
    result = json.loads(out)
    [missing] = [f for f in result["findings"] if f["id"] == "ndc_missing"]
    assert ndc in missing["message"]
    assert [line["code"] for line in result["lines"] if line["code"] == "J1100"] == ["J1100"]


def test_em_without_significant_separate_is_not_separate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(json.dumps(VALID))
    data["em"] = {"code": "99213"}
    status, out, _ = _run_code(tmp_path, json.dumps(data), capsys)
    assert status == 0
    result = json.loads(out)
    assert "em_not_separately_billable" in [f["id"] for f in result["findings"]]
    assert "99213" not in [line["code"] for line in result["lines"]]
