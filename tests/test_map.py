"""``bazhanov map``: the places in the order he reached them, the route of 1928-1929, and the
map drawn as SVG and as a page (byte-identical, valid, escaped, labels clear of each other),
rendered by rsvg-convert; the outlines regenerated from Natural Earth match the shipped file.

The page in a browser is tested in test_map_browser.py.
"""

from __future__ import annotations

import copy
import html
import json
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bazhanov_cli.model.dates import shown, sort_key
from bazhanov_cli.model.items import Biography
from bazhanov_cli.output.map.geometry import Box, countries, fitted
from bazhanov_cli.output.map.page import html_document
from bazhanov_cli.output.map.svg import MapPicture, mark_box, svg_document
from bazhanov_cli.queries import lookup
from bazhanov_cli.queries.travels import places_reached, route_of

from .conftest import REPO, client_missing, invoke, require

SVG = "{http://www.w3.org/2000/svg}"
OUTLINES = REPO / "bazhanov_cli" / "output" / "map" / "outlines.json"
ATLAS = REPO / "tests" / "clients" / "node_modules" / "world-atlas"
HOSTILE = "<script>alert('x')</script> & \"quoted\" ]]> <!-- -->"

# Coordinates for a test biography (rounded GeoNames values): the map's tests do not hang
# on which places the bundled data locates.
LOCATIONS: dict[str, tuple[float, float, str]] = {
    "mogilev-podolskiy": (48.45, 27.79, "city"),
    "ukraine": (49.0, 32.0, "country"),
    "kiev": (50.45, 30.52, "city"),
    "moscow": (55.75, 37.62, "city"),
    "poland": (52.0, 20.0, "country"),
    "romania": (46.0, 25.0, "country"),
    "central-asia": (45.0, 65.0, "region"),
    "ashgabat": (37.95, 58.38, "city"),
    "iran": (32.0, 53.0, "country"),
    "near-east": (33.0, 40.0, "region"),
    "iranian-indian-border": (29.0, 61.5, "border"),
    "india": (22.0, 79.0, "country"),
    "france": (46.0, 2.0, "country"),
    "paris": (48.85, 2.35, "city"),
    "paris-4th-arrondissement": (48.854, 2.357, "district"),
    "pere-lachaise": (48.861, 2.393, "landmark"),
    "istanbul": (41.01, 28.95, "city"),
    "buyukada": (40.86, 29.12, "island"),
    "turkey": (39.0, 35.0, "country"),
    "mexico": (23.0, -102.0, "country"),
    "finland": (64.0, 26.0, "country"),
    "berlin": (52.52, 13.41, "city"),
    "germany": (51.5, 10.5, "country"),
    "saint-petersburg": (59.94, 30.31, "city"),
}


def location(latitude: float, longitude: float, feature: str, name: str) -> dict[str, Any]:
    return {
        "latitude": latitude,
        "longitude": longitude,
        "geonames_id": None,
        "feature": feature,
        "name": name,
        "country": None,
        "source": "geonames",
        "point": "own",
        "point_geonames_id": None,
        "note": None,
    }


def located(bio: Biography, where: dict[str, tuple[float, float, str]] = LOCATIONS) -> Biography:
    """``bio`` with these locations (and null for every other place)."""
    bio = copy.deepcopy(bio)
    for place in bio["places"]:
        found = where.get(place["id"])
        place["location"] = None if found is None else location(*found, place["name"])  # type: ignore[assignment]
    return bio


def picture(bio: Biography, **filters: Any) -> MapPicture:
    where = lookup.EventFilter(None, filters.get("from_year"), filters.get("to_year"))
    chosen = lookup.events_matching(bio["events"], where)
    years = lookup.timeline_years(bio, chosen, where.from_year, where.to_year)
    return MapPicture(bio, places_reached(bio, chosen), years, standalone=True)


def documents(bio: Biography) -> tuple[str, str]:
    stops = places_reached(bio, bio["events"])
    years = lookup.timeline_years(bio, bio["events"], None, None)
    return svg_document(bio, stops, years), html_document(bio, stops, years)


def label_boxes(drawn: MapPicture) -> list[tuple[str, Box]]:
    return [
        (mark.stop.place["id"], mark.label.box) for mark in drawn.marks if mark.label is not None
    ]


def assert_labels_clear(drawn: MapPicture) -> None:
    """No label overlaps another label or any mark, and each lies within the map's frame."""
    labels = label_boxes(drawn)
    marks = [mark_box(m.kind, m.x, m.y) for m in drawn.marks]
    for index, (place_id, box) in enumerate(labels):
        assert box.inside(drawn.frame), place_id
        for other_id, other in labels[index + 1 :]:
            assert not box.overlaps(other), (place_id, other_id)
        for mark in marks:
            assert not box.overlaps(mark), place_id


