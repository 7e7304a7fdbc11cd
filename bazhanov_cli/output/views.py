"""What a person reads: every kind of item, turned into text in one place.

``marked`` shows anything the source attributes, ``event_line`` an event in any
list of events, and each kind has one table (its rows) and ``item_card`` one
card for ``show``. Every view that shows an item (its table, ``show``,
``search``, the related events of ``show``, the timeline) goes through these,
so an attribution shown in one view is shown in all.

Tables and cards are ``layout`` renderables that fit the width they are printed
at. Rich is imported inside the functions that draw, so commands that print
only JSON never pay for it. ``emit.emit`` chooses between these views and the
machine formats (``formats``) for every command.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Mapping, Sequence
from typing import TYPE_CHECKING, cast

from ..model.dates import shown
from ..model.kinds import fact_label
from .formats import source_text
from .terminal import visible

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

    from ..errors import DataError
    from ..model.entries import (
        AgeRange,
        AtEntry,
        Claim,
        EventEntry,
        FactsEntry,
        Passage,
        PersonEntry,
        PlaceEntry,
        QuoteRef,
        SearchHit,
        SourceEntry,
        StopEntry,
    )
    from ..model.items import (
        Biography,
        Edition,
        Event,
        LifeMoment,
        Location,
        OurName,
        Position,
        Quote,
        Source,
        SourceRef,
    )
    from ..queries.lookup import Found
    from ..queries.passages import Document, Section
    from .formats import Row
    from .layout import Column, FittedTable

ATTRIBUTED_MARK = "*"
ATTRIBUTED_STYLE = "italic yellow"
ATTRIBUTED_LEGEND = f"{ATTRIBUTED_MARK} the source does not state this as fact: who says so"
MISSING = "\u2014"  # em dash: a field the source leaves open
SEARCHED_AS = "also searched as"  # the names we add for search, never shown as the sources'
# Fields whose values are ours, not the sources': each shown with what it is.
OURS = {
    "search_names": "(ours, not the sources')",
    "citizenship_inferred": "(the sources do not state it)",
}
SPAN_DASH = " \u2013 "  # en dash between the ends of a span

# Fields whose values never wrap in a table of chosen fields: short codes and numbers.
_UNBROKEN_FIELDS = frozenset(
    {"id", "date", "end", "start", "year", "language", "category", "kind", "score"}
    | {"isbn", "pages", "items", "age_at_death", "paragraph", "age", "life"}
    | {"first_day", "last_day"}
)


# --- one way to show each kind of item --------------------------------------------------


def marked(title: str, attribution: str | None, *, style: str = "") -> Text:
    """A title as every view shows it: if attributed, with the mark and who says so below."""
    from rich.text import Text

    text = Text(visible(title), style=style)
    if attribution:
        text.append(f"\n{ATTRIBUTED_MARK} {visible(attribution)}", style=ATTRIBUTED_STYLE)
    return text


def mark(attribution: str | None) -> Text:
    """The mark alone, where there is no room for who says so (a legend explains it)."""
    from rich.text import Text

    return Text(ATTRIBUTED_MARK if attribution else "", style=ATTRIBUTED_STYLE)


def date_span(start: str | None, end: str | None) -> str:
    """A date as written (``1920-11``), or a span: ``1923-08``, en dash, ``1925``; an
    approximate date as ``c. 1939-11`` (``dates.shown``)."""
    if end is None:
        return MISSING if start is None else shown(start)
    return f"{'?' if start is None else shown(start)}{SPAN_DASH}{shown(end)}"


def event_line(event: Event) -> tuple[Text, Text]:
    """An event's date and its marked title: the two cells every list of events shows."""
    from rich.text import Text

    when = Text(visible(date_span(event["date"], event["end"])))
    return when, marked(event["title"], event["attribution"])


def age_text(age: AgeRange | None) -> str:
    """His age as a person reads it: ``23``, or ``25\u201326`` where the dates leave it open."""
    if age is None:
        return MISSING
    return str(age["min"]) if age["min"] == age["max"] else f"{age['min']}\u2013{age['max']}"


