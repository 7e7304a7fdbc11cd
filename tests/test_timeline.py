"""The terminal timeline: it fits, reads without colour, follows --from/--to/--category.

The drawn SVG and HTML files are tested in test_drawing.py and, in a browser, test_browser.py.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import get_args

import pytest
from rich.console import Console

from bazhanov_cli.model.items import CATEGORY_LETTERS, Biography, Category
from bazhanov_cli.output.timeline.text import ASCII_GLYPHS, UNICODE_GLYPHS, Timeline
from bazhanov_cli.queries.lookup import chronological

from .conftest import invoke

POINT_GLYPH = UNICODE_GLYPHS.point
ATTRIBUTED_POINT_GLYPH = UNICODE_GLYPHS.attributed_point
SPAN_GLYPH = UNICODE_GLYPHS.span
ATTRIBUTED_SPAN_GLYPH = UNICODE_GLYPHS.attributed_span
AFTER_GLYPH = UNICODE_GLYPHS.after
BEFORE_GLYPH = UNICODE_GLYPHS.before

WIDTHS = [60, 80, 120]
YEAR = re.compile(r"\d{4}")
EVENT_ROW = re.compile(r"[A-Z] (c\. )?\d{4}")  # "c." before an approximate date


def render(bio: Biography, width: int, *, pass_width: bool = True) -> list[str]:
    console = Console(file=io.StringIO(), width=width, color_system=None, legacy_windows=False)
    events = chronological(bio["events"])
    console.print(Timeline(bio, events, 1900, 1992, width=width if pass_width else None))
    output = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(output, str)
    return output.splitlines()


def year_rows(lines: list[str]) -> list[str]:
    """The axis's year labels: lines of nothing but years."""
    return [line for line in lines if line.split() and all(YEAR.fullmatch(w) for w in line.split())]


def event_rows(lines: list[str]) -> list[str]:
    return [line for line in lines if EVENT_ROW.match(line)]


def row_of(lines: list[str], text: str) -> str:
    matching = [line for line in lines if text in line]
    assert len(matching) == 1, f"{text!r} is on {len(matching)} lines"
    return matching[0]


@pytest.mark.parametrize("width", WIDTHS)
def test_every_line_fits_the_width(bio: Biography, width: int) -> None:
    lines = render(bio, width)
    assert max(len(line) for line in lines) <= width
    # The picture uses the room it has: the axis reaches the right edge.
    assert max(len(line) for line in lines) >= width - 1


@pytest.mark.parametrize("width", WIDTHS)
def test_it_follows_the_console_width_when_none_is_given(bio: Biography, width: int) -> None:
    assert render(bio, width, pass_width=False) == render(bio, width)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_axis_shows_the_first_and_last_years(bio: Biography, width: int) -> None:
    rows = year_rows(render(bio, width))
    assert len(rows) == 2  # above and below the events
    assert rows[0] == rows[1]
    years = [int(year) for year in rows[0].split()]
    assert years[0] == 1900
    assert 1992 - 20 <= years[-1] <= 1992  # the axis runs to the 1992 reprint
    assert years == sorted(years)


@pytest.mark.parametrize(("width", "step"), [(200, 5), (120, 10)])
def test_every_tick_is_labelled_when_there_is_room(bio: Biography, width: int, step: int) -> None:
    row = year_rows(render(bio, width))[0]
    assert row.split() == [str(year) for year in range(1900, 1993, step)]


@pytest.mark.parametrize("width", WIDTHS)
def test_the_legend_names_every_category_present(bio: Biography, width: int) -> None:
    text = "\n".join(render(bio, width))
    present = {event["category"] for event in bio["events"]}
    assert present == set(get_args(Category))  # the bundled data uses them all
    for category in present:
        assert f"{CATEGORY_LETTERS[category]} {category}" in text


