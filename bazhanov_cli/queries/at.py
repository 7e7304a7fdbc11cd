"""A date in the life (``at DATE``): his age, the positions he held, where he was, what
happened; and his age at each event.

A partial date is an interval of days (``dates.earliest`` to ``dates.latest``): ``1928`` is
any day of 1928, so the question "at 1928" asks about every day of it. A stretch of time in
the data (an event, a position) has a start that is some day its start date can mean and an
end that is some day its end date can mean, never before the start; a point is a stretch
that ends on the day it starts. It *certainly* overlaps the date asked when it does however
its dates are read, and *possibly* when it does for some reading but not for all
(``overlap``). So at 1928-01-01 the defection (1928-01-01) is certain and an event dated
``1928`` possible; at 1928 both are certain; at 1928-05 the ``1928`` event is possible and
the defection neither.

Pure: typed items in, typed entries out, no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Literal

from ..errors import UsageError
from ..model.dates import ages, date_problem, earliest, latest
from ..model.entries import AgeRange, AtEntry, EventEntry, Life
from ..model.items import Biography, Category, Event, Facts, Position
from .lookup import chronological

Certainty = Literal["certain", "possible"]
"""How surely a stretch of time overlaps a date: certainly, or only possibly."""

Days = tuple[dt.date, dt.date]
"""The first and the last day a partial date (or an open end) can mean."""


NOT_WHERE_HE_WAS: frozenset[Category] = frozenset({"context", "publication", "historiography"})
"""Categories whose places are the world's, his books' or later researchers', not his:
``at``'s places leave them out (Mexico, where Trotsky was killed, was never where he was)."""


def days_of(date: str) -> Days:
    """The first and last day a partial date can mean: ``1928-05`` -> 1 to 31 May 1928."""
    return earliest(date), latest(date)


def overlap(start: Days, end: Days, asked: Days) -> Certainty | None:
    """Whether a stretch of time overlaps the days ``asked`` (first to last, inclusive):
    ``"certain"``, ``"possible"`` or None (certainly not).

    The stretch starts on some day of ``start`` and ends on some day of ``end``, never
    before it starts; a point has ``end == start``. It certainly overlaps when even its
    latest possible start is no later than the last day asked and its earliest possible end
    no earlier than the first; possibly when its earliest start and latest end allow it.
    """
    first, last = asked
    earliest_end = max(end[0], start[0])  # it cannot end before it starts
    latest_start = min(start[1], end[1])  # nor start after it ends
    if end[1] < first or start[0] > last or earliest_end > end[1]:
        return None
    if earliest_end >= first and latest_start <= last:
        return "certain"
    return "possible"


def event_overlap(event: Event, asked: Days) -> Certainty | None:
    """``overlap`` for an event: from its ``date`` to its ``end``, or the one day ``date`` is."""
    start = days_of(event["date"])
    end = days_of(event["end"]) if event["end"] is not None else start
    return overlap(start, end, asked)


def life_days(facts: Facts) -> Days:
    """The days he can have been alive: from the first day his birth date can mean to the
    last his death date can; an unknown end is open."""
    born, died = facts["born"]["date"], facts["died"]["date"]
    return (
        earliest(born) if born is not None else dt.date.min,
        latest(died) if died is not None else dt.date.max,
    )


def position_overlap(position: Position, asked: Days, life: Days) -> Certainty | None:
    """``overlap`` for a position; a start or end not given may be any day of his ``life``
    (its start, from his birth to its end; its end, from its start to his death).

    So a position with a start but no end certainly overlaps a date that holds its start,
    and possibly every later date of his life: the sources do not say when it ended.
    """
    start = days_of(position["start"]) if position["start"] is not None else life
    end = days_of(position["end"]) if position["end"] is not None else (start[0], life[1])
    return overlap(start, end, asked)


