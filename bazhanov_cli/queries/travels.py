"""Where the life happened: the places of a set of events in the order he reached them, and
the route of his flight in 1928-1929. Pure: typed items in, typed items out.

A place's coordinates are its ``location`` (GeoNames, WGS 84), or None where the data has
none; such a place is listed but not drawn.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..model.dates import year_of
from ..model.entries import StopEntry
from ..model.items import Biography, Category, Event, Location, Place
from .lookup import chronological

ROUTE_YEARS = (1928, 1929)
"""The years of the flight the map draws as a route."""
ROUTE_CATEGORY: Category = "defection"
"""The events that make the route: his flight, not the world around it (``context``) nor
the plots against him, whose places are other men's destinations."""
AREA_FEATURES = frozenset({"country", "region"})
"""Features drawn at a representative point of an area, not at a place one stands in."""
ROUTE_SKIPS = frozenset({"region"})
"""Features the route does not pass through: a region (Central Asia, the Near East) names
where something happened, not a stop."""


@dataclass(frozen=True)
class Stop:
    """A place of the events shown: its events in date order, the first being when he
    reached it; ``route`` is its number on the 1928-1929 route (1, 2, ...) or None."""

    place: Place
    location: Location | None
    events: tuple[Event, ...]
    route: int | None = None

    @property
    def first(self) -> Event:
        return self.events[0]

    @property
    def is_area(self) -> bool:
        return self.location is not None and self.location["feature"] in AREA_FEATURES


def places_reached(bio: Biography, events: Iterable[Event]) -> list[Stop]:
    """The places ``events`` name, in the order he reached them: by the date of the first
    event at each (``lookup.chronological``), then the order that event lists them; each
    with its number on the route of the whole life (``route_of``), if it is a stop."""
    ordered = chronological(events)
    places = {place["id"]: place for place in bio["places"]}
    at: dict[str, list[Event]] = {}
    for event in ordered:
        for place_id in event["places"]:
            if place_id in places:
                at.setdefault(place_id, []).append(event)
    # The route is the life's, whatever the events shown: they choose which of its stops
    # appear, not where it starts or how its stops are numbered.
    route = route_of(bio, bio["events"])
    numbers = {place_id: number for number, place_id in enumerate(route, 1)}
    return [
        Stop(places[place_id], places[place_id]["location"], tuple(found), numbers.get(place_id))
        for place_id, found in at.items()
    ]


def route_of(bio: Biography, events: Iterable[Event]) -> list[str]:
    """The ids of the places of his flight, in order: the places of the ``defection`` events
    that begin in 1928-1929, in date order and in the order each event lists them, each once.

    A place he had reached before the flight (Moscow, where he worked) is where it starts;
    places without a location, regions, and a place at the very point of the stop before it
    are left out.
    """
    ordered = chronological(events)
    places = {place["id"]: place for place in bio["places"]}
    first_year: dict[str, int] = {}
    for event in ordered:
        for place_id in event["places"]:
            first_year.setdefault(place_id, year_of(event["date"]))
    route: list[str] = []
    for event in ordered:
        if event["category"] != ROUTE_CATEGORY:
            continue
        if not ROUTE_YEARS[0] <= year_of(event["date"]) <= ROUTE_YEARS[1]:
            continue
        for place_id in event["places"]:
            place = places.get(place_id)
            location = place["location"] if place is not None else None
            if location is None or location["feature"] in ROUTE_SKIPS or place_id in route:
                continue
            route.append(place_id)
    # Reached before the flight: where it starts, in the order he reached them.
    earlier = [place_id for place_id in route if first_year[place_id] < ROUTE_YEARS[0]]
    earlier.sort(key=lambda place_id: first_year[place_id])
    ordered_route = earlier + [place_id for place_id in route if place_id not in earlier]
    # A stop at the very point of the one before (the Soviet Union at Moscow, its capital)
    # is no step of the journey.
    stops: list[str] = []
    for place_id in ordered_route:
        if stops and _point(places[place_id]) == _point(places[stops[-1]]):
            continue
        stops.append(place_id)
    return stops


def _point(place: Place) -> tuple[float, float] | None:
    location = place["location"]
    return None if location is None else (location["latitude"], location["longitude"])


def stop_entries(stops: Iterable[Stop]) -> list[StopEntry]:
    """The stops as ``map --json`` prints them."""
    return [
        {
            "id": stop.place["id"],
            "name": stop.place["name"],
            "first": stop.first["date"],
            "feature": None if stop.location is None else stop.location["feature"],
            "latitude": None if stop.location is None else stop.location["latitude"],
            "longitude": None if stop.location is None else stop.location["longitude"],
            "route": stop.route,
            "events": [event["id"] for event in stop.events],
        }
        for stop in stops
    ]


def mapped(stops: Sequence[Stop]) -> list[Stop]:
    """The stops that have a location: the ones a map can draw."""
    return [stop for stop in stops if stop.location is not None]


def routed(stops: Sequence[Stop]) -> list[Stop]:
    """The stops on the route, in its order."""
    return sorted((stop for stop in stops if stop.route is not None), key=lambda s: s.route or 0)
