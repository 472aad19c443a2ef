"""The page furniture: running header, DRAFT banner and watermark, and "Page N of M".

"Page N of M" needs M before any page is written: a summary is laid out whole before its first
page is drawn, so the count is known when each page's furniture is painted. In a combined PDF
numbering, the running header and the DRAFT mark are per summary.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from tpi_desktop.export.ink import Ink, width_of
from tpi_desktop.export.styles import BOLD, DRAFT_RED, FONT, FOOTER_Y, MUTED, PAGE_MARGIN, RULE

PAGE_WIDTH, PAGE_HEIGHT = letter


class ExportCancelled(Exception):
    """Raised inside a build when the caller's cancel check answered yes."""


@dataclass(frozen=True, slots=True)
class PageFurniture:
    """What one summary prints around its pages."""

    running_title: str  # "Visit #12 · Rivera, Ana · DOS 06/15/2026"
    watermark: str | None  # "DRAFT", "SUPERSEDED" or None for a final visit
    footer_note: str = ""
    banner: str = ""  # the line in the red band, e.g. "DRAFT - NOT FINALIZED - NOT FOR SUBMISSION"


def clipped(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut short with "..." so that it is at most ``width`` wide."""
    if width_of(text, font, size) <= width:
        return text
    while text and stringWidth(text + "...", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "..."


def paint_furniture(ink: Ink, furniture: PageFurniture, page: int, pages: int) -> None:
    """Paint the running header, the DRAFT banner and watermark and the footer on the current
    page, over its content (the watermark is faint enough not to hide anything).

    Written through ``ink`` (its text, rules and colours, the same operators the canvas would
    write) except the DRAFT mark, which needs the canvas's transparency and rotation.
    """
    c = ink.canvas
    left, right = PAGE_MARGIN, PAGE_WIDTH - PAGE_MARGIN
    c.saveState()
    top = PAGE_HEIGHT - 0.42 * 72
    if furniture.watermark:
        _watermark(c, furniture.watermark, furniture.banner or furniture.watermark, top)
        ink.forget()
        top -= 20
    if page > 1:
        running = f"Claim summary (continued)   {furniture.running_title}"
        ink.text(left, top - 9, clipped(running, FONT, 8, right - left), FONT, 8, MUTED)
        ink.stroke(RULE, 0.5)
        ink.line(left, top - 13, right, top - 13)
    footer_y = FOOTER_Y
    ink.stroke(RULE, 0.5)
    ink.line(left, footer_y + 11, right, footer_y + 11)
    number = f"Page {page} of {pages}"
    room = right - left - width_of(number, BOLD, 8) - 12  # a long name stops short of it
    footer = f"{furniture.running_title}   {furniture.footer_note}".strip()
    ink.text(left, footer_y, clipped(footer, FONT, 8, room), FONT, 8, MUTED)
    ink.text(right - width_of(number, BOLD, 8), footer_y, number, BOLD, 8, MUTED)
    c.restoreState()
    ink.forget()


def _watermark(c: Canvas, word: str, banner: str, top: float) -> None:
    left, right = PAGE_MARGIN, PAGE_WIDTH - PAGE_MARGIN
    c.setFillColor(DRAFT_RED)
    c.rect(left, top - 4, right - left, 16, stroke=0, fill=1)
    c.setFillColor(colors.white)
    c.setFont(BOLD, 9.5)
    c.drawCentredString(PAGE_WIDTH / 2, top + 0.5, banner)
    # The diagonal word sits over the content at low opacity, so it cannot hide anything.
    c.saveState()
    c.setFillColor(DRAFT_RED, alpha=0.11)
    c.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    c.rotate(40)
    size = 130 if len(word) <= 5 else 88
    c.setFont(BOLD, size)
    c.drawCentredString(0, -size / 3, word)
    c.restoreState()
