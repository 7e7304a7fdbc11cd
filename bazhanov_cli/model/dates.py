"""Partial dates as the data writes them: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, each
perhaps approximate (EDTF's ``~``: ``1939-11~``).

The source says "November 1920", so the value is ``1920-11``: precision is kept,
never padded to a day nobody recorded. A partial date is an interval: ``1928`` is any
day from 1 January to 31 December, ``1920-11`` any day of that month. Dates stay strings
everywhere: year filters compare their first four characters, and ``sort_key`` orders
them as intervals with string operations alone (no parsing, fast on a million events).
This module answers the questions text order cannot: is it a real date, which days can
it mean, and in what order do dates and spans come.

A date the source gives only by a well-known event ("upon the outbreak of the Winter War")
ends in ``~``, the Extended Date/Time Format's mark of an approximate date (ISO 8601-2,
level 1), on the whole date only: ``1939-11~`` is "about November 1939". Every question
here treats it as the interval of the date without the mark, as EDTF's strict bounds do;
people read it as ``c. 1939-11`` (``shown``), scripts get the EDTF text. No other module
parses a date.
"""

from __future__ import annotations

import datetime as dt

DATE_PATTERN = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?~?$"
"""The form, checked by pydantic in Rust. ``[0-9]``, not ``\\d``: "١٩٢٨" is no year.
A trailing ``~`` marks the whole date approximate (EDTF level 1).

What a pattern cannot know (30 February, year 0) is ``calendar_problem``'s job.
"""


def date_problem(text: str) -> str | None:
    """Why ``text`` is not a partial date, in words for an error message; None if it is one."""
    import re  # only a problem's path pays for the pattern

    match = re.fullmatch(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?~?", text)
    if match is None:
        return (
            f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD"
            " (with ~ after it if approximate)"
        )
    year, month, day = match.groups()
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return f"{text!r} is not a valid date"
    return None


def calendar_problem(text: str) -> str | None:
    """``date_problem`` for a text that already matches ``DATE_PATTERN``, fast when it is fine.

    The pattern admits months 01-12 and days 01-31, so only year 0 and days past
    the 28th can still be wrong; every other date costs two comparisons.
    """
    if text[:4] != "0000" and (len(text) < 10 or text[8:10] <= "28"):
        return None
    return date_problem(text)


def earliest(text: str) -> dt.date:
    """The first day a valid partial date can mean: ``1920-11`` -> 1920-11-01 (and so for
    ``1920-11~``)."""
    year, month, day = _parts(text)
    return dt.date(year, month or 1, day or 1)


def latest(text: str) -> dt.date:
    """The last day a valid partial date can mean: ``1920-11`` -> 1920-11-30."""
    year, month, day = _parts(text)
    if day is not None and month is not None:
        return dt.date(year, month, day)
    if month is not None and month < 12:
        return dt.date(year, month + 1, 1) - dt.timedelta(days=1)
    return dt.date(year, 12, 31)


def sort_key(date: str, end: str | None = None) -> tuple[str, str, str, str]:
    """The order of dates and spans: by earliest possible start, then latest possible start,
    then the end the same two ways; a point is a span that ends where it starts.

    So ``1928-01-01`` < ``1928`` < ``1928 \u2013 1930-06``: the defection of 1 January 1928
    comes before anything else dated only "1928", and a point before a span from it.
    The bounds are texts that sort as the days would: ``1928`` runs from ``1928-01-01`` to
    ``1928-99-99``, after every real day of 1928 and before 1929.
    An approximate date (``1939-11~``) sorts as its interval, the same as ``1939-11``.
    """
    start, last = exact(date), exact(end or date)
    return (
        _padded(start, "-01-01"),
        _padded(start, "-99-99"),
        _padded(last, "-01-01"),
        _padded(last, "-99-99"),
    )


APPROXIMATE = "~"
"""EDTF's mark of an approximate date, after the whole date."""


def is_approximate(text: str) -> bool:
    """Whether a date is marked approximate: ``1939-11~``."""
    return text.endswith(APPROXIMATE)


def exact(text: str) -> str:
    """The date without its mark of approximation: ``1939-11~`` -> ``1939-11``."""
    return text.removesuffix(APPROXIMATE)


def shown(text: str) -> str:
    """A date as people read it: as written, or ``c. 1939-11`` for ``1939-11~``."""
    return f"c. {exact(text)}" if is_approximate(text) else text


def first_day(text: str) -> str:
    """The first day a valid partial date can mean, as ISO text: ``1939-11~`` -> 1939-11-01."""
    return _padded(exact(text), "-01-01")


def last_day(text: str) -> str:
    """The last day a valid partial date can mean, as ISO text: ``1939-11~`` -> 1939-11-30."""
    text = exact(text)
    if len(text) == 7:  # a month: its length is the calendar's
        return latest(text).isoformat()
    return _padded(text, "-12-31")


def _padded(text: str, tail: str) -> str:
    """An exact partial date made a day with the end of ``tail``: ``1928`` -> 1928-01-01."""
    return text + tail[len(text) - 4 :]


def year_of(text: str) -> int:
    """The year of a partial date: ``1920-11`` -> 1920."""
    return int(text[:4])


def age_between(born: str | None, died: str | None) -> int | None:
    """Whole years lived, or None when a date is missing or partial dates leave it open."""
    if born is None or died is None:
        return None
    youngest, oldest = ages((earliest(born), latest(born)), earliest(died), latest(died))
    return oldest if oldest == youngest else None


def ages(birth: tuple[dt.date, dt.date], first: dt.date, last: dt.date) -> tuple[int, int]:
    """The fewest and the most whole years between a birth (the first and last day its
    partial date can mean) and the days ``first`` to ``last``: from the birth's last day to
    ``first``, and from its first day to ``last``. A day before the birth counts as a
    negative age; the caller keeps to the days of the life."""
    return whole_years(birth[1], first), whole_years(birth[0], last)


def _parts(text: str) -> tuple[int, int | None, int | None]:
    text = exact(text)
    year, month, day = text[:4], text[5:7], text[8:10]
    return int(year), int(month) if month else None, int(day) if day else None


def whole_years(born: dt.date, died: dt.date) -> int:
    """Whole years from ``born`` to ``died``, as birthdays count them."""
    return died.year - born.year - ((died.month, died.day) < (born.month, born.day))
