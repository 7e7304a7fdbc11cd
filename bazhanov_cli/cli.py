"""The ``bazhanov`` command: thin Typer commands over queries and renderers.

Each command parses its options, loads the biography, calls a query and hands
plain records to a renderer. Every expected failure is a ``BazhanovError`` or a
click usage error, turned into one line on stderr and an exit code in one
place: ``BazhanovGroup.main``.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator, MutableMapping
from pathlib import Path
from typing import Annotated, Any, NamedTuple

import typer
from typer._click import Command
from typer.core import TyperGroup
from typer.models import CommandInfo

from . import queries
from .errors import BazhanovError, DataError, UsageError
from .loading import DATA_ENV, load_data
from .queries import Record
from .schemas import SCHEMA_NAMES

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


class LazyCommands(MutableMapping[str, Command]):
    """Command name -> click command, each built from its function on first use.

    Typer turns every registered function into a click command on every run,
    inspecting twelve signatures (~8 ms, 6% of our start-up) to run one of
    them. Here only the command that runs is built; ``--help`` and completion
    build the rest when they ask for them. The names are known up front, so
    click's "did you mean" still sees them all.
    """

    def __init__(self, infos: list[CommandInfo]) -> None:
        self._infos = {
            info.name or typer.main.get_command_name(_callback_name(info)): info for info in infos
        }
        self._built: dict[str, Command] = {}

    def __getitem__(self, name: str) -> Command:
        if name not in self._built:
            self._built[name] = typer.main.get_command_from_info(
                self._infos[name],
                pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode,
            )
        return self._built[name]

    def __setitem__(self, name: str, command: Command) -> None:
        self._infos.pop(name, None)
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        if name not in self._infos and name not in self._built:
            raise KeyError(name)
        self._infos.pop(name, None)
        self._built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*self._infos, *self._built]))

    def __len__(self) -> int:
        return len(set(self._infos) | set(self._built))


def _callback_name(info: CommandInfo) -> str:
    assert info.callback is not None  # every command below is a decorated function
    return info.callback.__name__


class BazhanovGroup(TyperGroup):
    """Runs the app with click's standalone handling off, to report errors our way.

    Typer would print a boxed, multi-line error; a script wants one line on
    stderr and a documented exit code, whether run as ``bazhanov`` or through
    CliRunner (which calls this same ``main``). Its commands come from
    ``commands`` (below), built lazily.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = LazyCommands(commands.registered_commands)

    def main(  # type: ignore[override]
        self,
        args: list[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        _prepare_streams()
        try:
            result = super().main(
                args=args,
                prog_name=prog_name or "bazhanov",
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
            code = result if isinstance(result, int) else EXIT_OK
        except BazhanovError as error:
            code = _report(str(error), error.exit_code)
        except typer.TyperException as error:  # click's UsageError, BadParameter, ...
            hint = ""
            context = getattr(error, "ctx", None)
            if context is not None and error.exit_code == EXIT_USAGE:
                hint = f" (see '{context.command_path} --help')"
            code = _report(error.format_message() + _rejected_value(error) + hint, error.exit_code)
        except typer.Abort:
            code = _report("aborted", EXIT_DATA)
        if standalone_mode:
            sys.exit(code)
        return code


def _report(message: str, code: int) -> int:
    from .render import one_short_line, print_message

    print_message(one_short_line("Error: " + message))
    return code


def _rejected_value(error: Exception) -> str:
    """`` (got 'abc')`` when typer's conversion failed, as its pydantic message omits the value."""
    cause = error.__cause__
    errors = getattr(cause, "errors", None)
    if not callable(errors):
        return ""
    details = errors()
    return f" (got {details[0]['input']!r})" if details and "input" in details[0] else ""


def _prepare_streams() -> None:
    """Never crash on a stream that cannot encode Cyrillic (PYTHONIOENCODING=ascii).

    Text degrades to '?'; JSON escapes instead (render.emit_json), so it stays exact.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            # A closed or detached stream: nothing to mend.
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")


app = typer.Typer(
    name="bazhanov",
    cls=BazhanovGroup,
    help=(
        "An exact, sourced reference to the life and works of Boris Bazhanov (1900-1982), "
        "Stalin's personal secretary who defected in 1928."
    ),
    epilog="Every listing takes --json for scripts. Exit codes: 0 ok, 1 data error, 2 usage.",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    invoke_without_command=True,
)
# The commands register here, not on `app`, so that typer does not build them
# all up front: BazhanovGroup builds the one that runs (LazyCommands).
commands = typer.Typer()


# NamedTuples, not dataclasses: each dataclass costs ~0.5 ms of start-up.
class Settings(NamedTuple):
    """What the top-level options tell every command."""

    data: Path | None


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version  # only --version pays for it

        typer.echo(f"bazhanov {version('bazhanov-cli')}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            envvar=DATA_ENV,
            metavar="FILE",
            help="Read this biography file instead of the bundled one (same schema).",
            show_default=False,
            dir_okay=True,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
) -> None:
    ctx.obj = Settings(data=data)
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit()


def _data(ctx: typer.Context) -> Record:
    """The biography as JSON data: the --data file, validated, or the bundled one."""
    settings = ctx.find_object(Settings)
    return load_data(settings.data if settings is not None else None)


# --- options shared by every listing command ------------------------------------
# One definition each (sqlite-utils' output_options, in Typer's Annotated form).


def fields_of(command: str) -> list[str]:
    """The keys of a command's records, in output order, from the model it dumps."""
    from pydantic import BaseModel

    from . import model

    record_model: dict[str, type[BaseModel]] = {
        "facts": model.Facts,
        "events": model.Event,
        "editions": model.Edition,
        "people": model.PersonEntry,
        "places": model.PlaceEntry,
        "quotes": model.Quote,
    }
    if command == "search":
        from .search import SearchHit

        record_model["search"] = SearchHit
    chosen = record_model[command]
    return [*chosen.model_fields, *chosen.model_computed_fields]


def _complete_format(incomplete: str) -> list[str]:
    from .render import FORMATS

    return [name for name in FORMATS if name.startswith(incomplete)]


def _complete_fields(ctx: typer.Context, incomplete: str) -> list[str]:
    # Complete the last name of a comma list: "date,ti" -> "date,title".
    done, _, last = incomplete.rpartition(",")
    prefix = f"{done}," if done else ""
    command = ctx.command.name or ""
    try:
        names = fields_of(command)
    except KeyError:
        return []
    return [prefix + name for name in names if name.startswith(last)]


JsonFlag = Annotated[
    bool,
    typer.Option("--json", help="Print JSON to stdout (UTF-8); short for --format json."),
]
FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="table (default), json, jsonl, csv or markdown.",
        autocompletion=_complete_format,
        show_default=False,
    ),
]
FieldsOption = Annotated[
    str | None,
    typer.Option(
        "--fields",
        metavar="A,B,C",
        help="Only these fields, in this order, in every format.",
        autocompletion=_complete_fields,
        show_default=False,
    ),
]


class Output(NamedTuple):
    """What the user asked the output to be: a format and the fields, checked."""

    format: str
    fields: list[str]  # the columns; empty when the format prints whole records
    selected: bool  # the user chose the fields (else: all, and the curated table)


# Formats that print a header of field names even for no records.
_HEADED_FORMATS = frozenset({"csv", "markdown"})


def _output(ctx: typer.Context, json_: bool, fmt: str | None, fields: str | None) -> Output:
    """Check --json/--format/--fields against the command; usage errors name what is valid."""
    from .render import FORMATS, parse_fields

    chosen_format = _output_format(json_, fmt, FORMATS)
    command = ctx.command.name or ""
    if fields is not None:
        return Output(chosen_format, parse_fields(fields, fields_of(command)), True)
    # fields_of builds the models: only the formats with a header row need the names.
    names = fields_of(command) if chosen_format in _HEADED_FORMATS else []
    return Output(chosen_format, names, False)


def _output_format(json_: bool, fmt: str | None, allowed: tuple[str, ...]) -> str:
    if fmt is None:
        return "json" if json_ else "table"
    chosen = fmt.strip().lower()
    if chosen not in allowed:
        raise UsageError(f"unknown format {fmt!r}; choose one of: {', '.join(allowed)}")
    if json_ and chosen != "json":
        raise UsageError(f"--json and --format {chosen} disagree; give one of them")
    return chosen


def _emit(
    output: Output,
    records: list[dict[str, Any]],
    table: Callable[[], Any],
    empty_message: str,
) -> None:
    from .render import emit

    emit(
        records,
        output.format,
        fields=output.fields,
        selected=output.selected,
        table=table,
        empty_message=empty_message,
    )


# --- commands ----------------------------------------------------------------------


@commands.command()
def facts(
    ctx: typer.Context,
    json_: JsonFlag = False,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
) -> None:
    """The infobox: name, birth, death, age, resting place, citizenship, positions."""
    from .render import select_fields

    output = _output(ctx, json_, fmt, fields)
    chosen = output.fields if output.selected else None
    record = select_fields([_data(ctx)["facts"]], chosen)[0]
    if output.format == "json":
        from .render import emit_json

        emit_json(record)  # the infobox is one object, not a list of one
    elif output.format == "markdown":
        from .render import markdown_text

        # One record reads better as field | value rows than as one wide row.
        rows = [{"field": key, "value": value} for key, value in record.items()]
        sys.stdout.write(markdown_text(rows, ["field", "value"]))
    else:

        def table() -> Any:
            from .render import facts_panel

            return facts_panel(record)

        _emit(output, [record], table, "")


@commands.command()
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
        str | None,
        typer.Option(
            "--category",
            "-c",
            metavar="CATEGORY",
            help="Only this category (any case): " + ", ".join(queries.CATEGORIES) + ".",
            autocompletion=lambda incomplete: [
                name for name in queries.CATEGORIES if name.startswith(incomplete.lower())
            ],
        ),
    ] = None,
    json_: JsonFlag = False,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
) -> None:
    """Events of the life in date order; spans match every year they cover."""
    data = _data(ctx)
    where = queries.EventFilter(year, from_year, to_year, category)
    records = queries.select_events(data["events"], where)

    def table() -> Any:
        from .render import events_table

        return events_table(records, {place["id"]: place["name"] for place in data["places"]})

    _emit(_output(ctx, json_, fmt, fields), records, table, where.describe_empty())


