"""ICD-10-CM codes (April 2026 release, the data files of the ``simple_icd_10_cm`` package):
validity, leaf status, descriptions and search.

Importing ``simple_icd_10_cm`` parses a 10 MB XML file into a tree (2-5 s), so this module never
imports it: it reads the package's data files as plain bytes. Validity and leaf status, which the
engine needs for every encounter, come from the code list and a scan of the tabular file's names
(about 0.1 s, once): in ICD-10-CM a code's children are exactly the codes that extend it, so a code
is billable (a leaf) when the next code in sorted order does not start with it. A description is
a slice of the tabular file at an indexed offset (``icd_tabular``, about 40 ms to index, once);
only ``search`` builds the word index over every title (about 1 s, once).
"""

from __future__ import annotations

import heapq
import importlib.util
import re
import threading
import unicodedata
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tpi_desktop.coding.icd_tabular import TabularTitles, line_spans

RELEASE = "2026-04-01"
_CODE_LIST = "code-list-April-2026.txt"
_TABULAR = "icd10c-tabular-April-1-2026.xml"
_CODE_SHAPE = re.compile(r"^[A-Z][0-9A-Z]{2}[0-9A-Z]{0,4}$")
# A code starting a line of the code list (its first word, followed by a space or the line end).
_LIST_CODE = re.compile(r"^([A-Z][0-9A-Z]{2}[0-9A-Z]{0,4})(?=[ \t]|$)", re.MULTILINE)
_XML_NAME = re.compile(rb"<name>([A-Z][0-9A-Z]{2}(?:\.[0-9A-Z]{1,4})?)</name>")
# A code prefix in a query: one letter alone ("M"), a letter and a digit ("m79", "M79.1"), or a
# 2026 code with a letter second ("QA0").
_QUERY_CODE = re.compile(r"^[A-Za-z](?:[0-9][0-9A-Za-z.]*|[A-Za-z][0-9][0-9A-Za-z.]*)?$")
_WORD = re.compile(r"[0-9a-z]+")
_STOP_WORDS = frozenset({"of", "and", "the", "with", "in", "or", "to", "for", "a", "an", "on"})


@dataclass(frozen=True, slots=True)
class IcdEntry:
    """One code in search results: dotted code, description, and whether it can be billed."""

    code: str
    description: str
    billable: bool


