"""The Python API: what ``import bazhanov_cli`` offers is what the commands print."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import bazhanov_cli
from bazhanov_cli import api, choices, errors
from bazhanov_cli.model import entries, items, kinds
from bazhanov_cli.queries import lookup

from .conftest import DATA_FILE, REPO, invoke, invoke_json, process_env


def test_every_public_name_resolves_to_its_home() -> None:
    homes = (api, errors, lookup, choices, items, entries, kinds)
    for name in bazhanov_cli.__all__:
        value = getattr(bazhanov_cli, name)
        assert any(vars(home).get(name) is value for home in homes)
    assert bazhanov_cli.Problem is errors.Problem  # not the model's internal pair
    assert set(bazhanov_cli.__all__) <= set(dir(bazhanov_cli))
    with pytest.raises(AttributeError):
        bazhanov_cli.load_biography  # noqa: B018  (only what __all__ names)


def test_importing_the_package_loads_nothing_else() -> None:
    # The console script imports the package first: its start-up must not pay for the API.
    code = "import bazhanov_cli, sys; print(sorted(m for m in sys.modules if 'bazhanov' in m))"
    shown = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(shown.replace("'", '"')) == ["bazhanov_cli"]


def test_load_gives_the_validated_bundled_biography() -> None:
    validated = bazhanov_cli.load(DATA_FILE)  # the same file, through the validator
    assert json.dumps(bazhanov_cli.load()) == json.dumps(validated)


def test_a_bad_file_raises_the_problems_validate_lists(tmp_path: Path) -> None:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    data["events"][3]["date"] = "1928-13"
    data["people"][0]["places"] = "moscow"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(bazhanov_cli.DataError) as caught:
        bazhanov_cli.load(path)
    listed = json.loads(invoke("validate", str(path), "--format", "json").stdout)
    assert [(row["path"], row["message"]) for row in listed] == [
        (problem.path, problem.message) for problem in caught.value.problems
    ]
    assert caught.value.problems[0] == ("events[3].date", "'1928-13' is not a valid date")


def test_a_file_level_problem_has_no_path(tmp_path: Path) -> None:
    with pytest.raises(bazhanov_cli.DataError) as caught:
        bazhanov_cli.load(tmp_path / "missing.json")
    assert caught.value.problems == [bazhanov_cli.Problem(None, "no such file")]


@pytest.mark.parametrize(
    ("call", "command"),
    [
        (lambda bio: bazhanov_cli.facts(bio), ["facts"]),
        (lambda bio: bazhanov_cli.events(bio, year=1928), ["events", "--year", "1928"]),
        (
            lambda bio: bazhanov_cli.events(
                bio, from_year=1925, to_year=1930, category="secretariat"
            ),
            ["events", "--from", "1925", "--to", "1930", "--category", "secretariat"],
        ),
        (lambda bio: bazhanov_cli.editions(bio, language="deu"), ["editions", "--lang", "deu"]),
        (lambda bio: bazhanov_cli.people(bio, "trotsk"), ["people", "trotsk"]),
        (lambda bio: bazhanov_cli.places(bio, "paris"), ["places", "paris"]),
        (lambda bio: bazhanov_cli.quotes(bio, "stalin"), ["quotes", "stalin"]),
        (lambda bio: bazhanov_cli.sources(bio), ["sources"]),
        (
            lambda bio: bazhanov_cli.search(bio, "secretary", kinds=["event", "quote"]),
            ["search", "secretary", "--kind", "event", "--kind", "quote"],
        ),
        (lambda bio: bazhanov_cli.claims(bio), ["claims"]),
        (
            lambda bio: bazhanov_cli.claims(bio, ["person", "position"]),
            ["claims", "--kind", "person,position"],
        ),
        (lambda bio: bazhanov_cli.at(bio, "1928-05"), ["at", "1928-05"]),
        (lambda bio: bazhanov_cli.show(bio, "born"), ["show", "born"]),
        (lambda bio: bazhanov_cli.show(bio, "defection"), ["show", "defection"]),
        (lambda bio: bazhanov_cli.show(bio, "trotsky"), ["show", "trotsky"]),
        (lambda bio: bazhanov_cli.show(bio, "article"), ["show", "article"]),
        (
            lambda bio: bazhanov_cli.find(bio, "trotsky").item,
            ["show", "trotsky", "--fields", ",".join(kinds.fields_of("people"))],
        ),
        (lambda bio: bazhanov_cli.source_text(bio, "editions"), ["sources", "editions"]),
        (
            lambda bio: bazhanov_cli.source_text(bio, "article", "DEFECTION"),
            ["sources", "article", "--section", "defection"],
        ),
        (lambda bio: bazhanov_cli.csl_json(bio), ["cite", "--all", "--format", "csl-json", "--"]),
    ],
)
def test_each_function_returns_what_its_command_prints(call: Any, command: list[str]) -> None:
    records = call(bazhanov_cli.load())
    assert records  # something to compare
    shown = command[:-1] if command[-1] == "--" else [*command, "--json"]  # cite's own format
    assert json.loads(json.dumps(records)) == invoke_json(*shown)


@pytest.mark.parametrize(("function", "form"), [("bibtex", "bibtex"), ("ris", "ris")])
def test_citations_are_what_cite_prints(function: str, form: str) -> None:
    bio = bazhanov_cli.load()
    german = bazhanov_cli.editions(bio, language="de")
    printed = invoke("cite", "--lang", "de", "--format", form)
    assert printed.exit_code == 0, printed.stderr
    assert getattr(bazhanov_cli, function)(bio, german) == printed.stdout
    everything = invoke("cite", "--all", "--format", form).stdout
    assert getattr(bazhanov_cli, function)(bio) == everything


def test_queries_that_cannot_be_answered_raise_builtin_kinds() -> None:
    bio = bazhanov_cli.load()
    with pytest.raises(ValueError, match="from_year 1930 is after to_year 1920"):
        bazhanov_cli.events(bio, from_year=1930, to_year=1920)
    with pytest.raises(ValueError, match="unknown language 'xx'"):
        bazhanov_cli.editions(bio, language="xx")
    with pytest.raises(ValueError, match="empty search query"):
        bazhanov_cli.search(bio, "?!")
    with pytest.raises(LookupError, match="did you mean trotsky"):
        bazhanov_cli.find(bio, "trotski")
    with pytest.raises(ValueError, match="'1928-02-30' is not a valid date"):
        bazhanov_cli.at(bio, "1928-02-30")


# --- the Python API page's examples run (docs/api.md) --------------------------------


def api_page_python_blocks() -> list[str]:
    page = (REPO / "docs" / "api.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", page, flags=re.DOTALL)


def test_api_page_python_examples_run(here: Path) -> None:
    blocks = api_page_python_blocks()
    assert len(blocks) == 3
    basics, failure, notebook = blocks
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    data["events"][0]["date"] = "1928-13"
    (here / "my-biography.json").write_text(json.dumps(data), encoding="utf-8")
    namespace: dict[str, Any] = {}
    shown = io.StringIO()
    with contextlib.redirect_stdout(shown):
        exec(basics, namespace)
        exec(failure, namespace)
    bio = namespace["bio"]
    lines = shown.getvalue().splitlines()
    year_1928 = [
        f"{event['date']} {event['title']}" for event in bazhanov_cli.events(bio, year=1928)
    ]
    assert lines[: len(year_1928)] == year_1928
    assert namespace["found"].kind == "event"
    assert "@book{" in shown.getvalue()
    assert lines[-1] == "events[0].date '1928-13' is not a valid date"

    expected = bazhanov_cli.events(bio, year=1928)
    if importlib.util.find_spec("pandas") is not None:
        exec(notebook, namespace)
        frame = namespace["frame"]
        assert frame.to_dict("records") == expected
    else:
        # Without pandas (not a dependency), check what the block hands it: the records,
        # a list of flat JSON objects of the same keys, and the columns it picks among them.
        argument = re.search(r"pd\.DataFrame\((.*)\)\n", notebook)
        assert argument is not None
        records = eval(argument.group(1), namespace)
        assert records == expected
        assert json.loads(json.dumps(records)) == records
        assert all(list(record) == list(records[0]) for record in records)
        picked = re.search(r"frame\[(\[.*\])\]", notebook)
        assert picked is not None
        assert set(eval(picked.group(1))) <= set(records[0])


# --- a user's script passes mypy --strict ---------------------------------------------

USER_SCRIPT = """
from __future__ import annotations

