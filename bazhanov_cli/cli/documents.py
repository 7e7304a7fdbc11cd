"""The commands that make documents or check files: ``timeline`` and ``map`` (terminal,
SVG, page), ``cite``, ``schema``, ``validate`` and ``completion``; as thin as the listings."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Annotated, Any, Literal, cast

import typer

from ..choices import CiteFormat, Shell, Style, ValidateFormat
from ..errors import BazhanovError, DataError, UsageError
from ..model.kinds import LISTINGS, Listing, SchemaName, fields_of
from ..output import terminal, views
from ..output.emit import Document, Picture, Value
from ..queries import lookup
from ..queries.languages import language_name, language_of
from .options import (
    CategoryOption,
    FieldsOption,
    FormatOption,
    FromOption,
    IdsArgument,
    JsonFlag,
    LanguageOption,
    LimitOption,
    QuietFlag,
    ReverseFlag,
    SortOption,
    ToOption,
    complete_shell,
    format_of,
    listing_request,
    one_of,
    parse_fields,
    whole_number,
)
from .session import session_of


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
    quiet: QuietFlag = False,
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
    session.progress.wanted = not quiet
    documents = {
        name: path for name, path in (("--svg", svg), ("--html", html)) if path is not None
    }
    if documents:
        from ..output import files

        files.check_outputs(documents, session.inputs())
    bio = session.biography()
    where = lookup.EventFilter(None, from_year, to_year, category)
    chosen = lookup.events_matching(bio["events"], where)
    years = lookup.timeline_years(bio, chosen, from_year, to_year)
    # With files, said once they are written: a failure is then the only line.
    empty = "" if chosen else where.describe_empty()
    if empty and (years is None or not documents):
        terminal.message(empty)
    if years is None or (empty and not documents):
        return  # on the terminal the note is all: an axis with nothing on it says no more
    if not documents:
        from ..output.timeline import text as pictures

        ascii_only = terminal.stdout_is_ascii_only()
        glyphs = pictures.ASCII_GLYPHS if ascii_only else pictures.UNICODE_GLYPHS
        session.emit(Picture(pictures.Timeline(bio, chosen, *years, width=width, glyphs=glyphs)))
        return
    from ..output.timeline.page import html_document
    from ..output.timeline.svg import svg_document

    first, last = years
    draw = {"--svg": svg_document, "--html": html_document}
    made = {
        name: partial(draw[name], bio, chosen, first_year=first, last_year=last)
        for name in documents
    }
    terminal.write_files(
        {path: made[name] for name, path in documents.items()},
        session.progress.step(f"Drawing and writing {', '.join(documents.values())}"),
    )
    if empty:
        terminal.message(empty)


def map_(
    ctx: typer.Context,
    from_year: FromOption = None,
    to_year: ToOption = None,
    category: CategoryOption = None,
    svg: Annotated[
        str | None,
        typer.Option(
            "--svg",
            metavar="FILE",
            help="Write the map as a standalone SVG file (- for stdout).",
        ),
    ] = None,
    html: Annotated[
        str | None,
        typer.Option(
            "--html",
            metavar="FILE",
            help="Write a web page: the map, a legend and a table of the places (- for stdout).",
        ),
    ] = None,
    json_: JsonFlag = False,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
    sort: SortOption = None,
    reverse: ReverseFlag = False,
    limit: LimitOption = None,
) -> None:
    """The places of the life in the order he reached them, with dates and coordinates.

    Or drawn on a map of today's borders with --svg/--html: each place a mark and a
    label, the route of his flight in 1928-1929 as numbered arrows. --from, --to and
    --category choose the events as they do for events.

    \b
    Examples:
      bazhanov map
      bazhanov map --from 1928 --to 1929 --svg flight.svg
      bazhanov map --html places.html
    """
    from ..queries import travels

    session = session_of(ctx)
    documents = {
        name: path for name, path in (("--svg", svg), ("--html", html)) if path is not None
    }
    if documents:
        listing_options = [name for name, given in _LISTING_OPTIONS.items() if given(ctx.params)]
        if listing_options:
            raise UsageError(
                f"{listing_options[0]} shapes the listing; --svg and --html write files: "
                "give one or the other"
            )
        from ..output import files

        files.check_outputs(documents, session.inputs())
    asked = listing_request("map", ctx.params)
    bio = session.biography()
    where = lookup.EventFilter(None, from_year, to_year, category)
    chosen = lookup.events_matching(bio["events"], where)
    stops = travels.places_reached(bio, chosen)
    empty = "" if chosen else where.describe_empty()
    if not documents:
        found = asked.chosen(travels.stop_entries(stops))
        session.emit(asked.records(found, views.stops_table, empty or "No places."), asked.output)
        return
    from ..output.map.page import html_document
    from ..output.map.svg import svg_document

    years = lookup.timeline_years(bio, chosen, from_year, to_year)
    draw = {"--svg": svg_document, "--html": html_document}
    terminal.write_files(
        {path: partial(draw[name], bio, stops, years) for name, path in documents.items()}
    )
    if empty:
        terminal.message(empty)


_LISTING_OPTIONS: dict[str, Callable[[Mapping[str, Any]], bool]] = {
    "--json": lambda given: bool(given["json_"]),
    "--format": lambda given: given["fmt"] is not None,
    "--fields": lambda given: given["fields"] is not None,
    "--sort": lambda given: given["sort"] is not None,
    "--reverse": lambda given: bool(given["reverse"]),
    "--limit": lambda given: given["limit"] is not None,
}
"""The options that shape ``map``'s listing, which a picture has no use for."""


