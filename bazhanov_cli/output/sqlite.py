"""The biography as a SQLite database: its schema, declared once, and the export.

A library: ``connect(bio)`` builds the database in memory with the standard
library's ``sqlite3`` and returns the connection; ``write_database`` builds the file
``bazhanov export sqlite`` writes, and ``in_place`` changes an existing database
through SQLite's backup instead, so its journal, WAL and readers stay consistent;
``ddl()`` is what ``bazhanov schema sqlite``
prints. The schema is normalised: a table per kind, link tables for the events'
people and places, one ``provenance`` table for every item's passages, primary
and foreign keys declared. Dates stay the ISO text the data holds, with integer
``year_from``/``year_to`` beside them for range queries and the ISO days
``day_from``/``day_to`` (the first and last day a date can mean) for order and days
(text order puts ``1939-11~`` after ``1939-11-30``); FTS5 tables index the
titles, summaries, descriptions and quotations (each with ``content=`` its table,
as sqlite-utils makes them, so Datasette and sqlite-utils find them). ``sources``
carries each source's licence, and ``datasette_metadata`` says it Datasette's way.

``sqlite3`` is imported inside the functions: the names below cost nothing to
import (shell completion reads them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import partial
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from ..model.dates import first_day, last_day, year_of

if TYPE_CHECKING:
    import sqlite3

    from ..model.entries import AgeRange
    from ..model.items import Biography, Place, SourceRef
    from ..model.kinds import Item


class Table(NamedTuple):
    """A table: its name, its columns (name and declaration), its table constraints, and
    whether it is a ``WITHOUT ROWID`` table, stored in the order of its primary key."""

    name: str
    columns: tuple[tuple[str, str], ...]
    constraints: tuple[str, ...] = ()
    without_rowid: bool = False

    def create(self) -> str:
        body = [f"  {name} {declared}" for name, declared in self.columns]
        body += [f"  {constraint}" for constraint in self.constraints]
        kept = " WITHOUT ROWID" if self.without_rowid else ""
        return f"CREATE TABLE {self.name} (\n" + ",\n".join(body) + f"\n){kept};"


_SPAN = (
    ("year_from", "INTEGER"),
    ("year_to", "INTEGER"),
    ("day_from", "TEXT"),
    ("day_to", "TEXT"),
)
"""The columns of a dated row's span: the first and last year it touches, and the first and
last day it can mean, as ISO text (``1939-11~`` is 1939-11-01 to 1939-11-30)."""

JSON_LIST = "JSON TEXT"
"""The declared type of a column that holds a list, as JSON text: its affinity is TEXT (the
type names TEXT), and its first word, JSON, says what the text is, so a reader that decodes
by declared type (Python's ``sqlite3`` with ``PARSE_DECLTYPES`` and a ``JSON`` converter, as
``connect(bio, lists=True)`` and ``bazhanov sql`` do) gets the list back, while text that
merely looks like JSON in any other column (a title ``[1]``) stays text."""

TABLES: tuple[Table, ...] = (
    Table(
        "sources",
        (
            ("id", "TEXT PRIMARY KEY"),
            ("title", "TEXT NOT NULL"),
            ("publisher", "TEXT"),
            ("url", "TEXT"),
            ("licence", "TEXT NOT NULL"),
            ("licence_url", "TEXT"),
            ("supplies", "TEXT NOT NULL"),
        ),
    ),
    Table(
        "source_sections",
        (
            ("source", "TEXT NOT NULL REFERENCES sources(id)"),
            ("position", "INTEGER NOT NULL"),
            ("section", "TEXT NOT NULL"),
        ),
        ("PRIMARY KEY (source, section)",),
    ),
    Table(
        "places",
        (
            ("id", "TEXT PRIMARY KEY"),
            ("name", "TEXT NOT NULL"),
            ("aliases", f"{JSON_LIST} NOT NULL"),
            ("search_names", f"{JSON_LIST} NOT NULL"),
            ("present_day", "TEXT"),
            ("description", "TEXT NOT NULL"),
            ("attribution", "TEXT"),
            # The place's `location`, a column each (all null where it has none).
            ("latitude", "REAL"),
            ("longitude", "REAL"),
            ("geonames_id", "INTEGER"),
            ("feature", "TEXT"),
            ("location_name", "TEXT"),
            ("location_country", "TEXT"),
            ("location_country_code", "TEXT"),
            ("location_source", "TEXT REFERENCES sources(id)"),
            ("point", "TEXT"),
            ("point_geonames_id", "INTEGER"),
            ("location_note", "TEXT"),
        ),
    ),
    Table(
        "people",
        (
            ("id", "TEXT PRIMARY KEY"),
            ("name", "TEXT NOT NULL"),
            ("aliases", f"{JSON_LIST} NOT NULL"),
            ("search_names", f"{JSON_LIST} NOT NULL"),
            ("description", "TEXT NOT NULL"),
            ("attribution", "TEXT"),
        ),
    ),
    Table(
        "facts",
        (
            ("field", "TEXT PRIMARY KEY"),
            ("value", ""),
            ("date", "TEXT"),
            ("place_id", "TEXT REFERENCES places(id)"),
        ),
    ),
    Table(
        "positions",
        (
            ("id", "INTEGER PRIMARY KEY"),
            ("title", "TEXT NOT NULL"),
            ("start", "TEXT"),
            ("end", "TEXT"),
            *_SPAN,
            ("attribution", "TEXT"),
        ),
    ),
    Table(
        "events",
        (
            ("id", "TEXT PRIMARY KEY"),
            ("date", "TEXT NOT NULL"),
            ("end", "TEXT"),
            *_SPAN,
            ("age_min", "INTEGER"),  # his age over the event's days, as `events --json` has it
            ("age_max", "INTEGER"),
            ("date_origin", "TEXT"),
            ("title", "TEXT NOT NULL"),
            ("summary", "TEXT NOT NULL"),
            ("category", "TEXT NOT NULL"),
            ("section", "TEXT NOT NULL"),
            ("attribution", "TEXT"),
        ),
    ),
    Table(
        "event_people",
        (
            ("event_id", "TEXT NOT NULL REFERENCES events(id)"),
            ("position", "INTEGER NOT NULL"),
            ("person_id", "TEXT NOT NULL REFERENCES people(id)"),
        ),
        ("PRIMARY KEY (event_id, position)",),
        without_rowid=True,
    ),
    Table(
        "event_places",
        (
            ("event_id", "TEXT NOT NULL REFERENCES events(id)"),
            ("position", "INTEGER NOT NULL"),
            ("place_id", "TEXT NOT NULL REFERENCES places(id)"),
        ),
        ("PRIMARY KEY (event_id, position)",),
        without_rowid=True,
    ),
    Table(
        "editions",
        (
            ("id", "TEXT PRIMARY KEY"),
            ("title", "TEXT NOT NULL"),
            ("language", "TEXT"),
            ("credited_as", "TEXT NOT NULL"),
            ("year", "INTEGER"),
            ("publisher", "TEXT"),
            ("place", "TEXT"),
            ("translator", "TEXT"),
            ("note", "TEXT"),
            ("isbn", "TEXT"),
            ("pages", "INTEGER"),
        ),
    ),
    Table(
        "quotes",
        (
            ("id", "TEXT PRIMARY KEY"),
            ("text", "TEXT NOT NULL"),
            ("speaker", "TEXT REFERENCES people(id)"),
            ("source", "TEXT NOT NULL"),
            ("date", "TEXT"),
            *_SPAN,
            ("context", "TEXT NOT NULL"),
            ("attribution", "TEXT"),
            ("event", "TEXT REFERENCES events(id)"),
        ),
    ),
    Table(
        "provenance",
        (
            ("kind", "TEXT NOT NULL"),
            ("item_id", "TEXT NOT NULL"),
            ("position", "INTEGER NOT NULL"),
            ("source", "TEXT NOT NULL"),
            ("section", "TEXT NOT NULL"),
            ("paragraph", "INTEGER NOT NULL"),
        ),
        (
            "PRIMARY KEY (kind, item_id, position)",
            "FOREIGN KEY (source, section) REFERENCES source_sections(source, section)",
        ),
        without_rowid=True,
    ),
)
"""Every table, in an order in which each one's references come before it.

