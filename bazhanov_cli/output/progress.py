"""Progress on stderr for work a person waits on: Rich's Progress, shown only when it helps.

A run's ``Session`` holds one ``Progress``; commands and the loader wrap long work in
``progress.step("Reading big.json")``. Nothing is drawn unless stderr is a terminal and
the command was not given ``--quiet``, and not before the work has taken ``SHOW_AFTER``
seconds: a timer starts the display then, so a quick run writes not one byte for it. The
display is transient (erased when the work ends), writes to stderr alone, and leaves
stdout and sys.stdout as they are (no redirection), so the output's bytes are the same
with it or without it.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from ..choices import Color

if TYPE_CHECKING:
    import rich.progress

SHOW_AFTER = 1.0
"""Seconds of work before progress is shown: shorter work is done before a person waits."""


class Progress:
    """The progress of one run's work, on stderr, if ``wanted`` and stderr is a terminal.

    Steps nest: the innermost one's description is shown, under one bar that pulses (the
    work's length is not known ahead) beside the time it has taken.
    """

    __slots__ = ("_color", "_display", "_lock", "_steps", "_task", "_timer", "wanted")

    def __init__(self, color: Color = "auto", wanted: bool = True) -> None:
        self.wanted = wanted
        self._color: Color = color
        self._lock = threading.Lock()
        self._steps: list[str] = []
        self._timer: threading.Timer | None = None
        self._display: rich.progress.Progress | None = None
        self._task: rich.progress.TaskID | None = None

    @contextmanager
    def step(self, description: str) -> Iterator[None]:
        """Show ``description`` while the block runs (once the work has taken ``SHOW_AFTER``
        seconds); when the outermost step ends, the display is erased."""
        if not self.wanted or not _stderr_is_a_terminal():
            yield
            return
        with self._lock:
            self._steps.append(description)
            if self._display is not None and self._task is not None:
                self._display.update(self._task, description=_shown(description))
            elif self._timer is None:
                self._timer = threading.Timer(SHOW_AFTER, self._show)
                self._timer.daemon = True
                self._timer.start()
        try:
            yield
        finally:
            self._end_step()

    def _end_step(self) -> None:
        with self._lock:
            self._steps.pop()
            if self._steps:
                if self._display is not None and self._task is not None:
                    self._display.update(self._task, description=_shown(self._steps[-1]))
                return
            timer, display = self._timer, self._display
            self._timer = self._display = self._task = None
        if timer is not None:
            timer.cancel()
        if display is not None:
            display.stop()  # transient: the lines it drew are erased

    def _show(self) -> None:
        """The timer's: start drawing, if the work is still going on."""
        from rich.console import Console
        from rich.progress import BarColumn, SpinnerColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as Display

        with self._lock:
            if not self._steps or self._timer is None:
                return  # it ended as the timer fired
            console = Console(
                file=sys.stderr,
                highlight=False,
                emoji=False,
                no_color=True if self._color == "never" else None,
                force_terminal=True if self._color == "always" else None,
            )
            self._display = Display(
                SpinnerColumn(),
                TextColumn("{task.description}", markup=False),
                BarColumn(),
                TimeElapsedColumn(),
                console=console,
                transient=True,
                redirect_stdout=False,  # stdout is the output's alone
                redirect_stderr=False,
            )
            self._task = self._display.add_task(_shown(self._steps[-1]), total=None)
            self._display.start()


def _shown(description: str) -> str:
    """A description as a line of the terminal: what it quotes (a path) commands nothing."""
    from .terminal import one_short_line, visible

    return one_short_line(visible(description))


def _stderr_is_a_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # closed, or not a real stream
        return False
