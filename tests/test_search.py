"""The search engine against the bundled biography: every way a spelling can differ."""

from __future__ import annotations

from typing import get_args

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bazhanov_cli.errors import UsageError
from bazhanov_cli.model.entries import SearchHit
from bazhanov_cli.model.items import Biography, Kind
from bazhanov_cli.model.kinds import FACT_IDS
from bazhanov_cli.queries.search import (
    DEFAULT_LIMIT,
    MATCHED_WINDOW,
    MAX_QUERY_CHARS,
    MAX_QUERY_WORDS,
    Results,
    query_words,
)
from bazhanov_cli.queries.search import search as find


def search(bio: Biography, query: str, **options: object) -> list[SearchHit]:
    """Every hit of a search, best first (the engine's own limit aside)."""
    found: Results = find(bio, query, limit=None, **options)  # type: ignore[arg-type]
    return found.hits


def ids(hits: list[SearchHit]) -> list[tuple[str, str]]:
    return [(hit["kind"], hit["id"]) for hit in hits]


def existing_ids(bio: Biography) -> set[tuple[str, str]]:
    known = {("fact", fact_id) for fact_id in FACT_IDS}
    known |= {("event", event["id"]) for event in bio["events"]}
    known |= {("edition", edition["id"]) for edition in bio["editions"]}
    known |= {("person", person["id"]) for person in bio["people"]}
    known |= {("place", place["id"]) for place in bio["places"]}
    known |= {("quote", quote["id"]) for quote in bio["quotes"]}
    return known


# --- spelling differences ------------------------------------------------------------------


@pytest.mark.parametrize("query", ["STALIN", "stalin", "StAlIn"])
def test_case_does_not_matter(bio: Biography, query: str) -> None:
    hits = search(bio, query)
    assert ids(hits)[0] == ("person", "stalin")
    assert hits[0]["score"] == 100.0
    assert hits == search(bio, "Stalin")


def test_accents_do_not_matter_in_the_query(bio: Biography) -> None:
    hits = search(bio, "Basanov", kinds=["edition"])
    assert ids(hits)[0] == ("edition", "ich-war-stalins-sekretar")
    assert (hits[0]["score"], hits[0]["field"]) == (100.0, "credited_as")
    assert hits[0]["matched"] == "Bašanov"  # the original spelling, not the folded one
    # "Bajanov" is one letter off: found too, as a typo, well below.
    assert ids(hits)[1] == ("edition", "avec-staline-dans-le-kremlin")
    assert hits[1]["score"] < 70


def test_accents_do_not_matter_for_places(bio: Biography) -> None:
    hits = search(bio, "Pere Lachaise")
    assert ids(hits)[:3] == [
        ("place", "pere-lachaise"),
        ("fact", "resting_place"),
        ("event", "death"),
    ]
    assert hits[1]["matched"] == "Père Lachaise cemetery"


def test_cyrillic_query_finds_latin_spellings(bio: Biography) -> None:
    hits = search(bio, "Бажанов")[:200]
    found = ids(hits)
    assert found[0] == ("person", "boris-bazhanov")
    assert hits[0]["matched"] == "Бажанов"  # the alias as the user typed it
    assert ("edition", "stalin-der-rote-diktator") in found  # credited as "Bazhanov"
    assert ("fact", "full_name") in found  # "Boris Georgiyevich Bazhanov"


def test_latin_query_finds_the_cyrillic_edition(bio: Biography) -> None:
    found = ids(search(bio, "Bazhanov", kinds=["edition"])[:50])
    assert ("edition", "vospominaniia-byvshego-sekretaria-stalina-3") in found


def test_cyrillic_title_and_latin_title_find_each_other(bio: Biography) -> None:
    latin = ids(search(bio, "Vospominaniya", kinds=["edition"]))
    assert latin[0] == ("edition", "vospominaniia-byvshego-sekretaria-stalina-3")
    cyrillic = ids(search(bio, "Воспоминания", kinds=["edition"]))
    assert cyrillic == [
        ("edition", "vospominaniia-byvshego-sekretaria-stalina-3"),
        ("edition", "vospominaniia-byvshego-sekretaria-stalina"),
        ("edition", "vospominaniia-byvshego-sekretaria-stalina-2"),
    ]


def test_an_alias_of_a_place_finds_its_events(bio: Biography) -> None:
    hits = search(bio, "Kyiv")
    assert ids(hits) == [("place", "kiev"), ("event", "enters-university-of-kiev")]
    assert hits[1]["field"] == "places"
    assert hits[1]["matched"] == "Kyiv"
    assert hits[1]["score"] < hits[0]["score"]


