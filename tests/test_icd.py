"""The ICD-10-CM code set: validity, leaf status, descriptions and search (April 2026 release)."""

from __future__ import annotations

import statistics
import time

import pytest

from tests.test_engine_helpers import tables
from tpi_desktop.coding import IcdCodeSet, IcdEntry


@pytest.fixture(scope="module")
def icd() -> IcdCodeSet:
    return tables().icd


@pytest.mark.parametrize(
    ("code", "valid", "billable"),
    [
        ("M79.12", True, True),
        ("M7912", True, True),
        ("m79.12", True, True),
        ("M79.1", True, False),
        ("M79", True, False),
        ("M79.7", True, True),
        ("S46.011A", True, True),
        ("S46.011", True, False),
        ("G44.209", True, True),
        ("X99.99", False, False),
        ("M79.123", False, False),
        ("A00-A09", False, False),
        ("1", False, False),
        ("", False, False),
    ],
)
def test_validity_and_leaf_status(icd: IcdCodeSet, code: str, valid: bool, billable: bool) -> None:
    assert icd.is_valid(code) is valid
    assert icd.is_billable(code) is billable


@pytest.mark.parametrize(
    ("raw", "dotted"),
    [("m7912", "M79.12"), (" M79.12 ", "M79.12"), ("M79", "M79"), ("s46011a", "S46.011A")],
)
def test_normalise(raw: str, dotted: str) -> None:
    assert IcdCodeSet.normalise(raw) == dotted


def test_leaf_status_matches_the_package_for_every_code(icd: IcdCodeSet) -> None:
    import simple_icd_10_cm as package

    icd.search("M79")  # loads the package the same way the search does
    codes = [c for c in package.get_all_codes(False) if package.is_category_or_subcategory(c)]
    assert len(set(codes)) == len(icd) > 90_000
    disagree = [c for c in codes if icd.is_billable(c) != package.is_leaf(c)]
    assert disagree == []


def test_billable_under(icd: IcdCodeSet) -> None:
    assert icd.billable_under("M79.1") == ("M79.10", "M79.11", "M79.12", "M79.18")
    assert icd.billable_under("M79.12") == ()


def test_descriptions(icd: IcdCodeSet) -> None:
    assert icd.description("M79.12") == "Myalgia of auxiliary muscles, head and neck"
    assert icd.description("m7911") == "Myalgia of mastication muscle"
    assert icd.description("M79.7") == "Fibromyalgia"
    assert icd.description("X99.99") is None


@pytest.mark.parametrize("query", ["M79.1", "m791", "M791", " m79.1 "])
def test_search_by_code_prefix(icd: IcdCodeSet, query: str) -> None:
    codes = [e.code for e in icd.search(query)]
    assert codes == ["M79.10", "M79.11", "M79.12", "M79.18"]


def test_search_prefix_with_categories(icd: IcdCodeSet) -> None:
    results = icd.search("M79.1", billable_only=False)
    assert results[0] == IcdEntry("M79.1", "Myalgia", False)
    assert len(icd.search("M", limit=7)) == 7


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("myalgia neck", "M79.12"),
        ("Myalgia mastication", "M79.11"),
        ("fibromyalgia", "M79.7"),
        ("low back pain", "M54.50"),
        ("cervicalgia", "M54.2"),
        ("meniere", "H81.01"),
    ],
)
def test_search_by_words(icd: IcdCodeSet, query: str, expected: str) -> None:
    results = icd.search(query)
    assert expected in [e.code for e in results]
    assert all(e.billable for e in results)


def test_search_word_prefixes_and_order(icd: IcdCodeSet) -> None:
    results = icd.search("trap")
    assert results and all(
        any(w.startswith("trap") for w in e.description.lower().split()) for e in results
    )
    myalgia = [e.code for e in icd.search("myalgia")]
    assert myalgia[0] == "B33.0"  # shortest title first among whole-word matches
    assert icd.search("M79 myalgia")[0].code.startswith("M79")
    assert icd.search("zzzzqq") == ()
    assert icd.search("") == ()
    assert len(icd.search("fracture", limit=5)) == 5


def test_search_timing_is_reported(icd: IcdCodeSet, capsys: pytest.CaptureFixture[str]) -> None:
    """Prints the median search time (a figure for the report, not an assertion)."""
    icd.search("M79")
    figures = {}
    for query in ("M79.1", "m791", "myalgia neck", "trap", "fracture of femur", "pain"):
        times = []
        for _ in range(15):
            start = time.perf_counter()
            found = icd.search(query)
            times.append(time.perf_counter() - start)
        assert found
        figures[query] = statistics.median(times) * 1000
    with capsys.disabled():
        print(
            "\nICD search median ms: " + ", ".join(f"{q!r} {ms:.2f}" for q, ms in figures.items())
        )


def test_codes_added_in_the_april_release(icd: IcdCodeSet) -> None:
    assert icd.is_valid("QA0") and not icd.is_billable("QA0")
    assert icd.is_billable("QA0.0101")
    assert icd.search("QA0")[0].code.startswith("QA0")
