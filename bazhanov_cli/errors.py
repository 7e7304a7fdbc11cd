"""The few typed failures the CLI turns into exit codes, in one place (cli.py)."""

from __future__ import annotations


class BazhanovError(Exception):
    """An expected failure: a one-line message for the user and an exit code."""

    exit_code = 1


class UsageError(BazhanovError):
    """The command line asked for something that cannot be (exit 2)."""

    exit_code = 2


class DataError(BazhanovError):
    """A data file is missing, unreadable or not a valid biography (exit 1).

    ``problems`` lists every problem as ``json.path: message``; the message of
    the exception itself is one line, for commands that only need to fail.
    """

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        first = problems[0] if problems else "unknown problem"
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{source}: {first}{more}")


class NotFoundError(BazhanovError):
    """An id that names nothing in the data (exit 1); the message suggests the closest."""
