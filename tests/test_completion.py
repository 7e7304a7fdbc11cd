"""Shell completion: the scripts, and installing them without ever breaking an rc file.

Real processes with HOME in a temporary folder: the rc file and the script are
files on a disk, a full one too, and which shell runs bazhanov is a fact about
its parent processes.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from bazhanov_cli.errors import ExitCode

from .conftest import COMMAND, process_env, small_tmpfs

SUPPORTED = "bash, zsh, fish"


def run(
    *args: str, home: Path | None, env: dict[str, str | None] | None = None
) -> subprocess.CompletedProcess[str]:
    """``bazhanov ARGS`` with HOME (None: unset) and the working directory in ``home``'s folder."""
    where = home if home is not None and home.is_dir() else Path("/")
    return subprocess.run(
        [*COMMAND, *args],
        capture_output=True,
        text=True,
        cwd=where,
        env=process_env({"HOME": None if home is None else str(home), **(env or {})}),
        timeout=120,
    )


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    return lines[0]


def bash_script_path(home: Path) -> Path:
    return home / ".bash_completions" / "bazhanov.sh"


def source_line(home: Path) -> str:
    return "source '" + str(bash_script_path(home)).replace("'", "'\\''") + "'"


@pytest.fixture
def short_tmp() -> Iterator[Path]:
    """A temporary folder with a short path: messages cut a word over 80 characters."""
    made = Path(tempfile.mkdtemp(prefix="bz"))
    try:
        yield made
    finally:
        shutil.rmtree(made, ignore_errors=True)


@pytest.fixture
def home(short_tmp: Path) -> Path:
    made = short_tmp / "home"
    made.mkdir()
    return made


@pytest.fixture
def on_path(tmp_path: Path) -> Path:
    """A folder with a ``bazhanov`` that runs this checkout, for shells to find by name."""
    folder = tmp_path / "bin"
    folder.mkdir()
    program = folder / "bazhanov"
    command = " ".join(f"'{part}'" for part in COMMAND)
    program.write_text(f'#!/bin/sh\nexec {command} "$@"\n')
    program.chmod(0o755)
    return folder


# --- the scripts -----------------------------------------------------------------------


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_command_prints_each_shells_script(shell: str, home: Path) -> None:
    printed = run("completion", shell, home=home)
    assert printed.returncode == 0, printed.stderr
    assert printed.stderr == ""
    assert printed.stdout.endswith("\n")
    # The runtime protocol the script calls back, Typer's, unchanged.
    assert f"_BAZHANOV_COMPLETE=complete_{shell}" in printed.stdout
    assert list(home.iterdir()) == []  # printing writes nothing


def test_the_bash_script_parses() -> None:
    if shutil.which("bash") is None:
        pytest.skip("no bash here")
    script = subprocess.run(
        [*COMMAND, "completion", "bash"], capture_output=True, text=True, check=True
    ).stdout
    assert "complete -o default -F _bazhanov_completion bazhanov" in script
    subprocess.run(["bash", "-n"], input=script, text=True, check=True)


# --- installing ------------------------------------------------------------------------


def test_installing_twice_adds_one_line(home: Path) -> None:
    rc = home / ".bashrc"
    rc.write_text("export EDITOR=vi")  # no newline at the end
    first = run("completion", "bash", "--install", home=home)
    assert first.returncode == 0, first.stderr
    assert first.stdout == ""
    assert first.stderr == (
        f"Installed bash completion in {bash_script_path(home)}, loaded by {rc}; "
        "it works in new shells.\n"
    )
    after_one = rc.read_text()
    assert after_one == (
        "export EDITOR=vi\n\n"
        "# Completion for bazhanov, added by 'bazhanov completion --install'\n"
        f"{source_line(home)}\n"
    )
    second = run("completion", "bash", "--install", home=home)
    assert second.returncode == 0, second.stderr
    assert f"which {rc} already loads" in second.stderr
    assert rc.read_text() == after_one
    assert rc.read_text().count(source_line(home)) == 1
    assert "_BAZHANOV_COMPLETE=complete_bash" in bash_script_path(home).read_text()
    # Nothing else is left in the home folder: no temporary file beside either.
    assert sorted(path.name for path in home.iterdir()) == [".bash_completions", ".bashrc"]
    assert [path.name for path in bash_script_path(home).parent.iterdir()] == ["bazhanov.sh"]


def test_a_line_typer_installed_is_not_repeated(home: Path) -> None:
    rc = home / ".bashrc"
    before = f"alias ll='ls -l'\n\n{source_line(home)}\n"
    rc.write_text(before)
    result = run("completion", "bash", "--install", home=home)
    assert result.returncode == 0, result.stderr
    assert rc.read_text() == before
    assert bash_script_path(home).is_file()


