"""The real process: run from anywhere, and plain text in a pipe.

Closed pipes, ASCII-only stdout, the POSIX locale and a real terminal (a pty)
are rows of the tables in test_hostile.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

COMMAND = [sys.executable, "-m", "bazhanov_cli"]
ANSI = "\x1b["


def env(**extra: str) -> dict[str, str]:
    base = {
        k: v for k, v in os.environ.items() if k not in {"FORCE_COLOR", "NO_COLOR", "PY_COLORS"}
    }
    base.pop("GITHUB_ACTIONS", None)
    return {**base, **extra}


def run(*args: str, cwd: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*COMMAND, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        cwd=cwd,
        env=env(**extra),
        timeout=60,
    )


def test_python_m_from_another_directory(tmp_path: Path) -> None:
    result = run("facts", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["age_at_death"] == 82
    assert result.stderr == ""


def test_piped_tables_have_no_ansi_codes(tmp_path: Path) -> None:
    result = run("events", "--year", "1928", cwd=tmp_path, TERM="xterm-256color", COLUMNS="200")
    assert result.returncode == 0
    assert "Defects from the Soviet Union" in result.stdout
    assert ANSI not in result.stdout
