"""Pin a sample of the bundled data to values read in its sources, written out here.

Each expected value is a literal taken from the source documents when the data
was written, so a careless edit of ``data/bazhanov.json`` fails here, on any
clone, with nothing beside it. That the sources still say so is checked by
test_sources.py, where the source documents are at hand.
"""

from __future__ import annotations

import edtf
import pytest

from bazhanov_cli.model import dates
from bazhanov_cli.model.items import Biography, Event
from bazhanov_cli.queries.lookup import facts_entry, places_named

# --- facts -----------------------------------------------------------------------------

# Cyrillic, with the article's stress marks (U+0301) written as escapes.
NATIVE_NAME = "Бори\u0301с Гео\u0301ргиевич Бажа\u0301нов"


def test_names(bio: Biography) -> None:
    assert bio["facts"]["full_name"] == "Boris Georgiyevich Bazhanov"
    assert bio["facts"]["native_name"] == NATIVE_NAME


def test_birth(bio: Biography) -> None:
    assert bio["facts"]["born"] == {
        "date": "1900-08-09",
        "place": "Mogilev-Podolskiy, Russian Empire",
        "place_id": "mogilev-podolskiy",
    }
    places = {place["id"]: place for place in bio["places"]}
    assert places["mogilev-podolskiy"]["present_day"] == "Vinnytsia Oblast, Ukraine"


def test_death_and_burial(bio: Biography) -> None:
    assert bio["facts"]["died"] == {
        "date": "1982-12-30",
        "place": "4th arrondissement of Paris",
        "place_id": "paris-4th-arrondissement",
    }
    assert bio["facts"]["resting_place"] == "Père Lachaise cemetery"
    assert facts_entry(bio)["age_at_death"] == 82


def test_citizenship(bio: Biography) -> None:
    # Stated: "granted French citizenship". Inferred, ours: his birth in the Russian
    # Empire and his service to the Soviet Union; the article names no such citizenship.
    facts = bio["facts"]
    assert facts["citizenship"] == ["France"]
    # Ours, and each says so: the name, and the inference it rests on.
    assert [our["name"] for our in facts["citizenship_inferred"]] == [
        "Russian Empire",
        "Soviet Union",
    ]
    assert all(our["origin"].startswith("inferred: ") for our in facts["citizenship_inferred"])
    assert facts["provenance"]["citizenship"] == [
        {"source": "article", "section": "Introduction", "paragraph": 2}
    ]
    assert facts["provenance"]["citizenship_inferred"] == [
        {"source": "article", "section": "Infobox", "paragraph": 3},
        {"source": "article", "section": "Introduction", "paragraph": 2},
        {"source": "article", "section": "Early life", "paragraph": 1},
    ]


# title -> (start, end): the article dates these spans; the Politburo secretaryship it does not.
POSITIONS = {
    "District secretary of the Communist Party in Ukraine": (None, None),
    "Personal secretary and assistant to Joseph Stalin": ("1923-08-09", "1925"),
    "Secretary of the Politburo, responsible for taking notes of the meetings": (None, None),
    "A secretary of the Central Committee (CC) of the CPSU": ("1923-08-09", None),
    "Various positions at the Politburo": ("1925", "1928"),
}


def test_positions(bio: Biography) -> None:
    spans = {p["title"]: (p["start"], p["end"]) for p in bio["facts"]["positions"]}
    for title, span in POSITIONS.items():
        assert spans[title] == span, title


# --- events ----------------------------------------------------------------------------

