"""Citations: BibTeX and RIS read back by real parsers, CSL-JSON against the CSL data
schema's shape, formatted references from a real CSL processor, and edition selection."""

from __future__ import annotations

import json
import re
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import bibtexparser
import jsonschema
import pytest
from bibtexparser import middlewares
from pydantic import TypeAdapter

from bazhanov_cli import choices
from bazhanov_cli.errors import BazhanovError, NotFoundError, UsageError
from bazhanov_cli.model.items import Biography, Edition
from bazhanov_cli.model.loading import bundled_data_path
from bazhanov_cli.queries import cite, csl

from .conftest import invoke, invoke_json

DAMNATION = "bazhanov-and-the-damnation-of-stalin"

# Written out by hand: a change to the key scheme or to the data must show up here.
EXPECTED_KEYS = {
    "avec-staline-dans-le-kremlin": "bajanov1930avec",
    "pokhishchenie-generala-kutepova": "bazhanov1930pokhishchenie",
    "stalin-der-rote-diktator": "bazhanov1931stalin",
    "al-servicio-de-stalin": "bazhanovndservicio",
    "ich-war-stalins-sekretar": "basanovndich",
    "ich-war-stalins-sekretar-2": "bazhanovndich",
    "bajanov-revele-staline": "bazhanov1979bajanov",
    "vospominaniia-byvshego-sekretaria-stalina": "bazhanovndvospominaniiaa",
    DAMNATION: "bazhanov1990bazhanov",
    "vospominaniia-byvshego-sekretaria-stalina-2": "bazhanovndvospominaniiab",
    "hokmdarlar": "bazhanovndhokmdarlar",
    "vospominaniia-byvshego-sekretaria-stalina-3": "bazhanovndvospominaniya",
}

EDITION = TypeAdapter(Edition)
"""Test editions go through the model's checks, as a data file's would."""

LANGUAGE_NAMES = {
    "fr": "French",
    "ru": "Russian",
    "de": "German",
    "es": "Spanish",
    "en": "English",
}


def edition(bio: Biography, edition_id: str) -> Edition:
    return next(item for item in bio["editions"] if item["id"] == edition_id)


def make_edition(title: str, year: int | None = 1930, **fields: Any) -> Edition:
    values: dict[str, Any] = {
        "id": "test-edition",
        "title": title,
        "language": None,
        "credited_as": "Bazhanov",
        "year": year,
        "publisher": None,
        "place": None,
        "translator": None,
        "note": None,
        "provenance": [{"source": "editions", "section": "Editions table", "paragraph": 1}],
    }
    values.update(fields)
    return EDITION.validate_python(values)


# --- citation keys -------------------------------------------------------------------


def test_keys_are_the_expected_literals(bio: Biography) -> None:
    assert cite.citation_keys(bio["editions"]) == EXPECTED_KEYS


def test_keys_are_unique_and_bibtex_safe(bio: Biography) -> None:
    keys = list(cite.citation_keys(bio["editions"]).values())
    assert len(set(keys)) == len(keys) == 12
    assert all(re.fullmatch(r"[a-z0-9]+", key) for key in keys)


def test_keys_depend_only_on_the_data(bio: Biography) -> None:
    again = [EDITION.validate_python(dict(item)) for item in bio["editions"]]
    assert cite.citation_keys(again) == EXPECTED_KEYS
    assert cite.bibtex(again) == cite.bibtex(bio["editions"])


def test_citation_key_of_one_edition(bio: Biography) -> None:
    keys = cite.citation_keys(bio["editions"])
    assert keys[DAMNATION] == "bazhanov1990bazhanov"
    assert keys["vospominaniia-byvshego-sekretaria-stalina-2"] == "bazhanovndvospominaniiab"
    # On its own it collides with nothing, so it has no letter.
    second = edition(bio, "vospominaniia-byvshego-sekretaria-stalina-2")
    assert cite.citation_keys([second]) == {second["id"]: "bazhanovndvospominaniia"}
    with pytest.raises(ValueError, match="not among all_editions"):
        cite.bibtex([edition(bio, DAMNATION)], all_editions=[second])


@pytest.mark.parametrize(
    ("title", "word"),
    [
        ("The Rulers of Russia", "rulers"),
        ("Le Kremlin", "kremlin"),  # articles under three letters never count
        ("Der rote Diktator", "rote"),
        ("Los años", "anos"),
        ("Tret'ia volna", "tretia"),  # apostrophes vanish
        ("Сталин", "stalin"),
        ("Я и он", "ya"),  # no long word: the first word
        ("…", ""),
    ],
)
def test_key_title_word(title: str, word: str) -> None:
    assert cite.citation_keys([make_edition(title)]) == {"test-edition": f"bazhanov1930{word}"}


def test_key_surname_is_folded_and_year_may_be_missing() -> None:
    item = make_edition("Ich war Stalins Sekretär", year=None, credited_as="Bašanov")
    assert cite.citation_keys([item]) == {"test-edition": "basanovndich"}


def test_colliding_keys_all_get_letters_and_skip_taken_ones() -> None:
    editions = [
        make_edition("Abc", id="one"),
        make_edition("Abca", id="two"),  # its key is what "one" would get with "a"
        make_edition("Abc", id="three"),
        make_edition("Xyz", id="four"),
    ]
    assert cite.citation_keys(editions) == {
        "one": "bazhanov1930abcb",
        "two": "bazhanov1930abca",
        "three": "bazhanov1930abcc",
        "four": "bazhanov1930xyz",
    }