def test_an_old_spelling_finds_the_defection(bio: Biography) -> None:
    hits = search(bio, "Ashkhabad")
    assert ids(hits) == [("place", "ashgabat"), ("event", "defection")]


def test_a_typo_finds_the_person_first(bio: Biography) -> None:
    assert ids(search(bio, "Trotski"))[0] == ("person", "trotsky")
    assert ids(search(bio, "Trotzky"))[0] == ("person", "trotsky")  # not an alias: a typo


def test_a_dropped_letter_is_forgiven(bio: Biography) -> None:
    hits = search(bio, "Blumkn")
    assert ids(hits)[:2] == [("person", "blumkin"), ("event", "blumkin-assassination-plot")]
    assert hits[0]["matched"] == "Blumkin"


def test_a_prefix_finds_the_word(bio: Biography) -> None:
    hits = search(bio, "sekretar", kinds=["edition"])
    assert ids(hits)[:2] == [
        ("edition", "ich-war-stalins-sekretar"),
        ("edition", "ich-war-stalins-sekretar-2"),
    ]
    assert hits[0]["matched"] == "Ich war Stalins Sekretär"
    assert ("edition", "vospominaniia-byvshego-sekretaria-stalina") in ids(hits)  # prefix


def test_random_words_do_not_match(bio: Biography) -> None:
    assert search(bio, "zzzzqqq") == []
    assert search(bio, "Napoleon") == []
    assert search(bio, "xylophone") == []


def test_numbers_are_not_fuzzy(bio: Biography) -> None:
    assert ids(search(bio, "1928", kinds=["person"])) == [("person", "boris-bazhanov")]
    # 1927 is a year of the 1925-1928 posts, never 1928 or 1929 misspelt.
    assert ids(search(bio, "1927")) == [("event", "politburo-positions")]
    assert search(bio, "1899") == []


def test_a_year_finds_the_events_of_that_year(bio: Biography) -> None:
    found = ids(search(bio, "1937"))
    assert found[0] == ("event", "stabbing-attempt-1937")
    # A span is found by every year it covers, and shows the span.
    by_id = {hit["id"]: hit for hit in search(bio, "1929", kinds=["event"])}
    assert by_id["trotsky-deported"]["matched"] == "1929-02"
    manhunt = by_id["agabekov-manhunt"]
    assert (manhunt["field"], manhunt["matched"]) == ("date", "1928 \u2013 1930-06")


# --- several words ---------------------------------------------------------------------------


def test_every_word_must_match(bio: Biography) -> None:
    hits = search(bio, "Rosenberg Berlin")
    assert ids(hits)[0] == ("event", "berlin-visit-rosenberg")
    for hit in hits:
        assert hit["id"] in {"berlin-visit-rosenberg", "berlin", "leibbrandt"}
    assert not find(bio, "Rosenberg Berlin").partial


def test_with_no_item_having_every_word_those_with_most_come_instead(bio: Biography) -> None:
    found = find(bio, "Rosenberg Kyiv Xylophone", limit=None)
    assert found.partial
    assert found.matched == len(found.hits) > 0
    assert {"kiev", "rosenberg", "enters-university-of-kiev"} <= {hit["id"] for hit in found.hits}
    # The best of them has one of the two words in a name, and nothing has neither.
    assert found.hits[0]["field"] in {"name", "search_names"}
    assert not find(bio, "Rosenberg Berlin").partial
    # Two words of three beat one.
    two = find(bio, "Rosenberg Berlin Kyiv", limit=None)
    assert two.partial
    assert two.hits[0]["id"] == "berlin-visit-rosenberg"
    assert find(bio, "xylophone zzzzqqq") == ([], 0, False)


def test_small_words_are_left_out_of_a_question(bio: Biography) -> None:
    found = find(bio, "who tried to kill him")
    assert not found.partial  # "who", "to" and "him" are not required
    assert found.hits[0]["id"] in {
        "stabbing-attempt-1937",
        "stabbing-recollection",
        "blumkin-assassination-plot",
    }
    assert ids(search(bio, "who")) != []  # a query of small words only still searches


def test_words_may_match_in_different_fields(bio: Biography) -> None:
    # "Stalin" is in the title, "Brezanovsky" only in the summary and the people.
    found = ids(search(bio, "Stalin Brezanovsky"))
    assert ("event", "work-in-stalins-secretariat") in found[:2]