def _complete_language(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    from .languages import LANGUAGES

    wanted = incomplete.casefold()
    try:
        present = {edition["language"] for edition in _data(ctx)["editions"]}
    except BazhanovError:
        present = set()
    rows = [row for row in LANGUAGES if row[0] in present] + [
        row for row in LANGUAGES if row[0] not in present
    ]
    matches = []
    for code, _terminology, _bibliographic, name, *_ in rows:
        assert code is not None
        assert name is not None
        if code.startswith(wanted):
            matches.append((code, name))
        elif name.casefold().startswith(wanted):
            matches.append((name, code))
    return matches


def _language(data: Record, lang: str | None) -> str | None:
    """The ISO 639-1 code --lang names, or None; usage errors list the languages present."""
    if lang is None:
        return None
    present = [edition["language"] for edition in data["editions"] if edition["language"]]
    return queries.language_code(lang, present)


@commands.command()
def editions(
    ctx: typer.Context,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            "-l",
            metavar="LANGUAGE",
            help="A language as ISO 639-1 (de), ISO 639-2 (deu, ger) or English name (German).",
            autocompletion=_complete_language,
        ),
    ] = None,
    json_: JsonFlag = False,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
) -> None:
    """The editions of Bazhanov's works, in the order the source lists them."""
    data = _data(ctx)
    code = _language(data, lang)
    records = queries.editions_in_language(data["editions"], code)

    def table() -> Any:
        from .render import editions_table

        return editions_table(records)

    empty = f"No editions in {queries.language_name(code)}." if code else "No editions."
    _emit(_output(ctx, json_, fmt, fields), records, table, empty)


