"""What people and scripts read, made from the same typed items.

Each kind of item is turned into text in one place: ``marked`` for anything the
source attributes, ``event_line`` and one table function per kind. Every view
that shows an item (its table, ``show``, ``search``, the related events of
``show``, the timeline) goes through them, so an attribution shown in one view
is shown in all. The machine formats (JSON, JSON lines, CSV, Markdown) are made
from the same records, and ``emit`` is the one path from records to stdout.

Rich is imported inside the functions that draw, so the JSON path never pays for it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, cast

from . import terminal
from .choices import Format
from .errors import UsageError
from .model import fact_label

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table
    from rich.text import Text

    from .model import (
        Biography,
        Edition,
        Event,
        FactsEntry,
        LifeMoment,
        PersonEntry,
        PlaceEntry,
        Position,
        Quote,
        Record,
        SearchHit,
        SourceEntry,
        SourceRef,
    )
    from .queries import Found

Row = Mapping[str, object]
"""A record as the machine formats see it: keys in output order, JSON values."""

ATTRIBUTED_MARK = "*"
ATTRIBUTED_STYLE = "italic yellow"
ATTRIBUTED_LEGEND = f"{ATTRIBUTED_MARK} the source does not state this as fact: who says so"
MISSING = "\u2014"  # em dash: a field the source leaves open
SPAN_DASH = " \u2013 "  # en dash between the ends of a span
LIST_SEPARATOR = "; "


# --- one way to show each kind of item --------------------------------------------------


def marked(title: str, attribution: str | None, *, style: str = "") -> Text:
    """A title as every view shows it: if attributed, with the mark and who says so below."""
    from rich.text import Text

    text = Text(title, style=style)
    if attribution:
        text.append(f"\n{ATTRIBUTED_MARK} {attribution}", style=ATTRIBUTED_STYLE)
    return text


def mark(attribution: str | None) -> Text:
    """The mark alone, where there is no room for who says so (a legend explains it)."""
    from rich.text import Text

    return Text(ATTRIBUTED_MARK if attribution else "", style=ATTRIBUTED_STYLE)


def date_span(start: str | None, end: str | None) -> str:
    """A date as written (``1920-11``), or a span: ``1923-08``, en dash, ``1925``."""
    if end is None:
        return start or MISSING
    return f"{start or '?'}{SPAN_DASH}{end}"


def event_line(event: Event) -> tuple[str, Text]:
    """An event's date and its marked title: the two cells every list of events shows."""
    return date_span(event["date"], event["end"]), marked(event["title"], event["attribution"])


def _with_id(title: Text, item_id: str) -> Text:
    title.append(f"\n{item_id}", style="dim")
    return title


def _text(value: object) -> str:
    if value is None or value == []:
        return MISSING
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def facts_panel(facts: FactsEntry) -> RenderableType:
    """The infobox as a Rich panel."""
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row("", Text(facts["description"], style="italic"))
    rows: dict[str, RenderableType] = {
        "native_name": facts["native_name"],
        "born": moment_text(facts["born"]),
        "died": moment_text(facts["died"]),
        "age_at_death": _text(facts["age_at_death"]),
        "resting_place": _text(facts["resting_place"]),
        "citizenship": _text(facts["citizenship"]),
        "positions": positions_grid(facts["positions"]),
    }
    for key, value in rows.items():
        grid.add_row(fact_label(key), value)
    title = f"[bold]{_escape(facts['full_name'])}[/]"
    return Panel(grid, title=title, title_align="left", expand=False)


def moment_text(moment: LifeMoment) -> str:
    """``1900-08-09, Mogilev-Podolskiy, Russian Empire``: a birth or death."""
    return ", ".join(value for value in (moment["date"], moment["place"]) if value) or MISSING


def positions_grid(positions: Sequence[Position]) -> RenderableType:
    """Each position held, marked if attributed, with its span."""
    from rich.table import Table

    if not positions:
        return MISSING
    grid = Table.grid(padding=(0, 2))
    grid.add_column(overflow="fold")
    grid.add_column(no_wrap=True, style="dim")
    for position in positions:
        span = "" if position["start"] is None else date_span(position["start"], position["end"])
        grid.add_row(marked(position["title"], position["attribution"]), span)
    return grid


