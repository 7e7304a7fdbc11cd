"""Shared fixtures: the bundled biography, and paths to the repo and the sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from bazhanov_cli.model import Biography

REPO = Path(__file__).resolve().parents[1]
DATA_FILE = REPO / "data" / "bazhanov.json"


@pytest.fixture(scope="session")
def bio() -> Biography:
    return Biography.model_validate_json(DATA_FILE.read_bytes())