import json

import bazhanov_cli
from bazhanov_cli import AgeRange, Biography, DataError, EventEntry, Problem


def titles(bio: Biography, year: int) -> list[str]:
    found: list[EventEntry] = bazhanov_cli.events(bio, year=year, category="party")
    return [event["title"] + (event["end"] or "") for event in found]


def age_in(bio: Biography, date: str) -> AgeRange | None:
    return bazhanov_cli.at(bio, date)["age"]


def problems(path: str) -> list[Problem]:
    try:
        bazhanov_cli.load(path)
    except DataError as error:
        return error.problems
    return []


bio = bazhanov_cli.load()
hit = bazhanov_cli.search(bio, "stalin", kinds=["person"])[0]
score: float = hit["score"]
found = bazhanov_cli.find(bio, hit["id"])
related: list[str] = [event["id"] for event in found.related]
people = bazhanov_cli.people(bio, "trotsky")
print(titles(bio, 1928), problems("x.json"), score, related, people[0]["aliases"])
print(age_in(bio, "1926"), [event["age"] for event in bazhanov_cli.at(bio, "1928")["events"]])
print(json.dumps(bazhanov_cli.csl_json(bio, bazhanov_cli.editions(bio, "de"))))
print(bazhanov_cli.references(bio, style="apa"), bazhanov_cli.bibtex(bio), found.kind)
"""


def _mypy_strict(script: Path) -> subprocess.CompletedProcess[str]:
    """``mypy --strict`` on a user's script, in its folder, with a cache of its own."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(script.parent / "cache"),
            script,
        ],
        capture_output=True,
        text=True,
        cwd=script.parent,
        env=process_env({"MYPYPATH": None}),
    )


def test_a_users_script_passes_mypy_strict(tmp_path: Path) -> None:
    script = tmp_path / "use_bazhanov.py"
    script.write_text(USER_SCRIPT, encoding="utf-8")
    checked = _mypy_strict(script)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # And a script that misreads an item fails: mypy sees the TypedDicts.
    script.write_text(USER_SCRIPT + 'print(people[0]["nmae"])\n', encoding="utf-8")
    wrong = _mypy_strict(script)
    assert wrong.returncode == 1
    assert '"PersonEntry" has no key "nmae"' in wrong.stdout
