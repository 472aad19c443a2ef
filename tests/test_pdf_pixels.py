"""The claim summary as a reader sees it: pages rendered by pdftoppm, pixels checked.

The body figure is the first thing in the left column under "Muscles injected": its left edge is
the frame's left edge (page margin + frame padding) and the two views are ``view_width`` wide
with ``gap`` between them, which is how the tests find each view on the page.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tests.test_pdf_samples import ACCENT, BODY_DIR, long_visit, render_png, seed_visit, summary_of
from tpi_desktop.domain import Injection, Side
from tpi_desktop.export import ClaimSummary, write_claim_summary
from tpi_desktop.export.figure import BodyFigure
from tpi_desktop.export.styles import PAGE_MARGIN

Image = pytest.importorskip("PIL.Image")

DPI = 144
ACCENT_RGB = tuple(int(ACCENT[i : i + 2], 16) for i in (1, 3, 5))
FIGURE_LEFT = PAGE_MARGIN + 6  # frame padding
VIEW_WIDTH = BodyFigure.__init__.__defaults__[0]  # type: ignore[index]
GAP = 10.0


def _is_accent(pixel: tuple[int, ...]) -> bool:
    return all(abs(a - b) <= 18 for a, b in zip(pixel[:3], ACCENT_RGB, strict=True))


def _accent_columns(png: Path) -> list[float]:
    """x (in points) of every accent-coloured pixel in the figure column of the page."""
    image = Image.open(png).convert("RGB")
    scale = DPI / 72
    right = int((FIGURE_LEFT + 2 * VIEW_WIDTH + GAP) * scale)
    pixels = image.load()
    found = []
    for x in range(int(FIGURE_LEFT * scale), right):
        for y in range(0, image.height, 2):
            if _is_accent(pixels[x, y]):
                found.append(x / scale)
    return found


def _render(summary: ClaimSummary, tmp_path: Path, pages: int | None = 1) -> list[Path]:
    pdf = write_claim_summary(summary, tmp_path / "summary.pdf")
    return render_png(pdf, tmp_path, DPI, pages)


def test_no_page_is_blank(tmp_path: Path) -> None:
    pages = _render(summary_of(long_visit()), tmp_path, None)
    assert len(pages) >= 4
    for png in pages:
        image = Image.open(png).convert("L")
        dark = sum(image.histogram()[:160])
        assert dark > image.width * image.height * 0.004, f"{png.name} looks blank"


def test_svg_regions_exist_for_the_seed_muscles() -> None:
    text = (BODY_DIR / "back.svg").read_text(encoding="utf-8")
    for region in ("upper_trapezius.right", "posterior_deltoid.right", "supraspinatus.right"):
        assert f'id="{region}"' in text, f"resources/body/back.svg has no region {region}"


def test_injected_muscles_are_filled_on_the_patients_side(tmp_path: Path) -> None:
    """Seed: three right shoulder-girdle muscles, drawn on the back view where the patient's
    right is on the viewer's right."""
    first_page = _render(summary_of(seed_visit()), tmp_path)[0]
    columns = _accent_columns(first_page)
    assert len(columns) > 40, "no accent colour in the body figure"
    back_left = FIGURE_LEFT + VIEW_WIDTH + GAP
    back_middle = back_left + VIEW_WIDTH / 2
    assert min(columns) > back_middle - 4, "accent outside the right half of the back view"


def test_front_view_right_side_is_on_the_viewers_left(tmp_path: Path) -> None:
    visit = seed_visit()
    enc = dataclasses.replace(
        visit.encounter, injections=(Injection("pectoralis_major", Side.RIGHT),)
    )
    first_page = _render(summary_of(dataclasses.replace(visit, encounter=enc)), tmp_path)[0]
    columns = _accent_columns(first_page)
    assert len(columns) > 40, "no accent colour in the body figure"
    assert max(columns) < FIGURE_LEFT + VIEW_WIDTH / 2 + 4, (
        "right pectoralis not on the viewer's left"
    )


def test_muscles_without_a_region_leave_the_figure_unfilled(tmp_path: Path) -> None:
    visit = seed_visit()
    # picked from the list: no region in either SVG
    enc = dataclasses.replace(
        visit.encounter, injections=(Injection("longissimus_capitis", Side.LEFT),)
    )
    first_page = _render(summary_of(dataclasses.replace(visit, encounter=enc)), tmp_path)[0]
    assert _accent_columns(first_page) == []


SYNTHETIC = """<svg xmlns="http://www.w3.org/2000/svg" width="400" height="900"
 viewBox="0 0 400 900"><style>.outline {{ fill: #00c000; stroke: none; }}
 .region {{ fill: #e6d5cc; stroke: #9c8478; }}</style>
<g id="outline" class="outline"><path d="M 50 50 L 350 50 L 350 850 L 50 850 Z"/></g>
<g id="regions">
<path id="{left_id}" class="region" d="M 100 200 C 120 195 160 195 180 200 L 180 300 L 100 300 Z"/>
<path id="{right_id}" class="region" d="M 220 200 C 240 195 280 195 300 200 L 300 300 L 220 300 Z"/>
</g></svg>"""


def test_figure_is_drawn_from_the_svg_files_it_is_given(tmp_path: Path) -> None:
    """A made-up pair of SVGs: the fill lands inside the injected region's outline only."""
    body = tmp_path / "body"
    body.mkdir()
    (body / "front.svg").write_text(
        SYNTHETIC.format(left_id="pectoralis_major.right", right_id="pectoralis_major.left")
    )
    (body / "back.svg").write_text(
        SYNTHETIC.format(left_id="upper_trapezius.left", right_id="upper_trapezius.right")
    )
    visit = seed_visit()
    enc = dataclasses.replace(
        visit.encounter, injections=(Injection("pectoralis_major", Side.LEFT),)
    )
    summary = summary_of(dataclasses.replace(visit, encounter=enc), body_dir=body)
    columns = _accent_columns(_render(summary, tmp_path)[0])
    scale = VIEW_WIDTH / 400  # SVG units to points
    region = (FIGURE_LEFT + 220 * scale, FIGURE_LEFT + 300 * scale)
    assert columns, "no accent colour in the body figure"
    assert region[0] - 1 <= min(columns) and max(columns) <= region[1] + 1
