"""Pure queries over the biography: plain data in, plain data out.

The data is the biography's JSON form (``loading.load_data``): dicts, lists
and strings, exactly as ``--json`` prints them, so a query's result goes to a
renderer unchanged. No I/O and no printing here; a query that cannot be
answered raises ``UsageError`` with a message that says what would be accepted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from .dates import year_of
from .errors import NotFoundError, UsageError

Record = dict[str, Any]
"""One item (an event, an edition, ...) as JSON data."""

CATEGORIES: tuple[str, ...] = (
    "life",
    "education",
    "party",
    "secretariat",
    "defection",
    "assassination-attempt",
    "war",
    "publication",
    "historiography",
    "context",
)
"""The event categories: model.Category's values, here without importing the models."""


def chronological(events: Iterable[Record]) -> list[Record]:
    """Events by date, then by end (a point before a span that starts with it).

    Less precise dates sort first (``1928`` before ``1928-01-01``): for these
    strings text order is date order (dates.py). Ties keep the file's order.
    """
    return sorted(events, key=lambda event: (event["date"], event["end"] or ""))


def parse_category(text: str) -> str:
    """The category named by ``text``, any case; a UsageError lists the valid ones."""
    wanted = text.strip().lower()
    if wanted in CATEGORIES:
        return wanted
    raise UsageError(f"unknown category {text!r}; choose one of: {', '.join(CATEGORIES)}")


# A NamedTuple, not a dataclass: defining a dataclass costs ~0.5 ms of start-up.
class EventFilter(NamedTuple):
    """Which events to list: year bounds and a category, all optional and combinable.

    ``year`` is shorthand for ``from_year == to_year == year``. An event with an
    ``end`` matches every year from its start to its end.
    """

    year: int | None = None
    from_year: int | None = None
    to_year: int | None = None
    category: str | None = None

    def describe_empty(self) -> str:
        """Words for an empty result: ``No events in 1850.``"""
        words = "No events"
        if self.category is not None:
            words = f"No {self.category.strip().lower()} events"
        if self.year is not None:
            words += f" in {self.year}"
        if self.from_year is not None and self.to_year is not None:
            words += f" from {self.from_year} to {self.to_year}"
        elif self.from_year is not None:
            words += f" from {self.from_year} on"
        elif self.to_year is not None:
            words += f" up to {self.to_year}"
        return words + "."


EVERY_EVENT = EventFilter()


def select_events(events: Iterable[Record], where: EventFilter = EVERY_EVENT) -> list[Record]:
    """The events that overlap every year bound of ``where`` and match its category, by date."""
    if (
        where.from_year is not None
        and where.to_year is not None
        and where.from_year > where.to_year
    ):
        raise UsageError(f"--from {where.from_year} is after --to {where.to_year}")
    low = max(_present(where.year, where.from_year), default=None)
    high = min(_present(where.year, where.to_year), default=None)
    wanted = parse_category(where.category) if where.category is not None else None
    selected = []
    for event in events:
        first, last = event_years(event)
        if low is not None and last < low:
            continue
        if high is not None and first > high:
            continue
        if wanted is not None and event["category"] != wanted:
            continue
        selected.append(event)
    return chronological(selected)


def event_years(event: Record) -> tuple[int, int]:
    """The first and last year an event touches."""
    return year_of(event["date"]), year_of(event["end"] or event["date"])


def _present(*values: int | None) -> list[int]:
    return [value for value in values if value is not None]


def language_code(text: str, present: Sequence[str]) -> str:
    """The ISO 639-1 code for ``text``: a 639-1 or 639-2 code or an English name, any case.

    A real language is accepted even when no edition has it (the result is then
    empty); anything else is a UsageError listing the languages present.
    """
    from .languages import LANGUAGES  # only the --lang path pays for the table

    wanted = text.strip().casefold()
    for code, terminology, bibliographic, *names in LANGUAGES:
        spellings = {code, terminology, bibliographic, *(name.casefold() for name in names if name)}
        if wanted in spellings:
            assert code is not None
            return code
    choices = ", ".join(f"{code} ({language_name(code)})" for code in sorted(set(present)))
    raise UsageError(f"unknown language {text!r}; editions exist in: {choices}")