def moment_text(moment: LifeMoment) -> str:
    """``1900-08-09, Mogilev-Podolskiy, Russian Empire``: a birth or death."""
    date = None if moment["date"] is None else shown(moment["date"])
    return ", ".join(value for value in (date, moment["place"]) if value) or MISSING


def _text(value: object) -> str:
    if value is None or value == []:
        return MISSING
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def _with_id(title: Text, item_id: str) -> Text:
    title.append(f"\n{visible(item_id)}", style="dim")
    return title


def _cell(text: str, style: str = "") -> Text:
    """A cell of data text, shown on one line whatever it holds (``terminal.visible``)."""
    from rich.text import Text

    return Text(visible(text), style=style)


def _lines(lines: Sequence[str]) -> Text:
    """A cell of several lines of data text, each shown as ``_cell`` shows one."""
    from rich.text import Text

    return Text("\n".join(map(visible, lines)))


# --- the tables -------------------------------------------------------------------------


def events_table(events: Sequence[EventEntry], bio: Biography) -> FittedTable:
    """Events by date, each marked if attributed, with its category, his age and places."""
    from .layout import Column, FittedTable

    place_names = {place["id"]: place["name"] for place in bio["places"]}
    rows = []
    for event in events:
        when, title = event_line(event)
        # The category under the date: a column of its own would leave the text no room at 80.
        when.append(f"\n{visible(event['category'])}", style="dim")
        places = ", ".join(place_names.get(place, place) for place in event["places"])
        rows.append([when, _cell(age_text(event["age"])), title, _cell(places or MISSING)])
    columns = [
        Column("Date / category", fixed=True),
        Column("Age", fixed=True, justify="right"),
        Column("Event", ratio=3),
        Column("Places", ratio=2),
    ]
    legend = ATTRIBUTED_LEGEND if any(event["attribution"] for event in events) else None
    return FittedTable(columns, rows, caption=legend)


def editions_table(editions: Sequence[Edition]) -> FittedTable:
    """Editions in the article's order, each with the id a script or ``show`` needs."""
    from .layout import Column, FittedTable

    rows = []
    for edition in editions:
        details = _cell(edition["credited_as"])
        imprint = ", ".join(value for value in (edition["publisher"], edition["place"]) if value)
        if imprint:
            details.append(f"\n{visible(imprint)}")
        if edition["translator"]:
            details.append(f"\ntranslated by {visible(edition['translator'])}", style="italic")
        title = _with_id(_cell(edition["title"], "bold"), edition["id"])
        rows.append(
            [_cell(_text(edition["year"])), _cell(_text(edition["language"])), title, details]
        )
    columns = [
        Column("Year", fixed=True),
        Column("Lang", fixed=True),
        Column("Title / id", ratio=3),
        Column("Author, imprint", ratio=2),
    ]
    return FittedTable(columns, rows)


def other_names(aliases: Sequence[str], search_names: Sequence[OurName]) -> Text:
    """The sources' other names, then, marked apart, the spellings we add for search."""
    text = _cell(", ".join(aliases), "italic")
    if search_names:
        ours = ", ".join(our["name"] for our in search_names)
        text.append("\n" if aliases else "")
        text.append(f"{SEARCHED_AS}: {visible(ours)}", style="dim")
    return text


def _is_ours(value: object) -> bool:
    """Whether a value is one of ours: an ``OurName``, which says where it comes from."""
    return isinstance(value, dict) and set(value) == {"name", "origin"}


def our_names(names: Sequence[OurName]) -> str:
    """Names of ours with where each comes from: ``Kyiv (present-day Ukrainian name)``."""
    return ", ".join(f"{our['name']} ({our['origin']})" for our in names)


def people_table(people: Sequence[PersonEntry]) -> FittedTable:
    """Who is who: name, other names, role, and how many events they appear in."""
    from .layout import Column, FittedTable

    rows = []
    for person in people:
        name = _cell(person["name"], "bold")
        if person["aliases"] or person["search_names"]:
            name.append("\n")
            name.append_text(other_names(person["aliases"], person["search_names"]))
        role = marked(person["description"], person["attribution"])
        rows.append([_with_id(name, person["id"]), role, _count(person["events"])])
    columns = [Column("Name / id", ratio=2), Column("Role", ratio=3), _count_column()]
    legend = ATTRIBUTED_LEGEND if any(person["attribution"] for person in people) else None
    return FittedTable(columns, rows, caption=legend)


