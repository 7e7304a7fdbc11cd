"""Every rule of the model, each rejected with its message and path."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from bazhanov_cli.dates import PartialDate
from bazhanov_cli.model import Biography

from .conftest import DATA_FILE


@pytest.fixture
def raw() -> dict[str, Any]:
    """A fresh, mutable copy of the bundled data."""
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def errors_of(data: dict[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
    with pytest.raises(ValidationError) as caught:
        Biography.model_validate(data)
    return [(tuple(error["loc"]), error["msg"]) for error in caught.value.errors()]


# --- PartialDate -----------------------------------------------------------


@pytest.mark.parametrize("text", ["1900", "1920-11", "1923-08-09", "1928-02-29", "2000-02-29"])
def test_partial_date_keeps_its_precision(text: str) -> None:
    assert str(PartialDate.parse(text)) == text


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
        ("", "YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_partial_date_rejects(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        PartialDate.parse(text)


def test_partial_dates_sort_across_precisions() -> None:
    texts = ["1928-02", "1928-01-01", "1928", "1927-12-31", "1928-01", "1929"]
    ordered = [str(date) for date in sorted(PartialDate.parse(text) for text in texts)]
    assert ordered == ["1927-12-31", "1928", "1928-01", "1928-01-01", "1928-02", "1929"]


def test_partial_date_bounds() -> None:
    november = PartialDate.parse("1920-11")
    assert (str(november.earliest()), str(november.latest())) == ("1920-11-01", "1920-11-30")
    leap = PartialDate.parse("1928-02")
    assert str(leap.latest()) == "1928-02-29"
    assert str(PartialDate.parse("1982").latest()) == "1982-12-31"
    assert PartialDate.parse("1920-11").precision == "month"


@given(st.dates())
def test_partial_date_round_trips_any_real_day(day: Any) -> None:
    for text in (day.isoformat(), day.isoformat()[:7], day.isoformat()[:4]):
        assert str(PartialDate.parse(text)) == text


def test_dates_round_trip_through_json(bio: Biography) -> None:
    dumped = bio.model_dump(mode="json")
    stored = copy.deepcopy(dumped)
    del stored["facts"]["age_at_death"]  # computed on load, never stored
    assert Biography.model_validate_json(json.dumps(stored)).model_dump(mode="json") == dumped
    moscow = next(e for e in dumped["events"] if e["id"] == "moves-to-moscow")
    assert moscow["date"] == "1920-11"


# --- the data file's rules ---------------------------------------------------


def test_bundled_data_is_valid(bio: Biography) -> None:
    assert len(bio.events) >= 25
    assert len(bio.editions) == 12


def test_unknown_field_is_rejected(raw: dict[str, Any]) -> None:
    raw["events"][0]["tittle"] = "typo"
    assert ((("events", 0, "tittle"), "Extra inputs are not permitted")) in errors_of(raw)


def test_impossible_date_is_rejected_with_its_path(raw: dict[str, Any]) -> None:
    raw["events"][3]["date"] = "1928-02-30"
    assert errors_of(raw) == [(("events", 3, "date"), "'1928-02-30' is not a valid date")]


def test_end_before_date_is_rejected(raw: dict[str, Any]) -> None:
    index = next(i for i, e in enumerate(raw["events"]) if e["id"] == "defection")
    raw["events"][index]["end"] = "1927-12"
    assert errors_of(raw) == [
        (("events", index, "end"), "end (1927-12) is before date (1928-01-01)")
    ]


def test_end_in_the_same_year_as_a_precise_date_is_allowed(raw: dict[str, Any]) -> None:
    index = next(i for i, e in enumerate(raw["events"]) if e["id"] == "defection")
    raw["events"][index]["end"] = "1928"  # overlaps: 1928 may end after 1 January
    Biography.model_validate(raw)


def test_death_before_birth_is_rejected(raw: dict[str, Any]) -> None:
    raw["facts"]["died"]["date"] = "1899"
    assert errors_of(raw) == [
        (("facts", "died", "date"), "death (1899) is before birth (1900-08-09)")
    ]


@pytest.mark.parametrize("kind", ["events", "editions", "people", "places", "quotes"])
def test_duplicate_ids_are_named(raw: dict[str, Any], kind: str) -> None:
    duplicate = copy.deepcopy(raw[kind][0])
    raw[kind].append(duplicate)
    last = len(raw[kind]) - 1
    problem = ((kind, last, "id"), f"duplicate id '{duplicate['id']}' (first used at {kind}[0])")
    assert problem in errors_of(raw)


def test_unresolved_references_are_each_reported(raw: dict[str, Any]) -> None:
    raw["events"][0]["people"].append("nobody")
    raw["events"][1]["places"] = ["atlantis"]
    raw["quotes"][0]["speaker"] = "ghost"
    raw["quotes"][0]["event"] = "never-happened"
    raw["facts"]["born"]["place_id"] = "nowhere"
    assert sorted(errors_of(raw)) == sorted(
        [
            (
                ("events", 0, "people", len(raw["events"][0]["people"]) - 1),
                "unknown person id 'nobody'",
            ),
            (("events", 1, "places", 0), "unknown place id 'atlantis'"),
            (("quotes", 0, "speaker"), "unknown person id 'ghost'"),
            (("quotes", 0, "event"), "unknown event id 'never-happened'"),
            (("facts", "born", "place_id"), "unknown place id 'nowhere'"),
        ]
    )


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("events", 0, "category"), "gossip"),
        (("events", 0, "id"), "Not A Slug"),
        (("editions", 0, "language"), "fra"),
        (("editions", 0, "year"), 1850),
        (("events", 0, "title"), ""),
    ],
)
def test_field_rules(raw: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    target = raw
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    assert [loc for loc, _ in errors_of(raw)] == [path]


def test_age_at_death_is_computed_not_stored(bio: Biography, raw: dict[str, Any]) -> None:
    assert "age_at_death" not in raw["facts"]
    assert bio.facts.age_at_death == 82
    raw["facts"]["age_at_death"] = 99
    assert (("facts", "age_at_death"), "Extra inputs are not permitted") in errors_of(raw)


@pytest.mark.parametrize(
    ("born", "died", "age"),
    [
        ("1900-08-09", "1982-12-30", 82),
        ("1900-08-09", "1982-08-08", 81),
        ("1900-08-09", "1982-08-09", 82),
        ("1900", "1982-12-30", None),  # 81 or 82: the source would have to say
        ("1900-01", "1982-12", 82),
        ("1900", "1982", None),
    ],
)
def test_age_at_death_respects_precision(
    raw: dict[str, Any], born: str, died: str, age: int | None
) -> None:
    raw["facts"]["born"]["date"] = born
    raw["facts"]["died"]["date"] = died
    assert Biography.model_validate(raw).facts.age_at_death == age


def test_ids_are_unique_across_kinds(raw: dict[str, Any]) -> None:
    raw["quotes"][0]["id"] = raw["events"][0]["id"]  # nothing refers to a quote's id
    assert errors_of(raw) == [(("quotes", 0, "id"), "id 'birth' is already used by events[0]")]
