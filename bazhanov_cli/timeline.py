"""The life on one axis: every event as a row, spans as bars, dated events as marks.

Only the ``timeline`` command imports this module, so Rich is imported at the top. The picture
must read without colour (NO_COLOR, a printout, a screen reader's transcript), so colour only
repeats what the text already says: each row starts with its category's letter, attributed
events use their own glyphs and end their label in ``*``.
"""

from __future__ import annotations

import datetime as dt
import html
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.terminal_theme import SVG_EXPORT_THEME
from rich.text import Text

from .dates import earliest, latest, year_of
from .model import Biography, Category, Event
from .queries import chronological, event_years
from .render import ATTRIBUTED_MARK, ATTRIBUTED_STYLE, mark

AXIS_START = 1900
AXIS_END = 1990
"""The last year ticked; the axis runs to the end of it. Events outside are pinned to an edge."""

TICK_YEARS = 10

POINT_GLYPH = "\u25cf"  # ● an event stated as fact, on its date
ATTRIBUTED_POINT_GLYPH = "\u25c6"  # ◆ an event the source attributes to someone
SPAN_GLYPH = "\u2501"  # ━ a span stated as fact
ATTRIBUTED_SPAN_GLYPH = "\u2505"  # ┅ an attributed span
BEFORE_GLYPH = "\u25c2"  # ◂ begins before the axis
AFTER_GLYPH = "\u25b8"  # ▸ falls after the axis
GUIDE_GLYPH = "\u00b7"  # · a decade, behind the rows
YEAR_DASH = "\u2013"

CATEGORY_LETTERS: dict[Category, str] = {
    "life": "L",
    "education": "E",
    "party": "P",
    "secretariat": "S",
    "defection": "D",
    "assassination-attempt": "A",
    "war": "W",
    "publication": "B",  # B for books: P is the party
    "historiography": "H",
    "context": "C",
}

CATEGORY_STYLES: dict[Category, str] = {
    "life": "green",
    "education": "cyan",
    "party": "red",
    "secretariat": "magenta",
    "defection": "yellow",
    "assassination-attempt": "bright_red",
    "war": "dark_orange",
    "publication": "blue",
    "historiography": "bright_cyan",
    "context": "grey62",
}


_MIN_LABEL = 16
_MAX_LABEL = 44


def timeline_renderable(
    bio: Biography,
    *,
    width: int | None = None,
    start: int = AXIS_START,
    end: int = AXIS_END,
) -> Timeline:
    """The timeline of ``data`` as a Rich renderable, ``width`` columns wide at most.

    With no ``width`` it takes the width the console offers when it is printed.
    """
    return Timeline(bio, width=width, start=start, end=end)


class Timeline:
    """A Rich renderable that lays itself out for the width it is given, every line within it."""

    def __init__(
        self,
        bio: Biography,
        *,
        width: int | None = None,
        start: int = AXIS_START,
        end: int = AXIS_END,
    ) -> None:
        if end <= start:
            raise ValueError(f"the axis must end after it starts ({start} to {end})")
        self.bio = bio
        self.width = width
        self.start = start
        self.end = end

    def _width(self, options: ConsoleOptions) -> int:
        return max(1, min(self.width or options.max_width, options.max_width))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from timeline_lines(self.bio, self._width(options), start=self.start, end=self.end)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        width = self._width(options)
        return Measurement(width, width)


