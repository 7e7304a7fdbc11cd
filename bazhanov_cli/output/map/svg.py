"""The places on a map: an SVG drawn from the data, today's country outlines behind them.

Pure functions of the data, the shipped outlines and the standard library: no terminal, no
Rich, nothing fetched, no fonts or scripts. Each place is a mark by its kind (a dot for a
city or site, a diamond for a border, a hollow square at an area's representative point);
labels are placed greedily around their marks so none overlaps another label, a mark or the
frame, and a place whose label fits nowhere gets a letter and its name in the legend. The
route of 1928-1929 joins its places with arrows, each numbered in the order of the events.
Every mark's tooltip lists its events. Colour only repeats what shape and text say.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ...model.items import Biography, Event, Location
from ...queries.travels import Stop, mapped, routed
from ..timeline.shapes import (
    FONT_SIZE,
    FONT_STACK,
    HEADING_SIZE,
    INK,
    MUTED,
    SWATCH_HEIGHT,
    SWATCH_WIDTH,
    YEAR_DASH,
    LegendEntry,
    date_text,
    number_text,
    points_text,
    text_width,
    xml_text,
)
from ..views import coordinates
from .geometry import (
    LEADER_REACHES,
    OUTLINES_ATTRIBUTION,
    Box,
    Placed,
    Projection,
    fitted,
    main_cluster,
    outline_paths,
    place_label,
    toward,
)


@dataclass(frozen=True)
class Size:
    """How big a map is drawn: its plot's width and the margin around it, in pixels at
    13 px type, and the prefix of its ids (two maps may share a page)."""

    plot_width: float
    margin: float
    ids: str


WIDE = Size(960, 24, "map")
"""For a screen, for paper and for the standalone SVG."""
NARROW = Size(420, 8, "map-narrow")
"""For a phone's 360-400 px: the same map, fewer labels (the rest lettered), type at 10 px."""
MARK_RADIUS = 4.5
LABEL_GAP = 7
LABEL_HEIGHT = FONT_SIZE + 3
ROUTE_COLOUR = "#D55E00"  # vermillion (Okabe and Ito): apart from the ink and the land
POINT_COLOUR = "#0072B2"  # blue
LAND = "#eeeeec"
SEA = "#f4f8fb"
BORDER = "#b8b8b8"
HEADING_ROOM = 40
_LEGEND_BASELINE = SWATCH_HEIGHT / 2 + FONT_SIZE * 0.35
LEGEND_ROW = 22

BORDERS_NOTE = (
    "Borders are today's (Natural Earth); places as the article names them; "
    "coordinates from GeoNames."
)
NOTES = (BORDERS_NOTE, f"{OUTLINES_ATTRIBUTION}.")
"""What the legend ends with, a sentence a line (wrapped where it must)."""
ROUTE_WORDS = "route of 1928\u20131929, numbered in the order of the events"
NO_ROOM = " (too close to others to be keyed on the map)"
NO_PLACES = "No places with coordinates in this range"
POINT_KINDS = {
    "site": "city or site",
    "border": "border, at a town on it",
    "area": "country or region, at its capital or a city within it",
    "beyond": "far beyond the map: at its edge, pointing the way",
}


def svg_document(bio: Biography, stops: Sequence[Stop], years: tuple[int, int] | None) -> str:
    """The map of ``stops`` as a standalone SVG document, with its heading and legend."""
    picture = MapPicture(bio, stops, years, standalone=True)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + picture.svg() + "\n"


def kind_of(location: Location) -> str:
    """Which mark a place gets: ``site``, ``border`` or ``area``."""
    feature = location["feature"]
    if feature == "border":
        return "border"
    if feature in ("country", "region"):
        return "area"
    return "site"


