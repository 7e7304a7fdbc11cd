"""The ``bazhanov`` command: thin Typer commands over queries and renderers.

Each command checks its options into specs (``options``), reads the biography
from the run's ``Session``, calls queries (arranging is one of them) and hands
what it made to the one way out (``Session.emit``, that is ``output.emit``). How
the program runs them, builds only the one asked for, and turns failures into
exit codes is ``application``'s.
Each command's help ends with real examples; ``\\b`` keeps their lines as written.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING, Annotated, Literal, cast

import typer

from . import queries, render, terminal
from .application import CONTEXT_SETTINGS, BazhanovTyper
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
    complete_id,
    complete_shell,
    complete_sql,
    one_of,
    order_spec,
    output_spec,
    whole_number,
)
from .output import Document, OneRecord, Picture, Records, Value
from .session import session_of

if TYPE_CHECKING:
    from rich.console import RenderableType

    from .model import Record

SEARCH_LIMIT = 20
"""How many hits ``search`` shows unless asked for more."""

app = BazhanovTyper(
    name="bazhanov",
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
    # --data, --color and --no-pager are in the run's Session already (options.py).
    if ctx.invoked_subcommand is None:
        session_of(ctx).emit(Document(ctx.get_help() + "\n"))
        raise typer.Exit()


@app.command()
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
    from .formats import facts_rows

    output = output_spec("facts", json_, fmt, fields)
    session = session_of(ctx)
    bio = session.biography()
    infobox = queries.facts_entry(bio)

    def card(chosen: Sequence[str]) -> RenderableType:
        if not output.selected:
            return render.facts_view(infobox)
        return render.record_view(infobox, chosen, bio)

    session.emit(OneRecord(infobox, card, lambda chosen: facts_rows(infobox, chosen)), output)


@app.command()
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
    output = output_spec("events", json_, fmt, fields)
    order = order_spec("events", sort, reverse, limit)
    session = session_of(ctx)
    bio = session.biography()
    where = queries.EventFilter(year, from_year, to_year, category)
    found = queries.arranged(queries.events_matching(bio["events"], where), order)
    table = partial(render.events_table, bio=bio)
    session.emit(Records(found, table, where.describe_empty()), output)


@app.command()
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
    output = output_spec("editions", json_, fmt, fields)
    order = order_spec("editions", sort, reverse, limit)
    session = session_of(ctx)
    bio = session.biography()
    code = queries.language_of(bio, lang)
    found = queries.arranged(queries.editions_in_language(bio["editions"], code), order)
    empty = f"No editions in {queries.language_name(code)}." if code else "No editions."
    session.emit(Records(found, render.editions_table, empty), output)


@app.command()
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
    output = output_spec("people", json_, fmt, fields)
    order = order_spec("people", sort, reverse, limit)
    session = session_of(ctx)
    found = queries.arranged(queries.people_named(session.biography(), name, role), order)
    empty = "Nobody matches." if name or role else "No people."
    session.emit(Records(found, render.people_table, empty), output)


@app.command()
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
    output = output_spec("places", json_, fmt, fields)
    order = order_spec("places", sort, reverse, limit)
    session = session_of(ctx)
    found = queries.arranged(queries.places_named(session.biography(), name), order)
    empty = f"No place is called {name!r}." if name else "No places."
    session.emit(Records(found, render.places_table, empty), output)


@app.command()
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
    output = output_spec("quotes", json_, fmt, fields)
    order = order_spec("quotes", sort, reverse, limit)
    session = session_of(ctx)
    found = queries.arranged(queries.quotes_by(session.biography(), name), order)
    empty = f"No quotations from {name!r}." if name else "No quotations."
    session.emit(Records(found, render.quotes_table, empty), output)


@app.command()
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

    output = output_spec("search", json_, fmt, fields)
    order = order_spec("search", sort, reverse)
    session = session_of(ctx)
    query = terminal.argument_text(" ".join(words))
    hits = find(session.biography(), query, kinds=cast("list[Kind] | None", kinds))
    best = hits[: limit or SEARCH_LIMIT]  # the best ones, whatever --sort does then
    if limit is None and len(hits) > SEARCH_LIMIT:
        terminal.message(
            f"The best {SEARCH_LIMIT} of {len(hits)} matches; --limit {len(hits)} shows them all."
        )
    said = " ".join(query.split())
    said = said if len(said) <= 40 else said[:39] + "\u2026"
    found = queries.arranged(best, order)
    session.emit(Records(found, render.search_table, f"Nothing matches {said!r}."), output)


@app.command()
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
    session = session_of(ctx)
    bio = session.biography()
    found = queries.find_item(bio, item_id)
    output = output_spec(KIND_SPECS[found.kind].listing, json_, fmt, fields)
    session.emit(OneRecord(found.item, partial(render.item_card, found, bio=bio)), output)


@app.command()
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
    output = output_spec("sources", json_, fmt, fields)
    order = order_spec("sources", sort, reverse, limit)
    session = session_of(ctx)
    found = queries.arranged(queries.sources_backed(session.biography()), order)
    session.emit(Records(found, render.sources_table, "No sources."), output)


@app.command()
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
    session = session_of(ctx)
    documents = {
        name: path for name, path in (("--svg", svg), ("--html", html)) if path is not None
    }
    if documents:
        from . import files

        files.check_outputs(documents, session.inputs())
    bio = session.biography()
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
        session.emit(Picture(pictures.Timeline(bio, chosen, *years, width=width, glyphs=glyphs)))
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
            session.emit(Document(made[name]()))
    if empty:
        terminal.message(empty)


@app.command()
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

    session = session_of(ctx)
    bio = session.biography()
    code = queries.language_of(bio, lang)
    chosen = citations.select_editions(bio["editions"], ids or [], code, all_)
    if fmt == "csl-json":
        session.emit(Value(citations.csl_json(chosen, bio["editions"])))
    elif not chosen:
        assert code is not None  # ids and --all always select something
        terminal.message(f"No editions in {queries.language_name(code)}.")
    elif fmt == "bibtex":
        session.emit(Document(citations.bibtex(chosen, bio["editions"])))
    elif fmt == "ris":
        session.emit(Document(citations.ris(chosen, bio["editions"])))
    else:
        lines = citations.formatted(chosen, style)
        session.emit(Document("".join(f"{line}\n" for line in lines)))


SchemaChoice = Literal[SchemaName, "sqlite"]
"""What ``schema`` prints: a JSON Schema, or the SQL of ``export sqlite``'s database."""


