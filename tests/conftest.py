"""Shared fixtures: the bundled biography, the repo's paths, and the CLI in and out of process."""

from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import pytest
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner, Result

from bazhanov_cli.model.items import Biography
from bazhanov_cli.model.loading import parse_biography

REPO = Path(__file__).resolve().parents[1]
DATA_FILE = REPO / "data" / "bazhanov.json"
COMMAND = [sys.executable, "-m", "bazhanov_cli"]
"""The CLI as a real process."""

# Time is no test's contract: Hypothesis's 200 ms deadline and its too-slow health check
# fail a property on a busy machine (two xdist workers, other jobs), not a wrong answer.
# Tests that set their own @settings keep these unless they say otherwise.
settings.register_profile("bazhanov", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("bazhanov")


SLOW = {
    line
    for line in (Path(__file__).parent / "slow.txt").read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
}
"""The tests .ci/run's matrix runs leave out, by their measured time (tests/slow.txt)."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.nodeid.split("[")[0] in SLOW:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def bio() -> Biography:
    """The bundled biography, validated against the model and its rules."""
    return parse_biography(DATA_FILE.read_bytes(), str(DATA_FILE))


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test's own folder, as the working directory and named by a relative path.

    Messages cut any word over 80 characters, and an absolute temporary path (or a clone's
    path) can be that long; short relative names keep every expected message exact.
    """
    monkeypatch.chdir(tmp_path)
    return Path(".")


# Plain, stable CLI output whatever the CI sets: Typer and Rich colour their output
# when GITHUB_ACTIONS, FORCE_COLOR or PY_COLORS is set, so those are unset for the
# invocation (None removes a variable) and NO_COLOR is set.
CLI_ENV: dict[str, str | None] = {
    "NO_COLOR": "1",
    "FORCE_COLOR": None,
    "PY_COLORS": None,
    "GITHUB_ACTIONS": None,
    "COLUMNS": "120",
    "TERM": "dumb",
}


def invoke(
    *args: str, env: Mapping[str, str | None] | None = None, input: str | None = None
) -> Result:
    """Run ``bazhanov ARGS`` as the console script does (``__main__.run``, the program's one
    way out), in CliRunner's isolation: its own stdin, stdout, stderr and environment.

    No exception may escape: ``run`` turns every outcome into an exit code.
    """
    from bazhanov_cli.__main__ import run

    runner = CliRunner()
    with runner.isolation(input=input, env={**CLI_ENV, **(env or {})}) as streams:
        code = run(list(args))
        stdout, stderr, output = (stream.getvalue() for stream in streams)
    return Result(runner, stdout, stderr, output, None, code, None)


def invoke_json(*args: str) -> Any:
    """Run a command that must succeed quietly and return its stdout parsed as JSON."""
    result = invoke(*args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


def client_missing(message: str) -> NoReturn:
    """A skip that says how to install a client the tests read our output with; under CI
    (``BAZHANOV_REQUIRE_CLIENTS=1``, set by ``.ci/run``), a failure."""
    if os.environ.get("BAZHANOV_REQUIRE_CLIENTS") == "1":
        pytest.fail(f"{message} (BAZHANOV_REQUIRE_CLIENTS=1)")
    pytest.skip(message)


def require(name: str, install: str) -> str:
    """The path of the client program ``name``, or ``client_missing`` with how to install it."""
    path = shutil.which(name)
    if path is None:
        client_missing(f"{name} is not installed: {install}")
    return path


def process_env(extra: Mapping[str, str | None]) -> dict[str, str]:
    """The caller's environment without what would change the output, plus ``extra``.

    A None in ``extra`` removes that variable.
    """
    # Colour forcing (CI sets some), a developer's own data file, encoding or
    # width would change every answer.
    unwanted = {"FORCE_COLOR", "NO_COLOR", "PY_COLORS", "GITHUB_ACTIONS"}
    unwanted |= {"BAZHANOV_DATA", "PYTHONIOENCODING", "COLUMNS", "LINES"}
    env = {key: value for key, value in os.environ.items() if key not in unwanted}
    for key, value in extra.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def run_in_pty(args: Sequence[str], env: Mapping[str, str | None]) -> tuple[int, str]:
    """Run with stdout and stderr on a real terminal (100 columns unless ``env`` says);
    the exit code and what it showed."""
    leader, follower = pty.openpty()
    with subprocess.Popen(
        [*COMMAND, *args],
        stdout=follower,
        stderr=follower,
        env=process_env({"COLUMNS": "100", "TERM": "xterm-256color", **env}),
    ) as program:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the terminal closes when the program exits
                break
            if not chunk:
                break
            chunks.append(chunk)
        code = program.wait(timeout=60)
    os.close(leader)
    return code, b"".join(chunks).decode()


@contextmanager
def small_tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` mounted on the new ``folder``, for full-disk tests.

    Mounting needs root, which CI has; elsewhere the test skips and says why.
    """
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)
