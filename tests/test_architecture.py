"""Layer rules: the pure packages never load Qt, and the import-linter contracts hold."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

PURE_IMPORT = """
import importlib, importlib.util, sys
for name in ("tpi_desktop.domain", "tpi_desktop.coding", "tpi_desktop.store", "tpi_desktop.export",
             "tpi_desktop.services"):
    if importlib.util.find_spec(name) is not None:
        importlib.import_module(name)
loaded = sorted(m for m in sys.modules if m.startswith("PySide6"))
assert not loaded, loaded
"""

CODING_IMPORT = """
import sys
import tpi_desktop.coding
bad = sorted(m for m in sys.modules if m.startswith(("PySide6", "tpi_desktop.paths",
             "tpi_desktop.store",
             "tpi_desktop.export", "tpi_desktop.services", "tpi_desktop.ui", "simple_icd_10_cm")))
assert not bad, bad
"""


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_pure_packages_do_not_load_qt() -> None:
    result = _run(PURE_IMPORT)
    assert result.returncode == 0, result.stderr


def test_coding_imports_only_domain_and_loads_icd_lazily() -> None:
    result = _run(CODING_IMPORT)
    assert result.returncode == 0, result.stderr


def test_import_linter_contracts() -> None:
    bin_dir = Path(sys.executable).parent
    exe = shutil.which("lint-imports", path=str(bin_dir)) or shutil.which("lint-imports")
    if exe is None:
        pytest.skip("import-linter is not installed")
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run([exe], cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
