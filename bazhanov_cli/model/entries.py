"""What the commands print besides the items themselves: each a ``TypedDict`` built on
the items' shapes (``items``), validated only when a schema is made."""

from typing import Literal

from pydantic import with_config
from typing_extensions import NotRequired, TypedDict  # pydantic needs these before 3.12

from .items import (
    _STRICT,
    Facts,
    Kind,
    LifeMoment,
    Person,
    Place,
    Position,
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


FactValue = str | int | list[str] | LifeMoment | list[Position] | None
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


ClaimKind = Literal["position", "event", "person", "quote"]
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


SqlValue = str | int | float | None
"""One value of a row ``sql --json`` prints: SQLite's TEXT, INTEGER, REAL or NULL, and a
BLOB as its hexadecimal text."""

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
