"""The machine formats: the chosen fields of the typed records as JSON, JSON lines, CSV
or Markdown text. ``emit.emit``, the one path from records to stdout, writes them (or
the curated view a person reads); a format added here appears on every command at once.

Machine formats round-trip: JSON is the records as they are; a CSV cell is a
string as it is, a number, ``true``/``false``, empty for null, and compact JSON for
any list or object (``["Iosif; Koba","Koba"]``), so a script reads every cell back
to its JSON value whatever the items hold, as sqlite-utils writes a JSON column.
Markdown is for reading: a list of plain values is joined with ``; ``, anything
nested is compact JSON, and every cell shows its text as text in GitHub's and
pandoc's Markdown alike. Nothing here imports Rich.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from ..errors import DataError
    from ..model.entries import AtEntry, EventEntry, FactsEntry, FileProblem
    from ..model.items import Position, SourceRef

Row = Mapping[str, object]
"""A record as the machine formats see it: keys in output order, JSON values."""

LIST_SEPARATOR = "; "


def cell_text(value: object) -> str:
    """A JSON value as one flat cell for reading: null is empty, plain lists are
    joined with '; ', anything nested is compact JSON."""
    if isinstance(value, list) and not any(isinstance(item, (dict, list)) for item in value):
        return LIST_SEPARATOR.join(cell_text(item) for item in value)
    return csv_cell(value)


def csv_cell(value: object) -> str:
    """A JSON value as one CSV cell that reads back exactly: null is empty, a string is
    itself, any list or object is compact JSON (UTF-8, not ASCII-escaped)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        from pydantic_core import to_json

        return to_json(value).decode()
    return str(value)


def json_text(value: object, *, ascii_only: bool = False) -> str:
    """Pretty JSON, byte for byte what ``json.dumps(indent=2)`` writes, but in Rust."""
    from pydantic_core import to_json

    return to_json(value, indent=2, ensure_ascii=ascii_only).decode() + "\n"


def jsonl_text(rows: Sequence[Row], *, ascii_only: bool = False) -> str:
    from pydantic_core import to_json

    return "".join(to_json(row, ensure_ascii=ascii_only).decode() + "\n" for row in rows)


def csv_text(rows: Sequence[Row], fields: Sequence[str]) -> str:
    """RFC 4180: a header row, CRLF line ends, quoting where needed."""
    import csv
    import io

    table = [list(fields), *([csv_cell(row[name]) for name in fields] for row in rows)]
    stand_in = _nul_stand_in(table) if sys.version_info < (3, 11) else None
    if stand_in:
        table = [[cell.replace("\0", stand_in) for cell in line] for line in table]
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(table)
    text = buffer.getvalue()
    return text.replace(stand_in, "\0") if stand_in else text


def _nul_stand_in(table: Sequence[Sequence[str]]) -> str | None:
    """A character no cell holds, to carry NUL past Python 3.10's csv, which refuses it
    ("need to escape"); 3.11 and later write it as it is, unquoted, and so do we."""
    if not any("\0" in cell for line in table for cell in line):
        return None
    held = {char for line in table for cell in line for char in cell}
    return next(chr(code) for code in range(0xE000, 0x110000) if chr(code) not in held)