def test_many_collisions_go_past_z() -> None:
    editions = [make_edition("Same", id=f"e{index}") for index in range(28)]
    keys = list(cite.citation_keys(editions).values())
    assert keys[0] == "bazhanov1930samea"
    assert keys[25] == "bazhanov1930samez"
    assert keys[26:] == ["bazhanov1930sameaa", "bazhanov1930sameab"]
    assert len(set(keys)) == 28


# --- BibTeX --------------------------------------------------------------------------


def parsed_bibtex(text: str) -> list[tuple[str, str, dict[str, str]]]:
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    return [
        (entry.entry_type, entry.key, {field.key: field.value for field in entry.fields})
        for entry in library.entries
    ]


def expected_fields(item: Edition) -> dict[str, str]:
    fields = {
        "author": f"{item['credited_as']}, Boris",
        # the parser removes the outer braces; the inner pair protects the case
        "title": "{" + item["title"] + "}",
        "year": None if item["year"] is None else str(item["year"]),
        "publisher": item["publisher"],
        "address": item["place"],
        "translator": item["translator"],
        "language": None if item["language"] is None else LANGUAGE_NAMES[item["language"]],
        "langid": None if item["language"] is None else LANGUAGE_NAMES[item["language"]].lower(),
        "isbn": item["isbn"],
        "pagetotal": None if item["pages"] is None else str(item["pages"]),
        "note": item["note"],
    }
    return {name: value for name, value in fields.items() if value is not None}


def test_bibtex_parses_into_twelve_books_with_the_keys(bio: Biography) -> None:
    entries = parsed_bibtex(cite.bibtex(bio["editions"]))
    assert len(entries) == 12
    assert {entry_type for entry_type, _, _ in entries} == {"book"}
    assert [key for _, key, _ in entries] == list(EXPECTED_KEYS.values())


# The typographic quotes BibTeX gets, back to the data's ASCII ones.
ASCII_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def test_bibtex_fields_equal_the_data_and_nulls_have_no_field(bio: Biography) -> None:
    entries = parsed_bibtex(cite.bibtex(bio["editions"]))
    for item, (_, _, fields) in zip(bio["editions"], entries, strict=True):
        unquoted = {name: value.translate(ASCII_QUOTES) for name, value in fields.items()}
        assert unquoted == expected_fields(item), item["id"]


def test_bibtex_quotes_are_typographic(bio: Biography) -> None:
    entries = {key: fields for _, key, fields in parsed_bibtex(cite.bibtex(bio["editions"]))}
    assert entries["bajanov1930avec"]["note"].startswith(
        "The article\u2019s listing adds the gloss \u2018(With Stalin in the Kremlin)\u2019 "
        "and the imprint \u2018(Paris: Les \u00c9ditions de France)\u2019."
    )
    assert entries["bazhanov1979bajanov"]["title"] == (
        "{Bajanov r\u00e9v\u00e8le Staline. Souvenirs d\u2019un ancien secr\u00e9taire de Staline}"
    )
    assert "'" not in cite.bibtex(bio["editions"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("'x'", "\u2018x\u2019"),
        ("it's", "it\u2019s"),
        ("say \"a 'b' c\".", "say \u201ca \u2018b\u2019 c\u201d."),
        ("('x') [\"y\"]", "(\u2018x\u2019) [\u201cy\u201d]"),
        ("the Bazhanovs' house", "the Bazhanovs\u2019 house"),
        ("a \u2014'q'", "a \u2014\u2018q\u2019"),
        ("no quotes", "no quotes"),
    ],
)
def test_typographic_quotes(text: str, expected: str) -> None:
    assert cite.typographic_quotes(text) == expected


def test_bibtex_damnation_entry(bio: Biography) -> None:
    [(_, key, fields)] = parsed_bibtex(cite.bibtex([edition(bio, DAMNATION)]))
    assert key == "bazhanov1990bazhanov"
    assert fields == {
        "author": "Bazhanov, Boris",
        "title": "{Bazhanov and the Damnation of Stalin}",
        "year": "1990",
        "publisher": "Ohio University Press",
        "translator": "David W. Doyle",
        "language": "English",
        "langid": "english",
        "isbn": "978-0-8214-0948-0",
        "pagetotal": "303",
        "note": "Published 30 April 1990; hardback, 303 pages, ISBN 978-0-8214-0948-0.",
    }


def test_bibtex_keeps_non_ascii_as_it_is(bio: Biography) -> None:
    entries = {key: fields for _, key, fields in parsed_bibtex(cite.bibtex(bio["editions"]))}
    assert entries["basanovndich"]["author"] == "Bašanov, Boris"
    assert entries["basanovndich"]["title"] == "{Ich war Stalins Sekretär}"
    assert entries["bazhanovndvospominaniya"]["title"] == "{Воспоминания бывшего секретаря Сталина}"
    assert entries["bajanov1930avec"]["publisher"] == "Les Éditions de France"


