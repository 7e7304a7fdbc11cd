"""Passages: the shipped source documents, split into numbered paragraphs, under each
reference of ``show`` and printed whole by ``sources ID``.

The comparison with the source documents themselves is tests/test_sources.py's; here the
splitting rules on small texts, the shipped copies as the bundled data declares them, and
the commands.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from bazhanov_cli.cli.session import Session
from bazhanov_cli.model.items import Biography, Source
from bazhanov_cli.model.loading import read_shipped_text, shipped_text_path
from bazhanov_cli.output.views import NO_SUCH_PARAGRAPH, NOT_SHIPPED
from bazhanov_cli.queries import passages as texts

from .conftest import COMMAND, DATA_FILE, REPO, invoke, invoke_json, process_env, run_in_pty

ARTICLE = """= A Title =

Caption
- Born: 1900

Lead one.
   Lead two, with spaces around.

== First ==
One.

- an item
==Second==
===Inner===
Inside.
== Last ==
"""

RECORD = """# The record: details

Some words about it.

| # | a | b |
|---|---|---|
| 1 | x | y |
| 2 | z | w |

Notes
- First note,
  continued here.
- Second note.
"""


def test_the_article_is_split_as_a_reader_counts() -> None:
    document = texts.split_article("a", ARTICLE)
    assert document.title == "A Title"
    split = {section.name: list(section.paragraphs) for section in document.sections}
    assert split == {
        "Infobox": ["Caption", "- Born: 1900"],
        "Introduction": ["Lead one.", "Lead two, with spaces around."],
        "First": ["One.", "- an item"],
        "Second": [],
        "Inner": ["Inside."],
        "Last": [],
    }
    assert [section.level for section in document.sections] == [2, 2, 2, 2, 3, 2]
    assert document.paragraph("First", 2) == "- an item"
    assert document.paragraph("First", 3) is None
    assert document.paragraph("First", 0) is None
    assert document.paragraph("Nowhere", 1) is None


def test_the_record_is_split_into_rows_and_bullets() -> None:
    document = texts.split_record("r", RECORD)
    assert document.title == "The record: details"
    table, notes = document.sections
    assert table == texts.Section(
        "Editions table", ("| 1 | x | y |", "| 2 | z | w |"), ("| # | a | b |",)
    )
    assert notes.paragraphs == ("- First note, continued here.", "- Second note.")


@given(st.lists(st.text(alphabet="ab =-|#\n", max_size=30), max_size=8))
def test_splitting_any_text_keeps_every_paragraphs_words(lines: list[str]) -> None:
    # Whatever the text, the split neither invents nor loses a paragraph's words: every
    # paragraph is a stripped line of it (or bullet lines joined), and none is blank.
    text = "\n".join(lines)
    for split in (texts.split_article, texts.split_record):
        document = split("x", text)
        for section in document.sections:
            for paragraph in section.paragraphs:
                assert paragraph == paragraph.strip()
                assert paragraph
                assert all(part.strip() in text for part in paragraph.split("\n"))


def test_a_section_is_chosen_in_any_case_with_the_sections_within_it() -> None:
    document = texts.split_article("a", ARTICLE)
    assert [part.name for part in texts.sections_named(document, "  second ")] == [
        "Second",
        "Inner",
    ]
    assert [part.name for part in texts.sections_named(document, "FIRST")] == ["First"]
    assert texts.sections_named(document) == document.sections
    with pytest.raises(ValueError, match="a has no section 'Firs'; its sections: Infobox;"):
        texts.sections_named(document, "Firs")


def test_the_shipped_documents_are_the_bundled_datas_sources(bio: Biography) -> None:
    sources = {source["id"]: source for source in bio["sources"]}
    cited = set(re.findall(r'"source": "([a-z0-9-]+)", "section"', json.dumps(bio)))
    # Every source a passage cites ships (GeoNames gives the points, and no passage cites it).
    assert set(texts.SHIPPED) == cited == set(sources) - {"geonames"}
    for source_id, shipped in texts.SHIPPED.items():
        assert texts.shipped(sources[source_id]) is shipped
        document = shipped.split(source_id, read_shipped_text(shipped.file))
        assert [part.name for part in document.sections] == sources[source_id]["sections"]
        assert document.title == sources[source_id]["title"]
        # Byte for byte the file in data/sources, which the editable install reads.
        assert shipped_text_path(shipped.file) == REPO / "data" / "sources" / shipped.file


def test_the_shipped_documents_say_whose_they_are_and_under_what_licence() -> None:
    said = (REPO / "data" / "sources" / "README.md").read_text(encoding="utf-8")
    for file in ("bazhanov_article.txt", "editions.md"):
        assert f"`{file}`" in said
    assert "Wikipedia's contributors" in said
    assert "https://en.wikipedia.org/wiki/Boris_Bazhanov" in said
    assert "CC BY-SA 4.0" in said
    assert "https://creativecommons.org/licenses/by-sa/4.0/" in said


def other(source: Source, **changes: Any) -> Source:
    changed: Any = {**source, **changes}
    return changed  # type: ignore[no-any-return]


def test_only_the_shipped_document_itself_has_its_text(bio: Biography) -> None:
    article = bio["sources"][0]
    assert texts.shipped(article) is not None
    assert texts.shipped(other(article, url="https://example.org/another")) is None
    assert texts.shipped(other(article, title="Another")) is None
    assert texts.shipped(other(article, id="wiki")) is None


def test_a_passage_without_its_text_is_null() -> None:
    document = texts.split_article("a", ARTICLE)
    refs: list[Any] = [
        {"source": "a", "section": "First", "paragraph": 1},
        {"source": "a", "section": "First", "paragraph": 9},
        {"source": "b", "section": "First", "paragraph": 1},
    ]
    assert [found["text"] for found in texts.passages_of(refs, {"a": document})] == [
        "One.",
        None,
        None,
    ]


# --- show -----------------------------------------------------------------------------


def test_show_prints_each_passage_under_its_reference() -> None:
    shown = invoke_json("show", "defection", "--json")
    first, second = shown["passages"]
    result = invoke("show", "defection", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    at = lines.index("provenance   article, § Introduction, ¶ 2")
    following = lines[at + 1 :]
    under = following[: following.index("             article, § Defection, ¶ 1")]
    # Set apart: indented under the reference, wrapped to the width, the words all there.
    assert all(line.startswith(" " * 15) and len(line) <= 80 for line in under)
    assert " ".join(line.strip() for line in under) == first["text"]
    rest = following[len(under) + 1 :]
    rest = rest[: next(n for n, line in enumerate(rest) if not line.startswith(" "))]
    assert " ".join(line.strip() for line in rest) == second["text"]


@pytest.mark.parametrize("width", [40, 80, 120])
def test_shows_passages_fit_every_width(width: int) -> None:
    result = invoke("show", "storm-petrels", env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    assert all(cell_len(line) <= width for line in result.stdout.splitlines())
    words = " ".join(result.stdout.split())
    assert "You know, as I do, that our civilization stands on the edge of an abyss" in words


def test_show_json_carries_the_passages_beside_the_provenance() -> None:
    shown = invoke_json("show", "born", "--json")
    assert list(shown)[-2:] == ["provenance", "passages"]
    assert [
        {key: passage[key] for key in ("source", "section", "paragraph")}
        for passage in shown["passages"]
    ] == shown["provenance"]
    assert shown["passages"][0] == {
        "source": "article",
        "section": "Infobox",
        "paragraph": 2,
        "text": "- Born: 1900-08-09",
    }
    assert invoke_json("show", "article", "--json")["passages"] == []
    only = invoke_json("show", "born", "--json", "--fields", "passages")
    assert list(only) == ["passages"]


def test_the_passages_are_a_field_of_show_for_every_format() -> None:
    result = invoke("show", "defection", "--format", "csv", "--fields", "id,passages")
    assert result.exit_code == 0, result.stderr
    header, row = result.stdout.splitlines()[:2]
    assert header == "id,passages"
    assert row.startswith('defection,"[{""source"":""article""')
    result = invoke("show", "defection", "--fields", "passages", env={"COLUMNS": "80"})
    assert result.stdout.splitlines()[2] == "passages  article, § Introduction, ¶ 2"
    result = invoke("show", "defection", "--fields", "nonsense")
    assert result.exit_code == 2
    assert "provenance, age, passages" in result.stderr


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """The bundled data, but its article a copy at another address, and one reference past
    the end of the shipped article's section."""
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    data["sources"][1]["url"] = "https://example.org/our-own-record"
    event = next(event for event in data["events"] if event["id"] == "defection")
    event["provenance"].append({"source": "article", "section": "Defection", "paragraph": 9})
    event["provenance"].append({"source": "editions", "section": "Notes", "paragraph": 1})
    path = tmp_path / "elsewhere.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def test_a_source_whose_text_does_not_ship_has_null_passages(elsewhere: Path) -> None:
    shown = invoke_json("--data", str(elsewhere), "show", "defection", "--json")
    assert [passage["text"] is None for passage in shown["passages"]] == [
        False,
        False,
        True,
        True,
    ]
    result = invoke("--data", str(elsewhere), "show", "defection", env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.stderr
    lines = [line.strip() for line in result.stdout.splitlines()]
    assert lines[lines.index("article, § Defection, ¶ 9") + 1] == NO_SUCH_PARAGRAPH
    assert lines[lines.index("editions, § Notes, ¶ 1") + 1] == NOT_SHIPPED
    result = invoke("--data", str(elsewhere), "sources", "editions")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: the text of source 'editions' does not ship with bazhanov; "
        "the sources whose text does: article\n"
    )


