"""The ``bazhanov`` command: thin Typer commands over queries and renderers.

Each command parses its options, loads the biography, calls a query and hands
typed items to a renderer. Every expected failure is a ``BazhanovError`` or a
Typer usage error, turned into one line on stderr and an ``ExitCode`` in one
place: ``BazhanovGroup.main``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, cast, get_args

import typer
from typer.core import TyperGroup

from . import queries, render, terminal
from .choices import CiteFormat, Format, SchemaName, Style
from .errors import BazhanovError, DataError, ExitCode, UsageError
from .loading import load_biography
from .model import LISTING_OF_KIND, Category, Kind, Listing, fields_of
from .options import (
    DataOption,
    FieldsOption,
    FormatOption,
    JsonFlag,
    KindOption,
    LanguageOption,
    NameFilter,
    VersionFlag,
    biography,
    complete_id,
)

if TYPE_CHECKING:
    from rich.console import RenderableType

# --- the application, its commands built on demand ---------------------------------------

COMMANDS: dict[str, Callable[..., None]] = {}
"""Each command's function by name, in the order ``--help`` lists them."""


def command(function: Callable[..., None]) -> Callable[..., None]:
    COMMANDS[function.__name__] = function
    return function


CONTEXT_SETTINGS: dict[str, Any] = {
    "help_option_names": ["-h", "--help"],
    # A choice may come padded from a script (" json"); it still names the choice.
    "token_normalize_func": str.strip,
}


class BazhanovGroup(TyperGroup):
    """The top-level command: builds only the subcommand that runs, and reports errors.

    Typer turns every command function into a click command on every run, each
    option with its own validator; here only the one that runs is built (about
    1 ms instead of 13), through Typer's public ``typer.main.get_command``.
    Errors become one line on stderr and an exit code, whether run as
    ``bazhanov`` or through CliRunner, which calls this same ``main``.
    """

    def list_commands(self, ctx: object) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: object, cmd_name: str) -> Any:
        function = COMMANDS.get(cmd_name)
        if function is None:
            return None
        single = typer.Typer(add_completion=False, rich_markup_mode="rich")
        single.command(name=cmd_name, context_settings=CONTEXT_SETTINGS)(function)
        return typer.main.get_command(single)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        # Typer's "did you mean" reads `self.commands`, which stays empty here.
        if args and args[0] not in COMMANDS and not args[0].startswith("-"):
            import difflib

            close = difflib.get_close_matches(args[0], list(COMMANDS))
            hint = f" Did you mean {', '.join(map(repr, close))}?" if close else ""
            raise UsageError(f"No such command {args[0]!r}.{hint} (see 'bazhanov --help')")
        return super().resolve_command(ctx, args)

    def main(  # type: ignore[override]
        self, args: Sequence[str] | None = None, *, standalone_mode: bool = True, **extra: Any
    ) -> Any:
        terminal.repair_streams()
        extra["prog_name"] = extra.get("prog_name") or "bazhanov"  # `python -m` too
        try:
            result = super().main(args, standalone_mode=False, **extra)
            code = result if isinstance(result, int) else ExitCode.OK
        except BazhanovError as error:
            terminal.message(f"Error: {error}")
            code = error.exit_code
        except typer.TyperException as error:  # click's UsageError, BadParameter, ...
            # pydantic's prefix says nothing to a user of a command line.
            text = error.format_message().replace("Value error, ", "")
            context = getattr(error, "ctx", None)
            if context is not None and error.exit_code == ExitCode.USAGE and "one of" not in text:
                text += _rejected_value(error) + f" (see '{context.command_path} --help')"
            terminal.message(f"Error: {text}")
            code = error.exit_code
        except typer.Abort:
            terminal.message("Error: aborted")
            code = ExitCode.DATA
        if standalone_mode:
            sys.exit(code)
        return code


def _rejected_value(error: Exception) -> str:
    """`` (got 'abc')`` when Typer's conversion failed and its message omits the value."""
    errors = getattr(error.__cause__, "errors", None)
    if not callable(errors):
        return ""
    details = errors()
    if not details or "input" not in details[0]:
        return ""
    shown = repr(details[0]["input"])
    return "" if shown in getattr(error, "message", "") else f" (got {shown})"


app = typer.Typer(
    name="bazhanov",
    cls=BazhanovGroup,
    help=(
        "An exact, sourced reference to the life and works of Boris Bazhanov (1900-1982), "
        "Stalin's personal secretary who defected in 1928."
    ),
    epilog="Every listing takes --json for scripts. Exit codes: 0 ok, 1 data error, 2 usage.",
    context_settings=CONTEXT_SETTINGS,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    invoke_without_command=True,
)