EVENT_TABLE: dict[str, tuple[str, str | None, str, str | None]] = {
    # id: (date, end, category, attribution)
    "birth": ("1900-08-09", None, "life", None),
    "russian-revolution-begins": ("1917-03", None, "context", None),
    "high-school-graduation": ("1918", None, "education", None),
    "enters-university-of-kiev": ("1918-09", None, "education", None),
    "joins-communist-party": (
        "1919",
        None,
        "party",
        "his reasons, as Bazhanov later recalled and wrote",
    ),
    "moves-to-moscow": ("1920-11", None, "education", None),
    "ukrainian-ssr-joins-soviet-union": ("1922", None, "context", None),
    "appointment-as-stalins-secretary": ("1923-08-09", None, "secretariat", None),
    "personal-secretary-to-stalin": ("1923-08", "1925", "secretariat", None),
    "politburo-meetings": ("1923", "1924", "secretariat", None),
    "central-committee-meeting-notes": ("1923-10-26", None, "secretariat", None),
    "trotsky-refuses-lenins-offer": (
        "1923-10-26",
        None,
        "party",
        "according to Bazhanov's notes",
    ),
    "lenin-death": ("1924-01", None, "context", None),
    "politburo-positions": ("1925", "1928", "secretariat", None),
    "defection": ("1928-01-01", None, "defection", None),
    "agabekov-manhunt": ("1928", "1930-06", "defection", None),
    "trotsky-deported": ("1929-02", None, "context", None),
    "blumkin-assassination-plot": ("1929-10", None, "assassination-attempt", None),
    "agabekov-defects": ("1930-06", None, "context", None),
    "first-edition-of-memoirs": ("1930", None, "publication", None),
    "stabbing-attempt-1937": (
        "1937",
        None,
        "assassination-attempt",
        "Bazhanov's own recollection",
    ),
    # Dated only by well-known events ("upon the outbreak of the Winter War", "on the eve
    # of Operation Barbarossa"): no more precise than the article, so approximate (EDTF's
    # "~"), at the month those events give, and the date says it is ours (date_origin).
    "winter-war-legion": ("1939-11~", "1940-03~", "war", "alleged"),
    "berlin-visit-rosenberg": ("1941-06~", None, "war", "according to Bazhanov himself"),
    "trotsky-assassinated": ("1940", None, "context", None),
    "storm-petrels": ("1978", None, "publication", None),
    "bajanov-revele-staline-published": ("1979", None, "publication", None),
    "memoirs-1980-edition": ("1980", None, "publication", None),
    "death": ("1982-12-30", None, "life", None),
    "danilov-discovers-notes": ("1990", None, "historiography", None),
    "damnation-of-stalin-published": ("1990-04-30", None, "publication", None),
}


def events_by_id(bio: Biography) -> dict[str, Event]:
    return {event["id"]: event for event in bio["events"]}


@pytest.mark.parametrize(("event_id", "expected"), sorted(EVENT_TABLE.items()))
def test_event_pinned(
    bio: Biography, event_id: str, expected: tuple[str, str | None, str, str | None]
) -> None:
    event = events_by_id(bio)[event_id]
    assert (event["date"], event["end"], event["category"], event["attribution"]) == expected


# The events the article dates only by a well-known event: their dates are ours.
DATED_BY_US = {
    "winter-war-legion": "the outbreak of the Winter War",
    "berlin-visit-rosenberg": "'on the eve of Operation Barbarossa'",
}


def test_a_date_set_by_a_well_known_event_says_so(bio: Biography) -> None:
    events = events_by_id(bio)
    ours = {event["id"]: event["date_origin"] for event in bio["events"] if event["date_origin"]}
    assert set(ours) == set(DATED_BY_US)
    for event_id, phrase in DATED_BY_US.items():
        event = events[event_id]
        origin = ours[event_id]
        assert origin.startswith("ours: the article dates ")
        assert phrase in origin
        assert "general knowledge, not the sources'" in origin
        # Approximate, and no day: the article gives none.
        assert event["date"].endswith("~")
        assert len(event["date"]) == len("1939-11~")
        assert event["end"] is None or event["end"].endswith("~")
        # The summary keeps to the article: no day or month of ours in it.
        for outside in ("30 November", "13 March", "22 June", "1939", "1940", "1941"):
            assert outside not in event["summary"], (event_id, outside)
    # Every other date is the sources' own, and exact to what they say.
    for event in bio["events"]:
        if event["id"] not in DATED_BY_US:
            assert not event["date"].endswith("~"), event["id"]
            assert event["end"] is None or not event["end"].endswith("~"), event["id"]
    # "early 1990": a date cannot say "early", so the year, and the summary says it.
    assert events["danilov-discovers-notes"]["date"] == "1990"
    assert "'early 1990'" in events["danilov-discovers-notes"]["summary"]