def test_bibtex_leaves_out_unknown_values(bio: Biography) -> None:
    [(_, _, fields)] = parsed_bibtex(cite.bibtex([edition(bio, "al-servicio-de-stalin")]))
    assert fields == {
        "author": "Bazhanov, Boris",
        "title": "{Al servicio de Stalin: El zar rojo de todas las Rusias}",
        "language": "Spanish",
        "langid": "spanish",
    }
    text = cite.bibtex(bio["editions"])
    assert "None" not in text
    assert "null" not in text
    assert "{}" not in text


def test_bibtex_layout(bio: Biography) -> None:
    text = cite.bibtex(bio["editions"])
    assert text.startswith("@book{bajanov1930avec,\n  author = {Bajanov, Boris},\n")
    assert text.endswith("}\n")
    assert not text.endswith("\n\n")
    assert text.count("\n\n@book{") == 11
    assert cite.bibtex([]) == ""


def test_bibtex_escapes_specials_with_balanced_braces() -> None:
    title = r"A & B {x} 50% #1 $2 under_score back\slash ~tilde ^hat"
    text = cite.bibtex([make_edition(title, note="}{")])
    assert (
        r"title = {{A \& B \textbraceleft{}x\textbraceright{} 50\% \#1 \$2 under\_score "
        r"back\textbackslash{}slash \textasciitilde{}tilde \textasciicircum{}hat}},"
    ) in text
    assert r"note = {\textbraceright{}\textbraceleft{}}" in text
    # BibTeX ends a value where its braces balance, escaped or not: they must balance.
    depth = 0
    for char in text.split("\n", 1)[1]:
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= -1
    assert depth == -1  # the one closing the entry


def test_bibtex_escapes_decode_back() -> None:
    title = r"A & B 50% #1 $2 under_score back\slash ~ end a--b c---d `code`"
    text = cite.bibtex([make_edition(title)])
    library = bibtexparser.parse_string(
        text, append_middleware=[middlewares.LatexDecodingMiddleware()]
    )
    assert library.entries[0].fields_dict["title"].value == title


def test_bibtex_of_a_selection_keeps_the_full_keys(bio: Biography) -> None:
    first = edition(bio, "vospominaniia-byvshego-sekretaria-stalina")
    assert cite.bibtex([first]).startswith("@book{bazhanovndvospominaniia,\n")
    assert cite.bibtex([first], all_editions=bio["editions"]).startswith(
        "@book{bazhanovndvospominaniiaa,\n"
    )
    with pytest.raises(ValueError, match="not among all_editions"):
        cite.bibtex(bio["editions"], all_editions=[first])


# --- RIS -----------------------------------------------------------------------------

RIS_LINE = re.compile(r"^[A-Z][A-Z0-9]  - ")


def ris_records(text: str) -> list[list[tuple[str, str]]]:
    """Read RIS line by line; every line is a tag line or blank."""
    records: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] | None = None
    for line in text.split("\n"):
        if not line:
            continue
        assert RIS_LINE.match(line), line
        tag, value = line[:2], line[6:]
        if tag == "TY":
            assert current is None, "TY inside a record"
            current = []
        assert current is not None, f"{tag} outside a record"
        current.append((tag, value))
        if tag == "ER":
            records.append(current)
            current = None
    assert current is None, "record without ER"
    return records


def test_ris_has_twelve_well_formed_records(bio: Biography) -> None:
    text = cite.ris(bio["editions"])
    assert "\r" not in text
    assert text.endswith("ER  - \n\n")
    records = ris_records(text)
    assert len(records) == 12
    for item, record in zip(bio["editions"], records, strict=True):
        assert record[0] == ("TY", "BOOK")
        assert record[-1] == ("ER", "")
        tags = dict(record)
        assert len(tags) == len(record), "a tag repeated"
        assert tags["ID"] == EXPECTED_KEYS[item["id"]]
        assert tags["AU"] == f"{item['credited_as']}, Boris"
        assert tags["TI"] == item["title"]
        assert ("PY" in tags) == (item["year"] is not None)
        assert ("PB" in tags) == (item["publisher"] is not None)
        assert ("CY" in tags) == (item["place"] is not None)


def test_ris_damnation_record(bio: Biography) -> None:
    [record] = ris_records(cite.ris([edition(bio, DAMNATION)]))
    assert record == [
        ("TY", "BOOK"),
        ("ID", "bazhanov1990bazhanov"),
        ("AU", "Bazhanov, Boris"),
        ("TI", "Bazhanov and the Damnation of Stalin"),
        ("PY", "1990"),
        ("PB", "Ohio University Press"),
        ("LA", "English"),
        ("A4", "Doyle, David W."),  # RIS writes every name family first
        ("SN", "978-0-8214-0948-0"),
        ("SP", "303"),
        ("N1", "Published 30 April 1990; hardback, 303 pages, ISBN 978-0-8214-0948-0."),
        ("ER", ""),
    ]


def test_ris_leaves_out_unknown_values(bio: Biography) -> None:
    assert cite.ris([edition(bio, "al-servicio-de-stalin")]) == (
        "TY  - BOOK\n"
        "ID  - bazhanovndservicio\n"
        "AU  - Bazhanov, Boris\n"
        "TI  - Al servicio de Stalin: El zar rojo de todas las Rusias\n"
        "LA  - Spanish\n"
        "ER  - \n"
        "\n"
    )
    # No language: no LA.
    assert "LA  - " not in cite.ris([edition(bio, "hokmdarlar")])
    assert cite.ris([]) == ""


