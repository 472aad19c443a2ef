"""Code titles read straight from the ICD-10-CM tabular XML, without building its tree.

``simple_icd_10_cm`` parses the whole 10 MB tabular file into a tree of objects on import (2-5 s).
A title needs far less: every code in the file is a ``<diag>`` whose ``<name>`` is followed by its
``<desc>``, so one byte-level scan for the ``<name>`` tags (about 30 ms) indexes the file and a
title is then a slice at a known offset. Codes with a 7th character (S46.011A) are not in the file:
the package makes them from the leaf's title, ", " and the text of the 7th character in the
nearest ``<sevenChrDef>`` of the leaf or its ancestors (notes after an extension are joined with
"/"), padding short codes with X. The same rule is applied here, and the tests compare the result
with ``simple_icd_10_cm.get_description`` code by code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

_NAME = re.compile(rb"<name>([^<]*)</name>")
_DESC = re.compile(rb"\s*<desc>([^<]*)</desc>")
# Where a diag's own data ends: its first child (``<diag>``, ``<diag placeholder=...>``) or end.
_OWN_END = re.compile(rb"<diag[ >]|</diag>")
_SEVEN_BLOCK = re.compile(rb"<sevenChrDef>(.*?)</sevenChrDef>", re.S)
_SEVEN_ITEM = re.compile(rb'<extension char="([^"]*)">([^<]*)</extension>|<note>([^<]*)</note>')


def _text(raw: bytes) -> str:
    """Element text as ElementTree gives it: UTF-8, entities (``&lt;``) resolved."""
    text = raw.decode("utf-8")
    if "&" not in text:
        return text
    import html  # rarely needed, and its entity table is a millisecond to import

    return html.unescape(text)


class TabularTitles:
    """Titles of ICD-10-CM codes from the tabular XML (dotted codes in, titles out)."""

    def __init__(self, path: Path, *, scan: bool = True) -> None:
        """``scan=False``: the caller runs ``scan_steps`` before asking for a title."""
        self._data = path.read_bytes()
        self._offsets: dict[str, int] = {}
        self._seven: dict[str, dict[str, str] | None] = {}
        if scan:
            for _ in self.scan_steps():
                pass

    def scan_steps(self) -> Iterator[None]:
        """Index every ``<name>``, half a megabyte of the file at a time (a few ms each)."""
        for start, end in line_spans(self._data):
            for match in _NAME.finditer(self._data, start, end):
                # The package keeps the first node of a name; names are unique in the 2026 file.
                self._offsets.setdefault(match.group(1).decode("ascii"), match.end())
            yield

    def __contains__(self, dotted: str) -> bool:
        return dotted in self._offsets

    def names(self) -> tuple[str, ...]:
        """Every code name in the file, dotted, in file order."""
        return tuple(self._offsets)

    def title(self, dotted: str) -> str | None:
        """The title of a code in the file, or ``None`` when the file has no such ``<name>``."""
        offset = self._offsets.get(dotted)
        if offset is None:
            return None
        match = _DESC.match(self._data, offset)
        if match is not None:
            return _text(match.group(1))
        return ""  # a diag without a <desc>: the package keeps an empty title

    def _own_seven(self, dotted: str) -> dict[str, str] | None:
        """The node's own 7th-character table, or ``None`` when it has none."""
        if dotted in self._seven:
            return self._seven[dotted]
        offset = self._offsets[dotted]
        found = _OWN_END.search(self._data, offset)
        end = found.start() if found is not None else len(self._data)
        table: dict[str, str] | None = None
        for block in _SEVEN_BLOCK.finditer(self._data, offset, end):
            table = table if table is not None else {}
            last: str | None = None
            for item in _SEVEN_ITEM.finditer(block.group(1)):
                if item.group(1) is not None:
                    last = item.group(1).decode("utf-8")
                    table[last] = _text(item.group(2))
                elif last is not None:
                    table[last] = f"{table[last]}/{_text(item.group(3))}"
        self._seven[dotted] = table
        return table

    def seven_chr_title(self, bare: str) -> str | None:
        """The title of a 7-character code built from its leaf (``bare`` is dotless), or ``None``
        when no leaf with a 7th-character table explains it."""
        if len(bare) != 7:
            return None
        stem = bare[:-1]
        while True:
            leaf = f"{stem[:3]}.{stem[3:]}" if len(stem) > 3 else stem
            if leaf in self._offsets:
                break
            if not stem.endswith("X") or len(stem) <= 3:
                return None
            stem = stem[:-1]  # placeholder X added to reach six characters
        # The nearest table: the leaf's own, else its closest ancestor's (ancestors are prefixes).
        for size in range(len(stem), 2, -1):
            node = stem[:size]
            dotted = f"{node[:3]}.{node[3:]}" if size > 3 else node
            if dotted not in self._offsets:
                continue
            table = self._own_seven(dotted)
            if table is not None:
                extension = table.get(bare[-1])
                if extension is None:
                    return None
                return f"{self.title(leaf)}, {extension}"
        return None


def line_spans(data: str | bytes, size: int = 1 << 19) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of consecutive pieces of ``data``, each about ``size`` long and ending
    after a line end: a code of the code list, or a ``<name>`` element, never spans lines."""
    newline = "\n" if isinstance(data, str) else b"\n"
    start = 0
    while start < len(data):
        end = data.find(newline, start + size)  # type: ignore[arg-type]
        end = len(data) if end < 0 else end + 1
        yield start, end
        start = end
