"""The life on one axis in the terminal: every event a row, spans as bars, dated events as marks.

Only the ``timeline`` command imports this module, so Rich is imported at the top. The picture
must read without colour (NO_COLOR, a printout, a screen reader's transcript), so colour only
repeats what the text already says: each row starts with its category's letter, attributed
events use their own glyphs and end their label in ``*``. On a stdout that cannot encode the
glyphs (``PYTHONIOENCODING=ascii``) the same picture is drawn in ASCII. The SVG and HTML
files are drawn from the data by ``svg`` and ``page``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from ...model.dates import earliest, is_approximate, latest, year_of
from ...model.items import CATEGORY_LETTERS, Biography, Category, Event
from ...queries.lookup import event_years
from ..terminal import visible
from ..views import ATTRIBUTED_MARK, ATTRIBUTED_STYLE, mark
from .axis import YearAxis, year_fraction

_TICK_ROOM = 5  # columns between ticks: four digits and a space


@dataclass(frozen=True)
class Glyphs:
    """The characters a picture is drawn with."""

    point: str  # an event stated as fact, on its date
    attributed_point: str  # an event the source attributes to someone
    span: str
    attributed_span: str
    before: str  # begins before the axis
    after: str  # falls after the axis
    guide: str  # a decade, behind the rows
    rule: str  # the axis line
    tick: str
    dash: str  # between years


UNICODE_GLYPHS = Glyphs(
    "\u25cf",
    "\u25c6",
    "\u2501",
    "\u2505",
    "\u25c2",
    "\u25b8",
    "\u00b7",
    "\u2500",
    "\u253c",
    "\u2013",
)
"""● ◆ ━ ┅ ◂ ▸ · ─ ┼ and an en dash."""
ASCII_GLYPHS = Glyphs("o", "x", "=", "~", "<", ">", ".", "-", "+", "-")
"""For a stdout that cannot encode the others."""

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


class Timeline:
    """A Rich renderable that lays itself out for the width it is given, every line within it.

    ``events`` in the order given, on an axis from the start of ``start`` to the end of
    ``end``; with no ``width``, the width the console offers when it is printed.
    """

    def __init__(
        self,
        bio: Biography,
        events: Sequence[Event],
        start: int,
        end: int,
        *,
        width: int | None = None,
        glyphs: Glyphs = UNICODE_GLYPHS,
    ) -> None:
        self.bio, self.events, self.start, self.end = bio, events, start, end
        self.width = width
        self.glyphs = glyphs

    def _width(self, options: ConsoleOptions) -> int:
        return max(1, min(self.width or options.max_width, options.max_width))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from timeline_lines(self, self._width(options))

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        width = self._width(options)
        return Measurement(width, width)


def _column(axis: YearAxis, moment: float) -> int:
    """The column ``moment`` falls in; one before or after the axis, in its first or last."""
    return min(max(int(axis.at(moment)), 0), axis.length - 1)


def _tick_years(axis: YearAxis) -> range:
    return axis.ticks(_TICK_ROOM)


def timeline_lines(picture: Timeline, width: int) -> list[Text]:
    """The picture as lines of text, none wider than ``width`` cells."""
    bio, events, glyphs = picture.bio, picture.events, picture.glyphs
    label_width = min(max(width * 2 // 5, _MIN_LABEL), _MAX_LABEL)
    if width - label_width - 1 < 10:  # very narrow: share the room
        label_width = max(width // 2, 1)
    # The last year is drawn in full: the axis runs to the start of the next.
    axis = YearAxis(picture.start, picture.end + 1, max(width - label_width - 1, 1))
    indent = " " * (label_width + 1)

    lines: list[Text] = [_heading(bio, glyphs), Text()]
    year_row, tick_row = _year_labels(axis), _tick_row(axis, glyphs)
    lines += [Text(indent) + year_row, Text(indent) + tick_row]
    lines += [_event_row(event, axis, label_width, glyphs) for event in events]
    lines += [Text(indent) + tick_row.copy(), Text(indent) + year_row.copy(), Text()]
    lines += _legend(events, axis, width, glyphs)
    for line in lines:
        line.no_wrap = True
        line.overflow = "crop"
        line.truncate(width, overflow="ellipsis")  # a last guard: nothing reaches past width
    return lines


def _heading(bio: Biography, glyphs: Glyphs) -> Text:
    facts = bio["facts"]
    years = glyphs.dash.join(
        str(year_of(moment["date"])) if moment["date"] else "?"
        for moment in (facts["born"], facts["died"])
    )
    return Text.assemble((visible(facts["full_name"]), "bold"), "  ", (years, "dim"))


def _year_labels(axis: YearAxis) -> Text:
    """Years under their ticks, as many as fit; the first and the last always."""
    row = [" "] * axis.length
    taken = [False] * axis.length
    ticks = _tick_years(axis)
    if not ticks:
        return Text("".join(row))
    # The ends first, so a crowded middle gives way rather than the range's bounds.
    order = [ticks[0], ticks[-1], *ticks[1:-1]] if len(ticks) > 1 else ticks
    for year in order:
        label = str(year)
        left = min(max(_column(axis, year) - len(label) // 2, 0), axis.length - len(label))
        if left < 0:
            continue
        right = left + len(label)
        # One free cell on each side keeps neighbouring years apart.
        if any(taken[max(left - 1, 0) : min(right + 1, axis.length)]):
            continue
        row[left:right] = label
        taken[left:right] = [True] * len(label)
    return Text("".join(row), style="bold")


def _tick_row(axis: YearAxis, glyphs: Glyphs) -> Text:
    row = [glyphs.rule] * axis.length
    for year in _tick_years(axis):
        row[_column(axis, year)] = glyphs.tick
    return Text("".join(row), style="dim")


def _date_label(event: Event, dash: str) -> str:
    """The years an event touches: ``1923``, ``1923-25``; ``c. 1939-40`` when approximate."""
    first, last = event_years(event)
    about = "c. " if is_approximate(event["date"]) else ""
    if last == first:
        return f"{about}{first}"
    if str(first)[:2] == str(last)[:2]:
        return f"{about}{first}{dash}{str(last)[2:]}"
    return f"{about}{first}{dash}{last}"


def _label(event: Event, width: int, dash: str) -> Text:
    """Category letter, years and title, cut to ``width`` with the attribution mark kept."""
    category = event["category"]
    letter = CATEGORY_LETTERS[category]
    style = CATEGORY_STYLES[category]
    label = Text.assemble((letter, f"bold {style}"), " ", (_date_label(event, dash), "dim"), " ")
    suffix = mark(event["attribution"])
    room = width - cell_len(label.plain) - cell_len(suffix.plain)
    title = Text(visible(event["title"]))  # escaped before it is cut: no half sequences
    if room >= 1:
        title.truncate(room, overflow="ellipsis")
        label += title
    label += suffix
    label.truncate(width, overflow="ellipsis", pad=True)
    return label


def _extent(event: Event) -> tuple[float, float]:
    """Where an event starts and ends on the year scale; a point's two ends are equal."""
    end = event["end"]
    if end is not None:
        return year_fraction(earliest(event["date"])), year_fraction(latest(end))
    # A date known only to the year or month sits in the middle of what it may mean.
    middle = year_fraction(earliest(event["date"])) + year_fraction(latest(event["date"]))
    return middle / 2, middle / 2


