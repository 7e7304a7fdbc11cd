"""The biography's shape and rules: the one declaration of the data.

Every shape is a ``TypedDict``. pydantic validates a user's file against it
(``loading``), mypy checks every key the code reads, and at run time an item is
the plain dict the JSON holds: the bundled file is used as read (the test suite
holds it to these rules) and a query's result is printed as JSON unchanged.

Defining a TypedDict costs microseconds where a pydantic model class costs
milliseconds, on every start. To keep it so, each field's type is a ready-made
alias (``Slug``, ``MaybeText``) and its description the string under it, which
pydantic reads from this file only when it builds a schema.

Nothing here reads files or prints. The rules that span fields are ``rules.RULES``.
"""

from typing import Annotated, Any, Literal

from annotated_types import Ge, Le, MaxLen, MinLen
from pydantic import (
    ConfigDict,
    FailFast,
    Field,
    Strict,
    StringConstraints,
    with_config,
)
from typing_extensions import TypedDict  # pydantic needs this one before Python 3.12

from .dates import DATE_PATTERN

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"

# The bounds of a data file's values, checked as it is validated (the file's own size is
# loading.DATA_LIMIT); the JSON Schema states them too (maxLength, maxItems, maximum).
TEXT_LIMIT = 10_000
"""The longest text a data file may hold, in characters (the longest bundled one has 565)."""
LIST_LIMIT = 1_000_000
"""The most items a list of the file (events, people, ..., positions) may hold."""
NESTED_LIMIT = 1_000
"""The most entries a list inside an item (provenance, aliases, people) may hold."""
INT64_MAX = (1 << 63) - 1
"""The largest whole number a data file may hold: a 64-bit integer, as SQLite stores it."""
FAIL_FAST, MANY = FailFast(), MaxLen(LIST_LIMIT)
"""A list of items is bounded, and its validation stops at the first bad item, so a file of
a million broken items costs one item's problems (``loading`` then lists the others, item
by item, up to its own bound)."""

# Constraints as annotated_types and StringConstraints objects where they can be:
# a pydantic Field() is twice as dear to make, and these are made on every start.
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
"""A stable id: lower-case ASCII words joined by hyphens (``defection``)."""
MaybeSlug = Slug | None
Text = Annotated[str, MinLen(1), MaxLen(TEXT_LIMIT)]
MaybeText = Text | None
Date = Annotated[
    str,
    StringConstraints(pattern=DATE_PATTERN),
    Field(
        description=(
            "A date known to the year, month or day: YYYY, YYYY-MM or YYYY-MM-DD;"
            " with a trailing ~ (EDTF, ISO 8601-2) when approximate."
        ),
        examples=["1920-11", "1923-08-09", "1928", "1939-11~"],
    ),
]
MaybeDate = Date | None
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
# Whole numbers are strict: JSON's true, "12" and 3.0 are not numbers of pages.
Year = Annotated[int, Strict(), Ge(1900), Le(2100)]
Isbn = Annotated[str, StringConstraints(pattern=r"^(97[89]-?)?[0-9]{1,5}-?[0-9]+-?[0-9]+-?[0-9X]$")]
PageCount = Annotated[int, Strict(), Ge(1), Le(INT64_MAX)]
Score = Annotated[float, Ge(0), Le(100)]
Paragraph = Annotated[int, Strict(), Ge(1), Le(INT64_MAX)]
NULL_IF_MISSING = Field(default=None)
"""A key a data file may leave out; it is null then, and printed all the same."""
EMPTY_IF_MISSING: Any = Field(default_factory=list)
"""A list a data file may leave out; it is empty then, and printed all the same."""


Category = Literal[
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
]
"""The closed set of event categories; ``--category`` accepts exactly these."""

CATEGORY_LETTERS: dict[Category, str] = {
    "life": "L",
    "education": "E",
    "party": "P",
    "secretariat": "S",
    "defection": "D",
    "assassination-attempt": "A",
    "war": "W",
    "publication": "B",  # B for books: P is the party
    "historiography": "H",
    "context": "C",
}
"""The letter each timeline, in the terminal and drawn, marks a category with where colour
cannot; in the order their legends list the categories."""

Kind = Literal["fact", "person", "place", "event", "edition", "quote"]
"""Every kind of item, in the order that breaks ties between equal search scores."""

ShownKind = Literal[Kind, "source"]
"""What ``show`` finds by id: any kind of item, or a source the data declares."""

# A typo in a data file ("tittle") must fail loudly, not vanish. Every key is
# always printed, so the published output schemas mark them all required.
_STRICT = ConfigDict(extra="forbid", json_schema_serialization_defaults_required=True)


@with_config(_STRICT)
class SourceRef(TypedDict):
    """One passage of a source document that supports an item."""

    source: Slug
    """The id of the source in `sources` (`article`, `editions`)."""
    section: Text
    """The section's heading, as the source's `sections` lists it."""
    paragraph: Paragraph
    """1-based, counting the section's paragraphs and list items as they stand."""


