"""The ``bazhanov`` Typer app: the program's own options, and its commands in the order
``--help`` lists them (the listings, then the documents, then the database).

The commands themselves are plain functions in ``listings``, ``documents`` and ``database``;
``app.command()`` registers each here. How a run ends (exit codes, errors) is
``bazhanov_cli.__main__``'s.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import typer
import typer.completion

from ..output.emit import Document
from . import database, documents, listings
from .options import ColorOption, DataOption, NoPagerFlag, VersionFlag
from .session import session_of

app = typer.Typer(
    name="bazhanov",
    help=(
        "An exact, sourced reference to the life and works of Boris Bazhanov (1900-1982), "
        "Stalin's personal secretary who defected in 1928."
    ),
    epilog=(
        "--data, --color and --no-pager come before the command (bazhanov --data FILE "
        "events). Every listing takes --json for scripts. Exit codes: 0 ok, 1 data error, "
        "2 usage error, 130/143/129 stopped by Ctrl-C, SIGTERM or SIGHUP."
    ),
    context_settings={
        "help_option_names": ["-h", "--help"],
        # A choice may come padded from a script (" json"); it still names the choice.
        "token_normalize_func": str.strip,
        "max_content_width": 100,
    },
    add_completion=False,  # `bazhanov completion` prints or installs it, whole or not at all
    pretty_exceptions_enable=False,  # __main__.run turns every failure into one line
    rich_markup_mode=None,  # plain help: it wraps at any width and keeps [brackets]
    invoke_without_command=True,
)


@app.callback()
def program_options(
    ctx: typer.Context,
    data: DataOption = None,
    color: ColorOption = "auto",
    no_pager: NoPagerFlag = False,
    version: VersionFlag = False,
) -> None:
    # The run's Session, made from these options, is every command's ctx.obj.
    ctx.obj = session = session_of(ctx)
    if ctx.invoked_subcommand is None:
        session.emit(Document(ctx.get_help() + "\n"))


def summary(command: Callable[..., Any]) -> str:
    """A command's line in the list of commands: its docstring's first paragraph, whole.

    Given as Typer's ``short_help``, which the list wraps; without it Click cuts the
    docstring to the room left at the width and ends it in ``...``.
    """
    first = inspect.cleandoc(command.__doc__ or "").split("\n\n", 1)[0]
    return " ".join(first.split())


COMMANDS: list[Callable[..., None]] = [
    listings.facts,
    listings.events,
    listings.at,
    listings.editions,
    listings.people,
    listings.places,
    listings.quotes,
    listings.search,
    listings.claims,
    listings.show,
    listings.sources,
    documents.timeline,
    documents.map_,
    documents.cite,
    documents.schema,
    documents.validate,
    documents.completion,
    database.sql,
    database.export,
]

for command in COMMANDS:
    app.command(name=command.__name__.rstrip("_"), short_help=summary(command))(command)

# The shells' side of completion (what `_BAZHANOV_COMPLETE=complete_bash bazhanov` answers).
# Typer registers it only along with its own --install-completion, which rewrites the rc file
# in place (a full disk leaves it cut short); `completion --install` replaces it whole.
# tests/test_completion.py completes in a real bash, so a Typer without this call fails there.
typer.completion.completion_init()  # type: ignore[attr-defined]
