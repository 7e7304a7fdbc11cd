"""Output: Rich renderables for people, JSON for scripts.

Both are built from the same ``model_dump(mode="json")`` records, so a table
and the JSON can never disagree. Rich is imported inside the functions that
draw, so the ``--json`` path never pays for it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .queries import Record

if TYPE_CHECKING:
    from rich.console import Console, RenderableType


ATTRIBUTED_MARK = "*"
MISSING = "\u2014"  # em dash: a field the source leaves open
SPAN_DASH = " \u2013 "  # en dash between the ends of a span


def stdout_console() -> Console:
    """A Console on the current stdout, made on demand.

    Made late, not at import: CliRunner swaps sys.stdout per invocation, and a
    console bound earlier would write past it (PITFALLS.md 3). Rich honours
    NO_COLOR, TERM=dumb and FORCE_COLOR, and emits no ANSI codes into a pipe.
    """
    from rich.console import Console

    return Console(file=sys.stdout, highlight=False, emoji=False, width=_width_if_columns_is_bad())


def _width_if_columns_is_bad() -> int | None:
    # Rich takes COLUMNS=0 at its word and prints nothing; like shutil, treat a
    # COLUMNS that is not a positive number as unset.
    import os

    columns = os.environ.get("COLUMNS", "1").strip()
    if columns.isdigit() and int(columns) > 0:
        return None
    import shutil

    return shutil.get_terminal_size().columns


def print_renderable(renderable: RenderableType) -> None:
    console = stdout_console()
    if not _stdout_is_ascii_only():
        console.print(renderable)
        return
    # Rich measures a combining accent (the stress marks of the native name) as 0 columns,
    # but an ASCII stream writes it as a 1-column '?', pushing borders out of
    # line. Its base letter already degrades to '?', so the accent is dropped.
    import unicodedata

    with console.capture() as captured:
        console.print(renderable)
    sys.stdout.write("".join(char for char in captured.get() if not unicodedata.combining(char)))


def print_message(text: str) -> None:
    """A short line for people ("No events in 1850."), on stderr so pipes stay clean."""
    sys.stderr.write(text + "\n")


MESSAGE_LIMIT = 240
"""The longest message line that quotes user input; a word over ``WORD_LIMIT`` is cut."""
WORD_LIMIT = 80
_HEAD = WORD_LIMIT // 2
_TAIL = WORD_LIMIT - _HEAD - 1  # a cut word, with its ellipsis, is WORD_LIMIT long


def one_short_line(text: str) -> str:
    """``text`` on one line, each overlong word cut in the middle, at most MESSAGE_LIMIT long.

    Messages quote what the user typed: a 200,000-character --category must
    still be named, recognisably, in one readable line.
    """
    words = [
        word if len(word) <= WORD_LIMIT else f"{word[:_HEAD]}\u2026{word[-_TAIL:]}"
        for word in text.split()
    ]
    line = " ".join(words)
    return line if len(line) <= MESSAGE_LIMIT else line[: MESSAGE_LIMIT - 1] + "\u2026"


def can_encode(stream: object, sample: str) -> bool:
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        sample.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def json_text(data: Any, *, ascii_only: bool = False) -> str:
    """Pretty JSON; UTF-8 unless the caller's stream cannot carry it."""
    return json.dumps(data, ensure_ascii=ascii_only, indent=2) + "\n"


def emit_json(data: Any) -> None:
    """Write ``data`` as JSON to stdout and nothing else.

    Non-ASCII is escaped only where stdout cannot encode it (PYTHONIOENCODING=ascii),
    so the output stays valid JSON with every character intact.
    """
    sys.stdout.write(json_text(data, ascii_only=_stdout_is_ascii_only()))


def _stdout_is_ascii_only() -> bool:
    return not can_encode(sys.stdout, "Бажанов é")


def _text(value: Any) -> str:
    if value is None or value == []:
        return MISSING
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def date_span(start: str | None, end: str | None) -> str:
    """A date as written (``1920-11``), or a span ``1923-08 to 1925`` joined by an en dash."""
    if end is None:
        return start or MISSING
    return f"{start or '?'}{SPAN_DASH}{end}"


def facts_panel(facts: Record) -> RenderableType:
    """The infobox as a Rich panel."""
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text as Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")

    def moment(part: Record) -> str:
        return ", ".join(str(value) for value in (part["date"], part["place"]) if value) or MISSING

    grid.add_row("", Text(facts["description"], style="italic"))
    grid.add_row("Native name", facts["native_name"])
    grid.add_row("Born", moment(facts["born"]))
    grid.add_row("Died", moment(facts["died"]))
    grid.add_row("Age at death", _text(facts["age_at_death"]))
    grid.add_row("Resting place", _text(facts["resting_place"]))
    grid.add_row("Citizenship", _text(facts["citizenship"]))
    positions = Table.grid(padding=(0, 2))
    positions.add_column(overflow="fold")
    positions.add_column(no_wrap=True, style="dim")
    for position in facts["positions"]:
        title = Text(position["title"])
        if position["attribution"]:
            title.append(f" {ATTRIBUTED_MARK} {position['attribution']}", style="italic yellow")
        span = "" if position["start"] is None else date_span(position["start"], position["end"])
        positions.add_row(title, span)
    grid.add_row("Positions", positions if facts["positions"] else MISSING)
    return Panel(grid, title=f"[bold]{facts['full_name']}[/]", title_align="left", expand=False)