The link tables and ``provenance`` are ``WITHOUT ROWID``, SQLite's form for small rows
under a composite key: one b-tree, where a rowid table keeps two (rows, key index). A
key's columns come first, so rows sorted as tuples are in key order and each lands at
the end of the tree. On a 100,000-event file (475,000 such rows) the export takes 0.86
of the time it took with rowid tables, and the file is 18% smaller."""

_TABLE_NAMED = {table.name: table for table in TABLES}

SEARCHED: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("events", ("title", "summary", "category", "attribution")),
    ("editions", ("title", "note")),
    ("people", ("name", "description", "attribution")),
    ("places", ("name", "description", "attribution")),
    ("quotes", ("text", "context", "source", "attribution")),
)
"""The FTS5 tables: ``<table>_fts`` over these columns of the table."""

FTS_TOKENIZER = "porter unicode61 remove_diacritics 2"
"""How the FTS5 tables split and compare words, as ``search`` does: Unicode-aware words,
accents dropped (``Pere`` finds ``Père``), English stems (``assassination`` finds
``assassinated``), so ``MATCH`` and Datasette's search box find what ``search`` finds."""

VIEWS: tuple[tuple[str, str], ...] = (
    (
        "event_people_named",
        "SELECT e.id AS event_id, e.date, e.title, p.id AS person_id, p.name\n"
        "FROM event_people AS ep JOIN events AS e ON e.id = ep.event_id\n"
        "JOIN people AS p ON p.id = ep.person_id",
    ),
    (
        "events_per_decade",
        "SELECT year_from / 10 * 10 AS decade, category, count(*) AS events\n"
        "FROM events GROUP BY decade, category",
    ),
    (
        "attributed",
        "SELECT 'event' AS kind, id, title, attribution FROM events"
        " WHERE attribution IS NOT NULL\n"
        "UNION ALL SELECT 'person', id, name, attribution FROM people"
        " WHERE attribution IS NOT NULL\n"
        "UNION ALL SELECT 'place', id, name, attribution FROM places"
        " WHERE attribution IS NOT NULL\n"
        "UNION ALL SELECT 'position', CAST(id AS TEXT), title, attribution FROM positions"
        " WHERE attribution IS NOT NULL\n"
        "UNION ALL SELECT 'quote', id, text, attribution FROM quotes"
        " WHERE attribution IS NOT NULL",
    ),
)
"""Views that answer common questions: who is in which event, events by decade, the hedges."""


