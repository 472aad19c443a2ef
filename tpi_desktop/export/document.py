"""Claim summary PDFs: a ``ClaimSummary`` in, PDF bytes (or a file) out.

The page is US Letter in standard fonts with selectable text. Sections come in the order a
biller reads them: header, patient and payer, service lines, diagnoses, muscles with the body
figure, drugs, documentation, findings, reasons, data used, attestation. Each section is a list
of ``blocks`` (text, tables, the figure) that ``blocks.paginate`` stacks onto pages, splitting
long tables between rows with their headers repeated; then each page's blocks write their
operators straight into the page (``ink``), and the furniture ("Page N of M", the DRAFT mark)
is painted over them. Platypus is not used: see ``blocks`` for why. What is the same in every
document (fonts, the figure's and icons' forms) is formatted once per process (``prepared``),
and each page's content is compressed as it is finished.

These functions are pure apart from ``write_claim_summary`` and safe to call from a worker thread
or process: they share only the read-only parsed body figure and per-process caches of pure
results (measured and wrapped text, formatted numbers and strings, prepared objects), each
keyed by everything its value depends on (see tests/test_pdf_prepared.py).
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfgen.canvas import Canvas

from tpi_desktop import __version__
from tpi_desktop.export import sections_body, sections_claim, sections_review
from tpi_desktop.export.blocks import Block, paginate
from tpi_desktop.export.canvas import ExportCancelled, PageFurniture, paint_furniture
from tpi_desktop.export.ink import Ink
from tpi_desktop.export.prepared import compress_pages, name_fonts
from tpi_desktop.export.styles import (
    BOTTOM_MARGIN,
    FIRST_TOP_MARGIN,
    PAGE_MARGIN,
    TOP_MARGIN,
    plain,
)
from tpi_desktop.export.summary import ClaimSummary, us_date

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

PAGE_WIDTH, PAGE_HEIGHT = letter
# The frame the blocks fill: inside the margins, less 6 pt of padding on each side.
FRAME_LEFT = PAGE_MARGIN + 6
FRAME_TOP = PAGE_HEIGHT - TOP_MARGIN - 6
FRAME_WIDTH = PAGE_WIDTH - 2 * PAGE_MARGIN - 12
FRAME_HEIGHT = PAGE_HEIGHT - TOP_MARGIN - BOTTOM_MARGIN - 12
# Page 1 carries no running header, so its frame starts higher (just below the DRAFT banner).
FIRST_FRAME_TOP = PAGE_HEIGHT - FIRST_TOP_MARGIN - 6
FIRST_FRAME_HEIGHT = FRAME_HEIGHT + FIRST_FRAME_TOP - FRAME_TOP

SECTIONS = (
    sections_claim.header,
    sections_claim.people,
    sections_claim.service_lines,
    sections_claim.diagnoses,
    sections_body.muscles,
    sections_body.drugs,
    sections_review.documentation,
    sections_review.findings,
    sections_review.rationale,
    sections_review.data_used,
    sections_review.attestation,
)


def story(summary: ClaimSummary, width: float = FRAME_WIDTH) -> list[Block]:
    """The blocks of one summary, in reading order."""
    summary.coding  # noqa: B018 - fail early, with a plain reason, when there is no coding result
    blocks: list[Block] = []
    for section in SECTIONS:
        blocks += section(summary, width)
    return blocks


def furniture(summary: ClaimSummary) -> PageFurniture:
    """The running title, watermark and footer note for one summary's pages."""
    visit = summary.visit
    number = f"Visit #{visit.id}" if visit.id is not None else "Unsaved visit"
    title = (
        f"{number}  |  {visit.patient.display_name}  |  "
        f"DOS {us_date(visit.encounter.date_of_service)}"
    )
    note = f"|  printed {summary.generated_at:%m/%d/%Y %H:%M}" if summary.generated_at else ""
    return PageFurniture(plain(title), summary.watermark, note, summary.banner)


def _canvas(target: io.BytesIO, title: str) -> Canvas:
    canvas = Canvas(target, pagesize=letter)
    canvas.setTitle(title)
    canvas.setAuthor("TPI Desktop")
    canvas.setCreator(f"TPI Desktop {__version__}")
    canvas.setSubject("Trigger point injection claim summary")
    name_fonts(canvas)  # fixed font names, so that prepared forms fit every document
    return canvas


def render_claim_summaries(
    summaries: Sequence[ClaimSummary],
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> bytes:
    """One PDF holding every summary, each starting on a new page with its own page numbers.

    ``progress(done, total)`` is called as each summary is laid out; ``cancelled()`` is polled
    at the start of each one and stops the build with ``ExportCancelled``.
    """
    if not summaries:
        raise ValueError("no claim summaries to render")
    buffer = io.BytesIO()
    title = "Claim summary" if len(summaries) == 1 else f"Claim summaries ({len(summaries)})"
    canvas = _canvas(buffer, title)
    ink = Ink(canvas)
    total = len(summaries)
    done = 0  # pages finished (their content compressed)
    for index, summary in enumerate(summaries):
        if cancelled is not None and cancelled():
            raise ExportCancelled
        if progress is not None and index:
            progress(index, total)
        pages = paginate(story(summary), FRAME_WIDTH, FRAME_HEIGHT, FIRST_FRAME_HEIGHT)
        around = furniture(summary)
        for number, page in enumerate(pages, start=1):
            ink.new_page()
            top = FIRST_FRAME_TOP if number == 1 else FRAME_TOP
            for block, offset in page:
                block.draw(ink, FRAME_LEFT, top - offset)
            paint_furniture(ink, around, number, len(pages))
            canvas.showPage()
        compress_pages(canvas, done)
        done += len(pages)
    canvas.save()
    if progress is not None:
        progress(total, total)
    return buffer.getvalue()


def render_claim_summary(summary: ClaimSummary) -> bytes:
    """The claim summary PDF of one visit, as bytes."""
    return render_claim_summaries([summary])


def write_pdf(data: bytes, path: Path) -> Path:
    """Write PDF bytes through a temporary file, so a failed write never leaves half a PDF."""
    path = Path(path)
    # A unique temporary name: two writers of the same file never share a half-written one.
    try:
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    except OSError as error:  # name the file the user asked for, not the temporary one
        raise OSError(error.errno, error.strerror, str(path)) from error
    part = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(part, path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return path


def write_claim_summary(summary: ClaimSummary, path: Path) -> Path:
    """Render ``summary`` and write it to ``path``; returns the path."""
    return write_pdf(render_claim_summary(summary), path)
