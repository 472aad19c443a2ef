"""``tpi-desktop muscles`` and ``tpi-desktop icd``, and usage errors of the coding commands."""

from __future__ import annotations

import csv
import json

import pytest

from tpi_desktop import paths
from tpi_desktop.cli import main


def _catalog_rows() -> list[dict[str, str]]:
    text = paths.resource("catalog", "muscles.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def test_muscles_json_lists_every_catalog_entry(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(["muscles", "--json"], capsys)
    assert (status, err) == (0, "")
    listed = json.loads(out)
    rows = _catalog_rows()
    assert [m["id"] for m in listed] == [row["id"] for row in rows]
    by_id = {m["id"]: m for m in listed}
    assert by_id["upper_trapezius"] == {
        "id": "upper_trapezius",
        "name": "Trapezius (upper fibers)",
        "counts_as": "trapezius",
        "region": "shoulder",
        "view": "posterior",
        "lcd_region": "scapular",
        "vague": False,
        "side_handling": "L/R count apart",
        "synonyms": ["upper trap", "upper traps"],
    }
    assert by_id["lumbar_paraspinals"]["vague"] is True


def test_muscles_table_is_aligned_with_every_id(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(["muscles"], capsys)
    assert status == 0
    lines = out.splitlines()
    header = lines[0].split()
    assert header[:2] == ["id", "name"] and "synonyms" in header
    # Columns line up: each column starts where its header does.
    name_at = lines[0].index("name")
    counts_at = lines[0].index("counts as")
    table = {line.split()[0]: line for line in lines[2:] if line.strip() and not line[0].isdigit()}
    for row in _catalog_rows():
        line = table[row["id"]]
        assert line[name_at:].startswith(row["name"])
        assert line[counts_at:].startswith(row["counts_as"])
    assert "vague" in table["lumbar_paraspinals"] and "vague" not in table["soleus"]
    assert "upper trap; upper traps" in table["upper_trapezius"]


def test_icd_by_code_prefix(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(["icd", "M79.1"], capsys)
    assert status == 0
    lines = out.splitlines()
    assert "M79.12  Myalgia of auxiliary muscles, head and neck" in lines
    assert all(line.startswith("M79.1") for line in lines)
    assert not any(line.split()[0] == "M79.1" for line in lines)  # the category is not billable


def test_icd_prefix_without_dot(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(["icd", "m7912"], capsys)
    assert status == 0
    assert out.splitlines() == ["M79.12  Myalgia of auxiliary muscles, head and neck"]


def test_icd_by_words(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(["icd", "myalgia", "neck"], capsys)
    assert status == 0
    assert out.splitlines()[0] == "M79.12  Myalgia of auxiliary muscles, head and neck"


def test_icd_all_marks_category_codes(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(["icd", "M79.1", "--all"], capsys)
    assert status == 0
    first = out.splitlines()[0]
    assert first.startswith("M79.1 ") and "not billable" in first
    assert "M79.12  Myalgia of auxiliary muscles, head and neck" in out.splitlines()


def test_icd_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(["icd", "M79.1", "--json", "--all"], capsys)
    assert status == 0
    entries = json.loads(out)
    assert {"code": "M79.1", "description": "Myalgia", "billable": False} in entries
    assert {
        "code": "M79.12",
        "description": "Myalgia of auxiliary muscles, head and neck",
        "billable": True,
    } in entries


@pytest.mark.parametrize("query", [["zzqqxx"], ["Q99.99"]])
def test_icd_nothing_matches_exits_1(capsys: pytest.CaptureFixture[str], query: list[str]) -> None:
    status, out, err = _run(["icd", *query], capsys)
    assert (status, out) == (1, "")
    assert "no billable ICD-10-CM code matches" in err


def test_icd_only_a_category_matches(capsys: pytest.CaptureFixture[str]) -> None:
    query = ["soft", "tissue", "disorders", "elsewhere"]
    status, out, err = _run(["icd", *query], capsys)
    assert (status, out) == (1, "")
    assert "add --all" in err
    status, out, _ = _run(["icd", *query, "--all"], capsys)
    assert status == 0
    assert out.splitlines() == [
        "M79  Other and unspecified soft tissue disorders, not elsewhere classified"
        "  [category: not billable]"
    ]


def test_icd_code_and_words_together(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(["icd", "M79.1", "myalgia", "mastication"], capsys)
    assert status == 0 and out.splitlines() == ["M79.11  Myalgia of mastication muscle"]


@pytest.mark.parametrize(
    "argv",
    [
        ["code", "a.json", "b.json"],
        ["code", "--bogus"],
        ["muscles", "extra"],
        ["muscles", "--csv"],
        ["icd"],
        ["icd", "M79", "--limit", "3"],
    ],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("error: ") and "usage: tpi-desktop" in err


def test_icd_blank_text_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(["icd", "  "], capsys)
    assert (status, out) == (2, "")
    assert err.startswith("error: give a code")
