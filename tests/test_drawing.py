"""The timeline as a drawn picture: the SVG document and the HTML page, read as documents."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator, Sequence
from html.parser import HTMLParser
from typing import get_args

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bazhanov_cli.model.dates import earliest, latest, shown
from bazhanov_cli.model.items import Biography, Category, Event
from bazhanov_cli.output.timeline.page import html_document
from bazhanov_cli.output.timeline.svg import svg_document
from bazhanov_cli.queries.lookup import EventFilter, chronological, events_matching

SVG = "{http://www.w3.org/2000/svg}"
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
SHAPES = {f"{SVG}{name}" for name in ("circle", "rect", "polygon", "polyline")}
OKABE_ITO = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"}

Box = tuple[float, float, float, float]  # left, top, right, bottom


# --- reading the picture -------------------------------------------------------------------


def parse(document: str) -> ElementTree.Element:
    """The root of an SVG document or of the one inline in a page; it must be well-formed."""
    if document.startswith("<?xml"):
        return ElementTree.fromstring(document.encode("utf-8"))
    found = re.search(
        r'<svg xmlns="http://www.w3.org/2000/svg" class="timeline".*?</svg>', document, re.S
    )
    assert found, "no timeline <svg> in the page"
    return ElementTree.fromstring(found.group(0))


def classes(element: ElementTree.Element) -> set[str]:
    return set(element.get("class", "").split())


def marks(root: ElementTree.Element) -> list[ElementTree.Element]:
    return [group for group in root.iter(f"{SVG}g") if "event" in classes(group)]


def text_of(element: ElementTree.Element) -> str:
    return "".join(element.itertext())


def tooltip(mark: ElementTree.Element) -> str:
    title = mark.find(f"{SVG}title")
    assert title is not None
    return text_of(title)


def label(mark: ElementTree.Element) -> ElementTree.Element:
    found = mark.find(f"{SVG}text")
    assert found is not None
    return found


def shapes(mark: ElementTree.Element) -> list[ElementTree.Element]:
    return [child for child in mark if child.tag in SHAPES]


def numbers(text: str) -> list[float]:
    return [float(number) for number in re.findall(r"-?[0-9.]+", text)]


def shape_box(shape: ElementTree.Element) -> Box:
    if shape.tag == f"{SVG}circle":
        x, y, r = (float(shape.get(name, "0")) for name in ("cx", "cy", "r"))
        return x - r, y - r, x + r, y + r
    if shape.tag == f"{SVG}rect":
        x, y, width, height = (
            float(shape.get(name, "0")) for name in ("x", "y", "width", "height")
        )
        return x, y, x + width, y + height
    values = numbers(shape.get("points", ""))
    xs, ys = values[0::2], values[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def label_rows(mark: ElementTree.Element, font_size: float) -> tuple[float, float]:
    """The top and bottom of a label's line: a generous ascent and descent of the font."""
    baseline = float(label(mark).get("y", "0"))
    return baseline - font_size, baseline + 0.3 * font_size


def band(mark: ElementTree.Element, font_size: float) -> tuple[float, float]:
    """The vertical extent of everything drawn for one event."""
    top, bottom = label_rows(mark, font_size)
    for shape in shapes(mark):
        _, shape_top, _, shape_bottom = shape_box(shape)
        top, bottom = min(top, shape_top), max(bottom, shape_bottom)
    return top, bottom


def ticks(root: ElementTree.Element) -> list[tuple[float, list[str]]]:
    """Each tick's x and the labels it carries."""
    found = []
    for tick in root.iter(f"{SVG}g"):
        if "tick" in classes(tick):
            line = tick.find(f"{SVG}line")
            assert line is not None
            found.append(
                (float(line.get("x1", "0")), [text_of(t) for t in tick.iter(f"{SVG}text")])
            )
    return found


def year_scale(root: ElementTree.Element) -> tuple[float, float]:
    """The x of year 0 and the pixels per year, from the ticks."""
    (x0, (first, *_)), (x1, (second, *_)) = ticks(root)[:2]
    per_year = (x1 - x0) / (int(second) - int(first))
    return x0 - int(first) * per_year, per_year


def fractional_year(day: dt.date) -> float:
    start = dt.date(day.year, 1, 1)
    return day.year + (day - start).days / (dt.date(day.year + 1, 1, 1) - start).days


