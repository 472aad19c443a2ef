"""Print preview shows the real claim summary PDF; printing puts the same pages on paper."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from tpi_desktop import paths
from tpi_desktop.domain import (
    DoseUnit,
    Drug,
    Encounter,
    Injection,
    Patient,
    Practice,
    Provider,
    Side,
    Visit,
)
from tpi_desktop.services import Workspace
from tpi_desktop.ui.print_preview import (
    PrintPreviewDialog,
    load_pdf,
    print_pdf,
    printer_for,
    visit_pdf,
)

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
SHOTS = Path("/tmp/ui_check2")


@pytest.fixture(autouse=True)
def _settings(tmp_path: Path) -> None:
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qs"))


@pytest.fixture(scope="module")
def stored_visit(tmp_path_factory: pytest.TempPathFactory):
    """A workspace with one coded visit (3 muscles, 20553) and its id."""
    db = tmp_path_factory.mktemp("print") / "print.sqlite3"
    ws = Workspace.open(db, paths.resources_dir(), user="test")
    ws.save_practice(Practice("Lakeside Pain Clinic", "12 Harbor Road", "1234567893", "12-3456789"))
    provider = ws.save_provider(Provider("Dana Whitfield, MD", "1234567893"))
    patient = ws.save_patient(Patient("Rivera", "Ana", dt.date(1961, 4, 9)))
    injections = (
        Injection("upper_trapezius", Side.RIGHT, 2),
        Injection("levator_scapulae", Side.RIGHT),
        Injection("rhomboid_major", Side.LEFT),
    )
    encounter = Encounter(
        dt.date(2026, 6, 15),
        payer="medicare",
        injections=injections,
        diagnoses=("M79.11",),
        drugs=(Drug("lidocaine", Decimal(5), DoseUnit.ML),),
    )
    visit = ws.save_visit(Visit(patient, provider, encounter))
    yield ws, visit.id
    ws.close()


@pytest.fixture(scope="module")
def claim_pdf(stored_visit) -> bytes:
    ws, visit_id = stored_visit
    pdf, name = visit_pdf(ws, visit_id)
    assert name.startswith(f"visit-{visit_id}-2026-06-15-rivera")
    return pdf


def test_preview_loads_the_claim_summary(qtbot, stored_visit, claim_pdf: bytes) -> None:
    ws, visit_id = stored_visit
    dialog = PrintPreviewDialog.for_visit(ws, visit_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    expected = len(pdf_reader(claim_pdf).pages)
    assert dialog.page_count() == expected >= 1
    assert dialog.pages_label.text().startswith(f"{expected} page")
    assert "20553" in pdf_reader(claim_pdf).pages[0].extract_text()
    qtbot.wait(600)  # QPdfView renders pages on its own thread
    shot = dialog.grab()
    SHOTS.mkdir(exist_ok=True)
    shot.save(str(SHOTS / f"print_preview@{os.environ.get('QT_SCALE_FACTOR', '1')}.png"))
    # The page area is painted: not only the view's grey background.
    view = dialog.view.grab().toImage()
    assert _dark_pixels(view) > 200


def test_print_to_pdf_has_the_same_pages(qtbot, claim_pdf: bytes, tmp_path: Path) -> None:
    document, buffer = load_pdf(claim_pdf)
    out = tmp_path / "printed.pdf"
    printer = printer_for(document, out)
    assert print_pdf(claim_pdf, printer) == document.pageCount()
    source, printed = pdf_reader(claim_pdf), PdfReader(out)
    assert len(printed.pages) == len(source.pages) >= 1
    for a, b in zip(source.pages, printed.pages, strict=True):
        assert abs(float(a.mediabox.width) - float(b.mediabox.width)) < 1.5
        assert abs(float(a.mediabox.height) - float(b.mediabox.height)) < 1.5
    # The printed page looks like the original: thumbnails of both, both rasterised at 150 dpi
    # first (PDFium's direct thumbnails of vector art differ from those of the printed raster).
    # Same page: ~0.003 apart; another visit's summary: ~0.03.
    printed_doc, printed_buffer = load_pdf(out.read_bytes())
    assert _difference(_thumb(document), _thumb(printed_doc)) < 0.012
    document.close(), buffer.close(), printed_doc.close(), printed_buffer.close()


def test_print_to_a_dialogs_printer(qtbot, claim_pdf: bytes, tmp_path: Path) -> None:
    dialog = PrintPreviewDialog(claim_pdf, "Claim summary")
    qtbot.addWidget(dialog)
    out = tmp_path / "from-dialog.pdf"
    assert dialog.print_to(printer_for(dialog.document, out)) == dialog.page_count()
    assert len(PdfReader(out).pages) == dialog.page_count()


def test_not_a_pdf_is_refused() -> None:
    with pytest.raises(ValueError, match="not a readable PDF"):
        load_pdf(b"this is not a PDF")


def pdf_reader(data: bytes) -> PdfReader:
    import io

    return PdfReader(io.BytesIO(data))


def _dark_pixels(image: QImage) -> int:
    step = 3
    return sum(
        1
        for y in range(0, image.height(), step)
        for x in range(0, image.width(), step)
        if QColor(image.pixel(x, y)).lightness() < 100
    )


def _thumb(document) -> QImage:
    page = document.render(0, QSize(1275, 1650))
    return _on_white(page).scaled(
        306, 396, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation
    )


def _on_white(image: QImage) -> QImage:
    # QPdfDocument.render leaves unpainted paper transparent; paper is white.
    out = QImage(image.size(), QImage.Format.Format_RGB32)
    out.fill(QColor("white"))
    painter = QPainter(out)
    painter.drawImage(0, 0, image)
    painter.end()
    return out


def _difference(a: QImage, b: QImage) -> float:
    """Mean absolute lightness difference of two same-size images on white paper, 0..1."""
    assert a.size() == b.size()
    a, b = _on_white(a), _on_white(b)
    total = 0
    for y in range(a.height()):
        for x in range(a.width()):
            total += abs(QColor(a.pixel(x, y)).lightness() - QColor(b.pixel(x, y)).lightness())
    return total / (a.width() * a.height() * 255)
