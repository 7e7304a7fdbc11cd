"""Pure queries over the biography: typed items in, typed items out.

No I/O and no printing. A query that cannot be answered raises ``UsageError``
(or ``NotFoundError``) with a message that says what would be accepted.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import Literal, TypeVar, cast

from ..errors import NotFoundError, UsageError
from ..model.dates import DATE_PATTERN, age_between, sort_key, year_of
from ..model.entries import (
    EventEntry,
    FactEntry,
    FactsEntry,
    FactValue,
    PersonEntry,
    PlaceEntry,
    QuoteRef,
    SourceEntry,
)
from ..model.items import (
    Biography,
    Category,
    Edition,
    Event,
    Kind,
    Person,
    Place,
    Quote,
    ShownKind,
    SourceRef,
    names_of,
)
from ..model.kinds import FACT_IDS, ITEM_KINDS, KIND_SPECS, Item, Listing, fact_label, items_of


def chronological(events: Iterable[Event]) -> list[Event]:
    """Events in date order (``dates.sort_key``): by earliest possible start, then latest
    possible start, then end, so ``1928-01-01`` comes before ``1928``, and ``1928`` before
    ``1928 \u2013 1930-06``. Ties keep the file's order.
    """
    return sorted(events, key=lambda event: sort_key(event["date"], event["end"]))


def event_years(event: Event) -> tuple[int, int]:
    """The first and last year an event touches."""
    return year_of(event["date"]), year_of(event["end"] or event["date"])


def timeline_years(
    bio: Biography, events: Sequence[Event], first_year: int | None, last_year: int | None
) -> tuple[int, int] | None:
    """The years a timeline covers: those asked for; where one is not, the data's, from the
    birth or the first event to the last event (with no events, to the death).

    None when nothing dates it: no events, no birth or death, no years asked for.
    """
    born, died = bio["facts"]["born"]["date"], bio["facts"]["died"]["date"]
    starts = [year_of(event["date"]) for event in events]
    if born is not None:
        starts.append(year_of(born))
    ends = [year_of(event["end"] or event["date"]) for event in events]
    if not ends and died is not None:
        ends.append(year_of(died))
    first = first_year if first_year is not None else min(starts or ends, default=last_year)
    last = last_year if last_year is not None else max(ends or starts, default=first)
    if first is None or last is None:
        return None
    # A bound asked for holds; the data's own gives way to it.
    if last_year is None:
        last = max(last, first)
    elif first_year is None:
        first = min(first, last)
    return min(first, last), max(first, last)


# Plain classes with slots on the start-up path: a NamedTuple costs three times
# as much to define, a dataclass more.
class EventFilter:
    """Which events to list: year bounds, a category, people and places, all optional and
    combinable.

    ``year`` is shorthand for ``from_year == to_year == year``. An event with an
    ``end`` matches every year from its start to its end. ``people`` and ``places`` are
    groups of ids (``named_ids``): an event must name one id of every group.
    """

    __slots__ = ("category", "from_year", "people", "places", "to_year", "year")

    def __init__(
        self,
        year: int | None = None,
        from_year: int | None = None,
        to_year: int | None = None,
        category: Category | None = None,
        people: Sequence[Sequence[str]] = (),
        places: Sequence[Sequence[str]] = (),
    ) -> None:
        self.year, self.from_year, self.to_year, self.category = year, from_year, to_year, category
        self.people, self.places = people, places

    def describe_empty(self) -> str:
        """Words for an empty result: ``No events in 1850.``"""
        words = "No events" if self.category is None else f"No {self.category} events"
        named = [" or ".join(group) for group in [*self.people, *self.places]]
        if named:
            words += " naming " + " and ".join(named)
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


def events_matching(events: Iterable[Event], where: EventFilter = EVERY_EVENT) -> list[Event]:
    """The events that overlap every year bound of ``where``, match its category and name
    one of each of its groups of people and places, by date."""
    lower, upper = where.from_year, where.to_year
    if lower is not None and upper is not None and lower > upper:
        raise UsageError(f"--from {lower} is after --to {upper}")
    low = max((year for year in (where.year, where.from_year) if year is not None), default=None)
    high = min((year for year in (where.year, where.to_year) if year is not None), default=None)
    # Dates start with four digits, and the bounds are years 1 to 9999 (options.py), so
    # comparing the texts compares the years, with no number parsed per event.
    first_text = "0000" if low is None else f"{low:04d}"
    last_text = "9999" if high is None else f"{high:04d}"
    people = [frozenset(group) for group in where.people]
    places = [frozenset(group) for group in where.places]
    selected = [
        event
        for event in events
        if event["date"][:4] <= last_text
        and (event["end"] or event["date"])[:4] >= first_text
        and (where.category is None or event["category"] == where.category)
        and all(not group.isdisjoint(event["people"]) for group in people)
        and all(not group.isdisjoint(event["places"]) for group in places)
    ]
    return chronological(selected)


def named_ids(bio: Biography, kind: Literal["person", "place"], name: str) -> list[str]:
    """The ids of the people (or places) ``name`` stands for, as ``people NAME`` (or
    ``places NAME``) finds them: an id, or a part of a name or other name, in any case.

    An id given exactly is that one alone. Nobody found raises ``NotFoundError`` naming
    the closest names and ids.
    """
    entities: Sequence[Person | Place] = bio["people"] if kind == "person" else bio["places"]
    wanted = name.strip().casefold()
    for entity in entities:
        if entity["id"] == wanted:
            return [entity["id"]]
    found = [entity["id"] for entity in entities if _matches(name, *_names_of(entity))]
    if found:
        return found
    import difflib

    owner = {text.casefold(): entity for entity in entities for text in _names_of(entity)}
    owner |= {entity["id"]: entity for entity in entities}
    close = difflib.get_close_matches(wanted, owner, n=6, cutoff=0.6)
    suggested = {
        owner[text]["id"]: f"{owner[text]['name']} ({owner[text]['id']})" for text in close
    }
    close = list(suggested.values())[:3]
    listing = "people" if kind == "person" else "places"
    hint = f"; did you mean {', '.join(close)}?" if close else f"; `bazhanov {listing}` lists all"
    raise NotFoundError(f"no {kind} is called {name.strip()!r}{hint}")


def _names_of(entity: Person | Place) -> list[str]:
    """Every name ``people NAME`` and ``places NAME`` look in."""
    names = names_of(entity)
    present_day = cast("Mapping[str, str | None]", entity).get("present_day")
    return [*names, present_day] if present_day else names


Sortable = TypeVar("Sortable", bound=Mapping[str, object])


class Order:
    """How a listing is arranged: by a field (nulls last either way), reversed, cut short."""

    __slots__ = ("by", "limit", "reverse")  # a plain class, as EventFilter above

    def __init__(self, by: str | None = None, reverse: bool = False, limit: int | None = None):
        self.by, self.reverse, self.limit = by, reverse, limit

    def uncut(self) -> Order:
        """The same arrangement, every record kept."""
        return Order(self.by, self.reverse)


AS_FOUND = Order()


def arranged(records: Sequence[Sortable], order: Order) -> list[Sortable]:
    """``records`` sorted by ``order.by``, reversed, cut to ``order.limit``."""
    ordered = list(records)
    field = order.by
    if field is not None:
        present = [record for record in ordered if record[field] is not None]
        nulls = [record for record in ordered if record[field] is None]
        present.sort(key=lambda record: _sort_key(record[field]), reverse=order.reverse)
        ordered = present + nulls
    elif order.reverse:
        ordered.reverse()
    return ordered if order.limit is None else ordered[: order.limit]


def _sort_key(value: object) -> tuple[int, float, str]:
    """Numbers by value, a list by how many items it has (``--sort events``: who is in
    most), an age range by its youngest then its oldest, before text by its case-folded
    form; a date (``1928``, ``1928-01-01``) in date order (``dates.sort_key``),
    ``1928-01-01`` before ``1928``, and ``1939-11~`` as ``1939-11``."""
    if isinstance(value, bool | int | float):
        return (0, float(value), "")
    if isinstance(value, list):
        return (0, float(len(value)), "")
    if isinstance(value, dict) and "min" in value:  # an age range: by youngest, then oldest
        return (0, float(value["min"]), f"{value['max']:020d}")
    text = str(value)
    if len(text) in (4, 5, 7, 8, 10, 11) and _date_pattern().match(text):
        return (1, 0.0, "".join(sort_key(text)[:2]))
    return (1, 0.0, text.casefold())


@cache
def _date_pattern() -> re.Pattern[str]:
    return re.compile(DATE_PATTERN)


def editions_in_language(editions: Iterable[Edition], code: str | None) -> list[Edition]:
    """Editions in the language ``code`` (all when None), in the article's order."""
    return [edition for edition in editions if code is None or edition["language"] == code]