def every_date(bio: Biography) -> list[tuple[str, str]]:
    """(where, date) for every date the data holds."""
    facts = bio["facts"]
    found = [(f"facts.{moment}", facts[moment]["date"]) for moment in ("born", "died")]  # type: ignore[literal-required]
    for position in facts["positions"]:
        found += [(f"position {position['title']}", position["start"])]
        found += [(f"position {position['title']}", position["end"])]
    for event in bio["events"]:
        found += [(event["id"], event["date"]), (event["id"], event["end"])]
    found += [(quote["id"], quote["date"]) for quote in bio["quotes"]]
    return [(where, date) for where, date in found if date is not None]


def test_every_date_is_edtf_and_means_what_edtf_says(bio: Biography) -> None:
    # The Library of Congress's parser (ISO 8601-2): each date of the data is EDTF, and
    # the days ours says it may mean are EDTF's strict bounds.
    checked = every_date(bio)
    assert len(checked) >= 50
    assert any(date.endswith("~") for _, date in checked)
    for where, date in checked:
        parsed = edtf.parse_edtf(date)
        bounds = (
            edtf.struct_time_to_date(parsed.lower_strict()),
            edtf.struct_time_to_date(parsed.upper_strict()),
        )
        assert bounds == (dates.earliest(date), dates.latest(date)), (where, date)
        assert str(parsed) == date, (where, date)  # the text is EDTF's own form


def test_summaries_say_what_the_article_says(bio: Biography) -> None:
    events = events_by_id(bio)
    # "He was the son of a physician."
    assert "he is the son of a physician" in events["birth"]["summary"]
    # "Rosenberg was studying the possibility of using Bazhanov to form a new government"
    assert "to form a new government" in events["berlin-visit-rosenberg"]["summary"]
    assert "to head" not in events["berlin-visit-rosenberg"]["summary"]


def test_hedged_statements_are_only_where_the_hedge_is(bio: Biography) -> None:
    events = events_by_id(bio)
    # Lenin's offer of the "heir" role: in the article's quotation marks, with the
    # event Bazhanov's notes attest, and not stated as fact in the meeting's event.
    assert "heir" not in events["central-committee-meeting-notes"]["summary"]
    assert events["central-committee-meeting-notes"]["attribution"] is None
    offer = events["trotsky-refuses-lenins-offer"]
    assert "his 'heir'" in offer["summary"]
    assert offer["attribution"] == "according to Bazhanov's notes"
    # The "lone avenger" is Bazhanov's later explanation: with his attributed account,
    # not with the stated fact of the first edition.
    assert "lone avenger" not in events["first-edition-of-memoirs"]["summary"]
    assert events["first-edition-of-memoirs"]["attribution"] is None
    later = events["disillusionment-with-communism"]
    assert "'lone avenger'" in later["summary"]
    assert later["attribution"] == "according to Bazhanov's later editions"
    quote = {quote["id"]: quote for quote in bio["quotes"]}["lone-avenger"]
    assert quote["event"] == "disillusionment-with-communism"
    assert "Bazhanov's later explanation" in quote["source"]


# Only Bazhanov's word puts Leibbrandt at the Berlin meeting.
ATTRIBUTED_PEOPLE = {"leibbrandt": "according to Bazhanov himself"}
# The article's hedges, on the places whose descriptions rest on them: "Allegedly, upon the
# outbreak of the Winter War" (Finland); "According to Bazhanov himself, on the eve of
# Operation Barbarossa, he visited Berlin" (Berlin, and Germany's plans he distrusted).
ATTRIBUTED_PLACES = {
    "finland": "alleged",
    "berlin": "according to Bazhanov himself",
    "germany": "according to Bazhanov himself",
}


