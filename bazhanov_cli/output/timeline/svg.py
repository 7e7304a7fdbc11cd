"""The timeline as a picture: an SVG drawn from the data, and a page that holds it.

Pure functions of the data and the standard library: no terminal, no Rich, nothing fetched.
Each event has a row of its own, in date order, on a proportional year axis, so no two marks
share a row and a label only has to clear its own mark. Colour only repeats what shape and text
say: each label starts with its category's letter, and an attributed event (one the source does
not state as fact) is a diamond or a hatched bar with a dashed outline, so the picture reads in
grey, in print and for the colour-blind.

There are no font metrics without a font file, so text widths are generous estimates and the
picture is sized to hold every label at that estimate.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ...model.dates import earliest, latest
from ...model.items import Biography, Category, Event
from ...queries.lookup import chronological, timeline_years
from .axis import YearAxis, tick_step, year_fraction
from .shapes import (
    ARROW_LENGTH,
    AXIS_TOP,
    BAR_HEIGHT,
    BRACKET_DROP,
    BRACKET_MIN_WIDTH,
    CATEGORY_KEYS,
    FONT_SIZE,
    FONT_STACK,
    GRID,
    HEADING_ROOM,
    HEADING_SIZE,
    INK,
    LABEL_GAP,
    MARGIN,
    MARK_RADIUS,
    MARK_SIZE,
    MIN_PX_PER_YEAR,
    MUTED,
    NO_EVENTS,
    PLOT_WIDTH,
    ROW_HEIGHT,
    TICK_GAP,
    YEAR_DASH,
    LegendEntry,
    arrow_shape,
    date_text,
    diamond_shape,
    hatch_pattern,
    line_shape,
    number_text,
    points_text,
    svg_legend,
    swatch_arrow,
    swatch_bar,
    swatch_bracket,
    swatch_diamond,
    swatch_dot,
    text_width,
    xml_text,
)


def svg_document(
    bio: Biography,
    events: Sequence[Event],
    *,
    first_year: int | None = None,
    last_year: int | None = None,
) -> str:
    """The timeline of ``events`` as a standalone SVG document, with its heading and legend.

    ``first_year`` and ``last_year`` are the years asked for; each left out is the data's own.
    """
    picture = TimelinePicture(bio, events, first_year, last_year, standalone=True)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + picture.svg() + "\n"


@dataclass(frozen=True)
class _Mark:
    """One event's row: where its mark and its label go."""

    event: Event
    y: float  # the row's centre line
    start: float  # the earliest moment it may mean, on the axis
    stop: float  # the latest, on the axis
    bar: bool
    continues_before: bool  # it begins before the axis
    continues_after: bool  # it ends after the axis
    label_on_right: bool
    label_width: float

    @property
    def centre(self) -> float:
        return (self.start + self.stop) / 2

    @property
    def bracketed(self) -> bool:
        return not self.bar and self.stop - self.start >= BRACKET_MIN_WIDTH

    @property
    def left(self) -> float:
        """The left edge of everything drawn for the mark, bracket and arrow included."""
        edge = self.start if self.bar else self.centre - MARK_RADIUS
        if self.bracketed:
            edge = min(edge, self.start)
        return edge - (ARROW_LENGTH + 1 if self.continues_before else 0)

    @property
    def right(self) -> float:
        edge = self.stop if self.bar else self.centre + MARK_RADIUS
        if self.bracketed:
            edge = max(edge, self.stop)
        return edge + (ARROW_LENGTH + 1 if self.continues_after else 0)

    @property
    def label_x(self) -> float:
        return self.right + LABEL_GAP if self.label_on_right else self.left - LABEL_GAP

    @property
    def label_extent(self) -> tuple[float, float]:
        if self.label_on_right:
            return self.label_x, self.label_x + self.label_width
        return self.label_x - self.label_width, self.label_x