@commands.command()
def people(
    ctx: typer.Context,
    role: Annotated[
        str | None,
        typer.Option("--role", "-r", metavar="TEXT", help="Only people whose role mentions TEXT."),
    ] = None,
    json_: JsonFlag = False,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
) -> None:
    """Everyone the source names, with a one-line role and the events they appear in."""
    records = queries.people_entries(_data(ctx), role)

    def table() -> Any:
        from .render import people_table

        return people_table(records)

    empty = f"Nobody's role mentions {role!r}." if role else "No people."
    _emit(_output(ctx, json_, fmt, fields), records, table, empty)


@commands.command()
def places(
    ctx: typer.Context,
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="NAME", help="Only places whose name, alias or modern name has NAME."
        ),
    ] = None,
    json_: JsonFlag = False,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
) -> None:
    """Every place, with its other names, present-day location and events."""
    records = queries.places_entries(_data(ctx), name)

    def table() -> Any:
        from .render import places_table

        return places_table(records)

    empty = f"No place is called {name!r}." if name else "No places."
    _emit(_output(ctx, json_, fmt, fields), records, table, empty)


@commands.command()
def quotes(
    ctx: typer.Context,
    speaker: Annotated[
        str | None,
        typer.Option(
            "--speaker", "-s", metavar="WHO", help="A person id (doyle) or part of the source."
        ),
    ] = None,
    json_: JsonFlag = False,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
) -> None:
    """The source's quotations: short, exact, attributed, each tied to its event."""
    records = queries.quotes_about(_data(ctx), speaker)

    def table() -> Any:
        from .render import quotes_table

        return quotes_table(records)

    empty = f"No quotations from {speaker!r}." if speaker else "No quotations."
    _emit(_output(ctx, json_, fmt, fields), records, table, empty)