def facts_entry(bio: Biography) -> FactsEntry:
    """The infobox as ``facts`` prints it: the file's fields and the age they imply."""
    facts = bio["facts"]
    return {**facts, "age_at_death": age_between(facts["born"]["date"], facts["died"]["date"])}


# --- people, places and quotes, found by name ------------------------------------------


def _matches(wanted: str | None, *texts: str | None) -> bool:
    """Whether ``wanted`` is part of any of ``texts``, ignoring case; None matches all."""
    if wanted is None:
        return True
    needle = wanted.strip().casefold()
    return any(needle in text.casefold() for text in texts if text)


def _events_naming(bio: Biography) -> dict[str, list[str]]:
    """Person or place id -> ids of the events, by date, that name it."""
    naming: dict[str, list[str]] = {}
    for event in chronological(bio["events"]):
        for item_id in dict.fromkeys([*event["people"], *event["places"]]):
            naming.setdefault(item_id, []).append(event["id"])
    return naming


def _quotes_of(bio: Biography) -> dict[str, list[QuoteRef]]:
    """Person id -> the quotations they are the speaker of, in the file's order."""
    spoken: dict[str, list[QuoteRef]] = {}
    for quote in bio["quotes"]:
        if quote["speaker"] is not None:
            spoken.setdefault(quote["speaker"], []).append(
                {"id": quote["id"], "text": quote["text"]}
            )
    return spoken


