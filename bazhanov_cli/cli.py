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
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from . import queries
from .errors import BazhanovError
from .loading import DATA_ENV, load_biography
from .model import Biography

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


class BazhanovGroup(TyperGroup):
    """Runs the app with click's standalone handling off, to report errors our way.

    Typer would print a boxed, multi-line error; a script wants one line on
    stderr and a documented exit code, whether run as ``bazhanov`` or through
    CliRunner (which calls this same ``main``).
    """

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
            code = _report(error.format_message() + hint, error.exit_code)
        except typer.Abort:
            code = _report("aborted", EXIT_DATA)
        if standalone_mode:
            sys.exit(code)
        return code


def _report(message: str, code: int) -> int:
    # One line: whatever the message carries, a script reads one line of stderr.
    sys.stderr.write("Error: " + " ".join(message.split()) + "\n")
    return code


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


@dataclass(frozen=True)
class Settings:
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


def _biography(ctx: typer.Context) -> Biography:
    settings: Settings = ctx.ensure_object(Settings) if ctx.obj is None else ctx.obj
    return load_biography(settings.data)


# Options shared by every listing command: one definition, the same help everywhere.
JsonFlag = Annotated[
    bool,
    typer.Option("--json", help="Print JSON to stdout (UTF-8) instead of a table."),
]


@app.command()
def facts(ctx: typer.Context, json_: JsonFlag = False) -> None:
    """The infobox: name, birth, death, age, resting place, citizenship, positions."""
    record = _biography(ctx).facts.model_dump(mode="json")
    if json_:
        from .render import emit_json

        emit_json(record)
        return
    from .render import facts_panel, print_renderable

    print_renderable(facts_panel(record))


@app.command()
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
        ),
    ] = None,
    json_: JsonFlag = False,
) -> None:
    """Events of the life in date order; spans match every year they cover."""
    bio = _biography(ctx)
    where = queries.EventFilter(year, from_year, to_year, category)
    selected = queries.select_events(bio.events, where)
    records = [event.model_dump(mode="json") for event in selected]
    if json_:
        from .render import emit_json

        emit_json(records)
        return
    from .render import events_table, print_message, print_renderable

    if not records:
        print_message(where.describe_empty())
        return
    place_names = {place.id: place.name for place in bio.places}
    print_renderable(events_table(records, place_names))


@app.command()
def editions(
    ctx: typer.Context,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            "-l",
            metavar="LANGUAGE",
            help="A language as ISO 639-1 (de), ISO 639-2 (deu, ger) or English name (German).",
        ),
    ] = None,
    json_: JsonFlag = False,
) -> None:
    """The editions of Bazhanov's works, in the order the source lists them."""
    bio = _biography(ctx)
    code = None
    if lang is not None:
        present = [edition.language for edition in bio.editions if edition.language]
        code = queries.language_code(lang, present)
    records = [
        edition.model_dump(mode="json")
        for edition in queries.editions_in_language(bio.editions, code)
    ]
    if json_:
        from .render import emit_json

        emit_json(records)
        return
    from .render import editions_table, print_message, print_renderable

    if not records:
        assert code is not None  # every edition matches when no language is asked for
        print_message(f"No editions in {queries.language_name(code)}.")
        return
    print_renderable(editions_table(records))


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
