"""PDF objects that are the same in every claim summary, formatted once per process.

Every summary carries the same body-figure forms and the same small icon forms; formatting them
through reportlab's object model (dictionaries, names, arrays, stream filters) cost about a
fifth of a summary. Here each is formatted once, on a scratch document, into the bytes
reportlab itself writes for it, and each document is handed a ``Prepared`` object that writes
those bytes again. reportlab still numbers the objects, lays out the file and writes its cross
reference table: only the formatting of these objects is done in advance. (Prepared bytes are
written as they are: fit for the unencrypted files the summaries are, not for encrypted ones.)

A form's content names fonts (``/F2``) and its resources point at the document's font
dictionary, so a prepared form is only valid in a document whose fonts have the same names:
``name_fonts`` gives every summary's document its four standard fonts in one fixed order, and
``fonts_named`` checks it before a prepared form is used (else the caller draws the form).

Page content streams are compressed here too (``compress_pages``), straight into a Flate
stream: reportlab would compress them at zlib's default level, then also ASCII85-encode them (a
quarter bigger, and slower), which a binary file does not need. Level 3 takes about 60% of the
default level's time for streams about 10% bigger (some 600 bytes a summary, whose file is
still smaller than with ASCII85, the body figure's forms being most of it).
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable
from functools import lru_cache

from reportlab.pdfbase.pdfdoc import (
    BasicFonts,
    PDFDocument,
    PDFFormXObject,
    PDFName,
    PDFObject,
    PDFObjectReference,
    PDFStream,
    format,
    xObjectName,
)
from reportlab.pdfgen.canvas import Canvas

# The standard fonts a summary uses, in the order they are named in every summary's document.
FONTS = ("Helvetica", "Helvetica-Bold", "Courier-Bold", "Courier")
FONT_NAMES = {font: f"/F{number}" for number, font in enumerate(FONTS, start=1)}

PAGE_LEVEL = 3  # zlib level of page content (see above)
Parts = tuple[bytes, bytes]  # an object's bytes before and after its font dictionary reference
_PARTS: dict[str, Parts] = {}  # per form name; a name is never reused for other content


def name_fonts(canvas: Canvas) -> bool:
    """Name the standard fonts in ``canvas``'s document in the fixed order (which also lists
    them in the file); True when the names are the ones prepared forms were made with.

    A font reportlab would add as ``FONT_NAMES`` says is added as the same object, formatted
    once per process (reportlab works out each font's encoding again for every document).
    """
    doc = canvas._doc
    mapping = doc.fontMapping
    for font in FONTS:
        if font in mapping:
            continue
        internal = "F" + repr(len(mapping) + 1)  # as reportlab's Type1Font.addObjects names it
        if FONT_NAMES[font] != "/" + internal:
            doc.getInternalFontName(font)
            continue
        obj = Prepared((_font_objects()[font], None))
        doc.Reference(obj, internal)
        doc.idToObject[BasicFonts].dict[internal] = obj
        mapping[font] = "/" + internal
    return fonts_named(canvas)


@lru_cache(maxsize=1)
def _font_objects() -> dict[str, bytes]:
    """The bytes of each standard font's object, named as in ``FONT_NAMES``."""
    doc = PDFDocument()
    for font in FONTS:
        doc.getInternalFontName(font)
    return {
        font: format(doc.idToObject[name[1:]], doc, toplevel=1) for font, name in FONT_NAMES.items()
    }


def fonts_named(canvas: Canvas) -> bool:
    """Whether ``canvas``'s document names the standard fonts as prepared forms expect."""
    mapping = canvas._doc.fontMapping
    return all(mapping.get(font) == name for font, name in FONT_NAMES.items())


class Prepared(PDFObject):  # type: ignore[misc]
    """An object formatted in advance: its bytes, with this document's reference to its font
    dictionary put back in between. One per document (reportlab names each object it holds)."""

    __RefOnly__ = 1

    def __init__(self, parts: tuple[bytes, bytes | None]) -> None:
        self.head, self.tail = parts  # no tail: no font dictionary reference to put in

    def format(self, document: PDFDocument) -> bytes:
        if self.tail is None:
            return self.head
        fonts: bytes = PDFObjectReference(BasicFonts).format(document)
        return self.head + fonts + self.tail


def scratch_canvas() -> Canvas:
    """A throwaway canvas whose fonts are named as in every summary's document."""
    canvas = Canvas(io.BytesIO())
    name_fonts(canvas)
    return canvas


def formatted(document: PDFDocument, internal_name: str) -> Parts:
    """The bytes reportlab writes for the object registered as ``internal_name`` in
    ``document``, cut around its (single) reference to the font dictionary."""
    data: bytes = format(document.idToObject[internal_name], document, toplevel=1)
    fonts = b"/Font " + PDFObjectReference(BasicFonts).format(document)
    end = data.find(b"\nstream\n")  # the dictionary ends here; binary data may follow
    at = data.find(fonts, 0, end)
    if at < 0 or data.find(fonts, at + 1, end) >= 0:
        raise ValueError(f"{internal_name}: no single font reference to prepare around")
    cut = at + len(b"/Font ")
    return data[:cut], data[cut + len(fonts) - len(b"/Font ") :]


def add_form(canvas: Canvas, name: str, make: Callable[[], Parts]) -> str:
    """Add the form ``name`` to ``canvas``'s document unless it is there already, from the
    parts ``make`` returns (called once per process); returns the name, for ``doForm``."""
    if not canvas.hasForm(name):
        parts = _PARTS.get(name)
        if parts is None:
            parts = _PARTS[name] = make()
        canvas._doc.Reference(Prepared(parts), xObjectName(name))
    return name


def stream_form(name: str, ops: bytes, width: float, height: float) -> Parts:
    """The parts of a form whose content ``ops`` is already Flate-compressed."""
    canvas = scratch_canvas()
    stream = PDFStream(content=ops)
    stream.dictionary["Filter"] = PDFName("FlateDecode")  # already applied
    form = PDFFormXObject(0, 0, width, height)
    form.Contents = stream
    canvas._doc.addForm(name, form)
    return formatted(canvas._doc, xObjectName(name))


def compress_pages(canvas: Canvas, start: int = 0) -> None:
    """Give the document's pages from ``start`` on a compressed content stream each, in place
    of the one reportlab would make (the same Flate compression, without ASCII85)."""
    for page in canvas._doc.Pages.pages[start:]:
        if page.Contents is None and page.stream:
            stream = PDFStream(content=zlib.compress(page.stream.encode("utf-8"), PAGE_LEVEL))
            stream.dictionary["Filter"] = PDFName("FlateDecode")
            page.Contents = stream