@dataclass(frozen=True)
class Mark:
    """One place on the map: where its mark is, and its label (or its legend letter)."""

    stop: Stop
    x: float
    y: float
    text: str  # the label's words: "3 Iran", or the name
    label: Placed | None  # where its words go, or its key; None if even the key fits nowhere
    letter: str | None  # when the words fit nowhere: the key (a letter, or the route's
    # number) beside the mark and before the name in the legend
    beyond: bool = False  # far beyond the extent: drawn at its edge, pointing the way
    heading: float = 0.0  # radians, 0 east, clockwise: the way to a place beyond

    @property
    def location(self) -> Location:
        assert self.stop.location is not None
        return self.stop.location

    @property
    def kind(self) -> str:
        return "beyond" if self.beyond else kind_of(self.location)


class MapPicture:
    """The layout of one map: projection, marks, labels and size, computed once."""

    def __init__(
        self,
        bio: Biography,
        stops: Sequence[Stop],
        years: tuple[int, int] | None,
        *,
        standalone: bool,
        size: Size = WIDE,
    ) -> None:
        self.standalone = standalone
        self.size = size
        self.margin, self.plot_width, self.ids = size.margin, size.plot_width, size.ids
        self.stops = list(stops)
        self.drawn = mapped(stops)
        self.route = [stop for stop in routed(stops) if stop.location is not None]
        name = bio["facts"]["full_name"]
        if years is None:
            self.heading = f"{name}: places"
        elif years[0] == years[1]:
            self.heading = f"{name}: places, {years[0]}"
        else:
            self.heading = f"{name}: places, {years[0]}{YEAR_DASH}{years[1]}"
        top = self.margin + (HEADING_ROOM if standalone else 0)
        located = self._located()
        keep = main_cluster([item.location["longitude"] for item in located])
        self.beyond = {
            item.stop.place["id"] for item, kept in zip(located, keep, strict=True) if not kept
        }
        points = [
            (item.location["longitude"], item.location["latitude"])
            for item, kept in zip(located, keep, strict=True)
            if kept
        ]
        self.projection: Projection = fitted(points, self.plot_width, self.margin, top)
        self.frame = Box(
            self.margin, top, self.margin + self.plot_width, top + self.projection.height
        )
        self.marks = self._layout()

    def _located(self) -> list[_Located]:
        return [_Located(stop, stop.location) for stop in self.drawn if stop.location is not None]

    def _layout(self) -> list[Mark]:
        """Marks at their places (a place beyond the extent at its edge, pointing its way);
        labels placed greedily, the route's first, then the others in the order he reached
        them: beside the mark, clear of the route's lines; then over them; then further
        off, with a leader line. The order fixes the result."""
        spots = {}
        for item in self._located():
            x, y = self.projection.at(item.location["longitude"], item.location["latitude"])
            if item.stop.place["id"] in self.beyond:
                x, y = toward(self.frame, x, y, MARK_RADIUS + 4)
            spots[item.stop.place["id"]] = (x, y)
        order = sorted(self.drawn, key=lambda stop: (stop.route is None, stop.route or 0))
        taken = [
            mark_box(
                "beyond" if item.stop.place["id"] in self.beyond else kind_of(item.location),
                *spots[item.stop.place["id"]],
                room=1,
            )
            for item in self._located()
        ]
        lines = [
            box
            for before, after in zip(self.route, self.route[1:], strict=False)
            for box in _along(leg_curve(spots[before.place["id"]], spots[after.place["id"]]))
        ]
        placed: dict[str, Placed] = {}
        near = LEADER_REACHES[0]
        for leader, avoid in ((0.0, lines), (0.0, []), (near, lines), (near, [])):
            for stop in order:
                if stop.place["id"] in placed:
                    continue
                x, y = spots[stop.place["id"]]
                size = (text_width(_label_text(stop), FONT_SIZE), LABEL_HEIGHT, LABEL_GAP)
                label = place_label(x, y, *size, [*taken, *avoid], self.frame, leader=leader)
                if label is not None:
                    taken.append(label.box)
                    placed[stop.place["id"]] = label
        letters = iter(_letters())
        marks = []
        for stop in self.drawn:  # in the order he reached them
            x, y = spots[stop.place["id"]]
            text, label = _label_text(stop), placed.get(stop.place["id"])
            # A label that fits nowhere leaves a key: a route stop's number, else a letter.
            key = None if label else str(stop.route) if stop.route else next(letters)
            if key is not None:  # placed like a label, where it clears the others
                size = (text_width(key, FONT_SIZE), LABEL_HEIGHT, LABEL_GAP - 2)
                for leader in (0.0, *LEADER_REACHES):
                    label = place_label(x, y, *size, taken, self.frame, leader=leader)
                    if label is not None:
                        break
                if label is not None:
                    taken.append(label.box)
            beyond = stop.place["id"] in self.beyond
            centre = (
                (self.frame.left + self.frame.right) / 2,
                (self.frame.top + self.frame.bottom) / 2,
            )
            heading = math.atan2(y - centre[1], x - centre[0]) if beyond else 0.0
            marks.append(Mark(stop, x, y, text, label, key, beyond, heading))
        return marks

    @property
    def width(self) -> float:
        return self.margin + self.plot_width + self.margin

    def legend_entries(self) -> list[LegendEntry]:
        kinds = {mark.kind for mark in self.marks}
        entries = [
            LegendEntry(_swatch(kind), "", words)
            for kind, words in POINT_KINDS.items()
            if kind in kinds
        ]
        if len(self.route) > 1:
            entries.append(LegendEntry(_route_swatch(), "", ROUTE_WORDS))
        entries += [
            LegendEntry(
                _letter_swatch(mark.letter, mark.stop.route) if mark.label else _swatch(mark.kind),
                "",
                mark.stop.place["name"] + ("" if mark.label else NO_ROOM),
            )
            for mark in self.marks
            if mark.letter is not None
        ]
        return entries

    def svg(self) -> str:
        body: list[str] = []
        if self.standalone:
            body.append(
                f'<text class="heading" x="{self.margin}" y="{self.margin + 16}" '
                f'font-size="{HEADING_SIZE}" font-weight="bold">{xml_text(self.heading)}</text>'
            )
        frame = self.frame
        body.append(f'<rect class="sea" {self._frame_area()} fill="{SEA}"/>')
        body.append(self._outlines())
        body.append(self._route())
        body.append('<g class="places">')
        # Areas first, under the cities and sites that may share their point.
        body += [_mark_group(mark) for mark in self.marks if mark.kind == "area"]
        body += [_mark_group(mark) for mark in self.marks if mark.kind != "area"]
        body.append("</g>")
        body.append(f'<rect class="frame" {self._frame_area()} fill="none" stroke="{INK}"/>')
        if not self.marks:
            body.append(
                f'<text class="empty" x="{number_text((frame.left + frame.right) / 2)}" '
                f'y="{number_text((frame.top + frame.bottom) / 2)}" text-anchor="middle" '
                f'fill="{MUTED}" stroke="#ffffff" stroke-width="4" paint-order="stroke">'
                f"{NO_PLACES}</text>"
            )
        height = frame.bottom + 16
        if self.standalone:
            legend, legend_height = self._legend(height)
            body.append(legend)
            height += legend_height
        width = number_text(self.width)
        height_text = number_text(math.ceil(height))
        return "\n".join(
            [
                f'<svg xmlns="http://www.w3.org/2000/svg" class="map" width="{width}" '
                f'height="{height_text}" viewBox="0 0 {width} {height_text}" role="img" '
                f'aria-labelledby="{self.ids}-title {self.ids}-desc" '
                f'font-family="{xml_text(FONT_STACK)}" font-size="{FONT_SIZE}" fill="{INK}">',
                f'<title id="{self.ids}-title">{xml_text(self.heading)}</title>',
                f'<desc id="{self.ids}-desc">{xml_text(self.description())}</desc>',
                "<defs>",
                f'<clipPath id="{self.ids}-clip"><rect {self._frame_area()}/></clipPath>',
                f'<marker id="{self.ids}-arrow" viewBox="0 0 10 10" refX="9" refY="5" '
                'markerWidth="7" markerHeight="7" markerUnits="userSpaceOnUse" orient="auto">'
                f'<path d="M0,0L10,5L0,10Z" fill="{ROUTE_COLOUR}"/></marker>',
                "</defs>",
                '<rect class="background" width="100%" height="100%" fill="#ffffff"/>',
                *body,
                "</svg>",
            ]
        )

    def description(self) -> str:
        count = len(self.marks)
        words = (
            f"{count} place{'s' if count != 1 else ''} on a map of today's country outlines"
            if count
            else f"{NO_PLACES}: a map of today's country outlines with nothing on it"
        )
        if len(self.route) > 1:
            words += (
                "; the route of 1928\u20131929 joins "
                + ", ".join(stop.place["name"] for stop in self.route)
                + " with arrows, in the order of the events"
            )
        unlisted = len(self.stops) - len(self.drawn)
        if unlisted:
            words += f"; {unlisted} place{'s' if unlisted != 1 else ''} without coordinates"
        return " ".join([words + ".", *NOTES])

    def _frame_area(self) -> str:
        """The map's frame as a rectangle's attributes."""
        frame = self.frame
        return (
            f'x="{number_text(frame.left)}" y="{number_text(frame.top)}" '
            f'width="{number_text(frame.right - frame.left)}" '
            f'height="{number_text(frame.bottom - frame.top)}"'
        )

    def _outlines(self) -> str:
        parts = [
            f'<g class="countries" clip-path="url(#{self.ids}-clip)" fill="{LAND}" '
            f'stroke="{BORDER}" stroke-width="0.6" stroke-linejoin="round">'
        ]
        parts += [
            f'<path d="{path}"><title>{xml_text(name)}</title></path>'
            for name, path in outline_paths(self.projection)
        ]
        parts.append("</g>")
        return "\n".join(parts)

    def _route(self) -> str:
        spots = {mark.stop.place["id"]: (mark.x, mark.y) for mark in self.marks}
        parts = [
            f'<g class="route" fill="none" stroke="{ROUTE_COLOUR}" stroke-width="2" '
            'stroke-linecap="round">'
        ]
        for before, after in zip(self.route, self.route[1:], strict=False):
            start, end = spots[before.place["id"]], spots[after.place["id"]]
            trim = MARK_RADIUS + 3
            if math.dist(start, end) <= 2 * trim + 4:
                continue  # the two marks touch: no room for an arrow between them
            curve = [
                point
                for point in leg_curve(start, end)
                if math.dist(point, start) >= trim and math.dist(point, end) >= trim
            ]
            parts.append(
                f'<polyline class="leg" points="{points_text(curve)}" '
                f'marker-end="url(#{self.ids}-arrow)">'
                f"<title>{before.route}\u2192{after.route}: {xml_text(before.place['name'])} to "
                f"{xml_text(after.place['name'])}</title></polyline>"
            )
        parts.append("</g>")
        return "\n".join(parts)

    def _legend(self, top: float) -> tuple[str, float]:
        parts = ['<g class="legend">']
        margin = self.margin
        x, y = float(margin), top
        for entry in self.legend_entries():
            entry_width = SWATCH_WIDTH + 6 + text_width(entry.words, FONT_SIZE)
            if x > margin and x + entry_width > self.width - margin:
                x, y = float(margin), y + LEGEND_ROW
            parts.append(
                f'<g transform="translate({number_text(x)},{number_text(y)})">{entry.swatch}'
                f'<text x="{SWATCH_WIDTH + 6}" y="{number_text(_LEGEND_BASELINE)}">'
                f"{xml_text(entry.words)}</text></g>"
            )
            x += entry_width + 20
        y += LEGEND_ROW
        for line in (line for note in NOTES for line in _wrapped(note, self.width - 2 * margin)):
            parts.append(
                f'<text class="note" x="{margin}" '
                f'y="{number_text(y + SWATCH_HEIGHT / 2 + FONT_SIZE * 0.35)}" fill="{MUTED}">'
                f"{xml_text(line)}</text>"
            )
            y += LEGEND_ROW - 4
        parts.append("</g>")
        return "\n".join(parts), y - top + 16