def people_named(
    bio: Biography, name: str | None = None, role: str | None = None
) -> list[PersonEntry]:
    """Everyone whose name or alias has ``name`` and whose role mentions ``role``, each with
    the events they appear in and the quotations they are the speaker of."""
    naming, spoken = _events_naming(bio), _quotes_of(bio)
    return [
        {
            **person,
            "events": naming.get(person["id"], []),
            "quotes": spoken.get(person["id"], []),
        }
        for person in bio["people"]
        if _matches(name, *_names_of(person)) and _matches(role, person["description"])
    ]


def places_named(bio: Biography, name: str | None = None) -> list[PlaceEntry]:
    """Every place whose name, alias, search name or present-day name has ``name``."""
    naming = _events_naming(bio)
    return [
        {**place, "events": naming.get(place["id"], [])}
        for place in bio["places"]
        if _matches(name, *_names_of(place))
    ]


def quotes_by(bio: Biography, name: str | None = None) -> list[Quote]:
    """The quotations whose speaker (id, name or alias) or source has ``name``, in order."""
    people = {person["id"]: person for person in bio["people"]}
    selected = []
    for quote in bio["quotes"]:
        speaker = people.get(quote["speaker"] or "")
        names = [speaker["id"], *names_of(speaker)] if speaker else []
        if _matches(name, quote["source"], *names):
            selected.append(quote)
    return selected


# --- one item by id --------------------------------------------------------------------


class Found:
    """An item found by id, as its listing prints it, with the events it belongs to."""

    __slots__ = ("item", "kind", "related")

    def __init__(
        self,
        kind: ShownKind,
        item: FactEntry | EventEntry | Edition | PersonEntry | PlaceEntry | Quote | SourceEntry,
        related: list[Event],
    ) -> None:
        self.kind, self.item, self.related = kind, item, related

    @property
    def listing(self) -> Listing:
        """The listing that prints such an item: its fields and its schema."""
        return "sources" if self.kind == "source" else KIND_SPECS[self.kind].listing


def fact_entry(bio: Biography, name: str) -> FactEntry:
    """One field of the infobox (one of ``FACT_IDS``) as an item with its provenance.

    A position's provenance is its own, so the positions' is theirs together; the
    age's is that of the two dates it comes from.
    """
    facts = facts_entry(bio)
    by_field = cast("Mapping[str, list[SourceRef]]", facts["provenance"])
    if name == "positions":
        cited = [ref for position in facts["positions"] for ref in position["provenance"]]
    elif name == "age_at_death":
        cited = age_sources(by_field)
    else:
        cited = list(by_field[name])
    # FACT_IDS are the keys of FactsEntry whose values make up FactValue.
    value = cast("FactValue", cast("Mapping[str, object]", facts)[name])
    return {
        "id": name,
        "label": fact_label(name),
        "value": value,
        "provenance": in_source_order(bio, cited),
    }


