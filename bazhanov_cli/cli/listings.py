"""The listings: thin Typer commands over the queries, one per kind, and ``show``.

Each command checks its options into specs (``options``), reads the biography
from the run's ``Session``, calls queries (arranging is one of them) and hands
what it made to the one way out (``Session.emit``, that is ``output.emit.emit``).
``app`` registers them; ``bazhanov_cli.__main__`` turns failures into exit codes.
Each command's help ends with real examples; ``\\b`` keeps their lines as written.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING, cast

import typer

from ..errors import UsageError
from ..model.entries import ClaimKind
from ..model.items import Kind
from ..output import terminal, views
from ..output.emit import OneRecord
from ..queries import lookup
from ..queries.at import event_entries
from ..queries.claims import claims_in
from ..queries.languages import language_name, language_of
from .options import (
    AttributedFlag,
    CategoryOption,
    ClaimKindOption,
    DateArgument,
    FieldsOption,
    FormatOption,
    FromOption,
    IdArgument,
    JsonFlag,
    KindOption,
    LanguageOption,
    LimitOption,
    NameFilter,
    PersonOption,
    PlaceOption,
    QueryArgument,
    ReverseFlag,
    RoleOption,
    SectionOption,
    SortOption,
    SourceArgument,
    StatedFlag,
    ToOption,
    YearOption,
    listing_request,
    output_spec,
)
from .session import session_of

if TYPE_CHECKING:
    from rich.console import RenderableType


def facts(
    ctx: typer.Context,
    json_: JsonFlag = False,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
) -> None:
    """The infobox: name, birth, death, age, resting place, citizenship, positions.

    \b
    Examples:
      bazhanov facts
      bazhanov facts --json --fields born,died,age_at_death
      bazhanov facts --format csv
    """
    from ..output.formats import facts_rows

    output = output_spec("facts", json_, fmt, fields)
    session = session_of(ctx)
    bio = session.biography()
    infobox = lookup.facts_entry(bio)

    def card(chosen: Sequence[str]) -> RenderableType:
        if not output.selected:
            return views.facts_view(infobox)
        return views.facts_fields_view(infobox, chosen, bio)

    session.emit(OneRecord(infobox, card, lambda chosen: facts_rows(infobox, chosen)), output)


def events(
    ctx: typer.Context,
    year: YearOption = None,
    from_year: FromOption = None,
    to_year: ToOption = None,
    category: CategoryOption = None,
    person: PersonOption = None,
    place: PlaceOption = None,
    attributed: AttributedFlag = False,
    stated: StatedFlag = False,
    json_: JsonFlag = False,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
    sort: SortOption = None,
    reverse: ReverseFlag = False,
    limit: LimitOption = None,
) -> None:
    """Events of the life in date order; a span matches every year it covers.

    --person and --place take an id or part of a name (trotsky, Kyiv); given
    more than once, an event must name every one.

    \b
    Examples:
      bazhanov events --year 1928
      bazhanov events --person trotsky --place mexico
      bazhanov events --format csv --fields id,attribution
    """
    asked = listing_request("events", ctx.params)
    session = session_of(ctx)
    bio = session.biography()
    where = lookup.EventFilter(
        year,
        from_year,
        to_year,
        category,
        [lookup.named_ids(bio, "person", name) for name in person or ()],
        [lookup.named_ids(bio, "place", name) for name in place or ()],
    )
    found = asked.chosen(event_entries(bio, lookup.events_matching(bio["events"], where)))
    table = partial(views.events_table, bio=bio)
    session.emit(asked.records(found, table, where.describe_empty()), asked.output)


def at(
    ctx: typer.Context,
    date: DateArgument,
    json_: JsonFlag = False,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
) -> None:
    """His age, positions, places and events at a date: a year, a month or a day.

    DATE is an interval (1928 is every day of it). An event or position certainly
    overlaps it when it does however the partial dates of both are read, possibly
    when it does for some reading only: at 1928-01-01 the defection (1928-01-01)
    is certain and an event dated 1928 possible; at 1928 both are certain. A date
    before his birth or after his death says so.

    \b
    Examples:
      bazhanov at 1926
      bazhanov at 1928-05 --json --fields age,possible_events
      bazhanov at 1923-08-09 --format csv
    """
    from ..output.formats import AT_COLUMNS, at_rows
    from ..queries.at import at as life_at

    output = output_spec("at", json_, fmt, fields)
    session = session_of(ctx)
    bio = session.biography()
    entry = life_at(bio, date)
    # Unasked, the card says the date, its days and the life in its first sentence.
    shown = None if output.selected else views.AT_SAID
    card = partial(views.at_view, entry, bio=bio, leave_out=shown)
    rows = partial(at_rows, entry)
    session.emit(OneRecord(entry, card, rows, AT_COLUMNS), output)


def editions(
    ctx: typer.Context,
    lang: LanguageOption = None,
    attributed: AttributedFlag = False,
    stated: StatedFlag = False,
    json_: JsonFlag = False,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
    sort: SortOption = None,
    reverse: ReverseFlag = False,
    limit: LimitOption = None,
) -> None:
    """The editions of Bazhanov's works, in the order the source lists them.

    \b
    Examples:
      bazhanov editions --lang de
      bazhanov editions --lang français --fields id,year
      bazhanov editions --sort year --reverse
    """
    asked = listing_request("editions", ctx.params)
    session = session_of(ctx)
    bio = session.biography()
    code = language_of(bio, lang)
    found = asked.chosen(lookup.editions_in_language(bio["editions"], code))
    empty = f"No editions in {language_name(code)}." if code else "No editions."
    session.emit(asked.records(found, views.editions_table, empty), asked.output)


def people(
    ctx: typer.Context,
    name: NameFilter = None,
    role: RoleOption = None,
    attributed: AttributedFlag = False,
    stated: StatedFlag = False,
    json_: JsonFlag = False,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
    sort: SortOption = None,
    reverse: ReverseFlag = False,
    limit: LimitOption = None,
) -> None:
    """Everyone the source names, with a one-line role and how many events they appear in.

    NAME, if given, keeps those whose name or other name has it, in any case.

    \b
    Examples:
      bazhanov people trotsky
      bazhanov people --sort events --reverse --limit 5
      bazhanov people --json --fields id,name,events
    """
    asked = listing_request("people", ctx.params)
    session = session_of(ctx)
    found = asked.chosen(lookup.people_named(session.biography(), name, role))
    empty = "Nobody matches." if name or role else "No people."
    session.emit(asked.records(found, views.people_table, empty), asked.output)


def places(
    ctx: typer.Context,
    name: NameFilter = None,
    attributed: AttributedFlag = False,
    stated: StatedFlag = False,
    json_: JsonFlag = False,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
    sort: SortOption = None,
    reverse: ReverseFlag = False,
    limit: LimitOption = None,
) -> None:
    """Every place, with its other names, present-day location and how many events.

    NAME, if given, keeps those whose name, other name or present-day name has it.

    \b
    Examples:
      bazhanov places kyiv
      bazhanov places --fields id,name,present_day
    """
    asked = listing_request("places", ctx.params)
    session = session_of(ctx)
    found = asked.chosen(lookup.places_named(session.biography(), name))
    empty = f"No place is called {name!r}." if name else "No places."
    session.emit(asked.records(found, views.places_table, empty), asked.output)


def quotes(
    ctx: typer.Context,
    name: NameFilter = None,
    attributed: AttributedFlag = False,
    stated: StatedFlag = False,
    json_: JsonFlag = False,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
    sort: SortOption = None,
    reverse: ReverseFlag = False,
    limit: LimitOption = None,
) -> None:
    """The source's quotations: short, exact, attributed, each tied to its event.

    NAME, if given, keeps those whose speaker (id, name or other name) or source has it.

    \b
    Examples:
      bazhanov quotes
      bazhanov quotes doyle
      bazhanov quotes --format markdown --fields text,source
    """
    asked = listing_request("quotes", ctx.params)
    session = session_of(ctx)
    bio = session.biography()
    found = asked.chosen(lookup.quotes_by(bio, name))
    empty = f"No quotations from {name!r}." if name else "No quotations."
    table = partial(views.quotes_table, bio=bio)
    session.emit(asked.records(found, table, empty), asked.output)


def search(
    ctx: typer.Context,
    words: QueryArgument,
    kinds: KindOption = None,
    attributed: AttributedFlag = False,
    stated: StatedFlag = False,
    json_: JsonFlag = False,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
    sort: SortOption = None,
    reverse: ReverseFlag = False,
    limit: LimitOption = None,
) -> None:
    """Find anything: any case, accents, Latin or Cyrillic, aliases, word forms, typos.

    Every word of QUERY but small ones (who, to, the) must match somewhere in an
    item, in any form (assassinated finds assassination); when no item has them
    all, those with the most come instead, and stderr says so. The best 20 are
    shown unless --limit asks for more.

    \b
    Examples:
      bazhanov search who tried to kill him
      bazhanov search Бажанов --kind person
      bazhanov search blumkn --json --limit 5
    """
    from ..queries.search import DEFAULT_LIMIT
    from ..queries.search import search as find

    asked = listing_request("search", ctx.params)
    session = session_of(ctx)
    query = " ".join(words)
    limit = asked.order.limit  # cuts the best hits; --sort and --reverse arrange what is left
    found = find(
        session.biography(),
        query,
        kinds=cast("list[Kind] | None", kinds),
        attributed=asked.attributed,
        limit=limit or DEFAULT_LIMIT,
    )
    if found.partial:
        terminal.message("No item has every word; these have the most of them, best first.")
    if limit is None and found.matched > DEFAULT_LIMIT:
        terminal.message(
            f"The best {DEFAULT_LIMIT} of {found.matched} matches; "
            f"--limit {found.matched} shows them all."
        )
    said = " ".join(query.split())
    said = said if len(said) <= 40 else said[:39] + "\u2026"
    hits = lookup.arranged(found.hits, asked.order.uncut())
    session.emit(
        asked.records(hits, views.search_table, f"Nothing matches {said!r}."), asked.output
    )


def claims(
    ctx: typer.Context,
    kinds: ClaimKindOption = None,
    attributed: AttributedFlag = False,
    stated: StatedFlag = False,
    json_: JsonFlag = False,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
    sort: SortOption = None,
    reverse: ReverseFlag = False,
    limit: LimitOption = None,
) -> None:
    """Statements the sources attribute: who says so, and where.

    Every event, position, person's description and quotation whose attribution
    is not null (the source reports it rather than states it), and nothing else.

    \b
    Examples:
      bazhanov claims
      bazhanov claims --kind person
      bazhanov claims --json --fields id,attribution
    """
    asked = listing_request("claims", ctx.params)
    session = session_of(ctx)
    found = asked.chosen(claims_in(session.biography(), cast("list[ClaimKind] | None", kinds)))
    session.emit(asked.records(found, views.claims_table, "No claims."), asked.output)


def show(
    ctx: typer.Context,
    item_id: IdArgument,
    json_: JsonFlag = False,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
) -> None:
    """One item of any kind in full: its passages in the sources, and its events.

    ID is any id another command prints: an infobox field (born), an event,
    edition, person, place or quote, or a source (article).

    \b
    Examples:
      bazhanov show defection
      bazhanov show article
      bazhanov show agabekov --json --fields name,events
    """
    from ..model.kinds import fields_of
    from ..queries.passages import shown

    session = session_of(ctx)
    bio = session.biography()
    found = lookup.find_item(bio, item_id)
    output = output_spec([*fields_of(found.listing), "passages"], json_, fmt, fields)
    documents = session.documents() if found.kind != "source" else {}  # a source cites none
    record = shown(found, documents)
    passages = record["passages"]
    card = partial(views.item_card, found, bio=bio, passages=passages, shipped=documents)
    session.emit(OneRecord(record, card), output)


def sources(
    ctx: typer.Context,
    source_id: SourceArgument = None,
    section: SectionOption = None,
    json_: JsonFlag = False,
    fmt: FormatOption = None,
    fields: FieldsOption = None,
    sort: SortOption = None,
    reverse: ReverseFlag = False,
    limit: LimitOption = None,
) -> None:
    """The documents the data comes from, their licences, and how many items each backs.

    With ID, that document's text, which ships with bazhanov: each section under its
    heading, each paragraph after its number (the number the data's references give
    it); with --json, a list of its paragraphs.

    \b
    Examples:
      bazhanov sources --json --fields id,url,licence
      bazhanov sources article --section Defection
      bazhanov sources editions --json
    """
    session = session_of(ctx)
    if source_id is None:
        if section is not None:
            raise UsageError(
                "--section prints a section of one source: give its ID first "
                "(bazhanov sources article --section Defection)"
            )
        asked = listing_request("sources", ctx.params)
        found = asked.chosen(lookup.sources_backed(session.biography()))
        session.emit(asked.records(found, views.sources_table, "No sources."), asked.output)
        return
    if sort is not None or reverse or limit is not None:
        raise UsageError("--sort, --reverse and --limit arrange the list of sources, not a text")
    from ..output.emit import Records
    from ..queries.passages import document_named, paragraphs_of, sections_named

    output = output_spec("passages", json_, fmt, fields)
    declared = session.biography()["sources"]
    document = document_named(session.documents(), [source["id"] for source in declared], source_id)
    chosen = sections_named(document, section)
    source = next(source for source in declared if source["id"] == document.source)
    view = partial(views.document_view, document, chosen, source)
    empty = f"{document.source}: no paragraphs in {', '.join(part.name for part in chosen)}."
    session.emit(Records(paragraphs_of(document.source, chosen), lambda _: view(), empty), output)
