"""The ``bazhanov`` command: thin Typer commands over queries and renderers.

Each command parses its options, loads the biography, calls a query and hands
typed items to an output path (``formats``). How the program runs them, builds
only the one asked for, and turns failures into exit codes is ``application``'s.
Each command's help ends with real examples; ``\\b`` keeps their lines as written.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING, Annotated, Literal, cast

import typer

from . import formats, queries, render, terminal
from .application import CONTEXT_SETTINGS, BazhanovGroup, command
from .choices import CiteFormat, ExportFormat, Shell, Style, ValidateFormat
from .errors import BazhanovError, DataError, UsageError
from .model import KIND_SPECS, Kind, SchemaName
from .options import (
    CategoryOption,
    ColorOption,
    DataOption,
    FieldsOption,
    FormatOption,
    FromOption,
    InstallCompletionOption,
    JsonFlag,
    KindOption,
    LanguageOption,
    LimitOption,
    NameFilter,
    NoPagerFlag,
    ReverseFlag,
    ShowCompletionOption,
    SortOption,
    ToOption,
    VersionFlag,
    YearOption,
    biography,
    complete_id,
    complete_shell,
    complete_sql,
    data_inputs,
    load_for_run,
    one_of,
    whole_number,
)

if TYPE_CHECKING:
    from rich.console import RenderableType

    from .model import Record

SEARCH_LIMIT = 20
"""How many hits ``search`` shows unless asked for more."""

app = typer.Typer(
    name="bazhanov",
    cls=BazhanovGroup,
    help=(
        "An exact, sourced reference to the life and works of Boris Bazhanov (1900-1982), "
        "Stalin's personal secretary who defected in 1928."
    ),
    epilog=(
        "--data, --color and --no-pager may also follow the command. Every listing takes "
        "--json for scripts. Exit codes: 0 ok, 1 data error, 2 usage error."
    ),
    context_settings=CONTEXT_SETTINGS,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: it wraps at any width and keeps [brackets]
    invoke_without_command=True,
)


@app.callback()
def main_options(
    ctx: typer.Context,
    data: DataOption = None,
    color: ColorOption = "auto",
    no_pager: NoPagerFlag = False,
    version: VersionFlag = False,
    install_completion: InstallCompletionOption = None,
    show_completion: ShowCompletionOption = None,
) -> None:
    terminal.configure(color, pager=not no_pager)
    if ctx.invoked_subcommand is None:
        terminal.write(ctx.get_help() + "\n")
        raise typer.Exit()


@command
def facts(
    ctx: typer.Context,
    json_: JsonFlag = False,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
) -> None:
    """The infobox: name, birth, death, age, resting place, citizenship, positions.

    \b
    Examples:
      bazhanov facts
      bazhanov facts --json --fields born,died,age_at_death
      bazhanov facts --format csv
    """
    output = formats.output_for("facts", json_, fmt, fields)
    bio = biography(ctx)
    infobox = queries.facts_entry(bio)

    def card(chosen: Sequence[str]) -> RenderableType:
        if not output.selected:
            return render.facts_view(infobox)
        return render.record_view(infobox, chosen, bio)

    render.emit_one(infobox, output, card, lambda chosen: formats.facts_rows(infobox, chosen))


@command
def events(
    ctx: typer.Context,
    year: YearOption = None,
    from_year: FromOption = None,
    to_year: ToOption = None,
    category: CategoryOption = None,
    json_: JsonFlag = False,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
    sort: SortOption = None,
    reverse: ReverseFlag = False,
    limit: LimitOption = None,
) -> None:
    """Events of the life in date order; a span matches every year it covers.

    \b
    Examples:
      bazhanov events --year 1928
      bazhanov events --category war --from 1939
      bazhanov events --format csv --fields id,attribution
    """
    output = formats.output_for("events", json_, fmt, fields, sort, reverse, limit)
    bio = biography(ctx)
    where = queries.EventFilter(year, from_year, to_year, category)
    found = queries.events_matching(bio["events"], where)
    render.emit(
        found, output, lambda events: render.events_table(events, bio), where.describe_empty()
    )


@command
def editions(
    ctx: typer.Context,
    lang: LanguageOption = None,
    json_: JsonFlag = False,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
    sort: SortOption = None,
    reverse: ReverseFlag = False,
    limit: LimitOption = None,
) -> None:
    """The editions of Bazhanov's works, in the order the source lists them.

    \b
    Examples:
      bazhanov editions --lang de
      bazhanov editions --lang français --fields id,year
      bazhanov editions --sort year --reverse
    """
    output = formats.output_for("editions", json_, fmt, fields, sort, reverse, limit)
    bio = biography(ctx)
    code = queries.language_of(bio, lang)
    found = queries.editions_in_language(bio["editions"], code)
    empty = f"No editions in {queries.language_name(code)}." if code else "No editions."
    render.emit(found, output, render.editions_table, empty)


@command
def people(
    ctx: typer.Context,
    name: NameFilter = None,
    role: Annotated[
        str | None,
        typer.Option("--role", metavar="TEXT", help="Only people whose role mentions TEXT."),
    ] = None,
    json_: JsonFlag = False,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
    sort: SortOption = None,
    reverse: ReverseFlag = False,
    limit: LimitOption = None,
) -> None:
    """Everyone the source names, with a one-line role and the events they appear in.

    NAME, if given, keeps those whose name or other name has it, in any case.

    \b
    Examples:
      bazhanov people trotsky
      bazhanov people --role spy
      bazhanov people --json --fields id,name,events
    """
    output = formats.output_for("people", json_, fmt, fields, sort, reverse, limit)
    found = queries.people_named(biography(ctx), name, role)
    empty = "Nobody matches." if name or role else "No people."
    render.emit(found, output, render.people_table, empty)


@command
def places(
    ctx: typer.Context,
    name: NameFilter = None,
    json_: JsonFlag = False,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
    sort: SortOption = None,
    reverse: ReverseFlag = False,
    limit: LimitOption = None,
) -> None:
    """Every place, with its other names, present-day location and events.

    NAME, if given, keeps those whose name, other name or present-day name has it.

    \b
    Examples:
      bazhanov places kyiv
      bazhanov places --fields id,name,present_day
    """
    output = formats.output_for("places", json_, fmt, fields, sort, reverse, limit)
    found = queries.places_named(biography(ctx), name)
    empty = f"No place is called {name!r}." if name else "No places."
    render.emit(found, output, render.places_table, empty)


@command
def quotes(
    ctx: typer.Context,
    name: NameFilter = None,
    json_: JsonFlag = False,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
    sort: SortOption = None,
    reverse: ReverseFlag = False,
    limit: LimitOption = None,
) -> None:
    """The source's quotations: short, exact, attributed, each tied to its event.

    NAME, if given, keeps those whose speaker (id, name or other name) or source has it.

    \b
    Examples:
      bazhanov quotes
      bazhanov quotes doyle
      bazhanov quotes --format markdown --fields text,source
    """
    output = formats.output_for("quotes", json_, fmt, fields, sort, reverse, limit)
    found = queries.quotes_by(biography(ctx), name)
    empty = f"No quotations from {name!r}." if name else "No quotations."
    render.emit(found, output, render.quotes_table, empty)


@command
def search(
    ctx: typer.Context,
    words: Annotated[list[str], typer.Argument(metavar="QUERY", hidden=True)],
    kinds: KindOption = None,
    json_: JsonFlag = False,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
    sort: SortOption = None,
    reverse: ReverseFlag = False,
    limit: LimitOption = None,
) -> None:
    """Find anything: any case, accents, Latin or Cyrillic, aliases, small typos, prefixes.

    Every word of QUERY must match somewhere in an item. The best 20 are shown
    unless --limit asks for more.

    \b
    Examples:
      bazhanov search stalin trotsky
      bazhanov search Бажанов --kind person
      bazhanov search blumkn --json --limit 5
    """
    from .search import search as find

    output = formats.output_for("search", json_, fmt, fields, sort, reverse)
    query = terminal.argument_text(" ".join(words))
    hits = find(biography(ctx), query, kinds=cast("list[Kind] | None", kinds))
    shown = hits[: limit or SEARCH_LIMIT]  # the best ones, whatever --sort does then
    if limit is None and len(hits) > SEARCH_LIMIT:
        terminal.message(
            f"The best {SEARCH_LIMIT} of {len(hits)} matches; --limit {len(hits)} shows them all."
        )
    said = " ".join(query.split())
    said = said if len(said) <= 40 else said[:39] + "\u2026"
    render.emit(shown, output, render.search_table, f"Nothing matches {said!r}.")


@command
def show(
    ctx: typer.Context,
    item_id: Annotated[str, typer.Argument(metavar="ID", hidden=True, autocompletion=complete_id)],
    json_: JsonFlag = False,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
) -> None:
    """One item of any kind in full: its passages in the sources, and its events.

    ID is any id another command prints: an infobox field (born), an event,
    edition, person, place or quote.

    \b
    Examples:
      bazhanov show defection
      bazhanov show resting_place
      bazhanov show agabekov --json --fields name,events
    """
    bio = biography(ctx)
    found = queries.find_item(bio, item_id)
    output = formats.output_for(KIND_SPECS[found.kind].listing, json_, fmt, fields)
    render.emit_one(found.item, output, lambda chosen: render.item_card(found, chosen, bio))


@command
def sources(
    ctx: typer.Context,
    json_: JsonFlag = False,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
    sort: SortOption = None,
    reverse: ReverseFlag = False,
    limit: LimitOption = None,
) -> None:
    """The documents the data comes from, their licences, and how many items each backs.

    \b
    Examples:
      bazhanov sources
      bazhanov sources --json --fields id,url,licence
    """
    output = formats.output_for("sources", json_, fmt, fields, sort, reverse, limit)
    found = queries.sources_backed(biography(ctx))
    render.emit(found, output, render.sources_table, "No sources.")


@command
def timeline(
    ctx: typer.Context,
    from_year: FromOption = None,
    to_year: ToOption = None,
    category: CategoryOption = None,
    svg: Annotated[
        str | None,
        typer.Option(
            "--svg",
            metavar="FILE",
            help="Write the picture as a standalone SVG file (- for stdout).",
        ),
    ] = None,
    html: Annotated[
        str | None,
        typer.Option(
            "--html",
            metavar="FILE",
            help="Write a web page: the picture, a legend and a table (- for stdout).",
        ),
    ] = None,
    width: Annotated[
        int | None,
        whole_number(
            "--width",
            low=terminal.MIN_WIDTH,
            high=terminal.MAX_WIDTH,
            metavar="COLUMNS",
            help="Columns of the terminal picture (default: the terminal's).",
        ),
    ] = None,
) -> None:
    """The life on one axis: spans as bars, events as marks, colour by category.

    In the terminal, or drawn as an SVG picture or a web page with --svg/--html.

    \b
    Examples:
      bazhanov timeline --from 1923 --to 1930
      bazhanov timeline --svg life.svg --html life.html
      bazhanov timeline -c war --svg - > war.svg
    """
    documents = {
        name: path for name, path in (("--svg", svg), ("--html", html)) if path is not None
    }
    if documents:
        from . import files

        files.check_outputs(documents, data_inputs(ctx))
    bio = biography(ctx)
    where = queries.EventFilter(None, from_year, to_year, category)
    chosen = queries.events_matching(bio["events"], where)
    years = queries.timeline_years(bio, chosen, from_year, to_year)
    # With files, said once they are written: a failure is then the only line.
    empty = "" if chosen else where.describe_empty()
    if empty and (years is None or not documents):
        terminal.message(empty)
    if years is None:
        return  # nothing to place on an axis: no events, and no birth or death either
    if not documents:
        from . import timeline as pictures

        ascii_only = terminal.stdout_is_ascii_only()
        glyphs = pictures.ASCII_GLYPHS if ascii_only else pictures.UNICODE_GLYPHS
        terminal.show(pictures.Timeline(bio, chosen, *years, width=width, glyphs=glyphs))
        return
    from . import drawing

    first, last = years
    draw = {"--svg": drawing.svg_document, "--html": drawing.html_document}
    made = {
        name: partial(draw[name], bio, chosen, first_year=first, last_year=last)
        for name in documents
    }
    terminal.write_files({path: made[name] for name, path in documents.items() if path != "-"})
    for name, path in documents.items():
        if path == "-":
            terminal.write(made[name]())
    if empty:
        terminal.message(empty)


@command
def cite(
    ctx: typer.Context,
    ids: Annotated[
        list[str] | None,
        typer.Argument(metavar="ID", hidden=True, autocompletion=complete_id),
    ] = None,
    lang: LanguageOption = None,
    all_: Annotated[bool, typer.Option("--all", help="Every edition.")] = False,
    fmt: Annotated[
        CiteFormat,
        typer.Option(
            "--format",
            "-f",
            parser=one_of(CiteFormat),
            metavar="FORMAT",
            help="text (a formatted reference), bibtex, ris or csl-json.",
        ),
    ] = "text",
    style: Annotated[
        Style,
        typer.Option(
            "--style",
            parser=one_of(Style),
            metavar="STYLE",
            help="The CSL style of --format text: chicago, apa, mla or harvard.",
        ),
    ] = "chicago",
) -> None:
    """Cite editions as BibTeX, RIS, CSL-JSON or a formatted reference (Chicago, APA, ...).

    Give edition ids (bazhanov editions lists them), --lang or --all.

    \b
    Examples:
      bazhanov cite ich-war-stalins-sekretar --style apa
      bazhanov cite --lang de --format bibtex > bazhanov.bib
      bazhanov cite --all
    """
    from . import cite as citations

    bio = biography(ctx)
    code = queries.language_of(bio, lang)
    chosen = citations.select_editions(bio["editions"], ids or [], code, all_)
    if fmt == "csl-json":
        formats.emit_json(citations.csl_json(chosen, bio["editions"]))
    elif not chosen:
        assert code is not None  # ids and --all always select something
        terminal.message(f"No editions in {queries.language_name(code)}.")
    elif fmt == "bibtex":
        terminal.write(citations.bibtex(chosen, bio["editions"]))
    elif fmt == "ris":
        terminal.write(citations.ris(chosen, bio["editions"]))
    else:
        terminal.write("".join(f"{line}\n" for line in citations.formatted(chosen, style)))


SchemaChoice = Literal[SchemaName, "sqlite"]
"""What ``schema`` prints: a JSON Schema, or the SQL of ``export sqlite``'s database."""