# Everything GitHub's or pandoc's Markdown, or HTML, would act on inside a table
# cell: backslash escapes for the characters inline Markdown gives meaning to (code,
# emphasis, links and images, strikethrough, the cell bar; pandoc's math, citations,
# superscript, subscript and smart quotes), entities for HTML's. Both dialects read a
# backslash before any ASCII punctuation as that character. A table cell holds no
# blocks, so '#', '+' and '1.' need nothing there.
_MARKDOWN_ESCAPES = str.maketrans(
    {char: "\\" + char for char in "\\`*_[]|~$@^'\""} | {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
)
# Only in context, to keep the text readable: pandoc's smart dashes and ellipsis
# ('--', '---', '...') and the colon that opens an emoji shortcode (':smile:').
_MARKDOWN_RUNS = re.compile(r"-{2,}|\.{3,}|:(?=[\w+-])")


# Every line break a reader could end the table's row at: CommonMark's (LF, CR and
# CRLF, a bare CR as much as the others) and the ones other readers, editors and
# Python's own str.splitlines break a line at (VT, FF, the file, group and record
# separators, NEL, the line and paragraph separators). Each is a <br>: the line
# break shown as one, the row whole.
_LINE_BREAKS = re.compile("\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_PLAIN_HEADER = re.compile(r"[A-Za-z0-9_]+")


def markdown_cell(value: object) -> str:
    """One cell of a Markdown table, shown as the text it is, on the row's one line:
    every line break becomes <br>, and a '|' is escaped."""
    text = cell_text(value).translate(_MARKDOWN_ESCAPES)
    text = _MARKDOWN_RUNS.sub(lambda match: "".join("\\" + char for char in match.group()), text)
    return _LINE_BREAKS.sub("<br>", text)


def markdown_text(rows: Sequence[Row], fields: Sequence[str]) -> str:
    """A GitHub table whose cells show exactly their text.

    A header is a field's name, or a column an SQL query named: escaped as a cell is
    unless it is a plain name (``age_at_death``, left as it is).
    """
    header = [name if _PLAIN_HEADER.fullmatch(name) else markdown_cell(name) for name in fields]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(fields)]
    lines += ["| " + " | ".join(markdown_cell(row[name]) for name in fields) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def facts_rows(facts: FactsEntry, fields: Sequence[str]) -> list[Row]:
    """The infobox for CSV and Markdown: a row per value, which a spreadsheet reads back.

    A birth or death gives a row per part (``born.date``); a list, a row per item;
    a position, a row with its title, span and attribution. The ``source``
    column, whatever the fields, names each value's passages, each once; a value of
    ours (an inferred citizenship) says so first: ``ours, inferred: ...``.
    """
    from ..queries.lookup import age_sources

    cited = cast("Mapping[str, list[SourceRef]]", facts["provenance"])
    record = cast("Mapping[str, object]", facts)
    rows: list[Row] = []

    def add(
        field: str,
        value: object,
        refs: Sequence[SourceRef],
        ours: str | None = None,
        **span: object,
    ) -> None:
        row = {"field": field, "value": value, "start": None, "end": None, "attribution": None}
        row |= span
        said = [] if ours is None else [f"ours, {ours}"]  # what is ours says so first
        row["source"] = [*said, *(source_text(ref) for ref in refs)]
        rows.append(row)

    for field in fields:
        if field == "provenance":
            continue
        value = record[field]
        refs = cited.get(field, [])
        if field == "positions":
            for position in facts["positions"]:
                span = {key: position[key] for key in ("start", "end", "attribution")}
                add(field, position["title"], position["provenance"], **span)
        elif field == "age_at_death":
            add(field, value, age_sources(cited))
        elif isinstance(value, dict):
            for part, item in value.items():
                add(f"{field}.{part}", item, refs)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, dict) and "origin" in item:  # ours: the name, and why
                    add(field, item["name"], refs, ours=item["origin"])
                else:
                    add(field, item, refs)
        else:
            add(field, value, refs)
    return rows


def source_text(ref: SourceRef) -> str:
    """Where a passage is: ``article, § Defection, ¶ 2``."""
    return f"{ref['source']}, \u00a7 {ref['section']}, \u00b6 {ref['paragraph']}"


def problem_records(errors: Sequence[DataError]) -> list[FileProblem]:
    """Every problem of every file, as ``validate --format json`` prints them."""
    return [
        {"file": error.file, "path": problem.path, "message": problem.message}
        for error in errors
        for problem in error.problems
    ]


AT_COLUMNS = ("field", "value", "id", "start", "end", "attribution", "age_min", "age_max")
"""The columns of ``at_rows``, its CSV header."""


def at_rows(entry: AtEntry, fields: Sequence[str]) -> list[Row]:
    """``at DATE`` for CSV and Markdown: a row per value, as ``facts_rows`` gives the infobox.

    The age gives a row per bound (``age.min``, ``age.max``); a position a row with its
    title, span and attribution; a place its id; an event its title, id, span,
    attribution and his age then, as ``min``-``max`` bounds in their own columns.
    """
    record = cast("Mapping[str, object]", entry)
    rows: list[Row] = []

    def add(field: str, value: object, **more: object) -> None:
        rows.append(dict.fromkeys(AT_COLUMNS) | {"field": field, "value": value} | more)

    for field in fields:
        value = record[field]
        if field == "age":
            age = entry["age"]
            add("age.min", None if age is None else age["min"])
            add("age.max", None if age is None else age["max"])
        elif field.endswith("positions"):
            for position in cast("list[Position]", value):
                span = {key: position[key] for key in ("start", "end", "attribution")}
                add(field, position["title"], **span)
        elif field.endswith("places"):
            for place in cast("list[str]", value):
                add(field, place, id=place)
        elif field.endswith("events"):
            for event in cast("list[EventEntry]", value):
                age = event["age"]
                add(
                    field,
                    event["title"],
                    id=event["id"],
                    start=event["date"],
                    end=event["end"],
                    attribution=event["attribution"],
                    age_min=None if age is None else age["min"],
                    age_max=None if age is None else age["max"],
                )
        else:
            add(field, value)
    return rows
