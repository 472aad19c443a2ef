"""Shared fixtures for the pure tests (no Qt imports here: tests/ui has its own conftest)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "reference"


def load_cases() -> list[dict]:
    """The worked cases: shared/reference/cases.json when present, else the copy in tests/data."""
    for path in (SHARED / "cases.json", ROOT / "tests" / "data" / "cases.json"):
        if path.is_file():
            return json.loads(path.read_text(encoding="utf-8"))
    raise FileNotFoundError("cases.json not found")


@pytest.fixture(autouse=True)
def _isolated_user_data(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never touch the real user data folder or database from a test."""
    monkeypatch.setenv("TPI_DESKTOP_DATA_DIR", str(tmp_path_factory.mktemp("userdata")))
    monkeypatch.delenv("TPI_DESKTOP_DB", raising=False)


@pytest.fixture(scope="session")
def catalog():
    from tpi_desktop import paths
    from tpi_desktop.domain import MuscleCatalog

    return MuscleCatalog.from_csv_text(
        paths.resource("catalog", "muscles.csv").read_text(encoding="utf-8")
    )
