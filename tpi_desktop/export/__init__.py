"""Claim summary PDFs (reportlab, with svglib for the body figure): values in, bytes out.

The exporter is handed everything it prints in a ``ClaimSummary``; it never reads the database,
never runs the coding engine and never imports Qt. See ``document`` for the page order.
"""

from __future__ import annotations

from tpi_desktop.export.canvas import ExportCancelled
from tpi_desktop.export.document import (
    render_claim_summaries,
    render_claim_summary,
    write_claim_summary,
    write_pdf,
)
from tpi_desktop.export.summary import DEFAULT_ACCENT, ClaimSummary

__all__ = [
    "DEFAULT_ACCENT",
    "ClaimSummary",
    "ExportCancelled",
    "render_claim_summaries",
    "render_claim_summary",
    "write_claim_summary",
    "write_pdf",
]
