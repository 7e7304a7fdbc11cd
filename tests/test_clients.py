"""Our output read by the tools users read it with, not by our own parsers.

jq reads the JSON and JSON lines, sqlite3 imports the CSV, pandoc renders the Markdown
and reads the BibTeX and the CSL-JSON (``--citeproc``), bibtexparser reads the BibTeX,
jsonschema checks every ``--json`` against ``bazhanov schema``, and citation-js (npm,
tests/clients/) reads the RIS, the BibTeX and the CSL-JSON. Each test runs on the
bundled data and on a ``--data`` file whose text is hostile to every one of them
(TeX, Markdown, pandoc's and GitHub's specials, quotes, ``; `` inside list items), and
asserts what arrives: every field we print, every key, the hostile text as text.

Locally a test whose client is missing skips and says how to install it; CI sets
``BAZHANOV_REQUIRE_CLIENTS=1``, and then a missing client fails the test.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import html.parser
import importlib.util
import io
import json
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import bibtexparser
import jsonschema
import pytest
from bibtexparser import middlewares

from bazhanov_cli.model.items import CATEGORY_LETTERS
from bazhanov_cli.model.kinds import fields_of
from bazhanov_cli.queries.cite import STYLE_FILES

from .conftest import DATA_FILE, REPO, client_missing, invoke, require

CLIENTS = REPO / "tests" / "clients"
TIMEOUT = 60
LISTINGS = ["events", "editions", "people", "places", "quotes", "sources", "claims"]

HOSTILE = (
    "$x$ @key [@key] ^sup^ ~sub~ a--b c---d e...f :smile: :+1: <b>&amp;</b> | *em* _u_ "
    "`code` back\\slash 'single' \"double\" it's #1 50% www.example.com"
)
"""Text every client would act on if it were not escaped for it."""

# Folded away where a client rightly makes quotes typographic (BibTeX, and pandoc's
# rendering of a quotation, which picks its own level of quotes).
QUOTES = str.maketrans(dict.fromkeys('\u2018\u2019\u201c\u201d"', "'"))


def run(argv: Sequence[str], stdin: str | None = None) -> str:
    """A client's stdout; it must succeed within TIMEOUT seconds."""
    done = subprocess.run(
        argv, input=stdin, capture_output=True, text=True, timeout=TIMEOUT, check=False
    )
    assert done.returncode == 0, f"{argv[0]} failed: {done.stderr}"
    return done.stdout


def bazhanov(*args: str) -> str:
    result = invoke(*args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return str(result.stdout)


# --- the data --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled data with hostile text in an edition, a person, a place and an event."""
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    edition = next(item for item in data["editions"] if item["id"] == "bajanov-revele-staline")
    edition.update(
        title=HOSTILE,
        note=f"{HOSTILE}\nsecond line",
        publisher='Smith & Sons "Press"',
        place="St. John's",
        translator="Seán O'Brien",
        isbn="978-0-8214-0948-0",
    )
    person = next(item for item in data["people"] if item["id"] == "stalin")
    person["aliases"] = ["Iosif; Koba", HOSTILE, "Koba"]
    person["description"] = HOSTILE
    place = data["places"][0]
    place["aliases"] = ["a; b", "c, d", '"quoted"']
    data["events"][0]["summary"] = HOSTILE
    data["quotes"][0]["text"] = HOSTILE
    path = tmp_path_factory.mktemp("hostile") / "hostile.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module", params=["bundled", "hostile"])
def data(request: pytest.FixtureRequest, hostile: Path) -> list[str]:
    """The ``--data`` arguments of the run: none, or the hostile file."""
    return [] if request.param == "bundled" else ["--data", str(hostile)]


def json_of(data: list[str], *args: str) -> Any:
    return json.loads(bazhanov(*data, *args, "--json"))


# --- jq and jsonschema -----------------------------------------------------------------


FIELDS = ["title", "translator", "place", "isbn"]


