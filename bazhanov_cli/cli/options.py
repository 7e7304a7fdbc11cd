"""The options the commands share, each declared once as an ``Annotated`` alias, and their checks.

sqlite-utils' ``output_options`` in Typer's form: every listing declares the same
``--json``, ``--format``, ``--fields``, ``--sort``, ``--reverse`` and ``--limit`` (and
``--attributed``/``--stated``) by naming these aliases, and ``listing_request`` checks
them into one ``ListingRequest``. A name filter is the same ``NAME`` on ``people``,
``places`` and ``quotes``, ``--lang`` the same on ``editions`` and ``cite``. The program's
own options (``--data``, ``--color``, ``--no-pager``, ``--version``) are the app's
(``app.program_options``). The completers that go with the options live here too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Annotated, Any, TypeVar, cast, get_args

import typer

from ..choices import Color, Format, Shell
from ..errors import BazhanovError, UsageError
from ..model.entries import ClaimKind
from ..model.items import Category, Kind
from ..model.kinds import Listing, fields_of
from ..model.loading import DATA_ENV
from ..output.terminal import argument_text
from ..queries import lookup
from ..queries.claims import by_attribution
from ..queries.languages import language_completions
from ..queries.lookup import Sortable
from .session import session_of

if TYPE_CHECKING:
    from rich.console import RenderableType

    from ..output.emit import AnyRecord, Output, Records

F = TypeVar("F", bound=str)
"""A command's closed set of formats (``Format``, ``CiteFormat``, ``ValidateFormat``)."""


def output_spec(
    listing: Listing | Sequence[str], json_flag: bool, fmt: Format | None, fields: str | None
) -> Output:
    """Check ``--json``, ``--format`` and ``--fields`` against ``listing``'s fields (or
    against these field names: the columns of an SQL query's result).

    Usage errors name what would be valid.
    """
    from ..output.emit import Output

    valid = fields_of(cast("Listing", listing)) if isinstance(listing, str) else listing
    chosen: Format = format_of(json_flag, fmt, "json", "table")
    if fields is None:
        return Output(chosen, list(valid), False)
    return Output(chosen, parse_fields(fields, valid), True)


def format_of(json_flag: bool, fmt: F | None, json_format: F, default: F) -> F:
    """The format ``--json`` and ``--format`` ask for: ``--json`` is short for ``--format
    json_format`` (``json``, or ``csl-json`` for ``cite``); neither is ``default``; a
    ``--format`` that is not the JSON one beside ``--json`` is a UsageError."""
    if json_flag and fmt not in (None, json_format):
        raise UsageError(f"--json and --format {fmt} disagree; give one of them")
    return fmt or (json_format if json_flag else default)


def parse_fields(text: str, valid: Sequence[str] | None) -> list[str]:
    """``"date,title"`` -> ``["date", "title"]``; an unknown name is a UsageError listing all
    (``valid`` None: any name is one, as any column of an SQL query's result may be)."""
    fields = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in fields if valid is not None and name not in valid]
    if unknown or not fields:
        what = f"unknown field {unknown[0]!r}" if unknown else "no field named"
        listed = f"; valid fields: {', '.join(valid)}" if valid is not None else ""
        raise UsageError(f"{what} in --fields{listed}")
    return list(dict.fromkeys(fields))  # keep the order given, drop repeats


def order_spec(
    listing: Listing, sort: str | None, reverse: bool, limit: int | None = None
) -> lookup.Order:
    """Check ``--sort`` against ``listing``'s fields: the arrangement a query step applies."""
    valid = fields_of(listing)
    if sort is not None and sort.strip() not in valid:
        raise UsageError(f"unknown field {sort!r} for --sort; valid fields: {', '.join(valid)}")
    return lookup.Order(sort.strip() if sort is not None else None, reverse, limit)


class ListingRequest:
    """What the user asked of a listing: its output, which records (``--attributed`` or
    ``--stated``) and in what order; checked before any data is read."""

    __slots__ = ("attributed", "order", "output")  # a plain class: see output.emit.Output

    def __init__(self, output: Output, attributed: bool | None, order: lookup.Order) -> None:
        self.output, self.attributed, self.order = output, attributed, order

    def chosen(self, records: Sequence[Sortable]) -> list[Sortable]:
        """The records asked for, arranged: the query steps every listing ends with."""
        return lookup.arranged(by_attribution(records, self.attributed), self.order)

    def records(
        self,
        chosen: Sequence[AnyRecord],
        table: Callable[[Sequence[AnyRecord]], RenderableType],
        empty: str,
    ) -> Records[AnyRecord]:
        """The ``chosen`` records as the listing's output, ``table`` their curated view and
        ``empty`` what an empty one says (``No editions.``), naming ``--attributed`` or
        ``--stated`` when one was given: the filter may be why nothing is left."""
        from ..output.emit import Records

        if self.attributed is not None:
            given = "--attributed" if self.attributed else "--stated"
            empty = f"{empty.rstrip('.')} with {given}."
        return Records(chosen, table, empty)


