"""``export geojson`` and ``export lpf``: the places as data for map tools.

Both files are validated against schemas written from their specifications
(tests/schemas/: RFC 7946 for GeoJSON, the Linked Places Format's README for LPF), and
GDAL's ``ogrinfo`` (Debian's gdal-bin), which QGIS reads GeoJSON through, reads the
GeoJSON. Locally a missing ``ogrinfo`` skips and says so; CI sets
``BAZHANOV_REQUIRE_CLIENTS=1``, and then it fails.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from bazhanov_cli.model.items import Biography
from bazhanov_cli.output import gazetteer

from .conftest import invoke, require

SCHEMAS = Path(__file__).resolve().parent / "schemas"


def validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def exported(here: Path, fmt: str, name: str) -> Any:
    result = invoke("export", fmt, name)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == f"Wrote {name}\n"
    return json.loads((here / name).read_text(encoding="utf-8"))


def ogrinfo() -> str:
    return require("ogrinfo", "apt-get install gdal-bin")


# --- GeoJSON ------------------------------------------------------------------------------


def test_geojson_is_rfc_7946_with_a_point_per_place(here: Path, bio: Biography) -> None:
    document = exported(here, "geojson", "places.geojson")
    errors = [error.message for error in validator("geojson.schema.json").iter_errors(document)]
    assert errors == []
    features = document["features"]
    assert [feature["id"] for feature in features] == [place["id"] for place in bio["places"]]
    for feature, place in zip(features, bio["places"], strict=True):
        location = place["location"]
        assert location is not None
        # RFC 7946 § 3.1.1: longitude first.
        assert feature["geometry"] == {
            "type": "Point",
            "coordinates": [location["longitude"], location["latitude"]],
        }
        properties = feature["properties"]
        assert properties["name"] == place["name"]
        assert properties["aliases"] == place["aliases"]
        assert properties["feature"] == location["feature"]
        assert properties["present_day_name"] == location["name"]
        assert properties["present_day_country"] == location["country"]
        assert properties["geonames_id"] == location["geonames_id"]
        assert (properties["location_source"], properties["location_licence"]) == (
            "GeoNames",
            "CC BY 4.0",
        )
        assert properties["sources"] == sorted({ref["source"] for ref in place["provenance"]})


def test_geojson_lists_each_places_events(here: Path, bio: Biography) -> None:
    document = exported(here, "geojson", "places.geojson")
    by_id = {feature["id"]: feature["properties"] for feature in document["features"]}
    expected = [
        {"id": e["id"], "title": e["title"], "date": e["date"], "end": e["end"]}
        for e in bio["events"]
        if "paris" in e["places"]
    ]
    assert expected
    assert by_id["paris"]["events"] == expected
    birth = by_id["mogilev-podolskiy"]
    assert [event["id"] for event in birth["events"]] == ["birth"]
    assert birth["provenance"] == [
        "article, \u00a7 Infobox, \u00b6 3",
        "article, \u00a7 Early life, \u00b6 1",
    ]


def test_a_place_without_a_location_is_a_feature_without_geometry(bio: Biography) -> None:
    unlocated: Any = {**bio, "places": [{**bio["places"][0], "location": None}]}
    document = gazetteer.geojson(unlocated)
    assert validator("geojson.schema.json").is_valid(document)
    assert document["features"][0]["geometry"] is None
    lpf = gazetteer.linked_places(unlocated)
    assert validator("lpf.schema.json").is_valid(lpf)
    assert lpf["features"][0]["geometry"] is None
    assert "links" not in lpf["features"][0]


def test_gdal_reads_the_geojson(here: Path, bio: Biography) -> None:
    program = ogrinfo()
    exported(here, "geojson", "places.geojson")
    summary = subprocess.run(
        [program, "-ro", "-al", "-so", "places.geojson"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    assert re.search(r"^Geometry: Point$", summary, re.MULTILINE), summary
    assert re.search(rf"^Feature Count: {len(bio['places'])}$", summary, re.MULTILINE)
    assert "WGS 84" in summary
    assert re.search(r"^geonames_id: Integer", summary, re.MULTILINE)
    features = subprocess.run(
        [program, "-ro", "-al", "places.geojson"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    assert "name (String) = Mogilev-Podolskiy" in features
    assert "present_day_name (String) = Mohyliv-Podilskyy" in features
    assert "name (String) = P\u00e8re Lachaise cemetery" in features
    assert "POINT (27.79975 48.44278)" in features


# --- Linked Places Format -------------------------------------------------------------------


def test_lpf_follows_the_specification(here: Path, bio: Biography) -> None:
    document = exported(here, "lpf", "places.lpf.json")
    errors = [error.message for error in validator("lpf.schema.json").iter_errors(document)]
    assert errors == []
    assert document["@context"] == gazetteer.LPF_CONTEXT
    # LPF is GeoJSON too, but for its GeometryCollections.
    ids = [feature["@id"] for feature in document["features"]]
    assert len(set(ids)) == len(ids) == len(bio["places"])


def test_lpf_links_each_geonames_record_and_cites_each_name(here: Path, bio: Biography) -> None:
    document = exported(here, "lpf", "places.lpf.json")
    features = {feature["properties"]["title"]: feature for feature in document["features"]}
    birthplace = features["Mogilev-Podolskiy"]
    assert birthplace["properties"] == {"title": "Mogilev-Podolskiy", "ccodes": ["UA"]}
    assert birthplace["links"] == [
        {"type": "closeMatch", "identifier": "https://www.geonames.org/700918"}
    ]
    assert birthplace["names"][0]["citations"][0] == {
        "label": "Boris Bazhanov, \u00a7 Infobox, \u00b6 3",
        "@id": "https://en.wikipedia.org/wiki/Boris_Bazhanov",
    }
    point = birthplace["geometry"]["geometries"][0]
    assert point["coordinates"] == [27.79975, 48.44278]
    assert point["certainty"] == "certain"
    assert point["citations"] == [
        {"label": "GeoNames (CC BY 4.0)", "@id": "https://www.geonames.org/700918"}
    ]
    assert birthplace["when"]["timespans"] == [
        {"start": {"earliest": "1900-08-09"}, "end": {"latest": "1900-08-09"}}
    ]
    # An area stands at a point less certainly, and has no GeoNames record of its own here.
    border = features["Iranian\u2013Indian border"]
    assert border["geometry"]["geometries"][0]["certainty"] == "less-certain"
    assert "links" not in border
    assert border["types"][0]["sourceLabels"] == [{"label": "border", "lang": "en"}]


def test_export_metadata_is_for_sqlite_only(here: Path) -> None:
    result = invoke("export", "geojson", "p.geojson", "--metadata", "m.json")
    assert result.exit_code == 2
    assert "--metadata" in result.stderr
    assert not (here / "p.geojson").exists()
    assert not (here / "m.json").exists()


@pytest.mark.parametrize("fmt", ["geojson", "lpf"])
def test_export_replaces_a_file_whole(here: Path, fmt: str) -> None:
    target = here / "places.json"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    exported(here, fmt, "places.json")
    assert target.stat().st_mode & 0o777 == 0o640
    assert [path.name for path in here.iterdir()] == ["places.json"]  # no temporary left


@settings(max_examples=60, deadline=None)
@given(
    latitude=st.floats(min_value=-90, max_value=90),
    longitude=st.floats(min_value=-180, max_value=180),
    geonames_id=st.none() | st.integers(min_value=1, max_value=2**40),
    feature=st.sampled_from(sorted(gazetteer.AAT_TYPES)),
    point=st.none() | st.sampled_from(["own", "capital", "seat", "within", "near"]),
)
def test_any_point_makes_valid_files_longitude_first(
    bio: Biography,
    latitude: float,
    longitude: float,
    geonames_id: int | None,
    feature: str,
    point: str | None,
) -> None:
    place = {
        **bio["places"][0],
        "location": {
            "latitude": latitude,
            "longitude": longitude,
            "geonames_id": geonames_id,
            "feature": feature,
            "name": "Somewhere",
            "country": None,
            "country_code": None,
            "source": "geonames",
            "point": point,
            "point_geonames_id": geonames_id,
            "note": None,
        },
    }
    data: Any = {**bio, "places": [place]}
    document = gazetteer.geojson(data)
    assert validator("geojson.schema.json").is_valid(document)
    assert document["features"][0]["geometry"]["coordinates"] == [longitude, latitude]
    lpf = gazetteer.linked_places(data)
    assert validator("lpf.schema.json").is_valid(lpf)
    geometry = lpf["features"][0]["geometry"]["geometries"][0]
    assert geometry["coordinates"] == [longitude, latitude]
    assert geometry["certainty"] == ("certain" if point == "own" else "less-certain")
    links = lpf["features"][0].get("links", [])
    assert links == (
        []
        if geonames_id is None
        else [{"type": "closeMatch", "identifier": f"https://www.geonames.org/{geonames_id}"}]
    )
