"""One read-only SQL query on a database, with a time limit: what ``bazhanov sql`` runs.

Read-only for real, by SQLite's own authorizer rather than a keyword filter: every
statement is checked as SQLite compiles it, and only reading is allowed (SELECT, reading
a column, calling a function, a recursive CTE, and the pragmas that only report). So a
write, ``ATTACH`` (which could create a file), ``VACUUM INTO``, a pragma that changes
anything and ``load_extension`` are refused before anything runs, while a string that
merely says ``'ATTACH'`` is just a string. ``PRAGMA query_only`` is set as well, and
loading extensions is switched off where Python offers the switch. A progress handler
interrupts a query that runs longer than its time limit.

Every bound is stated here, by name, and checked before or while the work is done, never
after: the time limit covers compiling, running and fetching; the rows and bytes fetched
are counted as they come (``ROW_LIMIT``, ``BYTE_LIMIT``); no value SQLite makes may be
longer than ``LENGTH_LIMIT`` (``SQLITE_LIMIT_LENGTH``); and ``printf()``/``format()``,
which SQLite runs in one call that no progress handler can interrupt and which return
NULL without a word when their result is too long, are checked before they run.

A stopping signal (Ctrl-C, SIGTERM, SIGHUP: a ``KeyboardInterrupt``) that lands while
SQLite runs is never turned into an "interrupted" error of ours: it is raised again.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from contextlib import closing
from typing import TYPE_CHECKING

from ..errors import UsageError

if TYPE_CHECKING:
    import sqlite3

TIME_LIMIT = 5.0
"""Seconds a query may take, compiled, run and its rows fetched, before it is interrupted."""
ROW_LIMIT = 100_000
"""The most rows a result may have; a query with more is refused (``LIMIT`` or ``--limit``)."""
TABLE_ROW_LIMIT = 1_000
"""The most rows ``bazhanov sql`` draws as a table (a table of 10,000 takes seconds to draw);
it shows the first ones and says so on stderr. The machine formats print up to ``ROW_LIMIT``."""
BYTE_LIMIT = 64 << 20
"""The most bytes of values a result may hold (64 MiB: text as UTF-8, a BLOB as hex)."""
LENGTH_LIMIT = 10_000_000
"""The longest string or BLOB a query may make, in bytes (SQLite's ``SQLITE_LIMIT_LENGTH``);
longer is an error, as ``zeroblob(1e9)`` is. Python 3.10 cannot set it: there ``HEAP_LIMIT``
alone bounds such a value."""
HEAP_LIMIT = 512 << 20
"""The most memory SQLite may hold (``PRAGMA hard_heap_limit``): a single call that makes a
huge value fails at once instead of taking gigabytes, on every Python. The limit is the
whole process's and SQLite only lets it be lowered, so ``run`` leaves it set (or a lower
one that was already set)."""

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
        *("analysis_limit", "application_id", "auto_vacuum", "automatic_index"),
        *("busy_timeout", "cache_size", "cache_spill", "cell_size_check"),
        *("checkpoint_fullfsync", "count_changes", "default_cache_size"),
        *("defer_foreign_keys", "empty_result_callbacks", "encoding", "foreign_keys"),
        *("freelist_count", "full_column_names", "fullfsync", "hard_heap_limit"),
        *("ignore_check_constraints", "journal_mode", "journal_size_limit"),
        *("legacy_alter_table", "locking_mode", "max_page_count", "mmap_size"),
        *("page_count", "page_size", "query_only", "read_uncommitted"),
        *("recursive_triggers", "reverse_unordered_selects", "schema_version"),
        *("secure_delete", "short_column_names", "soft_heap_limit", "synchronous"),
        *("temp_store", "threads", "trusted_schema", "user_version"),
        *("wal_autocheckpoint", "writable_schema"),
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
            *("ALTER TABLE", "REINDEX", "ANALYZE", "CREATE VIRTUAL TABLE", "DROP VIRTUAL TABLE"),
            "FUNCTION",
            *("SAVEPOINT", "RECURSIVE"),
        ],
        1,
    )
)
_CODES = {name: code for code, name in _ACTION_NAMES.items()}
_PRAGMA, _FUNCTION, _ATTACH = _CODES["PRAGMA"], _CODES["FUNCTION"], _CODES["ATTACH"]
_READING = frozenset({_CODES["SELECT"], _CODES["READ"], _CODES["RECURSIVE"]})
_NAMING = dict.fromkeys([*range(1, 18), 29, 30], "{what} {name}") | {
    _CODES["DELETE"]: "DELETE FROM {name}",
    _CODES["INSERT"]: "INSERT INTO {name}",
    _CODES["UPDATE"]: "UPDATE {name}",
}
"""The refused actions that name the table, view, index or trigger they act on."""
_SCHEMA_ROWS = frozenset({_CODES["INSERT"], _CODES["UPDATE"], _CODES["DELETE"]})
_SCHEMA_TABLES = frozenset({"sqlite_master", "sqlite_temp_master", "sqlite_schema"})
"""SQLite asks to change a row of its schema table before it asks for the statement itself
(``DROP TABLE`` asks to DELETE there first, ``CREATE`` to INSERT), and to UPDATE it when a
query first uses a table-valued function (``json_each``, ``pragma_table_info``). Those are
allowed here: the statement's own action is asked next and refused if it writes, and
``query_only`` stops any write that could remain."""
_DENIED_FUNCTIONS = frozenset({"load_extension", "fts3_tokenizer"})
"""Functions refused: one loads code, the other hands out (or takes) a raw C pointer."""
_SQLITE_INTERRUPT, _SQLITE_TOOBIG = 9, 18  # SQLite's result codes
_PRINTF = ("printf", "format")


class QueryError(UsageError):
    """The query cannot run: SQLite's reason, a refused write, the time limit or a bound."""


