"""Text is shown, not obeyed: control characters from data and arguments on a real terminal.

A biography whose every kind of text (titles, names, aliases, sections, quotations, a
JSON key) carries ESC sequences, C1 and bidi controls, NUL and DEL goes through every
view, format and message on a pty; nothing from it may reach the screen but as
visible escapes, and the only escape codes on the screen are the colours Rich writes.
Machine formats in a pipe stay byte for byte what the data holds.
"""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bazhanov_cli.output.terminal import visible

from .conftest import COMMAND, DATA_FILE, process_env, run_in_pty

HOSTILE = (
    "\x1b[2J"  # clear the screen
    "\x1b]8;;http://x\x1b\\L\x1b]8;;\x1b\\"  # a hyperlink
    "\x1b]0;title\x07"  # the window's title
    "\x9b31m"  # a C1 CSI
    "\u202eevil\u202c\u2066\u200f"  # bidi override, isolate, mark
    "\x00\x7f\x1b[8m"  # NUL, DEL, and an SGR that hides the rest
    "\u2028\r\n\t"  # line breaks of every kind
    "[bold]b[/bold][link=http://x]k[/link]"  # Rich markup, to be shown as text
)
HOSTILE_SHOWN = visible(HOSTILE)
CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
OUR_COLOURS = re.compile(r"\x1b\[[0-9;]*m")


def obeyable(shown: str) -> list[str]:
    """What on a screen a terminal would obey: any control character but a line end,
    once the colour codes are taken out (the data's SGR is asserted on separately)."""
    # A pty writes a line end as CR LF, and CSV's own CR LF as CR CR LF.
    return CONTROLS.findall(re.sub("\r*\n", "", OUR_COLOURS.sub("", shown)))


def spoiled(text: str) -> str:
    return text + HOSTILE


def hostile_biography() -> dict[str, object]:
    """The bundled biography with HOSTILE after every text a view shows."""
    bio = json.loads(DATA_FILE.read_text(encoding="utf-8"))

    def spoil(item: dict[str, object], *keys: str) -> None:
        for key in keys:
            value = item[key]
            if isinstance(value, str):
                item[key] = spoiled(value)
            elif isinstance(value, list):
                item[key] = [spoiled(each) if isinstance(each, str) else each for each in value]

    facts = bio["facts"]
    spoil(facts, "full_name", "native_name", "description", "resting_place", "citizenship")
    spoil(facts["born"], "place")
    for position in facts["positions"]:
        spoil(position, "title")
    for event in bio["events"]:
        spoil(event, "title", "summary")
        if event["attribution"]:
            spoil(event, "attribution")
    for person in bio["people"]:
        spoil(person, "name", "aliases", "description")
    for place in bio["places"]:
        spoil(place, "name", "aliases", "description")
    for quote in bio["quotes"]:
        spoil(quote, "text", "source", "context")
    for edition in bio["editions"]:
        spoil(edition, "title", "credited_as")
    for source in bio["sources"]:
        spoil(source, "title", "publisher", "supplies")
    section = "Introduction"

    def rename(value: object) -> None:  # a section's heading, wherever it is named
        if isinstance(value, dict):
            for key, inner in value.items():
                if key == "section" and inner == section:
                    value[key] = spoiled(section)
                else:
                    rename(inner)
        elif isinstance(value, list):
            for inner in value:
                rename(inner)

    rename(bio)
    article = bio["sources"][0]
    article["sections"] = [
        spoiled(name) if name == section else name for name in article["sections"]
    ]
    return bio


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    path = folder / "hostile.json"
    path.write_text(json.dumps(hostile_biography(), ensure_ascii=False), encoding="utf-8")
    return path


def piped(
    *args: str, env: dict[str, str | None] | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*COMMAND, *args],
        capture_output=True,
        env=process_env({"COLUMNS": "100", **(env or {})}),
        timeout=60,
    )


# --- the rule --------------------------------------------------------------------------------


# What draws nothing (tests/test_text_edges.py): format characters, lone surrogates,
# blank letters and marks, variation selectors (shown where they vary nothing).
SHOWS_NOTHING = re.compile(
    "[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\uffa0\ufe00-\ufe0f\U000e0100-\U000e01ef]"
)
NEVER_SHOWN = re.compile(
    "[\u00ad\u200b-\u200f\u2060-\u2064\ufeff\ud800-\udfff\U000e0000-\U000e007f]"
)


