"""The terminal: the one module that knows stdout and stderr, their encoding and width.

Everything that reaches the user goes through here: text and JSON to stdout,
Rich renderables to a console made on demand, short messages to stderr. No other
module creates a Console, reads ``COLUMNS`` or looks at a stream's encoding.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from .errors import OutputError

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from .choices import Color

MESSAGE_LIMIT = 240
"""The longest message line that quotes user input; a word over ``WORD_LIMIT`` is cut."""
WORD_LIMIT = 80
_HEAD = WORD_LIMIT // 2
_TAIL = WORD_LIMIT - _HEAD - 1  # a cut word, with its ellipsis, is WORD_LIMIT long
_NON_ASCII_SAMPLE = "Бажанов é"


def repair_streams() -> None:
    """Never crash on a stream that cannot encode Cyrillic (``PYTHONIOENCODING=ascii``).

    Text degrades to '?'; JSON escapes instead (``stdout_is_ascii_only``), so it stays exact.
    """
    if sys.stdout is None:  # the shell closed it: `bazhanov events >&-`
        sys.stdout = _ClosedStdout()
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            # A closed or detached stream: nothing to mend.
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")


class _ClosedStdout(io.TextIOBase):
    """stdout when the shell closed it: every write fails as a write to a closed descriptor."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))


def argument_text(text: str) -> str:
    """A command-line argument as the user typed it, whatever the locale.

    Under an ASCII locale Python hands non-ASCII argument bytes over as
    surrogate escapes; UTF-8 text (Бажанов) is recovered from them.
    """
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def stdout_is_ascii_only() -> bool:
    """Whether stdout cannot carry non-ASCII text (machine formats then escape it)."""
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        _NON_ASCII_SAMPLE.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return True
    return False


def write(text: str) -> None:
    """Text for scripts and people, to stdout as it is; a failed write is an ``OutputError``."""
    try:
        sys.stdout.write(text)
    except OSError as error:
        raise output_failed(error) from None


def flush_output() -> None:
    """Flush stdout now, so a full disk is reported as such, not lost in the interpreter's exit."""
    try:
        sys.stdout.flush()
    except OSError as error:
        raise output_failed(error) from None


def output_failed(error: OSError) -> Exception:
    """What to raise when stdout fails: an ``OutputError``, or a quiet exit when the reader left."""
    import typer

    # What is still buffered can never be written; application.run's last flush
    # fails quietly and the process ends without the interpreter's own.
    if isinstance(error, BrokenPipeError):
        return typer.Exit(0)  # `bazhanov events | head -1`: the reader has what it wanted
    return OutputError(f"cannot write output: {error.strerror or error}")


def write_files(documents: Mapping[str, Callable[[], str]]) -> None:
    """Write each document to its path, UTF-8, all or none, and say so on stderr.

    ``files.replace_files`` replaces each file whole, and none until every one
    is written; a failure is one line naming the path and the system's reason.
    """
    from . import files

    files.replace_files(documents)
    for path in documents:
        message(f"Wrote {path}")


def message(text: str) -> None:
    """A short line for people ("No events in 1850."), on stderr so pipes stay clean."""
    sys.stderr.write(one_short_line(text) + "\n")


def one_short_line(text: str) -> str:
    """``text`` on one line, each overlong word cut in the middle, at most MESSAGE_LIMIT long.

    Messages quote what the user typed: a 200,000-character --category must
    still be named, recognisably, in one readable line.
    """
    words = [
        word if len(word) <= WORD_LIMIT else f"{word[:_HEAD]}\u2026{word[-_TAIL:]}"
        for word in text.split()
    ]
    line = " ".join(words)
    return line if len(line) <= MESSAGE_LIMIT else line[: MESSAGE_LIMIT - 1] + "\u2026"


class Settings:
    """How the user wants the terminal used: ``--color`` and ``--no-pager``, set once per run."""

    __slots__ = ("color", "pager")

    def __init__(self) -> None:
        self.color: Color = "auto"
        self.pager = True


