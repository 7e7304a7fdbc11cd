"""Fuzz the whole CLI: random command lines from the real grammar, through CliRunner.

The grammar is read from the click command tree that Typer builds
(``typer.main.get_command``), so a new command or option is fuzzed without
touching this file. Values are a mix of plausible ones (real years, language
codes, categories, field names, ids, formats) and hostile ones (empty, huge,
negative, Cyrillic, combining and bidi marks, control characters, very long,
starting with ``-``). Every run must keep the CLI's contract:

- no exception escapes and the exit code is 0, 1 or 2;
- a failure prints nothing on stdout (``validate`` lists the problems there)
  and exactly one ``Error: ...`` line on stderr;
- ``--help`` and ``--version`` exit 0 and print the help or the version;
- JSON, JSONL and CSV output parses; JSON and JSONL validate against
  ``bazhanov schema NAME`` (restricted to ``--fields`` when given) and carry
  exactly the chosen keys, in order.

Runs are hermetic: ``--data`` and every path value point into a temporary
directory (a valid copy of the data, broken files, a missing file), and the
files ``timeline --svg/--html`` writes land there too.

CI runs a fixed, derandomized budget (``FUZZ_EXAMPLES`` command lines, about
12 s on two cores), the same lines every run. For a longer exploratory run with
fresh random seeds (failures are saved in ``.hypothesis/`` and replayed first)::

    BAZHANOV_FUZZ_EXAMPLES=5000 python -m pytest tests/test_fuzz.py -q

Add ``--hypothesis-show-statistics`` to see how many runs each check saw.

Every failing command line ever found is kept in ``FOUND_COMMAND_LINES``, as a
regression row; rows that are real CLI bugs are strict xfails until fixed.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import functools
import io
import json
import os
import re
import shutil
import typing
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any, Protocol

import jsonschema
import pytest
import typer.main
from hypothesis import event, given, note, settings
from hypothesis import strategies as st
from typer.core import TyperGroup

from bazhanov_cli import choices
from bazhanov_cli.cli import app
from bazhanov_cli.model.items import Category, Kind
from bazhanov_cli.model.kinds import KIND_SPECS, Listing, SchemaName, fields_of
from bazhanov_cli.model.loading import DATA_ENV, parse_biography
from bazhanov_cli.output.terminal import visible
from bazhanov_cli.queries import languages as language_queries
from bazhanov_cli.queries import lookup

from .conftest import CLI_ENV, DATA_FILE, invoke

SCHEMA_NAMES: tuple[str, ...] = typing.get_args(SchemaName)

# --- budget ------------------------------------------------------------------------

FUZZ_EXAMPLES = 600  # about 12 s on a 2-core machine
EXPLORATORY_EXAMPLES = os.environ.get("BAZHANOV_FUZZ_EXAMPLES")

settings.register_profile(
    "bazhanov-fuzz-ci",
    max_examples=FUZZ_EXAMPLES,
    deadline=None,  # cite's CSL formatting is slow on a first call; time is not the contract
    derandomize=True,  # the same command lines on every CI run
    database=None,  # and no replayed examples from an earlier local run
)
settings.register_profile(
    "bazhanov-fuzz-explore",
    max_examples=int(EXPLORATORY_EXAMPLES or FUZZ_EXAMPLES),
    deadline=None,
    derandomize=False,  # new seeds each run; failures are saved to .hypothesis/ and replayed
)
FUZZ_PROFILE = "bazhanov-fuzz-explore" if EXPLORATORY_EXAMPLES else "bazhanov-fuzz-ci"


# --- the grammar, read from the real command tree --------------------------------------


@dataclass(frozen=True)
class Param:
    """What the fuzzer needs to know of one click parameter."""

    name: str
    opts: tuple[str, ...]  # the option's spellings; empty for an argument
    is_flag: bool
    multiple: bool
    nargs: int
    required: bool
    is_eager: bool
    value_type: Any  # int, str, Path or bool; the item type of a list
    minimum: int | None
    maximum: int | None
    choices: tuple[str, ...] | None

    @property
    def is_argument(self) -> bool:
        return not self.opts


@dataclass(frozen=True)
class Grammar:
    top_level: tuple[Param, ...]
    commands: dict[str, tuple[Param, ...]]


FILE_PARAMS = {"data", "files", "svg", "html", "file", "metadata"}
"""Typed ``str`` in the CLI, so that ``''`` and ``-`` arrive as typed; files all the same,
which the fuzzer keeps inside its sandbox."""


def describe(param: Any) -> Param:
    """A ``Param`` from a Typer parameter (Typer 0.29 keeps its type in ``type_descriptor``)."""
    descriptor = param.type_descriptor
    value_type = descriptor.annotation
    if typing.get_origin(value_type) is list:
        (value_type,) = typing.get_args(value_type)
    if param.name in FILE_PARAMS:
        value_type = Path
    choices = getattr(descriptor, "choices", None)
    is_argument = param.param_type_name == "argument"
    return Param(
        name=param.name,
        opts=() if is_argument else tuple(param.opts + param.secondary_opts),
        is_flag=bool(getattr(param, "is_flag", False)),
        multiple=param.multiple,
        nargs=param.nargs,
        required=param.required,
        is_eager=param.is_eager,
        value_type=value_type,
        minimum=param.min,
        maximum=param.max,
        choices=None if choices is None else tuple(str(getattr(c, "value", c)) for c in choices),
    )


@functools.cache
def cli_group() -> TyperGroup:
    group = typer.main.get_command(app)
    assert isinstance(group, TyperGroup)
    return group


def read_grammar() -> Grammar:
    """Every command and parameter of ``bazhanov``, through click's public methods only."""
    group = cli_group()
    context = group.make_context("bazhanov", [], resilient_parsing=True)
    commands = {}
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        assert command is not None, name
        # Its own context, so the help option is spelled as the command spells it.
        command_context = command.make_context(name, [], parent=context, resilient_parsing=True)
        commands[name] = tuple(describe(param) for param in command.get_params(command_context))
    top_level = tuple(describe(param) for param in group.get_params(context))
    return Grammar(top_level, commands)