def listing_request(listing: Listing, given: Mapping[str, Any]) -> ListingRequest:
    """The options every listing takes, from the command's parsed parameters (Click's
    ``ctx.params``), checked into one ``ListingRequest``."""
    return ListingRequest(
        output_spec(listing, given["json_"], given["fmt"], given["fields"]),
        attribution_wanted(given.get("attributed", False), given.get("stated", False)),
        order_spec(listing, given["sort"], given["reverse"], given["limit"]),
    )


def _version(ctx: typer.Context, value: bool) -> None:
    if value:
        from importlib.metadata import version  # only --version pays for it

        from ..output.emit import Document

        session_of(ctx).emit(Document(f"bazhanov {version('bazhanov-cli')}\n"))
        raise typer.Exit()


def complete_shell(incomplete: str) -> list[str]:
    return [shell for shell in get_args(Shell) if shell.startswith(incomplete.lower())]


def _complete_fields(ctx: typer.Context, incomplete: str) -> list[str]:
    # Complete the last name of a comma list: "date,ti" -> "date,title".
    done, _, last = incomplete.rpartition(",")
    prefix = f"{done}," if done else ""
    return [prefix + name for name in _field_names(ctx) if name.startswith(last)]


def _complete_field(ctx: typer.Context, incomplete: str) -> list[str]:
    return [name for name in _field_names(ctx) if name.startswith(incomplete)]


def _field_names(ctx: typer.Context) -> list[str]:
    listing = ctx.command.name or ""
    return fields_of(cast(Listing, listing)) if listing in get_args(Listing) else []


