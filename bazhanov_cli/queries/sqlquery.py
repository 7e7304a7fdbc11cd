"""One read-only SQL query on a database, with a time limit: what ``bazhanov sql`` runs.

Read-only for real, by SQLite's own authorizer rather than a keyword filter: every
statement is checked as SQLite compiles it, and only reading is allowed (SELECT, reading
a column, calling a function, a recursive CTE, and the pragmas that only report). So a
write, ``ATTACH`` (which could create a file), ``VACUUM INTO``, a pragma that changes
anything and ``load_extension`` are refused before anything runs, while a string that
merely says ``'ATTACH'`` is just a string. ``PRAGMA query_only`` is set as well, and
loading extensions is switched off where Python offers the switch. A progress handler
interrupts a query that runs longer than its time limit.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from ..errors import UsageError

if TYPE_CHECKING:
    import sqlite3

TIME_LIMIT = 5.0
"""Seconds a query may run before it is interrupted."""

_READ_PRAGMAS = frozenset(
    {
        "collation_list",
        "compile_options",
        "database_list",
        "foreign_key_check",
        "foreign_key_list",
        "function_list",
        "index_info",
        "index_list",
        "index_xinfo",
        "integrity_check",
        "module_list",
        "pragma_list",
        "quick_check",
        "table_info",
        "table_list",
        "table_xinfo",
        "data_version",
    }
)
"""Pragmas that only report, whatever their argument (a table's name)."""

_SETTING_PRAGMAS = frozenset(
    {
        "application_id",
        "encoding",
        "foreign_keys",
        "freelist_count",
        "journal_mode",
        "page_count",
        "page_size",
        "query_only",
        "schema_version",
        "user_version",
    }
)
"""Pragmas that report without an argument and change something with one."""

# SQLite's authorizer action codes (sqlite.org/c3ref/c_alter_table.html), 1 to 33 in
# order: the names, for the message, and those a read-only query needs.
_ACTION_NAMES = dict(
    enumerate(
        [
            *("CREATE INDEX", "CREATE TABLE", "CREATE TEMP INDEX", "CREATE TEMP TABLE"),
            *("CREATE TEMP TRIGGER", "CREATE TEMP VIEW", "CREATE TRIGGER", "CREATE VIEW"),
            *("DELETE", "DROP INDEX", "DROP TABLE", "DROP TEMP INDEX", "DROP TEMP TABLE"),
            *("DROP TEMP TRIGGER", "DROP TEMP VIEW", "DROP TRIGGER", "DROP VIEW", "INSERT"),
            *("PRAGMA", "READ", "SELECT", "TRANSACTION", "UPDATE", "ATTACH", "DETACH"),
            *("ALTER TABLE", "REINDEX", "ANALYZE", "CREATE VTABLE", "DROP VTABLE", "FUNCTION"),
            *("SAVEPOINT", "RECURSIVE"),
        ],
        1,
    )
)
_CODES = {name: code for code, name in _ACTION_NAMES.items()}
_PRAGMA, _FUNCTION = _CODES["PRAGMA"], _CODES["FUNCTION"]
_READING = frozenset({_CODES["SELECT"], _CODES["READ"], _CODES["RECURSIVE"]})


class QueryError(UsageError):
    """The query cannot run: SQLite's reason, a refused write, or the time limit."""


class Result:
    """The column names of a query's result and its rows, each a mapping of them."""

    __slots__ = ("columns", "rows")

    def __init__(self, columns: list[str], rows: list[dict[str, object]]) -> None:
        self.columns, self.rows = columns, rows


def read_only(connection: sqlite3.Connection) -> list[str]:
    """Make ``connection`` refuse everything but reading; returns the list the refusals go to."""
    import sqlite3

    # A connection made read-only before is made so again: first an authorizer that allows
    # everything (set_authorizer(None) clears one only from Python 3.11; on 3.10 it
    # installs None, which denies all), so that query_only can be set.
    connection.set_authorizer(lambda *_: sqlite3.SQLITE_OK)
    connection.execute("PRAGMA query_only = ON")
    switch = getattr(connection, "enable_load_extension", None)
    if switch is not None:
        switch(False)
    refused: list[str] = []

    def authorize(
        action: int, first: str | None, second: str | None, database: str | None, _: str | None
    ) -> int:
        if action in _READING:
            return sqlite3.SQLITE_OK
        if action == _FUNCTION and (second or "").lower() != "load_extension":
            return sqlite3.SQLITE_OK
        name = (first or "").lower()
        if action == _PRAGMA and (
            name in _READ_PRAGMAS or (name in _SETTING_PRAGMAS and second is None)
        ):
            return sqlite3.SQLITE_OK
        what = _ACTION_NAMES.get(action, f"action {action}")
        if action == _PRAGMA:
            what += f" {first}" + (f" = {second}" if second is not None else "")
        elif action == _FUNCTION:
            what = f"{second}()"
        refused.append(what)
        return sqlite3.SQLITE_DENY

    connection.set_authorizer(authorize)
    return refused


def run(connection: sqlite3.Connection, query: str, *, seconds: float | None = None) -> Result:
    """Run one read-only ``query``, for at most ``seconds`` (by default ``TIME_LIMIT``);
    a ``QueryError`` names why it could not."""
    import sqlite3

    seconds = TIME_LIMIT if seconds is None else seconds
    refused = read_only(connection)
    deadline = time.monotonic() + seconds
    connection.set_progress_handler(lambda: int(time.monotonic() > deadline), 1000)
    try:
        cursor = connection.execute(query)
        columns = _unique([column[0] for column in cursor.description or ()])
        rows = [dict(zip(columns, map(_value, row), strict=True)) for row in cursor.fetchall()]
    except (sqlite3.Error, sqlite3.Warning) as error:
        if refused:
            raise QueryError(
                f"bazhanov sql only reads: the query would {refused[0]}, which is refused"
            ) from None
        if time.monotonic() > deadline:
            raise QueryError(
                f"the query ran longer than {seconds:g} seconds and was interrupted"
            ) from None
        raise QueryError(f"SQL: {error}") from None
    finally:
        connection.set_progress_handler(None, 0)
    return Result(columns, rows)


def _unique(columns: list[str]) -> list[str]:
    """Column names as keys: a repeated one gets ``_2``, ``_3`` (``SELECT 1 AS a, 2 AS a``)."""
    seen: dict[str, int] = {}
    named = []
    for column in columns:
        seen[column] = seen.get(column, 0) + 1
        named.append(column if seen[column] == 1 else f"{column}_{seen[column]}")
    return named


def _value(value: object) -> object:
    """A cell as JSON can carry it: a BLOB as its hexadecimal text."""
    return value.hex() if isinstance(value, bytes) else value