def coordinates(location: Location, between: str = ", ") -> str:
    """A place's point as people read it (``point_text``)."""
    return point_text(location["latitude"], location["longitude"], between)


def point_text(latitude: float, longitude: float, between: str = ", ") -> str:
    """A point as people read it, to a hundredth of a degree (about a kilometre):
    ``48.44° N, 27.80° E``; ``between`` joins latitude and longitude."""
    north = f"{abs(latitude):.2f}\u00b0 {'S' if latitude < 0 else 'N'}"
    east = f"{abs(longitude):.2f}\u00b0 {'W' if longitude < 0 else 'E'}"
    return f"{north}{between}{east}"


def location_text(location: Location | None) -> str:
    """A place's location in a line: the point, what it stands for, the present-day name
    and country, and the GeoNames record (``show``)."""
    if location is None:
        return MISSING
    name, country = location["name"], location["country"]
    where = name if country in (None, name) else f"{name}, {country}"
    record = location["geonames_id"]
    text = f"{coordinates(location)} ({location['feature']}: {where}"
    text += f"; GeoNames {record})" if record is not None else ")"
    if location["note"]:
        text += f" \u2014 {location['note']}"
    return text


def _point_cell(location: Location | None) -> Text:
    """A point in a table: latitude above longitude, each unbroken, in a narrow column."""
    if location is None:
        return _cell(MISSING)
    return _lines(coordinates(location, "\n").split("\n"))


def places_table(places: Sequence[PlaceEntry]) -> FittedTable:
    """Places with their other names, present-day location, point and how many events; a
    place whose description the sources attribute is marked, with who says so."""
    from .layout import Column, FittedTable

    rows = [
        [
            _with_id(marked(place["name"], place["attribution"], style="bold"), place["id"]),
            other_names(place["aliases"], place["search_names"])
            if place["aliases"] or place["search_names"]
            else _cell(MISSING),
            _cell(_text(place["present_day"])),
            _point_cell(place["location"]),
            _count(place["events"]),
        ]
        for place in places
    ]
    columns = [
        Column("Place / id", ratio=2),
        Column("Also known as", ratio=2),
        Column("Today", ratio=2),
        Column("Where", fixed=True),
        _count_column(),
    ]
    legend = ATTRIBUTED_LEGEND if any(place["attribution"] for place in places) else None
    return FittedTable(columns, rows, caption=legend)


def stops_table(stops: Sequence[StopEntry]) -> FittedTable:
    """Places in the order he reached them: the first date, where they are (to a hundredth
    of a degree, about a kilometre; ``--json`` has the data's figures), the route's number."""
    from .layout import Column, FittedTable

    rows = [
        [
            _with_id(_cell(stop["name"], "bold"), stop["id"]),
            _cell(shown(stop["first"])),  # c. 1939-11 for 1939-11~
            _where(stop),
            _cell(_text(stop["route"])),
            _count(stop["events"]),
        ]
        for stop in stops
    ]
    columns = [
        Column("Place / id", ratio=2),
        Column("First", fixed=True),
        Column("Where (GeoNames)", fixed=True),
        Column("Route", fixed=True, justify="right"),
        _count_column(),
    ]
    return FittedTable(columns, rows)


def _where(stop: StopEntry) -> Text:
    """The coordinates, and on a line below what kind of place the point stands for."""
    latitude, longitude = stop["latitude"], stop["longitude"]
    if latitude is None or longitude is None or stop["feature"] is None:
        return _cell(MISSING)
    where = _cell(point_text(latitude, longitude))
    where.append(f"\n{visible(stop['feature'])}", style="dim")
    return where


def _count(ids: Sequence[str]) -> Text:
    return _cell(str(len(ids)))


def _count_column() -> Column:
    from .layout import Column

    return Column("Events", fixed=True, justify="right")