def ddl() -> str:
    """The schema as SQL: tables, FTS5 tables and views, as ``export sqlite`` creates them."""
    statements = [table.create() for table in TABLES]
    for table, columns in SEARCHED:
        statements.append(
            f"CREATE VIRTUAL TABLE {table}_fts USING fts5(\n  {', '.join(columns)}, "
            f"content=[{table}], tokenize='{FTS_TOKENIZER}'\n);"
        )
    statements += [f"CREATE VIEW {name} AS\n{query};" for name, query in VIEWS]
    return "\n\n".join(statements) + "\n"


def names() -> dict[str, list[str]]:
    """Each table's and view's columns (FTS5 tables: their own), for completion."""
    found = {table.name: [name for name, _ in table.columns] for table in TABLES}
    found |= {f"{table}_fts": list(columns) for table, columns in SEARCHED}
    found |= {name: [] for name, _ in VIEWS}
    return found


def connect(
    bio: Biography, page_size: int | None = None, *, lists: bool = False
) -> sqlite3.Connection:
    """A new in-memory database holding ``bio``: every table, its FTS5 index and the views
    (in pages of ``page_size`` bytes, SQLite's default if None).

    With ``lists``, a result column that is a ``JSON_LIST`` column (itself, through a view
    or a subquery) reads back as the list it holds, as the listings give it; an expression
    over one (``aliases || ''``, ``max(aliases)``) has no declared type and stays text. The
    ``JSON`` converter this needs is registered with ``sqlite3`` (its registry is the
    process's: a ``JSON`` converter of the caller's own is replaced).
    """
    import sqlite3

    detect = 0
    if lists:
        sqlite3.register_converter(JSON_LIST.split()[0], _decoded)
        detect = sqlite3.PARSE_DECLTYPES
    connection = sqlite3.connect(":memory:", isolation_level=None, detect_types=detect)
    if page_size is not None:
        connection.execute(f"PRAGMA page_size = {int(page_size)}")
    _fill(connection, bio)
    return connection