GRAMMAR = read_grammar()
BIO = parse_biography(DATA_FILE.read_bytes(), str(DATA_FILE))


# --- the sandbox every path points into --------------------------------------------

SANDBOX = "<sandbox>"  # stands for the temporary directory in generated command lines
OUTPUT_DIR = f"{SANDBOX}/out"
BROKEN_DATA_FILES: dict[str, bytes] = {
    "broken.json": b'{\n  "facts": ,\n}',
    "wrong-shape.json": b"[]",
    "empty.json": b"",
    "not-utf8.json": b"\xff\xfe\x00binary",
}


def rule_breaking_data() -> bytes:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    data["events"][3]["date"] = "1928-13-01"
    return json.dumps(data, ensure_ascii=False).encode()


@dataclass(frozen=True)
class Sandbox:
    root: Path

    def reset(self) -> None:
        """Put every data file back: a fuzzed ``--svg`` path may have overwritten one."""
        shutil.rmtree(self.root)
        (self.root / "out").mkdir(parents=True)
        shutil.copyfile(DATA_FILE, self.root / "valid.json")
        (self.root / "rule-break.json").write_bytes(rule_breaking_data())
        for name, content in BROKEN_DATA_FILES.items():
            (self.root / name).write_bytes(content)

    def resolve(self, token: str) -> str:
        return token.replace(SANDBOX, str(self.root))


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Sandbox:
    # Module scope: a function-scoped tmp_path is not reset between Hypothesis examples.
    made = Sandbox(tmp_path_factory.mktemp("fuzz"))
    made.reset()
    return made


# --- values ------------------------------------------------------------------------

HOSTILE_TEXT: tuple[str, ...] = (
    "",
    " ",
    "\t",
    "\n",
    "abc",
    "-",
    "--",
    "-x",
    "--json",
    "-h",
    "--help",
    "--version",
    "Бажанов",
    "БАЖАНОВ",
    "e\u0301",  # e + combining acute
    "\u0301",  # a lone combining mark
    "\u202eevil",  # right-to-left override
    "\u200b",  # zero-width space
    "\ufeff",  # byte-order mark
    "\x01",
    "\x1b[31mred",
    "\x7f",
    "\udcff",  # a non-UTF-8 byte of a real argv, as Python decodes it (surrogateescape)
    "[bold]markup[/bold]",
    "[/]",
    "%s%n",
    "{0}",
    "\\",
    "'",
    '"',
    "İ",  # lower() makes it two characters
    "ß",
    "ﬁ",
    "😀",
    "null",
    "*",
    "..",
    "a" * 3000,
)
HOSTILE_INTEGERS: tuple[str, ...] = (
    "",
    " ",
    "abc",
    "-1",
    "0",
    "-0",
    "+1928",
    " 1928 ",
    "1928.0",
    "1e3",
    "0x7a0",
    "1_928",
    "١٩٢٨",  # Arabic-Indic digits: int() accepts them
    "１９２８",  # fullwidth digits
    "99999999999999999999999999",
    "-99999999999999999999999999",
    "9" * 4301,  # past int()'s digit limit
)
# A little random text too, beyond the fixed list (NUL cannot be in an argv).
RANDOM_TEXT = st.text(st.characters(exclude_characters="\x00"), max_size=30)


def with_case_and_space(values: Sequence[str]) -> st.SearchStrategy[str]:
    """A real value as given, or upper-cased, or padded: the CLI ignores both."""
    return st.sampled_from(list(values)).flatmap(
        lambda value: st.sampled_from([value, value.upper(), f" {value} "])
    )


