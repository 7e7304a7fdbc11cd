"""The biography's shape and rules: the one declaration of the data.

Every shape is a ``TypedDict``. pydantic validates a user's file against it
(``loading``), mypy checks every key the code reads, and at run time an item is
the plain dict the JSON holds: the bundled file is used as read (the test suite
holds it to these rules) and a query's result is printed as JSON unchanged.

Defining a TypedDict costs microseconds where a pydantic model class costs
milliseconds, on every start. To keep it so, each field's type is a ready-made
alias (``Slug``, ``MaybeText``) and its description the string under it, which
pydantic reads from this file only when it builds a schema.

Nothing here reads files or prints. ``RULES`` holds the rules that span fields,
each with a quick verdict and, beside it, the problems with the JSON path of the
offending value.
"""

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from functools import cache, partial
from itertools import chain
from operator import itemgetter, ne
from typing import TYPE_CHECKING, Annotated, Any, Literal, NamedTuple, TypeVar, cast

from annotated_types import Ge, Le, MinLen
from pydantic import (
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    with_config,
)
from typing_extensions import TypedDict  # pydantic needs this one before Python 3.12

from .dates import DATE_PATTERN, calendar_problem, earliest, latest

if TYPE_CHECKING:
    from pydantic import TypeAdapter

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"

# Constraints as annotated_types and StringConstraints objects where they can be:
# a pydantic Field() is twice as dear to make, and these are made on every start.
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
"""A stable id: lower-case ASCII words joined by hyphens (``defection``)."""
MaybeSlug = Slug | None
Text = Annotated[str, MinLen(1)]
MaybeText = Text | None
Date = Annotated[
    str,
    StringConstraints(pattern=DATE_PATTERN),
    Field(
        description="A date known to the year, month or day: YYYY, YYYY-MM or YYYY-MM-DD.",
        examples=["1920-11", "1923-08-09", "1928"],
    ),
]
MaybeDate = Date | None
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")]
Year = Annotated[int, Ge(1900), Le(2100)]
Isbn = Annotated[str, StringConstraints(pattern=r"^(97[89]-?)?[0-9]{1,5}-?[0-9]+-?[0-9]+-?[0-9X]$")]
PageCount = Annotated[int, Ge(1)]
Score = Annotated[float, Ge(0), Le(100)]
Paragraph = Annotated[int, Ge(1)]
NULL_IF_MISSING = Field(default=None)
"""A key a data file may leave out; it is null then, and printed all the same."""
EMPTY_IF_MISSING: Any = Field(default_factory=list)
"""A list a data file may leave out; it is empty then, and printed all the same."""


LEFT_OUT = "left_out"
"""The validation context's count of keys a file left out (``NULL_IF_MISSING``,
``EMPTY_IF_MISSING``) and pydantic filled in: loading counts a file's keys to prove
it repeats none, and a filled-in key was not in the file. Passed per call
(``context={LEFT_OUT: 0}``), so no state outlives one validation."""


@cache
def optional_keys(typed: type) -> tuple[str, ...]:
    """The keys of a TypedDict that a data file may leave out: those with a default."""
    return tuple(
        name
        for name, hint in typed.__annotations__.items()
        if any(
            meta in (NULL_IF_MISSING, EMPTY_IF_MISSING)
            for meta in getattr(hint, "__metadata__", ())
        )
    )


def noting_left_out(typed: type) -> BeforeValidator:
    """Validates nothing; adds to the context's ``LEFT_OUT`` the optional keys an object lacks.

    Every TypedDict with a key a file may leave out is annotated with it where it is
    used (tests/test_files.py leaves out each such key in turn), or a left-out key
    could hide a repeated one from loading's count.
    """

    def note(value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, dict) and info.context is not None and LEFT_OUT in info.context:
            info.context[LEFT_OUT] += sum(name not in value for name in optional_keys(typed))
        return value

    return BeforeValidator(note)


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


Provenance = Annotated[list[SourceRef], MinLen(1)]
"""Where an item comes from: every passage that supports it, in the source's order."""


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
    sections: Annotated[list[Text], MinLen(1)]
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
    citizenship_inferred: Annotated[list[SourceRef], EMPTY_IF_MISSING]
    """The passages the inference rests on; empty when nothing is inferred."""


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
    citizenship: list[Text]
    """The citizenships the sources state."""
    citizenship_inferred: Annotated[list[Text], EMPTY_IF_MISSING]
    """Citizenships the sources imply (birthplace, service) but do not state: ours, not theirs."""
    positions: list[Annotated[Position, noting_left_out(Position)]]
    provenance: Annotated[FactsProvenance, noting_left_out(FactsProvenance)]


