"""Every rule of the model and of partial dates, each rejected with its message and path."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from typing import Any, cast, get_args

import edtf
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bazhanov_cli.errors import DataError, json_path
from bazhanov_cli.model import dates
from bazhanov_cli.model.entries import FactsEntry
from bazhanov_cli.model.items import Biography, Facts, Kind
from bazhanov_cli.model.kinds import (
    FACT_IDS,
    ITEM_KINDS,
    KIND_SPECS,
    KINDS,
    KindSpec,
    Listing,
    SchemaName,
    biography_adapter,
    fields_of,
    items_of,
)
from bazhanov_cli.model.loading import parse_biography
from bazhanov_cli.model.rules import rule_problems
from bazhanov_cli.queries.lookup import all_ids, find_item
from bazhanov_cli.queries.search import _index

from .conftest import DATA_FILE


@pytest.fixture
def raw() -> dict[str, Any]:
    """A fresh, mutable copy of the bundled data."""
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def problems_of(data: dict[str, Any]) -> list[str]:
    """What loading says of ``data``: one ``path: message`` per problem."""
    with pytest.raises(DataError) as caught:
        parse_biography(json.dumps(data).encode(), "test.json")
    return list(map(str, caught.value.problems))


def valid(data: dict[str, Any]) -> Biography:
    return parse_biography(json.dumps(data).encode(), "test.json")


# --- partial dates -----------------------------------------------------------


@pytest.mark.parametrize("text", ["1900", "1920-11", "1923-08-09", "1928-02-29", "2000-02-29"])
def test_partial_dates_are_accepted_as_written(text: str) -> None:
    assert dates.date_problem(text) is None
    assert dates.calendar_problem(text) is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1928-02-30", "is not a valid date"),
        ("1900-02-29", "is not a valid date"),  # 1900 was not a leap year
        ("1928-13", "is not a valid date"),
        ("1928-00", "is not a valid date"),
        ("1928-04-31", "is not a valid date"),
        ("0000", "is not a valid date"),
        ("28", "YYYY, YYYY-MM or YYYY-MM-DD"),
        ("1928-1-1", "YYYY, YYYY-MM or YYYY-MM-DD"),
        ("1928-01-01T00:00", "YYYY, YYYY-MM or YYYY-MM-DD"),
        ("November 1920", "YYYY, YYYY-MM or YYYY-MM-DD"),
        ("١٩٢٨", "YYYY, YYYY-MM or YYYY-MM-DD"),  # Arabic-Indic digits
        ("", "YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_partial_date_problems(text: str, reason: str) -> None:
    problem = dates.date_problem(text)
    assert problem is not None
    assert problem.startswith(repr(text))
    assert reason in problem


@given(st.dates())
def test_any_real_day_month_or_year_is_a_date(day: dt.date) -> None:
    for text in (day.isoformat(), day.isoformat()[:7], day.isoformat()[:4]):
        assert dates.date_problem(text) is None
        assert dates.calendar_problem(text) is None
        assert dates.earliest(text) <= day <= dates.latest(text)


def test_partial_date_bounds() -> None:
    assert (str(dates.earliest("1920-11")), str(dates.latest("1920-11"))) == (
        "1920-11-01",
        "1920-11-30",
    )
    assert str(dates.latest("1928-02")) == "1928-02-29"
    assert str(dates.latest("1982")) == "1982-12-31"
    assert str(dates.latest("1982-12")) == "1982-12-31"


@pytest.mark.parametrize("text", ["1939-11~", "1941-06~", "1928~", "1923-08-09~"])
def test_an_approximate_date_is_accepted_and_means_its_interval(text: str) -> None:
    assert dates.date_problem(text) is None
    assert dates.calendar_problem(text) is None
    assert re.fullmatch(dates.DATE_PATTERN, text)
    assert dates.is_approximate(text)
    plain = dates.exact(text)
    assert plain == text[:-1]
    assert not dates.is_approximate(plain)
    assert (dates.earliest(text), dates.latest(text)) == (
        dates.earliest(plain),
        dates.latest(plain),
    )
    assert dates.sort_key(text) == dates.sort_key(plain)
    assert dates.shown(text) == f"c. {plain}"
    assert dates.shown(plain) == plain


@pytest.mark.parametrize(
    "text", ["~1939-11", "1939~-11", "1939-11~~", "1939-11?", "1939-11%", "1939-11-31~", "~"]
)
def test_only_a_whole_date_may_be_approximate(text: str) -> None:
    # EDTF level 1 also has "?" (uncertain) and "%", and level 2 marks parts of a date:
    # the data takes only "~" after the whole date.
    assert dates.date_problem(text) is not None
    assert not re.fullmatch(dates.DATE_PATTERN, text) or dates.calendar_problem(text)


@given(st.dates(min_value=dt.date(1, 1, 1)), st.sampled_from([4, 7, 10]), st.booleans())
def test_the_date_parser_agrees_with_its_pattern_and_edtf(
    day: dt.date, length: int, approximate: bool
) -> None:
    text = day.isoformat()[:length] + ("~" if approximate else "")
    assert dates.date_problem(text) is None
    assert re.fullmatch(dates.DATE_PATTERN, text)
    assert dates.is_approximate(text) is approximate
    assert dates.earliest(text) <= day <= dates.latest(text)
    parsed = edtf.parse_edtf(text)
    bounds = (
        edtf.struct_time_to_date(parsed.lower_strict()),
        edtf.struct_time_to_date(parsed.upper_strict()),
    )
    assert bounds == (dates.earliest(text), dates.latest(text))


@given(st.text(alphabet="0123456789-~?%X ", max_size=12))
def test_the_pattern_and_the_parser_accept_the_same_texts(text: str) -> None:
    matches = re.fullmatch(dates.DATE_PATTERN, text) is not None
    problem = dates.date_problem(text)
    if not matches:
        assert problem is not None
    elif problem is None:
        assert dates.earliest(text) <= dates.latest(text)
        assert dates.sort_key(text)[0] <= dates.sort_key(text)[1]


def test_dates_keep_their_precision_through_a_load(bio: Biography) -> None:
    moscow = next(e for e in bio["events"] if e["id"] == "moves-to-moscow")
    assert moscow["date"] == "1920-11"


# --- the data file's rules ---------------------------------------------------


def test_bundled_data_is_valid(bio: Biography) -> None:
    assert len(bio["events"]) >= 25
    assert len(bio["editions"]) == 12


def test_unknown_field_is_rejected(raw: dict[str, Any]) -> None:
    raw["events"][0]["tittle"] = "typo"
    assert problems_of(raw) == ["events[0].tittle: unknown field"]


def test_impossible_date_is_rejected_with_its_path(raw: dict[str, Any]) -> None:
    raw["events"][3]["date"] = "1928-02-30"
    assert problems_of(raw) == ["events[3].date: '1928-02-30' is not a valid date"]


@pytest.mark.parametrize("value", ["1928-13-01", "19280", "1928-1", "١٩٢٨"])
def test_malformed_date_is_rejected_with_the_same_words(raw: dict[str, Any], value: str) -> None:
    raw["quotes"][0]["date"] = value
    assert problems_of(raw) == [f"quotes[0].date: {dates.date_problem(value)}"]


def test_end_before_date_is_rejected(raw: dict[str, Any]) -> None:
    index = next(i for i, e in enumerate(raw["events"]) if e["id"] == "defection")
    raw["events"][index]["end"] = "1927-12"
    assert problems_of(raw) == [f"events[{index}].end: end (1927-12) is before date (1928-01-01)"]


def test_end_in_the_same_year_as_a_precise_date_is_allowed(raw: dict[str, Any]) -> None:
    index = next(i for i, e in enumerate(raw["events"]) if e["id"] == "defection")
    raw["events"][index]["end"] = "1928"  # overlaps: 1928 may end after 1 January
    valid(raw)


def test_position_end_before_start_is_rejected(raw: dict[str, Any]) -> None:
    raw["facts"]["positions"][1]["end"] = "1922"
    assert problems_of(raw) == ["facts.positions[1].end: end (1922) is before start (1923-08-09)"]


def test_death_before_birth_is_rejected(raw: dict[str, Any]) -> None:
    raw["facts"]["died"]["date"] = "1899"
    assert problems_of(raw) == ["facts.died.date: death (1899) is before birth (1900-08-09)"]


@pytest.mark.parametrize("kind", ["events", "editions", "people", "places", "quotes"])
def test_duplicate_ids_are_named(raw: dict[str, Any], kind: str) -> None:
    duplicate = copy.deepcopy(raw[kind][0])
    raw[kind].append(duplicate)
    last = len(raw[kind]) - 1
    problem = f"{kind}[{last}].id: duplicate id '{duplicate['id']}' (first used at {kind}[0])"
    assert problem in problems_of(raw)


def test_unresolved_references_are_each_reported_in_file_order(raw: dict[str, Any]) -> None:
    raw["events"][0]["people"].append("nobody")
    raw["events"][1]["places"] = ["atlantis"]
    raw["quotes"][0]["speaker"] = "ghost"
    raw["quotes"][0]["event"] = "never-happened"
    raw["facts"]["born"]["place_id"] = "nowhere"
    assert problems_of(raw) == [
        "facts.born.place_id: unknown place id 'nowhere'",
        f"events[0].people[{len(raw['events'][0]['people']) - 1}]: unknown person id 'nobody'",
        "events[1].places[0]: unknown place id 'atlantis'",
        "quotes[0].speaker: unknown person id 'ghost'",
        "quotes[0].event: unknown event id 'never-happened'",
    ]


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("events", 0, "category"), "gossip"),
        (("events", 0, "id"), "Not A Slug"),
        (("editions", 0, "language"), "fra"),
        (("editions", 0, "year"), 1850),
        (("editions", 0, "isbn"), "978-0-8214-0948-0x"),
        (("events", 0, "title"), ""),
        (("events", 0, "date"), 1928),
    ],
)
def test_field_rules(raw: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    target = raw
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    [problem] = problems_of(raw)
    where = f"{path[0]}[{path[1]}].{path[2]}"
    assert problem.startswith(f"{where}: ")
    assert f"(got {value!r})" in problem


def test_age_at_death_is_computed_not_stored(raw: dict[str, Any]) -> None:
    assert "age_at_death" not in raw["facts"]
    raw["facts"]["age_at_death"] = 99
    assert problems_of(raw) == ["facts.age_at_death: unknown field"]


def test_ids_are_unique_across_kinds(raw: dict[str, Any]) -> None:
    raw["quotes"][0]["id"] = raw["events"][0]["id"]  # nothing refers to a quote's id
    assert problems_of(raw) == ["quotes[0].id: id 'birth' is already used by events[0]"]


def test_no_item_takes_a_sources_id(raw: dict[str, Any]) -> None:
    # show takes a source's id too (show article): it must name one thing.
    raw["quotes"][0]["id"] = raw["sources"][1]["id"]  # nothing refers to a quote's id
    assert problems_of(raw) == ["quotes[0].id: id 'editions' is already used by sources[1]"]


# Fact names with an underscore can never clash: an item id is a slug of hyphens.
@pytest.mark.parametrize("name", [name for name in FACT_IDS if "_" not in name])
def test_no_item_takes_an_infobox_fields_name(raw: dict[str, Any], name: str) -> None:
    raw["quotes"][0]["id"] = name  # nothing refers to a quote's id
    assert problems_of(raw) == [f"quotes[0].id: id '{name}' is the name of an infobox field"]


def test_optional_edition_fields_default_to_null(raw: dict[str, Any]) -> None:
    del raw["editions"][0]["isbn"]
    del raw["editions"][0]["pages"]
    edition = valid(raw)["editions"][0]
    assert (edition["isbn"], edition["pages"]) == (None, None)
    assert list(edition) == fields_of("editions")


def test_facts_entry_is_the_infobox_and_its_age() -> None:
    assert fields_of("facts") == [*Facts.__annotations__, "age_at_death"]
    assert list(FactsEntry.__annotations__) == fields_of("facts")


# --- the table of kinds ------------------------------------------------------------


def test_the_typing_aliases_are_the_table_of_kinds() -> None:
    assert get_args(Listing) == tuple(spec.listing for spec in KINDS)  # in schema's order
    assert set(get_args(Kind)) == {spec.kind for spec in KINDS if spec.kind is not None}
    assert get_args(SchemaName) == (
        *get_args(Listing),
        "show",
        "sql",
        "validate",
        "cite",
        "biography",
    )
    assert len(KIND_SPECS) == len(get_args(Kind))  # no kind in two rows


@pytest.mark.parametrize("spec", ITEM_KINDS, ids=lambda spec: spec.listing)
def test_each_kind_of_item_names_fields_its_records_have(spec: KindSpec) -> None:
    bio = biography_adapter().validate_json(DATA_FILE.read_bytes())
    items = items_of(bio, spec)
    assert items  # the bundled file has items of every kind
    record_keys = set(spec.record.__annotations__)
    assert set(items[0]) <= record_keys  # the record is the item, perhaps with more
    named = {spec.title, *(field for field, _ in spec.searched)}
    assert named <= set(items[0])
    if spec.attribution is not None:
        assert spec.attribution in items[0]
    for item in items:
        found = find_item(bio, item["id"])
        assert (found.kind, list(found.item)) == (spec.kind, fields_of(spec.listing))


def test_search_indexes_every_item_of_every_kind_and_each_infobox_field() -> None:
    bio = biography_adapter().validate_json(DATA_FILE.read_bytes())
    indexed = [(item.kind, item.id) for item in _index(bio)]
    items = [(spec.kind, item["id"]) for spec in ITEM_KINDS for item in items_of(bio, spec)]
    facts = [("fact", name) for name in FACT_IDS]  # age_at_death too: `search age` finds it
    assert sorted(indexed) == sorted([*facts, *items])
    assert all_ids(bio) == [*FACT_IDS, *(item_id for _, item_id in items)]


# --- sources and provenance -----------------------------------------------------------


def test_a_cited_source_must_be_declared(raw: dict[str, Any]) -> None:
    raw["events"][0]["provenance"][0]["source"] = "hearsay"
    assert problems_of(raw) == ["events[0].provenance[0].source: unknown source 'hearsay'"]


def test_a_cited_section_must_be_declared_by_its_source(raw: dict[str, Any]) -> None:
    raw["places"][0]["provenance"][0]["section"] = "Epilogue"
    raw["facts"]["provenance"]["born"][0]["section"] = "Notes"  # the editions record's
    assert problems_of(raw) == [
        "facts.provenance.born[0].section: article has no section 'Notes'",
        "places[0].provenance[0].section: article has no section 'Epilogue'",
    ]


def test_an_events_section_is_its_first_passages(raw: dict[str, Any]) -> None:
    raw["events"][0]["section"] = "Defection"
    first = raw["events"][0]["provenance"][0]["section"]
    assert problems_of(raw) == [
        f"events[0].section: 'Defection' is not the first provenance's {first!r}"
    ]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda raw: raw["quotes"][0].update(provenance=[]), "quotes[0].provenance: List"),
        (lambda raw: raw["quotes"][0].pop("provenance"), "quotes[0].provenance: required"),
        (
            lambda raw: raw["quotes"][0]["provenance"][0].update(paragraph=0),
            "quotes[0].provenance[0].paragraph: Input should be greater than or equal to 1",
        ),
        (lambda raw: raw.update(sources=[]), "sources: List should have at least 1 item"),
    ],
)
def test_provenance_is_required_and_well_formed(
    raw: dict[str, Any], change: Any, problem: str
) -> None:
    change(raw)
    assert problems_of(raw)[0].startswith(problem)


def test_source_ids_are_unique(raw: dict[str, Any]) -> None:
    raw["sources"].append(copy.deepcopy(raw["sources"][0]))
    last = len(raw["sources"]) - 1
    assert problems_of(raw) == [f"sources[{last}].id: duplicate source id 'article'"]


# --- each rule reports each break once, where it is -----------------------------------

_BREAKS: dict[str, Any] = {
    # name: (how the bundled data is broken at index i, the path then reported; a new id
    # also leaves what named the old one pointing at nothing)
    "duplicate id": (
        lambda d, i: d["events"][i].update(id=d["events"][i - 1]["id"]),
        lambda d, i: f"events[{i}].id",
    ),
    "id across kinds": (  # the later in the file is the one reported
        lambda d, i: d["events"][i].update(id=d["people"][0]["id"]),
        lambda d, i: "people[0].id",
    ),
    "infobox name": (
        lambda d, i: d["places"][i % len(d["places"])].update(id="born"),
        lambda d, i: f"places[{i % len(d['places'])}].id",
    ),
    "impossible day": (
        lambda d, i: d["events"][i].update(date="1927-02-30"),
        lambda d, i: f"events[{i}].date",
    ),
    "end before date": (
        lambda d, i: d["events"][i].update(end="1899"),
        lambda d, i: f"events[{i}].end",
    ),
    "section": (
        lambda d, i: d["events"][i].update(section="Nowhere"),
        lambda d, i: f"events[{i}].section",
    ),
    "unknown person": (
        lambda d, i: d["events"][i]["people"].append("nobody"),
        lambda d, i: f"events[{i}].people[{len(d['events'][i]['people']) - 1}]",
    ),
    "unknown place": (
        lambda d, i: d["events"][i]["places"].append("nowhere"),
        lambda d, i: f"events[{i}].places[{len(d['events'][i]['places']) - 1}]",
    ),
    "unknown speaker": (
        lambda d, i: d["quotes"][i % len(d["quotes"])].update(speaker="nobody"),
        lambda d, i: f"quotes[{i % len(d['quotes'])}].speaker",
    ),
    "quote of a person": (
        lambda d, i: d["quotes"][i % len(d["quotes"])].update(event=d["people"][0]["id"]),
        lambda d, i: f"quotes[{i % len(d['quotes'])}].event",
    ),
    "quote date": (
        lambda d, i: d["quotes"][i % len(d["quotes"])].update(date="1930-04-31"),
        lambda d, i: f"quotes[{i % len(d['quotes'])}].date",
    ),
    "unknown source": (
        lambda d, i: d["people"][i % len(d["people"])]["provenance"][0].update(source="gossip"),
        lambda d, i: f"people[{i % len(d['people'])}].provenance[0].source",
    ),
    "unknown section": (
        lambda d, i: d["editions"][i % len(d["editions"])]["provenance"][0].update(
            section="Appendix"
        ),
        lambda d, i: f"editions[{i % len(d['editions'])}].provenance[0].section",
    ),
    "duplicate source": (
        lambda d, i: d["sources"].append(copy.deepcopy(d["sources"][0])),
        lambda d, i: f"sources[{len(d['sources']) - 1}].id",
    ),
    "item named as a source": (
        lambda d, i: d["places"][i % len(d["places"])].update(id=d["sources"][0]["id"]),
        lambda d, i: f"places[{i % len(d['places'])}].id",
    ),
    "birthplace": (
        lambda d, i: d["facts"]["born"].update(place_id="atlantis"),
        lambda d, i: "facts.born.place_id",
    ),
    "death before birth": (
        lambda d, i: d["facts"]["died"].update(date="1899-12"),
        lambda d, i: "facts.died.date",
    ),
    "position span": (
        lambda d, i: d["facts"]["positions"][0].update(start="1990", end="1950"),
        lambda d, i: "facts.positions[0].end",
    ),
    "infobox citation": (
        lambda d, i: d["facts"]["provenance"]["born"][0].update(source="x"),
        lambda d, i: "facts.provenance.born[0].source",
    ),
}

_RENAMES = {"duplicate id", "id across kinds", "infobox name", "item named as a source"}
"""The breaks that give an item a new id."""


def _rule_paths(data: dict[str, Any]) -> list[str]:
    """The path of each rule problem of ``data``, validated, rule by rule."""
    bio = biography_adapter().validate_python(data)
    return [json_path(where) for where, _ in rule_problems(bio)]


def test_the_bundled_data_breaks_no_rule(raw: dict[str, Any]) -> None:
    assert _rule_paths(raw) == []


@pytest.mark.parametrize("name", sorted(_BREAKS))
@pytest.mark.parametrize("index", [1, 5, 30])
def test_each_break_is_reported_once_where_it_is(name: str, index: int) -> None:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    change, where = _BREAKS[name]
    change(data, index)
    paths = _rule_paths(data)
    assert paths.count(where(data, index)) == 1, paths
    if name not in _RENAMES:  # nothing else is broken
        assert paths == [where(data, index)]


@given(
    breaks=st.lists(st.sampled_from(sorted(_BREAKS)), max_size=3, unique=True),
    index=st.integers(min_value=1, max_value=30),
)
def test_breaks_together_are_each_reported_once_in_file_order(
    breaks: list[str], index: int
) -> None:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    for name in breaks:
        _BREAKS[name][0](data, index)
    if not breaks:
        assert valid(data)
        return
    with pytest.raises(DataError) as caught:
        parse_biography(json.dumps(data).encode(), "test.json")
    paths = [cast(str, problem.path) for problem in caught.value.problems]
    assert paths, "every break breaks a rule"
    assert len(paths) == len(set(paths)), "each problem once"
    assert paths == sorted(paths, key=lambda path: _place_in_file(data, path))


def _place_in_file(data: dict[str, Any], path: str) -> tuple[int, ...]:
    """Where the item or infobox field ``path`` names stands in ``data``."""
    top, _, rest = path.partition(".") if "[" not in path.split(".")[0] else path.partition("[")
    if top == "facts":
        return (list(data).index(top), list(data["facts"]).index(re.split(r"[.[]", rest)[0]))
    return (list(data).index(top), int(rest.split("]")[0]))


# --- whole numbers: strict, 64-bit, and the JSON Schema says the same -------------------

INT64_MAX = 2**63 - 1
NOT_WHOLE_NUMBERS = [True, False, "12", 3.5, 2**63, 10**30, -(2**63) - 1, None]


@pytest.mark.parametrize(("field", "low"), [("pages", 1), ("year", 1900)])
@pytest.mark.parametrize("value", [*NOT_WHOLE_NUMBERS, 3.0, 0, -1])
def test_a_whole_number_is_a_json_integer_in_its_bounds(
    raw: dict[str, Any], field: str, low: int, value: object
) -> None:
    if value is None:
        value = "null"  # null is allowed; its text is not
    raw["editions"][0][field] = value
    problems = problems_of(raw)
    assert len(problems) == 1
    assert problems[0].startswith(f"editions[0].{field}: ")
    if isinstance(value, int) and not isinstance(value, bool):
        bound = "greater than or equal to" if value < low else "less than or equal to"
        assert bound in problems[0]
    else:
        assert "valid integer" in problems[0]


def test_the_largest_whole_numbers_are_stored_and_queried(raw: dict[str, Any]) -> None:
    from bazhanov_cli.output import sqlite as database
    from bazhanov_cli.queries import sqlquery

    raw["editions"][0]["pages"] = INT64_MAX
    bio = valid(raw)
    found = sqlquery.run(database.connect(bio), "SELECT max(pages) AS most FROM editions")
    assert found.rows == [{"most": INT64_MAX}]


def test_the_schema_and_the_model_agree_on_whole_numbers(raw: dict[str, Any]) -> None:
    import jsonschema

    from bazhanov_cli.model.schemas import json_schema

    schema = json_schema("biography")
    definitions: dict[str, Any] = schema["$defs"]  # type: ignore[assignment]
    pages = definitions["Edition"]["properties"]["pages"]["anyOf"][0]
    year = definitions["Edition"]["properties"]["year"]["anyOf"][0]
    paragraph = definitions["SourceRef"]["properties"]["paragraph"]
    assert pages == {"type": "integer", "minimum": 1, "maximum": INT64_MAX}
    assert year == {"type": "integer", "minimum": 1900, "maximum": 2100}
    assert {key: paragraph[key] for key in ("type", "minimum", "maximum")} == {
        "type": "integer",
        "minimum": 1,
        "maximum": INT64_MAX,
    }
    validator = jsonschema.Draft202012Validator(schema)
    assert list(validator.iter_errors(raw)) == []
    for value in [*NOT_WHOLE_NUMBERS[:-1], 0, 2**64]:
        changed = copy.deepcopy(raw)
        changed["editions"][0]["pages"] = value
        changed["events"][0]["provenance"][0]["paragraph"] = value
        by_schema = sorted(
            "/".join(map(str, error.absolute_path)) for error in validator.iter_errors(changed)
        )
        assert by_schema == ["editions/0/pages", "events/0/provenance/0/paragraph"], value
        assert len(problems_of(changed)) == 2, value
    # 3.0 is the number 3 to JSON Schema, which cannot tell them apart; the model takes only
    # what is written as a whole number, as a database or a typed language reads it.
    raw["editions"][0]["pages"] = 3.0
    assert list(validator.iter_errors(raw)) == []
    assert problems_of(raw) == ["editions[0].pages: Input should be a valid integer (got 3.0)"]