def test_jq_reads_json_and_jsonl(data: list[str], tmp_path: Path) -> None:
    jq = require("jq", "apt-get install jq")
    for listing in LISTINGS:
        records = json_of(data, listing)
        as_json, as_lines = tmp_path / "out.json", tmp_path / "out.jsonl"
        as_json.write_text(bazhanov(*data, listing, "--json"), encoding="utf-8")
        as_lines.write_text(bazhanov(*data, listing, "--format", "jsonl"), encoding="utf-8")
        # jq's own reading, written back compactly, is the same records from both.
        from_json = run([jq, "-c", ".[]", str(as_json)]).splitlines()
        from_lines = run([jq, "-c", ".", str(as_lines)]).splitlines()
        assert from_json == from_lines
        assert [json.loads(line) for line in from_json] == records
    editions = tmp_path / "editions.json"
    editions.write_text(bazhanov(*data, "editions", "--json"), encoding="utf-8")
    query = '.[] | select(.id == "bajanov-revele-staline") | .title, .translator, .place, .isbn'
    picked = run([jq, "-r", query, str(editions)])
    edition = next(e for e in json_of(data, "editions") if e["id"] == "bajanov-revele-staline")
    shown = ["null" if value is None else value for value in (edition[f] for f in FIELDS)]
    assert picked == "".join(f"{value}\n" for value in shown)


def test_jsonschema_validates_every_json_output(data: list[str]) -> None:
    commands = {name: [name] for name in [*LISTINGS, "facts"]}
    commands |= {"search": ["search", "stalin", "--limit", "1000"], "show": ["show", "born"]}
    # `show FIELD` without its passages is what `facts` has under that name.
    commands["fact"] = ["show", "born", "--fields", "id,label,value,provenance"]
    commands["passages"] = ["sources", "article"]
    for schema_name, args in commands.items():
        schema = json.loads(bazhanov("schema", schema_name))
        validator = jsonschema.Draft202012Validator(
            schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )
        errors = [error.message for error in validator.iter_errors(json_of(data, *args))]
        assert errors == [], schema_name


# --- CSV: sqlite3 and Python read every cell back --------------------------------------


def sqlite_expression(column: str, values: list[Any]) -> str:
    """How a SQLite user reads a column of the CSV back to JSON, by the documented rule."""
    quoted = '"' + column + '"'
    kinds = {type(value) for value in values if value is not None}
    if kinds <= {list, dict}:
        value = f"json({quoted})"
    elif kinds == {int}:
        value = f"CAST({quoted} AS INTEGER)"
    else:
        assert kinds <= {str}, (column, kinds)
        value = quoted
    return f"CASE WHEN {quoted} = '' THEN NULL ELSE {value} END"


def test_sqlite_imports_the_csv_and_every_cell_reads_back(data: list[str], tmp_path: Path) -> None:
    sqlite3 = require("sqlite3", "apt-get install sqlite3")
    script = []
    expected = {}
    for listing in LISTINGS:
        records = json_of(data, listing)
        result = invoke(*data, listing, "--format", "csv")
        (tmp_path / f"{listing}.csv").write_bytes(result.stdout_bytes)
        fields = fields_of(listing)
        pairs = ", ".join(
            f"'{field}', {sqlite_expression(field, [r[field] for r in records])}"
            for field in fields
        )
        script += [
            f".import --csv {tmp_path / listing}.csv {listing}",
            f"SELECT json_group_array(json_object({pairs})) FROM {listing};",
        ]
        expected[listing] = records
    if data:
        # The alias with "; " inside is one item, as json_extract sees it.
        script.append(
            "SELECT json_extract(aliases, '$[0]'), json_array_length(aliases)"
            " FROM people WHERE id = 'stalin';"
        )
    lines = run([sqlite3, ":memory:"], stdin="\n".join(script) + "\n").splitlines()
    for listing, line in zip(LISTINGS, lines, strict=False):
        assert json.loads(line) == expected[listing], listing
    if data:
        assert lines[-1] == "Iosif; Koba|3"