def _reaches_outside(event: Event, axis: YearAxis) -> bool:
    """Whether the event's row shows an outside mark: it starts or ends off the axis."""
    first, last = _extent(event)
    return not axis.contains(first) or (event["end"] is not None and not axis.contains(last))


def _event_row(event: Event, axis: YearAxis, label_width: int, glyphs: Glyphs) -> Text:
    cells = [" "] * axis.length
    for year in _tick_years(axis):
        cells[_column(axis, year)] = glyphs.guide
    first, last = _extent(event)
    spans = event["end"] is not None
    attributed = event["attribution"] is not None
    glyph_cells: list[int] = []
    if last < axis.start:
        glyph_cells = [0]
        cells[0] = glyphs.before
    elif first >= axis.stop:
        glyph_cells = [axis.length - 1]
        cells[-1] = glyphs.after
    else:
        glyph = glyphs.attributed_span if attributed else glyphs.span
        if not spans:
            glyph = glyphs.attributed_point if attributed else glyphs.point
        glyph_cells = list(range(_column(axis, first), _column(axis, last) + 1))
        for cell in glyph_cells:
            cells[cell] = glyph
        if not axis.contains(first):
            cells[glyph_cells[0]] = glyphs.before
        if spans and not axis.contains(last):
            cells[glyph_cells[-1]] = glyphs.after
    bar = Text("".join(cells), style="dim")
    bar.stylize(
        f"not dim bold {CATEGORY_STYLES[event['category']]}",
        glyph_cells[0],
        glyph_cells[-1] + 1,
    )
    return _label(event, label_width, glyphs.dash) + " " + bar


def _legend(events: Sequence[Event], axis: YearAxis, width: int, glyphs: Glyphs) -> list[Text]:
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
    keys = [
        Text.assemble((glyphs.point, "bold"), " dated event"),
        Text.assemble((glyphs.span * 2, "bold"), " span"),
        Text.assemble(
            (
                f"{glyphs.attributed_point} {glyphs.attributed_span * 2} {ATTRIBUTED_MARK}",
                ATTRIBUTED_STYLE,
            ),
            " attributed, not stated as fact",
        ),
    ]
    if any(_reaches_outside(event, axis) for event in events):
        outside = f" outside {axis.start}{glyphs.dash}{axis.stop - 1}"
        keys.append(Text.assemble((f"{glyphs.before} {glyphs.after}", "bold"), outside))
    return [*_pack(entries, width), *_pack(keys, width)]


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
