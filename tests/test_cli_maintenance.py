"""``backup``, ``restore``, ``check`` and ``demo`` as a user runs them (cli.md)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tpi_desktop.cli import main
from tpi_desktop.store import open_store


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _ids(db: Path) -> list[int]:
    with sqlite3.connect(db) as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM visits ORDER BY id")]
    conn.close()
    return ids


@pytest.fixture
def demo_db(tmp_path: Path, capsys) -> Path:
    db = tmp_path / "demo.sqlite3"
    code, out, err = _run(capsys, "demo", "--db", str(db), "--visits", "30")
    assert code == 0 and err == "" and "demo visits stored" in out
    return db


def test_demo_makes_visits_patients_and_passes_check(demo_db: Path, capsys) -> None:
    assert len(_ids(demo_db)) >= 30
    code, out, _ = _run(capsys, "check", "--db", str(demo_db))
    assert code == 0 and "ok" in out
    code, out, _ = _run(capsys, "visit", "list", "--db", str(demo_db), "--json", "--limit", "500")
    rows = json.loads(out)
    assert {r["payer"] for r in rows} == {"medicare", "commercial"}
    assert {r["status"] for r in rows} >= {"draft", "final"}


def test_demo_rejects_a_bad_count(tmp_path: Path, capsys) -> None:
    code, out, err = _run(capsys, "demo", "--db", str(tmp_path / "d.sqlite3"), "--visits", "0")
    assert code == 2 and "error: --visits:" in err and out == ""


def test_check_reports_tampering_with_exit_1(demo_db: Path, capsys) -> None:
    store = open_store(demo_db, user="mallory")
    store.conn.execute("DROP TRIGGER audit_no_update")
    store.conn.execute("UPDATE audit_log SET user = 'nobody' WHERE id = 2")
    store.close()
    code, out, _ = _run(capsys, "check", "--db", str(demo_db))
    assert code == 1 and "audit log: row 2 was edited" in out


def test_backup_default_folder_and_explicit_file_then_restore(
    demo_db: Path, tmp_path: Path, capsys
) -> None:
    code, out, _ = _run(capsys, "backup", "--db", str(demo_db))
    default = Path(out.strip())
    assert code == 0 and default.is_file() and default.parent == demo_db.parent / "backups"
    explicit = tmp_path / "mine.sqlite3"
    code, out, _ = _run(capsys, "backup", "--db", str(demo_db), str(explicit))
    assert code == 0 and Path(out.strip()) == explicit and _ids(explicit) == _ids(demo_db)
    code, _, err = _run(capsys, "backup", "--db", str(demo_db), str(explicit))
    assert code == 2 and "already exists" in err
    before = _ids(demo_db)
    _run(capsys, "demo", "--db", str(demo_db), "--visits", "5")
    assert len(_ids(demo_db)) > len(before)
    code, out, err = _run(capsys, "restore", str(default), "--db", str(demo_db))
    assert code == 0 and err == "" and "previous database was kept as" in out
    assert _ids(demo_db) == before
    assert _run(capsys, "check", "--db", str(demo_db))[0] == 0


@pytest.mark.parametrize("bad", ["foreign", "corrupt", "text"])
def test_restore_refuses_and_keeps_the_database(
    demo_db: Path, tmp_path: Path, capsys, bad: str
) -> None:
    source = tmp_path / "bad.sqlite3"
    if bad == "foreign":
        with sqlite3.connect(source) as conn:
            conn.execute("CREATE TABLE visits (id)")
        conn.close()
    elif bad == "corrupt":
        _run(capsys, "backup", "--db", str(demo_db), str(source))
        data = bytearray(source.read_bytes())
        data[4096 * 3 : 4096 * 6] = b"\xff" * (4096 * 3)
        source.write_bytes(bytes(data))
    else:
        source.write_text("not a database at all, just words " * 10)
    before = demo_db.read_bytes()
    code, out, err = _run(capsys, "restore", str(source), "--db", str(demo_db))
    assert code == 2 and out == "" and err.startswith("error: ") and "Traceback" not in err
    assert demo_db.read_bytes() == before
    assert (
        not any(
            p.name.startswith("tpi-before-restore") for p in (demo_db.parent / "backups").glob("*")
        )
        if (demo_db.parent / "backups").exists()
        else True
    )


def test_commands_on_a_missing_database(tmp_path: Path, capsys) -> None:
    for argv in (["check"], ["backup"], ["visit", "show", "1"]):
        code, out, err = _run(capsys, *argv, "--db", str(tmp_path / "none.sqlite3"))
        assert code == 2 and out == "" and "no database at" in err
