"""Geometry for the body figure: limb frames, smooth chains and closed region outlines.

Everything is drawn on one half of the body in *half coordinates* ``(u, y)``: ``u`` is the
distance from the midline (0 at the midline, growing outwards) and ``y`` grows downwards as in
SVG. The writer mirrors each half onto the canvas, so left and right always match.

A *point spec* is either ``(u, y)`` or ``(frame, t, s)``: ``t`` runs along a limb frame from its
origin (0) to its end (1) and ``s`` is the distance across it, positive towards the outside of the
body. A *chain* is a smooth curve (Catmull-Rom, converted to cubic Béziers) through a list of
points; regions are closed loops assembled from pieces of chains, so that two neighbours built on
the same chain share exactly the same edge and can never overlap along it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

Point = tuple[float, float]
Segment = tuple[Point, Point, Point, Point]
PointSpec = tuple[float, float] | tuple[str, float, float]
Ref = str | PointSpec
Frames = Mapping[str, tuple[Point, Point]]

MIRROR = "~"
"""Chain marker: at this end the curve continues into its mirror image (smooth at the midline)."""

CLOSED = "o"
"""Chain marker (first item): the chain is a closed loop."""


def frame_point(frames: Frames, spec: PointSpec) -> Point:
    """Resolve a point spec to half coordinates."""
    if len(spec) == 2:
        u, y = spec
        return (float(u), float(y))
    name, t, s = spec
    (u0, y0), (u1, y1) = frames[str(name)]
    du, dy = u1 - u0, y1 - y0
    length = math.hypot(du, dy)
    nu, ny = dy / length, -du / length  # perpendicular, pointing away from the midline
    return (u0 + float(t) * du + float(s) * nu, y0 + float(t) * dy + float(s) * ny)


def _bezier_through(points: Sequence[Point], before: Point, after: Point) -> list[Segment]:
    """Cubic Béziers through ``points`` with chord-weighted Catmull-Rom tangents."""
    pts = [before, *points, after]
    segments: list[Segment] = []
    for i in range(1, len(pts) - 2):
        p0, p1, p2, p3 = pts[i - 1], pts[i], pts[i + 1], pts[i + 2]
        d01, d12, d23 = math.dist(p0, p1), math.dist(p1, p2), math.dist(p2, p3)
        w1 = d12 / (d01 + d12) / 3 if d01 + d12 else 0.0
        w2 = d12 / (d12 + d23) / 3 if d12 + d23 else 0.0
        c1 = (p1[0] + (p2[0] - p0[0]) * w1, p1[1] + (p2[1] - p0[1]) * w1)
        c2 = (p2[0] - (p3[0] - p1[0]) * w2, p2[1] - (p3[1] - p1[1]) * w2)
        segments.append((p1, c1, c2, p2))
    return segments


def smooth(points: Sequence[Point], mirror_start: bool = False, mirror_end: bool = False,
           closed: bool = False) -> list[Segment]:
    """Smooth open or closed curve through ``points`` (at least two)."""
    if closed:
        ring = list(points)
        return _bezier_through([*ring, ring[0]], ring[-1], ring[1])
    first, last = points[0], points[-1]
    before = (-points[1][0], points[1][1]) if mirror_start else first
    after = (-points[-2][0], points[-2][1]) if mirror_end else last
    return _bezier_through(points, before, after)


def reverse(segments: Sequence[Segment]) -> list[Segment]:
    """The same curve traversed the other way."""
    return [(s[3], s[2], s[1], s[0]) for s in reversed(segments)]


@dataclass
class Chain:
    """A named smooth curve with the indices of its named points."""

    segments: list[Segment]
    names: dict[str, int]
    closed: bool


class Sheet:
    """The table of one half: frames, named landmarks and chains, ready to build regions."""

    def __init__(self, frames: Frames, points: Mapping[str, PointSpec],
                 chains: Mapping[str, Sequence[Ref]]) -> None:
        self.frames = frames
        self.points = {name: frame_point(frames, spec) for name, spec in points.items()}
        self.chains: dict[str, Chain] = {}
        for name, refs in chains.items():
            self.chains[name] = self._chain(name, refs)

    def resolve(self, ref: Ref) -> Point:
        """A landmark name or an inline point spec, in half coordinates."""
        if isinstance(ref, str):
            if ref not in self.points:
                raise KeyError(f"unknown landmark {ref!r}")
            return self.points[ref]
        return frame_point(self.frames, ref)

    def _chain(self, name: str, refs: Sequence[Ref]) -> Chain:
        items = list(refs)
        closed = bool(items) and items[0] == CLOSED
        if closed:
            items = items[1:]
        mirror_start = bool(items) and items[0] == MIRROR
        mirror_end = bool(items) and items[-1] == MIRROR
        items = [r for r in items if r != MIRROR]
        names = {r: i for i, r in enumerate(items) if isinstance(r, str)}
        if len(items) < 2:
            raise ValueError(f"chain {name!r} needs two points")
        pts = [self.resolve(r) for r in items]
        return Chain(smooth(pts, mirror_start, mirror_end, closed), names, closed)

    def curve(self, refs: Sequence[Ref]) -> list[Segment]:
        """An open smooth curve through the given refs (outline details)."""
        return smooth([self.resolve(r) for r in refs])

    def closed_curve(self, refs: Sequence[Ref]) -> list[Segment]:
        """A closed smooth loop through the given refs (outline details)."""
        return smooth([self.resolve(r) for r in refs], closed=True)

    def piece(self, a: str, b: str) -> list[Segment]:
        """The run of the one chain that holds both landmarks, from ``a`` to ``b``."""
        found = [c for c in self.chains.values() if a in c.names and b in c.names]
        if len(found) != 1:
            raise ValueError(f"{len(found)} chains hold both {a!r} and {b!r}")
        chain = found[0]
        i, j = chain.names[a], chain.names[b]
        if i < j:
            return chain.segments[i:j]
        return reverse(chain.segments[j:i])

    def loop(self, spec: Sequence[Ref | list[Ref]]) -> list[Segment]:
        """A closed region outline.

        ``spec`` lists the corners in order around the region: landmark names or inline point
        specs (tuples). Between two corners an optional list of via points makes a local smooth
        edge (an empty list makes a straight edge); without one, both corners must be names and
        the edge is the run of the one chain that holds both. The loop closes on the first corner.
        """
        corners: list[Ref] = []
        vias: dict[int, list[Ref]] = {}
        for item in spec:
            if isinstance(item, list):
                vias[len(corners) - 1] = item
            else:
                corners.append(item)
        segments: list[Segment] = []
        for k, a in enumerate(corners):
            b = corners[(k + 1) % len(corners)]
            if k in vias:
                pts = [self.resolve(a), *(self.resolve(r) for r in vias[k]), self.resolve(b)]
                segments.extend(smooth(pts))
            elif isinstance(a, str) and isinstance(b, str):
                segments.extend(self.piece(a, b))
            else:
                raise ValueError(f"edge {a!r} -> {b!r} needs a via list")
        return segments