Provenance = Annotated[list[SourceRef], MinLen(1), MaxLen(NESTED_LIMIT)]
"""Where an item comes from: every passage that supports it, in the source's order."""


@with_config(_STRICT)
class OurName(TypedDict):
    """A name no source writes, which we add: ours, and it says where it comes from."""

    name: Text
    origin: Text
    """What the name is and where it comes from (`present-day Ukrainian name`,
    `inferred: born in the Russian Empire`); no provenance covers it."""


OurNames = Annotated[list[OurName], MaxLen(NESTED_LIMIT), EMPTY_IF_MISSING]


@with_config(_STRICT)
class Source(TypedDict):
    """A document the data is derived from, with its licence."""

    id: Slug
    title: Text
    publisher: MaybeText
    url: MaybeText
    licence: Text
    """The licence's name (`CC BY-SA 4.0`)."""
    licence_url: MaybeText
    supplies: Text
    """What the data takes from it, in a sentence."""
    sections: Annotated[list[Text], MinLen(1), MaxLen(NESTED_LIMIT)]
    """Its sections in order; every provenance names one of them."""


@with_config(_STRICT)
class LifeMoment(TypedDict):
    """Where and when a life began or ended."""

    date: MaybeDate
    place: MaybeText
    """The place as the source names it."""
    place_id: MaybeSlug
    """The id of the place in `places`."""


@with_config(_STRICT)
class Position(TypedDict):
    """A role or position held, with its span where the source gives one."""

    title: Text
    start: MaybeDate
    end: MaybeDate
    attribution: Annotated[MaybeText, NULL_IF_MISSING]
    """Null when the source states it as fact; else who says so."""
    provenance: Provenance


@with_config(_STRICT)
class FactsProvenance(TypedDict):
    """Where each field of the infobox comes from (each position has its own)."""

    full_name: Provenance
    native_name: Provenance
    description: Provenance
    born: Provenance
    died: Provenance
    resting_place: Provenance
    citizenship: Provenance
    citizenship_inferred: Annotated[list[SourceRef], MaxLen(NESTED_LIMIT), EMPTY_IF_MISSING]
    """The passages the inference rests on (not the inference: that is ours); empty when
    nothing is inferred."""


@with_config(_STRICT)
class Facts(TypedDict):
    """The infobox: who he was, in a few fields."""

    full_name: Text
    native_name: Text
    """The name in Cyrillic, as the source has it."""
    description: Text
    born: LifeMoment
    died: LifeMoment
    resting_place: MaybeText
    citizenship: Annotated[list[Text], MaxLen(NESTED_LIMIT)]
    """The citizenships the sources state."""
    citizenship_inferred: OurNames
    """Citizenships the sources imply (birthplace, service) but do not state: ours, not
    theirs, each with the inference it rests on as its `origin`."""
    positions: Annotated[list[Position], FAIL_FAST, MANY]
    provenance: FactsProvenance


@with_config(_STRICT)
class Event(TypedDict):
    """One dated statement of the source article."""

    id: Slug
    date: Date
    end: MaybeDate
    """Null unless the event is a span."""
    date_origin: Annotated[MaybeText, NULL_IF_MISSING]
    """Null when the sources give the date; else how we dated it (ours): a date the source
    gives only by a well-known event is that event's, approximate (`1939-11~`)."""
    title: Text
    summary: Text
    """One or two sentences in our own words."""
    category: Category
    people: Annotated[list[Slug], MaxLen(NESTED_LIMIT)]
    """Ids in `people`."""
    places: Annotated[list[Slug], MaxLen(NESTED_LIMIT)]
    """Ids in `places`."""
    section: Text
    """The section it comes from first: `provenance[0].section`."""
    attribution: MaybeText
    """Null when the source states it as fact; else who says so."""
    provenance: Provenance


@with_config(_STRICT)
class Edition(TypedDict):
    """One edition of Bazhanov's works, as the source article lists it."""

    id: Slug
    title: Text
    """The title exactly as the article lists it."""
    language: LanguageCode | None
    """ISO 639-1 code; null when not established."""
    credited_as: Text
    """The author's name as printed."""
    year: Year | None
    publisher: MaybeText
    place: MaybeText
    translator: MaybeText
    note: MaybeText
    isbn: Annotated[Isbn | None, NULL_IF_MISSING]
    """ISBN as printed, where it is established."""
    pages: Annotated[PageCount | None, NULL_IF_MISSING]
    """Number of pages, where it is established."""
    provenance: Provenance


