"""Batch export over a real database: files, names, failures, audit rows, the ``pdf`` command."""

from __future__ import annotations

import re
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from tpi_desktop import paths
from tpi_desktop.cli import main
from tpi_desktop.domain import VisitStatus
from tpi_desktop.services import Workspace, fill_demo
from tpi_desktop.services.export import claim_summary_for, export_visits

BODY = paths.resources_dir() / "body"
NAME = re.compile(r"^visit-(\d+)-\d{4}-\d{2}-\d{2}-[a-z0-9-]+\.pdf$")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, list[int]]]:
    folder = tmp_path_factory.mktemp("db")
    ws = Workspace.open(
        folder / "t.sqlite3", paths.resources_dir(), user="tester", backups_dir=folder / "backups"
    )
    ids = fill_demo(ws, visits=50)
    yield ws, ids[:50]
    ws.close()


def _exported(ws: Workspace, visit_id: int) -> list[str]:
    return [row.after or "" for row in ws.audit_rows(visit_id) if row.action == "exported"]


def test_fifty_visits_give_fifty_valid_pdfs(
    demo: tuple[Workspace, list[int]], tmp_path: Path
) -> None:
    ws, ids = demo
    assert len(ids) == 50
    seen: list[tuple[int, int]] = []
    report = export_visits(
        ws, ids, tmp_path / "out", progress=lambda d, t: seen.append((d, t)), body_dir=BODY
    )
    assert report.ok and len(report.written) == 50
    assert seen[-1] == (50, 50)
    for path in report.written:
        match = NAME.match(path.name)
        assert match, path.name
        reader = PdfReader(BytesIO(path.read_bytes()))
        first = reader.pages[0].extract_text()
        assert f"Visit #{match.group(1)}" in first and "Claim summary" in first
    final = [i for i in ids if ws.get_visit(i).status is VisitStatus.FINAL]
    draft = [i for i in ids if ws.get_visit(i).status is VisitStatus.DRAFT]
    assert final and draft
    assert set(report.exported_ids) == set(final)
    assert any(str(tmp_path / "out") in p for p in _exported(ws, final[0]))
    assert _exported(ws, draft[0]) == []


def test_one_failure_is_reported_and_the_others_written(
    demo: tuple[Workspace, list[int]], tmp_path: Path
) -> None:
    ws, ids = demo
    chosen = ids[:4]
    out = tmp_path / "out"
    out.mkdir()
    # a folder where the second visit's file must go: that file cannot be written
    from tpi_desktop.services.export import pdf_name

    blocked = out / pdf_name(claim_summary_for(ws, chosen[1], body_dir=BODY))
    blocked.mkdir()
    report = export_visits(ws, [*chosen, 987654], out, body_dir=BODY)
    reasons = dict(report.failures)
    assert reasons[987654] == "no visit with id 987654"
    assert reasons[chosen[1]].startswith("cannot write")
    assert len(report.written) == 3 and all(p.is_file() for p in report.written)
    assert not list(out.glob(".*.part"))  # no half-written file left behind


def test_combined_pdf_holds_every_visit(demo: tuple[Workspace, list[int]], tmp_path: Path) -> None:
    ws, ids = demo
    report = export_visits(ws, ids[:3], tmp_path / "all.pdf", combined=True, body_dir=BODY)
    assert report.written == (tmp_path / "all.pdf",)
    text = "\n".join(p.extract_text() for p in PdfReader(tmp_path / "all.pdf").pages)
    for visit_id in ids[:3]:
        assert f"Visit #{visit_id}" in text
    assert text.count("Page 1 of") == 3


def test_cancel_stops_between_visits(demo: tuple[Workspace, list[int]], tmp_path: Path) -> None:
    ws, ids = demo
    calls: list[int] = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 3 + 2  # after gathering 5 summaries, while writing the files

    report = export_visits(ws, ids[:5], tmp_path / "out", cancelled=cancelled, body_dir=BODY)
    assert report.cancelled and len(report.written) < 5


def test_two_worker_processes_write_the_same_files(
    demo: tuple[Workspace, list[int]], tmp_path: Path
) -> None:
    ws, ids = demo
    report = export_visits(ws, ids[:6], tmp_path / "out", workers=2, body_dir=BODY)
    assert report.ok and len(report.written) == 6
    for path in report.written:
        assert len(PdfReader(path).pages) >= 1


def test_cli_pdf_end_to_end(
    demo: tuple[Workspace, list[int]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws, ids = demo
    db = str(ws.path)
    status = main(
        ["pdf", str(ids[0]), str(ids[1]), "424242", "--db", db, "-o", str(tmp_path / "many")]
    )
    out, err = capsys.readouterr()
    assert status == 2
    assert err.strip() == "error: 424242: no visit with id 424242"
    written = out.split()
    assert len(written) == 2 and all(Path(p).is_file() for p in written)

    status = main(["pdf", str(ids[2]), "--db", db, "-o", str(tmp_path / "one.pdf")])
    out, err = capsys.readouterr()
    assert status == 0 and err == ""
    assert out.strip() == str(tmp_path / "one.pdf")
    assert f"Visit #{ids[2]}" in PdfReader(tmp_path / "one.pdf").pages[0].extract_text()


def test_cli_pdf_combined_into_one_file(
    demo: tuple[Workspace, list[int]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws, ids = demo
    target = tmp_path / "both.pdf"
    status = main(
        ["pdf", str(ids[3]), str(ids[4]), "--combined", "--db", str(ws.path), "-o", str(target)]
    )
    out, _ = capsys.readouterr()
    assert status == 0 and out.strip() == str(target)
    text = "\n".join(page.extract_text() for page in PdfReader(target).pages)
    assert f"Visit #{ids[3]}" in text and f"Visit #{ids[4]}" in text


def test_an_amended_visit_names_the_visit_that_replaced_it(
    demo: tuple[Workspace, list[int]],
) -> None:
    ws, ids = demo
    final = next(i for i in ids[10:] if ws.get_visit(i).status is VisitStatus.FINAL)
    amendment = ws.amend(final)
    amended = [final]
    summary = claim_summary_for(ws, amended[0], body_dir=BODY)
    assert summary.superseded_by == amendment.id is not None
    assert summary.watermark == "SUPERSEDED"
    assert claim_summary_for(ws, amendment.id, body_dir=BODY).amends == final


@pytest.mark.parametrize(
    ("last_name", "expected"),
    [
        ("Rivera", "rivera"),
        ("Müller-Lüdenscheidt", "muller-ludenscheidt"),
        ("O'Brien", "o-brien"),
        ("../../etc", "etc"),
        ("李", "patient"),
    ],
)
def test_file_names_are_safe(last_name: str, expected: str) -> None:
    import dataclasses

    from tests.test_pdf_samples import seed_visit, summary_of
    from tpi_desktop.services.export import pdf_name

    visit = seed_visit()
    visit = dataclasses.replace(
        visit, patient=dataclasses.replace(visit.patient, last_name=last_name)
    )
    assert pdf_name(summary_of(visit)) == f"visit-12-2026-06-15-{expected}.pdf"
