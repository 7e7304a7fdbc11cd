"""Progress on stderr for long work: shown on a terminal once the work takes a while, erased
after, never in a pipe, never with --quiet, and never a byte of difference on stdout.

No test here measures time. The work is made as long as the test needs: the data file is a
named pipe, and the program waits on it until the test writes the data. A run that must not
show progress waits, beside one that must, until that one has shown it.
"""

from __future__ import annotations

import io
import json
import os
import select
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

from bazhanov_cli.output import progress as progress_module
from bazhanov_cli.output.progress import Progress

from .conftest import COMMAND, DATA_FILE, process_env

BOUND = 120.0
"""Seconds a wait may take before the test fails: it bounds a hang, it measures nothing."""

DATA = DATA_FILE.read_bytes()


class Run:
    """The program running with stdout into a file and stderr on a terminal or a pipe."""

    def __init__(self, args: Sequence[str], folder: Path, terminal: bool) -> None:
        self.stdout = folder / f"stdout-{id(self)}"
        self.shown = b""
        with open(self.stdout, "wb") as stdout:
            if terminal:
                import pty

                self.reader, writer = pty.openpty()
            else:
                self.reader, writer = os.pipe()
            self.process = subprocess.Popen(
                [*COMMAND, *args],
                stdin=subprocess.DEVNULL,
                stdout=stdout,
                stderr=writer,
                env=process_env({"COLUMNS": "100", "TERM": "xterm-256color"}),
            )
        os.close(writer)

    def read_until(self, wanted: bytes) -> None:
        """Read stderr until ``wanted`` shows (or it ends: the caller's assert says why)."""
        deadline = time.monotonic() + BOUND
        while wanted not in self.shown and time.monotonic() < deadline:
            ready, _, _ = select.select([self.reader], [], [], 1.0)
            if ready and not self._read_some():
                return

    def _read_some(self) -> bool:
        try:
            chunk = os.read(self.reader, 65536)
        except OSError:  # EIO: the terminal closed as the program ended
            chunk = b""
        self.shown += chunk
        return bool(chunk)

    def finish(self) -> tuple[int, bytes, bytes]:
        """Its exit code, all it showed on stderr and all it wrote to stdout."""
        while self._read_some():
            pass
        os.close(self.reader)
        code = self.process.wait(timeout=BOUND)
        return code, self.shown, self.stdout.read_bytes()


@contextmanager
def pipes(folder: Path, count: int) -> Iterator[list[Path]]:
    """Named pipes to give as data files: reading one waits until ``feed`` writes it."""
    paths = [folder / f"data-{number}.json" for number in range(count)]
    for path in paths:
        os.mkfifo(path)
    yield paths


def feed(pipe: Path) -> None:
    with open(pipe, "wb") as writer:  # waits until the program opens it to read
        writer.write(DATA)


def expected(args: Sequence[str], data: Path) -> tuple[int, bytes]:
    """What the same command writes to stdout with the data in a plain file, no terminal."""
    plain = [str(DATA_FILE) if arg == str(data) else arg for arg in args]
    done = subprocess.run(
        [*COMMAND, *plain], capture_output=True, env=process_env({}), timeout=BOUND, check=False
    )
    return done.returncode, done.stdout


def bar_shown(shown: bytes, data: Path) -> bool:
    return f"Reading {data}".encode() in shown and "━".encode() in shown


@pytest.mark.parametrize(
    "command",
    [
        ["validate", "{data}"],
        ["--data", "{data}", "events", "--json"],
        ["--data", "{data}", "timeline", "--svg", "-"],
        ["--data", "{data}", "sql", "SELECT id, title FROM events", "--json"],
    ],
    ids=["validate", "events", "timeline", "sql"],
)
def test_long_work_shows_progress_on_a_terminal_and_nothing_else_changes(
    here: Path, command: list[str]
) -> None:
    # Files named relative to the test's own folder: short, so no message cuts them.
    with pipes(here, 1) as (data,):
        args = [arg.replace("{data}", str(data)) for arg in command]
        run = Run(args, here, terminal=True)
        run.read_until(f"Reading {data}".encode())
        feed(data)
        code, shown, stdout = run.finish()
    assert bar_shown(shown, data), shown[-2000:]
    assert b"\x1b[?25l" in shown  # Rich hid the cursor while it drew ...
    assert shown.count(b"\x1b[?25h") >= 1  # ... and showed it again
    # Transient: the last thing the display did was erase its line; only messages follow.
    after = shown.rsplit(b"\x1b[2K", 1)[1].replace(b"\x1b[?25h", b"")
    assert b"Reading" not in after
    assert (code, stdout) == expected(args, data)  # the output's bytes as without it


