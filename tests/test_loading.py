"""Loading: the bundled file, a user's file, and one clear error for each bad file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bazhanov_cli import loading
from bazhanov_cli.errors import DataError
from bazhanov_cli.loading import bundled_data_path, json_path, load_biography, load_data

from .conftest import DATA_FILE


def test_bundled_file_loads() -> None:
    bio = load_biography()
    assert bio.facts.full_name == "Boris Georgiyevich Bazhanov"
    assert bundled_data_path().read_bytes() == DATA_FILE.read_bytes()


def test_user_file_loads(tmp_path: Path) -> None:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    data["facts"]["full_name"] = "Someone Else"
    path = tmp_path / "other.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert load_biography(path).facts.full_name == "Someone Else"
    assert load_data(path) == load_biography(path).model_dump(mode="json")


def test_the_bundled_data_read_without_models_is_exactly_the_validated_dump() -> None:
    # The guard of the fast path (loading.py): what the commands print from the
    # bundled file is what the models would give, to the key order.
    validated = load_biography().model_dump(mode="json")
    assert json.dumps(load_data()) == json.dumps(validated)


def test_the_bundled_file_is_stored_as_the_models_write_it() -> None:
    # Only computed fields may be missing from the file (age_at_death).
    from bazhanov_cli.model import Facts

    dumped = load_biography().model_dump(mode="json")
    for name in Facts.model_computed_fields:
        del dumped["facts"][name]
    assert json.loads(DATA_FILE.read_bytes()) == dumped


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b'{"facts": ', "not valid JSON"),
        (b"[]", "$: Input should be an object"),
        (b'{"facts": {"born": {"date": "1900-13"}}}', "facts.born.date: '1900-13'"),
    ],
)
def test_a_damaged_bundled_file_is_still_reported_by_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes, problem: str
) -> None:
    damaged = tmp_path / "bazhanov.json"
    damaged.write_bytes(content)
    monkeypatch.setattr(loading, "bundled_data_path", lambda: damaged)
    with pytest.raises(DataError) as caught:
        load_data()
    assert any(line.startswith(problem) for line in caught.value.problems), caught.value.problems


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "no such file"),
        (b"", "the file is empty"),
        (b"  \n\t", "the file is empty"),
        (b"{", "not valid JSON: EOF while parsing an object at line 1 column 1"),
        (b'{"facts": }', "not valid JSON: expected value at line 1 column 11"),
        (b"[]", "$: Input should be an object (got a list)"),
        (b"\x89PNG\r\n\x1a\n\x00\xff", "not UTF-8 text: byte 0x89 at line 1 column 1"),
        (b'{"facts": 1}', "facts: Input should be an object (got 1)"),
    ],
)
def test_bad_files_give_one_clear_error(
    tmp_path: Path, content: bytes | None, expected: str
) -> None:
    path = tmp_path / "bad.json"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(DataError) as caught:
        load_biography(path)
    assert caught.value.problems[0] == expected
    assert str(caught.value).startswith(f"{path}: {expected}")
    assert "\n" not in str(caught.value)


def test_a_directory_is_not_a_data_file(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="is a directory"):
        load_biography(tmp_path)


def test_every_problem_is_listed_with_its_path(tmp_path: Path) -> None:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    data["events"][3]["date"] = "1928-13-01"
    data["editions"][0]["colour"] = "red"
    del data["people"][0]["name"]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_biography(path)
    assert sorted(caught.value.problems) == sorted(
        [
            "events[3].date: '1928-13-01' is not a valid date",
            "editions[0].colour: unknown field",
            "people[0].name: required field is missing",
        ]
    )
    assert str(caught.value).endswith("(and 2 more)")


def test_every_broken_rule_is_listed_with_its_path(tmp_path: Path) -> None:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    duplicate = data["events"][5]["id"]
    data["events"][4]["id"] = duplicate
    data["events"][6]["places"] = ["atlantis"]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_biography(path)
    assert caught.value.problems == [
        f"events[5].id: duplicate id '{duplicate}' (first used at events[4])",
        "events[6].places[0]: unknown place id 'atlantis'",
    ]


def test_cross_field_problems_wait_for_field_problems(tmp_path: Path) -> None:
    # Cross-reference rules only run on a structurally valid file; a broken
    # field is reported alone, not buried under knock-on errors.
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    data["events"][0]["date"] = "nope"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_biography(path)
    assert len(caught.value.problems) == 1


@pytest.mark.parametrize(
    ("loc", "path"),
    [((), "$"), (("facts",), "facts"), (("events", 3, "date"), "events[3].date")],
)
def test_json_path(loc: tuple[int | str, ...], path: str) -> None:
    assert json_path(loc) == path


def test_the_cycle_collector_is_back_on_after_loading_a_file(tmp_path: Path) -> None:
    import gc

    good = tmp_path / "good.json"
    good.write_bytes(DATA_FILE.read_bytes())
    bad = tmp_path / "bad.json"
    bad.write_text("[]", encoding="utf-8")
    assert load_data(good)["facts"]["age_at_death"] == 82
    assert gc.isenabled()
    with pytest.raises(DataError):
        load_data(bad)
    assert gc.isenabled()