def test_the_rc_file_keeps_its_mode_and_its_symlink(home: Path, short_tmp: Path) -> None:
    dotfiles = short_tmp / "dotfiles"
    dotfiles.mkdir()
    real = dotfiles / "bashrc"
    real.write_text("set -o vi\n")
    real.chmod(0o600)
    (home / ".bashrc").symlink_to(real)
    result = run("completion", "bash", "--install", home=home)
    assert result.returncode == 0, result.stderr
    assert (home / ".bashrc").is_symlink()
    assert os.readlink(home / ".bashrc") == str(real)
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert real.read_text().startswith("set -o vi\n\n")
    assert real.read_text().endswith(f"{source_line(home)}\n")
    assert sorted(path.name for path in dotfiles.iterdir()) == ["bashrc"]


def test_the_installed_script_really_completes(short_tmp: Path, on_path: Path) -> None:
    if shutil.which("bash") is None:
        pytest.skip("no bash here")
    # A home folder a careless installer would break: a quote and a space in its path.
    home = short_tmp / "it's home"
    home.mkdir()
    result = run("completion", "bash", "--install", home=home)
    assert result.returncode == 0, result.stderr
    probe = (
        "source ~/.bashrc || exit 9\n"
        "complete -p bazhanov\n"
        "COMP_WORDS=(bazhanov ev); COMP_CWORD=1; _bazhanov_completion bazhanov\n"
        'printf "offered %s\\n" "${COMPREPLY[@]}"\n'
        "COMP_WORDS=(bazhanov events --category assa); COMP_CWORD=3\n"
        "_bazhanov_completion bazhanov\n"
        'printf "offered %s\\n" "${COMPREPLY[@]}"\n'
    )
    shell = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", probe],
        capture_output=True,
        text=True,
        env=process_env({"HOME": str(home), "PATH": f"{on_path}:{os.environ['PATH']}"}),
        timeout=120,
    )
    assert shell.returncode == 0, shell.stderr
    assert shell.stderr == ""
    lines = shell.stdout.splitlines()
    assert lines[0] == "complete -o default -F _bazhanov_completion bazhanov"
    assert lines[1:] == ["offered events", "offered assassination-attempt"]


def test_zsh_and_fish_go_where_those_shells_look(home: Path) -> None:
    zsh = run("completion", "zsh", "--install", home=home)
    assert zsh.returncode == 0, zsh.stderr
    assert "#compdef bazhanov" in (home / ".zfunc" / "_bazhanov").read_text()
    zshrc = (home / ".zshrc").read_text()
    assert zshrc == (
        "# Completion for bazhanov, added by 'bazhanov completion --install'\n"
        "fpath+=~/.zfunc; autoload -Uz compinit; compinit\n"
    )
    assert run("completion", "zsh", "--install", home=home).returncode == 0
    assert (home / ".zshrc").read_text() == zshrc
    fish = run("completion", "fish", "--install", home=home)
    assert fish.returncode == 0, fish.stderr
    script = home / ".config" / "fish" / "completions" / "bazhanov.fish"
    assert "_BAZHANOV_COMPLETE=complete_fish" in script.read_text()
    assert sorted(path.name for path in home.iterdir()) == [".config", ".zfunc", ".zshrc"]


def test_completing_the_option_installs_nothing(home: Path) -> None:
    """A shell asking what may follow `completion bash --install` must not install it."""
    result = run(
        home=home,
        env={
            "_BAZHANOV_COMPLETE": "complete_bash",
            "COMP_WORDS": "bazhanov completion bash --install ",
            "COMP_CWORD": "4",
        },
    )
    assert result.returncode == 0, result.stderr
    assert list(home.iterdir()) == []


# --- failures: one line each, and the rc file as it was ---------------------------------