def data_words() -> list[str]:
    """Names, aliases and words of the bundled data: plausible free text for any search."""
    names = [person["name"] for person in BIO["people"]]
    names += [alias for person in BIO["people"] for alias in person["aliases"]]
    names += [place["name"] for place in BIO["places"]]
    names += [alias for place in BIO["places"] for alias in place["aliases"]]
    names += [quote["source"] for quote in BIO["quotes"]]
    words = {word for event in BIO["events"] for word in re.findall(r"\w{4,}", event["title"])}
    words |= {
        word for person in BIO["people"] for word in re.findall(r"\w{4,}", person["description"])
    }
    return [*names, *sorted(words), "Бажанов", "Bajanov", "Stailn", "1928"]


def languages() -> list[str]:
    present = sorted({edition["language"] for edition in BIO["editions"] if edition["language"]})
    names = [language_queries.language_name(code) for code in present]
    return [*present, *names, "deu", "ger", "fra", "fre", "rus", "it", "Italian", "xx"]


SQL_QUERIES = (
    "SELECT id, date, title FROM events WHERE year_from <= 1928 AND year_to >= 1928",
    "SELECT * FROM editions WHERE year IS NULL",
    "SELECT category, count(*) AS n FROM events GROUP BY category",
    "SELECT rowid, title FROM events_fts WHERE events_fts MATCH 'stalin'",
    "SELECT 'ATTACH DATABASE x' AS said",
    "PRAGMA table_info(events)",
    "DELETE FROM events",
    "ATTACH 'x.db' AS x",
    "PRAGMA user_version = 1",
    "SELECT * FROM nowhere",
    "SELECT 1; SELECT 2",
)
"""What ``sql`` is asked: answers, refused writes and SQL errors."""
SQL_COLUMNS = ("id", "date", "title", "year", "category", "n", "rowid", "said", "name")


def field_lists(command: str) -> st.SearchStrategy[str]:
    """Comma lists of the command's real field names, in any order, sometimes repeated."""
    # show's fields depend on the item, and schema's on NAME; any listing's names are
    # plausible there, and an SQL result's are its columns.
    if command == "sql":
        names = list(SQL_COLUMNS)
    elif command == "show":
        names = [*fields_of("events"), "passages"]
    elif command == "schema":
        names = fields_of("events")
    elif command == "sources":  # the list of sources, or a source's paragraphs
        names = [*fields_of("sources"), *fields_of("passages")]
    else:
        names = fields_of(command)  # type: ignore[arg-type]
    chosen = st.lists(st.sampled_from(names), min_size=1, max_size=len(names) + 1)
    separator = st.sampled_from([",", ", ", " ,", ",,"])
    return st.tuples(chosen, separator).map(lambda pair: pair[1].join(pair[0]))


def dates_asked() -> st.SearchStrategy[str]:
    """Dates ``at`` is asked: years, months and days around his life, the data's own dates,
    and dates no calendar has."""
    real = st.dates(dt.date(1890, 1, 1), dt.date(1995, 12, 31)).map(dt.date.isoformat)
    cut = st.tuples(real, st.sampled_from([4, 7, 10])).map(lambda pair: pair[0][: pair[1]])
    data = sorted({event["date"] for event in BIO["events"]})
    wrong = ["1928-13", "1928-02-30", "0000", "19", "1928-1-1", "1928/05", "May 1928", "١٩٢٨"]
    return st.one_of(cut, with_case_and_space(data), st.sampled_from(wrong))


def ids() -> st.SearchStrategy[str]:
    # Editions first: cite takes only those, and there are few of them among all ids.
    editions = [edition["id"] for edition in BIO["editions"]]
    return st.one_of(
        with_case_and_space(editions),
        with_case_and_space(lookup.all_ids(BIO)),
    )


def plausible(command: str, param: Param) -> st.SearchStrategy[str]:
    """Values a user could mean, by the parameter's type and then its name."""
    if param.choices:
        return with_case_and_space(param.choices)
    if param.value_type is Path:
        # The valid copy as often as all the bad files together, or few runs get past loading.
        bad_files = ["rule-break.json", "missing.json", *BROKEN_DATA_FILES]
        return st.one_of(
            st.just(f"{SANDBOX}/valid.json"),
            st.sampled_from([SANDBOX, *(f"{SANDBOX}/{name}" for name in bad_files)]),
            # Where to write: a new file, a folder that is not there, a folder.
            st.sampled_from(
                [f"{OUTPUT_DIR}/{name}" for name in ("picture.svg", "page.html", "nowhere/x.svg")]
                + [OUTPUT_DIR]
            ),
        )
    if param.value_type is int:
        low = param.minimum if param.minimum is not None else -10
        high = param.maximum if param.maximum is not None else 10_000
        edges = st.sampled_from([low - 1, low, high, high + 1])
        return st.one_of(st.integers(1890, 1995), st.integers(low, high), edges).map(str)
    by_command_and_name: dict[tuple[str, str], st.SearchStrategy[str]] = {
        ("cite", "fmt"): with_case_and_space(typing.get_args(choices.CiteFormat)),
        ("schema", "name"): with_case_and_space([*SCHEMA_NAMES, "sqlite"]),
        ("sql", "query"): st.sampled_from(SQL_QUERIES),
        ("export", "fmt"): with_case_and_space(typing.get_args(choices.ExportFormat)),
        ("at", "date"): dates_asked(),
    }
    by_name: dict[str, st.SearchStrategy[str]] = {
        "fmt": with_case_and_space(typing.get_args(choices.Format)),
        "lang": with_case_and_space(languages()),
        "category": with_case_and_space(typing.get_args(Category)),
        "style": with_case_and_space(typing.get_args(choices.Style)),
        "kinds": with_case_and_space(typing.get_args(Kind)),
        "item_id": ids(),
        "ids": ids(),
        "source_id": with_case_and_space([source["id"] for source in BIO["sources"]]),
        "section": with_case_and_space(
            [name for source in BIO["sources"] for name in source["sections"]]
        ),
    }
    if param.name == "fields":
        return field_lists(command)
    return by_command_and_name.get(
        (command, param.name), by_name.get(param.name, st.sampled_from(data_words()))
    )


