"""The year axis both timelines stand on: the terminal's columns and the SVG's pixels.

One model of time along a line: whole years spread evenly, a moment as a fractional year,
and ticks as far apart as their labels need. Standard library only, so ``svg``, which
must not import Rich, shares it with ``timeline``.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

TICK_STEPS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)
"""Years between ticks, tried smallest first: round numbers, so ticks fall on round years."""


def tick_step(length: int, years: int, room: int) -> int:
    """The fewest years between ticks that leave ``room`` units for a year's label, when
    ``years`` years take ``length`` units (columns, pixels); the last step when none does.

    Integers compared, not a ratio: a tick lands on the same years on every machine.
    """
    return next((step for step in TICK_STEPS if step * length >= room * years), TICK_STEPS[-1])


@dataclass(frozen=True)
class YearAxis:
    """The years from the start of ``start`` to the start of ``stop``, evenly over ``length``
    units that begin at ``offset``, so equal years get equal room."""

    start: int
    stop: int
    length: int
    offset: int = 0

    @property
    def years(self) -> int:
        return self.stop - self.start

    @property
    def end(self) -> int:
        """Where the axis ends: ``offset`` plus ``length``."""
        return self.offset + self.length

    def at(self, moment: float) -> float:
        """Where ``moment``, a fractional year, falls; outside the axis beyond its ends."""
        return self.offset + (moment - self.start) / self.years * self.length

    def contains(self, moment: float) -> bool:
        return self.start <= moment < self.stop

    def ticks(self, room: int, *, through_stop: bool = False) -> range:
        """The round years, every ``tick_step`` of them, from ``start`` on; ``stop`` is one
        where it is a line drawn (the SVG's edge), not the end of the last cell."""
        step = tick_step(self.length, self.years, room)
        return range(-(-self.start // step) * step, self.stop + through_stop, step)


def year_fraction(day: dt.date, *, end_of_day: bool = False) -> float:
    """A day as a fractional year: its start (2000-07-02 -> 2000.5), or its end.

    No date is made for the day after: 9999-12-31 is a valid date and has none.
    """
    days_before = day.timetuple().tm_yday - (0 if end_of_day else 1)
    return day.year + days_before / (366 if calendar.isleap(day.year) else 365)