def write_database(bio: Biography, path: str) -> None:
    """The database of ``bio`` built in the empty (or new) file ``path``, as ``bazhanov
    export sqlite`` writes it (through ``files.BuiltAt``); ``OSError`` if it cannot be."""
    import sqlite3

    try:
        connection = sqlite3.connect(path, isolation_level=None)
        try:
            # Built once, then synced and renamed whole by the caller: no journal is needed.
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("PRAGMA synchronous = OFF")
            connection.execute("PRAGMA cache_size = -262144")  # KiB: the file is built in memory
            _fill(connection, bio)
        finally:
            connection.close()
    except sqlite3.Error as error:  # a full disk, a file that is not ours to write
        raise OSError(str(error)) from None


SIDE_FILES = ("-journal", "-wal")
"""What SQLite keeps beside a database ``NAME``: ``NAME-journal``, the old pages of a write
under way (a crashed writer leaves it, "hot"), and ``NAME-wal``, the new pages of a
database in WAL mode. The next client to open ``NAME`` applies either to it."""

LOCK_WAIT = 10.0
"""Seconds ``export sqlite`` waits for other clients of a database it changes to let go
(a reader in the middle of a query, a writer in the middle of a transaction)."""

_HEADER = b"SQLite format 3\x00"
_BUSY, _LOCKED = 5, 6  # SQLite's result codes for a lock held elsewhere


def in_place(bio: Biography, target: str) -> Callable[[], None] | None:
    """How ``export sqlite`` writes ``bio`` over the existing file ``target``
    (``files.BuiltAt.in_place``): never by renaming a new file over a database.

    A database's journal or WAL beside it belongs to the old file: renamed over it, a
    new file would get them applied, and a client with the old file open would read or
    write pages of the wrong one. So a database (or an empty file) is changed where it
    is, by SQLite itself, which first rolls a hot journal back and reads the WAL, then
    copies the new database over the old one in one transaction (its backup API),
    waiting for readers and writers as any writer does: a client sees the old database
    or the new one, whole, and a kill midway leaves a journal the next client rolls
    back. The file keeps its inode, owner, mode and journal mode (WAL stays WAL).

    Any other file is replaced by rename (None), unless a non-empty ``-journal`` or
    ``-wal`` is beside it, left by a database that was there: refused (``OSError``).
    """
    if not _is_database(target):
        refuse_side_files(target)
        return None
    page_size = _page_size(target)
    built = connect(bio, page_size)
    return partial(_copy_into, built, target)


def refuse_side_files(target: str) -> None:
    """``OSError`` if a non-empty SQLite journal or WAL is beside ``target``, a file that is
    not a database (or not there): the next client would apply it to the new one."""
    import os

    for suffix in SIDE_FILES:
        side = target + suffix
        try:
            size = os.stat(side).st_size
        except OSError:
            continue
        if size:
            raise OSError(
                f"{os.path.basename(side)} is beside it, left by an earlier database, and "
                "the next client would apply it to the new one: remove it, or give another name"
            )


def _is_database(path: str) -> bool:
    """Whether ``path`` is a SQLite database by its header, or empty (SQLite's empty database)."""
    try:
        with open(path, "rb") as file:
            start = file.read(len(_HEADER))
    except OSError:
        return False
    return start in (b"", _HEADER)


def _page_size(path: str) -> int | None:
    """The database's page size, which a copy into a WAL database must keep."""
    with open(path, "rb") as file:
        header = file.read(18)
    if len(header) < 18:
        return None
    size = int.from_bytes(header[16:18], "big")
    return 65536 if size == 1 else size