@command
def schema(
    name: Annotated[
        SchemaChoice, typer.Argument(parser=one_of(SchemaChoice), metavar="NAME", hidden=True)
    ] = "biography",
) -> None:
    """Print the JSON Schema (draft 2020-12) of a command's --json output, or of the data file.

    NAME is a listing (events, editions, people, places, quotes, search, sources,
    facts), fact for show FIELD, or biography, the data file (the default); sqlite
    prints the SQL schema of the database export sqlite writes and sql queries.

    \b
    Examples:
      bazhanov schema events
      bazhanov schema biography > biography.schema.json
      bazhanov schema sqlite
    """
    if name == "sqlite":
        from .sqlite import ddl

        terminal.write(ddl())
        return
    from .schemas import json_schema

    formats.emit_json(json_schema(name))


@command
def sql(
    ctx: typer.Context,
    query: Annotated[
        str, typer.Argument(metavar="QUERY", hidden=True, autocompletion=complete_sql)
    ],
    json_: JsonFlag = False,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
    limit: LimitOption = None,
) -> None:
    """Ask the data anything in SQL: one read-only query on the biography as a database.

    The database is the one export sqlite writes (bazhanov schema sqlite prints
    its tables), built in memory. Only reading is allowed: a write, ATTACH, a
    pragma that changes anything or loading an extension is refused (exit 2), and
    a query is interrupted after 5 seconds.

    \b
    Examples:
      bazhanov sql "SELECT category, count(*) AS n FROM events GROUP BY category"
      bazhanov sql "SELECT * FROM events_fts WHERE events_fts MATCH 'trotsky'" --json
      bazhanov sql "SELECT id, title FROM editions WHERE year IS NULL" --format csv
    """
    from . import sqlite, sqlquery

    connection = sqlite.connect(biography(ctx))
    found = sqlquery.run(connection, terminal.argument_text(query))
    output = formats.output_for(found.columns, json_, fmt, fields, limit=limit)
    rows = cast("list[Record]", found.rows)
    render.emit(rows, output, lambda rows: render.fields_table(rows, found.columns), "No rows.")