@app.command()
def schema(
    ctx: typer.Context,
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

        session_of(ctx).emit(Document(ddl()))
        return
    from .schemas import json_schema

    session_of(ctx).emit(Value(json_schema(name)))


@app.command()
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

    session = session_of(ctx)
    connection = sqlite.connect(session.biography())
    found = sqlquery.run(connection, terminal.argument_text(query))
    output = output_spec(found.columns, json_, fmt, fields)
    rows = queries.arranged(cast("list[Record]", found.rows), queries.Order(None, False, limit))
    table = partial(render.fields_table, fields=found.columns)
    session.emit(Records(rows, table, "No rows."), output)


@app.command()
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
    from .formats import json_text

    outputs = {"FILE": file} | ({"--metadata": metadata} if metadata is not None else {})
    if files.STDOUT in outputs.values():
        raise UsageError("export writes files: give a file name, not - for stdout")
    session = session_of(ctx)
    files.check_outputs(outputs, session.inputs())
    bio = session.biography()
    database = files.BuiltAt(partial(sqlite.write_database, bio))
    documents: dict[str, files.Content] = {file: database}
    if metadata is not None:
        documents[metadata] = lambda: json_text(sqlite.datasette_metadata(bio))
    terminal.write_files(documents)


VALIDATE_SHOWN = 50
"""Problems ``validate`` lists per file before it only counts the rest (``--all``: every one)."""


@app.command()
def validate(
    ctx: typer.Context,
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
    session = session_of(ctx)
    broken: list[DataError] = []
    for file in files:
        try:
            bio = session.read(file)
        except DataError as error:
            broken.append(error)
            if fmt == "text":
                shown = None if all_ else VALIDATE_SHOWN
                session.emit(Document(render.problems_text(error, shown)))
                if len(files) > 1:
                    terminal.message(f"{file}: {render.verdict(error)}")
            continue
        if fmt == "text":
            terminal.message(f"{file}: valid ({render.size_of(bio)})")
    if fmt == "json":
        from .formats import problem_records

        session.emit(Value(problem_records(broken)))
    if len(files) == 1 and broken:
        raise DataError.of_file(broken[0].file, render.verdict(broken[0]))
    if broken:
        raise BazhanovError(f"{len(broken)} of {len(files)} files are not valid biographies")


@app.command()
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
    session_of(ctx).emit(Document(scripts.script(chosen, ctx.find_root().command)))
