"""The biography as pydantic models, and the rules a valid data file obeys.

Nothing here reads files or prints: loading lives in ``loading.py``, queries in
``queries.py``. Every rule that spans fields reports the JSON path of the
offending value, so ``validate`` and ``--data`` can point at it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    computed_field,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from .dates import PartialDate, age_between

Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
"""A stable id: lower-case ASCII words joined by hyphens (``defection``)."""

Text = Annotated[str, Field(min_length=1)]

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


class _Strict(BaseModel):
    # A typo in the data file ("tittle") must fail loudly, not vanish. Every key
    # is always printed, so the published schema marks them all required.
    model_config = ConfigDict(
        extra="forbid", frozen=True, json_schema_serialization_defaults_required=True
    )


class LifeMoment(_Strict):
    """Where and when a life began or ended."""

    date: PartialDate | None
    place: Text | None = Field(description="The place as the source names it, for display.")
    place_id: Slug | None = Field(description="The id of the place in `places`.")


class Position(_Strict):
    """A role or position held, with its span where the source gives one."""

    title: Text
    start: PartialDate | None
    end: PartialDate | None
    attribution: Text | None = None


class Facts(_Strict):
    """The infobox: who he was, in a few fields."""

    full_name: Text
    native_name: Text = Field(description="The name in Cyrillic, as the source writes it.")
    description: Text
    born: LifeMoment
    died: LifeMoment
    resting_place: Text | None
    citizenship: list[Text]
    positions: list[Position]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def age_at_death(self) -> int | None:
        """Whole years lived, or null when partial dates leave it open."""
        return age_between(self.born.date, self.died.date)


class Event(_Strict):
    """One dated statement of the source article."""

    id: Slug
    date: PartialDate
    end: PartialDate | None = Field(description="Null unless the event is a span.")
    title: Text
    summary: Text = Field(description="One or two sentences in our own words.")
    category: Category
    people: list[Slug] = Field(description="Ids in `people`.")
    places: list[Slug] = Field(description="Ids in `places`.")
    section: Text = Field(description="The heading of the source article's section.")
    attribution: Text | None = Field(
        description="Null when the source states it as fact; otherwise who says so or how sure."
    )


class Edition(_Strict):
    """One edition of Bazhanov's works, as the source article lists it."""

    id: Slug
    title: Text = Field(description="The title exactly as the article lists it.")
    language: Annotated[str, Field(pattern=r"^[a-z]{2}$")] | None = Field(
        description="ISO 639-1 code; null when not established."
    )
    credited_as: Text = Field(description="The author's name as printed.")
    year: Annotated[int, Field(ge=1900, le=2100)] | None
    publisher: Text | None
    place: Text | None
    translator: Text | None
    note: Text | None
    isbn: Annotated[str, Field(pattern=r"^(97[89]-?)?\d{1,5}-?\d+-?\d+-?[\dX]$")] | None = Field(
        default=None, description="ISBN as printed, where editions.md establishes one."
    )
    pages: Annotated[int, Field(ge=1)] | None = Field(
        default=None, description="Number of pages, where editions.md establishes it."
    )


class Person(_Strict):
    id: Slug
    name: Text
    aliases: list[Text]
    description: Text = Field(description="One line, in our own words.")


class Place(_Strict):
    id: Slug
    name: Text
    aliases: list[Text]
    present_day: Text | None = Field(description="The present-day name or location, if given.")
    description: Text = Field(description="One line, in our own words.")


class Quote(_Strict):
    """A short, exact quotation from the source article, attributed."""

    id: Slug
    text: Text = Field(description="Exact words as the article quotes them.")
    speaker: Slug | None = Field(description="The id in `people` of who said or wrote it.")
    source: Text = Field(description="Who said it, or in what document, as the article has it.")
    date: PartialDate | None
    context: Text = Field(description="Our own words: when, where and why it was said.")
    event: Slug | None = Field(description="The id in `events` it belongs to.")


class Biography(_Strict):
    """The whole data file: one person's life and works."""

    facts: Facts
    events: list[Event]
    editions: list[Edition]
    people: list[Person]
    places: list[Place]
    quotes: list[Quote]

    @model_validator(mode="after")
    def _check_cross_references(self) -> Biography:
        problems = list(_cross_field_problems(self))
        if problems:
            raise ValidationError.from_exception_data(type(self).__name__, problems)
        return self