def _copy_into(built: sqlite3.Connection, target: str) -> None:
    """Copy the database ``built`` over the database ``target`` through SQLite's backup API,
    waiting at most ``LOCK_WAIT`` seconds for other clients; ``OSError`` if it cannot."""
    import sqlite3
    import time

    deadline = time.monotonic() + LOCK_WAIT

    def waited(status: int, remaining: int, total: int) -> None:
        if status in (_BUSY, _LOCKED) and time.monotonic() > deadline:
            raise OSError(
                f"another program has the database open and locked "
                f"(waited {LOCK_WAIT:g} seconds): try again when it is done"
            )

    try:
        try:
            into = sqlite3.connect(target, timeout=LOCK_WAIT, isolation_level=None)
            try:
                built.backup(into, progress=waited)
            finally:
                into.close()
        finally:
            built.close()
    except sqlite3.Error as error:  # a full disk, a damaged database
        raise OSError(str(error)) from None


def _fill(connection: sqlite3.Connection, bio: Biography) -> None:
    connection.executescript(ddl())
    connection.execute("BEGIN")  # one transaction: many times faster than a row each
    for table, rows in _rows(bio):
        spec = _TABLE_NAMED[table]
        marks = ", ".join("?" * len(spec.columns))
        ordered = sorted(rows, key=tuple) if spec.without_rowid else rows  # key order: TABLES
        connection.executemany(f"INSERT INTO {table} VALUES ({marks})", ordered)
    for table, columns in SEARCHED:
        listed = ", ".join(columns)
        connection.execute(
            f"INSERT INTO {table}_fts (rowid, {listed}) SELECT rowid, {listed} FROM {table}"
        )
    connection.execute("COMMIT")


def datasette_metadata(bio: Biography, database: str) -> dict[str, object]:
    """Datasette's ``metadata.json``: the title, and the licence and source of the data on
    the instance, on the database named ``database`` and on each of its tables and views.

    Datasette shows the instance's licence and source on its index, database and table
    pages, but a row page shows only its own table's: so every table says it too. Datasette
    names a database after its file, less the suffix (``bazhanov.db`` is ``bazhanov``).
    """
    main = bio["sources"][0]
    credit: dict[str, object] = {
        "license": main["licence"],
        "license_url": main["licence_url"],
        "source": f"{main['title']} ({main['publisher']})" if main["publisher"] else main["title"],
        "source_url": main["url"],
    }
    return {
        "title": f"{bio['facts']['full_name']}: a sourced biography",
        **credit,
        "description": "; ".join(
            f"{source['title']}: {source['licence']}" for source in bio["sources"]
        ),
        "databases": {
            database: {**credit, "tables": {table: dict(credit) for table in names()}},
        },
    }


def datasette_name(path: str) -> str:
    """The name Datasette gives the database in the file at ``path``: its name less the
    suffix."""
    return PurePath(path).stem


def _json(value: object) -> str:
    from pydantic_core import to_json

    return to_json(value).decode()


def _decoded(stored: bytes) -> object:
    """A ``JSON_LIST`` cell as the list it holds. A compound query (``UNION``) takes its
    columns' declared types from its first ``SELECT``, so a later one's cell may be other
    text: that stays the text it is."""
    import json

    try:
        return json.loads(stored)
    except ValueError:  # not JSON, or not UTF-8
        return stored.decode("utf-8", "replace")


def _span(
    start: str | None, end: str | None
) -> tuple[int | None, int | None, str | None, str | None]:
    """The ``_SPAN`` columns of a row dated from ``start`` to ``end`` (or on ``start``)."""
    if start is None:
        return None, None, None, None
    last = end or start
    return year_of(start), year_of(last), first_day(start), last_day(last)


def _ages(age: AgeRange | None) -> tuple[int | None, int | None]:
    return (None, None) if age is None else (age["min"], age["max"])


def _as_stored(table: str, items: Sequence[Mapping[str, Any]]) -> list[tuple[object, ...]]:
    """Rows of a table whose columns are its items' fields: a list stored as JSON text."""
    columns = [name for name, _ in _TABLE_NAMED[table].columns]
    return [
        tuple(
            _json(value) if isinstance(value, list) else value for value in map(item.get, columns)
        )
        for item in items
    ]


