"""Print preview and printing of a claim summary, from the very PDF the exporter writes.

Paper and file never differ: the preview shows the claim summary PDF bytes with QtPdf, and
printing rasterises the same PDF pages (``QPdfDocument.render``) onto the printer, rather than
laying the summary out a second time with Qt. ``print_pdf`` is the whole printing path and works
with any ``QPrinter`` (a real printer, or a PDF file in tests).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QKeySequence, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tpi_desktop import paths
from tpi_desktop.services import export as export_service
from tpi_desktop.ui.settings_dialogs import GeometryMemory

log = logging.getLogger(__name__)

#: Pages are rasterised at the printer's resolution but never above this: 300 dpi is sharper than
#: the eye needs for 9-point text, and 1200 dpi (QPrinter.HighResolution) would need ~0.5 GB a page.
MAX_PRINT_DPI = 300


def visit_pdf(workspace: Any, visit_id: int) -> tuple[bytes, str]:
    """The claim summary PDF of a stored visit and its file name (``visit-12-2026-06-15-rivera``).

    The same summary and renderer as File → Export PDF, so the preview shows what the file holds.
    """
    summary = export_service.claim_summary_for(workspace, visit_id, body_dir=paths.resource("body"))
    pdf = export_service.render_claim_summaries([summary])
    return pdf, export_service.pdf_name(summary).removesuffix(".pdf")


def load_pdf(pdf: bytes, parent: QWidget | None = None) -> tuple[QPdfDocument, QBuffer]:
    """A ``QPdfDocument`` over ``pdf``; keep the returned buffer alive as long as the document.

    Raises ``ValueError`` when the bytes are not a PDF QtPdf can read.
    """
    document = QPdfDocument()
    buffer = QBuffer()
    if parent is not None:  # owned by the dialog, or by the caller when there is none
        document.setParent(parent)
        buffer.setParent(parent)
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
        raise ValueError(f"not a readable PDF ({document.error().name})")
    return document, buffer


def print_document(document: QPdfDocument, printer: QPrinter) -> int:
    """Rasterise every page of ``document`` onto ``printer``; the number of pages printed.

    Each page is scaled to fit the printer's printable area with its aspect ratio kept, and
    centred, so a Letter summary prints whole on A4 too.
    """
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be opened")
    dpi = min(printer.resolution(), MAX_PRINT_DPI)
    printed = 0
    try:
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            points = document.pagePointSize(page)
            size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            image = document.render(page, size)
            # pageRect is the whole sheet when the printer is in full-page mode (printer_for).
            target = printer.pageRect(QPrinter.Unit.DevicePixel).toRect()
            scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            # The painter's origin is the printable area's top-left corner.
            offset = QPointF(
                (target.width() - scaled.width()) / 2, (target.height() - scaled.height()) / 2
            )
            painter.drawImage(QRect(offset.toPoint(), scaled), image)
            printed += 1
    finally:
        painter.end()
    return printed


def printer_for(document: QPdfDocument, pdf_file: str | Path | None = None) -> QPrinter:
    """A high-resolution printer set up for ``document``: its first page's paper size, full page.

    Full page because the PDF carries its own margins: printing it into the printer's margins
    as well would shrink it, and paper would no longer match the file. With ``pdf_file`` the
    printer writes that PDF file instead of printing (tests, "print to file").
    """
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if pdf_file is not None:
        # Before the page size: changing the output format resets the page layout.
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(pdf_file))
    size = document.pagePointSize(0)
    match = QPageSize.SizeMatchPolicy.FuzzyMatch
    printer.setPageSize(QPageSize(size, QPageSize.Unit.Point, "", match))
    printer.setFullPage(True)
    return printer


def print_pdf(pdf: bytes, printer: QPrinter) -> int:
    """Print the PDF ``pdf`` on ``printer``; the number of pages printed."""
    document, buffer = load_pdf(pdf)
    try:
        return print_document(document, printer)
    finally:
        document.close()
        buffer.close()


def print_visit(workspace: Any, visit_id: int, parent: QWidget | None = None) -> bool:
    """The print dialog, then the visit's claim summary; True when printed."""
    pdf, name = visit_pdf(workspace, visit_id)
    return print_with_dialog(pdf, name, parent)


