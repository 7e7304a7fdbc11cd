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
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

from .axis import YearAxis, tick_step, year_fraction
from .dates import earliest, latest
from .model import CATEGORY_LETTERS, Biography, Category, Event
from .queries import chronological, timeline_years

# The colour of each category. The colours are Okabe and Ito's set, safe for every common
# colour-vision deficiency; its eight run out before the ten categories do, so the two
# quietest are greys. The letter (model.CATEGORY_LETTERS) carries the category where
# colour cannot.
_CATEGORY_COLOURS: dict[Category, str] = {
    "life": "#009E73",  # bluish green
    "education": "#56B4E9",  # sky blue
    "party": "#D55E00",  # vermillion
    "secretariat": "#CC79A7",  # reddish purple
    "defection": "#E69F00",  # orange
    "assassination-attempt": "#000000",  # black
    "war": "#F0E442",  # yellow: every mark has a dark outline to show it on white
    "publication": "#0072B2",  # blue
    "historiography": "#777777",  # mid grey
    "context": "#BBBBBB",  # light grey: the world around the life
}
_CATEGORY_KEYS: dict[Category, tuple[str, str]] = {
    category: (letter, _CATEGORY_COLOURS[category]) for category, letter in CATEGORY_LETTERS.items()
}
"""Letter and colour of each category, in the order legends list them."""

_FONT_STACK = 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif'
_INK = "#1a1a1a"
_MUTED = "#595959"  # 7:1 on white, for dates and attributions
_GRID = "#d9d9d9"
_YEAR_DASH = "\u2013"

_FONT_SIZE = 13
_HEADING_SIZE = 16
_ROW_HEIGHT = 22
_MARK_RADIUS = 5
_MARK_SIZE = 2 * _MARK_RADIUS
_BAR_HEIGHT = 10
_BRACKET_DROP = 8  # the bracket runs this far below a mark's centre
_BRACKET_MIN_WIDTH = 3  # narrower, the mark itself shows the uncertainty
_ARROW_LENGTH = 6
_LABEL_GAP = 6
_MARGIN = 24
_DECADE = 10
_TICK_GAP = 60  # the fewest pixels between ticks: a year label is about 34 wide
_PLOT_WIDTH = 1100  # the year axis's target length, in pixels
_MIN_PX_PER_YEAR = _TICK_GAP // _DECADE  # so ticks are a decade apart at the most

_HEADING_ROOM = 36  # above the axis, for a standalone picture's heading
_AXIS_TOP = 28  # the axis line, below its year labels
_LEGEND_ROW = 22
_SWATCH_WIDTH = 28
_SWATCH_HEIGHT = 16

# Generous average advances, in ems, of a system sans-serif (DejaVu Sans is wide).
_EMS_WIDE = 1.0
_EMS_CAPITAL = 0.78
_EMS_OTHER = 0.62

_NO_EVENTS = "No events in this range"
_ATTRIBUTED_NOTE = (
    "Attributed: the source does not state it as fact; who says so follows the title "
    "and is in each mark's tooltip"
)

# Code points XML 1.0 forbids even as references: C0 controls but tab and newlines,
# surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


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
    picture = _Picture(bio, events, first_year, last_year, standalone=True)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + picture.svg() + "\n"


def html_document(
    bio: Biography,
    events: Sequence[Event],
    *,
    first_year: int | None = None,
    last_year: int | None = None,
) -> str:
    """One self-contained HTML page: the picture, its legend and the events as a table."""
    picture = _Picture(bio, events, first_year, last_year, standalone=False)
    facts = bio["facts"]
    heading = _xml(picture.heading)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{heading}</title>