def test_a_phrase_ranks_above_scattered_words(bio: Biography) -> None:
    hits = search(bio, "personal secretary", kinds=["event"])
    assert ids(hits)[:2] == [
        ("event", "personal-secretary-to-stalin"),
        ("event", "appointment-as-stalins-secretary"),
    ]


# --- ranking, kinds, limit -----------------------------------------------------------------


def test_an_exact_name_beats_a_mention(bio: Biography) -> None:
    hits = search(bio, "Trotsky")[:100]
    assert ids(hits)[0] == ("person", "trotsky")
    by_id = {hit["id"]: hit for hit in hits}
    # In a title, above a summary mention, above being one of the event's people.
    assert by_id["trotsky-deported"]["field"] == "title"
    assert by_id["personal-secretary-to-stalin"]["field"] == "summary"
    assert by_id["trotsky-deported"]["score"] > by_id["personal-secretary-to-stalin"]["score"]


def test_exact_beats_prefix_beats_typo(bio: Biography) -> None:
    exact = search(bio, "Blumkin", kinds=["person"])[0]
    prefix = search(bio, "Blumk", kinds=["person"])[0]
    typo = search(bio, "Blumkn", kinds=["person"])[0]
    assert exact["id"] == prefix["id"] == typo["id"] == "blumkin"
    assert exact["score"] > prefix["score"] > typo["score"]


def test_ties_follow_kind_order_then_data_order(bio: Biography) -> None:
    hits = search(bio, "Bazhanov")[:500]
    hundreds = [hit for hit in hits if hit["score"] == 100.0]
    assert ids(hundreds)[:3] == [
        ("person", "boris-bazhanov"),
        ("edition", "pokhishchenie-generala-kutepova"),
        ("edition", "stalin-der-rote-diktator"),
    ]
    kinds = [get_args(Kind).index(hit["kind"]) for hit in hundreds]
    assert kinds == sorted(kinds)


def test_kinds_narrow_the_search(bio: Biography) -> None:
    assert ids(search(bio, "Kyiv", kinds=["event"])) == [("event", "enters-university-of-kiev")]
    assert ids(search(bio, "Kyiv", kinds={"place", "quote"})) == [("place", "kiev")]
    assert search(bio, "Kyiv", kinds=[]) == []


def test_facts_have_the_infobox_ids(bio: Biography) -> None:
    assert ids(search(bio, "Mogilev-Podolskiy", kinds=["fact"])) == [("fact", "born")]
    assert ids(search(bio, "arrondissement", kinds=["fact"])) == [("fact", "died")]
    assert ids(search(bio, "France", kinds=["fact"])) == [("fact", "citizenship")]
    hit = search(bio, "Politburo notes", kinds=["fact"])[0]
    assert (hit["id"], hit["title"], hit["field"]) == ("positions", "Positions", "title")
    assert hit["matched"] == (
        "Secretary of the Politburo, responsible for taking notes of the meetings"
    )


def test_a_long_text_is_cut_to_a_window_around_the_match(bio: Biography) -> None:
    hit = search(bio, "inner circle", kinds=["event"])[0]
    assert hit["id"] == "work-in-stalins-secretariat"
    assert hit["field"] == "summary"
    assert len(hit["matched"]) <= MATCHED_WINDOW
    assert "inner circle" in hit["matched"]
    assert hit["matched"].startswith("\u2026")


def test_a_quote_title_is_shortened(bio: Biography) -> None:
    hit = search(bio, "anarchist", kinds=["quote"])[0]
    assert hit["id"] == "stabbing-recollection"
    assert len(hit["title"]) <= 60
    assert hit["title"].endswith("\u2026")


# --- awkward queries -----------------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "   ", "\t\n", "?!.,;", "\x00\x07\x1b", "\u200f\u202e", "'"])
def test_a_query_without_words_is_a_usage_error(bio: Biography, query: str) -> None:
    with pytest.raises(UsageError, match="empty search query"):
        search(bio, query)


def test_bidi_and_control_characters_are_ignored(bio: Biography) -> None:
    assert ids(search(bio, "\u202eStalin"))[0] == ("person", "stalin")
    assert ids(search(bio, "Sta\u200flin\x00"))[0] == ("person", "stalin")


# Speed is the benchmark's business, not a test's; what a test can pin is that a
# huge query is cut to a bounded one (test_the_query_is_capped) and still answers.


