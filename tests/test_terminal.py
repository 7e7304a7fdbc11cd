"""The real process, where the terminal matters: pipes, encodings, colour, a pty."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

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


@pytest.mark.parametrize("args", [["events"], ["events", "--json"], ["editions"], ["facts"]])
def test_closing_the_pipe_early_ends_quietly(tmp_path: Path, args: list[str]) -> None:
    # `bazhanov events | head -c 10`: the reader goes away after a few bytes.
    with subprocess.Popen(
        [*COMMAND, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env=env(COLUMNS="80"),
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        process.stdout.read(10)
        process.stdout.close()
        stderr = process.stderr.read().decode()
        code = process.wait(timeout=60)
    assert "Traceback" not in stderr
    assert "BrokenPipeError" not in stderr
    assert code in (0, 1)


def test_shell_pipe_into_head(tmp_path: Path) -> None:
    result = subprocess.run(
        f"{sys.executable} -m bazhanov_cli events --json | head -n 1",
        shell=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env(),
        timeout=60,
    )
    assert result.stdout == "[\n"
    assert result.stderr == ""


def test_ascii_only_stdout_degrades_text_and_keeps_json_exact(tmp_path: Path) -> None:
    table = run("facts", cwd=tmp_path, PYTHONIOENCODING="ascii")
    assert table.returncode == 0, table.stderr
    assert "Boris Georgiyevich Bazhanov" in table.stdout
    assert "Traceback" not in table.stderr
    as_json = run("facts", "--json", cwd=tmp_path, PYTHONIOENCODING="ascii")
    assert as_json.returncode == 0
    assert as_json.stdout.isascii()
    assert json.loads(as_json.stdout)["native_name"] == "Бори́с Гео́ргиевич Бажа́нов"


def test_posix_locale(tmp_path: Path) -> None:
    result = run("editions", cwd=tmp_path, LC_ALL="C", LANG="C", COLUMNS="200")
    assert result.returncode == 0, result.stderr
    assert "Bazhanov and the Damnation of Stalin" in result.stdout


def run_in_pty(*args: str, **extra: str) -> str:
    """Run with stdout on a real terminal and return what it showed."""
    leader, follower = pty.openpty()
    with subprocess.Popen(
        [*COMMAND, *args],
        stdout=follower,
        stderr=follower,
        env=env(COLUMNS="100", TERM="xterm-256color", **extra),
    ) as process:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the pty closes when the child exits
                break
            if not chunk:
                break
            chunks.append(chunk)
        process.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_a_terminal_gets_colour() -> None:
    assert ANSI in run_in_pty("events", "--year", "1941")


def test_no_color_on_a_terminal_has_no_colour_codes() -> None:
    shown = run_in_pty("events", "--year", "1941", NO_COLOR="1")
    assert "Meets Rosenberg" in shown
    # Rich keeps bold (ESC[1m) under NO_COLOR; no colour means no 3x/9x codes.
    for code in ("\x1b[3", "\x1b[9", "\x1b[38;"):
        assert code not in shown.replace("\x1b[3m", "")  # ESC[3m is italic, not colour
