"""Counting distinct muscles (rules A1-A5), done once before the rules run.

Injections are merged by ``(counts_as, side)``: the parts of one named muscle are one muscle (A4),
left and right are two (A3), and needles inside a muscle never add to the count (A2). A group word
("lumbar paraspinals") is its own ``counts_as`` entry, so it counts once per side (A5).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from tpi_desktop.domain import Injection, MuscleCatalog, MuscleCount
from tpi_desktop.domain.catalog import muscle_label


@dataclass(frozen=True, slots=True)
class Counted:
    """The counted muscles in first-entered order, and where each came from.

    ``sources[i]`` are the indexes into ``encounter.injections`` merged into ``muscles[i]``;
    ``unknown`` are the indexes of injections whose muscle id is not in the catalog.
    """

    muscles: tuple[MuscleCount, ...]
    sources: tuple[tuple[int, ...], ...]
    labels: tuple[str, ...]
    unknown: tuple[int, ...] = ()

    @property
    def count(self) -> int:
        """The number of distinct muscles."""
        return len(self.muscles)


def procedure_code_for(count: int) -> str | None:
    """A1: 1-2 muscles -> 20552, 3 or more -> 20553, none -> no code (A8)."""
    if count <= 0:
        return None
    return "20552" if count <= 2 else "20553"


def count_muscles(
    injections: tuple[Injection, ...],
    catalog: MuscleCatalog,
    labels: Mapping[str, str] | None = None,
) -> Counted:
    """Merge the injections into distinct ``(counts_as, side)`` muscles.

    ``labels`` maps a ``counts_as`` id to its plain name (``CodeTables`` keeps one ready), so the
    names are not rebuilt for every encounter.
    """
    groups: dict[tuple[str, str], _Group] = {}
    unknown: list[int] = []
    for index, injection in enumerate(injections):
        muscle_id = injection.muscle_id
        muscle = catalog.get(muscle_id) if muscle_id in catalog else catalog.lookup(muscle_id)
        side = str(injection.side)
        if muscle is None:
            # The parser refuses unknown muscles; if one slips through, count it as itself.
            unknown.append(index)
            key, is_vague, region = (muscle_id, side), False, ""
        else:
            key, is_vague, region = (muscle.counts_as, side), muscle.vague, muscle.lcd_region
            muscle_id = muscle.id
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Group(region)
        group.total += max(injection.count, 1)
        if muscle_id not in group.picked:
            group.picked.append(muscle_id)
        group.sources.append(index)
        group.vague = group.vague or is_vague
    muscles = tuple(
        MuscleCount(
            muscle=name,
            side=side,
            injections=g.total,
            picked=tuple(g.picked),
            lcd_region=g.region,
            vague=g.vague,
        )
        for (name, side), g in groups.items()
    )
    names = labels or {}
    texts = tuple(
        f"{side} {names.get(name) or muscle_label(name, catalog)}" for name, side in groups
    )
    sources = tuple(tuple(g.sources) for g in groups.values())
    return Counted(muscles, sources, texts, tuple(unknown))


class _Group:
    """One (counts_as, side) pair while counting."""

    __slots__ = ("picked", "region", "sources", "total", "vague")

    def __init__(self, region: str) -> None:
        self.total = 0
        self.picked: list[str] = []
        self.sources: list[int] = []
        self.vague = False
        self.region = region
