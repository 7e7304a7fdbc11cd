"""The places as data for map tools: a GeoJSON FeatureCollection (RFC 7946) for GIS
(QGIS, GDAL, web maps) and the Linked Places Format (LPF v1.1) that the World Historical
Gazetteer imports. Pure: a biography in, a JSON value out; ``export`` writes them.

Each place is one feature. Its point is its ``location`` (GeoNames', CC BY 4.0, as
the file's ``sources`` say): GeoJSON's ``[longitude, latitude]``; a place without one is
a feature whose geometry is null (RFC 7946 § 3.2).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..model.dates import earliest, latest
from .formats import source_text

if TYPE_CHECKING:
    from ..model.entries import PlaceEntry
    from ..model.items import Biography, Event, Location, Source, SourceRef

LPF_CONTEXT = (
    "https://raw.githubusercontent.com/LinkedPasts/linked-places/master/"
    "linkedplaces-context-v1.1.jsonld"
)
"""The JSON-LD context of Linked Places Format v1.1, as its specification names it."""

PLACE_URI = "urn:bazhanov-cli:place:"
"""The prefix of each place's ``@id`` in LPF: a URI of ours, unique in the file (the
data has no web page per place; the World Historical Gazetteer keeps it as given)."""

GEONAMES_URI = "https://www.geonames.org/"

AAT_TYPES: dict[str, tuple[str, str]] = {
    "city": ("aat:300008389", "cities"),
    "district": ("aat:300000705", "districts"),
    "region": ("aat:300182722", "regions (geographic)"),
    "country": ("aat:300232420", "sovereign states"),
    "border": ("aat:300387143", "borderlands"),
    "landmark": ("aat:300000202", "complexes (buildings and sites)"),
    "island": ("aat:300008791", "islands"),
}
"""Each ``feature`` as a Getty AAT concept of the World Historical Gazetteer's place types."""

CERTAINTY = {"own": "certain"}
"""LPF's certainty of a point: a GeoNames record that is the place is ``certain``; one that
stands for it (a capital, a seat, a place within an area) is ``less-certain``."""


def _places(bio: Biography) -> list[tuple[PlaceEntry, list[Event]]]:
    """Each place with the events at it, in the file's order (one pass over the events)."""
    from ..queries.lookup import places_named

    by_id = {event["id"]: event for event in bio["events"]}
    return [
        (place, [by_id[event_id] for event_id in place["events"]]) for place in places_named(bio)
    ]


def _source(bio: Biography, source_id: str) -> Source | None:
    return next((source for source in bio["sources"] if source["id"] == source_id), None)


def _attribution(bio: Biography, location: Location) -> dict[str, Any]:
    """Whose the point is and under what licence, from the file's ``sources``."""
    source = _source(bio, location["source"])
    return {
        "location_source": source["title"] if source else location["source"],
        "location_licence": source["licence"] if source else None,
        "location_licence_url": source["licence_url"] if source else None,
        "location_url": source["url"] if source else None,
    }


def geojson(bio: Biography) -> dict[str, Any]:
    """Every place as a GeoJSON Feature of one FeatureCollection (RFC 7946 § 3.3): a Point
    at ``[longitude, latitude]`` (§ 3.1.1), its names, kind, events, passages and whose
    its coordinates are among the properties."""
    features = []
    for place, events in _places(bio):
        location = place["location"]
        geometry = None
        if location is not None:
            geometry = {
                "type": "Point",
                "coordinates": [location["longitude"], location["latitude"]],
            }
        properties: dict[str, Any] = {
            "id": place["id"],
            "name": place["name"],
            "aliases": place["aliases"],
            "search_names": place["search_names"],
            "kind": "place",
            "feature": location["feature"] if location else None,
            "present_day": place["present_day"],
            "present_day_name": location["name"] if location else None,
            "present_day_country": location["country"] if location else None,
            "present_day_country_code": location["country_code"] if location else None,
            "description": place["description"],
            "geonames_id": location["geonames_id"] if location else None,
            "point": location["point"] if location else None,
            "point_geonames_id": location["point_geonames_id"] if location else None,
            "location_note": location["note"] if location else None,
            "events": [
                {"id": e["id"], "title": e["title"], "date": e["date"], "end": e["end"]}
                for e in events
            ],
            "provenance": [source_text(ref) for ref in place["provenance"]],
            "sources": sorted({ref["source"] for ref in place["provenance"]}),
        }
        if location is not None:
            properties |= _attribution(bio, location)
        features.append(
            {"type": "Feature", "id": place["id"], "geometry": geometry, "properties": properties}
        )
    return {"type": "FeatureCollection", "features": features}


