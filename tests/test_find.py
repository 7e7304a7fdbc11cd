"""search, show, people, places and quotes through the CLI; completion of values."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from bazhanov_cli.model.items import Biography
from bazhanov_cli.model.kinds import fields_of

from .conftest import invoke as run
from .conftest import invoke_json


def json_of(*args: str) -> Any:
    return invoke_json(*args, "--json")


# --- search ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "kind", "item_id"),
    [
        ("STALIN", "person", "stalin"),
        ("Basanov", "edition", "ich-war-stalins-sekretar"),
        ("Бажанов", "person", "boris-bazhanov"),
        ("Kyiv", "event", "enters-university-of-kiev"),
        ("Blumkn", "person", "blumkin"),
        ("sekretar", "edition", "ich-war-stalins-sekretar"),
        ("Pere Lachaise", "fact", "resting_place"),
    ],
)
def test_search_finds_any_spelling(query: str, kind: str, item_id: str) -> None:
    hits = json_of("search", query, "--limit", "50")
    assert (kind, item_id) in [(hit["kind"], hit["id"]) for hit in hits]
    assert [hit["score"] for hit in hits] == sorted((hit["score"] for hit in hits), reverse=True)
    assert all(list(hit) == fields_of("search") for hit in hits)
    keys = ["kind", "id", "title", "attribution", "score", "field", "matched"]
    assert fields_of("search") == keys


def test_search_kind_and_limit() -> None:
    hits = json_of("search", "Stalin", "--kind", "person", "--kind", "QUOTE", "--limit", "3")
    assert len(hits) == 3
    assert {hit["kind"] for hit in hits} <= {"person", "quote"}
    assert hits[0]["id"] == "stalin"


def test_search_table_labels_kinds() -> None:
    result = run("search", "Kyiv")
    assert result.exit_code == 0
    assert "place" in result.stdout
    assert "Enrols at the University of Kiev" in result.stdout


def test_search_no_hit() -> None:
    result = run("search", "zzzzqqq")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "",
        "Nothing matches 'zzzzqqq'.\n",
    )
    assert json_of("search", "zzzzqqq") == []


@pytest.mark.parametrize("query", ["", "   ", "\u202e\u200f", "?!"])
def test_search_empty_query_is_a_usage_error(query: str) -> None:
    result = run("search", query)
    assert result.exit_code == 2
    assert result.stderr == "Error: empty search query\n"


# --- show ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item_id", "key", "value"),
    [
        ("defection", "date", "1928-01-01"),
        ("bazhanov-and-the-damnation-of-stalin", "translator", "David W. Doyle"),
        ("agabekov", "name", "Georges Agabekov"),
        ("mogilev-podolskiy", "present_day", "Vinnytsia Oblast, Ukraine"),
        ("doyle-usually-reliable", "text", "a usually reliable source"),
    ],
)
def test_show_json_is_the_object(item_id: str, key: str, value: str) -> None:
    record = json_of("show", item_id)
    assert record["id"] == item_id
    assert record[key] == value


def test_show_panel_names_references_and_related_events() -> None:
    result = run("show", "berlin-visit-rosenberg")
    assert result.exit_code == 0
    for text in (
        "Alfred Rosenberg (rosenberg)",
        "Berlin (berlin)",
        "according to Bazhanov himself",
    ):
        assert text in result.stdout
    person = run("show", "trotsky")
    assert "Related events" in person.stdout
    assert "1940" in person.stdout
    assert "Trotsky assassinated in Mexico" in person.stdout


# --- people, places, quotes ------------------------------------------------------


def test_people_have_roles_and_events() -> None:
    people = {person["id"]: person for person in json_of("people")}
    for expected in (
        "stalin",
        "lenin",
        "trotsky",
        "ksenofontov",
        "agabekov",
        "blumkin",
        "maximov",
        "mercader",
        "rosenberg",
        "leibbrandt",
        "danilov",
        "doyle",
        "conquest",
        "brezanovsky",
        "tovstukha",
        "nazaretyan",
        "kanner",
        "mekhlis",
    ):
        assert expected in people
    assert "blumkin-assassination-plot" in people["blumkin"]["events"]
    assert [p["id"] for p in json_of("people", "--role", "GROUP OF FIVE")] == [
        "brezanovsky",
        "tovstukha",
        "nazaretyan",
        "kanner",
        "mekhlis",
    ]


def test_places_filter_by_any_name() -> None:
    assert [p["id"] for p in json_of("places", "Kyiv")] == ["kiev"]
    # Mogilev-Podolskiy by its present-day region, and the region itself.
    assert [p["id"] for p in json_of("places", "vinnytsia")] == [
        "mogilev-podolskiy",
        "vinnytsia-oblast",
    ]
    assert json_of("places", "atlantis") == []
    result = run("places", "atlantis")
    assert (result.exit_code, result.stderr) == (0, "No place is called 'atlantis'.\n")


WIDE = {"COLUMNS": "120"}


def test_search_names_are_ours_shown_apart_and_searched() -> None:
    # "Kyiv" and "Lev Trotsky" are no source's spelling: not aliases, but still found.
    (kiev,) = json_of("places", "Kyiv")
    assert (kiev["aliases"], kiev["search_names"]) == (
        [],
        [{"name": "Kyiv", "origin": "present-day English spelling, from the Ukrainian"}],
    )
    assert list(kiev) == fields_of("places")
    (trotsky,) = json_of("people", "Lev Trotsky")
    assert (trotsky["aliases"], [ours["name"] for ours in trotsky["search_names"]]) == (
        ["Trotsky"],
        ["Lev Trotsky", "Trotski"],
    )
    hits = json_of("search", "Trotski", "--kind", "person")
    assert (hits[0]["id"], hits[0]["field"], hits[0]["matched"]) == (
        "trotsky",
        "search_names",
        "Trotski",
    )
    names = [line[:40].rstrip() for line in run("people", "trotsky", env=WIDE).stdout.splitlines()]
    assert names[2:6] == [
        "Leon Trotsky",
        "Trotsky",
        "also searched as: Lev Trotsky, Trotski",
        "trotsky",
    ]
    places = run("places", "kiev", env=WIDE).stdout.splitlines()
    row = ["Kiev", "also", "searched", "as:", "Kyiv", "\u2014", "50.45\u00b0", "N", "1"]
    assert places[2].split() == row  # the point's latitude; its longitude is a line below
    shown = run("show", "trotsky").stdout
    assert " ".join(shown.split()).count(
        "search_names Lev Trotsky (transliteration of his Russian first name), Trotski"
        " (another transliteration of the surname) (ours, not the sources')"
    ), shown
    assert "aliases       Trotsky\n" in shown


def test_an_attributed_person_is_marked_everywhere() -> None:
    leibbrandt = json_of("show", "leibbrandt")
    assert leibbrandt["attribution"] == "according to Bazhanov himself"
    assert json_of("show", "rosenberg")["attribution"] is None
    table = run("people", "leibbrandt", env=WIDE).stdout
    assert "* according to Bazhanov himself" in table
    assert "* the source does not state this as fact" in table
    hits = json_of("search", "Leibbrandt", "--kind", "person")
    assert (hits[0]["id"], hits[0]["attribution"]) == (
        "leibbrandt",
        "according to Bazhanov himself",
    )


def test_a_script_tells_what_is_ours_from_the_json_alone() -> None:
    # The test: from `--json` only, every value of ours, each with where it comes from.
    ours: dict[str, str] = {}
    for listing in ("people", "places"):
        for item in json_of(listing):
            for name in item["search_names"]:
                ours[f"{item['id']}.search_names {name['name']}"] = name["origin"]
    for country in json_of("facts")["citizenship_inferred"]:
        ours[f"facts.citizenship_inferred {country['name']}"] = country["origin"]
    for event in json_of("events"):
        if event["date_origin"] is not None:
            ours[f"{event['id']}.date {event['date']}"] = event["date_origin"]
    assert all(origin.strip() for origin in ours.values())
    assert ours["kiev.search_names Kyiv"] == "present-day English spelling, from the Ukrainian"
    assert ours["iran.search_names Persia"] == "older English name of the country"
    assert ours["winter-war-legion.date 1939-11~"].startswith("ours: ")
    assert ours["berlin-visit-rosenberg.date 1941-06~"].startswith("ours: ")
    assert ours["facts.citizenship_inferred Soviet Union"].startswith("inferred: ")
    # Nothing else is dated by us, and the names are all there.
    assert sum(key.endswith("~") for key in ours) == 2
    for name in ("Kyiv", "Persia", "Iosif Stalin", "Lev Trotsky", "Yakov Blyumkin", "Prinkipo"):
        assert any(key.endswith(f".search_names {name}") for key in ours), name
    assert any(key.endswith(".search_names Ashkhabad") for key in ours)


def test_inferred_citizenship_is_not_shown_as_stated() -> None:
    facts = json_of("facts")
    assert facts["citizenship"] == ["France"]
    # Ours, each with the inference it rests on.
    assert facts["citizenship_inferred"] == [
        {"name": "Russian Empire", "origin": "inferred: he was born in the Russian Empire"},
        {
            "name": "Soviet Union",
            "origin": "inferred: he served the Soviet state and party until he defected",
        },
    ]
    table = run("facts").stdout.splitlines()
    assert "Citizenship           France" in table
    assert (
        "Citizenship inferred  Russian Empire, Soviet Union (the sources do not state it)" in table
    )
    shown = json_of("show", "citizenship_inferred")
    assert (shown["label"], shown["value"]) == (
        "Citizenship inferred",
        facts["citizenship_inferred"],
    )


def test_quotes_are_attributed_and_tied_to_events() -> None:
    quotes = json_of("quotes")
    assert len(quotes) >= 8
    assert all(quote["source"] for quote in quotes)
    decision = next(q for q in quotes if q["text"].startswith("Comrade Bazhanov is named"))
    assert decision["event"] == "appointment-as-stalins-secretary"
    assert decision["date"] == "1923-08-09"
    assert [q["id"] for q in json_of("quotes", "conquest")] == ["conquest-very-useful"]
    assert json_of("quotes", "Robert Conquest") == json_of("quotes", "conquest")


# --- completion --------------------------------------------------------------------


def complete(words: str) -> list[str]:
    env = {
        # The protocol of the script `bazhanov completion bash` prints.
        "_BAZHANOV_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
    }
    result = run(env=env)
    return list(result.stdout.splitlines())


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("bazhanov ed", "editions"),
        ("bazhanov events --category assa", "assassination-attempt"),
        ("bazhanov events --format js", "json"),
        ("bazhanov events --fields date,ti", "date,title"),
        ("bazhanov editions --lang Ger", "German"),
        ("bazhanov editions --lang d", "de"),
        ("bazhanov editions --lang deu", "deu"),
        ("bazhanov editions --lang ger", "ger"),
        ("bazhanov cite --lang fre", "fre"),
        ("bazhanov cite --lang fra", "fra"),
        ("bazhanov cite --lang Deut", "Deutsch"),
        ("bazhanov cite --lang deut", "deutsch"),
        ("bazhanov show blum", "blumkin"),
        ("bazhanov show arti", "article"),
        ("bazhanov claims --kind pers", "person"),
        ("bazhanov events --attr", "--attributed"),
        ("bazhanov schema bio", "biography"),
        ("bazhanov schema sho", "show"),
        ("bazhanov sources edi", "editions"),
        ("bazhanov sources article --section Defe", "Defection"),
        ("bazhanov sources editions --section No", "Notes"),
    ],
)
def test_values_complete(words: str, expected: str) -> None:
    assert expected in complete(words)


def test_cite_completes_no_source_id() -> None:
    # cite takes editions' ids alone; a source's id is show's.
    assert [word for word in complete("bazhanov cite arti") if word] == []


@pytest.mark.parametrize("typed", ["deu", "ger", "fr", "Deu", "rus"])
def test_every_language_completed_is_accepted(typed: str) -> None:
    offered = complete(f"bazhanov editions --lang {typed}")
    assert typed in offered  # the ISO 639-2 code, or the 639-1 one, as typed
    for value in offered:
        result = run("editions", "--lang", value, "--json")
        assert result.exit_code == 0, (value, result.stderr)


# --- timeline ----------------------------------------------------------------------


def test_timeline_in_the_terminal() -> None:
    result = run("timeline", "--width", "60")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 60
    for text in ("1900", "1990", "Defects", "attributed", "assassination-attempt"):
        assert text in result.stdout


def test_timeline_files(here: Path) -> None:
    import html.parser
    import xml.etree.ElementTree as ElementTree

    svg, page = here / "life.svg", here / "life.html"
    result = run("timeline", "--svg", str(svg), "--html", str(page))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"Wrote {svg}\nWrote {page}\n"
    root = ElementTree.parse(svg).getroot()
    assert root.tag.endswith("svg")
    svg_text = "".join(root.itertext())
    assert "1900" in svg_text
    assert "Defects" in svg_text.replace("\xa0", " ")
    text = page.read_text(encoding="utf-8")
    html.parser.HTMLParser().feed(text)
    assert "<html" in text
    assert "1990" in text


def test_timeline_unwritable_file_is_a_one_line_error(here: Path) -> None:
    target = here / "missing" / "life.svg"
    result = run("timeline", "--svg", str(target))
    assert result.exit_code == 1
    assert result.stderr == f"Error: cannot write {target}: No such file or directory\n"


# --- every id any command prints is one show accepts ----------------------------------

LISTINGS_PRINTING_IDS = [
    ["events"],
    ["editions"],
    ["people"],
    ["places"],
    ["quotes"],
    ["sources"],
    ["claims"],
    ["search", "stalin", "--limit", "1000"],
    ["search", "bazhanov", "--limit", "1000"],
]
REFERENCES = ("people", "places", "events", "speaker", "event", "place_id")


def printed_ids() -> dict[str, str]:
    """Each id any listing's --json prints (its records' and those they refer to),
    with the listing that printed it first."""
    found: dict[str, str] = {}
    for command in LISTINGS_PRINTING_IDS:
        for record in json_of(*command):
            named = [record["id"]]
            for key in REFERENCES:
                value = record.get(key)
                named += value if isinstance(value, list) else [value] if value else []
            for item_id in named:
                found.setdefault(item_id, command[0])
    facts = json_of("facts")
    found.setdefault(facts["born"]["place_id"], "facts")
    return found


def test_show_accepts_every_id_any_command_prints() -> None:
    ids = printed_ids()
    assert {"article", "editions", "full_name", "defection", "trotsky", "paris"} <= set(ids)
    for item_id, printed_by in ids.items():
        shown = run("show", item_id, "--json")
        assert shown.exit_code == 0, f"{printed_by} prints {item_id!r}: {shown.stderr}"
        assert json.loads(shown.stdout)["id"] == item_id


def test_show_a_source_is_its_record_in_sources() -> None:
    sources = {source["id"]: source for source in json_of("sources")}
    # with its passages, none: a source cites no other
    assert json_of("show", "article") == {**sources["article"], "passages": []}
    assert json_of("show", "editions") == {**sources["editions"], "passages": []}
    card = run("show", "article")
    assert card.exit_code == 0, card.stderr
    assert card.stdout.startswith("source: Boris Bazhanov\n")
    assert "licence      CC BY-SA 4.0" in card.stdout
    assert "supplies     The life, events, people, places and quotations" in card.stdout
    fields = json_of("show", "editions", "--fields", "id,items")
    assert fields == {"id": "editions", "items": sources["editions"]["items"]}
    refused = run("show", "articel")
    assert refused.exit_code == 1
    assert "did you mean article" in refused.stderr


# --- who said it: the quotes table and a person's quotations ----------------------------


def test_the_quotes_table_names_each_speaker(bio: Biography) -> None:
    table = run("quotes", "trotsky").stdout
    assert table.splitlines()[0].split()[-5:] == ["Speaker,", "source,", "date", "/", "id"]
    block = table.split("\n\n")[0]
    assert "Leon Trotsky" in block  # the speaker's name, not only the source's words
    assert "trotsky-refusal-reasoning" in block
    named = {person["id"]: person["name"] for person in bio["people"]}
    everything = run("quotes", env={"COLUMNS": "200"}).stdout
    for quote in bio["quotes"]:
        if quote["speaker"] is not None:
            record = everything[: everything.index(quote["id"])].rsplit("\n\n", 1)[-1]
            assert named[quote["speaker"]] in record, quote["id"]


def test_a_person_shows_their_quotations_in_every_format(bio: Biography) -> None:
    spoken = [
        {"id": quote["id"], "text": quote["text"]}
        for quote in bio["quotes"]
        if quote["speaker"] == "trotsky"
    ]
    assert spoken  # Trotsky's refusal
    assert json_of("show", "trotsky")["quotes"] == spoken
    people = {person["id"]: person for person in json_of("people")}
    assert people["trotsky"]["quotes"] == spoken
    assert people["agabekov"]["quotes"] == []
    card = run("show", "trotsky").stdout
    assert f"quotes        \u201c{spoken[0]['text'][:40]}" in card
    assert f"({spoken[0]['id']})" in card
    rows = run("show", "trotsky", "--format", "csv", "--fields", "id,quotes").stdout
    assert json.loads(next(csv.DictReader(io.StringIO(rows)))["quotes"]) == spoken
    markdown = run("show", "trotsky", "--format", "markdown", "--fields", "quotes").stdout
    assert spoken[0]["id"] in markdown
