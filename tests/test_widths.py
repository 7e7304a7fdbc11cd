"""Every view reads at every width: nothing past the edge, no id or word cut, nothing lost.

Each listing, ``facts`` and ``show`` is printed from the real data at 20, 40, 60,
80, 120 and 200 columns, without colour, and held to four promises: no line is
wider than the width; an id the view shows stands whole on one line (where the
width can hold it at all); at 60 columns and more no word of a title is split;
and every value the view shows is there at every width.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from bazhanov_cli.model.dates import shown
from bazhanov_cli.model.items import Biography
from bazhanov_cli.queries.claims import claims_in
from bazhanov_cli.queries.lookup import (
    facts_entry,
    people_named,
    places_named,
    sources_backed,
)

from .conftest import invoke, invoke_json

WIDTHS = [20, 40, 60, 80, 120, 200]
SHOWN_IDS = ["defection", "bazhanov-and-the-damnation-of-stalin", "agabekov", "berlin"]
SHOWN_IDS += ["appointment-decision", "born", "positions", "resting_place"]
SHOWN_IDS += ["trotsky", "article", "editions"]


def printed(width: int, *args: str) -> str:
    result = invoke(*args, env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


# view -> (the command line, the ids it shows, the titles, every value it shows)
Values = tuple[list[str], list[str], list[str]]


def events_values(bio: Biography) -> Values:
    places = {place["id"]: place["name"] for place in bio["places"]}
    values = []
    for event in bio["events"]:
        values += [shown(event["date"]), shown(event["end"] or ""), event["category"]]
        values += [event["title"]]
        values += [event["attribution"] or "", *(places[ref] for ref in event["places"])]
    return [], [event["title"] for event in bio["events"]], values


def editions_values(bio: Biography) -> Values:
    values = []
    for edition in bio["editions"]:
        values += [str(edition["year"] or ""), edition["language"] or "", edition["title"]]
        values += [edition["credited_as"], edition["publisher"] or "", edition["place"] or ""]
        values += [edition["translator"] or ""]
    ids = [edition["id"] for edition in bio["editions"]]
    return ids, [edition["title"] for edition in bio["editions"]], values


def people_values(bio: Biography) -> Values:
    people = people_named(bio)
    values = [
        text
        for person in people
        for text in (
            person["name"],
            *person["aliases"],
            *(ours["name"] for ours in person["search_names"]),
            person["description"],
            person["attribution"] or "",
        )
    ]
    values += [str(len(person["events"])) for person in people]
    return [person["id"] for person in people], [person["name"] for person in people], values


def places_values(bio: Biography) -> Values:
    places = places_named(bio)
    values = [
        text
        for place in places
        for text in (
            place["name"],
            *place["aliases"],
            *(ours["name"] for ours in place["search_names"]),
            place["present_day"] or "",
        )
    ]
    return [place["id"] for place in places], [place["name"] for place in places], values


def quotes_values(bio: Biography) -> Values:
    names = {person["id"]: person["name"] for person in bio["people"]}
    values = [
        text
        for quote in bio["quotes"]
        for text in (quote["text"], quote["source"], quote["date"] or "")
    ]
    values += [names[quote["speaker"]] for quote in bio["quotes"] if quote["speaker"]]
    ids = [quote["id"] for quote in bio["quotes"]]
    return ids, [quote["text"] for quote in bio["quotes"]], values


def sources_values(bio: Biography) -> Values:
    values = []
    for source in sources_backed(bio):
        values += [source["title"], source["publisher"] or "", source["url"] or ""]
        values += [source["licence"], source["licence_url"] or "", source["supplies"]]
        values += [str(source["items"])]
    ids = [source["id"] for source in bio["sources"]]
    return ids, [source["title"] for source in bio["sources"]], values


def search_values(bio: Biography) -> Values:
    hits = invoke_json("search", "stalin", "--json", "--limit", "20")
    values = [
        text
        for hit in hits
        for text in (hit["kind"], hit["title"], hit["matched"], f"{hit['score']:.1f}")
    ]
    values += [hit["attribution"] or "" for hit in hits]
    return [hit["id"] for hit in hits], [hit["title"] for hit in hits], values


def facts_values(bio: Biography) -> Values:
    facts = facts_entry(bio)
    values = [facts["full_name"], facts["description"], facts["native_name"]]
    for moment in (facts["born"], facts["died"]):
        values += [moment["date"] or "", moment["place"] or ""]
    values += [str(facts["age_at_death"]), facts["resting_place"] or "", *facts["citizenship"]]
    for position in facts["positions"]:
        values += [position["title"], position["start"] or "", position["end"] or ""]
    return [], [facts["full_name"], *(p["title"] for p in facts["positions"])], values


def claims_values(bio: Biography) -> Values:
    claims = claims_in(bio)
    values = [
        text
        for claim in claims
        for text in (claim["kind"], claim["title"], claim["statement"], claim["attribution"])
    ]
    values += [str(ref["paragraph"]) for claim in claims for ref in claim["provenance"]]
    return [claim["id"] for claim in claims], [claim["title"] for claim in claims], values


VIEWS: dict[str, tuple[list[str], Callable[[Biography], Values]]] = {
    "events": (["events"], events_values),
    "editions": (["editions"], editions_values),
    "people": (["people"], people_values),
    "places": (["places"], places_values),
    "quotes": (["quotes"], quotes_values),
    "sources": (["sources"], sources_values),
    "search": (["search", "stalin"], search_values),
    "facts": (["facts"], facts_values),
    "claims": (["claims"], claims_values),
}


def show_values(bio: Biography, item_id: str) -> Values:
    record: dict[str, Any] = invoke_json("show", item_id, "--json")
    texts: list[str] = []
    for key, value in record.items():
        if key == "provenance":
            continue
        if isinstance(value, str) and key not in {"people", "places", "speaker", "event"}:
            texts.append(value)
        elif isinstance(value, list) and all(isinstance(item, str) for item in value):
            texts += [] if key in {"people", "places", "events"} else value
    heading = record.get("title") or record.get("name") or record.get("label") or record["text"]
    title = str(heading)
    return [item_id], [title], texts


def lines_of(text: str) -> list[str]:
    return text.splitlines()


def whole_word(word: str, text: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


def check(output: str, width: int, values: Values) -> None:
    ids, titles, texts = values
    lines = lines_of(output)
    too_wide = [line for line in lines if cell_len(line) > width]
    assert not too_wide, f"{len(too_wide)} lines wider than {width}: {too_wide[:2]}"
    for item_id in ids:
        if cell_len(item_id) <= width - 2:
            assert any(whole_word(item_id, line) for line in lines), f"id {item_id!r} is cut"
    if width >= 60:
        for title in titles:
            for word in title.split():
                assert any(word in line for line in lines), f"{word!r} of {title!r} is split"
    squeezed = "".join(output.split())
    for text in texts:
        for word in text.split():
            assert word in output or word in squeezed, f"{word!r} is missing at {width}"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("view", sorted(VIEWS))
def test_every_view_reads_at_every_width(bio: Biography, view: str, width: int) -> None:
    args, values = VIEWS[view]
    check(printed(width, *args), width, values(bio))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("item_id", SHOWN_IDS)
def test_show_reads_at_every_width(bio: Biography, item_id: str, width: int) -> None:
    check(printed(width, "show", item_id), width, show_values(bio, item_id))


# Between 60 and 80 columns a listing is a table where its columns fit, else it stacks.
@pytest.mark.parametrize("width", [80, 120, 200])
@pytest.mark.parametrize(
    "view", ["events", "editions", "people", "places", "quotes", "search", "claims"]
)
def test_from_80_columns_a_listing_is_a_table(view: str, width: int) -> None:
    output = printed(width, *VIEWS[view][0])
    assert "\u2500" * 10 in lines_of(output)[1], "the header rule of a table"


def test_below_60_columns_records_stack() -> None:
    output = printed(40, "events", "--year", "1928")
    assert "\u2500" * 10 not in output
    assert re.search(r"^Event +Defects from the Soviet\n +Union$", output, re.MULTILINE)


def test_at_120_columns_a_table_uses_the_room() -> None:
    lines = lines_of(printed(120, "events"))
    assert max(cell_len(line) for line in lines) > 100
    narrow = lines_of(printed(80, "events"))
    assert len(lines) < len(narrow)


SEARCH_HEADERS = ["Kind", "Title", "id", "Matched", "Score"]


@pytest.mark.parametrize("width", [40, 80, 120])
@pytest.mark.parametrize("limit", range(1, 7))
def test_search_never_cuts_an_id_or_a_header_at_any_limit(width: int, limit: int) -> None:
    hits = invoke_json("search", "stalin", "--json", "--limit", str(limit))
    assert len(hits) == limit
    output = printed(width, "search", "stalin", "--limit", str(limit))
    titles = [hit["title"] for hit in hits]
    values = [text for hit in hits for text in (hit["kind"], hit["matched"], f"{hit['score']:.1f}")]
    check(output, width, ([hit["id"] for hit in hits], titles, values))
    lines = lines_of(output)
    for header in SEARCH_HEADERS:
        assert any(whole_word(header, line) for line in lines), f"header {header!r} is cut"
    for hit in hits:  # kind and score stand whole on a line, as the ids do
        for text in (hit["kind"], f"{hit['score']:.1f}"):
            assert any(whole_word(text, line) for line in lines), f"{text!r} is cut"


@given(
    widths=st.lists(
        st.tuples(st.integers(1, 40), st.integers(0, 40), st.booleans(), st.integers(1, 4)),
        min_size=1,
        max_size=6,
    ),
    width=st.integers(1, 200),
)
def test_column_widths_never_exceed_the_room_nor_cut_a_word(
    widths: list[tuple[int, int, bool, int]], width: int
) -> None:
    from rich.text import Text

    from bazhanov_cli.output.layout import GAP, Column, column_widths

    # Each column: its longest word, how much longer its longest line is, fixed, ratio.
    columns = [Column("h", fixed=fixed, ratio=ratio) for _, _, fixed, ratio in widths]
    row = [Text(" ".join(["w" * word, "x" * extra]).strip()) for word, extra, _, _ in widths]
    got = column_widths(columns, [row], width)
    lows = [
        (word + 1 + extra if extra else word) if fixed else max(word, extra)
        for word, extra, fixed, _ in widths
    ]
    if got is None:
        assert sum(lows) + GAP * (len(columns) - 1) > width
        return
    assert sum(got) + GAP * (len(columns) - 1) <= width
    for got_width, low in zip(got, lows, strict=True):
        assert got_width >= low


@pytest.mark.parametrize("view", [["editions"], ["quotes"], ["search", "stalin"]])
def test_at_40_columns_every_record_of_a_listing_is_laid_out_alike(view: list[str]) -> None:
    output = printed(40, *view)
    records = output.split("\n\n")
    assert len(records) > 3
    labels = {"editions": "Title / id", "quotes": "Quotation", "search": "Title / id"}[view[0]]
    # Each record shows the label alone on its line (value under it) or with its value beside.
    alone = {any(line == labels for line in record.splitlines()) for record in records}
    assert alone == {True}


@pytest.mark.parametrize("width", [*WIDTHS, 24, 25, 26, 27, 28, 30, 36, 42])
@pytest.mark.parametrize("item_id", ["defection", "born", "agabekov"])
def test_no_line_ends_in_a_section_or_paragraph_sign(item_id: str, width: int) -> None:
    record = invoke_json("show", item_id, "--json")
    refs = record["provenance"]
    output = printed(width, "show", item_id)
    lines = lines_of(output)
    assert not [line for line in lines if line.rstrip().endswith(("\u00a7", "\u00b6"))]
    assert "\u00a0" not in output  # the no-break space is printed as a plain one
    for ref in refs if isinstance(refs, list) else [r for rs in refs.values() for r in rs]:
        assert any(f"\u00b6 {ref['paragraph']}" in line for line in lines)
