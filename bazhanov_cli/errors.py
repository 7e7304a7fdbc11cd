"""The exit codes and the few typed failures the CLI turns into them (in ``cli.main``)."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """What ``bazhanov`` exits with; README's table and the tests use these."""

    OK = 0
    DATA = 1  # a data or file problem, an unknown id, an output that cannot be written
    USAGE = 2  # the command line asks for something that cannot be


class BazhanovError(Exception):
    """An expected failure: a one-line message for the user and an exit code."""

    exit_code = ExitCode.DATA


class UsageError(BazhanovError):
    """The command line asked for something that cannot be."""

    exit_code = ExitCode.USAGE


class DataError(BazhanovError):
    """A data file is missing, unreadable or not a valid biography.

    ``problems`` lists every problem as ``json.path: message``; the message of the
    exception itself is one line naming the file, for commands that only need to fail.
    """

    def __init__(self, where: str, problems: list[str]) -> None:
        self.problems = problems
        first = problems[0] if problems else "unknown problem"
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{where}: {first}{more}")


class NotFoundError(BazhanovError):
    """An id that names nothing in the data; the message suggests the closest."""