<style>
{_PAGE_STYLE}
</style>
</head>
<body>
<main>
<h1>{heading}</h1>
<p class="about">{_xml(facts["description"])}</p>
<p class="about">{_xml(_life_line(bio))}</p>
<figure>
<p class="hint">The chart scrolls sideways; the table below lists the same events.</p>
<div class="chart" role="region" aria-label="The timeline; it scrolls sideways" tabindex="0">
{picture.svg()}
</div>
{_html_legend(picture)}
</figure>
<h2>Events</h2>
{_html_table(picture.events)}
</main>
</body>
</html>
"""


_PAGE_STYLE = f"""\
:root {{ color-scheme: light; }}
body {{ margin: 0; font-family: {_FONT_STACK}; color: {_INK}; background: #fff;
  line-height: 1.45; }}
main {{ padding: 16px; }}
h1 {{ font-size: 1.6rem; line-height: 1.2; margin: 0 0 8px; overflow-wrap: anywhere; }}
h2 {{ font-size: 1.25rem; margin: 24px 0 8px; }}
.about {{ margin: 0 0 8px; max-width: 72ch; }}
figure {{ margin: 16px 0 0; }}
.chart {{ overflow-x: auto; border: 1px solid {_GRID}; border-radius: 4px; }}
.chart svg {{ display: block; }}
.legend {{ list-style: none; margin: 8px 0 0; padding: 0; display: flex; flex-wrap: wrap;
  gap: 4px 20px; }}
.legend li {{ display: flex; align-items: center; gap: 6px; }}
.legend svg {{ flex: none; }}
.note, .hint {{ color: {_MUTED}; }}
.hint {{ display: none; margin: 0 0 4px; font-size: 0.9em; }}
table {{ border-collapse: collapse; width: 100%; font-size: 0.95em; }}
th, td {{ text-align: left; vertical-align: top; padding: 6px 8px;
  border-bottom: 1px solid {_GRID}; }}
td.event {{ overflow-wrap: anywhere; }}
.day {{ white-space: nowrap; }}
thead th {{ border-bottom: 2px solid {_INK}; }}
.letter {{ font-weight: bold; }}
.key {{ display: inline-block; width: 0.75em; height: 0.75em; border-radius: 50%;
  border: 1px solid {_INK}; margin-right: 4px; }}