def check_picture(root: ElementTree.Element, events: Sequence[Event]) -> None:
    """What every picture must be, whatever it shows."""
    assert root.get("role") == "img"
    labelled_by = (root.get("aria-labelledby") or "").split()
    ids = {element.get("id"): element.tag for element in root.iter() if element.get("id")}
    assert [ids.get(name) for name in labelled_by] == [f"{SVG}title", f"{SVG}desc"]
    drawn = marks(root)
    assert len(drawn) == len(events)
    # Only the root and the marks have titles of their own: one mark per event, no more.
    titled = [element for element in root.iter() if element.find(f"{SVG}title") is not None]
    assert titled == [root, *drawn]
    for mark, event in zip(drawn, chronological(events), strict=True):
        assert shown(event["date"]) in tooltip(mark)  # c. 1939-11 for 1939-11~
        assert event["title"] in tooltip(mark)
        assert event["title"] in text_of(label(mark))
        if event["attribution"] is not None:
            assert event["attribution"] in tooltip(mark)
            assert "attributed" in classes(mark)
        else:
            assert "attributed" not in classes(mark)
    check_layout(root)


def check_layout(root: ElementTree.Element) -> None:
    """Rows apart, each label clear of its mark, every label inside the picture, even ticks."""
    font_size = float(root.get("font-size", "0"))
    width = float(root.get("width", "0"))
    bands = [band(mark, font_size) for mark in marks(root)]
    for (_, above), (below, _) in itertools.pairwise(bands):
        assert above <= below, "two events share a row"
    for mark in marks(root):
        text = label(mark)
        x = float(text.get("x", "0"))
        lefts, _, rights, _ = zip(*(shape_box(shape) for shape in shapes(mark)), strict=True)
        # 0.62 em a character is the common estimate; the drawing's own is more generous.
        spacing = [char for char in text_of(text) if not unicodedata.combining(char)]
        estimate = 0.62 * font_size * len(spacing)
        if text.get("text-anchor") == "start":
            assert x >= max(rights), text_of(text)
            assert x + estimate <= width, text_of(text)
        else:
            assert text.get("text-anchor") == "end"
            assert x <= min(lefts), text_of(text)
            assert x - estimate >= 0, text_of(text)
    xs = [x for x, _ in ticks(root)]
    gaps = {round(after - before, 6) for before, after in itertools.pairwise(xs)}
    assert len(gaps) == 1, f"ticks unevenly spaced: {gaps}"
    assert min(gaps) >= 40, "tick labels would touch"
    for _, labels in ticks(root):
        assert labels, "a tick without its year"
        assert all(re.fullmatch(r"[0-9]{4}", year) for year in labels), labels
        assert len(set(labels)) == 1


def check_self_contained(document: str) -> None:
    assert set(re.findall(r"https?://[^\s\"'<>)]*", document)) <= {SVG_NAMESPACE}
    lowered = document.lower()
    for banned in ("<script", "@import", "<image", "<link", "<iframe", "<img", "src=", "href="):
        assert banned not in lowered, banned
    assert re.findall(r"url\((?!#)", document) == []
    assert "\u2026" not in document  # nothing cut short


# --- the SVG ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def events(bio: Biography) -> list[Event]:
    return chronological(bio["events"])


@pytest.fixture(scope="module")
def picture(bio: Biography, events: list[Event]) -> str:
    return svg_document(bio, events)


def test_the_svg_is_a_well_formed_accessible_picture(picture: str, events: list[Event]) -> None:
    assert picture.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')
    root = parse(picture)
    assert root.tag == f"{SVG}svg"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None
    assert desc is not None
    assert text_of(title) == "Boris Georgiyevich Bazhanov: timeline, 1900\u20131992"
    assert f"{len(events)} events" in text_of(desc)
    check_picture(root, events)


def test_the_svg_fetches_nothing_and_cuts_nothing(picture: str) -> None:
    check_self_contained(picture)
    assert 'font-family="system-ui, ' in picture


