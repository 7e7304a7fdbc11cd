"""The rules that span fields, each declared once: a quick verdict over a whole file and,
beside it, where the file breaks it."""

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from functools import partial
from itertools import chain
from operator import itemgetter, ne
from typing import Any, NamedTuple, TypeVar, cast

from ..errors import JsonPath, Located, json_path
from .dates import calendar_problem, earliest, latest
from .items import Biography, Edition, Event, Facts, Person, Place, Quote, SourceRef
from .kinds import FACT_IDS, ITEM_KINDS, Item, items_of

# --- the rules that span fields --------------------------------------------------------
#
# Each rule is declared once, as a ``Rule``: a quick verdict over a whole validated file
# (``holds``) and, beside it, where the file breaks it (``problems``). A file that is fine
# is the common case, and a big one: a verdict is a few set operations over the whole file,
# its items walked in C (``_each``), and each distinct date is checked once, a fraction of
# the cost of visiting every item with paths in hand. Only when a verdict says no is the
# rule asked where. tests/test_model.py holds each rule's two halves equal.


_Item = TypeVar("_Item")


class Rule(NamedTuple):
    """A rule that looks beyond one field."""

    name: str
    holds: Callable[[Biography], bool]
    """Whether a validated file keeps the rule: the same as finding no problem, sooner."""
    problems: Callable[[Biography, Collection[JsonPath]], Iterator[Located]]
    """Where the file breaks it, in file order; the parts named broken (see ``rule_problems``)
    are not checked, but their ids still count."""


def rule_problems(bio: Biography, broken: Collection[JsonPath] = ()) -> Iterator[Located]:
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


def _id_problems(bio: Biography, broken: Collection[JsonPath]) -> Iterator[Located]:
    owner: dict[str, JsonPath] = dict.fromkeys(FACT_IDS, ("facts",))
    for index, source in enumerate(bio["sources"]):  # a broken one's id still counts
        if isinstance(source, dict) and isinstance(source.get("id"), str):
            owner.setdefault(source["id"], ("sources", index))
    for where, item in _items(bio):
        yield from _unique_id(owner, where, item, where in broken)


# A source is declared once.


def _source_ids_hold(bio: Biography) -> bool:
    return len(set(_each("id", bio["sources"]))) == len(bio["sources"])


def _source_id_problems(bio: Biography, broken: Collection[JsonPath]) -> Iterator[Located]:
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


def _citation_problems(bio: Biography, broken: Collection[JsonPath]) -> Iterator[Located]:
    sections: dict[str, set[str] | None] = {}  # None: a broken source, whose sections are unknown
    for index, source in enumerate(bio["sources"]):
        if ("sources", index) not in broken:
            sections[source["id"]] = set(source["sections"])
        elif isinstance(source, dict) and isinstance(source.get("id"), str):
            sections[source["id"]] = None

    def cited(where: JsonPath, provenance: list[SourceRef]) -> Iterator[Located]:
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


def _section_problems(bio: Biography, broken: Collection[JsonPath]) -> Iterator[Located]:
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


def _reference_problems(bio: Biography, broken: Collection[JsonPath]) -> Iterator[Located]:
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


def _date_problems(bio: Biography, broken: Collection[JsonPath]) -> Iterator[Located]:
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
) -> Iterator[Located]:
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


def _span(where: JsonPath, start_key: str, start: str | None, end: str | None) -> Iterator[Located]:
    yield from _calendar((*where, start_key), start)
    yield from _calendar((*where, "end"), end)
    if _ends_before(end, start):
        yield (*where, "end"), f"end ({end}) is before {start_key} ({start})"


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