def test_ris_keeps_each_value_on_one_line() -> None:
    text = cite.ris([make_edition("Two\nlines", note="a\r\nb")])
    assert "TI  - Two lines\n" in text
    assert "N1  - a b\n" in text
    assert len(ris_records(text)) == 1


def test_ris_keeps_non_ascii(bio: Biography) -> None:
    records = ris_records(cite.ris(bio["editions"]))
    assert ("AU", "Bašanov, Boris") in records[4]
    assert ("TI", "Воспоминания бывшего секретаря Сталина") in records[11]
    assert ("PB", "Les Éditions de France") in records[0]


# --- CSL-JSON ------------------------------------------------------------------------

CSL_TYPES = [
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book",
    "broadcast", "chapter", "classic", "collection", "dataset", "document", "entry",
    "entry-dictionary", "entry-encyclopedia", "event", "figure", "graphic", "hearing",
    "interview", "legal_case", "legislation", "manuscript", "map", "motion_picture",
    "musical_score", "pamphlet", "paper-conference", "patent", "performance", "periodical",
    "personal_communication", "post", "post-weblog", "regulation", "report", "review",
    "review-book", "software", "song", "speech", "standard", "thesis", "treaty", "webpage",
]  # fmt: skip

_STRING = {"type": "string"}
_NAME = {
    "type": "object",
    "properties": {
        "family": _STRING,
        "given": _STRING,
        "dropping-particle": _STRING,
        "non-dropping-particle": _STRING,
        "suffix": _STRING,
        "literal": _STRING,
    },
    "additionalProperties": False,
    "anyOf": [{"required": ["family"]}, {"required": ["literal"]}],
}
_DATE = {
    "type": "object",
    "properties": {
        "date-parts": {
            "type": "array",
            "minItems": 1,
            "maxItems": 2,
            "items": {
                "type": "array",
                "minItems": 1,
                "maxItems": 3,
                "items": {"type": "integer"},
            },
        },
        "season": {"type": ["string", "integer"]},
        "circa": {"type": ["string", "number", "boolean"]},
        "literal": _STRING,
        "raw": _STRING,
    },
    "additionalProperties": False,
    "anyOf": [{"required": ["date-parts"]}, {"required": ["literal"]}, {"required": ["raw"]}],
}
# The part of the CSL data schema (csl-data.json) these items use; any other variable
# is a mistake here, so additionalProperties is false.
CSL_ITEM_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["id", "type"],
    "properties": {
        "id": {"type": ["string", "number"]},
        "type": {"enum": CSL_TYPES},
        "title": _STRING,
        "author": {"type": "array", "items": _NAME},
        "translator": {"type": "array", "items": _NAME},
        "issued": _DATE,
        "publisher": _STRING,
        "publisher-place": _STRING,
        "language": _STRING,
        "ISBN": _STRING,
        "number-of-pages": {"type": ["string", "number"]},
        "note": _STRING,
    },
    "additionalProperties": False,
}
CSL_DATA_SCHEMA = {"type": "array", "items": CSL_ITEM_SCHEMA}


def test_csl_json_validates_against_the_csl_shape(bio: Biography) -> None:
    items = cite.csl_json(bio["editions"])
    jsonschema.Draft202012Validator.check_schema(CSL_DATA_SCHEMA)
    jsonschema.validate(items, CSL_DATA_SCHEMA, cls=jsonschema.Draft202012Validator)
    # and survives a JSON round trip unchanged
    assert json.loads(json.dumps(items, ensure_ascii=False)) == items


@pytest.mark.parametrize(
    "bad",
    [
        {"type": "monograph"},
        {"issued": {"date-parts": [["1990"]]}},
        {"issued": {"date-parts": [[1990, 4, 30, 1]]}},
        {"author": [{"name": "Bazhanov"}]},
        {"publisher_place": "Paris"},
    ],
)
def test_the_schema_rejects_what_csl_does_not_allow(bio: Biography, bad: dict[str, Any]) -> None:
    item = {**cite.csl_json([edition(bio, DAMNATION)])[0], **bad}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(item, CSL_ITEM_SCHEMA, cls=jsonschema.Draft202012Validator)


def test_csl_json_items(bio: Biography) -> None:
    items = cite.csl_json(bio["editions"])
    assert len(items) == 12
    assert [item["id"] for item in items] == list(EXPECTED_KEYS.values())
    for source, item in zip(bio["editions"], items, strict=True):
        assert item["type"] == "book"
        assert item["title"] == source["title"]
        assert item["author"] == [{"family": source["credited_as"], "given": "Boris"}]
        assert item.get("language") == source["language"]
        if source["year"] is None:
            assert "issued" not in item
        else:
            assert item["issued"] == {"date-parts": [[source["year"]]]}
        assert all(value is not None for value in item.values())


