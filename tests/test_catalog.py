"""The muscle catalog: every reference id present, lookups by id, name and synonym."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.conftest import SHARED
from tests.test_engine_helpers import ROOT, tables
from tpi_desktop.domain import LCD_REGIONS, MuscleCatalog

CATALOG_CSV = ROOT / "resources" / "catalog" / "muscles.csv"


def _ids(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row["id"] for row in csv.DictReader(handle)]


@pytest.mark.parametrize("path", [SHARED / "muscles.csv", CATALOG_CSV], ids=["shared", "resources"])
def test_catalog_covers_every_reference_id(path: Path) -> None:
    if not path.is_file():
        pytest.skip(f"{path} not present")
    catalog = tables().catalog
    missing = [muscle_id for muscle_id in _ids(path) if muscle_id not in catalog]
    assert missing == []


def test_catalog_rows_are_consistent() -> None:
    catalog = tables().catalog
    assert len(catalog) == len(_ids(CATALOG_CSV)) >= 90
    counts_as = {m.counts_as for m in catalog}
    for muscle in catalog:
        assert muscle.lcd_region in LCD_REGIONS, muscle
        # A part counts as a muscle that is in the catalog, or as a named whole without an entry.
        assert muscle.counts_as in catalog or muscle.counts_as == "occipitofrontalis", muscle
    assert {"trapezius", "deltoid", "gastrocnemius", "biceps_femoris"} <= counts_as


@pytest.mark.parametrize(
    ("text", "muscle_id"),
    [
        ("upper_trapezius", "upper_trapezius"),
        ("UPPER_TRAPEZIUS", "upper_trapezius"),
        ("upper trapezius", "upper_trapezius"),
        ("Trapezius (upper fibers)", "upper_trapezius"),
        ("upper trap", "upper_trapezius"),
        ("Upper_Trap", "upper_trapezius"),
        ("  levator   scapulae ", "levator_scapulae"),
        ("scm", "sternocleidomastoid"),
        ("QL", "quadratus_lumborum"),
        ("peroneus longus", "fibularis_longus"),
        ("lumbar erector spinae", "lumbar_paraspinals"),
        ("gastrocnemius", "gastrocnemius"),
        ("calf", "gastrocnemius"),
    ],
)
def test_lookup_by_id_name_or_synonym(text: str, muscle_id: str) -> None:
    found = tables().catalog.lookup(text)
    assert found is not None and found.id == muscle_id


@pytest.mark.parametrize("text", ["flux capacitor", "", "trapezius upper lower"])
def test_lookup_unknown(text: str) -> None:
    assert tables().catalog.lookup(text) is None


def test_vague_entries_are_the_group_words() -> None:
    vague = {m.id for m in tables().catalog if m.vague}
    assert vague == {
        "suboccipitals",
        "cervical_paraspinals",
        "thoracic_paraspinals",
        "lumbar_paraspinals",
    }


def test_catalog_parses_from_text() -> None:
    text = (
        "id,name,counts_as,region,view,lcd_region,vague,synonyms\n"
        "x,X muscle,x,neck,both,cervical,no,ex;eks\n"
    )
    catalog = MuscleCatalog.from_csv_text(text)
    assert catalog.lookup("EKS") is catalog.get("x")
