"""The ``bazhanov`` program: its Typer app and the options that belong to the whole program.

The commands are registered on ``app`` by the modules of this folder that define them
(``listings``, ``documents``), as Typer documents it, with ``@app.command()``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from ..output.emit import Document
from .application import CONTEXT_SETTINGS, BazhanovTyper
from .options import (
    ColorOption,
    DataOption,
    InstallCompletionOption,
    NoPagerFlag,
    ShowCompletionOption,
    VersionFlag,
)
from .session import session_of

if TYPE_CHECKING:
    pass

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