def events_table(events: Sequence[Event], bio: Biography) -> RenderableType:
    """Events as a chronological table; attributed ones carry the mark and who says so."""
    from rich.table import Table

    place_names = {place["id"]: place["name"] for place in bio["places"]}
    table = Table(header_style="bold", expand=False)
    table.add_column("Date", no_wrap=True)
    table.add_column("Event", overflow="fold")
    table.add_column("Category", overflow="fold")
    table.add_column("Places", overflow="fold")
    for event in events:
        when, title = event_line(event)
        places = ", ".join(place_names.get(place, place) for place in event["places"])
        table.add_row(when, title, event["category"], places or MISSING)
    if any(event["attribution"] for event in events):
        table.caption = ATTRIBUTED_LEGEND
    return table


def editions_table(editions: Sequence[Edition]) -> RenderableType:
    """Editions in the article's order, each with the id a script or ``show`` needs."""
    from rich.table import Table
    from rich.text import Text

    table = Table(header_style="bold", expand=False)
    table.add_column("Year", no_wrap=True)
    table.add_column("Lang", no_wrap=True)
    table.add_column("Title / id", overflow="fold")
    table.add_column("Author as printed, imprint, translator", overflow="fold")
    for edition in editions:
        details = Text(edition["credited_as"])
        imprint = ", ".join(value for value in (edition["publisher"], edition["place"]) if value)
        if imprint:
            details.append(f"\n{imprint}")
        if edition["translator"]:
            details.append(f"\ntranslated by {edition['translator']}", style="italic")
        title = _with_id(Text(edition["title"], style="bold"), edition["id"])
        table.add_row(_text(edition["year"]), _text(edition["language"]), title, details)
    return table


def people_table(people: Sequence[PersonEntry]) -> RenderableType:
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
        table.add_row(
            _with_id(name, person["id"]), person["description"], str(len(person["events"]))
        )
    return table


def places_table(places: Sequence[PlaceEntry]) -> RenderableType:
    """Places with their other names, present-day location and events."""
    from rich.table import Table
    from rich.text import Text

    table = Table(header_style="bold")
    table.add_column("Place / id", overflow="fold")
    table.add_column("Also known as", overflow="fold")
    table.add_column("Today", overflow="fold")
    table.add_column("Events", overflow="fold")
    for place in places:
        table.add_row(
            _with_id(Text(place["name"], style="bold"), place["id"]),
            _text(place["aliases"]),
            _text(place["present_day"]),
            _text(place["events"]),
        )
    return table


def quotes_table(quotes: Sequence[Quote]) -> RenderableType:
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
        table.add_row(
            Text(f"\u201c{quote['text']}\u201d", style="italic"), _with_id(source, quote["id"])
        )
    return table


def search_table(hits: Sequence[SearchHit]) -> RenderableType:
    """Hits best first, each labelled with its kind, the field that matched and its text."""
    from rich.table import Table
    from rich.text import Text

    table = Table(header_style="bold")
    table.add_column("Kind", no_wrap=True, style="cyan")
    table.add_column("Title / id", overflow="fold")
    table.add_column("Matched", overflow="fold")
    table.add_column("Score", justify="right", no_wrap=True)
    for hit in hits:
        matched = Text(f"{hit['field']}: ", style="dim")
        matched.append(hit["matched"])
        title = _with_id(marked(hit["title"], hit["attribution"], style="bold"), hit["id"])
        table.add_row(hit["kind"], title, matched, f"{hit['score']:.1f}")
    if any(hit["attribution"] for hit in hits):
        table.caption = ATTRIBUTED_LEGEND
    return table


def source_text(ref: SourceRef) -> str:
    """Where a passage is: ``article, § Defection, ¶ 2``."""
    return f"{ref['source']}, \u00a7 {ref['section']}, \u00b6 {ref['paragraph']}"


def record_grid(record: Mapping[str, object], fields: Sequence[str], bio: Biography) -> Table:
    """The chosen fields of any record, one a row: ids shown with their names, dates,
    places, positions and sources as the tables show them."""
    from rich.table import Table

    names = {event["id"]: event["title"] for event in bio["events"]}
    names |= {person["id"]: person["name"] for person in bio["people"]}
    names |= {place["id"]: place["name"] for place in bio["places"]}
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for key in fields:
        grid.add_row(key, _value_cell(key, record[key], names))
    return grid


