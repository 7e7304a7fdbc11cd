"""Files: written whole or not at all, never over an input, and inputs read within bounds.

Most of it through real processes: a kill, a full disk, stdout as a file and a
pipe for ``--data`` are things only a process has.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

from bazhanov_cli.errors import ExitCode
from bazhanov_cli.output import files
from bazhanov_cli.output.terminal import one_short_line

from .conftest import COMMAND, DATA_FILE, REPO, invoke, process_env, small_tmpfs


def run(
    *args: str, cwd: Path, env: dict[str, str | None] | None = None, stdout: IO[bytes] | None = None
) -> subprocess.CompletedProcess[str]:
    """The program, run to its end; its stdout captured, or sent to ``stdout`` when given."""
    return subprocess.run(
        [*COMMAND, *args],
        stdout=stdout or subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
        env=process_env(env or {}),
        timeout=120,
    )


def one_error_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("Error: "), stderr
    assert "internal error" not in stderr
    assert "Traceback" not in stderr
    return lines[0]


def leftovers(folder: Path) -> list[str]:
    """Temporary files a writer left behind."""
    return sorted(path.name for path in folder.iterdir() if path.name.endswith(".tmp"))


@pytest.fixture
def data(tmp_path: Path) -> Path:
    copy = tmp_path / "my.json"
    copy.write_bytes(DATA_FILE.read_bytes())
    return copy


# --- no output is an input or another output --------------------------------------------


@pytest.mark.parametrize(
    "spelling", ["same", "symlink", "hard link", "dot-dot", "dot-dot missing folder"]
)
@pytest.mark.parametrize("way", ["--data", "BAZHANOV_DATA"])
def test_an_output_over_the_data_file_is_a_usage_error(
    spelling: str, way: str, data: Path, tmp_path: Path
) -> None:
    before = data.read_bytes()
    if spelling == "symlink":
        (tmp_path / "link.svg").symlink_to(data.name)
        target = "link.svg"
    elif spelling == "hard link":
        os.link(data, tmp_path / "hard.svg")
        target = "hard.svg"
    elif spelling == "dot-dot":
        (tmp_path / "a").mkdir()
        target = "./a/../my.json"
    elif spelling == "dot-dot missing folder":
        target = "./nothing/../my.json"
    else:
        target = "my.json"
    args, env = ["timeline", "--svg", target], {}
    if way == "--data":
        args = ["--data", "my.json", *args]
    else:
        env = {"BAZHANOV_DATA": "my.json"}
    result = run(*args, cwd=tmp_path, env=env)
    assert result.returncode == ExitCode.USAGE
    assert result.stdout == ""
    line = one_error_line(result.stderr)
    assert f"--svg {target!r} is the same file as {way} 'my.json'" in line
    assert data.read_bytes() == before
    assert leftovers(tmp_path) == []


def test_an_output_over_the_bundled_data_is_a_usage_error() -> None:
    result = invoke("timeline", "--html", str(DATA_FILE))
    assert result.exit_code == ExitCode.USAGE
    assert "is the same file as the bundled data" in one_error_line(result.stderr)


@pytest.mark.parametrize(
    ("svg", "html"),
    [("-", "/dev/stdout"), ("/dev/stdout", "-"), ("out.txt", "-"), ("-", "./sub/../out.txt")],
)
def test_two_outputs_into_one_file_through_stdout(svg: str, html: str, tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    out = tmp_path / "out.txt"
    with out.open("wb") as stdout:
        done = run("timeline", "--svg", svg, "--html", html, cwd=tmp_path, stdout=stdout)
    assert done.returncode == ExitCode.USAGE, done.stderr
    assert "is the same file as --svg" in one_error_line(done.stderr)
    assert out.read_bytes() == b""


def test_two_outputs_through_a_hard_link(tmp_path: Path) -> None:
    (tmp_path / "a.svg").write_text("old")
    os.link(tmp_path / "a.svg", tmp_path / "b.html")
    result = run("timeline", "--svg", "a.svg", "--html", "b.html", cwd=tmp_path)
    assert result.returncode == ExitCode.USAGE
    assert "--html 'b.html' is the same file as --svg 'a.svg'" in one_error_line(result.stderr)
    assert (tmp_path / "a.svg").read_text() == "old"


def test_validate_into_one_of_its_files(data: Path, tmp_path: Path) -> None:
    before = data.read_bytes()
    with data.open("ab") as stdout:
        done = run("validate", "my.json", cwd=tmp_path, stdout=stdout)
    assert done.returncode == ExitCode.USAGE
    assert "stdout is 'my.json', a file to validate" in one_error_line(done.stderr)
    assert data.read_bytes() == before


# --- written whole, in place of the old, keeping what the file was ----------------------


def test_an_existing_file_keeps_its_mode_and_a_symlink_stays(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    real = tmp_path / "real" / "life.svg"
    real.write_text("old")
    real.chmod(0o640)
    (tmp_path / "life.svg").symlink_to(real)
    result = run("timeline", "--svg", "life.svg", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "life.svg").is_symlink()
    assert real.read_text().startswith("<?xml")
    assert real.read_text().rstrip().endswith("</svg>")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert leftovers(tmp_path) == leftovers(tmp_path / "real") == []


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_file_gets_the_umask_mode(umask: int, mode: int, tmp_path: Path) -> None:
    done = subprocess.run(
        [*COMMAND, "timeline", "--svg", "new.svg"],
        capture_output=True,
        cwd=tmp_path,
        env=process_env({}),
        timeout=60,
        preexec_fn=lambda: os.umask(umask),
    )
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE((tmp_path / "new.svg").stat().st_mode) == mode


def test_a_failing_second_file_replaces_neither(tmp_path: Path) -> None:
    (tmp_path / "life.svg").write_text("old")
    result = run("timeline", "--svg", "life.svg", "--html", "missing/life.html", cwd=tmp_path)
    assert result.returncode == ExitCode.DATA
    line = one_error_line(result.stderr)
    assert line == "Error: cannot write missing/life.html: No such file or directory"
    assert (tmp_path / "life.svg").read_text() == "old"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("interrupt", [KeyboardInterrupt, SystemExit, MemoryError])
def test_an_exception_while_writing_leaves_no_temporary_file(
    interrupt: type[BaseException], tmp_path: Path
) -> None:
    old = tmp_path / "a.svg"
    old.write_text("old")

    def second() -> str:
        raise interrupt()

    with pytest.raises(interrupt):
        files.replace_files({str(old): lambda: "new", str(tmp_path / "b.html"): second})
    assert old.read_text() == "old"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a.svg"]


@pytest.mark.parametrize(
    ("name", "reason"),
    [("x" * 300 + ".svg", "File name too long"), ("a-folder", "Is a directory")],
)
def test_a_file_that_cannot_be_named_is_one_line(name: str, reason: str, tmp_path: Path) -> None:
    (tmp_path / "a-folder").mkdir()
    result = run("timeline", "--svg", name, cwd=tmp_path)
    assert result.returncode == ExitCode.DATA
    line = one_error_line(result.stderr)
    assert line.startswith("Error: cannot write ")
    assert line.endswith(f": {reason}")
    assert len(line) <= 240


def test_an_empty_file_name_is_a_usage_error(tmp_path: Path) -> None:
    result = run("timeline", "--html", "", cwd=tmp_path)
    assert result.returncode == ExitCode.USAGE
    assert one_error_line(result.stderr) == (
        "Error: --html names no file: give a file name, or - for stdout"
    )


def test_a_device_is_written_straight(tmp_path: Path) -> None:
    result = run("timeline", "--svg", os.devnull, cwd=tmp_path)
    assert result.returncode == 0
    assert result.stderr == f"Wrote {os.devnull}\n"


# --- owners, names, and all or none across files and streams (issue 29) -----------------

OTHER_USER = 65534  # nobody: a file that is not root's


def export_over(name: str, old: bytes | None) -> list[str]:
    if old == b"database":
        connection = sqlite3.connect(name)
        connection.execute("CREATE TABLE old (v)")
        connection.close()
    return ["export", "sqlite", name]


OWNED = {
    "svg": lambda name, old: ["timeline", "--svg", name],
    "html": lambda name, old: ["timeline", "--html", name],
    "database replaced by rename": export_over,
    "database changed in place": export_over,
    "metadata": lambda name, old: ["export", "sqlite", "other.db", "--metadata", name],
    "geojson": lambda name, old: ["export", "geojson", name],
    "lpf": lambda name, old: ["export", "lpf", name],
}


@pytest.mark.parametrize("owner", [OTHER_USER, 0], ids=["another user's", "root's"])
@pytest.mark.parametrize("kind", list(OWNED))
def test_a_replaced_file_keeps_its_owner_and_mode(kind: str, owner: int, tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("giving a file to another user needs root, which CI has")
    name = tmp_path / f"target-{kind.split()[0]}"
    old = b"database" if kind == "database changed in place" else b"old\n"
    name.write_bytes(b"" if old == b"database" else old)
    args = OWNED[kind](str(name), old)
    os.chown(name, owner, owner)
    os.chmod(name, 0o640)
    inode = name.stat().st_ino
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    info = name.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (owner, owner, 0o640)
    assert name.read_bytes() != old
    assert (info.st_ino == inode) == (kind == "database changed in place")
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("owner", [OTHER_USER, 0], ids=["another user's", "root's"])
def test_an_rc_file_keeps_its_owner(owner: int, tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("giving a file to another user needs root, which CI has")
    rc_file = tmp_path / ".bashrc"
    rc_file.write_text("alias ll='ls -l'\n")
    os.chown(rc_file, owner, owner)
    os.chmod(rc_file, 0o600)
    result = run("completion", "bash", "--install", cwd=tmp_path, env={"HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    info = rc_file.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (owner, owner, 0o600)
    assert rc_file.read_text().startswith("alias ll='ls -l'\n")
    assert "bazhanov" in rc_file.read_text()


def name_of(size: int, suffix: str) -> str:
    """A Cyrillic file name of ``size`` bytes in UTF-8 (2 a letter), ending in ``suffix``."""
    letters, odd = divmod(size - len(suffix), 2)
    return "б" * letters + "x" * odd + suffix


@pytest.mark.parametrize("size", [252, 253, 254, 255])
@pytest.mark.parametrize("kind", ["svg", "database"])
def test_a_cyrillic_name_up_to_255_bytes_is_written(size: int, kind: str, here: Path) -> None:
    name = name_of(size, ".svg" if kind == "svg" else ".db")
    assert len(os.fsencode(name)) == size
    args = ["timeline", "--svg", name] if kind == "svg" else ["export", "sqlite", name]
    Path(name).write_bytes(b"old")  # replaced: a temporary file is made beside it
    result = invoke(*args)
    # The message cuts a word over 80 characters in the middle, as every message does.
    assert (result.exit_code, result.stderr) == (0, f"{one_short_line(f'Wrote {name}')}\n")
    assert os.listdir(here) == [name]
    assert Path(name).read_bytes() != b"old"


def test_temporary_names_are_cut_by_bytes_between_characters() -> None:
    assert len(os.fsencode(files._cut("б" * 200, 200))) == 200
    assert files._cut("б" * 200, 199) == "б" * 99  # never half a letter
    assert files._cut("\udcff" * 300, 200) == "\udcff" * 200  # undecodable bytes: a byte each


FOLDER_NAMES = ["new.db/", "new.db//", "sub/.", "sub/..", "./"]


@pytest.mark.parametrize("name", FOLDER_NAMES)
@pytest.mark.parametrize(
    ("role", "args"),
    [
        ("FILE", ("export", "sqlite", "{}")),
        ("--metadata", ("export", "sqlite", "b.db", "--metadata", "{}")),
        ("--svg", ("timeline", "--svg", "{}")),
        ("--html", ("timeline", "--html", "{}", "--svg", "a.svg")),
    ],
)
def test_a_name_that_names_a_folder_is_refused(
    role: str, args: tuple[str, ...], name: str, here: Path
) -> None:
    Path("sub").mkdir()
    result = invoke(*(arg.format(name) for arg in args))
    assert (result.exit_code, result.stdout) == (ExitCode.USAGE, "")
    assert result.stderr == (
        f"Error: {role} {name!r} names a folder, not a file: give a file name\n"
    )
    assert os.listdir(here) == ["sub"]
    assert os.listdir("sub") == []


@pytest.mark.parametrize("name", FOLDER_NAMES)
def test_the_library_refuses_a_folder_name_too(name: str, tmp_path: Path) -> None:
    with pytest.raises(files.WriteError, match="is not a file name: it names a folder"):
        files.replace_files({f"{tmp_path}/{name}": lambda: "x"})
    assert list(tmp_path.iterdir()) == []


def test_a_failing_stream_replaces_no_file(tmp_path: Path) -> None:
    old = tmp_path / "a.svg"
    old.write_text("old")

    def full(text: str) -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space"):
        files.replace_files({str(old): lambda: "new", "-": lambda: "out"}, stdout=full)
    assert old.read_text() == "old"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a.svg"]


def test_every_path_is_checked_before_anything_is_written(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)  # opened for writing, it would wait for a reader: it is never opened
    documents = {str(fifo): lambda: "stream", str(tmp_path / "missing" / "b.svg"): lambda: "x"}
    with pytest.raises(files.WriteError, match="No such file or directory"):
        files.replace_files(documents)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["pipe"]


@pytest.mark.parametrize(
    ("path", "descriptor"),
    [
        ("/dev/stdin", 0),
        ("/dev/stdout", 1),
        ("/dev/stderr", 2),
        ("/dev/fd/7", 7),
        ("/proc/self/fd/1", 1),
        ("/proc/thread-self/fd/2", 2),
        ("/proc/{pid}/fd/5", 5),
        ("/dev/./fd/../stdout", 1),
        ("link-to-stdout", 1),
        ("link-to-a-link-to-fd-3", 3),
        ("/dev/null", None),
        ("/proc/1/fd/1", None),  # another process's: not ours to write to
        ("/dev/fd", None),
        ("plain.svg", None),
    ],
)
def test_descriptor_paths_are_recognised(path: str, descriptor: int | None, here: Path) -> None:
    os.symlink("/dev/stdout", "link-to-stdout")
    os.symlink("/dev/fd/3", "fd-3")
    os.symlink("fd-3", "link-to-a-link-to-fd-3")
    assert files.descriptor_of(path.format(pid=os.getpid())) == descriptor


# --- kills and full disks ------------------------------------------------------------------


@pytest.fixture(scope="module")
def big_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """10,000 events: the web page is about 10 MB, long enough to kill mid-write."""
    path = tmp_path_factory.mktemp("big") / "big.json"
    bench = REPO / "benchmarks" / "bench.py"
    subprocess.run([sys.executable, str(bench), "--write-big-file", "10000", str(path)], check=True)
    return path


def written(folder: Path, name: str, new: bytes) -> bool:
    """Whether ``name`` in ``folder`` has been replaced by the new file (one rename, whole)."""
    try:
        return (folder / name).stat().st_size == len(new)
    except FileNotFoundError:
        return False


# Slow: a big file (10,000 events) written and killed five times.
@pytest.mark.slow
def test_a_kill_at_any_moment_leaves_the_old_file_or_the_new(
    big_data: Path, tmp_path: Path
) -> None:
    args = ["--data", str(big_data), "timeline", "--svg", "life.svg", "--html", "life.html"]
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    assert run(*args, cwd=fresh).returncode == 0
    new = {name: (fresh / name).read_bytes() for name in ("life.svg", "life.html")}
    old = {"life.svg": b"<svg>old</svg>\n", "life.html": b"<html>old</html>\n"}
    # Each kill comes when the folder shows a moment of the write, not after a guessed time:
    # before anything is written, while each temporary file is there, once the first file is
    # replaced, and once both are.
    moments = {
        "at start": lambda folder: True,
        "a temporary file": lambda folder: bool(leftovers(folder)),
        "both temporary files": lambda folder: len(leftovers(folder)) == 2,
        "one file replaced": lambda folder: any(written(folder, n, new[n]) for n in new),
        "both files replaced": lambda folder: all(written(folder, n, new[n]) for n in new),
    }
    seen = set()
    mid_write = 0
    for attempt, (moment, came) in enumerate(moments.items()):
        folder = tmp_path / f"kill-{attempt}"
        folder.mkdir()
        for name, content in old.items():
            (folder / name).write_bytes(content)
        program = subprocess.Popen(
            [*COMMAND, *args],
            cwd=folder,
            env=process_env({}),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120  # only bounds a hang
        while not came(folder) and program.poll() is None:
            assert time.monotonic() < deadline, f"the write never reached {moment}"
            time.sleep(0.001)
        program.send_signal(signal.SIGKILL)
        program.wait(timeout=60)
        states = []
        for name in old:
            content = (folder / name).read_bytes()
            assert content in (old[name], new[name]), f"{name} is neither whole after a kill"
            states.append(content == new[name])
        seen.add(tuple(states))
        # SIGKILL may leave a temporary file; it is hidden and named after its target.
        for left in leftovers(folder):
            assert left.startswith((".life.svg.", ".life.html.")), left
        mid_write += bool(leftovers(folder))
    # Kills before the writes, while they were under way and after them: all three held.
    assert mid_write, "no kill came while the files were being written"
    assert len(seen) > 1, "every kill came before the renames or after them"


def test_a_kill_while_a_database_is_changed_leaves_the_old_or_the_new(
    big_data: Path, tmp_path: Path
) -> None:
    # An existing database is changed in place by SQLite: a kill leaves its journal, which
    # the next client rolls back. Whatever the moment, a client reads one whole database.
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    assert run("export", "sqlite", "old.db", cwd=fresh).returncode == 0
    args = ["--data", str(big_data), "export", "sqlite", "x.db"]
    started = time.monotonic()
    assert run(*args, cwd=fresh).returncode == 0
    took = time.monotonic() - started
    counts = {}
    for name in ("old.db", "x.db"):
        connection = sqlite3.connect(fresh / name)
        counts[name] = connection.execute("SELECT count(*) FROM events").fetchone()[0]
        connection.close()
    chance = random.Random(29)
    for attempt in range(12):
        folder = tmp_path / f"kill-{attempt}"
        folder.mkdir()
        (folder / "x.db").write_bytes((fresh / "old.db").read_bytes())
        program = subprocess.Popen(
            [*COMMAND, *args],
            cwd=folder,
            env=process_env({}),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(chance.uniform(0.3, 1.2) * took)
        program.send_signal(signal.SIGKILL)
        program.wait(timeout=60)
        connection = sqlite3.connect(folder / "x.db")
        try:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            events = connection.execute("SELECT count(*) FROM events").fetchone()[0]
        finally:
            connection.close()
        assert events in (counts["old.db"], counts["x.db"])
        for left in leftovers(folder):  # only SIGKILL leaves one, named after its target
            assert left.startswith(".x.db."), left


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MiB tmpfs: CI runs as root; elsewhere the test says why it cannot run."""
    with small_tmpfs(tmp_path / "disk", "1m") as disk:
        yield disk