def test_csl_json_damnation_item(bio: Biography) -> None:
    assert cite.csl_json([edition(bio, DAMNATION)]) == [
        {
            "id": "bazhanov1990bazhanov",
            "type": "book",
            "title": "Bazhanov and the Damnation of Stalin",
            "author": [{"family": "Bazhanov", "given": "Boris"}],
            "issued": {"date-parts": [[1990]]},
            "publisher": "Ohio University Press",
            "translator": [{"family": "Doyle", "given": "David W."}],
            "language": "en",
            "ISBN": "978-0-8214-0948-0",
            "number-of-pages": 303,
            "note": "Published 30 April 1990; hardback, 303 pages, ISBN 978-0-8214-0948-0.",
        }
    ]


def test_csl_json_leaves_out_unknown_values(bio: Biography) -> None:
    assert cite.csl_json([edition(bio, "hokmdarlar")]) == [
        {
            "id": "bazhanovndhokmdarlar",
            "type": "book",
            "title": "Hokmdarlar: Stalin, Pol Pot, Saddam Husein",
            "author": [{"family": "Bazhanov", "given": "Boris"}],
            "note": (
                "Language not established: 'Hökmdarlar' (rulers) suggests Azerbaijani; "
                "probably a compilation in which Bazhanov is one of the authors. "
                "No catalogue record found."
            ),
        }
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("David W. Doyle", {"family": "Doyle", "given": "David W."}),
        ("Catherine Maillat", {"family": "Maillat", "given": "Catherine"}),
        ("Doyle, David W.", {"family": "Doyle", "given": "David W."}),
        ("Jean de La Fontaine", {"literal": "Jean de La Fontaine"}),
        ("Voltaire", {"literal": "Voltaire"}),
        ("Doyle,", {"literal": "Doyle,"}),
    ],
)
def test_csl_name(name: str, expected: dict[str, str]) -> None:
    assert cite.csl_name(name) == expected


# --- formatted references ------------------------------------------------------------


@pytest.fixture
def citeproc() -> None:
    # The test extra installs the cite extra: a missing processor is a broken
    # install and fails here, rather than skipping the formatted references.
    import citeproc  # type: ignore[import-untyped,import-not-found,unused-ignore]  # noqa: F401


@pytest.mark.usefixtures("citeproc")
def test_chicago_damnation(bio: Biography) -> None:
    [text] = csl.formatted([edition(bio, DAMNATION)], "chicago")
    assert "Doyle" in text
    assert "Ohio University Press" in text
    assert "1990" in text
    assert "Bazhanov and the Damnation of Stalin" in text
    # Chicago spells given names out (citeproc-py alone would print "Bazhanov, B.").
    assert text.startswith("Bazhanov, Boris. ")
    assert "Translated by David W. Doyle" in text


@pytest.mark.usefixtures("citeproc")
def test_apa_initials_given_names(bio: Biography) -> None:
    [text] = csl.formatted([edition(bio, DAMNATION)], "apa")
    assert text.startswith("Bazhanov, B. (1990). Bazhanov and the Damnation of Stalin")
    assert "D. W. Doyle" in text


@pytest.mark.usefixtures("citeproc")
@pytest.mark.parametrize("style", ["apa", "chicago", "harvard", "mla"])
def test_every_style_gives_one_reference_per_edition_sorted(bio: Biography, style: str) -> None:
    texts = csl.formatted(bio["editions"], style)
    assert len(texts) == 12
    for item in bio["editions"]:
        title = csl.typographic_apostrophes(item["title"])
        [text] = [text for text in texts if title in text][:1]
        assert text.strip() == text != ""
        assert "\n" not in text
    # Sorted as a bibliography: by the author's name as read (Bašanov as Basanov). Chicago
    # and MLA put a dash for an author who is the previous reference's.
    authors = [text.split(",", 1)[0].split(".", 1)[0] for text in texts]
    again = "\u2014" * 3 if style in ("chicago", "mla") else "Bazhanov"
    assert authors == ["Bajanov", "Bašanov", "Bazhanov", *[again] * 9]


@pytest.mark.usefixtures("citeproc")
def test_formatted_is_a_bibliography_each_work_once(bio: Biography) -> None:
    chosen: Sequence[Edition] = [
        edition(bio, DAMNATION),
        edition(bio, "avec-staline-dans-le-kremlin"),
        edition(bio, DAMNATION),
    ]
    texts = csl.formatted(chosen, "mla")
    assert [("Damnation" in text, "Avec Staline" in text) for text in texts] == [
        (False, True),  # Bajanov before Bazhanov
        (True, False),
    ]
    assert csl.formatted([], "mla") == []


@pytest.mark.usefixtures("citeproc")
def test_citeproc_warnings_do_not_escape(bio: Biography, monkeypatch: pytest.MonkeyPatch) -> None:
    real = cite.csl_json

    def with_unknown_variable(editions: Sequence[Edition]) -> list[dict[str, Any]]:
        return [{**item, "unknown-variable": "x"} for item in real(editions)]

    monkeypatch.setattr(cite, "csl_json", with_unknown_variable)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        [text] = csl.formatted([edition(bio, DAMNATION)], "apa")
    assert caught == []
    assert "Damnation" in text


def test_missing_extra_says_how_to_install(bio: Biography, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "citeproc", None)
    # The bundled editions' references were rendered at build time: no processor needed.
    assert len(csl.formatted(bio["editions"], "chicago")) == 12
    with pytest.raises(BazhanovError) as raised:
        csl.formatted([make_edition("Not bundled")], "chicago")
    assert "pip install 'bazhanov-cli[cite]'" in str(raised.value)
    assert raised.value.exit_code == 1
    assert not isinstance(raised.value, UsageError)


