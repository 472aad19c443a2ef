"""The workspace's resources folder reaches the PDF, and ``claim_summary_pdf`` for print/preview."""

from __future__ import annotations

import datetime as dt
import re
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.helpers.store_worker import patient, provider, simple_encounter
from tpi_desktop import paths
from tpi_desktop.domain import Visit
from tpi_desktop.services import NotFound, Workspace
from tpi_desktop.services.export import claim_summary_for, claim_summary_pdf, export_visits


@pytest.fixture
def ws(tmp_path: Path):
    w = Workspace.open(tmp_path / "ws.sqlite3", paths.resources_dir(), user="biller")
    yield w
    w.close()


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


def _saved(ws: Workspace) -> Visit:
    return ws.save_visit(Visit(patient(), provider(), simple_encounter(dt.date(2026, 3, 2))))


def test_workspace_knows_its_resources_and_the_summary_finds_the_body_figure(
    ws: Workspace,
) -> None:
    assert ws.resources_dir == paths.resources_dir()
    visit = _saved(ws)
    summary = claim_summary_for(ws, visit.id or 0)
    assert summary.body_dir == ws.resources_dir / "body"
    assert (summary.body_dir / "front.svg").is_file() and (summary.body_dir / "back.svg").is_file()
    # an explicit folder still wins
    assert claim_summary_for(ws, visit.id or 0, body_dir=Path("x")).body_dir == Path("x")


def test_claim_summary_pdf_has_the_code_and_the_figure(ws: Workspace) -> None:
    visit = _saved(ws)
    assert visit.coding is not None and visit.coding.procedure_code == "20552"
    data = claim_summary_pdf(ws, visit.id or 0)
    assert data.startswith(b"%PDF")
    text = _text(data)
    assert f"Visit #{visit.id}" in text and "20552" in text
    assert "Front view" in text  # the body figure, drawn from the workspace's resources


def test_claim_summary_pdf_matches_the_file_export(ws: Workspace, tmp_path: Path) -> None:
    visit = _saved(ws)
    ws.finalize(visit.id or 0, override_reason="paper chart")
    report = export_visits(ws, [visit.id or 0], tmp_path / "one.pdf")
    assert report.ok and report.exported_ids == (visit.id,)
    data = claim_summary_pdf(ws, visit.id or 0)
    assert len(PdfReader(report.written[0]).pages) == len(PdfReader(BytesIO(data)).pages)
    # The same document: only the minute it was printed may differ.
    assert _unstamped(_text(data)) == _unstamped(_text(report.written[0].read_bytes()))
    assert "Status: Final" in _text(data)
    # Print and preview neither write nor audit anything.
    exported = [r for r in ws.audit_rows(visit.id or 0) if r.action == "exported"]
    assert len(exported) == 1


def _unstamped(text: str) -> str:
    return re.sub(r"printed \d\d/\d\d/\d{4} \d\d:\d\d", "printed", text)


def test_claim_summary_pdf_unknown_id(ws: Workspace) -> None:
    with pytest.raises(NotFound):
        claim_summary_pdf(ws, 999)