@with_config(_STRICT)
class Event(TypedDict):
    """One dated statement of the source article."""

    id: Slug
    date: Date
    end: MaybeDate
    """Null unless the event is a span."""
    title: Text
    summary: Text
    """One or two sentences in our own words."""
    category: Category
    people: list[Slug]
    """Ids in `people`."""
    places: list[Slug]
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
    aliases: list[Text]
    """Other names of the person, exactly as the sources write them."""
    search_names: Annotated[list[Text], EMPTY_IF_MISSING]
    """Other spellings that help search find them (`Lev Trotsky`): ours, not the sources'."""
    description: Text
    """One line, in our own words."""
    attribution: Annotated[MaybeText, NULL_IF_MISSING]
    """Null when the source states the description as fact; else who says so."""
    provenance: Provenance


@with_config(_STRICT)
class Place(TypedDict):
    """A place the source names."""

    id: Slug
    name: Text
    aliases: list[Text]
    """Other names of the place, exactly as the sources write them."""
    search_names: Annotated[list[Text], EMPTY_IF_MISSING]
    """Other names and spellings that help search find it (`Kyiv`): ours, not the sources'."""
    present_day: MaybeText
    """The present-day name, if given."""
    description: Text
    """One line, in our own words."""
    provenance: Provenance


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
    event: MaybeSlug
    """The id in `events` it belongs to."""
    provenance: Provenance


@with_config(_STRICT)
class Biography(TypedDict):
    """The whole data file: one person's life and works, and the sources it comes from."""

    sources: Annotated[list[Source], MinLen(1)]
    facts: Annotated[Facts, noting_left_out(Facts)]
    events: list[Event]
    editions: list[Annotated[Edition, noting_left_out(Edition)]]
    people: list[Annotated[Person, noting_left_out(Person)]]
    places: list[Annotated[Place, noting_left_out(Place)]]
    quotes: list[Quote]


# --- what the commands print besides the items themselves ---------------------------


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


ClaimKind = Literal["position", "event", "person"]
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
]
"""Every kind of record a command prints, for mypy: ``KINDS`` declares them (a test holds
the two equal), and this order is the one ``schema`` lists them in."""

SchemaName = Literal[Listing, "biography"]
"""A listing, for the schema of its ``--json``; ``fact``, for ``show FIELD --json`` of an
infobox field; ``biography``, for the data file."""

