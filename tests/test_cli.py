"""Every command through CliRunner: parsed JSON, stdout/stderr and exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, get_args

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bazhanov_cli.choices import CiteFormat, Color, Format, Shell, Style, ValidateFormat
from bazhanov_cli.cli.documents import SchemaChoice
from bazhanov_cli.model.entries import ClaimKind
from bazhanov_cli.model.items import Category, Kind

from .conftest import DATA_FILE
from .conftest import invoke as run
from .conftest import invoke_json as run_json

EVENT_KEYS = [
    "id",
    "date",
    "end",
    "date_origin",
    "title",
    "summary",
    "category",
    "people",
    "places",
    "section",
    "attribution",
    "provenance",
    "age",
]
EDITION_KEYS = [
    "id",
    "title",
    "language",
    "credited_as",
    "year",
    "publisher",
    "place",
    "translator",
    "note",
    "isbn",
    "pages",
    "provenance",
]


# --- facts ---------------------------------------------------------------------


def test_facts_json() -> None:
    facts = run_json("facts", "--json")
    assert facts["full_name"] == "Boris Georgiyevich Bazhanov"
    assert facts["native_name"] == "Бори́с Гео́ргиевич Бажа́нов"
    assert facts["born"] == {
        "date": "1900-08-09",
        "place": "Mogilev-Podolskiy, Russian Empire",
        "place_id": "mogilev-podolskiy",
    }
    assert facts["died"]["date"] == "1982-12-30"
    assert facts["age_at_death"] == 82
    assert facts["resting_place"] == "Père Lachaise cemetery"
    assert facts["citizenship"] == ["France"]
    # Ours, so each says where it comes from.
    assert [(ours["name"], ours["origin"][:10]) for ours in facts["citizenship_inferred"]] == [
        ("Russian Empire", "inferred: "),
        ("Soviet Union", "inferred: "),
    ]


def test_json_is_utf8_not_ascii_escaped() -> None:
    result = run("facts", "--json")
    assert "Бажа́нов" in result.stdout
    assert "\\u" not in result.stdout


def test_facts_panel() -> None:
    result = run("facts")
    assert result.exit_code == 0
    for text in (
        "Boris Georgiyevich Bazhanov",
        "1900-08-09",
        "Age at death",
        "82",
        "Père Lachaise",
    ):
        assert text in result.stdout
    assert "\x1b[" not in result.stdout


# --- events --------------------------------------------------------------------


def test_events_json_has_exactly_the_contract_keys_in_date_order() -> None:
    events = run_json("events", "--json")
    assert len(events) >= 25
    for event in events:
        assert list(event) == EVENT_KEYS
    assert events[0]["id"] == "birth"
    assert [e["id"] for e in events][-3:] == [
        "danilov-discovers-notes",
        "damnation-of-stalin-published",
        "russian-reprint-1992",
    ]


def test_events_year_1928() -> None:
    events = run_json("events", "--year", "1928", "--json")
    assert [e["id"] for e in events] == [
        "politburo-positions",
        "defection",
        "first-five-year-plan",
        "agabekov-manhunt",
    ]
    defection = events[1]
    assert defection["date"] == "1928-01-01"
    assert defection["places"] == ["ashgabat", "central-asia", "iran", "soviet-union"]


def test_events_filters_combine() -> None:
    events = run_json("events", "--from", "1930", "--to", "1945", "--category", "WAR", "--json")
    assert [(e["id"], e["attribution"]) for e in events] == [
        ("winter-war-legion", "alleged"),
        ("berlin-visit-rosenberg", "according to Bazhanov himself"),
    ]


def test_events_table_marks_attributed_events() -> None:
    result = run("events", "--year", "1941")
    assert result.exit_code == 0
    # "On the eve of Operation Barbarossa": about that month, and the table says so.
    assert result.stdout.splitlines()[2].startswith("c. 1941-06   ")
    assert "* according to Bazhanov himself" in result.stdout
    assert "the source does not state this as fact" in result.stdout


def test_an_approximate_date_is_c_in_tables_and_edtf_in_machine_formats() -> None:
    chosen = ("events", "--year", "1941", "--fields", "id,date")
    assert "c. 1941-06" in run(*chosen).stdout
    assert run(*chosen, "--format", "csv").stdout.splitlines()[1] == (
        "berlin-visit-rosenberg,1941-06~"
    )
    assert run(*chosen, "--format", "markdown").stdout.splitlines()[2] == (
        "| berlin-visit-rosenberg | 1941-06\\~ |"
    )
    table = run("places", "--fields", "id,search_names", "kiev").stdout
    assert "Kyiv (present-day English spelling, from the Ukrainian)" in " ".join(table.split())


def test_events_table_shows_place_names() -> None:
    result = run("events", "--year", "1920")
    assert "Moscow" in result.stdout
    assert "1920-11" in result.stdout


def test_no_events_is_a_short_line_on_stderr() -> None:
    result = run("events", "--year", "1850")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "No events in 1850.\n"


def test_no_events_json_is_an_empty_list() -> None:
    assert run_json("events", "--year", "1850", "--json") == []


# --- editions ------------------------------------------------------------------


def test_editions_json_all_twelve_in_order() -> None:
    editions = run_json("editions", "--json")
    assert len(editions) == 12
    for edition in editions:
        assert list(edition) == EDITION_KEYS
    assert editions[0]["credited_as"] == "Bajanov"
    assert editions[8]["translator"] == "David W. Doyle"


@pytest.mark.parametrize("lang", ["de", "DE", "German", "deu", "ger"])
def test_editions_lang_spellings(lang: str) -> None:
    editions = run_json("editions", "--lang", lang, "--json")
    assert [e["title"] for e in editions] == [
        "Stalin, der rote Diktator",
        "Ich war Stalins Sekretär",
        "Ich war Stalins Sekretar",
    ]


def test_editions_real_language_without_editions() -> None:
    assert run_json("editions", "--lang", "it", "--json") == []
    result = run("editions", "--lang", "Italian")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "No editions in Italian.\n")


def test_editions_table() -> None:
    result = run("editions", "--lang", "en")
    assert result.exit_code == 0
    for text in ("Bazhanov and the Damnation of Stalin", "Ohio University Press", "David W. Doyle"):
        assert text in result.stdout


# --- another data file (bad input of every kind: test_hostile.py) ------------------


def test_data_option_reads_another_file(tmp_path: Path) -> None:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    data["events"] = [e for e in data["events"] if e["id"] == "defection"]
    data["quotes"] = [q for q in data["quotes"] if q["event"] in (None, "defection")]
    path = tmp_path / "small.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    events = run_json("--data", str(path), "events", "--json")
    assert [e["id"] for e in events] == ["defection"]


# --- the program itself -------------------------------------------------------------


def test_version_comes_from_metadata() -> None:
    from importlib.metadata import version

    result = run("--version")
    assert (result.exit_code, result.stdout) == (0, f"bazhanov {version('bazhanov-cli')}\n")


def test_no_command_shows_help() -> None:
    result = run()
    assert result.exit_code == 0
    for command in ("facts", "events", "editions"):
        assert command in result.stdout


def test_events_help_lists_the_categories() -> None:
    result = run("events", "--help")
    assert result.exit_code == 0
    assert "assassination-attempt" in result.stdout
    assert "--year" in result.stdout


def test_typer_itself_sees_every_command_in_order() -> None:
    # Stock Typer: what Typer's own tools (its docs generator, CliRunner) build from the app
    # is the program, every command registered in the order --help lists them.
    import typer.main

    from bazhanov_cli.cli import app
    from bazhanov_cli.cli.app import COMMANDS

    group = typer.main.get_command(app)
    with typer.Context(group) as ctx:
        names = group.list_commands(ctx)  # type: ignore[attr-defined]
    assert names == [command.__name__.rstrip("_") for command in COMMANDS]  # map_: map


def test_help_still_lists_every_command_in_order() -> None:
    result = run("--help")
    assert result.exit_code == 0
    names = ["facts", "events", "at", "editions", "people", "places", "quotes", "search"]
    names += ["show", "timeline", "cite", "schema", "validate"]
    positions = [result.stdout.index(f"\n  {name} ") for name in names]  # a line's first word
    assert positions == sorted(positions)


# --- sources -----------------------------------------------------------------------------


def test_sources_json_names_the_article_its_url_and_licence() -> None:
    article, editions, geonames = run_json("sources", "--json")
    assert article["url"] == "https://en.wikipedia.org/wiki/Boris_Bazhanov"
    assert (article["licence"], article["licence_url"]) == (
        "CC BY-SA 4.0",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    )
    assert article["items"] > editions["items"] >= 12  # each edition cites both
    places = run_json("places", "--json")
    assert (geonames["licence"], geonames["items"]) == ("CC BY 4.0", len(places))  # its points


def test_sources_table_and_a_users_own_sources(tmp_path: Path) -> None:
    result = run("sources")
    assert result.exit_code == 0
    for text in ("Boris Bazhanov", "Wikipedia", "CC BY-SA 4.0", "Editions of Bazhanov"):
        assert text in result.stdout
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    data["sources"][1]["title"] = "My own notes"
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    titles = [source["title"] for source in run_json("--data", str(path), "sources", "--json")]
    assert titles == ["Boris Bazhanov", "My own notes", "GeoNames"]


# --- help -----------------------------------------------------------------------------------

COMMAND_NAMES = ["facts", "events", "at", "editions", "people", "places", "quotes", "search"]
COMMAND_NAMES += ["show", "sources", "claims", "timeline", "cite", "schema", "validate"]


def help_of(command: str, columns: int) -> str:
    """A command's help as a terminal of ``columns`` shows it: in a real process, because
    the test runner forces help to 80 columns."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "COLUMNS": str(columns), "NO_COLOR": "1"}
    args = [sys.executable, "-m", "bazhanov_cli", *([command] if command else []), "--help"]
    result = subprocess.run(args, capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("width", [40, 80])
def test_help_lists_every_command_summary_whole(width: int) -> None:
    import inspect

    from bazhanov_cli.cli.app import app

    commands = {
        info.name or info.callback.__name__: info.callback for info in app.registered_commands
    }

    listing = help_of("", width).split("Commands:\n", 1)[1].split("\n\n", 1)[0]
    assert "..." not in listing
    # Click's help is never narrower than 50 columns, whatever the terminal.
    assert max(len(line) for line in listing.splitlines()) <= max(width, 50)
    flowing = " ".join(re.sub(r"-\n +", "-", listing).split())  # wrapped after a hyphen
    assert len(commands) >= 13
    for name, function in commands.items():
        first = inspect.cleandoc(function.__doc__ or "").split("\n\n", 1)[0]
        assert f"{name} {' '.join(first.split())}" in flowing, name


@pytest.mark.parametrize("command", ["", *COMMAND_NAMES])
def test_help_names_what_each_option_takes(command: str) -> None:
    text = help_of(command, 60)
    # ("{ID}" in the usage line is Typer's mark of a required argument.)
    for placeholder in ("<bool>", "<str>", "<list[", "<int>", "<path>"):
        assert placeholder not in text, placeholder
    assert max(len(line) for line in text.splitlines()) <= 60
    if command:
        assert "Examples:\n" in text
        examples = text.split("Examples:\n", 1)[1].split("\n\n", 1)[0]
        assert 2 <= examples.count("bazhanov ") <= 3


def test_help_at_40_columns_keeps_option_names_whole() -> None:
    text = help_of("events", 40)
    for option in ("--category", "--format", "--fields", "--sort", "--reverse", "--limit"):
        assert option in text


def test_the_programs_own_options_go_before_the_command(tmp_path: Path) -> None:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    data["events"] = [e for e in data["events"] if e["id"] != "berlin-visit-rosenberg"]
    path = tmp_path / "small.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    # The file's events, not the bundled ones.
    assert run_json("--data", str(path), "events", "--year", "1941", "--json") == []
    for option, value in (("--data", str(path)), ("--color", "never"), ("--no-pager", None)):
        after = run("events", "--year", "1941", option, *([value] if value else []))
        assert after.exit_code == 2
        assert after.stderr == (
            f"Error: {option} goes before the command: bazhanov {option} ... events "
            "(see 'bazhanov events --help')\n"
        )


def test_search_takes_several_words_and_says_when_it_cuts() -> None:
    both = run("search", "stalin", "trotsky", "--json")
    assert both.exit_code == 0
    hits = json.loads(both.stdout)
    assert hits
    assert len(hits) <= 20
    many = run("search", "bazhanov", "--json")
    assert len(json.loads(many.stdout)) == 20
    assert re.fullmatch(r"The best 20 of (\d+) matches; --limit \1 shows them all\.\n", many.stderr)
    everything = run_json("search", "bazhanov", "--json", "--limit", "1000")
    assert len(everything) > 20


def test_sort_reverse_and_limit_on_a_listing() -> None:
    years = [e["year"] for e in run_json("editions", "--json", "--sort", "year")]
    dated = [year for year in years if year is not None]
    assert dated == sorted(dated)
    assert years[len(dated) :] == [None] * (len(years) - len(dated))  # nulls last
    newest = run_json("editions", "--json", "--sort", "year", "--reverse", "--limit", "2")
    assert [e["year"] for e in newest] == [1990, 1979]
    last = run_json("events", "--json", "--reverse", "--limit", "1")
    assert last[0]["id"] == "russian-reprint-1992"
    table = run("people", "--sort", "name", "--reverse", "--limit", "2").stdout  # the table too
    assert "Yakov Brezanovsky" in table
    assert "Yakov Blumkin" in table
    assert "Boris Bazhanov" not in table
    bad = run("events", "--sort", "colour")
    assert bad.exit_code == 2
    assert "unknown field 'colour' for --sort" in bad.stderr


# --- refused values ------------------------------------------------------------------

YEAR_OPTIONS = {"--year": "'--year' / '-y'", "--from": "'--from'", "--to": "'--to'"}


def _is_a_year(text: str) -> bool:
    digits = text.strip()
    return digits.isascii() and digits.isdigit() and 1 <= int(digits) <= 9999


@pytest.mark.parametrize("option", sorted(YEAR_OPTIONS))
@settings(max_examples=30, deadline=None)
@given(text=st.from_regex(r"[0-9a-z _.+١٩]{0,11}[0-9a-z_.+١٩]", fullmatch=True))
def test_a_year_that_is_not_one_is_refused_in_our_words(option: str, text: str) -> None:
    # Our parser says it, quoting the value: no pydantic wording, no value dug out of it.
    assume(not _is_a_year(text))
    result = run("events", option, text)
    assert result.exit_code == 2
    said = (
        f"Invalid value for {YEAR_OPTIONS[option]}: {text!r} is not a whole number from 1 to 9999."
    )
    assert result.stderr == "Error: " + " ".join(said.split()) + "\n"  # one line, as every message


@pytest.mark.parametrize("text", ["1928", " 1928", "01928"])
def test_a_year_is_read_as_written(text: str) -> None:
    assert [event["id"] for event in run_json("events", "--year", text, "--json")] == [
        event["id"] for event in run_json("events", "--year", "1928", "--json")
    ]


def test_limit_and_width_are_refused_in_our_words() -> None:
    assert run("events", "--limit", "0").stderr == (
        "Error: Invalid value for '--limit' / '-n': '0' is not a whole number of 1 or more.\n"
    )
    assert run("timeline", "--width", "wide").stderr == (
        "Error: Invalid value for '--width': 'wide' is not a whole number from 20 to 400.\n"
    )


CHOICES = [
    (("events", "--category", "{}"), "'--category' / '-c'", Category, "life"),
    (("events", "--format", "{}"), "'--format' / '-f'", Format, "json"),
    (("--color", "{}", "facts"), "'--color'", Color, "never"),
    (("search", "Stalin", "--kind", "{}"), "'--kind' / '-k'", Kind, "quote"),
    (("claims", "--kind", "{}"), "'--kind' / '-k'", ClaimKind, "event"),
    (("cite", "--all", "--format", "{}"), "'--format' / '-f'", CiteFormat, "bibtex"),
    (("cite", "--all", "--style", "{}"), "'--style'", Style, "apa"),
    (("schema", "{}"), "'NAME'", SchemaChoice, "sqlite"),
    (("validate", str(DATA_FILE), "--format", "{}"), "'--format' / '-f'", ValidateFormat, "json"),
    (("completion", "{}"), "'SHELL'", Shell, "fish"),
]


@pytest.mark.parametrize(("args", "shown", "choices", "good"), CHOICES, ids=lambda v: str(v))
def test_every_choice_is_refused_in_our_words_and_taken_in_any_case(
    args: tuple[str, ...], shown: str, choices: Any, good: str
) -> None:
    refused = run(*(arg.format("nonsense") for arg in args))
    listed = ", ".join(map(repr, get_args(choices)))
    assert refused.exit_code == 2
    assert (
        refused.stderr == f"Error: Invalid value for {shown}: 'nonsense' is not one of {listed}.\n"
    )
    taken = run(*(arg.format(f" {good.upper()}") for arg in args))
    assert taken.exit_code == 0, taken.output
    assert taken.stdout


def test_clicks_own_usage_errors_point_to_the_help() -> None:
    assert run("events", "--bogus").stderr == (
        "Error: No such option: --bogus (see 'bazhanov events --help')\n"
    )


def test_every_listing_offers_the_shared_options_in_one_order() -> None:
    # listing_options adds them to each listing's own, declared once (options.py).
    import typer

    from bazhanov_cli.cli import app

    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    shared = ["--json", "--format", "--fields", "--sort", "--reverse", "--limit"]
    hedged = ["--attributed", "--stated", *shared]
    for name in ("events", "editions", "people", "places", "quotes", "search", "claims"):
        options = [param.opts[0] for param in group.commands[name].params]
        assert options[-len(hedged) :] == hedged, name
    options = [param.opts[0] for param in group.commands["sources"].params]
    assert options == ["source_id", "--section", *shared]  # sources ID prints a text


# --- what people ask: search forms, events by person and place ---------------------------


def test_search_finds_the_forms_of_a_word_and_says_when_it_falls_back() -> None:
    found = run_json("search", "assassination", "--json")
    assert {"blumkin-assassination-plot", "stabbing-attempt-1937", "trotsky-assassinated"} <= {
        hit["id"] for hit in found[:5]
    }
    fallback = run("search", "escape", "to", "Iran", "Xylophone", "--json")
    assert fallback.exit_code == 0
    assert json.loads(fallback.stdout)[0]["id"] == "defection"
    assert fallback.stderr == "No item has every word; these have the most of them, best first.\n"
    assert run("search", "xylophone").stderr == "Nothing matches 'xylophone'.\n"
    short = run_json("search", "age", "--json")
    assert [hit["id"] for hit in short] == ["age_at_death"]  # not Agabekov


def test_events_by_person_and_place_combine_with_every_filter() -> None:
    trotsky = run_json("events", "--person", "trotsky", "--json")
    assert trotsky
    assert all("trotsky" in event["people"] for event in trotsky)
    # A name as `people NAME` takes it, in any case; repeated, every one must be there.
    both = run_json("events", "--person", "Lev Trotsky", "--person", "LENIN", "--json")
    assert [event["id"] for event in both] == [
        "central-committee-meeting-notes",
        "trotsky-refuses-lenins-offer",
        "danilov-discovers-notes",
    ]
    mexico = run_json("events", "--person", "trotsky", "--place", "mexico", "--json")
    assert [event["id"] for event in mexico] == ["trotsky-assassinated"]
    kyiv = run_json("events", "--place", "Kyiv", "--year", "1918", "--format", "json")
    assert [event["id"] for event in kyiv] == ["enters-university-of-kiev"]
    csv = run("events", "--place", "paris", "--category", "publication", "--format", "csv")
    assert csv.exit_code == 0
    assert csv.stdout.splitlines()[0].startswith("id,date")
    assert "kutepov-collection" in csv.stdout
    none = run("events", "--person", "trotsky", "--year", "1900")
    assert none.exit_code == 0
    assert none.stderr == "No events naming trotsky in 1900.\n"


def test_an_unknown_person_or_place_suggests_the_closest() -> None:
    typo = run("events", "--person", "trotzky")
    assert typo.exit_code == 1
    assert typo.stdout == ""
    assert typo.stderr == (
        "Error: no person is called 'trotzky'; did you mean Leon Trotsky (trotsky)?\n"
    )
    place = run("events", "--place", "pariss")
    assert place.exit_code == 1
    assert "did you mean Paris (paris)?" in place.stderr


def test_people_sort_by_how_many_events() -> None:
    people = run_json("people", "--sort", "events", "--reverse", "--json")
    counts = [len(person["events"]) for person in people]
    assert counts == sorted(counts, reverse=True)
    assert people[0]["id"] == "boris-bazhanov"
    places = run_json("places", "--sort", "events", "--json")
    assert [len(place["events"]) for place in places] == sorted(
        len(place["events"]) for place in places
    )


def test_the_defection_is_listed_before_the_manhunt() -> None:
    events = run_json("events", "--category", "defection", "--json")
    assert [event["id"] for event in events] == ["defection", "agabekov-manhunt"]
