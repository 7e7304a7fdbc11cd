"""The top-level command: its subcommands built on demand, and the one way out.

``listings`` and ``documents`` declare the commands, with ``@app.command()`` as Typer documents;
this module runs them. When the console script runs, only the command that runs
is built (``built_lazily``, Click's documented pattern for lazily loaded
subcommands, over Typer's public ``typer.main.get_command``): Typer would
otherwise build every command, each option with its own validator, on every
run. The options that belong to the whole program (``--data``, ``--color``,
``--no-pager``) may come before or after the command. And every expected failure
(a ``BazhanovError``, a Typer usage error) becomes one line on stderr and an
``ExitCode`` here, in ``BazhanovGroup.main``, whether the program runs as
``bazhanov`` or under a test's CliRunner, which calls this same ``main``.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup
from typer.models import CommandInfo

from ..errors import BazhanovError, ExitCode, UsageError
from ..output import terminal
from .options import ValueRefused

CONTEXT_SETTINGS: dict[str, Any] = {
    "help_option_names": ["-h", "--help"],
    # A choice may come padded from a script (" json"); it still names the choice.
    "token_normalize_func": str.strip,
    "max_content_width": 100,
}

GLOBAL_WITH_VALUE = ("--data", "--color")
GLOBAL_FLAGS = ("--no-pager",)
COMPLETION_OPTIONS = ("--install-completion", "--show-completion")


def hoist_global_options(args: Sequence[str]) -> list[str]:
    """``events --data F`` as ``--data F events``: the program's own options, wherever typed.

    Nothing after ``--`` moves: there a ``--data`` is a word to search for.
    """
    args = list(args)
    position = 0
    while position < len(args) and args[position].startswith("-") and args[position] != "--":
        position += 2 if args[position] in GLOBAL_WITH_VALUE else 1
    if position >= len(args) or args[position] == "--":
        return args
    head, tail = args[: position + 1], args[position + 1 :]
    hoisted: list[str] = []
    kept: list[str] = []
    index = 0
    while index < len(tail):
        token = tail[index]
        if token == "--":
            kept += tail[index:]
            break
        if token in GLOBAL_WITH_VALUE and index + 1 < len(tail):
            hoisted += tail[index : index + 2]
            index += 2
            continue
        if token in GLOBAL_FLAGS or token.split("=", 1)[0] in GLOBAL_WITH_VALUE:
            hoisted.append(token)
        else:
            kept.append(token)
        index += 1
    return [*hoisted, *head, *kept]


def completion_shell_given(args: Sequence[str]) -> list[str]:
    """``--install-completion`` alone as ``--install-completion ''``: SHELL is optional.

    Among the program's own options (before the command), a completion option
    takes the next word as its SHELL unless that is another option; without one,
    the empty SHELL means the shell running.
    """
    args = list(args)
    position = 0
    while position < len(args) and args[position].startswith("-") and args[position] != "--":
        token = args[position]
        if token in COMPLETION_OPTIONS:
            following = args[position + 1] if position + 1 < len(args) else "-"
            if following.startswith("-"):
                args.insert(position + 1, "")
            position += 2
            continue
        position += 2 if token in GLOBAL_WITH_VALUE else 1
    return args


def _show_help(ctx: Any, param: Any, value: bool) -> None:
    """``--help``: the page through the one way out (``Session.emit``), as every output goes.

    Click's own callback prints with its ``echo``, whose failed write would reach
    ``BazhanovGroup.main`` as a bare OSError; ours fails as an OutputError.
    """
    if value and not ctx.resilient_parsing:
        from ..output.emit import Document
        from .session import session_of

        session_of(ctx).emit(Document(ctx.get_help() + "\n"))
        ctx.exit()


class HelpThroughTerminal:
    """A command whose ``--help`` writes through the one way out (``_show_help``)."""

    def get_help_option(self, ctx: Any) -> Any:
        # Click's documented hook; the option is this command's own, made and kept by Click.
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.callback = _show_help
        return option


class BazhanovCommand(HelpThroughTerminal, TyperCommand):
    """A command whose usage line names its arguments as people write them.

    ``search [OPTIONS] QUERY...``, ``show [OPTIONS] ID``, ``cite [OPTIONS] [ID...]``:
    Typer would write ``{QUERY}...`` for a required argument.
    """

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument):
                name = param.metavar or (param.name or "").upper()
                name += "..." if param.nargs != 1 else ""
                pieces.append(name if param.required else f"[{name}]")
            else:
                pieces.extend(param.get_usage_pieces(ctx))
        return pieces


class BazhanovTyper(typer.Typer):
    """Typer, whose group is a ``BazhanovGroup`` and whose commands are ``BazhanovCommand``s
    unless told otherwise."""

    def __init__(self, *, cls: type[TyperGroup] | None = None, **settings: Any) -> None:
        super().__init__(cls=cls or BazhanovGroup, **settings)

    def command(  # type: ignore[override]
        self, name: str | None = None, *, cls: type[TyperCommand] | None = None, **settings: Any
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        def register(function: Callable[..., Any]) -> Callable[..., Any]:
            settings.setdefault("short_help", summary(function))
            return typer.Typer.command(self, name, cls=cls or BazhanovCommand, **settings)(function)

        return register


def summary(function: Callable[..., Any]) -> str:
    """A command's summary in the list of commands: its docstring's first paragraph, whole.

    Given as Typer's ``short_help``, which the list wraps; without it Click cuts the
    docstring to the room left at the width and ends it in ``...``.
    """
    import inspect

    first = inspect.cleandoc(function.__doc__ or "").split("\n\n", 1)[0]
    return " ".join(first.split())


def built_lazily(app: typer.Typer) -> BazhanovGroup:
    """``app``'s group, with each command left to be built when it runs.

    The group is built from a copy of ``app`` that has no commands; it is handed
    ``app``'s, to build one by one (``BazhanovGroup.get_command``). A CliRunner in
    the tests builds the whole group instead, through Typer; the group answers the
    same either way.
    """
    import copy

    head = copy.copy(app)
    head.registered_commands = []
    group = typer.main.get_command(head)
    assert isinstance(group, BazhanovGroup)
    for info in app.registered_commands:
        assert info.callback is not None
        group.unbuilt[info.name or typer.main.get_command_name(info.callback.__name__)] = info
    return group


class BazhanovGroup(HelpThroughTerminal, TyperGroup):
    """Builds only the subcommand that runs, and turns every failure into an exit code."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unbuilt: dict[str, CommandInfo] = {}  # see built_lazily

    def list_commands(self, ctx: Any) -> list[str]:
        built = super().list_commands(ctx)
        return [*built, *(name for name in self.unbuilt if name not in built)]

    def get_params(self, ctx: Any) -> list[Any]:
        # Typer appends its own --install-completion and --show-completion, which
        # rewrite the rc file in place, after ours (options.py, completion.py): the
        # first of two parameters that share an option is the one kept. Typer still
        # sets up the completion runtime that our scripts call.
        kept: list[Any] = []
        seen: set[str] = set()
        for param in super().get_params(ctx):
            if seen.intersection(param.opts):
                continue
            seen.update(param.opts)
            kept.append(param)
        return kept

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        info = self.unbuilt.get(cmd_name)
        if info is None or cmd_name in self.commands:
            return super().get_command(ctx, cmd_name)
        single = typer.Typer(add_completion=False, rich_markup_mode=self.rich_markup_mode)
        single.registered_commands.append(info)
        self.commands[cmd_name] = command = typer.main.get_command(single)
        return command

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        # Typer's "did you mean" reads `self.commands`, where an unbuilt command is not.
        names = self.list_commands(ctx)
        if args and args[0] not in names and not args[0].startswith("-"):
            import difflib

            close = difflib.get_close_matches(args[0], names)
            hint = f" Did you mean {', '.join(map(repr, close))}?" if close else ""
            raise UsageError(f"No such command {args[0]!r}.{hint} (see 'bazhanov --help')")
        return super().resolve_command(ctx, args)

    def main(  # type: ignore[override]
        self, args: Sequence[str] | None = None, *, standalone_mode: bool = True, **extra: Any
    ) -> Any:
        terminal.repair_streams()
        arguments = hoist_global_options(sys.argv[1:] if args is None else args)
        arguments = completion_shell_given(arguments)
        extra["prog_name"] = extra.get("prog_name") or "bazhanov"  # `python -m` too
        try:
            # Every write to stdout, --help's too, fails as an OutputError (output.emit):
            # an OSError that gets this far is a bug, and stays an internal error.
            result = super().main(arguments, standalone_mode=False, **extra)
            code = result if isinstance(result, int) else ExitCode.OK
            terminal.flush_output()
        except typer.Exit as done:  # stdout's reader left early (terminal.output_failed)
            code = done.exit_code
        except BazhanovError as error:
            terminal.message(f"Error: {error}")
            code = error.exit_code
        except typer.TyperException as error:  # click's UsageError, BadParameter, ...
            text = error.format_message()
            context = getattr(error, "ctx", None)
            # Our parsers' refusals say what would do; Click's own errors point to the help.
            refused = isinstance(error, ValueRefused)
            if context is not None and error.exit_code == ExitCode.USAGE and not refused:
                text += f" (see '{context.command_path} --help')"
            terminal.message(f"Error: {text}")
            code = error.exit_code
        except typer.Abort:
            terminal.message("Error: aborted")
            code = ExitCode.DATA
        if standalone_mode:
            sys.exit(code)
        return code


