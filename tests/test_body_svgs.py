"""Checks on the body figure SVGs (resources/body/front.svg and back.svg).

Pure Python (xml.etree): the files parse, share one canvas, name their regions
``<muscle_id>.<side>`` after the catalog, respect the catalog's ``view`` column, put the patient's
right on the correct side, and their regions never overlap (the application hit-tests on the
shape, so a point must belong to at most one region).
"""

from __future__ import annotations

import csv
import math
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
BODY = ROOT / "resources" / "body"
CATALOG = ROOT / "resources" / "catalog" / "muscles.csv"
BUILDER = ROOT / "tools" / "build_body_svgs.py"
SVG = "{http://www.w3.org/2000/svg}"
VIEWS = ("front", "back")
ALLOWED = {"front": {"anterior", "both"}, "back": {"posterior", "both"}}
ID_RE = re.compile(r"^([a-z0-9_]+)\.(left|right)$")

GRID_STEP = 0.5
GRID_OFFSET = 0.23  # keeps grid points off the 0.1-rounded coordinates of shared edges
CURVE_STEPS = 16

Point = tuple[float, float]


@cache
def catalog() -> dict[str, dict[str, str]]:
    with CATALOG.open(encoding="utf-8", newline="") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


@cache
def root(view: str) -> ET.Element:
    return ET.parse(BODY / f"{view}.svg").getroot()


def regions(view: str) -> list[ET.Element]:
    group = root(view).find(f"{SVG}g[@id='regions']")
    assert group is not None, f"{view}.svg has no <g id='regions'>"
    return group.findall(f"{SVG}path")


def flatten(d: str) -> list[list[Point]]:
    """Polygons (one per subpath) approximating absolute M/L/C/Z path data."""
    tokens = re.findall(r"[MLCZ]|-?\d+(?:\.\d+)?", d)
    polygons: list[list[Point]] = []
    current: list[Point] = []
    i = 0
    command = ""
    while i < len(tokens):
        token = tokens[i]
        if token in "MLCZ":
            command = token
            i += 1
            if command == "Z":
                if current:
                    polygons.append(current)
                current = []
            continue
        numbers = [float(t) for t in tokens[i:i + (6 if command == "C" else 2)]]
        i += len(numbers)
        if command == "M":
            if current:
                polygons.append(current)
            current = [(numbers[0], numbers[1])]
            command = "L"
        elif command == "L":
            current.append((numbers[0], numbers[1]))
        elif command == "C":
            p0 = current[-1]
            p1, p2, p3 = ((numbers[k], numbers[k + 1]) for k in (0, 2, 4))
            for k in range(1, CURVE_STEPS + 1):
                t = k / CURVE_STEPS
                a, b, c, e = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t * t, t ** 3
                current.append((a * p0[0] + b * p1[0] + c * p2[0] + e * p3[0],
                                a * p0[1] + b * p1[1] + c * p2[1] + e * p3[1]))
        else:
            raise AssertionError(f"unsupported path command {command!r}")
    if current:
        polygons.append(current)
    return polygons


def grid_cells(polygons: list[list[Point]]) -> set[tuple[int, int]]:
    """Grid points inside the shape (even-odd rule), by scanlines."""
    edges = [(p[i - 1], p[i]) for p in polygons for i in range(len(p))]
    ys = [pt[1] for p in polygons for pt in p]
    cells: set[tuple[int, int]] = set()
    row = math.ceil((min(ys) - GRID_OFFSET) / GRID_STEP)
    while (y := GRID_OFFSET + row * GRID_STEP) <= max(ys):
        xs = sorted(a[0] + (y - a[1]) * (b[0] - a[0]) / (b[1] - a[1])
                    for a, b in edges if (a[1] <= y) != (b[1] <= y))
        for x0, x1 in zip(xs[::2], xs[1::2], strict=True):
            first = math.ceil((x0 - GRID_OFFSET) / GRID_STEP)
            last = math.floor((x1 - GRID_OFFSET) / GRID_STEP)
            cells.update((col, row) for col in range(first, last + 1))
        row += 1
    return cells


@cache
def region_cells(view: str) -> dict[str, set[tuple[int, int]]]:
    return {path.get("id", ""): grid_cells(flatten(path.get("d", ""))) for path in regions(view)}