class Result:
    """The column names of a query's result and its rows, each a mapping of them."""

    __slots__ = ("columns", "rows")

    def __init__(self, columns: list[str], rows: list[dict[str, object]]) -> None:
        self.columns, self.rows = columns, rows


class _Run:
    """What happened while one query ran: refusals, the deadline, a stopping signal."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self.refused: list[str] = []  # what the authorizer refused, in order
        self.too_big: str | None = None  # why printf() or format() was not run
        self.running = False  # the statement runs: compiling is over
        self.timed_out = False
        self.stopped = False  # a KeyboardInterrupt (a stopping signal) landed in a callback

    def progress(self) -> int:
        """SQLite's progress handler: non-zero stops the query."""
        try:
            if time.monotonic() > self.deadline:
                self.timed_out = True
                return 1
            return 0
        except KeyboardInterrupt:
            self.stopped = True
            return 1

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise self.too_long()

    def too_long(self) -> QueryError:
        return QueryError(
            f"the query ran longer than {self.seconds:g} seconds and was interrupted"
            " (--time-limit SECONDS allows more)"
        )


def read_only(connection: sqlite3.Connection, watch: _Run | None = None) -> list[str]:
    """Make ``connection`` refuse everything but reading, and bound what its values may grow
    to; returns the list the refusals go to (``watch.refused``, when ``run`` passes one)."""
    import sqlite3

    watch = watch or _Run(TIME_LIMIT)
    # A connection made read-only before is made so again: first an authorizer that allows
    # everything (set_authorizer(None) clears one only from Python 3.11; on 3.10 it
    # installs None, which denies all), so that query_only can be set.
    connection.set_authorizer(lambda *_: sqlite3.SQLITE_OK)
    connection.execute("PRAGMA query_only = ON")
    switch = getattr(connection, "enable_load_extension", None)
    if switch is not None:
        switch(False)
    setlimit = getattr(connection, "setlimit", None)  # Python 3.11+
    if setlimit is not None:
        setlimit(sqlite3.SQLITE_LIMIT_LENGTH, LENGTH_LIMIT)
    for name in _PRINTF:
        connection.create_function(name, -1, _bounded_printf(name, watch))
    # The trace callback is called as the statement starts to run: an ATTACH asked for
    # after that is VACUUM's own (a user's ATTACH is asked for as it is compiled).
    connection.set_trace_callback(lambda _: setattr(watch, "running", True))

    def authorize(
        action: int, first: str | None, second: str | None, database: str | None, _: str | None
    ) -> int:
        try:
            return verdict(action, first, second)
        except KeyboardInterrupt:
            watch.stopped = True
            return sqlite3.SQLITE_DENY

    def verdict(action: int, first: str | None, second: str | None) -> int:
        if action in _READING:
            return sqlite3.SQLITE_OK
        if action in _SCHEMA_ROWS and (first or "").lower() in _SCHEMA_TABLES:
            return sqlite3.SQLITE_OK
        if action == _FUNCTION and (second or "").lower() not in _DENIED_FUNCTIONS:
            return sqlite3.SQLITE_OK
        name = (first or "").lower()
        if action == _PRAGMA and (
            name in _READ_PRAGMAS or (name in _SETTING_PRAGMAS and second is None)
        ):
            return sqlite3.SQLITE_OK
        what = _ACTION_NAMES.get(action, f"action {action}")
        if action in _NAMING:  # CREATE TABLE x, DROP VIEW x, DELETE FROM x, ...
            what = _NAMING[action].format(what=what, name=first)
        elif action == _PRAGMA:
            what += f" {first}" + (f" = {second}" if second is not None else "")
        elif action == _FUNCTION:
            what = f"call {second}()"
        elif action == _CODES["TRANSACTION"]:
            what = first or what  # BEGIN, COMMIT or ROLLBACK
        elif action == _ATTACH and watch.running:
            what = "VACUUM"  # which attaches a database of its own as it runs
        watch.refused.append(what)
        return sqlite3.SQLITE_DENY

    connection.set_authorizer(authorize)
    return watch.refused


