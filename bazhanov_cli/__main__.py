"""The console script, ``bazhanov`` and ``python -m bazhanov_cli``: the one way out of the program.

``run`` turns every outcome into an exit code (``errors.ExitCode``), as httpie's ``core.py``
does: a ``BazhanovError`` or a usage error is one line on stderr, Ctrl-C is 130, a reader
that left early (``| head``) ends us quietly, and anything else is a bug, reported in one
line, never as a traceback. ``main`` adds the signals: SIGINT, SIGTERM and SIGHUP end the
program as 130, 143 and 129, as git does.

Each of those signals is raised in the main thread as ``Stopped``, a ``KeyboardInterrupt``,
so every ``finally`` on the way out runs (a file being written is removed, a pager is waited
for). The handlers come first, before Typer, Rich and pydantic are imported, so a signal
during those imports ends the program the same way. Where Python cannot raise it (in a
``__del__`` or a weakref callback, which run whenever memory is freed, and often while
modules are imported), it is only reported to ``sys.unraisablehook``: there it is asked for
again by an alarm a millisecond later, which lands in the program's own code, so one signal
always ends the program, even one then waiting for its input. A signal the parent ignores
(``nohup``) stays ignored, and a second signal never cuts the way out short.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Sequence
from types import FrameType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer

STOPPING = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
ASK_AGAIN_AFTER = 0.001  # seconds: a stop Python could not raise is raised again this much later
_received: int | None = None  # the first stopping signal, once one has come


class Stopped(KeyboardInterrupt):
    """A stopping signal (Ctrl-C, SIGTERM, SIGHUP), raised where the program is.

    A subclass rather than KeyboardInterrupt itself: run as ``python -m``, CPython ends the
    process by SIGINT, whatever its exit code, once a KeyboardInterrupt of that exact type has
    ended code compiled from a string (a dataclass's generated methods, while modules load),
    even one caught later. Being a KeyboardInterrupt, CPython's compiler keeps it where it
    clears other exceptions (folding constants), and Typer and every ``except
    KeyboardInterrupt`` treat it as Ctrl-C.
    """


def _stop(signum: int, frame: FrameType | None) -> None:
    global _received
    if _received is None:  # a second signal must not interrupt the cleanup of the first
        _received = signum
        raise Stopped


def _stop_again(alarm: int, frame: FrameType | None) -> None:
    raise Stopped


def _unraisable(unraisable: sys.UnraisableHookArgs) -> None:
    # A stop that landed where Python can only report it ("Exception ignored in ...") would
    # be lost: the alarm raises it again once Python is back in the program's own code (or,
    # should it land in such a place again, comes back here).
    if isinstance(unraisable.exc_value, Stopped):
        signal.signal(signal.SIGALRM, _stop_again)
        signal.setitimer(signal.ITIMER_REAL, ASK_AGAIN_AFTER)
    else:
        sys.__unraisablehook__(unraisable)


def run(args: Sequence[str] | None = None) -> int:
    """Run ``bazhanov`` with ``args`` (the command line's by default); its exit code."""
    import typer

    from .errors import BazhanovError, ExitCode
    from .output import terminal

    terminal.repair_streams()
    try:
        from .cli import app

        done = app(args=args, prog_name="bazhanov", standalone_mode=False)
        code = done if isinstance(done, int) else ExitCode.OK
        terminal.flush_output()
    except SystemExit as exited:  # shell completion answers and exits
        code = exited.code if isinstance(exited.code, int) else ExitCode.DATA
    except KeyboardInterrupt:
        code = 128 + signal.SIGINT
    except BazhanovError as error:
        terminal.message(f"Error: {error}")
        code = error.exit_code
    except typer.TyperException as error:  # Click's usage errors, Typer's bad values
        from .cli.options import ValueRefused

        text = error.format_message()
        context = getattr(error, "ctx", None)
        option = getattr(error, "option_name", None)  # an unknown option's
        if context is not None and option in _program_options(context):
            text = f"{option} goes before the command: bazhanov {option} ... {context.info_name}"
        # Click's own messages point to the help; ours already say what would do.
        if context is not None and error.exit_code == ExitCode.USAGE:
            text += (
                "" if isinstance(error, ValueRefused) else f" (see '{context.command_path} --help')"
            )
        terminal.message(f"Error: {text}")
        code = error.exit_code
    except typer.Abort:  # Click's answer to end-of-input at a prompt
        terminal.message("Error: aborted")
        code = ExitCode.DATA
    except OSError as error:  # stdout failed under Click's own --help (ours: OutputError)
        failed = terminal.output_failed(error)
        if isinstance(failed, BazhanovError):
            terminal.message(f"Error: {failed}")
        code = failed.exit_code
    except Exception as error:  # a bug, not an expected failure: one line, no traceback
        if os.environ.get("BAZHANOV_DEBUG"):
            raise
        terminal.message(
            f"Error: internal error ({type(error).__name__}: {error}); "
            "set BAZHANOV_DEBUG=1 to see the traceback, and please report it."
        )
        code = ExitCode.DATA
    terminal.close_output()
    return code


def _program_options(context: typer.Context) -> set[str]:
    """``--data``, ``--color``, ...: the options of the program itself, not of a command."""
    return {name for param in context.find_root().command.params for name in param.opts}


def main() -> None:
    """Handle the stopping signals, then run the program and exit with its code."""
    sys.unraisablehook = _unraisable
    try:
        # A signal may come while the handlers are being set: one set already raises here.
        for signum in STOPPING:
            if signal.getsignal(signum) is not signal.SIG_IGN:
                signal.signal(signum, _stop)
        code = run()
        signal.setitimer(signal.ITIMER_REAL, 0)  # a stop asked for again may not land later
    except KeyboardInterrupt:  # in the instant before run's own handling
        code = 128 + signal.SIGINT
    if _received is not None:
        code = 128 + _received
    sys.exit(code)


if __name__ == "__main__":
    main()