_LOCATION_COLUMNS = (
    ("latitude", "latitude"),
    ("longitude", "longitude"),
    ("geonames_id", "geonames_id"),
    ("feature", "feature"),
    ("location_name", "name"),
    ("location_country", "country"),
    ("location_country_code", "country_code"),
    ("location_source", "source"),
    ("point", "point"),
    ("point_geonames_id", "point_geonames_id"),
    ("location_note", "note"),
)
"""The places table's columns of a location, and the key of ``Location`` each holds."""


def _place_rows(places: Sequence[Place]) -> list[tuple[object, ...]]:
    """The places table's rows: the place's own fields, then its location's, flattened."""
    flattened = {column for column, _ in _LOCATION_COLUMNS}
    own = [name for name, _ in _TABLE_NAMED["places"].columns if name not in flattened]
    rows = []
    for place in places:
        values: list[object] = [
            _json(value) if isinstance(value, list) else value
            for value in (place.get(key) for key in own)
        ]
        location = place.get("location")
        values += [None if location is None else location.get(key) for _, key in _LOCATION_COLUMNS]
        rows.append(tuple(values))
    return rows


def _rows(bio: Biography) -> Iterator[tuple[str, Iterable[Sequence[object]]]]:
    """Each table's rows, in the order of ``TABLES``."""
    from ..queries.at import event_entries
    from ..queries.lookup import facts_entry

    yield "sources", _as_stored("sources", bio["sources"])
    yield (
        "source_sections",
        [
            (source["id"], number, section)
            for source in bio["sources"]
            for number, section in enumerate(source["sections"], 1)
        ],
    )
    yield "places", _place_rows(bio["places"])
    yield "people", _as_stored("people", bio["people"])
    facts = facts_entry(bio)
    fact_rows: list[Sequence[object]] = []
    for field in (
        "full_name",
        "native_name",
        "description",
        "born",
        "died",
        "resting_place",
        "citizenship",
        "citizenship_inferred",
        "age_at_death",
    ):
        value = facts[field]
        if isinstance(value, dict):  # a birth or death
            fact_rows.append((field, value["place"], value["date"], value["place_id"]))
        elif isinstance(value, list):
            fact_rows.append((field, _json(value), None, None))
        else:
            fact_rows.append((field, value, None, None))
    yield "facts", fact_rows
    positions = facts["positions"]
    yield (
        "positions",
        [
            (
                number,
                p["title"],
                p["start"],
                p["end"],
                *_span(p["start"], p["end"]),
                p["attribution"],
            )
            for number, p in enumerate(positions, 1)
        ],
    )
    events = bio["events"]
    yield (
        "events",
        [
            (
                e["id"],
                e["date"],
                e["end"],
                *_span(e["date"], e["end"]),
                *_ages(e["age"]),
                e["date_origin"],
                e["title"],
                e["summary"],
                e["category"],
                e["section"],
                e["attribution"],
            )
            for e in event_entries(bio, events)
        ],
    )
    yield (
        "event_people",
        [(e["id"], number, person) for e in events for number, person in enumerate(e["people"], 1)],
    )
    yield (
        "event_places",
        [(e["id"], number, place) for e in events for number, place in enumerate(e["places"], 1)],
    )
    yield "editions", _as_stored("editions", bio["editions"])
    yield (
        "quotes",
        [
            (
                q["id"],
                q["text"],
                q["speaker"],
                q["source"],
                q["date"],
                *_span(q["date"], None),
                q["context"],
                q["attribution"],
                q["event"],
            )
            for q in bio["quotes"]
        ],
    )
    by_field = cast("Mapping[str, list[SourceRef]]", facts["provenance"])
    cited = [("fact", field, refs) for field, refs in by_field.items()]
    cited += [("position", str(n), p["provenance"]) for n, p in enumerate(positions, 1)]
    items: tuple[tuple[str, Sequence[Item]], ...] = (
        ("event", events),
        ("edition", bio["editions"]),
        ("person", bio["people"]),
        ("place", bio["places"]),
        ("quote", bio["quotes"]),
    )
    cited += [(kind, item["id"], item["provenance"]) for kind, listed in items for item in listed]
    yield (
        "provenance",
        [
            (kind, item_id, number, ref["source"], ref["section"], ref["paragraph"])
            for kind, item_id, refs in cited
            for number, ref in enumerate(refs, 1)
        ],
    )