.title {{ font-weight: 600; }}
.summary {{ display: block; color: {_MUTED}; font-size: 0.9em; }}
@media (max-width: 600px) {{
  main {{ padding: 12px; }}
  h1 {{ font-size: 1.3rem; }}
  /* Each row a card, the titles full width; the ARIA roles keep it a table to a reader. */
  table, tbody, tr, td {{ display: block; }}
  thead {{ position: absolute; width: 1px; height: 1px; overflow: hidden;
    clip-path: inset(50%); }}
  tr {{ padding: 8px 0; border-bottom: 1px solid {_GRID}; }}
  td {{ padding: 0; border: 0; }}
  td.date, td.category {{ display: inline; margin-right: 12px; }}
  td.event {{ margin: 2px 0; }}
  .hint {{ display: block; }}
}}
@media print {{
  * {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
  main {{ padding: 0; }}
  .chart {{ overflow: visible; border: 0; }}
  .chart svg {{ width: 100%; height: auto; }}
  tr {{ break-inside: avoid; }}
}}"""


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
        return not self.bar and self.stop - self.start >= _BRACKET_MIN_WIDTH

    @property
    def left(self) -> float:
        """The left edge of everything drawn for the mark, bracket and arrow included."""
        edge = self.start if self.bar else self.centre - _MARK_RADIUS
        if self.bracketed:
            edge = min(edge, self.start)
        return edge - (_ARROW_LENGTH + 1 if self.continues_before else 0)

    @property
    def right(self) -> float:
        edge = self.stop if self.bar else self.centre + _MARK_RADIUS
        if self.bracketed:
            edge = max(edge, self.stop)
        return edge + (_ARROW_LENGTH + 1 if self.continues_after else 0)

    @property
    def label_x(self) -> float:
        return self.right + _LABEL_GAP if self.label_on_right else self.left - _LABEL_GAP

    @property
    def label_extent(self) -> tuple[float, float]:
        if self.label_on_right:
            return self.label_x, self.label_x + self.label_width
        return self.label_x - self.label_width, self.label_x


@dataclass(frozen=True)
class _LegendEntry:
    """A swatch (SVG markup in a _SWATCH_WIDTH by _SWATCH_HEIGHT box), a letter, and words."""

    swatch: str
    letter: str  # a category's; empty for a shape
    words: str

    @property
    def text(self) -> str:
        return f"{self.letter} {self.words}" if self.letter else self.words


class _Picture:
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
        px_per_year = max(_MIN_PX_PER_YEAR, _PLOT_WIDTH // (self.last_year + 1 - self.first_year))
        step = tick_step(px_per_year, 1, _TICK_GAP)
        first_tick = self.first_year // step * step
        last_tick = -(-(self.last_year + 1) // step) * step
        self.axis = YearAxis(first_tick, last_tick, (last_tick - first_tick) * px_per_year, _MARGIN)
        years_text = (
            str(self.first_year)
            if self.first_year == self.last_year
            else f"{self.first_year}{_YEAR_DASH}{self.last_year}"
        )
        self.heading = f"{bio['facts']['full_name']}: timeline, {years_text}"
        self.axis_top = _AXIS_TOP + (_HEADING_ROOM if standalone else 0)
        self.marks = [
            _place(event, self.axis_top + (row + 0.5) * _ROW_HEIGHT, self.axis)
            for row, event in enumerate(self.events)
        ]
        self.rows_bottom = self.axis_top + max(len(self.marks), 1) * _ROW_HEIGHT

    def legend_entries(self) -> list[_LegendEntry]:
        """The categories drawn, then the shapes, in the order a legend lists them."""
        present = {event["category"] for event in self.events}
        entries = [
            _LegendEntry(_swatch_dot(colour), letter, category)
            for category, (letter, colour) in _CATEGORY_KEYS.items()
            if category in present
        ]
        entries += [
            _LegendEntry(_swatch_dot("#ffffff"), "", "event"),
            _LegendEntry(_swatch_diamond(), "", "attributed event"),
            _LegendEntry(_swatch_bar(hatched=False), "", "span"),
            _LegendEntry(_swatch_bar(hatched=True), "", "attributed span"),
            _LegendEntry(_swatch_bracket(), "", "the year or month a date may mean"),
        ]
        if any(mark.continues_before or mark.continues_after for mark in self.marks):
            entries.append(_LegendEntry(_swatch_arrow(), "", "continues beyond the axis"))
        return entries

    def svg(self) -> str:
        """The ``<svg>`` element; standalone, with a visible heading and legend of its own."""
        axis = self.axis
        width = float(axis.end + _MARGIN)
        for mark in self.marks:
            width = max(width, mark.label_extent[1] + _MARGIN / 2)
        body: list[str] = []
        if self.standalone:
            width = max(width, _MARGIN + _text_width(self.heading, _HEADING_SIZE) + _MARGIN)
            body.append(
                f'<text class="heading" x="{_MARGIN}" y="28" font-size="{_HEADING_SIZE}" '
                f'font-weight="bold">{_xml(self.heading)}</text>'
            )
        body.append(self._axis_group())
        if self.marks:
            body.append('<g class="events">')
            body += [_event_group(mark) for mark in self.marks]
            body.append("</g>")
        else:
            body.append(
                f'<text class="empty" x="{_number((axis.offset + axis.end) / 2)}" '
                f'y="{_number(self.axis_top + _ROW_HEIGHT / 2 + _FONT_SIZE * 0.35)}" '
                # A halo of white keeps the gridlines out of the words.
                f'text-anchor="middle" fill="{_MUTED}" stroke="#ffffff" stroke-width="4" '
                f'paint-order="stroke">{_NO_EVENTS}</text>'
            )
        height = self.rows_bottom + 32
        if self.standalone and self.marks:
            legend, legend_height = _svg_legend(self.legend_entries(), height, width)
            body.append(legend)
            height += legend_height
        width = float(math.ceil(width))
        title_id, desc_id = "timeline-title", "timeline-desc"
        defs = "".join(
            _hatch_pattern(f"timeline-hatch-{category}", _CATEGORY_KEYS[category][1])
            for category in self._hatched_categories()
        )
        return "\n".join(
            [
                f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" '
                f'width="{_number(width)}" height="{height}" '
                f'viewBox="0 0 {_number(width)} {height}" role="img" '
                f'aria-labelledby="{title_id} {desc_id}" '
                f'font-family="{_xml(_FONT_STACK)}" font-size="{_FONT_SIZE}" fill="{_INK}">',
                f'<title id="{title_id}">{_xml(self.heading)}</title>',
                f'<desc id="{desc_id}">{_xml(self._description())}</desc>',
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
        return [category for category in _CATEGORY_KEYS if category in hatched]

    def _axis_group(self) -> str:
        axis = self.axis
        top, bottom = self.axis_top, self.rows_bottom
        parts = [
            '<g class="axis">',
            _line(axis.offset, top, axis.end, top, _INK, "baseline"),
            _line(axis.offset, bottom, axis.end, bottom, _INK, "baseline"),
        ]
        for year in _ticks(axis):
            x = _number(axis.at(year))
            parts += [
                '<g class="tick">',
                _line(axis.at(year), top - 4, axis.at(year), bottom + 4, _GRID, "grid"),
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
            return f"{_NO_EVENTS}: {axis}, with nothing on it."
        count = len(self.events)
        return (
            f"{count} event{'s' if count != 1 else ''}, one row each in date order, on {axis}."
            " Spans are bars and dated events circles; events the source does not state as"
            " fact are diamonds and hatched bars. Each label starts with its category's letter."
        )


def _ticks(axis: YearAxis) -> range:
    """The labelled years, its ends included: the axis runs from tick to tick."""
    return axis.ticks(_TICK_GAP, through_stop=True)


def _place(event: Event, y: float, axis: YearAxis) -> _Mark:
    """Where an event's mark and label go on its row."""
    # From the first moment the date may mean to the end of the last day it may mean.
    start = axis.at(year_fraction(earliest(event["date"])))
    stop = axis.at(year_fraction(latest(event["end"] or event["date"]), end_of_day=True))
    before, after = start < axis.offset, stop > axis.end
    start = min(max(start, axis.offset), axis.end)
    stop = min(max(stop, axis.offset), axis.end)
    # A span shorter than a mark is a point at this scale: it is drawn as one, with its bracket.
    bar = event["end"] is not None and stop - start >= _MARK_SIZE
    on_right = _Mark(event, y, start, stop, bar, before, after, True, _label_width(event))
    on_left = _Mark(event, y, start, stop, bar, before, after, False, on_right.label_width)
    # Right of the mark where the label ends within the axis; else left of it, when there is
    # room; else right all the same, and the picture widens to hold it.
    if on_right.label_extent[1] <= axis.end or on_left.label_extent[0] < _MARGIN / 2:
        return on_right
    return on_left


def _event_group(mark: _Mark) -> str:
    """One event: a ``<g>`` with its tooltip, its mark and its label."""
    event = mark.event
    letter, colour = _CATEGORY_KEYS[event["category"]]
    attributed = event["attribution"] is not None
    y = mark.y
    parts = [
        f'<g class="event{" attributed" if attributed else ""}" '
        f'data-category="{_xml(event["category"])}">',
        f"<title>{_xml(_tooltip(event))}</title>",
    ]
    if mark.bar:
        fill = f"url(#timeline-hatch-{event['category']})" if attributed else colour
        dashes = ' stroke-dasharray="3 2"' if attributed else ""
        parts.append(
            f'<rect class="bar{" hatched" if attributed else ""}" x="{_number(mark.start)}" '
            f'y="{_number(y - _BAR_HEIGHT / 2)}" width="{_number(mark.stop - mark.start)}" '
            f'height="{_BAR_HEIGHT}" fill="{fill}" stroke="{_INK}"{dashes}/>'
        )
    else:
        if mark.bracketed:
            low, high = y + _BRACKET_DROP, y + _BRACKET_DROP - 3
            points = [(mark.start, high), (mark.start, low), (mark.stop, low), (mark.stop, high)]
            parts.append(
                f'<polyline class="bracket" points="{_points(points)}" fill="none" '
                f'stroke="{_INK}" stroke-width="1.5"/>'
            )
        if attributed:
            parts.append(_diamond(mark.centre, y, colour))
        else:
            parts.append(
                f'<circle class="point" cx="{_number(mark.centre)}" cy="{_number(y)}" '
                f'r="{_MARK_RADIUS}" fill="{colour}" stroke="{_INK}"/>'
            )
    if mark.continues_before:
        tip = mark.left
        parts.append(_arrow(tip, tip + _ARROW_LENGTH, y))
    if mark.continues_after:
        tip = mark.right
        parts.append(_arrow(tip, tip - _ARROW_LENGTH, y))
    anchor = "start" if mark.label_on_right else "end"
    attribution = event["attribution"]
    parts += [
        f'<text class="label" x="{_number(mark.label_x)}" '
        f'y="{_number(y + _FONT_SIZE * 0.35)}" text-anchor="{anchor}">'
        f'<tspan font-weight="bold">{letter}</tspan>'
        f'<tspan fill="{_MUTED}"> {_xml(_date_text(event))}</tspan> {_xml(event["title"])}'
        + (
            f'<tspan fill="{_MUTED}" font-style="italic"> \u2014 {_xml(attribution)}</tspan>'
            if attribution is not None
            else ""
        )
        + "</text>",
        "</g>",
    ]
    return "\n".join(parts)


def _label_text(event: Event) -> str:
    """A label's words, as its ``<text>`` holds them."""
    words = f"{_CATEGORY_KEYS[event['category']][0]} {_date_text(event)} {event['title']}"
    if event["attribution"] is not None:
        words += f" \u2014 {event['attribution']}"
    return words


def _label_width(event: Event) -> float:
    return _text_width(_label_text(event), _FONT_SIZE)


def _tooltip(event: Event) -> str:
    words = f"{_date_text(event)}: {event['title']} ({event['category']})"
    if event["attribution"] is not None:
        words += f". Not stated as fact by the source; attributed: {event['attribution']}"
    return words


def _date_text(event: Event) -> str:
    """The date as written, or a span's two dates: ``1923-08``, en dash, ``1925``."""
    end = event["end"]
    return event["date"] if end is None else f"{event['date']}{_YEAR_DASH}{end}"


def _text_width(text: str, font_size: float) -> float:
    """A generous estimate of the width ``text`` takes in a system sans-serif."""
    ems = 0.0
    for char in text:
        if unicodedata.combining(char):
            continue
        if unicodedata.east_asian_width(char) in ("W", "F"):
            ems += _EMS_WIDE
        elif char.isupper() or char.isdigit():
            ems += _EMS_CAPITAL
        else:
            ems += _EMS_OTHER
    return ems * font_size


# --- shapes ------------------------------------------------------------------------------


def _diamond(x: float, y: float, colour: str) -> str:
    reach = _MARK_RADIUS + 1  # a diamond looks smaller than a circle of the same reach
    points = [(x, y - reach), (x + reach, y), (x, y + reach), (x - reach, y)]
    return (
        f'<polygon class="diamond" points="{_points(points)}" fill="{colour}" '
        f'stroke="{_INK}" stroke-width="1.5"/>'
    )


def _arrow(tip: float, base: float, y: float) -> str:
    """A triangle pointing at ``tip``: the event goes on past the axis's end."""
    points = [(tip, y), (base, y - 4), (base, y + 4)]
    return f'<polygon class="continues" points="{_points(points)}" fill="{_INK}"/>'


def _hatch_pattern(pattern_id: str, colour: str) -> str:
    """Diagonal stripes of ``colour`` on white: an attributed span's fill."""
    return (
        f'<pattern id="{pattern_id}" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        f'<rect width="3" height="6" fill="{colour}"/></pattern>'
    )


def _line(x1: float, y1: float, x2: float, y2: float, colour: str, kind: str) -> str:
    return (
        f'<line class="{kind}" x1="{_number(x1)}" y1="{_number(y1)}" x2="{_number(x2)}" '
        f'y2="{_number(y2)}" stroke="{colour}"/>'
    )


def _swatch_dot(colour: str) -> str:
    return (
        f'<circle cx="{_SWATCH_WIDTH / 2}" cy="{_SWATCH_HEIGHT / 2}" r="{_MARK_RADIUS}" '
        f'fill="{colour}" stroke="{_INK}"/>'
    )


def _swatch_diamond() -> str:
    return _diamond(_SWATCH_WIDTH / 2, _SWATCH_HEIGHT / 2, "#ffffff")


def _swatch_bar(*, hatched: bool) -> str:
    pattern_id = "timeline-legend-hatch"
    defs = f"<defs>{_hatch_pattern(pattern_id, _MUTED)}</defs>" if hatched else ""
    fill = f"url(#{pattern_id})" if hatched else _MUTED
    dashes = ' stroke-dasharray="3 2"' if hatched else ""
    return (
        f'{defs}<rect x="2" y="{(_SWATCH_HEIGHT - _BAR_HEIGHT) / 2}" width="{_SWATCH_WIDTH - 4}" '
        f'height="{_BAR_HEIGHT}" fill="{fill}" stroke="{_INK}"{dashes}/>'
    )


def _swatch_bracket() -> str:
    y = _SWATCH_HEIGHT / 2
    low, high = y + _BRACKET_DROP - 1, y + _BRACKET_DROP - 4
    points = [(4, high), (4, low), (_SWATCH_WIDTH - 4, low), (_SWATCH_WIDTH - 4, high)]
    return (
        f'<polyline points="{_points(points)}" fill="none" stroke="{_INK}" stroke-width="1.5"/>'
        f'<circle cx="{_SWATCH_WIDTH / 2}" cy="{y - 1}" r="{_MARK_RADIUS - 1}" fill="#ffffff" '
        f'stroke="{_INK}"/>'
    )


def _swatch_arrow() -> str:
    y = _SWATCH_HEIGHT / 2
    return (
        f'<rect x="2" y="{y - _BAR_HEIGHT / 2}" width="{_SWATCH_WIDTH - 12}" '
        f'height="{_BAR_HEIGHT}" fill="{_MUTED}" stroke="{_INK}"/>'
        + _arrow(_SWATCH_WIDTH - 2, _SWATCH_WIDTH - 2 - _ARROW_LENGTH, y)
    )


def _svg_legend(entries: Iterable[_LegendEntry], top: float, width: float) -> tuple[str, int]:
    """The legend as rows of swatches and words within ``width``; and the height it takes."""
    parts = ['<g class="legend">']
    x, y = float(_MARGIN), top
    for entry in entries:
        entry_width = _SWATCH_WIDTH + 6 + _text_width(entry.text, _FONT_SIZE)
        if x > _MARGIN and x + entry_width > width - _MARGIN:
            x, y = float(_MARGIN), y + _LEGEND_ROW
        letter = f'<tspan font-weight="bold">{entry.letter}</tspan> ' if entry.letter else ""
        parts.append(
            f'<g transform="translate({_number(x)},{_number(y)})">{entry.swatch}'
            f'<text x="{_SWATCH_WIDTH + 6}" y="{_SWATCH_HEIGHT / 2 + _FONT_SIZE * 0.35}">'
            f"{letter}{_xml(entry.words)}</text></g>"
        )
        x += entry_width + 20
    y += _LEGEND_ROW
    parts.append(
        f'<text x="{_MARGIN}" y="{_number(y + _SWATCH_HEIGHT / 2 + _FONT_SIZE * 0.35)}" '
        f'fill="{_MUTED}">{_xml(_ATTRIBUTED_NOTE)}.</text>'
    )
    parts.append("</g>")
    return "\n".join(parts), int(y - top) + _LEGEND_ROW + 16


# --- the page ----------------------------------------------------------------------------


def _html_legend(picture: _Picture) -> str:
    """The legend as a figure's caption; none for an empty picture, which has nothing to key."""
    if not picture.marks:
        return ""
    items = [
        f'<li><svg width="{_SWATCH_WIDTH}" height="{_SWATCH_HEIGHT}" '
        f'viewBox="0 0 {_SWATCH_WIDTH} {_SWATCH_HEIGHT}" aria-hidden="true" focusable="false">'
        f"{entry.swatch}</svg><span>"
        + (f'<b class="letter">{entry.letter}</b> ' if entry.letter else "")
        + f"{_xml(entry.words)}</span></li>"
        for entry in picture.legend_entries()
    ]
    items.append(f'<li class="note">{_xml(_ATTRIBUTED_NOTE)}, and in the table.</li>')
    return '<figcaption>\n<ul class="legend">\n' + "\n".join(items) + "\n</ul>\n</figcaption>"


def _html_table(events: Sequence[Event]) -> str:
    if not events:
        return f"<p>{_NO_EVENTS}.</p>"
    rows = []
    for event in events:
        letter, colour = _CATEGORY_KEYS[event["category"]]
        attribution = event["attribution"]
        said = (
            '<span class="note">stated as fact</span>' if attribution is None else _xml(attribution)
        )
        # A date does not break at its hyphens; a span may break after its dash.
        date = f"{_YEAR_DASH}<wbr>".join(
            f'<span class="day">{_xml(part)}</span>'
            for part in (event["date"], event["end"])
            if part is not None
        )
        rows.append(
            f'<tr role="row"{" class=attributed" if attribution is not None else ""}>'
            f'<td role="cell" class="date">{date}</td>'
            f'<td role="cell" class="category"><span class="key" style="background:{colour}">'
            f'</span><b class="letter">{letter}</b> {_xml(event["category"])}</td>'
            f'<td role="cell" class="event"><span class="title">{_xml(event["title"])}</span>'
            f'<span class="summary">{_xml(event["summary"])}</span></td>'
            f'<td role="cell">{said}</td></tr>'
        )
    headers = "".join(
        f'<th role="columnheader" scope="col">{name}</th>'
        for name in ("Date", "Category", "Event", "Who says so")
    )
    return (
        f'<table role="table">\n<thead role="rowgroup"><tr role="row">{headers}</tr></thead>\n'
        '<tbody role="rowgroup">\n' + "\n".join(rows) + "\n</tbody>\n</table>"
    )


def _life_line(bio: Biography) -> str:
    facts = bio["facts"]
    said: list[str] = []
    for verb, moment in (("born", facts["born"]), ("died", facts["died"])):
        if moment["date"] is None and moment["place"] is None:
            continue
        words = verb
        if moment["date"] is not None:
            words += f" {moment['date']}"
        if moment["place"] is not None:
            words += f" in {moment['place']}"
        said.append(words)
    line = "; ".join(said)
    return f"{line[:1].upper()}{line[1:]}." if line else ""


# --- text --------------------------------------------------------------------------------


def _xml(text: str) -> str:
    """``text`` escaped for XML and HTML alike, with code points XML cannot hold replaced."""
    return escape(_NOT_XML.sub("\ufffd", text), quote=True)


def _number(value: float) -> str:
    """A coordinate, short: 12, 12.5, 12.33."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _points(points: Iterable[tuple[float, float]]) -> str:
    return " ".join(f"{_number(x)},{_number(y)}" for x, y in points)
