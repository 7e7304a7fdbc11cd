"""Renderables that fit the width they are given, whatever it is.

``FittedTable`` lays its columns out when it is printed, for the console's width:
a column that must not break (dates, years, codes, counts) is as wide as its
longest line; any other column is at least as wide as its longest word, so that
an id or a word is never cut, and shares what is left, up to what its text
needs. Where even that does not fit, or below ``TABLE_FROM`` columns, each
record becomes a block of ``Label  value`` lines, so the content is all there
at any width. ``Fields`` is the same for one record's label and value pairs.

Rich only draws: the widths are decided here, from the cells' own text, and
handed to Rich's ``Table`` as fixed widths, so Rich never squeezes a column
below its words.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.cells import cell_len
from rich.measure import Measurement
from rich.padding import Padding
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult

TABLE_FROM = 60
"""Below this many columns a table of several columns cannot be read; records stack."""
GAP = 3  # between columns: the head rule's box leaves one space, and the padding two
LABEL_GAP = 2
NARROW_VALUE = 16  # a value narrower than this goes under its label, not beside it


class Column:
    """One column: its header, and whether its lines may wrap and how it takes spare room."""

    __slots__ = ("fixed", "header", "justify", "ratio")

    def __init__(
        self, header: str, *, fixed: bool = False, ratio: int = 1, justify: str = "left"
    ) -> None:
        self.header = header
        self.fixed = fixed  # never wraps: dates, years, codes, counts
        self.ratio = ratio  # its share of the spare room, beside the other text columns
        self.justify = justify


def _longest_line(text: Text) -> int:
    return max((cell_len(line) for line in text.plain.split("\n")), default=0)


def _longest_word(text: Text) -> int:
    return max((cell_len(word) for word in text.plain.split()), default=0)


def column_widths(
    columns: Sequence[Column], rows: Sequence[Sequence[Text]], width: int
) -> list[int] | None:
    """Each column's width within ``width``, or None where the columns cannot all fit.

    A fixed column takes its longest line. The text columns share the rest by
    their ratios, each held between its longest word and its longest line: one
    held up by a long id leaves the others what it cannot use.
    """
    lows: list[int] = []
    highs: list[int] = []
    for index, column in enumerate(columns):
        cells = [Text(column.header), *(row[index] for row in rows)]
        high = max(max(_longest_line(cell) for cell in cells), 1)
        # A header is not wrapped: a short line of headers reads as one.
        words = max(_longest_word(cell) for cell in cells)
        low = high if column.fixed else max(words, cell_len(column.header), 1)
        lows.append(low)
        highs.append(high)
    room = width - GAP * (len(columns) - 1)
    if sum(lows) > room:
        return None
    widths = list(lows)
    sharing = [index for index, column in enumerate(columns) if not column.fixed]
    room -= sum(lows[index] for index, column in enumerate(columns) if column.fixed)
    # Water-filling: columns whose share is below their longest word take that, and
    # the others share again what is left; only when none is, columns whose share is
    # above their longest line take that. Fixing both in one pass would give more
    # than the room (one held up at its word while another is capped at its line
    # with the share the first could not use).
    while sharing:
        total = sum(columns[index].ratio for index in sharing)
        shares = {index: room * columns[index].ratio / total for index in sharing}
        bounded = [i for i in sharing if shares[i] < lows[i]]
        bound = lows
        if not bounded:
            bounded = [i for i in sharing if shares[i] > highs[i]]
            bound = highs
        if not bounded:
            for index in sharing:
                widths[index] = int(shares[index])
            break
        for index in bounded:
            widths[index] = bound[index]
            room -= widths[index]
            sharing.remove(index)
    return widths


class FittedTable:
    """Records as a table fitted to the width, or as stacked blocks where it cannot fit."""

    def __init__(
        self,
        columns: Sequence[Column],
        rows: Iterable[Sequence[Text]],
        *,
        caption: str | None = None,
        header: bool = True,
    ) -> None:
        self.columns = list(columns)
        self.rows = [list(row) for row in rows]
        self.caption = caption
        self.header = header

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        widths = column_widths(self.columns, self.rows, width)
        if widths is None or (width < TABLE_FROM and len(self.columns) > 2):
            yield from self._stacked(width)
        else:
            yield self._table(widths)
        if self.caption:
            yield Text(self.caption, style="dim", overflow="fold")

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, options.max_width)

    def _table(self, widths: list[int]) -> Table:
        multiline = any(
            "\n" in cell.plain or _longest_line(cell) > width
            for row in self.rows
            for cell, width in zip(row, widths, strict=True)
        )
        table = Table(
            box=box.SIMPLE_HEAD,
            show_edge=False,
            pad_edge=False,
            padding=(0, 1),
            header_style="bold",
            show_header=self.header,
            expand=False,
            leading=1 if multiline else 0,  # rows of several lines read apart
        )
        for column, width in zip(self.columns, widths, strict=True):
            table.add_column(
                column.header,
                width=width,
                no_wrap=column.fixed,
                overflow="fold",
                justify=column.justify,  # type: ignore[arg-type]
            )
        for row in self.rows:
            table.add_row(*map(by_line, row))
        return table

    def _stacked(self, width: int) -> RenderResult:
        labels = [Text(column.header, style="bold") for column in self.columns]
        records = [list(zip(labels, row, strict=True)) for row in self.rows]
        # One rule for the whole listing: if any record's values must go under their
        # labels, every record's do, so the records read alike.
        under = any(Fields(pairs).values_under(width) for pairs in records)
        for number, pairs in enumerate(records):
            if number:
                yield Text("")
            yield Fields(pairs, under=under)


class Fields:
    """``Label  value`` lines for one record.

    Where the values would be too narrow beside their labels, or a word of one
    (an id) would not fit there, each value goes under its label instead.
    """

    def __init__(
        self, pairs: Sequence[tuple[Text, RenderableType]], *, under: bool = False
    ) -> None:
        self.pairs = list(pairs)
        self.under = under  # values under their labels even where they would fit beside

    def values_under(self, width: int) -> bool:
        """Whether at ``width`` the values must go under their labels, not beside them."""
        beside = width - self._label_width() - LABEL_GAP
        longest = max((_widest_unit(value) for _, value in self.pairs), default=0)
        return beside < NARROW_VALUE or longest > beside

    def _label_width(self) -> int:
        return max((_longest_line(label) for label, _ in self.pairs), default=0)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        label_width = self._label_width()
        if self.under or self.values_under(width):
            # Too narrow for the two side by side: each label, then its value indented.
            for label, value in self.pairs:
                yield label
                yield _indented(value)
            return
        grid = Table.grid(padding=(0, LABEL_GAP))
        grid.add_column(no_wrap=True, width=label_width)
        grid.add_column(overflow="fold", width=width - label_width - LABEL_GAP)
        for label, value in self.pairs:
            grid.add_row(label, by_line(value))
        yield grid

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, options.max_width)


def _widest_unit(value: RenderableType) -> int:
    """The widest run of a value that a line may not break: a word, or a unit of ``Lines``."""
    if isinstance(value, Text):
        return _longest_word(value)
    if isinstance(value, Lines):
        return max((cell_len(unit) for line in value.lines for unit in line.split(" ")), default=0)
    return 0


def _indented(value: RenderableType) -> Padding:
    return Padding(by_line(value), (0, 0, 0, LABEL_GAP))


def by_line(value: RenderableType) -> RenderableType:
    """A cell's value as it is drawn: a ``Text`` a line at a time (``ByLine``)."""
    return ByLine(value) if isinstance(value, Text) else value