def print_with_dialog(pdf: bytes, name: str, parent: QWidget | None = None) -> bool:
    """File → Print: the print dialog, then the PDF ``pdf`` on the printer chosen; True when
    printed (False when the dialog was cancelled)."""
    document, buffer = load_pdf(pdf, parent)
    try:
        printer = printer_for(document)
        printer.setDocName(name)
        dialog = QPrintDialog(printer, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        return print_document(document, printer) > 0
    finally:
        document.close()
        buffer.close()
        document.deleteLater()
        buffer.deleteLater()


class PrintPreviewDialog(QDialog):
    """Shows a claim summary PDF page by page, with Print…, Save PDF… and zoom.

    ``pdf`` is the PDF's bytes (``services.export`` renders them); ``title`` names it in the window
    title and the default file name. Raises ``ValueError`` when the bytes are not a readable PDF.
    """

    def __init__(
        self, pdf: bytes, title: str = "Claim summary", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("printPreview")
        self.setWindowTitle(f"Print preview: {title}")
        self._pdf = pdf
        self._title = title
        self.document, self._buffer = load_pdf(pdf, self)

        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setAccessibleName("Claim summary pages")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)

        self.pages_label = QLabel(self._pages_text())
        self.pages_label.setObjectName("pagesLabel")
        zoom_out = self._button(
            "−", "Zoom out", QKeySequence.StandardKey.ZoomOut, self._on_zoom_out
        )
        zoom_in = self._button("+", "Zoom in", QKeySequence.StandardKey.ZoomIn, self._on_zoom_in)
        fit = self._button("Fit width", "Fit the page to the window width", "Ctrl+0", self._on_fit)
        bar = QHBoxLayout()
        bar.addWidget(self.pages_label)
        bar.addStretch(1)
        for button in (zoom_out, zoom_in):
            button.setFixedWidth(button.fontMetrics().horizontalAdvance("+") * 2 + 28)
        for button in (zoom_out, zoom_in, fit):
            bar.addWidget(button)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.print_button = buttons.addButton("&Print…", QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.setToolTip("Print these pages (Ctrl+P)")
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.print_button.setDefault(True)
        self.save_button = buttons.addButton("&Save PDF…", QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.setToolTip("Save these pages as a PDF file")
        self.print_button.clicked.connect(self._on_print)
        self.save_button.clicked.connect(self._on_save)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.resize(760, 900)
        self._geometry = GeometryMemory(self, "printPreview")

    @classmethod
    def for_visit(
        cls, workspace: Any, visit_id: int, parent: QWidget | None = None
    ) -> PrintPreviewDialog:
        """The preview of a stored visit's claim summary (``NotFound`` for an unknown id)."""
        pdf, name = visit_pdf(workspace, visit_id)
        return cls(pdf, name, parent)

    def page_count(self) -> int:
        """The number of pages shown."""
        return self.document.pageCount()

    def print_to(self, printer: QPrinter) -> int:
        """Print the shown pages on ``printer`` (no dialog); the number of pages printed."""
        return print_document(self.document, printer)

    def _button(
        self,
        text: str,
        tip: str,
        keys: QKeySequence | QKeySequence.StandardKey | str,
        slot: Callable[[], None],
    ) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setShortcut(QKeySequence(keys))
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def _pages_text(self) -> str:
        count = self.document.pageCount()
        return f"{count} page" + ("" if count == 1 else "s")

    def _on_zoom_in(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(min(self.view.zoomFactor() * 1.25, 5.0))

    def _on_zoom_out(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(self.view.zoomFactor() / 1.25, 0.2))

    def _on_fit(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def _on_print(self) -> None:
        printer = printer_for(self.document)
        printer.setDocName(self._title)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(f"Print {self._title}")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            self.print_to(printer)
        except OSError as error:
            log.warning("printing failed: %s", error)
            QMessageBox.warning(self, "Print", f"Printing failed: {error}.")

    def _on_save(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Save claim summary", f"{self._title}.pdf", "PDF files (*.pdf)"
        )
        if not name:
            return
        try:
            Path(name).write_bytes(self._pdf)
        except OSError as error:
            QMessageBox.warning(self, "Save PDF", f"The file could not be written: {error}.")
