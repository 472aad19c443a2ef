"""Command-line options that every subcommand shares (cli.md): where --db may stand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tpi_desktop.cli import main


def _visits(capsys: pytest.CaptureFixture[str], *argv: str) -> list[dict]:
    assert main([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_db_before_the_subcommand_is_used(tmp_path: Path, capsys) -> None:
    """`tpi-desktop --db X demo` fills X, never the default database."""
    db = tmp_path / "before.sqlite3"
    assert main(["--db", str(db), "demo", "--visits", "3"]) == 0
    capsys.readouterr()
    assert db.exists()
    assert len(_visits(capsys, "--db", str(db), "visit", "list")) == 3
    default = tmp_path / "default.sqlite3"
    assert not default.exists()


def test_db_after_the_subcommand_wins(tmp_path: Path, capsys) -> None:
    first, second = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    assert main(["demo", "--visits", "2", "--db", str(first)]) == 0
    assert main(["demo", "--visits", "4", "--db", str(second)]) == 0
    capsys.readouterr()
    assert len(_visits(capsys, "--db", str(first), "visit", "list", "--db", str(second))) == 4


def test_several_ids_into_a_pdf_file_name_is_refused(tmp_path: Path, capsys) -> None:
    db = tmp_path / "p.sqlite3"
    assert main(["demo", "--visits", "2", "--db", str(db)]) == 0
    capsys.readouterr()
    out = tmp_path / "one.pdf"
    assert main(["pdf", "1", "2", "--db", str(db), "-o", str(out)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith("error: -o: ")
    assert "--combined" in captured.err and not out.exists()
    assert main(["pdf", "1", "2", "--db", str(db), "-o", str(out), "--combined"]) == 0
    assert out.is_file() and out.read_bytes().startswith(b"%PDF")


def test_visit_show_prints_diagnoses_with_the_dot(tmp_path: Path, capsys) -> None:
    db = tmp_path / "s.sqlite3"
    assert main(["demo", "--visits", "2", "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["visit", "show", "1", "--db", str(db)]) == 0
    [line] = [x for x in capsys.readouterr().out.splitlines() if x.startswith("Diagnoses:")]
    codes = line.removeprefix("Diagnoses:").strip().split(", ")
    assert codes and all(len(c) <= 3 or c[3] == "." for c in codes)