def quotes_table(quotes: Sequence[Quote], bio: Biography) -> FittedTable:
    """Each quotation in quote marks, with who said it (by name), where, and when."""
    from .layout import Column, FittedTable

    names = {person["id"]: person["name"] for person in bio["people"]}
    rows = []
    for quote in quotes:
        # The speaker by name, then the source where it says more than the name.
        speaker = names.get(quote["speaker"] or "", quote["speaker"])
        said = _cell(speaker or quote["source"], "bold" if speaker else "")
        if speaker and quote["source"] != speaker:
            said.append(f"\n{visible(quote['source'])}")
        if quote["date"]:
            said.append(f", {visible(shown(quote['date']))}")
        text = marked(f"\u201c{quote['text']}\u201d", quote["attribution"], style="italic")
        rows.append([text, _with_id(said, quote["id"])])
    columns = [Column("Quotation", ratio=3), Column("Speaker, source, date / id", ratio=2)]
    return FittedTable(columns, rows)


def search_table(hits: Sequence[SearchHit]) -> FittedTable:
    """Hits best first, each labelled with its kind, the field that matched and its text."""
    from .layout import Column, FittedTable

    rows = []
    for hit in hits:
        matched = _cell(f"{hit['field']}: ", "dim")
        text = hit["matched"]
        if hit["field"] == "date":  # a date or a span as search reads it: c. 1939-11 for 1939-11~
            text = SPAN_DASH.join(map(shown, text.split(SPAN_DASH)))
        matched.append(visible(text))
        title = _with_id(marked(hit["title"], hit["attribution"], style="bold"), hit["id"])
        rows.append([_cell(hit["kind"]), title, matched, _cell(f"{hit['score']:.1f}")])
    columns = [
        Column("Kind", fixed=True),
        Column("Title / id", ratio=2),
        Column("Matched", ratio=3),
        Column("Score", fixed=True, justify="right"),
    ]
    legend = ATTRIBUTED_LEGEND if any(hit["attribution"] for hit in hits) else None
    return FittedTable(columns, rows, caption=legend)


def claims_table(claims: Sequence[Claim]) -> FittedTable:
    """Each statement the sources attribute: what it says, who says so, and where."""
    from .layout import Column, FittedTable

    rows = []
    for claim in claims:
        said = _cell(claim["title"], "bold")
        if claim["statement"] != claim["title"]:
            said.append(f"\n{visible(claim['statement'])}")
        who = _cell(f"{ATTRIBUTED_MARK} {claim['attribution']}", ATTRIBUTED_STYLE)
        passages = _lines([source_text(ref) for ref in claim["provenance"]])
        rows.append([_cell(claim["kind"]), _with_id(said, claim["id"]), who, passages])
    columns = [
        Column("Kind", fixed=True),
        Column("Statement / id", ratio=3),
        Column("Who says so", ratio=2),
        Column("Passage", ratio=2),
    ]
    return FittedTable(columns, rows)


def sources_table(sources: Sequence[SourceEntry]) -> FittedTable:
    """Each source with its publisher, address, licence and what it supplies."""
    from .layout import Column, FittedTable

    rows = []
    for source in sources:
        lines = (source["url"], source["licence"], source["licence_url"])
        where = _lines([source["publisher"] or MISSING, *(line for line in lines if line)])
        title = _with_id(_cell(source["title"], "bold"), source["id"])
        rows.append([title, where, _cell(source["supplies"]), _cell(str(source["items"]))])
    columns = [
        Column("Source / id", ratio=2),
        Column("Publisher, address, licence", ratio=2),
        Column("Supplies", ratio=3),
        Column("Items", fixed=True, justify="right"),
    ]
    return FittedTable(columns, rows)


def fields_table(rows: Sequence[Row], fields: Sequence[str]) -> FittedTable:
    """A plain table of the fields a user chose (``--fields`` with the table format)."""
    from .formats import cell_text
    from .layout import Column, FittedTable

    def text(name: str, value: object) -> str:
        if name in {"date", "end", "start"} and isinstance(value, str):
            return shown(value)  # c. 1939-11 for 1939-11~
        if isinstance(value, list) and value and all(_is_ours(item) for item in value):
            return our_names(cast("list[OurName]", value))  # Kyiv (present-day ...)
        return cell_text(value)

    columns = [Column(name, fixed=name in _UNBROKEN_FIELDS) for name in fields]
    cells = [[_cell(text(name, row[name]) or MISSING) for name in fields] for row in rows]
    return FittedTable(columns, cells)


