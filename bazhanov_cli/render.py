"""Output: Rich renderables for people, JSON for scripts.

Both are built from the same ``model_dump(mode="json")`` records, so a table
and the JSON can never disagree. Rich is imported inside the functions that
draw, so the ``--json`` path never pays for it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

Record = Mapping[str, Any]

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

    return Console(file=sys.stdout, highlight=False, emoji=False)


def print_renderable(renderable: RenderableType) -> None:
    stdout_console().print(renderable)


def print_message(text: str) -> None:
    """A short line for people ("No events in 1850."), on stderr so pipes stay clean."""
    sys.stderr.write(text + "\n")


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
    sys.stdout.write(json_text(data, ascii_only=not can_encode(sys.stdout, "Бажанов é")))


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