@app.callback()
def main_options(ctx: typer.Context, data: DataOption = None, version: VersionFlag = False) -> None:
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit()


def _output(listing: Listing, json_: bool, fmt: Format | None, fields: str | None) -> render.Output:
    """The output the options ask for, checked against ``listing``'s fields."""
    return render.output_for(fields_of(listing), json_, fmt, fields)


# --- commands ------------------------------------------------------------------------------


@command
def facts(
    ctx: typer.Context,
    json_: JsonFlag = False,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
) -> None:
    """The infobox: name, birth, death, age, resting place, citizenship, positions."""
    output = _output("facts", json_, fmt, fields)
    bio = biography(ctx)
    infobox = queries.facts_entry(bio)

    def card(chosen: Sequence[str]) -> RenderableType:
        if not output.selected:
            return render.facts_panel(infobox)
        return render.record_grid(infobox, chosen, bio)

    render.emit_one(infobox, output, card)


@command
def events(
    ctx: typer.Context,
    year: Annotated[
        int | None,
        typer.Option("--year", "-y", min=1, max=9999, metavar="YEAR", help="Events touching YEAR."),
    ] = None,
    from_year: Annotated[
        int | None,
        typer.Option(
            "--from", min=1, max=9999, metavar="YEAR", help="Events ending in or after YEAR."
        ),
    ] = None,
    to_year: Annotated[
        int | None,
        typer.Option(
            "--to", min=1, max=9999, metavar="YEAR", help="Events starting in or before YEAR."
        ),
    ] = None,
    category: Annotated[
        Category | None,
        typer.Option(
            "--category",
            "-c",
            case_sensitive=False,
            metavar="CATEGORY",
            help="Only this category: " + ", ".join(get_args(Category)) + ".",
        ),
    ] = None,
    json_: JsonFlag = False,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
) -> None:
    """Events of the life in date order; spans match every year they cover."""
    output = _output("events", json_, fmt, fields)
    bio = biography(ctx)
    where = queries.EventFilter(year, from_year, to_year, category)
    found = queries.events_matching(bio["events"], where)
    render.emit(found, output, lambda: render.events_table(found, bio), where.describe_empty())


@command
def editions(
    ctx: typer.Context,
    lang: LanguageOption = None,
    json_: JsonFlag = False,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
) -> None:
    """The editions of Bazhanov's works, in the order the source lists them."""
    output = _output("editions", json_, fmt, fields)
    bio = biography(ctx)
    code = queries.language_of(bio, lang)
    found = queries.editions_in_language(bio["editions"], code)
    empty = f"No editions in {queries.language_name(code)}." if code else "No editions."
    render.emit(found, output, lambda: render.editions_table(found), empty)


@command
def people(
    ctx: typer.Context,
    name: NameFilter = None,
    role: Annotated[
        str | None,
        typer.Option("--role", "-r", metavar="TEXT", help="Only people whose role mentions TEXT."),
    ] = None,
    json_: JsonFlag = False,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
) -> None:
    """Everyone the source names, with a one-line role and the events they appear in."""
    output = _output("people", json_, fmt, fields)
    found = queries.people_named(biography(ctx), name, role)
    empty = "Nobody matches." if name or role else "No people."
    render.emit(found, output, lambda: render.people_table(found), empty)


@command
def places(
    ctx: typer.Context,
    name: NameFilter = None,
    json_: JsonFlag = False,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
) -> None:
    """Every place, with its other names, present-day location and events."""
    output = _output("places", json_, fmt, fields)
    found = queries.places_named(biography(ctx), name)
    empty = f"No place is called {name!r}." if name else "No places."
    render.emit(found, output, lambda: render.places_table(found), empty)


@command
def quotes(
    ctx: typer.Context,
    name: NameFilter = None,
    json_: JsonFlag = False,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
) -> None:
    """The source's quotations: short, exact, attributed; NAME matches who said them."""
    output = _output("quotes", json_, fmt, fields)
    found = queries.quotes_by(biography(ctx), name)
    empty = f"No quotations from {name!r}." if name else "No quotations."
    render.emit(found, output, lambda: render.quotes_table(found), empty)


@command
def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(metavar="QUERY", help="Words to look for, any spelling.")],
    kinds: KindOption = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, max=10000, help="At most this many results.")
    ] = 20,
    json_: JsonFlag = False,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
) -> None:
    """Find anything: any case, accents, Latin or Cyrillic, aliases, small typos, prefixes."""
    from .search import search as find

    output = _output("search", json_, fmt, fields)
    query = terminal.argument_text(query)
    hits = find(biography(ctx), query, kinds=cast("list[Kind] | None", kinds))[:limit]
    shown = " ".join(query.split())
    shown = shown if len(shown) <= 40 else shown[:39] + "\u2026"
    render.emit(hits, output, lambda: render.search_table(hits), f"Nothing matches {shown!r}.")