def test_a_full_disk_keeps_the_old_files(big_data: Path, small_disk: Path) -> None:
    old = {"life.svg": b"<svg>old</svg>\n", "life.html": b"<html>old</html>\n"}
    for name, content in old.items():
        (small_disk / name).write_bytes(content)
    result = run(
        "--data",
        str(big_data),
        "timeline",
        "--svg",
        "life.svg",
        "--html",
        "life.html",
        cwd=small_disk,
    )
    assert result.returncode == ExitCode.DATA
    line = one_error_line(result.stderr)
    assert line.startswith("Error: cannot write life.")
    assert line.endswith(": No space left on device")
    assert {name: (small_disk / name).read_bytes() for name in old} == old
    assert sorted(path.name for path in small_disk.iterdir()) == sorted(old)


# --- bounded inputs ---------------------------------------------------------------------


@pytest.mark.parametrize("how", ["--data", "validate"])
def test_a_device_that_never_ends_stops(how: str, tmp_path: Path) -> None:
    args = ["--data", "/dev/zero", "facts"] if how == "--data" else ["validate", "/dev/zero"]
    result = run(*args, cwd=tmp_path)  # its timeout bounds a read that never ends
    assert result.returncode == ExitCode.DATA
    assert one_error_line(result.stderr) == (
        "Error: /dev/zero: larger than 1 GiB, the most a data file may be"
    )


