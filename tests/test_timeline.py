"""The timeline picture: it fits the width, reads without colour, and exports cleanly."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path
from typing import get_args

import pytest
from rich.console import Console

from bazhanov_cli.model import Biography, Category
from bazhanov_cli.timeline import (
    AFTER_GLYPH,
    ATTRIBUTED_POINT_GLYPH,
    ATTRIBUTED_SPAN_GLYPH,
    CATEGORY_LETTERS,
    POINT_GLYPH,
    SPAN_GLYPH,
    html_document,
    svg_document,
    timeline_renderable,
)

WIDTHS = [60, 80, 120]
YEAR = re.compile(r"\d{4}")
EVENT_ROW = re.compile(r"[A-Z] \d{4}")


def render(bio: Biography, width: int, *, pass_width: bool = True) -> list[str]:
    console = Console(file=io.StringIO(), width=width, color_system=None, legacy_windows=False)
    console.print(timeline_renderable(bio, width=width if pass_width else None))
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
    years = rows[0].split()
    assert (years[0], years[-1]) == ("1900", "1990")
    assert years == sorted(years)


def test_all_decades_are_labelled_when_there_is_room(bio: Biography) -> None:
    row = year_rows(render(bio, 200))[0]
    assert row.split() == [str(year) for year in range(1900, 2000, 10)]


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


def test_an_event_after_the_axis_is_pinned_to_its_end(bio: Biography) -> None:
    lines = render(bio, 80)
    reprint = row_of(lines, "1992 Russian")
    assert reprint.rstrip().endswith(AFTER_GLYPH)
    assert any(f"{AFTER_GLYPH} outside 1900\u20131990" in line for line in lines)


@pytest.mark.parametrize("width", WIDTHS)
def test_every_event_has_a_row_in_date_order(bio: Biography, width: int) -> None:
    rows = event_rows(render(bio, width))
    assert len(rows) == len(bio["events"])
    years = [row.split()[1][:4] for row in rows]
    assert years == sorted(years)
    # No title holds a glyph, so each row's glyph is its bar or mark.
    glyphs = set(POINT_GLYPH + ATTRIBUTED_POINT_GLYPH + SPAN_GLYPH + ATTRIBUTED_SPAN_GLYPH)
    for row in rows:
        assert glyphs & set(row) or row.rstrip().endswith(AFTER_GLYPH), row


def test_a_very_narrow_console_still_fits(bio: Biography) -> None:
    for width in (20, 30, 40):
        assert max(len(line) for line in render(bio, width)) <= width


def test_the_svg_is_well_formed_and_labelled(bio: Biography, tmp_path: Path) -> None:
    path = tmp_path / "timeline.svg"
    path.write_text(svg_document(bio, width=100), encoding="utf-8")
    root = ElementTree.parse(path).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    # Rich writes spaces as no-break spaces, one <text> per styled run.
    text = " ".join("".join(node.itertext()) for node in root.iter()).replace("\u00a0", " ")
    assert "1900" in text
    assert "1990" in text
    assert "Defects from the Soviet Union" in text
    assert "Boris Georgiyevich Bazhanov: timeline" in text  # the window title


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_the_html_page_is_standalone_and_labelled(bio: Biography, tmp_path: Path) -> None:
    path = tmp_path / "timeline.html"
    path.write_text(html_document(bio, width=100), encoding="utf-8")
    source = path.read_text(encoding="utf-8")
    parser = _TextCollector()
    parser.feed(source)
    parser.close()
    text = "".join(parser.text)
    assert {"html", "head", "title", "style", "body", "pre"} <= set(parser.tags)
    assert "<link" not in source
    assert "<script" not in source
    assert "1900" in text
    assert "1990" in text
    assert "Defects from the Soviet Union" in text
    assert "Boris Georgiyevich Bazhanov: timeline" in text
    assert "{code}" not in source  # no template placeholder left behind
    assert "{stylesheet}" not in source
