"""The exit codes and the few typed failures ``bazhanov_cli.__main__.run`` turns into them."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import NamedTuple

JsonPath = tuple[str | int, ...]
"""Where a value is in a data file: ``("events", 3, "end")``."""
Located = tuple[JsonPath, str]
"""Where (``("events", 3, "end")``) and what, in words that quote the value: a problem as the
rules and the loader find it, before ``DataError`` writes its path as text."""


def json_path(where: JsonPath) -> str:
    """``("events", 3, "date")`` -> ``events[3].date``; the root is ``$``."""
    path = ""
    for part in where:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else part
    return path or "$"


class ExitCode(IntEnum):
    """What ``bazhanov`` exits with; README's table and the tests use these."""

    OK = 0
    DATA = 1  # a data or file problem, an unknown id, an output that cannot be written
    USAGE = 2  # the command line asks for something that cannot be


class BazhanovError(Exception):
    """An expected failure: a one-line message for the user and an exit code."""

    exit_code = ExitCode.DATA


class UsageError(BazhanovError, ValueError):
    """The command line asked for something that cannot be; to the library, a ValueError."""

    exit_code = ExitCode.USAGE


class Problem(NamedTuple):
    """One thing wrong with a data file, as ``validate --format json`` prints it."""

    path: str | None
    """The JSON path of the bad value (``events[3].title``); None for the file as a whole."""
    message: str
    """What is wrong, in words that quote the value."""

    def __str__(self) -> str:
        """``events[3].title: message``, or the message alone for the whole file."""
        return self.message if self.path is None else f"{self.path}: {self.message}"


class DataError(BazhanovError):
    """A data file is missing, unreadable or not a valid biography.

    ``problems`` holds every ``Problem``, in file order. The exception's own message
    is one line naming the file, for callers that only need to fail.
    """

    def __init__(self, file: str, located: Sequence[tuple[JsonPath | None, str]]) -> None:
        self.file = file
        self.problems = [
            Problem(None if where is None else json_path(where), message)
            for where, message in located
        ]
        first = str(self.problems[0]) if self.problems else "unknown problem"
        more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
        super().__init__(f"{file}: {first}{more}")

    @classmethod
    def of_file(cls, file: str, message: str) -> DataError:
        """A problem with the file as a whole: missing, empty, not JSON."""
        return cls(file, [(None, message)])


class NotFoundError(BazhanovError, LookupError):
    """An id that names nothing in the data; the message suggests the closest."""


class OutputError(BazhanovError):
    """stdout cannot be written: a full disk, a closed or read-only stream."""
