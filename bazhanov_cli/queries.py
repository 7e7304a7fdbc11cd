"""Pure queries over the biography: plain data in, plain data out.

No I/O and no printing here; a query that cannot be answered raises
``UsageError`` with a message that says what would be accepted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import get_args

from pydantic import BaseModel

from .errors import NotFoundError, UsageError
from .model import (
    Biography,
    Category,
    Edition,
    Event,
    Person,
    PersonEntry,
    Place,
    PlaceEntry,
    Quote,
)

CATEGORIES: tuple[str, ...] = get_args(Category)


def chronological(events: Iterable[Event]) -> list[Event]:
    """Events by date, then by end (a point before a span that starts with it).

    Less precise dates sort first (``1928`` before ``1928-01-01``); ties keep
    the order of the data file.
    """
    return sorted(events, key=lambda event: (event.date.sort_key(), _end_key(event)))


def _end_key(event: Event) -> tuple[int, int, int]:
    return event.end.sort_key() if event.end is not None else (0, 0, 0)


def parse_category(text: str) -> str:
    """The category named by ``text``, any case; a UsageError lists the valid ones."""
    wanted = text.strip().lower()
    if wanted in CATEGORIES:
        return wanted
    raise UsageError(f"unknown category {text!r}; choose one of: {', '.join(CATEGORIES)}")


@dataclass(frozen=True)
class EventFilter:
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


def select_events(events: Iterable[Event], where: EventFilter = EventFilter()) -> list[Event]:
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
        first, last = event.years()
        if low is not None and last < low:
            continue
        if high is not None and first > high:
            continue
        if wanted is not None and event.category != wanted:
            continue
        selected.append(event)
    return chronological(selected)


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


def editions_in_language(editions: Iterable[Edition], code: str | None) -> list[Edition]:
    """Editions in the language ``code`` (all when None), in the article's order."""
    return [edition for edition in editions if code is None or edition.language == code]


def _events_naming(bio: Biography, references: str) -> dict[str, list[str]]:
    """Person or place id -> ids of the events that name it (``references``: people/places)."""
    naming: dict[str, list[str]] = {}
    for event in chronological(bio.events):
        for item_id in getattr(event, references):
            naming.setdefault(item_id, []).append(event.id)
    return naming


def _person_entry(person: Person, naming: dict[str, list[str]]) -> PersonEntry:
    return PersonEntry(**person.model_dump(), events=naming.get(person.id, []))


def _place_entry(place: Place, naming: dict[str, list[str]]) -> PlaceEntry:
    return PlaceEntry(**place.model_dump(), events=naming.get(place.id, []))


def people_entries(bio: Biography, role: str | None = None) -> list[PersonEntry]:
    """Everyone the source names, with their events; ``role`` matches words of the description."""
    wanted = role.strip().casefold() if role else None
    naming = _events_naming(bio, "people")
    return [
        _person_entry(person, naming)
        for person in bio.people
        if wanted is None or wanted in person.description.casefold()
    ]


def places_entries(bio: Biography, name: str | None = None) -> list[PlaceEntry]:
    """Every place, with its events; ``name`` matches the name, an alias or the present-day name."""
    wanted = name.strip().casefold() if name else None
    naming = _events_naming(bio, "places")
    return [
        _place_entry(place, naming)
        for place in bio.places
        if wanted is None or any(wanted in text.casefold() for text in _place_names(place))
    ]


def _place_names(place: Place) -> list[str]:
    return [place.name, *place.aliases, *([place.present_day] if place.present_day else [])]


def quotes_about(bio: Biography, speaker: str | None = None) -> list[Quote]:
    """The quotations, in the source's order; ``speaker`` is a person id or part of the source."""
    wanted = speaker.strip().casefold() if speaker else None
    return [
        quote
        for quote in bio.quotes
        if wanted is None or wanted == quote.speaker or wanted in quote.source.casefold()
    ]


ITEM_KINDS: tuple[str, ...] = ("event", "edition", "person", "place", "quote")


def all_ids(bio: Biography) -> list[str]:
    return [item.id for kind in ITEM_KINDS for item in _items_of(bio, kind)]


def _items_of(bio: Biography, kind: str) -> Sequence[Event | Edition | Person | Place | Quote]:
    lists: dict[str, Sequence[Event | Edition | Person | Place | Quote]] = {
        "event": bio.events,
        "edition": bio.editions,
        "person": bio.people,
        "place": bio.places,
        "quote": bio.quotes,
    }
    return lists[kind]


def find_item(bio: Biography, item_id: str) -> tuple[str, BaseModel]:
    """The item with ``item_id`` and its kind (people and places with their events).

    Ids are unique across kinds (a model rule). An unknown id raises
    NotFoundError naming the closest ids.
    """
    wanted = item_id.strip().lower()
    for kind in ITEM_KINDS:
        for item in _items_of(bio, kind):
            if item.id != wanted:
                continue
            if isinstance(item, Person):
                return kind, _person_entry(item, _events_naming(bio, "people"))
            if isinstance(item, Place):
                return kind, _place_entry(item, _events_naming(bio, "places"))
            return kind, item
    import difflib

    close = difflib.get_close_matches(wanted, all_ids(bio), n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `bazhanov search` finds items"
    raise NotFoundError(f"no item with id {item_id!r}{hint}")


def related_events(bio: Biography, record: BaseModel) -> list[Event]:
    """The events an item belongs to: a person's or place's, a quote's, an edition's by title.

    An event has none: its people and places are shown by name instead.
    """
    ids: set[str] = set()
    if isinstance(record, PersonEntry | PlaceEntry):
        ids.update(record.events)
    elif isinstance(record, Quote) and record.event:
        ids.add(record.event)
    elif isinstance(record, Edition):
        ids.update(event.id for event in bio.events if record.title in event.summary)
    return chronological(event for event in bio.events if event.id in ids)
