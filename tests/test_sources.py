"""The data against the source documents it was written from.

These tests need the two source documents, which only the project's CI keeps
beside a clone. Without them every test here is skipped with one reason that
names the missing folder; with BAZHANOV_REQUIRE_SOURCES=1 (set by .ci/run) a
missing document fails instead, so CI cannot pass without running them.

Sections and paragraphs are numbered as the data's provenance numbers them:
in the article, the box of facts under the title is "Infobox" (its lines in
order: the caption, then one field a line), the prose before the first heading
is "Introduction", every other section is named by its heading, and each
non-blank line of a section is one paragraph (a list item, the block
quotation), as a reader counts them; in the editions record,
"Editions table" paragraph n is row n, and "Notes" paragraph n is bullet n.
This file's parser of those rules is written apart from the program's
(``bazhanov_cli/queries/passages.py``), which splits the copies that ship in
the package (``data/sources``): the copies are held to the documents byte for
byte, the program's split to this one, and every passage ``show`` prints to
the paragraph this parser reads.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from bazhanov_cli.model.items import Biography, SourceRef
from bazhanov_cli.queries import passages as texts

from .conftest import REPO

SOURCE_DIR = REPO.parent / "shared" / "source"
DOCUMENTS = {"article": "bazhanov_article.txt", "editions": "editions.md"}
REQUIRE = "BAZHANOV_REQUIRE_SOURCES"


@dataclass(frozen=True)
class Document:
    text: str
    sections: dict[str, list[str]]  # heading -> its paragraphs, in order

    def paragraph(self, ref: SourceRef) -> str:
        return self.sections[ref["section"]][ref["paragraph"] - 1]


def article_sections(text: str) -> dict[str, list[str]]:
    title, blank, *lines = text.splitlines()
    assert re.fullmatch(r"= .+ =", title.strip()), title
    assert not blank.strip(), blank
    infobox_end = lines.index("")
    sections: dict[str, list[str]] = {"Infobox": lines[:infobox_end], "Introduction": []}
    current = "Introduction"
    for line in lines[infobox_end:]:
        heading = re.fullmatch(r"(={2,})\s*(.*?)\s*\1\s*", line)
        if heading:
            current = heading.group(2)
            sections[current] = []
        elif line.strip():
            sections[current].append(line.strip())
    return sections


def editions_sections(text: str) -> dict[str, list[str]]:
    table: list[str] = []
    notes: list[str] = []
    in_notes = False
    for line in text.splitlines():
        row = re.match(r"\|\s*(\d+)\s*\|", line)
        if row:
            assert int(row.group(1)) == len(table) + 1, line
            table.append(line.strip())
        elif line.strip() == "Notes":
            in_notes = True
        elif in_notes and line.startswith("- "):
            notes.append(line.strip())
        elif in_notes and line.strip():  # a bullet's continuation
            notes[-1] += " " + line.strip()
    return {"Editions table": table, "Notes": notes}


@pytest.fixture(scope="session")
def documents() -> dict[str, Document]:
    paths = {source: SOURCE_DIR / name for source, name in DOCUMENTS.items()}
    missing = [str(path) for path in paths.values() if not path.is_file()]
    if missing:
        reason = (
            f"the source documents are not beside this clone ({', '.join(missing)}): "
            "the data is compared with them in the project's CI"
        )
        if os.environ.get(REQUIRE):
            pytest.fail(f"{REQUIRE} is set, but {reason}", pytrace=False)
        pytest.skip(reason)
    texts = {source: path.read_text(encoding="utf-8") for source, path in paths.items()}
    return {
        "article": Document(texts["article"], article_sections(texts["article"])),
        "editions": Document(texts["editions"], editions_sections(texts["editions"])),
    }


@pytest.fixture(scope="session")
def article(documents: dict[str, Document]) -> str:
    return documents["article"].text


@pytest.fixture(scope="session")
def editions_md(documents: dict[str, Document]) -> str:
    return documents["editions"].text


def folded(text: str) -> str:
    """Lower case, accents off, dashes and spaces alike: for finding a name in a paragraph."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(text.replace("\u2013", "-").replace("\u2014", "-").casefold().split())


# --- provenance: every passage exists, and supports its item ------------------------------


