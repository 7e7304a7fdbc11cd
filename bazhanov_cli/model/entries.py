"""What the commands print besides the items themselves: each a ``TypedDict`` built on
the items' shapes (``items``), validated only when a schema is made."""

from typing import Any, Literal

from pydantic import with_config
from typing_extensions import NotRequired, TypedDict  # pydantic needs these before 3.12

from .items import (
    _STRICT,
    Date,
    Edition,
    Event,
    Facts,
    Kind,
    LifeMoment,
    OurName,
    Paragraph,
    Person,
    Place,
    Position,
    Quote,
    Score,
    Slug,
    Source,
    SourceRef,
    Text,
)


@with_config(_STRICT)
class FactsEntry(Facts):
    """The infobox as ``facts --json`` prints it: with the age it implies."""

    age_at_death: int | None
    """Whole years from the dates; null when partial dates leave it open."""


FactValue = str | int | list[str] | list[OurName] | LifeMoment | list[Position] | None
"""Any value of the infobox."""


@with_config(_STRICT)
class FactEntry(TypedDict):
    """One field of the infobox as ``show FIELD --json`` prints it: an item of its own."""

    id: str
    """The field's name (`born`), which is its id."""
    label: str
    """The field's name for people (`Born`)."""
    value: FactValue
    """What ``facts --json`` has under that name."""
    provenance: list[SourceRef]
    """Where it comes from; a computed field's is that of the fields it comes from."""


@with_config(_STRICT)
class SourceEntry(Source):
    """A source as ``sources --json`` prints it: with how many items it backs."""

    items: int
    """Items (facts, positions, events, editions, people, places, quotes) that cite it."""


@with_config(_STRICT)
class QuoteRef(TypedDict):
    """A quotation named where its speaker is shown: its id and its words."""

    id: Slug
    """The quotation's id in `quotes`."""
    text: Text
    """Its exact words."""


@with_config(_STRICT)
class PersonEntry(Person):
    """A person as ``people --json`` prints it: with the events they appear in and their words."""

    events: list[Slug]
    """Ids of the events they take part in."""
    quotes: list[QuoteRef]
    """The quotations the data gives them as speaker, in the data's order."""


ClaimKind = Literal["position", "event", "person", "place", "quote"]
"""Every kind of statement the sources may attribute rather than state (``claims``), in the
order ``claims`` lists them: the kinds whose row of ``KINDS`` names an ``attribution``
field, and the infobox's positions, which have one too but no row of their own."""


@with_config(_STRICT)
class Claim(TypedDict):
    """A statement the sources attribute rather than state, as ``claims --json`` prints it."""

    kind: ClaimKind
    id: str
    """The item's id; for a position, `positions`, the infobox field that holds it."""
    title: str
    """The item's title or name."""
    statement: str
    """What it says: an event's summary, a person's description, a position's title."""
    attribution: str
    """Who says so, as the data has it (`according to Bazhanov himself`)."""
    provenance: list[SourceRef]
    """The passages it comes from."""


@with_config(_STRICT)
class PlaceEntry(Place):
    """A place as ``places --json`` prints it: with the events that happen there."""

    events: list[Slug]
    """Ids of the events at this place."""


@with_config(_STRICT)
class StopEntry(TypedDict):
    """A place as ``map --json`` prints it: where it is, and when he first was there."""

    id: Slug
    """The place's id in `places`."""
    name: Text
    first: Date
    """The date of the first event at the place: the places come in this order."""
    feature: str | None
    """What GeoNames calls the place (city, country, border, ...); null without a location."""
    latitude: float | None
    """WGS 84, decimal degrees (GeoNames); null where the data has no location."""
    longitude: float | None
    route: int | None
    """Its number on the route of 1928-1929, in the order of the events; null if not on it."""
    events: list[Slug]
    """Ids of the events at the place, in date order."""


@with_config(_STRICT)
class FileProblem(TypedDict):
    """One problem ``validate --format json`` found in a data file."""

    file: str
    path: str | None
    """The JSON path of the bad value (`events[3].date`); null for the file as a whole."""
    message: str


@with_config(_STRICT)
class SearchHit(TypedDict):
    """One item that matched, with the field and the text that made it match."""

    kind: Kind
    id: str
    """The item's id; for facts the infobox field (`born`)."""
    title: str
    """The item's title, name, short text or fact label."""
    attribution: str | None
    """Who says so, when the source does not state it as fact."""
    score: Score
    """0 to 100; higher is better."""
    field: str
    """The field that matched best (`aliases`)."""
    matched: str
    """That field's text, or a window of it."""


@with_config(_STRICT)
class AgeRange(TypedDict):
    """His age in whole years over a stretch of days: the fewest and the most."""

    min: int
    """The youngest he is on any day of it that he is alive."""
    max: int
    """The oldest; equal to `min` when the dates leave no doubt."""


@with_config(_STRICT)
class EventEntry(Event):
    """An event as ``events --json`` and ``show EVENT --json`` print it: with his age."""

    age: AgeRange | None
    """His age in whole years over the event's days (the days its dates can mean, from the
    first of its start to the last of its end), counting only the days he was alive: a range
    where a partial date or a span leaves it open. Null when the birth date is unknown or the
    event lies wholly before his birth or after his death."""