def run(
    connection: sqlite3.Connection,
    query: str,
    *,
    seconds: float | None = None,
    limit: int | None = None,
) -> Result:
    """Run one read-only ``query``, for at most ``seconds`` (by default ``TIME_LIMIT``), and
    fetch its rows: at most ``limit`` of them when given, and never more than ``ROW_LIMIT``
    rows or ``BYTE_LIMIT`` bytes; a ``QueryError`` names why it could not.

    A ``KeyboardInterrupt`` (a stopping signal) while it runs is raised as one."""
    import sqlite3

    watch = _Run(TIME_LIMIT if seconds is None else seconds)
    read_only(connection, watch)
    connection.set_progress_handler(watch.progress, 1000)
    try:
        _limit_the_heap()
        cursor = connection.execute(query)
        columns = _unique([column[0] for column in cursor.description or ()])
        rows = _fetched(cursor, columns, watch, limit)
    except MemoryError:  # SQLite's "out of memory" at HEAP_LIMIT
        raise QueryError(
            f"SQL: out of memory: a query may hold at most {HEAP_LIMIT >> 20} MiB"
        ) from None
    except (sqlite3.Error, sqlite3.Warning) as error:
        code = getattr(error, "sqlite_errorcode", None)  # Python 3.11+
        if watch.stopped or (code == _SQLITE_INTERRUPT and not watch.timed_out):
            # Our handler asked for no interruption: a stopping signal landed in it.
            raise KeyboardInterrupt from None
        if watch.too_big is not None:
            raise QueryError(watch.too_big) from None
        if watch.refused:
            raise QueryError(
                f"bazhanov sql only reads: the query would {watch.refused[0]}, which is refused"
            ) from None
        if watch.timed_out:
            raise watch.too_long() from None
        if code == _SQLITE_TOOBIG:
            raise QueryError(
                f"SQL: {error}: a string or BLOB may be at most {LENGTH_LIMIT:,} bytes"
            ) from None
        raise QueryError(f"SQL: {error}") from None
    finally:
        connection.set_progress_handler(None, 0)
        connection.set_trace_callback(None)
    return Result(columns, rows)


def _limit_the_heap() -> None:
    """SQLite's heap held to ``HEAP_LIMIT`` (a lower limit already set stays)."""
    import sqlite3

    with closing(sqlite3.connect(":memory:")) as setter:  # the pragma is the process's
        setter.execute(f"PRAGMA hard_heap_limit = {HEAP_LIMIT}")