def test_attributed_places(bio: Biography) -> None:
    attributed = {p["id"]: p["attribution"] for p in bio["places"] if p["attribution"]}
    assert attributed == ATTRIBUTED_PLACES
    events = events_by_id(bio)
    assert events["winter-war-legion"]["attribution"] == ATTRIBUTED_PLACES["finland"]
    assert events["berlin-visit-rosenberg"]["attribution"] == ATTRIBUTED_PLACES["berlin"]


def test_wording_says_no_more_than_the_source(bio: Biography) -> None:
    people = {person["id"]: person for person in bio["people"]}
    # "writing and publishing memoirs and books from 1930 about Stalin": not "his exile".
    description = bio["facts"]["description"]
    assert "exile" not in description
    assert "from 1930 wrote and published memoirs and books about Stalin" in description
    # "between Trotsky (on the left wing of the party) and Nikolay Bukharin (on the right)"
    assert "leading" not in people["bukharin"]["description"].casefold()
    assert "right" in people["bukharin"]["description"]
    # The article never calls Trotsky a "Bolshevik leader".
    assert "Bolshevik" not in people["trotsky"]["description"]
    # "Lenin was very ill"
    assert "gravely" not in people["lenin"]["description"]
    assert "very ill" in people["lenin"]["description"]


def test_attributed_people(bio: Biography) -> None:
    attributed = {p["id"]: p["attribution"] for p in bio["people"] if p["attribution"]}
    assert attributed == ATTRIBUTED_PEOPLE
    people = {person["id"]: person for person in bio["people"]}
    assert "Berlin" in people["leibbrandt"]["description"]
    assert "offered" not in people["lenin"]["description"]  # the offer is attested, not stated


def test_the_1992_reprint_has_its_isbn_and_no_listing(bio: Biography) -> None:
    # editions.md's Notes give the ISBN of the 1992 reprint, and say which of the article's
    # listings 8, 10 and 12 it is, is not established: so it is on the reprint's event.
    reprint = events_by_id(bio)["russian-reprint-1992"]
    assert "ISBN 5-86442-004-2" in reprint["summary"]
    assert all(edition["isbn"] != "5-86442-004-2" for edition in bio["editions"])


# People named only in an edition's title, and places named only in passing.
NAMED_IN_PASSING = {
    "pol-pot": ("Pol Pot", ("List of editions", 11)),
    "saddam-husein": ("Saddam Husein", ("List of editions", 11)),
    "ukrainian-ssr": ("Ukrainian SSR", ("Communist Party membership", 1)),
    "vinnytsia-oblast": ("Vinnytsia Oblast", ("Early life", 1)),
    "russia": ("Russia", ("Later career and death", 2)),
    "kremlin": ("Kremlin", ("List of editions", 1)),
}


@pytest.mark.parametrize(("item_id", "expected"), sorted(NAMED_IN_PASSING.items()))
def test_named_in_passing_has_a_record(
    bio: Biography, item_id: str, expected: tuple[str, tuple[str, int]]
) -> None:
    name, (section, paragraph) = expected
    items = {item["id"]: item for item in [*bio["people"], *bio["places"]]}
    item = items[item_id]
    assert item["name"] == name
    first = item["provenance"][0]
    assert (first["source"], first["section"], first["paragraph"]) == (
        "article",
        section,
        paragraph,
    )
    assert item["attribution"] is None


def test_events_are_in_chronological_order(bio: Biography) -> None:
    assert len(bio["events"]) >= 25
    dates = [event["date"] for event in bio["events"]]
    assert dates == sorted(dates), "events are not in chronological order in the file"


