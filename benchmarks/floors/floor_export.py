# The export floor: what pydantic v2 and the standard library's sqlite3 need to validate a
# biography file (as floor_big.py does) and write its events as a SQLite database: the events,
# their people, places and passages (keyed, WITHOUT ROWID, in key order) and an FTS5 index of
# titles and summaries, in one transaction with no journal. argv: FILE DATABASE
import gc
import os
import sqlite3
import sys

gc.disable()
from typing import Annotated  # noqa: E402

from pydantic import BaseModel, ConfigDict, Field  # noqa: E402

PD = Annotated[str, Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]


class _M(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class Passage(_M):
    source: Slug
    section: str
    paragraph: int


class Event(_M):
    id: Slug
    date: PD
    end: PD | None = None
    title: str
    summary: str
    category: str
    section: str
    people: list[Slug] = []
    places: list[Slug] = []
    attribution: str | None = None
    provenance: list[Passage]


class Biography(_M):
    events: list[Event]


raw = open(sys.argv[1], "rb").read()
bio = Biography.model_validate_json(raw)
if os.path.exists(sys.argv[2]):
    os.remove(sys.argv[2])
db = sqlite3.connect(sys.argv[2], isolation_level=None)
db.execute("PRAGMA journal_mode = OFF")
db.execute("PRAGMA synchronous = OFF")
db.execute("PRAGMA cache_size = -262144")
db.executescript(
    """
    CREATE TABLE events (id TEXT PRIMARY KEY, date TEXT, end TEXT, year_from INTEGER,
      year_to INTEGER, title TEXT, summary TEXT, category TEXT, section TEXT, attribution TEXT);
    CREATE TABLE event_people (event_id TEXT, position INTEGER, person_id TEXT,
      PRIMARY KEY (event_id, position)) WITHOUT ROWID;
    CREATE TABLE event_places (event_id TEXT, position INTEGER, place_id TEXT,
      PRIMARY KEY (event_id, position)) WITHOUT ROWID;
    CREATE TABLE provenance (kind TEXT, item_id TEXT, position INTEGER, source TEXT,
      section TEXT, paragraph INTEGER, PRIMARY KEY (kind, item_id, position)) WITHOUT ROWID;
    CREATE VIRTUAL TABLE events_fts USING fts5(title, summary, content=events);
    BEGIN;
    """
)
db.executemany(
    "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [
        (e.id, e.date, e.end, int(e.date[:4]), int((e.end or e.date)[:4]), e.title, e.summary)
        + (e.category, e.section, e.attribution)
        for e in bio.events
    ],
)
db.executemany(
    "INSERT INTO event_people VALUES (?, ?, ?)",
    sorted((e.id, n, person) for e in bio.events for n, person in enumerate(e.people, 1)),
)
db.executemany(
    "INSERT INTO event_places VALUES (?, ?, ?)",
    sorted((e.id, n, place) for e in bio.events for n, place in enumerate(e.places, 1)),
)
db.executemany(
    "INSERT INTO provenance VALUES ('event', ?, ?, ?, ?, ?)",
    sorted(
        (e.id, n, p.source, p.section, p.paragraph)
        for e in bio.events
        for n, p in enumerate(e.provenance, 1)
    ),
)
db.execute("INSERT INTO events_fts (rowid, title, summary) SELECT rowid, title, summary FROM events")
db.execute("COMMIT")
db.close()