@command
def export(
    ctx: typer.Context,
    fmt: Annotated[
        ExportFormat,
        typer.Argument(parser=one_of(ExportFormat), metavar="FORMAT", hidden=True),
    ],
    file: Annotated[str, typer.Argument(metavar="FILE", hidden=True)],
    metadata: Annotated[
        str | None,
        typer.Option(
            "--metadata",
            metavar="FILE",
            help="Also write Datasette's metadata.json: the data's licence and source.",
        ),
    ] = None,
) -> None:
    """Write the biography as a SQLite database, for sqlite3, sqlite-utils or Datasette.

    FORMAT is sqlite. The file is replaced whole (never half-written) and is never
    the data file. bazhanov schema sqlite prints its tables.

    \b
    Examples:
      bazhanov export sqlite bazhanov.db
      bazhanov export sqlite bazhanov.db --metadata metadata.json
      datasette bazhanov.db --metadata metadata.json
    """
    from . import files, sqlite

    outputs = {"FILE": file} | ({"--metadata": metadata} if metadata is not None else {})
    if files.STDOUT in outputs.values():
        raise UsageError("export writes files: give a file name, not - for stdout")
    files.check_outputs(outputs, data_inputs(ctx))
    bio = biography(ctx)
    database = files.BuiltAt(partial(sqlite.write_database, bio))
    documents: dict[str, files.Document] = {file: database}
    if metadata is not None:
        documents[metadata] = lambda: formats.json_text(sqlite.datasette_metadata(bio))
    terminal.write_files(documents)