def hostile(param: Param) -> st.SearchStrategy[str]:
    if param.value_type is int:
        return st.sampled_from(HOSTILE_INTEGERS)
    text = st.one_of(st.sampled_from(HOSTILE_TEXT), RANDOM_TEXT)
    if param.value_type is Path:
        # Any name, but inside the sandbox: '/' would climb out of it.
        return text.map(lambda name: f"{OUTPUT_DIR}/{name.replace('/', '_')}")
    return text


# --- command lines -----------------------------------------------------------------


@dataclass(frozen=True)
class CommandLine:
    """``bazhanov TOP... COMMAND REST...``; ``<sandbox>`` in a token stands for the temp dir."""

    top: tuple[str, ...] = ()
    command: str | None = None
    rest: tuple[str, ...] = ()
    env: tuple[tuple[str, str], ...] = ()  # set for this run only (the fuzzer sets none)

    @property
    def argv(self) -> list[str]:
        return [*self.top, *([self.command] if self.command is not None else []), *self.rest]

    def in_sandbox(self, sandbox: Sandbox) -> CommandLine:
        """The same line with the sandbox's real path in its tokens."""
        top = tuple(sandbox.resolve(token) for token in self.top)
        rest = tuple(sandbox.resolve(token) for token in self.rest)
        return CommandLine(top, self.command, rest, self.env)

    def __str__(self) -> str:
        return repr(self.argv)


UNKNOWN_OPTIONS = ("--bogus", "-Z", "--jsn", "--JSON", "--json=yes", "--")
UNKNOWN_COMMANDS = ("nosuch", "fact", "FACTS", "", "-")


def chance(draw: st.DrawFn, percent: int) -> bool:
    """True ``percent`` times in a hundred; shrinks to False."""
    return draw(st.integers(0, 99)) >= 100 - percent


@dataclass(frozen=True)
class Swarm:
    """How busy and how hostile one command line is (swarm testing).

    Drawn once per line, so some lines are all plausible (and get past parsing to
    the output checks), some are hostile throughout, and some give nearly every
    option at once, for bugs only a combination of options shows.
    """

    option_percent: int
    hostile_percent: int


def draw_value(draw: st.DrawFn, command: str, param: Param, swarm: Swarm) -> str:
    hostile_value = chance(draw, swarm.hostile_percent)
    return draw(hostile(param) if hostile_value else plausible(command, param))