# --- one record: facts and show ----------------------------------------------------------


def positions_table(positions: Sequence[Position]) -> FittedTable:
    """Each position held, marked if attributed, with its span."""
    from .layout import Column, FittedTable

    rows = [
        [
            marked(position["title"], position["attribution"]),
            _cell(date_span(position["start"], position["end"]) if position["start"] else ""),
        ]
        for position in positions
    ]
    columns = [Column("Position", ratio=1), Column("When", fixed=True)]
    return FittedTable(columns, rows, header=False)


def facts_view(facts: FactsEntry) -> RenderableType:
    """The infobox: the name, a line on who he was, the fields, then the positions held."""
    from rich.console import Group

    from .layout import Fields

    pairs = [
        ("native_name", facts["native_name"]),
        ("born", moment_text(facts["born"])),
        ("died", moment_text(facts["died"])),
        ("age_at_death", _text(facts["age_at_death"])),
        ("resting_place", _text(facts["resting_place"])),
        ("citizenship", _text(facts["citizenship"])),
    ]
    if facts["citizenship_inferred"]:
        inferred = ", ".join(our["name"] for our in facts["citizenship_inferred"])
        pairs.append(("citizenship_inferred", f"{inferred} {OURS['citizenship_inferred']}"))
    parts: list[RenderableType] = [
        _cell(facts["full_name"], "bold"),
        _cell(facts["description"], "italic"),
        _cell(""),
        Fields([(_cell(fact_label(key), "bold"), _cell(value)) for key, value in pairs]),
    ]
    if facts["positions"]:
        parts += [
            _cell(""),
            _cell(fact_label("positions"), "bold"),
            positions_table(facts["positions"]),
        ]
    return Group(*parts)


def facts_fields_view(facts: FactsEntry, fields: Sequence[str], bio: Biography) -> RenderableType:
    """The chosen fields of the infobox (``facts --fields``), labelled as ``facts_view`` labels
    them (``Born``, ``Age at death``)."""
    return record_view(facts, fields, bio, label=fact_label)


def record_view(
    record: Mapping[str, object],
    fields: Sequence[str],
    bio: Biography,
    *,
    label: Callable[[str], str] = str,
    cells: Mapping[str, RenderableType] | None = None,
) -> RenderableType:
    """The chosen fields of any record, one a line: ids with their names, dates, places,
    sources as the tables show them; positions as their own table below. ``label`` turns
    a field's name into its label (by default the name as it is); ``cells`` draws some
    fields' values otherwise (``show``'s provenance, with its passages)."""
    from rich.console import Group

    from .layout import Fields

    names = {event["id"]: event["title"] for event in bio["events"]}
    names |= {person["id"]: person["name"] for person in bio["people"]}
    names |= {place["id"]: place["name"] for place in bio["places"]}
    pairs = []
    positions: list[Position] = []
    for key in fields:
        value = record[key]
        if isinstance(value, list) and value and isinstance(value[0], dict) and "title" in value[0]:
            positions = cast("list[Position]", value)  # shown after the fields
            continue
        drawn = cells[key] if cells and key in cells else _value_cell(key, value, names)
        pairs.append((_cell(label(key), "bold"), drawn))
    parts: list[RenderableType] = [Fields(pairs)]
    if positions:
        parts += [_cell(""), _cell(fact_label("positions"), "bold"), positions_table(positions)]
    return Group(*parts)


def passage(ref: SourceRef) -> str:
    """Where a passage is, as a person reads it: ``source_text`` with ``§`` and ``¶`` held
    to their section and number (``layout.NO_BREAK``), so no line ends in a lone sign."""
    from .layout import NO_BREAK

    text = source_text(ref)
    return text.replace("\u00a7 ", f"\u00a7{NO_BREAK}").replace("\u00b6 ", f"\u00b6{NO_BREAK}")


