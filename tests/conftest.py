"""Shared fixtures: the bundled biography, and paths to the repo and the sources."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from bazhanov_cli.loading import parse_biography
from bazhanov_cli.model import Biography

REPO = Path(__file__).resolve().parents[1]
DATA_FILE = REPO / "data" / "bazhanov.json"


@pytest.fixture(scope="session")
def bio() -> Biography:
    """The bundled biography, validated against the model and its rules."""
    return parse_biography(DATA_FILE.read_bytes(), str(DATA_FILE))


# Plain, stable CLI output whatever the CI sets: Typer and Rich colour their output
# when GITHUB_ACTIONS, FORCE_COLOR or PY_COLORS is set.
CLI_ENV = {
    "NO_COLOR": "1",
    "_TYPER_FORCE_DISABLE_TERMINAL": "1",
    "COLUMNS": "120",
    "TERM": "dumb",
}


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    """Run ``bazhanov ARGS`` through CliRunner; no exception may escape."""
    from bazhanov_cli.cli import app

    result = CliRunner().invoke(app, list(args), env={**CLI_ENV, **(env or {})})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def invoke_json(*args: str) -> Any:
    """Run a command that must succeed quietly and return its stdout parsed as JSON."""
    result = invoke(*args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)