SETTINGS = Settings()

DEFAULT_PAGER = "less -FRX"
"""As git and gh: quit if one screen, keep colour, leave the text on the screen."""


def configure(color: Color, pager: bool) -> None:
    """Take the command line's ``--color`` and ``--no-pager`` for the rest of the run."""
    SETTINGS.color = color
    SETTINGS.pager = pager


def stdout_console() -> Console:
    """A Console on the current stdout, made on demand.

    Made late, not at import: a test runner swaps ``sys.stdout`` per invocation,
    and a console bound earlier would write past it. With ``--color auto`` Rich
    decides, honouring NO_COLOR, FORCE_COLOR and TERM=dumb, and writes no ANSI
    codes into a pipe; ``always`` and ``never`` override all of those.
    """
    from rich.console import Console

    color = SETTINGS.color
    return Console(
        file=sys.stdout,
        highlight=False,
        emoji=False,
        width=_width_if_columns_is_bad(),
        force_terminal=True if color == "always" else None,
        no_color=False if color == "always" else None,
        color_system=None if color == "never" else "auto",
    )


def _width_if_columns_is_bad() -> int | None:
    # Rich takes COLUMNS=0 at its word and prints nothing; like shutil, treat a
    # COLUMNS that is not a positive number as unset.
    columns = os.environ.get("COLUMNS", "1").strip()
    if columns.isdigit() and int(columns) > 0:
        return None
    import shutil

    return shutil.get_terminal_size().columns


_TRAILING_SPACES = r"[ \t]+((?:\x1b\[[0-9;]*m)*)$"


def show(renderable: RenderableType) -> None:
    """Print a Rich renderable to stdout at the terminal's width, through the pager if long."""
    import re

    console = stdout_console()
    try:
        with console.capture() as captured:
            console.print(renderable)
    except OSError as error:  # Rich flushes stdout as a capture ends
        raise output_failed(error) from None
    text = captured.get()
    if stdout_is_ascii_only():
        # Rich measures a combining accent (the stress marks of the native name) as
        # 0 columns, but an ASCII stream writes it as a 1-column '?', pushing text
        # out of line. Its base letter already degrades to '?', so the accent goes.
        import unicodedata

        text = "".join(char for char in text if not unicodedata.combining(char))
    # Rich pads every cell to its column; the padding at a line's end is noise
    # when the text is copied, and in a diff.
    page(re.sub(_TRAILING_SPACES, r"\1", text, flags=re.MULTILINE))


def page(text: str) -> None:
    """Write ``text`` to stdout, through the pager when it is longer than a terminal's screen.

    Never into a pipe, never with ``--no-pager``; the pager is BAZHANOV_PAGER,
    else PAGER, else ``less -FRX``, run by the shell as git runs it. An empty
    one, ``cat``, or one that cannot start means the text is written as it is.
    """
    command = _pager_command(text)
    if command is None:
        write(text)
        return
    import subprocess

    try:
        pager = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE)
    except OSError:
        write(text)
        return
    assert pager.stdin is not None
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    with contextlib.suppress(BrokenPipeError):  # the reader quit the pager early: fine
        pager.stdin.write(text.encode(encoding, errors="replace"))
        pager.stdin.close()
    pager.wait()


def _pager_command(text: str) -> str | None:
    if not SETTINGS.pager or not _stdout_is_a_terminal():
        return None
    command = os.environ.get("BAZHANOV_PAGER", os.environ.get("PAGER", DEFAULT_PAGER)).strip()
    if command in ("", "cat"):
        return None
    import shutil

    # A terminal that reports no height (0 rows, as a new pty does) is taken as 24 rows:
    # Python 3.11 does so, 3.10 returns the 0, which would page every line.
    if text.count("\n") < (shutil.get_terminal_size().lines or 24):
        return None
    return command


def _stdout_is_a_terminal() -> bool:
    isatty = getattr(sys.stdout, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False