def run(app: typer.Typer) -> None:
    """The program, as ``__main__.main`` runs it once signals are handled: the app, built
    lazily, with a ``Session`` kept to the end, a last guard so no traceback reaches a
    user, and a quick end.

    The cycle collector stays off for the whole run: the data holds no cycles, and
    with 100,000 events in memory each collection would walk millions of objects
    for nothing. And once stdout and stderr are flushed the process ends with
    ``os._exit``: the interpreter's orderly teardown would free every object of a
    big file one by one (a tenth of a second at 100,000 events), which the system
    does at once. Nothing here registers an ``atexit`` handler that would be skipped.
    """
    gc.disable()
    from .session import Session

    session = Session()  # held here, so what it read is never freed (see below)
    try:
        built_lazily(app).main(obj=session)
        code: int = ExitCode.OK
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else ExitCode.DATA * bool(done.code)
    except Exception as error:  # a bug, not an expected failure: say so in one line
        if os.environ.get("BAZHANOV_DEBUG"):
            raise
        sys.stderr.write(
            f"Error: internal error ({type(error).__name__}: {terminal.visible(str(error))}); "
            "set BAZHANOV_DEBUG=1 to see the traceback, and please report it.\n"
        )
        code = ExitCode.DATA
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # already reported, or nowhere to report it
            stream.flush()
    os._exit(code)