def life_at(facts: Facts, asked: Days) -> Life:
    """Where the days ``asked`` lie in his life (``entries.Life``)."""
    born, died = facts["born"]["date"], facts["died"]["date"]
    first, last = asked
    if born is not None and last < earliest(born):
        return "before-birth"
    if died is not None and first > latest(died):
        return "after-death"
    if born is not None and overlap(days_of(born), days_of(born), asked):
        return "birth"
    if died is not None and overlap(days_of(died), days_of(died), asked):
        return "death"
    return "alive" if born is not None and died is not None else "unknown"


def age_reckoner(facts: Facts) -> Callable[[Days], AgeRange | None]:
    """His age in whole years over days asked, the fewest and the most, for many stretches
    of one life: the birth and death are read once, not once an event (a tenth of a second
    on 100,000 events where it was a second). The age is None when the birth date is unknown
    or none of the days are in his life."""
    born = facts["born"]["date"]
    if born is None:
        return lambda asked: None
    life = life_days(facts)
    birth = (earliest(born), latest(born))

    def age(asked: Days) -> AgeRange | None:
        first, last = max(asked[0], life[0]), min(asked[1], life[1])
        if first > last:
            return None
        youngest, oldest = ages(birth, first, last)
        return {"min": max(youngest, 0), "max": max(oldest, 0)}

    return age


def event_entry(facts: Facts, event: Event) -> EventEntry:
    """An event as ``events`` and ``show`` print it: with his age over its days."""
    return _with_age(age_reckoner(facts), event)


def _with_age(age: Callable[[Days], AgeRange | None], event: Event) -> EventEntry:
    first = earliest(event["date"])
    last = latest(event["end"] or event["date"])
    return {**event, "age": age((first, last))}


def event_entries(bio: Biography, events: Iterable[Event]) -> list[EventEntry]:
    """``event_entry`` for each of ``events``, in their order."""
    age = age_reckoner(bio["facts"])
    return [_with_age(age, event) for event in events]


def asked_days(date: str) -> Days:
    """The days of the date asked; a date the data could not hold raises ``UsageError``."""
    problem = date_problem(date)
    if problem is not None:
        raise UsageError(problem)
    return days_of(date)


def at(bio: Biography, date: str) -> AtEntry:
    """His life at ``date`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``): the answer of
    ``bazhanov at DATE``. See the module's docstring for certain and possible."""
    asked = asked_days(date)
    facts = bio["facts"]
    life = life_at(facts, asked)
    age = age_reckoner(facts)
    found: dict[Certainty, list[Event]] = {"certain": [], "possible": []}
    for event in bio["events"]:
        how = event_overlap(event, asked)
        if how is not None:
            found[how].append(event)
    certain = [_with_age(age, event) for event in chronological(found["certain"])]
    possible = [_with_age(age, event) for event in chronological(found["possible"])]
    held: dict[str, list[Position]] = {"certain": [], "possible": [], "open": []}
    lived = life_days(facts)
    for position in facts["positions"]:
        how = position_overlap(position, asked, lived)
        if how is None:
            continue
        given = position["start"] is not None and position["end"] is not None
        # A possible position whose dates the sources leave open, not only partial.
        held[how if how == "certain" or given else "open"].append(position)
    places = _places(certain)
    return {
        "date": date,
        "first_day": asked[0].isoformat(),
        "last_day": asked[1].isoformat(),
        "life": life,
        "age": age(asked),  # None before his birth and after his death
        "positions": held["certain"],
        "possible_positions": held["possible"],
        "open_positions": held["open"],
        "places": places,
        "possible_places": [place for place in _places(possible) if place not in places],
        "events": certain,
        "possible_events": possible,
    }


def _places(events: Sequence[Event]) -> list[str]:
    """The places his own events name (``NOT_WHERE_HE_WAS`` left out), each once, in order."""
    named = (
        place
        for event in events
        if event["category"] not in NOT_WHERE_HE_WAS
        for place in event["places"]
    )
    return list(dict.fromkeys(named))
