"""The SQLite export and ``bazhanov sql``: the database holds what the listings hold, and
a query may only read.

The clients (the sqlite3 shell, sqlite-utils, Datasette) are in tests/test_clients.py.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import resource
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bazhanov_cli.model import dates
from bazhanov_cli.model.items import Biography
from bazhanov_cli.model.loading import load_biography
from bazhanov_cli.output import sqlite as database
from bazhanov_cli.queries import lookup as queries
from bazhanov_cli.queries import sqlquery
from bazhanov_cli.queries.sqlquery import QueryError

from .conftest import COMMAND, DATA_FILE, invoke, invoke_json, process_env


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
    # SQL's text order is not date order ("1928" before "1928-01-01"): pair them by id.
    by_id = {row["id"]: row for row in rows(connection, "SELECT * FROM events")}
    assert sorted(by_id) == sorted(event["id"] for event in listed)
    for event in listed:
        row = by_id[event["id"]]
        assert {key: row[key] for key in ("id", "date", "end", "title", "summary")} == {
            key: event[key] for key in ("id", "date", "end", "title", "summary")
        }
        assert (row["category"], row["attribution"]) == (event["category"], event["attribution"])
        assert row["date_origin"] == event["date_origin"]  # ours, where the date is
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
    # An approximate date keeps its EDTF text and touches the years of its interval.
    assert rows(
        connection, "SELECT date, end, year_from, year_to FROM events WHERE date LIKE '%~'"
    ) == [("1939-11~", "1940-03~", 1939, 1940), ("1941-06~", None, 1941, 1941)]


def test_day_columns_are_the_days_a_date_can_mean(
    connection: sqlite3.Connection, bio: Biography
) -> None:
    def span(start: str | None, end: str | None) -> tuple[str | None, str | None]:
        if start is None:
            return None, None
        return dates.earliest(start).isoformat(), dates.latest(end or start).isoformat()

    stored = rows(connection, "SELECT id, day_from, day_to FROM events")
    assert {row[0]: row[1:] for row in stored} == {
        event["id"]: span(event["date"], event["end"]) for event in bio["events"]
    }
    stored = rows(connection, "SELECT id, day_from, day_to FROM quotes")
    assert {row[0]: row[1:] for row in stored} == {
        quote["id"]: span(quote["date"], None) for quote in bio["quotes"]
    }
    stored = rows(connection, "SELECT start, end, day_from, day_to FROM positions ORDER BY id")
    assert [row[2:] for row in stored] == [
        span(position["start"], position["end"]) for position in bio["facts"]["positions"]
    ]
    assert rows(connection, "SELECT day_from, day_to FROM events WHERE date LIKE '%~'") == [
        ("1939-11-01", "1940-03-31"),
        ("1941-06-01", "1941-06-30"),
    ]


def test_day_from_orders_an_approximate_month_before_its_later_days(bio: Biography) -> None:
    # Text order puts `1939-11~` after `1939-11-30` ("~" sorts after digits); the day
    # columns put it where the events listing does, at the start of its month.
    legion = next(event for event in bio["events"] if event["date"] == "1939-11~")
    later = {**legion, "id": "a-later-day", "date": "1939-11-05", "end": None}
    with_a_day = {**bio, "events": [*bio["events"], later]}
    connection = database.connect(cast(Biography, with_a_day))
    try:
        by_text = rows(connection, "SELECT id FROM events WHERE year_from = 1939 ORDER BY date")
        by_day = rows(
            connection, "SELECT id FROM events WHERE year_from = 1939 ORDER BY day_from, day_to"
        )
    finally:
        connection.close()
    listed = [event["id"] for event in queries.chronological(with_a_day["events"])]
    assert (
        [event_id for (event_id,) in by_day]
        == [event_id for event_id in listed if event_id in {legion["id"], "a-later-day"}]
        == [legion["id"], "a-later-day"]
    )
    assert [event_id for (event_id,) in by_text] == ["a-later-day", legion["id"]]


@pytest.mark.parametrize(
    "day", ["1900-08-09", "1923-08-09", "1928-01-01", "1928-05-01", "1939-12-01", "1941-06-22"]
)
def test_day_columns_find_what_may_include_a_day(connection: sqlite3.Connection, day: str) -> None:
    # docs/sql.md's question, answered as `at DAY` answers it: its certain and possible events.
    found = rows(
        connection, f"SELECT id FROM events WHERE day_from <= '{day}' AND day_to >= '{day}'"
    )
    answer = invoke_json("at", day, "--json")
    assert answer["events"] or answer["possible_events"]
    assert sorted(event_id for (event_id,) in found) == sorted(
        event["id"] for event in answer["events"] + answer["possible_events"]
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
    assert said[0][0] == sum(
        "stalin" in " ".join(filter(None, (q["text"], q["context"], q["source"]))).lower()
        for q in bio["quotes"]
    )


def test_fts5_stems_and_folds_as_search_does(
    connection: sqlite3.Connection, bio: Biography
) -> None:
    from bazhanov_cli.queries.search import search

    def matched(query: str) -> set[str]:
        found = connection.execute(
            "SELECT e.id FROM events_fts JOIN events AS e ON e.rowid = events_fts.rowid "
            "WHERE events_fts MATCH ?",
            (query,),
        ).fetchall()
        return {event_id for (event_id,) in found}

    # Porter stems: assassination, assassinated and the category assassination-attempt.
    expected = {"blumkin-assassination-plot", "stabbing-attempt-1937", "trotsky-assassinated"}
    assert matched("assassination") == expected
    searched = search(bio, "assassination", kinds=["event"], limit=None).hits
    assert expected <= {hit["id"] for hit in searched}
    assert matched("defected") >= {"defection", "agabekov-defects"}
    assert matched("lachaise") == matched("Lachaise") == {"death"}
    assert "death" in matched("Pere")  # diacritics removed: Père
    # Attributions are searched too.
    assert matched('"own recollection"') == {"stabbing-attempt-1937"}


def test_facts_and_licence_travel_with_the_data(connection: sqlite3.Connection) -> None:
    facts = dict(rows(connection, "SELECT field, value FROM facts"))
    assert facts["full_name"] == "Boris Georgiyevich Bazhanov"
    assert facts["age_at_death"] == 82
    assert json.loads(str(facts["citizenship"])) == ["France"]
    assert rows(connection, "SELECT date, place_id FROM facts WHERE field = 'born'") == [
        ("1900-08-09", "mogilev-podolskiy")
    ]
    assert ("article", "CC BY-SA 4.0") in rows(connection, "SELECT id, licence FROM sources")


def test_each_place_carries_its_location(connection: sqlite3.Connection, bio: Biography) -> None:
    stored = {
        row[0]: row[1:]
        for row in rows(
            connection,
            "SELECT id, latitude, longitude, geonames_id, feature, location_name,"
            " location_country, location_country_code, location_source, point,"
            " point_geonames_id, location_note"
            " FROM places",
        )
    }
    for place in bio["places"]:
        location = place["location"]
        assert location is not None
        assert stored[place["id"]] == (
            location["latitude"],
            location["longitude"],
            location["geonames_id"],
            location["feature"],
            location["name"],
            location["country"],
            location["country_code"],
            location["source"],
            location["point"],
            location["point_geonames_id"],
            location["note"],
        )
    # The coordinates are GeoNames', and say so through the sources table.
    assert rows(
        connection,
        "SELECT DISTINCT s.id, s.licence FROM places p JOIN sources s ON s.id = p.location_source",
    ) == [("geonames", "CC BY 4.0")]


def test_a_place_without_a_location_has_null_columns(bio: Biography) -> None:
    unlocated = {**bio, "places": [{**place, "location": None} for place in bio["places"]]}
    built = database.connect(unlocated)  # type: ignore[arg-type]
    try:
        assert rows(built, "SELECT count(*) FROM places WHERE latitude IS NOT NULL") == [(0,)]
    finally:
        built.close()


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
    places = rows(connection, "SELECT id, attribution FROM attributed WHERE kind = 'place'")
    assert places == [
        ("finland", "alleged"),
        ("berlin", "according to Bazhanov himself"),
        ("germany", "according to Bazhanov himself"),
    ]
    assert rows(
        connection,
        "SELECT id FROM places_fts JOIN places ON places.rowid = places_fts.rowid"
        " WHERE places_fts MATCH 'alleged'",
    ) == [("finland",)]
    # Search names are ours, and each says so: JSON objects a query can unnest.
    ours = rows(
        connection,
        "SELECT value ->> '$.name', value ->> '$.origin' FROM places, json_each(search_names)"
        " WHERE places.id = 'kiev'",
    )
    assert ours == [("Kyiv", "present-day English spelling, from the Ukrainian")]
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
    # Uninterrupted, the query never ends: the test would hang, not pass.
    with pytest.raises(QueryError, match=r"ran longer than 0.3 seconds and was interrupted"):
        sqlquery.run(connection, forever, seconds=0.3)
    assert sqlquery.run(connection, "SELECT 1 AS one").rows == [{"one": 1}]  # usable after


# What SQLite's authorizer reports for each kind of write, in the words of the refusal.
ACTIONS = [
    ("DROP TABLE events", "DROP TABLE events"),
    ("DROP TABLE IF EXISTS events_fts", "DROP VIRTUAL TABLE events_fts"),
    ("DROP VIEW attributed", "DROP VIEW attributed"),
    ("CREATE TABLE x (a)", "CREATE TABLE x"),
    ("CREATE TEMP TABLE x (a)", "CREATE TEMP TABLE x"),
    ("CREATE VIEW x AS SELECT 1", "CREATE VIEW x"),
    ("CREATE TEMP VIEW x AS SELECT 1", "CREATE TEMP VIEW x"),
    ("CREATE INDEX x ON events (date)", "CREATE INDEX x"),
    ("CREATE TRIGGER x AFTER INSERT ON events BEGIN SELECT 1; END", "CREATE TRIGGER x"),
    ("CREATE VIRTUAL TABLE x USING fts5(a)", "CREATE VIRTUAL TABLE x"),
    ("ALTER TABLE events RENAME TO x", "ALTER TABLE"),
    ("INSERT INTO events DEFAULT VALUES", "INSERT INTO events"),
    ("DELETE FROM events", "DELETE FROM events"),
    ("UPDATE events SET title = ''", "UPDATE events"),
    ("VACUUM", "VACUUM"),
    ("VACUUM INTO '/nonexistent/x.db'", "VACUUM"),
    ("ATTACH ':memory:' AS x", "ATTACH"),
    ("DETACH main", "DETACH"),
    ("BEGIN", "BEGIN"),
    ("REINDEX", "REINDEX"),
    ("ANALYZE", "CREATE TABLE sqlite_stat1"),  # SQLite asks for its statistics table first
    ("SAVEPOINT x", "SAVEPOINT"),
    ("PRAGMA user_version = 3", "PRAGMA user_version = 3"),
    ("SELECT load_extension('x')", "call load_extension()"),
    ("SELECT fts3_tokenizer('simple')", "call fts3_tokenizer()"),
    ("SELECT FTS3_TOKENIZER('porter')", "call fts3_tokenizer()"),
]


@pytest.mark.parametrize(("query", "action"), ACTIONS)
def test_a_refusal_names_what_the_query_would_do(
    connection: sqlite3.Connection, query: str, action: str
) -> None:
    with pytest.raises(QueryError) as refused:
        sqlquery.run(connection, query)
    assert str(refused.value) == (
        f"bazhanov sql only reads: the query would {action}, which is refused"
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT value FROM json_each('[1, 2]')", [{"value": 1}, {"value": 2}]),
        ("SELECT count(*) AS n FROM json_tree('{\"a\": [1, 2]}')", [{"n": 4}]),
        ("SELECT name FROM pragma_table_info('editions') WHERE pk", [{"name": "id"}]),
        ("SELECT count(*) > 0 AS some FROM pragma_index_list('events')", [{"some": 1}]),
        ("SELECT count(*) > 0 AS some FROM pragma_function_list", [{"some": 1}]),
        ("SELECT user_version FROM pragma_user_version", [{"user_version": 0}]),
        ("SELECT printf('%05.1f|%-3s|%d', 3.14159, 'a', 7) AS p", [{"p": "003.1|a  |7"}]),
        ("SELECT format('%q', 'it''s') AS p", [{"p": "it''s"}]),
        ("SELECT printf(NULL) AS p", [{"p": None}]),
        ("SELECT printf('') AS p", [{"p": None}]),  # SQLite's own answer
        ("SELECT length(printf('%.*c', 2e6, '😀')) AS n", [{"n": 2_000_000}]),
    ],
)
def test_read_only_functions_are_allowed(
    connection: sqlite3.Connection, query: str, expected: list[dict[str, object]]
) -> None:
    assert sqlquery.run(connection, query).rows == expected


def test_json_each_unnests_a_list_column(connection: sqlite3.Connection, bio: Biography) -> None:
    query = (
        "SELECT p.id, a.value AS alias FROM people AS p, json_each(p.aliases) AS a "
        "ORDER BY p.id, a.key"
    )
    expected = [
        {"id": person["id"], "alias": alias}
        for person in sorted(bio["people"], key=lambda person: person["id"])
        for alias in person["aliases"]
    ]
    assert sqlquery.run(connection, query).rows == expected


def test_every_table_valued_function_sqlite_has_only_reads(
    connection: sqlite3.Connection,
) -> None:
    # Every module SQLite offers: the eponymous ones (json_each, pragma_*, ...) are read by
    # name, and none may be refused as a write; the others need CREATE VIRTUAL TABLE.
    modules = [row["name"] for row in sqlquery.run(connection, "PRAGMA module_list").rows]
    assert {"json_each", "json_tree"} <= set(modules)
    # A pragma that reports is also a function, made as it is first used (pragma_table_info).
    pragmas = [row["name"] for row in sqlquery.run(connection, "PRAGMA pragma_list").rows]
    assert {"table_info", "index_list"} <= set(pragmas)
    refused = []
    for module in [*modules, *(f"pragma_{name}" for name in pragmas)]:
        try:
            sqlquery.run(connection, f"SELECT * FROM {module} LIMIT 1")
        except QueryError as error:
            refused += [(module, str(error))] if "only reads" in str(error) else []
    # PRAGMA optimize may run ANALYZE, which writes its statistics: the one refused.
    assert refused == [
        (
            "pragma_optimize",
            "bazhanov sql only reads: the query would PRAGMA optimize, which is refused",
        )
    ]


@pytest.mark.parametrize(
    "query",
    [
        "SELECT printf('%.*c', 1e9, 'x')",
        "SELECT printf('%1000000000d', 1)",
        "SELECT format('%*s', -2000000000, 'x')",
        "SELECT printf('%.*c%.*c', 6e6, 'x', 6e6, 'y')",
        "SELECT printf('%.*c', 3e6, '😀')",  # 12 MB of four-byte characters
        "SELECT printf('%s%s', x, x) FROM (SELECT printf('%.*c', 1.5e6, '😀') AS x)",
        "SELECT printf('%s%s', zeroblob(6e6), zeroblob(6e6))",
        "SELECT length(printf('%.*c', 1e9, 'x')) FROM events",
    ],
)
def test_printf_is_bounded_before_it_runs(connection: sqlite3.Connection, query: str) -> None:
    # SQLite's printf runs in one call no progress handler interrupts, and gives NULL
    # without a word past the length limit: it is checked before it runs.
    started = time.monotonic()
    with pytest.raises(QueryError, match=r"^(printf|format)\(\) would make a value of up to"):
        sqlquery.run(connection, query)
    assert time.monotonic() - started < 15  # it took 17-50 s to give NULL


@pytest.mark.parametrize(
    "query",
    [
        "SELECT zeroblob(1e9)",
        "SELECT randomblob(2e7)",
        "WITH RECURSIVE r(s) AS (SELECT 'x' UNION ALL SELECT s || s FROM r) SELECT max(s) FROM r",
        "SELECT group_concat(zeroblob(1e6)) FROM events",
        "SELECT replace(hex(zeroblob(4e6)), '0', 'xx')",
    ],
)
def test_no_value_outgrows_the_length_limit(connection: sqlite3.Connection, query: str) -> None:
    started = time.monotonic()
    if hasattr(connection, "setlimit"):
        with pytest.raises(QueryError, match=r"string or blob too big: .* at most 10,000,000"):
            sqlquery.run(connection, query)
    else:  # Python 3.10 cannot set the length limit: the heap and byte limits bound it
        try:
            rows = sqlquery.run(connection, query).rows
        except QueryError as error:
            said = str(error)
        else:
            said = ""
            assert sum(len(str(value)) for row in rows for value in row.values()) <= 64 << 20
        assert not said or re.search(r"out of memory: .* 512 MiB|more than 64 MiB", said)
    assert time.monotonic() - started < 15  # doubling took 18.7 s and 3.1 GB without it


def test_the_heap_limit_holds_for_the_whole_process(connection: sqlite3.Connection) -> None:
    sqlquery.run(connection, "SELECT 1")
    other = sqlite3.connect(":memory:")
    assert other.execute("PRAGMA hard_heap_limit").fetchone() == (sqlquery.HEAP_LIMIT,)
    other.close()


def test_the_rows_and_bytes_of_a_result_are_bounded(connection: sqlite3.Connection) -> None:
    counting = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT n FROM r"
    with pytest.raises(QueryError, match=r"more than 100,000 rows, the most bazhanov sql"):
        sqlquery.run(connection, counting)
    exactly = sqlquery.run(connection, counting + f" LIMIT {sqlquery.ROW_LIMIT}").rows
    assert exactly[-1] == {"n": sqlquery.ROW_LIMIT}
    assert sqlquery.run(connection, counting, limit=3).rows == [{"n": 1}, {"n": 2}, {"n": 3}]
    wide = "SELECT hex(zeroblob(4e6)) AS x FROM events, events"  # 8 MB a row
    with pytest.raises(QueryError, match=r"more than 64 MiB, the most bazhanov sql prints"):
        sqlquery.run(connection, wide)


def test_a_stop_in_the_progress_handler_is_a_keyboard_interrupt(
    connection: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A signal handler raises KeyboardInterrupt wherever Python code runs: in the progress
    # handler, SQLite would make it "interrupted"; the runner raises it again instead.
    calls = iter(range(10**9))

    def ticking() -> float:
        if next(calls) == 50:
            raise KeyboardInterrupt
        return 0.0

    monkeypatch.setattr(sqlquery.time, "monotonic", ticking)
    forever = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT max(n) FROM r"
    with pytest.raises(KeyboardInterrupt):
        sqlquery.run(connection, forever)


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
        (
            "DELETE FROM events",
            "bazhanov sql only reads: the query would DELETE FROM events, which is refused",
        ),
        ("ATTACH 'x.db' AS x", "bazhanov sql only reads: the query would ATTACH, which is refused"),
        (
            "DROP TABLE events",
            "bazhanov sql only reads: the query would DROP TABLE events, which is refused",
        ),
        ("VACUUM", "bazhanov sql only reads: the query would VACUUM, which is refused"),
        (
            "SELECT fts3_tokenizer('simple')",
            "bazhanov sql only reads: the query would call fts3_tokenizer(), which is refused",
        ),
        (
            "SELECT zeroblob(1e9)",
            # Python 3.10 cannot set SQLite's length limit: its heap limit says no instead.
            "SQL: string or blob too big: a string or BLOB may be at most 10,000,000 bytes"
            if hasattr(sqlite3.Connection, "setlimit")
            else "SQL: out of memory: a query may hold at most 512 MiB",
        ),
        (
            "SELECT printf('%.*c', 1e9, 'x')",
            "printf() would make a value of up to 1,000,000,008 bytes; "
            "a value may be at most 10,000,000 bytes",
        ),
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


def test_sql_time_limit_option() -> None:
    result = invoke("sql", "--time-limit", "0", "SELECT 1")
    assert result.exit_code == 2
    assert "'0' is not a whole number from 1 to 3600" in result.stderr
    assert invoke_json("sql", "--time-limit", "60", "SELECT 1 AS one", "--json") == [{"one": 1}]


def test_a_table_shows_its_first_rows_and_says_so() -> None:
    counting = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT n FROM r"
    shown = invoke("sql", counting + " LIMIT 5000", env={"COLUMNS": "40"})
    assert shown.exit_code == 0
    numbers = [int(line) for line in shown.stdout.split()[2:]]  # after "n" and the rule
    assert numbers == list(range(1, sqlquery.TABLE_ROW_LIMIT + 1))
    assert shown.stderr == (
        "Only the first 1,000 rows are shown in a table: --format csv or --json prints up "
        "to 100,000, and LIMIT or --limit chooses fewer.\n"
    )
    few = invoke("sql", counting, "--limit", "3")
    assert (few.stdout.split(), few.stderr) == (["n", "─", "1", "2", "3"], "")
    csv_rows = invoke("sql", counting + " LIMIT 5000", "--format", "csv")
    assert (csv_rows.stdout.split()[-1], csv_rows.stderr) == ("5000", "")


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
            "Error: Invalid value for 'FORMAT': 'csv' is not one of 'sqlite', 'geojson', 'lpf'.\n",
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


# --- export sqlite over a database with side files, or one in use (issue 29) -------------
# A database's journal or WAL belongs to the file beside it; a client with it open holds
# locks on it. A new file renamed over it would get the journal rolled back into it, or
# the WAL applied to it; so the old database is changed in place by SQLite's backup.


def old_database(path: Path, *, wal: bool = False) -> None:
    """A database that is not ours: one table, ``old``, of 2,000 rows of 500 bytes."""
    connection = sqlite3.connect(path, isolation_level=None)
    if wal:
        connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = OFF")  # a test's file: no syncing needed
    connection.execute("BEGIN")
    connection.execute("CREATE TABLE old (v)")
    connection.executemany("INSERT INTO old VALUES (randomblob(500))", [()] * 2000)
    connection.execute("COMMIT")
    connection.close()


CRASHED_WRITER = """
import os, sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("PRAGMA wal_autocheckpoint = 0")
connection.execute("PRAGMA synchronous = OFF")
connection.execute("PRAGMA cache_size = 1")  # changed pages spill into the file at once
connection.execute("BEGIN")
connection.execute("UPDATE old SET v = randomblob(600)")
connection.execute("CREATE TABLE written_by_the_crashed_writer (x)")
if sys.argv[2] == "commit":
    connection.execute("COMMIT")
