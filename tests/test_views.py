"""Every view agrees: an attribution shown in one is shown in all, and every id printed is showable.

Each kind of item is turned into text in one place (render.py); these tests walk
every command that can show an attributed item and every id any command prints.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from bazhanov_cli.model.items import Biography, Event
from bazhanov_cli.output.views import ATTRIBUTED_MARK

from .conftest import DATA_FILE, invoke, invoke_json

# Wide enough that no title or attribution wraps: the tests look for whole phrases.
WIDE = {"COLUMNS": "400"}


def attributed_events(bio: Biography) -> list[Event]:
    events = [event for event in bio["events"] if event["attribution"]]
    assert len(events) >= 4, "the bundled data has attributed events to check"
    return events


def table(*args: str) -> str:
    result = invoke(*args, env=WIDE)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def shows_attribution(text: str, event: Event) -> bool:
    """The event's title, and below it the mark and who says so."""
    lines = [line for line in text.splitlines() if event["title"] in line]
    marked = f"{ATTRIBUTED_MARK} {event['attribution']}"
    return bool(lines) and marked in text


def test_the_events_table_marks_every_attributed_event(bio: Biography) -> None:
    everything = table("events")
    for event in attributed_events(bio):
        assert shows_attribution(everything, event), event["id"]
        year = event["date"][:4]
        assert shows_attribution(table("events", "--year", year), event), event["id"]


def test_show_marks_the_event_itself(bio: Biography) -> None:
    for event in attributed_events(bio):
        assert shows_attribution(table("show", event["id"]), event), event["id"]


def test_show_marks_it_among_the_related_events_of_each_person_and_place(bio: Biography) -> None:
    checked = 0
    for event in attributed_events(bio):
        for item_id in [*event["people"], *event["places"]]:
            page = table("show", item_id)
            assert "Related events" in page
            assert shows_attribution(page, event), f"show {item_id}: {event['id']}"
            checked += 1
    assert checked >= 4


def test_show_marks_it_as_a_quotes_event(bio: Biography) -> None:
    attributed = {event["id"]: event for event in attributed_events(bio)}
    quotes = [quote for quote in bio["quotes"] if quote["event"] in attributed]
    assert quotes, "some quotation belongs to an attributed event"
    for quote in quotes:
        event_id = quote["event"]
        assert event_id is not None
        assert shows_attribution(table("show", quote["id"]), attributed[event_id])


def test_search_marks_it_in_the_table_and_carries_it_in_json(bio: Biography) -> None:
    for event in attributed_events(bio):
        query = event["title"]
        assert shows_attribution(table("search", query, "--kind", "event"), event), event["id"]
        hits = invoke_json("search", query, "--kind", "event", "--json")
        hit = next(hit for hit in hits if hit["id"] == event["id"])
        assert hit["attribution"] == event["attribution"]


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "markdown"])
def test_every_machine_format_carries_it(bio: Biography, fmt: str) -> None:
    text = table("events", "--format", fmt)
    if fmt == "markdown":  # what the cells show: Markdown escapes a quote as \'
        text = re.sub(r"\\(.)", r"\1", text)
    for event in attributed_events(bio):
        assert event["attribution"] in text
    assert table("show", attributed_events(bio)[0]["id"], "--format", fmt).count(
        str(attributed_events(bio)[0]["attribution"])
    )


def test_the_timeline_marks_every_attributed_row(bio: Biography) -> None:
    lines = table("timeline", "--width", "160").splitlines()
    for event in attributed_events(bio):
        rows = [line for line in lines if event["title"][:20] in line]
        assert len(rows) == 1, event["id"]
        assert ATTRIBUTED_MARK in rows[0], rows[0]  # the bars never use it
    stated = next(event for event in bio["events"] if event["attribution"] is None)
    row = next(line for line in lines if stated["title"][:20] in line)
    assert ATTRIBUTED_MARK not in row


def test_an_attributed_position_is_marked_in_facts_and_show(tmp_path: Path) -> None:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    data["facts"]["positions"][0]["attribution"] = "according to a test"
    path = tmp_path / "data.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    for args in (["facts"], ["show", "positions"]):
        result = invoke("--data", str(path), *args, env=WIDE)
        assert result.exit_code == 0, result.stderr
        assert f"{ATTRIBUTED_MARK} according to a test" in result.stdout


# --- every id printed is one show accepts --------------------------------------------


def printed_ids() -> set[str]:
    """Every id any command prints: items, their references, facts and search hits."""
    # Each field of the infobox is an item; its sources are not.
    ids: set[str] = set(invoke_json("facts", "--json")) - {"provenance"}
    for event in invoke_json("events", "--json"):
        ids |= {event["id"], *event["people"], *event["places"]}
    ids |= {edition["id"] for edition in invoke_json("editions", "--json")}
    for entry in [*invoke_json("people", "--json"), *invoke_json("places", "--json")]:
        ids |= {entry["id"], *entry["events"]}
    for quote in invoke_json("quotes", "--json"):
        ids |= {quote["id"], quote["speaker"], quote["event"]} - {None}
    for query in ("Bazhanov", "Paris", "Lachaise", "Stalin", "1928", "born", "France"):
        ids |= {hit["id"] for hit in invoke_json("search", query, "--limit", "10000", "--json")}
    return ids


def test_every_printed_id_is_accepted_by_show() -> None:
    ids = printed_ids()
    assert {"resting_place", "positions", "born", "age_at_death", "defection"} <= ids
    for item_id in sorted(ids):
        result = invoke("show", item_id, "--json")
        assert result.exit_code == 0, f"show {item_id}: {result.stderr}"
        shown: dict[str, Any] = json.loads(result.stdout)
        assert shown.get("id", item_id) == item_id or item_id in shown


def test_ids_printed_in_tables_are_whole_and_showable(bio: Biography) -> None:
    # The id line under a title in the tables is the id itself, ready to copy.
    text = table("editions") + table("people") + table("places") + table("quotes")
    items = [*bio["editions"], *bio["people"], *bio["places"], *bio["quotes"]]
    known = {item["id"] for item in items}
    words = set(re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)+|[a-z0-9]{3,}", text))
    assert known <= words


@pytest.mark.parametrize(
    ("item_id", "fields", "expected"),
    [
        ("defection", "date,attribution", {"date": "1928-01-01", "attribution": None}),
        ("born", "id,value", None),
        ("agabekov", "name,events", None),
    ],
)
def test_show_takes_format_and_fields(item_id: str, fields: str, expected: Any) -> None:
    record = invoke_json("show", item_id, "--format", "json", "--fields", fields)
    assert list(record) == fields.split(",")
    if expected is not None:
        assert record == expected
    csv_text = table("show", item_id, "--format", "csv", "--fields", fields)
    assert csv_text.splitlines()[0] == fields
    bad = invoke("show", item_id, "--fields", "colour")
    assert bad.exit_code == 2
    assert "unknown field 'colour'" in bad.stderr


@pytest.mark.parametrize(
    ("fields", "labels"),
    [
        ("born", ["Born"]),
        ("age_at_death,resting_place", ["Age at death", "Resting place"]),
        ("native_name,died,citizenship", ["Native name", "Died", "Citizenship"]),
    ],
)
def test_facts_with_fields_labels_each_row_as_facts_does(fields: str, labels: list[str]) -> None:
    whole = table("facts").splitlines()
    chosen = table("facts", "--fields", fields).splitlines()
    assert [line.split("  ", 1)[0] for line in chosen if line and not line[0].isspace()] == labels
    for label in labels:
        assert any(line.startswith(f"{label}  ") for line in whole)