def every_provenance(bio: Biography) -> list[tuple[str, list[SourceRef]]]:
    """(what, its provenance) for every item and infobox field of the data."""
    cited: list[tuple[str, list[SourceRef]]] = [
        (f"facts.{field}", refs)
        for field, refs in bio["facts"]["provenance"].items()  # type: ignore[attr-defined]
    ]
    cited += [
        (f"position {position['title']!r}", position["provenance"])
        for position in bio["facts"]["positions"]
    ]
    for kind in ("events", "editions", "people", "places", "quotes"):
        cited += [(f"{kind} {item['id']}", item["provenance"]) for item in bio[kind]]  # type: ignore[literal-required]
    return cited


def test_the_declared_sections_are_the_documents(
    bio: Biography, documents: dict[str, Document]
) -> None:
    # GeoNames is a gazetteer that no provenance cites: only its points come from it
    # (tests/test_places.py holds them to it).
    assert [source["id"] for source in bio["sources"]] == [*documents, "geonames"]
    for source in bio["sources"]:
        if source["id"] in documents:
            assert source["sections"] == list(documents[source["id"]].sections), source["id"]


def test_every_cited_paragraph_exists(bio: Biography, documents: dict[str, Document]) -> None:
    cited = every_provenance(bio)
    assert len(cited) >= 100
    for what, refs in cited:
        assert refs, f"{what} has no provenance"
        for ref in refs:
            sections = documents[ref["source"]].sections
            assert ref["section"] in sections, f"{what}: {ref}"
            count = len(sections[ref["section"]])
            assert 1 <= ref["paragraph"] <= count, f"{what}: {ref} (the section has {count})"


def cited_text(documents: dict[str, Document], refs: list[SourceRef]) -> str:
    return folded(" ".join(documents[ref["source"]].paragraph(ref) for ref in refs))


def test_quotations_are_verbatim_in_a_cited_paragraph(
    bio: Biography, documents: dict[str, Document]
) -> None:
    for quote in bio["quotes"]:
        paragraphs = [documents[ref["source"]].paragraph(ref) for ref in quote["provenance"]]
        assert any(quote["text"] in paragraph for paragraph in paragraphs), quote["id"]


# How a cited paragraph names an item it names by no name or alias of the data.
NAMED_AS = {"finland": "finnish army"}


def test_people_and_places_are_named_where_cited(
    bio: Biography, documents: dict[str, Document]
) -> None:
    for item in [*bio["people"], *bio["places"]]:
        text = cited_text(documents, item["provenance"])
        names = [item["name"], *item["aliases"], NAMED_AS.get(item["id"], item["name"])]
        assert any(folded(name) in text for name in names), item["id"]


def test_editions_are_listed_where_cited(bio: Biography, documents: dict[str, Document]) -> None:
    for number, edition in enumerate(bio["editions"], start=1):
        refs = edition["provenance"]
        assert {"source": "article", "section": "List of editions", "paragraph": number} in refs
        assert {"source": "editions", "section": "Editions table", "paragraph": number} in refs
        assert folded(edition["title"]) in cited_text(documents, refs), edition["id"]


# How a cited paragraph dates an event whose year it does not write out.
DATED_BY = {
    "winter-war-legion": "outbreak of the winter war",
    "berlin-visit-rosenberg": "eve of operation barbarossa",
    "enters-university-of-kiev": "that september",
    "triumvirate": "after lenin's death in january 1924",
}


def test_events_are_dated_where_cited(bio: Biography, documents: dict[str, Document]) -> None:
    for event in bio["events"]:
        text = cited_text(documents, event["provenance"])
        clue = DATED_BY.get(event["id"], event["date"][:4])
        assert clue in text, f"{event['id']}: {clue!r} is not in the paragraphs it cites"


def test_infobox_values_are_where_cited(bio: Biography, documents: dict[str, Document]) -> None:
    facts = bio["facts"]
    by_field = facts["provenance"]
    assert folded(facts["full_name"]) in cited_text(documents, by_field["full_name"])
    assert facts["native_name"] in " ".join(
        documents["article"].paragraph(ref) for ref in by_field["native_name"]
    )
    assert facts["born"]["date"] in cited_text(documents, by_field["born"])
    assert facts["died"]["date"] in cited_text(documents, by_field["died"])
    assert facts["resting_place"] is not None
    assert folded(facts["resting_place"]) in cited_text(documents, by_field["resting_place"])