def test_python_csv_reads_every_cell_back(data: list[str]) -> None:
    for listing in LISTINGS:
        records = json_of(data, listing)
        text = invoke(*data, listing, "--format", "csv").stdout_bytes.decode()
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
        assert len(rows) == len(records)
        for row, record in zip(rows, records, strict=True):
            for field, value in record.items():
                cell = row[field]
                if value is None:
                    assert cell == ""
                elif isinstance(value, (list, dict)):
                    assert json.loads(cell) == value
                else:
                    assert cell == str(value)


# --- Markdown through pandoc -----------------------------------------------------------


class _Cells(html.parser.HTMLParser):
    """The text of each <td> of each HTML table, a <br> as a line break."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag == "td":
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def rendered_tables(pandoc: str, dialect: str, markdown: str) -> list[list[list[str]]]:
    """The body rows of each table pandoc renders from ``markdown``."""
    parser = _Cells()
    parser.feed(run([pandoc, "-f", dialect, "-t", "html"], stdin=markdown))
    return [[row for row in table if row] for table in parser.tables]


def shown(value: Any) -> str:
    """The text a Markdown cell shows for a value: a list joined with "; ", as README says."""
    if value is None:
        return ""
    if isinstance(value, list) and not any(isinstance(item, (list, dict)) for item in value):
        return "; ".join(map(str, value))
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def words(text: str) -> list[str]:
    return text.split()  # HTML collapses white space; pandoc wraps its lines


DIALECTS = ["markdown", "markdown+emoji", "gfm", "gfm+emoji"]


def test_pandoc_renders_every_markdown_cell_as_its_text(data: list[str]) -> None:
    pandoc = require("pandoc", "apt-get install pandoc")
    listings = ["editions", "people", "places", "events", "quotes"]
    records = {listing: json_of(data, listing) for listing in listings}
    # One document of every table (a paragraph between), one pandoc run per dialect.
    document = "\nnext\n\n".join(
        bazhanov(*data, listing, "--format", "markdown") for listing in listings
    )
    for dialect in DIALECTS:
        tables = rendered_tables(pandoc, dialect, document)
        assert len(tables) == len(listings), dialect
        for listing, rows in zip(listings, tables, strict=True):
            assert len(rows) == len(records[listing]), (listing, dialect)
            for row, record in zip(rows, records[listing], strict=True):
                for cell, value in zip(row, record.values(), strict=True):
                    assert words(cell) == words(shown(value)), (listing, dialect)


def test_pandoc_would_act_on_the_hostile_text_unescaped() -> None:
    # The test above has teeth: the same text in a bare cell is not shown as itself.
    pandoc = require("pandoc", "apt-get install pandoc")
    bare = f"| a |\n|---|\n| {HOSTILE.replace('|', '')} |\n"
    for dialect in DIALECTS:
        [[[cell]]] = rendered_tables(pandoc, dialect, bare)
        assert words(cell) != words(HOSTILE.replace("|", "")), dialect


# --- citations: pandoc, bibtexparser, citation-js --------------------------------------


def editions_and_keys(data: list[str]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Each edition with its CSL-JSON item (whose id is the citation key)."""
    editions = json_of(data, "editions")
    items = json.loads(bazhanov(*data, "cite", "--all", "--format", "csl-json"))
    return list(zip(editions, items, strict=True))


