"""Loading: the bundled file, a user's file, and one clear error for each bad file."""

from __future__ import annotations

import json
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from bazhanov_cli.errors import DataError, Problem, json_path
from bazhanov_cli.model import items, loading
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
        "events[0].date: 'nope' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD"
        " (with ~ after it if approximate)",
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


# --- bounds: every one checked as the file is read, each a problem with its path --------


def bundled() -> dict[str, Any]:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def problems(data: dict[str, Any]) -> list[str]:
    with pytest.raises(DataError) as caught:
        parse_biography(json.dumps(data).encode(), "bounded.json")
    return list(map(str, caught.value.problems))


@pytest.mark.parametrize("length", [items.TEXT_LIMIT + 1, 8_000_000])
def test_a_text_is_at_most_the_text_limit(length: int) -> None:
    data = bundled()
    data["events"][0]["title"] = "x" * items.TEXT_LIMIT
    parse_biography(json.dumps(data).encode(), "long.json")  # the limit itself is fine
    data["events"][0]["title"] = "x" * length
    shown = "'" + "x" * 56 + "..."  # a long value is cut where it is quoted
    assert problems(data) == [
        f"events[0].title: String should have at most 10000 characters (got {shown})"
    ]


@pytest.mark.parametrize(
    ("where", "key"),
    [(("people", 0), "aliases"), (("events", 0), "provenance"), (("events", 0), "people")],
)
def test_a_list_inside_an_item_is_bounded(where: tuple[str, int], key: str) -> None:
    data = bundled()
    item = data[where[0]][where[1]]
    item[key] = (item[key] * (items.NESTED_LIMIT + 1))[: items.NESTED_LIMIT + 1]
    found = problems(data)
    assert found[0] == (
        f"{where[0]}[{where[1]}].{key}: List should have at most 1000 items after validation, "
        "not 1001 (got a list)"
    )


def test_a_file_of_a_million_broken_items_is_judged_in_bounded_work() -> None:
    # Before: 421 s and 13 GB for a million {} (54 s and 2.7 GB for 200,000). Validation stops
    # at the first bad item; the rest are read a chunk at a time, up to PROBLEM_LIMIT.
    data = bundled()
    data["events"] = [{}] * 1_000_000
    content = json.dumps(data).encode()
    tracemalloc.start()
    started = time.process_time()
    with pytest.raises(DataError) as caught:
        parse_biography(content, "million.json")
    seconds = time.process_time() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    found = list(map(str, caught.value.problems))
    assert len(found) == loading.PROBLEM_LIMIT + 1
    assert found[:2] == [
        "events[0].id: required field is missing",
        "events[0].date: required field is missing",
    ]
    assert found[-1] == "and more problems: a report stops after the first 1,000"
    assert seconds < 30  # CPU seconds; about 2 here
    assert peak < 300 * 2**20  # bytes Python allocated at most; about 100 MB here


def test_a_few_broken_items_among_many_are_each_reported() -> None:
    data = bundled()
    good = data["events"]
    data["events"] = [
        {**event, "id": f"e{number}-{event['id']}"} if number else event
        for number in range(100)
        for event in good
    ]
    for index in (3, 1500, 2999):
        data["events"][index]["title"] = ""
    data["events"][2000]["category"] = "nothing"
    assert [problem.split(":")[0] for problem in problems(data)] == [
        "events[3].title",
        "events[1500].title",
        "events[2000].category",
        "events[2999].title",
    ]