@pytest.mark.parametrize("view", VIEWS)
def test_parses_with_outline_and_regions(view: str) -> None:
    svg = root(view)
    assert svg.tag == f"{SVG}svg"
    outline = svg.find(f"{SVG}g[@id='outline']")
    assert outline is not None and outline.get("class") == "outline"
    texts = outline.iter(f"{SVG}text")
    labels = sorted(t.text or "" for t in texts if t.get("class") == "side-label")
    assert labels == ["L", "R"]
    assert len(svg.findall(f"{SVG}style")) == 1
    assert regions(view), f"{view}.svg has no regions"
    for element in svg.iter():
        assert element.get("transform") is None, f"transform on {element.tag} in {view}.svg"
        assert not element.tag.endswith("image"), f"bitmap in {view}.svg"


def test_same_canvas() -> None:
    front, back = root("front"), root("back")
    assert front.get("viewBox") == back.get("viewBox") == "0 0 400 900"
    assert (front.get("width"), front.get("height")) == (back.get("width"), back.get("height"))


@pytest.mark.parametrize("view", VIEWS)
def test_region_ids_follow_the_catalog(view: str) -> None:
    seen: dict[str, set[str]] = defaultdict(set)
    for path in regions(view):
        rid = path.get("id", "")
        match = ID_RE.match(rid)
        assert match, f"bad region id {rid!r} in {view}.svg"
        muscle, side = match.groups()
        assert muscle in catalog(), f"{rid}: {muscle!r} is not in muscles.csv"
        assert path.get("class") == "region"
        assert path.get("data-muscle") == muscle and path.get("data-side") == side
        title = path.find(f"{SVG}title")
        assert title is not None and (title.text or "").startswith(side.capitalize() + " ")
        assert side not in seen[muscle], f"{rid} appears twice in {view}.svg"
        seen[muscle].add(side)
        assert catalog()[muscle]["view"] in ALLOWED[view], (
            f"{rid}: catalog view {catalog()[muscle]['view']!r} is not drawn on the {view}")
    for muscle, sides in seen.items():
        assert sides == {"left", "right"}, f"{muscle} lacks a side in {view}.svg"


def test_both_view_muscles_are_in_both_files() -> None:
    drawn = {view: {p.get("data-muscle") for p in regions(view)} for view in VIEWS}
    for muscle, row in catalog().items():
        if row["view"] == "both" and muscle in drawn["front"] | drawn["back"]:
            assert muscle in drawn["front"] and muscle in drawn["back"], muscle


@pytest.mark.parametrize("view", VIEWS)
def test_regions_do_not_overlap(view: str) -> None:
    owner: dict[tuple[int, int], str] = {}
    clashes: dict[tuple[str, str], int] = defaultdict(int)
    for rid, cells in region_cells(view).items():
        for cell in cells:
            other = owner.setdefault(cell, rid)
            if other != rid:
                clashes[(other, rid)] += 1
    assert not clashes, f"overlapping regions in {view}.svg: {dict(clashes)}"


MIN_AREA = 150.0  # square canvas units: about 10 x 15 px when the canvas is 300 px wide


@pytest.mark.parametrize("view", VIEWS)
def test_every_region_is_clickable(view: str) -> None:
    for rid, cells in region_cells(view).items():
        assert cells, f"{rid} in {view}.svg contains no grid point"
        area = len(cells) * GRID_STEP * GRID_STEP
        assert area >= MIN_AREA, f"{rid} in {view}.svg is too small to click ({area:.0f})"


@pytest.mark.parametrize(("view", "right_is_left"), [("front", True), ("back", False)])
def test_patient_sides(view: str, right_is_left: bool) -> None:
    for path in regions(view):
        xs = [x for polygon in flatten(path.get("d", "")) for x, _ in polygon]
        mean = sum(xs) / len(xs)
        on_viewer_left = mean < 200
        is_right = path.get("data-side") == "right"
        assert on_viewer_left == (is_right == right_is_left), f"{path.get('id')} in {view}.svg"


def test_builder_check_passes() -> None:
    result = subprocess.run([sys.executable, str(BUILDER), "--check"], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