def events_table(events: Sequence[Record], place_names: Mapping[str, str]) -> RenderableType:
    """Events as a chronological table; attributed ones carry a visible mark."""
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=False, header_style="bold", expand=False)
    table.add_column("Date", no_wrap=True)
    table.add_column("Event", overflow="fold")
    table.add_column("Category", overflow="fold")
    table.add_column("Places", overflow="fold")
    attributed = False
    for event in events:
        title = Text(event["title"])
        if event["attribution"]:
            attributed = True
            title.append(f"\n{ATTRIBUTED_MARK} {event['attribution']}", style="italic yellow")
        places = ", ".join(place_names.get(place, place) for place in event["places"])
        table.add_row(
            date_span(event["date"], event["end"]), title, event["category"], places or MISSING
        )
    if attributed:
        table.caption = f"{ATTRIBUTED_MARK} the source does not state this as fact: who says so"
    return table


def editions_table(editions: Sequence[Record]) -> RenderableType:
    """Editions in the article's order, each with the id a script or ``show`` needs."""
    from rich.table import Table
    from rich.text import Text

    table = Table(header_style="bold", expand=False)
    table.add_column("Year", no_wrap=True)
    table.add_column("Lang", no_wrap=True)
    table.add_column("Title / id", overflow="fold")
    table.add_column("Author as printed, imprint, translator", overflow="fold")
    for edition in editions:
        title = Text(edition["title"], style="bold")
        title.append(f"\n{edition['id']}", style="dim")
        details = Text(edition["credited_as"])
        imprint = ", ".join(value for value in (edition["publisher"], edition["place"]) if value)
        if imprint:
            details.append(f"\n{imprint}")
        if edition["translator"]:
            details.append(f"\ntranslated by {edition['translator']}", style="italic")
        table.add_row(_text(edition["year"]), _text(edition["language"]), title, details)
    return table


def people_table(people: Sequence[Record]) -> RenderableType:
    """Who is who: name, other names, role, and how many events they appear in."""
    from rich.table import Table
    from rich.text import Text

    table = Table(header_style="bold")
    table.add_column("Name / id", overflow="fold")
    table.add_column("Role", overflow="fold")
    table.add_column("Events", justify="right", no_wrap=True)
    for person in people:
        name = Text(person["name"], style="bold")
        if person["aliases"]:
            name.append(f"\n{', '.join(person['aliases'])}", style="italic")
        name.append(f"\n{person['id']}", style="dim")
        table.add_row(name, person["description"], str(len(person["events"])))
    return table


def places_table(places: Sequence[Record]) -> RenderableType:
    """Places with their other names, present-day location and events."""
    from rich.table import Table
    from rich.text import Text

    table = Table(header_style="bold")
    table.add_column("Place / id", overflow="fold")
    table.add_column("Also known as", overflow="fold")
    table.add_column("Today", overflow="fold")
    table.add_column("Events", overflow="fold")
    for place in places:
        name = Text(place["name"], style="bold")
        name.append(f"\n{place['id']}", style="dim")
        table.add_row(
            name,
            _text(place["aliases"]),
            _text(place["present_day"]),
            _text(place["events"]),
        )
    return table


def quotes_table(quotes: Sequence[Record]) -> RenderableType:
    """Each quotation in quote marks, with who said it and when."""
    from rich.table import Table
    from rich.text import Text

    table = Table(header_style="bold", show_lines=True)
    table.add_column("Quotation", overflow="fold")
    table.add_column("Source, date / id", overflow="fold")
    for quote in quotes:
        source = Text(quote["source"])
        if quote["date"]:
            source.append(f", {quote['date']}")
        source.append(f"\n{quote['id']}", style="dim")
        table.add_row(Text(f"\u201c{quote['text']}\u201d", style="italic"), source)
    return table


def search_table(hits: Sequence[Record]) -> RenderableType:
    """Hits best first, each labelled with its kind, the field that matched and its text."""
    from rich.table import Table
    from rich.text import Text

    table = Table(header_style="bold")
    table.add_column("Kind", no_wrap=True, style="cyan")
    table.add_column("Title / id", overflow="fold")
    table.add_column("Matched", overflow="fold")
    table.add_column("Score", justify="right", no_wrap=True)
    for hit in hits:
        title = Text(hit["title"], style="bold")
        title.append(f"\n{hit['id']}", style="dim")
        matched = Text(f"{hit['field']}: ", style="dim")
        matched.append(hit["matched"])
        table.add_row(hit["kind"], title, matched, f"{hit['score']:.1f}")
    return table


