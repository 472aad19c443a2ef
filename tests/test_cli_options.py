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


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--db", "x.sqlite3"],
        ["--db=code"],  # a database named like a subcommand
        ["--db", "code"],
        ["--demo"],
        ["--dem"],  # argparse's abbreviations work the same
        ["--screenshot", "s.png", "--view", "picker"],
        ["--selftest"],
        ["--db", "x.sqlite3", "code"],
        ["muscles"],
        ["visit", "list", "--json"],
        ["--db", "x.sqlite3", "visit", "show", "3"],
    ],
)
def test_the_quick_parse_of_a_window_start_equals_the_whole_parser(argv: list[str]) -> None:
    from tpi_desktop.cli import build_parser, parse_args

    assert vars(parse_args(argv)) == vars(build_parser().parse_args(argv))


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--view", "everything"], "argument --view: invalid choice: 'everything'"),
        (["--db"], "argument --db: expected one argument"),
        (["--bogus"], "unrecognized arguments: --bogus"),
        (["cod"], "argument COMMAND: invalid choice: 'cod'"),
        (["code", "--version"], "unrecognized arguments: --version"),
        (["visit", "list", "--vers"], "unrecognized arguments: --vers"),
    ],
)
def test_mistakes_get_the_whole_parsers_message_and_usage(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from tpi_desktop.cli import parse_args

    with pytest.raises(SystemExit) as stop:
        parse_args(argv)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {message}")
    assert "usage: tpi-desktop" in err and "COMMAND" in err  # the whole parser's usage line


def test_version_is_printed_by_the_whole_parser(capsys: pytest.CaptureFixture[str]) -> None:
    from tpi_desktop import __version__
    from tpi_desktop.cli import parse_args

    with pytest.raises(SystemExit) as stop:
        parse_args(["--db", "x.sqlite3", "--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"tpi-desktop {__version__}"


def test_help_lists_the_subcommands(capsys: pytest.CaptureFixture[str]) -> None:
    from tpi_desktop.cli import parse_args

    with pytest.raises(SystemExit) as stop:
        parse_args(["--db", "x.sqlite3", "--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    for command in ("code", "muscles", "visit", "pdf", "backup", "check"):
        assert command in out