def test_a_huge_query_is_answered(bio: Biography) -> None:
    hits = search(bio, "Stalin " * (200_000 // 7))
    assert ids(hits)[0] == ("person", "stalin")


@pytest.mark.parametrize(
    "query", ["x" * 200_000, "Бажанов" * 30_000, "word " * 40_000, "\U0001f600" * 200_000]
)
def test_huge_queries_of_any_shape_are_answered(bio: Biography, query: str) -> None:
    assert len(query_words(query)) <= MAX_QUERY_WORDS
    assert len(search(bio, query)) <= 20


@pytest.mark.parametrize("query", ["\u0301" * 200_000, "!" * 200_000, "\u202e" * 200_000])
def test_huge_queries_without_words_are_refused(bio: Biography, query: str) -> None:
    with pytest.raises(UsageError, match="empty search query"):
        search(bio, query)


def test_the_query_is_capped() -> None:
    words = query_words(" ".join(f"w{number}" for number in range(100)))
    assert len(words) == MAX_QUERY_WORDS
    assert words[0] == "w0"
    assert query_words("x" * 5000) == ("x" * MAX_QUERY_CHARS,)
    # A word that straddles the slices the query is read in stays whole.
    assert query_words(" " * 510 + "Stalin") == ("stalin",)


def test_query_words_are_folded() -> None:
    assert query_words("Stalin's SEKRETÄR, Бажанов!") == ("stalin", "sekretar", "bazhanov")
    assert query_words("Tret'ia volna") == ("tretia", "volna")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query=st.text(max_size=60), limit=st.integers(min_value=1, max_value=30))
def test_any_query_is_ranked_or_refused(bio: Biography, query: str, limit: int) -> None:
    try:
        hits = search(bio, query)[:limit]
    except UsageError:
        assert not query_words(query)
        return
    assert len(hits) <= limit
    scores = [hit["score"] for hit in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= score <= 100 for score in scores)
    assert set(ids(hits)) <= existing_ids(bio)
    assert len(set(ids(hits))) == len(hits)
    assert all(len(hit["matched"]) <= MATCHED_WINDOW for hit in hits)


@settings(max_examples=50, deadline=None)
@given(
    words=st.lists(
        st.sampled_from(["Stalin", "Bazhanov", "Paris", "Trotsky", "Lenin", "memoirs", "1928"]),
        min_size=1,
        max_size=3,
    )
)
def test_more_words_never_find_more(bio: Biography, words: list[str]) -> None:
    fewer = set(ids(search(bio, " ".join(words[:-1]) or words[0])[:1000]))
    longer = find(bio, " ".join(words), limit=None)
    if not longer.partial:  # else no item has every word: those with most are shown
        assert set(ids(longer.hits)) <= fewer


# --- one search everywhere ----------------------------------------------------------------


@pytest.mark.parametrize("query", ["assassination", "who tried to kill him", "escape to Iran"])
def test_the_api_answers_as_the_command_does(bio: Biography, query: str) -> None:
    import json

    from bazhanov_cli import api

    from .conftest import invoke

    shown = invoke("search", *query.split(), "--json")
    assert shown.exit_code == 0
    assert json.loads(shown.stdout) == api.search(bio, query)
    assert api.search(bio, query) == find(bio, query).hits


def test_the_limit_keeps_the_best_and_counts_them_all(bio: Biography) -> None:
    every = search(bio, "Bazhanov")
    assert len(every) > DEFAULT_LIMIT
    best = find(bio, "Bazhanov")  # the command's and the API's default
    assert (best.hits, best.matched) == (every[:DEFAULT_LIMIT], len(every))
    assert find(bio, "Bazhanov", limit=3).hits == every[:3]
    attributed = find(bio, "Bazhanov", attributed=True, limit=None)
    assert attributed.hits == [hit for hit in every if hit["attribution"] is not None]


def test_an_approximate_date_is_found_by_the_years_of_its_interval(bio: Biography) -> None:
    # 1939-11~ to 1940-03~: found by either year; the hit keeps the EDTF text, and the
    # table shows it as people read it.
    from .conftest import invoke

    for year in ("1939", "1940"):
        hits = [hit for hit in search(bio, year) if hit["id"] == "winter-war-legion"]
        assert [(hit["field"], hit["matched"]) for hit in hits] == [
            ("date", "1939-11~ \u2013 1940-03~")
        ], year
    table = invoke("search", "1939", "--limit", "1", env={"COLUMNS": "120"}).stdout
    assert "date: c. 1939-11 \u2013 c. 1940-03" in table
