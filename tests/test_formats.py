"""Output formats and --fields on every listing command: all built from the same records."""

from __future__ import annotations

import csv
import io
import json
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bazhanov_cli.model.kinds import fields_of
from bazhanov_cli.output import formats
from bazhanov_cli.output.formats import cell_text, csv_cell, markdown_text

from .conftest import invoke as run

LISTINGS = [
    ["events"],
    ["events", "--year", "1928"],
    ["editions"],
    ["editions", "--lang", "ru"],
    ["people"],
    ["places"],
    ["quotes"],
]


def stdout_of(*args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return str(result.stdout)


def assert_cells_read_back(rows: list[dict[str, str]], records: list[dict[str, Any]]) -> None:
    """Every CSV cell reads back to its JSON value, as README's contract says: empty for
    null, a string as it is, a number's digits, a list or object as JSON text."""
    assert len(rows) == len(records)
    for row, record in zip(rows, records, strict=True):
        assert list(row) == list(record)
        for name, value in record.items():
            cell = row[name]
            if value is None:
                assert cell == "", name
            elif isinstance(value, (list, dict)):
                assert json.loads(cell) == value, name
            elif isinstance(value, bool):
                assert cell == ("true" if value else "false"), name
            elif isinstance(value, int):
                assert int(cell) == value, name
            else:
                assert cell == value, name


@pytest.mark.parametrize("args", LISTINGS)
def test_json_and_format_json_agree(args: list[str]) -> None:
    assert stdout_of(*args, "--json") == stdout_of(*args, "--format", "json")


@pytest.mark.parametrize("args", LISTINGS)
def test_jsonl_round_trips_to_the_json(args: list[str]) -> None:
    records = json.loads(stdout_of(*args, "--json"))
    lines = stdout_of(*args, "--format", "jsonl").splitlines()
    assert [json.loads(line) for line in lines] == records


@pytest.mark.parametrize("args", LISTINGS)
def test_csv_round_trips_to_the_json(args: list[str]) -> None:
    records = json.loads(stdout_of(*args, "--json"))
    text = stdout_of(*args, "--format", "csv")
    raw = run(*args, "--format", "csv").stdout_bytes  # .stdout normalises line ends
    assert raw.count(b"\r\n") == raw.count(b"\n")  # RFC 4180: CRLF only
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert_cells_read_back(rows, records)
    assert next(csv.reader(io.StringIO(text))) == fields_of(args[0])


def test_csv_lists_and_nulls() -> None:
    text = stdout_of("events", "--year", "1928", "--format", "csv", "--fields", "id,end,places")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    defection = next(row for row in rows if row["id"] == "defection")
    assert defection == {
        "id": "defection",
        "end": "",
        "places": '["ashgabat","central-asia","iran","soviet-union"]',
    }


@pytest.mark.parametrize("args", LISTINGS)
def test_markdown_has_a_row_per_record(args: list[str]) -> None:
    records = json.loads(stdout_of(*args, "--json"))
    lines = stdout_of(*args, "--format", "markdown").splitlines()
    assert lines[0] == "| " + " | ".join(fields_of(args[0])) + " |"
    assert len(lines) == 2 + len(records)


def test_markdown_escapes_pipes_and_line_breaks() -> None:
    text = markdown_text([{"a": "x | y", "b": "one\ntwo", "c": None}], ["a", "b", "c"])
    assert text.splitlines()[2] == "| x \\| y | one<br>two |  |"


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "markdown", "table"])
def test_fields_select_and_order_in_every_format(fmt: str) -> None:
    text = stdout_of("editions", "--lang", "de", "--format", fmt, "--fields", "year,id")
    if fmt == "json":
        assert [list(record) for record in json.loads(text)] == [["year", "id"]] * 3
    elif fmt == "jsonl":
        assert json.loads(text.splitlines()[0]) == {"year": 1931, "id": "stalin-der-rote-diktator"}
    elif fmt == "csv":
        assert text.splitlines()[:2] == ["year,id", "1931,stalin-der-rote-diktator"]
    elif fmt == "markdown":
        assert text.splitlines()[2] == "| 1931 | stalin-der-rote-diktator |"
    else:
        header = text.splitlines()[0]
        assert header.index("year") < header.index("id")
        assert "title" not in header