def _fetched(
    cursor: sqlite3.Cursor, columns: list[str], watch: _Run, limit: int | None
) -> list[dict[str, object]]:
    """The rows of ``cursor``, counted and timed as they come, never past a bound."""
    rows: list[dict[str, object]] = []
    size = 0
    wanted = ROW_LIMIT + 1 if limit is None else min(limit, ROW_LIMIT + 1)
    for row in cursor:  # one at a time: a row is counted before the next is made
        values = list(map(_value, row))
        size += sum(map(_size, values))
        if size > BYTE_LIMIT:
            raise QueryError(
                f"the result holds more than {BYTE_LIMIT >> 20} MiB, the most bazhanov sql "
                "prints: select fewer rows or columns (LIMIT, or --limit), or use export sqlite"
            )
        rows.append(dict(zip(columns, values, strict=True)))
        if len(rows) % 1000 == 0:
            watch.check_time()
        if len(rows) == wanted:
            break
    if len(rows) > ROW_LIMIT:
        raise QueryError(
            f"the result has more than {ROW_LIMIT:,} rows, the most bazhanov sql prints: "
            "add LIMIT to the query or --limit, or use export sqlite"
        )
    return rows


def _size(value: object) -> int:
    """About how many bytes a value takes printed: its text, a list's items (a list
    column, decoded), or 8 for a number or NULL."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list):
        return 2 + sum(map(_size, value))
    return 8


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


# A conversion of SQLite's printf: flags, a width and a precision (digits or *), a type.
_CONVERSION = re.compile(r"%([-+ #!0,]*)(\*|\d*)(?:\.(\*|\d*))?(l{0,2})([a-zA-Z%])?")
_NUMBER_TEXT = 400  # the longest number printf writes, precision aside (%f of 1e308)


def printf_size(text: str, args: Sequence[object]) -> int:
    """At most how many bytes SQLite's ``printf(text, *args)`` makes: before it runs."""
    size = len(text.encode("utf-8", "surrogatepass"))
    remaining = iter(args)

    def star(given: str) -> int:
        if given != "*":
            return int(given or 0)
        value = next(remaining, 0)
        try:
            return abs(int(value)) if isinstance(value, (int, float, str)) else 0
        except (ValueError, OverflowError):
            return 0

    for conversion in _CONVERSION.finditer(text):
        _, width, precision, _, kind = conversion.groups()
        wide, exact = star(width), star(precision or "")
        if kind is None or kind == "%":
            size += max(wide, exact)
            continue
        value = next(remaining, None)
        if isinstance(value, str):  # %q doubles each quote, %Q adds two
            shown = len(value.encode("utf-8", "surrogatepass")) * 2 + 2
        else:
            shown = len(value) * 2 + 2 if isinstance(value, bytes) else _NUMBER_TEXT
        if kind == "c":  # %.Nc: the first character of the value, N times, in UTF-8
            first = (value if isinstance(value, str) else str(value))[:1]
            repeated = exact * max(1, len(first.encode("utf-8", "surrogatepass")))
        else:
            repeated = exact
        size += wide + repeated + shown
    return size


_Cell = str | bytes | int | float | None


def _bounded_printf(name: str, watch: _Run) -> Callable[..., _Cell]:
    """SQLite's own ``printf``/``format``, run once ``printf_size`` says it stays in bounds."""
    import sqlite3

    helper: list[sqlite3.Connection] = []

    def call(*args: _Cell) -> _Cell:
        try:
            if not args or args[0] is None:
                return None
            text = (
                str(args[0]) if not isinstance(args[0], bytes) else args[0].decode(errors="replace")
            )
            size = printf_size(text, args[1:])
            if size > LENGTH_LIMIT:
                watch.too_big = (
                    f"{name}() would make a value of up to {size:,} bytes; "
                    f"a value may be at most {LENGTH_LIMIT:,} bytes"
                )
                raise ValueError(name)
            if not helper:
                helper.append(sqlite3.connect(":memory:", check_same_thread=False))
                if hasattr(helper[0], "setlimit"):
                    helper[0].setlimit(sqlite3.SQLITE_LIMIT_LENGTH, LENGTH_LIMIT)
            marks = ", ".join("?" * len(args))
            made: _Cell = helper[0].execute(f"SELECT {name}({marks})", args).fetchone()[0]
            if isinstance(made, str) and len(made) > LENGTH_LIMIT:  # Python 3.10: no setlimit
                watch.too_big = f"{name}() made a value longer than {LENGTH_LIMIT:,} bytes"
                raise ValueError(name)
            return made
        except KeyboardInterrupt:
            watch.stopped = True
            raise

    return call