def assert_fields_arrive(
    item: dict[str, Any], edition: dict[str, Any], key: str, language: str | None
) -> None:
    """Every field we print, as a CSL item read back by a client has it."""
    assert item["id"] == key
    assert item["type"] == "book"
    assert item["title"].translate(QUOTES) == edition["title"].translate(QUOTES)
    if language is None:
        assert "language" not in item
    else:
        assert item["language"] == language
    assert item.get("ISBN") == edition["isbn"]
    for ours, theirs in [("place", "publisher-place"), ("publisher", "publisher")]:
        value = item.get(theirs) or ""
        assert value.translate(QUOTES) == (edition[ours] or "").translate(QUOTES), theirs
    pages = item.get("number-of-pages")
    assert (None if pages is None else int(pages)) == edition["pages"]
    if edition["translator"] is None:
        assert "translator" not in item
    else:
        [name] = item["translator"]
        full = name.get("literal") or f"{name['given']} {name['family']}"
        assert full.translate(QUOTES) == edition["translator"].translate(QUOTES)
    if edition["year"] is not None:
        assert item["issued"]["date-parts"] == [[edition["year"]]]
    note = item.get("note")
    assert words((note or "").translate(QUOTES)) == words((edition["note"] or "").translate(QUOTES))


NAMES = {"fr": "French", "ru": "Russian", "de": "German", "es": "Spanish", "en": "English"}


def test_pandoc_reads_our_bibtex(data: list[str], tmp_path: Path) -> None:
    pandoc = require("pandoc", "apt-get install pandoc")
    bib = tmp_path / "works.bib"
    bib.write_text(bazhanov(*data, "cite", "--all", "--format", "bibtex"), encoding="utf-8")
    items = json.loads(run([pandoc, "-f", "bibtex", "-t", "csljson", str(bib)]))
    for item, (edition, ours) in zip(items, editions_and_keys(data), strict=True):
        # A quotation opens with an opening mark: TeX (and pandoc) read an ASCII ' before
        # a word as a closing one (U+2019), as the note "the gloss '(With ..." once was.
        for text in (item.get("note") or "", item["title"]):
            assert not re.search(r"(^|\s)[\u2019\u201d]\S", text), text
        # langid: pandoc's BCP 47 tag for the language, e.g. fr-FR.
        language = item.get("language")
        assert (language or "").split("-")[0] == (edition["language"] or "")
        # pandoc drops a backtick written \textasciigrave{} (TeX's own name for it,
        # which biber and the other readers here read): an upstream gap.
        expected = {**edition, "title": edition["title"].replace("`", "")}
        expected["note"] = (edition["note"] or "").replace("`", "") or None
        assert_fields_arrive(item, expected, ours["id"], language)


def test_pandoc_citeproc_with_our_bibtex_and_csl_json(data: list[str], tmp_path: Path) -> None:
    pandoc = require("pandoc", "apt-get install pandoc")
    pairs = editions_and_keys(data)
    document = tmp_path / "paper.md"
    document.write_text(
        "---\nlang: en-US\n---\n" + " ".join(f"[@{item['id']}]" for _, item in pairs) + "\n",
        encoding="utf-8",
    )
    for fmt, name in [("bibtex", "works.bib"), ("csl-json", "works.json")]:
        path = tmp_path / name
        path.write_text(bazhanov(*data, "cite", "--all", "--format", fmt), encoding="utf-8")
        text = run(
            [pandoc, str(document), "--citeproc", "--bibliography", str(path), "-t", "plain"]
        )
        assert "?)" not in text  # pandoc marks a key it cannot find: (key?)
        flat = " ".join(text.split()).translate(QUOTES)
        for edition, _ in pairs:
            title = edition["title"]
            if fmt == "bibtex":
                title = title.replace("`", "")  # see test_pandoc_reads_our_bibtex
            else:
                # Open: citeproc reads a CSL-JSON string as CSL's rich text, so a
                # literal <b> is taken for bold (the text between stays as it is).
                title = title.replace("<b>", "").replace("</b>", "")
            assert " ".join(title.split()).translate(QUOTES) in flat, fmt
        assert "Translated by David W. Doyle" in flat