def _citations(bio: Biography, refs: list[SourceRef]) -> list[dict[str, str]]:
    """LPF citations of the passages ``refs``: a label, and the source's URL where it has one."""
    citations = []
    for ref in refs:
        source = _source(bio, ref["source"])
        title = source["title"] if source else ref["source"]
        citation = {"label": f"{title}, \u00a7 {ref['section']}, \u00b6 {ref['paragraph']}"}
        if source and source["url"]:
            citation["@id"] = source["url"]
        citations.append(citation)
    return citations


def _when(events: list[Event]) -> dict[str, Any] | None:
    """LPF's ``when``: the span from the first event at the place to the end of the last."""
    dated = [event for event in events if event["date"] is not None]
    if not dated:
        return None
    start = min(earliest(str(event["date"])) for event in dated)
    end = max(latest(str(event["end"] or event["date"])) for event in dated)
    return {
        "timespans": [
            {"start": {"earliest": start.isoformat()}, "end": {"latest": end.isoformat()}}
        ],
        "label": "from the first event of the biography at this place to the end of the last",
    }


def _geometry(bio: Biography, location: Location | None) -> dict[str, Any] | None:
    """The point as an LPF GeometryCollection, its certainty and GeoNames citation on it."""
    if location is None:
        return None
    source = _source(bio, location["source"])
    label = f"{source['title']} ({source['licence']})" if source else location["source"]
    citation: dict[str, str] = {"label": label}
    if location["point_geonames_id"] is not None:
        citation["@id"] = f"{GEONAMES_URI}{location['point_geonames_id']}"
    point: dict[str, Any] = {
        "type": "Point",
        "coordinates": [location["longitude"], location["latitude"]],
        "citations": [citation],
        "certainty": CERTAINTY.get(str(location["point"]), "less-certain"),
    }
    return {"type": "GeometryCollection", "geometries": [point]}


def linked_places(bio: Biography) -> dict[str, Any]:
    """Every place as a Linked Places Format v1.1 feature: ``@id``, its title, names cited
    to the passages that give them, type, point (certainty and citation), when, and a
    ``closeMatch`` link to its GeoNames record."""
    features = []
    article = _source(bio, "article")
    for place, events in _places(bio):
        location = place["location"]
        cited = _citations(bio, place["provenance"])
        names: list[dict[str, Any]] = [{"toponym": place["name"], "lang": "en", "citations": cited}]
        names += [
            {"toponym": alias, "lang": "en", "citations": cited} for alias in place["aliases"]
        ]
        names += [{"toponym": name["name"]} for name in place["search_names"]]  # ours: uncited
        feature: dict[str, Any] = {
            "@id": f"{PLACE_URI}{place['id']}",
            "type": "Feature",
            "properties": {"title": place["name"]}
            | (
                {"ccodes": [location["country_code"]]}
                if location and location["country_code"]
                else {}
            ),
            "names": names,
            "geometry": _geometry(bio, location),
            "descriptions": [
                {"value": place["description"], "lang": "en"}
                | ({"source": article["url"]} if article and article["url"] else {})
            ],
        }
        if location is not None:
            identifier, label = AAT_TYPES[location["feature"]]
            feature["types"] = [
                {
                    "identifier": identifier,
                    "label": label,
                    "sourceLabels": [{"label": location["feature"], "lang": "en"}],
                }
            ]
            if location["geonames_id"] is not None:
                feature["links"] = [
                    {"type": "closeMatch", "identifier": f"{GEONAMES_URI}{location['geonames_id']}"}
                ]
        when = _when(events)
        if when is not None:
            feature["when"] = when
        features.append(feature)
    return {"type": "FeatureCollection", "@context": LPF_CONTEXT, "features": features}
