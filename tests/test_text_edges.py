"""Text at the edges: shown, never obeyed, never silently changed (issue 29).

Tables draw in time linear in their text; an argument typed in any locale is the
text the user typed, on every command; a Markdown cell never breaks its row; a
character that shows nothing is shown as an escape on a terminal, so two different
names never look the same, while the machine formats keep every character.
The encodings stdout cannot carry are rows of test_hostile.py's table.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from rich.console import Console
from rich.text import Text

from bazhanov_cli.output.formats import markdown_text
from bazhanov_cli.output.layout import ByLine, Column, FittedTable
from bazhanov_cli.output.terminal import argument_text, visible

from .conftest import COMMAND, DATA_FILE, invoke, process_env, run_in_pty

# --- tables draw in time linear in their text -------------------------------------------


def drawn(renderable: object, width: int) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None)
    with console.capture() as captured:
        console.print(renderable)
    return captured.get()


def events_like(title: Text) -> FittedTable:
    columns = [Column("Date", fixed=True), Column("Event", ratio=3), Column("Places", ratio=2)]
    return FittedTable(columns, [[Text("1928-01-01"), title, Text("Ashgabat")]])


@given(
    text=st.text(st.sampled_from("ab \n\u0301\u4e00-"), max_size=200),
    width=st.integers(1, 30),
    justify=st.sampled_from(["left", "right", "center", "full"]),
)
def test_a_cell_drawn_a_line_at_a_time_is_the_cell_rich_draws(
    text: str, width: int, justify: str
) -> None:
    from rich.table import Table

    def in_a_cell(renderable: object) -> str:
        grid = Table.grid()
        grid.add_column(width=width, overflow="fold")
        grid.add_row(renderable)  # type: ignore[arg-type]
        return drawn(grid, 40)

    cell = Text(text, style="bold", justify=justify)  # type: ignore[arg-type]
    assert in_a_cell(ByLine(cell)) == in_a_cell(cell)


def test_a_long_cell_reaches_rich_a_line_at_a_time() -> None:
    # Rich splits a segment of many lines by copying what is left at each line end:
    # time quadratic in the text. Each segment a cell gives holds one line at most.
    console = Console(file=io.StringIO(), width=30)
    title = Text("word " * 2000)
    segments = list(console.render(ByLine(title), console.options))
    assert max(segment.text.count("\n") for segment in segments) == 1
    assert sum(segment.text.count("\n") for segment in segments) > 300
    # The teeth: Rich's own rendering of the same text is one segment of every line.
    assert max(segment.text.count("\n") for segment in console.render(title)) > 300


def test_a_table_draws_in_time_linear_in_its_text() -> None:
    # Four times the text must take about four times as long, not sixteen; the bound
    # is generous, as the machine is shared. An 8 MB title took a minute before.
    def seconds(size: int) -> float:
        table = events_like(Text(("word " * (size // 5 + 1))[:size]))
        start = time.process_time()
        drawn(table, 80)
        return time.process_time() - start

    small, large = 250_000, 1_000_000
    seconds(small // 10)  # warm up Rich's caches
    ratio = seconds(large) / seconds(small)
    assert ratio < 8, f"4x the text took {ratio:.1f}x the time"


def test_a_huge_value_draws_whole(tmp_path: Path) -> None:
    # The hostile tester's case, end to end. A data file's text is bounded now (10,000
    # characters), but a value `sql` makes may be up to 10 MB: 6 million characters of
    # Cyrillic and Latin, drawn in a table of 80 columns, the whole of it on the screen.
    words = 500_000
    query = f"SELECT replace(hex(zeroblob({words})), '00', 'Сталин word ') AS title"
    done = subprocess.run(
        [*COMMAND, "sql", query],
        capture_output=True,
        cwd=tmp_path,
        env=process_env({"COLUMNS": "80"}),
        timeout=300,  # bounds a hang only; it takes seconds
        check=False,
    )
    assert done.returncode == 0, done.stderr
    shown = done.stdout.decode()
    assert shown.count("Сталин") == words
    assert max(len(line) for line in shown.splitlines()) <= 80


# --- every argument that names data is read the same way, in any locale ----------------

ASCII_LOCALE = {"LC_ALL": "C", "LANG": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"}
UTF8_LOCALE = {"LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}

NAMING_DATA = [
    ("people", "Бажанов"),
    ("people", "--role", "секретарь"),
    ("places", "Київ"),
    ("quotes", "Бажанов"),
    ("editions", "--lang", "français"),
    ("editions", "--lang", "русский"),
    ("search", "Бажанов"),
    ("claims", "--kind", "событие"),
    ("show", "Бажанов"),
    ("cite", "--lang", "français", "--format", "csl-json"),
    ("events", "--category", "война"),  # refused, quoting what was typed
]


def json_run(args: Sequence[str], env: dict[str, str]) -> tuple[int, str, str]:
    fmt = [] if "--format" in args else ["--format", "json"]
    done = subprocess.run(
        [*COMMAND, *args, *fmt],
        capture_output=True,
        env=process_env(env),
        timeout=60,
        check=False,
    )
    return done.returncode, done.stdout.decode(), done.stderr.decode()


@pytest.mark.parametrize("args", NAMING_DATA, ids=" ".join)
def test_an_argument_naming_data_is_read_alike_in_every_locale(args: tuple[str, ...]) -> None:
    utf8 = json_run(args, UTF8_LOCALE)
    ascii_ = json_run(args, ASCII_LOCALE)
    assert ascii_[0] == utf8[0]
    if utf8[0] == 0:
        assert json.loads(ascii_[1]) == json.loads(utf8[1])  # escaped under ASCII, the same
    # A message quotes what was typed, escaped where stderr cannot carry it.
    assert ascii_[2].encode("ascii", "replace") == utf8[2].encode("ascii", "replace")


def test_arguments_that_find_something_in_utf8_find_it_under_posix() -> None:
    # The rows above have teeth: these find records, so a lost argument would show.
    for args in [("people", "Бажанов"), ("editions", "--lang", "français")]:
        code, stdout, _ = json_run(args, ASCII_LOCALE)
        assert code == 0
        assert json.loads(stdout), args


@given(st.text())
def test_argument_text_recovers_what_any_locale_hands_over(typed: str) -> None:
    encoded = typed.encode("utf-8", "surrogatepass")
    handed = encoded.decode("ascii", "surrogateescape")  # as Python reads argv under C
    if not any(0xD800 <= ord(char) <= 0xDFFF for char in typed):
        assert argument_text(handed) == typed
        assert argument_text(typed) == typed  # text typed in a UTF-8 locale is left alone


# --- a Markdown cell never breaks its row ------------------------------------------------

BREAKS = ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
ROW_BREAKERS = [f"one{brk}two" for brk in BREAKS] + ["a | b", "|", "x\\|y", "`|`", "line\n"]


def commonmark_rows(markdown: str) -> list[list[str]]:
    """The body rows of the one table a CommonMark reader (markdown-it, GFM tables) sees."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    rows: list[list[str]] = []
    cell: list[str] | None = None
    in_body = False
    for token in tokens:
        if token.type == "tbody_open":
            in_body = True
        elif in_body and token.type == "tr_open":
            rows.append([])
        elif in_body and token.type == "td_open":
            cell = []
        elif in_body and token.type == "td_close" and cell is not None:
            rows[-1].append("".join(cell))
            cell = None
        elif cell is not None and token.type == "inline":
            cell.extend(
                "\n" if child.type == "html_inline" and child.content == "<br>" else child.content
                for child in token.children or []
            )
    return rows