def cite(
    ctx: typer.Context,
    ids: IdsArgument = None,
    lang: LanguageOption = None,
    all_: Annotated[bool, typer.Option("--all", help="Every edition.")] = False,
    fmt: Annotated[
        CiteFormat | None,
        typer.Option(
            "--format",
            "-f",
            parser=one_of(CiteFormat),
            metavar="FORMAT",
            help="text (a formatted reference, the default), bibtex, ris or csl-json.",
            show_default=False,
        ),
    ] = None,
    json_: Annotated[
        bool,
        typer.Option(
            "--json", help="Print CSL-JSON to stdout (UTF-8); short for --format csl-json."
        ),
    ] = False,
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
    """Cite editions as BibTeX, RIS, CSL-JSON, or references in Chicago, APA, MLA or Harvard style.

    Give edition ids (bazhanov editions lists them), --lang or --all.

    \b
    Examples:
      bazhanov cite ich-war-stalins-sekretar --style apa
      bazhanov cite --lang de --format bibtex > bazhanov.bib
      bazhanov cite --all --json
    """
    from ..queries import cite as citations
    from ..queries.csl import formatted

    chosen_format: CiteFormat = format_of(json_, fmt, "csl-json", "text")
    session = session_of(ctx)
    bio = session.biography()
    code = language_of(bio, lang)
    chosen = citations.select_editions(bio["editions"], ids or [], code, all_)
    if chosen_format == "csl-json":
        session.emit(Value(citations.csl_json(chosen, bio["editions"])))
    elif not chosen:
        assert code is not None  # ids and --all always select something
        terminal.message(f"No editions in {language_name(code)}.")
    elif chosen_format == "bibtex":
        session.emit(Document(citations.bibtex(chosen, bio["editions"])))
    elif chosen_format == "ris":
        session.emit(Document(citations.ris(chosen, bio["editions"])))
    else:
        lines = formatted(chosen, style)
        session.emit(Document("".join(f"{line}\n" for line in lines)))


SchemaChoice = Literal[SchemaName, "sqlite"]
"""What ``schema`` prints: a JSON Schema, or the SQL of ``export sqlite``'s database."""


def schema(
    ctx: typer.Context,
    name: Annotated[
        SchemaChoice, typer.Argument(parser=one_of(SchemaChoice), metavar="NAME", hidden=True)
    ] = "biography",
    fields: Annotated[
        str | None,
        typer.Option(
            "--fields",
            metavar="FIELD,...",
            help="The schema of NAME's --json with --fields FIELD,...: its records hold "
            "exactly these fields.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Print the JSON Schema (draft 2020-12) of a command's --json output, or of the data file.

    NAME is a listing (events, editions, people, places, quotes, search, sources,
    claims, facts), show for show ID, fact for show FIELD without its passages,
    passages for sources ID, sql for sql's rows, validate for its report, cite for
    CSL-JSON, or biography, the data file (the default); sqlite prints the SQL
    schema of the database export sqlite writes and sql queries. Each schema's
    $id is its address on the documentation site.

    \b
    Examples:
      bazhanov schema events --fields id,date
      bazhanov schema biography > biography.schema.json
      bazhanov schema sqlite
    """
    if fields is not None and name != "sql" and name not in LISTINGS:
        raise UsageError(f"--fields makes a subset of a listing's or sql's records, not of {name}")
    if name == "sqlite":
        from ..output.sqlite import ddl

        session_of(ctx).emit(Document(ddl()))
        return
    from ..model.schemas import json_schema

    chosen = None
    if fields is not None:
        # sql's columns are the query's: any names; a listing's are its records' fields.
        valid = None if name == "sql" else fields_of(cast("Listing", name))
        chosen = parse_fields(fields, valid)
    session_of(ctx).emit(Value(json_schema(name, chosen)))


VALIDATE_SHOWN = 50
"""Problems ``validate`` lists per file before it only counts the rest (``--all``: every one)."""


def validate(
    ctx: typer.Context,
    files: Annotated[list[str], typer.Argument(metavar="FILE", hidden=True)],
    all_: Annotated[
        bool,
        typer.Option("--all", help=f"List every problem, not the first {VALIDATE_SHOWN} a file."),
    ] = False,
    fmt: Annotated[
        ValidateFormat | None,
        typer.Option(
            "--format",
            "-f",
            parser=one_of(ValidateFormat),
            metavar="FORMAT",
            help="text (FILE: path: message, a line each; the default) or json (a list of "
            "file, path, message).",
            show_default=False,
        ),
    ] = None,
    json_: JsonFlag = False,
    quiet: QuietFlag = False,
) -> None:
    """Check biography files: every problem with its JSON path; exit 1 if a file has any.

    Problems come in file order, field and rule problems (a bad date, a duplicate
    id, an unknown person) together, each once.

    \b
    Examples:
      bazhanov validate my-biography.json
      bazhanov validate drafts/*.json --json
      bazhanov --data my-biography.json events
    """
    from ..output.files import stdout_is_one_of

    report: ValidateFormat = format_of(json_, fmt, "json", "text")
    written = stdout_is_one_of(files)
    if written is not None:
        raise UsageError(f"stdout is {written!r}, a file to validate: send the report elsewhere")
    session = session_of(ctx)
    session.progress.wanted = not quiet
    broken: list[DataError] = []
    for file in files:
        try:
            bio = session.read(file)
        except DataError as error:
            broken.append(error)
            if report == "text":
                # A problem with the whole file (missing, not JSON) is its own verdict: on a
                # terminal, where stdout and stderr meet, it is said once, on stderr alone
                # for one file (the Error line), on stdout alone for several.
                said_once = terminal.stdout_is_a_terminal() and views.is_whole_file(error)
                shown = None if all_ else VALIDATE_SHOWN
                if not (said_once and len(files) == 1):
                    session.emit(Document(views.problems_text(error, shown)))
                if len(files) > 1 and not said_once:
                    terminal.message(f"{file}: {views.verdict(error)}")
            continue
        if report == "text":
            terminal.message(f"{file}: valid ({views.size_of(bio)})")
    if report == "json":
        from ..output.formats import problem_records

        session.emit(Value(problem_records(broken)))
    if len(files) == 1 and broken:
        raise DataError.of_file(broken[0].file, views.verdict(broken[0]))
    if broken:
        raise BazhanovError(f"{len(broken)} of {len(files)} files are not valid biographies")


def completion(
    ctx: typer.Context,
    shell: Annotated[
        Shell | None,
        typer.Argument(
            parser=one_of(Shell), metavar="SHELL", hidden=True, autocompletion=complete_shell
        ),
    ] = None,
    install: Annotated[
        bool,
        typer.Option(
            "--install",
            help="Install it: the script where the shell looks, loaded by your rc file.",
        ),
    ] = False,
) -> None:
    """Print the shell completion script for bash, zsh or fish, or install it with --install.

    SHELL defaults to the shell running. --install writes the script where the
    shell looks for it and, for bash and zsh, adds one line that loads it to your
    rc file (once; the rc file is replaced whole, never left half-written).

    \b
    Examples:
      bazhanov completion bash > ~/.bash_completions/bazhanov.sh
      bazhanov completion fish > ~/.config/fish/completions/bazhanov.fish
      bazhanov completion zsh --install
    """
    from . import completion as scripts

    chosen = scripts.shell_named(shell, "bazhanov completion")
    program = ctx.find_root().command
    if not install:
        session_of(ctx).emit(Document(scripts.script(chosen, program)))
        return
    done = scripts.install(chosen, program)
    if done.rc_file is None:
        where = ""
    elif done.rc_changed:
        where = f", loaded by {done.rc_file}"
    else:
        where = f", which {done.rc_file} already loads"
    terminal.message(
        f"Installed {chosen} completion in {done.script}{where}; it works in new shells."
    )
