"""The year axis both timelines share: ticks, positions and fractional years."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from bazhanov_cli.output.timeline.axis import TICK_STEPS, YearAxis, tick_step, year_fraction

starts = st.integers(min_value=1, max_value=9000)
spans = st.integers(min_value=1, max_value=999)
lengths = st.integers(min_value=1, max_value=5000)
rooms = st.integers(min_value=1, max_value=80)


@given(length=lengths, years=spans, room=rooms)
def test_the_step_is_the_smallest_that_leaves_a_label_room(
    length: int, years: int, room: int
) -> None:
    step = tick_step(length, years, room)
    assert step in TICK_STEPS
    if step * length < room * years:
        assert step == TICK_STEPS[-1]  # nothing leaves room: the widest step
    smaller = TICK_STEPS[: TICK_STEPS.index(step)]
    assert all(each * length < room * years for each in smaller)


@given(start=starts, years=spans, length=lengths, offset=st.integers(0, 100), room=rooms)
def test_ticks_are_round_years_on_the_axis(
    start: int, years: int, length: int, offset: int, room: int
) -> None:
    axis = YearAxis(start, start + years, length, offset)
    step = tick_step(length, years, room)
    inside = axis.ticks(room)
    assert inside.step == step
    assert all(year % step == 0 and axis.contains(year) for year in inside)
    assert inside.start - step < start  # none left out at the start
    closed = axis.ticks(room, through_stop=True)
    assert list(closed) == [*inside, *([axis.stop] if axis.stop % step == 0 else [])]


@given(start=starts, years=spans, length=lengths, offset=st.integers(0, 100))
def test_positions_run_evenly_from_end_to_end(
    start: int, years: int, length: int, offset: int
) -> None:
    axis = YearAxis(start, start + years, length, offset)
    assert axis.at(start) == offset
    assert abs(axis.at(axis.stop) - axis.end) < 1e-9 * max(axis.end, 1)
    assert axis.end == offset + length
    middle = axis.at(start + years / 2)
    assert abs(middle - (offset + length / 2)) < 1e-6 * max(length, 1)
    assert axis.at(start - 1) < offset  # outside, beyond the ends
    assert axis.at(axis.stop + 1) > axis.end


def test_a_terminal_axis_and_a_picture_axis_are_the_same_model() -> None:
    # The terminal: 1900 to the end of 1992 in 60 columns; five columns between ticks.
    terminal = YearAxis(1900, 1993, 60)
    assert list(terminal.ticks(5)) == list(range(1900, 1993, 10))
    # The SVG: whole ticks from 1900 to 2000, 11 px a year, from a 24 px margin.
    picture = YearAxis(1900, 2000, 100 * 11, 24)
    assert list(picture.ticks(60, through_stop=True)) == list(range(1900, 2001, 10))
    assert picture.at(1950) == 24 + 50 * 11


@given(st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_a_day_is_a_slice_of_its_year(day: dt.date) -> None:
    start, end = year_fraction(day), year_fraction(day, end_of_day=True)
    assert day.year <= start < end <= day.year + 1
    if day < dt.date(9999, 12, 31):
        assert year_fraction(day + dt.timedelta(days=1)) == end


def test_known_fractions() -> None:
    assert year_fraction(dt.date(2000, 7, 2)) == 2000.5  # a leap year's middle
    assert year_fraction(dt.date(1928, 1, 1)) == 1928
    assert year_fraction(dt.date(1927, 12, 31), end_of_day=True) == 1928
    assert year_fraction(dt.date(9999, 12, 31), end_of_day=True) == 10000