def test_facts_csv_is_a_row_per_value_that_reads_back() -> None:
    facts = json.loads(stdout_of("facts", "--json"))
    rows = list(csv.DictReader(io.StringIO(stdout_of("facts", "--format", "csv"), newline="")))
    assert list(rows[0]) == ["field", "value", "start", "end", "attribution", "source"]
    by_field: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_field.setdefault(row["field"], []).append(row)
        sources = json.loads(row["source"])
        if row["field"] == "citizenship_inferred":  # ours, then the passages it rests on
            assert sources[0].startswith("ours, inferred: ")
            sources = sources[1:]
        assert sources[0].startswith("article, § ")  # every value's passages
    assert [row["value"] for row in by_field["citizenship"]] == facts["citizenship"]
    inferred = [ours["name"] for ours in facts["citizenship_inferred"]]
    assert [row["value"] for row in by_field["citizenship_inferred"]] == inferred
    assert by_field["born.date"][0]["value"] == facts["born"]["date"]
    assert by_field["age_at_death"][0]["value"] == "82"
    positions = [
        {
            "title": row["value"],
            **{key: row[key] or None for key in ("start", "end", "attribution")},
        }
        for row in by_field["positions"]
    ]
    assert positions == [
        {key: position[key] for key in ("title", "start", "end", "attribution")}
        for position in facts["positions"]
    ]
    assert "provenance" not in by_field  # it is the source column


@pytest.mark.parametrize("fields", ["born", "age_at_death,died", "born,provenance"])
def test_facts_csv_keeps_its_source_column_with_chosen_fields(fields: str) -> None:
    text = stdout_of("facts", "--format", "csv", "--fields", fields)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert list(rows[0]) == ["field", "value", "start", "end", "attribution", "source"]
    whole = list(csv.DictReader(io.StringIO(stdout_of("facts", "--format", "csv"), newline="")))
    sources = {row["field"]: row["source"] for row in whole}
    for row in rows:
        assert row["source"] == sources[row["field"]] != ""


def test_the_age_at_death_lists_each_passage_once() -> None:
    facts = json.loads(stdout_of("facts", "--json"))
    born, died = facts["provenance"]["born"], facts["provenance"]["died"]
    assert any(ref in born for ref in died)  # the two dates share a passage
    text = stdout_of("facts", "--format", "csv", "--fields", "age_at_death")
    [row] = list(csv.DictReader(io.StringIO(text, newline="")))
    cited = json.loads(row["source"])
    assert len(cited) == len(set(cited)) == len({json.dumps(ref) for ref in [*born, *died]})
    shown = json.loads(stdout_of("show", "age_at_death", "--json"))["provenance"]
    assert sorted(map(json.dumps, shown)) == sorted({json.dumps(ref) for ref in [*born, *died]})


def test_facts_markdown_and_chosen_fields() -> None:
    fields = "age_at_death,citizenship,citizenship_inferred"
    markdown = stdout_of("facts", "--format", "markdown", "--fields", fields)
    lines = markdown.splitlines()
    # The source column stays when fields are chosen.
    assert lines[:2] == ["| field | value | start | end | attribution | source |", "|---" * 6 + "|"]
    assert [line.rsplit(" | ", 1)[0] + " |" for line in lines[2:]] == [
        "| age\\_at\\_death | 82 |  |  |  |",
        "| citizenship | France |  |  |  |",
        "| citizenship\\_inferred | Russian Empire |  |  |  |",
        "| citizenship\\_inferred | Soviet Union |  |  |  |",
    ]
    sources = [line.rsplit(" | ", 1)[1] for line in lines[2:]]
    assert all(source.startswith("article, § ") for source in sources[:2])
    # A value of ours says so before the passages it rests on.
    assert sources[2].startswith("ours, inferred: he was born in the Russian Empire; article, § ")
    assert sources[3].startswith("ours, inferred: he served the Soviet state")
    picked = json.loads(stdout_of("facts", "--json", "--fields", "age_at_death,full_name"))
    assert picked == {"age_at_death": 82, "full_name": "Boris Georgiyevich Bazhanov"}