# --- the places and the route ------------------------------------------------------------


@pytest.mark.parametrize("data", ["bundled", "fixture"])
def test_the_route_follows_his_flight(bio: Biography, data: str) -> None:
    # Moscow, where he worked, then the defection's places in the order of its events;
    # regions (Central Asia, the Near East), places without coordinates and a country at
    # the point of the stop before (the Soviet Union, at Moscow) are left out.
    chosen = bio if data == "bundled" else located(bio)
    assert route_of(chosen, bio["events"]) == [
        "moscow",
        "ashgabat",
        "iran",
        "iranian-indian-border",
        "india",
        "france",
    ]


def test_places_come_in_the_order_he_reached_them(bio: Biography) -> None:
    stops = places_reached(located(bio), bio["events"])
    firsts = [sort_key(stop.first["date"], stop.first["end"]) for stop in stops]
    assert firsts == sorted(firsts)
    named = {place_id for event in bio["events"] for place_id in event["places"]}
    assert {stop.place["id"] for stop in stops} == named
    for stop in stops:
        assert all(stop.place["id"] in event["places"] for event in stop.events)
        dates = [sort_key(event["date"], event["end"]) for event in stop.events]
        assert dates == sorted(dates)


def test_a_filter_keeps_only_its_events_places(bio: Biography) -> None:
    drawn = picture(located(bio), from_year=1928, to_year=1929)
    for mark in drawn.marks:
        for event in mark.stop.events:
            first, last = lookup.event_years(event)
            assert first <= 1929, event["id"]
            assert last >= 1928, event["id"]
    shown = {mark.stop.place["id"] for mark in drawn.marks}
    assert "mexico" not in shown
    assert {"moscow", "ashgabat", "india", "france"} <= shown
    # The extent fits the places shown: Mexico's absence keeps the Atlantic out.
    assert drawn.projection.west > -20


# --- the drawings ------------------------------------------------------------------------


def test_the_drawings_are_byte_identical_run_after_run(bio: Biography) -> None:
    assert documents(located(bio)) == documents(located(bio))


def test_the_svg_and_the_page_s_svg_are_valid_xml(bio: Biography) -> None:
    svg, page = documents(located(bio))
    root = ElementTree.fromstring(svg.encode())
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    inline = re.search(r"<svg .*?</svg>", page, re.DOTALL)
    assert inline is not None
    ElementTree.fromstring(inline.group(0))
    assert "<script" not in page
    assert "@import" not in page
    assert "url(http" not in page
    assert set(re.findall(r"https?://[^\s\"'<>)]*", svg + page)) <= {SVG[1:-1]}


def test_every_point_has_a_tooltip_with_its_events(bio: Biography) -> None:
    root = ElementTree.fromstring(documents(located(bio))[0].encode())
    groups = root.findall(f".//{SVG}g[@data-place]")
    stops = {stop.place["id"]: stop for stop in places_reached(located(bio), bio["events"])}
    assert {group.get("data-place") for group in groups} == set(LOCATIONS) & set(stops)
    for group in groups:
        tooltip = group.findtext(f"{SVG}title") or ""
        stop = stops[group.get("data-place") or ""]
        assert tooltip.startswith(stop.place["name"])
        for event in stop.events:
            assert shown(event["date"]) in tooltip  # c. 1939-11 for 1939-11~
            assert event["title"] in tooltip


def test_the_legend_says_the_borders_are_today_s(bio: Biography) -> None:
    for document in map(html.unescape, documents(located(bio))):
        assert "Borders are today's (Natural Earth)" in document
        assert "coordinates from GeoNames" in document
        assert "Made with Natural Earth" in document
        assert "route of 1928\u20131929" in document


def test_the_route_is_drawn_as_numbered_arrows(bio: Biography) -> None:
    root = ElementTree.fromstring(documents(located(bio))[0].encode())
    legs = root.findall(f".//{SVG}g[@class='route']/{SVG}polyline")
    assert len(legs) == 5
    assert all(leg.get("marker-end") == "url(#map-arrow)" for leg in legs)
    titles = [leg.findtext(f"{SVG}title") for leg in legs]
    assert titles[0] == "1\u21922: Moscow to Ashgabat"
    assert titles[-1] == "5\u21926: India to France"
    labels = {
        group.get("data-place"): "".join(group.find(f"{SVG}text").itertext())  # type: ignore[union-attr]
        for group in root.findall(f".//{SVG}g[@data-place]")
        if group.find(f"{SVG}text[@class='label']") is not None
    }
    assert labels["moscow"] == "1 Moscow"
    assert labels["france"] == "6 France"