def _complete_language(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    try:
        present = {edition["language"] or "" for edition in session_of(ctx).biography()["editions"]}
    except BazhanovError:
        present = set()
    return language_completions(incomplete, present)


def complete_id(ctx: typer.Context, incomplete: str) -> list[str]:
    try:
        bio = session_of(ctx).biography()
    except BazhanovError:
        return []
    ids = lookup.all_ids(bio)
    if ctx.command.name == "show":  # show takes the sources' ids too
        ids += [source["id"] for source in bio["sources"]]
    return [item_id for item_id in ids if item_id.startswith(incomplete.lower())]


def _complete_source(ctx: typer.Context, incomplete: str) -> list[str]:
    try:
        sources = session_of(ctx).biography()["sources"]
    except BazhanovError:
        return []
    return [source["id"] for source in sources if source["id"].startswith(incomplete.lower())]


def _complete_section(ctx: typer.Context, incomplete: str) -> list[str]:
    # The sections of the source named before, or, where the shell's words leave it unparsed
    # (Click parses no argument while an option waits for its value), of every source.
    wanted = str(ctx.params.get("source_id") or "").strip().lower()
    try:
        sources = session_of(ctx).biography()["sources"]
    except BazhanovError:
        return []
    named = [source for source in sources if source["id"] == wanted] or sources
    sections = dict.fromkeys(name for source in named for name in source["sections"])
    return [name for name in sections if name.startswith(incomplete)]


def complete_sql(incomplete: str) -> list[str]:
    """The query typed so far, its last word completed to a table's or a column's name."""
    import re

    from ..output.sqlite import names

    head, last = re.fullmatch(r"(.*?)(\w*)", incomplete, re.DOTALL).groups()  # type: ignore[union-attr]
    tables = names()
    known = sorted({*tables, *(column for columns in tables.values() for column in columns)})
    return [head + name for name in known if name.startswith(last.lower())]


class ValueRefused(typer.BadParameter):
    """A value one of our parsers refused, in words that quote it and say what would do.

    Such a message is whole: ``__main__.run`` adds no pointer to ``--help``, as it does
    to Click's own usage errors.
    """


def one_of(choices: Any) -> Callable[[str], Any]:
    """The parser of a ``Literal`` option: its value in any case, or ``ValueRefused``.

    Typer checks a ``Literal`` itself (and still offers its values in the help and
    completion when a parser is given), but in pydantic's words; and not at all in a list.
    """
    allowed: tuple[str, ...] = get_args(choices)

    def parse(typed: str) -> str:
        text = argument_text(typed)  # quoted as typed, in any locale
        for choice in allowed:
            if choice == text.strip().lower():
                return choice
        raise ValueRefused(f"{text!r} is not one of {', '.join(map(repr, allowed))}.")

    return parse


def whole_number(*names: str, low: int, high: int | None = None, **settings: Any) -> Any:
    """A ``typer.Option`` for a whole number from ``low`` to ``high``; anything else is
    ``ValueRefused``, quoting it. ``min`` and ``max`` go to Typer too, for the help's
    ``[1<=x<=9999]``; the parser checks first.
    """
    span = f"from {low} to {high}" if high is not None else f"of {low} or more"

    def parse(text: str) -> int:
        digits = text.strip()
        # str.isdigit takes other scripts' digits and int() takes "1_000": neither is a year.
        try:
            number = int(digits) if digits.isascii() and digits.isdigit() else None
        except ValueError:  # more digits than int() converts
            number = None
        if number is None or number < low or (high is not None and number > high):
            raise ValueRefused(f"{text!r} is not a whole number {span}.")
        return number

    return typer.Option(*names, parser=parse, min=low, max=high, **settings)


DataOption = Annotated[
    str | None,
    typer.Option(
        "--data",
        envvar=DATA_ENV,
        metavar="FILE",
        help="Read this biography file instead of the bundled one (same schema).",
        show_default=False,
    ),
]
ColorOption = Annotated[
    Color,
    typer.Option(
        "--color",
        parser=one_of(Color),
        metavar="WHEN",
        help="auto (colour on a terminal, as NO_COLOR and FORCE_COLOR say), always or never.",
    ),
]
NoPagerFlag = Annotated[
    bool,
    typer.Option(
        "--no-pager",
        help="Never page long output (else $BAZHANOV_PAGER, $PAGER or less -FRX).",
    ),
]
VersionFlag = Annotated[
    bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
]
QuietFlag = Annotated[
    bool,
    typer.Option(
        "--quiet",
        "-q",
        help="No progress on stderr (else shown on a terminal when the work takes over a second).",
    ),
]
JsonFlag = Annotated[
    bool, typer.Option("--json", help="Print JSON to stdout (UTF-8); short for --format json.")
]
FormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        parser=one_of(Format),
        metavar="FORMAT",
        help="table (the default), " + ", ".join(get_args(Format)[1:]) + ".",
        show_default=False,
    ),
]
FieldsOption = Annotated[
    str | None,
    typer.Option(
        "--fields",
        metavar="FIELD,...",
        help="Only these fields, in this order, in every format.",
        autocompletion=_complete_fields,
        show_default=False,
    ),
]
YearOption = Annotated[
    int | None,
    whole_number("--year", "-y", low=1, high=9999, metavar="YEAR", help="Events touching YEAR."),
]
FromOption = Annotated[
    int | None,
    whole_number("--from", low=1, high=9999, metavar="YEAR", help="Ending in or after YEAR."),
]
ToOption = Annotated[
    int | None,
    whole_number("--to", low=1, high=9999, metavar="YEAR", help="Starting in or before YEAR."),
]
CategoryOption = Annotated[
    Category | None,
    typer.Option(
        "--category",
        "-c",
        parser=one_of(Category),
        metavar="CATEGORY",
        help="Only this category: " + ", ".join(get_args(Category)) + ".",
    ),
]


def _complete_named(kind: str) -> Callable[[typer.Context, str], list[str]]:
    """A completer of the ids of the people (or places) whose id starts as typed."""

    def complete(ctx: typer.Context, incomplete: str) -> list[str]:
        try:
            bio = session_of(ctx).biography()
        except BazhanovError:
            return []
        entities = bio["people"] if kind == "person" else bio["places"]
        return [item["id"] for item in entities if item["id"].startswith(incomplete.lower())]

    return complete


PersonOption = Annotated[
    list[str] | None,
    typer.Option(
        "--person",
        "-p",
        metavar="NAME",
        parser=argument_text,
        help="Only events naming this person: an id or part of a name, as `people NAME` "
        "finds them (repeatable: every one).",
        autocompletion=_complete_named("person"),
        show_default=False,
    ),
]
PlaceOption = Annotated[
    list[str] | None,
    typer.Option(
        "--place",
        metavar="NAME",
        parser=argument_text,
        help="Only events at this place: an id or part of a name, as `places NAME` "
        "finds them (repeatable: every one).",
        autocompletion=_complete_named("place"),
        show_default=False,
    ),
]
SortOption = Annotated[
    str | None,
    typer.Option(
        "--sort",
        metavar="FIELD",
        help="Order by FIELD (nulls last).",
        autocompletion=_complete_field,
        show_default=False,
    ),
]
ReverseFlag = Annotated[bool, typer.Option("--reverse", help="Reverse the order.")]
LimitOption = Annotated[
    int | None,
    whole_number(
        "--limit", "-n", low=1, metavar="N", help="At most N records.", show_default=False
    ),
]
# Arguments are hidden from the options' list, where Typer would show a type
# placeholder beside them; each command's help says what its arguments are.
#
# Every argument that names data is read with ``parser=argument_text``: typed in any
# locale (``LC_ALL=POSIX`` hands Python UTF-8 bytes as surrogate escapes), it is the
# text the user typed. A path (``--data``, ``FILE``) is not: it stays the bytes the
# system gave, which is what opens the file.
NameFilter = Annotated[
    str | None, typer.Argument(metavar="NAME", hidden=True, parser=argument_text)
]
IdArgument = Annotated[
    str,
    typer.Argument(metavar="ID", hidden=True, parser=argument_text, autocompletion=complete_id),
]
IdsArgument = Annotated[
    list[str] | None,
    typer.Argument(metavar="ID", hidden=True, parser=argument_text, autocompletion=complete_id),
]


