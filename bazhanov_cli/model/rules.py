"""The rules that span fields, each written once: a function that yields where a file
breaks it."""

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from typing import TypeVar, cast

from ..errors import JsonPath, Located, json_path
from .dates import calendar_problem, earliest, latest
from .items import Biography, Event, Facts, Person, Place, SourceRef
from .kinds import FACT_IDS, ITEM_KINDS, items_of

# --- the rules that span fields --------------------------------------------------------
#
# Each rule is one function that yields its problems, each with the JSON path of the
# offending value, in file order; a file that breaks none yields nothing. The same walk
# serves a valid 100,000-event file and a broken one, so each rule makes one pass over
# each list, with sets and dicts for lookups, and builds a path only for a problem.

_Item = TypeVar("_Item")

Rule = Callable[[Biography, Collection[JsonPath]], Iterator[Located]]
"""A rule that looks beyond one field: where ``bio`` breaks it, in file order. The parts
named in the second argument failed their own field checks (see ``rule_problems``)."""


def rule_problems(bio: Biography, broken: Collection[JsonPath] = ()) -> Iterator[Located]:
    """Every broken rule, rule by rule (``loading`` puts them in file order).

    ``broken`` names the parts that failed their own field checks (an item such as
    ``("events", 3)``, an infobox field such as ``("facts", "born")``): their rules
    are not checked, since they would only repeat the field's problem, but their
    ids still count, so a reference to them is not reported as unknown. With
    nothing broken, ``bio`` has been validated; otherwise the lists and the
    infobox at least are there, as ``loading`` checks.
    """
    for rule in RULES:
        yield from rule(bio, broken)


def _sound(
    items: Sequence[_Item], broken: Collection[JsonPath], where: JsonPath
) -> Iterable[tuple[int, _Item]]:
    """Each of the ``items`` listed at ``where`` that passed its own field checks, with
    its index."""
    if not broken:  # a validated file: no path to build for each item
        return enumerate(items)
    return ((index, item) for index, item in enumerate(items) if (*where, index) not in broken)


def _infobox(bio: Biography, broken: Collection[JsonPath], *parts: str) -> Facts | None:
    """The infobox, when none of ``parts`` failed its own field checks."""
    return None if any(("facts", part) in broken for part in parts) else bio["facts"]


def _id_problems(bio: Biography, broken: Collection[JsonPath]) -> Iterator[Located]:
    """Ids are unique across kinds, facts and sources, so that ``show ID`` names one item.

    A broken item's id is taken, so a later item that repeats it is reported, but
    nothing is said of the broken item itself.
    """
    owner: dict[str, JsonPath] = dict.fromkeys(FACT_IDS, ("facts",))
    for index, source in enumerate(bio["sources"]):  # a broken one's id still counts
        if isinstance(source, dict) and isinstance(source.get("id"), str):
            owner.setdefault(source["id"], ("sources", index))
    for spec in ITEM_KINDS:
        name = cast(str, spec.items)
        for index, item in enumerate(items_of(bio, spec)):
            item_id = item.get("id") if isinstance(item, dict) else None
            if not isinstance(item_id, str):
                continue
            where = (name, index)
            first = owner.setdefault(item_id, where)
            if first is where or where in broken:  # its own, or nothing to say of it
                continue
            if first == ("facts",):
                yield (name, index, "id"), f"id {item_id!r} is the name of an infobox field"
            elif first[0] == name:
                yield (
                    (name, index, "id"),
                    f"duplicate id {item_id!r} (first used at {json_path(first)})",
                )
            else:
                yield (name, index, "id"), f"id {item_id!r} is already used by {json_path(first)}"


def _source_id_problems(bio: Biography, broken: Collection[JsonPath]) -> Iterator[Located]:
    """A source is declared once."""
    seen: set[str] = set()
    for index, source in enumerate(bio["sources"]):
        if ("sources", index) not in broken and source["id"] in seen:
            yield ("sources", index, "id"), f"duplicate source id {source['id']!r}"
        if isinstance(source, dict) and isinstance(source.get("id"), str):
            seen.add(source["id"])


def _date_problems(bio: Biography, broken: Collection[JsonPath]) -> Iterator[Located]:
    """Dates are days the calendar has (a pattern cannot know February's length), and
    nothing ends before it begins: no span, and no life."""
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
        for index, position in _sound(facts["positions"], broken, ("facts", "positions")):
            for key, problem in _span("start", position["start"], position["end"]):
                yield ("facts", "positions", index, key), problem
    # A big file repeats a few hundred dates: each distinct span is judged once.
    event_spans: dict[tuple[str, str | None], list[tuple[str, str]]] = {}
    for index, event in _sound(bio["events"], broken, ("events",)):
        span = event["date"], event["end"]
        problems = event_spans.get(span)
        if problems is None:
            problems = event_spans[span] = _span("date", *span)
        for key, problem in problems:
            yield ("events", index, key), problem
    for index, quote in _sound(bio["quotes"], broken, ("quotes",)):
        yield from _calendar(("quotes", index, "date"), quote["date"])


