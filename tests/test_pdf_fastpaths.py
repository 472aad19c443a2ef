"""The exporter's shortcuts draw what plain reportlab would: same fragments, sizes and splits."""

from __future__ import annotations

import io
import re
from itertools import chain

import pytest
from pypdf import PdfReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, Table

from tpi_desktop.export import figure, styles
from tpi_desktop.export.flowables import Grid, Para
from tpi_desktop.export.styles import BODY, CELL, H2, SMALL, Icon, grid_style

TEXTS = [
    "Muscles injected",
    "1 distinct muscle: left sternocleidomastoid -> 20552 x1; units are always 1",
    "x",
    "Present: taut band, local twitch response",
]
STYLES = [BODY, CELL, H2, SMALL, styles.MUTED_SMALL, styles.CELL_MONO]
LONG = " ".join(["Triamcinolone acetonide 40 mg per unit, rounded up to whole units."] * 12)


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("style", STYLES, ids=lambda s: s.name)
def test_plain_text_gets_the_fragment_the_parser_makes(text: str, style: object) -> None:
    fast, parsed = Para(text, style).frags, Paragraph(text, style).frags
    assert [f.__dict__ for f in fast] == [f.__dict__ for f in parsed]
    assert fast[0].link is not parsed[0].link  # no list shared between paragraphs


@pytest.mark.parametrize(
    ("text", "runs"),
    [
        ("<b>Item 19</b> line", ["Item 19", " line"]),
        ("a &amp; b -&gt; c", ["a & b -> c"]),  # the parser cuts at each entity: joined again
        ("<font name='Courier'>x_y</font>: a &lt; b", ["x_y", ": a < b"]),
        (" padded ", ["padded"]),
        ("two  spaces", ["two spaces"]),
    ],
)
def test_text_with_markup_is_parsed_and_same_style_runs_joined(text: str, runs: list[str]) -> None:
    fast, parsed = Para(text, CELL).frags, Paragraph(text, CELL).frags
    assert [f.text for f in fast] == runs
    assert "".join(f.text for f in fast) == "".join(f.text for f in parsed)
    fonts = [f.fontName for f in parsed]
    assert [f.fontName for f in fast] == [n for i, n in enumerate(fonts) if fonts[i - 1 : i] != [n]]


def test_a_paragraph_measured_again_gives_the_same_size_and_splits_the_same() -> None:
    para, plain = Para(LONG, BODY), Paragraph(LONG, BODY)
    for width in (300, 300, 180, 300):
        assert para.wrap(width, 10_000) == plain.wrap(width, 10_000)
    for height in (5, 40):  # too short for two lines: split gives up and forgets its lines
        assert [p.height for p in para.split(300, height) if p.wrap(300, 10_000)] == [
            p.height for p in plain.split(300, height) if p.wrap(300, 10_000)
        ]
        assert para.wrap(300, 10_000) == plain.wrap(300, 10_000)


def _tables() -> tuple[Table, Table]:
    rows = [["#", "Why"]] + [[str(i), Para(LONG, CELL)] for i in range(6)]
    made = []
    for cls in (Grid, Table):
        table = cls([list(r) for r in rows], colWidths=[20, 300], repeatRows=1)
        table.setStyle(grid_style(1, rows=len(rows)))
        made.append(table)
    return made[0], made[1]


def test_a_table_measured_again_or_after_a_split_gives_the_same_size() -> None:
    grid, table = _tables()
    assert grid.wrap(320, 10_000) == table.wrap(320, 10_000)
    assert grid.wrap(320, 50) == table.wrap(320, 50)
    parts, expected = grid.split(320, 200), table.split(320, 200)
    assert [p.wrap(320, 10_000) for p in parts] == [p.wrap(320, 10_000) for p in expected]
    assert grid.wrap(320, 10_000) == table.wrap(320, 10_000)


def _content(canvas: Canvas) -> str:
    return "\n".join(canvas._code)


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
    for _ in range(3):
        for kind in ("present", "missing"):
            Icon(kind).drawOn(canvas, 10, 10)
    canvas.showPage()
    page = PdfReader(io.BytesIO(canvas.getpdfdata())).pages[0]
    forms = page["/Resources"]["/XObject"]
    assert len(forms) == 2  # one per kind of symbol
    assert len(re.findall(rb"/\S+ Do", page.get_contents().get_data())) == 6


def test_a_house_grid_gives_every_cell_the_style_grid_style_would() -> None:
    data: list[list[object]] = [["#", "Muscle"], ["1", "Trapezius"], ["2", "Levator scapulae"]]
    house = styles.house_grid([list(r) for r in data], colWidths=[20, 200])
    plain = Table([list(r) for r in data], colWidths=[20, 200])
    plain.setStyle(grid_style(1, rows=len(data)))
    fields = ("fontname", "fontsize", "leading", "valign", "alignment", "color")
    fields += ("topPadding", "bottomPadding", "leftPadding", "rightPadding")
    cells = zip(chain(*house._cellStyles), chain(*plain._cellStyles), strict=True)
    for got, want in cells:
        assert [getattr(got, f) for f in fields] == [getattr(want, f) for f in fields]
    assert house._bkgrndcmds == plain._bkgrndcmds and house._linecmds == plain._linecmds


@pytest.mark.parametrize("align", ["LEFT", "RIGHT", "CENTRE"])
@pytest.mark.parametrize("valign", ["TOP", "MIDDLE", "BOTTOM"])
def test_plain_cells_are_written_as_draw_string_writes_them(align: str, valign: str) -> None:
    data = [["Code", "Units", ""], ["J3301", "4", ""], ["Café ≥ 2 → ok", "$12.80", ""]]
    written = []
    for cls in (Grid, Table):
        canvas = Canvas(io.BytesIO())
        table = cls([list(r) for r in data], colWidths=[90, 60, 20])
        table.setStyle(grid_style(1))
        table.setStyle([("ALIGN", (0, 0), (-1, -1), align), ("VALIGN", (0, 0), (-1, -1), valign)])
        table.wrapOn(canvas, 400, 400)
        table.drawOn(canvas, 10, 10)
        written.append(re.findall(r"BT 1 0 0 1 .*? ET", _content(canvas)))
    grid, table = written
    assert grid and grid == [t for t in table if "Tm  T* ET" not in t]  # less the empty cells