def rendered_by_this_processor() -> pytest.MarkDecorator:
    """Skip unless the installed processor and styles are those the table was rendered with.

    Another version may render a reference differently, which is no fault of the table;
    CI installs the locked versions, where this always runs, and regenerates the table.
    """
    from importlib.metadata import version

    from bazhanov_cli.queries.bibliographies import PROCESSOR

    installed = {name: version(name) for name in PROCESSOR}
    return pytest.mark.skipif(
        installed != PROCESSOR,
        reason=f"bazhanov_cli/queries/bibliographies.py was generated from {PROCESSOR}; "
        f"{installed} is installed, which may render differently",
    )


def test_the_stored_references_are_those_of_the_bundled_editions(bio: Biography) -> None:
    from bazhanov_cli.queries import bibliographies

    items = [csl.canonical_item(item) for item in cite.csl_json(bio["editions"])]
    assert tuple(items) == bibliographies.ITEMS
    assert set(bibliographies.PROCESSOR) == {"citeproc-py"}
    for style in cite.STYLE_FILES:
        assert sorted(index for index, _ in bibliographies.BIBLIOGRAPHIES[style]) == list(range(12))


@pytest.mark.usefixtures("citeproc")
@rendered_by_this_processor()
@pytest.mark.parametrize("style", ["apa", "chicago", "harvard", "mla"])
def test_stored_references_are_what_the_processor_renders(bio: Biography, style: str) -> None:
    from bazhanov_cli.queries import bibliographies

    items = [csl.canonical_item(item) for item in cite.csl_json(bio["editions"])]
    assert csl.render(items, style) == list(bibliographies.BIBLIOGRAPHIES[style])


@pytest.mark.usefixtures("citeproc")
@rendered_by_this_processor()
@pytest.mark.parametrize("style", ["apa", "chicago", "harvard", "mla"])
def test_stored_and_rendered_agree_on_any_selection(bio: Biography, style: str) -> None:
    from bazhanov_cli.queries import bibliographies

    # A selection in reverse: the stored path keeps the style's order, as rendering does.
    chosen = list(reversed(bio["editions"]))[:7]
    stored = csl.formatted(chosen, style)
    # An edition unknown to the table sends the whole selection to the processor.
    rendered = csl.formatted([*chosen, make_edition("Zzz", credited_as="Zzz")], style)
    assert rendered[:-1] == stored
    assert bibliographies.ITEMS  # the table is in use: see the test above


@pytest.mark.usefixtures("citeproc")
@pytest.mark.parametrize(
    ("style", "first", "second"),
    [
        ("apa", "(n.d.-d)", "(n.d.-e)"),
        ("harvard", "(no date d)", "(no date e)"),
    ],
)
def test_author_date_styles_tell_twins_apart_by_a_letter(
    bio: Biography, style: str, first: str, second: str
) -> None:
    texts = csl.formatted(bio["editions"], style)
    twins = [text for text in texts if "Vospominaniia" in text]
    assert len(twins) == 2
    assert first in twins[0]
    assert second in twins[1]
    assert len(set(texts)) == len(texts) == 12


@pytest.mark.usefixtures("citeproc")
@pytest.mark.parametrize(("style", "undated"), [("apa", "(n.d."), ("harvard", "(no date")])
def test_author_date_styles_letter_every_undated_work_of_an_author(
    bio: Biography, style: str, undated: str
) -> None:
    # Each would be cited as (Bazhanov, n.d.): the style's disambiguate-add-year-suffix
    # letters them all, in the bibliography's order, as citeproc-js does; Bašanov's one
    # undated work is another author's, and keeps its date bare.
    texts = csl.formatted(bio["editions"], style)
    bazhanov = [text for text in texts if text.startswith("Bazhanov") and undated in text]
    joiner = "-" if style == "apa" else " "
    assert [text.split(undated, 1)[1][:3] for text in bazhanov] == [
        f"{joiner}{letter})" for letter in "abcdef"
    ]
    [basanov] = [text for text in texts if text.startswith("Bašanov")]
    assert f"{undated})" in basanov


@pytest.mark.usefixtures("citeproc")
def test_chicago_and_mla_put_a_dash_for_a_repeated_author(bio: Biography) -> None:
    for style in ("chicago", "mla"):
        texts = csl.formatted(bio["editions"], style)
        assert texts[2].startswith("Bazhanov, Boris. ")
        assert all(text.startswith("\u2014\u2014\u2014. ") for text in texts[3:])
    # One reference alone, or after another author's, names its author.
    [text] = csl.formatted([edition(bio, DAMNATION)], "chicago")
    assert text.startswith("Bazhanov, Boris. ")
    assert csl.repeated_authors_substituted(
        [("A, B", "A, B. One."), ("A, B", "A, B. Two."), ("C", "C. Three."), ("A, B", "A, B. 4.")],
        "---",
    ) == ["A, B. One.", "---. Two.", "C. Three.", "A, B. 4."]