def _complete_kind(incomplete: str) -> list[str]:
    from .search import SEARCH_KINDS

    return [kind for kind in SEARCH_KINDS if kind.startswith(incomplete.lower())]


@commands.command()
def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(metavar="QUERY", help="Words to look for, any spelling.")],
    kinds: Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            "-k",
            metavar="KIND",
            help="Only this kind (repeatable): fact, person, place, event, edition, quote.",
            autocompletion=_complete_kind,
        ),
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, max=10000, help="At most this many results.")
    ] = 20,
    json_: JsonFlag = False,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
) -> None:
    """Find anything: any case, accents, Latin or Cyrillic, aliases, small typos, prefixes."""
    from .search import search as find

    output = _output(ctx, json_, fmt, fields)
    # Under an ASCII locale Python hands non-ASCII argument bytes over as
    # surrogate escapes; a UTF-8 query (Бажанов) is recovered from them.
    query = query.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    wanted = [kind.strip().lower() for kind in kinds] if kinds else None
    hits = find(_data(ctx), query, kinds=wanted, limit=limit)
    records = [hit.model_dump(mode="json") for hit in hits]

    def table() -> Any:
        from .render import search_table

        return search_table(records)

    shown = " ".join(query.split())
    shown = shown if len(shown) <= 40 else shown[:39] + "\u2026"
    _emit(output, records, table, f"Nothing matches {shown!r}.")


def _complete_id(ctx: typer.Context, incomplete: str) -> list[str]:
    try:
        ids = queries.all_ids(_data(ctx))
    except BazhanovError:
        return []
    return [item_id for item_id in ids if item_id.startswith(incomplete.lower())]


@commands.command()
def show(
    ctx: typer.Context,
    item_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="The id of an event, edition, person, place or quote.",
            autocompletion=_complete_id,
        ),
    ],
    json_: JsonFlag = False,
) -> None:
    """One item of any kind in full, with the people, places and events it refers to."""
    data = _data(ctx)
    kind, record = queries.find_item(data, item_id)
    if json_:
        from .render import emit_json

        emit_json(record)
        return
    from .render import item_panel, print_renderable

    names = {event["id"]: event["title"] for event in data["events"]}
    names |= {person["id"]: person["name"] for person in data["people"]}
    names |= {place["id"]: place["name"] for place in data["places"]}
    related = queries.related_events(data, kind, record)
    print_renderable(item_panel(kind, record, names, related))


@commands.command()
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
    from .render import print_message, print_renderable

    data = _data(ctx)
    writers = [
        (path, write)
        for path, write in ((svg, pictures.write_svg), (html, pictures.write_html))
        if path is not None
    ]
    # Check every target first: --svg must not be written when --html cannot be.
    for path, _ in writers:
        problem = _unwritable(path)
        if problem:
            raise BazhanovError(f"cannot write {path}: {problem}")
    for path, write in writers:
        try:
            write(data, path, width or 100)
        except OSError as error:
            raise BazhanovError(f"cannot write {path}: {error.strerror or error}") from None
    for path, _ in writers:
        print_message(f"Wrote {path}")
    if svg is None and html is None:
        print_renderable(pictures.timeline_renderable(data, width=width))