def _value_cell(key: str, value: object, names: Mapping[str, str]) -> RenderableType:
    """One value of a record, by what it is; the JSON holds it as it is."""
    from .layout import Lines

    if key in {"people", "places", "speaker", "event", "events"} and value:
        ids = value if isinstance(value, list) else [value]
        return _cell(", ".join(f"{names.get(str(item), item)} ({item})" for item in ids))
    if key == "age" and isinstance(value, dict):
        return _cell(age_text(cast("AgeRange", value)))
    if key == "attribution" and value:
        return _cell(f"{ATTRIBUTED_MARK} {value}", ATTRIBUTED_STYLE)
    if key == "quotes" and isinstance(value, list) and value:  # a person's words: text and id
        spoken = cast("list[QuoteRef]", value)
        return _lines([f"\u201c{quote['text']}\u201d ({quote['id']})" for quote in spoken])
    if isinstance(value, list) and value and all(_is_ours(item) for item in value):
        text = _cell(f"{our_names(cast('list[OurName]', value))} ")  # a field's, or a fact's
        text.append(OURS.get(key, OURS["search_names"]), style="dim")
        return text
    if key == "provenance" and isinstance(value, dict):  # the infobox's, field by field
        refs = cast("dict[str, list[SourceRef]]", value)
        lines = [f"{field}: " + "; ".join(map(passage, cited)) for field, cited in refs.items()]
        return Lines([visible(line) for line in lines])
    if key == "provenance" and isinstance(value, list):
        return Lines([visible(passage(ref)) for ref in cast("list[SourceRef]", value)])
    if key == "location" and (value is None or isinstance(value, dict)):
        return _cell(location_text(cast("Location | None", value)))
    if key in {"date", "end", "start"} and isinstance(value, str):
        return _cell(shown(value))  # c. 1939-11 for 1939-11~
    if isinstance(value, dict) and "place_id" in value:  # a birth or death
        moment = cast("LifeMoment", value)
        return _cell(f"{moment_text(moment)} ({moment['place_id'] or MISSING})")
    return _cell(_text(value))


NOT_SHIPPED = "(the text of this source does not ship with bazhanov)"
NO_SUCH_PARAGRAPH = "(the shipped text has no such paragraph)"


def passages_view(passages: Sequence[Passage], shipped: Container[str]) -> RenderableType:
    """Each reference, and under it, indented and dim, the paragraph it points to, wrapped
    to the width; where the text is not shipped (``shipped`` holds the sources whose text
    is), a line that says so."""
    from rich.console import Group
    from rich.padding import Padding

    from .layout import Lines, by_line

    if not passages:
        return _cell(MISSING)
    parts: list[RenderableType] = []
    for found in passages:
        parts.append(Lines([visible(passage(found))]))
        if found["text"] is not None:
            words = _cell(found["text"], "dim")
        else:
            said = NO_SUCH_PARAGRAPH if found["source"] in shipped else NOT_SHIPPED
            words = _cell(said, "dim italic")
        parts.append(Padding(by_line(words), (0, 0, 0, PASSAGE_INDENT)))
    return Group(*parts)


PASSAGE_INDENT = 2
"""How far a passage stands in from its reference."""


def item_card(
    found: Found,
    fields: Sequence[str],
    bio: Biography,
    passages: Sequence[Passage] = (),
    shipped: Container[str] = (),
) -> RenderableType:
    """One item of any kind: its kind and title, each of ``fields``, the events it belongs to.

    Its provenance shows each reference with its passage (``passages_view``): ``passages``
    is the provenance with the text, so the two fields are one there; ``shipped`` holds the
    sources whose text ships.
    """
    from rich.console import Group

    from .layout import Column, FittedTable

    record: Mapping[str, object] = found.item
    listed = [key for key in fields if not (key == "events" and found.related)]  # listed below
    if "provenance" in listed and "passages" in listed:
        listed.remove("passages")  # each passage is shown under its reference
    cited = passages_view(passages, shipped)
    record = {**record, "passages": passages}
    heading = str(record.get("title") or record.get("name") or record.get("label") or record["id"])
    parts: list[RenderableType] = [_cell(f"{found.kind}: {heading}", "bold"), _cell("")]
    parts.append(record_view(record, listed, bio, cells={"provenance": cited, "passages": cited}))
    if found.related:
        rows = [list(event_line(event)) for event in found.related]
        related = FittedTable([Column("Date", fixed=True), Column("Event")], rows)
        parts += [_cell(""), _cell("Related events", "bold"), related]
    return Group(*parts)