@pytest.mark.usefixtures("citeproc")
def test_apa_capitalizes_the_translators_label(bio: Biography) -> None:
    # APA's label is text-case="title": (D. W. Doyle, Trans.), as citeproc-js prints it.
    [text] = csl.formatted([edition(bio, DAMNATION)], "apa")
    assert "(D. W. Doyle, Trans.)" in text
    rendered = csl.render([csl.canonical_item(cite.csl_json([edition(bio, DAMNATION)])[0])], "apa")
    assert "(D. W. Doyle, Trans.)" in rendered[0][1]


def test_the_shipped_styles_are_the_csl_projects_with_their_licence() -> None:
    from bazhanov_cli.queries import bibliographies

    folder = Path(csl.__file__).parent.parent / "styles"
    assert sorted(path.name for path in folder.glob("*.csl")) == sorted(
        f"{name}.csl" for name in cite.STYLE_FILES.values()
    )
    licence = (folder / "LICENSE").read_text(encoding="utf-8")
    assert "https://creativecommons.org/licenses/by-sa/3.0/" in licence
    assert "https://citationstyles.org/" in licence
    for style, name in cite.STYLE_FILES.items():
        text = csl.style_file(style).decode("utf-8")
        assert f"<id>http://www.zotero.org/styles/{name}</id>" in text
        assert 'license="http://creativecommons.org/licenses/by-sa/3.0/"' in text
        assert name in licence
        expected = csl.subsequent_author_substitute(csl.style_file(style))
        assert bibliographies.SUBSTITUTES.get(style) == expected


@pytest.mark.usefixtures("citeproc")
@pytest.mark.parametrize("style", ["chicago", "mla"])
def test_note_styles_tell_twins_apart_by_their_distinguishing_note(
    bio: Biography, style: str
) -> None:
    texts = csl.formatted(bio["editions"], style)
    twins = [text for text in texts if "Vospominaniia" in text]
    assert len(twins) == 2
    assert not twins[0].endswith("A second listing of the same title.")
    assert twins[1].endswith(". A second listing of the same title.")
    assert len(set(texts)) == len(texts) == 12


def test_disambiguated_by_year_letter_and_by_id_when_nothing_else_differs() -> None:
    one = make_edition("Same", id="one")
    two = make_edition("Same", id="two")
    three = make_edition("Other", id="three")
    text = "Bazhanov, B. (1930). Same."
    assert csl.disambiguated([(one, text), (two, text), (three, "x")], "apa") == [
        "Bazhanov, B. (1930a). Same.",
        "Bazhanov, B. (1930b). Same.",
        "x",
    ]
    chicago = "Bazhanov, Boris. Same. 1930."
    assert csl.disambiguated([(one, chicago), (two, chicago)], "chicago") == [
        "Bazhanov, Boris. Same. 1930. [one]",
        "Bazhanov, Boris. Same. 1930. [two]",
    ]
    noted = make_edition("Same", id="noted", note="Pirated. Undated.")
    assert csl.disambiguated([(noted, chicago), (one, chicago)], "mla") == [
        "Bazhanov, Boris. Same. 1930. Pirated. Undated.",
        chicago,
    ]


@pytest.mark.usefixtures("citeproc")
def test_cli_cite_chicago_gives_place_and_no_two_lines_alike() -> None:
    result = invoke("cite", "avec-staline-dans-le-kremlin", "stalin-der-rote-diktator")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Bajanov, Boris. Avec Staline dans le Kremlin. Paris: Les Éditions de France, 1930.",
        "Bazhanov, Boris. Stalin, der rote Diktator. Berlin: Verlag Paul Aretz, 1931.",
    ]
    for style in ("chicago", "apa", "mla", "harvard"):
        result = invoke("cite", "--all", "--style", style)
        assert result.exit_code == 0, result.output
        lines = result.stdout.splitlines()
        assert len(lines) == len(set(lines)) == 12, style


def test_styles_and_formats() -> None:
    from typing import get_args

    styles = ["apa", "chicago", "harvard", "mla"]
    assert sorted(get_args(choices.Style)) == sorted(cite.STYLE_FILES) == styles
    assert get_args(choices.CiteFormat) == ("text", "bibtex", "ris", "csl-json")


def test_style_files_exist() -> None:
    for style, name in cite.STYLE_FILES.items():
        assert csl.style_file(style).startswith(b'<?xml version="1.0" encoding="utf-8"?>'), name


# --- selection -----------------------------------------------------------------------


def ids(editions: Sequence[Edition]) -> list[str]:
    return [item["id"] for item in editions]


def test_select_by_ids_keeps_the_given_order(bio: Biography) -> None:
    chosen = cite.select_editions(
        bio["editions"], [DAMNATION, "hokmdarlar", " Hokmdarlar ", DAMNATION], None, False
    )
    assert ids(chosen) == [DAMNATION, "hokmdarlar"]


def test_select_by_language_keeps_the_article_order(bio: Biography) -> None:
    assert ids(cite.select_editions(bio["editions"], [], "de", False)) == [
        "stalin-der-rote-diktator",
        "ich-war-stalins-sekretar",
        "ich-war-stalins-sekretar-2",
    ]
    assert ids(cite.select_editions(bio["editions"], [], "de", True)) == ids(
        cite.select_editions(bio["editions"], [], "de", False)
    )
    assert cite.select_editions(bio["editions"], [], "it", False) == []