os._exit(0)  # a crash: no rollback, no checkpoint, the side files stay
"""


def crash_a_writer(path: Path, commit: bool) -> None:
    """Leave ``path``'s side files as a crashed writer leaves them: a hot ``-journal``
    (rollback mode, mid-transaction) or a ``-wal`` of committed frames (WAL mode)."""
    import sys

    how = "commit" if commit else "crash"
    subprocess.run([sys.executable, "-c", CRASHED_WRITER, str(path), how], check=True, timeout=60)


def clients_see(path: Path) -> dict[str, tuple[object, ...]]:
    """What each client reads in ``path``: (integrity, events, the old table's presence)."""
    import shutil

    seen: dict[str, tuple[object, ...]] = {}
    query = (
        "SELECT count(*) FROM events",
        "SELECT count(*) FROM sqlite_master WHERE name IN ('old', 'written_by_the_crashed_writer')",
    )
    connection = sqlite3.connect(path)
    seen["python"] = (
        connection.execute("PRAGMA integrity_check").fetchone()[0],
        *(connection.execute(q).fetchone()[0] for q in query),
    )
    connection.close()
    shell = shutil.which("sqlite3")
    if shell is not None:
        done = subprocess.run(
            [shell, str(path), "PRAGMA integrity_check;", *(f"{q};" for q in query)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        lines = done.stdout.split()
        seen["sqlite3"] = (
            (lines[0], *map(int, lines[1:])) if done.returncode == 0 else (done.stderr.strip(),)
        )
    elif os.environ.get("BAZHANOV_REQUIRE_CLIENTS") == "1":
        pytest.fail("sqlite3 is not installed: apt-get install sqlite3")
    import sqlite_utils

    db = sqlite_utils.Database(path)
    names = set(db.table_names())
    seen["sqlite-utils"] = (
        db.execute("PRAGMA integrity_check").fetchone()[0],
        db["events"].count,
        len(names & {"old", "written_by_the_crashed_writer"}),
    )
    db.close()
    return seen


@pytest.mark.parametrize(
    ("mode", "commit"),
    [("rollback", False), ("wal", True), ("wal", False)],
    ids=["hot-journal", "wal-of-committed-frames", "wal-of-a-transaction-cut-short"],
)
def test_export_over_a_crashed_writers_side_files(
    mode: str, commit: bool, here: Path, bio: Biography
) -> None:
    old_database(here / "x.db", wal=mode == "wal")
    crash_a_writer(here / "x.db", commit)
    side = "x.db-journal" if mode == "rollback" else "x.db-wal"
    assert (here / side).stat().st_size > 0, "the crash left no side file"
    result = invoke("export", "sqlite", "x.db")
    assert (result.exit_code, result.stderr) == (0, "Wrote x.db\n")
    whole = ("ok", len(bio["events"]), 0)
    assert clients_see(here / "x.db") == dict.fromkeys(clients_see(here / "x.db"), whole)
    journal_mode = sqlite3.connect(here / "x.db").execute("PRAGMA journal_mode").fetchone()[0]
    assert journal_mode == ("wal" if mode == "wal" else "delete")  # as the user set it
    assert not [name for name in os.listdir(here) if name.endswith(".tmp")]


@pytest.mark.parametrize("side", ["x.db-journal", "x.db-wal"])
@pytest.mark.parametrize("target", ["missing", "not a database"])
def test_side_files_of_an_earlier_database_are_refused(side: str, target: str, here: Path) -> None:
    # `rm x.db` leaves x.db-wal behind; the next client would apply it to a new x.db.
    old_database(here / "earlier.db", wal=side.endswith("wal"))
    crash_a_writer(here / "earlier.db", commit=side.endswith("wal"))
    os.rename(here / f"earlier.db{side[4:]}", here / side)
    if target == "not a database":
        (here / "x.db").write_text("old\n", encoding="utf-8")
    before = {name: (here / name).read_bytes() for name in os.listdir(here)}
    result = invoke("export", "sqlite", "x.db")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: cannot write x.db: {side} is beside it, left by an earlier database, and "
        "the next client would apply it to the new one: remove it, or give another name\n"
    )
    assert {name: (here / name).read_bytes() for name in os.listdir(here)} == before


def test_empty_side_files_beside_a_new_database_are_harmless(here: Path, bio: Biography) -> None:
    Path("x.db-journal").touch()
    Path("x.db-wal").touch()
    assert invoke("export", "sqlite", "x.db").exit_code == 0
    assert clients_see(here / "x.db")["python"] == ("ok", len(bio["events"]), 0)


def test_export_into_a_database_keeps_its_inode_and_mode(here: Path, bio: Biography) -> None:
    old_database(here / "x.db")
    os.chmod("x.db", 0o640)
    inode = os.stat("x.db").st_ino
    assert invoke("export", "sqlite", "x.db").exit_code == 0
    assert (os.stat("x.db").st_ino, os.stat("x.db").st_mode & 0o777) == (inode, 0o640)
    assert sorted(os.listdir(here)) == ["x.db"]
    assert clients_see(here / "x.db")["python"] == ("ok", len(bio["events"]), 0)


def wait_for(condition: Callable[[], bool], program: subprocess.Popen[bytes]) -> None:
    """Until ``condition`` holds; a bound on a hang only, and the program must still run."""
    deadline = time.monotonic() + 120
    while not condition():
        assert program.poll() is None, program.communicate()
        assert time.monotonic() < deadline, "the condition never came"
        time.sleep(0.01)


def has_open(program: subprocess.Popen[bytes], path: Path) -> bool:
    """Whether ``program`` has ``path`` open (Linux's /proc): the export is at the file."""
    folder = Path(f"/proc/{program.pid}/fd")
    with contextlib.suppress(OSError):  # a descriptor closed while we look
        return any(os.path.realpath(link) == os.path.realpath(path) for link in folder.iterdir())
    return False


def test_a_reader_in_a_transaction_sees_the_old_database_then_the_new(
    here: Path, bio: Biography
) -> None:
    old_database(here / "x.db")
    reader = sqlite3.connect(here / "x.db", isolation_level=None)
    reader.execute("BEGIN")
    assert reader.execute("SELECT count(*) FROM old").fetchone() == (2000,)
    export = subprocess.Popen(
        [*COMMAND, "export", "sqlite", "x.db"],
        cwd=here,
        env=process_env({}),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        # The export has the database open: it waits for this reader to let go (or, if
        # it was only reading the header, will wait; either way the reader must see the
        # old database whole until its transaction ends, and the new one after).
        wait_for(lambda: has_open(export, here / "x.db"), export)
        assert reader.execute("SELECT count(*) FROM old").fetchone() == (2000,)
        assert reader.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        reader.execute("COMMIT")
        assert export.wait(timeout=120) == 0
        assert reader.execute("SELECT count(*) FROM events").fetchone() == (len(bio["events"]),)
        tables = {row[0] for row in reader.execute("SELECT name FROM sqlite_master")}
        assert "old" not in tables
    finally:
        reader.close()
        if export.poll() is None:
            export.kill()
        export.communicate()


def test_a_reader_of_a_wal_database_keeps_its_snapshot(here: Path, bio: Biography) -> None:
    old_database(here / "x.db", wal=True)
    reader = sqlite3.connect(here / "x.db", isolation_level=None)
    reader.execute("BEGIN")
    assert reader.execute("SELECT count(*) FROM old").fetchone() == (2000,)
    done = subprocess.run(
        [*COMMAND, "export", "sqlite", "x.db"],
        cwd=here,
        env=process_env({}),
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr  # WAL: a reader never stops a writer
    assert reader.execute("SELECT count(*) FROM old").fetchone() == (2000,)
    reader.execute("COMMIT")
    assert reader.execute("SELECT count(*) FROM events").fetchone() == (len(bio["events"]),)
    reader.close()
    assert clients_see(here / "x.db")["python"] == ("ok", len(bio["events"]), 0)


def test_a_database_locked_too_long_is_one_line_and_untouched(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old_database(here / "x.db")
    before = Path("x.db").read_bytes()
    monkeypatch.setattr(database, "LOCK_WAIT", 0.2)
    reader = sqlite3.connect(here / "x.db", isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM old").fetchone()
    try:
        result = invoke("export", "sqlite", "x.db", "--metadata", "m.json")
    finally:
        reader.close()
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: cannot write x.db: another program has the database open and locked "
        "(waited 0.2 seconds): try again when it is done\n"
    )
    assert Path("x.db").read_bytes() == before
    assert sorted(os.listdir(here)) == ["x.db"]  # no metadata, no journal, no temporary file


@pytest.mark.parametrize("page_size", [1024, 65536])
def test_a_wal_database_of_another_page_size(page_size: int, here: Path, bio: Biography) -> None:
    # SQLite copies into a WAL database only pages of its own size: the new one is built so.
    connection = sqlite3.connect("x.db", isolation_level=None)
    connection.execute(f"PRAGMA page_size = {page_size}")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("CREATE TABLE old (v)")
    connection.close()
    result = invoke("export", "sqlite", "x.db")
    assert (result.exit_code, result.stderr) == (0, "Wrote x.db\n")
    opened = sqlite3.connect("x.db")
    assert rows(opened, "PRAGMA page_size") == [(page_size,)]
    assert rows(opened, "PRAGMA journal_mode") == [("wal",)]
    assert rows(opened, "SELECT count(*) FROM events") == [(len(bio["events"]),)]
    opened.close()


# --- resources and signals, in a real process ----------------------------------------

FOREVER = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT max(n) FROM r"
MILLION = (
    "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 1000000) "
    "SELECT n, 'a little text' AS t FROM r"
)


def child(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*COMMAND, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=process_env({"COLUMNS": "80"}),
    )


MEASURE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:]).returncode\n"
    "used = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(used.ru_maxrss, used.ru_utime + used.ru_stime, file=sys.stderr)\n"
    "sys.exit(code)\n"
)
"""Runs a command and adds its peak memory (KiB) and CPU seconds as the last line of stderr.
A small process of its own starts it: Linux counts in a child's peak what it inherited from
its parent before exec, and pytest's process may be hundreds of megabytes."""


def measured(*args: str) -> tuple[int, bytes, bytes, float, float]:
    """``bazhanov ARGS``: exit code, stdout, stderr, peak memory in MB, CPU seconds."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *COMMAND, *args],
        capture_output=True,
        env=process_env({"COLUMNS": "80"}),
        timeout=300,  # bounds a hang only
    )
    *lines, usage = done.stderr.splitlines(keepends=True)
    kib, seconds = usage.split()
    return done.returncode, done.stdout, b"".join(lines), int(kib) / 1024, float(seconds)


needs_linux = pytest.mark.skipif(
    not Path("/proc/self/stat").exists(), reason="reads /proc and wait4's usage (Linux)"
)


@needs_linux
@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_a_million_rows_cost_seconds_and_megabytes(fmt: str) -> None:
    # Before: 83 s and 1.2 GB to draw a million rows. Now refused while fetched, or, in a
    # table, its first rows shown and the rest said: a few seconds, far under 300 MB.
    code, stdout, stderr, megabytes, seconds = measured("sql", MILLION, "--format", fmt)
    if fmt == "table":
        assert code == 0
        assert stdout.split()[-4:] == [b"1000", b"a", b"little", b"text"]
        assert stderr.startswith(b"Only the first 1,000 rows are shown")
    else:
        assert (code, stdout) == (2, b"")
        assert stderr == (
            b"Error: the result has more than 100,000 rows, the most bazhanov sql prints: "
            b"add LIMIT to the query or --limit, or use export sqlite\n"
        )
    assert megabytes < 300
    assert seconds < 20  # CPU seconds: a busy machine does not inflate them


def cpu_seconds(pid: int) -> float:
    """The CPU time a process has used so far (utime + stime of /proc/PID/stat)."""
    fields = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.fixture(scope="module")
def start_up_cpu() -> float:
    """The CPU seconds a whole trivial ``sql`` run takes: start, load, build, query, print."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([*COMMAND, "sql", "SELECT 1"], check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


@needs_linux
@pytest.mark.parametrize(
    ("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGHUP, 129)]
)
def test_a_signal_during_a_running_query_is_its_exit_code(
    signum: int, code: int, start_up_cpu: float
) -> None:
    # The query never ends and its time limit is far off. Once the child has used more CPU
    # than a whole trivial run needs (twice over, and a second more), it is in the query:
    # CPU time, unlike the clock, does not grow while a busy machine makes it wait.
    program = child("sql", "--time-limit", "3600", FOREVER)
    ready = 2 * start_up_cpu + 1
    deadline = time.monotonic() + 120  # bounds a hang only
    while cpu_seconds(program.pid) < ready:
        assert program.poll() is None, program.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.01)
    program.send_signal(signum)
    _, stderr = program.communicate(timeout=60)
    assert (program.returncode, stderr) == (code, b"")


# --- list columns: arrays, by their declared type ---------------------------------------

LIST_COLUMNS = {"people": ["aliases", "search_names"], "places": ["aliases", "search_names"]}


def test_sql_json_gives_list_columns_as_arrays_as_the_listings_do() -> None:
    for table, columns in LIST_COLUMNS.items():
        picked = ", ".join(["id", *columns])
        found = invoke_json("sql", f"SELECT {picked} FROM {table}", "--json")
        listed = invoke_json(table, "--fields", picked, "--json")
        assert sorted(found, key=lambda row: row["id"]) == sorted(listed, key=lambda r: r["id"])
        assert all(isinstance(row[column], list) for row in found for column in columns)
    # Through a subquery and as the other machine formats, the same arrays.
    query = "SELECT a FROM (SELECT aliases AS a FROM people WHERE id = 'stalin')"
    stalin = invoke_json("people", "--fields", "id,aliases", "--json")
    [aliases] = [row["aliases"] for row in stalin if row["id"] == "stalin"]
    assert invoke_json("sql", query, "--json") == [{"a": aliases}]
    assert json.loads(invoke("sql", query, "--format", "jsonl").stdout) == {"a": aliases}
    cell = next(csv.DictReader(io.StringIO(invoke("sql", query, "-f", "csv").stdout)))["a"]
    assert json.loads(cell) == aliases


def test_sql_text_that_looks_like_json_stays_text(tmp_path: Path) -> None:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    data["editions"][0]["title"] = "[1]"
    data["editions"][1]["note"] = '["a", "b"]'
    path = tmp_path / "looks.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    first, second = data["editions"][0]["id"], data["editions"][1]["id"]
    query = f"SELECT id, title, note FROM editions WHERE id IN ('{first}', '{second}')"
    rows = {row["id"]: row for row in invoke_json("--data", str(path), "sql", query, "--json")}
    assert rows[first]["title"] == "[1]"
    assert rows[second]["note"] == '["a", "b"]'
    # An expression over a list column has no declared type: its text, as SQLite made it.
    [row] = invoke_json(
        "sql", "SELECT aliases || '' AS a, '[1]' AS b FROM people LIMIT 1", "--json"
    )
    assert isinstance(row["a"], str)
    assert json.loads(row["a"]) == invoke_json("people", "--json")[0]["aliases"]
    assert row["b"] == "[1]"
    # A compound query's column is declared by its first SELECT: a later one's text that is
    # not JSON stays that text.
    query = "SELECT aliases AS a FROM people UNION ALL SELECT title FROM editions"
    values = [row["a"] for row in invoke_json("sql", query, "--json")]
    titles = [edition["title"] for edition in invoke_json("editions", "--json")]
    assert values[-len(titles) :] == titles


def test_export_metadata_names_the_database_as_datasette_does(here: Path) -> None:
    result = invoke("export", "sqlite", "my.data.sqlite3", "--metadata", "meta.json")
    assert result.exit_code == 0, result.stderr
    metadata = json.loads((here / "meta.json").read_text(encoding="utf-8"))
    [(name, served)] = metadata["databases"].items()
    assert name == "my.data"  # Datasette's name: the file's, less its suffix
    source = invoke_json("sources", "--json")[0]
    credit = {
        "license": source["licence"],
        "license_url": source["licence_url"],
        "source_url": source["url"],
    }
    for level in [metadata, served, *served["tables"].values()]:
        assert {key: level[key] for key in credit} == credit
        assert source["title"] in level["source"]
    tables = {row["name"] for row in invoke_json("sql", "SELECT name FROM sqlite_master", "--json")}
    assert set(served["tables"]) == {name for name in tables if not name.startswith("sqlite_")} - {
        name for name in tables if "_fts_" in name
    }


@settings(max_examples=25)
@given(
    aliases=st.lists(st.text(max_size=12), max_size=4),
    title=st.text(max_size=12),
)
def test_list_columns_read_back_as_lists_and_text_as_text(
    bio: Biography, aliases: list[str], title: str
) -> None:
    person = {**bio["people"][0], "aliases": aliases}
    edition = {**bio["editions"][0], "title": title}
    changed = {**bio, "people": [person], "editions": [edition]}
    with contextlib.closing(database.connect(changed, lists=True)) as connection:  # type: ignore[arg-type]
        assert sqlquery.run(connection, "SELECT aliases FROM people").rows == [{"aliases": aliases}]
        assert sqlquery.run(connection, "SELECT title FROM editions").rows == [{"title": title}]
