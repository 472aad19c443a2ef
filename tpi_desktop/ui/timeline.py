"""The patient's TPI sessions on a date axis, with the payer's window and the next covered date.

Painted with QPainter: two lines of text (sessions used in the window; the next covered date),
then the axis with the rolling window shaded, earlier sessions as grey dots (hollow when outside
the window), this visit as a larger accent dot, and the next covered date as a flagged marker,
then month ticks. The text says everything the marks show, so nothing depends on colour.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetrics, QFontMetricsF, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from tpi_desktop.ui import palette

if TYPE_CHECKING:
    from tpi_desktop.domain import Eligibility

_PAD_X = 12.0
_TEXT_SIZE = 9.5
_DEFAULT_SPAN_DAYS = 365


def format_date(day: dt.date) -> str:
    """ "Mon 15 Jun 2026": unambiguous in every locale's reading of digits."""
    return day.strftime("%a %d %b %Y").replace(" 0", " ", 1)


def _fit(metrics: QFontMetrics, variants: list[str], width: float) -> str:
    """The first variant that fits ``width``; the last one elided if none does."""
    for text in variants:
        if metrics.horizontalAdvance(text) <= width:
            return text
    return metrics.elidedText(variants[-1], Qt.TextElideMode.ElideRight, int(width))


class Timeline(QWidget):
    """Earlier sessions, this visit, the payer's window and the next covered date on one axis."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._dos: dt.date | None = None
        self._priors: tuple[dt.date, ...] = ()
        self._eligibility: Eligibility | None = None
        self.setAccessibleName("Session timeline")
        self.setMinimumHeight(self._needed_height())
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._update_text()

    def sizeHint(self) -> QSize:
        return QSize(380, self._needed_height())

    def _needed_height(self) -> int:
        # Two text lines, the axis band, the month labels (see paintEvent for the same sums).
        line_h = QFontMetricsF(palette.ui_font(_TEXT_SIZE)).height()
        return int(4 + 2 * line_h + 6 + 14 + 10 + line_h + 6)

    def set_data(
        self,
        date_of_service: dt.date | None,
        prior_sessions: Iterable[dt.date],
        eligibility: Eligibility | None,
    ) -> None:
        """Show this visit's date, the patient's earlier session dates and the engine's standing.

        A click on a muscle recodes the visit but rarely changes any of these: then nothing is
        repainted (the axis, its ticks and dots are a millisecond or two of every frame)."""
        priors = tuple(sorted(set(prior_sessions)))
        if (date_of_service, priors, eligibility) == (self._dos, self._priors, self._eligibility):
            return
        self._dos = date_of_service
        self._priors = priors
        self._eligibility = eligibility
        self._update_text()
        self.update()

    def summary_text(self) -> str:
        """First line: how many sessions the window holds (or why there is no window)."""
        e = self._eligibility
        if self._dos is None:
            return "No date of service yet"
        if e is None:
            n = len([d for d in self._priors if d < self._dos])
            return f"{n} earlier session{'s' * (n != 1)} · no frequency limit for this payer"
        return (
            f"{e.sessions_in_window} of {e.limit} session{'s' * (e.limit != 1)} used in the "
            f"{e.window_days} days before this visit"
        )

    def next_eligible_text(self) -> str:
        """Second line: the next covered date written out ("" without a frequency rule)."""
        e = self._eligibility
        if e is None or self._dos is None:
            return ""
        text = f"Next covered date: {format_date(e.next_eligible_date)}"
        if e.next_eligible_date <= self._dos:
            text += " (this visit is covered)"
        return text

    def _summary_variants(self) -> list[str]:
        e = self._eligibility
        variants = [self.summary_text()]
        if e is not None and self._dos is not None:
            variants.append(f"{e.sessions_in_window} of {e.limit} sessions in {e.window_days} days")
        elif self._dos is not None:
            variants.append(f"{len(self._priors)} earlier · no frequency limit")
        return variants

    def _next_variants(self) -> list[str]:
        # Shorter forms of the same facts for a narrow column, so nothing needs eliding.
        e = self._eligibility
        if e is None or self._dos is None:
            return [""]
        covered = e.next_eligible_date <= self._dos
        day = e.next_eligible_date
        return [
            self.next_eligible_text(),
            f"Next covered date: {format_date(day)}" + (" (this visit)" if covered else ""),
            f"Next covered: {day.day} {day:%b %Y}" + (" (this visit)" if covered else ""),
            f"Next covered: {day.day} {day:%b %Y}",
        ]

    def _update_text(self) -> None:
        lines = [self.summary_text(), self.next_eligible_text()]
        self.setToolTip("\n".join(line for line in lines if line))
        self.setAccessibleDescription(". ".join(line for line in lines if line))

    def painted_text(self) -> tuple[str, str]:
        """The two text lines as painted at the current width (shorter forms when narrow)."""
        width = self.width() - 2 * _PAD_X
        plain = QFontMetrics(palette.ui_font(_TEXT_SIZE))
        bold = QFontMetrics(palette.ui_font(_TEXT_SIZE, bold=True))
        summary = _fit(plain, self._summary_variants(), width)
        return summary, _fit(bold, self._next_variants(), width)

    # --- painting -----------------------------------------------------------------------------
    def _range(self) -> tuple[dt.date, dt.date]:
        assert self._dos is not None
        e = self._eligibility
        window = e.window_days if e else _DEFAULT_SPAN_DAYS
        start = min([self._dos - dt.timedelta(days=window), *self._priors])
        end = max([self._dos, *self._priors, *([e.next_eligible_date] if e else [])])
        span = max(30, (end - start).days)
        pad = dt.timedelta(days=max(7, round(span * 0.04)))
        return start - pad, end + pad

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = palette.ui_font(_TEXT_SIZE)
        painter.setFont(font)
        metrics = painter.fontMetrics()
        line_h = metrics.height()
        width = self.width() - 2 * _PAD_X
        y = 4.0
        painter.setPen(palette.GREY_900)
        summary, shown = self.painted_text()
        painter.drawText(QPointF(_PAD_X, y + metrics.ascent()), summary)
        y += line_h
        next_text = self.next_eligible_text()
        if next_text:
            bold = palette.ui_font(_TEXT_SIZE, bold=True)
            painter.setFont(bold)
            painter.setPen(palette.ACCENT_DARK)
            painter.drawText(QPointF(_PAD_X, y + metrics.ascent()), shown)
            painter.setFont(font)
        y += line_h + 6
        if self._dos is None:
            return
        start, end = self._range()
        days = max(1, (end - start).days)

        # Room at the ends for the dot of this visit and the flag of the next covered date.
        left, span = _PAD_X + 8, width - 8 - 14

        def x_of(day: dt.date) -> float:
            return left + span * (day - start).days / days

        axis_y = y + 14
        e = self._eligibility
        if e is not None:
            band = QRectF(
                QPointF(x_of(self._dos - dt.timedelta(days=e.window_days)), axis_y - 12),
                QPointF(x_of(self._dos), axis_y + 12),
            )
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.ACCENT_HOVER)
            painter.drawRoundedRect(band, 3, 3)
        painter.setPen(QPen(palette.GREY_500, 1.2))
        painter.drawLine(QPointF(_PAD_X, axis_y), QPointF(_PAD_X + width, axis_y))
        self._paint_ticks(painter, start, end, x_of, axis_y)
        window_start = self._dos - dt.timedelta(days=e.window_days) if e else None
        for day in self._priors:
            inside = window_start is not None and window_start <= day < self._dos
            painter.setPen(QPen(palette.GREY_700, 1.5))
            painter.setBrush(palette.GREY_700 if inside else palette.ON_ACCENT)
            painter.drawEllipse(QPointF(x_of(day), axis_y), 4.5, 4.5)
        if e is not None and e.next_eligible_date > self._dos:
            nx = x_of(e.next_eligible_date)
            painter.setPen(QPen(palette.ACCENT_DARK, 1.2, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(nx, axis_y - 13), QPointF(nx, axis_y + 6))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.ACCENT_DARK)
            flag = QPolygonF(
                [QPointF(nx, axis_y - 13), QPointF(nx + 9, axis_y - 9.5), QPointF(nx, axis_y - 6)]
            )
            painter.drawPolygon(flag)
        painter.setPen(QPen(palette.ON_ACCENT, 2))
        painter.setBrush(palette.ACCENT)
        painter.drawEllipse(QPointF(x_of(self._dos), axis_y), 7, 7)

    def _paint_ticks(
        self,
        painter: QPainter,
        start: dt.date,
        end: dt.date,
        x_of: Callable[[dt.date], float],
        axis_y: float,
    ) -> None:
        """Month ticks; labels only as often as they fit (every 1, 2, 3, 6 or 12 months)."""
        metrics = painter.fontMetrics()
        label_w = metrics.horizontalAdvance("Mmm 00") + 8
        months: list[dt.date] = []
        day = dt.date(start.year, start.month, 1)
        while day <= end:
            if day >= start:
                months.append(day)
            day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        width = self.width() - 2 * _PAD_X
        every = next((n for n in (1, 2, 3, 6, 12) if len(months) / n * label_w <= width), 12)
        painter.setPen(QPen(palette.GREY_500, 1))
        for month in months:
            x = x_of(month)
            painter.drawLine(QPointF(x, axis_y + 3), QPointF(x, axis_y + 7))
            if (month.year * 12 + month.month - 1) % every:
                continue
            with_year = month.month == 1 or every >= 12
            text = month.strftime("%b %y" if with_year else "%b")
            painter.setPen(palette.GREY_700)
            tw = metrics.horizontalAdvance(text)
            left = min(max(x - tw / 2, 0.0), self.width() - tw)
            painter.drawText(QPointF(left, axis_y + 10 + metrics.ascent()), text)
            painter.setPen(QPen(palette.GREY_500, 1))
