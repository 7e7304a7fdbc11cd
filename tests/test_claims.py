"""What the sources attribute rather than state: ``claims``, ``--attributed``/``--stated``,
and search through who says so."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bazhanov_cli.model.items import Biography
from bazhanov_cli.queries import claims as claim_queries

from .conftest import DATA_FILE, invoke, invoke_json


def attributed_in_the_file() -> dict[tuple[str, str], str]:
    """(kind, id) -> who says so, for everything in the data file with an attribution,
    read from the file itself, not through the package."""
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    found: dict[tuple[str, str], str] = {}
    for position in data["facts"]["positions"]:
        if position.get("attribution") is not None:
            found["position", "positions"] = position["attribution"]
    kinds = {"events": "event", "editions": "edition", "people": "person"}
    kinds |= {"places": "place", "quotes": "quote"}
    for key, kind in kinds.items():
        for item in data[key]:
            if item.get("attribution") is not None:
                found[kind, item["id"]] = item["attribution"]
    return found


def test_claims_are_exactly_the_attributed_items() -> None:
    claims = invoke_json("claims", "--json")
    expected = attributed_in_the_file()
    assert len(expected) >= 10  # six events, a person and three quotations, at least
    assert {(claim["kind"], claim["id"]): claim["attribution"] for claim in claims} == expected
    assert len(claims) == len(expected)  # each once


def test_each_claim_says_what_who_and_where(bio: Biography) -> None:
    claims = {claim["id"]: claim for claim in invoke_json("claims", "--json")}
    winter = claims["winter-war-legion"]
    events = {event["id"]: event for event in bio["events"]}
    assert winter["kind"] == "event"
    assert winter["title"] == events["winter-war-legion"]["title"]
    assert winter["statement"] == events["winter-war-legion"]["summary"]
    assert winter["attribution"] == "alleged"
    assert winter["provenance"] == events["winter-war-legion"]["provenance"]
    leibbrandt = claims["leibbrandt"]
    people = {person["id"]: person for person in bio["people"]}
    assert leibbrandt["title"] == people["leibbrandt"]["name"]
    assert leibbrandt["statement"] == people["leibbrandt"]["description"]
    assert leibbrandt["attribution"] == "according to Bazhanov himself"


def test_the_claims_table_shows_who_says_so_and_the_passage() -> None:
    result = invoke("claims", env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["Kind", "Statement", "/", "id", "Who", "says", "so", "Passage"]
    block = result.stdout[result.stdout.index("Joins the Communist Party") :]
    block = block[: block.index("joins-communist-party")]
    assert "* his reasons, as Bazhanov" in block
    assert "article, § Communist Party" in block


def test_every_format_fields_sort_and_limit() -> None:
    rows = list(csv.DictReader(io.StringIO(invoke("claims", "--format", "csv").stdout)))
    assert [row["id"] for row in rows] == [claim["id"] for claim in invoke_json("claims", "--json")]
    assert json.loads(rows[0]["provenance"])[0]["source"] == "article"
    lines = invoke("claims", "--format", "jsonl", "--fields", "id,attribution").stdout.splitlines()
    assert json.loads(lines[-1]) == {
        "id": "lone-avenger",
        "attribution": "according to Bazhanov's later editions",
    }
    markdown = invoke("claims", "--format", "markdown", "--fields", "kind,id").stdout
    assert markdown.splitlines()[:3] == [
        "| kind | id |",
        "|---|---|",
        "| event | joins-communist-party |",
    ]
    chosen = invoke_json("claims", "--json", "--sort", "attribution", "--reverse", "--limit", "2")
    assert [claim["attribution"] for claim in chosen] == [
        "his reasons, as Bazhanov later recalled and wrote",
        "Bazhanov's own recollection",  # case folded: b after a, before h
    ]


def test_kind_is_repeatable_and_takes_a_comma_list() -> None:
    people = invoke_json("claims", "--json", "--kind", "person")
    assert [(claim["kind"], claim["id"]) for claim in people] == [("person", "leibbrandt")]
    both = invoke_json("claims", "--json", "-k", "Person,event")
    assert both == invoke_json("claims", "--json", "--kind", "event", "--kind", "person")
    assert {claim["kind"] for claim in both} == {"event", "person"}
    assert invoke_json("claims", "--json", "--kind", "position") == []  # none is attributed
    places = invoke_json("claims", "--json", "--kind", "place")
    assert [(claim["kind"], claim["id"], claim["attribution"]) for claim in places] == [
        ("place", "finland", "alleged"),
        ("place", "berlin", "according to Bazhanov himself"),
        ("place", "germany", "according to Bazhanov himself"),
    ]
    assert places[0]["statement"] == invoke_json("show", "finland", "--json")["description"]
    refused = invoke("claims", "--kind", "edition")
    assert refused.exit_code == 2
    kinds = "'position', 'event', 'person', 'place', 'quote'"
    assert f"'edition' is not one of {kinds}." in refused.stderr


# Every listing: its command and the field that names an item.
LISTINGS = {
    "events": ["events"],
    "editions": ["editions"],
    "people": ["people"],
    "places": ["places"],
    "quotes": ["quotes"],
    "search": ["search", "stalin", "--limit", "1000"],
    "claims": ["claims"],
}


@pytest.mark.parametrize("listing", sorted(LISTINGS))
def test_attributed_and_stated_split_every_listing(listing: str) -> None:
    command = LISTINGS[listing]
    every = invoke_json(*command, "--json")
    attributed = invoke_json(*command, "--json", "--attributed")
    stated = invoke_json(*command, "--json", "--stated")
    assert all(record["attribution"] is not None for record in attributed)
    assert all(record.get("attribution") is None for record in stated)
    # Together they are the listing, in its order; neither holds what the other does.
    key = [json.dumps(record, sort_keys=True) for record in every]
    assert sorted(key) == sorted(json.dumps(r, sort_keys=True) for r in attributed + stated)
    assert [r for r in every if r.get("attribution") is not None] == attributed
    both = invoke(*command, "--attributed", "--stated")
    assert both.exit_code == 2
    assert both.stdout == ""
    assert "--attributed and --stated exclude each other" in both.stderr


def test_attributed_events_are_the_claimed_events() -> None:
    events = invoke_json("events", "--json", "--attributed")
    claimed = invoke_json("claims", "--json", "--kind", "event")
    assert [event["id"] for event in events] == [claim["id"] for claim in claimed]
    assert [person["id"] for person in invoke_json("people", "--json", "--attributed")] == [
        "leibbrandt"
    ]


def test_attributed_search_keeps_the_attributed_hits_in_rank_order() -> None:
    hits = invoke_json("search", "bazhanov", "--json", "--limit", "1000")
    attributed = invoke_json("search", "bazhanov", "--json", "--limit", "1000", "--attributed")
    assert attributed == [hit for hit in hits if hit["attribution"] is not None]
    assert attributed  # the query finds some


def test_search_matches_who_says_so() -> None:
    alleged = invoke_json("search", "alleged", "--json")
    # The event and the place whose description rests on the same hedge (a place before
    # an event on equal scores).
    assert [(hit["id"], hit["field"]) for hit in alleged] == [
        ("finland", "attribution"),
        ("winter-war-legion", "attribution"),
    ]
    himself = invoke_json("search", "according", "to", "Bazhanov", "himself", "--json")
    assert {hit["id"] for hit in himself[:4]} == {
        "berlin-visit-rosenberg",
        "leibbrandt",
        "berlin",
        "germany",
    }
    assert all(hit["attribution"] for hit in himself)
    table = invoke("search", "alleged")
    assert "attribution: alleged" in table.stdout


# --- the query step itself ----------------------------------------------------------------

records = st.lists(
    st.fixed_dictionaries({"id": st.text(max_size=3), "attribution": st.none() | st.text()})
)


@given(records)
def test_by_attribution_partitions_any_records(chosen: list[dict[str, Any]]) -> None:
    attributed = claim_queries.by_attribution(chosen, True)
    stated = claim_queries.by_attribution(chosen, False)
    assert claim_queries.by_attribution(chosen, None) == chosen
    assert attributed == [record for record in chosen if record["attribution"] is not None]
    assert stated == [record for record in chosen if record["attribution"] is None]


def test_a_record_without_an_attribution_field_is_stated(bio: Biography) -> None:
    assert claim_queries.by_attribution(bio["editions"], False) == bio["editions"]
    assert claim_queries.by_attribution(bio["editions"], True) == []


def test_claims_in_follows_attribution_in_any_biography(bio: Biography) -> None:
    # A stated position made attributed shows up; an attributed event made stated goes.
    facts = bio["facts"]
    position = {**facts["positions"][0], "attribution": "alleged"}
    changed: Biography = {
        **bio,
        "facts": {**facts, "positions": [position, *facts["positions"][1:]]},
        "events": [
            {**event, "attribution": None} if event["id"] == "winter-war-legion" else event
            for event in bio["events"]
        ],
    }
    claims = claim_queries.claims_in(changed)
    assert claims[0] == {
        "kind": "position",
        "id": "positions",
        "title": position["title"],
        "statement": position["title"],
        "attribution": "alleged",
        "provenance": position["provenance"],
    }
    assert "winter-war-legion" not in [claim["id"] for claim in claims]
    assert len(claims) == len(claim_queries.claims_in(bio))


BIO_FILE = json.loads(DATA_FILE.read_text(encoding="utf-8"))
hedges = st.none() | st.sampled_from(["alleged", "according to Bazhanov himself", "x"])


@given(st.data())
def test_claims_are_the_attributed_items_whatever_is_attributed(data: st.DataObject) -> None:
    changed: Any = json.loads(json.dumps(BIO_FILE))
    expected = set()
    for position in changed["facts"]["positions"]:
        position["attribution"] = data.draw(hedges)
        if position["attribution"] is not None:
            expected.add(("position", "positions", position["title"], position["attribution"]))
    kinds = (
        ("events", "event", "title"),
        ("people", "person", "name"),
        ("places", "place", "name"),
        ("quotes", "quote", "text"),
    )
    for key, kind, title in kinds:
        for item in changed[key]:
            item["attribution"] = data.draw(hedges)
            if item["attribution"] is not None:
                expected.add((kind, item["id"], item[title], item["attribution"]))
    claims = claim_queries.claims_in(changed)
    assert {(c["kind"], c["id"], c["title"], c["attribution"]) for c in claims} == expected
    assert len(claims) == len(expected)
    assert [c["kind"] for c in claims] == sorted(
        (c["kind"] for c in claims), key=["position", "event", "person", "place", "quote"].index
    )


@pytest.mark.parametrize(
    ("command", "said"),
    [
        (["editions", "--attributed"], "No editions with --attributed.\n"),
        (
            ["search", "stalin", "-k", "edition", "--attributed"],
            "Nothing matches 'stalin' with --attributed.\n",
        ),
        (["events", "--year", "1850", "--stated"], "No events in 1850 with --stated.\n"),
        (["events", "--year", "1850"], "No events in 1850.\n"),
    ],
)
def test_an_empty_table_names_the_filter_that_emptied_it(
    command: list[str], said: str | None
) -> None:
    result = invoke(*command)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == said
    assert invoke_json(*command, "--json") == []  # a machine format says nothing of it