def draws_something(text: str) -> bool:
    return not SHOWS_NOTHING.search(text) and not any(
        unicodedata.category(char) in ("Cf", "Cs") for char in text
    )


@given(st.text())
def test_visible_leaves_no_control_and_keeps_plain_text(text: str) -> None:
    shown = visible(text)
    assert not CONTROLS.search(shown)
    assert not NEVER_SHOWN.search(shown)
    if not CONTROLS.search(text) and draws_something(text):
        assert shown == text


def test_visible_notation() -> None:
    assert visible("a\x1b[2Jb\n\t\x00\x7f\x9b\u202e\u2028") == (
        "a\\x1b[2Jb\\n\\t\\x00\\x7f\\x9b\\u202e\\u2028"
    )


# --- every view on a terminal ----------------------------------------------------------------

VIEWS = [
    *(
        (command, *fmt)
        for command in ("events", "editions", "people", "places", "quotes", "sources")
        for fmt in ((), ("--format", "csv"), ("--format", "markdown"), ("--fields", "id,title"))
        if not (fmt == ("--fields", "id,title") and command in ("people", "places", "quotes"))
    ),
    ("events", "--fields", "id,section,summary,provenance"),
    ("people", "--fields", "id,name,aliases"),
    ("facts",),
    ("facts", "--format", "csv"),
    ("facts", "--format", "markdown"),
    ("search", "Stalin"),
    ("search", "Lachaise"),
    ("show", "defection"),
    ("show", "stalin"),
    ("show", "moscow"),
    ("show", "born"),
    ("show", "positions"),
    ("show", "avec-staline-dans-le-kremlin"),
    ("show", "doyle-usually-reliable"),
    ("timeline",),
    ("timeline", "--width", "60"),
    ("timeline", "--width", "23"),
    ("cite", "--all", "--format", "bibtex"),
    ("cite", "--all", "--format", "ris"),
    ("cite", "--all"),
]
JSON_VIEWS = [
    ("events", "--json"),
    ("events", "--format", "jsonl"),
    ("facts", "--json"),
    ("people", "--format", "jsonl"),
    ("show", "stalin", "--json"),
    ("search", "Stalin", "--json", "--limit", "100"),
    ("cite", "--all", "--format", "csl-json"),
]


@pytest.mark.parametrize("args", VIEWS, ids=" ".join)
def test_no_sequence_from_the_data_reaches_the_screen(args: tuple[str, ...], hostile: Path) -> None:
    # In colour, so that our own SGR codes are there to be told from the data's.
    code, shown = run_in_pty(["--data", str(hostile), "--no-pager", "--color", "always", *args], {})
    assert code == 0, shown
    assert obeyable(shown) == [], shown
    assert "\x1b[8m" not in shown
    assert "\x1b[2J" not in shown
    if "23" not in args:  # shown, and as escapes (a narrow timeline cuts its titles first)
        assert "\\x1b[2J" in shown or "\\x1b" in shown, shown
    if not {"timeline", "markdown"} & set(args):  # and Rich markup in the data is text
        assert "[bold]b[/bold]" in OUR_COLOURS.sub("", shown).replace("\r\n", ""), shown


@pytest.mark.parametrize("args", JSON_VIEWS, ids=" ".join)
def test_json_on_a_terminal_is_the_same_json_with_nothing_to_obey(
    args: tuple[str, ...], hostile: Path
) -> None:
    code, shown = run_in_pty(["--data", str(hostile), *args], {})
    assert code == 0, shown
    assert obeyable(shown) == [], shown
    text = shown.replace("\r\n", "\n")
    exact = piped("--data", str(hostile), *args).stdout.decode()
    if "jsonl" in args:
        # split at "\n" only: splitlines() would split at the raw U+2028 in the pipe
        assert [json.loads(line) for line in text.split("\n") if line] == [
            json.loads(line) for line in exact.split("\n") if line
        ]
    else:
        assert json.loads(text) == json.loads(exact)
    assert "\x9b31m\u202eevil" in exact  # in a pipe, what JSON leaves raw stays raw


@pytest.mark.parametrize(
    "args",
    [
        ("events", "--format", "csv"),
        ("events", "--format", "markdown"),
        ("cite", "--all", "--format", "ris"),
    ],
    ids=" ".join,
)
def test_machine_formats_in_a_pipe_are_byte_faithful(args: tuple[str, ...], hostile: Path) -> None:
    result = piped("--data", str(hostile), *args)
    assert result.returncode == 0, result.stderr
    assert "title\x07\x9b31m\u202eevil".encode() in result.stdout
    assert b"\x00\x7f\x1b" in result.stdout