def test_the_axis_covers_the_data_in_labelled_decades(picture: str) -> None:
    root = parse(picture)
    found = ticks(root)
    years = [int(labels[0]) for _, labels in found]
    assert years == list(range(1900, 2001, 10))
    # 1992 is inside the axis, not pinned to its edge.
    offset, per_year = year_scale(root)
    reprint = next(mark for mark in marks(root) if "Russian reprint" in tooltip(mark))
    circle = reprint.find(f"{SVG}circle")
    assert circle is not None
    assert offset + 1992 * per_year < float(circle.get("cx", "0")) < offset + 1993 * per_year
    assert offset + 1993 * per_year < found[-1][0]


def test_marks_stand_where_their_dates_are(picture: str, events: list[Event]) -> None:
    root = parse(picture)
    offset, per_year = year_scale(root)

    def x(day: dt.date) -> float:
        return offset + fractional_year(day) * per_year

    for mark, event in zip(marks(root), events, strict=True):
        first, last = earliest(event["date"]), latest(event["end"] or event["date"])
        after = last + dt.timedelta(days=1)
        bar = mark.find(f"{SVG}rect")
        if bar is not None:  # a span, from its first possible day to the end of its last
            assert event["end"] is not None
            assert float(bar.get("x", "0")) == pytest.approx(x(first), abs=0.01)
            right = float(bar.get("x", "0")) + float(bar.get("width", "0"))
            assert right == pytest.approx(x(after), abs=0.01)
            continue
        # A point, or a span too short to show as a bar: a mark in the middle of what it may mean.
        left, _, right, _ = shape_box(next(s for s in shapes(mark) if "bracket" not in classes(s)))
        assert (left + right) / 2 == pytest.approx((x(first) + x(after)) / 2, abs=0.01)
        bracket = next((s for s in shapes(mark) if "bracket" in classes(s)), None)
        if len(event["date"]) == 4 and event["end"] is None:  # a year: its bracket spans it
            assert bracket is not None, event["title"]
            bracket_left, _, bracket_right, _ = shape_box(bracket)
            assert bracket_left == pytest.approx(x(first), abs=0.01)
            assert bracket_right == pytest.approx(x(after), abs=0.01)
        if len(event["date"]) == 10 and event["end"] is None:  # a day: nothing to bracket
            assert bracket is None, event["title"]


def test_attributed_events_have_their_own_shapes(picture: str, events: list[Event]) -> None:
    root = parse(picture)
    seen = set()
    for mark in marks(root):
        kinds = {
            (shape.tag.removeprefix(SVG), *sorted(classes(shape)))
            for shape in shapes(mark)
            if "bracket" not in classes(shape)
        }
        seen |= kinds
        if "attributed" in classes(mark):
            assert kinds <= {("polygon", "diamond"), ("rect", "bar", "hatched")}, kinds
        else:
            assert kinds <= {("circle", "point"), ("rect", "bar")}, kinds
    # The bundled data has all four.
    assert seen == {
        ("polygon", "diamond"),
        ("rect", "bar", "hatched"),
        ("circle", "point"),
        ("rect", "bar"),
    }
    hatched = next(s for s in root.iter(f"{SVG}rect") if "hatched" in classes(s))
    pattern_id = re.fullmatch(r"url\(#(.+)\)", hatched.get("fill", ""))
    assert pattern_id is not None
    assert any(p.get("id") == pattern_id.group(1) for p in root.iter(f"{SVG}pattern"))
    assert hatched.get("stroke-dasharray")


def test_categories_differ_by_letter_and_colour(bio: Biography) -> None:
    template = bio["events"][0]
    categories: tuple[Category, ...] = get_args(Category)
    one_of_each: list[Event] = [
        {**template, "id": f"event-{index}", "category": category}
        for index, category in enumerate(categories)
    ]
    root = parse(svg_document(bio, one_of_each))
    check_picture(root, one_of_each)
    letters, colours = set(), set()
    for mark in marks(root):
        circle = mark.find(f"{SVG}circle")
        assert circle is not None
        colours.add(circle.get("fill", "").upper())
        # Every mark is outlined in ink, so yellow and light grey show on white.
        assert circle.get("stroke") == "#1a1a1a"
        letters.add(text_of(label(mark)).split()[0])
    assert len(letters) == len(colours) == len(categories)
    assert colours >= OKABE_ITO
    legend = next(g for g in root.iter(f"{SVG}g") if "legend" in classes(g))
    keys = {text_of(text) for text in legend.iter(f"{SVG}text")}
    assert {f"{letter} " for letter in letters} | set(categories) <= {
        part for key in keys for part in (key[:2], key[2:])
    }
    assert any(key.startswith("Attributed: the source does not state it as fact") for key in keys)