# --- the sources still say what the data pins -------------------------------------------

# event id -> (the document, the phrase in it that dates the event)
DATE_PHRASES: dict[str, tuple[str, str]] = {
    "birth": ("article", "born on 9 August 1900"),
    "russian-revolution-begins": ("article", "Russian Revolution in March 1917"),
    "high-school-graduation": ("article", "In 1918 Bazhanov graduated from high school"),
    "enters-university-of-kiev": ("article", "that September entered the University"),
    "joins-communist-party": ("article", "(CPSU) in 1919"),
    "moves-to-moscow": ("article", "In November 1920, Bazhanov went to Moscow"),
    "ukrainian-ssr-joins-soviet-union": ("article", "In 1922, the Ukrainian SSR joined"),
    "appointment-as-stalins-secretary": ("article", "On 9 August 1923"),
    "central-committee-meeting-notes": ("article", "On 26 October 1923"),
    "lenin-death": ("article", "Lenin's death in January 1924"),
    "politburo-meetings": ("article", "From 1923 to 1924, Bazhanov attended"),
    "politburo-positions": ("article", "from 1925 until 1928"),
    "defection": ("article", "On 1 January 1928, Bazhanov defected"),
    "agabekov-defects": ("article", "in June 1930"),
    "trotsky-deported": ("article", "deported from the Soviet Union in February 1929"),
    "blumkin-assassination-plot": ("article", "In October 1929, Stalin ordered"),
    "stabbing-attempt-1937": ("article", "a later assassination attempt in 1937"),
    "trotsky-assassinated": ("article", "assassinated in 1940 by Ramón Mercader"),
    "winter-war-legion": ("article", "upon the outbreak of the Winter War"),
    "berlin-visit-rosenberg": ("article", "on the eve of Operation Barbarossa"),
    "storm-petrels": ("article", "the 1978 book The Storm Petrels"),
    "memoirs-1980-edition": ("article", "memoirs in France in 1980"),
    "first-edition-of-memoirs": ("article", "The 1930 edition of Bazhanov's memoir"),
    "death": ("article", "on 30 December 1982"),
    "danilov-discovers-notes": ("article", "discovered in early 1990"),
    "bajanov-revele-staline-published": ("editions", "Gallimard, 1979"),
    "damnation-of-stalin-published": ("editions", "published 30 April 1990"),
}


@pytest.mark.parametrize(("event_id", "expected"), sorted(DATE_PHRASES.items()))
def test_the_phrase_that_dates_an_event_is_in_its_source(
    documents: dict[str, Document], event_id: str, expected: tuple[str, str]
) -> None:
    source, phrase = expected
    assert phrase in documents[source].text, f"{phrase!r} is not in the {source}"


# The article's own hedge for each attributed event.
HEDGES = {
    "winter-war-legion": "Allegedly, upon the outbreak of the Winter War",
    "berlin-visit-rosenberg": "According to Bazhanov himself, on the eve",
    "stabbing-attempt-1937": "Bazhanov also recalled a later assassination attempt",
    "trotsky-refuses-lenins-offer": "According to Bazhanov's notes, Trotsky refused",
    "joins-communist-party": "recalling later that he'd had to choose",
}


def test_every_hedge_is_the_articles_and_an_attribution(bio: Biography, article: str) -> None:
    attributed = {event["id"] for event in bio["events"] if event["attribution"] is not None}
    assert set(HEDGES) <= attributed
    for hedge in HEDGES.values():
        assert hedge in article


# The article's hedge over each place whose description rests on a hedged passage, and
# the event whose attribution the place's repeats.
PLACE_HEDGES = {
    "finland": ("Allegedly, upon the outbreak of the Winter War", "winter-war-legion"),
    "berlin": ("According to Bazhanov himself, on the eve", "berlin-visit-rosenberg"),
    "germany": ("According to Bazhanov himself, on the eve", "berlin-visit-rosenberg"),
}