def test_bibtexparser_reads_our_bibtex(data: list[str]) -> None:
    text = bazhanov(*data, "cite", "--all", "--format", "bibtex")
    library = bibtexparser.parse_string(
        text, append_middleware=[middlewares.LatexDecodingMiddleware()]
    )
    assert library.failed_blocks == []
    for entry, (edition, item) in zip(library.entries, editions_and_keys(data), strict=True):
        fields = {field.key: field.value for field in entry.fields}
        assert entry.key == item["id"]
        language = NAMES.get(edition["language"] or "")
        assert fields.get("language") == language
        assert fields.get("langid") == (None if language is None else language.lower())
        # pylatexenc reads \textasciicircum as U+02C6, its own choice.
        for ours, theirs in [("title", "title"), ("note", "note"), ("place", "address")]:
            value = (fields.get(theirs) or "").replace("\u02c6", "^").translate(QUOTES)
            assert words(value) == words((edition[ours] or "").translate(QUOTES)), theirs
        assert fields.get("isbn") == edition["isbn"]
        assert fields.get("pagetotal") == (
            None if edition["pages"] is None else str(edition["pages"])
        )
        assert (fields.get("translator") or "").translate(QUOTES) == (
            edition["translator"] or ""
        ).translate(QUOTES)


def require_citation_js() -> str:
    """node's path, once citation-js is installed; else a skip, or under CI a failure."""
    node = require("node", "apt-get install nodejs npm")
    if not (CLIENTS / "node_modules" / "@citation-js" / "core").is_dir():
        client_missing("citation-js is not installed: npm ci --prefix tests/clients")
    return node


def citation_js(fmt: str, path: Path) -> list[dict[str, Any]]:
    node = require_citation_js()
    items: list[dict[str, Any]] = json.loads(run([node, str(CLIENTS / "read.mjs"), fmt, str(path)]))
    return items


@pytest.mark.parametrize("fmt", ["ris", "bibtex", "csl-json"])
def test_citation_js_reads_our_citations(data: list[str], fmt: str, tmp_path: Path) -> None:
    path = tmp_path / f"works.{fmt}"
    path.write_text(bazhanov(*data, "cite", "--all", "--format", fmt), encoding="utf-8")
    items = citation_js(fmt, path)
    for item, (edition, ours) in zip(items, editions_and_keys(data), strict=True):
        code = edition["language"]
        # RIS's LA and BibTeX's language carry the English name; CSL-JSON the code.
        language = code if fmt == "csl-json" or code is None else NAMES[code]
        if fmt == "ris":  # RIS holds a value on one line
            edition = {**edition, "note": " ".join((edition["note"] or "").split()) or None}
        assert_fields_arrive(item, edition, ours["id"], language)


# --- formatted references: ours against citeproc-js's, edition by edition --------------

CITING = REPO / "docs" / "citing.md"
DIFFERENCES_MARK = "<!-- differences from citeproc-js: the test reads this table -->"


def listed_differences() -> set[tuple[str, str, str, str]]:
    """docs/citing.md's table of what still differs: (style, edition, ours, citeproc-js)."""
    text = CITING.read_text(encoding="utf-8").split(DIFFERENCES_MARK, 1)[1].lstrip("\n")
    rows = []
    for line in text.splitlines():
        if not line.startswith("|"):
            break
        rows.append([cell.strip().strip("`") for cell in line.strip().strip("|").split("|")])
    header, rule, *body = rows
    assert header == ["style", "edition", "ours", "citeproc-js", "why"]
    assert all(set(cell) <= {"-"} for cell in rule)
    assert all(row[4] for row in body), "each difference says why"
    return {(style, edition, ours, theirs) for style, edition, ours, theirs, _ in body}