def test_stated_events_have_no_attribution(bio: Biography) -> None:
    stated = {event["id"] for event in bio["events"] if event["attribution"] is None}
    assert {"birth", "defection", "death", "blumkin-assassination-plot"} <= stated


# event id -> (section, the first paragraph cited)
PROVENANCE = {
    "birth": ("Infobox", 2),
    "appointment-as-stalins-secretary": ("Communist Party membership", 1),
    "winter-war-legion": ("World War II and collaboration", 1),
    "death": ("Infobox", 4),
    "russian-reprint-1992": ("Notes", 2),
}


@pytest.mark.parametrize(("event_id", "expected"), sorted(PROVENANCE.items()))
def test_event_provenance(bio: Biography, event_id: str, expected: tuple[str, int]) -> None:
    event = events_by_id(bio)[event_id]
    first = event["provenance"][0]
    assert (first["section"], first["paragraph"]) == expected
    assert event["section"] == expected[0]


# Every place the article ties to Bazhanov's movements or to attempts on his life,
# as someone would look it up: `places NAME`.
TRAVELLED = {
    "Ashgabat": "ashgabat",
    "Iran": "iran",
    "Iranian-Indian border": "iranian-indian-border",
    "India": "india",
    "France": "france",
    "Paris": "paris",
    "Büyükada": "buyukada",
    "Istanbul": "istanbul",
    "Turkey": "turkey",
    "Berlin": "berlin",
    "Moscow": "moscow",
    "Kiev": "kiev",
    "Finland": "finland",
}


@pytest.mark.parametrize(("name", "place_id"), sorted(TRAVELLED.items()))
def test_places_of_his_movements_are_found(bio: Biography, name: str, place_id: str) -> None:
    assert place_id in [place["id"] for place in places_named(bio, name)]
    assert any(place_id in event["places"] for event in bio["events"])


# The article's names only are aliases; the spellings we add for search are apart.
NAMES = {
    # id: (aliases, search_names)
    "boris-bazhanov": (
        [
            "Boris Georgiyevich Bazhanov",
            "Bazhanov",
            "Bajanov",
            "Bašanov",
            "Baschanow",
            "Бори\u0301с Гео\u0301ргиевич Бажа\u0301нов",
        ],
        ["Бажанов", "Борис Георгиевич Бажанов"],
    ),
    "stalin": (["Stalin"], ["Iosif Stalin"]),
    "trotsky": (["Trotsky"], ["Lev Trotsky", "Trotski"]),
    "blumkin": (["Blumkin"], ["Yakov Blyumkin"]),
    "doyle": (["Doyle"], ["David Doyle"]),
    "kutepov": (["General Kutepov", "Kutepov"], ["General A.P. Kutepov"]),
    "mogilev-podolskiy": ([], ["Mohyliv-Podilskyi", "Mogilev-Podolsky"]),
    "kiev": ([], ["Kyiv"]),
    "iran": ([], ["Persia"]),
    "buyukada": ([], ["Buyukada", "Prinkipo"]),
    "iranian-indian-border": (
        [],
        ["Iranian-Indian border", "Iran\u2013India border", "Iran-India border"],
    ),
    "pere-lachaise": (["Père Lachaise"], ["Pere Lachaise", "Père-Lachaise"]),
    "soviet-union": (["USSR"], []),
    "germany": (["Nazi Germany"], []),
    "ashgabat": ([], ["Ashkhabad"]),
    "saddam-husein": ([], ["Saddam Hussein"]),
    "ukrainian-ssr": (["Ukrainian Soviet Socialist Republic"], []),
}


@pytest.mark.parametrize(("item_id", "expected"), sorted(NAMES.items()))
def test_aliases_are_the_sources_and_search_names_ours(
    bio: Biography, item_id: str, expected: tuple[list[str], list[str]]
) -> None:
    item = {entity["id"]: entity for entity in [*bio["people"], *bio["places"]]}[item_id]
    assert (item["aliases"], [our["name"] for our in item["search_names"]]) == expected
    # Each name of ours says what it is.
    assert all(our["origin"].strip() for our in item["search_names"])