@pytest.mark.parametrize("width", WIDTHS)
def test_a_row_carries_its_category_letter_year_and_title(bio: Biography, width: int) -> None:
    lines = render(bio, width)
    defection = row_of(lines, "1928 Defects")
    assert defection.startswith("D 1928 Defects")
    assert POINT_GLYPH in defection
    span = row_of(lines, "1925\u201328 Holds")
    assert span.startswith("S 1925\u201328 Holds")
    assert SPAN_GLYPH * 2 in span


@pytest.mark.parametrize("width", WIDTHS)
def test_attributed_events_are_marked_without_colour(bio: Biography, width: int) -> None:
    lines = render(bio, width)
    stabbing = row_of(lines, "1937 Attempt")  # attribution: Bazhanov's own recollection
    assert ATTRIBUTED_POINT_GLYPH in stabbing
    assert POINT_GLYPH not in stabbing
    label = stabbing[: stabbing.index(ATTRIBUTED_POINT_GLYPH)].rstrip(" \u00b7")
    assert label.endswith("*")
    legion = row_of(lines, "1939\u201340 Plan")  # attribution: alleged
    assert ATTRIBUTED_SPAN_GLYPH in legion
    assert SPAN_GLYPH not in legion
    # A fact is not marked.
    assert "*" not in row_of(lines, "1928 Defects")
    assert any("attributed" in line for line in lines)


def test_a_point_sits_at_its_year(bio: Biography) -> None:
    lines = render(bio, 120)
    axis_row = year_rows(lines)[0]
    birth, death = row_of(lines, "Born in"), row_of(lines, "Dies in")
    assert birth.index(POINT_GLYPH) == axis_row.index("1900")
    # 1982 lies between the 1980 and 1990 labels.
    assert axis_row.index("1980") <= death.index(POINT_GLYPH) < axis_row.index("1990")


def test_the_last_event_is_on_the_axis_not_pinned_to_its_end(bio: Biography) -> None:
    lines = render(bio, 80)
    reprint = row_of(lines, "1992 Russian")
    assert reprint.rstrip().endswith(POINT_GLYPH)
    # Nothing reaches past the axis, so the legend has no key for what does.
    assert not any("outside" in line for line in lines)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_event_has_a_row_in_date_order(bio: Biography, width: int) -> None:
    rows = event_rows(render(bio, width))
    assert len(rows) == len(bio["events"])
    years = [row.removeprefix(row[:2]).removeprefix("c. ")[:4] for row in rows]
    assert years == sorted(years)
    # No title holds a glyph, so each row's glyph is its bar or mark.
    glyphs = set(POINT_GLYPH + ATTRIBUTED_POINT_GLYPH + SPAN_GLYPH + ATTRIBUTED_SPAN_GLYPH)
    for row in rows:
        assert glyphs & set(row) or row.rstrip().endswith(AFTER_GLYPH), row


def test_a_very_narrow_console_still_fits(bio: Biography) -> None:
    for width in (20, 30, 40):
        assert max(len(line) for line in render(bio, width)) <= width


# --- through the command: ranges, categories, files, stdout ------------------------------


def test_from_to_and_category_choose_the_rows_and_the_axis() -> None:
    result = invoke("timeline", "--from", "1923", "--to", "1930", "-c", "secretariat")
    assert result.exit_code == 0
    rows = event_rows(result.stdout.splitlines())
    assert all(row.startswith("S 192") for row in rows)
    assert len(rows) == 6
    years = year_rows(result.stdout.splitlines())[0].split()
    assert years[0] >= "1923"
    assert years[-1] == "1930"
    # Every secretariat event lies within 1923-1930: the legend has no outside key.
    assert not any("outside" in line for line in result.stdout.splitlines())


def test_a_range_with_no_events_says_so() -> None:
    result = invoke("timeline", "--from", "1950", "--to", "1960", "-c", "party")
    assert result.exit_code == 0
    assert result.stderr == "No party events from 1950 to 1960.\n"
    assert result.stdout == ""  # the note is all: no empty axis, no legend


def test_a_range_before_any_event_draws_nothing_after_its_note() -> None:
    result = invoke("timeline", "--from", "1850", "--to", "1860")
    assert result.exit_code == 0
    assert result.stderr == "No events from 1850 to 1860.\n"
    assert result.stdout == ""


