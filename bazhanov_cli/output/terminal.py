"""The terminal: the one module that knows stdout and stderr, their encoding and width.

Everything that reaches the user goes through here: text and JSON to stdout,
Rich renderables to a console made on demand, short messages to stderr. No other
module creates a Console, reads ``COLUMNS`` or looks at a stream's encoding.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import io
import os
import re
import sys
from collections.abc import Mapping
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Literal

from ..errors import OutputError

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from typer import Exit

    from ..choices import Color
    from .files import Content

MESSAGE_LIMIT = 240
"""The longest message line that quotes user input; a word over ``WORD_LIMIT`` is cut."""
WORD_LIMIT = 80
_HEAD = WORD_LIMIT // 2
_TAIL = WORD_LIMIT - _HEAD - 1  # a cut word, with its ellipsis, is WORD_LIMIT long
_NON_ASCII_SAMPLE = "Бажанов é"
Written = Literal["text", "view", "json"]
"""What stdout is given: text (machine formats too), a view Rich drew, or JSON."""
MIN_WIDTH, MAX_WIDTH = 20, 400
"""The narrowest and widest output laid out, whatever ``--width``, ``COLUMNS`` or the
terminal say: narrower, a value would have no room beside its label; wider, laying out
100,000 columns would take a minute and help no one. A narrower terminal wraps the lines."""

# Every character a terminal would obey rather than show: C0 controls (newline and
# tab too: a line of ours is never split by data), DEL, C1 controls (\x9b is a CSI
# on some terminals), and the Unicode controls that reorder or break a line: bidi
# marks, embeddings, overrides and isolates, and the line and paragraph separators.
# And every character that shows nothing, so that two different names never look
# the same: the soft hyphen, the zero-width space, joiners and word joiner, the BOM
# (ZWNBSP), the invisible operators and the other format characters (category Cf)
# that draw no glyph, the Hangul fillers and other blank letters and marks, the
# Mongolian variation selectors, the Unicode tag characters, and lone surrogates
# (a byte of an argument that was not UTF-8), which no terminal can show. Combining
# marks that draw on their letter (the stress mark of the native name, the tie of
# sli︠e︡dstvennye) are not among them. A variation selector is shown only where it
# follows no character it could vary (``_VARIED``).
_CONTROLS = (
    "\x00-\x1f\x7f-\x9f\u061c\u2028-\u202e"
    "\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e007f\ud800-\udfff"
)
_SELECTORS = "\ufe00-\ufe0f\U000e0100-\U000e01ef"
# A variation selector varies the character before it; after a letter of an
# alphabet (Latin, Cyrillic), a mark, a space, a control or nothing, it varies
# nothing and shows nothing. After an ideograph or other letter without case, a
# symbol, a digit (keycaps, the slashed zero) or punctuation it is part of what is
# drawn, and stays.
_VARIED = ("Lo", "S", "N", "P")
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def repair_streams() -> None:
    """Never crash on a stream that cannot encode Cyrillic (``PYTHONIOENCODING=ascii``).

    What we write ourselves never relies on this: JSON escapes what stdout cannot
    carry (``stdout_is_ascii_only``), every other text for scripts is refused whole
    (``write``), and a view says what it shows as '?' (``Screen.show``). Only text
    written by others (Click's help, a traceback) degrades here.
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
    surrogate escapes; UTF-8 text (Бажанов) is recovered from them. The one way
    every command reads an argument that names data (``cli.options``: NAME, ID,
    QUERY, ``--lang``, ``--role``, ``--kind``), as the ``parser`` of its option.
    """
    if text.isascii():
        return text
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a lone surrogate no argv holds: kept, and shown escaped
        return text


def stdout_is_ascii_only() -> bool:
    """Whether stdout cannot carry non-ASCII text (machine formats then escape it)."""
    return _first_unwritable(_NON_ASCII_SAMPLE) is not None


def stdout_encoding() -> str:
    """The encoding stdout writes text in (UTF-8 where a stream does not say)."""
    return getattr(sys.stdout, "encoding", None) or "utf-8"


def _first_unwritable(text: str) -> str | None:
    """The first character of ``text`` that stdout's encoding cannot carry, if any."""
    encoding = stdout_encoding()
    try:
        text.encode(encoding)
    except UnicodeEncodeError as error:
        return error.object[error.start]
    except LookupError:  # an encoding Python does not know: carry nothing but ASCII
        return next((char for char in text if not char.isascii()), None)
    return None


def _unwritable(text: str) -> OutputError | None:
    """Why ``text`` cannot go to stdout exactly, or None if it can.

    Text for scripts is never silently changed: where stdout's encoding cannot carry
    a character of it (``PYTHONIOENCODING=ascii``), nothing is written, and the
    error names the encoding, the character and what to do instead.
    """
    char = _first_unwritable(text)
    if char is None:
        return None
    return OutputError(
        f"stdout's encoding ({stdout_encoding()}) cannot carry U+{ord(char):04X}, "
        "so nothing was written; set PYTHONIOENCODING=utf-8, "
        "or ask for JSON (--json; cite --format csl-json), which escapes it"
    )


def visible(text: str) -> str:
    """``text`` with every control character, and every character that shows nothing,
    shown as an escape, as Python writes it.

    The one rule for data on a screen: ESC is ``\\x1b``, a newline ``\\n``, a bidi
    override ``\\u202e``, a zero-width space ``\\u200b``, so text from a file is read,
    never obeyed, stays on its line, and two different names never look the same.
    Plain ASCII text is returned as it is, after one check.
    """
    if text.isascii() and text.isprintable():
        return text
    shown = _control_pattern().sub(_escape, text)
    if _selector_pattern().search(shown) is None:
        return shown
    return _selector_pattern().sub(_stray_selector, shown)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    return (
        f"\\x{code:02x}"
        if code < 0x100
        else f"\\u{code:04x}"
        if code < 0x10000
        else f"\\U{code:08x}"
    )


def _stray_selector(match: re.Match[str]) -> str:
    """A variation selector as it is where it varies the character before it, else escaped."""
    import unicodedata

    start = match.start()
    before = unicodedata.category(match.string[start - 1]) if start else "Cc"
    return match.group() if before.startswith(_VARIED) else _escape(match)


@functools.cache
def _control_pattern() -> re.Pattern[str]:
    return re.compile(f"[{_CONTROLS}]")


@functools.cache
def _selector_pattern() -> re.Pattern[str]:
    return re.compile(f"[{_SELECTORS}]")


@functools.cache
def _screen_pattern(kind: Written) -> re.Pattern[str]:
    # What may reach a screen as it is. Text keeps its line ends; a view, also the SGR
    # colour codes Rich writes (the view made its data visible before Rich styled it);
    # JSON, its layout (it escapes C0 controls in strings itself).
    kept = {"text": "\\r?\\n", "view": "\\r?\\n|\\x1b\\[[0-9;]*m", "json": "[\\x00-\\x1f]"}[kind]
    return re.compile(f"({kept})|[{_CONTROLS}]")


def _json_escape(match: re.Match[str]) -> str:
    """A character as JSON escapes it: ``\\u200b``, or a surrogate pair past U+FFFF."""
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def on_screen(text: str, kind: Written = "text") -> str:
    """``text`` as stdout gets it: as it is into a pipe or a file; on a terminal, with every
    control character and every character that shows nothing ``visible``, but a line end,
    a view's colour codes and JSON's layout.

    JSON stays JSON, and the same JSON: the only such characters it leaves raw (DEL, C1,
    bidi, zero-width) can only be inside strings, where ``\\u200b`` is the same character.
    """
    if (text.isascii() and text.isprintable()) or not _stdout_is_a_terminal():
        return text
    escape = _json_escape if kind == "json" else _escape
    return _screen_pattern(kind).sub(lambda match: match.group(1) or escape(match), text)


def write(text: str, kind: Written = "text") -> None:
    """Text for scripts and people to stdout, ``on_screen``; a failed write is an OutputError.

    All of it or nothing: text stdout's encoding cannot carry is refused (``_unwritable``).
    """
    refused = _unwritable(text)
    if refused is not None:
        raise refused
    try:
        sys.stdout.write(on_screen(text, kind))
    except OSError as error:
        raise output_failed(error) from None


def flush_output() -> None:
    """Flush stdout now, so a full disk is reported as such, not lost in the interpreter's exit."""
    try:
        sys.stdout.flush()
    except OSError as error:
        raise output_failed(error) from None


def output_failed(error: OSError) -> OutputError | Exit:
    """What to raise when stdout fails: an ``OutputError``, or a quiet exit when the reader left."""
    import typer

    if isinstance(error, BrokenPipeError):
        return typer.Exit(0)  # `bazhanov events | head -1`: the reader has what it wanted
    return OutputError(f"cannot write output: {error.strerror or error}")


def close_output() -> None:
    """Flush stdout and stderr at the end of a run, quietly where they cannot be written.

    Whatever failed was reported already. Where stdout's reader left, what is still
    buffered can never be written: stdout then points at the null device, as Python's
    documentation advises, so the interpreter's own flush at exit says nothing either.
    """
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:
            with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
                null = os.open(os.devnull, os.O_WRONLY)
                os.dup2(null, stream.fileno())
                os.close(null)
        except (OSError, ValueError):
            pass


def write_files(
    documents: Mapping[str, Content], during: AbstractContextManager[None] | None = None
) -> None:
    """Write each document (text as UTF-8, or a file built in place) to its path, ``-``
    to stdout, all or none, and say on stderr which files were written.

    ``files.replace_files`` replaces each file whole, none until every one is
    ready and every stream (stdout among them) written; a failure is one line
    naming the path and the system's reason. ``during`` is entered while the documents
    are made and written (a progress ``step``), and left before anything is said; not at
    all when a document goes to stdout on a terminal, where the two would draw over each
    other.
    """
    from . import files

    if files.STDOUT in documents and stdout_is_a_terminal():
        during = None
    with during or contextlib.nullcontext():
        files.replace_files(documents, stdout=_document_to_stdout)
    for path in documents:
        if path != files.STDOUT:
            message(f"Wrote {path}")


def _document_to_stdout(text: str) -> None:
    """A document for ``-`` among files: written and flushed now, before any file is
    replaced, so a full stdout leaves them all untouched. A reader that left
    (``| head``) had what it wanted; the files are still written."""
    try:
        sys.stdout.write(on_screen(text))
        sys.stdout.flush()
    except BrokenPipeError:
        return
    except OSError as error:
        raise output_failed(error) from None


def message(text: str) -> None:
    """A short line for people ("No events in 1850."), on stderr so pipes stay clean.

    Whatever it quotes (a path, an argument, a key from a file) is ``visible``: the
    message stays one line and commands nothing.
    """
    sys.stderr.write(one_short_line(visible(text)) + "\n")


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


DEFAULT_PAGER = "less -FRX"
"""As git and gh: quit if one screen, keep colour, leave the text on the screen."""


class Screen:
    """Stdout as the user set it up for this run: ``--color`` and ``--no-pager``.

    One per run, held by the run's ``Session``; the views a person reads are shown
    through it, while text for scripts goes through ``write``, which no setting changes.
    """

    __slots__ = ("color", "pager")

    def __init__(self, color: Color = "auto", pager: bool = True) -> None:
        self.color: Color = color
        self.pager = pager

    def console(self) -> Console:
        """A Console on the current stdout, made on demand.

        Made late, not at import: a test runner swaps ``sys.stdout`` per invocation,
        and a console bound earlier would write past it. With ``--color auto`` Rich
        decides, honouring NO_COLOR, FORCE_COLOR and TERM=dumb, and writes no ANSI
        codes into a pipe; ``always`` and ``never`` override all of those.
        """
        from rich.console import Console

        console = Console(
            file=sys.stdout,
            highlight=False,
            emoji=False,
            width=_width_if_columns_is_bad(),
            force_terminal=True if self.color == "always" else None,
            no_color=False if self.color == "always" else None,
            color_system=None if self.color == "never" else "auto",
        )
        # COLUMNS=1 and COLUMNS=100000 are held to the range --width allows.
        console.width = min(max(console.width, MIN_WIDTH), MAX_WIDTH)
        return console

    def show(self, renderable: RenderableType) -> None:
        """Print a Rich renderable to stdout at the terminal's width, through the pager if long."""
        console = self.console()
        try:
            with console.capture() as captured:
                console.print(renderable)
        except OSError as error:  # Rich flushes stdout as a capture ends
            raise output_failed(error) from None
        text = captured.get()
        if _first_unwritable(text) is not None:
            text = _degraded(text)
            message(
                f"stdout's encoding ({stdout_encoding()}) cannot show every character: "
                "each is shown as '?'; PYTHONIOENCODING=utf-8 shows them"
            )
        # Rich pads every cell to its column; the padding at a line's end is noise
        # when the text is copied, and in a diff.
        self.page(_without_trailing_spaces(text))

    def page(self, text: str) -> None:
        """Write a view's ``text`` to stdout, through the pager when it is longer than a screen.

        As git does it: never into a pipe, never with ``--no-pager``; the pager is
        BAZHANOV_PAGER, else PAGER, else ``less -FRX``, run by the shell, with
        ``LESS=FRX`` unless LESS is set (so ``PAGER=less`` shows colour, not ``ESC[1m``).
        While it runs, Ctrl-C is the pager's, and this process waits for it whatever
        stops it, so no pager is left behind on the terminal. An empty pager, ``cat``,
        or one the shell cannot start (126, 127) means the text is written as it is.
        """
        command = _pager_command(text) if self.pager else None
        if command is None or _paged(command, on_screen(text, "view")) in (None, 126, 127):
            write(text, "view")


def _degraded(text: str) -> str:
    """A view's ``text`` with each character stdout cannot carry as '?', one a column.

    Rich measured the view in columns: a combining accent (the stress mark of the
    native name) takes none, so it goes (its letter is a '?' already); a wide
    character takes two, so it is '??'. The view's lines keep their width.
    """
    from rich.cells import cell_len

    lacking = {char for char in set(text) if _first_unwritable(char) is not None}
    return text.translate({ord(char): "?" * cell_len(char) for char in lacking})


def _width_if_columns_is_bad() -> int | None:
    # Rich takes COLUMNS=0 at its word and prints nothing; like shutil, treat a
    # COLUMNS that is not a positive number as unset.
    columns = os.environ.get("COLUMNS", "1").strip()
    if columns.isdigit() and int(columns) > 0:
        return None
    import shutil

    return shutil.get_terminal_size().columns


def _without_trailing_spaces(text: str) -> str:
    """``text`` without the spaces that end its lines, before or among a line's last
    colour codes; a line at a time, so a long view costs time linear in its text."""
    trailing = _trailing_spaces()
    return "\n".join(
        trailing.sub(r"\1", line) if "\x1b" in line else line.rstrip(" \t")
        for line in text.split("\n")
    )


@functools.cache
def _trailing_spaces() -> re.Pattern[str]:
    return re.compile(r"[ \t]+((?:\x1b\[[0-9;]*m)*)$")


def _paged(command: str, text: str) -> int | None:
    """Run the pager on ``text``; its exit code, or None if it could not be started."""
    import signal
    import subprocess

    env = dict(os.environ)
    env.setdefault("LESS", "FRX")  # quit if one screen, keep colour, leave the text shown
    ignoring = _ignore_interrupts()
    # The pager gets Ctrl-C's usual effect back (an ignored signal stays ignored across exec).
    reset = ignoring not in (None, signal.SIG_IGN)
    try:
        try:
            pager = subprocess.Popen(
                command,
                shell=True,
                stdin=subprocess.PIPE,
                env=env,
                preexec_fn=(lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
                if reset
                else None,
            )
        except OSError:
            return None
        assert pager.stdin is not None
        encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
        try:
            with contextlib.suppress(BrokenPipeError):  # the reader quit the pager early: fine
                pager.stdin.write(text.encode(encoding, errors="replace"))
        finally:
            with contextlib.suppress(OSError):
                pager.stdin.close()
            pager.wait()  # also when a signal stops this process: the pager ends first
        return pager.returncode
    finally:
        if ignoring is not None:  # SIG_DFL is 0: compare, do not test for truth
            signal.signal(signal.SIGINT, ignoring)


def _ignore_interrupts() -> Any:
    """Ignore Ctrl-C here while a pager has the terminal; the handler it replaced, or None."""
    import signal

    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: leave signals to whoever runs us
        return None
    return previous if previous is not None else signal.SIG_DFL


def _pager_command(text: str) -> str | None:
    if not _stdout_is_a_terminal():
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


def stdout_is_a_terminal() -> bool:
    """Whether stdout is a terminal, where a person reads it beside stderr."""
    return _stdout_is_a_terminal()


def _stdout_is_a_terminal() -> bool:
    isatty = getattr(sys.stdout, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False