# Places the article names, with the paragraph that names them: none left out.
RECALLED = {
    "Poland": ("poland", "Communist Party membership", 1),
    "Czechoslovakia": ("czechoslovakia", "Communist Party membership", 1),
    "Romania": ("romania", "Communist Party membership", 1),
    "Near East": ("near-east", "Defection", 2),
    "Germany": ("germany", "World War II and collaboration", 1),
}


@pytest.mark.parametrize(("name", "expected"), sorted(RECALLED.items()))
def test_every_place_the_article_names_is_a_place(
    bio: Biography, name: str, expected: tuple[str, str, int]
) -> None:
    place_id, section, paragraph = expected
    (place,) = places_named(bio, name)
    assert (place["id"], place["name"], place["present_day"]) == (place_id, name, None)
    assert place["provenance"] == [
        {"source": "article", "section": section, "paragraph": paragraph}
    ]
    assert place["events"], f"{name} belongs to no event"


# --- quotes ----------------------------------------------------------------------------


def test_key_quotes(bio: Biography) -> None:
    texts = {quote["id"]: quote["text"] for quote in bio["quotes"]}
    assert texts["doyle-usually-reliable"] == "a usually reliable source"
    assert texts["conquest-very-useful"] == "very useful, though not always authenticable"
    assert texts["appointment-decision"] == (
        "Comrade Bazhanov is named assistant to Joseph Stalin and a secretary of the CC."
    )
    assert "self\u2013centered" in texts["damnation-reveals"]
    storm_petrels = texts["storm-petrels-conclusion"]  # the whole block quotation
    assert storm_petrels.startswith("You know, as I do, that our civilization stands on the edge")
    assert "This ideal [of communism] has been proven false" in storm_petrels
    assert storm_petrels.endswith("not the twisted path of Marxism.")
    speakers = {quote["id"]: quote["speaker"] for quote in bio["quotes"]}
    assert speakers["storm-petrels-conclusion"] == "boris-bazhanov"
    assert speakers["damnation-reveals"] is None
    assert speakers["trotsky-refusal-reasoning"] == "trotsky"


# --- editions --------------------------------------------------------------------------

EDITION_IDS = [
    "avec-staline-dans-le-kremlin",
    "pokhishchenie-generala-kutepova",
    "stalin-der-rote-diktator",
    "al-servicio-de-stalin",
    "ich-war-stalins-sekretar",
    "ich-war-stalins-sekretar-2",
    "bajanov-revele-staline",
    "vospominaniia-byvshego-sekretaria-stalina",
    "bazhanov-and-the-damnation-of-stalin",
    "vospominaniia-byvshego-sekretaria-stalina-2",
    "hokmdarlar",
    "vospominaniia-byvshego-sekretaria-stalina-3",
]
CREDITED_AS = ["Bajanov", "Bazhanov", "Bazhanov", "Bazhanov", "Bašanov"] + ["Bazhanov"] * 7


def test_editions_in_the_articles_order(bio: Biography) -> None:
    assert [edition["id"] for edition in bio["editions"]] == EDITION_IDS
    assert [edition["credited_as"] for edition in bio["editions"]] == CREDITED_AS


def test_edition_titles_exact(bio: Biography) -> None:
    titles = [edition["title"] for edition in bio["editions"]]
    assert titles[0] == "Avec Staline dans le Kremlin"
    assert titles[1] == (
        "Pokhishchenie generala A.P. Kutepova bol\u02b9shevikami; "
        "sli\ufe20e\ufe21dstvennye i politicheskie materialy"
    )
    assert titles[4] == "Ich war Stalins Sekretär"
    assert titles[5] == "Ich war Stalins Sekretar"
    assert titles[11] == "Воспоминания бывшего секретаря Сталина"


