"""Signals and the pager, as git handles them, through real processes.

Ctrl-C exits 130, SIGTERM 143, SIGHUP 129, without a traceback, from the moment the
program's first line runs (``bazhanov_cli/__main__.py``, before Typer, Rich and
pydantic are imported). While a pager shows the output, Ctrl-C is the pager's and
the program waits for it; a pager that cannot start leaves the text on stdout.

No test here sleeps and hopes: each sends its signal once the child has shown it is where
the test wants it (its handlers in place, blocked reading a FIFO that holds its data,
blocked writing a pipe nobody reads, a line printed), and the child cannot finish before
the signal, so the outcome does not depend on how fast or busy the machine is.
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
STOPS = [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGHUP, 129)]


def catches_sigterm(pid: int) -> bool:
    """Whether the process has its own SIGTERM handler: ours, installed after SIGINT's."""
    for line in (PROC / str(pid) / "status").read_text().splitlines():
        if line.startswith("SigCgt:"):
            return bool(int(line.split()[1], 16) >> (signal.SIGTERM - 1) & 1)
    return False


def started(*args: str, stdout: int = subprocess.DEVNULL) -> subprocess.Popen[bytes]:
    """The program, once its handlers are in place (its heavy imports still to come)."""
    program = subprocess.Popen(
        [*COMMAND, *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=process_env({"COLUMNS": "100"}),
    )
    deadline = time.monotonic() + 60  # bounds a hang only
    while not catches_sigterm(program.pid):
        assert program.poll() is None, program.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.001)
    return program


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    """A FIFO to give the program as its data file: it waits there until the test writes."""
    path = tmp_path / "data.json"
    os.mkfifo(path)
    return path


def stopped(program: subprocess.Popen[bytes], signum: int) -> tuple[int, bytes]:
    program.send_signal(signum)
    _, stderr = program.communicate(timeout=60)
    return program.returncode, stderr


@needs_proc
@pytest.mark.parametrize(("signum", "code"), STOPS)
def test_a_signal_before_the_data_is_read(signum: int, code: int, fifo: Path) -> None:
    # Whether it lands in the imports or while the program waits for its data, it is the
    # same way out; the program cannot finish first, as its data never comes.
    program = started("--data", str(fifo), "events", "--json")
    assert stopped(program, signum) == (code, b"")


