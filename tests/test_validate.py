"""`bazhanov validate FILE` and --data: every kind of bad file, the same messages both ways."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .conftest import DATA_FILE
from .conftest import invoke as run


def data_with(tmp_path: Path, change: Any) -> Path:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "data.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_bundled_file_is_valid() -> None:
    result = run("validate", str(DATA_FILE))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.endswith(
        "valid (37 events, 12 editions, 25 people, 22 places, 11 quotes)\n"
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
def test_rule_breaks_are_named_with_their_path(tmp_path: Path, change: Any, problem: str) -> None:
    path = data_with(tmp_path, change)
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


def test_every_problem_is_reported(tmp_path: Path) -> None:
    def many(data: dict[str, Any]) -> None:
        set_date(data)
        impossible_day(data)
        data["editions"][0]["language"] = "French"

    path = data_with(tmp_path, many)
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
def test_bad_files(tmp_path: Path, content: bytes | None, problem: str) -> None:
    path = tmp_path / "file.json"
    if content is not None:
        path.write_bytes(content)
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert result.stdout == f"{path}: {problem}\n"
    assert "Traceback" not in result.stderr
    loaded = run("--data", str(path), "facts", "--json")
    assert (loaded.exit_code, loaded.stdout) == (1, "")
    assert loaded.stderr == f"Error: {path}: {problem}\n"


def test_a_directory(tmp_path: Path) -> None:
    result = run("validate", str(tmp_path))
    assert result.exit_code == 1
    assert result.stdout == f"{tmp_path}: is a directory, not a data file\n"
