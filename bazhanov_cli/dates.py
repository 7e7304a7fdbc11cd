"""Partial dates: a calendar date known to the year, the month or the day.

The models validate them (``PartialDate``); the queries work on their JSON
form, the strings ``YYYY``, ``YYYY-MM`` and ``YYYY-MM-DD``, where text order
is date order (``1928`` < ``1928-01`` < ``1928-01-01`` < ``1928-02``), so
sorting and year filters need no parsing. No pydantic import at module level:
the queries import this module on every run.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import total_ordering
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
    from pydantic.json_schema import JsonSchemaValue
    from pydantic_core import core_schema

# ASCII digits only: "١٩٢٨" must not pass as 1928 (JSON Schema's \d is ASCII too).
_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", re.ASCII)
PARTIAL_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"


@total_ordering
class PartialDate:
    """A calendar date known to the year, the month or the day.

    The source says "November 1920", so the value is ``1920-11``: precision is
    kept in and out, never padded to a day that nobody recorded. Dates sort by
    (year, month, day) with a missing part first, so ``1928`` < ``1928-01`` <
    ``1928-01-01`` < ``1928-02``.
    """

    __slots__ = ("day", "month", "year")

    year: int
    month: int | None
    day: int | None

    def __init__(self, year: int, month: int | None = None, day: int | None = None) -> None:
        if day is not None and month is None:
            raise ValueError("a day needs a month")
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"month {month} is not between 01 and 12")
        if day is not None and month is not None:
            # datetime.date knows month lengths and leap years: no 1928-02-30.
            dt.date(year, month, day)
        if not 1 <= year <= 9999:
            raise ValueError(f"year {year} is out of range")
        self.year = year
        self.month = month
        self.day = day

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ValueError otherwise."""
        match = _PARTIAL_DATE.fullmatch(text)
        if match is None:
            raise ValueError(f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = match.groups()
        try:
            return cls(int(year), int(month) if month else None, int(day) if day else None)
        except ValueError:
            raise ValueError(f"{text!r} is not a valid date") from None

    @property
    def precision(self) -> Literal["year", "month", "day"]:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def earliest(self) -> dt.date:
        """The first day this date could mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> dt.date:
        """The last day this date could mean."""
        if self.day is not None and self.month is not None:
            return dt.date(self.year, self.month, self.day)
        if self.month is not None:
            following = dt.date(self.year + (self.month == 12), self.month % 12 + 1, 1)
            return following - dt.timedelta(days=1)
        return dt.date(self.year, 12, 31)

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def __repr__(self) -> str:
        return f"PartialDate({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key() == other.sort_key()

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key() < other.sort_key()

    def __hash__(self) -> int:
        return hash(self.sort_key())

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[Any], handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        from pydantic_core import PydanticCustomError, core_schema

        def from_text(text: str) -> PartialDate:
            try:
                return cls.parse(text)
            except ValueError as error:
                raise PydanticCustomError(
                    "partial_date", "{reason}", {"reason": str(error)}
                ) from None

        def from_python(value: object) -> PartialDate:
            if isinstance(value, PartialDate):
                return value
            if isinstance(value, str):
                return from_text(value)
            raise PydanticCustomError(
                "partial_date",
                "{reason}",
                {"reason": f"expected a date string like '1920-11', got {type(value).__name__}"},
            )

        return core_schema.json_or_python_schema(
            json_schema=core_schema.no_info_after_validator_function(
                from_text, core_schema.str_schema(strict=True)
            ),
            python_schema=core_schema.no_info_plain_validator_function(from_python),
            serialization=core_schema.to_string_ser_schema(),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "type": "string",
            "pattern": PARTIAL_DATE_PATTERN,
            "description": "A date known to the year, month or day: YYYY, YYYY-MM or YYYY-MM-DD.",
            "examples": ["1920-11", "1923-08-09", "1928"],
        }


def age_between(born: PartialDate | None, died: PartialDate | None) -> int | None:
    """Whole years lived, or None when partial dates leave it open (or a date is missing)."""
    if born is None or died is None:
        return None
    youngest = _whole_years(born.latest(), died.earliest())
    oldest = _whole_years(born.earliest(), died.latest())
    return oldest if oldest == youngest else None


def _whole_years(born: dt.date, died: dt.date) -> int:
    return died.year - born.year - ((died.month, died.day) < (born.month, born.day))


def year_of(text: str) -> int:
    """The year of a JSON partial date: ``"1920-11"`` -> 1920."""
    return int(text[:4])