def document_view(
    document: Document, sections: Sequence[Section], source: Source | None = None
) -> RenderableType:
    """A source document as ``sources ID`` prints it: its title and where it is from, then
    each section's heading and its paragraphs, each after its number (``¶ 3``), wrapped to
    the width; a heading row of the editions table stands dim above its rows."""
    from rich.console import Group

    from .layout import Fields, Lines

    parts: list[RenderableType] = [_cell(document.title, "bold")]
    if source is not None:
        where = [source["url"] or source["publisher"] or "", source["licence"]]
        parts.append(_cell(", ".join(part for part in where if part), "dim"))
    for section in sections:
        parts += [_cell(""), _cell(section.name, "bold")]
        if section.head:
            parts.append(Lines([visible(line) for line in section.head], style="dim"))
        numbered = [
            (_cell(f"\u00b6 {number}", "dim"), _cell(text))
            for number, text in enumerate(section.paragraphs, start=1)
        ]
        if numbered:
            parts.append(Fields(numbered))
    return Group(*parts)


# --- validate's report -------------------------------------------------------------------


def problems_text(error: DataError, limit: int | None) -> str:
    """``FILE: path: message``, a line each, for editors to jump to; past ``limit``, a count."""
    shown = error.problems if limit is None else error.problems[:limit]
    lines = [visible(f"{error.file}: {problem}") + "\n" for problem in shown]
    if len(error.problems) > len(shown):
        more = len(error.problems) - len(shown)
        lines.append(
            visible(f"{error.file}: \u2026 and {more:,} more (--all lists every one)") + "\n"
        )
    return "".join(lines)


def is_whole_file(error: DataError) -> bool:
    """Whether the one problem is with the file as a whole: missing, empty, not JSON."""
    return len(error.problems) == 1 and error.problems[0].path is None


def verdict(error: DataError) -> str:
    """What is wrong with a file in a few words: why it cannot be read, or how many problems."""
    if is_whole_file(error):
        return error.problems[0].message  # missing, empty, not JSON
    count = len(error.problems)
    return f"not a valid biography: {count:,} problem{'s' * (count != 1)}"


def size_of(bio: Biography) -> str:
    """``37 events, 12 editions, ...``: what a valid file holds."""
    return (
        f"{len(bio['events'])} events, {len(bio['editions'])} editions, "
        f"{len(bio['people'])} people, {len(bio['places'])} places, {len(bio['quotes'])} quotes"
    )