VALIDATE_SHOWN = 50
"""Problems ``validate`` lists per file before it only counts the rest (``--all``: every one)."""


@command
def validate(
    files: Annotated[list[str], typer.Argument(metavar="FILE", hidden=True)],
    all_: Annotated[
        bool,
        typer.Option("--all", help=f"List every problem, not the first {VALIDATE_SHOWN} a file."),
    ] = False,
    fmt: Annotated[
        ValidateFormat,
        typer.Option(
            "--format",
            "-f",
            parser=one_of(ValidateFormat),
            metavar="FORMAT",
            help="text (FILE: path: message, a line each) or json (a list of file, path, message).",
        ),
    ] = "text",
) -> None:
    """Check biography files: every problem with its JSON path; exit 1 if a file has any.

    Problems come in file order, field and rule problems (a bad date, a duplicate
    id, an unknown person) together, each once.

    \b
    Examples:
      bazhanov validate my-biography.json
      bazhanov validate drafts/*.json --format json
      bazhanov --data my-biography.json events
    """
    from .files import stdout_is_one_of

    written = stdout_is_one_of(files)
    if written is not None:
        raise UsageError(f"stdout is {written!r}, a file to validate: send the report elsewhere")
    broken: list[DataError] = []
    for file in files:
        try:
            bio = load_for_run(file)
        except DataError as error:
            broken.append(error)
            if fmt == "text":
                terminal.write(render.problems_text(error, None if all_ else VALIDATE_SHOWN))
                if len(files) > 1:
                    terminal.message(f"{file}: {render.verdict(error)}")
            continue
        if fmt == "text":
            terminal.message(f"{file}: valid ({render.size_of(bio)})")
    if fmt == "json":
        formats.emit_json(formats.problem_records(broken))
    if len(files) == 1 and broken:
        raise DataError.of_file(broken[0].file, render.verdict(broken[0]))
    if broken:
        raise BazhanovError(f"{len(broken)} of {len(files)} files are not valid biographies")


@command
def completion(
    ctx: typer.Context,
    shell: Annotated[
        Shell | None,
        typer.Argument(
            parser=one_of(Shell), metavar="SHELL", hidden=True, autocompletion=complete_shell
        ),
    ] = None,
) -> None:
    """Print the shell completion script for bash, zsh or fish, to place it yourself.

    SHELL defaults to the shell running. bazhanov --install-completion installs
    it for you: the script in the shell's usual place, and a line in your rc file
    that loads it (once; the rc file is replaced whole, never left half-written).

    \b
    Examples:
      bazhanov completion bash > ~/.bash_completions/bazhanov.sh
      bazhanov completion fish > ~/.config/fish/completions/bazhanov.fish
      bazhanov --install-completion zsh
    """
    from . import completion as scripts

    chosen = scripts.shell_named(shell, "bazhanov completion")
    terminal.write(scripts.script(chosen, ctx.find_root().command))