# number -> (language, year, publisher, translator)
EDITION_DETAILS: dict[int, tuple[str | None, int | None, str | None, str | None]] = {
    1: ("fr", 1930, "Les Éditions de France", None),
    3: ("de", 1931, "Verlag Paul Aretz", None),
    7: ("fr", 1979, "Gallimard", "Catherine Maillat"),
    9: ("en", 1990, "Ohio University Press", "David W. Doyle"),
}


@pytest.mark.parametrize(("number", "expected"), sorted(EDITION_DETAILS.items()))
def test_edition_details(
    bio: Biography, number: int, expected: tuple[str | None, int | None, str | None, str | None]
) -> None:
    edition = bio["editions"][number - 1]
    language, year, publisher, translator = expected
    assert edition["language"] == language
    assert edition["year"] == year
    assert edition["publisher"] is not None
    assert publisher is not None
    assert edition["publisher"].startswith(publisher)
    assert edition["translator"] == translator


def test_unestablished_edition_fields_are_null(bio: Biography) -> None:
    hokmdarlar = bio["editions"][10]
    assert hokmdarlar["language"] is None
    assert hokmdarlar["year"] is None
    assert bio["editions"][1]["publisher"] is None  # not established
    assert bio["editions"][1]["translator"] is None  # Russian original
    for number in (4, 5, 6, 8, 10, 11, 12):
        assert bio["editions"][number - 1]["year"] is None, f"#{number} year is not established"
    assert bio["editions"][8]["place"] is None


def test_isbn_and_pages(bio: Biography) -> None:
    by_id = {edition["id"]: edition for edition in bio["editions"]}
    damnation = by_id["bazhanov-and-the-damnation-of-stalin"]
    assert (damnation["isbn"], damnation["pages"]) == ("978-0-8214-0948-0", 303)
    assert by_id["bajanov-revele-staline"]["pages"] == 301
    pinned = {damnation["id"], "bajanov-revele-staline"}
    others = [e for e in bio["editions"] if e["id"] not in pinned]
    assert all(e["isbn"] is None and e["pages"] is None for e in others)


# --- sources ---------------------------------------------------------------------------


def test_the_sources_and_their_licence(bio: Biography) -> None:
    article, editions, geonames = bio["sources"]
    assert (article["id"], article["title"]) == ("article", "Boris Bazhanov")
    assert article["url"] == "https://en.wikipedia.org/wiki/Boris_Bazhanov"
    assert article["publisher"] == "Wikipedia, the English edition"
    assert article["licence"] == "CC BY-SA 4.0"
    assert article["licence_url"] == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert article["sections"][:3] == ["Infobox", "Introduction", "Early life"]
    assert editions["id"] == "editions"
    assert editions["sections"] == ["Editions table", "Notes"]
    assert (geonames["id"], geonames["url"]) == ("geonames", "https://www.geonames.org/")
    assert geonames["licence"] == "CC BY 4.0"
    assert geonames["licence_url"] == "https://creativecommons.org/licenses/by/4.0/"


def _texts(value: object) -> list[str]:
    """Every string anywhere in a JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _texts(item)]
    if isinstance(value, list):
        return [text for item in value for text in _texts(item)]
    return []


def test_no_data_text_names_a_file_of_ours(bio: Biography) -> None:
    # Summaries once said "per editions.md": a file beside the project, which no reader has.
    # A source is named by what it is ("the bibliographic record of the editions").
    import re

    named = re.compile(r"\b[\w.-]+\.(?:md|txt)\b", re.IGNORECASE)
    assert [text for text in _texts(bio) if named.search(text)] == []
    recorded = "according to the bibliographic record of the editions"
    assert [event["id"] for event in bio["events"] if recorded in event["summary"]] == [
        "first-edition-of-memoirs",
        "kutepov-collection",
        "stalin-der-rote-diktator-published",
        "bajanov-revele-staline-published",
        "memoirs-1980-edition",
        "damnation-of-stalin-published",
        "russian-reprint-1992",
    ]
