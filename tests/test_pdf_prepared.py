"""What the exporter makes once per process (prepared PDF objects, formatted numbers and strings,
wrapped lines, figure labels) is exactly what reportlab makes fresh, and never leaks from one
visit's document into another's. These also pin the reportlab internals ``prepared`` relies on
(pinned reportlab>=5.1,<5.2): a change there fails here first."""

from __future__ import annotations

import copy
import dataclasses
import io
import re
import zlib

from pypdf import PdfReader
from reportlab.graphics.shapes import Group
from reportlab.lib import colors
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase.pdfdoc import xObjectName
from reportlab.pdfgen.canvas import Canvas

from tests.test_pdf_samples import long_visit, pdf_pages, seed_visit, summary_of
from tpi_desktop.export import document, figure, figure_ops, prepared, render_claim_summary, styles
from tpi_desktop.export.blocks import Icon, Text, _broken
from tpi_desktop.export.ink import Ink, num, pdf_string, rgb
from tpi_desktop.export.styles import CELL, ICON_KINDS, icon_form


def _objects(data: bytes) -> dict[int, bytes]:
    """Each indirect object of a PDF file, by number."""
    found = re.finditer(rb"(?ms)^(\d+) 0 obj\n(.*?)endobj\n", data)
    return {int(m.group(1)): m.group(2) for m in found}


def _contents(data: bytes) -> list[bytes]:
    """Each page's content, decoded."""
    return [page.get_contents().get_data() for page in PdfReader(io.BytesIO(data)).pages]


def test_numbers_strings_and_colours_are_written_as_reportlab_writes_them() -> None:
    for value in (0, 0.0, -0.0, 1, 0.5, 612, 45.6, 712.3456789, -3.25, 1e-9, 1 / 3, 99999.5):
        assert num(value) == fp_str(value)
        assert num(value) == fp_str(value)  # remembered, the same
    for text in ("Plain", "(a) \\ b", "Café 2 -> ok", "x\ty", ""):
        assert pdf_string(text) == escapePDF(text.encode("cp1252"))
    for colour in (styles.INK, styles.RULE, colors.white, colors.HexColor("#2f6fb3")):
        assert rgb(colour) == fp_str(colour.red, colour.green, colour.blue)


def test_fonts_named_in_advance_are_the_objects_reportlab_adds() -> None:
    ours = Canvas(io.BytesIO())
    assert prepared.name_fonts(ours) and prepared.fonts_named(ours)
    stock = Canvas(io.BytesIO())
    for font in prepared.FONTS:
        stock._doc.getInternalFontName(font)
    assert ours._doc.fontMapping == stock._doc.fontMapping
    ours.showPage()
    stock.showPage()
    assert _objects(ours.getpdfdata())[1] == _objects(stock.getpdfdata())[1]  # the font dict
    for number in range(2, 2 + len(prepared.FONTS)):
        assert _objects(ours.getpdfdata())[number] == _objects(stock.getpdfdata())[number]


def test_a_document_that_names_its_fonts_otherwise_draws_its_own_icons() -> None:
    canvas = Canvas(io.BytesIO())
    canvas.setFont("Courier", 9)  # Courier becomes /F2, so prepared forms do not fit here
    assert not prepared.name_fonts(canvas)
    Icon("error").draw(Ink(canvas), 10, 20)
    canvas.showPage()
    reader = PdfReader(io.BytesIO(canvas.getpdfdata()))
    form = next(iter(reader.pages[0]["/Resources"]["/XObject"].values())).get_object()
    used = set(re.findall(rb"(/F\d+) 7 Tf", form.get_data()))
    bold = canvas._doc.getInternalFontName("Helvetica-Bold").encode()
    assert used == {bold}  # the "!" in this document's bold, not in a prepared form's


def test_prepared_icon_forms_are_the_bytes_reportlab_formats_fresh() -> None:
    for kind in ICON_KINDS:
        canvas = document._canvas(io.BytesIO(), "x")
        name = styles.use_icon(canvas, kind)
        cached = prepared._PARTS[name]
        fresh = prepared.scratch_canvas()
        icon_form(fresh, kind)
        assert cached == prepared.formatted(fresh._doc, xObjectName(name))


def test_prepared_body_forms_are_the_bytes_reportlab_formats_fresh() -> None:
    for _, view in figure.load_views(figure.Path(__file__).parents[1] / "resources" / "body"):
        assert view is not None and view.ops is not None
        canvas = document._canvas(io.BytesIO(), "x")
        name = view.form(canvas)
        assert name is not None and prepared._PARTS[name] == prepared.stream_form(
            name, view.ops, view.width, view.height
        )
        objects = len(canvas._doc.idToObject)
        assert view.form(canvas) == name and len(canvas._doc.idToObject) == objects  # once


