"""bazhanov-cli: an exact, sourced reference to the life and works of Boris Bazhanov.

A library first::

    import bazhanov_cli

    bio = bazhanov_cli.load()
    for event in bazhanov_cli.events(bio, year=1928):
        print(event["date"], event["title"])

Items are plain JSON-shaped dicts, typed by the TypedDicts exported here. The
functions are in ``bazhanov_cli.api``; the names load on first use, so importing
the package (as the ``bazhanov`` command does first) costs nothing.
"""

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing first (PEP 781)

if TYPE_CHECKING:
    from .api import (
        at,
        bibtex,
        claims,
        csl_json,
        editions,
        events,
        facts,
        find,
        load,
        people,
        places,
        quotes,
        references,
        ris,
        search,
        show,
        source_text,
        sources,
    )
    from .choices import Style
    from .errors import BazhanovError, DataError, NotFoundError, Problem
    from .model.entries import (
        AgeRange,
        AtEntry,
        Claim,
        ClaimKind,
        CslItem,
        CslName,
        EventEntry,
        FactEntry,
        FactsEntry,
        Life,
        Passage,
        PersonEntry,
        PlaceEntry,
        QuoteRef,
        SearchHit,
        ShownRecord,
        SourceEntry,
    )
    from .model.items import (
        Biography,
        Category,
        Edition,
        Event,
        Facts,
        Kind,
        LifeMoment,
        OurName,
        Person,
        Place,
        Position,
        Quote,
        ShownKind,
        Source,
        SourceRef,
    )
    from .model.kinds import Item
    from .queries.lookup import Found

__all__ = [
    "AgeRange",
    "AtEntry",
    "BazhanovError",
    "Biography",
    "Category",
    "Claim",
    "ClaimKind",
    "CslItem",
    "CslName",
    "DataError",
    "Edition",
    "Event",
    "EventEntry",
    "FactEntry",
    "Facts",
    "FactsEntry",
    "Found",
    "Item",
    "Kind",
    "Life",
    "LifeMoment",
    "NotFoundError",
    "OurName",
    "Passage",
    "Person",
    "PersonEntry",
    "Place",
    "PlaceEntry",
    "Position",
    "Problem",
    "Quote",
    "QuoteRef",
    "SearchHit",
    "ShownKind",
    "ShownRecord",
    "Source",
    "SourceEntry",
    "SourceRef",
    "Style",
    "at",
    "bibtex",
    "claims",
    "csl_json",
    "editions",
    "events",
    "facts",
    "find",
    "load",
    "people",
    "places",
    "quotes",
    "references",
    "ris",
    "search",
    "show",
    "source_text",
    "sources",
]

_HOMES = (
    "api",
    "errors",
    "queries.lookup",
    "choices",
    "model.items",
    "model.entries",
    "model.kinds",
)
"""Where the public names live; each is imported when a name is first asked for (PEP 562)."""


def __getattr__(name: str) -> object:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    for home in _HOMES:
        module = import_module(f".{home}", __name__)
        if name in vars(module):
            value = vars(module)[name]
            globals()[name] = value  # asked once
            return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")  # pragma: no cover


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
