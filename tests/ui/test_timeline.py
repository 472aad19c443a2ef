"""The session timeline: text, and the marks it paints (window band, dots, next-date flag)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtGui import QColor, QImage

from tpi_desktop.domain import Eligibility
from tpi_desktop.ui import palette
from tpi_desktop.ui.timeline import Timeline

DOS = dt.date(2026, 6, 15)
PRIORS = (dt.date(2025, 9, 1), dt.date(2026, 1, 10), dt.date(2026, 4, 2))


@pytest.fixture
def timeline(qtbot) -> Timeline:  # type: ignore[no-untyped-def]
    widget = Timeline()
    qtbot.addWidget(widget)
    widget.resize(380, widget.sizeHint().height())
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def count_colour(image: QImage, colour: QColor, tolerance: int = 8) -> int:
    hits = 0
    for y in range(image.height()):
        for x in range(image.width()):
            c = image.pixelColor(x, y)
            if (
                abs(c.red() - colour.red()) <= tolerance
                and abs(c.green() - colour.green()) <= tolerance
                and abs(c.blue() - colour.blue()) <= tolerance
            ):
                hits += 1
    return hits


def test_size(timeline: Timeline) -> None:
    assert 80 <= timeline.sizeHint().height() <= 110


def test_blocked_visit_shows_next_date(timeline: Timeline) -> None:
    eligibility = Eligibility(3, 3, 365, dt.date(2026, 9, 2), dt.date(2026, 5, 14))
    timeline.set_data(DOS, PRIORS, eligibility)
    assert timeline.summary_text() == "3 of 3 sessions used in the 365 days before this visit"
    assert timeline.next_eligible_text() == "Next covered date: Wed 2 Sep 2026"
    assert "Wed 2 Sep 2026" in timeline.toolTip()
    image = timeline.grab().toImage()
    assert count_colour(image, palette.ACCENT_HOVER) > 500  # the shaded window
    assert count_colour(image, palette.ACCENT, 20) > 40  # this visit's dot
    assert count_colour(image, palette.GREY_700, 20) > 3 * 30  # three filled earlier sessions


def test_covered_visit(timeline: Timeline) -> None:
    timeline.set_data(DOS, PRIORS[:1], Eligibility(1, 3, 365, DOS, None))
    expected = "Next covered date: Mon 15 Jun 2026 (this visit is covered)"
    assert timeline.next_eligible_text() == expected
    assert not timeline.grab().isNull()


def test_no_frequency_rule(timeline: Timeline) -> None:
    timeline.set_data(DOS, PRIORS, None)
    assert timeline.summary_text() == "3 earlier sessions · no frequency limit for this payer"
    assert timeline.next_eligible_text() == ""
    image = timeline.grab().toImage()
    assert count_colour(image, palette.ACCENT_HOVER) < 20  # no window to shade (dot edges aside)


def test_no_date_yet(timeline: Timeline) -> None:
    timeline.set_data(None, (), None)
    assert timeline.summary_text() == "No date of service yet"
    assert not timeline.grab().isNull()


@pytest.mark.parametrize("width", [260, 300, 380, 500])
def test_text_never_cut_off(timeline: Timeline, width: int) -> None:
    timeline.set_data(DOS, PRIORS[:1], Eligibility(1, 3, 365, DOS, None))
    timeline.resize(width, timeline.height())
    summary, next_line = timeline.painted_text()
    assert "…" not in summary and "…" not in next_line
    assert "15 Jun 2026" in next_line
