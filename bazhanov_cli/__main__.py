"""The console script, ``bazhanov`` and ``python -m bazhanov_cli``: signals first, then the program.

This module imports nothing heavy, so the signal handlers are in place before
Typer, Rich and pydantic load (a Ctrl-C lands during those imports as easily as
later). As git does: Ctrl-C exits 130, SIGTERM 143 and SIGHUP 129, quietly.
Each becomes an exception in the main thread, so every ``finally`` on the way
out runs (a file being written is removed, a pager is waited for) before the
process ends; a signal the parent told us to ignore (``nohup``) stays ignored.

Python may drop that exception on the way: C code that runs the handler can
clear it and go on. CPython's compiler does (3.10 to 3.13): folding a constant
such as ``2 ** 60`` checks for signals, then clears any exception but a
KeyboardInterrupt. It compiles whenever an import finds no ``.pyc`` (a fresh
``uv`` install, ``PYTHONDONTWRITEBYTECODE``). A dropped stop is asked for again
(``Stopped.__del__``), so the program still stops, the same way.
"""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType


class Stopped(BaseException):
    """A signal asked the process to stop; not an ``Exception``, so no handler mistakes it.

    Nor a KeyboardInterrupt, which the compiler would keep: Click turns that into an
    "Aborted!" of its own.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    def __del__(self) -> None:
        # `main` ends the process holding the Stopped it catches: one freed was dropped on
        # the way. A signal sent now would be handled in this very method, where Python can
        # only report an exception, so an alarm asks again once we are back in the program.
        if _stopping is not None:
            signal.signal(signal.SIGALRM, _stop_again)
            signal.setitimer(signal.ITIMER_REAL, LOST_STOP_RETRY)


STOPPING = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
LOST_STOP_RETRY = 0.001  # seconds
_stopping: int | None = None  # the signal this process is stopping for


def _stop(signum: int, frame: FrameType | None) -> None:
    global _stopping
    # One stop is enough: a second signal must not cut the way out short, also where a
    # handler is put back on the way (the pager's Ctrl-C).
    if _stopping is None:
        _stopping = signum
        raise Stopped(signum)


def _stop_again(alarm: int, frame: FrameType | None) -> None:
    assert _stopping is not None
    raise Stopped(_stopping)


def handle_signals() -> None:
    """Stop on SIGINT, SIGTERM and SIGHUP (as ``Stopped``), unless the parent ignores one."""
    for signum in STOPPING:
        if signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, _stop)


def _unraisable(unraisable: sys.UnraisableHookArgs) -> None:
    # A signal that lands while Python runs a callback it cannot raise from (an import
    # lock's weakref callback, a __del__) would be printed as "Exception ignored" and the
    # program would go on: it still ends here, quietly, as 128 + N.
    if isinstance(unraisable.exc_value, Stopped):
        os._exit(128 + unraisable.exc_value.signum)
    sys.__unraisablehook__(unraisable)


def main() -> None:
    """Install the handlers, then import and run the program; a signal ends it as 128 + N."""
    sys.unraisablehook = _unraisable
    try:
        handle_signals()
        from .cli import app
        from .cli.application import run

        run(app)
    except Stopped as stopped:
        os._exit(128 + stopped.signum)
    except KeyboardInterrupt:  # Python's own handler, in the instant before ours
        os._exit(128 + signal.SIGINT)


if __name__ == "__main__":
    main()