@dataclass(frozen=True)
class _Located:
    stop: Stop
    location: Location


LEG_BULGE = 0.12
"""How far a leg bows from the straight line, as a share of its length: a straight leg from
India to France runs through the mark of Iran, and would read as two legs from Iran."""
LEG_BULGE_LIMIT = 48.0
"""The most a leg bows, in pixels, so that a long leg stays near the places it joins."""


def leg_curve(start: tuple[float, float], end: tuple[float, float]) -> list[tuple[float, float]]:
    """A route's leg as points a pixel or two apart: a quadratic curve from ``start`` to
    ``end`` that bows to the left of the way he went, so no leg hides another's mark."""
    (x1, y1), (x2, y2) = start, end
    length = math.hypot(x2 - x1, y2 - y1)
    if length == 0:
        return [start, end]
    bulge = min(length * LEG_BULGE, LEG_BULGE_LIMIT)
    # The control point: off the middle, at a right angle to the leg (left, as he travels).
    cx = (x1 + x2) / 2 + (y2 - y1) / length * bulge
    cy = (y1 + y2) / 2 - (x2 - x1) / length * bulge
    steps = max(2, int(length // 2))
    return [
        (
            (1 - t) ** 2 * x1 + 2 * (1 - t) * t * cx + t**2 * x2,
            (1 - t) ** 2 * y1 + 2 * (1 - t) * t * cy + t**2 * y2,
        )
        for t in (step / steps for step in range(steps + 1))
    ]


def _along(curve: Sequence[tuple[float, float]]) -> list[Box]:
    """Small boxes along a route's leg, every few pixels: what a label should keep off."""
    return [Box(x - 1.5, y - 1.5, x + 1.5, y + 1.5) for x, y in curve[::2]]


def _letters() -> list[str]:
    """A, B, ... Z, then AA, AB, ...: keys for places whose labels fit nowhere."""
    alphabet = [chr(code) for code in range(ord("A"), ord("Z") + 1)]
    return alphabet + [first + second for first in alphabet for second in alphabet]


def _label_text(stop: Stop) -> str:
    name = stop.place["name"]
    return name if stop.route is None else f"{stop.route} {name}"


def _wrapped(text: str, width: float) -> list[str]:
    lines: list[str] = []
    for word in text.split(" "):
        if lines and text_width(f"{lines[-1]} {word}", FONT_SIZE) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def tooltip(stop: Stop) -> str:
    """A place's name, kind, coordinates, today's name and its events, a line each."""
    location = stop.location
    lines = [stop.place["name"]]
    if location is not None:
        today = location["name"] + (f", {location['country']}" if location["country"] else "")
        lines.append(f"{location['feature']}; today {today}")
        lines.append(coordinates(location))
        if location["note"] is not None:
            lines.append(location["note"])
    lines += [event_line(event) for event in stop.events]
    return "\n".join(lines)


def event_line(event: Event) -> str:
    return f"{date_text(event)}: {event['title']}"


def _mark_group(mark: Mark) -> str:
    kind = mark.kind
    parts = [
        f'<g class="place {kind}" data-place="{xml_text(mark.stop.place["id"])}">',
        f"<title>{xml_text(tooltip(mark.stop))}</title>",
    ]
    halo = 'stroke="#ffffff" stroke-width="3.5" stroke-linejoin="round" paint-order="stroke"'
    label = mark.label
    if label is not None and label.leader:  # under the mark, which it leads away from
        end = label.leader_end(mark.x, mark.y)
        parts.append(
            f'<polyline class="leader" points="{points_text([(mark.x, mark.y), end])}" '
            f'fill="none" stroke="{MUTED}" stroke-width="0.8"/>'
        )
    parts.append(_mark_shape(kind, mark.x, mark.y, mark.heading))
    if mark.letter is not None:
        if label is not None:  # else not even the key has room: the legend says so
            colour = f' fill="{ROUTE_COLOUR}"' if mark.stop.route is not None else ""
            parts.append(
                f'<text class="letter" x="{number_text(label.x)}" y="{number_text(label.y)}" '
                f'text-anchor="{label.anchor}" font-weight="bold"{colour} {halo}>'
                f"{mark.letter}</text>"
            )
    elif label is not None:
        number = (
            f'<tspan font-weight="bold" fill="{ROUTE_COLOUR}">{mark.stop.route}</tspan> '
            if mark.stop.route is not None
            else ""
        )
        parts.append(
            f'<text class="label" x="{number_text(label.x)}" y="{number_text(label.y)}" '
            f'text-anchor="{label.anchor}" {halo}>{number}{xml_text(mark.stop.place["name"])}'
            "</text>"
        )
    parts.append("</g>")
    return "\n".join(parts)


_MARK_REACH = {"site": MARK_RADIUS, "border": MARK_RADIUS + 1.5, "area": MARK_RADIUS + 2.5}


def mark_box(kind: str, x: float, y: float, *, room: float = 0) -> Box:
    """The box a mark of ``kind`` at ``x, y`` covers, and ``room`` around it."""
    reach = _MARK_REACH.get(kind, MARK_RADIUS + 2) + room
    return Box(x - reach, y - reach, x + reach, y + reach)


def _mark_shape(kind: str, x: float, y: float, heading: float = 0.0) -> str:
    """A place's mark; ``heading`` (radians, 0 east, clockwise) is where a far one lies."""
    if kind == "beyond":
        reach = _MARK_REACH.get(kind, MARK_RADIUS + 2)
        points = [
            (x + reach * math.cos(heading + turn), y + reach * math.sin(heading + turn))
            for turn in (0.0, 2.4, -2.4)
        ]
        return (
            f'<polygon class="mark" points="{points_text(points)}" fill="{POINT_COLOUR}" '
            f'stroke="{INK}"/>'
        )
    if kind == "border":
        reach = _MARK_REACH["border"]
        points = [(x, y - reach), (x + reach, y), (x, y + reach), (x - reach, y)]
        return (
            f'<polygon class="mark" points="{points_text(points)}" fill="{POINT_COLOUR}" '
            f'stroke="{INK}"/>'
        )
    if kind == "area":  # larger than a dot, so a city at the same point shows inside it
        side = 2 * _MARK_REACH["area"]
        return (
            f'<rect class="mark" x="{number_text(x - side / 2)}" y="{number_text(y - side / 2)}" '
            f'width="{number_text(side)}" height="{number_text(side)}" fill="#ffffff" '
            f'stroke="{POINT_COLOUR}" stroke-width="2"/>'
        )
    return (
        f'<circle class="mark" cx="{number_text(x)}" cy="{number_text(y)}" r="{MARK_RADIUS}" '
        f'fill="{POINT_COLOUR}" stroke="{INK}"/>'
    )


def _swatch(kind: str) -> str:
    return _mark_shape(kind, SWATCH_WIDTH / 2, SWATCH_HEIGHT / 2)


def _route_swatch() -> str:
    """A leg of the route, its arrowhead drawn (a marker's id would tie it to one map)."""
    y = SWATCH_HEIGHT / 2
    tip = SWATCH_WIDTH - 2
    head = [(tip, y), (tip - 7, y - 3.5), (tip - 7, y + 3.5)]
    return (
        f'<line x1="2" y1="{y}" x2="{tip - 6}" y2="{y}" stroke="{ROUTE_COLOUR}" '
        f'stroke-width="2"/><polygon points="{points_text(head)}" fill="{ROUTE_COLOUR}"/>'
    )


def _letter_swatch(letter: str | None, route: int | None) -> str:
    colour = f' fill="{ROUTE_COLOUR}"' if route is not None else ""
    return (
        f'<text x="{SWATCH_WIDTH / 2}" y="{SWATCH_HEIGHT / 2 + FONT_SIZE * 0.35}" '
        f'text-anchor="middle" font-weight="bold"{colour}>{letter}</text>'
    )