@pytest.mark.parametrize("value", ROW_BREAKERS, ids=repr)
def test_a_markdown_cell_keeps_its_row_in_commonmark(value: str) -> None:
    text = markdown_text([{"a": value, "b": "end"}, {"a": "next", "b": "end"}], ["a", "b"])
    assert text.count("\n") == 4  # header, rule, two rows: no raw line break inside
    rows = commonmark_rows(text)
    assert len(rows) == 2
    assert all(len(row) == 2 for row in rows)
    expected = re.sub("\r\n|[" + "".join(BREAKS[:2] + BREAKS[3:]) + "]", "\n", value)
    assert rows[0] == [expected, "end"]


def test_a_bare_cr_would_break_the_row_unescaped() -> None:
    # The test above has teeth: a raw CR ends the row in CommonMark.
    rows = commonmark_rows("| a | b |\n|---|---|\n| one\rtwo | end |\n")
    assert len(rows) == 2


@given(st.lists(st.text(), min_size=1, max_size=4))
def test_any_text_keeps_its_row_and_cells(values: list[str]) -> None:
    fields = [f"f{index}" for index in range(len(values))]
    text = markdown_text([dict(zip(fields, values, strict=True))], fields)
    assert text.count("\n") == 3
    [row] = commonmark_rows(text)
    assert len(row) == len(values)