def _package_data_dir() -> Path:
    """The package's data folder, found without importing (and so parsing) the package."""
    spec = importlib.util.find_spec("simple_icd_10_cm")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(
            "simple_icd_10_cm is not installed (pip install simple-icd-10-cm)"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "data"


class IcdCodeSet:
    """The ICD-10-CM code set. Cheap to create; data is read on first use (thread-safe)."""

    release: str = RELEASE

    def __init__(self) -> None:
        self._lock = threading.RLock()  # the index build reads titles
        self._codes: tuple[str, ...] = ()  # dotless, sorted
        self._leaves: frozenset[str] = frozenset()
        self._code_set: frozenset[str] = frozenset()
        self._loaded = False
        self._titles: TabularTitles | None = None
        self._titled: dict[str, str] = {}  # descriptions looked up before the index exists
        self._indexed = False
        self._descriptions: tuple[str, ...] = ()
        self._words: list[str] = []
        self._postings: list[tuple[int, ...]] = []
        self._cumulative: list[int] = []
        self._code_words: tuple[tuple[str, ...], ...] = ()  # by rank
        self._rank_to_index: tuple[int, ...] = ()

    # -- codes --------------------------------------------------------------------------------

    def _ensure_codes(self) -> None:
        if self._loaded:
            return
        with self._lock:
            for _ in self._code_steps():
                pass

    def _code_steps(self) -> Iterator[None]:
        """Read the code set (valid codes and leaves), yielding between its parts."""
        if self._loaded:
            return
        data = _package_data_dir()
        # The list also holds chapters ("1") and blocks ("A00-A09"): keep codes only. It is in
        # code order already, so the codes it adds keep the sort below nearly free.
        listed: list[str] = []
        text = (data / _CODE_LIST).read_text(encoding="utf-8")
        for start, end in line_spans(text):
            listed += _LIST_CODE.findall(text, start, end)
            yield
        # Codes added in the April release (e.g. QA0-) are in the tabular file but not in the
        # list; a plain scan of its <name> tags (no XML parsing) completes the set.
        names: list[bytes] = []
        tabular = (data / _TABULAR).read_bytes()
        for start, end in line_spans(tabular):
            names += _XML_NAME.findall(tabular, start, end)
            yield
        named = b"\n".join(names).decode("ascii").replace(".", "")
        extra = set(named.split("\n")).difference(listed)
        codes = list(dict.fromkeys(listed))
        codes.extend(sorted(extra))
        codes.sort()  # two sorted runs: a merge, not a full sort
        yield
        leaves = {
            code
            for code, following in zip(codes, [*codes[1:], ""], strict=True)
            if not following.startswith(code)
        }
        yield
        code_set = frozenset(codes)
        with self._lock:
            if not self._loaded:
                self._codes = tuple(codes)
                self._code_set = code_set
                self._leaves = frozenset(leaves)
                self._loaded = True

    @staticmethod
    def normalise(code: str) -> str:
        """Upper case, dot after the third character: " m7912 " -> "M79.12"."""
        bare = "".join(code.split()).replace(".", "").upper()
        return f"{bare[:3]}.{bare[3:]}" if len(bare) > 3 else bare

    @staticmethod
    def _bare(code: str) -> str:
        return "".join(code.split()).replace(".", "").upper()

    def is_valid(self, code: str) -> bool:
        """True for any ICD-10-CM category or subcategory, billable or not (dot optional)."""
        self._ensure_codes()
        return self._bare(code) in self._code_set

    def is_billable(self, code: str) -> bool:
        """True for a leaf code, the only kind a claim may carry."""
        self._ensure_codes()
        return self._bare(code) in self._leaves

    def billable_under(self, code: str, limit: int = 5) -> tuple[str, ...]:
        """The first billable codes that extend ``code`` (for "needs more characters" messages)."""
        self._ensure_codes()
        bare = self._bare(code)
        found: list[str] = []
        index = bisect_left(self._codes, bare)
        while (
            index < len(self._codes) and len(found) < limit and self._codes[index].startswith(bare)
        ):
            if self._codes[index] in self._leaves and self._codes[index] != bare:
                found.append(self.normalise(self._codes[index]))
            index += 1
        return tuple(found)

    def __len__(self) -> int:
        self._ensure_codes()
        return len(self._codes)

    # -- descriptions (read from the tabular file) and search (a word index over them) --------

    def _tabular(self) -> TabularTitles:
        titles = self._titles
        if titles is not None:
            return titles
        with self._lock:
            if self._titles is None:
                self._titles = TabularTitles(_package_data_dir() / _TABULAR)
            return self._titles

    def _title(self, bare: str) -> str:
        """The title of a code known to exist (dotless), as ``simple_icd_10_cm`` gives it."""
        titles = self._tabular()
        title = titles.title(self.normalise(bare))
        if title is None:
            title = titles.seven_chr_title(bare)
        return title or ""

    @property
    def index_ready(self) -> bool:
        """True once the search index (and every title) is built: ``search`` no longer waits."""
        return self._indexed

    @property
    def _module(self) -> object | None:
        # Kept for callers that tested the old private attribute to see whether descriptions
        # were ready; use ``index_ready`` (descriptions no longer wait for the index at all).
        return self if self._indexed else None

    def _ensure_index(self) -> None:
        self._ensure_codes()
        if self._indexed:
            return
        with self._lock:
            for _ in self.index_steps():
                pass

    def index_steps(self, chunk: int = 800) -> Iterator[None]:
        """Build the search index (and every title) in small steps of a few milliseconds:
        a caller can run them between other work (the window runs them between its events, so
        no thread competes with it for the interpreter). The index appears, whole, at the end;
        a ``search`` meanwhile builds it at once instead."""
        yield from self._code_steps()
        if self._titles is None:
            titles = TabularTitles(_package_data_dir() / _TABULAR, scan=False)
            yield from titles.scan_steps()
            with self._lock:
                if self._titles is None:
                    self._titles = titles
        codes = self._codes
        descriptions: list[str] = []
        for start in range(0, len(codes), chunk):
            if self._indexed:
                return
            descriptions.extend(self._title(bare) for bare in codes[start : start + chunk])
            yield
        # Codes are searched in rank order (short titles first, then code order: the sort is
        # stable), so postings hold ranks and a merged walk meets the best matches first.
        lengths = [len(d) for d in descriptions]
        order = sorted(range(len(codes)), key=lengths.__getitem__)
        yield
        postings: dict[str, list[int]] = {}
        code_words: list[tuple[str, ...]] = []
        for start in range(0, len(order), chunk):
            if self._indexed:
                return
            for rank in range(start, min(start + chunk, len(order))):
                words = tuple(dict.fromkeys(_words(descriptions[order[rank]])))
                code_words.append(words)
                for word in words:
                    postings.setdefault(word, []).append(rank)
            yield
        words_sorted = sorted(postings)
        yield
        frozen = [tuple(postings[w]) for w in words_sorted]
        yield
        cumulative = [0]
        total = 0
        for posting in frozen:
            total += len(posting)
            cumulative.append(total)
        with self._lock:
            if self._indexed:
                return
            self._descriptions = tuple(descriptions)
            self._rank_to_index = tuple(order)
            self._code_words = tuple(code_words)
            self._words = words_sorted
            self._postings = frozen
            self._cumulative = cumulative
            self._indexed = True

    def description(self, code: str) -> str | None:
        """The code's title (as ``simple_icd_10_cm.get_description`` gives it), or ``None`` for
        a code that does not exist. Needs no search index: the first call costs about 40 ms."""
        self._ensure_codes()
        bare = self._bare(code)
        if bare not in self._code_set:
            return None
        if self._indexed:
            return self._descriptions[bisect_left(self._codes, bare)]
        title = self._titled.get(bare)
        if title is None:
            title = self._titled[bare] = self._title(bare)
        return title

    def _entry(self, index: int) -> IcdEntry:
        bare = self._codes[index]
        return IcdEntry(self.normalise(bare), self._descriptions[index], bare in self._leaves)

    def _word_slice(self, word: str) -> tuple[int, int]:
        """The slice of ``_words`` that start with ``word``."""
        return bisect_left(self._words, word), bisect_left(self._words, word + "\x7f")

    def search(
        self, text: str, limit: int = 20, billable_only: bool = True
    ) -> tuple[IcdEntry, ...]:
        """Codes matching a code prefix ("M79.1", "m791") and/or words ("myalgia neck", "trap").

        Every word must start a word of the title. A code prefix alone lists in code order; with
        words, titles where every word is a whole word come first, then shorter titles first.
        """
        self._ensure_index()
        tokens = [t for t in re.split(r"[\s,;]+", text.strip()) if t]
        # A lone letter is a chapter prefix ("M"); beside words it is a word ("trap a").
        is_code = [bool(_QUERY_CODE.match(t)) and (len(t) > 1 or len(tokens) == 1) for t in tokens]
        prefixes = [self._bare(t) for t, code in zip(tokens, is_code, strict=True) if code]
        words = [w for t, code in zip(tokens, is_code, strict=True) if not code for w in _words(t)]
        if len(words) > 1 and any(w not in _STOP_WORDS for w in words):
            words = [w for w in words if w not in _STOP_WORDS]
        if limit <= 0 or (not prefixes and not words):
            return ()
        prefix = max(prefixes, key=len) if prefixes else ""
        if not words:
            low = bisect_left(self._codes, prefix)
            found: list[int] = []
            for index in range(low, len(self._codes)):
                bare = self._codes[index]
                if not bare.startswith(prefix) or len(found) >= limit:
                    break
                if (not billable_only or bare in self._leaves) and all(
                    bare.startswith(p) for p in prefixes
                ):
                    found.append(index)
            return tuple(self._entry(i) for i in found)
        # Drive the walk with the most selective word; check the others on each candidate.
        driver = min(words, key=lambda w: self._posting_size(*self._word_slice(w)))
        results: list[int] = []
        seen: set[int] = set()
        for whole in (True, False):
            if whole:
                position = bisect_left(self._words, driver)
                exact = position < len(self._words) and self._words[position] == driver
                streams = [self._postings[position]] if exact else []
            else:
                low, high = self._word_slice(driver)
                streams = self._postings[low:high]
            for rank in heapq.merge(*streams):
                if rank in seen:
                    continue
                seen.add(rank)
                index = self._rank_to_index[rank]
                bare = self._codes[index]
                if billable_only and bare not in self._leaves:
                    continue
                if prefixes and not all(bare.startswith(p) for p in prefixes):
                    continue
                have = self._code_words[rank]
                if whole and not all(w in have for w in words):
                    seen.discard(rank)  # may still match as a prefix in the second pass
                    continue
                if not all(any(h.startswith(w) for h in have) for w in words):
                    continue
                results.append(index)
                if len(results) >= limit:
                    return tuple(self._entry(i) for i in results)
        return tuple(self._entry(i) for i in results)

    def _posting_size(self, low: int, high: int) -> int:
        return self._cumulative[high] - self._cumulative[low]


def _words(text: str) -> list[str]:
    """Lower-case words without accents: "Ménière's disease" -> ["meniere", "s", "disease"]."""
    folded = text.casefold()
    if folded.isascii():  # nearly every title: skip the per-character accent pass
        return _WORD.findall(folded)
    plain = unicodedata.normalize("NFKD", folded)
    return _WORD.findall("".join(c for c in plain if not unicodedata.combining(c)))