def test_labels_clear_each_other_the_marks_and_the_frame(bio: Biography) -> None:
    for filters in ({}, {"from_year": 1928, "to_year": 1929}, {"from_year": 1980}):
        drawn = picture(located(bio), **filters)
        assert_labels_clear(drawn)
        # A label that fits nowhere leaves a letter on the map and the name in the legend.
        legend = {entry.words for entry in drawn.legend_entries()}
        for mark in drawn.marks:
            if mark.letter is not None:
                assert mark.stop.place["name"] in legend
            else:
                assert mark.label is not None


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.floats(-60, 75), st.floats(-180, 180), st.sampled_from(["city", "country", "border"])
        ),
        min_size=1,
        max_size=24,
    )
)
def test_labels_never_overlap_wherever_the_places_are(
    bio: Biography, spots: list[tuple[float, float, str]]
) -> None:
    ids = [place["id"] for place in bio["places"]]
    drawn = picture(located(bio, dict(zip(ids, spots, strict=False))))
    assert_labels_clear(drawn)
    for mark in drawn.marks:  # every mark within the frame
        assert drawn.frame.left <= mark.x <= drawn.frame.right
        assert drawn.frame.top <= mark.y <= drawn.frame.bottom


def test_an_extent_is_never_taller_than_wide() -> None:
    for points in ([(2.35, 48.85)], [(0.0, -50.0), (1.0, 70.0)], []):
        projection = fitted(points, 960, 0, 0)
        assert projection.height <= projection.width + 1e-6
        for lon, lat in points:
            x, y = projection.at(lon, lat)
            assert 0 <= x <= 960
            assert 0 <= y <= projection.height


def test_data_text_is_escaped_never_markup(bio: Biography, tmp_path: Path) -> None:
    hostile = located(bio)
    paris = next(place for place in hostile["places"] if place["id"] == "paris")
    paris["name"] = HOSTILE
    event = next(event for event in hostile["events"] if "paris" in event["places"])
    event["title"] = HOSTILE
    for document in documents(hostile):
        assert "<script" not in document
        assert "]]>" not in document
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in document
    root = ElementTree.fromstring(documents(hostile)[0].encode())
    texts = ["".join(element.itertext()) for element in root.iter()]
    assert any(HOSTILE in text for text in texts)


# --- the outlines ------------------------------------------------------------------------


def test_the_outlines_are_small_and_whole() -> None:
    assert OUTLINES.stat().st_size <= 300_000
    names = {country.name for country in countries()}
    assert {"France", "Iran", "India", "Russia", "Mexico", "Turkmenistan"} <= names
    for country in countries():
        west, south, east, north = country.bounds
        assert -90 <= south <= north <= 90
        # A ring across the antimeridian runs on past 180 degrees east, never across the map.
        assert -180 <= west <= east <= 200