def test_hedged_places_carry_the_hedge(bio: Biography, documents: dict[str, Document]) -> None:
    events = {event["id"]: event for event in bio["events"]}
    attributed = {place["id"]: place for place in bio["places"] if place["attribution"]}
    assert set(attributed) == set(PLACE_HEDGES)
    for place_id, (hedge, event_id) in PLACE_HEDGES.items():
        place = attributed[place_id]
        hedged = {"source": "article", "section": "World War II and collaboration", "paragraph": 1}
        assert hedged in place["provenance"]
        assert hedge in documents["article"].paragraph(hedged)
        assert place["attribution"] == events[event_id]["attribution"]


def test_the_infobox_is_the_articles(article: str) -> None:
    assert "(Бори\u0301с Гео\u0301ргиевич Бажа\u0301нов;" in article
    assert "born on 9 August 1900, in Mogilev-Podolskiy, Russian Empire" in article
    assert "(present-day Vinnytsia Oblast, Ukraine)" in article
    assert "He died in the 4th arrondissement of Paris on 30 December 1982" in article
    assert "buried at Père Lachaise cemetery" in article
    assert "granted French citizenship" in article


def test_the_editions_are_the_articles_listing(bio: Biography, article: str) -> None:
    section = article.split("===List of editions===", 1)[1].split("\n==", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("- ")]
    assert len(lines) == len(bio["editions"]) == 12
    for number, (edition, line) in enumerate(zip(bio["editions"], lines, strict=True), start=1):
        assert edition["title"] in line, f"#{number} title is not in the article's listing"
        assert line.startswith(f"- {edition['credited_as']}, "), f"#{number} credited_as"


def test_edition_details_are_the_editions_records(bio: Biography, editions_md: str) -> None:
    rows = editions_sections(editions_md)["Editions table"]
    for number, edition in enumerate(bio["editions"], start=1):
        row = rows[number - 1]
        assert edition["title"].split(";")[0] in row, number
        for value in (edition["year"], edition["publisher"], edition["translator"]):
            if value is not None:
                assert str(value).split(" (")[0] in row, (number, value)
    assert "303 pages, ISBN 978-0-8214-0948-0" in editions_md
    assert "1979, 301 pages" in editions_md


def test_quotations_are_verbatim_in_the_article(bio: Biography, article: str) -> None:
    for quote in bio["quotes"]:
        assert quote["text"] in article, quote["id"]


def test_the_source_folder_is_outside_the_repository() -> None:
    # The repository must stand on its own: the documents it is compared with are beside
    # it, and its own copies (data/sources) are held to them, not read from them.
    assert not Path(REPO, "shared").exists()


# Slow: every item's provenance compared with the source documents' sections.
@pytest.mark.slow
def test_show_gives_every_item_its_passages(bio: Biography, documents: dict[str, Document]) -> None:
    from bazhanov_cli.queries.lookup import all_ids

    from .conftest import invoke_json

    for item_id in all_ids(bio):
        shown = invoke_json("show", item_id, "--json")
        assert shown["provenance"], item_id
        for ref in shown["provenance"]:
            assert ref["section"] in documents[ref["source"]].sections, (item_id, ref)
        # Its passages are its provenance, each with the paragraph this file's parser reads.
        assert [
            {**ref, "text": documents[ref["source"]].paragraph(ref)} for ref in shown["provenance"]
        ] == shown["passages"], item_id


# --- the shipped copies: the same documents, split as this file splits them ---------------


SHIPPED_DIR = REPO / "data" / "sources"


@pytest.mark.parametrize("source", sorted(DOCUMENTS))
def test_the_shipped_documents_are_the_sources_byte_for_byte(
    documents: dict[str, Document], source: str
) -> None:
    shipped = (SHIPPED_DIR / DOCUMENTS[source]).read_bytes()
    assert shipped == (SOURCE_DIR / DOCUMENTS[source]).read_bytes(), source
    assert texts.SHIPPED[source].file == DOCUMENTS[source]


def shipped_documents(bio: Biography) -> dict[str, texts.Document]:
    from bazhanov_cli.model.loading import read_shipped_text

    found = {}
    for source in bio["sources"]:
        if source["id"] not in DOCUMENTS:
            continue  # GeoNames, a gazetteer: it gives the points, and no passage cites it
        shipped = texts.shipped(source)
        assert shipped is not None, source["id"]
        found[source["id"]] = shipped.split(source["id"], read_shipped_text(shipped.file))
    return found