def test_markdown_shows_text_as_text() -> None:
    text = markdown_text([{"a": "*x* <b>&</b> [l](u) `c` ~s~ _u_ \\"}], ["a"])
    assert text.splitlines()[2] == (
        "| \\*x\\* &lt;b&gt;&amp;&lt;/b&gt; \\[l\\](u) \\`c\\` \\~s\\~ \\_u\\_ \\\\ |"
    )
    # pandoc's specials too (tests/test_clients.py renders them with pandoc itself),
    # in context only where a bare character is common: a-b, 1: 2.
    text = markdown_text([{"a": "$x$ @k ^s^ 'q' \"d\" a--b c...d :smile: a-b 1: 2."}], ["a"])
    assert text.splitlines()[2] == (
        r"| \$x\$ \@k \^s\^ \'q\' \"d\" a\-\-b c\.\.\.d \:smile: a-b 1: 2. |"
    )


def test_nested_values_are_json_in_a_cell() -> None:
    refs = [{"source": "article", "section": "Defection", "paragraph": 1}]
    assert json.loads(cell_text(refs)) == refs
    assert cell_text(["a", "b"]) == "a; b"  # for reading: tables and Markdown
    assert csv_cell(["Iosif; Koba", "Koba"]) == '["Iosif; Koba","Koba"]'
    assert csv_cell([]) == "[]"
    assert (csv_cell(None), csv_cell(True), csv_cell(3), csv_cell("a")) == ("", "true", "3", "a")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["events", "--fields", "id,colour"],
            "unknown field 'colour' in --fields; valid fields: id",
        ),
        (["editions", "--fields", ","], "no field named in --fields; valid fields: id, title"),
        (["people", "--format", "xml"], "'xml' is not one of 'table', 'json', 'jsonl', 'csv'"),
        (["events", "--json", "--format", "csv"], "--json and --format csv disagree"),
    ],
)
def test_bad_output_options_are_usage_errors(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "markdown"])
def test_empty_results_in_machine_formats(fmt: str) -> None:
    text = stdout_of("events", "--year", "1850", "--format", fmt)
    expected = {
        "json": "[]\n",
        "jsonl": "",
        "csv": ",".join(fields_of("events")) + "\n",  # CRLF, normalised by CliRunner
        "markdown": "| " + " | ".join(fields_of("events")) + " |\n" + "|---|" * 0,
    }[fmt]
    if fmt == "markdown":
        assert text.splitlines()[0] == expected.rstrip("\n")
        assert len(text.splitlines()) == 2
    else:
        assert text == expected


@settings(max_examples=40, deadline=None)
@given(
    command=st.sampled_from(["events", "editions", "people", "places", "quotes"]),
    data=st.data(),
)
def test_any_field_selection_round_trips_through_csv(command: str, data: st.DataObject) -> None:
    fields = data.draw(st.lists(st.sampled_from(fields_of(command)), min_size=1, unique=True))
    chosen = ",".join(fields)
    records = json.loads(stdout_of(command, "--json", "--fields", chosen))
    assert all(list(record) == fields for record in records)
    text = stdout_of(command, "--format", "csv", "--fields", chosen)
    assert_cells_read_back(list(csv.DictReader(io.StringIO(text, newline=""))), records)


def test_csv_writes_nul_as_it_is_on_every_python() -> None:
    """Python 3.10's csv refuses NUL; the text is the same as 3.11's, which writes it unquoted."""
    rows = [{"id": "a\0b", "title": 'say "x"\0'}]
    text = formats.csv_text(rows, ["id", "title"])  # type: ignore[arg-type]
    assert text == 'id,title\r\na\0b,"say ""x""\0"\r\n'
    if sys.version_info >= (3, 11):  # 3.10's reader refuses NUL too ("line contains NUL")
        read = list(csv.reader(io.StringIO(text, newline="")))
        assert read == [["id", "title"], ["a\0b", 'say "x"\0']]
