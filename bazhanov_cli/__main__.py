"""The console script, ``bazhanov`` and ``python -m bazhanov_cli``: signals first, then the program.

This module imports nothing heavy, so the signal handlers are in place before
Typer, Rich and pydantic load (a Ctrl-C lands during those imports as easily as
later). As git does: Ctrl-C exits 130, SIGTERM 143 and SIGHUP 129, quietly.
Each becomes an exception in the main thread, so every ``finally`` on the way
out runs (a file being written is removed, a pager is waited for) before the
process ends; a signal the parent told us to ignore (``nohup``) stays ignored.
"""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType


class Stopped(BaseException):
    """A signal asked the process to stop; not an ``Exception``, so no handler mistakes it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


STOPPING = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def _stop(signum: int, frame: FrameType | None) -> None:
    for each in STOPPING:  # one stop is enough: a second signal must not cut the way out short
        signal.signal(each, signal.SIG_IGN)
    raise Stopped(signum)


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
        for signum in STOPPING:
            if signal.getsignal(signum) is not signal.SIG_IGN:
                signal.signal(signum, _stop)
        from .cli import app
        from .cli.application import run

        run(app)
    except Stopped as stopped:
        os._exit(128 + stopped.signum)
    except KeyboardInterrupt:  # Python's own handler, in the instant before ours
        os._exit(128 + signal.SIGINT)


if __name__ == "__main__":
    main()