def test_the_program_splits_the_sources_as_this_file_does(
    bio: Biography, documents: dict[str, Document]
) -> None:
    for source, document in shipped_documents(bio).items():
        split = {section.name: list(section.paragraphs) for section in document.sections}
        assert split == documents[source].sections, source


def test_every_passage_is_the_paragraph_its_reference_names(
    bio: Biography, documents: dict[str, Document]
) -> None:
    shipped = shipped_documents(bio)
    count = 0
    for what, refs in every_provenance(bio):
        passages = texts.passages_of(refs, shipped)
        assert [
            {key: found[key] for key in SourceRef.__annotations__} for found in passages
        ] == refs, what
        for ref, found in zip(refs, passages, strict=True):
            assert found["text"] == documents[ref["source"]].paragraph(ref), (what, ref)
            count += 1
    assert count >= 200


# --- names: the sources' own, and ours apart ----------------------------------------------


def as_written(name: str, text: str) -> bool:
    """Whether ``text`` writes ``name`` as a whole word or words, in any case or spacing."""
    needle = r"\s+".join(re.escape(word) for word in name.casefold().split())
    return re.search(rf"(?<!\w){needle}(?!\w)", text.casefold()) is not None


def test_every_alias_is_written_so_in_a_source(
    bio: Biography, documents: dict[str, Document]
) -> None:
    texts = [document.text for document in documents.values()]
    for item in [*bio["people"], *bio["places"]]:
        for alias in item["aliases"]:
            assert any(as_written(alias, text) for text in texts), (item["id"], alias)


def test_every_search_name_is_ours(bio: Biography, documents: dict[str, Document]) -> None:
    # A name a source writes is an alias; a search name is one no source writes.
    texts = [document.text for document in documents.values()]
    for item in [*bio["people"], *bio["places"]]:
        for ours in item["search_names"]:
            name = ours["name"]
            assert not any(as_written(name, text) for text in texts), (item["id"], name)
            assert ours["origin"], (item["id"], name)


def test_the_alias_check_reads_words_as_written() -> None:
    assert as_written("Bazhanov", "Boris  BAZHANOV's notes")
    assert not as_written("Trotski", "Leon Trotsky")
    assert not as_written("India", "the Iranian\u2013Indian border")
    assert not as_written("Бажанов", "Бажа\u0301нов")  # a stress mark is part of the writing


# --- what the data infers is not what the sources state -----------------------------------


def test_only_french_citizenship_is_stated(bio: Biography, documents: dict[str, Document]) -> None:
    article = documents["article"].text
    assert re.findall(r"\w+ citizen\w*", article) == ["French citizenship"]
    facts = bio["facts"]
    assert facts["citizenship"] == ["France"]
    stated = cited_text(documents, facts["provenance"]["citizenship"])
    assert "granted french citizenship" in stated
    inferred_from = cited_text(documents, facts["provenance"]["citizenship_inferred"])
    for ours in facts["citizenship_inferred"]:
        country = ours["name"]
        assert folded(country) in inferred_from, country
        assert country not in facts["citizenship"]
        assert ours["origin"].startswith("inferred: "), country


def sentence_with(text: str, phrase: str) -> str:
    """The sentence of ``text`` that holds ``phrase`` (a sentence ends at '. ' here)."""
    start = text.rfind(". ", 0, text.index(phrase)) + 2
    end = text.find(". ", text.index(phrase))
    return text[start : end if end != -1 else len(text)]


