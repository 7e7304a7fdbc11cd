"""The map's geometry: today's country outlines, the projection fitted to the places shown,
and labels placed so that none overlaps another label, a mark or the frame.

Pure functions of their inputs and the shipped outlines (``outlines.json``, made by
scripts/generate_outlines.py from Natural Earth); deterministic to the byte.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

OUTLINES_ATTRIBUTION = "Made with Natural Earth"
_TENTHS = 10.0

MIN_LON_SPAN = 24.0  # degrees: a map of one city still shows its country
MIN_LAT_SPAN = 14.0
MAX_LAT = 80.0  # equirectangular stretches the poles; nothing of the life is further north


@dataclass(frozen=True)
class Country:
    name: str
    rings: tuple[tuple[tuple[float, float], ...], ...]  # (lon, lat) in degrees
    bounds: tuple[float, float, float, float]  # west, south, east, north


@cache
def countries() -> tuple[Country, ...]:
    """Today's countries (Natural Earth admin-0, 1:110m), as the package ships them."""
    text = files("bazhanov_cli.output.map").joinpath("outlines.json").read_text(encoding="utf-8")
    found = []
    for country in json.loads(text)["countries"]:
        rings = tuple(
            tuple(
                (flat[index] / _TENTHS, flat[index + 1] / _TENTHS)
                for index in range(0, len(flat), 2)
            )
            for flat in country["rings"]
        )
        lons = [lon for ring in rings for lon, _ in ring]
        lats = [lat for ring in rings for _, lat in ring]
        found.append(Country(country["name"], rings, (min(lons), min(lats), max(lons), max(lats))))
    return tuple(found)


@dataclass(frozen=True)
class Projection:
    """Equirectangular, true to scale along the extent's middle parallel: x grows east,
    y south, from the top left corner of a plot ``width`` pixels wide at ``(left, top)``."""

    west: float
    south: float
    east: float
    north: float
    width: float
    left: float
    top: float

    @property
    def scale(self) -> float:
        """Pixels per degree of latitude."""
        return self.width / ((self.east - self.west) * self._shrink)

    @property
    def _shrink(self) -> float:
        return math.cos(math.radians((self.north + self.south) / 2))

    @property
    def height(self) -> float:
        return (self.north - self.south) * self.scale

    def at(self, lon: float, lat: float) -> tuple[float, float]:
        return (
            self.left + (lon - self.west) * self._shrink * self.scale,
            self.top + (self.north - lat) * self.scale,
        )


def fitted(
    points: Sequence[tuple[float, float]], width: float, left: float, top: float
) -> Projection:
    """A projection whose extent holds every ``(lon, lat)`` point with a margin around
    them, at least ``MIN_LON_SPAN`` by ``MIN_LAT_SPAN`` degrees, and never taller than wide."""
    if points:
        west, east = min(p[0] for p in points), max(p[0] for p in points)
        south, north = min(p[1] for p in points), max(p[1] for p in points)
    else:  # nothing to show: Europe and the Soviet Union's south, where the life was
        west, east, south, north = 0.0, 70.0, 35.0, 60.0
    lon_margin = max(4.0, (east - west) * 0.08)
    lat_margin = max(3.0, (north - south) * 0.12)
    west, east = west - lon_margin, east + lon_margin
    south, north = south - lat_margin, north + lat_margin
    west, east = _widened(west, east, MIN_LON_SPAN)
    south, north = _widened(south, north, MIN_LAT_SPAN)
    shrink = math.cos(math.radians((north + south) / 2))
    # Never taller than wide: a tall extent gains width; a very flat one, height.
    if (north - south) > (east - west) * shrink:
        west, east = _widened(west, east, (north - south) / shrink)
    elif (north - south) < (east - west) * shrink * 0.4:
        south, north = _widened(south, north, (east - west) * shrink * 0.4)
    south, north = max(south, -MAX_LAT), min(north, MAX_LAT)
    return Projection(west, south, east, north, width, left, top)


def _widened(low: float, high: float, span: float) -> tuple[float, float]:
    if high - low >= span:
        return low, high
    middle = (low + high) / 2
    return middle - span / 2, middle + span / 2


def outline_paths(projection: Projection) -> list[tuple[str, str]]:
    """Each country that reaches into the extent, as ``(name, SVG path data)``; the picture
    clips them to its frame."""
    drawn = []
    for country in countries():
        west, south, east, north = country.bounds
        if east < projection.west or west > projection.east:
            continue
        if north < projection.south or south > projection.north:
            continue
        parts = []
        for ring in country.rings:
            lons = [lon for lon, _ in ring]
            if max(lons) < projection.west or min(lons) > projection.east:
                continue
            points = [projection.at(lon, lat) for lon, lat in ring]
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z")
        if parts:
            drawn.append((country.name, "".join(parts)))
    return drawn


