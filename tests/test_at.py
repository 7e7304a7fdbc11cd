"""`bazhanov at DATE` and the ages on events: certain and possible overlap, ages as ranges."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from rich.cells import cell_len

from bazhanov_cli.model.dates import earliest, latest
from bazhanov_cli.model.items import Biography, Event
from bazhanov_cli.queries.at import Certainty, at, days_of, event_overlap, overlap
from bazhanov_cli.queries.lookup import EventFilter, events_matching

from .conftest import DATA_FILE, invoke, invoke_json

# --- the rule, over intervals of days --------------------------------------------------------

BASE = dt.date(1928, 1, 1)
RANK = {None: 0, "possible": 1, "certain": 2}


def day(offset: int) -> dt.date:
    return BASE + dt.timedelta(days=offset)


def by_every_reading(start: tuple[int, int], end: tuple[int, int], asked: tuple[int, int]) -> Any:
    """The rule's meaning, by brute force: every start day and every end day not before it;
    certain if every such stretch meets the days asked, possible if some does."""
    meets = [
        not (last < asked[0] or first > asked[1])
        for first in range(start[0], start[1] + 1)
        for last in range(max(first, end[0]), end[1] + 1)
    ]
    if not any(meets):
        return None
    return "certain" if all(meets) else "possible"


def span(low: int = 0, high: int = 40) -> st.SearchStrategy[tuple[int, int]]:
    return st.tuples(st.integers(low, high), st.integers(0, 12)).map(
        lambda pair: (pair[0], pair[0] + pair[1])
    )


@given(start=span(), end=span(), asked=span())
def test_overlap_is_what_every_reading_of_the_dates_says(
    start: tuple[int, int], end: tuple[int, int], asked: tuple[int, int]
) -> None:
    assume(end[1] >= start[0])  # some end is not before some start: the data's own rule
    found = overlap(
        (day(start[0]), day(start[1])),
        (day(end[0]), day(end[1])),
        asked=(day(asked[0]), day(asked[1])),
    )
    assert found == by_every_reading(start, end, asked)


@given(
    start=span(), end=span(), asked=span(), inner=st.tuples(st.integers(0, 12), st.integers(0, 12))
)
def test_narrowing_the_date_asked_never_makes_an_event_more_certain(
    start: tuple[int, int], end: tuple[int, int], asked: tuple[int, int], inner: tuple[int, int]
) -> None:
    assume(end[1] >= start[0])
    first = min(asked[0] + inner[0], asked[1])
    narrow = (first, max(first, asked[1] - inner[1]))
    days = (day(start[0]), day(start[1])), (day(end[0]), day(end[1]))
    wide_found = overlap(*days, (day(asked[0]), day(asked[1])))
    narrow_found = overlap(*days, (day(narrow[0]), day(narrow[1])))
    assert RANK[narrow_found] <= RANK[wide_found]


# Partial dates as the data writes them, in and around 1927-1929.
PARTIAL = st.tuples(
    st.dates(dt.date(1927, 1, 1), dt.date(1929, 12, 31)), st.sampled_from([4, 7, 10])
).map(lambda pair: pair[0].isoformat()[: pair[1]])


def event(date: str, end: str | None = None) -> Event:
    return {  # only the dates matter to the rule
        "id": "e",
        "date": date,
        "end": end,
        "title": "t",
        "summary": "s",
        "category": "life",
        "people": [],
        "places": [],
        "section": "Early life",
        "attribution": None,
        "provenance": [{"source": "article", "section": "Early life", "paragraph": 1}],
    }


@given(date=PARTIAL, asked=PARTIAL, refine=st.sampled_from([7, 10]))
def test_a_more_precise_event_date_keeps_certain_certain_and_possible_possible(
    date: str, asked: str, refine: int
) -> None:
    # The same event known more precisely: a day of its month, a month of its year.
    precise = earliest(date).isoformat()[:refine] if len(date) < refine else date
    coarse_found = event_overlap(event(date), days_of(asked))
    precise_found = event_overlap(event(precise), days_of(asked))
    if coarse_found == "certain":
        assert precise_found == "certain"
    if precise_found is not None:
        assert coarse_found is not None


@given(date=PARTIAL, end=st.none() | PARTIAL, asked=PARTIAL)
def test_certain_implies_possible_and_a_day_leaves_no_doubt(
    date: str, end: str | None, asked: str
) -> None:
    assume(end is None or latest(end) >= earliest(date))
    found: Certainty | None = event_overlap(event(date, end), days_of(asked))
    meets_some_day = latest(end or date) >= earliest(asked) and earliest(date) <= latest(asked)
    assert (found is not None) == meets_some_day  # certain and possible both meet a day
    if len(date) == len(asked) == 10 and end is None:
        assert found != "possible"  # a day against a day: it is, or it is not


@pytest.mark.parametrize(
    ("date", "end", "asked", "expected"),
    [
        ("1928-01-01", None, "1928-01-01", "certain"),  # the defection, on its day
        ("1928", None, "1928-01-01", "possible"),  # may be that day, may not
        ("1928-01-01", None, "1928", "certain"),  # it lies within 1928
        ("1928", None, "1928", "certain"),
        ("1928", None, "1928-05", "possible"),
        ("1928-01-01", None, "1928-05", None),
        ("1923-08-09", "1925", "1924-03", "certain"),  # a span holds what lies inside it
        ("1923", "1925", "1923-08-09", "possible"),  # it may have begun later that year
        ("1925", "1928", "1928-01-01", "certain"),  # it ends in 1928, on that day or after
        ("1925", "1928", "1928-05", "possible"),
        ("1925", "1928", "1929", None),
    ],
)
def test_the_examples_a_historian_gives(
    date: str, end: str | None, asked: str, expected: str | None
) -> None:
    assert event_overlap(event(date, end), days_of(asked)) == expected


# --- the answer, from the query --------------------------------------------------------------


def ids(events: list[Any]) -> list[str]:
    return [item["id"] for item in events]


def titles(positions: list[Any]) -> list[str]:
    return [position["title"] for position in positions]


def test_at_1926(bio: Biography) -> None:
    found = at(bio, "1926")
    assert (found["life"], found["age"]) == ("alive", {"min": 25, "max": 26})
    assert (found["first_day"], found["last_day"]) == ("1926-01-01", "1926-12-31")
    assert titles(found["positions"]) == ["Various positions at the Politburo"]
    assert titles(found["possible_positions"]) == []
    # No end given: held from 1923-08-09 perhaps until his death, as far as the data says.
    assert titles(found["open_positions"]) == [
        "District secretary of the Communist Party in Ukraine",
        "Secretary of the Politburo, responsible for taking notes of the meetings",
        "A secretary of the Central Committee (CC) of the CPSU",
    ]
    assert ids(found["events"]) == ["politburo-positions"]
    assert found["possible_events"] == []
    assert found["events"][0]["age"] == {"min": 24, "max": 28}


def test_at_the_day_of_the_defection(bio: Biography) -> None:
    found = at(bio, "1928-01-01")
    assert found["age"] == {"min": 27, "max": 27}
    assert ids(found["events"]) == ["politburo-positions", "defection"]
    assert ids(found["possible_events"]) == ["first-five-year-plan", "agabekov-manhunt"]
    assert found["places"] == ["ashgabat", "central-asia", "iran", "soviet-union"]
    assert "iran" not in found["possible_places"]  # certain first, each once
    assert "moscow" in found["possible_places"]


def test_at_may_1928_the_defection_is_past_and_the_year_only_possible(bio: Biography) -> None:
    found = at(bio, "1928-05")
    assert found["age"] == {"min": 27, "max": 27}
    assert found["events"] == []
    assert ids(found["possible_events"]) == [
        "politburo-positions",
        "first-five-year-plan",
        "agabekov-manhunt",
    ]
    assert found["positions"] == []
    assert titles(found["possible_positions"]) == ["Various positions at the Politburo"]
    assert found["places"] == []


def test_at_the_appointment_he_was_23(bio: Biography) -> None:
    found = at(bio, "1923-08-09")
    assert found["age"] == {"min": 23, "max": 23}  # his 23rd birthday
    assert ids(found["events"]) == ["appointment-as-stalins-secretary"]
    assert titles(found["positions"]) == [
        "Personal secretary and assistant to Joseph Stalin",
        "A secretary of the Central Committee (CC) of the CPSU",
    ]


@pytest.mark.parametrize(
    ("date", "life"),
    [("1899", "before-birth"), ("1900-08-08", "before-birth"), ("1983", "after-death")],
)
def test_outside_his_life_nothing_of_his_is_listed(bio: Biography, date: str, life: str) -> None:
    found = at(bio, date)
    assert (found["life"], found["age"]) == (life, None)
    assert found["positions"] == found["possible_positions"] == found["open_positions"] == []
    assert found["places"] == found["possible_places"] == []


def test_after_his_death_the_events_of_the_date_are_still_listed(bio: Biography) -> None:
    found = at(bio, "1990")
    assert found["life"] == "after-death"
    assert ids(found["events"]) == ["danilov-discovers-notes", "damnation-of-stalin-published"]
    assert all(item["age"] is None for item in found["events"])
    assert found["places"] == []  # historiography and publication: not where he was


def test_the_month_of_his_birth(bio: Biography) -> None:
    found = at(bio, "1900-08")
    assert (found["life"], found["age"]) == ("birth", {"min": 0, "max": 0})
    assert ids(found["events"]) == ["birth"]
    assert found["places"] == ["mogilev-podolskiy", "russian-empire", "vinnytsia-oblast"]


def test_the_year_of_his_death(bio: Biography) -> None:
    found = at(bio, "1982")
    assert (found["life"], found["age"]) == ("death", {"min": 81, "max": 82})


@given(when=st.dates(dt.date(1900, 8, 9), dt.date(1982, 12, 30)))
def test_on_any_day_of_his_life_his_age_is_the_calendars(bio: Biography, when: dt.date) -> None:
    born = dt.date(1900, 8, 9)
    years = when.year - born.year - ((when.month, when.day) < (born.month, born.day))
    assert at(bio, when.isoformat())["age"] == {"min": years, "max": years}


@given(asked=PARTIAL)
def test_a_month_or_year_gives_the_ages_of_its_first_and_last_days(
    bio: Biography, asked: str
) -> None:
    whole = at(bio, asked)["age"]
    first = at(bio, earliest(asked).isoformat())["age"]
    last = at(bio, latest(asked).isoformat())["age"]
    assert whole is not None
    assert first is not None
    assert last is not None
    assert (whole["min"], whole["max"]) == (first["min"], last["max"])
    assert whole["max"] - whole["min"] <= 1


# --- the command -----------------------------------------------------------------------------


def test_at_json_is_the_query(bio: Biography) -> None:
    for date in ("1926", "1928-01-01", "1928-05", "1899", "1983", "1900-08"):
        assert invoke_json("at", date, "--json") == json.loads(json.dumps(at(bio, date)))


@pytest.mark.parametrize(
    ("date", "said"),
    [
        ("1899", "1899 is before his birth on 9 August 1900."),
        ("1899-05", "May 1899 is before his birth on 9 August 1900."),
        ("1983", "1983 is after his death on 30 December 1982."),
        ("1926", "In 1926 he was 25 or 26."),
        ("1928-05", "In May 1928 he was 27."),
        ("1928-01-01", "On 1 January 1928 he was 27."),
        ("1900-08", "He was born on 9 August 1900."),
        ("1982", "In 1982 he was 81 or 82. He died on 30 December 1982."),
    ],
)
def test_the_table_says_it_plainly(date: str, said: str) -> None:
    result = invoke("at", date)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == said


def test_the_table_lists_certain_then_possible_events() -> None:
    shown = invoke("at", "1928-01-01").stdout
    assert (
        shown.index("Events\n")
        < shown.index("defection")
        < shown.index("Events possibly at this date")
        < shown.index("first-five-year-plan")
    )
    assert "Positions possibly held (no start or no end given)" in shown
    assert "1923-08-09 \u2013 ?" in shown  # an end not given is a question mark


@pytest.mark.parametrize("date", ["1928-13", "1928-02-30", "May 1928", "1928-5", "0000", "28"])
def test_an_invalid_date_is_a_usage_error_naming_the_forms(date: str) -> None:
    result = invoke("at", date)
    assert result.exit_code == 2
    assert repr(date) in result.stderr
    assert "1926, 1928-05, 1928-01-01" in " ".join(result.stderr.split())
    assert result.stdout == ""


def test_fields_and_formats() -> None:
    chosen = invoke_json("at", "1928", "--json", "--fields", "age,events")
    assert list(chosen) == ["age", "events"]
    assert chosen["age"] == {"min": 27, "max": 28}
    result = invoke("at", "1928-01-01", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    header, *rows = list(csv.reader(io.StringIO(result.stdout, newline="")))
    assert header == ["field", "value", "id", "start", "end", "attribution", "age_min", "age_max"]
    assert rows[4][:2] == ["age.min", "27"]
    defection = next(row for row in rows if row[2] == "defection")
    assert defection[0] == "events"
    assert defection[3:] == ["1928-01-01", "", "", "27", "27"]
    lines = invoke("at", "1928", "--format", "jsonl").stdout.splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0])["life"] == "alive"
    table = invoke("at", "1926", "--fields", "life,age,positions").stdout
    assert "alive" in table
    assert "Various positions at the Politburo" in table
    assert "politburo-positions" not in table  # events were not chosen


@pytest.mark.parametrize("width", [20, 40, 60, 80, 120])
def test_the_table_fits_every_width(width: int) -> None:
    result = invoke("at", "1928-01-01", env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= width
    for item_id in ("defection", "agabekov-manhunt", "first-five-year-plan"):
        if cell_len(item_id) <= width - 2:  # whole on a line wherever a line can hold it
            assert any(item_id in line.split() for line in lines), item_id


# --- ages on events --------------------------------------------------------------------------


def test_every_event_carries_his_age(bio: Biography) -> None:
    printed = {item["id"]: item["age"] for item in invoke_json("events", "--json")}
    assert printed["birth"] == {"min": 0, "max": 0}
    assert printed["appointment-as-stalins-secretary"] == {"min": 23, "max": 23}
    assert printed["defection"] == {"min": 27, "max": 27}
    assert printed["work-in-stalins-secretariat"] == {"min": 22, "max": 25}
    assert printed["death"] == {"min": 82, "max": 82}
    assert printed["danilov-discovers-notes"] is None  # after his death
    assert printed["russian-reprint-1992"] is None
    assert set(printed) == {item["id"] for item in bio["events"]}


def test_show_an_event_gives_his_age() -> None:
    assert invoke_json("show", "defection", "--json")["age"] == {"min": 27, "max": 27}
    card = invoke("show", "work-in-stalins-secretariat").stdout
    assert any(line.split() == ["age", "22\u201325"] for line in card.splitlines())


def test_the_events_table_has_an_age_column() -> None:
    table = invoke("events", "--year", "1923", env={"COLUMNS": "80"}).stdout
    assert table.splitlines()[0].split() == ["Date", "/", "category", "Age", "Event", "Places"]
    assert "22\u201325" in table
    assert invoke_json("events", "--sort", "age", "--reverse", "--json")[0]["id"] == "death"


def test_without_a_birth_date_there_is_no_age(tmp_path: Path) -> None:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    data["facts"]["born"]["date"] = None
    path = tmp_path / "unborn.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    events = invoke_json("--data", str(path), "events", "--json")
    assert all(item["age"] is None for item in events)
    found = invoke_json("--data", str(path), "at", "1926", "--json")
    assert (found["life"], found["age"]) == ("unknown", None)
    assert invoke("--data", str(path), "at", "1926").stdout.startswith(
        "In 1926 he was of an age the data does not give."
    )


def test_the_database_has_the_ages_the_json_has() -> None:
    printed = {item["id"]: item["age"] for item in invoke_json("events", "--json")}
    query = "SELECT id, age_min, age_max FROM events ORDER BY id"
    stored = {row["id"]: row for row in invoke_json("sql", query, "--json")}
    assert set(stored) == set(printed)
    for event_id, age in printed.items():
        row = stored[event_id]
        assert (row["age_min"], row["age_max"]) == (
            (None, None) if age is None else (age["min"], age["max"])
        )


@given(asked=PARTIAL)
def test_certain_and_possible_events_are_apart_and_within_the_years_asked(
    bio: Biography, asked: str
) -> None:
    found = at(bio, asked)
    certain, possible = ids(found["events"]), ids(found["possible_events"])
    assert not set(certain) & set(possible)
    year = int(asked[:4])
    touching = {item["id"] for item in events_matching(bio["events"], EventFilter(year=year))}
    assert set(certain) | set(possible) <= touching  # a date of that year: events of that year
    if len(asked) == 4:  # the whole year: every event touching it certainly overlaps it
        assert set(certain) == touching
        assert possible == []


def test_a_birth_known_to_the_year_leaves_the_age_open(bio: Biography) -> None:
    facts = {**bio["facts"], "born": {**bio["facts"]["born"], "date": "1900"}}
    vague: Any = {**bio, "facts": facts}
    assert (at(vague, "1900-05")["life"], at(vague, "1900-05")["age"]) == (
        "birth",
        {"min": 0, "max": 0},
    )
    assert at(vague, "1901-03-01")["age"] == {"min": 0, "max": 1}
    assert at(vague, "1926")["age"] == {"min": 25, "max": 26}
    assert at(vague, "1899")["life"] == "before-birth"
    defection = next(item for item in at(vague, "1928")["events"] if item["id"] == "defection")
    assert defection["age"] == {"min": 27, "max": 28}


def test_a_field_with_nothing_at_the_date_keeps_its_csv_header() -> None:
    # Before his birth he held no position: the CSV is its header alone, not a bare name.
    result = invoke("at", "1899", "--format", "csv", "--fields", "positions")
    assert result.exit_code == 0, result.stderr
    assert list(csv.reader(io.StringIO(result.stdout, newline=""))) == [
        ["field", "value", "id", "start", "end", "attribution", "age_min", "age_max"]
    ]
