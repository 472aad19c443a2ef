"""Build the body figure SVGs (resources/body/front.svg and back.svg) from one table.

The table lives in ``tools/body_figure/``: ``landmarks.py`` holds the limb frames, landmarks and
the silhouette shared by both views, ``front.py`` and ``back.py`` the region outlines and the
non-selectable details of each view. Everything is drawn on one half of the body and mirrored, so
the patient's left and right always match. Region ids are ``<muscle_id>.<side>`` with ``side`` the
*patient's* side; on the front view the patient's right is on the viewer's left, on the back view
on the viewer's right.

Usage::

    python tools/build_body_svgs.py           # rewrite both SVG files (same bytes every run)
    python tools/build_body_svgs.py --check   # exit 1 if the committed files are out of date
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parent))

from body_figure import back, front, landmarks
from body_figure.geometry import Sheet
from body_figure.svg import WIDTH, Detail, Region, Side, document

ROOT = Path(__file__).resolve().parents[1]
CATALOG = ROOT / "resources" / "catalog" / "muscles.csv"
OUT_DIR = ROOT / "resources" / "body"

# Muscles in the catalog that the figure leaves to the list and the search box.
NOT_DRAWN: dict[str, str] = {
    # umbrella ids whose parts are drawn
    "trapezius": "drawn as upper, middle and lower trapezius",
    "deltoid": "drawn as anterior, middle and posterior deltoid",
    "gastrocnemius": "drawn as the medial and lateral heads",
    "biceps_femoris": "drawn as the long and short heads",
    # deep muscles: no surface area of their own
    "lateral_pterygoid": "deep to the masseter and the zygomatic arch",
    "posterior_scalene": "deep in the side of the neck, behind the middle scalene",
    "splenius_cervicis": "deep to splenius capitis, levator scapulae and the trapezius",
    "serratus_posterior_superior": "deep to the rhomboids, under the upper medial scapula",
    "subscapularis": "on the front of the scapula, against the ribs",
    "pectoralis_minor": "deep to pectoralis major",
    "internal_oblique": "deep to the external oblique",
    "psoas_major": "deep in the abdomen and groin",
    "iliacus": "inside the iliac fossa",
    "gluteus_minimus": "deep to gluteus medius",
    "tibialis_posterior": "deep to soleus and gastrocnemius",
    # named deep spinal muscles: the paraspinal group strips beside the spine stand for them
    "obliquus_capitis_inferior": "under the suboccipital muscles region",
    "rectus_capitis_posterior_major": "under the suboccipital muscles region",
    "longissimus_capitis": "under the cervical paraspinals and splenius regions",
    "semispinalis_cervicis": "under the cervical paraspinals region",
    "longissimus_thoracis": "under the thoracic paraspinals region",
    "iliocostalis_thoracis": "under the thoracic paraspinals region",
    "spinalis_thoracis": "under the thoracic paraspinals region",
    "iliocostalis_lumborum": "under the lumbar paraspinals region",
}


@dataclass(frozen=True)
class View:
    """One of the two files."""

    name: str
    title: str
    table: ModuleType
    sides: tuple[Side, Side]  # the patient's right half, then the left half
    labels: dict[str, tuple[float, float]]
    catalog_views: tuple[str, ...]  # values of the catalog's `view` column drawn here


LABEL_Y = 232.0
VIEWS = (
    View("front", "Body figure, front view", front, (Side("right", -1), Side("left", 1)),
         {"R": (24.0, LABEL_Y), "L": (WIDTH - 24.0, LABEL_Y)}, ("anterior", "both")),
    View("back", "Body figure, back view", back, (Side("right", 1), Side("left", -1)),
         {"L": (24.0, LABEL_Y), "R": (WIDTH - 24.0, LABEL_Y)}, ("posterior", "both")),
)


def read_catalog(path: Path = CATALOG) -> dict[str, dict[str, str]]:
    """Catalog rows by muscle id."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


def build(view: View, catalog: dict[str, dict[str, str]]) -> str:
    """The SVG text of one view."""
    table = view.table
    sheet = Sheet(landmarks.FRAMES, {**landmarks.POINTS, **table.POINTS},
                  {**landmarks.SILHOUETTE_CHAINS, **table.CHAINS})
    silhouette = [seg for name in landmarks.SILHOUETTE for seg in sheet.chains[name].segments]
    details: list[Detail] = []
    for kind, refs in table.DETAILS:
        closed = kind.endswith("loop")
        segments = sheet.closed_curve(refs) if closed else sheet.curve(refs)
        details.append(Detail(segments, closed, mirrored=not kind.startswith("mid")))
    regions: list[Region] = []
    for muscle, spec in table.REGIONS.items():
        row = catalog.get(muscle)
        if row is None:
            raise SystemExit(f"{view.name}: {muscle!r} is not in {CATALOG.name}")
        if row["view"] not in view.catalog_views:
            raise SystemExit(f"{view.name}: {muscle!r} has view {row['view']!r}")
        if muscle in NOT_DRAWN:
            raise SystemExit(f"{muscle!r} is drawn but listed in NOT_DRAWN")
        regions.append(Region(muscle, sheet.loop(spec)))
    names = {mid: row["name"] for mid, row in catalog.items()}
    return document(title=view.title, sides=view.sides, silhouette=silhouette, details=details,
                    labels=view.labels, regions=regions, names=names)


def coverage_problems(catalog: dict[str, dict[str, str]]) -> list[str]:
    """Catalog muscles that are neither drawn where their `view` says nor listed in NOT_DRAWN."""
    problems = []
    for muscle, row in catalog.items():
        if muscle in NOT_DRAWN:
            continue
        for view in VIEWS:
            if row["view"] in view.catalog_views and muscle not in view.table.REGIONS:
                problems.append(f"{muscle} ({row['view']}) missing from {view.name}.svg")
    problems += [f"NOT_DRAWN lists unknown id {m!r}" for m in NOT_DRAWN if m not in catalog]
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if the SVG files differ from the table")
    args = parser.parse_args(argv)
    catalog = read_catalog()
    problems = coverage_problems(catalog)
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    stale = []
    for view in VIEWS:
        target = OUT_DIR / f"{view.name}.svg"
        text = build(view, catalog)
        current = target.read_bytes() if target.is_file() else None
        if current == text.encode("utf-8"):
            continue
        if args.check:
            stale.append(str(target.relative_to(ROOT)))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8"))
            print(f"wrote {target.relative_to(ROOT)}")
    for path in stale:
        print(f"out of date: {path} (run python tools/build_body_svgs.py)", file=sys.stderr)
    return 1 if stale or problems else 0


if __name__ == "__main__":
    sys.exit(main())
