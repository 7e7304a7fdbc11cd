"""`bazhanov schema` describes exactly what each command's --json prints."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast, get_args

import jsonschema
import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from bazhanov_cli.cli.documents import SchemaChoice
from bazhanov_cli.model.items import Biography
from bazhanov_cli.model.kinds import LISTINGS, SchemaName, fields_of
from bazhanov_cli.model.schemas import DOCS_URL, json_schema, schema_id

from .conftest import DATA_FILE, REPO, invoke
from .conftest import invoke_json as json_of

COMMANDS = {
    "facts": ["facts", "--json"],
    "events": ["events", "--json"],
    "editions": ["editions", "--json"],
    "people": ["people", "--json"],
    "places": ["places", "--json"],
    "quotes": ["quotes", "--json"],
    "search": ["search", "Stalin", "--json", "--limit", "1000"],
    "sources": ["sources", "--json"],
    # show's record without its passages (`schema show` has them) is the fact's.
    "fact": ["show", "born", "--json", "--fields", ",".join(fields_of("fact"))],
    "claims": ["claims", "--json"],
    "at": ["at", "1928", "--json"],
    "map": ["map", "--json"],
    "passages": ["sources", "article", "--json"],
    "show": ["show", "defection", "--json"],
    "sql": ["sql", "SELECT id, year, x'00ff' AS blob, 2.5 AS real FROM editions", "--json"],
    "validate": ["validate", "--json", str(DATA_FILE)],
    "cite": ["cite", "--all", "--json"],
}


def schema_of(name: str, *fields: str) -> dict[str, Any]:
    schema: dict[str, Any] = json_of("schema", name, *fields)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    return schema


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_commands_json_validates_against_its_schema(name: str) -> None:
    jsonschema.validate(json_of(*COMMANDS[name]), schema_of(name))


def test_the_data_file_validates_against_the_biography_schema() -> None:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema_of("biography"))


def test_every_schema_name_is_covered() -> None:
    assert set(get_args(SchemaName)) == {*COMMANDS, "biography"}
    assert set(COMMANDS) == {*LISTINGS, "show", "sql", "validate", "cite"}


def test_show_json_of_every_id_validates_against_the_show_schema(bio: Biography) -> None:
    # The records of every id come from the library show prints (one process, fast); a few
    # through the command itself, which must print the same.
    from bazhanov_cli.cli.session import Session
    from bazhanov_cli.queries.lookup import all_ids, find_item
    from bazhanov_cli.queries.passages import shown

    validator = jsonschema.Draft202012Validator(schema_of("show"))
    documents = Session().documents()
    every = [*all_ids(bio), *(source["id"] for source in bio["sources"])]
    records = {item_id: shown(find_item(bio, item_id), documents) for item_id in every}
    for item_id in ("defection", "born", "trotsky", "article", every[len(every) // 2]):
        assert json_of("show", item_id, "--json") == records[item_id], item_id
    for item_id, record in records.items():
        validator.validate(record)
        refs = cast("list[dict[str, Any]]", record.get("provenance", []))
        texts = [passage["text"] for passage in record["passages"]]
        assert [{**ref, "text": text} for ref, text in zip(refs, texts, strict=True)] == record[
            "passages"
        ], item_id
        assert all(isinstance(text, str) and text for text in texts), item_id
    # The schema is no formality: a passage without its text, or with a key more, fails.
    broken = json_of("show", "defection", "--json")
    del broken["passages"][0]["text"]
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(broken)
    broken = json_of("show", "born", "--json")
    broken["passages"][0]["note"] = "x"
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(broken)


def test_the_sources_text_validates_and_names_its_command() -> None:
    schema = schema_of("passages")
    assert schema["title"] == "bazhanov-cli: `bazhanov sources ID --json`"
    assert schema_of("show")["title"] == "bazhanov-cli: `bazhanov show ID --json`"
    for source in ("article", "editions"):
        jsonschema.validate(json_of("sources", source, "--json"), schema)


def test_schemas_reject_what_the_contract_forbids() -> None:
    events = schema_of("events")
    good = json_of("events", "--year", "1928", "--json")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{**good[0], "extra": 1}], events)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{**good[0], "date": "1928-1-1"}], events)
    missing = dict(good[0])
    del missing["attribution"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([missing], events)


def test_facts_schema_requires_the_computed_age() -> None:
    assert "age_at_death" in schema_of("facts")["required"]


def test_unknown_schema_is_a_usage_error() -> None:
    result = invoke("schema", "nonsense")
    assert result.exit_code == 2
    assert "'nonsense' is not one of 'facts', 'events'" in result.stderr


def test_every_field_is_described_by_its_docstring() -> None:
    # The data file's validator skips the docstrings for speed; the schemas must not.
    # An entry that extends an item (EventEntry, FactsEntry) keeps the item's descriptions.
    event = schema_of("events")["$defs"]["EventEntry"]
    assert event["properties"]["attribution"]["description"] == (
        "Null when the source states it as fact; else who says so."
    )
    assert event["properties"]["age"]["description"].startswith("His age in whole years")
    assert schema_of("facts")["properties"]["born"]["$ref"] == "#/$defs/LifeMoment"
    assert schema_of("facts")["properties"]["native_name"]["description"] == (
        "The name in Cyrillic, as the source has it."
    )
    reference = schema_of("biography")["$defs"]["SourceRef"]["properties"]
    assert reference["paragraph"]["description"] == (
        "1-based, counting the section's paragraphs and list items as they stand."
    )


def test_describing_the_fields_leaves_the_validator_as_it_was() -> None:
    # The docstrings go into the printed schemas alone: the TypedDicts' own config,
    # and so every validator built after a schema, stay as they were.
    shapes = {**{name: spec.record for name, spec in LISTINGS.items()}, "biography": Biography}
    configs = {name: dict(shape.__pydantic_config__) for name, shape in shapes.items()}
    plain = TypeAdapter(Biography).json_schema()
    assert "description" not in plain["$defs"]["Event"]["properties"]["attribution"]
    for name in get_args(SchemaName):
        schema_of(name)
    checked = invoke("validate", str(DATA_FILE))
    assert checked.exit_code == 0, checked.output
    assert "valid" in checked.stderr
    assert {name: dict(shape.__pydantic_config__) for name, shape in shapes.items()} == configs
    assert TypeAdapter(Biography).json_schema() == plain


# --- $id: every schema its own address on the documentation site --------------------------


def every_schema_name() -> list[str]:
    """Every name ``schema`` prints a JSON Schema for (all but ``sqlite``, which is SQL)."""
    return [name for name in get_args(SchemaChoice) if name != "sqlite"]


def test_every_schema_has_its_own_id_under_the_docs_site() -> None:
    names = every_schema_name()
    assert {"sql", "validate", "biography", "events"} <= set(names)
    ids = {name: schema_of(name)["$id"] for name in names}
    assert len(set(ids.values())) == len(ids)
    for name, address in ids.items():
        assert address == f"{DOCS_URL}schemas/{name}.json"
    subset = schema_of("events", "--fields", "id,date")["$id"]
    assert subset == f"{DOCS_URL}schemas/events.json?fields=id,date"
    assert subset not in ids.values()


def test_the_docs_url_is_the_sites() -> None:
    # The metadata's Documentation URL is the same (tests/test_packaging.py).
    import yaml

    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_url"] == DOCS_URL
    assert DOCS_URL.startswith("https://")
    assert DOCS_URL.endswith("/")


def test_the_id_is_made_in_one_place_for_every_schema() -> None:
    for name in every_schema_name():
        schema = json_schema(name)  # type: ignore[arg-type]
        assert schema["$id"] == schema_id(name)
        assert list(schema)[:2] == ["$schema", "$id"]


# --- --fields: the schema of a subset -------------------------------------------------------


def test_the_fields_subset_schema_fits_its_output_and_the_full_one_does_not() -> None:
    printed = json_of("events", "--fields", "id,date", "--json")
    subset = schema_of("events", "--fields", "id,date")
    jsonschema.validate(printed, subset)
    with pytest.raises(jsonschema.ValidationError, match="'end' is a required property"):
        jsonschema.validate(printed, schema_of("events"))
    with pytest.raises(jsonschema.ValidationError, match="Additional properties"):
        jsonschema.validate([{**printed[0], "title": "x"}], subset)
    with pytest.raises(jsonschema.ValidationError, match="'date' is a required property"):
        jsonschema.validate([{"id": printed[0]["id"]}], subset)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{**printed[0], "date": "1928-1-1"}], subset)  # checks kept


def test_a_subset_keeps_only_the_definitions_it_uses() -> None:
    assert "$defs" not in schema_of("events", "--fields", "id,date")
    assert list(schema_of("events", "--fields", "id,provenance")["$defs"]) == ["SourceRef"]
    facts = schema_of("facts", "--fields", "positions,full_name")
    assert facts["required"] == ["positions", "full_name"]
    assert "Position" in facts["$defs"]


LISTED = sorted(name for name in LISTINGS if name not in ("fact", "search"))
"""The listings whose subsets are drawn (fact is show's, search's records vary by query)."""


# Each example runs two commands: few of them, and no shrinking (a failure names its draws).
@settings(max_examples=25, phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(st.data())
def test_any_fields_subset_of_a_listing_validates(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(LISTED))
    valid = fields_of(name)
    fields = data.draw(st.lists(st.sampled_from(valid), min_size=1, unique=True))
    text = ",".join(fields)
    printed = json_of(*COMMANDS[name], "--fields", text)  # with its argument: at 1928
    subset = schema_of(name, "--fields", text)
    jsonschema.validate(printed, subset)
    records = printed if isinstance(printed, list) else [printed]
    assert all(list(record) == fields for record in records)
    full = schema_of(name)
    record = full["$defs"][full["items"]["$ref"].rsplit("/", 1)[1]] if "items" in full else full
    if set(record["required"]) - set(fields) and records:  # the full one needs a key left out
        with pytest.raises(jsonschema.ValidationError, match="is a required property"):
            jsonschema.validate(printed, full)
    else:
        jsonschema.validate(printed, full)


def test_sql_fields_subset_names_the_columns() -> None:
    query = "SELECT id, year FROM editions"
    printed = json_of("sql", query, "--json", "--fields", "year,id")
    subset = schema_of("sql", "--fields", "year,id")
    jsonschema.validate(printed, subset)
    assert subset["items"]["required"] == ["year", "id"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(json_of("sql", query, "--json"), schema_of("sql", "--fields", "title"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["events", "--fields", "id,nope"], "unknown field 'nope' in --fields; valid fields: id,"),
        (["events", "--fields", ","], "no field named in --fields"),
        (["validate", "--fields", "file"], "not of validate"),
        (["biography", "--fields", "events"], "not of biography"),
        (["sqlite", "--fields", "id"], "not of sqlite"),
        (["cite", "--fields", "id"], "not of cite"),
        (["show", "--fields", "id"], "not of show"),  # was an internal error
    ],
)
def test_fields_the_schema_cannot_have_are_refused(args: list[str], message: str) -> None:
    result = invoke("schema", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr


def test_a_failed_validate_report_validates_too(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"facts": 1}', encoding="utf-8")
    result = invoke("validate", "--json", str(broken), str(tmp_path / "missing.json"))
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert len(report) > 2
    jsonschema.validate(report, schema_of("validate"))