COUNTS = ", ".join(
    f"{len(items)} {kind}"
    for kind, items in json.loads(DATA_FILE.read_text(encoding="utf-8")).items()
    if kind not in ("sources", "facts")
)
"""What ``validate`` counts in the bundled data: "37 events, 12 editions, ..."."""


def test_never_in_a_pipe_nor_with_quiet(here: Path) -> None:
    with pipes(here, 4) as (piped, quiet, short, control):
        runs = {
            "piped": Run(["validate", str(piped)], here, terminal=False),
            "quiet": Run(["validate", "--quiet", str(quiet)], here, terminal=True),
            "short": Run(["validate", "-q", str(short)], here, terminal=True),
        }
        # Started last, shown first: by then the others have waited as long, or longer.
        witness = Run(["validate", str(control)], here, terminal=True)
        witness.read_until(f"Reading {control}".encode())
        for pipe in (piped, quiet, short, control):
            feed(pipe)
        _, seen, _ = witness.finish()
        assert bar_shown(seen, control), seen[-2000:]
        for name, run in runs.items():
            code, shown, stdout = run.finish()
            data = {"piped": piped, "quiet": quiet, "short": short}[name]
            assert code == 0, name
            assert stdout == b"", name
            sentence = f"{data}: valid ({COUNTS})"
            assert shown.replace(b"\r\n", b"\n") == f"{sentence}\n".encode(), name


def test_work_that_ends_first_draws_nothing_at_all(monkeypatch: pytest.MonkeyPatch) -> None:
    # On a terminal, without --quiet: the display waits for its timer, and a step that ends
    # first cancels it, so quick work writes not one byte for it.
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    written = Terminal()
    monkeypatch.setattr(sys, "stderr", written)
    monkeypatch.setattr(progress_module, "SHOW_AFTER", BOUND)  # never before the steps end
    progress = Progress()
    timers = []
    for _ in range(3):
        with progress.step("Reading"), progress.step("Checking"):
            timers.append(progress._timer)
    for timer in timers:
        assert timer is not None
        timer.join(BOUND)  # cancelled: it ends at once
        assert not timer.is_alive()
    assert written.getvalue() == ""
    assert len(set(map(id, timers))) == 3  # one timer a piece of work, none left behind


def test_off_draws_nothing_and_starts_no_timer(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stderr", Terminal())
    quiet = Progress(wanted=False)
    with quiet.step("Reading"):
        assert quiet._timer is None
    monkeypatch.setattr(sys, "stderr", io.StringIO())  # a pipe or a file
    piped = Progress()
    with piped.step("Reading"):
        assert piped._timer is None


@pytest.mark.parametrize(
    ("command", "shown"),
    [
        (["export", "sqlite", "{out}"], "Writing {out}"),
        (["timeline", "--svg", "{out}"], "Drawing and writing {out}"),
    ],
    ids=["export", "timeline"],
)
def test_writing_shows_progress_until_the_file_is_written(
    here: Path, command: list[str], shown: str
) -> None:
    # The output is a named pipe: writing it waits until the test reads it.
    out = here / "out.fifo"
    os.mkfifo(out)
    args = [arg.replace("{out}", str(out)) for arg in command]
    run = Run(args, here, terminal=True)
    run.read_until(shown.replace("{out}", str(out)).encode())
    with open(out, "rb") as reader:
        written = reader.read()
    code, seen, stdout = run.finish()
    assert shown.replace("{out}", str(out)).encode() in seen, seen[-2000:]
    assert "━".encode() in seen
    # Erased before the program says what it wrote: that line comes after the display's last.
    assert seen.rsplit(b"\x1b[2K", 1)[1].replace(b"\x1b[?25h", b"") == f"Wrote {out}\r\n".encode()
    assert (code, stdout) == (0, b"")
    plain = here / ("plain.db" if command[0] == "export" else "plain.svg")
    done = subprocess.run(
        [*COMMAND, *[str(plain) if arg == str(out) else arg for arg in args]],
        capture_output=True,
        env=process_env({}),
        timeout=BOUND,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    if command[0] == "timeline":
        assert written == plain.read_bytes()  # the same picture with the display or without
    else:
        assert written[:16] == b"SQLite format 3\x00"
        assert len(written) == plain.stat().st_size
