"""The page furniture: running header, DRAFT banner and watermark, and "Page N of M".

"Page N of M" needs M before any page is written, so the canvas holds each finished page's
state and paints the furniture in ``save`` (the reportlab "numbered canvas" recipe). A combined
PDF holds several summaries: a zero-size ``SummaryStart`` flowable at the top of each one tells
the canvas which summary the following pages belong to, so numbering, the running header and the
DRAFT mark are per summary.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.flowables import Flowable

from tpi_desktop.export.styles import BOLD, BOTTOM_MARGIN, DRAFT_RED, FONT, MUTED, PAGE_MARGIN, RULE

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


class SummaryStart(Flowable):  # type: ignore[misc]
    """Marks where summary ``index`` begins; reports progress and honours cancellation."""

    def __init__(
        self,
        index: int,
        total: int,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> None:
        super().__init__()
        self.index, self.total = index, total
        self.progress, self.cancelled = progress, cancelled
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise ExportCancelled
        self.canv.tpi_summary_index = self.index
        if self.progress is not None and self.index > 0:
            self.progress(self.index, self.total)


def clipped(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut short with "..." so that it is at most ``width`` wide."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "...", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "..."


class ClaimCanvas(Canvas):  # type: ignore[misc]
    """A canvas that paints per-summary furniture on every page once the page count is known."""

    def __init__(self, *args: Any, furniture: Sequence[PageFurniture] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tpi_summary_index = 0
        self._furniture = list(furniture)
        self._pages: list[tuple[int, dict[str, Any]]] = []

    def showPage(self) -> None:
        self._pages.append((self.tpi_summary_index, dict(self.__dict__)))
        self._startPage()

    def save(self) -> None:
        totals = Counter(index for index, _ in self._pages)
        seen: Counter[int] = Counter()
        for index, state in self._pages:
            self.__dict__.update(state)
            seen[index] += 1
            if index < len(self._furniture):
                self._paint(self._furniture[index], seen[index], totals[index])
            super().showPage()
        super().save()

    def _paint(self, furniture: PageFurniture, page: int, pages: int) -> None:
        left, right = PAGE_MARGIN, PAGE_WIDTH - PAGE_MARGIN
        self.saveState()
        top = PAGE_HEIGHT - 0.42 * 72
        if furniture.watermark:
            self._watermark(furniture.watermark, furniture.banner or furniture.watermark, top)
            top -= 20
        if page > 1:
            self.setFont(FONT, 8)
            self.setFillColor(MUTED)
            running = f"Claim summary (continued)   {furniture.running_title}"
            self.drawString(left, top - 9, clipped(running, FONT, 8, right - left))
            self.setStrokeColor(RULE)
            self.setLineWidth(0.5)
            self.line(left, top - 13, right, top - 13)
        footer_y = BOTTOM_MARGIN - 26
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        self.line(left, footer_y + 11, right, footer_y + 11)
        self.setFont(FONT, 8)
        self.setFillColor(MUTED)
        number = f"Page {page} of {pages}"
        room = right - left - stringWidth(number, BOLD, 8) - 12  # a long name stops short of it
        footer = f"{furniture.running_title}   {furniture.footer_note}".strip()
        self.drawString(left, footer_y, clipped(footer, FONT, 8, room))
        self.setFont(BOLD, 8)
        self.drawRightString(right, footer_y, number)
        self.restoreState()

    def _watermark(self, word: str, banner: str, top: float) -> None:
        left, right = PAGE_MARGIN, PAGE_WIDTH - PAGE_MARGIN
        self.setFillColor(DRAFT_RED)
        self.rect(left, top - 4, right - left, 16, stroke=0, fill=1)
        self.setFillColor(colors.white)
        self.setFont(BOLD, 9.5)
        self.drawCentredString(PAGE_WIDTH / 2, top + 0.5, banner)
        # The diagonal word sits over the content at low opacity, so it cannot hide anything.
        self.saveState()
        self.setFillColor(DRAFT_RED, alpha=0.11)
        self.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
        self.rotate(40)
        size = 130 if len(word) <= 5 else 88
        self.setFont(BOLD, size)
        self.drawCentredString(0, -size / 3, word)
        self.restoreState()