# --- sources ID -----------------------------------------------------------------------


def test_sources_id_json_is_every_paragraph_in_order(bio: Biography) -> None:
    for source in bio["sources"]:
        if source["id"] not in texts.SHIPPED:
            assert invoke("sources", source["id"], "--json").exit_code == 2
            continue
        printed = invoke_json("sources", source["id"], "--json")
        assert {passage["source"] for passage in printed} == {source["id"]}
        sections = list(dict.fromkeys(passage["section"] for passage in printed))
        assert sections == [name for name in source["sections"] if name in sections]
        for name in sections:
            numbers = [passage["paragraph"] for passage in printed if passage["section"] == name]
            assert numbers == list(range(1, len(numbers) + 1))
        assert all(isinstance(passage["text"], str) and passage["text"] for passage in printed)
    article = invoke_json("sources", "article", "--json")
    assert len(article) == 32
    assert article[0] == {
        "source": "article",
        "section": "Infobox",
        "paragraph": 1,
        "text": "Boris Bazhanov",
    }


def test_sources_id_section_is_that_section_and_those_within_it() -> None:
    defection = invoke_json("sources", "Article", "--section", "defection", "--json")
    assert [(p["section"], p["paragraph"]) for p in defection] == [
        ("Defection", 1),
        ("Defection", 2),
    ]
    assert defection[0]["text"].startswith("On 1 January 1928, Bazhanov defected")
    parent = invoke_json(
        "sources", "article", "--section", "Editions of Bazhanov's memoirs", "--json"
    )
    assert {p["section"] for p in parent} == {
        "Retracted parts of the first edition",
        "List of editions",
    }
    notes = invoke_json("sources", "editions", "--section", "Notes", "--json")
    assert len(notes) == 5
    assert all(note["text"].startswith("- ") for note in notes)