def test_select_all(bio: Biography) -> None:
    assert ids(cite.select_editions(bio["editions"], [], None, True)) == list(EXPECTED_KEYS)


def test_select_unknown_id_suggests_close_ones(bio: Biography) -> None:
    with pytest.raises(NotFoundError) as raised:
        cite.select_editions(bio["editions"], [DAMNATION, "hokmdarlr"], None, False)
    assert str(raised.value) == "no edition with id 'hokmdarlr'; did you mean hokmdarlar?"
    with pytest.raises(NotFoundError, match="`bazhanov editions` lists them"):
        cite.select_editions(bio["editions"], ["zzz"], None, False)


def test_select_nothing_or_both_is_a_usage_error(bio: Biography) -> None:
    with pytest.raises(UsageError, match=r"^give edition ids, --lang or --all$"):
        cite.select_editions(bio["editions"], [], None, False)
    with pytest.raises(UsageError, match="not both"):
        cite.select_editions(bio["editions"], [DAMNATION], None, True)
    with pytest.raises(UsageError, match="not both"):
        cite.select_editions(bio["editions"], [DAMNATION], "en", False)


# --- the command ----------------------------------------------------------------------


def test_cite_text_by_default() -> None:
    result = invoke("cite", DAMNATION)
    assert result.exit_code == 0
    assert result.stdout == (
        "Bazhanov, Boris. Bazhanov and the Damnation of Stalin. "
        "Translated by David W. Doyle. Ohio University Press, 1990.\n"
    )


def test_cite_bibtex_by_language_parses() -> None:
    result = invoke("cite", "--lang", "German", "--format", "bibtex")
    assert result.exit_code == 0
    library = bibtexparser.parse_string(result.stdout)
    assert [entry.key for entry in library.entries] == [
        "bazhanov1931stalin",
        "basanovndich",
        "bazhanovndich",
    ]


def test_cite_csl_json_all_and_empty() -> None:
    items = invoke_json("cite", "--all", "--format", "csl-json")
    assert len(items) == 12
    assert invoke_json("cite", "--lang", "it", "--format", "csl-json") == []
    empty = invoke("cite", "--lang", "it")
    assert (empty.exit_code, empty.stdout, empty.stderr) == (0, "", "No editions in Italian.\n")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["cite"], 2, "Error: give edition ids, --lang or --all"),
        (
            ["cite", DAMNATION, "--style", "vancouver"],
            2,
            "'vancouver' is not one of 'chicago', 'apa', 'mla', 'harvard'",
        ),
        (["cite", DAMNATION, "--format", "endnote"], 2, "'endnote' is not one of 'text', 'bibtex'"),
        (["cite", "--lang", "xx"], 2, "unknown language 'xx'"),
        (["cite", "hokmdarlr"], 1, "no edition with id 'hokmdarlr'; did you mean hokmdarlar?"),
    ],
)
def test_cite_errors(args: list[str], code: int, message: str) -> None:
    result = invoke(*args)
    assert result.exit_code == code
    assert result.stdout == ""
    assert message in result.stderr
    assert result.stderr.count("\n") == 1


def test_cite_without_the_extra_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "citeproc", None)
    # The bundled editions' references were rendered at build time.
    stored = invoke("cite", DAMNATION)
    assert stored.exit_code == 0, stored.output
    assert stored.stdout.startswith("Bazhanov, Boris. Bazhanov and the Damnation of Stalin.")
    # An edition of another data file is rendered now, and that needs the processor.
    data = json.loads(bundled_data_path().read_text(encoding="utf-8"))
    data["editions"][8]["title"] = "Another title"
    path = tmp_path / "other.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = invoke("--data", str(path), "cite", DAMNATION)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: formatted citations need the 'cite' extra: pip install 'bazhanov-cli[cite]'\n"
    )
    bibtex = invoke("cite", DAMNATION, "--format", "bibtex")
    assert bibtex.exit_code == 0
    assert bibtex.stdout.startswith("@book{bazhanov1990bazhanov,")


def test_the_stored_table_does_not_shadow_the_api_function(bio: Biography) -> None:
    import bazhanov_cli
    from bazhanov_cli import api

    csl.formatted(bio["editions"], "chicago")  # imports the table
    assert bazhanov_cli.references is api.references


@pytest.mark.parametrize("args", [["--all"], ["--lang", "de"], [DAMNATION]])
def test_json_is_the_csl_json_of_the_editions_cited(bio: Biography, args: list[str]) -> None:
    flag = invoke_json("cite", *args, "--json")
    assert flag == invoke_json("cite", *args, "--format", "csl-json")
    assert flag == invoke_json("cite", *args, "--json", "-f", "csl-json")
    jsonschema.validate(flag, CSL_DATA_SCHEMA, cls=jsonschema.Draft202012Validator)
    cited = [
        edition["id"]
        for edition in bio["editions"]
        if args == ["--all"] or edition["id"] in args or [edition["language"]] == args[1:]
    ]
    assert cited, "every selection here cites something"
    assert [item["id"] for item in flag] == [EXPECTED_KEYS[edition] for edition in cited]


def test_json_and_another_format_disagree() -> None:
    result = invoke("cite", "--all", "--json", "--format", "bibtex")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "Error: --json and --format bibtex disagree; give one of them\n"