@pytest.mark.slow
def test_formatted_references_agree_with_citeproc_js_but_for_the_listed(
    tmp_path: Path,
) -> None:
    node = require_citation_js()
    items = tmp_path / "works.json"
    items.write_text(bazhanov("cite", "--all", "--format", "csl-json"), encoding="utf-8")
    edition_of = {item["id"]: edition["id"] for edition, item in editions_and_keys([])}
    styles = [REPO / "bazhanov_cli" / "styles" / f"{name}.csl" for name in STYLE_FILES.values()]
    formatted = run([node, str(CLIENTS / "format.mjs"), str(items), *map(str, styles)])
    theirs: dict[str, list[tuple[str, str]]] = {}
    for line in formatted.splitlines():
        name, key, text = line.split("\t")
        theirs.setdefault(name, []).append((key, text))
    found = set()
    for style, name in STYLE_FILES.items():
        ours = bazhanov("cite", "--all", "--style", style).splitlines()
        # The same editions in the same order, and each reference alike or listed.
        assert len(ours) == len(theirs[name]) == len(edition_of), style
        for text, (key, their_text) in zip(ours, theirs[name], strict=True):
            if text != their_text:
                found.add((style, edition_of[key], text, their_text))
    assert found == listed_differences()


# --- the SQLite export: the sqlite3 shell, sqlite-utils and Datasette ------------------

EVENT_COLUMNS = ["id", "date", "end", "title", "summary", "category", "section", "attribution"]
TABLES = ["events", "editions", "people", "places", "quotes", "sources"]
"""The listings that are a table of the database each."""


def exported(data: list[str], folder: Path) -> tuple[Path, Path]:
    """``export sqlite`` of the run's data into ``folder``: the database and metadata.json."""
    database, metadata = folder / "bazhanov.db", folder / "metadata.json"
    result = invoke(*data, "export", "sqlite", str(database), "--metadata", str(metadata))
    assert result.exit_code == 0, result.stderr
    return database, metadata


def by_id(records: Sequence[dict[str, Any]], keys: Sequence[str]) -> dict[str, dict[str, Any]]:
    return {record["id"]: {key: record[key] for key in keys} for record in records}


def test_sqlite3_shell_reads_the_export(data: list[str], tmp_path: Path) -> None:
    sqlite3 = require("sqlite3", "apt-get install sqlite3")
    database, _ = exported(data, tmp_path)
    assert run([sqlite3, str(database), "PRAGMA foreign_key_check;"]) == ""
    assert run([sqlite3, str(database), "PRAGMA integrity_check;"]) == "ok\n"
    columns = ", ".join(f'"{column}"' for column in EVENT_COLUMNS)
    rows = json.loads(run([sqlite3, "-json", str(database), f"SELECT {columns} FROM events;"]))
    assert by_id(rows, EVENT_COLUMNS) == by_id(json_of(data, "events"), EVENT_COLUMNS)
    for table in TABLES:
        counted = run([sqlite3, str(database), f"SELECT count(*) FROM {table};"])
        assert int(counted) == len(json_of(data, table)), table
    match = "SELECT count(*) FROM events_fts WHERE events_fts MATCH 'trotsky';"
    assert int(run([sqlite3, str(database), match])) > 0


def test_sqlite_utils_reads_the_export(data: list[str], tmp_path: Path) -> None:
    import sqlite_utils

    database, _ = exported(data, tmp_path)
    db = sqlite_utils.Database(database)
    for table in TABLES:
        assert db[table].count == len(json_of(data, table)), table
    events = db.table("events")
    assert events.pks == ["id"]
    assert events.detect_fts() == "events_fts"
    found = {row["id"] for row in events.search("trotsky")}
    assert found == {
        event["id"]
        for event in json_of(data, "events")
        if "trotsky" in f"{event['title']} {event['summary']}".lower()
    }
    keys = {(key.column, key.other_table) for key in db.table("quotes").foreign_keys}
    assert keys == {("speaker", "people"), ("event", "events")}
    assert set(db.view_names()) >= {"events_per_decade", "attributed"}
    db.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
        text: str = response.read().decode("utf-8")
        return text


def require_datasette() -> None:
    if importlib.util.find_spec("datasette") is None:
        client_missing("datasette is not installed: pip install datasette")