@dataclass(frozen=True)
class _Axis:
    """Maps a moment in time to a column of the bar area."""

    start: int
    end: int
    columns: int

    @property
    def years(self) -> int:
        return self.end + 1 - self.start  # the last year is drawn in full

    def column(self, moment: float) -> int:
        position = int((moment - self.start) / self.years * self.columns)
        return min(max(position, 0), self.columns - 1)

    def contains(self, moment: float) -> bool:
        return self.start <= moment < self.end + 1

    def tick_years(self) -> list[int]:
        first = -(-self.start // TICK_YEARS) * TICK_YEARS
        return list(range(first, self.end + 1, TICK_YEARS))


def timeline_lines(
    bio: Biography, width: int, *, start: int = AXIS_START, end: int = AXIS_END
) -> list[Text]:
    """The picture as lines of text, none wider than ``width`` cells."""
    label_width = min(max(width * 2 // 5, _MIN_LABEL), _MAX_LABEL)
    if width - label_width - 1 < 10:  # very narrow: share the room
        label_width = max(width // 2, 1)
    axis = _Axis(start, end, max(width - label_width - 1, 1))
    events = chronological(bio["events"])
    indent = " " * (label_width + 1)

    lines: list[Text] = [_heading(bio), Text()]
    year_row, tick_row = _year_labels(axis), _tick_row(axis)
    lines += [Text(indent) + year_row, Text(indent) + tick_row]
    lines += [_event_row(event, axis, label_width) for event in events]
    lines += [Text(indent) + tick_row.copy(), Text(indent) + year_row.copy(), Text()]
    lines += _legend(events, axis, width)
    for line in lines:
        line.no_wrap = True
        line.overflow = "crop"
        line.truncate(width, overflow="ellipsis")  # a last guard: nothing reaches past width
    return lines


def _heading(bio: Biography) -> Text:
    facts = bio["facts"]
    years = YEAR_DASH.join(
        str(year_of(moment["date"])) if moment["date"] else "?"
        for moment in (facts["born"], facts["died"])
    )
    return Text.assemble((facts["full_name"], "bold"), "  ", (years, "dim"))


def _year_labels(axis: _Axis) -> Text:
    """Years under their ticks, as many as fit; the first and the last always."""
    row = [" "] * axis.columns
    taken = [False] * axis.columns
    ticks = axis.tick_years()
    if not ticks:
        return Text("".join(row))
    # The ends first, so a crowded middle gives way rather than the range's bounds.
    order = [ticks[0], ticks[-1], *ticks[1:-1]] if len(ticks) > 1 else ticks
    for year in order:
        label = str(year)
        left = min(max(axis.column(year) - len(label) // 2, 0), axis.columns - len(label))
        if left < 0:
            continue
        right = left + len(label)
        # One free cell on each side keeps neighbouring years apart.
        if any(taken[max(left - 1, 0) : min(right + 1, axis.columns)]):
            continue
        row[left:right] = label
        taken[left:right] = [True] * len(label)
    return Text("".join(row), style="bold")


def _tick_row(axis: _Axis) -> Text:
    row = ["\u2500"] * axis.columns  # ─
    for year in axis.tick_years():
        row[axis.column(year)] = "\u253c"  # ┼
    return Text("".join(row), style="dim")


def _fraction_of_year(day: dt.date) -> float:
    start = dt.date(day.year, 1, 1)
    length = (dt.date(day.year + 1, 1, 1) - start).days
    return day.year + (day - start).days / length


def _date_label(event: Event) -> str:
    first, last = event_years(event)
    if last == first:
        return str(first)
    if str(first)[:2] == str(last)[:2]:
        return f"{first}{YEAR_DASH}{str(last)[2:]}"
    return f"{first}{YEAR_DASH}{last}"


def _label(event: Event, width: int) -> Text:
    """Category letter, years and title, cut to ``width`` with the attribution mark kept."""
    category = event["category"]
    letter = CATEGORY_LETTERS[category]
    style = CATEGORY_STYLES[category]
    label = Text.assemble((letter, f"bold {style}"), " ", (_date_label(event), "dim"), " ")
    suffix = mark(event["attribution"])
    room = width - cell_len(label.plain) - cell_len(suffix.plain)
    title = Text(event["title"])
    if room >= 1:
        title.truncate(room, overflow="ellipsis")
        label += title
    label += suffix
    label.truncate(width, overflow="ellipsis", pad=True)
    return label


def _event_row(event: Event, axis: _Axis, label_width: int) -> Text:
    cells = [" "] * axis.columns
    for year in axis.tick_years():
        cells[axis.column(year)] = GUIDE_GLYPH
    end = event["end"]
    spans = end is not None
    if end is not None:
        first = _fraction_of_year(earliest(event["date"]))
        last = _fraction_of_year(latest(end))
    else:
        # A date known only to the year or month sits in the middle of what it may mean.
        middle = _fraction_of_year(earliest(event["date"])) + _fraction_of_year(
            latest(event["date"])
        )
        first = last = middle / 2
    attributed = event["attribution"] is not None
    glyph_cells: list[int] = []
    if last < axis.start:
        glyph_cells = [0]
        cells[0] = BEFORE_GLYPH
    elif first >= axis.end + 1:
        glyph_cells = [axis.columns - 1]
        cells[-1] = AFTER_GLYPH
    else:
        glyph = ATTRIBUTED_SPAN_GLYPH if attributed else SPAN_GLYPH
        if not spans:
            glyph = ATTRIBUTED_POINT_GLYPH if attributed else POINT_GLYPH
        glyph_cells = list(range(axis.column(first), axis.column(last) + 1))
        for cell in glyph_cells:
            cells[cell] = glyph
        if not axis.contains(first):
            cells[glyph_cells[0]] = BEFORE_GLYPH
        if spans and not axis.contains(last):
            cells[glyph_cells[-1]] = AFTER_GLYPH
    bar = Text("".join(cells), style="dim")
    bar.stylize(
        f"not dim bold {CATEGORY_STYLES[event['category']]}",
        glyph_cells[0],
        glyph_cells[-1] + 1,
    )
    return _label(event, label_width) + " " + bar


def _legend(events: Iterable[Event], axis: _Axis, width: int) -> list[Text]:
    present = {event["category"] for event in events}
    entries = [
        Text.assemble(
            (CATEGORY_LETTERS[category], f"bold {CATEGORY_STYLES[category]}"),
            " ",
            category,
        )
        for category in CATEGORY_LETTERS
        if category in present
    ]
    glyphs = [
        Text.assemble((POINT_GLYPH, "bold"), " dated event"),
        Text.assemble((SPAN_GLYPH * 2, "bold"), " span"),
        Text.assemble(
            (
                f"{ATTRIBUTED_POINT_GLYPH} {ATTRIBUTED_SPAN_GLYPH * 2} {ATTRIBUTED_MARK}",
                ATTRIBUTED_STYLE,
            ),
            " attributed, not stated as fact",
        ),
        Text.assemble(
            (f"{BEFORE_GLYPH} {AFTER_GLYPH}", "bold"), f" outside {axis.start}{YEAR_DASH}{axis.end}"
        ),
    ]
    return [*_pack(entries, width), *_pack(glyphs, width)]


def _pack(entries: Iterable[Text], width: int, gap: str = "   ") -> Iterator[Text]:
    """Entries side by side, as many to a line as ``width`` allows."""
    line = Text()
    for entry in entries:
        if line.plain and cell_len(line.plain) + len(gap) + cell_len(entry.plain) > width:
            yield line
            line = Text()
        if line.plain:
            line.append(gap)
        line.append_text(entry)
    if line.plain:
        yield line


def _recording_console(width: int) -> Console:
    # Colours whatever the environment says: a file is no terminal, and NO_COLOR is for terminals.
    return Console(
        record=True,
        file=io.StringIO(),
        width=width,
        color_system="truecolor",
        no_color=False,
        force_terminal=True,
        force_jupyter=False,
        legacy_windows=False,
        highlight=False,
        emoji=False,
        markup=False,
    )


def _recorded(bio: Biography, width: int) -> Console:
    console = _recording_console(width)
    console.print(timeline_renderable(bio, width=width))
    return console


def _title(bio: Biography) -> str:
    return f"{bio['facts']['full_name']}: timeline"


# Rich's own page, plus a <title>; the doubled braces survive its str.format.
_HTML_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<title>{title}</title>
<style>
{{stylesheet}}
body {{{{
    color: {{foreground}};
    background-color: {{background}};
}}}}
</style>
</head>
<body>
<pre style="font-family:Menlo,'DejaVu Sans Mono',consolas,'Courier New',monospace">\
<code style="font-family:inherit">{{code}}</code></pre>
</body>
</html>
"""


def svg_document(bio: Biography, width: int = 100) -> str:
    """The timeline as a standalone SVG document, ``width`` columns wide."""
    return _recorded(bio, width).export_svg(title=_title(bio), theme=SVG_EXPORT_THEME)


def html_document(bio: Biography, width: int = 100) -> str:
    """The timeline as a standalone HTML page (styles inline), ``width`` columns wide."""
    page = _HTML_PAGE.format(title=html.escape(_title(bio)).replace("{", "{{").replace("}", "}}"))
    # The SVG's dark theme here too: yellow and grey marks vanish on a white page.
    return _recorded(bio, width).export_html(
        theme=SVG_EXPORT_THEME, code_format=page, inline_styles=True
    )