def _value_cell(key: str, value: object, names: Mapping[str, str]) -> RenderableType:
    """One value of a record, by what it is; the JSON holds it as it is."""
    from rich.text import Text

    if key in {"people", "places", "speaker", "event", "events"} and value:
        ids = value if isinstance(value, list) else [value]
        return Text(", ".join(f"{names.get(str(item), item)} ({item})" for item in ids))
    if key == "attribution" and value:
        return Text(f"{ATTRIBUTED_MARK} {value}", style=ATTRIBUTED_STYLE)
    if key == "provenance" and isinstance(value, dict):  # the infobox's, field by field
        lines = [f"{field}: " + "; ".join(map(source_text, refs)) for field, refs in value.items()]
        return Text("\n".join(lines))
    if key == "provenance" and isinstance(value, list):
        return Text("\n".join(source_text(ref) for ref in value))
    if isinstance(value, dict) and "place_id" in value:  # a birth or death
        moment = cast("LifeMoment", value)
        return Text(f"{moment_text(moment)} ({moment['place_id'] or MISSING})")
    if isinstance(value, list) and value and isinstance(value[0], dict):  # positions
        return positions_grid(cast("list[Position]", value))
    return Text(_text(value))


def item_card(found: Found, fields: Sequence[str], bio: Biography) -> RenderableType:
    """One item of any kind: each of ``fields``, then the events it belongs to."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    record: Mapping[str, object] = found.item
    shown = [key for key in fields if not (key == "events" and found.related)]  # listed below
    parts: list[RenderableType] = [record_grid(record, shown, bio)]
    if found.related:
        events = Table.grid(padding=(0, 2))
        events.add_column(no_wrap=True, style="dim")
        events.add_column(overflow="fold")
        for event in found.related:
            events.add_row(*event_line(event))
        parts += [Text("\nRelated events", style="bold"), events]
    heading = str(record.get("title") or record.get("name") or record.get("label") or record["id"])
    title = f"[bold]{found.kind}[/]: {_escape(heading)}"
    return Panel(Group(*parts), title=title, title_align="left")


def sources_table(sources: Sequence[SourceEntry]) -> RenderableType:
    """Each source with its publisher, address, licence and what it supplies."""
    from rich.table import Table
    from rich.text import Text

    table = Table(header_style="bold", show_lines=True)
    table.add_column("Source / id", overflow="fold")
    table.add_column("Publisher, address, licence", overflow="fold")
    table.add_column("Supplies", overflow="fold")
    table.add_column("Items", justify="right", no_wrap=True)
    for source in sources:
        where = Text(source["publisher"] or MISSING)
        if source["url"]:
            where.append(f"\n{source['url']}")
        where.append(f"\n{source['licence']}", style="bold")
        if source["licence_url"]:
            where.append(f"\n{source['licence_url']}")
        title = _with_id(Text(source["title"], style="bold"), source["id"])
        table.add_row(title, where, source["supplies"], str(source["items"]))
    return table


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def problems_text(file: object, problems: Sequence[str]) -> str:
    """``FILE: path: message``, a line each: what ``validate`` prints, for editors to jump to."""
    return "".join(f"{file}: {problem}\n" for problem in problems)


def count_of_problems(problems: Sequence[str]) -> str:
    count = len(problems)
    return f"not a valid biography: {count} problem{'s' * (count != 1)}"


def size_of(bio: Biography) -> str:
    """``37 events, 12 editions, ...``: what a valid file holds."""
    return (
        f"{len(bio['events'])} events, {len(bio['editions'])} editions, "
        f"{len(bio['people'])} people, {len(bio['places'])} places, {len(bio['quotes'])} quotes"
    )


# --- machine formats --------------------------------------------------------------------
# One path for every listing command: records in, the chosen format out. A new
# format added here appears on every command at once.


class Output:
    """What the user asked the output to be: a format and the fields, checked."""

    __slots__ = ("fields", "format", "selected")

    def __init__(self, fmt: Format, fields: list[str], selected: bool) -> None:
        self.format = fmt
        self.fields = fields  # every field of the listing, or the ones the user chose
        self.selected = selected  # the user chose the fields (else the curated table)


def output_for(
    valid: Sequence[str], json_flag: bool, fmt: Format | None, fields: str | None
) -> Output:
    """Check ``--json``/``--format``/``--fields`` against the ``valid`` fields, in order.

    Usage errors name what would be valid.
    """
    if json_flag and fmt not in (None, "json"):
        raise UsageError(f"--json and --format {fmt} disagree; give one of them")
    chosen: Format = fmt or ("json" if json_flag else "table")
    if fields is None:
        return Output(chosen, list(valid), False)
    return Output(chosen, parse_fields(fields, valid), True)


def parse_fields(text: str, valid: Sequence[str]) -> list[str]:
    """``"date,title"`` -> ``["date", "title"]``; an unknown name is a UsageError listing all."""
    fields = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in fields if name not in valid]
    if unknown or not fields:
        what = f"unknown field {unknown[0]!r}" if unknown else "no field named"
        raise UsageError(f"{what} in --fields; valid fields: {', '.join(valid)}")
    return list(dict.fromkeys(fields))  # keep the order given, drop repeats


def select_fields(records: Sequence[Record], output: Output) -> Sequence[Row]:
    """The records with only the chosen fields, in that order (as they are if not chosen)."""
    rows: Sequence[Row] = records
    if not output.selected:
        return rows
    return [{name: row[name] for name in output.fields} for row in rows]


def cell_text(value: object) -> str:
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


def json_text(value: object, *, ascii_only: bool = False) -> str:
    """Pretty JSON, byte for byte what ``json.dumps(indent=2)`` writes, but in Rust."""
    from pydantic_core import to_json

    return to_json(value, indent=2, ensure_ascii=ascii_only).decode() + "\n"


def jsonl_text(rows: Sequence[Row], *, ascii_only: bool = False) -> str:
    from pydantic_core import to_json

    return "".join(to_json(row, ensure_ascii=ascii_only).decode() + "\n" for row in rows)


def csv_text(rows: Sequence[Row], fields: Sequence[str]) -> str:
    """RFC 4180: a header row, CRLF line ends, quoting where needed."""
    import csv
    import io

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(fields)
    for row in rows:
        writer.writerow([cell_text(row[name]) for name in fields])
    return buffer.getvalue()


def markdown_text(rows: Sequence[Row], fields: Sequence[str]) -> str:
    """A GitHub table; '|' in values is escaped and line breaks become <br>."""

    def cell(value: object) -> str:
        text = cell_text(value).replace("\\", "\\\\").replace("|", "\\|")
        return "<br>".join(text.splitlines()) if "\n" in text else text

    lines = ["| " + " | ".join(fields) + " |", "|" + "---|" * len(fields)]
    lines += ["| " + " | ".join(cell(row[name]) for name in fields) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def fields_table(rows: Sequence[Row], fields: Sequence[str]) -> RenderableType:
    """A plain Rich table of chosen fields, for ``--fields`` with the table format."""
    from rich.table import Table

    table = Table(header_style="bold")
    for name in fields:
        table.add_column(name, overflow="fold", no_wrap=name in {"id", "date", "end"})
    for row in rows:
        table.add_row(*(cell_text(row[name]) or MISSING for name in fields))
    return table


def emit_json(value: object) -> None:
    """``value`` as JSON on stdout, escaped only where stdout cannot carry UTF-8."""
    terminal.write(json_text(value, ascii_only=terminal.stdout_is_ascii_only()))


def emit(
    records: Sequence[Record],
    output: Output,
    table: Callable[[], RenderableType],
    empty_message: str,
) -> None:
    """Write ``records`` in the chosen format and fields.

    The curated ``table`` is shown unless the user chose fields; an empty table
    result is a short line on stderr, while every machine format prints its own
    empty form (``[]``, nothing, a header row).
    """
    rows = select_fields(records, output)
    if output.format == "json":
        emit_json(rows)
    elif output.format == "jsonl":
        terminal.write(jsonl_text(rows, ascii_only=terminal.stdout_is_ascii_only()))
    elif output.format == "csv":
        terminal.write(csv_text(rows, output.fields))
    elif output.format == "markdown":
        terminal.write(markdown_text(rows, output.fields))
    elif not rows:
        terminal.message(empty_message)
    else:
        terminal.show(fields_table(rows, output.fields) if output.selected else table())


def emit_one(
    record: Record, output: Output, card: Callable[[Sequence[str]], RenderableType]
) -> None:
    """One record (``facts``, ``show``): an object, not a list of one; a card, not a table.

    Markdown gives it as field | value rows, which read better than one wide row.
    """
    row: Row = record
    if output.format == "json":
        emit_json({name: row[name] for name in output.fields})
    elif output.format == "markdown":
        pairs = [{"field": name, "value": row[name]} for name in output.fields]
        terminal.write(markdown_text(pairs, ["field", "value"]))
    elif output.format == "table":
        terminal.show(card(output.fields))
    else:
        emit([record], output, lambda: card(output.fields), "")
