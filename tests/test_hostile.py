"""Bad input and hostile terminals, as one table: each a one-line error or a correct answer.

Every row of ``CASES`` states the command, its environment, an optional bad data
file, the exit code (2 usage, 1 data, 0 everything else) and what a correct
answer looks like. One test runs every row and holds it to the whole contract:
an error writes nothing to stdout and exactly one short, printable line to
stderr that starts with ``Error:`` and names the offending value; an answer
comes with no traceback, and its stdout is checked for real content.

Where a row runs: rows whose outcome depends on the process (the stdout
encoding, the locale, the terminal width, the environment, what reaches a
terminal) run the real thing, ``python -m bazhanov_cli`` in a subprocess, in a
temporary directory. Rows that only exercise option parsing, the search query or
data-file loading run through CliRunner (``tests.conftest.invoke``), which calls
the same ``__main__.run`` that reports every error; that keeps the file
fast. The 200,000-character values must go through CliRunner anyway: Linux
refuses a single argument longer than 128 KiB (MAX_ARG_STRLEN).

A closed stdout (``| head -c 10``, ``| head -n 1``, a reader that is already
gone) and a real terminal (a pty, for NO_COLOR and TERM=dumb: through a pipe
Rich never colours anything, so a pipe could not show the difference) need
their own small tables below.

Rows that fail today because of a bug in the CLI keep the correct expectation
and carry ``known_bug``: a strict xfail that names the one part of the contract
the bug breaks (``raises=``). A failure of any other kind still fails the row,
and a fix makes it pass loudly (a strict XPASS is an error): drop the mark then.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from bazhanov_cli.errors import ExitCode

from .conftest import COMMAND, DATA_FILE, invoke, process_env, run_in_pty

DATA_ENV = "BAZHANOV_DATA"
EXIT_OK, EXIT_DATA, EXIT_USAGE = ExitCode.OK, ExitCode.DATA, ExitCode.USAGE
# The longest real message, an unknown --category listing all ten categories, is about
# 210 characters with a six-letter value. A value over 80 characters is cut in the middle,
# so 240 leaves room for a long value, not an essay.
MAX_MESSAGE_CHARS = 240
NATIVE_NAME = "Бори́с Гео́ргиевич Бажа́нов"
HUGE = 200_000  # characters in the longest values the issue asks for


# --- the parts of the contract, each its own failure --------------------------------
# A known bug xfails with raises=<the part it breaks>; any other failure of the row
# is a plain AssertionError and fails the test.


class ContractBroken(AssertionError):
    """One named part of the contract does not hold."""


class WrongExitCode(ContractBroken):
    """The exit code is not the one the row expects."""


class MessageTooLong(ContractBroken):
    """A line on stderr is longer than MAX_MESSAGE_CHARS."""


class ValueNotNamed(ContractBroken):
    """The error message does not show the value the user gave."""


class TooWide(ContractBroken):
    """A line of stdout is wider than the terminal the row gives."""


class WrongOutput(ContractBroken):
    """Stdout is not the right answer."""


def require(holds: bool, broken: type[ContractBroken], message: str) -> None:
    if not holds:
        raise broken(message)


# --- what a correct answer looks like ---------------------------------------------

Check = Callable[[str], None]


def shows(*texts: str) -> Check:
    def check(stdout: str) -> None:
        for text in texts:
            assert text in stdout, f"{text!r} is not in stdout"

    return check


def on_one_line(*texts: str) -> Check:
    """All of ``texts`` on one line: a table that did not have to fold them."""

    def check(stdout: str) -> None:
        assert any(all(text in line for text in texts) for line in stdout.splitlines()), texts

    return check


def first_hit(kind: str, item_id: str) -> Check:
    def check(stdout: str) -> None:
        hits = json.loads(stdout)
        assert (hits[0]["kind"], hits[0]["id"]) == (kind, item_id), hits[:1]

    return check


def json_is(expected: object) -> Check:
    def check(stdout: str) -> None:
        assert json.loads(stdout) == expected

    return check


def nothing(stdout: str) -> None:
    assert stdout == ""


def the_defection_in_1928(stdout: str) -> None:
    events = {event["id"]: event for event in json.loads(stdout)}
    assert events["defection"]["date"] == "1928-01-01"


def wider_than_a_pipe(stdout: str) -> None:
    # Without COLUMNS a pipe gets 80 columns: wider lines prove COLUMNS was used.
    assert max(cells(line) for line in stdout.splitlines()) > 80


def ascii_with_the_native_name_degraded(stdout: str) -> None:
    assert stdout.isascii()
    assert "Boris Georgiyevich Bazhanov" in stdout
    native = next(line for line in stdout.splitlines() if "Native name" in line)
    assert "????? ?????????? ???????" in native  # one "?" per letter; accents dropped


def ascii_json_with_the_native_name_exact(stdout: str) -> None:
    assert stdout.isascii()
    assert "\\u0411\\u043e\\u0440\\u0438\\u0301\\u0441" in stdout  # the first name, escaped
    assert json.loads(stdout)["native_name"] == NATIVE_NAME


def cells(line: str) -> int:
    """Terminal columns a line takes: combining marks take none, wide characters two."""
    return sum(
        0 if unicodedata.combining(char) else 2 if unicodedata.east_asian_width(char) in "WF" else 1
        for char in line
    )


# --- data files, each valid except for one thing -------------------------------------

MakeFile = Callable[[Path], None]


def no_file(path: Path) -> None:
    """Leave nothing at ``path``."""


def a_directory(path: Path) -> None:
    path.mkdir()


def containing(content: bytes) -> MakeFile:
    def make(path: Path) -> None:
        path.write_bytes(content)

    return make


def bundled_with(*where: str | int, value: object) -> MakeFile:
    """The bundled data file with exactly one value changed, at the JSON path ``where``."""

    def make(path: Path) -> None:
        data: Any = json.loads(DATA_FILE.read_text(encoding="utf-8"))
        parent = data
        for key in where[:-1]:
            parent = parent[key]
        parent[where[-1]] = value
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    return make


def _event_index(event_id: str) -> int:
    events = json.loads(DATA_FILE.read_text(encoding="utf-8"))["events"]
    return next(index for index, event in enumerate(events) if event["id"] == event_id)


BIRTH = _event_index("birth")
DEFECTION = _event_index("defection")  # dated 1928-01-01, no end
DEFECTION_EVENT = json.loads(DATA_FILE.read_text(encoding="utf-8"))["events"][DEFECTION]


# --- the table --------------------------------------------------------------------


@dataclass(frozen=True)
class KnownBug:
    """A bug in the CLI that breaks one part of the contract (``raises``) for a row."""

    raises: type[ContractBroken]
    reason: str


@dataclass(frozen=True)
class Case:
    id: str
    args: tuple[str, ...]
    exit: int = EXIT_OK
    env: Mapping[str, str | None] = field(default_factory=dict)  # None: unset the variable
    data: MakeFile | None = None  # a bad data file, given by --data FILE and by BAZHANOV_DATA
    error: str | None = None  # how the message after 'Error: ' starts; '{file}': the data file
    names: str | None = None  # the offending value, where `error` does not already show it
    stderr: str = ""  # on success: all of stderr
    stdout_checks: tuple[Check, ...] = ()
    width: int | None = None  # no line of stdout wider than this
    process: bool = False  # run `python -m bazhanov_cli` for real: the process matters
    known_bug: KnownBug | None = None


EVENTS_JSON = ("events", "--json")
FACTS_JSON = ("facts", "--json")
EVENTS_1928 = ("events", "--year", "1928")
ASCII_STDOUT = {"PYTHONIOENCODING": "ascii"}
# Python turns the POSIX locale into UTF-8 (PEP 538, PEP 540) unless told not to;
# with both off, stdout and the arguments really are ASCII.
ASCII_LOCALE = {"LC_ALL": "C", "LANG": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"}
# A view that stdout cannot show whole says so: the '?' stand for characters, not data.
DEGRADED = (
    "stdout's encoding ({}) cannot show every character: each is shown as '?'; "
    "PYTHONIOENCODING=utf-8 shows them\n"
)

CASES = [
    # --- output names that cannot be written as asked (issue 29) ---
    Case(
        "export-to-a-name-ending-in-a-slash",
        ("export", "sqlite", "new.db/"),
        exit=EXIT_USAGE,
        error="FILE 'new.db/' names a folder, not a file: give a file name",
    ),
    Case(
        "svg-to-a-dot-in-a-folder",
        ("timeline", "--svg", "sub/."),
        exit=EXIT_USAGE,
        error="--svg 'sub/.' names a folder, not a file: give a file name",
    ),
    Case(
        "svg-to-a-closed-descriptor",
        ("timeline", "--svg", "/dev/fd/9"),
        exit=EXIT_DATA,
        error="cannot write /dev/fd/9: Bad file descriptor",
        process=True,
    ),
    Case(
        "metadata-to-a-full-device",
        ("export", "sqlite", "b.db", "--metadata", "/dev/full"),
        exit=EXIT_DATA,
        error="cannot write /dev/full: No space left on device",
        process=True,
    ),
    Case(
        "svg-over-a-name-of-256-bytes",
        ("timeline", "--svg", "б" * 126 + ".svg"),
        exit=EXIT_DATA,
        error="cannot write ",
        names="File name too long",
        process=True,
    ),
    # --- bad option values (usage errors) ---
    Case(
        "year-not-a-number",
        ("events", "--year", "abc"),
        exit=EXIT_USAGE,
        error="Invalid value for '--year'",
        names="abc",
    ),
    Case(
        "year-of-20-digits",
        ("events", "--year", "12345678901234567890"),
        exit=EXIT_USAGE,
        error="Invalid value for '--year'",
        names="12345678901234567890",
    ),
    Case(
        "from-after-to",
        ("events", "--from", "1930", "--to", "1920"),
        exit=EXIT_USAGE,
        error="--from 1930 is after --to 1920",
    ),
    Case(
        "unknown-language",
        ("editions", "--lang", "xx"),
        exit=EXIT_USAGE,
        error="unknown language 'xx'; editions exist in: de (German)",
    ),
    Case(
        "unknown-category",
        ("events", "--category", "gossip"),
        exit=EXIT_USAGE,
        error="Invalid value for '--category' / '-c': 'gossip' is not one of 'life',",
    ),
    Case(
        "unknown-field",
        ("events", "--fields", "date,bogus"),
        exit=EXIT_USAGE,
        error="unknown field 'bogus' in --fields; valid fields: id, date",
    ),
    Case(
        "unknown-format",
        ("events", "--format", "yaml"),
        exit=EXIT_USAGE,
        error="Invalid value for '--format' / '-f': 'yaml' is not one of 'table', 'json'",
    ),
    Case(
        "unknown-kind",
        ("search", "Stalin", "--kind", "planet"),
        exit=EXIT_USAGE,
        error="Invalid value for '--kind' / '-k': 'planet' is not one of 'fact',",
    ),
    Case(
        "unknown-option",
        ("events", "--bogus"),
        exit=EXIT_USAGE,
        error="No such option: --bogus",
    ),
    Case(
        "unknown-command",
        ("nonsense",),
        exit=EXIT_USAGE,
        error="No such command 'nonsense'",
    ),
    Case(
        "huge-category",
        ("events", "--category", "x" * HUGE),
        exit=EXIT_USAGE,
        error="Invalid value for '--category' / '-c': 'xxxxxxxx",
    ),
    # --- ids that name nothing (exit 1) ---
    Case(
        "unknown-id",
        ("show", "trotski"),
        exit=EXIT_DATA,
        error="no item with id 'trotski'; did you mean trotsky",
    ),
    Case(
        "unknown-id-with-escapes",
        ("show", "\u202eabc\x1b[2J"),
        exit=EXIT_DATA,
        error="no item with id '\\u202eabc\\x1b[2J'",  # shown, not obeyed
        process=True,
    ),
    Case(
        "huge-id",
        ("show", "x" * HUGE),
        exit=EXIT_DATA,
        error="no item with id 'xxxxxxxx",
    ),
    # --- search queries ---
    Case("empty-query", ("search", ""), exit=EXIT_USAGE, error="empty search query"),
    Case(
        "huge-query-without-words",
        ("search", "\u202e" * HUGE),
        exit=EXIT_USAGE,
        error="empty search query",
    ),
    Case(
        "huge-query",
        ("search", ("Stalin " * (HUGE // 7 + 1))[:HUGE], "--json", "--limit", "100"),
        stdout_checks=(first_hit("person", "stalin"),),
    ),
    Case(
        "huge-query-matching-nothing",
        ("search", "x" * HUGE),
        stderr=f"Nothing matches '{'x' * 39}\u2026'.\n",
        stdout_checks=(nothing,),
    ),
    Case(
        "query-with-control-characters",
        ("search", "\x07Sta\x1blin\x7f", "--json", "--limit", "100"),
        stdout_checks=(first_hit("person", "stalin"),),
        process=True,
    ),
    Case(
        "query-with-bidi-marks",
        ("search", "\u202eStalin\u200f", "--limit", "1"),
        stdout_checks=(shows("Joseph Stalin", "stalin"),),
        process=True,
    ),
    Case(
        "query-that-sets-the-terminal-title",
        ("search", "zz\x1b]0;pwned\x07"),
        stderr="Nothing matches 'zz\\x1b]0;pwned\\x07'.\n",  # escaped, not obeyed
        stdout_checks=(nothing,),
        process=True,
    ),
    # --- stdout that can only encode ASCII, and the POSIX locale ---
    Case(
        "ascii-stdout-table",
        ("facts",),
        env=ASCII_STDOUT,
        stdout_checks=(ascii_with_the_native_name_degraded,),
        stderr=DEGRADED.format("ascii"),
        process=True,
    ),
    Case(
        "ascii-stdout-json",
        ("facts", "--json"),
        env=ASCII_STDOUT,
        stdout_checks=(ascii_json_with_the_native_name_exact,),
        process=True,
    ),
    Case(
        "ascii-stdout-cyrillic-query",
        ("search", "Бажанов", "--json", "--limit", "1"),
        env=ASCII_STDOUT,
        stdout_checks=(first_hit("person", "boris-bazhanov"), shows('"matched": "\\u0411')),
        process=True,
    ),
    Case(
        "ascii-stdout-table-keeps-its-width",
        ("facts",),
        env={**ASCII_STDOUT, "COLUMNS": "80"},
        width=80,
        stderr=DEGRADED.format("ascii"),
        process=True,
    ),
    Case(
        "posix-locale",
        ("editions",),
        env={"LC_ALL": "C", "LANG": "C", "COLUMNS": "200"},
        stdout_checks=(
            shows("Bazhanov and the Damnation of Stalin", "Воспоминания бывшего секретаря Сталина"),
        ),
        process=True,
    ),
    Case(
        "ascii-locale-table",
        ("facts",),
        env=ASCII_LOCALE,
        stdout_checks=(ascii_with_the_native_name_degraded,),
        stderr=DEGRADED.format("ascii"),
        process=True,
    ),
    Case(
        "ascii-locale-cyrillic-query",
        ("search", "Бажанов", "--json", "--limit", "1"),
        env=ASCII_LOCALE,
        stdout_checks=(first_hit("person", "boris-bazhanov"),),
        process=True,
    ),
    # Text for scripts that stdout cannot carry is refused whole, never written with '?'.
    *(
        Case(
            f"{name}-stdout-{'-'.join(args[:1] + args[-1:])}",
            args,
            exit=EXIT_DATA,
            env=env,
            error=f"stdout's encoding ({encoding}) cannot carry U+",
            process=True,
        )
        for name, env, encoding in [
            ("ascii", ASCII_STDOUT, "ascii"),
            ("latin-1", {"PYTHONIOENCODING": "latin-1"}, "iso8859-1"),
            ("ascii-locale", ASCII_LOCALE, "ascii"),
        ]
        for args in [
            ("people", "--format", "csv"),
            ("places", "--format", "markdown"),
            ("facts", "--format", "csv"),
            ("cite", "--all", "--format", "bibtex"),
        ]
    ),
    Case(
        "ascii-stdout-csv-of-ascii-text",
        ("events", "--year", "1928", "--fields", "id,date", "--format", "csv"),
        env=ASCII_STDOUT,
        stdout_checks=(shows("id,date\r\n", "\r\ndefection,1928-01-01\r\n"),),
        process=True,
    ),
    Case(
        "ascii-stdout-jsonl",
        ("people", "--format", "jsonl"),
        env=ASCII_STDOUT,
        stdout_checks=(shows("\\u0411\\u043e\\u0440\\u0438\\u0301\\u0441"),),
        process=True,
    ),
    # --- terminal width and environment ---
    Case(
        "columns-20-chosen-fields",
        (*EVENTS_1928, "--fields", "date,title"),
        env={"COLUMNS": "20"},
        width=20,
        stdout_checks=(shows("1928-01-01"),),  # dates never wrap
        process=True,
    ),
    Case(
        "columns-20",
        EVENTS_1928,
        env={"COLUMNS": "20"},
        width=20,
        # Too narrow for a table: each record is a block, every word of its title there.
        stdout_checks=(shows("1928-01-01", "Defects", "Soviet", "Union"),),
        process=True,
    ),
    Case(
        "columns-400",
        EVENTS_1928,
        env={"COLUMNS": "400"},
        width=400,
        stdout_checks=(
            on_one_line("1928-01-01", "Defects from the Soviet Union", "Ashgabat, Central Asia"),
            wider_than_a_pipe,
        ),
        process=True,
    ),
    Case(
        "columns-0",
        EVENTS_1928,
        env={"COLUMNS": "0"},
        stdout_checks=(shows("1928-01-01", "Defects"),),
        process=True,
    ),
    Case(
        "no-home",
        (*EVENTS_1928, "--json"),
        env={"HOME": None},
        stdout_checks=(the_defection_in_1928,),
        process=True,
    ),
    # --- data files (each row runs twice: --data FILE and BAZHANOV_DATA=FILE) ---
    Case(
        "data-missing",
        FACTS_JSON,
        data=no_file,
        exit=EXIT_DATA,
        error="{file}: no such file",
    ),
    Case(
        "data-a-directory",
        FACTS_JSON,
        data=a_directory,
        exit=EXIT_DATA,
        error="{file}: is a directory, not a data file",
    ),
    Case(
        "data-empty",
        FACTS_JSON,
        data=containing(b""),
        exit=EXIT_DATA,
        error="{file}: the file is empty",
    ),
    Case(
        "data-not-json",
        FACTS_JSON,
        data=containing(b"{not json"),
        exit=EXIT_DATA,
        error="{file}: not valid JSON: key must be a string at line 1 column 2",
    ),
    Case(
        "data-wrong-shape",
        FACTS_JSON,
        data=containing(b"[]"),
        exit=EXIT_DATA,
        error="{file}: $: Input should be an object (got a list)",
    ),
    Case(
        "data-binary",
        FACTS_JSON,
        data=containing(b"\x89PNG\r\n\x1a\n\x00\xff"),
        exit=EXIT_DATA,
        error="{file}: not UTF-8 text: byte 0x89 at line 1 column 1",
    ),
    Case(
        "data-duplicate-id",
        FACTS_JSON,
        data=bundled_with("events", DEFECTION, "id", value="birth"),
        exit=EXIT_DATA,
        error=(
            f"{{file}}: events[{DEFECTION}].id: duplicate id 'birth' "
            f"(first used at events[{BIRTH}])"
        ),
    ),
    Case(
        "data-30-february",
        FACTS_JSON,
        data=bundled_with("events", DEFECTION, "date", value="1928-02-30"),
        exit=EXIT_DATA,
        error=f"{{file}}: events[{DEFECTION}].date: '1928-02-30' is not a valid date",
    ),
    Case(
        "data-30-february-among-other-problems",
        FACTS_JSON,
        data=bundled_with(
            "events", DEFECTION, value={**DEFECTION_EVENT, "date": "1928-02-30", "title": ""}
        ),
        exit=EXIT_DATA,
        error=(
            f"{{file}}: events[{DEFECTION}].date: '1928-02-30' is not a valid date (and 1 more)"
        ),
    ),
    *(
        Case(
            f"data-pages-{name}",
            FACTS_JSON,
            data=bundled_with("editions", 0, "pages", value=value),
            exit=EXIT_DATA,
            error=f"{{file}}: editions[0].pages: {message}",
        )
        for name, value, message in [
            ("true", True, "Input should be a valid integer (got True)"),
            ("text", "12", "Input should be a valid integer (got '12')"),
            ("float", 3.0, "Input should be a valid integer (got 3.0)"),
            (
                "2-to-the-63",
                2**63,
                "Input should be less than or equal to 9223372036854775807 "
                "(got 9223372036854775808)",
            ),
        ]
    ),
    Case(
        "data-title-of-8-mb",
        FACTS_JSON,
        data=bundled_with("events", DEFECTION, "title", value="x" * 8_000_000),
        exit=EXIT_DATA,
        error=(
            f"{{file}}: events[{DEFECTION}].title: String should have at most 10000 characters "
            f"(got '{'x' * 56}...)"
        ),
    ),
    Case(
        "data-a-million-empty-events",
        FACTS_JSON,
        data=bundled_with("events", value=[{}] * 1_000_000),
        exit=EXIT_DATA,
        error="{file}: events[0].id: required field is missing (and 1000 more)",
    ),
    Case(
        "data-end-before-date",
        FACTS_JSON,
        data=bundled_with("events", DEFECTION, "end", value="1927-12-31"),
        exit=EXIT_DATA,
        error=f"{{file}}: events[{DEFECTION}].end: end (1927-12-31) is before date (1928-01-01)",
    ),
    Case(
        "data-death-before-birth",
        FACTS_JSON,
        data=bundled_with("facts", "died", "date", value="1899-12-31"),
        exit=EXIT_DATA,
        error="{file}: facts.died.date: death (1899-12-31) is before birth (1900-08-09)",
    ),
    # --- sql: what it allows, what it refuses, and its bounds ---
    Case(
        "sql-json-each-unnests-a-list",
        ("sql", "SELECT value FROM people, json_each(people.aliases) LIMIT 1", "--json"),
        stdout_checks=(json_is([{"value": "Boris Georgiyevich Bazhanov"}]),),
    ),
    Case(
        "sql-pragma-table-info-as-a-function",
        ("sql", "SELECT name FROM pragma_table_info('events')", "--json"),
        stdout_checks=(shows('"name": "year_from"'),),
    ),
    Case(
        "sql-drop-says-drop",
        ("sql", "DROP TABLE events"),
        exit=EXIT_USAGE,
        error="bazhanov sql only reads: the query would DROP TABLE events, which is refused",
    ),
    Case(
        "sql-vacuum-says-vacuum",
        ("sql", "VACUUM"),
        exit=EXIT_USAGE,
        error="bazhanov sql only reads: the query would VACUUM, which is refused",
    ),
    Case(
        "sql-fts3-tokenizer-refused",
        ("sql", "SELECT hex(fts3_tokenizer('simple'))"),
        exit=EXIT_USAGE,
        error="bazhanov sql only reads: the query would call fts3_tokenizer(), which is refused",
    ),
    Case(
        "sql-printf-of-a-gigabyte",
        ("sql", "SELECT printf('%.*c', 1e9, 'x')"),
        exit=EXIT_USAGE,
        error="printf() would make a value of up to 1,000,000,008 bytes",
    ),
    Case(
        "sql-zeroblob-of-a-gigabyte",
        ("sql", "SELECT zeroblob(1e9)"),
        exit=EXIT_USAGE,
        # Python 3.10 cannot set SQLite's length limit: its heap limit says no instead.
        error="SQL: string or blob too big: a string or BLOB may be at most 10,000,000 bytes"
        if hasattr(sqlite3.Connection, "setlimit")
        else "SQL: out of memory: a query may hold at most 512 MiB",
    ),
    Case(
        "sql-endless-rows",
        (
            "sql",
            "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT n FROM r",
            "--json",
        ),
        exit=EXIT_USAGE,
        error="the result has more than 100,000 rows, the most bazhanov sql prints",
    ),
    Case(
        "sql-endless-rows-limited",
        (
            "sql",
            "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT n FROM r",
            "--json",
            "--limit",
            "2",
        ),
        stdout_checks=(json_is([{"n": 1}, {"n": 2}]),),
    ),
]


def _params() -> list[Any]:
    params = []
    for case in CASES:
        marks = []
        if case.known_bug is not None:
            bug = case.known_bug
            marks.append(pytest.mark.xfail(strict=True, raises=bug.raises, reason=bug.reason))
        ways = ["--data", DATA_ENV] if case.data is not None else [None]
        for way in ways:
            label = case.id if way is None else f"{case.id}-via-{way.strip('-')}"
            params.append(pytest.param(case, way, id=label, marks=marks))
    return params


# --- running a row ------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    code: int
    stdout: str
    stderr: str


def run_process(args: list[str], env: Mapping[str, str | None], cwd: Path) -> Outcome:
    done = subprocess.run(
        [*COMMAND, *args], capture_output=True, cwd=cwd, env=process_env(env), timeout=60
    )
    # Strict UTF-8: bytes that are not text would be a bug of their own.
    return Outcome(done.returncode, done.stdout.decode(), done.stderr.decode())


def run_in_process(args: list[str], env: Mapping[str, str | None]) -> Outcome:
    assert all(value is not None for value in env.values()), "unset variables need a process"
    result = invoke(*args, env={key: str(value) for key, value in env.items()})
    return Outcome(result.exit_code, result.stdout, result.stderr)


@pytest.mark.parametrize(("case", "data_via"), _params())
def test_hostile_input(case: Case, data_via: str | None, here: Path) -> None:
    args, env = list(case.args), dict(case.env)
    data_file = here / "bio.json"
    if case.data is not None:
        case.data(data_file)
        if data_via == "--data":
            args = ["--data", str(data_file), *args]
        else:
            env[DATA_ENV] = str(data_file)
    outcome = run_process(args, env, here) if case.process else run_in_process(args, env)

    # main() turns a crash into 'Error: internal error (...)': still a bug.
    assert "Traceback" not in outcome.stderr, outcome.stderr
    assert "internal error" not in outcome.stderr, outcome.stderr
    require(
        outcome.code == case.exit,
        WrongExitCode,
        f"exit {outcome.code}, expected {case.exit}; stderr: {outcome.stderr[:300]!r}",
    )
    lines = outcome.stderr.splitlines()
    if case.exit == EXIT_OK:
        assert outcome.stderr == case.stderr
    else:
        assert outcome.stdout == "", "an error writes nothing to stdout"
        assert len(lines) == 1, f"not one line: {outcome.stderr[:300]!r}"
        assert outcome.stderr.endswith("\n")
        assert case.error is not None, "an error row says what the message is"
        message = case.error.replace("{file}", str(data_file))
        assert lines[0].startswith(f"Error: {message}"), lines[0][:300]
        if case.data is not None:  # a data error is exactly 'Error: FILE: problem'
            assert lines[0] == f"Error: {message}"
    # Nothing from the command line or a file may reach a terminal raw (ESC, bidi).
    assert all(line.isprintable() for line in lines), outcome.stderr[:300]
    for line in lines:
        length = len(line.replace(str(data_file), "FILE"))  # tmp paths vary in length
        require(length <= MAX_MESSAGE_CHARS, MessageTooLong, f"{length} chars: {line[:150]!r}")
    if case.names is not None:
        require(case.names in outcome.stderr, ValueNotNamed, f"{case.names!r} is not named")
    if case.width is not None:
        widest = max((cells(line) for line in outcome.stdout.splitlines()), default=0)
        require(widest <= case.width, TooWide, f"a line is {widest} wide, not <= {case.width}")
    for check in case.stdout_checks:
        try:
            check(outcome.stdout)
        except Exception as error:  # a failed assert, bad JSON, a missing key: a wrong answer
            raise WrongOutput(f"{getattr(check, '__qualname__', check)}: {error!r}") from error


# --- stdout closed early --------------------------------------------------------------


@dataclass(frozen=True)
class ClosedPipe:
    id: str
    args: tuple[str, ...]
    reader: tuple[str, ...] | None  # None: the read end is closed before the program starts
    shows: bytes = b""  # what the reader passes on: the start of the real output


TABLE_TOP = b"Date / cat"  # the first line is the header row

CLOSED_PIPES = [
    ClosedPipe("json-head-n-1", EVENTS_JSON, ("head", "-n", "1"), b"[\n"),
    ClosedPipe("jsonl-head-n-1", ("events", "-f", "jsonl"), ("head", "-n", "1"), b'{"id":"birth"'),
    ClosedPipe("csv-head-c-10", ("events", "-f", "csv"), ("head", "-c", "10"), b"id,date,en"),
    ClosedPipe("table-head-c-10", ("events",), ("head", "-c", "10"), TABLE_TOP),
    ClosedPipe("editions-head-c-10", ("editions",), ("head", "-c", "10"), b"Year   Lan"),
    ClosedPipe("panel-head-n-1", ("facts",), ("head", "-n", "1"), b"Boris Georgiyevich Bazhanov"),
    # With no reader at all the first write fails for certain (EPIPE), whatever the timing.
    ClosedPipe("table-no-reader", ("events",), None),
    ClosedPipe("json-no-reader", EVENTS_JSON, None),
    ClosedPipe("markdown-no-reader", ("facts", "-f", "markdown"), None),
    ClosedPipe("help-no-reader", ("--help",), None),
]


@pytest.mark.parametrize("pipe", CLOSED_PIPES, ids=[pipe.id for pipe in CLOSED_PIPES])
def test_stdout_closed_early(pipe: ClosedPipe, tmp_path: Path) -> None:
    read_end, write_end = os.pipe()
    if pipe.reader is None:
        os.close(read_end)
    with subprocess.Popen(
        [*COMMAND, *pipe.args],
        stdout=write_end,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env=process_env({"COLUMNS": "80"}),
    ) as program:
        shown = b""
        if pipe.reader is not None:
            with subprocess.Popen(pipe.reader, stdin=read_end, stdout=subprocess.PIPE) as reader:
                os.close(read_end)
                os.close(write_end)
                shown = reader.communicate(timeout=60)[0]
        else:
            os.close(write_end)
        stderr = program.communicate(timeout=60)[1]
    assert shown.startswith(pipe.shows), shown
    # Quiet: no traceback, no 'Exception ignored', no 'Error:' line about the pipe.
    assert stderr == b"", stderr.decode(errors="replace")
    # 0 when everything fit in the pipe before the reader left; 1 when a write
    # failed, the convention click and Rich follow on EPIPE.
    assert program.returncode in (0, 1)


# --- a real terminal ------------------------------------------------------------------

SGR = re.compile(r"\x1b\[([0-9;]*)m")


def colour_codes(shown: str) -> list[str]:
    """The SGR sequences that set a colour (30-38, 40-48, 90-97, 100-107), not bold or italic."""

    def is_colour(parameter: str) -> bool:
        number = int(parameter or 0)
        return 30 <= number <= 48 or 90 <= number <= 107

    return [
        match.group(0)
        for match in SGR.finditer(shown)
        if any(is_colour(parameter) for parameter in match.group(1).split(";"))
    ]


@dataclass(frozen=True)
class OnTerminal:
    id: str
    args: tuple[str, ...]
    env: Mapping[str, str | None]
    shows: str
    colour: bool  # colour codes expected
    escapes: bool = True  # any escape sequence allowed (bold, italic)


EVENTS_1941 = ("events", "--year", "1941")
ON_TERMINAL = [
    # The control: this pty is a terminal Rich colours, so the rows below can fail.
    OnTerminal("colour-by-default", EVENTS_1941, {}, shows="Meets Rosenberg", colour=True),
    OnTerminal("no-color", EVENTS_1941, {"NO_COLOR": "1"}, shows="Meets Rosenberg", colour=False),
    OnTerminal("no-color-help", ("--help",), {"NO_COLOR": "1"}, shows="Usage", colour=False),
    OnTerminal(
        "term-dumb",
        EVENTS_1941,
        {"TERM": "dumb"},
        shows="Meets Rosenberg",
        colour=False,
        escapes=False,
    ),
]


@pytest.mark.parametrize("row", ON_TERMINAL, ids=[row.id for row in ON_TERMINAL])
def test_on_a_real_terminal(row: OnTerminal) -> None:
    code, shown = run_in_pty(row.args, row.env)
    assert code == EXIT_OK, shown
    assert row.shows in shown
    assert bool(colour_codes(shown)) == row.colour, colour_codes(shown)
    if not row.escapes:
        assert "\x1b" not in shown


# --- stdout that cannot be written ------------------------------------------------------

UNWRITABLE_COMMANDS = [
    ("events", "--json"),
    ("events",),
    ("facts", "--json"),
    ("show", "defection"),
    ("timeline",),
    ("--help",),
    ("events", "--help"),
    ("--version",),
]


@pytest.mark.parametrize(
    ("stdout", "reason"),
    [
        ("/dev/full", "No space left on device"),
        ("read-only", "Bad file descriptor"),  # a descriptor opened for reading
        ("closed", "Bad file descriptor"),  # `bazhanov events >&-`
    ],
)
@pytest.mark.parametrize("args", UNWRITABLE_COMMANDS, ids=" ".join)
def test_unwritable_stdout_is_one_clear_line(
    args: tuple[str, ...], stdout: str, reason: str, tmp_path: Path
) -> None:
    if stdout == "/dev/full" and not Path("/dev/full").exists():
        pytest.skip("this system has no /dev/full")
    target: Any = subprocess.DEVNULL
    if stdout == "/dev/full":
        target = open("/dev/full", "wb")  # noqa: SIM115 - closed below
    elif stdout == "read-only":
        target = open(os.devnull, "rb")  # noqa: SIM115
    program = subprocess.run(
        [*COMMAND, *args],
        stdout=None if stdout == "closed" else target,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env=process_env({"COLUMNS": "80"}),
        timeout=60,
        # Close descriptor 1 in the child: the shell's `>&-`.
        preexec_fn=(lambda: os.close(1)) if stdout == "closed" else None,
    )
    if target is not subprocess.DEVNULL:
        target.close()
    assert program.stderr.decode() == f"Error: cannot write output: {reason}\n"
    assert program.returncode == 1


# --- outputs that reach a descriptor, a pipe or an input by a name of their own ---------
# Issue 29. A shell line hands the program a descriptor path (/dev/stdout, /dev/stderr,
# /dev/fd/N, /proc/self/fd/N, a symlink to one), a pipe, a FIFO, its own stdout or stderr
# by the file's name, or an input as stdout. The principles: a stream is written as a
# stream (never truncated, never replaced by rename: `>>` appends, a shared descriptor is
# written at its offset); no output reaches an input; all of a run's files or none.

SVG, HTML, DB = "svg", "html", "db"
"""What a file holds between its prefix and suffix: the picture, the page, a database."""
DATA = b"<the data file>"
"""A file made as a copy of the bundled data (`before`), and expected unchanged (`after`)."""


@dataclass(frozen=True)
class Redirected:
    id: str
    line: str  # bash; `bazhanov` is the program
    after: Mapping[str, tuple[bytes, str | None, bytes] | bytes]  # prefix, document, suffix
    before: Mapping[str, bytes] = field(default_factory=dict)
    code: int = EXIT_OK
    stderr: str | None = ""  # all of it (None: not checked), or how an error's line starts


LOG = {"log": b"L\n"}
OLD_PAGE = {"page.html": b"<html>old</html>\n"}
WITH_DATA = {"x.json": DATA}
DATA_REFUSED = "Error: stdout is 'x.json', the data file (--data): writing it would destroy it"

REDIRECTED = [
    # Descriptor paths: the descriptor the shell opened, as it is open.
    Redirected(
        "svg-to-dev-stdout-between-two-echoes",
        "{ echo H; bazhanov timeline --svg /dev/stdout; echo F; } > f",
        {"f": (b"H\n", SVG, b"F\n")},
        stderr="Wrote /dev/stdout\n",
    ),
    Redirected(
        "svg-to-dev-stdout-appended",
        "bazhanov timeline --svg /dev/stdout >> log",
        {"log": (b"L\n", SVG, b"")},
        LOG,
        stderr="Wrote /dev/stdout\n",
    ),
    Redirected(
        "svg-to-proc-self-fd-1-appended",
        "bazhanov timeline --svg /proc/self/fd/1 >> log",
        {"log": (b"L\n", SVG, b"")},
        LOG,
        stderr="Wrote /proc/self/fd/1\n",
    ),
    Redirected(
        "html-to-dev-stderr-appended",
        "bazhanov timeline --html /dev/stderr 2>> log",
        {"log": (b"L\n", HTML, b"Wrote /dev/stderr\n")},
        LOG,
    ),
    Redirected(
        "database-to-dev-fd-3-appended",
        "bazhanov export sqlite /dev/fd/3 3>> log",
        {"log": (b"L\n", DB, b"")},
        LOG,
        stderr="Wrote /dev/fd/3\n",
    ),
    Redirected(
        "svg-through-a-symlink-to-dev-stdout",
        "ln -s /dev/stdout link.svg && bazhanov timeline --svg link.svg >> log",
        {"log": (b"L\n", SVG, b"")},
        LOG,
        stderr="Wrote link.svg\n",
    ),
    Redirected(
        "svg-into-our-stdout-by-its-name",
        "bazhanov timeline --svg log >> log",
        {"log": (b"L\n", SVG, b"")},
        LOG,
        stderr="Wrote log\n",
    ),
    Redirected(
        "html-into-our-stderr-by-its-name",
        "bazhanov timeline --html log 2>> log",
        {"log": (b"L\n", HTML, b"Wrote log\n")},
        LOG,
    ),
    Redirected(  # two outputs into one descriptor are one file twice: nothing is written
        "svg-and-html-into-one-shared-descriptor",
        "bazhanov timeline --svg /dev/fd/3 --html /dev/stdout >> log 3>&1",
        {"log": b"L\n"},
        LOG,
        EXIT_USAGE,
        "Error: --html '/dev/stdout' is the same file as --svg '/dev/fd/3'",
    ),
    Redirected(  # another process's descriptor: opened by its name and appended to
        "svg-to-the-shells-own-descriptor-by-its-pid",
        "exec 3>> log; bazhanov timeline --svg /proc/$$/fd/3",
        {"log": (b"L\n", SVG, b"")},
        LOG,
        stderr=None,  # the name holds the shell's PID
    ),
    # Pipes and FIFOs have no name to resolve: they are streams.
    Redirected(
        "svg-to-dev-stdout-through-a-pipe",
        "bazhanov timeline --svg /dev/stdout | cat > out",
        {"out": (b"", SVG, b"")},
        stderr="Wrote /dev/stdout\n",
    ),
    Redirected(
        "database-to-dev-stdout-through-a-pipe",
        "bazhanov export sqlite /dev/stdout | cat > out.db",
        {"out.db": (b"", DB, b"")},
        stderr="Wrote /dev/stdout\n",
    ),
    Redirected(
        "html-to-dev-fd-3-through-a-pipe",
        "bazhanov timeline --html /dev/fd/3 3>&1 > /dev/null | cat > out",
        {"out": (b"", HTML, b"")},
        stderr="Wrote /dev/fd/3\n",
    ),
    Redirected(
        "svg-to-a-fifo",
        "mkfifo p && { cat p > out & bazhanov timeline --svg p; wait; }",
        {"out": (b"", SVG, b"")},
        stderr="Wrote p\n",
    ),
    Redirected(
        "svg-to-process-substitution",
        "bazhanov timeline --svg >(cat > out) && wait $!",
        {"out": (b"", SVG, b"")},
        stderr=None,  # the name is /dev/fd/63 or another
    ),
    # A stream that fails leaves every file untouched; so does a descriptor we cannot write.
    Redirected(
        "closed-descriptor-replaces-nothing",
        "bazhanov timeline --svg /dev/fd/9 --html page.html",
        {"page.html": OLD_PAGE["page.html"]},
        OLD_PAGE,
        EXIT_DATA,
        "Error: cannot write /dev/fd/9: Bad file descriptor",
    ),
    Redirected(
        "read-only-descriptor-replaces-nothing",
        "bazhanov timeline --svg /dev/fd/3 --html page.html 3< /dev/null",
        {"page.html": OLD_PAGE["page.html"]},
        OLD_PAGE,
        EXIT_DATA,
        "Error: cannot write /dev/fd/3: Bad file descriptor",
    ),
    Redirected(
        "full-descriptor-replaces-nothing",
        "bazhanov timeline --svg /dev/stdout --html page.html > /dev/full",
        {"page.html": OLD_PAGE["page.html"]},
        OLD_PAGE,
        EXIT_DATA,
        "Error: cannot write /dev/stdout: No space left on device",
    ),
    Redirected(
        "full-stdout-replaces-nothing",
        "bazhanov timeline --svg - --html page.html > /dev/full",
        {"page.html": OLD_PAGE["page.html"]},
        OLD_PAGE,
        EXIT_DATA,
        "Error: cannot write output: No space left on device",
    ),
    Redirected(
        "full-metadata-keeps-the-old-database",
        "bazhanov export sqlite m.db --metadata /dev/full",
        {"m.db": b"old"},
        {"m.db": b"old"},
        EXIT_DATA,
        "Error: cannot write /dev/full: No space left on device",
    ),
    # stdout into the data file: refused before any output, however it gets there.
    Redirected(
        "events-appended-to-their-data-file",
        "bazhanov --data x.json events --json >> x.json",
        {"x.json": DATA},
        WITH_DATA,
        EXIT_USAGE,
        DATA_REFUSED,
    ),
    Redirected(
        "sql-read-write-over-its-data-file",
        "bazhanov --data x.json sql 'SELECT 1' 1<> x.json",
        {"x.json": DATA},
        WITH_DATA,
        EXIT_USAGE,
        DATA_REFUSED,
    ),
    Redirected(
        "cite-into-the-data-file-from-the-environment",
        "BAZHANOV_DATA=x.json bazhanov cite --all >> x.json",
        {"x.json": DATA},
        WITH_DATA,
        EXIT_USAGE,
        "Error: stdout is 'x.json', the data file (BAZHANOV_DATA)",
    ),
    Redirected(
        "facts-into-the-data-file-through-a-symlink",
        "ln -s x.json link.json && bazhanov --data link.json facts --json >> x.json",
        {"x.json": DATA},
        WITH_DATA,
        EXIT_USAGE,
        "Error: stdout is 'link.json', the data file (--data)",
    ),
    Redirected(
        "timeline-into-a-hard-link-of-the-data-file",
        "ln x.json hard.json && bazhanov --data x.json timeline >> hard.json",
        {"x.json": DATA},
        WITH_DATA,
        EXIT_USAGE,
        DATA_REFUSED,
    ),
    Redirected(
        "svg-to-dev-stdout-into-the-data-file",
        "bazhanov --data x.json timeline --svg /dev/stdout >> x.json",
        {"x.json": DATA},
        WITH_DATA,
        EXIT_USAGE,
        "Error: --svg '/dev/stdout' is the same file as --data 'x.json'",
    ),
    Redirected(
        "database-to-dev-fd-3-into-the-data-file",
        "bazhanov --data x.json export sqlite /dev/fd/3 3>> x.json",
        {"x.json": DATA},
        WITH_DATA,
        EXIT_USAGE,
        "Error: FILE '/dev/fd/3' is the same file as --data 'x.json'",
    ),
]


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The picture and the page exactly as `timeline --svg -` and `--html -` print them."""
    folder = tmp_path_factory.mktemp("documents")
    made = {}
    for kind in (SVG, HTML):
        done = subprocess.run(
            [*COMMAND, "timeline", f"--{kind}", "-"],
            capture_output=True,
            cwd=folder,
            env=process_env({}),
            timeout=60,
            check=True,
        )
        made[kind] = done.stdout
    return made