def test_a_range_asked_for_sets_the_axis(bio: Biography) -> None:
    chosen = events_matching(bio["events"], EventFilter(from_year=1920, to_year=1939))
    root = parse(svg_document(bio, chosen, first_year=1920, last_year=1939))
    check_picture(root, chosen)
    years = [int(labels[0]) for _, labels in ticks(root)]
    assert years[0] == 1920
    assert years[-1] == 1940
    assert {1920, 1930, 1940} <= set(years)
    title = root.find(f"{SVG}title")
    assert title is not None
    assert text_of(title).endswith("1920\u20131939")


def test_a_short_range_fills_the_plot_with_yearly_ticks(bio: Biography) -> None:
    chosen = events_matching(bio["events"], EventFilter(from_year=1936, to_year=1942))
    root = parse(svg_document(bio, chosen, first_year=1936, last_year=1942))
    check_picture(root, chosen)
    years = [int(labels[0]) for _, labels in ticks(root)]
    assert years == list(range(1936, 1944))  # to the end of 1942


def test_a_span_that_begins_before_the_axis_says_so(bio: Biography) -> None:
    chosen = events_matching(bio["events"], EventFilter(from_year=1930))
    root = parse(svg_document(bio, chosen, first_year=1930))
    check_picture(root, chosen)
    manhunt = next(mark for mark in marks(root) if "manhunt" in tooltip(mark))
    assert any("continues" in classes(shape) for shape in shapes(manhunt))
    assert ticks(root)[0][1][0] == "1930"


def test_no_events_still_make_a_picture(bio: Biography) -> None:
    for document in (
        svg_document(bio, []),
        svg_document(bio, [], first_year=1995, last_year=2000),
    ):
        root = parse(document)
        check_picture(root, [])
        assert "No events in this range" in document
        check_self_contained(document)
    page = html_document(bio, [], first_year=1995, last_year=2000)
    assert "No events in this range" in page
    check_picture(parse(page), [])


# Random choices of the bundled events and of the years asked for.
@st.composite
def selections(
    draw: st.DrawFn, events: Sequence[Event]
) -> tuple[list[Event], int | None, int | None]:
    chosen = draw(
        st.lists(st.sampled_from(events), unique_by=lambda e: e["id"], max_size=len(events))
    )
    first = draw(st.none() | st.integers(1880, 2010))
    last = draw(st.none() | st.integers(first or 1880, 2030))
    return chosen, first, last


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_choice_of_events_and_years_draws_cleanly(bio: Biography, data: st.DataObject) -> None:
    chosen, first, last = data.draw(selections(bio["events"]))
    root = parse(svg_document(bio, chosen, first_year=first, last_year=last))
    check_picture(root, chosen)
    years = [int(labels[0]) for _, labels in ticks(root)]
    step = years[1] - years[0]
    for asked in (first, last):
        if asked is not None:
            assert years[0] <= asked < years[-1]
    # The axis reaches out to whole ticks, no further: the years asked for fill the plot.
    if first is not None:
        assert years[0] > first - step
    if last is not None:
        assert years[-1] <= last + step


# Any text XML 1.0 can hold, but for the control characters below the space.
xml_text = st.text(
    st.characters(exclude_categories=["Cs"], min_codepoint=0x20).filter(
        lambda char: char not in "\ufffe\uffff"
    ),
    min_size=1,
    max_size=80,
).filter(str.strip)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=xml_text, attribution=st.none() | xml_text)
def test_any_text_is_escaped(bio: Biography, title: str, attribution: str | None) -> None:
    event: Event = {**bio["events"][5], "title": title, "attribution": attribution}
    for document in (svg_document(bio, [event]), html_document(bio, [event])):
        root = parse(document)
        check_picture(root, [event])


def test_text_xml_cannot_hold_is_replaced(bio: Biography) -> None:
    event: Event = {**bio["events"][0], "title": "bell\x07 and <tag> & \ud800"}
    root = parse(svg_document(bio, [event]))
    assert "bell\ufffd and <tag> & \ufffd" in text_of(label(marks(root)[0]))