@pytest.mark.parametrize("home_value", [None, ""])
def test_no_home(home_value: str | None, tmp_path: Path) -> None:
    env = {} if home_value is None else {"HOME": home_value}
    result = subprocess.run(
        [*COMMAND, "completion", "bash", "--install"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=process_env({"HOME": None, **env}),
        timeout=120,
    )
    assert result.returncode == ExitCode.DATA
    assert one_error_line(result).startswith("Error: HOME is not set")
    assert list(tmp_path.iterdir()) == []


def test_a_home_that_is_not_a_folder(short_tmp: Path) -> None:
    result = run("completion", "bash", "--install", home=short_tmp / "nowhere")
    assert result.returncode == ExitCode.DATA
    assert one_error_line(result) == (
        f"Error: HOME is '{short_tmp / 'nowhere'}', which is not a folder: set HOME to your own"
    )


@pytest.fixture
def read_only_folder(short_tmp: Path) -> Iterator[Path]:
    """A folder nobody may write in: its mode for a user, a read-only bind mount for root."""
    folder = short_tmp / "locked"
    folder.mkdir()
    (folder / "bashrc").write_text("export A=1\n")
    if os.geteuid() != 0:
        folder.chmod(0o555)
        (folder / "bashrc").chmod(0o444)
        yield folder
        folder.chmod(0o755)
        return
    for step in (["--bind", str(folder), str(folder)], ["-o", "remount,bind,ro", str(folder)]):
        mounted = subprocess.run(["mount", *step], capture_output=True, text=True)
        if mounted.returncode != 0:
            subprocess.run(["umount", str(folder)], check=False, capture_output=True)
            pytest.skip(f"root ignores modes, and a read-only mount fails: {mounted.stderr}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def test_an_rc_file_that_cannot_be_written(home: Path, read_only_folder: Path) -> None:
    rc = home / ".bashrc"
    rc.symlink_to(read_only_folder / "bashrc")
    result = run("completion", "bash", "--install", home=home)
    assert result.returncode == ExitCode.DATA
    line = one_error_line(result)
    assert line.startswith(f"Error: cannot write {rc}: ")
    assert line.endswith(("Read-only file system", "Permission denied"))
    assert (read_only_folder / "bashrc").read_text() == "export A=1\n"
    # All or none: the script was not installed without the line that loads it.
    assert not bash_script_path(home).exists()
    assert [path.name for path in bash_script_path(home).parent.iterdir()] == []


def test_an_rc_file_that_is_not_utf8_is_left_alone(home: Path) -> None:
    rc = home / ".bashrc"
    rc.write_bytes(b"# caf\xe9\n")
    result = run("completion", "bash", "--install", home=home)
    assert result.returncode == ExitCode.DATA
    assert one_error_line(result) == (
        f"Error: {rc} is not UTF-8 text, so it is left alone: add the line "
        f"{source_line(home)} yourself"
    )
    assert rc.read_bytes() == b"# caf\xe9\n"


@pytest.fixture
def full_home(short_tmp: Path) -> Iterator[Path]:
    """A 64 KiB tmpfs as HOME, with an rc file, filled to the last byte."""
    with small_tmpfs(short_tmp / "disk", "64k") as disk:
        (disk / ".bashrc").write_text("export A=1\n" * 100)
        filler = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT)
        try:
            while os.write(filler, b"x" * 512):
                pass
        except OSError:  # full
            pass
        finally:
            os.close(filler)
        yield disk


def test_a_full_disk_leaves_the_rc_file_whole(full_home: Path) -> None:
    result = run("completion", "bash", "--install", home=full_home)
    assert result.returncode == ExitCode.DATA
    line = one_error_line(result)
    assert line.startswith(f"Error: cannot write {full_home}/.bash")
    assert line.endswith(": No space left on device")
    assert (full_home / ".bashrc").read_text() == "export A=1\n" * 100
    # No temporary file left, and no script without the line that loads it (an empty
    # folder for it may stay).
    left = sorted(path.name for path in full_home.iterdir())
    assert left in ([".bashrc", "filler"], [".bash_completions", ".bashrc", "filler"]), left
    assert not any(bash_script_path(full_home).parent.glob("*"))


# --- shells we do not complete for ------------------------------------------------------


@pytest.mark.parametrize("install", [[], ["--install"]])
@pytest.mark.parametrize("shell", ["sh", "PowerShell", "tcsh"])
def test_a_shell_we_do_not_complete_for(shell: str, install: list[str], home: Path) -> None:
    result = run("completion", shell, *install, home=home)
    assert result.returncode == ExitCode.USAGE
    assert one_error_line(result) == (
        f"Error: Invalid value for 'SHELL': {shell!r} is not one of 'bash', 'zsh', 'fish'."
    )
    assert list(home.iterdir()) == []


def test_run_from_sh(home: Path) -> None:
    """`sh -c 'bazhanov completion --install'`: sh is found, and it is not one we support."""
    command = " ".join(f"'{part}'" for part in COMMAND)
    # `; exit $?` keeps sh as the parent: a lone command would be exec'd in its place.
    result = subprocess.run(
        ["sh", "-c", f"{command} completion --install; exit $?"],
        capture_output=True,
        text=True,
        env=process_env({"HOME": str(home)}),
        timeout=120,
    )
    assert result.returncode == ExitCode.USAGE
    assert one_error_line(result) == (
        "Error: no completion for 'sh' (the shell running bazhanov): there is completion for "
        f"{SUPPORTED}; name one, as in 'bazhanov completion bash'"
    )
    assert list(home.iterdir()) == []


@pytest.mark.parametrize("install", [[], ["--install"]])
def test_no_shell_to_detect(install: list[str], home: Path) -> None:
    """No parent process at all (PID 1 of its own namespace, as under some cron and CI)."""
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("a process without parents needs unshare, as root")
    result = subprocess.run(
        ["unshare", "--pid", "--fork", "--mount-proc", *COMMAND, "completion", *install],
        capture_output=True,
        text=True,
        env=process_env({"HOME": str(home)}),
        timeout=120,
    )
    if result.returncode != ExitCode.USAGE and result.stderr.startswith("unshare:"):
        pytest.skip(f"unshare is not allowed here: {result.stderr.strip()}")
    assert result.returncode == ExitCode.USAGE
    assert one_error_line(result) == (
        "Error: cannot tell which shell this is: name it, as in 'bazhanov completion bash' "
        f"(one of {SUPPORTED})"
    )
    assert list(home.iterdir()) == []