class TimelinePicture:
    """The layout of one timeline: its axis, its rows and its size, computed once."""

    def __init__(
        self,
        bio: Biography,
        events: Sequence[Event],
        first_year: int | None,
        last_year: int | None,
        *,
        standalone: bool,
    ) -> None:
        self.standalone = standalone
        self.events = chronological(events)
        covered = timeline_years(bio, self.events, first_year, last_year)
        if covered is None:
            raise ValueError("nothing dates the timeline: no events, no birth or death, no years")
        self.first_year, self.last_year = covered
        # The years asked for fill the plot; the axis then reaches out to whole ticks, and
        # to the end of the last year.
        px_per_year = max(MIN_PX_PER_YEAR, PLOT_WIDTH // (self.last_year + 1 - self.first_year))
        step = tick_step(px_per_year, 1, TICK_GAP)
        first_tick = self.first_year // step * step
        last_tick = -(-(self.last_year + 1) // step) * step
        self.axis = YearAxis(first_tick, last_tick, (last_tick - first_tick) * px_per_year, MARGIN)
        years_text = (
            str(self.first_year)
            if self.first_year == self.last_year
            else f"{self.first_year}{YEAR_DASH}{self.last_year}"
        )
        self.heading = f"{bio['facts']['full_name']}: timeline, {years_text}"
        self.axis_top = AXIS_TOP + (HEADING_ROOM if standalone else 0)
        self.marks = [
            _place(event, self.axis_top + (row + 0.5) * ROW_HEIGHT, self.axis)
            for row, event in enumerate(self.events)
        ]
        self.rows_bottom = self.axis_top + max(len(self.marks), 1) * ROW_HEIGHT

    def legend_entries(self) -> list[LegendEntry]:
        """The categories drawn, then the shapes, in the order a legend lists them."""
        present = {event["category"] for event in self.events}
        entries = [
            LegendEntry(swatch_dot(colour), letter, category)
            for category, (letter, colour) in CATEGORY_KEYS.items()
            if category in present
        ]
        entries += [
            LegendEntry(swatch_dot("#ffffff"), "", "event"),
            LegendEntry(swatch_diamond(), "", "attributed event"),
            LegendEntry(swatch_bar(hatched=False), "", "span"),
            LegendEntry(swatch_bar(hatched=True), "", "attributed span"),
            LegendEntry(swatch_bracket(), "", "the year or month a date may mean"),
        ]
        if any(mark.continues_before or mark.continues_after for mark in self.marks):
            entries.append(LegendEntry(swatch_arrow(), "", "continues beyond the axis"))
        return entries

    def svg(self) -> str:
        """The ``<svg>`` element; standalone, with a visible heading and legend of its own."""
        axis = self.axis
        width = float(axis.end + MARGIN)
        for mark in self.marks:
            width = max(width, mark.label_extent[1] + MARGIN / 2)
        body: list[str] = []
        if self.standalone:
            width = max(width, MARGIN + text_width(self.heading, HEADING_SIZE) + MARGIN)
            body.append(
                f'<text class="heading" x="{MARGIN}" y="28" font-size="{HEADING_SIZE}" '
                f'font-weight="bold">{xml_text(self.heading)}</text>'
            )
        body.append(self._axis_group())
        if self.marks:
            body.append('<g class="events">')
            body += [_event_group(mark) for mark in self.marks]
            body.append("</g>")
        else:
            body.append(
                f'<text class="empty" x="{number_text((axis.offset + axis.end) / 2)}" '
                f'y="{number_text(self.axis_top + ROW_HEIGHT / 2 + FONT_SIZE * 0.35)}" '
                # A halo of white keeps the gridlines out of the words.
                f'text-anchor="middle" fill="{MUTED}" stroke="#ffffff" stroke-width="4" '
                f'paint-order="stroke">{NO_EVENTS}</text>'
            )
        height = self.rows_bottom + 32
        if self.standalone and self.marks:
            legend, legend_height = svg_legend(self.legend_entries(), height, width)
            body.append(legend)
            height += legend_height
        width = float(math.ceil(width))
        title_id, desc_id = "timeline-title", "timeline-desc"
        defs = "".join(
            hatch_pattern(f"timeline-hatch-{category}", CATEGORY_KEYS[category][1])
            for category in self._hatched_categories()
        )
        return "\n".join(
            [
                f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" '
                f'width="{number_text(width)}" height="{height}" '
                f'viewBox="0 0 {number_text(width)} {height}" role="img" '
                f'aria-labelledby="{title_id} {desc_id}" '
                f'font-family="{xml_text(FONT_STACK)}" font-size="{FONT_SIZE}" fill="{INK}">',
                f'<title id="{title_id}">{xml_text(self.heading)}</title>',
                f'<desc id="{desc_id}">{xml_text(self._description())}</desc>',
                *([f"<defs>{defs}</defs>"] if defs else []),
                '<rect class="background" width="100%" height="100%" fill="#ffffff"/>',
                *body,
                "</svg>",
            ]
        )

    def _hatched_categories(self) -> list[Category]:
        """The categories with an attributed bar, each of which needs a pattern."""
        hatched = {
            mark.event["category"]
            for mark in self.marks
            if mark.bar and mark.event["attribution"] is not None
        }
        return [category for category in CATEGORY_KEYS if category in hatched]

    def _axis_group(self) -> str:
        axis = self.axis
        top, bottom = self.axis_top, self.rows_bottom
        parts = [
            '<g class="axis">',
            line_shape(axis.offset, top, axis.end, top, INK, "baseline"),
            line_shape(axis.offset, bottom, axis.end, bottom, INK, "baseline"),
        ]
        for year in _ticks(axis):
            x = number_text(axis.at(year))
            parts += [
                '<g class="tick">',
                line_shape(axis.at(year), top - 4, axis.at(year), bottom + 4, GRID, "grid"),
                f'<text x="{x}" y="{top - 8}" text-anchor="middle" '
                f'font-weight="bold">{year}</text>',
                f'<text x="{x}" y="{bottom + 20}" text-anchor="middle" '
                f'font-weight="bold">{year}</text>',
                "</g>",
            ]
        parts.append("</g>")
        return "\n".join(parts)

    def _description(self) -> str:
        step = _ticks(self.axis).step
        axis = f"a year axis from {self.axis.start} to {self.axis.stop}, labelled every " + (
            "year" if step == 1 else f"{step} years"
        )
        if not self.events:
            return f"{NO_EVENTS}: {axis}, with nothing on it."
        count = len(self.events)
        return (
            f"{count} event{'s' if count != 1 else ''}, one row each in date order, on {axis}."
            " Spans are bars and dated events circles; events the source does not state as"
            " fact are diamonds and hatched bars. Each label starts with its category's letter."
        )


def _ticks(axis: YearAxis) -> range:
    """The labelled years, its ends included: the axis runs from tick to tick."""
    return axis.ticks(TICK_GAP, through_stop=True)


def _place(event: Event, y: float, axis: YearAxis) -> _Mark:
    """Where an event's mark and label go on its row."""
    # From the first moment the date may mean to the end of the last day it may mean.
    start = axis.at(year_fraction(earliest(event["date"])))
    stop = axis.at(year_fraction(latest(event["end"] or event["date"]), end_of_day=True))
    before, after = start < axis.offset, stop > axis.end
    start = min(max(start, axis.offset), axis.end)
    stop = min(max(stop, axis.offset), axis.end)
    # A span shorter than a mark is a point at this scale: it is drawn as one, with its bracket.
    bar = event["end"] is not None and stop - start >= MARK_SIZE
    on_right = _Mark(event, y, start, stop, bar, before, after, True, _label_width(event))
    on_left = _Mark(event, y, start, stop, bar, before, after, False, on_right.label_width)
    # Right of the mark where the label ends within the axis; else left of it, when there is
    # room; else right all the same, and the picture widens to hold it.
    if on_right.label_extent[1] <= axis.end or on_left.label_extent[0] < MARGIN / 2:
        return on_right
    return on_left


def _event_group(mark: _Mark) -> str:
    """One event: a ``<g>`` with its tooltip, its mark and its label."""
    event = mark.event
    letter, colour = CATEGORY_KEYS[event["category"]]
    attributed = event["attribution"] is not None
    y = mark.y
    parts = [
        f'<g class="event{" attributed" if attributed else ""}" '
        f'data-category="{xml_text(event["category"])}">',
        f"<title>{xml_text(_tooltip(event))}</title>",
    ]
    if mark.bar:
        fill = f"url(#timeline-hatch-{event['category']})" if attributed else colour
        dashes = ' stroke-dasharray="3 2"' if attributed else ""
        parts.append(
            f'<rect class="bar{" hatched" if attributed else ""}" x="{number_text(mark.start)}" '
            f'y="{number_text(y - BAR_HEIGHT / 2)}" width="{number_text(mark.stop - mark.start)}" '
            f'height="{BAR_HEIGHT}" fill="{fill}" stroke="{INK}"{dashes}/>'
        )
    else:
        if mark.bracketed:
            low, high = y + BRACKET_DROP, y + BRACKET_DROP - 3
            points = [(mark.start, high), (mark.start, low), (mark.stop, low), (mark.stop, high)]
            parts.append(
                f'<polyline class="bracket" points="{points_text(points)}" fill="none" '
                f'stroke="{INK}" stroke-width="1.5"/>'
            )
        if attributed:
            parts.append(diamond_shape(mark.centre, y, colour))
        else:
            parts.append(
                f'<circle class="point" cx="{number_text(mark.centre)}" cy="{number_text(y)}" '
                f'r="{MARK_RADIUS}" fill="{colour}" stroke="{INK}"/>'
            )
    if mark.continues_before:
        tip = mark.left
        parts.append(arrow_shape(tip, tip + ARROW_LENGTH, y))
    if mark.continues_after:
        tip = mark.right
        parts.append(arrow_shape(tip, tip - ARROW_LENGTH, y))
    anchor = "start" if mark.label_on_right else "end"
    attribution = event["attribution"]
    parts += [
        f'<text class="label" x="{number_text(mark.label_x)}" '
        f'y="{number_text(y + FONT_SIZE * 0.35)}" text-anchor="{anchor}">'
        # Every space between words stands outside the <tspan>s: rsvg-convert and Inkscape
        # drop one at a <tspan>'s edge ("L1900-08-09"), where Chromium keeps it.
        f'<tspan font-weight="bold">{letter}</tspan> '
        f'<tspan fill="{MUTED}">{xml_text(date_text(event))}</tspan> {xml_text(event["title"])}'
        + (
            f' <tspan fill="{MUTED}" font-style="italic">\u2014 {xml_text(attribution)}</tspan>'
            if attribution is not None
            else ""
        )
        + "</text>",
        "</g>",
    ]
    return "\n".join(parts)


def _label_text(event: Event) -> str:
    """A label's words, as its ``<text>`` holds them."""
    words = f"{CATEGORY_KEYS[event['category']][0]} {date_text(event)} {event['title']}"
    if event["attribution"] is not None:
        words += f" \u2014 {event['attribution']}"
    return words


def _label_width(event: Event) -> float:
    return text_width(_label_text(event), FONT_SIZE)


def _tooltip(event: Event) -> str:
    words = f"{date_text(event)}: {event['title']} ({event['category']})"
    if event["attribution"] is not None:
        words += f". Not stated as fact by the source; attributed: {event['attribution']}"
    return words