def test_summaries_keep_the_articles_words(bio: Biography, article: str) -> None:
    events = {event["id"]: event for event in bio["events"]}
    assert "He was the son of a physician." in article
    assert "son of a physician" in events["birth"]["summary"]
    assert "the possibility of using Bazhanov to form a new government" in article
    assert "to form a new government" in events["berlin-visit-rosenberg"]["summary"]
    assert "discovered in early 1990 by Soviet historian Victor Danilov" in article
    assert "'early 1990'" in events["danilov-discovers-notes"]["summary"]
    people = {person["id"]: person for person in bio["people"]}
    facts = bio["facts"]
    # Words that once said more than the article: now its own.
    assert "writing and publishing memoirs and books from 1930 about Stalin" in article
    assert "from 1930 wrote and published memoirs and books about Stalin" in facts["description"]
    assert "exile" not in facts["description"]
    assert "and Nikolay Bukharin (on the right)" in article
    assert "On the party's right" in people["bukharin"]["description"]
    assert "leading figure" not in article
    assert "leading figure" not in people["bukharin"]["description"].casefold()
    assert "Bolshevik leader" not in article
    assert "Bolshevik" not in people["trotsky"]["description"]
    assert "Lenin was very ill" in article
    assert "very ill" in people["lenin"]["description"]
    assert "very ill" in events["central-committee-meeting-notes"]["summary"]
    assert "the chief Soviet spy in the Near East" in article
    assert "The chief Soviet spy in the Near East" in people["agabekov"]["description"]
    assert "town" not in article.casefold().replace("towards", "")
    assert "town" not in events["birth"]["summary"].casefold()
    for place in bio["places"]:
        assert not place["description"].casefold().startswith("town"), place["id"]


def test_the_eve_of_barbarossa_gives_the_month_and_no_day(bio: Biography, article: str) -> None:
    sentence = sentence_with(article, "on the eve of Operation Barbarossa")
    assert sentence.startswith("According to Bazhanov himself, on the eve of")
    months = "January February March April May June July August September October November"
    assert not any(month in sentence for month in [*months.split(), "December", "1941"])
    event = {event["id"]: event for event in bio["events"]}["berlin-visit-rosenberg"]
    # The source names no date of its own; "the eve of" Barbarossa (June 1941, which the
    # sources do not say) is about that month: approximate, and the date says it is ours.
    assert event["date"] == "1941-06~"
    assert event["date_origin"] is not None
    assert "June 1941" in event["date_origin"]


# event id -> (the article's words that date it, the month we give it, which no source says)
DATED_BY_A_WELL_KNOWN_EVENT = {
    "winter-war-legion": ("upon the outbreak of the Winter War", "November 1939"),
    "berlin-visit-rosenberg": ("on the eve of Operation Barbarossa", "June 1941"),
}


@pytest.mark.parametrize("event_id", sorted(DATED_BY_A_WELL_KNOWN_EVENT))
def test_a_date_of_ours_is_marked_and_no_passage_covers_it(
    bio: Biography, documents: dict[str, Document], event_id: str
) -> None:
    words, month = DATED_BY_A_WELL_KNOWN_EVENT[event_id]
    event = {event["id"]: event for event in bio["events"]}[event_id]
    cited = " ".join(documents[ref["source"]].paragraph(ref) for ref in event["provenance"])
    assert words in cited
    assert all(month not in document.text for document in documents.values())
    assert event["date_origin"] is not None
    assert month in event["date_origin"]
    assert event["date"].endswith("~")


def test_heir_keeps_its_quotation_marks_and_its_hedge(bio: Biography, article: str) -> None:
    assert 'Lenin offered to appoint Trotsky as his "heir." According to Bazhanov\'s notes' in (
        article
    )
    for event in bio["events"]:
        if re.search(r"""['"]heir['"]""", event["summary"]):
            assert event["attribution"] == "according to Bazhanov's notes", event["id"]
        elif re.search(r"\bheir", event["summary"]):
            # The article's own words, stated: "why Trotsky refused Lenin's offer to name
            # him heir-apparent".
            assert "heir-apparent" in event["summary"], event["id"]
            assert "Lenin's offer to name him heir-apparent" in article


def test_leibbrandt_is_named_only_on_bazhanovs_word(bio: Biography, article: str) -> None:
    (sentence,) = {
        sentence_with(article, match.group()) for match in re.finditer("Leibbrandt", article)
    }
    assert sentence.startswith("According to Bazhanov himself")
    people = {person["id"]: person for person in bio["people"]}
    assert people["leibbrandt"]["attribution"] == "according to Bazhanov himself"


def test_the_lone_avenger_is_bazhanovs_explanation(
    bio: Biography, documents: dict[str, Document]
) -> None:
    paragraph = documents["article"].sections["Retracted parts of the first edition"][0]
    assert "In later editions, Bazhanov retracted these statements, explaining that" in paragraph
    assert 'by casting himself as a "lone avenger" figure' in paragraph
    where = {"source": "article", "section": "Retracted parts of the first edition", "paragraph": 1}
    for event in bio["events"]:
        if "lone avenger" in event["summary"]:
            assert event["attribution"] is not None, event["id"]
            assert where in event["provenance"], event["id"]


