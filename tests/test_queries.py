"""The pure queries: filtering, ordering and language resolution."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bazhanov_cli import queries
from bazhanov_cli.dates import PartialDate
from bazhanov_cli.errors import UsageError
from bazhanov_cli.queries import Record

LANGUAGES_PRESENT = ["fr", "ru", "de", "es", "en"]


def ids(events: list[Record]) -> list[str]:
    return [event["id"] for event in events]


def test_events_in_1928_include_spans_overlapping_it(data: Record) -> None:
    assert ids(queries.select_events(data["events"], queries.EventFilter(year=1928))) == [
        "politburo-positions",
        "first-five-year-plan",
        "agabekov-manhunt",
        "defection",
    ]


def test_events_come_out_chronological(data: Record) -> None:
    selected = queries.select_events(reversed(data["events"]))
    assert [PartialDate.parse(event["date"]).sort_key() for event in selected] == sorted(
        PartialDate.parse(event["date"]).sort_key() for event in data["events"]
    )
    assert selected[0]["id"] == "birth"


def test_from_and_to_bound_the_span(data: Record) -> None:
    selected = ids(
        queries.select_events(data["events"], queries.EventFilter(from_year=1939, to_year=1941))
    )
    assert selected == ["winter-war-legion", "trotsky-assassinated", "berlin-visit-rosenberg"]


def test_a_span_matches_every_year_it_covers(data: Record) -> None:
    assert "agabekov-manhunt" in ids(
        queries.select_events(data["events"], queries.EventFilter(year=1929))
    )
    assert "agabekov-manhunt" not in ids(
        queries.select_events(data["events"], queries.EventFilter(year=1931))
    )


def test_filters_combine(data: Record) -> None:
    selected = queries.select_events(
        data["events"], queries.EventFilter(from_year=1920, category="Assassination-Attempt")
    )
    assert ids(selected) == ["blumkin-assassination-plot", "stabbing-attempt-1937"]


def test_no_events_is_an_empty_list(data: Record) -> None:
    assert queries.select_events(data["events"], queries.EventFilter(year=1850)) == []


def test_from_after_to_is_a_usage_error(data: Record) -> None:
    with pytest.raises(UsageError, match="--from 1930 is after --to 1920"):
        queries.select_events(data["events"], queries.EventFilter(from_year=1930, to_year=1920))


def test_unknown_category_lists_the_valid_ones() -> None:
    with pytest.raises(UsageError) as caught:
        queries.parse_category("gossip")
    assert "unknown category 'gossip'" in str(caught.value)
    for category in queries.CATEGORIES:
        assert category in str(caught.value)


@given(
    year=st.one_of(st.none(), st.integers(1890, 2000)),
    low=st.one_of(st.none(), st.integers(1890, 2000)),
    span=st.integers(0, 40),
)
def test_every_selected_event_overlaps_the_bounds(
    data: Record, year: int | None, low: int | None, span: int
) -> None:
    high = None if low is None else low + span
    selected = queries.select_events(
        data["events"], queries.EventFilter(year=year, from_year=low, to_year=high)
    )
    for event in data["events"]:
        first, last = queries.event_years(event)
        fits = (year is None or first <= year <= last) and (
            low is None or high is None or (last >= low and first <= high)
        )
        assert (event in selected) == fits
    assert selected == queries.chronological(selected)


@pytest.mark.parametrize(
    ("bounds", "words"),
    [
        ({"year": 1850}, "No events in 1850."),
        ({"from_year": 1990}, "No events from 1990 on."),
        ({"to_year": 1800}, "No events up to 1800."),
        (
            {"from_year": 1801, "to_year": 1802, "category": "War"},
            "No war events from 1801 to 1802.",
        ),
    ],
)
def test_describe_empty(bounds: dict[str, int | str], words: str) -> None:
    assert queries.EventFilter(**bounds).describe_empty() == words  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["de", "DE", "German", "german", " German ", "deu", "ger", "GER"])
def test_language_spellings(text: str) -> None:
    assert queries.language_code(text, LANGUAGES_PRESENT) == "de"


@pytest.mark.parametrize(("text", "code"), [("Greek", "el"), ("gre", "el"), ("Azerbaijani", "az")])
def test_other_language_spellings(text: str, code: str) -> None:
    assert queries.language_code(text, LANGUAGES_PRESENT) == code


def test_a_real_language_without_editions_is_empty(data: Record) -> None:
    code = queries.language_code("it", LANGUAGES_PRESENT)
    assert queries.editions_in_language(data["editions"], code) == []


@pytest.mark.parametrize("text", ["xx", "Klingon", "", "d"])
def test_no_language_is_a_usage_error_listing_those_present(text: str) -> None:
    with pytest.raises(UsageError) as caught:
        queries.language_code(text, LANGUAGES_PRESENT)
    assert str(caught.value).endswith(
        "editions exist in: de (German), en (English), es (Spanish), fr (French), ru (Russian)"
    )


def test_german_editions_in_order(data: Record) -> None:
    german = queries.editions_in_language(data["editions"], "de")
    assert [edition["id"] for edition in german] == [
        "stalin-der-rote-diktator",
        "ich-war-stalins-sekretar",
        "ich-war-stalins-sekretar-2",
    ]
    assert len(queries.editions_in_language(data["editions"], None)) == 12


def test_language_name() -> None:
    assert queries.language_name("de") == "German"


def test_categories_are_the_models() -> None:
    from typing import get_args

    from bazhanov_cli.model import Category

    assert get_args(Category) == queries.CATEGORIES


partial_dates = st.dates(min_value=dt.date(1, 1, 1)).flatmap(
    lambda day: st.sampled_from(
        [f"{day.year:04d}", f"{day.year:04d}-{day.month:02d}", day.isoformat()]
    )
)


@given(st.lists(partial_dates, max_size=12))
def test_text_order_of_partial_dates_is_date_order(texts: list[str]) -> None:
    # chronological() sorts the JSON strings; that must be PartialDate's order.
    assert sorted(texts) == sorted(texts, key=lambda text: PartialDate.parse(text).sort_key())


@given(st.lists(st.tuples(partial_dates, st.none() | partial_dates), max_size=12))
def test_chronological_sorts_by_date_then_end(dates: list[tuple[str, str | None]]) -> None:
    events = [
        {"id": str(index), "date": date, "end": end} for index, (date, end) in enumerate(dates)
    ]

    def key(event: Record) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
        end = PartialDate.parse(event["end"]).sort_key() if event["end"] else (0, 0, 0)
        return PartialDate.parse(event["date"]).sort_key(), end

    assert queries.chronological(events) == sorted(events, key=key)