def test_a_huge_sparse_file_is_refused_unread(tmp_path: Path) -> None:
    huge = tmp_path / "huge.json"
    with huge.open("wb") as file:
        file.truncate(2 << 30)
    result = run("validate", "huge.json", cwd=tmp_path)  # its timeout bounds a hang
    assert result.returncode == ExitCode.DATA
    assert result.stdout == "huge.json: larger than 1 GiB, the most a data file may be\n"


def test_a_pipe_is_a_data_file() -> None:
    done = subprocess.run(
        ["bash", "-c", 'exec "$@" --data <(cat "$DATA") events --year 1928 --json', "-", *COMMAND],
        capture_output=True,
        text=True,
        env=process_env({"DATA": str(DATA_FILE)}),
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "defection" in {event["id"] for event in json.loads(done.stdout)}


# --- duplicate keys -----------------------------------------------------------------------


def _with_repeated_title(text: str) -> str:
    events = text.index('"events"')
    title = text.index('"title"', events)
    return f'{text[:title]}"title": "A title lost", {text[title:]}'


def _spaced(text: str) -> str:
    return json.dumps(json.loads(text), separators=(", ", " : "))


def _one_key_spaced(text: str) -> str:
    """One key written ``"key" : value``, so that ``":`` counts one key fewer."""
    return text.replace('"sources": ', '"sources" : ', 1)


def _isbn_left_out(text: str) -> str:
    data = json.loads(text)
    del data["editions"][0]["isbn"]
    return json.dumps(data, indent=2, ensure_ascii=False)


@pytest.mark.parametrize(
    "shape",
    [
        pytest.param(lambda text: text, id="as-written"),
        pytest.param(_spaced, id="spaced-colons"),
        pytest.param(_isbn_left_out, id="a-key-left-out"),
        pytest.param(_one_key_spaced, id="one-key-spaced"),
    ],
)
def test_a_repeated_key_is_a_problem_with_its_path(shape: object, here: Path) -> None:
    assert callable(shape)
    text = _with_repeated_title(shape(DATA_FILE.read_text(encoding="utf-8")))
    (here / "dup.json").write_text(text, encoding="utf-8")
    problem = "dup.json: events[0].title: the key is there 2 times in one object"
    checked = invoke("validate", "dup.json")
    assert checked.exit_code == ExitCode.DATA
    assert checked.stdout == f"{problem}\n"
    records = json.loads(invoke("validate", "dup.json", "--format", "json").stdout)
    assert records == [
        {"file": "dup.json", "path": "events[0].title", "message": problem.split(": ", 2)[2]}
    ]
    used = invoke("--data", "dup.json", "events", "--json")
    assert used.exit_code == ExitCode.DATA
    assert used.stdout == ""
    assert one_error_line(used.stderr) == f"Error: {problem}"


@pytest.mark.parametrize("shape", [_spaced, _isbn_left_out, _one_key_spaced])
def test_the_same_file_without_repeats_is_valid(shape: object, here: Path) -> None:
    assert callable(shape)
    (here / "ok.json").write_text(shape(DATA_FILE.read_text(encoding="utf-8")), encoding="utf-8")
    result = invoke("validate", "ok.json")
    assert result.exit_code == 0, result.stdout
    assert result.stderr.startswith("ok.json: valid (")


def test_a_repeated_key_beside_other_problems(here: Path) -> None:
    text = _with_repeated_title(DATA_FILE.read_text(encoding="utf-8"))
    date = text.index('"date": "', text.index('"events"')) + len('"date": "')
    text = f"{text[:date]}1928-02-30{text[date + 10 :]}"
    (here / "dup.json").write_text(text, encoding="utf-8")
    result = invoke("validate", "dup.json")
    assert result.exit_code == ExitCode.DATA
    assert "dup.json: events[0].title: the key is there 2 times in one object" in result.stdout
    assert "'1928-02-30' is not a valid date" in result.stdout