# Each quotation whose words the article gives only on someone's word: the sentence that
# frames it, and who says so, the same as for the event it belongs to.
FRAMED_QUOTES = {
    "trotsky-refusal-reasoning": (
        "According to Bazhanov's notes, Trotsky refused",
        "according to Bazhanov's notes",
    ),
    "stabbing-recollection": (
        "Bazhanov also recalled a later assassination attempt in 1937, stating that",
        "Bazhanov's own recollection",
    ),
    "lone-avenger": (
        "In later editions, Bazhanov retracted these statements, explaining that",
        "according to Bazhanov's later editions",
    ),
}


@pytest.mark.parametrize("quote_id", sorted(FRAMED_QUOTES))
def test_a_framed_quotation_carries_its_frame_as_its_attribution(
    bio: Biography, article: str, quote_id: str
) -> None:
    frame, who = FRAMED_QUOTES[quote_id]
    quote = {quote["id"]: quote for quote in bio["quotes"]}[quote_id]
    events = {event["id"]: event for event in bio["events"]}
    words = quote["text"].split(" ... ")[0]
    # The frame and the words stand in one paragraph, the frame first.
    paragraph = next(part for part in article.split("\n") if words in part)
    assert frame in paragraph
    assert paragraph.index(frame) < paragraph.index(words)
    assert quote["attribution"] == who
    assert quote["event"] is not None
    assert events[quote["event"]]["attribution"] == who


def test_every_other_quotation_is_given_as_said(bio: Biography) -> None:
    said = [quote["id"] for quote in bio["quotes"] if quote["attribution"] is None]
    assert set(said) == {quote["id"] for quote in bio["quotes"]} - set(FRAMED_QUOTES)


# --- recall: what the article names, the data has -----------------------------------------

NAMED_PLACES = [
    "Poland",
    "Czechoslovakia",
    "Romania",
    "Near East",
    "Germany",
    # Named in passing: "the Ukrainian SSR joined", "(present-day Vinnytsia Oblast,
    # Ukraine)", "bringing freedom back to Russia", "Avec Staline dans le Kremlin".
    "Ukrainian SSR",
    "Vinnytsia Oblast",
    "Russia",
    "Kremlin",
]
# People named only in an edition's title ("Hokmdarlar: Stalin, Pol Pot, Saddam Husein"),
# and those the editions record names as co-editor and translators.
NAMED_PEOPLE = ["Pol Pot", "Saddam Husein", "N. Alekseev", "Catherine Maillat", "David W. Doyle"]


def test_the_people_the_sources_name_are_people(
    bio: Biography, documents: dict[str, Document]
) -> None:
    for name in NAMED_PEOPLE:
        (person,) = [person for person in bio["people"] if person["name"] == name]
        assert as_written(name, cited_text(documents, person["provenance"])), name


def test_the_1992_reprints_isbn_is_the_editions_records(
    bio: Biography, documents: dict[str, Document]
) -> None:
    reprint = {event["id"]: event for event in bio["events"]}["russian-reprint-1992"]
    notes = cited_text(documents, reprint["provenance"])
    assert "isbn 5-86442-004-2" in notes
    assert "which of the listings 8, 10 and 12 stands for which of these is not established" in (
        notes
    )
    assert "ISBN 5-86442-004-2" in reprint["summary"]
    assert "does not establish which of the article's listings it is" in reprint["summary"]


def test_the_places_the_article_names_are_places(
    bio: Biography, documents: dict[str, Document]
) -> None:
    for name in NAMED_PLACES:
        (place,) = [place for place in bio["places"] if place["name"] == name]
        assert as_written(name, cited_text(documents, place["provenance"])), name


def test_the_storm_petrels_quotation_is_whole(
    bio: Biography, documents: dict[str, Document]
) -> None:
    block = documents["article"].sections["Later career and death"][1]
    assert block.startswith("You know, as I do")
    (quote,) = [quote for quote in bio["quotes"] if quote["text"] == block]
    where = {"source": "article", "section": "Later career and death", "paragraph": 2}
    assert where in quote["provenance"]
    assert quote["speaker"] == "boris-bazhanov"
