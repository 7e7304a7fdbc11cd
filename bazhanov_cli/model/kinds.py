"""The table of kinds: every kind of record a command prints, and where the data holds it.

Listings, schema names, record types, ``show``'s lookup and the search index are all
derived from ``KINDS``: a kind is added here, once."""

from collections.abc import Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, cast

from .entries import (
    AtEntry,
    Claim,
    EventEntry,
    FactEntry,
    FactsEntry,
    Passage,
    PersonEntry,
    PlaceEntry,
    SearchHit,
    ShownRecord,
    SourceEntry,
    StopEntry,
)
from .items import Biography, Edition, Event, Kind, Person, Place, Quote

if TYPE_CHECKING:
    from pydantic import TypeAdapter

Listing = Literal[
    "facts",
    "events",
    "editions",
    "people",
    "places",
    "quotes",
    "search",
    "sources",
    "fact",
    "claims",
    "at",
    "map",
    "passages",
]
"""Every kind of record a command prints, for mypy: ``KINDS`` declares them (a test holds
the two equal), and this order is the one ``schema`` lists them in."""

SchemaName = Literal[Listing, "show", "sql", "validate", "cite", "biography"]
"""A listing, for the schema of its ``--json``; ``fact``, for ``show FIELD --json`` of an
infobox field; ``passages``, for ``sources ID --json``; ``show``, for ``show ID --json`` of
any item, with its passages; ``sql``, ``validate`` and ``cite``, for theirs; ``biography``,
for the data file."""

Record = (
    FactsEntry
    | FactEntry
    | Event
    | EventEntry
    | Edition
    | PersonEntry
    | PlaceEntry
    | Quote
    | SearchHit
    | SourceEntry
    | Claim
    | AtEntry
    | StopEntry
    | Passage
    | ShownRecord
)
"""One printed item of any listing; a renderer that needs its kind knows it."""

Item = Event | Edition | Person | Place | Quote
"""One item of a list in the data file: each has an ``id`` and a ``provenance``."""

SearchRole = Literal["name", "detail", "summary", "description", "person", "place"]
"""What a searched field is to a reader: a name or title, a detail (a publisher), a summary,
a description; or a reference, by id, to a person or a place, found by their names."""


class KindSpec(NamedTuple):
    """One kind of record a command prints and, for a kind of item, where the data holds it."""

    listing: Listing
    """The command that lists it, the schema of what it prints, what ``--fields`` names."""
    record: Any
    """The TypedDict of each record printed: its keys are the fields, in output order."""
    kind: Kind | None = None
    """What ``show`` and ``search`` call one item of it; None for a listing of no items."""
    items: str | None = None
    """The key of ``Biography`` whose list holds the items; None for the infobox's fields."""
    title: str | None = None
    """The field people know an item by."""
    attribution: str | None = None
    """The field that says who says so, for a kind the source may attribute."""
    searched: tuple[tuple[str, SearchRole], ...] = ()
    """The fields ``search`` reads, in the order it prefers them on equal scores."""
    one: bool = False
    """The command prints one record, not a list of them."""
    statement: str | None = None
    """The field that says what an item states (``claims`` shows it beside who says so)."""


KINDS: tuple[KindSpec, ...] = (
    KindSpec("facts", FactsEntry, one=True),
    KindSpec(
        "events",
        EventEntry,
        "event",
        "events",
        "title",
        "attribution",
        (
            ("title", "name"),
            ("summary", "summary"),
            ("people", "person"),
            ("places", "place"),
            ("category", "summary"),
            ("attribution", "detail"),
        ),
        statement="summary",
    ),
    KindSpec(
        "editions",
        Edition,
        "edition",
        "editions",
        "title",
        None,
        (
            ("title", "name"),
            ("credited_as", "name"),
            ("translator", "detail"),
            ("publisher", "detail"),
            ("place", "detail"),
            ("note", "description"),
        ),
    ),
    KindSpec(
        "people",
        PersonEntry,
        "person",
        "people",
        "name",
        "attribution",
        (
            ("name", "name"),
            ("aliases", "name"),
            ("search_names", "name"),
            ("description", "description"),
            ("attribution", "detail"),
        ),
        statement="description",
    ),
    KindSpec(
        "places",
        PlaceEntry,
        "place",
        "places",
        "name",
        "attribution",
        (
            ("name", "name"),
            ("aliases", "name"),
            ("search_names", "name"),
            ("present_day", "detail"),
            ("description", "description"),
            ("attribution", "detail"),
        ),
        statement="description",
    ),
    KindSpec(
        "quotes",
        Quote,
        "quote",
        "quotes",
        "text",
        "attribution",
        (
            ("text", "name"),
            ("source", "detail"),
            ("context", "description"),
            ("speaker", "person"),
            ("attribution", "detail"),
        ),
        statement="text",
    ),
    KindSpec("search", SearchHit),
    KindSpec("sources", SourceEntry),
    KindSpec("fact", FactEntry, "fact", title="label", one=True),
    KindSpec("claims", Claim),
    KindSpec("at", AtEntry, one=True),
    KindSpec("map", StopEntry),
    KindSpec("passages", Passage),
)
"""The one declaration of the kinds: the listings, the schemas, the record types, what
``show`` looks up and what ``search`` indexes are all read from it."""

LISTINGS: dict[Listing, KindSpec] = {spec.listing: spec for spec in KINDS}
"""Each listing's row of ``KINDS``."""

KIND_SPECS: dict[Kind, KindSpec] = {spec.kind: spec for spec in KINDS if spec.kind is not None}
"""Each kind of item's row of ``KINDS``."""

ITEM_KINDS: tuple[KindSpec, ...] = tuple(spec for spec in KINDS if spec.items is not None)
"""The kinds whose items are lists in the data file, in the order ``KINDS`` lists them."""


def items_of(bio: Biography, spec: KindSpec) -> Sequence[Item]:
    """The items of ``spec``'s kind in ``bio``, as the file lists them; none for the infobox."""
    if spec.items is None:
        return ()
    # KINDS names only keys of Biography whose values are lists of an Item type.
    return cast("Mapping[str, Sequence[Item]]", bio)[spec.items]


def fields_of(listing: Listing) -> list[str]:
    """The keys of a listing's records, in output order (no validator is built)."""
    return list(LISTINGS[listing].record.__annotations__)


FACT_IDS: tuple[str, ...] = tuple(
    name for name in FactsEntry.__annotations__ if name != "provenance"
)
"""Each infobox field is an item too (``show born``), so no other item may take its name."""


def fact_label(name: str) -> str:
    """How people read an infobox field's name: ``resting_place`` -> ``Resting place``."""
    return name.replace("_", " ").capitalize()


@cache
def biography_adapter() -> "TypeAdapter[Biography]":
    """The validator of a whole data file, built on first use (tens of milliseconds)."""
    from pydantic import TypeAdapter

    return TypeAdapter(Biography)
