"""The SQLite export and ``bazhanov sql``: the database holds what the listings hold, and
a query may only read.

The clients (the sqlite3 shell, sqlite-utils, Datasette) are in tests/test_clients.py.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bazhanov_cli.model.items import Biography
from bazhanov_cli.model.loading import load_biography
from bazhanov_cli.output import sqlite as database
from bazhanov_cli.queries import lookup as queries
from bazhanov_cli.queries import sqlquery
from bazhanov_cli.queries.sqlquery import QueryError

from .conftest import DATA_FILE, invoke, invoke_json


@pytest.fixture
def connection(bio: Biography) -> Iterator[sqlite3.Connection]:
    built = database.connect(bio)
    yield built
    built.close()


def rows(connection: sqlite3.Connection, query: str) -> list[tuple[object, ...]]:
    return connection.execute(query).fetchall()


# --- the export ------------------------------------------------------------------------


def test_every_foreign_key_resolves(connection: sqlite3.Connection) -> None:
    assert rows(connection, "PRAGMA foreign_keys") == [(0,)]
    assert rows(connection, "PRAGMA foreign_key_check") == []
    assert rows(connection, "PRAGMA integrity_check") == [("ok",)]


def test_row_counts_are_the_listings(connection: sqlite3.Connection, bio: Biography) -> None:
    for table in ("events", "editions", "people", "places", "quotes", "sources"):
        listed = invoke_json(table, "--json")
        assert rows(connection, f"SELECT count(*) FROM {table}") == [(len(listed),)], table
    assert rows(connection, "SELECT count(*) FROM positions") == [(len(bio["facts"]["positions"]),)]
    people = sum(len(event["people"]) for event in bio["events"])
    places = sum(len(event["places"]) for event in bio["events"])
    assert rows(connection, "SELECT count(*) FROM event_people") == [(people,)]
    assert rows(connection, "SELECT count(*) FROM event_places") == [(places,)]
    cited = sum(
        len(item["provenance"])
        for kind in ("events", "editions", "people", "places", "quotes")
        for item in bio[kind]  # type: ignore[literal-required]
    )
    assert rows(connection, "SELECT count(*) FROM provenance WHERE kind != 'fact'") > [(cited,)]


def test_links_and_passages_keep_each_items_order(
    connection: sqlite3.Connection, bio: Biography
) -> None:
    """Stored in key order (WITHOUT ROWID), read back by position: each list as the data has it."""
    links = (("event_people", "people", "person_id"), ("event_places", "places", "place_id"))
    for table, key, column in links:
        stored: dict[str, list[object]] = {}
        for event_id, linked in rows(
            connection, f"SELECT event_id, {column} FROM {table} ORDER BY event_id, position"
        ):
            stored.setdefault(str(event_id), []).append(linked)
        assert stored == {e["id"]: e[key] for e in bio["events"] if e[key]}, table  # type: ignore[literal-required]
    passages: dict[tuple[object, object], list[dict[str, object]]] = {}
    for kind, item_id, source, section, paragraph in rows(
        connection,
        "SELECT kind, item_id, source, section, paragraph FROM provenance "
        "ORDER BY kind, item_id, position",
    ):
        passages.setdefault((kind, item_id), []).append(
            {"source": source, "section": section, "paragraph": paragraph}
        )
    for kind in ("event", "edition", "person", "place", "quote"):
        listed = bio["people" if kind == "person" else f"{kind}s"]  # type: ignore[literal-required]
        for item in listed:
            assert passages[(kind, item["id"])] == item["provenance"], (kind, item["id"])


def test_tables_without_rowid_lead_with_their_key() -> None:
    """``_fill`` sorts their rows as tuples to insert them in key order: that is key order
    only while the key's columns come first, in the key's order."""
    kept = [table for table in database.TABLES if table.without_rowid]
    assert [table.name for table in kept] == ["event_people", "event_places", "provenance"]
    for table in kept:
        (key,) = [c for c in table.constraints if c.startswith("PRIMARY KEY")]
        named = [name.strip() for name in key.removeprefix("PRIMARY KEY (").rstrip(")").split(",")]
        assert [name for name, _ in table.columns][: len(named)] == named, table.name


def test_events_are_the_listing_row_for_row(connection: sqlite3.Connection) -> None:
    listed = invoke_json("events", "--json")
    connection.row_factory = sqlite3.Row
    stored = rows(connection, "SELECT * FROM events ORDER BY date, coalesce(end, ''), rowid")
    for event, row in zip(listed, stored, strict=True):
        assert {key: row[key] for key in ("id", "date", "end", "title", "summary")} == {
            key: event[key] for key in ("id", "date", "end", "title", "summary")
        }
        assert (row["category"], row["attribution"]) == (event["category"], event["attribution"])
        names = connection.execute(
            "SELECT person_id FROM event_people WHERE event_id = ? ORDER BY position",
            (event["id"],),
        ).fetchall()
        assert [name["person_id"] for name in names] == event["people"]


def test_year_columns_are_the_years_an_event_touches(
    connection: sqlite3.Connection, bio: Biography
) -> None:
    years = rows(connection, "SELECT id, year_from, year_to FROM events")
    stored = {event_id: (first, last) for event_id, first, last in years}
    assert stored == {event["id"]: queries.event_years(event) for event in bio["events"]}
    in_1928 = rows(connection, "SELECT id FROM events WHERE year_from <= 1928 AND year_to >= 1928")
    assert sorted(event_id for (event_id,) in in_1928) == sorted(
        event["id"] for event in invoke_json("events", "--year", "1928", "--json")
    )


def test_fts5_finds_what_the_text_says(connection: sqlite3.Connection, bio: Biography) -> None:
    found = rows(
        connection,
        "SELECT e.id FROM events_fts JOIN events AS e ON e.rowid = events_fts.rowid "
        "WHERE events_fts MATCH 'trotsky'",
    )
    expected = {
        event["id"]
        for event in bio["events"]
        if "trotsky" in (event["title"] + " " + event["summary"]).lower()
    }
    assert expected
    assert {event_id for (event_id,) in found} == expected
    said = rows(connection, "SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH 'stalin'")
    assert said[0][0] == sum("stalin" in q["text"].lower() for q in bio["quotes"])


def test_facts_and_licence_travel_with_the_data(connection: sqlite3.Connection) -> None:
    facts = dict(rows(connection, "SELECT field, value FROM facts"))
    assert facts["full_name"] == "Boris Georgiyevich Bazhanov"
    assert facts["age_at_death"] == 82
    assert json.loads(str(facts["citizenship"])) == ["France"]
    assert rows(connection, "SELECT date, place_id FROM facts WHERE field = 'born'") == [
        ("1900-08-09", "mogilev-podolskiy")
    ]
    assert ("article", "CC BY-SA 4.0") in rows(connection, "SELECT id, licence FROM sources")


def test_the_printed_schema_is_the_database(connection: sqlite3.Connection) -> None:
    result = invoke("schema", "sqlite")
    assert result.exit_code == 0
    assert result.stdout == database.ddl()
    fresh = sqlite3.connect(":memory:")
    fresh.executescript(result.stdout)
    shape = "SELECT type, name, sql FROM sqlite_master ORDER BY name"
    assert rows(fresh, shape) == rows(connection, shape)
    named = database.names()
    for table, columns in named.items():
        if columns:
            info = [row[1] for row in rows(connection, f"PRAGMA table_info({table})")]
            assert info == columns, table


def test_views_answer(connection: sqlite3.Connection) -> None:
    decades = rows(connection, "SELECT sum(events) FROM events_per_decade")
    assert decades == rows(connection, "SELECT count(*) FROM events")
    hedged = rows(connection, "SELECT count(*) FROM attributed WHERE kind = 'event'")
    assert hedged == rows(connection, "SELECT count(*) FROM events WHERE attribution IS NOT NULL")
    assert rows(connection, "SELECT count(*) FROM event_people_named") == rows(
        connection, "SELECT count(*) FROM event_people"
    )


def test_the_file_is_the_database(bio: Biography, tmp_path: Path) -> None:
    path = tmp_path / "b.db"
    database.write_database(bio, str(path))
    opened = sqlite3.connect(path)
    shape = "SELECT name FROM sqlite_master ORDER BY name"
    assert rows(opened, shape) == rows(database.connect(bio), shape)
    assert rows(opened, "SELECT count(*) FROM events") == [(len(bio["events"]),)]
    opened.close()


# --- read-only ---------------------------------------------------------------------------

TABLE_NAMES = [table.name for table in database.TABLES] + [
    f"{table}_fts" for table, _ in database.SEARCHED
]
WRITES = [
    "INSERT INTO {t} DEFAULT VALUES",
    "INSERT INTO {t} SELECT * FROM {t}",
    "DELETE FROM {t}",
    "UPDATE {t} SET {c} = {c}",
    "DROP TABLE {t}",
    "DROP VIEW attributed",
    "ALTER TABLE {t} RENAME TO x{v}",
    "CREATE TABLE x{v} (a)",
    "CREATE TEMP TABLE x{v} (a)",
    "CREATE TEMP VIEW x{v} AS SELECT 1",
    "CREATE INDEX x{v} ON {t} (rowid)",
    "CREATE TRIGGER x{v} AFTER INSERT ON {t} BEGIN SELECT 1; END",
    "CREATE VIRTUAL TABLE x{v} USING fts5(a)",
    "REINDEX",
    "REINDEX events",
    "ANALYZE {t}",
    "VACUUM",
    "BEGIN",
    "SAVEPOINT x{v}",
    "REPLACE INTO {t} SELECT * FROM {t}",
    "WITH w AS (SELECT 1) DELETE FROM {t}",
    "PRAGMA user_version = {v}",
    "PRAGMA journal_mode = WAL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA query_only = OFF",
    "PRAGMA writable_schema = ON",
    "PRAGMA schema_version = {v}",
    "PRAGMA temp_store_directory = '/tmp'",
    "PRAGMA incremental_vacuum",
    "PRAGMA optimize",
    "PRAGMA shrink_memory",
    "SELECT load_extension('x{v}')",
    "DETACH main",
]


@settings(max_examples=120, deadline=None)
@given(
    st.sampled_from(WRITES),
    st.sampled_from(TABLE_NAMES),
    st.integers(min_value=1, max_value=10**6),
    st.sampled_from(["{q}", "{q};", "  {q}", "{q} -- SELECT", "/* x */ {q}", "{Q}"]),
)
def test_every_write_is_refused(template: str, table: str, number: int, spacing: str) -> None:
    bundled = load_biography(None)
    built = database.connect(bundled)
    before = rows(built, "SELECT count(*), sum(length(sql)) FROM sqlite_master")
    query = template.format(t=table, v=number, c=database.names()[table][0])
    written = spacing.replace("{Q}", query.lower()).replace("{q}", query)
    with pytest.raises(QueryError) as refused:
        sqlquery.run(built, written)
    assert "ran longer" not in str(refused.value)
    built.set_authorizer(lambda *_: sqlite3.SQLITE_OK)  # None clears it only from 3.11
    assert rows(built, "SELECT count(*), sum(length(sql)) FROM sqlite_master") == before
    assert rows(built, f"SELECT count(*) FROM {table}") == rows(
        database.connect(bundled), f"SELECT count(*) FROM {table}"
    )
    assert rows(built, "PRAGMA user_version") == [(0,)]
    built.close()


@pytest.mark.parametrize(
    "query",
    [
        "ATTACH DATABASE '{path}' AS other",
        "ATTACH '{path}' AS other",
        "attach database 'file:{path}?mode=rwc' as other",
        "VACUUM INTO '{path}'",
    ],
)
def test_no_query_creates_a_file(
    connection: sqlite3.Connection, tmp_path: Path, query: str
) -> None:
    path = tmp_path / "made.db"
    with pytest.raises(QueryError, match="only reads"):
        sqlquery.run(connection, query.format(path=path))
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT 'ATTACH DATABASE x' AS said", [{"said": "ATTACH DATABASE x"}]),
        ("SELECT 'DELETE FROM events; DROP TABLE events' AS said",
         [{"said": "DELETE FROM events; DROP TABLE events"}]),
        ("SELECT count(*) AS n FROM events WHERE title LIKE '%attach%'", [{"n": 0}]),
        ("PRAGMA user_version", [{"user_version": 0}]),
        ("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) "
         "SELECT n FROM r", [{"n": 1}, {"n": 2}, {"n": 3}]),
    ],
)  # fmt: skip
def test_reading_is_allowed(
    connection: sqlite3.Connection, query: str, expected: list[dict[str, object]]
) -> None:
    assert sqlquery.run(connection, query).rows == expected


def test_read_only_pragmas_and_fts_match_are_allowed(connection: sqlite3.Connection) -> None:
    version = sqlquery.run(connection, "PRAGMA data_version").rows
    assert len(version) == 1
    assert isinstance(version[0]["data_version"], int)
    columns = sqlquery.run(connection, "PRAGMA table_info(events)").rows
    assert [column["name"] for column in columns] == database.names()["events"]
    found = sqlquery.run(
        connection, "SELECT rowid FROM events_fts WHERE events_fts MATCH 'defects' ORDER BY rank"
    )
    assert found.columns == ["rowid"]
    assert found.rows


def test_the_time_limit_interrupts(connection: sqlite3.Connection) -> None:
    forever = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT max(n) FROM r"
    started = time.monotonic()
    with pytest.raises(QueryError, match=r"ran longer than 0.3 seconds and was interrupted"):
        sqlquery.run(connection, forever, seconds=0.3)
    assert time.monotonic() - started < 3
    assert sqlquery.run(connection, "SELECT 1 AS one").rows == [{"one": 1}]  # usable after


def test_repeated_columns_and_blobs(connection: sqlite3.Connection) -> None:
    found = sqlquery.run(connection, "SELECT 1 AS a, 2 AS a, x'00ff' AS b")
    assert found.columns == ["a", "a_2", "b"]
    assert found.rows == [{"a": 1, "a_2": 2, "b": "00ff"}]


# --- the commands -----------------------------------------------------------------------

QUESTION = "SELECT id, date, title FROM events WHERE year_from <= 1928 AND year_to >= 1928"


def test_sql_json_is_the_rows() -> None:
    found = invoke_json("sql", QUESTION + " ORDER BY date", "--json")
    listed = invoke_json("events", "--year", "1928", "--fields", "id,date,title", "--json")
    assert found == sorted(listed, key=lambda event: event["date"])


def test_sql_in_every_format() -> None:
    query = "SELECT id, year, pages FROM editions ORDER BY id"
    expected = invoke_json("sql", query, "--format", "json")
    assert list(expected[0]) == ["id", "year", "pages"]
    lines = invoke("sql", query, "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line) for line in lines] == expected
    table = list(csv.DictReader(io.StringIO(invoke("sql", query, "-f", "csv").stdout)))
    assert [row["id"] for row in table] == [row["id"] for row in expected]
    assert [row["year"] or None for row in table] == [
        None if row["year"] is None else str(row["year"]) for row in expected
    ]
    markdown = invoke("sql", query, "--format", "markdown").stdout.splitlines()
    assert markdown[:2] == ["| id | year | pages |", "|---|---|---|"]
    assert len(markdown) == 2 + len(expected)
    shown = invoke("sql", query)
    assert shown.exit_code == 0
    assert shown.stdout.split()[:3] == ["id", "year", "pages"]
    assert all(row["id"] in shown.stdout for row in expected)


def test_sql_fields_and_limit() -> None:
    query = "SELECT id, title, year FROM editions ORDER BY id"
    every = invoke_json("sql", query, "--json")
    chosen = invoke_json("sql", query, "--json", "--fields", "year,id", "--limit", "2")
    assert chosen == [{"year": row["year"], "id": row["id"]} for row in every[:2]]
    unknown = invoke("sql", query, "--fields", "pages")
    assert unknown.exit_code == 2
    assert unknown.stderr == (
        "Error: unknown field 'pages' in --fields; valid fields: id, title, year\n"
    )


def test_sql_empty_result() -> None:
    empty = invoke("sql", "SELECT id FROM events WHERE 0")
    assert (empty.exit_code, empty.stdout, empty.stderr) == (0, "", "No rows.\n")
    assert invoke_json("sql", "SELECT id FROM events WHERE 0", "--json") == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("SELEC 1", 'SQL: near "SELEC": syntax error'),
        ("SELECT * FROM nowhere", "SQL: no such table: nowhere"),
        ("SELECT 1; SELECT 2", "SQL: You can only execute one statement at a time."),
        ("DELETE FROM events", "bazhanov sql only reads: the query would DELETE, which is refused"),
        ("ATTACH 'x.db' AS x", "bazhanov sql only reads: the query would ATTACH, which is refused"),
        (
            "PRAGMA journal_mode = delete",
            "bazhanov sql only reads: the query would PRAGMA journal_mode = delete, "
            "which is refused",
        ),
    ],
)
def test_sql_errors_are_one_line_exit_2(here: Path, query: str, message: str) -> None:
    result = invoke("sql", query)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"Error: {message}\n")
    assert os.listdir(here) == []


def test_sql_time_limit_from_the_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlquery, "TIME_LIMIT", 0.2)
    forever = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT max(n) FROM r"
    result = invoke("sql", forever)
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: the query ran longer than 0.2 seconds and was interrupted"
        " (--time-limit SECONDS allows more)\n"
    )


def test_sql_help_states_the_limit() -> None:
    assert "interrupted after 5 seconds" in " ".join(invoke("sql", "--help").stdout.split())
    assert sqlquery.TIME_LIMIT == 5.0


def test_sql_completes_tables_and_columns() -> None:
    from bazhanov_cli.cli.options import complete_sql

    assert complete_sql("SELECT * FROM even") == [
        "SELECT * FROM event",  # a column of quotes
        "SELECT * FROM event_id",  # a column of the link tables and a view
        "SELECT * FROM event_people",
        "SELECT * FROM event_people_named",
        "SELECT * FROM event_places",
        "SELECT * FROM events",
        "SELECT * FROM events_fts",
        "SELECT * FROM events_per_decade",
    ]
    assert "SELECT year_from" in complete_sql("SELECT year_f")
    assert complete_sql("SELECT zzz") == []


# --- export sqlite: the file -----------------------------------------------------------


def test_export_writes_the_database_and_metadata(here: Path, bio: Biography) -> None:
    result = invoke("export", "sqlite", "b.db", "--metadata", "metadata.json")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "Wrote b.db\nWrote metadata.json\n"
    assert sorted(os.listdir(here)) == ["b.db", "metadata.json"]  # no temporary file left
    opened = sqlite3.connect("b.db")
    assert rows(opened, "SELECT count(*) FROM events") == [(len(bio["events"]),)]
    assert rows(opened, "PRAGMA foreign_key_check") == []
    opened.close()
    metadata = json.loads(Path("metadata.json").read_text(encoding="utf-8"))
    assert metadata["license"] == "CC BY-SA 4.0"
    assert metadata["license_url"] == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert metadata["source_url"] == "https://en.wikipedia.org/wiki/Boris_Bazhanov"


def test_export_replaces_a_file_whole(here: Path, bio: Biography) -> None:
    Path("b.db").write_text("old", encoding="utf-8")
    os.chmod("b.db", 0o640)
    assert invoke("export", "sqlite", "b.db").exit_code == 0
    assert Path("b.db").read_bytes()[:16] == b"SQLite format 3\x00"
    assert os.stat("b.db").st_mode & 0o777 == 0o640
    assert os.listdir(here) == ["b.db"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--data", "data.json", "export", "sqlite", "data.json"),
            "Error: FILE 'data.json' is the same file as --data 'data.json'; "
            "writing it would destroy that one: give another file\n",
        ),
        (
            ("export", "sqlite", "out.db", "--metadata", "./out.db"),
            "Error: --metadata './out.db' is the same file as FILE 'out.db'; "
            "writing it would destroy that one: give another file\n",
        ),
        (
            ("export", "sqlite", "-"),
            "Error: export writes files: give a file name, not - for stdout\n",
        ),
        (
            ("export", "csv", "out.db"),
            "Error: Invalid value for 'FORMAT': 'csv' is not one of 'sqlite'.\n",
        ),
    ],
)
def test_export_refused_creates_no_file(here: Path, args: tuple[str, ...], message: str) -> None:
    Path("data.json").write_bytes(DATA_FILE.read_bytes())
    result = invoke(*args)
    assert (result.exit_code, result.stderr) == (2, message)
    assert os.listdir(here) == ["data.json"]
    assert Path("data.json").read_bytes() == DATA_FILE.read_bytes()


def test_export_all_or_nothing(here: Path) -> None:
    os.mkdir("folder")
    result = invoke("export", "sqlite", "b.db", "--metadata", "folder")
    assert result.exit_code == 1
    assert result.stderr == "Error: cannot write folder: Is a directory\n"
    assert os.listdir(here) == ["folder"]


def test_export_that_fails_leaves_nothing(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(bio: Biography, path: str) -> None:
        Path(path).write_bytes(b"half")
        raise OSError("database or disk is full")

    monkeypatch.setattr(database, "write_database", full)
    result = invoke("export", "sqlite", "b.db", "--metadata", "m.json")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: cannot write b.db: database or disk is full\n",
    )
    assert os.listdir(here) == []


def test_export_to_a_device_is_the_database(bio: Biography, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = invoke("export", "sqlite", str(fifo))
    reader.join(timeout=30)
    assert result.exit_code == 0, result.stderr
    assert received[0][:16] == b"SQLite format 3\x00"
    copy = tmp_path / "copy.db"
    copy.write_bytes(received[0])
    assert rows(sqlite3.connect(copy), "SELECT count(*) FROM events") == [(len(bio["events"]),)]


def test_the_attributed_view_is_what_claims_lists(connection: sqlite3.Connection) -> None:
    claims = invoke_json("claims", "--json")
    viewed = rows(connection, "SELECT kind, id, attribution FROM attributed")
    # A position's id in the database is its number; claims names the field that holds it.
    expected = {(c["kind"], c["id"], c["attribution"]) for c in claims if c["kind"] != "position"}
    assert {row for row in viewed if row[0] != "position"} == expected
    assert {row[0] for row in viewed} >= {"event", "person", "quote"}
