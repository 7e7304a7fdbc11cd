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

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.cells import cell_len
from rich.console import Group
from rich.measure import Measurement
from rich.padding import Padding
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
    # Water-filling: a column whose share is outside its bounds takes its bound,
    # and the others share again what is left.
    while sharing:
        total = sum(columns[index].ratio for index in sharing)
        shares = {index: room * columns[index].ratio / total for index in sharing}
        bounded = [i for i in sharing if not lows[i] <= shares[i] <= highs[i]]
        if not bounded:
            for index in sharing:
                widths[index] = int(shares[index])
            break
        for index in bounded:
            widths[index] = lows[index] if shares[index] < lows[index] else highs[index]
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
            table.add_row(*row)
        return table

    def _stacked(self, width: int) -> RenderResult:
        labels = [Text(column.header, style="bold") for column in self.columns]
        for number, row in enumerate(self.rows):
            if number:
                yield Text("")
            yield Fields(list(zip(labels, row, strict=True)))


class Fields:
    """``Label  value`` lines for one record.

    Where the values would be too narrow beside their labels, or a word of one
    (an id) would not fit there, each value goes under its label instead.
    """

    def __init__(self, pairs: Sequence[tuple[Text, RenderableType]]) -> None:
        self.pairs = list(pairs)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        label_width = max((_longest_line(label) for label, _ in self.pairs), default=0)
        beside = width - label_width - LABEL_GAP
        longest = max(
            (_longest_word(value) for _, value in self.pairs if isinstance(value, Text)), default=0
        )
        if beside < NARROW_VALUE or longest > beside:
            # Too narrow for the two side by side: each label, then its value indented.
            for label, value in self.pairs:
                yield label
                yield Group(value) if not isinstance(value, Text) else _indented(value)
            return
        grid = Table.grid(padding=(0, LABEL_GAP))
        grid.add_column(no_wrap=True, width=label_width)
        grid.add_column(overflow="fold", width=width - label_width - LABEL_GAP)
        for label, value in self.pairs:
            grid.add_row(label, value)
        yield grid

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, options.max_width)


def _indented(value: Text) -> Padding:
    return Padding(value, (0, 0, 0, LABEL_GAP))