@pytest.fixture
def datasette(data: list[str], tmp_path: Path) -> Iterator[str]:
    """A real Datasette serving the export on 127.0.0.1: its URL; stopped after the test."""
    require_datasette()
    database, metadata = exported(data, tmp_path)
    port = free_port()
    command = [sys.executable, "-m", "datasette", "serve", str(database)]
    command += ["--metadata", str(metadata), "--host", "127.0.0.1", "--port", str(port)]
    server = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + TIMEOUT
        while True:
            assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
            try:
                fetch(f"{url}/-/versions.json")
                break
            except OSError:
                assert time.monotonic() < deadline, "Datasette did not start in time"
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        if server.stderr is not None:
            server.stderr.close()


def test_datasette_serves_the_export(data: list[str], datasette: str) -> None:
    rows = json.loads(fetch(f"{datasette}/bazhanov/events.json?_shape=array&_size=max"))
    assert by_id(rows, EVENT_COLUMNS) == by_id(json_of(data, "events"), EVENT_COLUMNS)
    searched = json.loads(fetch(f"{datasette}/bazhanov/events.json?_shape=array&_search=trotsky"))
    assert searched
    assert all("trotsky" in f"{row['title']} {row['summary']}".lower() for row in searched)
    query = urllib.parse.urlencode({"sql": "SELECT count(*) AS n FROM editions", "_shape": "array"})
    counted = json.loads(fetch(f"{datasette}/bazhanov.json?{query}"))
    assert counted == [{"n": len(json_of(data, "editions"))}]
    page = fetch(f"{datasette}/bazhanov/events")
    assert 'href="https://creativecommons.org/licenses/by-sa/4.0/"' in page
    assert "CC BY-SA 4.0" in page
    assert 'href="https://en.wikipedia.org/wiki/Boris_Bazhanov"' in page


# --- the drawn timeline: rsvg-convert and Chromium draw the same words -------------------


def drawn_lines(pdf: Path) -> list[str]:
    """The words a PDF shows, a line of text each, as pdftotext reads its glyphs.

    pdftotext puts a space where glyphs stand apart by a space's width, so a space the
    renderer dropped is missing here as it is on the page.
    """
    pdftotext = require("pdftotext", "apt-get install poppler-utils")
    text = run([pdftotext, "-raw", "-enc", "UTF-8", str(pdf), "-"])
    return [line for line in text.replace("\f", "\n").splitlines() if line.strip()]


def rsvg_lines(svg: Path) -> list[str]:
    """What rsvg-convert (librsvg, as GNOME and many converters use it) draws of ``svg``."""
    rsvg = require("rsvg-convert", "apt-get install librsvg2-bin")
    pdf = svg.with_suffix(".rsvg.pdf")
    run([rsvg, "--format", "pdf", "--output", str(pdf), str(svg)])
    return drawn_lines(pdf)


def chromium_lines(svg: Path) -> list[str]:
    """What Chromium draws of ``svg``, printed on a page of exactly the picture's size."""
    chromium = require("chromium", "apt-get install chromium")
    text = svg.read_text(encoding="utf-8")
    size = re.search(r'<svg [^>]*width="([\d.]+)" height="([\d.]+)"', text)
    assert size is not None
    width, height = size.groups()
    page = svg.with_suffix(".html")
    page.write_text(
        "<!doctype html><html><head><meta charset='utf-8'><style>"
        f"@page {{ size: {width}px {height}px; margin: 0 }} body {{ margin: 0 }} "
        "svg { display: block }</style></head><body>"
        + text.split("\n", 1)[1]  # the XML declaration has no place in HTML
        + "</body></html>",
        encoding="utf-8",
    )
    pdf = svg.with_suffix(".chromium.pdf")
    run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--print-to-pdf={pdf}", page.as_uri()]
    )  # fmt: skip
    return drawn_lines(pdf)


