"""The exit codes and the few typed failures ``application.BazhanovGroup.main`` turns into them."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum

from .model import JsonPath, json_path


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

    ``located`` holds every problem with the JSON path of the bad value (None for
    the file as a whole: missing, empty, not JSON), in file order; ``problems`` says each in a line,
    ``events[3].date: message``. The exception's own message is one line naming the
    file, for commands that only need to fail.
    """

    def __init__(self, file: str, located: Sequence[tuple[JsonPath | None, str]]) -> None:
        self.file = file
        self.located = located
        self.problems = [
            message if where is None else f"{json_path(where)}: {message}"
            for where, message in located
        ]
        first = self.problems[0] if self.problems else "unknown problem"
        more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
        super().__init__(f"{file}: {first}{more}")

    @classmethod
    def of_file(cls, file: str, message: str) -> DataError:
        """A problem with the file as a whole: missing, empty, not JSON."""
        return cls(file, [(None, message)])


class NotFoundError(BazhanovError):
    """An id that names nothing in the data; the message suggests the closest."""


class OutputError(BazhanovError):
    """stdout cannot be written: a full disk, a closed or read-only stream."""
