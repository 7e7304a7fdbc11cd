"""The Python API: load the biography, then ask it what the commands ask.

Every function takes the biography ``load`` returned and gives back plain,
JSON-shaped dicts (the TypedDicts of ``model.items`` and ``model.entries``), the
records ``--json`` prints:
they go straight into ``json.dumps``, a ``pandas.DataFrame`` or a database.
Nothing here prints, exits, caches or touches the interpreter; the console script
(``bazhanov``) is a client of these same functions.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Sequence

from .choices import Style
from .model.entries import (
    AtEntry,
    Claim,
    ClaimKind,
    CslItem,
    EventEntry,
    FactsEntry,
    Passage,
    PersonEntry,
    PlaceEntry,
    SearchHit,
    ShownRecord,
    SourceEntry,
)
from .model.items import Biography, Category, Edition, Kind, Quote
from .queries import lookup
from .queries.at import event_entries
from .queries.claims import claims_in
from .queries.csl import formatted
from .queries.languages import language_of
from .queries.lookup import Found
from .queries.passages import Document
from .queries.search import DEFAULT_LIMIT


def load(path: str | os.PathLike[str] | None = None) -> Biography:
    """The biography: the bundled one, or the file at ``path`` validated exactly as ``--data``.

    :param path: a biography file of the same schema (``bazhanov schema biography``);
        None for the bundled one, which the test suite proves is exactly what validation gives.
    :raises DataError: the file is missing, too large, not JSON, repeats a key or breaks
        a rule; its ``problems`` name each one by JSON path.
    """
    from .model.loading import load_biography

    return load_biography(path)


def facts(bio: Biography) -> FactsEntry:
    """The infobox: names, birth, death, positions, and the age at death they imply."""
    return lookup.facts_entry(bio)


def events(
    bio: Biography,
    *,
    year: int | None = None,
    from_year: int | None = None,
    to_year: int | None = None,
    category: Category | None = None,
    people: Sequence[str] = (),
    places: Sequence[str] = (),
) -> list[EventEntry]:
    """The events in date order (``1928-01-01`` before ``1928``, which may be any day of
    it), those touching ``year`` or the years ``from_year``..``to_year``: what
    ``bazhanov events`` lists, each with his ``age`` over its days.

    An event with an ``end`` touches every year from its start to its end. Every
    filter is optional and they combine.

    :param category: only events of this category (``Category``).
    :param people: only events naming each of these people: an id, or part of a name or
        other name in any case, as ``people`` finds them (``["trotsky", "Lenin"]``).
    :param places: only events at each of these places, found the same way.
    :raises ValueError: ``from_year`` is after ``to_year``.
    :raises LookupError: a name matches nobody (the message names the closest).
    """
    if from_year is not None and to_year is not None and from_year > to_year:
        raise ValueError(f"from_year {from_year} is after to_year {to_year}")
    if isinstance(people, str) or isinstance(places, str):
        raise TypeError("people and places are lists of names: people=['trotsky']")
    where = lookup.EventFilter(
        year,
        from_year,
        to_year,
        category,
        [lookup.named_ids(bio, "person", name) for name in people],
        [lookup.named_ids(bio, "place", name) for name in places],
    )
    return event_entries(bio, lookup.events_matching(bio["events"], where))


def at(bio: Biography, date: str) -> AtEntry:
    """His life at ``date`` (``1926``, ``1928-05``, ``1928-01-01``): his age, the positions
    he held, his places, and the events that certainly, then possibly, overlap the date:
    what ``bazhanov at DATE`` shows. A date before his birth or after his death is an
    answer too (``life``), not an error.

    :raises ValueError: ``date`` is not a valid date of the form YYYY, YYYY-MM or YYYY-MM-DD.
    """
    from .queries.at import at as life_at

    return life_at(bio, date)


def editions(bio: Biography, language: str | None = None) -> list[Edition]:
    """The editions, in the article's order; only those in ``language`` when given.

    :param language: ISO 639-1 (``de``), ISO 639-2 (``deu``, ``ger``) or an English
        name (``German``).
    :raises ValueError: ``language`` names no language (the message lists those present).
    """
    return lookup.editions_in_language(bio["editions"], language_of(bio, language))


def people(bio: Biography, name: str | None = None, role: str | None = None) -> list[PersonEntry]:
    """Everyone whose name or alias contains ``name`` and whose description mentions ``role``
    (any case), each with the ids of the events that name them."""
    return lookup.people_named(bio, name, role)


def places(bio: Biography, name: str | None = None) -> list[PlaceEntry]:
    """Every place whose name, alias or present-day name contains ``name`` (any case),
    each with the ids of the events that name it."""
    return lookup.places_named(bio, name)


def quotes(bio: Biography, name: str | None = None) -> list[Quote]:
    """The quotations whose speaker (id, name or alias) or source contains ``name``."""
    return lookup.quotes_by(bio, name)


def sources(bio: Biography) -> list[SourceEntry]:
    """The source documents, each with how many items cite it."""
    return lookup.sources_backed(bio)


def claims(bio: Biography, kinds: Collection[ClaimKind] | None = None) -> list[Claim]:
    """Every statement the sources attribute rather than state: each item (or position)
    whose ``attribution`` is not null, with what it says, who says so and its passages.

    :param kinds: only these kinds (``ClaimKind``: ``position``, ``event``, ``person``,
        ``place``, ``quote``).
    """
    return claims_in(bio, kinds)


def search(
    bio: Biography,
    query: str,
    *,
    kinds: Collection[Kind] | None = None,
    limit: int | None = DEFAULT_LIMIT,
) -> list[SearchHit]:
    """The ``limit`` best items matching every word of ``query`` (accents, case, word forms
    and small typos forgiven; small words such as "who" and "to" left out), best first: what
    ``bazhanov search`` shows. When no item has every word, those with the most of them,
    as the command shows them (``queries.search.search`` also says so: ``Results.partial``).

    :param kinds: only these kinds of item (``Kind``).
    :param limit: at most this many hits (20, as the command, unless given); None for all.
    :raises ValueError: ``query`` has no letter or digit.
    """
    from .queries.search import search as run_search

    return run_search(bio, query, kinds=kinds, limit=limit).hits


def find(bio: Biography, item_id: str) -> Found:
    """The item with ``item_id`` (any kind; an infobox field such as ``born`` too), or the
    source with that id (``article``), as ``sources`` prints it.

    :returns: ``Found`` with the item's ``kind`` (``model.ShownKind``), the ``item`` as its
        listing prints it, and the ``related`` events.
    :raises LookupError: no item has that id (the message names the closest ids).
    """
    return lookup.find_item(bio, item_id)


def show(bio: Biography, item_id: str) -> ShownRecord:
    """What ``bazhanov show ID --json`` prints: the item (as ``find`` gives it) and its
    ``passages``, its provenance with the text of each paragraph it names.

    A passage's ``text`` is None where its source's text does not ship with the package
    (a file's own source: only the bundled sources, the same id, title and address, have
    theirs) or has no such paragraph.

    :raises LookupError: no item has that id (the message names the closest ids).
    """
    from .queries.passages import shown

    return shown(lookup.find_item(bio, item_id), _documents(bio))


def source_text(bio: Biography, source_id: str, section: str | None = None) -> list[Passage]:
    """What ``bazhanov sources ID --json`` prints: every paragraph of a source whose text
    ships with the package, numbered as its references number them (docs/data.md).

    :param section: only this section (in any case) and the sections within it.
    :raises ValueError: the source's text does not ship, or it has no such section (the
        message names those there are).
    """
    from .queries.passages import document_named, paragraphs_of, sections_named

    ids = [source["id"] for source in bio["sources"]]
    document = document_named(_documents(bio), ids, source_id)
    return paragraphs_of(document.source, sections_named(document, section))


def _documents(bio: Biography) -> dict[str, Document]:
    from .model.loading import read_shipped_text
    from .queries.passages import documents_of

    return documents_of(bio["sources"], read_shipped_text)


def bibtex(bio: Biography, chosen: Sequence[Edition] | None = None) -> str:
    """A BibTeX ``@book`` entry for each edition (every one when ``chosen`` is None).

    Citation keys are unique among all of ``bio``'s editions, so they stay the same
    whichever are chosen. ``chosen`` come from ``editions`` or ``find``.
    """
    from .queries import cite

    return cite.bibtex(_every(bio, chosen), bio["editions"])


def ris(bio: Biography, chosen: Sequence[Edition] | None = None) -> str:
    """A RIS record for each edition (every one when ``chosen`` is None)."""
    from .queries import cite

    return cite.ris(_every(bio, chosen), bio["editions"])


def csl_json(bio: Biography, chosen: Sequence[Edition] | None = None) -> list[CslItem]:
    """CSL-JSON items (type ``book``) for each edition (every one when ``chosen`` is None)."""
    from .queries import cite

    return cite.csl_json(_every(bio, chosen), bio["editions"])


def references(
    bio: Biography, chosen: Sequence[Edition] | None = None, style: Style = "chicago"
) -> list[str]:
    """A formatted bibliography in ``style`` (``chicago``, ``apa``, ``mla`` or ``harvard``),
    sorted as the style sorts.

    :raises BazhanovError: the ``cite`` extra is missing (``pip install 'bazhanov-cli[cite]'``).
    """

    return formatted(_every(bio, chosen), style)


def _every(bio: Biography, chosen: Sequence[Edition] | None) -> Sequence[Edition]:
    return bio["editions"] if chosen is None else chosen
