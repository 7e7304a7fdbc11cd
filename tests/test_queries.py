"""The pure queries: filtering, ordering and language resolution."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bazhanov_cli.errors import NotFoundError, UsageError
from bazhanov_cli.model.dates import sort_key
from bazhanov_cli.model.items import Biography, Event
from bazhanov_cli.model.kinds import FACT_IDS
from bazhanov_cli.queries import languages as language_queries
from bazhanov_cli.queries import lookup

LANGUAGES_PRESENT = ["fr", "ru", "de", "es", "en"]


def ids(events: list[Event]) -> list[str]:
    return [event["id"] for event in events]


def interval(text: str) -> tuple[dt.date, dt.date]:
    """A partial date's first and last possible day, from the calendar: ``1920-11`` is
    1920-11-01 to 1920-11-30; approximate (``1939-11~``), the interval of the date without
    its mark."""
    parts = text.removesuffix("~").split("-")
    year, month, day = [*(int(part) for part in parts), 0, 0][:3]
    if day:
        return dt.date(year, month, day), dt.date(year, month, day)
    if month:
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def date_key(text: str) -> tuple[dt.date, dt.date]:
    """The order dates must have: by earliest possible day, then latest."""
    return interval(text)


def test_events_in_1928_include_spans_overlapping_it(bio: Biography) -> None:
    # 1 January 1928 comes before "1928", which may be any day of it, and a point
    # before a span that starts with it.
    assert ids(lookup.events_matching(bio["events"], lookup.EventFilter(year=1928))) == [
        "politburo-positions",
        "defection",
        "first-five-year-plan",
        "agabekov-manhunt",
    ]


def test_the_defection_comes_before_the_manhunt(bio: Biography) -> None:
    where = lookup.EventFilter(category="defection")
    assert ids(lookup.events_matching(bio["events"], where)) == ["defection", "agabekov-manhunt"]


def test_events_come_out_chronological(bio: Biography) -> None:
    selected = lookup.events_matching(reversed(bio["events"]))
    assert [date_key(event["date"]) for event in selected] == sorted(
        date_key(event["date"]) for event in bio["events"]
    )
    assert selected[0]["id"] == "birth"


def test_an_approximate_date_is_its_interval_to_every_filter_and_sort(bio: Biography) -> None:
    # 1939-11~ to 1940-03~ (the Winter War legion), 1941-06~ (the eve of Barbarossa).
    for year, expected in ((1939, True), (1940, True), (1941, False)):
        found = ids(lookup.events_matching(bio["events"], lookup.EventFilter(year=year)))
        assert ("winter-war-legion" in found) is expected, year
    events = {event["id"]: event for event in bio["events"]}
    assert lookup.event_years(events["winter-war-legion"]) == (1939, 1940)
    assert lookup.event_years(events["berlin-visit-rosenberg"]) == (1941, 1941)
    order = ids(lookup.chronological(bio["events"]))
    assert order.index("stabbing-attempt-1937") < order.index("winter-war-legion")
    assert order.index("winter-war-legion") < order.index("trotsky-assassinated")
    assert order.index("trotsky-assassinated") < order.index("berlin-visit-rosenberg")
    # --sort date, which sorts any field's dates, from any order: the same order.
    arranged = ids(lookup.arranged(list(reversed(bio["events"])), lookup.Order("date")))
    chosen = ["stabbing-attempt-1937", "winter-war-legion", "trotsky-assassinated"]
    chosen += ["berlin-visit-rosenberg"]
    assert [event_id for event_id in arranged if event_id in chosen] == chosen


def exact(event: Event) -> Event:
    """The event with its dates as the same dates, not approximate."""
    end = event["end"]
    return {
        **event,
        "date": event["date"].removesuffix("~"),
        "end": None if end is None else end.removesuffix("~"),
    }


@given(
    st.lists(st.booleans(), min_size=40, max_size=40),
    st.none() | st.integers(1890, 2000),
    st.none() | st.integers(1890, 2000),
)
def test_marking_dates_approximate_changes_no_filter_or_order(
    bio: Biography, marks: list[bool], low: int | None, high: int | None
) -> None:
    # "~" says how sure the date is, never which days it may mean: filters and sorts are
    # the same on the data with any of its dates marked approximate, and with none.
    plain = [exact(event) for event in bio["events"]]
    marked: list[Event] = []
    for event, mark in zip(plain, marks, strict=False):
        suffix = "~" if mark else ""
        end = event["end"]
        marked.append(
            {**event, "date": event["date"] + suffix, "end": None if end is None else end + suffix}
        )
    marked += plain[len(marks) :]
    if low is not None and high is not None and low > high:
        low, high = high, low
    where = lookup.EventFilter(from_year=low, to_year=high)
    assert ids(lookup.events_matching(marked, where)) == ids(lookup.events_matching(plain, where))
    assert [lookup.event_years(event) for event in marked] == [
        lookup.event_years(event) for event in plain
    ]
    assert [sort_key(e["date"], e["end"]) for e in marked] == [
        sort_key(e["date"], e["end"]) for e in plain
    ]


def test_from_and_to_bound_the_span(bio: Biography) -> None:
    selected = ids(
        lookup.events_matching(bio["events"], lookup.EventFilter(from_year=1939, to_year=1941))
    )
    assert selected == ["winter-war-legion", "trotsky-assassinated", "berlin-visit-rosenberg"]


def test_a_span_matches_every_year_it_covers(bio: Biography) -> None:
    assert "agabekov-manhunt" in ids(
        lookup.events_matching(bio["events"], lookup.EventFilter(year=1929))
    )
    assert "agabekov-manhunt" not in ids(
        lookup.events_matching(bio["events"], lookup.EventFilter(year=1931))
    )


def test_filters_combine(bio: Biography) -> None:
    selected = lookup.events_matching(
        bio["events"], lookup.EventFilter(from_year=1920, category="assassination-attempt")
    )
    assert ids(selected) == ["blumkin-assassination-plot", "stabbing-attempt-1937"]


def test_no_events_is_an_empty_list(bio: Biography) -> None:
    assert lookup.events_matching(bio["events"], lookup.EventFilter(year=1850)) == []


def test_from_after_to_is_a_usage_error(bio: Biography) -> None:
    with pytest.raises(UsageError, match="--from 1930 is after --to 1920"):
        lookup.events_matching(bio["events"], lookup.EventFilter(from_year=1930, to_year=1920))


@given(
    year=st.one_of(st.none(), st.integers(1890, 2000)),
    low=st.one_of(st.none(), st.integers(1890, 2000)),
    span=st.integers(0, 40),
)
def test_every_selected_event_overlaps_the_bounds(
    bio: Biography, year: int | None, low: int | None, span: int
) -> None:
    high = None if low is None else low + span
    selected = lookup.events_matching(
        bio["events"], lookup.EventFilter(year=year, from_year=low, to_year=high)
    )
    for event in bio["events"]:
        first, last = lookup.event_years(event)
        fits = (year is None or first <= year <= last) and (
            low is None or high is None or (last >= low and first <= high)
        )
        assert (event in selected) == fits
    assert selected == lookup.chronological(selected)


@pytest.mark.parametrize(
    ("bounds", "words"),
    [
        ({"year": 1850}, "No events in 1850."),
        ({"from_year": 1990}, "No events from 1990 on."),
        ({"to_year": 1800}, "No events up to 1800."),
        (
            {"from_year": 1801, "to_year": 1802, "category": "war"},
            "No war events from 1801 to 1802.",
        ),
    ],
)
def test_describe_empty(bounds: dict[str, int | str], words: str) -> None:
    assert lookup.EventFilter(**bounds).describe_empty() == words  # type: ignore[arg-type]


def test_a_real_language_without_editions_is_empty(bio: Biography) -> None:
    code = language_queries.language_code("it", LANGUAGES_PRESENT)
    assert lookup.editions_in_language(bio["editions"], code) == []


def test_german_editions_in_order(bio: Biography) -> None:
    german = lookup.editions_in_language(bio["editions"], "de")
    assert [edition["id"] for edition in german] == [
        "stalin-der-rote-diktator",
        "ich-war-stalins-sekretar",
        "ich-war-stalins-sekretar-2",
    ]
    assert len(lookup.editions_in_language(bio["editions"], None)) == 12


def test_language_name() -> None:
    assert language_queries.language_name("de") == "German"


partial_dates = st.dates(min_value=dt.date(1, 1, 1)).flatmap(
    lambda day: st.sampled_from(
        [f"{day.year:04d}", f"{day.year:04d}-{day.month:02d}", day.isoformat()]
    )
)


@given(st.lists(partial_dates, max_size=12))
def test_the_sort_key_orders_partial_dates_as_intervals(texts: list[str]) -> None:
    # dates.sort_key compares texts only; that must be the intervals' order.
    assert sorted(texts, key=sort_key) == sorted(texts, key=date_key)


@given(st.lists(st.tuples(partial_dates, st.none() | partial_dates), max_size=12))
def test_chronological_sorts_by_date_then_end(dates: list[tuple[str, str | None]]) -> None:
    events: list[Event] = [
        {  # type: ignore[typeddict-item]  # only what chronological() reads
            "id": str(index),
            "date": date,
            "end": end,
        }
        for index, (date, end) in enumerate(dates)
    ]

    def key(event: Event) -> tuple[tuple[dt.date, dt.date], tuple[dt.date, dt.date]]:
        # A point is a span that ends where it starts.
        return date_key(event["date"]), date_key(event["end"] or event["date"])

    assert lookup.chronological(events) == sorted(events, key=key)


# --- people, places and quotes by name --------------------------------------------------


def test_people_by_name_or_alias_any_case(bio: Biography) -> None:
    assert [p["id"] for p in lookup.people_named(bio, "agabekov")] == ["agabekov"]
    agabekov = lookup.people_named(bio, "Georgy Agabekov")[0]
    assert agabekov["events"] == ["agabekov-manhunt", "agabekov-defects"]


def test_people_by_role(bio: Biography) -> None:
    assert "doyle" in [p["id"] for p in lookup.people_named(bio, role="TRANSLATOR")]
    assert lookup.people_named(bio, "agabekov", role="translator") == []


def test_places_by_name_alias_or_present_day(bio: Biography) -> None:
    assert [p["id"] for p in lookup.places_named(bio, "kyiv")] == ["kiev"]
    # By its present-day region, and the region itself.
    assert [p["id"] for p in lookup.places_named(bio, "Vinnytsia")] == [
        "mogilev-podolskiy",
        "vinnytsia-oblast",
    ]


def test_quotes_by_speaker_id_name_or_source(bio: Biography) -> None:
    by_id = lookup.quotes_by(bio, "doyle")
    assert by_id
    assert lookup.quotes_by(bio, "David W. Doyle") == by_id
    assert lookup.quotes_by(bio, "nobody at all") == []
    assert len(lookup.quotes_by(bio)) == len(bio["quotes"])


# --- one item by id -----------------------------------------------------------------------


def test_every_id_is_found_with_its_kind(bio: Biography) -> None:
    ids = lookup.all_ids(bio)
    assert len(ids) == len(set(ids))
    for item_id in ids:
        found = lookup.find_item(bio, item_id)
        assert found.item["id"] == item_id


def test_fact_ids_are_the_infobox_fields(bio: Biography) -> None:
    assert lookup.all_ids(bio)[: len(FACT_IDS)] == list(FACT_IDS)
    born = lookup.find_item(bio, " Born ")
    assert (born.kind, born.item["id"], ids(born.related)) == ("fact", "born", ["birth"])
    age = lookup.fact_entry(bio, "age_at_death")
    assert (age["label"], age["value"]) == ("Age at death", 82)
    # A computed field's provenance is that of the dates it comes from, once each.
    dates = [*bio["facts"]["provenance"]["born"], *bio["facts"]["provenance"]["died"]]
    assert age["provenance"] == lookup.in_source_order(bio, dates)
    assert len(age["provenance"]) == len({tuple(ref.values()) for ref in dates})


def test_related_events_of_each_kind(bio: Biography) -> None:
    assert ids(lookup.find_item(bio, "agabekov").related) == [
        "agabekov-manhunt",
        "agabekov-defects",
    ]
    assert "berlin-visit-rosenberg" in ids(lookup.find_item(bio, "berlin").related)
    assert lookup.find_item(bio, "defection").related == []


def test_an_unknown_id_suggests_the_closest(bio: Biography) -> None:
    with pytest.raises(NotFoundError, match="did you mean defection"):
        lookup.find_item(bio, "defecton")


def test_facts_entry_adds_the_age(bio: Biography) -> None:
    facts = lookup.facts_entry(bio)
    assert facts["age_at_death"] == 82
    assert list(facts)[:-1] == list(bio["facts"])


# --- arranging: --sort, --reverse and --limit, a query step before any output ---------------

Value = int | str | None
rows_strategy = st.lists(
    st.fixed_dictionaries(
        {"key": st.one_of(st.none(), st.integers(-5, 5), st.text("abAB", max_size=2))}
    ),
    max_size=12,
)


@given(
    rows_strategy,
    st.sampled_from([None, "key"]),
    st.booleans(),
    st.one_of(st.none(), st.integers(1, 15)),
)
def test_arranged_sorts_nulls_last_reverses_and_cuts(
    rows: list[dict[str, Value]], by: str | None, reverse: bool, limit: int | None
) -> None:
    arranged = lookup.arranged(rows, lookup.Order(by, reverse, limit))
    whole = lookup.arranged(rows, lookup.Order(by, reverse))
    assert arranged == whole[:limit] if limit is not None else arranged == whole
    assert sorted(map(id, whole)) == sorted(map(id, rows))  # the same records, each once
    if by is None:
        assert whole == (rows[::-1] if reverse else rows)
        return
    values = [row["key"] for row in whole]
    present = [value for value in values if value is not None]
    assert values == present + [None] * (len(values) - len(present))  # nulls last, either way
    numbers = [value for value in present if isinstance(value, int)]
    texts = [value for value in present if isinstance(value, str)]
    in_order = [*sorted(numbers), *sorted(texts, key=str.casefold)]
    assert [(type(v), v if isinstance(v, int) else v.casefold()) for v in present] == [
        (type(v), v if isinstance(v, int) else v.casefold())
        for v in (in_order[::-1] if reverse else in_order)
    ]


def test_arranging_as_found_changes_nothing(bio: Biography) -> None:
    assert lookup.arranged(bio["events"], lookup.AS_FOUND) == bio["events"]


def test_sort_by_date_is_date_order(bio: Biography) -> None:
    arranged = lookup.arranged(bio["events"], lookup.Order("date"))
    dates = [event["date"] for event in arranged]
    assert dates.index("1928-01-01") < dates.index("1928")
    assert [date_key(date) for date in dates] == sorted(date_key(date) for date in dates)


def test_sort_by_events_is_by_how_many(bio: Biography) -> None:
    people = lookup.arranged(lookup.people_named(bio), lookup.Order("events", reverse=True))
    counts = [len(person["events"]) for person in people]
    assert counts == sorted(counts, reverse=True)
    assert people[0]["id"] == "boris-bazhanov"
    places = lookup.arranged(lookup.places_named(bio), lookup.Order("events"))
    assert [len(place["events"]) for place in places] == sorted(
        len(place["events"]) for place in places
    )


def test_the_api_lists_events_by_person_and_place_as_the_command_does(bio: Biography) -> None:
    from bazhanov_cli import api

    found = api.events(bio, people=["trotsky", "lenin"], from_year=1990)
    assert ids(found) == ["danilov-discovers-notes"]
    assert ids(api.events(bio, places=["Kyiv"])) == ["enters-university-of-kiev"]
    with pytest.raises(LookupError, match="did you mean Leon Trotsky"):
        api.events(bio, people=["trotzky"])
    with pytest.raises(TypeError):
        api.events(bio, people="trotsky")  # type: ignore[arg-type]
