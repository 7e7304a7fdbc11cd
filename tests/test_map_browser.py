"""The map page as a browser lays it out: headless Chromium at a desktop and a phone size.

test_browser.py's ``measure`` loads the page in a frame of the exact size with a script that
measures it after load; here the script measures the map's labels and marks as Chromium draws
them with a real font, not as our width estimates say.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from bazhanov_cli.model.items import Biography
from bazhanov_cli.output.map.page import html_document
from bazhanov_cli.queries import lookup
from bazhanov_cli.queries.travels import places_reached

from .test_browser import SIZES, SVG_NAMESPACE, measure

MEASURE = """
<script>
window.addEventListener("load", () => {
  const box = (element) => {
    const r = element.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom];
  };
  const overlap = (a, b) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
  // The map on show: the wide one, or on a phone the narrow one.
  const map = [...document.querySelectorAll("svg.map")].find((svg) => svg.checkVisibility());
  const places = [...map.querySelectorAll("g.place")].map((group) => {
    // A place's words, or the key it has where they fit nowhere.
    const text = group.querySelector("text.label, text.letter");
    return {
      id: group.dataset.place,
      mark: box(group.querySelector(".mark")),
      label: text && box(text),
      text: text && text.textContent,
      key: Boolean(group.querySelector("text.letter")),
    };
  });
  const collisions = [];
  places.forEach((place, i) => {
    if (!place.label) return;
    places.forEach((other, j) => {
      if (overlap(place.label, other.mark)) collisions.push([place.text, "mark", other.id]);
      if (i < j && other.label && overlap(place.label, other.label)) {
        collisions.push([place.text, other.text]);
      }
    });
  });
  parent.postMessage(JSON.stringify({
    innerWidth: window.innerWidth,
    scrollWidth: document.documentElement.scrollWidth,
    bodyText: document.body.innerText,
    resources: performance.getEntriesByType("resource").map((entry) => entry.name),
    maps: [...document.querySelectorAll("svg.map")].filter((svg) => svg.checkVisibility()).length,
    svg: box(map),
    viewBoxWidth: map.viewBox.baseVal.width,
    frame: box(map.querySelector("rect.frame")),
    labelSize: parseFloat(getComputedStyle(map.querySelector("text.label")).fontSize),
    places,
    collisions,
    // Each row of the table: where its number and its place's name are drawn.
    rows: [...document.querySelectorAll("tbody tr")].map((row) => ({
      number: box(row.querySelector("td.number")),
      name: box(row.querySelector(".name")),
    })),
  }), "*");
});
</script>
"""


@pytest.fixture(scope="module")
def mapped_bio(bio: Biography) -> Biography:
    """The bundled data, its places located by GeoNames."""
    assert any(place["location"] for place in bio["places"])
    return bio


@pytest.fixture(scope="module")
def page(mapped_bio: Biography) -> str:
    events = mapped_bio["events"]
    years = lookup.timeline_years(mapped_bio, events, None, None)
    return html_document(mapped_bio, places_reached(mapped_bio, events), years)


@pytest.fixture(scope="module", params=SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def measured(
    request: pytest.FixtureRequest, page: str, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    size: tuple[int, int] = request.param
    found = measure(page, size, tmp_path_factory.mktemp("chromium-map"), MEASURE)
    assert found["innerWidth"] == size[0]
    return found


def test_the_page_never_scrolls_sideways(measured: dict[str, Any]) -> None:
    assert measured["scrollWidth"] <= measured["innerWidth"]


def test_one_map_is_shown_and_its_words_are_readable(measured: dict[str, Any]) -> None:
    assert measured["maps"] == 1
    left, _, right, _ = measured["svg"]
    # Its 13 px words, scaled with the map to the page's width, are drawn at 9 px or more.
    assert measured["labelSize"] * (right - left) / measured["viewBoxWidth"] >= 9
    assert right <= measured["innerWidth"]


def test_no_label_crosses_a_mark_or_another_label(measured: dict[str, Any]) -> None:
    assert any(place["label"] for place in measured["places"]), "no labels were measured"
    assert measured["collisions"] == []


def test_every_label_is_drawn_inside_the_map(measured: dict[str, Any]) -> None:
    left, top, right, bottom = measured["frame"]
    for place in measured["places"]:
        if place["label"] is None:  # not even a key had room: the legend names it
            continue
        label_left, label_top, label_right, label_bottom = place["label"]
        assert label_right - label_left > 0, place["id"]
        assert left <= label_left, place["text"]
        assert label_right <= right, place["text"]
        assert top <= label_top, place["text"]
        assert label_bottom <= bottom, place["text"]


def test_every_place_is_in_the_table(mapped_bio: Biography, measured: dict[str, Any]) -> None:
    text = measured["bodyText"]
    for stop in places_reached(mapped_bio, mapped_bio["events"]):
        assert stop.place["name"] in text
        for event in stop.events:
            assert event["title"] in text


def test_each_rows_number_stands_before_its_place(measured: dict[str, Any]) -> None:
    # A table at 1280 px, a card a row on a phone: either way the number leads the name's
    # line, not a line of its own.
    assert measured["rows"], "no rows were measured"
    for row in measured["rows"]:
        _, number_top, number_right, number_bottom = row["number"]
        name_left, name_top, _, name_bottom = row["name"]
        assert number_right <= name_left
        assert number_top < name_bottom  # the two share a line
        assert name_top < number_bottom


def test_nothing_is_fetched(page: str, measured: dict[str, Any], tmp_path: Path) -> None:
    assert measured["resources"] == []
    urls = set(re.findall(r"https?://[^\s\"'<>)]*", page))
    assert urls <= {SVG_NAMESPACE}