def _problem(loc: tuple[str | int, ...], value: object, message: str) -> InitErrorDetails:
    # The message is a template: escape braces a value might bring along.
    template = message.replace("{", "{{").replace("}", "}}")
    return InitErrorDetails(
        type=PydanticCustomError("biography_rule", template), loc=loc, input=value
    )


def _unique_ids(
    name: str, items: Iterable[Event | Edition | Person | Place | Quote]
) -> Iterator[InitErrorDetails]:
    first_seen: dict[str, int] = {}
    for index, item in enumerate(items):
        if item.id in first_seen:
            yield _problem(
                (name, index, "id"),
                item.id,
                f"duplicate id {item.id!r} (first used at {name}[{first_seen[item.id]}])",
            )
        else:
            first_seen[item.id] = index


def _cross_field_problems(bio: Biography) -> Iterator[InitErrorDetails]:
    """Every rule that looks at more than one field, each problem with its path.

    One pass over each list, with sets for lookups: a 100,000-event file
    must validate in linear time.
    """
    # Ids are unique within each list and across lists: `show ID` names one item.
    owner: dict[str, str] = {}
    for name in ("events", "editions", "people", "places", "quotes"):
        yield from _unique_ids(name, getattr(bio, name))
        for index, item in enumerate(getattr(bio, name)):
            first = owner.setdefault(item.id, f"{name}[{index}]")
            if not first.startswith(f"{name}["):
                yield _problem(
                    (name, index, "id"), item.id, f"id {item.id!r} is already used by {first}"
                )

    people = {person.id for person in bio.people}
    places = {place.id for place in bio.places}
    events = {event.id for event in bio.events}

    born, died = bio.facts.born.date, bio.facts.died.date
    if born is not None and died is not None and died.latest() < born.earliest():
        yield _problem(
            ("facts", "died", "date"), str(died), f"death ({died}) is before birth ({born})"
        )
    for moment in ("born", "died"):
        place_id = getattr(bio.facts, moment).place_id
        if place_id is not None and place_id not in places:
            yield _problem(
                ("facts", moment, "place_id"), place_id, f"unknown place id {place_id!r}"
            )
    for index, position in enumerate(bio.facts.positions):
        if position.start and position.end and position.end.latest() < position.start.earliest():
            yield _problem(
                ("facts", "positions", index, "end"),
                str(position.end),
                f"end ({position.end}) is before start ({position.start})",
            )

    for index, event in enumerate(bio.events):
        if event.end is not None and event.end.latest() < event.date.earliest():
            yield _problem(
                ("events", index, "end"),
                str(event.end),
                f"end ({event.end}) is before date ({event.date})",
            )
        for ref_index, person_id in enumerate(event.people):
            if person_id not in people:
                yield _problem(
                    ("events", index, "people", ref_index),
                    person_id,
                    f"unknown person id {person_id!r}",
                )
        for ref_index, place_id in enumerate(event.places):
            if place_id not in places:
                yield _problem(
                    ("events", index, "places", ref_index),
                    place_id,
                    f"unknown place id {place_id!r}",
                )

    for index, quote in enumerate(bio.quotes):
        if quote.speaker is not None and quote.speaker not in people:
            yield _problem(
                ("quotes", index, "speaker"), quote.speaker, f"unknown person id {quote.speaker!r}"
            )
        if quote.event is not None and quote.event not in events:
            yield _problem(
                ("quotes", index, "event"), quote.event, f"unknown event id {quote.event!r}"
            )


# --- what listing commands print -----------------------------------------------
# Built on first use (defer_build): commands that never list people or places
# do not pay for their schemas at start-up.


class PersonEntry(Person):
    """A person as ``people --json`` prints it: with the events they appear in."""

    model_config = ConfigDict(defer_build=True)

    events: list[Slug] = Field(description="Ids of the events the person takes part in.")


class PlaceEntry(Place):
    """A place as ``places --json`` prints it: with the events that happen there."""

    model_config = ConfigDict(defer_build=True)

    events: list[Slug] = Field(description="Ids of the events at this place.")
