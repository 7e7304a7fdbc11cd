"""Signals and the pager, as git handles them, through real processes.

Ctrl-C exits 130, SIGTERM 143, SIGHUP 129, without a traceback, from the moment the
program's first line runs (``bazhanov_cli/__main__.py``, before Typer, Rich and
pydantic are imported). While a pager shows the output, Ctrl-C is the pager's and
the program waits for it; a pager that cannot start leaves the text on stdout.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import COMMAND, DATA_FILE, process_env, run_in_pty

PROC = Path("/proc")
needs_proc = pytest.mark.skipif(
    not (PROC / "self" / "status").exists(), reason="reads handlers from /proc (Linux)"
)


def catches_sigterm(pid: int) -> bool:
    """Whether the process has its own SIGTERM handler: ours, installed after SIGINT's."""
    for line in (PROC / str(pid) / "status").read_text().splitlines():
        if line.startswith("SigCgt:"):
            return bool(int(line.split()[1], 16) >> (signal.SIGTERM - 1) & 1)
    return False


def started(*args: str) -> subprocess.Popen[bytes]:
    """The program, once its handlers are in place (its heavy imports still to come)."""
    program = subprocess.Popen(
        [*COMMAND, *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=process_env({"COLUMNS": "100"}),
    )
    deadline = time.monotonic() + 10
    while not catches_sigterm(program.pid):
        assert program.poll() is None
        assert time.monotonic() < deadline
        time.sleep(0.0005)
    return program


@pytest.fixture(scope="module")
def long_life(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The biography with each event repeated four hundred times under new ids: a timeline
    of it takes seconds (3.3 s here), so every signal, the latest at 0.3 s, lands while the
    program still works (in its imports, its reading or its drawing), however fast the
    machine."""
    bio = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    copies = [
        {**event, "id": f"c{number}-{event['id']}"}
        for number in range(1, 400)
        for event in bio["events"]
    ]
    bio["events"] += copies
    path = tmp_path_factory.mktemp("signals") / "long-life.json"
    path.write_text(json.dumps(bio), encoding="utf-8")
    return str(path)


@needs_proc
@pytest.mark.parametrize("after", [0, 0.005, 0.01, 0.02, 0.05, 0.1, 0.3])
@pytest.mark.parametrize(
    ("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGHUP, 129)]
)
def test_a_signal_at_any_moment_is_its_exit_code_and_no_traceback(
    after: float, signum: int, code: int, long_life: str
) -> None:
    # `timeline` reads and draws the whole biography: there is time to land in the middle.
    program = started("--data", long_life, "timeline", "--width", "400")
    time.sleep(after)
    assert program.poll() is None, "done before the signal: make long_life longer"
    program.send_signal(signum)
    _, stderr = program.communicate(timeout=30)
    assert program.returncode == code, stderr
    assert stderr == b""


@needs_proc
def test_the_imports_take_long_enough_to_be_interrupted() -> None:
    """The control: the moment the handlers are in, the program is still importing, not done."""
    program = started("facts", "--json")
    program.send_signal(signal.SIGINT)
    program.communicate(timeout=30)
    assert program.returncode == 130


def test_an_ignored_sigint_stays_ignored() -> None:
    """As under ``nohup`` or ``cmd &`` in a script: the parent's SIG_IGN is kept."""
    program = subprocess.Popen(
        [*COMMAND, "facts", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=process_env({}),
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )
    time.sleep(0.05)
    program.send_signal(signal.SIGINT)
    stdout, _ = program.communicate(timeout=30)
    assert program.returncode == 0
    assert json.loads(stdout)["age_at_death"] == 82


# --- the pager -------------------------------------------------------------------------------


def fake_pager(folder: Path) -> Path:
    """A pager that records its environment and signals, and quits when told to."""
    script = folder / "pager"
    script.write_text(
        f"#!{sys.executable}\n"
        "import json, os, signal, sys, time\n"
        f"record = {str(folder / 'record.json')!r}\n"
        "got = []\n"
        "signal.signal(signal.SIGINT, lambda *_: got.append('INT'))  # as less does\n"
        "text = sys.stdin.buffer.read().decode()\n"
        f"open({str(folder / 'started')!r}, 'w').close()\n"
        "deadline = time.time() + 20\n"
        f"while not os.path.exists({str(folder / 'quit')!r}) and time.time() < deadline:\n"
        "    time.sleep(0.01)\n"
        "json.dump({'LESS': os.environ.get('LESS'), 'got': got, 'text': text,\n"
        "           'ended': time.time()}, open(record, 'w'))\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return script


def on_terminal(*args: str, **env: str | None) -> tuple[int, str]:
    return run_in_pty(args, {"LINES": "10", **env})


def test_less_unset_gets_frx_and_a_set_less_is_kept(tmp_path: Path) -> None:
    pager = fake_pager(tmp_path)
    (tmp_path / "quit").touch()
    code, _ = on_terminal("events", PAGER=str(pager), LESS=None)
    assert code == 0
    record = json.loads((tmp_path / "record.json").read_text())
    assert record["LESS"] == "FRX"
    assert "Defects from the Soviet Union" in record["text"]
    code, _ = on_terminal("events", PAGER=str(pager), LESS="-i")
    assert json.loads((tmp_path / "record.json").read_text())["LESS"] == "-i"


@pytest.mark.parametrize("kind", ["missing", "not-executable", "a-directory"])
def test_a_pager_that_cannot_start_leaves_the_text_on_stdout(tmp_path: Path, kind: str) -> None:
    pager = tmp_path / "pager"
    if kind == "not-executable":
        pager.write_text("#!/bin/sh\ncat\n")
    elif kind == "a-directory":
        pager.mkdir()
    code, shown = on_terminal("events", PAGER=str(pager))
    assert code == 0
    assert "Defects from the Soviet Union" in shown
    assert "Traceback" not in shown


def test_ctrl_c_while_paging_is_the_pagers_and_the_program_waits(tmp_path: Path) -> None:
    pager = fake_pager(tmp_path)
    leader, follower = os.openpty()
    program = subprocess.Popen(
        [*COMMAND, "events"],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=process_env({"COLUMNS": "100", "LINES": "10", "PAGER": str(pager)}),
        start_new_session=True,  # its own process group, as a shell's foreground job
    )
    os.close(follower)
    deadline = time.monotonic() + 20
    while not (tmp_path / "started").exists():
        assert time.monotonic() < deadline
        assert program.poll() is None
        time.sleep(0.01)
    os.killpg(program.pid, signal.SIGINT)  # Ctrl-C: the terminal signals the whole group
    time.sleep(0.3)
    assert program.poll() is None, "the program left while its pager still ran"
    (tmp_path / "quit").touch()
    code = program.wait(timeout=20)
    left = time.time()
    os.close(leader)
    record = json.loads((tmp_path / "record.json").read_text())
    assert record["got"] == ["INT"]
    assert record["ended"] <= left
    assert code == 0


def test_a_signal_raised_where_python_cannot_raise_still_ends_the_program() -> None:
    # A signal that lands in a callback Python only reports (a __del__, an import lock's
    # weakref callback) ends the program as 128 + N, quietly, not "Exception ignored".
    code = (
        "import sys, bazhanov_cli.__main__ as entry\n"
        "sys.unraisablehook = entry._unraisable\n"
        "class Dropped:\n"
        "    def __del__(self):\n"
        "        raise entry.Stopped(2)\n"
        "Dropped()\n"
        "print('went on')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (130, b"", b"")
    other = code.replace("entry.Stopped(2)", "ValueError('x')")
    done = subprocess.run([sys.executable, "-c", other], capture_output=True, timeout=60)
    assert done.returncode == 0
    assert b"went on" in done.stdout
    assert b"Exception ignored" in done.stderr  # anything else is reported as Python does


# --- a stop that Python drops on the way -------------------------------------------------------

AS_MAIN_ENDS = (
    "import os, signal, sys, time\n"
    "import bazhanov_cli.__main__ as entry\n"
    "entry.handle_signals()\n"
    "try:\n"
    "{body}"
    "except entry.Stopped as stopped:  # as main() ends the program\n"
    "    os._exit(128 + stopped.signum)\n"
)


def as_main_ends(body: str) -> list[str]:
    """A program whose signals are handled as ``bazhanov``'s, running ``body``."""
    indented = "".join(f"    {line}\n" for line in body.splitlines())
    return [sys.executable, "-c", AS_MAIN_ENDS.format(body=indented)]


def test_a_stop_dropped_on_the_way_is_raised_again() -> None:
    # Code between the signal and main() may clear the Stopped and go on: the
    # program still stops, at once, through the same exception.
    program = as_main_ends(
        "try:\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    time.sleep(20)  # the handler runs here at the latest\n"
        "except entry.Stopped:\n"
        "    pass  # dropped\n"
        "print('went on', flush=True)\n"
        "time.sleep(20)\n"
        "print('finished', flush=True)\n"
    )
    started_at = time.monotonic()
    done = subprocess.run(program, capture_output=True, timeout=60, env=process_env({}))
    assert (done.returncode, done.stdout, done.stderr) == (143, b"went on\n", b"")
    assert time.monotonic() - started_at < 10


def test_a_second_signal_does_not_cut_the_way_out_short() -> None:
    # Ctrl-C pressed again while the first stop cleans up: the cleanup ends, and the
    # exit code is the first signal's.
    program = as_main_ends(
        "try:\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    time.sleep(20)\n"
        "finally:\n"
        "    os.kill(os.getpid(), signal.SIGINT)\n"
        "    time.sleep(0.2)\n"
        "    print('cleaned up', flush=True)\n"
    )
    done = subprocess.run(program, capture_output=True, timeout=60, env=process_env({}))
    assert (done.returncode, done.stdout, done.stderr) == (143, b"cleaned up\n", b"")


@pytest.mark.parametrize("after", [0, 0.002, 0.004, 0.006, 0.008, 0.01, 0.015, 0.02, 0.03, 0.05])
def test_a_signal_while_python_compiles_a_module_still_stops(after: float) -> None:
    # The stop CPython drops: compiling a module (an import of one without a .pyc),
    # its constant folder works out `2 ** 60` with a check for signals inside, and then
    # clears any exception but KeyboardInterrupt (3.10 to 3.13). The old program went
    # on and exited 0, deaf to any further signal.
    program = subprocess.Popen(
        as_main_ends(
            "source = ''.join(f'x{n} = 2 ** {n % 100}\\n' for n in range(3000))\n"
            "print('compiling', flush=True)\n"
            "while True:\n"
            "    compile(source, 'constants.py', 'exec', dont_inherit=True)\n"
        ),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=process_env({}),
    )
    assert program.stdout is not None
    assert program.stdout.readline() == b"compiling\n"
    time.sleep(after)
    program.send_signal(signal.SIGTERM)
    try:
        _, stderr = program.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        program.kill()
        program.communicate()
        pytest.fail("the signal was lost: the program went on compiling")
    assert (program.returncode, stderr) == (143, b"")
