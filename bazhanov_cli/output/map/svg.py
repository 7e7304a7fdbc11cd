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

from ...model.items import Biography, Event
from ...queries.travels import Location, Stop, mapped, routed
from ..timeline.shapes import (
    FONT_SIZE,
    FONT_STACK,
    HEADING_SIZE,
    INK,
    MARGIN,
    MUTED,
    SWATCH_HEIGHT,
    SWATCH_WIDTH,
    YEAR_DASH,
    LegendEntry,
    number_text,
    points_text,
    text_width,
    xml_text,
)
from ..views import coordinates
from .geometry import (
    OUTLINES_ATTRIBUTION,
    Box,
    Placed,
    Projection,
    fitted,
    outline_paths,
    place_label,
)

PLOT_WIDTH = 960
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
NO_PLACES = "No places with coordinates in this range"
POINT_KINDS = {
    "site": "city or site",
    "border": "border",
    "area": "country or region, at a point within it",
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
    label: Placed | None
    letter: str | None  # when the label fits nowhere: its key in the legend

    @property
    def location(self) -> Location:
        assert self.stop.location is not None
        return self.stop.location


class MapPicture:
    """The layout of one map: projection, marks, labels and size, computed once."""

    def __init__(
        self,
        bio: Biography,
        stops: Sequence[Stop],
        years: tuple[int, int] | None,
        *,
        standalone: bool,
    ) -> None:
        self.standalone = standalone
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
        top = MARGIN + (HEADING_ROOM if standalone else 0)
        points = [(s.location["longitude"], s.location["latitude"]) for s in self._located()]
        self.projection: Projection = fitted(points, PLOT_WIDTH, MARGIN, top)
        self.frame = Box(MARGIN, top, MARGIN + PLOT_WIDTH, top + self.projection.height)
        self.marks = self._layout()

    def _located(self) -> list[_Located]:
        return [_Located(stop, stop.location) for stop in self.drawn if stop.location is not None]

    def _layout(self) -> list[Mark]:
        """Marks at their places; labels placed greedily, the route's first, then the
        others in the order he reached them (a stable sort): the order fixes the result."""
        spots = {}
        for item in self._located():
            spots[item.stop.place["id"]] = self.projection.at(
                item.location["longitude"], item.location["latitude"]
            )
        order = sorted(self.drawn, key=lambda stop: (stop.route is None, stop.route or 0))
        taken = [
            Box(x - MARK_RADIUS - 1, y - MARK_RADIUS - 1, x + MARK_RADIUS + 1, y + MARK_RADIUS + 1)
            for x, y in spots.values()
        ]
        lines = [
            box
            for before, after in zip(self.route, self.route[1:], strict=False)
            for box in _along(spots[before.place["id"]], spots[after.place["id"]])
        ]
        placed: dict[str, tuple[str, Placed | None]] = {}
        for stop in order:
            x, y = spots[stop.place["id"]]
            text = _label_text(stop)
            size = (text_width(text, FONT_SIZE), LABEL_HEIGHT, LABEL_GAP)
            # Clear of the route's lines where it can be; over them (on its white halo)
            # rather than nowhere.
            label = place_label(x, y, *size, [*taken, *lines], self.frame) or place_label(
                x, y, *size, taken, self.frame
            )
            if label is not None:
                taken.append(label.box)
            placed[stop.place["id"]] = (text, label)
        letters = iter(_letters())
        marks = []
        for stop in self.drawn:  # in the order he reached them
            x, y = spots[stop.place["id"]]
            text, label = placed[stop.place["id"]]
            marks.append(Mark(stop, x, y, text, label, None if label else next(letters)))
        return marks

    @property
    def width(self) -> float:
        return MARGIN + PLOT_WIDTH + MARGIN

    def legend_entries(self) -> list[LegendEntry]:
        kinds = {kind_of(mark.location) for mark in self.marks}
        entries = [
            LegendEntry(_swatch(kind), "", words)
            for kind, words in POINT_KINDS.items()
            if kind in kinds
        ]
        if len(self.route) > 1:
            entries.append(LegendEntry(_route_swatch(), "", ROUTE_WORDS))
        entries += [
            LegendEntry(_letter_swatch(mark.letter), "", mark.stop.place["name"])
            for mark in self.marks
            if mark.letter is not None
        ]
        return entries

    def svg(self) -> str:
        body: list[str] = []
        if self.standalone:
            body.append(
                f'<text class="heading" x="{MARGIN}" y="{MARGIN + 16}" '
                f'font-size="{HEADING_SIZE}" font-weight="bold">{xml_text(self.heading)}</text>'
            )
        frame = self.frame
        body.append(
            f'<rect class="sea" x="{number_text(frame.left)}" y="{number_text(frame.top)}" '
            f'width="{PLOT_WIDTH}" height="{number_text(frame.bottom - frame.top)}" fill="{SEA}"/>'
        )
        body.append(self._outlines())
        body.append(self._route())
        body.append('<g class="places">')
        body += [_mark_group(mark) for mark in self.marks]
        body.append("</g>")
        body.append(
            f'<rect class="frame" x="{number_text(frame.left)}" y="{number_text(frame.top)}" '
            f'width="{PLOT_WIDTH}" height="{number_text(frame.bottom - frame.top)}" '
            f'fill="none" stroke="{INK}"/>'
        )
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
                'aria-labelledby="map-title map-desc" '
                f'font-family="{xml_text(FONT_STACK)}" font-size="{FONT_SIZE}" fill="{INK}">',
                f'<title id="map-title">{xml_text(self.heading)}</title>',
                f'<desc id="map-desc">{xml_text(self.description())}</desc>',
                "<defs>",
                f'<clipPath id="map-clip"><rect x="{number_text(frame.left)}" '
                f'y="{number_text(frame.top)}" width="{PLOT_WIDTH}" '
                f'height="{number_text(frame.bottom - frame.top)}"/></clipPath>',
                '<marker id="map-arrow" viewBox="0 0 10 10" refX="9" refY="5" '
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

    def _outlines(self) -> str:
        parts = [
            f'<g class="countries" clip-path="url(#map-clip)" fill="{LAND}" stroke="{BORDER}" '
            'stroke-width="0.6" stroke-linejoin="round">'
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
            (x1, y1), (x2, y2) = spots[before.place["id"]], spots[after.place["id"]]
            length = math.hypot(x2 - x1, y2 - y1)
            trim = MARK_RADIUS + 3
            if length <= 2 * trim + 4:
                continue  # the two marks touch: no room for an arrow between them
            ux, uy = (x2 - x1) / length, (y2 - y1) / length
            start = (x1 + ux * trim, y1 + uy * trim)
            end = (x2 - ux * trim, y2 - uy * trim)
            parts.append(
                f'<polyline class="leg" points="{points_text([start, end])}" '
                'marker-end="url(#map-arrow)">'
                f"<title>{before.route}\u2192{after.route}: {xml_text(before.place['name'])} to "
                f"{xml_text(after.place['name'])}</title></polyline>"
            )
        parts.append("</g>")
        return "\n".join(parts)

    def _legend(self, top: float) -> tuple[str, float]:
        parts = ['<g class="legend">']
        x, y = float(MARGIN), top
        for entry in self.legend_entries():
            entry_width = SWATCH_WIDTH + 6 + text_width(entry.words, FONT_SIZE)
            if x > MARGIN and x + entry_width > self.width - MARGIN:
                x, y = float(MARGIN), y + LEGEND_ROW
            parts.append(
                f'<g transform="translate({number_text(x)},{number_text(y)})">{entry.swatch}'
                f'<text x="{SWATCH_WIDTH + 6}" y="{number_text(_LEGEND_BASELINE)}">'
                f"{xml_text(entry.words)}</text></g>"
            )
            x += entry_width + 20
        y += LEGEND_ROW
        for line in (line for note in NOTES for line in _wrapped(note, self.width - 2 * MARGIN)):
            parts.append(
                f'<text class="note" x="{MARGIN}" '
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


def _along(start: tuple[float, float], end: tuple[float, float]) -> list[Box]:
    """Small boxes along a route's leg, every few pixels: what a label should keep off."""
    (x1, y1), (x2, y2) = start, end
    steps = max(1, int(math.hypot(x2 - x1, y2 - y1) // 4))
    return [
        Box(x - 1.5, y - 1.5, x + 1.5, y + 1.5)
        for x, y in (
            (x1 + (x2 - x1) * step / steps, y1 + (y2 - y1) * step / steps)
            for step in range(steps + 1)
        )
    ]


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
        lines.append(coordinates_text(location))
    lines += [event_line(event) for event in stop.events]
    return "\n".join(lines)


def event_line(event: Event) -> str:
    end = event["end"]
    date = event["date"] if end is None else f"{event['date']}{YEAR_DASH}{end}"
    return f"{date}: {event['title']}"


def coordinates_text(location: Location) -> str:
    """``48.8534\u00b0 N, 2.3488\u00b0 E``: the coordinates as the data has them."""
    return coordinates(location["latitude"], location["longitude"])


def _mark_group(mark: Mark) -> str:
    kind = kind_of(mark.location)
    parts = [
        f'<g class="place {kind}" data-place="{xml_text(mark.stop.place["id"])}">',
        f"<title>{xml_text(tooltip(mark.stop))}</title>",
        _mark_shape(kind, mark.x, mark.y),
    ]
    halo = 'stroke="#ffffff" stroke-width="3.5" stroke-linejoin="round" paint-order="stroke"'
    if mark.label is not None:
        label = mark.label
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
    elif mark.letter is not None:
        parts.append(
            f'<text class="letter" x="{number_text(mark.x + MARK_RADIUS + 2)}" '
            f'y="{number_text(mark.y - MARK_RADIUS)}" font-weight="bold" {halo}>'
            f"{mark.letter}</text>"
        )
    parts.append("</g>")
    return "\n".join(parts)


def _mark_shape(kind: str, x: float, y: float) -> str:
    if kind == "border":
        reach = MARK_RADIUS + 1.5
        points = [(x, y - reach), (x + reach, y), (x, y + reach), (x - reach, y)]
        return (
            f'<polygon class="mark" points="{points_text(points)}" fill="{POINT_COLOUR}" '
            f'stroke="{INK}"/>'
        )
    if kind == "area":
        side = 2 * MARK_RADIUS
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
    y = SWATCH_HEIGHT / 2
    return (
        f'<line x1="2" y1="{y}" x2="{SWATCH_WIDTH - 4}" y2="{y}" stroke="{ROUTE_COLOUR}" '
        'stroke-width="2" marker-end="url(#map-arrow)"/>'
    )


def _letter_swatch(letter: str | None) -> str:
    return (
        f'<text x="{SWATCH_WIDTH / 2}" y="{SWATCH_HEIGHT / 2 + FONT_SIZE * 0.35}" '
        f'text-anchor="middle" font-weight="bold">{letter}</text>'
    )