@needs_proc
@pytest.mark.parametrize(("signum", "code"), STOPS)
def test_a_signal_while_the_data_is_read(signum: int, code: int, fifo: Path) -> None:
    program = started("--data", str(fifo), "timeline")
    with open(fifo, "wb") as writer:  # opens once the program opened its end to read
        half = DATA_FILE.read_bytes()
        writer.write(half[: len(half) // 2])
        writer.flush()
        assert stopped(program, signum) == (code, b"")


@pytest.fixture(scope="module")
def long_life(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The biography with each event repeated four hundred times under new ids: its events
    as JSON are megabytes, more than a pipe holds."""
    bio = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    bio["events"] += [
        {**event, "id": f"c{number}-{event['id']}"}
        for number in range(1, 400)
        for event in bio["events"]
    ]
    path = tmp_path_factory.mktemp("signals") / "long-life.json"
    path.write_text(json.dumps(bio), encoding="utf-8")
    return str(path)


@needs_proc
@pytest.mark.parametrize(("signum", "code"), STOPS)
def test_a_signal_while_the_output_is_written(signum: int, code: int, long_life: str) -> None:
    # The output is far more than the pipe holds: once its first bytes arrive, the program
    # is writing, and cannot be done before the test reads the rest.
    program = started("--data", long_life, "events", "--json", stdout=subprocess.PIPE)
    assert program.stdout is not None
    assert program.stdout.read(1) == b"["
    assert stopped(program, signum) == (code, b"")


@needs_proc
def test_an_ignored_sigint_stays_ignored(fifo: Path) -> None:
    """As under ``nohup`` or ``cmd &`` in a script: the parent's SIG_IGN is kept."""
    program = subprocess.Popen(
        [*COMMAND, "--data", str(fifo), "facts", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=process_env({}),
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )
    deadline = time.monotonic() + 60
    while not catches_sigterm(program.pid):
        assert time.monotonic() < deadline
        time.sleep(0.001)
    program.send_signal(signal.SIGINT)
    with open(fifo, "wb") as writer:
        writer.write(DATA_FILE.read_bytes())
    stdout, stderr = program.communicate(timeout=60)
    assert (program.returncode, stderr) == (0, b"")
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


# --- the way out itself, with a program of the test's own -------------------------------

AS_MAIN = (
    "import os, signal, sys, time\n"
    "import bazhanov_cli.__main__ as entry\n"
    "def run(args=None):\n"
    "{body}"
    "    return 0\n"
    "entry.run = run\n"
    "entry.main()\n"
)


def as_main(body: str) -> list[str]:
    """A program that runs ``body`` in place of bazhanov's, its way out ``__main__.main``."""
    indented = "".join(f"    {line}\n" for line in body.splitlines())
    return [sys.executable, "-c", AS_MAIN.format(body=indented)]


def test_a_signal_where_python_cannot_raise_still_ends_the_program() -> None:
    # A signal that lands in a __del__ (or an import lock's weakref callback) is one Python
    # can only report. The program must not go on without it: waiting for input that never
    # comes, as CI once saw it wait for its data, it would wait for ever.
    program = as_main(
        "class Dropped:\n"
        "    def __del__(self):\n"
        "        os.kill(os.getpid(), signal.SIGTERM)  # its handler runs in this __del__\n"
        "Dropped()\n"
        "signal.pause()  # as a program waiting for its input: no other signal ever comes\n"
        "print('went on', flush=True)\n"
    )
    done = subprocess.run(program, capture_output=True, timeout=60, env=process_env({}))
    assert (done.returncode, done.stdout, done.stderr) == (143, b"", b"")


def test_a_stop_that_ends_code_compiled_from_a_string_keeps_its_exit_code(
    tmp_path: Path,
) -> None:
    # Run as `python -m`, CPython ends the process by SIGINT (a return code of -2, not 143)
    # once a KeyboardInterrupt of that exact type has ended code compiled from a string,
    # even one caught later; dataclasses compile their methods so while modules load.
    module = tmp_path / "stopped_in_exec.py"
    module.write_text(as_main("exec('os.kill(os.getpid(), signal.SIGTERM)')")[-1])
    path = os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-m", "stopped_in_exec"],
        capture_output=True,
        timeout=60,
        env=process_env({"PYTHONPATH": path}),
    )
    assert (done.returncode, done.stdout, done.stderr) == (143, b"", b"")


def test_any_other_unraisable_error_is_reported_as_python_does() -> None:
    program = as_main(
        "class Broken:\n"
        "    def __del__(self):\n"
        "        raise ValueError('x')\n"
        "Broken()\n"
        "print('went on', flush=True)\n"
    )
    done = subprocess.run(program, capture_output=True, timeout=60, env=process_env({}))
    assert (done.returncode, done.stdout) == (0, b"went on\n")
    assert b"Exception ignored" in done.stderr


def test_a_second_signal_does_not_cut_the_way_out_short() -> None:
    # Ctrl-C pressed again while the first stop cleans up: the cleanup ends, and the
    # exit code is the first signal's.
    program = as_main(
        "try:\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    time.sleep(60)  # the handler runs here at the latest\n"
        "finally:\n"
        "    os.kill(os.getpid(), signal.SIGINT)\n"
        "    print('cleaned up', flush=True)\n"
    )
    done = subprocess.run(program, capture_output=True, timeout=60, env=process_env({}))
    assert (done.returncode, done.stdout, done.stderr) == (143, b"cleaned up\n", b"")


@pytest.mark.parametrize(("signum", "code"), STOPS)
def test_a_signal_while_python_compiles_a_module_still_stops(signum: int, code: int) -> None:
    # Compiling a module (an import of one without a .pyc), CPython's constant folder works
    # out `2 ** 60` with a check for signals inside, then clears any exception but a
    # KeyboardInterrupt (3.10 to 3.13): the stop must be one. The child compiles for ever,
    # so the signal lands there whenever it comes.
    program = subprocess.Popen(
        as_main(
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
    try:
        assert stopped(program, signum) == (code, b"")
    except subprocess.TimeoutExpired:
        program.kill()
        program.communicate()
        pytest.fail("the signal was lost: the program went on compiling")


def test_a_signal_while_the_handlers_are_being_set_is_its_exit_code(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The window CI's newest run once hit: SIGTERM after the first handler is set and before
    # the last. Played in this process: the second `signal.signal` call lands the stop.
    import bazhanov_cli.__main__ as entry

    setting: list[int] = []

    def set_handler(signum: int, handler: object) -> object:
        setting.append(signum)
        if len(setting) == 2:
            entry._stop(signal.SIGTERM, None)  # as the handler set first would, on SIGTERM
        return signal.getsignal(signum)  # this process's own handlers stay as they are

    monkeypatch.setattr(entry.signal, "signal", set_handler)
    monkeypatch.setattr(entry, "_received", None)
    monkeypatch.setattr(entry, "run", lambda: pytest.fail("the program ran after its stop"))
    monkeypatch.setattr(sys, "unraisablehook", sys.unraisablehook)
    with pytest.raises(SystemExit) as exited:
        entry.main()
    assert exited.value.code == 128 + signal.SIGTERM
    assert len(setting) == 2