def test_markdown_through_pandoc_keeps_every_row(tmp_path: Path) -> None:
    import shutil

    pandoc = shutil.which("pandoc")
    if pandoc is None:
        pytest.skip("pandoc is not installed: apt-get install pandoc")
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    for event, brk in zip(data["events"], BREAKS, strict=False):
        event["title"] = f"before{brk}after | {event['title']}"
    bio = tmp_path / "bio.json"
    bio.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = invoke("--data", str(bio), "events", "--format", "markdown", "--fields", "id,title")
    assert result.exit_code == 0, result.stderr
    for dialect in ["gfm", "markdown", "commonmark_x"]:
        html = subprocess.run(
            [pandoc, "-f", dialect, "-t", "html"],
            input=result.stdout,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
        assert html.count("<tr") == len(data["events"]) + 1, dialect
        assert html.count("<td") == 2 * len(data["events"]), dialect


# --- what shows nothing is shown as an escape on a terminal ------------------------------

INVISIBLE = [
    "\u200b",  # zero-width space
    "\u200c",  # zero-width non-joiner
    "\u200d",  # zero-width joiner
    "\u2060",  # word joiner
    "\ufeff",  # BOM, zero-width no-break space
    "\u00ad",  # soft hyphen
    "\u2062",  # invisible times
    "\u180e",  # Mongolian vowel separator
    "\u3164",  # Hangul filler
    "\u115f",  # Hangul choseong filler
    "\U000e0041",  # tag latin capital letter A
    "\U000e007f",  # cancel tag
    "\ufe0f",  # a variation selector after a Latin letter varies nothing
    "\U000e0100",  # nor a supplementary one
    "\ud800",  # a lone surrogate
    "\u202e",  # right-to-left override
]


@pytest.mark.parametrize("char", INVISIBLE, ids=lambda char: f"U+{ord(char):04X}")
def test_a_character_that_shows_nothing_is_shown_as_an_escape(char: str) -> None:
    shown = visible(f"Boris{char}Bazhanov")
    assert shown.isascii()
    assert shown.isprintable()
    assert shown != "BorisBazhanov"
    assert f"{ord(char):x}" in shown


@pytest.mark.parametrize(
    "text",
    [
        "Бори́с Гео́ргиевич Бажа́нов",  # combining acute: PITFALLS.md item 13
        "sli\ufe20e\ufe21dstvennye",  # combining ligature halves
        "\u263a\ufe0f",  # a variation selector that varies its symbol
        "1\ufe0f\u20e3",  # a keycap
        "\u845b\U000e0100",  # an ideographic variation sequence
        "Ba\u0161anov",
        "a\u00a0b",  # a no-break space is a space
    ],
)
def test_what_draws_stays_as_it_is(text: str) -> None:
    assert visible(text) == text


@given(st.text(st.sampled_from(["a", "b", "Б", " ", "\u0301", *INVISIBLE]), max_size=8))
def test_two_different_names_never_look_the_same(text: str) -> None:
    # A name and the same name with characters that show nothing look different.
    bare = text.translate(dict.fromkeys(map(ord, INVISIBLE)))
    if bare != text:
        assert visible(text) != visible(bare)


def test_a_table_shows_the_invisible_and_json_keeps_it(tmp_path: Path) -> None:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    twin = dict(
        data["people"][0], id="twin", name=data["people"][0]["name"].replace(" ", "\u200b ")
    )
    data["people"].append(twin)
    bio = tmp_path / "bio.json"
    bio.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = invoke("--data", str(bio), "people", "--fields", "id,name")
    assert result.exit_code == 0, result.stderr
    table = result.stdout
    assert "\u200b" not in table
    assert "\\u200b" in table
    people = json.loads(invoke("--data", str(bio), "people", "--json").stdout)
    assert people[-1]["name"] == twin["name"]
    csv_text = invoke("--data", str(bio), "people", "--format", "csv").stdout
    assert twin["name"] in csv_text


def test_on_a_terminal_every_format_shows_the_invisible(tmp_path: Path) -> None:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    data["people"][0]["name"] = "Boris\u200bBazhanov\U000e0041"
    bio = tmp_path / "bio.json"
    bio.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    for fmt in ["csv", "markdown", "json", "jsonl", "table"]:
        args = ["--data", str(bio), "--no-pager", "people", "--format", fmt, "--limit", "1"]
        code, shown = run_in_pty(args, {"NO_COLOR": "1"})
        assert code == 0, shown
        assert "\u200b" not in shown, fmt
        assert "\U000e0041" not in shown, fmt
        assert "Boris\\u200bBazhanov" in shown, fmt
        if fmt.startswith("json"):  # the same JSON: a tag character is a surrogate pair
            assert "\\udb40\\udc41" in shown, fmt