def _date(typed: str) -> str:
    """A date as the data writes one (``dates.date_problem``), or ``ValueRefused``."""
    from ..model.dates import date_problem

    text = argument_text(typed).strip()
    problem = date_problem(text)
    if problem is not None:
        raise ValueRefused(f"{problem}; give a year, a month or a day: 1926, 1928-05, 1928-01-01.")
    return text


DateArgument = Annotated[str, typer.Argument(metavar="DATE", hidden=True, parser=_date)]
SourceArgument = Annotated[
    str | None,
    typer.Argument(
        metavar="ID",
        hidden=True,
        parser=argument_text,
        autocompletion=_complete_source,
    ),
]
SectionOption = Annotated[
    str | None,
    typer.Option(
        "--section",
        metavar="NAME",
        parser=argument_text,
        help="With ID: only this section (and those within it), named as its heading.",
        autocompletion=_complete_section,
        show_default=False,
    ),
]
QueryArgument = Annotated[
    list[str], typer.Argument(metavar="QUERY", hidden=True, parser=argument_text)
]
RoleOption = Annotated[
    str | None,
    typer.Option(
        "--role", metavar="TEXT", parser=argument_text, help="Only people whose role mentions TEXT."
    ),
]
LanguageOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        "-l",
        metavar="LANG",
        parser=argument_text,
        help="ISO 639-1 (de), ISO 639-2 (deu, ger) or English name (German).",
        autocompletion=_complete_language,
    ),
]


def several_of(choices: Any) -> Callable[[str], list[str]]:
    """The parser of a repeatable ``Literal`` option that also takes comma lists
    (``--kind event,person``): each name of the list in any case, or ``ValueRefused``
    naming the valid ones. ``every_one`` flattens what Click collects of it."""
    allowed: tuple[str, ...] = get_args(choices)
    valid = ", ".join(map(repr, allowed))

    def parse(typed: str) -> list[str]:
        text = argument_text(typed)
        names = [name.strip().lower() for name in text.split(",")]
        for name in names:
            if not name:
                raise ValueRefused(f"{text!r} has an empty name; each is one of {valid}.")
            if name not in allowed:
                raise ValueRefused(f"{name!r} is not one of {valid}.")
        return names

    return parse


def every_one(value: Sequence[list[str]] | None) -> list[str] | None:
    """Each name ``several_of`` read, in the order given, repeats dropped; None for none."""
    names = [name for names in value or () for name in names]
    return list(dict.fromkeys(names)) or None


def kind_option(choices: Any, what: str) -> Any:
    """The ``--kind``/``-k`` option of a command: names of ``choices``, repeatable or a
    comma list, one list for the command; completed name by name (``event,pe``)."""

    def complete(incomplete: str) -> list[str]:
        done, _, last = incomplete.rpartition(",")
        prefix = f"{done}," if done else ""
        return [prefix + name for name in get_args(choices) if name.startswith(last.lower())]

    return typer.Option(
        "--kind",
        "-k",
        parser=several_of(choices),
        callback=every_one,
        metavar="KIND,...",
        help=f"{what} (repeatable, or a comma list): " + ", ".join(get_args(choices)) + ".",
        autocompletion=complete,
        show_default=False,
    )


KindOption = Annotated[list[str] | None, kind_option(Kind, "Only these kinds")]
AttributedFlag = Annotated[
    bool,
    typer.Option(
        "--attributed", help="Only what the sources attribute to someone (attribution not null)."
    ),
]
StatedFlag = Annotated[
    bool,
    typer.Option("--stated", help="Only what the sources state as fact (attribution null)."),
]
ClaimKindOption = Annotated[list[str] | None, kind_option(ClaimKind, "Only these kinds")]


def attribution_wanted(attributed: bool, stated: bool) -> bool | None:
    """What ``--attributed``/``--stated`` ask for (``queries.by_attribution``): True, False,
    or None for neither; both at once is a usage error."""
    if attributed and stated:
        raise UsageError("--attributed and --stated exclude each other; give one of them")
    return True if attributed else False if stated else None