Life = Literal["before-birth", "birth", "alive", "death", "after-death", "unknown"]
"""Where a date lies in his life: wholly before his birth; holding his birth (a day the
birth date can mean); wholly within his life; holding his death; wholly after his death;
unknown when the dates of birth or death the data gives cannot say."""


@with_config(_STRICT)
class AtEntry(TypedDict):
    """What ``at DATE --json`` prints: his age, positions, places and events at a date.

    The date asked is an interval (``1928`` is every day of 1928). What certainly overlaps
    it does so however the partial dates of both are read; what possibly overlaps it does so
    for some reading of them, not for all."""

    date: Date
    """The date asked, as given."""
    first_day: str
    """Its first day (`1928-05-01` for `1928-05`), YYYY-MM-DD."""
    last_day: str
    """Its last day (`1928-05-31`), YYYY-MM-DD."""
    life: Life
    age: AgeRange | None
    """His age in whole years on the days of the date he was alive; null when it lies
    wholly before his birth or after his death, or the birth date is unknown."""
    positions: list[Position]
    """Positions he certainly held on a day of the date, however their dates are read. A
    start or end the sources do not give is read as any day of his life, so a position
    with a start but no end is certain at a date that holds its start."""
    possible_positions: list[Position]
    """Positions with both ends given that he may have held then: their partial dates
    allow it, but do not make it certain."""
    open_positions: list[Position]
    """Positions with a start or an end (or both) not given that he may have held then:
    the sources neither place them at the date nor rule them out. None outside his life."""
    places: list[Slug]
    """Ids in `places` of the places of his own events (every category but context,
    publication and historiography) that certainly overlap the date, in their order."""
    possible_places: list[Slug]
    """The places of his own events that only possibly overlap it, less those above."""
    events: list[EventEntry]
    """Events that certainly overlap the date, by date."""
    possible_events: list[EventEntry]
    """Events that possibly overlap it, but not certainly, by date."""


@with_config(_STRICT)
class Passage(TypedDict):
    """A numbered paragraph of a source document, with its text: one of the passages of
    ``show ID --json``, or of ``sources ID --json``."""

    source: Slug
    """The id of the source in `sources` (`article`, `editions`)."""
    section: Text
    """The section's heading, as the source's `sections` lists it."""
    paragraph: Paragraph
    """1-based, counting the section's paragraphs as a reader counts them (docs/data.md)."""
    text: str | None
    """The paragraph as the source writes it; null when the source's text is not shipped
    with the program (a data file's own source) or has no such paragraph."""


@with_config(_STRICT)
class Shown(TypedDict):
    """What ``show ID --json`` adds to an item as its listing prints it."""

    passages: list[Passage]
    """The item's provenance, in the same order, each reference with its passage's text;
    empty for a source, which has no provenance."""


@with_config(_STRICT)
class ShownFact(FactEntry, Shown):
    """An infobox field as ``show FIELD --json`` prints it."""


@with_config(_STRICT)
class ShownEvent(EventEntry, Shown):
    """An event as ``show ID --json`` prints it."""


@with_config(_STRICT)
class ShownEdition(Edition, Shown):
    """An edition as ``show ID --json`` prints it."""


@with_config(_STRICT)
class ShownPerson(PersonEntry, Shown):
    """A person as ``show ID --json`` prints it."""


@with_config(_STRICT)
class ShownPlace(PlaceEntry, Shown):
    """A place as ``show ID --json`` prints it."""


@with_config(_STRICT)
class ShownQuote(Quote, Shown):
    """A quotation as ``show ID --json`` prints it."""


@with_config(_STRICT)
class ShownSource(SourceEntry, Shown):
    """A source as ``show ID --json`` prints it."""


ShownRecord = (
    ShownFact | ShownEvent | ShownEdition | ShownPerson | ShownPlace | ShownQuote | ShownSource
)
"""Anything ``show ID --json`` prints: the item as its listing prints it, and its passages."""


SqlValue = str | int | float | list[Any] | None
"""One value of a row ``sql --json`` prints: SQLite's TEXT, INTEGER, REAL or NULL, a BLOB as
its hexadecimal text, and a column declared ``JSON TEXT`` (a list of the data: aliases,
search names) as its array."""

SqlRow = dict[str, SqlValue]
"""One row ``sql --json`` prints: each column of the query's result, by name, in its order."""


@with_config(_STRICT)
class CslName(TypedDict, total=False):
    """A CSL name: ``family`` and ``given`` where the split is obvious, else a ``literal``."""

    family: str
    given: str
    literal: str


CslDate = TypedDict("CslDate", {"date-parts": list[list[int]]})
"""A CSL date: the year alone, ``{"date-parts": [[1930]]}``."""
with_config(_STRICT)(CslDate)

CslItem = TypedDict(
    "CslItem",
    {
        "id": str,
        "type": Literal["book"],
        "title": str,
        "author": list[CslName],
        "issued": NotRequired[CslDate],
        "publisher": NotRequired[str],
        "publisher-place": NotRequired[str],
        "translator": NotRequired[list[CslName]],
        "language": NotRequired[str],
        "ISBN": NotRequired[str],
        "number-of-pages": NotRequired[int],
        "note": NotRequired[str],
    },
)
"""One edition as ``cite --json`` prints it, a CSL-JSON item: ``id`` the citation key, and
each variable the data has (a null one is left out)."""
with_config(_STRICT)(CslItem)
