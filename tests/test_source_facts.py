"""Pin a sample of the bundled data to the two source files it was written from.

The expected values below are literals taken from the sources, not from the data
file, so a careless edit of ``data/bazhanov.json`` makes these tests fail. The
sources live in ``../shared/source`` beside the clone; when they are missing the
tests fail (they never skip), because then nothing checks the data.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bazhanov_cli.model import Biography

# The same root as conftest's REPO; computed here so the module does not depend on
# how pytest imports conftest.
REPO = Path(__file__).resolve().parents[1]
SOURCE_DIR = REPO.parent / "shared" / "source"
ARTICLE = "bazhanov_article.txt"
EDITIONS = "editions.md"


def _read_source(name: str) -> str:
    path = SOURCE_DIR / name
    if not path.is_file():
        pytest.fail(
            f"source file {path} is missing: the data cannot be checked against its sources "
            "(CI expects ../shared/source beside the clone)",
            pytrace=False,
        )
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def article() -> str:
    return _read_source(ARTICLE)


@pytest.fixture(scope="module")
def editions_md() -> str:
    return _read_source(EDITIONS)


def _sources(article: str, editions_md: str) -> dict[str, str]:
    return {ARTICLE: article, EDITIONS: editions_md}


# --- facts -----------------------------------------------------------------------------

# Cyrillic, with the article's stress marks (U+0301) written as escapes.
NATIVE_NAME = "Бори\u0301с Гео\u0301ргиевич Бажа\u0301нов"


def test_native_name_is_the_articles(bio: Biography, article: str) -> None:
    assert bio["facts"]["native_name"] == NATIVE_NAME
    assert f"({NATIVE_NAME};" in article


def test_birth(bio: Biography, article: str) -> None:
    born = bio["facts"]["born"]
    assert born["date"] == "1900-08-09"
    assert born["place"] == "Mogilev-Podolskiy, Russian Empire"
    assert born["place_id"] == "mogilev-podolskiy"
    assert "born on 9 August 1900, in Mogilev-Podolskiy, Russian Empire" in article


def test_birthplace_present_day(bio: Biography, article: str) -> None:
    places = {place["id"]: place for place in bio["places"]}
    assert places["mogilev-podolskiy"]["present_day"] == "Vinnytsia Oblast, Ukraine"
    assert "(present-day Vinnytsia Oblast, Ukraine)" in article


def test_death_and_burial(bio: Biography, article: str) -> None:
    died = bio["facts"]["died"]
    assert died["date"] == "1982-12-30"
    assert died["place_id"] == "paris-4th-arrondissement"
    assert died["place"] == "4th arrondissement of Paris"
    assert bio["facts"]["resting_place"] == "Père Lachaise cemetery"
    assert "He died in the 4th arrondissement of Paris on 30 December 1982" in article
    assert "buried at Père Lachaise cemetery" in article


def test_age_at_death(bio: Biography) -> None:
    from bazhanov_cli.queries import facts_entry

    assert facts_entry(bio)["age_at_death"] == 82


def test_citizenship(bio: Biography, article: str) -> None:
    assert bio["facts"]["citizenship"] == ["Russian Empire", "Soviet Union", "France"]
    assert "granted French citizenship" in article


# --- events ----------------------------------------------------------------------------

EVENT_TABLE: dict[str, tuple[str, str | None, str, str | None]] = {
    # id: (date, end, category, attribution)
    "birth": ("1900-08-09", None, "life", None),
    "enters-university-of-kiev": ("1918-09", None, "education", None),
    "joins-communist-party": ("1919", None, "party", None),
    "moves-to-moscow": ("1920-11", None, "education", None),
    "appointment-as-stalins-secretary": ("1923-08-09", None, "secretariat", None),
    "personal-secretary-to-stalin": ("1923-08", "1925", "secretariat", None),
    "central-committee-meeting-notes": ("1923-10-26", None, "secretariat", None),
    "trotsky-refuses-lenins-offer": (
        "1923-10-26",
        None,
        "party",
        "according to Bazhanov's notes",
    ),
    "lenin-death": ("1924-01", None, "context", None),
    "defection": ("1928-01-01", None, "defection", None),
    "agabekov-manhunt": ("1928", "1930-06", "defection", None),
    "trotsky-deported": ("1929-02", None, "context", None),
    "blumkin-assassination-plot": ("1929-10", None, "assassination-attempt", None),
    "stabbing-attempt-1937": (
        "1937",
        None,
        "assassination-attempt",
        "Bazhanov's own recollection",
    ),
    "winter-war-legion": ("1939-11", "1940-03", "war", "alleged"),
    "berlin-visit-rosenberg": ("1941-06", None, "war", "according to Bazhanov himself"),
    "death": ("1982-12-30", None, "life", None),
    "danilov-discovers-notes": ("1990", None, "historiography", None),
    "damnation-of-stalin-published": ("1990-04-30", None, "publication", None),
}


@pytest.mark.parametrize(("event_id", "expected"), sorted(EVENT_TABLE.items()))
def test_event_pinned(
    bio: Biography, event_id: str, expected: tuple[str, str | None, str, str | None]
) -> None:
    events = {event["id"]: event for event in bio["events"]}
    assert event_id in events, f"event {event_id!r} is missing"
    event = events[event_id]
    date, end, category, attribution = expected
    assert event["date"] == date
    assert event["end"] == end
    assert event["category"] == category
    assert event["attribution"] == attribution


# event id -> (its date in the data, the source file, the phrase in it that dates it)
DATE_PHRASES: dict[str, tuple[str, str, str]] = {
    "birth": ("1900-08-09", ARTICLE, "born on 9 August 1900"),
    "russian-revolution-begins": ("1917-03", ARTICLE, "Russian Revolution in March 1917"),
    "high-school-graduation": ("1918", ARTICLE, "In 1918 Bazhanov graduated from high school"),
    "enters-university-of-kiev": ("1918-09", ARTICLE, "that September entered the University"),
    "joins-communist-party": ("1919", ARTICLE, "(CPSU) in 1919"),
    "moves-to-moscow": ("1920-11", ARTICLE, "In November 1920, Bazhanov went to Moscow"),
    "ukrainian-ssr-joins-soviet-union": ("1922", ARTICLE, "In 1922, the Ukrainian SSR joined"),
    "appointment-as-stalins-secretary": ("1923-08-09", ARTICLE, "On 9 August 1923"),
    "central-committee-meeting-notes": ("1923-10-26", ARTICLE, "On 26 October 1923"),
    "lenin-death": ("1924-01", ARTICLE, "Lenin's death in January 1924"),
    "politburo-meetings": ("1923", ARTICLE, "From 1923 to 1924, Bazhanov attended"),
    "politburo-positions": ("1925", ARTICLE, "from 1925 until 1928"),
    "defection": ("1928-01-01", ARTICLE, "On 1 January 1928, Bazhanov defected"),
    "agabekov-defects": ("1930-06", ARTICLE, "in June 1930"),
    "trotsky-deported": ("1929-02", ARTICLE, "deported from the Soviet Union in February 1929"),
    "blumkin-assassination-plot": ("1929-10", ARTICLE, "In October 1929, Stalin ordered"),
    "stabbing-attempt-1937": ("1937", ARTICLE, "a later assassination attempt in 1937"),
    "trotsky-assassinated": ("1940", ARTICLE, "assassinated in 1940 by Ramón Mercader"),
    "winter-war-legion": ("1939-11", ARTICLE, "upon the outbreak of the Winter War"),
    "berlin-visit-rosenberg": ("1941-06", ARTICLE, "on the eve of Operation Barbarossa"),
    "storm-petrels": ("1978", ARTICLE, "the 1978 book The Storm Petrels"),
    "memoirs-1980-edition": ("1980", ARTICLE, "memoirs in France in 1980"),
    "first-edition-of-memoirs": ("1930", ARTICLE, "The 1930 edition of Bazhanov's memoir"),
    "death": ("1982-12-30", ARTICLE, "on 30 December 1982"),
    "danilov-discovers-notes": ("1990", ARTICLE, "discovered in early 1990"),
    "bajanov-revele-staline-published": ("1979", EDITIONS, "Gallimard, 1979"),
    "damnation-of-stalin-published": ("1990-04-30", EDITIONS, "published 30 April 1990"),
}


@pytest.mark.parametrize(("event_id", "expected"), sorted(DATE_PHRASES.items()))
def test_event_date_comes_from_source(
    bio: Biography,
    article: str,
    editions_md: str,
    event_id: str,
    expected: tuple[str, str, str],
) -> None:
    date, source_name, phrase = expected
    assert phrase in _sources(article, editions_md)[source_name], (
        f"{phrase!r} is not in {source_name}"
    )
    events = {event["id"]: event for event in bio["events"]}
    assert event_id in events, f"event {event_id!r} is missing"
    assert events[event_id]["date"] == date


def test_enough_events_in_chronological_order(bio: Biography) -> None:
    assert len(bio["events"]) >= 25
    dates = [event["date"] for event in bio["events"]]
    assert dates == sorted(dates), "events are not in chronological order in the file"


# The article's own hedge for each attributed event.
HEDGES = {
    "winter-war-legion": "Allegedly, upon the outbreak of the Winter War",
    "berlin-visit-rosenberg": "According to Bazhanov himself, on the eve",
    "stabbing-attempt-1937": "Bazhanov also recalled a later assassination attempt",
    "trotsky-refuses-lenins-offer": "According to Bazhanov's notes, Trotsky refused",
}


def test_attributed_events(bio: Biography, article: str) -> None:
    attributed = {event["id"] for event in bio["events"] if event["attribution"] is not None}
    assert set(HEDGES) <= attributed
    for hedge in HEDGES.values():
        assert hedge in article
    stated = {event["id"] for event in bio["events"] if event["attribution"] is None}
    assert {"birth", "defection", "death", "blumkin-assassination-plot"} <= stated


def _headings(article: str) -> set[str]:
    return {
        match.group(1).strip()
        for match in re.finditer(r"^={2,3}\s*(.+?)\s*={2,3}\s*$", article, re.MULTILINE)
    }


def test_event_sections_are_article_headings(bio: Biography, article: str) -> None:
    headings = _headings(article)
    assert {"Early life", "Defection", "List of editions", "Stalin's assistant"} <= headings
    allowed = headings | {"Introduction"}
    for event in bio["events"]:
        assert event["section"] in allowed, f"{event['id']}: unknown section {event['section']!r}"


def test_event_sections_sample(bio: Biography) -> None:
    sections = {event["id"]: event["section"] for event in bio["events"]}
    assert sections["birth"] == "Early life"
    assert sections["appointment-as-stalins-secretary"] == "Communist Party membership"
    assert sections["winter-war-legion"] == "World War II and collaboration"
    assert sections["personal-secretary-to-stalin"] == "Introduction"
    assert sections["death"] == "Later career and death"


# --- quotes ----------------------------------------------------------------------------


def test_every_quote_is_verbatim(bio: Biography, article: str) -> None:
    assert bio["quotes"], "no quotes"
    for quote in bio["quotes"]:
        assert quote["text"] in article, f"quote {quote['id']!r} is not verbatim in the article"


def test_key_quotes(bio: Biography) -> None:
    texts = {quote["id"]: quote["text"] for quote in bio["quotes"]}
    assert texts["doyle-usually-reliable"] == "a usually reliable source"
    assert texts["conquest-very-useful"] == "very useful, though not always authenticable"
    assert texts["appointment-decision"] == (
        "Comrade Bazhanov is named assistant to Joseph Stalin and a secretary of the CC."
    )
    assert "self\u2013centered" in texts["damnation-reveals"]
    speakers = {quote["id"]: quote["speaker"] for quote in bio["quotes"]}
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


def _listing_lines(article: str) -> list[str]:
    section = article.split("===List of editions===", 1)[1].split("\n==", 1)[0]
    return [line for line in section.splitlines() if line.startswith("- ")]


def _editions_row(editions_md: str, number: int) -> str:
    for line in editions_md.splitlines():
        if line.startswith(f"| {number} |"):
            return line
    raise AssertionError(f"no row {number} in {EDITIONS}")


def test_editions_in_article_order(bio: Biography, article: str, editions_md: str) -> None:
    assert [edition["id"] for edition in bio["editions"]] == EDITION_IDS
    lines = _listing_lines(article)
    assert len(lines) == 12
    for number, (edition, line) in enumerate(zip(bio["editions"], lines, strict=True), start=1):
        assert edition["title"] in line, f"#{number} title is not in the article's listing line"
        assert edition["title"] in _editions_row(editions_md, number)
        assert line.startswith(f"- {edition['credited_as']}, "), f"#{number} credited_as"
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
    bio: Biography,
    editions_md: str,
    number: int,
    expected: tuple[str | None, int | None, str | None, str | None],
) -> None:
    edition = bio["editions"][number - 1]
    language, year, publisher, translator = expected
    keys = ("language", "year", "publisher", "translator")
    assert tuple(edition[key] for key in keys) == expected  # type: ignore[literal-required]
    row = _editions_row(editions_md, number)
    assert f"| {language} | {year}" in row
    assert publisher is not None
    assert publisher in row
    if translator is not None:
        assert translator in row


def test_unestablished_edition_fields_are_null(bio: Biography) -> None:
    hokmdarlar = bio["editions"][10]
    assert hokmdarlar["language"] is None
    assert hokmdarlar["year"] is None
    assert bio["editions"][1]["publisher"] is None  # not established
    assert bio["editions"][1]["translator"] is None  # Russian original
    for number in (4, 5, 6, 8, 10, 11, 12):
        assert bio["editions"][number - 1]["year"] is None, f"#{number} year is not established"
    assert bio["editions"][8]["place"] is None


def test_isbn_and_pages_come_from_editions_md(bio: Biography) -> None:
    editions_md = (SOURCE_DIR / "editions.md").read_text(encoding="utf-8")
    by_id = {edition["id"]: edition for edition in bio["editions"]}
    damnation = by_id["bazhanov-and-the-damnation-of-stalin"]
    assert (damnation["isbn"], damnation["pages"]) == ("978-0-8214-0948-0", 303)
    assert "303 pages, ISBN 978-0-8214-0948-0" in editions_md
    assert by_id["bajanov-revele-staline"]["pages"] == 301
    assert "1979, 301 pages" in editions_md
    pinned = {damnation["id"], "bajanov-revele-staline"}
    others = [e for e in bio["editions"] if e["id"] not in pinned]
    assert all(e["isbn"] is None and e["pages"] is None for e in others)