@pytest.mark.parametrize("width", [40, 80, 120])
def test_sources_id_prints_the_text_with_our_numbers(width: int) -> None:
    result = invoke("sources", "article", env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Boris Bazhanov"
    assert "".join(lines[1:3]).startswith("https://en.wikipedia.org/wiki/Boris_Bazhanov, CC BY")
    assert all(cell_len(line) <= width for line in lines)
    for heading in ("Infobox", "Introduction", "Defection", "List of editions", "See also"):
        assert heading in lines
    numbers = [line.split()[1] for line in lines if line.startswith("¶ ")]
    assert numbers.count("1") == 11  # every section with a paragraph starts at ¶ 1
    assert len(numbers) == 32
    # Exactly the text otherwise: each paragraph's words, in order, after its number.
    words = " ".join(re.sub(r"^¶ \d+", "", line) for line in lines)
    for passage in invoke_json("sources", "article", "--json"):
        assert " ".join(passage["text"].split()) in " ".join(words.split())


def test_sources_id_table_heads_the_editions_rows() -> None:
    result = invoke("sources", "editions", "--section", "editions table")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[3] == "Editions table"
    assert lines[4].startswith("| # | credited as | title")
    assert re.match(r"¶ 1 +\| 1 \| Bajanov \| Avec Staline dans le Kremlin", lines[5])


def test_sources_id_in_any_machine_format() -> None:
    result = invoke("sources", "editions", "--format", "csv", "--fields", "section,paragraph")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[:3] == [
        "section,paragraph",
        "Editions table,1",
        "Editions table,2",
    ]
    lines = invoke("sources", "article", "-f", "jsonl", "--section", "see also").stdout
    assert [json.loads(line) for line in lines.splitlines()] == [
        {
            "source": "article",
            "section": "See also",
            "paragraph": 1,
            "text": "- List of Soviet and Eastern Bloc defectors",
        }
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["sources", "wiki"],
            "Error: no source 'wiki'; the sources whose text ships: article, editions\n",
        ),
        (
            ["sources", "editions", "--section", "Table"],
            "Error: editions has no section 'Table'; its sections: Editions table; Notes\n",
        ),
        (
            ["sources", "article", "--section", "Defektion"],
            "Error: article has no section 'Defektion'; did you mean Defection? "
            "`bazhanov show article` lists its 12 sections\n",
        ),
        (
            ["sources", "--section", "Defection"],
            "Error: --section prints a section of one source: give its ID first "
            "(bazhanov sources article --section Defection)\n",
        ),
        (
            ["sources", "article", "--limit", "3"],
            "Error: --sort, --reverse and --limit arrange the list of sources, not a text\n",
        ),
        (
            ["sources", "article", "--fields", "id"],
            "Error: unknown field 'id' in --fields; valid fields: source, section, paragraph, "
            "text\n",
        ),
    ],
)
def test_sources_id_errors_name_what_is_valid(args: list[str], message: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == message


def test_the_list_of_sources_is_as_it_was() -> None:
    listed = invoke_json("sources", "--json")
    assert [source["id"] for source in listed] == ["article", "editions", "geonames"]
    assert "items" in listed[0]


def test_a_session_reads_the_shipped_texts_once(monkeypatch: pytest.MonkeyPatch) -> None:
    session = Session()
    first = session.documents()
    import bazhanov_cli.model.loading as loading

    monkeypatch.setattr(loading, "read_shipped_text", lambda file: pytest.fail(file))
    assert session.documents() is first
    assert set(first) == {"article", "editions"}


# --- on a real terminal, and in a pipe -------------------------------------------------


def test_a_source_pages_on_a_terminal_and_not_in_a_pipe(tmp_path: Path) -> None:
    paged = tmp_path / "paged.txt"
    code, shown = run_in_pty(["sources", "article"], {"LINES": "10", "PAGER": f"cat > {paged}"})
    assert code == 0
    pager_had = re.sub(r"\x1b\[[0-9;]*m", "", paged.read_text(encoding="utf-8"))
    assert "¶ 12 - Bazhanov, Boris." in " ".join(pager_had.split())
    assert "Bazhanov, Boris." not in shown  # the pager had it, not the terminal
    paged.unlink()
    piped = subprocess.run(
        [*COMMAND, "sources", "article", "--section", "see also"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=process_env({"PAGER": f"cat > {paged}", "TERM": "xterm-256color"}),
        timeout=60,
    )
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout.splitlines()[-1] == "¶ 1  - List of Soviet and Eastern Bloc defectors"
    assert "\x1b[" not in piped.stdout
    assert not paged.exists()


def test_a_passage_is_dim_on_a_terminal() -> None:
    code, shown = run_in_pty(["--no-pager", "show", "resting_place"], {"COLUMNS": "200"})
    assert code == 0
    # The reference as it was; its passage under it, dim (SGR 2).
    assert "article, § Later career and death, ¶ 3" in shown
    assert re.search(r"\x1b\[2m[^\x1b]*He died in the 4th arrondissement of Paris", shown)