def item_panel(
    kind: str,
    record: Record,
    names: Mapping[str, str],
    related: Sequence[Record],
) -> RenderableType:
    """One item of any kind: every field, ids shown with their names, then related events."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for key, value in record.items():
        if key == "events" and related:
            continue  # listed below with dates and titles
        if key in {"people", "places", "speaker", "event"} and value:
            ids = value if isinstance(value, list) else [value]
            shown = ", ".join(f"{names.get(item, item)} ({item})" for item in ids)
        else:
            shown = _text(value)
        style = "italic yellow" if key == "attribution" and value else ""
        grid.add_row(key, Text(shown, style=style))
    parts: list[RenderableType] = [grid]
    if related:
        events = Table.grid(padding=(0, 2))
        events.add_column(no_wrap=True, style="dim")
        events.add_column(overflow="fold")
        for event in related:
            events.add_row(date_span(event["date"], event["end"]), event["title"])
        parts += [Text("\nRelated events", style="bold"), events]
    heading = record.get("title") or record.get("name") or record["id"]
    return Panel(
        Group(*parts), title=f"[bold]{kind}[/]: {_escape(str(heading))}", title_align="left"
    )


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


# --- machine formats -------------------------------------------------------------
# One path for every listing command: records in, the chosen format out. A new
# format added here appears on every command at once.

FORMATS: tuple[str, ...] = ("table", "json", "jsonl", "csv", "markdown")
LIST_SEPARATOR = "; "


def parse_fields(text: str, valid: Sequence[str]) -> list[str]:
    """``"date,title"`` -> ``["date", "title"]``; an unknown name is a UsageError listing all."""
    from .errors import UsageError

    fields = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in fields if name not in valid]
    if unknown or not fields:
        what = f"unknown field {unknown[0]!r}" if unknown else "no field named"
        raise UsageError(f"{what} in --fields; valid fields: {', '.join(valid)}")
    return list(dict.fromkeys(fields))  # keep the order given, drop repeats


def select_fields(records: Sequence[Record], fields: Sequence[str] | None) -> list[dict[str, Any]]:
    """The records with only ``fields``, in that order (all keys when None)."""
    if fields is None:
        return [dict(record) for record in records]
    return [{name: record[name] for name in fields} for record in records]


def cell_text(value: Any) -> str:
    """A JSON value as one flat cell: null is empty, lists are joined with '; '."""
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(cell_text(item) for item in value)
    if isinstance(value, dict):
        return LIST_SEPARATOR.join(f"{key}: {cell_text(item)}" for key, item in value.items())
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def jsonl_text(records: Sequence[Record], *, ascii_only: bool = False) -> str:
    return "".join(
        json.dumps(record, ensure_ascii=ascii_only, separators=(",", ":")) + "\n"
        for record in records
    )


def csv_text(records: Sequence[Record], fields: Sequence[str]) -> str:
    """RFC 4180: a header row, CRLF line ends, quoting where needed."""
    import csv
    import io

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(fields)
    for record in records:
        writer.writerow([cell_text(record[name]) for name in fields])
    return buffer.getvalue()


def markdown_text(records: Sequence[Record], fields: Sequence[str]) -> str:
    """A GitHub table; '|' in values is escaped and line breaks become <br>."""

    def cell(value: Any) -> str:
        text = cell_text(value).replace("\\", "\\\\").replace("|", "\\|")
        return "<br>".join(text.splitlines()) if "\n" in text else text

    lines = ["| " + " | ".join(fields) + " |", "|" + "---|" * len(fields)]
    lines += ["| " + " | ".join(cell(record[name]) for name in fields) + " |" for record in records]
    return "\n".join(lines) + "\n"


def generic_table(records: Sequence[Record], fields: Sequence[str]) -> RenderableType:
    """A plain Rich table of chosen fields, for ``--fields`` with the table format."""
    from rich.table import Table

    table = Table(header_style="bold")
    for name in fields:
        table.add_column(name, overflow="fold", no_wrap=name in {"id", "date", "end"})
    for record in records:
        table.add_row(*(cell_text(record[name]) or MISSING for name in fields))
    return table


def emit(
    records: Sequence[Record],
    fmt: str,
    *,
    fields: Sequence[str],
    selected: bool,
    table: Callable[[], RenderableType],
    empty_message: str,
) -> None:
    """Write ``records`` in ``fmt``, with ``fields`` as columns (``selected``: the user chose them).

    The curated ``table`` is used unless the user chose fields; an empty table
    result is a short line on stderr, while every machine format prints its
    own empty form (``[]``, nothing, a header row).
    """
    rows = select_fields(records, fields if selected else None)
    if fmt == "json":
        emit_json(rows)
    elif fmt == "jsonl":
        sys.stdout.write(jsonl_text(rows, ascii_only=_stdout_is_ascii_only()))
    elif fmt == "csv":
        sys.stdout.write(csv_text(rows, fields))
    elif fmt == "markdown":
        sys.stdout.write(markdown_text(rows, fields))
    elif not rows:
        print_message(one_short_line(empty_message))
    else:
        print_renderable(generic_table(rows, fields) if selected else table())
