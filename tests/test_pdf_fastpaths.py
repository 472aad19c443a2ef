"""The exporter's own layout (``blocks``, ``grid``, ``ink``) lays out and writes what stock
reportlab would: the same line breaks, row heights, splits and text operators."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph
from reportlab.platypus import Table as RLTable

from tpi_desktop.export import figure, styles
from tpi_desktop.export.blocks import Gap, Icon, Keep, Text, paginate
from tpi_desktop.export.grid import Table
from tpi_desktop.export.ink import Ink
from tpi_desktop.export.styles import BODY, CELL, H2, HOUSE_CELL, SMALL, grid_style

TEXTS = [
    "Muscles injected",
    "1 distinct muscle: left sternocleidomastoid -> 20552 x1; units are always 1",
    "x",
    "Present: taut band, local twitch response",
    " ".join(["Triamcinolone acetonide 40 mg per unit, rounded up to whole units."] * 12),
]
STYLES = [BODY, CELL, H2, SMALL, styles.MUTED_SMALL, styles.CELL_MONO]


# Widths where every word fits on a line (a longer word is cut, not compared here).
@pytest.mark.parametrize("width", [120.0, 180.0, 300.0])
@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("style", STYLES, ids=lambda s: s.name)
def test_text_breaks_into_the_lines_a_paragraph_would(
    text: str, style: object, width: float
) -> None:
    ours, stock = Text(text, style), Paragraph(text, style)
    assert ours.wrap(width) == stock.wrap(width, 10_000)[1]
    stock_lines = [" ".join(words) for _, words in stock.blPara.lines]
    assert [runs[0][0] for _, runs in ours.lines] == stock_lines


def test_runs_in_several_fonts_wrap_into_words_that_keep_their_fonts() -> None:
    text = styles.rich(CELL, ("local_anesthetic", styles.MONO, None), ": a finding " * 20)
    text.wrap(200)
    first = text.lines[0][1]
    assert first[0] == ("local_anesthetic", styles.MONO, CELL.textColor)
    assert first[1][0].startswith(": a finding") and first[1][1] == CELL.fontName
    assert len(text.lines) > 1 and all(width <= 200 * 1.01 for width, _ in text.lines)


def test_a_paragraph_splits_by_lines_and_never_leaves_one_orphaned_line() -> None:
    text = Text(TEXTS[-1], BODY)
    lines = len(text.lines) if text.wrap(300) else 0
    assert text.split(300, BODY.leading * 1.5) == []  # one line would be left alone
    first, rest = text.split(300, BODY.leading * 2.5)
    assert first.wrap(300) == 2 * BODY.leading
    assert rest.wrap(300) == (lines - 2) * BODY.leading


def _pair(rows: list[list[object]], widths: list[float]) -> tuple[Table, RLTable]:
    ours = Table([list(r) for r in rows], widths, grid_style(1, rows=len(rows)), repeat=1)
    stock = RLTable([list(r) for r in rows], colWidths=widths, repeatRows=1)
    stock.setStyle(
        [
            ("FONT", (0, 0), (-1, -1), HOUSE_CELL[0], HOUSE_CELL[1]),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ("LEFTPADDING", (0, 0), (-1, -1), 3.5),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3.5),
            *grid_style(1, rows=len(rows)),
        ]
    )
    return ours, stock


def test_rows_are_as_tall_as_reportlab_makes_them() -> None:
    _, stock = _pair([["#", "24A\nDate", ""], ["1", "Trapezius", ""]], [20.0, 100.0, 30.0])
    ours = Table(stock._cellvalues, [20.0, 100.0, 30.0], grid_style(1, rows=2), cell=HOUSE_CELL)
    stock.wrap(150, 10_000)
    assert ours.wrap(150) == pytest.approx(stock._height)
    assert ours.heights == pytest.approx(stock._rowHeights)


def test_a_long_table_splits_between_rows_with_its_header_repeated() -> None:
    rows: list[list[object]] = [["#", "Why"]] + [[str(i), Text(TEXTS[-1], CELL)] for i in range(6)]
    ours = Table(rows, [20.0, 300.0], grid_style(1, rows=len(rows)), repeat=1, cell=HOUSE_CELL)
    full = ours.wrap(320)
    first, rest = ours.split(320, 200)
    assert first.wrap(320) <= 200 and first.rows[0] == rest.rows[0] == 0  # header on both
    assert first.rows[1:] + rest.rows[1:] == list(range(1, 7))  # every row once, in order
    assert first.wrap(320) + rest.wrap(320) == pytest.approx(full + ours.heights[0])
    ours.style([("NOSPLIT", (0, 1), (-1, 6))])
    assert ours.split(320, 200) == []  # kept whole: it moves to the next page


def _content(canvas: Canvas) -> str:
    return "\n".join(canvas._code)


@pytest.mark.parametrize("align", ["LEFT", "RIGHT", "CENTRE"])
@pytest.mark.parametrize("valign", ["TOP", "MIDDLE", "BOTTOM"])
def test_string_cells_land_where_draw_string_puts_them(align: str, valign: str) -> None:
    data = [["Code", "Units", ""], ["J3301", "4", ""], ["Café 2 -> ok", "$12.80", ""]]
    placed = []
    for make in ("ours", "stock"):
        canvas = Canvas(io.BytesIO())
        extra = [("ALIGN", (0, 0), (-1, -1), align), ("VALIGN", (0, 0), (-1, -1), valign)]
        if make == "ours":
            table = Table(data, [90.0, 60.0, 20.0], grid_style(1) + extra)
            table.wrap(170)
            table.draw(Ink(canvas), 0, table.height)  # stock draws at a translated origin
        else:
            stock = RLTable([list(r) for r in data], colWidths=[90, 60, 20])
            stock.setStyle(grid_style(1) + extra)
            stock.wrapOn(canvas, 400, 400)
            stock.drawOn(canvas, 10, 10)
        found = re.findall(r"1 0 0 1 (\S+ \S+) Tm \((.*?)\) Tj", _content(canvas))
        placed.append([(tuple(round(float(v), 3) for v in xy.split()), t) for xy, t in found if t])
    ours_at, stock_at = placed
    assert ours_at and ours_at == stock_at


def test_a_kept_group_moves_whole_to_the_next_page_and_a_gap_never_splits() -> None:
    filler = Gap(700)
    keep = Keep([Text("Attestation", H2), Text(TEXTS[-1], BODY)])
    pages = paginate([filler, keep], 500, 720)
    assert len(pages) == 2 and [type(b) for b, _ in pages[1]] == [Text, Text]
    assert pages[1][0][1] == 0  # at the top of the page, without its space before


def test_the_figure_text_uses_the_font_names_of_the_document_it_lands_in() -> None:
    view = figure.load_view(figure.Path(__file__).parents[1] / "resources" / "body" / "front.svg")
    assert view is not None and view.text_ops is not None
    canvas = Canvas(io.BytesIO())
    canvas.setFont("Courier", 9)  # so that this document numbers its fonts differently
    canvas.setFont("Helvetica-Bold", 9)
    view.text_ops.paste(canvas)
    pasted = _content(canvas)
    bold = canvas._doc.getInternalFontName("Helvetica-Bold")
    assert f"{bold} 26 Tf" in pasted  # the R and L marks, in this document's bold
    used = set(re.findall(r"(/F\d+) [\d.]+ Tf", pasted))
    assert used <= set(canvas._doc.fontMapping.values())


def test_each_icon_is_drawn_once_per_document_and_placed_where_it_recurs() -> None:
    canvas = Canvas(io.BytesIO())
    ink = Ink(canvas)
    for _ in range(3):
        for kind in ("present", "missing"):
            Icon(kind).draw(ink, 10, 20)
    canvas.showPage()
    page = PdfReader(io.BytesIO(canvas.getpdfdata())).pages[0]
    forms = page["/Resources"]["/XObject"]
    assert len(forms) == 2  # one per kind of symbol
    assert len(re.findall(rb"/\S+ Do", page.get_contents().get_data())) == 6


def test_ink_sets_fonts_and_colours_only_when_they_change() -> None:
    canvas = Canvas(io.BytesIO())
    ink = Ink(canvas)
    for x in range(3):
        ink.text(x, 0, "a", "Helvetica", 9, styles.INK)
    code = _content(canvas)
    assert code.count(" Tf ") == 1 and code.count(" rg") == 1 and code.count(" Tj") == 3
