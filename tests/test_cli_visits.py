"""``visit add/list/show/finalize`` as a user runs them (cli.md)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tpi_desktop.cli import main

VISIT = {
    "patient": {
        "last_name": "Rivera",
        "first_name": "Ana",
        "date_of_birth": "1961-04-09",
        "sex": "F",
        "member_id": "1EG4TE5MK73",
    },
    "provider": {"name": "Dana Whitfield, MD", "npi": "1234567893"},
    "date_of_service": "2026-06-15",
    "payer": "medicare",
    "injections": [
        {"muscle": "upper_trapezius", "side": "right", "count": 2},
        {"muscle": "Levator scapulae", "side": "left"},
        {"muscle": "rhomboid major", "side": "left"},
    ],
    "diagnoses": ["M79.12"],
}


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _add(
    tmp_path: Path, capsys, db: Path, data: dict, name: str = "v.json"
) -> tuple[int, str, str]:
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return _run(capsys, "visit", "add", str(path), "--db", str(db))


def test_add_prints_only_the_id_and_show_json_has_coding(tmp_path: Path, capsys) -> None:
    db = tmp_path / "db.sqlite3"
    code, out, err = _add(tmp_path, capsys, db, VISIT)
    assert (code, out, err) == (0, "1\n", "")
    code, out, _ = _run(capsys, "visit", "show", "1", "--db", str(db), "--json")
    shown = json.loads(out)
    assert code == 0 and shown["id"] == 1 and shown["status"] == "draft"
    assert shown["patient"]["last_name"] == "Rivera" and shown["provider"]["npi"] == "1234567893"
    assert shown["date_of_service"] == "2026-06-15" and shown["payer"] == "medicare"
    assert shown["coding"]["procedure_code"] == "20553" and shown["coding"]["muscle_count"] == 3
    assert {"lines", "findings", "rationale", "eligibility"} <= set(shown["coding"])
    code, out, _ = _run(capsys, "visit", "show", "1", "--db", str(db))
    assert code == 0 and "Rivera, Ana" in out and "20553" in out


def test_history_from_the_database_not_the_file(tmp_path: Path, capsys) -> None:
    db = tmp_path / "db.sqlite3"
    for i, day in enumerate(("2026-01-05", "2026-02-20", "2026-04-10", "2026-06-01")):
        _add(
            tmp_path,
            capsys,
            db,
            {**VISIT, "date_of_service": day, "prior_sessions": []},
            f"{i}.json",
        )
    _, out, _ = _run(capsys, "visit", "show", "4", "--db", str(db), "--json")
    shown = json.loads(out)
    assert shown["prior_sessions"] == ["2026-01-05", "2026-02-20", "2026-04-10"]
    assert "frequency_limit" in {f["id"] for f in shown["coding"]["findings"]}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"patient": None}, "error: patient: required"),
        ({"patient": {"last_name": "X"}}, "error: patient.first_name: required"),
        (
            {"patient": {**VISIT["patient"], "date_of_birth": "1961-02-30"}},
            "error: patient.date_of_birth: must be a date",
        ),
        (
            {"provider": {"name": "Dr", "npi": "1234567890"}},
            "error: provider.npi: 1234567890 fails the NPI check digit",
        ),
        ({"provider": {**VISIT["provider"], "fax": "1"}}, "error: provider.fax: unknown field"),
        (
            {"injections": [{"muscle": "flux capacitor", "side": "left"}]},
            "error: injections[0].muscle: unknown muscle",
        ),
        ({"payer": "aetna"}, "error: payer:"),
    ],
)
def test_bad_input_exit_2_nothing_stored(
    tmp_path: Path, capsys, change: dict, expected: str
) -> None:
    db = tmp_path / "db.sqlite3"
    code, out, err = _add(tmp_path, capsys, db, {**VISIT, **change})
    assert code == 2 and out == "" and expected in err and "Traceback" not in err
    if db.exists():
        code, out, _ = _run(capsys, "visit", "list", "--db", str(db), "--json")
        assert json.loads(out) == []


def test_not_json_is_refused(tmp_path: Path, capsys) -> None:
    path = tmp_path / "v.json"
    path.write_text("{not json")
    code, out, err = _run(capsys, "visit", "add", str(path), "--db", str(tmp_path / "db.sqlite3"))
    assert code == 2 and out == "" and err.startswith(f"error: {path}: not valid JSON")


def test_list_table_json_and_filters(tmp_path: Path, capsys) -> None:
    db = tmp_path / "db.sqlite3"
    _add(tmp_path, capsys, db, VISIT, "a.json")
    other = {
        **VISIT,
        "patient": {"last_name": "Okafor", "first_name": "Sam", "date_of_birth": "1950-02-02"},
        "date_of_service": "2026-07-01",
        "payer": "commercial",
    }
    _add(tmp_path, capsys, db, other, "b.json")
    code, out, _ = _run(capsys, "visit", "list", "--db", str(db))
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == [
        "ID",
        "DATE",
        "PATIENT",
        "BORN",
        "PAYER",
        "CODE",
        "STATUS",
        "CHARGE",
        "FINDINGS",
    ]
    assert "Okafor, Sam" in lines[2] and "Rivera, Ana" in lines[3]  # newest first
    assert lines[2].index("2026-07-01") == lines[3].index("2026-06-15")  # aligned
    code, out, _ = _run(capsys, "visit", "list", "--db", str(db), "--json", "--patient", "riv")
    rows = json.loads(out)
    assert [r["patient"] for r in rows] == ["Rivera, Ana"] and rows[0]["charge_cents"] == 6000
    code, out, _ = _run(capsys, "visit", "list", "--db", str(db), "--json", "--from", "2026-06-20")
    assert [r["id"] for r in json.loads(out)] == [2]
    code, out, _ = _run(capsys, "visit", "list", "--db", str(db), "--json", "--status", "final")
    assert json.loads(out) == []
    code, out, err = _run(capsys, "visit", "list", "--db", str(db), "--from", "June")
    assert code == 2 and "error: --from: must be a date" in err


def test_finalize_refused_then_override(tmp_path: Path, capsys) -> None:
    db = tmp_path / "db.sqlite3"
    _add(tmp_path, capsys, db, VISIT)
    code, out, _ = _run(capsys, "visit", "finalize", "1", "--db", str(db))
    assert code == 1 and "not finalized" in out and "documentation checklist" in out
    code, out, _ = _run(capsys, "visit", "show", "1", "--db", str(db), "--json")
    assert json.loads(out)["status"] == "draft"
    code, out, _ = _run(
        capsys,
        "visit",
        "finalize",
        "1",
        "--db",
        str(db),
        "--override-reason",
        "chart on paper",
        "--user",
        "kim",
    )
    assert code == 0 and "finalized" in out
    shown = json.loads(_run(capsys, "visit", "show", "1", "--db", str(db), "--json")[1])
    assert (shown["status"], shown["override_reason"], shown["finalized_by"]) == (
        "final",
        "chart on paper",
        "kim",
    )
    code, _, err = _run(capsys, "visit", "finalize", "1", "--db", str(db))
    assert code == 2 and "already final" in err
    code, _, err = _run(capsys, "visit", "show", "99", "--db", str(db))
    assert code == 2 and "no visit with id 99" in err


def test_missing_database_is_an_error_not_a_new_file(tmp_path: Path, capsys) -> None:
    db = tmp_path / "none.sqlite3"
    code, out, err = _run(capsys, "visit", "list", "--db", str(db))
    assert code == 2 and out == "" and "no database at" in err and not db.exists()


def test_env_variable_names_the_database(tmp_path: Path, capsys, monkeypatch) -> None:
    db = tmp_path / "env.sqlite3"
    monkeypatch.setenv("TPI_DESKTOP_DB", str(db))
    path = tmp_path / "v.json"
    path.write_text(json.dumps(VISIT))
    assert _run(capsys, "visit", "add", str(path))[0] == 0
    assert db.exists()


@pytest.mark.parametrize("kind", ["foreign", "truncated"])
def test_foreign_or_truncated_db_is_refused_untouched_without_traceback(
    tmp_path: Path, kind: str
) -> None:
    db = tmp_path / "x.sqlite3"
    if kind == "foreign":
        with sqlite3.connect(db) as conn:
            conn.execute("CREATE TABLE t (x)")
        conn.close()
        words = "not a TPI Desktop database"
    else:
        env = {**os.environ, "TPI_DESKTOP_DATA_DIR": str(tmp_path)}
        subprocess.run(
            [sys.executable, "-m", "tpi_desktop", "demo", "--visits", "5", "--db", str(db)],
            check=True,
            capture_output=True,
            env=env,
        )
        db.write_bytes(db.read_bytes()[:7000])
        words = "truncated"
    before = db.read_bytes()
    for argv in (["visit", "list"], ["check"], ["visit", "add", "-"]):
        proc = subprocess.run(
            [sys.executable, "-m", "tpi_desktop", *argv, "--db", str(db)],
            input=json.dumps(VISIT),
            capture_output=True,
            text=True,
        )
        assert "Traceback" not in proc.stderr
        if argv == ["check"] and kind == "truncated":
            # `check` is the command that reports damage to a file of ours: exit 1, say what.
            assert proc.returncode == 1 and words in proc.stdout
        else:
            assert proc.returncode == 2 and proc.stdout == "" and words in proc.stderr
        assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("x.sqlite3")) == [
        "x.sqlite3"
    ]