@command
def show(
    ctx: typer.Context,
    item_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="The id of any item: a fact (born), event, edition, person, place or quote.",
            autocompletion=complete_id,
        ),
    ],
    json_: JsonFlag = False,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
) -> None:
    """One item of any kind in full, with the people, places and events it refers to."""
    bio = biography(ctx)
    found = queries.find_item(bio, item_id)
    output = render.output_for(fields_of(LISTING_OF_KIND[found.kind]), json_, fmt, fields)
    render.emit_one(found.item, output, lambda chosen: render.item_card(found, chosen, bio))


@command
def sources(
    ctx: typer.Context,
    json_: JsonFlag = False,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
) -> None:
    """The documents the data comes from, their licences, and how many items each backs."""
    output = _output("sources", json_, fmt, fields)
    found = queries.sources_backed(biography(ctx))
    render.emit(found, output, lambda: render.sources_table(found), "No sources.")


@command
def timeline(
    ctx: typer.Context,
    svg: Annotated[
        Path | None,
        typer.Option("--svg", metavar="FILE", help="Also write the picture as a standalone SVG."),
    ] = None,
    html: Annotated[
        Path | None,
        typer.Option("--html", metavar="FILE", help="Also write it as a standalone HTML page."),
    ] = None,
    width: Annotated[
        int | None,
        typer.Option(
            "--width", min=20, max=400, help="Columns (default: the terminal's; files: 100)."
        ),
    ] = None,
) -> None:
    """The life on one axis, 1900-1990: spans as bars, events as marks, colour by category."""
    from . import timeline as pictures

    bio = biography(ctx)
    documents = {
        svg: lambda: pictures.svg_document(bio, width or 100),
        html: lambda: pictures.html_document(bio, width or 100),
    }
    terminal.write_files({path: make for path, make in documents.items() if path is not None})
    if svg is None and html is None:
        terminal.show(pictures.timeline_renderable(bio, width=width))


@command
def cite(
    ctx: typer.Context,
    ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="ID...",
            help="Edition ids (see `bazhanov editions`).",
            autocompletion=complete_id,
            show_default=False,
        ),
    ] = None,
    lang: LanguageOption = None,
    all_: Annotated[bool, typer.Option("--all", help="Every edition.")] = False,
    fmt: Annotated[
        CiteFormat,
        typer.Option(
            "--format", "-f", case_sensitive=False, help="A formatted reference (text) or data."
        ),
    ] = "text",
    style: Annotated[
        Style,
        typer.Option("--style", case_sensitive=False, help="The CSL style of --format text."),
    ] = "chicago",
) -> None:
    """Cite editions as BibTeX, RIS, CSL-JSON or a formatted reference (Chicago, APA, ...)."""
    from . import cite as citations

    bio = biography(ctx)
    code = queries.language_of(bio, lang)
    chosen = citations.select_editions(bio["editions"], ids or [], code, all_)
    if fmt == "csl-json":
        render.emit_json(citations.csl_json(chosen, bio["editions"]))
    elif not chosen:
        assert code is not None  # ids and --all always select something
        terminal.message(f"No editions in {queries.language_name(code)}.")
    elif fmt == "bibtex":
        terminal.write(citations.bibtex(chosen, bio["editions"]))
    elif fmt == "ris":
        terminal.write(citations.ris(chosen))
    else:
        terminal.write("".join(f"{line}\n" for line in citations.formatted(chosen, style)))


@command
def schema(
    name: Annotated[
        SchemaName,
        typer.Argument(case_sensitive=False, help="A listing, for its --json, or biography."),
    ] = "biography",
) -> None:
    """Print the JSON Schema (draft 2020-12) of a command's --json output, or of the data file."""
    from .schemas import json_schema

    render.emit_json(json_schema(name))


@command
def validate(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A biography JSON file to check.")],
) -> None:
    """Check a data file and list every problem with its JSON path; exit 1 if there are any."""
    try:
        bio = load_biography(file)
    except DataError as error:
        terminal.write(render.problems_text(file, error.problems))
        raise DataError(str(file), [render.count_of_problems(error.problems)]) from None
    terminal.message(f"{file}: valid ({render.size_of(bio)})")


def main() -> None:
    """The console script: the app, and a last guard so no traceback reaches a user."""
    try:
        app()
    except Exception as error:  # a bug, not an expected failure: say so in one line
        if os.environ.get("BAZHANOV_DEBUG"):
            raise
        sys.stderr.write(
            f"Error: internal error ({type(error).__name__}: {error}); "
            "set BAZHANOV_DEBUG=1 to see the traceback, and please report it.\n"
        )
        sys.exit(ExitCode.DATA)