def test_page_content_is_what_reportlab_would_compress(monkeypatch) -> None:
    summary = summary_of(long_visit())
    ours = render_claim_summary(summary)
    monkeypatch.setattr(document, "compress_pages", lambda canvas, start=0: None)
    stock = render_claim_summary(summary)  # reportlab's own ASCII85 and Flate
    assert _contents(ours) == _contents(stock) and len(_contents(ours)) > 1
    assert b"/ASCII85Decode" in stock
    pages = [o for o in _objects(ours).values() if o.startswith(b"<<\n/Filter /FlateDecode")]
    assert len(pages) == len(_contents(ours))  # each page's content: Flate only
    for raw in pages:
        body = raw.split(b"stream\n", 1)[1].rsplit(b"endstream", 1)[0]
        assert zlib.decompress(body)


def test_two_visits_in_one_process_each_get_their_own_content() -> None:
    first = summary_of(seed_visit())
    other = summary_of(long_visit())
    a1, b, a2 = (render_claim_summary(s) for s in (first, other, first))
    assert _contents(a1) == _contents(a2)
    text_a, text_b = "\n".join(pdf_pages(a1)), "\n".join(pdf_pages(b))
    assert "Visit #12" in text_a and "Visit #12" not in text_b
    assert "Visit #99" in text_b and "Visit #99" not in text_a
    assert "LOT0007" in text_b and "LOT0007" not in text_a
    # the same visit with another accent: the figure's fill follows the accent
    red = render_claim_summary(dataclasses.replace(first, accent="#c0392b"))
    assert _contents(red) != _contents(a1)
    assert _contents(render_claim_summary(first)) == _contents(a1)


def test_remembered_lines_keep_each_text_its_own_colour() -> None:
    words = " ".join(["Trigger point injections in three or more muscles."] * 6)
    red, blue = colors.HexColor("#c0392b"), colors.HexColor("#1565c0")
    for colour in (red, blue, red):
        text = Text([(words, None, colour)], CELL)
        text.wrap(200)
        assert len(text.lines) > 1
        assert all(run[2] is colour for _, runs in text.lines for run in runs)
        assert text.lines == _broken(text.runs, CELL.fontSize, 200)
    narrow = Text(words, CELL)
    narrow.wrap(120)
    assert narrow.lines == _broken(narrow.runs, CELL.fontSize, 120)


def test_pasted_figure_labels_are_what_the_canvas_draws() -> None:
    render_claim_summary(summary_of(long_visit()))
    assert figure._LABELS
    for (x, y, number, radius), code in list(figure._LABELS.items())[:10]:
        fresh = prepared.scratch_canvas()
        start = len(fresh._code)
        figure._draw_label(fresh, (x, y), number, radius)
        assert code == "\n".join(fresh._code[start:])


def test_region_overlays_in_any_accent_are_what_renderpdf_draws_for_that_accent() -> None:
    views = figure.load_views(figure.Path(__file__).parents[1] / "resources" / "body")
    for accent in ("#2f6fb3", "#c0392b"):
        colour = colors.HexColor(accent)
        for _, view in views:
            assert view is not None and set(view.overlays) == set(view.regions)
            for region_id, (shape, transform) in view.regions.items():
                fresh = copy.deepcopy(shape)  # filled as it was before overlays were prepared
                leaves = (
                    [fresh] if not isinstance(fresh, Group) else list(figure_ops._leaves(fresh))
                )
                for leaf in leaves:
                    if hasattr(leaf, "fillColor"):
                        leaf.fillColor, leaf.fillOpacity = colour, 1
                drawn = figure_ops.rendered(
                    Group(fresh, transform=transform), view.width, view.height, text=False
                )
                pasted = figure.overlay_ops(view, region_id, colour)
                assert drawn is not None and pasted == drawn
                assert shape.contents[0].fillColor != colour  # the parsed shape is untouched


def test_summaries_rendered_in_threads_at_once_are_those_rendered_one_by_one() -> None:
    from concurrent.futures import ThreadPoolExecutor

    figure._LABELS.clear()  # so that the threads draw labels on the shared scratch canvas
    summaries = [summary_of(seed_visit()), summary_of(long_visit())] * 4
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(render_claim_summary, summaries))
    for summary, data in zip(summaries, together, strict=True):
        assert _contents(data) == _contents(render_claim_summary(summary))