# --- at DATE ------------------------------------------------------------------------------

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def date_words(text: str) -> str:
    """A partial date as a person says it: ``9 August 1900``, ``May 1928``, ``1926``.

    Its precision is read from the days it can mean (``dates.earliest`` to ``dates.latest``),
    so whatever form the data's dates take, one day is a day, a whole month a month."""
    from ..model.dates import earliest, latest

    first, last = earliest(text), latest(text)
    if first == last:
        words = f"{first.day} {_MONTHS[first.month - 1]} {first.year}"
    elif (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
        words = str(first.year)
    else:
        words = f"{_MONTHS[first.month - 1]} {first.year}"
    return f"about {words}" if text.endswith("~") else words


def life_sentence(entry: AtEntry, bio: Biography) -> str:
    """Where the date asked lies in his life, in a sentence: ``1899 is before his birth on
    9 August 1900.``, ``In 1926 he was 25 or 26.``"""
    born, died = bio["facts"]["born"]["date"], bio["facts"]["died"]["date"]
    asked, age = date_words(entry["date"]), entry["age"]
    if entry["life"] == "before-birth" and born is not None:
        return f"{asked} is before his birth on {date_words(born)}."
    if entry["life"] == "after-death" and died is not None:
        return f"{asked} is after his death on {date_words(died)}."
    if entry["life"] == "birth" and born is not None:
        return f"He was born on {date_words(born)}."
    years = (
        "of an age the data does not give"
        if age is None
        else str(age["min"])
        if age["min"] == age["max"]
        else f"{age['min']} or {age['max']}"
        if age["max"] == age["min"] + 1
        else f"{age['min']} to {age['max']}"
    )
    on = "On" if entry["first_day"] == entry["last_day"] else "In"
    sentence = f"{on} {asked} he was {years}."
    if entry["life"] == "death" and died is not None:
        sentence += f" He died on {date_words(died)}."
    return sentence


AT_HEADINGS = {
    "positions": "Positions held",
    "possible_positions": "Positions possibly held (partial dates)",
    "open_positions": "Positions possibly held (no start or no end given)",
    "places": "Places of his events",
    "possible_places": "Places of the events possibly at this date",
    "events": "Events",
    "possible_events": "Events possibly at this date (partial dates)",
}
"""What each list of ``at``'s answer is called where a person reads it."""


AT_SAID = frozenset({"date", "first_day", "last_day", "life"})
"""The fields of ``at``'s answer its first sentence already says."""


def at_view(
    entry: AtEntry,
    fields: Sequence[str],
    bio: Biography,
    *,
    leave_out: frozenset[str] | None = None,
) -> RenderableType:
    """``at DATE``: a sentence on his age or why there is none, then each chosen field: the
    date's bounds, the positions held, the places, the events (certain, then possible).
    An empty list is left out; with nothing at all to list, a line says so."""
    from rich.console import Group

    from .layout import Fields

    parts: list[RenderableType] = [_cell(life_sentence(entry, bio), "bold")]
    fields = [key for key in fields if key not in (leave_out or ())]
    if leave_out is not None and entry["age"] is None:
        fields = [key for key in fields if key != "age"]  # the sentence says why there is none
    record = cast("Mapping[str, object]", entry)
    pairs = [
        (
            _cell(fact_label(key), "bold"),
            _cell(age_text(entry["age"]) if key == "age" else _text(record[key])),
        )
        for key in fields
        if key in ("date", "first_day", "last_day", "life", "age")
    ]
    if pairs:
        parts += [_cell(""), Fields(pairs)]
    place_names = {place["id"]: place["name"] for place in bio["places"]}
    listed = False
    for key in fields:
        value = record[key]
        if key not in AT_HEADINGS or not value:
            continue
        listed = True
        shown: RenderableType
        if key.endswith("positions"):
            shown = _spans_table(cast("list[Position]", value))
        elif key.endswith("places"):
            ids = cast("list[str]", value)
            shown = _cell(", ".join(f"{place_names.get(place, place)} ({place})" for place in ids))
        else:
            shown = _dated_events_table(cast("list[EventEntry]", value))
        parts += [_cell(""), _cell(AT_HEADINGS[key], "bold"), shown]
    if not listed and any(key in AT_HEADINGS for key in fields):
        parts += [_cell(""), _cell("No position, place or event of the data falls on this date.")]
    return Group(*parts)


def _spans_table(positions: Sequence[Position]) -> FittedTable:
    """Positions with their spans as given, ``?`` for an end the sources do not give."""
    from .layout import Column, FittedTable

    rows = [
        [
            marked(position["title"], position["attribution"]),
            _cell(
                date_span(position["start"] or "?", position["end"] or "?")
                if position["start"] or position["end"]
                else ""
            ),
        ]
        for position in positions
    ]
    columns = [Column("Position", ratio=1), Column("When", fixed=True)]
    legend = ATTRIBUTED_LEGEND if any(position["attribution"] for position in positions) else None
    return FittedTable(columns, rows, header=False, caption=legend)


def _dated_events_table(events: Sequence[EventEntry]) -> FittedTable:
    """Events with his age at each, and their ids for ``show``."""
    from .layout import Column, FittedTable

    rows = []
    for event in events:
        when, title = event_line(event)
        rows.append([when, _cell(age_text(event["age"])), _with_id(title, event["id"])])
    columns = [
        Column("Date", fixed=True),
        Column("Age", fixed=True, justify="right"),
        Column("Event"),
    ]
    legend = ATTRIBUTED_LEGEND if any(event["attribution"] for event in events) else None
    return FittedTable(columns, rows, caption=legend)
