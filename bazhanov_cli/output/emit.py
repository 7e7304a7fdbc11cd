"""The one way out: what a command made, in the format the user chose, to stdout.

A command hands ``emit`` one of five shapes of output and the user's ``Output``
spec, and ``emit`` alone decides how it reaches stdout:

- ``Records``: a listing; the curated table, the chosen fields as a plain table,
  or any machine format (``formats``);
- ``OneRecord``: ``facts`` and ``show``; a card, or one object in a machine format;
- ``Value``: JSON whatever was asked (``schema``, ``cite --format csl-json``,
  ``validate --format json``);
- ``Document``: text written as it is (a BibTeX file, a formatted reference, an
  SVG picture, the problems of a file);
- ``Picture``: a view drawn only for a person (the terminal timeline).

So every command, ``cite``, ``validate``, ``schema`` and ``timeline`` included,
writes through the same code: JSON is escaped the same way where stdout cannot
carry UTF-8, a view is paged the same way, and a failed write fails the same
way. Arranging (sort, reverse, limit) is not done here: it is a query step
(``lookup.arranged``) that runs before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Generic, TypeVar

from . import formats, terminal

if TYPE_CHECKING:
    from rich.console import RenderableType

    from ..choices import Format
    from ..model.kinds import Record
    from .formats import Row

AnyRecord = TypeVar("AnyRecord", bound="Record")


# Plain classes with __slots__, not dataclasses: every command defines these at start-up,
# and a dataclass costs about a hundred times as much to define (0.25 ms each here).


class Output:
    """What the user asked the output to be: a format and the fields, checked."""

    __slots__ = ("fields", "format", "selected")

    def __init__(self, fmt: Format, fields: list[str], selected: bool) -> None:
        self.format = fmt
        self.fields = fields  # every field of the listing, or the ones the user chose
        self.selected = selected  # the user chose the fields (else the curated view)

    def rows(self, records: Sequence[Record]) -> Sequence[Row]:
        """The records with only the chosen fields, in that order (as they are if not chosen)."""
        rows: Sequence[Row] = records  # a TypedDict is read here as the mapping it is
        if not self.selected:
            return rows
        return [{name: row[name] for name in self.fields} for row in rows]


JSON_ONLY = Output("json", [], False)
"""The spec of an output that is JSON whatever was asked (``Value``)."""


class Records(Generic[AnyRecord]):
    """A listing: its records, the curated ``table`` of them, and what to say if there are none."""

    __slots__ = ("empty", "records", "table")

    def __init__(
        self,
        records: Sequence[AnyRecord],
        table: Callable[[Sequence[AnyRecord]], RenderableType],
        empty: str,
    ) -> None:
        self.records, self.table, self.empty = records, table, empty


class OneRecord:
    """One record (``facts``, ``show``): an object, not a list of one; a card, not a table.

    CSV and Markdown have the record as ``rows``, by default one; ``facts`` gives
    each value a row, so each position is a row of its own, under ``columns`` (the header
    even when no value is left: ``at 1899 --fields positions``).
    """

    __slots__ = ("card", "columns", "record", "rows")

    def __init__(
        self,
        record: Record,
        card: Callable[[Sequence[str]], RenderableType],
        rows: Callable[[Sequence[str]], Sequence[Row]] | None = None,
        columns: Sequence[str] | None = None,
    ) -> None:
        self.record, self.card, self.rows, self.columns = record, card, rows, columns


class Value:
    """A JSON value, printed as JSON."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value


class Document:
    """Text in a format of its own (BibTeX, RIS, SVG, HTML, a report), written as it is."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


class Picture:
    """A view for a person only, shown at the terminal's width."""

    __slots__ = ("view",)

    def __init__(self, view: RenderableType) -> None:
        self.view = view


Shape = Records[AnyRecord] | OneRecord | Value | Document | Picture
"""The five shapes of what a command hands ``emit``."""


def emit(shape: Shape[AnyRecord], output: Output, screen: terminal.Screen) -> None:
    """Write what a command made (``shape``) to stdout in the ``output`` the user chose.

    An empty listing in a table is a short line on stderr, while every machine
    format prints its own empty form (``[]``, nothing, a header row).
    """
    if isinstance(shape, Value):
        _write_json(shape.value)
    elif isinstance(shape, Document):
        terminal.write(shape.text)
    elif isinstance(shape, Picture):
        screen.show(shape.view)
    elif isinstance(shape, OneRecord):
        _emit_one(shape, output, screen)
    elif output.format != "table":
        _write_rows(output.rows(shape.records), output)
    elif not shape.records:
        terminal.message(shape.empty)
    elif output.selected:
        from .views import fields_table

        screen.show(fields_table(output.rows(shape.records), output.fields))
    else:
        screen.show(shape.table(shape.records))


def _emit_one(shape: OneRecord, output: Output, screen: terminal.Screen) -> None:
    record: Row = shape.record
    chosen: Row = {name: record[name] for name in output.fields}
    if output.format == "table":
        screen.show(shape.card(output.fields))
    elif output.format == "json":
        _write_json(chosen)
    elif output.format == "jsonl" or shape.rows is None:
        _write_rows([chosen], output)
    else:
        rows = shape.rows(output.fields)
        _write_rows(rows, output, shape.columns or (list(rows[0]) if rows else output.fields))


def _write_rows(rows: Sequence[Row], output: Output, header: Sequence[str] | None = None) -> None:
    """Rows in a machine format: JSON, JSON lines, CSV or Markdown."""
    columns = output.fields if header is None else header
    if output.format == "json":
        _write_json(rows)
    elif output.format == "jsonl":
        ascii_only = terminal.stdout_is_ascii_only()
        terminal.write(formats.jsonl_text(rows, ascii_only=ascii_only), "json")
    elif output.format == "csv":
        terminal.write(formats.csv_text(rows, columns))
    else:
        terminal.write(formats.markdown_text(rows, columns))


def _write_json(value: object) -> None:
    """``value`` as JSON, escaped only where stdout cannot carry UTF-8."""
    text = formats.json_text(value, ascii_only=terminal.stdout_is_ascii_only())
    terminal.write(text, "json")