def label_of(event: dict[str, Any]) -> str:
    """An event's label as a reader reads it: letter, date or span, title, attribution."""
    letter = CATEGORY_LETTERS[event["category"]]
    from bazhanov_cli.model.dates import shown  # an approximate date reads "c. 1939-11"

    start, end = shown(event["date"]), event["end"] and shown(event["end"])
    date = start if end is None else f"{start}\u2013{end}"
    attribution = "" if event["attribution"] is None else f" \u2014 {event['attribution']}"
    return f"{letter} {date} {event['title']}{attribution}"


@pytest.fixture(scope="module")
def pictures(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, list[dict[str, Any]]]]:
    """docs/timeline.svg, and a fresh ``timeline --svg`` whose titles are hostile to XML
    and to a renderer's white-space rules; each with the events it draws."""
    folder = tmp_path_factory.mktemp("pictures")
    docs = folder / "docs-timeline.svg"
    shutil.copyfile(REPO / "docs" / "timeline.svg", docs)
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    data["events"][0]["title"] = f"{HOSTILE} <tspan> </tspan>"
    data["events"][1]["attribution"] = "a & b"
    hostile = folder / "hostile.json"
    hostile.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    fresh = folder / "fresh.svg"
    fresh.write_text(bazhanov("--data", str(hostile), "timeline", "--svg", "-"), encoding="utf-8")
    return [
        (docs, json_of([], "events")),
        (fresh, json_of(["--data", str(hostile)], "events")),
    ]


def test_rsvg_convert_draws_every_label_word_for_word(
    pictures: list[tuple[Path, list[dict[str, Any]]]],
) -> None:
    # A space at the edge of a <tspan> is one librsvg (and Inkscape) drops: "L1900-08-09".
    for svg, events in pictures:
        lines = rsvg_lines(svg)
        missing = [label for label in map(label_of, events) if label not in lines]
        assert missing == [], svg.name
        legend = " ".join(lines)
        for category in {event["category"] for event in events}:
            assert f"{CATEGORY_LETTERS[category]} {category}" in legend, svg.name


@pytest.mark.slow
def test_chromium_and_rsvg_convert_draw_the_same_text(
    pictures: list[tuple[Path, list[dict[str, Any]]]],
) -> None:
    for svg, _ in pictures:
        assert chromium_lines(svg) == rsvg_lines(svg), svg.name


class _Links(html.parser.HTMLParser):
    """Each ``<a>`` of a page: its href and its text, white space collapsed."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._open: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._open = (dict(attrs).get("href") or "", [])

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open is not None:
            href, text = self._open
            self.links.append((href, " ".join("".join(text).split())))
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open[1].append(data)


def links_of(page: str) -> list[tuple[str, str]]:
    parser = _Links()
    parser.feed(page)
    return parser.links


def test_every_datasette_page_shows_the_licence_and_source(data: list[str], tmp_path: Path) -> None:
    require_datasette()
    from datasette.app import Datasette

    database, metadata = exported(data, tmp_path)
    paths = ["/", "/bazhanov", "/bazhanov?sql=select+1", "/bazhanov/events_per_decade"]
    with contextlib.closing(sqlite3.connect(database)) as connection:
        for table in TABLES:
            [(first,)] = connection.execute(f"SELECT id FROM {table} LIMIT 1").fetchall()
            paths += [f"/bazhanov/{table}", f"/bazhanov/{table}/{urllib.parse.quote(first)}"]

    async def pages() -> dict[str, str]:
        served = Datasette([str(database)], metadata=json.loads(metadata.read_text("utf-8")))
        found = {}
        for path in paths:
            response = await served.client.get(path)
            assert response.status_code == 200, path
            found[path] = response.text
        return found

    source = json_of(data, "sources")[0]
    for path, page in asyncio.run(pages()).items():
        links = links_of(page)
        assert (source["licence_url"], source["licence"]) in links, path
        assert any(href == source["url"] and source["title"] in text for href, text in links), path