def age_sources(provenance: Mapping[str, Sequence[SourceRef]]) -> list[SourceRef]:
    """The passages the age at death comes from: the birth's, then the death's, each once."""
    refs = [*provenance["born"], *provenance["died"]]
    return list({(ref["source"], ref["section"], ref["paragraph"]): ref for ref in refs}.values())


def in_source_order(bio: Biography, refs: Iterable[SourceRef]) -> list[SourceRef]:
    """``refs`` without repeats, by source, section and paragraph as the sources declare them."""
    order = {
        (source["id"], section): (rank, place)
        for rank, source in enumerate(bio["sources"])
        for place, section in enumerate(source["sections"])
    }
    unique = {(ref["source"], ref["section"], ref["paragraph"]): ref for ref in refs}
    return [unique[key] for key in sorted(unique, key=lambda key: (*order[key[:2]], key[2]))]


def sources_backed(bio: Biography) -> list[SourceEntry]:
    """Each source the data declares, with how many items cite it (a place whose
    ``location`` is a source's counts for that source too)."""
    facts = bio["facts"]
    by_field = cast("Mapping[str, list[SourceRef]]", facts["provenance"])
    items: list[list[SourceRef]] = [
        *by_field.values(),
        *(position["provenance"] for position in facts["positions"]),
        *(item["provenance"] for spec in ITEM_KINDS for item in items_of(bio, spec)),
    ]
    counts = Counter(source for refs in items for source in {ref["source"] for ref in refs})
    counts.update(
        place["location"]["source"]
        for place in bio["places"]
        if place["location"] is not None
        and place["location"]["source"] not in {ref["source"] for ref in place["provenance"]}
    )
    return [{**source, "items": counts[source["id"]]} for source in bio["sources"]]


def all_ids(bio: Biography) -> list[str]:
    """Every id ``show`` accepts: the infobox fields, then every item's, in file order."""
    return [*FACT_IDS, *(item["id"] for spec in ITEM_KINDS for item in items_of(bio, spec))]


def find_item(bio: Biography, item_id: str) -> Found:
    """The item with ``item_id`` (ids are unique across kinds, a model rule), or else the
    source with that id (``show article``), as ``sources`` prints it.

    Its related events: a person's or place's, a quote's, those whose summary
    names an edition's title, those on the date of birth or death. An event has
    none: its people and places are shown by name instead. An unknown id raises
    NotFoundError naming the closest ids.
    """
    wanted = item_id.strip().lower()
    events = bio["events"]
    if wanted in FACT_IDS:
        moment = {"born": bio["facts"]["born"], "died": bio["facts"]["died"]}.get(wanted)
        on_that_day = [event for event in events if moment and event["date"] == moment["date"]]
        return Found("fact", fact_entry(bio, wanted), on_that_day)
    for spec in ITEM_KINDS:
        for item in items_of(bio, spec):
            if item["id"] == wanted:
                assert spec.kind is not None  # every kind of item has a name
                return _found(bio, spec.kind, item)
    for source in sources_backed(bio):  # the ids ``sources`` prints
        if source["id"] == wanted:
            return Found("source", source, [])
    import difflib

    known = [*all_ids(bio), *(source["id"] for source in bio["sources"])]
    close = difflib.get_close_matches(wanted, known, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `bazhanov search` finds items"
    raise NotFoundError(f"no item with id {item_id!r}{hint}")


def _found(bio: Biography, kind: Kind, item: Item) -> Found:
    """``item``, of ``kind``, as its listing prints it, with the events it belongs to."""
    events = bio["events"]
    # Each cast names the type KINDS gives the items of that kind.
    if kind == "edition":
        edition = cast("Edition", item)
        named = [event for event in events if edition["title"] in event["summary"]]
        return Found(kind, edition, chronological(named))
    if kind == "quote":
        quote = cast("Quote", item)
        return Found(kind, quote, [event for event in events if event["id"] == quote["event"]])
    if kind in ("person", "place"):
        related = _events_naming(bio).get(item["id"], [])
        by_id = {event["id"]: event for event in events}
        entry = cast("PersonEntry | PlaceEntry", {**item, "events": related})
        if kind == "person":
            entry = cast("PersonEntry", {**entry, "quotes": _quotes_of(bio).get(item["id"], [])})
        return Found(kind, entry, [by_id[event_id] for event_id in related])
    from .at import event_entry

    return Found(kind, event_entry(bio["facts"], cast("Event", item)), [])