# --- labels ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.left < other.right
            and other.left < self.right
            and self.top < other.bottom
            and other.top < self.bottom
        )

    def inside(self, other: Box) -> bool:
        return (
            self.left >= other.left
            and self.right <= other.right
            and self.top >= other.top
            and self.bottom <= other.bottom
        )


@dataclass(frozen=True)
class Placed:
    """A label's text position: ``x`` and the baseline ``y``, its anchor, and its box;
    ``leader`` when it stands off from its mark, a line leading to it."""

    x: float
    y: float
    anchor: str  # "start", "middle" or "end"
    box: Box
    leader: bool = False

    def leader_end(self, x: float, y: float) -> tuple[float, float]:
        """Where a line from a mark at ``x, y`` meets the label's box: its nearest point."""
        box = self.box
        return min(max(x, box.left), box.right), min(max(y, box.top), box.bottom)


# Where a label may go around its mark, in the order they are tried: right, left, above,
# below, then the four corners; then the same, further off, with a leader line.
_DIRECTIONS: tuple[tuple[int, int], ...] = (
    (1, 0),
    (-1, 0),
    (0, -1),
    (0, 1),
    (1, -1),
    (1, 1),
    (-1, -1),
    (-1, 1),
)
LEADER_REACHES = (3.5, 6.0)  # times the gap: how far off a label with a leader line stands


def candidates(
    x: float, y: float, width: float, height: float, gap: float, *, leader: float = 0
) -> Iterable[Placed]:
    """The positions tried for a label ``width`` by ``height`` beside a mark at ``x, y``:
    next to it, or ``leader`` times the gap off, where a line leads to it."""
    descent = height * 0.25  # the baseline sits a quarter of the height above the bottom
    reach = gap * leader if leader else gap
    for dx, dy in _DIRECTIONS:
        if dx > 0:
            left = x + reach
        elif dx < 0:
            left = x - reach - width
        else:
            left = x - width / 2
        if dy > 0:
            top = y + reach
        elif dy < 0:
            top = y - reach - height
        else:
            top = y - height / 2
        anchor = "start" if dx > 0 else "end" if dx < 0 else "middle"
        text_x = {"start": left, "end": left + width, "middle": left + width / 2}[anchor]
        box = Box(left, top, left + width, top + height)
        yield Placed(text_x, top + height - descent, anchor, box, bool(leader))


def place_label(
    x: float,
    y: float,
    width: float,
    height: float,
    gap: float,
    taken: Sequence[Box],
    frame: Box,
    *,
    leader: float = 0,
) -> Placed | None:
    """The first candidate that stays in ``frame`` and overlaps nothing ``taken``; or None."""
    for placed in candidates(x, y, width, height, gap, leader=leader):
        if placed.box.inside(frame) and not any(placed.box.overlaps(box) for box in taken):
            return placed
    return None


def main_cluster(longitudes: Sequence[float]) -> list[bool]:
    """Which of the points belong on the map, by longitude: all of them, unless an ocean's
    width (``FAR_GAP`` degrees or more) parts a few (a quarter or fewer) from the rest;
    those are drawn at the map's edge, pointing the way to them."""
    if len(longitudes) < 2:
        return [True] * len(longitudes)
    ordered = sorted(longitudes)
    gap, cut = max((high - low, high) for low, high in itertools.pairwise(ordered))
    west = sum(1 for lon in longitudes if lon < cut)
    east = len(longitudes) - west
    if gap < FAR_GAP or min(west, east) > len(longitudes) // 4:
        return [True] * len(longitudes)
    keep_east = east > west
    return [(lon >= cut) == keep_east for lon in longitudes]


FAR_GAP = 50.0


def toward(frame: Box, x: float, y: float, inset: float) -> tuple[float, float]:
    """The point ``inset`` inside ``frame``'s edge on the way from its centre to ``x, y``."""
    cx, cy = (frame.left + frame.right) / 2, (frame.top + frame.bottom) / 2
    dx, dy = x - cx, y - cy
    half_w, half_h = (frame.right - frame.left) / 2 - inset, (frame.bottom - frame.top) / 2 - inset
    scale = min(
        half_w / abs(dx) if dx else math.inf,
        half_h / abs(dy) if dy else math.inf,
        1.0,
    )
    return cx + dx * scale, cy + dy * scale