def test_the_outside_key_only_when_something_is_outside() -> None:
    # 1925-1935: the 1923-1925 secretariat posts begin before the axis.
    inside = invoke("timeline", "--from", "1925", "--to", "1935").stdout.splitlines()
    assert any(f"{AFTER_GLYPH} outside 1925\u20131935" in line for line in inside)
    assert any(BEFORE_GLYPH in row for row in event_rows(inside))
    whole = invoke("timeline").stdout.splitlines()
    assert not any(BEFORE_GLYPH in row or AFTER_GLYPH in row for row in event_rows(whole))
    assert not any("outside" in line for line in whole)


def test_ascii_stdout_gets_ascii_glyphs(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bazhanov_cli", "timeline", "--width", "100"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONIOENCODING": "ascii", "COLUMNS": "100"},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    stabbing = row_of(lines, "1937 Attempt")
    assert ASCII_GLYPHS.attributed_point in stabbing.split("*")[-1]
    assert "?" not in stabbing
    assert "o dated event" in result.stdout


def svg_marks(svg: str) -> list[str]:
    """The <title> of every event mark in a drawn SVG."""
    root = ElementTree.fromstring(svg.encode())
    namespace = "{http://www.w3.org/2000/svg}"
    return [
        "".join(group.find(f"{namespace}title").itertext())  # type: ignore[union-attr]
        for group in root.iter(f"{namespace}g")
        if "event" in (group.get("class") or "").split()
    ]


def test_svg_to_stdout_follows_the_range_and_category() -> None:
    result = invoke("timeline", "--from", "1930", "-c", "publication", "--svg", "-")
    assert result.exit_code == 0
    assert result.stderr == ""
    marks = svg_marks(result.stdout)
    expected = json.loads(invoke("events", "--from", "1930", "-c", "publication", "--json").stdout)
    assert len(marks) == len(expected) == 8
    for mark, event in zip(marks, expected, strict=True):
        assert event["title"] in mark


def test_both_files_hold_the_chosen_events(here: Path) -> None:
    svg, page = here / "life.svg", here / "life.html"
    result = invoke("timeline", "--to", "1925", "--svg", str(svg), "--html", str(page))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"Wrote {svg}\nWrote {page}\n"
    early = json.loads(invoke("events", "--to", "1925", "--json").stdout)
    assert len(svg_marks(svg.read_text(encoding="utf-8"))) == len(early)
    text = page.read_text(encoding="utf-8")
    assert text.count("<tr") == len(early) + 1  # a header row, and a row an event
    assert "Holds various Politburo posts" in text  # 1925-1928: touches the range
    assert "Defects from the Soviet Union" not in text


def test_html_to_stdout() -> None:
    result = invoke("timeline", "--html", "-", "-c", "war")
    assert result.exit_code == 0
    assert result.stdout.startswith("<!DOCTYPE html>")
    assert "Meets Rosenberg and Leibbrandt in Berlin" in result.stdout


@pytest.mark.parametrize(
    ("svg", "html"), [("-", "-"), ("life.out", "life.out"), ("life.out", "./sub/../life.out")]
)
def test_the_same_file_twice_is_a_usage_error(tmp_path: Path, svg: str, html: str) -> None:
    (tmp_path / "sub").mkdir()
    result = invoke(
        "timeline",
        "--svg",
        str(tmp_path / svg) if svg != "-" else svg,
        "--html",
        str(tmp_path / html) if html != "-" else html,
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --html ")
    assert "is the same file as --svg" in result.stderr
    assert result.stdout == ""
    assert not (tmp_path / "life.out").exists()


def test_a_file_that_cannot_be_written_writes_neither(here: Path) -> None:
    svg, page = here / "life.svg", here / "missing" / "life.html"
    result = invoke("timeline", "--svg", str(svg), "--html", str(page))
    assert result.exit_code == 1
    assert result.stderr == f"Error: cannot write {page}: No such file or directory\n"
    assert not svg.exists()