def language_name(code: str) -> str:
    """The English name of an ISO 639-1 code (``de`` -> ``German``)."""
    from .languages import LANGUAGES

    for row in LANGUAGES:
        if row[0] == code and row[3] is not None:
            return row[3]
    return code


def editions_in_language(editions: Iterable[Record], code: str | None) -> list[Record]:
    """Editions in the language ``code`` (all when None), in the article's order."""
    return [edition for edition in editions if code is None or edition["language"] == code]


def _events_naming(data: Record, references: str) -> dict[str, list[str]]:
    """Person or place id -> ids of the events that name it (``references``: people/places)."""
    naming: dict[str, list[str]] = {}
    for event in chronological(data["events"]):
        for item_id in event[references]:
            naming.setdefault(item_id, []).append(event["id"])
    return naming


def _with_events(item: Record, naming: dict[str, list[str]]) -> Record:
    # The shape of model.PersonEntry / model.PlaceEntry: the item, then its events.
    return {**item, "events": naming.get(item["id"], [])}


def people_entries(data: Record, role: str | None = None) -> list[Record]:
    """Everyone the source names, with their events; ``role`` matches words of the description."""
    wanted = role.strip().casefold() if role else None
    naming = _events_naming(data, "people")
    return [
        _with_events(person, naming)
        for person in data["people"]
        if wanted is None or wanted in person["description"].casefold()
    ]


def places_entries(data: Record, name: str | None = None) -> list[Record]:
    """Every place, with its events; ``name`` matches the name, an alias or the present-day name."""
    wanted = name.strip().casefold() if name else None
    naming = _events_naming(data, "places")
    return [
        _with_events(place, naming)
        for place in data["places"]
        if wanted is None or any(wanted in text.casefold() for text in _place_names(place))
    ]


def _place_names(place: Record) -> list[str]:
    present_day = [place["present_day"]] if place["present_day"] else []
    return [place["name"], *place["aliases"], *present_day]


def quotes_about(data: Record, speaker: str | None = None) -> list[Record]:
    """The quotations, in the source's order; ``speaker`` is a person id or part of the source."""
    wanted = speaker.strip().casefold() if speaker else None
    return [
        quote
        for quote in data["quotes"]
        if wanted is None or wanted == quote["speaker"] or wanted in quote["source"].casefold()
    ]


# Each kind of item and the list of the data that holds it, in lookup order.
_LISTS = {
    "event": "events",
    "edition": "editions",
    "person": "people",
    "place": "places",
    "quote": "quotes",
}
ITEM_KINDS: tuple[str, ...] = tuple(_LISTS)


def _items_of(data: Record, kind: str) -> list[Record]:
    """The list of one kind of item (``person`` -> ``data["people"]``)."""
    items: list[Record] = data[_LISTS[kind]]
    return items


def all_ids(data: Record) -> list[str]:
    return [item["id"] for kind in ITEM_KINDS for item in _items_of(data, kind)]


def find_item(data: Record, item_id: str) -> tuple[str, Record]:
    """The item with ``item_id`` and its kind (people and places with their events).

    Ids are unique across kinds (a model rule). An unknown id raises
    NotFoundError naming the closest ids.
    """
    wanted = item_id.strip().lower()
    for kind in ITEM_KINDS:
        for item in _items_of(data, kind):
            if item["id"] != wanted:
                continue
            if kind in {"person", "place"}:
                return kind, _with_events(item, _events_naming(data, _LISTS[kind]))
            return kind, item
    import difflib

    close = difflib.get_close_matches(wanted, all_ids(data), n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `bazhanov search` finds items"
    raise NotFoundError(f"no item with id {item_id!r}{hint}")


def related_events(data: Record, kind: str, item: Record) -> list[Record]:
    """The events an item belongs to: a person's or place's, a quote's, an edition's by title.

    An event has none: its people and places are shown by name instead.
    """
    ids: set[str] = set()
    if kind in {"person", "place"}:
        ids.update(item["events"])
    elif kind == "quote" and item["event"]:
        ids.add(item["event"])
    elif kind == "edition":
        ids.update(event["id"] for event in data["events"] if item["title"] in event["summary"])
    return chronological(event for event in data["events"] if event["id"] in ids)