# --- the page --------------------------------------------------------------------------------


class PageReader(HTMLParser):
    """What the tests look for in the page: tags with their attributes, styles, table rows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.style = ""
        self.rows: list[list[str]] = []
        self.legend: list[str] = []
        self._in: list[str] = []

    def handle_decl(self, decl: str) -> None:
        self.tags.append(("!" + decl.lower(), {}))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "tr" and "tbody" in self._in:
            self.rows.append([])
        if tag == "td":
            self.rows[-1].append("")
        if tag == "li" and "ul" in self._in:
            self.legend.append("")
        if tag not in {"meta", "wbr", "br", "circle", "rect", "polygon", "polyline", "line"}:
            self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._in:
            del self._in[len(self._in) - 1 - self._in[::-1].index(tag) :]

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        if self._in and self._in[-1] == "style":
            self.style += data
        if "td" in self._in:
            self.rows[-1][-1] += data
        if "li" in self._in and "ul" in self._in:
            self.legend[-1] += data


def read_page(page: str) -> PageReader:
    reader = PageReader()
    reader.feed(page)
    reader.close()
    return reader


def first_tag(reader: PageReader, tag_name: str, **wanted: str) -> dict[str, str | None]:
    for tag, attrs in reader.tags:
        if tag == tag_name and all(attrs.get(key) == value for key, value in wanted.items()):
            return attrs
    raise AssertionError(f"no <{tag_name}> with {wanted}")


@pytest.fixture(scope="module")
def page(bio: Biography, events: list[Event]) -> str:
    return html_document(bio, events)


def test_the_page_is_one_accessible_document(page: str) -> None:
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    reader = read_page(page)
    assert first_tag(reader, "html")["lang"] == "en"
    assert first_tag(reader, "meta", charset="utf-8") is not None
    viewport = first_tag(reader, "meta", name="viewport")["content"] or ""
    assert "width=device-width" in viewport
    assert "initial-scale=1" in viewport
    heading = re.search(r"<h1>(.*?)</h1>", page)
    assert heading is not None
    assert heading.group(1) == "Boris Georgiyevich Bazhanov: timeline, 1900\u20131992"
    assert re.search(r"<title>Boris Georgiyevich Bazhanov: timeline, 1900\u20131992</title>", page)
    check_self_contained(page)


def test_the_page_holds_the_picture_inline(page: str, events: list[Event]) -> None:
    assert page.count("<svg") == page.count("</svg>")
    root = parse(page)
    check_picture(root, events)
    # The chart scrolls in its own box on a narrow screen; the page does not.
    reader = read_page(page)
    assert re.search(r"\.chart \{[^}]*overflow-x: auto", reader.style)


def test_the_page_has_a_legend(page: str, events: list[Event]) -> None:
    legend = " ".join(read_page(page).legend)
    for category in {event["category"] for event in events}:
        assert category in legend
    for words in ("attributed event", "attributed span", "span", "the source does not state"):
        assert words in legend


def test_the_table_lists_every_event(page: str, events: list[Event]) -> None:
    rows = read_page(page).rows
    assert len(rows) == len(events)
    for (date, category, event_cell, said), event in zip(rows, events, strict=True):
        start = shown(event["date"])  # c. 1939-11 for 1939-11~
        assert date == (start if event["end"] is None else f"{start}\u2013{shown(event['end'])}")
        assert category.endswith(event["category"])
        assert event_cell.startswith(event["title"])
        assert said == (event["attribution"] or "stated as fact")


def test_the_page_reads_on_a_phone_and_in_print(page: str) -> None:
    style = read_page(page).style
    assert "@media print" in style
    assert re.search(r"@media \(max-width: \d+px\)", style)
    assert "overflow-wrap: anywhere" in style


def events_in(page: str) -> Iterator[str]:
    yield from re.findall(r'<g class="event(?: attributed)?"', page)


def test_a_filtered_page_shows_only_its_events(bio: Biography) -> None:
    chosen = events_matching(bio["events"], EventFilter(category="publication"))
    page = html_document(bio, chosen)
    assert len(list(events_in(page))) == len(chosen)
    rows = read_page(page).rows
    assert [row[2] for row in rows] == [
        event["title"] + event["summary"] for event in chronological(chosen)
    ]
