"""Loading: the bundled file, a user's file, and one clear error for each bad file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bazhanov_cli.errors import DataError, Problem, json_path
from bazhanov_cli.model import loading
from bazhanov_cli.model.loading import bundled_data_path, load_biography, parse_biography

from .conftest import DATA_FILE


def test_bundled_file_loads() -> None:
    bio = load_biography()
    assert bio["facts"]["full_name"] == "Boris Georgiyevich Bazhanov"
    assert bundled_data_path().read_bytes() == DATA_FILE.read_bytes()


def test_user_file_loads(tmp_path: Path) -> None:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    data["facts"]["full_name"] = "Someone Else"
    path = tmp_path / "other.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert load_biography(path)["facts"]["full_name"] == "Someone Else"


def test_the_bundled_data_read_as_is_is_exactly_what_validation_gives() -> None:
    # The guard of the fast path (loading.py): what the commands print from the
    # bundled file is what the validator would give, every default filled in,
    # to the key order.
    content = DATA_FILE.read_bytes()
    validated = parse_biography(content, "bundled")
    assert json.dumps(load_biography()) == json.dumps(validated)


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
        load_biography()
    lines = list(map(str, caught.value.problems))
    assert any(line.startswith(problem) for line in lines), lines


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
        (b'{"sources": 1}', "sources: Input should be a valid array (got 1)"),
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
    assert str(caught.value.problems[0]) == expected
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
    assert sorted(map(str, caught.value.problems)) == sorted(
        [
            "events[3].date: '1928-13-01' is not a valid date",
            "editions[0].colour: unknown field",
            "people[0].name: required field is missing",
        ]
    )
    assert str(caught.value).endswith("(and 2 more)")


def test_every_broken_rule_is_listed_with_its_path(tmp_path: Path) -> None:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    duplicate = data["events"][4]["id"]
    data["events"][5]["id"] = duplicate
    data["events"][6]["places"] = ["atlantis"]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_biography(path)
    assert caught.value.problems == [
        Problem("events[5].id", f"duplicate id '{duplicate}' (first used at events[4])"),
        Problem("events[6].places[0]", "unknown place id 'atlantis'"),
    ]


def test_a_broken_field_is_reported_once_without_knock_on_problems(tmp_path: Path) -> None:
    # The rules skip a part that failed its own checks: events[0] keeps its id,
    # so the quote pointing at it and the person it names are not reported.
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    data["events"][0]["date"] = "nope"
    data["people"][0]["description"] = ""
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_biography(path)
    assert list(map(str, caught.value.problems)) == [
        "events[0].date: 'nope' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD",
        "people[0].description: String should have at least 1 character (got '')",
    ]


def test_field_and_rule_problems_come_together_in_file_order(tmp_path: Path) -> None:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    data["quotes"][0]["speaker"] = "ghost"  # a rule, late in the file
    data["events"][2]["id"] = data["events"][1]["id"]  # a rule
    data["editions"][0]["colour"] = "red"  # a field
    data["facts"]["died"]["date"] = "1899"  # a rule, first in the file
    data["events"][1]["title"] = 7  # a field, on an item whose id is repeated
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_biography(path)
    duplicate = data["events"][1]["id"]
    assert list(map(str, caught.value.problems)) == [
        "facts.died.date: death (1899) is before birth (1900-08-09)",
        "events[1].title: Input should be a valid string (got 7)",
        f"events[2].id: duplicate id '{duplicate}' (first used at events[1])",
        "editions[0].colour: unknown field",
        "quotes[0].speaker: unknown person id 'ghost'",
    ]


@pytest.mark.parametrize(
    ("loc", "path"),
    [((), "$"), (("facts",), "facts"), (("events", 3, "date"), "events[3].date")],
)
def test_json_path(loc: tuple[int | str, ...], path: str) -> None:
    assert json_path(loc) == path


@pytest.mark.parametrize("enabled", [True, False])
def test_loading_leaves_the_cycle_collector_as_it_was(tmp_path: Path, enabled: bool) -> None:
    # Loading pauses the collector while it reads, and only then; a file read with it on
    # is frozen out of its reach (load_biography says why).
    import gc

    good = tmp_path / "good.json"
    good.write_bytes(DATA_FILE.read_bytes())
    bad = tmp_path / "bad.json"
    bad.write_text("[]", encoding="utf-8")
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    gc.unfreeze()
    try:
        assert load_biography(good)["facts"]["full_name"]
        assert gc.isenabled() is enabled
        assert (gc.get_freeze_count() > 0) is enabled
        gc.unfreeze()
        with pytest.raises(DataError):
            load_biography(bad)
        assert gc.isenabled() is enabled
        assert gc.get_freeze_count() == 0  # a failed load's leavings stay collectable
    finally:
        gc.unfreeze()
        (gc.enable if was else gc.disable)()