def _section_problems(bio: Biography, broken: Collection[JsonPath]) -> Iterator[Located]:
    """An event's section is that of its first passage."""
    for index, event in _sound(bio["events"], broken, ("events",)):
        first = event["provenance"][0]["section"]
        if event["section"] != first:
            yield (
                ("events", index, "section"),
                f"{event['section']!r} is not the first provenance's {first!r}",
            )


def _citation_problems(bio: Biography, broken: Collection[JsonPath]) -> Iterator[Located]:
    """Every passage cited is a section its source declares."""
    sections: dict[str, set[str] | None] = {}  # None: a broken source, whose sections are unknown
    for index, source in enumerate(bio["sources"]):
        if ("sources", index) not in broken:
            sections[source["id"]] = set(source["sections"])
        elif isinstance(source, dict) and isinstance(source.get("id"), str):
            sections[source["id"]] = None

    for where, provenance in _provenances(bio, broken):
        for at, ref in enumerate(provenance):
            source_id, section = ref["source"], ref["section"]
            if source_id not in sections:
                yield (*where, at, "source"), f"unknown source {source_id!r}"
            elif (known := sections[source_id]) is not None and section not in known:
                yield (*where, at, "section"), f"{source_id} has no section {section!r}"


def _location_problems(bio: Biography, broken: Collection[JsonPath]) -> Iterator[Located]:
    """A place's point names the source it comes from, which the file declares (latitude
    and longitude are bounded by their own field checks)."""
    sources = {
        source["id"]
        for source in bio["sources"]
        if isinstance(source, dict) and isinstance(source.get("id"), str)
    }
    for index, place in _sound(bio["places"], broken, ("places",)):
        location = place.get("location")
        if location is not None and location["source"] not in sources:
            yield (
                ("places", index, "location", "source"),
                f"unknown source {location['source']!r}",
            )


def _provenances(
    bio: Biography, broken: Collection[JsonPath]
) -> Iterator[tuple[JsonPath, list[SourceRef]]]:
    """Every provenance of the parts that passed their own field checks, with its path, in
    file order."""
    facts = _infobox(bio, broken, "provenance")
    if facts is not None:
        # Every value of FactsProvenance is a Provenance.
        by_field = cast("Mapping[str, list[SourceRef]]", facts["provenance"])
        for field, provenance in by_field.items():
            yield ("facts", "provenance", field), provenance
    facts = _infobox(bio, broken, "positions")
    if facts is not None:
        for index, position in _sound(facts["positions"], broken, ("facts", "positions")):
            yield ("facts", "positions", index, "provenance"), position["provenance"]
    for spec in ITEM_KINDS:
        name = cast(str, spec.items)
        for index, item in _sound(items_of(bio, spec), broken, (name,)):
            yield (name, index, "provenance"), item["provenance"]


def _reference_problems(bio: Biography, broken: Collection[JsonPath]) -> Iterator[Located]:
    """Every id an item names is one of an item of that kind."""
    people, places, events = _ids(bio["people"]), _ids(bio["places"]), _ids(bio["events"])
    for moment in ("born", "died"):
        facts = _infobox(bio, broken, moment)
        place_id = facts[moment]["place_id"] if facts is not None else None
        if place_id is not None and place_id not in places:
            yield ("facts", moment, "place_id"), f"unknown place id {place_id!r}"
    for index, event in _sound(bio["events"], broken, ("events",)):
        for at, person_id in enumerate(event["people"]):
            if person_id not in people:
                yield ("events", index, "people", at), f"unknown person id {person_id!r}"
        for at, place_id in enumerate(event["places"]):
            if place_id not in places:
                yield ("events", index, "places", at), f"unknown place id {place_id!r}"
    for index, quote in _sound(bio["quotes"], broken, ("quotes",)):
        speaker, event_id = quote["speaker"], quote["event"]
        if speaker is not None and speaker not in people:
            yield ("quotes", index, "speaker"), f"unknown person id {speaker!r}"
        if event_id is not None and event_id not in events:
            yield ("quotes", index, "event"), f"unknown event id {event_id!r}"


RULES: tuple[Rule, ...] = (
    _id_problems,
    _source_id_problems,
    _date_problems,
    _section_problems,
    _citation_problems,
    _location_problems,
    _reference_problems,
)
"""Every rule that spans fields, in the order each item's problems are listed."""


def _ids(items: Sequence[Event | Person | Place]) -> set[str]:
    # Broken items may lack an id, or not be objects at all.
    return {item["id"] for item in items if isinstance(item, dict) and "id" in item}


def _span(start_key: str, start: str | None, end: str | None) -> list[tuple[str, str]]:
    """What is wrong with a span from ``start`` (its key ``start_key``) to ``end``: each
    problem with the key it is about."""
    problems = [
        (key, problem)
        for key, date in ((start_key, start), ("end", end))
        if date is not None and (problem := calendar_problem(date)) is not None
    ]
    if _ends_before(end, start):
        problems.append(("end", f"end ({end}) is before {start_key} ({start})"))
    return problems


def _calendar(where: JsonPath, date: str | None) -> Iterator[Located]:
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
