"""`bazhanov validate FILE` and --data: every kind of bad file, the same messages both ways."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from .conftest import DATA_FILE, run_in_pty
from .conftest import invoke as run


def data_with(here: Path, change: Any) -> Path:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    change(data)
    path = here / "data.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_bundled_file_is_valid() -> None:
    result = run("validate", str(DATA_FILE))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.endswith(
        "valid (37 events, 12 editions, 27 people, 31 places, 12 quotes)\n"
    )


def set_date(data: dict[str, Any]) -> None:
    data["events"][3]["date"] = "1928-13-01"


def duplicate_id(data: dict[str, Any]) -> None:
    data["events"][2]["id"] = data["events"][1]["id"]


def end_before_date(data: dict[str, Any]) -> None:
    data["events"][0]["end"] = "1899"


def death_before_birth(data: dict[str, Any]) -> None:
    data["facts"]["died"]["date"] = "1890-01-01"


def impossible_day(data: dict[str, Any]) -> None:
    data["events"][5]["date"] = "1928-02-30"


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (set_date, "events[3].date: '1928-13-01' is not a valid date"),
        (impossible_day, "events[5].date: '1928-02-30' is not a valid date"),
        (
            duplicate_id,
            "events[2].id: duplicate id 'russian-revolution-begins' (first used at events[1])",
        ),
        (end_before_date, "events[0].end: end (1899) is before date (1900-08-09)"),
        (death_before_birth, "facts.died.date: death (1890-01-01) is before birth (1900-08-09)"),
    ],
)
def test_rule_breaks_are_named_with_their_path(here: Path, change: Any, problem: str) -> None:
    path = data_with(here, change)
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert result.stdout == f"{path}: {problem}\n"
    assert result.stderr == f"Error: {path}: not a valid biography: 1 problem\n"
    # --data and BAZHANOV_DATA report the same problem in one line.
    for args, env in (
        (["--data", str(path), "events"], None),
        (["events"], {"BAZHANOV_DATA": str(path)}),
    ):
        loaded = run(*args, env=env)
        assert loaded.exit_code == 1
        assert loaded.stdout == ""
        assert loaded.stderr == f"Error: {path}: {problem}\n"


def test_every_problem_is_reported(here: Path) -> None:
    def many(data: dict[str, Any]) -> None:
        set_date(data)
        impossible_day(data)
        data["editions"][0]["language"] = "French"

    path = data_with(here, many)
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{path}: events[3].date: '1928-13-01' is not a valid date",
        f"{path}: events[5].date: '1928-02-30' is not a valid date",
        f"{path}: editions[0].language: String should match pattern '^[a-z]{{2}}$' (got 'French')",
    ]
    assert result.stderr == f"Error: {path}: not a valid biography: 3 problems\n"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (None, "no such file"),
        (b"", "the file is empty"),
        (b'{\n  "facts": ,\n}', "not valid JSON: expected value at line 2 column 12"),
        (b"[]", "$: Input should be an object (got a list)"),
        (b"\xff\xfe\x00binary", "not UTF-8 text: byte 0xff at line 1 column 1"),
    ],
)
def test_bad_files(here: Path, content: bytes | None, problem: str) -> None:
    path = here / "file.json"
    if content is not None:
        path.write_bytes(content)
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert result.stdout == f"{path}: {problem}\n"
    assert "Traceback" not in result.stderr
    loaded = run("--data", str(path), "facts", "--json")
    assert (loaded.exit_code, loaded.stdout) == (1, "")
    assert loaded.stderr == f"Error: {path}: {problem}\n"


def test_a_directory(here: Path) -> None:
    result = run("validate", str(here))
    assert result.exit_code == 1
    assert result.stdout == f"{here}: is a directory, not a data file\n"


# --- many problems, many files, machine-readable -------------------------------------


def thousands_of_problems(data: dict[str, Any]) -> None:
    # 1,000 copies of an event, every one on a day February never has.
    event = data["events"][0]
    data["events"] += [
        {**event, "id": f"copy-{index}", "date": "1927-02-30"} for index in range(1000)
    ]


def test_a_long_report_shows_the_first_50_and_counts_the_rest(here: Path) -> None:
    path = data_with(here, thousands_of_problems)
    result = run("validate", str(path))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 51
    assert lines[0] == f"{path}: events[37].date: '1927-02-30' is not a valid date"
    assert lines[49] == f"{path}: events[86].date: '1927-02-30' is not a valid date"
    assert lines[50] == f"{path}: \u2026 and 950 more (--all lists every one)"
    assert result.stderr == f"Error: {path}: not a valid biography: 1,000 problems\n"

    every = run("validate", "--all", str(path))
    assert every.exit_code == 1
    listed = every.stdout.splitlines()
    assert len(listed) == 1000
    assert listed[-1] == f"{path}: events[1036].date: '1927-02-30' is not a valid date"


def test_field_and_rule_problems_in_one_run(here: Path) -> None:
    def both(data: dict[str, Any]) -> None:
        data["events"][4]["title"] = ""  # a field problem
        duplicate_id(data)  # a rule problem, earlier in the file

    path = data_with(here, both)
    result = run("validate", str(path))
    assert result.stdout.splitlines() == [
        f"{path}: events[2].id: duplicate id 'russian-revolution-begins' (first used at events[1])",
        f"{path}: events[4].title: String should have at least 1 character (got '')",
    ]


def test_format_json_lists_every_problem_of_every_file(here: Path) -> None:
    broken = data_with(here, thousands_of_problems)
    missing = here / "missing.json"
    result = run("validate", "--format", "json", str(DATA_FILE), str(broken), str(missing))
    assert result.exit_code == 1
    problems = json.loads(result.stdout)
    assert len(problems) == 1001  # no cut in JSON: it is for editors and CI
    assert problems[0] == {
        "file": str(broken),
        "path": "events[37].date",
        "message": "'1927-02-30' is not a valid date",
    }
    assert problems[-1] == {"file": str(missing), "path": None, "message": "no such file"}
    assert all(list(problem) == ["file", "path", "message"] for problem in problems)
    assert result.stderr == "Error: 2 of 3 files are not valid biographies\n"


def test_format_json_of_a_valid_file_is_an_empty_list() -> None:
    result = run("validate", "-f", "json", str(DATA_FILE))
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []
    assert result.stderr == ""


def test_several_files_each_judged(here: Path) -> None:
    broken = data_with(here, set_date)
    bundled = here / "bazhanov.json"
    shutil.copyfile(DATA_FILE, bundled)
    result = run("validate", str(bundled), str(broken))
    assert result.exit_code == 1
    assert result.stdout == f"{broken}: events[3].date: '1928-13-01' is not a valid date\n"
    assert result.stderr.splitlines() == [
        f"{bundled}: valid (37 events, 12 editions, 27 people, 31 places, 12 quotes)",
        f"{broken}: not a valid biography: 1 problem",
        "Error: 1 of 2 files are not valid biographies",
    ]
    good = run("validate", str(DATA_FILE), str(DATA_FILE))
    assert good.exit_code == 0
    assert good.stderr.count("valid (37 events") == 2


def test_validate_needs_a_file() -> None:
    result = run("validate")
    assert result.exit_code == 2
    assert "Missing argument 'FILE'" in result.stderr


# --- files as editors write them, and paths as shells pass them -----------------------


def test_a_byte_order_mark_is_read(here: Path) -> None:
    path = here / "windows.json"
    path.write_bytes(b"\xef\xbb\xbf" + DATA_FILE.read_bytes())
    result = run("validate", str(path))
    assert (result.exit_code, result.stdout) == (0, "")
    events = run("--data", str(path), "events", "--year", "1928", "--json")
    assert events.exit_code == 0
    assert "defection" in {event["id"] for event in json.loads(events.stdout)}


def test_a_byte_order_mark_alone_is_an_empty_file(here: Path) -> None:
    path = here / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf\n")
    assert run("validate", str(path)).stdout == f"{path}: the file is empty\n"


def test_an_empty_path_says_so() -> None:
    for args in (["--data", "", "facts"], ["validate", ""]):
        result = run(*args)
        assert result.exit_code == 1
        assert result.stderr == "Error: '': the path is empty\n"


def test_on_a_terminal_a_whole_file_problem_is_said_once(here: Path) -> None:
    broken = here / "broken.json"
    broken.write_text("{", encoding="utf-8")
    problem = f"{broken}: not valid JSON: EOF while parsing an object at line 1 column 1"
    code, shown = run_in_pty(["validate", str(broken)], {})
    assert code == 1
    assert shown.replace("\r\n", "\n") == f"Error: {problem}\n"
    # Several files: the report on stdout says it, and no summary line repeats it.
    code, shown = run_in_pty(["validate", str(broken), str(DATA_FILE)], {})
    assert code == 1
    lines = shown.replace("\r\n", "\n").splitlines()
    assert lines.count(problem) == 1
    assert sum(problem in line for line in lines) == 1
    # Piped, stdout keeps the report for scripts; the Error line is stderr's.
    result = run("validate", str(broken))
    assert result.stdout == f"{problem}\n"
    assert result.stderr == f"Error: {problem}\n"


def test_an_impossible_day_is_reported_with_its_items_other_problems(here: Path) -> None:
    # The calendar's check used to wait until the event's other fields were mended.
    def broken_event(data: dict[str, Any]) -> None:
        event = data["events"][5]
        event.update(date="1928-02-30", end="1929-02-29", title="", category="nothing")
        data["quotes"][0]["date"] = "1931-04-31"
        data["quotes"][0]["text"] = 3

    path = data_with(here, broken_event)
    result = run("validate", "--all", str(path))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{path}: events[5].date: '1928-02-30' is not a valid date",
        f"{path}: events[5].end: '1929-02-29' is not a valid date",
        f"{path}: events[5].title: String should have at least 1 character (got '')",
        f"{path}: events[5].category: Input should be 'life', 'education', 'party', "
        "'secretariat', 'defection', 'assassination-attempt', 'war', 'publication', "
        "'historiography' or 'context' (got 'nothing')",
        f"{path}: quotes[0].text: Input should be a valid string (got 3)",
        f"{path}: quotes[0].date: '1931-04-31' is not a valid date",
    ]


def test_json_is_format_json(here: Path) -> None:
    broken = data_with(here, thousands_of_problems)
    both = (str(DATA_FILE), str(broken), str(here / "missing.json"))
    flag, option = run("validate", "--json", *both), run("validate", "-f", "json", *both)
    assert flag.exit_code == option.exit_code == 1
    assert json.loads(flag.stdout) == json.loads(option.stdout)
    assert len(json.loads(flag.stdout)) == 1001
    assert flag.stdout == option.stdout
    assert flag.stderr == option.stderr
    valid = run("validate", "--json", "--format", "json", str(DATA_FILE))
    assert (valid.exit_code, json.loads(valid.stdout), valid.stderr) == (0, [], "")


def test_json_and_format_text_disagree() -> None:
    result = run("validate", "--json", "--format", "text", str(DATA_FILE))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "Error: --json and --format text disagree; give one of them\n"