def test_the_shipped_outlines_are_what_the_generator_makes() -> None:
    if not (ATLAS / "countries-110m.json").is_file():
        client_missing("world-atlas is not installed: npm ci --prefix tests/clients")
    done = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "generate_outlines.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_rsvg_convert_renders_the_svg(bio: Biography, tmp_path: Path) -> None:
    program = require("rsvg-convert", "apt-get install librsvg2-bin")
    svg = documents(located(bio))[0]
    (tmp_path / "map.svg").write_text(svg, encoding="utf-8")
    done = subprocess.run(
        [program, str(tmp_path / "map.svg"), "-o", str(tmp_path / "map.png")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    png = (tmp_path / "map.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    root = ElementTree.fromstring(svg.encode())
    assert (width, height) == (int(root.get("width") or 0), int(root.get("height") or 0))


# --- the command -------------------------------------------------------------------------


def test_map_lists_the_places_in_the_order_he_reached_them(bio: Biography) -> None:
    result = invoke("map", "--json")
    assert result.exit_code == 0, result.stderr
    stops = json.loads(result.stdout)
    expected = places_reached(bio, bio["events"])
    assert [stop["id"] for stop in stops] == [stop.place["id"] for stop in expected]
    for stop, found in zip(stops, expected, strict=True):
        assert stop["first"] == found.first["date"]
        assert stop["events"] == [event["id"] for event in found.events]
        assert set(stop) == {
            "id",
            "name",
            "first",
            "feature",
            "latitude",
            "longitude",
            "route",
            "events",
        }


def test_map_filters_as_events_does() -> None:
    for options in (["--from", "1928", "--to", "1929"], ["-c", "defection"], ["--from", "1980"]):
        events = {event["id"] for event in json.loads(invoke("events", "--json", *options).stdout)}
        stops = json.loads(invoke("map", "--json", *options).stdout)
        assert stops, options
        for stop in stops:
            assert set(stop["events"]) <= events, options
        assert {event_id for stop in stops for event_id in stop["events"]} <= events


def test_map_says_when_no_event_matches() -> None:
    result = invoke("map", "--from", "2000")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.strip() == "No events from 2000 on."


def test_map_table_names_every_place() -> None:
    result = invoke("map", env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.stderr
    for stop in json.loads(invoke("map", "--json").stdout):
        assert stop["name"] in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 100


def test_map_writes_the_same_files_every_run(here: Path) -> None:
    for run in ("one", "two"):
        result = invoke("map", "--svg", f"{run}.svg", "--html", f"{run}.html")
        assert result.exit_code == 0, result.stderr
        assert result.stderr == f"Wrote {run}.svg\nWrote {run}.html\n"
    assert (here / "one.svg").read_bytes() == (here / "two.svg").read_bytes()
    assert (here / "one.html").read_bytes() == (here / "two.html").read_bytes()
    ElementTree.fromstring((here / "one.svg").read_bytes())


def test_map_writes_svg_to_stdout() -> None:
    result = invoke("map", "--svg", "-")
    assert result.exit_code == 0, result.stderr
    assert ElementTree.fromstring(result.stdout.encode()).tag == f"{SVG}svg"


def test_map_refuses_listing_options_with_files(here: Path) -> None:
    result = invoke("map", "--json", "--svg", "map.svg")
    assert result.exit_code == 2
    assert "--json shapes the listing" in result.stderr
    assert not (here / "map.svg").exists()


def test_map_draws_an_empty_map_and_says_why(here: Path) -> None:
    result = invoke("map", "--from", "2000", "--svg", "empty.svg")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "Wrote empty.svg\nNo events from 2000 on.\n"
    root = ElementTree.fromstring((here / "empty.svg").read_bytes())
    assert root.findall(f".//{SVG}g[@data-place]") == []
    assert "No places with coordinates in this range" in "".join(root.itertext())


def test_the_route_is_numbered_the_same_whatever_the_filter() -> None:
    flight = ["moscow", "ashgabat", "iran", "iranian-indian-border", "india", "france"]
    expected = {place_id: number for number, place_id in enumerate(flight, 1)}
    for options in ([], ["--from", "1928", "--to", "1929"], ["-c", "defection"]):
        stops = json.loads(invoke("map", "--json", *options).stdout)
        assert {stop["id"]: stop["route"] for stop in stops if stop["route"]} == expected


def test_a_data_file_s_text_is_escaped_in_the_files(bio: Biography, here: Path) -> None:
    hostile = copy.deepcopy(bio)
    paris = next(place for place in hostile["places"] if place["id"] == "paris")
    paris["name"] = HOSTILE
    assert paris["location"] is not None
    paris["location"]["note"] = HOSTILE
    (here / "hostile.json").write_text(json.dumps(hostile, ensure_ascii=False), encoding="utf-8")
    result = invoke("--data", "hostile.json", "map", "--svg", "map.svg", "--html", "map.html")
    assert result.exit_code == 0, result.stderr
    for name in ("map.svg", "map.html"):
        text = (here / name).read_text(encoding="utf-8")
        assert "<script" not in text
        assert "&lt;script&gt;" in text
    root = ElementTree.fromstring((here / "map.svg").read_bytes())
    tooltip = next(
        group.findtext(f"{SVG}title") or ""
        for group in root.iter(f"{SVG}g")
        if group.get("data-place") == "paris"
    )
    assert tooltip.startswith(HOSTILE)
    assert HOSTILE in tooltip.splitlines()


@pytest.mark.parametrize("args", [["map"], ["map", "--svg", "-"], ["map", "--html", "-"]])
def test_an_approximate_date_reads_as_circa(args: list[str]) -> None:
    # As in the tables and the timeline: c. 1941-06 for the data's EDTF 1941-06~, in the
    # terminal's list, the tooltips and the page's table alike.
    shown = invoke(*args).stdout
    assert "c. 1941-06" in shown
    assert "c. 1939-11" in shown
    assert "~" not in shown