Record = (
    FactsEntry
    | FactEntry
    | Event
    | Edition
    | PersonEntry
    | PlaceEntry
    | Quote
    | SearchHit
    | SourceEntry
    | Claim
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
        Event,
        "event",
        "events",
        "title",
        "attribution",
        (
            ("title", "name"),
            ("summary", "summary"),
            ("people", "person"),
            ("places", "place"),
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
        None,
        (
            ("name", "name"),
            ("aliases", "name"),
            ("search_names", "name"),
            ("present_day", "detail"),
            ("description", "description"),
        ),
        statement="description",
    ),
    KindSpec(
        "quotes",
        Quote,
        "quote",
        "quotes",
        "text",
        None,
        (("text", "name"), ("source", "detail"), ("context", "description"), ("speaker", "person")),
        statement="text",
    ),
    KindSpec("search", SearchHit),
    KindSpec("sources", SourceEntry),
    KindSpec("fact", FactEntry, "fact", title="label", one=True),
    KindSpec("claims", Claim),
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


# --- the rules that span fields --------------------------------------------------------
#
# Each rule is declared once, as a ``Rule``: a quick verdict over a whole validated file
# (``holds``) and, beside it, where the file breaks it (``problems``). A file that is fine
# is the common case, and a big one: a verdict is a few set operations over the whole file,
# its items walked in C (``_each``), and each distinct date is checked once, a fraction of
# the cost of visiting every item with paths in hand. Only when a verdict says no is the
# rule asked where. tests/test_model.py holds each rule's two halves equal.

JsonPath = tuple[str | int, ...]
Problem = tuple[JsonPath, str]
"""Where (``("events", 3, "end")``) and what, in words that quote the value."""


_Item = TypeVar("_Item")


class Rule(NamedTuple):
    """A rule that looks beyond one field."""

    name: str
    holds: Callable[[Biography], bool]
    """Whether a validated file keeps the rule: the same as finding no problem, sooner."""
    problems: Callable[[Biography, Collection[JsonPath]], Iterator[Problem]]
    """Where the file breaks it, in file order; the parts named broken (see ``rule_problems``)
    are not checked, but their ids still count."""


def rule_problems(bio: Biography, broken: Collection[JsonPath] = ()) -> Iterator[Problem]:
    """Every broken rule, rule by rule (``loading`` puts them in file order).

    ``broken`` names the parts that failed their own field checks (an item such as
    ``("events", 3)``, an infobox field such as ``("facts", "born")``): their rules
    are not checked, since they would only repeat the field's problem, but their
    ids still count, so a reference to them is not reported as unknown. With
    nothing broken, ``bio`` has been validated; otherwise the lists and the
    infobox at least are there, as ``loading`` checks.

    One pass over each list per rule, with sets for lookups: a 100,000-event file
    must check in linear time.
    """
    for rule in RULES:
        yield from rule.problems(bio, broken)


def rules_hold(bio: Biography) -> bool:
    """Whether a validated ``bio`` breaks no rule: ``not any(rule_problems(bio))``, sooner."""
    return all(rule.holds(bio) for rule in RULES)


def _items(bio: Biography) -> Iterator[tuple[JsonPath, Item]]:
    """Every item of every list, with where it stands, in file order."""
    for spec in ITEM_KINDS:
        for index, item in enumerate(items_of(bio, spec)):
            yield (cast(str, spec.items), index), item


def _sound(
    name: str, items: Sequence[_Item], broken: Collection[JsonPath], within: JsonPath = ()
) -> Iterator[tuple[JsonPath, _Item]]:
    """Each of the list ``name``'s ``items`` (in ``within``: the infobox's positions) that
    passed its own field checks, with where it stands."""
    for index, item in enumerate(items):
        where = (*within, name, index)
        if where not in broken:
            yield where, item


def _infobox(bio: Biography, broken: Collection[JsonPath], *parts: str) -> Facts | None:
    """The infobox, when none of ``parts`` failed its own field checks."""
    return None if any(("facts", part) in broken for part in parts) else bio["facts"]


# Ids are unique across kinds, facts and sources, so that ``show ID`` names one item.


def _ids_hold(bio: Biography) -> bool:
    lists = [items_of(bio, spec) for spec in ITEM_KINDS]
    unique = set(chain.from_iterable(map(partial(_each, "id"), lists)))
    return (
        len(unique) == sum(map(len, lists))
        and unique.isdisjoint(FACT_IDS)
        and unique.isdisjoint(_each("id", bio["sources"]))
    )


def _id_problems(bio: Biography, broken: Collection[JsonPath]) -> Iterator[Problem]:
    owner: dict[str, JsonPath] = dict.fromkeys(FACT_IDS, ("facts",))
    for index, source in enumerate(bio["sources"]):  # a broken one's id still counts
        if isinstance(source, dict) and isinstance(source.get("id"), str):
            owner.setdefault(source["id"], ("sources", index))
    for where, item in _items(bio):
        yield from _unique_id(owner, where, item, where in broken)


# A source is declared once.


def _source_ids_hold(bio: Biography) -> bool:
    return len(set(_each("id", bio["sources"]))) == len(bio["sources"])


def _source_id_problems(bio: Biography, broken: Collection[JsonPath]) -> Iterator[Problem]:
    seen: set[str] = set()
    for index, source in enumerate(bio["sources"]):
        if ("sources", index) not in broken and source["id"] in seen:
            yield ("sources", index, "id"), f"duplicate source id {source['id']!r}"
        if isinstance(source, dict) and isinstance(source.get("id"), str):
            seen.add(source["id"])


# Every passage cited is a section its source declares.


def _citations_hold(bio: Biography) -> bool:
    sections = {source["id"]: frozenset(source["sections"]) for source in bio["sources"]}
    facts = bio["facts"]
    provenances = chain(
        *(_each("provenance", items_of(bio, spec)) for spec in ITEM_KINDS),
        _each("provenance", facts["positions"]),
        cast("Mapping[str, list[SourceRef]]", facts["provenance"]).values(),
    )
    cited = set(map(itemgetter("source", "section"), chain.from_iterable(provenances)))
    return all(section in sections.get(source, ()) for source, section in cited)


def _citation_problems(bio: Biography, broken: Collection[JsonPath]) -> Iterator[Problem]:
    sections: dict[str, set[str] | None] = {}  # None: a broken source, whose sections are unknown
    for index, source in enumerate(bio["sources"]):
        if ("sources", index) not in broken:
            sections[source["id"]] = set(source["sections"])
        elif isinstance(source, dict) and isinstance(source.get("id"), str):
            sections[source["id"]] = None

    def cited(where: JsonPath, provenance: list[SourceRef]) -> Iterator[Problem]:
        for at, ref in enumerate(provenance):
            known = sections.get(ref["source"], set())
            if ref["source"] not in sections:
                yield (*where, at, "source"), f"unknown source {ref['source']!r}"
            elif known is not None and ref["section"] not in known:
                yield (
                    (*where, at, "section"),
                    f"{ref['source']} has no section {ref['section']!r}",
                )

    facts = _infobox(bio, broken, "provenance")
    if facts is not None:
        # Every value of FactsProvenance is a Provenance.
        by_field = cast("Mapping[str, list[SourceRef]]", facts["provenance"])
        for field, provenance in by_field.items():
            yield from cited(("facts", "provenance", field), provenance)
    facts = _infobox(bio, broken, "positions")
    if facts is not None:
        for where, position in _sound("positions", facts["positions"], broken, ("facts",)):
            yield from cited((*where, "provenance"), position["provenance"])
    for spec in ITEM_KINDS:
        for where, item in _sound(cast(str, spec.items), items_of(bio, spec), broken):
            yield from cited((*where, "provenance"), item["provenance"])


# An event's section is that of its first passage.


def _sections_hold(bio: Biography) -> bool:
    events = bio["events"]
    first_passages = map(itemgetter(0), _each("provenance", events))
    return not any(map(ne, _each("section", events), _each("section", first_passages)))


def _section_problems(bio: Biography, broken: Collection[JsonPath]) -> Iterator[Problem]:
    for where, event in _sound("events", bio["events"], broken):
        first = event["provenance"][0]["section"]
        if event["section"] != first:
            yield (
                (*where, "section"),
                f"{event['section']!r} is not the first provenance's {first!r}",
            )


# Every id an item names is one of an item of that kind.


def _references_hold(bio: Biography) -> bool:
    facts, events, quotes = bio["facts"], bio["events"], bio["quotes"]
    named_people = set(
        chain(chain.from_iterable(_each("people", events)), _each("speaker", quotes))
    )
    named_places = set(chain.from_iterable(_each("places", events)))
    named_places.update(facts[moment]["place_id"] for moment in ("born", "died"))
    named_events = set(_each("event", quotes))
    # What is named is few; the items may be many: strike the known off what is named.
    for named, items in ((named_people, bio["people"]), (named_places, bio["places"])):
        named.difference_update(_each("id", items))
    named_events.difference_update(_each("id", events))
    return named_people <= {None} and named_places <= {None} and named_events <= {None}


def _reference_problems(bio: Biography, broken: Collection[JsonPath]) -> Iterator[Problem]:
    people, places, events = _ids(bio["people"]), _ids(bio["places"]), _ids(bio["events"])
    for moment in ("born", "died"):
        facts = _infobox(bio, broken, moment)
        place_id = facts[moment]["place_id"] if facts is not None else None
        if place_id is not None and place_id not in places:
            yield ("facts", moment, "place_id"), f"unknown place id {place_id!r}"
    for where, event in _sound("events", bio["events"], broken):
        for at, person_id in enumerate(event["people"]):
            if person_id not in people:
                yield (*where, "people", at), f"unknown person id {person_id!r}"
        for at, place_id in enumerate(event["places"]):
            if place_id not in places:
                yield (*where, "places", at), f"unknown place id {place_id!r}"
    for where, quote in _sound("quotes", bio["quotes"], broken):
        speaker, event_id = quote["speaker"], quote["event"]
        if speaker is not None and speaker not in people:
            yield (*where, "speaker"), f"unknown person id {speaker!r}"
        if event_id is not None and event_id not in events:
            yield (*where, "event"), f"unknown event id {event_id!r}"


# Dates are days the calendar has (a pattern cannot know February's length), and nothing
# ends before it begins: no span, and no life.


def _dates_hold(bio: Biography) -> bool:
    facts, events = bio["facts"], bio["events"]
    spans: set[tuple[str | None, str | None]] = set(map(itemgetter("date", "end"), events))
    spans.update(map(itemgetter("start", "end"), facts["positions"]))
    spans.add((facts["born"]["date"], facts["died"]["date"]))
    dates = set(chain.from_iterable(spans))
    dates.update(_each("date", bio["quotes"]))
    return not any(calendar_problem(date) for date in dates if date is not None) and not any(
        _ends_before(end, start) for start, end in spans
    )


def _date_problems(bio: Biography, broken: Collection[JsonPath]) -> Iterator[Problem]:
    for moment in ("born", "died"):
        facts = _infobox(bio, broken, moment)
        if facts is not None:
            yield from _calendar(("facts", moment, "date"), facts[moment]["date"])
    facts = _infobox(bio, broken, "born", "died")
    if facts is not None:
        born, died = facts["born"]["date"], facts["died"]["date"]
        if _ends_before(died, born):
            yield ("facts", "died", "date"), f"death ({died}) is before birth ({born})"
    facts = _infobox(bio, broken, "positions")
    if facts is not None:
        for where, position in _sound("positions", facts["positions"], broken, ("facts",)):
            yield from _span(where, "start", position["start"], position["end"])
    for where, event in _sound("events", bio["events"], broken):
        yield from _span(where, "date", event["date"], event["end"])
    for where, quote in _sound("quotes", bio["quotes"], broken):
        yield from _calendar((*where, "date"), quote["date"])


RULES: tuple[Rule, ...] = (
    Rule("ids are unique", _ids_hold, _id_problems),
    Rule("sources are declared once", _source_ids_hold, _source_id_problems),
    Rule("dates are real and in order", _dates_hold, _date_problems),
    Rule("an event's section is its first passage's", _sections_hold, _section_problems),
    Rule("passages cite declared sections", _citations_hold, _citation_problems),
    Rule("references name known items", _references_hold, _reference_problems),
)
"""Every rule that spans fields, in the order each item's problems are listed."""


def _each(key: str, items: Iterable[Mapping[str, Any]]) -> Iterator[Any]:
    """``item[key]`` of every item, iterated in C: 100,000 items in a few milliseconds."""
    return map(itemgetter(key), items)


def _ids(items: Sequence[Event | Person | Place]) -> set[str]:
    # Broken items may lack an id, or not be objects at all.
    return {item["id"] for item in items if isinstance(item, dict) and "id" in item}


def _unique_id(
    owner: dict[str, JsonPath],
    where: JsonPath,
    item: Event | Edition | Person | Place | Quote,
    broken: bool,
) -> Iterator[Problem]:
    """Ids are unique across kinds and facts, so that ``show ID`` names one item.

    A broken item's id is taken, so a later item that repeats it is reported,
    but nothing is said of the broken item itself.
    """
    item_id = item.get("id") if isinstance(item, dict) else None
    if not isinstance(item_id, str):
        return
    first = owner.setdefault(item_id, where)
    if first == where or broken:
        return
    if first == ("facts",):
        yield (*where, "id"), f"id {item_id!r} is the name of an infobox field"
    elif first[0] == where[0]:
        yield (*where, "id"), f"duplicate id {item_id!r} (first used at {json_path(first)})"
    else:
        yield (*where, "id"), f"id {item_id!r} is already used by {json_path(first)}"


def _span(where: JsonPath, start_key: str, start: str | None, end: str | None) -> Iterator[Problem]:
    yield from _calendar((*where, start_key), start)
    yield from _calendar((*where, "end"), end)
    if _ends_before(end, start):
        yield (*where, "end"), f"end ({end}) is before {start_key} ({start})"


def _calendar(where: JsonPath, date: str | None) -> Iterator[Problem]:
    problem = None if date is None else calendar_problem(date)
    if problem is not None:
        yield where, problem


def _ends_before(later: str | None, earlier: str | None) -> bool:
    """Whether ``later`` surely ends before ``earlier`` begins; False if either is no date."""
    if later is None or earlier is None:
        return False
    if calendar_problem(later) or calendar_problem(earlier):
        return False  # reported on its own
    return latest(later) < earliest(earlier)


def json_path(where: JsonPath) -> str:
    """``("events", 3, "date")`` -> ``events[3].date``; the root is ``$``."""
    path = ""
    for part in where:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else part
    return path or "$"
