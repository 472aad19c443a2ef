"""``tpi_desktop.domain`` loads its encounter, result and visit dataclasses on first use."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import tpi_desktop.domain as domain


def test_every_exported_name_resolves_to_its_own_definition() -> None:
    for name in domain.__all__:
        value = getattr(domain, name)
        module = getattr(value, "__module__", None)
        if isinstance(value, type):
            assert module is not None and module.startswith("tpi_desktop.domain."), name
            assert getattr(sys.modules[module], name) is value


def test_star_import_gives_every_name() -> None:
    namespace: dict[str, object] = {}
    exec("from tpi_desktop.domain import *", namespace)
    assert set(domain.__all__) <= set(namespace)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Encountr'"):
        _ = domain.Encountr  # type: ignore[attr-defined]


def test_the_enums_and_catalog_load_without_the_dataclass_modules() -> None:
    code = (
        "import json, sys\n"
        "from tpi_desktop.domain import Side, Severity, VisitStatus, MuscleCatalog\n"
        "print(json.dumps([m for m in sys.modules if m.startswith('tpi_desktop.domain.')]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    loaded = json.loads(out)
    assert "tpi_desktop.domain.kinds" in loaded
    for late in ("encounter", "result", "visit"):
        assert f"tpi_desktop.domain.{late}" not in loaded


def test_a_lazy_name_is_the_same_class_however_it_is_imported() -> None:
    from tpi_desktop.domain import Encounter, Side
    from tpi_desktop.domain.encounter import Encounter as Direct
    from tpi_desktop.domain.kinds import Side as DirectSide

    assert Encounter is Direct and Side is DirectSide
