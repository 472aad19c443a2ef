"""The packaging files stay consistent with the code: desktop entry, PyInstaller spec, icon."""

from __future__ import annotations

import ast
import configparser
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
SVG_NS = "{http://www.w3.org/2000/svg}"


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(PACKAGING / "tpi-desktop.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_parses_with_exec_icon_and_name() -> None:
    entry = _desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "TPI Desktop"
    assert entry["Exec"].split()[0] == "tpi-desktop"
    assert entry["Icon"] == "tpi-desktop"
    assert entry["Terminal"] == "false"
    # Categories is a ;-terminated list with at least one main category.
    categories = entry["Categories"].rstrip(";").split(";")
    assert "Office" in categories


def test_desktop_entry_runs_the_console_script_of_the_project() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert _desktop_entry()["Exec"].split()[0] in project["scripts"]


def test_desktop_icon_name_matches_the_icon_file() -> None:
    assert (PACKAGING / "icons" / f"{_desktop_entry()['Icon']}.svg").is_file()


def _spec_text() -> str:
    return (PACKAGING / "tpi-desktop.spec").read_text(encoding="utf-8")


def test_spec_is_python_and_bundles_resources_where_paths_looks() -> None:
    text = _spec_text()
    ast.parse(text)  # a syntax error would only show when someone builds
    # The resources folder goes into the bundle as "resources", the name paths.resources_dir()
    # looks for under sys._MEIPASS.
    assert '"resources"' in text
    assert 'ROOT / "resources"' in text
    paths_source = (ROOT / "tpi_desktop" / "paths.py").read_text(encoding="utf-8")
    assert "_MEIPASS" in paths_source and 'Path(bundle) / "resources"' in paths_source


def test_spec_names_the_entry_point_and_collects_dynamic_subcommands() -> None:
    text = _spec_text()
    assert '"tpi_desktop" / "__main__.py"' in text
    assert (ROOT / "tpi_desktop" / "__main__.py").is_file()
    # cli.HANDLERS imports tpi_desktop.commands.* by name: static analysis cannot see them.
    assert 'collect_submodules("tpi_desktop")' in text
    assert "Analysis(" in text and "COLLECT(" in text


def test_spec_keeps_qtpdf_for_the_print_preview() -> None:
    assert "QtPdf" not in _spec_text().split("excludes = [", 1)[1].split("]", 1)[0]


@pytest.mark.parametrize("path", ["packaging/icons/tpi-desktop.svg", "resources/icons/app.svg"])
def test_icon_is_valid_square_svg(path: str) -> None:
    root = ET.parse(ROOT / path).getroot()
    assert root.tag == f"{SVG_NS}svg"
    x, y, width, height = (float(v) for v in root.attrib["viewBox"].split())
    assert (x, y) == (0, 0) and width == height > 0
    assert root.find(f"{SVG_NS}title") is not None  # an accessible name
    # no embedded bitmaps: the icon must stay crisp at every size
    assert not any(el.tag == f"{SVG_NS}image" for el in root.iter())


def test_app_icon_in_resources_is_the_packaging_icon() -> None:
    packaged = (PACKAGING / "icons" / "tpi-desktop.svg").read_bytes()
    assert (ROOT / "resources" / "icons" / "app.svg").read_bytes() == packaged