def is_database(content: bytes, folder: Path) -> bool:
    copy = folder / "copy-of-the-stream.db"
    copy.write_bytes(content)
    import sqlite3

    connection = sqlite3.connect(copy)
    try:
        events = connection.execute("SELECT count(*) FROM events").fetchone()[0]
        checked = connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()
    return bool(events) and checked == "ok"


@pytest.mark.parametrize("row", REDIRECTED, ids=[row.id for row in REDIRECTED])
def test_outputs_reaching_a_stream_or_an_input(
    row: Redirected, documents: dict[str, bytes], tmp_path: Path
) -> None:
    if "/dev/full" in row.line and not Path("/dev/full").exists():
        pytest.skip("this system has no /dev/full")
    for name, content in row.before.items():
        (tmp_path / name).write_bytes(DATA_FILE.read_bytes() if content is DATA else content)
    program = " ".join(COMMAND)
    done = subprocess.run(
        ["bash", "-c", f'bazhanov() {{ {program} "$@"; }}\n{row.line}'],
        capture_output=True,
        cwd=tmp_path,
        env=process_env({}),
        timeout=120,
    )
    stderr = done.stderr.decode()
    assert "Traceback" not in stderr
    assert done.returncode == row.code, stderr
    if row.code == EXIT_OK:
        if row.stderr is not None:
            assert stderr == row.stderr
    else:
        assert len(stderr.splitlines()) == 1, stderr
        assert row.stderr is not None
        assert stderr.startswith(row.stderr), stderr
    for name, expected in row.after.items():
        content = (tmp_path / name).read_bytes()
        if isinstance(expected, bytes):
            assert content == (DATA_FILE.read_bytes() if expected is DATA else expected)
            continue
        prefix, kind, suffix = expected
        assert content.startswith(prefix), content[:80]
        assert content.endswith(suffix), content[-80:]
        middle = content[len(prefix) : len(content) - len(suffix)]
        if kind == DB:
            assert middle.startswith(b"SQLite format 3\x00")
            assert is_database(middle, tmp_path)
        else:
            assert kind is not None
            assert middle == documents[kind]
    assert not [path.name for path in tmp_path.iterdir() if path.name.endswith(".tmp")]


@pytest.mark.parametrize("path", ["/dev/stdout", "/proc/self/fd/1", "/dev/fd/2"])
def test_a_database_is_not_written_to_a_terminal(path: str) -> None:
    # Binary bytes on a terminal would be obeyed as its commands: one line instead.
    code, shown = run_in_pty(["export", "sqlite", path], {})
    assert code == EXIT_DATA
    assert shown.replace("\r\n", "\n") == (
        f"Error: cannot write {path}: it is a terminal, and the file is binary: "
        "redirect it to a file, or give a file name\n"
    )