def _unwritable(path: Path) -> str | None:
    """Why ``path`` cannot be written as a file, or None if it looks writable."""
    # Worded as the OS would say it, like the error a failed write gives.
    if path.is_dir():
        return "Is a directory"
    folder = path.parent
    if not folder.is_dir():
        return "No such file or directory"
    if not os.access(path if path.exists() else folder, os.W_OK):
        return "Permission denied"
    return None


def _complete_cite_format(incomplete: str) -> list[str]:
    from .cite import FORMATS

    return [name for name in FORMATS if name.startswith(incomplete)]


def _complete_cite_style(incomplete: str) -> list[str]:
    from .cite import STYLES

    return [name for name in STYLES if name.startswith(incomplete)]


@commands.command()
def cite(
    ctx: typer.Context,
    ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="ID...",
            help="Edition ids (see `bazhanov editions`).",
            autocompletion=_complete_id,
            show_default=False,
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            "-l",
            metavar="LANGUAGE",
            help="Every edition in this language (as for `editions --lang`).",
            autocompletion=_complete_language,
        ),
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Every edition.")] = False,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="text (a formatted reference), bibtex, ris or csl-json.",
            autocompletion=_complete_cite_format,
        ),
    ] = "text",
    style: Annotated[
        str,
        typer.Option(
            "--style",
            metavar="STYLE",
            help="CSL style for --format text: chicago, apa, mla or harvard.",
            autocompletion=_complete_cite_style,
        ),
    ] = "chicago",
) -> None:
    """Cite editions as BibTeX, RIS, CSL-JSON or a formatted reference (Chicago, APA, ...)."""
    from . import cite as citations
    from .render import emit_json, print_message

    chosen_format = fmt.strip().lower()
    if chosen_format not in citations.FORMATS:
        choices = ", ".join(citations.FORMATS)
        raise UsageError(f"unknown format {fmt!r}; choose one of: {choices}")
    chosen_style = style.strip().lower()
    citations.check_style(chosen_style)  # before any work, whatever the format
    data = _data(ctx)
    code = _language(data, lang)
    chosen = citations.select_editions(data["editions"], ids or [], code, all_)
    if chosen_format == "csl-json":
        emit_json(citations.csl_json(chosen, data["editions"]))
    elif not chosen:
        assert code is not None  # ids and --all always select something
        print_message(f"No editions in {queries.language_name(code)}.")
    elif chosen_format == "bibtex":
        sys.stdout.write(citations.bibtex(chosen, data["editions"]))
    elif chosen_format == "ris":
        sys.stdout.write(citations.ris(chosen))
    else:
        sys.stdout.write("".join(f"{line}\n" for line in citations.formatted(chosen, chosen_style)))


@commands.command()
def schema(
    name: Annotated[
        str,
        typer.Argument(
            metavar="NAME",
            help="facts, events, editions, people, places, quotes, search or biography.",
            autocompletion=lambda incomplete: [
                name for name in SCHEMA_NAMES if name.startswith(incomplete)
            ],
        ),
    ] = "biography",
) -> None:
    """Print the JSON Schema (draft 2020-12) of a command's --json output, or of the data file."""
    from .render import emit_json
    from .schemas import json_schema

    emit_json(json_schema(name.strip().lower()))


@commands.command()
def validate(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A biography JSON file to check.")],
) -> None:
    """Check a data file and list every problem with its JSON path; exit 1 if there are any."""
    from .loading import load_biography as load
    from .render import print_message

    try:
        bio = load(file)
    except DataError as error:
        for problem in error.problems:
            sys.stdout.write(f"{file}: {problem}\n")
        count = len(error.problems)
        summary = f"not a valid biography: {count} problem{'s' * (count != 1)}"
        raise DataError(str(file), [summary]) from None
    print_message(
        f"{file}: valid ({len(bio.events)} events, {len(bio.editions)} editions, "
        f"{len(bio.people)} people, {len(bio.places)} places, {len(bio.quotes)} quotes)"
    )


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
        sys.exit(EXIT_DATA)