class ByLine:
    """A ``Text`` wrapped as Rich wraps it, but handed on a line at a time.

    Rich renders a wrapped ``Text`` as one segment holding every line, which a table
    cell then splits at each line end by copying what is left of it: time quadratic
    in the text (an 8 MB title took a minute). Line by line, drawing a table takes
    time linear in its text.
    """

    __slots__ = ("text",)

    def __init__(self, text: Text) -> None:
        self.text = text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        text = self.text
        lines = text.wrap(
            console,
            options.max_width,
            justify=text.justify or options.justify,
            overflow=text.overflow or options.overflow,
            tab_size=(console.tab_size if text.tab_size is None else text.tab_size) or 8,
            no_wrap=options.no_wrap if text.no_wrap is None else text.no_wrap,
        )
        # A wrapped line keeps the text's style as its own, which ``Text.render`` applies
        # only under spans (Rich's own printing joins the lines, turning it into one).
        style = console.get_style(text.style) if text.style else None
        for line in lines:
            segments = line.render(console, end="\n")
            yield from Segment.apply_style(segments, style) if style else segments

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.text)


NO_BREAK = "\u00a0"
"""A space that joins what it stands between: ``Lines`` never breaks a line there."""


class Lines:
    """Lines of text, each wrapped at its spaces but never at a no-break space.

    Rich breaks a line at any white space, the no-break one included; here a
    ``NO_BREAK`` joins its neighbours into one unit (``¶ 6``) and is printed as a
    plain space. A unit wider than the width is folded, as a long id is.
    """

    def __init__(self, lines: Sequence[str], style: str = "") -> None:
        self.lines = list(lines)
        self.style = style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        for line in self.lines:
            for piece in _wrapped(line, width):
                yield Text(piece.replace(NO_BREAK, " "), style=self.style, overflow="fold")

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        units = [unit for line in self.lines for unit in line.split(" ")]
        widest = max((cell_len(line) for line in self.lines), default=1)
        return Measurement(max((cell_len(unit) for unit in units), default=1), widest)


def _wrapped(line: str, width: int) -> Iterator[str]:
    """``line`` in pieces no wider than ``width``, broken only at plain spaces."""
    current = ""
    for unit in line.split(" "):
        joined = f"{current} {unit}" if current else unit
        if current and cell_len(joined) > width:
            yield current
            joined = unit
        current = joined
    yield current
