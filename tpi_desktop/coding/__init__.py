"""The rules engine: ``evaluate(encounter, tables) -> CodingResult`` (no Qt, no database).

``load_tables(resources_dir)`` reads the code tables once; callers pass
``tpi_desktop.paths.resources_dir()`` (this package may not import ``paths``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tpi_desktop.coding.icd import IcdCodeSet, IcdEntry
from tpi_desktop.coding.loading import TableError, load_tables, parse_payer
from tpi_desktop.coding.tables import (
    CodeTables,
    DrugCode,
    DrugInfo,
    DrugKind,
    NcciPair,
    PayerProfile,
)

__all__ = [
    "ENGINE_VERSION",
    "RULES",
    "CodeTables",
    "DrugCode",
    "DrugInfo",
    "DrugKind",
    "IcdCodeSet",
    "IcdEntry",
    "NcciPair",
    "PayerProfile",
    "Rule",
    "TableError",
    "evaluate",
    "load_tables",
    "parse_payer",
]

if TYPE_CHECKING:
    from tpi_desktop.coding.engine import ENGINE_VERSION, RULES, Rule, evaluate

_ENGINE_NAMES = frozenset({"ENGINE_VERSION", "RULES", "Rule", "evaluate"})


if not TYPE_CHECKING:  # (so mypy still reports a misspelt name)

    def __getattr__(name: str) -> Any:
        # The engine and its rule modules load on first use: the window paints before it codes.
        if name in _ENGINE_NAMES:
            from tpi_desktop.coding import engine

            value = getattr(engine, name)
            globals()[name] = value
            return value
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