def test_a_piped_table_shows_the_escapes_too(hostile: Path) -> None:
    result = piped("--data", str(hostile), "events", "--year", "1928")
    assert result.returncode == 0
    assert obeyable(result.stdout.decode()) == []
    assert b"\\x1b[2J" in result.stdout


# --- messages and validate: one line each, nothing obeyed -------------------------------------


def test_validate_shows_a_key_with_a_newline_on_one_line(tmp_path: Path) -> None:
    bio = hostile_biography()
    bio["events"][0]["key\nbad.json: valid" + HOSTILE] = 1  # type: ignore[index]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(bio, ensure_ascii=False), encoding="utf-8")
    for run in (lambda: piped("validate", str(bad)), lambda: None):
        result = run()
        if result is None:
            break
        assert result.returncode == 1
        lines = result.stdout.decode().splitlines()
        assert len(lines) == 1, lines
        assert lines[0].startswith(f"{bad}: events[0].")
        assert "key\\nbad.json: valid\\x1b[2J" in lines[0]
        assert not obeyable(result.stderr.decode())
    code, shown = run_in_pty(["validate", str(bad)], {})
    assert code == 1
    assert obeyable(shown) == []
    assert len(shown.splitlines()) == 2  # the problem, and the verdict on stderr
    problems = json.loads(piped("validate", str(bad), "--format", "json").stdout)
    assert HOSTILE in problems[0]["path"]  # JSON holds the key exactly


@pytest.mark.parametrize(
    "args",
    [
        ("--data", "missing\x1b]0;owned\x07\n.json", "events"),
        ("show", "no-such\x1b[2J\u202eid"),
        ("events", "--category", "war\x1b[2J\x9b"),
        ("search", "\x1b[2J", "--kind", "nothing\n\x1b[8m"),
        ("timeline", "--svg", "no-such-folder/\x1b[2J\n.svg"),
    ],
    ids=["data-path", "show-id", "category", "kind", "cannot-write"],
)
def test_messages_quote_arguments_visibly_on_one_line(args: tuple[str, ...]) -> None:
    code, shown = run_in_pty(list(args), {})
    assert code in (1, 2), shown
    assert obeyable(shown) == [], shown
    lines = shown.replace("\r\n", "\n").splitlines()
    assert len(lines) == 1, shown
    assert lines[0].startswith("Error: "), shown
    assert "\\x1b" in lines[0] or "\\n" in lines[0]


def test_wrote_names_the_path_visibly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    name = "life\x1b]0;owned\x07.svg"
    code, shown = run_in_pty(["timeline", "--svg", name], {})
    assert code == 0, shown
    assert (tmp_path / name).read_text(encoding="utf-8").endswith("</svg>\n")
    assert obeyable(shown) == []
    assert shown.strip() == "Wrote life\\x1b]0;owned\\x07.svg"


# --- width -----------------------------------------------------------------------------------


def test_columns_is_held_to_what_width_allows() -> None:
    result = piped("timeline", env={"COLUMNS": "100000"})
    assert result.returncode == 0
    lines = result.stdout.decode().splitlines()
    assert max(map(len, lines)) <= 400
    code, shown = run_in_pty(["--no-pager", "timeline"], {"COLUMNS": "100000"})
    assert code == 0
    assert max(map(len, OUR_COLOURS.sub("", shown).splitlines())) <= 400


@pytest.mark.parametrize("columns", ["1", "2", "5", "19"])
def test_a_tiny_width_shows_every_value(columns: str) -> None:
    result = piped("events", "--year", "1941", env={"COLUMNS": columns})
    assert result.returncode == 0
    words = " ".join(result.stdout.decode().split())
    for shown in (
        "Date / category",
        "1941-06",
        "war",
        "Event",
        "Rosenberg",
        "Places",
        "Berlin, Germany, Paris",
    ):
        assert shown in words, result.stdout
    facts = " ".join(piped("facts", env={"COLUMNS": columns}).stdout.decode().split())
    for shown in ("Born", "1900-08-09", "Died", "1982-12-30", "Resting place", "Père Lachaise"):
        assert shown in facts