@with_config(_STRICT)
class Person(TypedDict):
    """Someone the source names."""

    id: Slug
    name: Text
    aliases: Annotated[list[Text], MaxLen(NESTED_LIMIT)]
    """Other names of the person, exactly as the sources write them."""
    search_names: OurNames
    """Other spellings that help search find them (`Lev Trotsky`): ours, not the sources',
    each with its `origin`."""
    description: Text
    """One line, in our own words."""
    attribution: Annotated[MaybeText, NULL_IF_MISSING]
    """Null when the source states the description as fact; else who says so."""
    provenance: Provenance


Latitude = Annotated[float, Strict(), Ge(-90), Le(90)]
Longitude = Annotated[float, Strict(), Ge(-180), Le(180)]
"""Degrees as JSON numbers (a whole number too), never text: "48.4" is not a latitude."""
GeoNamesId = Annotated[int, Strict(), Ge(1), Le(INT64_MAX)]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]

Feature = Literal["city", "district", "region", "country", "border", "landmark", "island"]
"""What a place's point stands for: a city, a district of one, or an area (a region, a
country, present or former, a border), a landmark or an island that one point marks."""

PointMethod = Literal["own", "capital", "seat", "within", "near"]
"""How a GeoNames record's point stands for the place: the place is that record (`own`), its
capital (`capital`), its administrative seat (`seat`), a place inside it (`within`) or a town
on it (`near`, for a border)."""


@with_config(_STRICT)
class Location(TypedDict):
    """Where a place is on a map: a point (WGS 84) from a gazetteer, not from the article."""

    latitude: Latitude
    """Decimal degrees north (negative: south), WGS 84."""
    longitude: Longitude
    """Decimal degrees east (negative: west), WGS 84."""
    geonames_id: GeoNamesId | None
    """The GeoNames record that is the place (a city's, a country's); null where none is."""
    feature: Feature
    """What the point stands for: a city, a district, or an area or site one point marks."""
    name: Text
    """The present-day name (GeoNames' where `geonames_id` is given)."""
    country: MaybeText
    """The present-day country, or null (a former state, an area across countries)."""
    country_code: Annotated[CountryCode | None, NULL_IF_MISSING]
    """The present-day country's ISO 3166-1 alpha-2 code (`UA`), or null as `country` is."""
    source: Slug
    """The id in `sources` of the gazetteer the point comes from (`geonames`)."""
    point: Annotated[PointMethod | None, NULL_IF_MISSING]
    """How the point stands for the place, or null where it is the user's own."""
    point_geonames_id: Annotated[GeoNamesId | None, NULL_IF_MISSING]
    """The GeoNames record whose coordinates these are."""
    note: Annotated[MaybeText, NULL_IF_MISSING]
    """One line: why this record, or what the point is."""


@with_config(_STRICT)
class Place(TypedDict):
    """A place the source names."""

    id: Slug
    name: Text
    aliases: Annotated[list[Text], MaxLen(NESTED_LIMIT)]
    """Other names of the place, exactly as the sources write them."""
    search_names: OurNames
    """Other names and spellings that help search find it (`Kyiv`): ours, not the sources',
    each with its `origin`."""
    present_day: MaybeText
    """The present-day name, if the sources give it."""
    description: Text
    """One line, in our own words."""
    attribution: Annotated[MaybeText, NULL_IF_MISSING]
    """Null when the source states the description as fact; else who says so."""
    provenance: Provenance
    location: Annotated[Location | None, NULL_IF_MISSING]
    """Where it is on a map, from a gazetteer; null where no point is given."""


@with_config(_STRICT)
class Quote(TypedDict):
    """A short, exact quotation from the source article, attributed."""

    id: Slug
    text: Text
    """Exact words as the article quotes them."""
    speaker: MaybeSlug
    """The id in `people` of who said it."""
    source: Text
    """Who said it, or where, as the article has it."""
    date: MaybeDate
    context: Text
    """Our own words: when, where and why it was said."""
    attribution: Annotated[MaybeText, NULL_IF_MISSING]
    """Null when the source gives the words as said; else on whose word they rest
    (`according to Bazhanov's notes`), as the source frames them."""
    event: MaybeSlug
    """The id in `events` it belongs to."""
    provenance: Provenance


@with_config(_STRICT)
class Biography(TypedDict):
    """The whole data file: one person's life and works, and the sources it comes from."""

    sources: Annotated[list[Source], MinLen(1), FAIL_FAST, MANY]
    facts: Facts
    events: Annotated[list[Event], FAIL_FAST, MANY]
    editions: Annotated[list[Edition], FAIL_FAST, MANY]
    people: Annotated[list[Person], FAIL_FAST, MANY]
    places: Annotated[list[Place], FAIL_FAST, MANY]
    quotes: Annotated[list[Quote], FAIL_FAST, MANY]


def names_of(entity: Person | Place) -> list[str]:
    """Every name of a person or place: its name, its aliases (the sources') and its search
    names (ours), in that order."""
    return [entity["name"], *entity["aliases"], *(our["name"] for our in entity["search_names"])]