def option_tokens(draw: st.DrawFn, command: str, param: Param, swarm: Swarm) -> list[str]:
    """One use of an option: ``--opt``, ``--opt VALUE``, ``--opt=VALUE``, ``-oVALUE``,
    or (hostile) the option without its value."""
    spelling = draw(st.sampled_from(param.opts))
    if param.is_flag:
        return [spelling]
    # The value left out: the option takes the next token, or misses its value. Never for a
    # path: `--svg --width=40` would write a file named '--width=40' outside the sandbox.
    if param.value_type is not Path and chance(draw, swarm.hostile_percent // 4):
        return [spelling]
    value = draw_value(draw, command, param, swarm)
    if chance(draw, 20):
        joined = f"{spelling}={value}" if spelling.startswith("--") else spelling + value
        return [joined]
    return [spelling, value]


def param_pieces(draw: st.DrawFn, command: str, param: Param, swarm: Swarm) -> list[list[str]]:
    """The groups of tokens one parameter contributes (each group stays together)."""
    if param.is_argument:
        if param.nargs == 1:
            # Required arguments are given, but sometimes dropped; optional ones sometimes.
            given_ = not chance(draw, 10) if param.required else chance(draw, 50)
            return [[draw_value(draw, command, param, swarm)]] if given_ else []
        count = draw(st.integers(0, 3))
        return [[draw_value(draw, command, param, swarm)] for _ in range(count)]
    # --help, --version and the like end the run at once: rarely, or little else is fuzzed.
    if not chance(draw, 2 if param.is_eager else swarm.option_percent):
        return []
    uses = draw(st.integers(1, 3)) if param.multiple else 1
    if not param.multiple and chance(draw, 5):
        uses = 2  # the same option twice: the last one wins
    return [option_tokens(draw, command, param, swarm) for _ in range(uses)]


def arrange(draw: st.DrawFn, pieces: list[list[str]]) -> tuple[str, ...]:
    """Sometimes shuffle the pieces and sometimes add an unknown option."""
    if chance(draw, 30):
        pieces = list(draw(st.permutations(pieces)))
    if chance(draw, 5):
        where = draw(st.integers(0, len(pieces)))
        pieces = [*pieces[:where], [draw(st.sampled_from(UNKNOWN_OPTIONS))], *pieces[where:]]
    return tuple(token for piece in pieces for token in piece)


@st.composite
def command_lines(draw: st.DrawFn) -> CommandLine:
    swarm = Swarm(
        option_percent=draw(st.sampled_from([35, 35, 90])),
        hostile_percent=draw(st.sampled_from([0, 15, 60])),
    )
    top_pieces = [
        piece
        for param in GRAMMAR.top_level
        # A top-level option always gets its value: a missing one would swallow the command.
        for piece in param_pieces(draw, "", param, Swarm(20, swarm.hostile_percent))
        if param.is_flag or len(piece) == 2 or "=" in piece[0]
    ]
    top = arrange(draw, top_pieces)
    if chance(draw, 3):
        return CommandLine(top=top)  # no command: the group's help
    if chance(draw, 3):
        return CommandLine(top=top, command=draw(st.sampled_from(UNKNOWN_COMMANDS)))
    command = draw(st.sampled_from(sorted(GRAMMAR.commands)))
    pieces = [
        piece
        for param in GRAMMAR.commands[command]
        for piece in param_pieces(draw, command, param, swarm)
    ]
    return CommandLine(top=top, command=command, rest=arrange(draw, pieces))


# --- running and checking ----------------------------------------------------------


class Run(Protocol):
    """What the checks read of a CliRunner result."""

    @property
    def exit_code(self) -> int: ...
    @property
    def stdout(self) -> str: ...
    @property
    def stderr(self) -> str: ...
    @property
    def exception(self) -> BaseException | None: ...


def run(line: CommandLine) -> Run:
    # BAZHANOV_DATA unset: a developer's own data file must not change what is fuzzed.
    env: dict[str, str | None] = {**CLI_ENV, DATA_ENV: None, **dict(line.env)}
    return invoke(*line.argv, env=env)


@contextlib.contextmanager
def working_directory(path: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def run_and_check(line: CommandLine, sandbox: Sandbox) -> list[str]:
    sandbox.reset()
    real = line.in_sandbox(sandbox)
    # Inside the sandbox, so that even a relative path the fuzzer did not foresee stays there.
    with working_directory(sandbox.root / "out"):
        result = run(real)
    return check_run(real, result)


@functools.cache
def schema_of(name: str, fields: tuple[str, ...] | None = None) -> dict[str, Any]:
    """The program's schema of ``name``'s output, of its ``--fields`` subset when given."""
    subset = ("--fields", ",".join(fields)) if fields is not None else ()
    result = invoke("schema", name, *subset)
    assert result.exit_code == 0, result.stderr
    schema: dict[str, Any] = json.loads(result.stdout)
    return schema


def chosen_fields(text: str) -> list[str]:
    """What ``--fields`` promises: the names given, in that order, each once."""
    return list(dict.fromkeys(name.strip() for name in text.split(",") if name.strip()))


def one_line_error(result: Run) -> None:
    lines = result.stderr.splitlines()
    assert len(lines) == 1, f"stderr is not one line: {result.stderr!r}"
    assert lines[0].startswith("Error: "), result.stderr
    assert result.stderr.endswith("\n")


def parsed_params(command: str, rest: Sequence[str]) -> tuple[dict[str, Any], bool]:
    """What the command received: its parameters, and whether help was asked for.

    The same click parser as the run, without callbacks or errors (resilient
    parsing), so an option value like ``--role --json`` reads as the run read it.
    """
    group = cli_group()
    parent = group.make_context("bazhanov", [], resilient_parsing=True)
    click_command = group.get_command(parent, command)
    assert click_command is not None
    context = click_command.make_context(command, list(rest), parent=parent, resilient_parsing=True)
    source = context.get_parameter_source("help")
    return context.params, source is not None and source.name == "COMMANDLINE"


def output_format(command: str, params: dict[str, Any]) -> str:
    """The format a successful run printed in, as the user chose it (any case, padded)."""
    if params.get("json_"):
        return "csl-json" if command == "cite" else "json"
    if command == "schema":  # JSON Schemas, and the SQL of `schema sqlite`
        return "sql" if str(params.get("name")).strip().lower() == "sqlite" else "json"
    if command == "export":
        return "files"  # nothing on stdout
    chosen = params.get("fmt")
    return chosen.strip().lower() if isinstance(chosen, str) else "table"


def expected_keys(command: str, fields: list[str] | None) -> list[str] | None:
    """The keys of every record, in order: the chosen fields, else all the command has."""
    if fields is not None:
        return fields
    if command not in typing.get_args(Listing) or command == "show":
        return None  # a command without records of its own kind (sql's are the query's)
    return fields_of(command)  # type: ignore[arg-type]


def check_records(command: str, records: list[Any], fields: list[str] | None) -> list[str]:
    """Records with exactly the expected keys, valid against the command's schema."""
    checks = []
    keys = expected_keys(command, fields)
    if keys is not None:
        assert all(list(record) == keys for record in records), (keys, records[:1])
        checks.append("keys")
    if command in SCHEMA_NAMES:
        schema = schema_of(command, tuple(fields) if fields is not None else None)
        # facts prints one object, the other commands a list.
        shaped = records if schema.get("type") == "array" else records[0]
        jsonschema.Draft202012Validator(schema).validate(shaped)
        checks.append(f"schema:{command}")
    return checks


def check_shown(item_id: str, data: dict[str, Any], fields: list[str] | None) -> list[str]:
    """``show``'s one record: the item as its listing prints it (a fact as `facts --fields
    FACT` does), with its passages, valid against show's schema and the listing's."""
    found = lookup.find_item(BIO, item_id)
    listing = "sources" if found.kind == "source" else KIND_SPECS[found.kind].listing
    keys = fields or [*fields_of(listing), "passages"]
    assert list(data) == keys, (keys, data)
    checks = ["show"]
    if "passages" in keys:
        whole = {**found.item, "passages": data["passages"]}
        jsonschema.Draft202012Validator(schema_of("show")).validate(whole)
        checks.append("schema:show")
        keys = [key for key in keys if key != "passages"]
        data = {key: data[key] for key in keys}
    return checks + check_records(listing, [data], keys) if keys else checks


def check_success(line: CommandLine, result: Run) -> list[str]:
    """Check the output of a run that exited 0; return which checks applied."""
    assert not any(text.startswith("Error: ") for text in result.stderr.splitlines())
    eager = [token for token in line.top if token in {"-h", "--help", "--version"}]
    if eager:
        if eager[0] == "--version":
            assert result.stdout == f"bazhanov {version('bazhanov-cli')}\n"
            return ["version"]
        assert "Usage: bazhanov [OPTIONS] COMMAND" in result.stdout
        return ["help"]
    if line.command is None:
        assert "Usage: bazhanov [OPTIONS] COMMAND" in result.stdout
        return ["help"]
    assert line.command in GRAMMAR.commands, f"unknown command {line.command!r} exited 0"
    params, help_asked = parsed_params(line.command, line.rest)
    if help_asked:
        assert f"Usage: bazhanov {line.command} [OPTIONS]" in result.stdout
        return ["help"]
    return check_output(line.command, params, result.stdout)


def check_output(command: str, params: dict[str, Any], stdout: str) -> list[str]:
    checks: list[str] = []
    if command == "sources" and params.get("source_id") is not None:
        command = "passages"  # a source's text: its paragraphs
    fmt = output_format(command, params)
    fields = chosen_fields(params["fields"]) if params.get("fields") is not None else None
    if fmt in {"json", "csl-json"}:
        data = json.loads(stdout)
        checks.append("json")
        if command == "schema":
            jsonschema.Draft202012Validator.check_schema(data)
            checks.append("meta-schema")
        elif command == "show":
            checks += check_shown(params["item_id"], data, fields)
        elif fmt == "csl-json":
            assert isinstance(data, list)
            assert all({"id", "type"} <= set(item) for item in data)
            checks.append("csl-json")
        else:
            checks += check_records(command, data if isinstance(data, list) else [data], fields)
    elif fmt == "jsonl" and command == "show":
        (record,) = [json.loads(text) for text in stdout.splitlines()]
        checks += ["jsonl", *check_shown(params["item_id"], record, fields)]
    elif fmt == "jsonl":
        records = [json.loads(text) for text in stdout.splitlines()]
        checks += ["jsonl", *check_records(command, records, fields)]
    elif fmt == "csv":
        header, *rows = list(csv.reader(io.StringIO(stdout, newline="")))
        if command in ("facts", "at"):  # a row per value: field, value, its span and more
            assert header[:2] == ["field", "value"], header
            assert {row[0].split(".")[0] for row in rows} <= set(fields or fields_of(command))  # type: ignore[arg-type]
        else:
            assert header == (expected_keys(command, fields) or header), header
        assert all(len(row) == len(header) for row in rows)
        checks.append("csv")
    elif fmt == "markdown":
        assert all(text.startswith("|") and text.endswith("|") for text in stdout.splitlines())
        checks.append("markdown")
    elif fmt == "sql":
        assert stdout.startswith("CREATE TABLE ")
        checks.append("sql")
    elif fmt == "files":
        assert stdout == ""
        checks.append("files")
    else:
        # Piped text has no colour codes, whatever was asked for.
        assert "\x1b[" not in stdout
        checks.append("plain")
    return checks


def check_run(line: CommandLine, result: Run) -> list[str]:
    """The CLI's contract for one run; returns the names of the checks that applied."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert result.exit_code in {0, 1, 2}
    if result.exit_code == 0:
        return check_success(line, result)
    if line.command == "validate" and result.exit_code == 1:
        return checked_validate_failure(line, result)
    one_line_error(result)
    assert result.stdout == "", result.stdout
    return ["error"]


def checked_validate_failure(line: CommandLine, result: Run) -> list[str]:
    """validate lists each problem on stdout (FILE: PROBLEM, or JSON) and judges each file.

    A file name holding a line break is shown with it escaped (``terminal.visible``),
    so each problem stays one line.
    """
    params, _ = parsed_params(line.command, line.rest)
    # A non-UTF-8 byte of a real argv reaches Python as a lone surrogate (U+DC80-U+DCFF),
    # which visible shows as its escape (\udcff), like any character no terminal can show.
    files = [visible(str(file)) for file in params["files"]]
    if len(files) > 1:
        assert result.stderr.endswith(f"of {len(files)} files are not valid biographies\n")
        assert result.stderr.count("\nError: ") + result.stderr.startswith("Error: ") == 1
        return ["error", "problems"]
    one_line_error(result)
    if params["fmt"] == "json":
        problems = json.loads(result.stdout)
        assert problems, result.stdout
        assert {problem["file"] for problem in problems} == {params["files"][0]}
        return ["error", "problems"]
    prefix = f"{files[0]}: "
    assert result.stdout.startswith(prefix), result.stdout
    assert result.stdout.endswith("\n")
    counted = re.search(r"not a valid biography: ([0-9,]+) problems?$", result.stderr)
    if counted is None:  # the file as a whole: missing, empty, not JSON; said in both
        assert result.stdout.count(prefix) == 1, result.stdout
        return ["error", "problems"]
    shown = min(int(counted[1].replace(",", "")), 50) if not params["all_"] else None
    listed = result.stdout.count(prefix) - ("more (--all lists every one)" in result.stdout)
    assert listed == (shown if shown is not None else int(counted[1].replace(",", "")))
    return ["error", "problems"]


# --- the tests ---------------------------------------------------------------------


# Slow: a soak of 600 generated command lines; the lines it ever failed on run everywhere below.
@pytest.mark.slow
@settings(settings.get_profile(FUZZ_PROFILE))
@given(line=command_lines())
def test_any_command_line_keeps_the_contract(line: CommandLine, sandbox: Sandbox) -> None:
    note(f"argv: {line.in_sandbox(sandbox).argv!r}")
    # Shown by --hypothesis-show-statistics: what share of runs each check saw.
    for check in run_and_check(line, sandbox):
        event(check)


# Every command line the fuzzer ever failed on: a CommandLine, or a pytest.param of one
# marked as a strict xfail when the failure is a CLI bug.
FOUND_COMMAND_LINES: list[Any] = [
    # Test assumption: the checks compared validate's output with the unresolved sandbox path.
    CommandLine(command="validate", rest=(f"{SANDBOX}/rule-break.json",)),
    # Test assumption: str.splitlines() breaks validate's FILE: PROBLEM line at a NEL (U+0085)
    # in the file name.
    CommandLine(command="validate", rest=(f"{OUTPUT_DIR}/\x85",)),
    # Test assumption: the CLI's streams print an undecodable argv byte as '?' (on purpose,
    # so validate's FILE: prefix is not the argv's name character for character).
    CommandLine(command="validate", rest=(f"{OUTPUT_DIR}/\udcff",)),
    # Was a CLI bug: the SVG was written, then --html failed (two stderr lines, a file left).
    CommandLine(command="timeline", rest=("--svg", f"{OUTPUT_DIR}/t.svg", "--html", SANDBOX)),
    # Was a CLI bug: "No events up to 1890." came before the error that the file cannot be
    # written (two stderr lines).
    CommandLine(command="timeline", rest=("--to", "1890", "--svg", SANDBOX)),
]


@pytest.mark.parametrize("line", FOUND_COMMAND_LINES)
def test_command_lines_the_fuzzer_found(line: CommandLine, sandbox: Sandbox) -> None:
    run_and_check(line, sandbox)


def test_the_grammar_has_every_command_and_its_options() -> None:
    assert set(GRAMMAR.commands) >= {
        "facts",
        "events",
        "editions",
        "people",
        "places",
        "quotes",
        "search",
        "show",
        "timeline",
        "cite",
        "schema",
        "validate",
    }
    events = {param.name: param for param in GRAMMAR.commands["events"]}
    assert (events["year"].minimum, events["year"].maximum, events["year"].value_type) == (
        1,
        9999,
        int,
    )
    assert {"json_", "fmt", "fields", "help"} <= set(events)
    assert events["fmt"].opts == ("--format", "-f")
    search = {param.name: param for param in GRAMMAR.commands["search"]}
    assert search["kinds"].multiple
    assert search["words"].is_argument
    assert search["words"].multiple or search["words"].nargs == -1
    assert search["words"].required
    cite_ids = next(param for param in GRAMMAR.commands["cite"] if param.name == "ids")
    assert cite_ids.nargs == -1
    timeline = {param.name: param for param in GRAMMAR.commands["timeline"]}
    assert timeline["svg"].value_type is Path
    validate = {param.name: param for param in GRAMMAR.commands["validate"]}
    assert validate["files"].value_type is Path
    assert next(param for param in GRAMMAR.top_level if param.name == "data").value_type is Path
    assert {param.name for param in GRAMMAR.top_level} >= {"data", "version", "help"}


def sample_lines() -> Iterator[tuple[CommandLine, set[str]]]:
    yield CommandLine(command="events", rest=("--json",)), {"json", "keys", "schema:events"}
    yield (
        CommandLine(command="facts", rest=("-f", " JSONL", "--fields", "died, born,died")),
        {"jsonl", "keys", "schema:facts"},
    )
    yield CommandLine(command="people", rest=("--format", "csv")), {"csv"}
    yield CommandLine(command="timeline", rest=("--width", "40")), {"plain"}
    yield (
        CommandLine(command="show", rest=("doyle", "--json")),
        {"json", "show", "schema:show", "keys", "schema:people"},
    )
    yield (
        CommandLine(command="show", rest=("born", "--json")),
        {"json", "show", "schema:show", "keys", "schema:fact"},
    )
    yield (
        CommandLine(command="show", rest=("born", "-f", "jsonl", "--fields", "passages")),
        {"jsonl", "show", "schema:show"},
    )
    yield (
        CommandLine(command="sources", rest=("article", "--json", "--section", "defection")),
        {"json", "keys", "schema:passages"},
    )
    yield CommandLine(command="schema", rest=("events",)), {"json", "meta-schema"}
    yield CommandLine(command="cite", rest=("--all", "-f", "csl-json")), {"json", "csl-json"}
    yield CommandLine(top=("--version", "--help")), {"version"}
    yield CommandLine(top=("-h", "--version"), command="nosuch"), {"help"}
    yield CommandLine(command="facts", rest=("--json", "-h")), {"help"}
    yield CommandLine(command="events", rest=("--year", "abc", "--help")), {"help"}
    yield CommandLine(command="events", rest=("--year", "abc")), {"error"}
    yield (
        CommandLine(command="validate", rest=(f"{SANDBOX}/rule-break.json",)),
        {"error", "problems"},
    )


# Sorted: a set's order changes with the hash seed, and xdist's workers must agree on ids.
@pytest.mark.parametrize(
    ("line", "checks"),
    list(sample_lines()),
    ids=lambda value: str(sorted(value)) if isinstance(value, set) else str(value),
)
def test_the_checks_apply_where_they_should(
    line: CommandLine, checks: set[str], sandbox: Sandbox
) -> None:
    assert set(run_and_check(line, sandbox)) == checks


@dataclass(frozen=True)
class FakeRun:
    exit_code: int
    stdout: str = ""
    stderr: str = ""
    exception: BaseException | None = None


EVENTS_JSON = CommandLine(command="events", rest=("--json",))


# The right keys, the wrong values: only the schema can tell.
EVENTS_OF_NULLS = json.dumps([dict.fromkeys(fields_of("events"))])


@pytest.mark.parametrize(
    ("line", "broken"),
    [
        (EVENTS_JSON, FakeRun(3, stderr="Error: x\n")),
        (EVENTS_JSON, FakeRun(1, stderr="Error: x\n", exception=ValueError("x"))),
        (EVENTS_JSON, FakeRun(1, stderr="Error: x\nmore\n")),
        (EVENTS_JSON, FakeRun(2, stdout="[]", stderr="Error: x\n")),
        (EVENTS_JSON, FakeRun(0, stdout="[")),
        (EVENTS_JSON, FakeRun(0, stdout=EVENTS_OF_NULLS)),
        (CommandLine(top=("--version",)), FakeRun(0, stdout="Usage: bazhanov\n")),
    ],
)
def test_the_checks_reject_a_broken_run(line: CommandLine, broken: FakeRun) -> None:
    with pytest.raises((AssertionError, ValueError, jsonschema.ValidationError)):
        check_run(line, broken)
