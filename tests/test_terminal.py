"""The real process: run from anywhere, and plain text in a pipe.

Closed pipes, ASCII-only stdout, the POSIX locale and a real terminal (a pty)
are rows of the tables in test_hostile.py.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from .conftest import COMMAND, process_env, run_in_pty

ANSI = "\x1b["


def run(*args: str, cwd: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*COMMAND, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        cwd=cwd,
        env=process_env(extra),
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


# --- on a real terminal: the pager and --color ---------------------------------------------


def on_terminal(*args: str, **extra: str) -> tuple[int, str]:
    """Run with stdout and stderr on a pty of 100 by ``LINES`` (default 10); what it showed."""
    return run_in_pty(args, {"LINES": "10", **extra})


def test_long_output_on_a_terminal_goes_through_the_pager(tmp_path: Path) -> None:
    paged = tmp_path / "paged.txt"
    code, shown = on_terminal("events", PAGER=f"cat > {paged}")
    assert code == 0
    assert "Defects from the Soviet Union" in paged.read_text(encoding="utf-8")
    assert "Defects" not in shown  # the pager had it, not the terminal


def test_bazhanov_pager_wins_and_no_pager_stops_it(tmp_path: Path) -> None:
    ours, theirs = tmp_path / "ours.txt", tmp_path / "theirs.txt"
    on_terminal("events", PAGER=f"cat > {theirs}", BAZHANOV_PAGER=f"cat > {ours}")
    assert ours.exists()
    assert not theirs.exists()
    ours.unlink()
    code, shown = on_terminal("--no-pager", "events", BAZHANOV_PAGER=f"cat > {ours}")
    assert code == 0
    assert "Defects from the Soviet Union" in shown
    assert not ours.exists()


def test_what_fits_the_screen_and_pipes_are_not_paged(tmp_path: Path) -> None:
    paged = tmp_path / "paged.txt"
    code, shown = on_terminal("events", "--year", "1941", PAGER=f"cat > {paged}", LINES="50")
    assert code == 0
    assert "Meets Rosenberg" in shown
    assert not paged.exists()
    piped = run("events", cwd=tmp_path, PAGER=f"cat > {paged}")
    assert "Defects from the Soviet" in piped.stdout
    assert not paged.exists()


def test_color_always_never_and_auto(tmp_path: Path) -> None:
    forced = run("--color", "always", "events", "--year", "1941", cwd=tmp_path, NO_COLOR="1")
    assert ANSI in forced.stdout  # into a pipe, over NO_COLOR
    code, shown = on_terminal("--color", "never", "events", "--year", "1941")
    assert code == 0
    assert "\x1b" not in shown
    code, shown = on_terminal("--color", "auto", "--no-pager", "events", "--year", "1941")
    assert ANSI in shown  # a terminal, no NO_COLOR: colour
    bad = run("--color", "sometimes", "facts", cwd=tmp_path)
    assert bad.returncode == 2
    assert "'sometimes' is not one of 'auto', 'always', 'never'" in bad.stderr
