"""Shell completion: which shell, its script, and installing it without risking the rc file.

The script is the one Typer's completion runtime answers (``_BAZHANOV_COMPLETE=
complete_bash`` and the like), asked of our own program in click's documented
"source" mode (``_BAZHANOV_COMPLETE=source_bash``), so the script and the
runtime always come from the same Typer. Only these commands import this module.

Installing writes the script to the shell's usual place and, for bash and zsh,
adds one line to the rc file that loads it, once: the rc file is read, the line
appended, and the whole file replaced atomically by ``files.replace_files``
(through a symlink, keeping its mode), so it is the old file or the new one,
never a mix. Typer's own installer rewrote the rc file in place; a full disk
left it ending in ``source '``.
"""

from __future__ import annotations

import os
from typing import Any, NamedTuple, cast, get_args

from ..choices import Shell
from ..errors import BazhanovError, UsageError

COMPLETE_VAR = "_BAZHANOV_COMPLETE"
"""The environment variable the scripts set to ask ``bazhanov`` for completions."""

SHELLS: tuple[str, ...] = get_args(Shell)


class Installed(NamedTuple):
    """Where the script went, and the rc file that loads it (None: the shell finds it)."""

    script: str
    rc_file: str | None
    rc_changed: bool


def shell_named(name: str | None, how: str) -> Shell:
    """The shell ``name`` names (any case), or the one running for None or ''.

    ``how`` is the command line that takes a shell's name (``bazhanov completion``),
    for the message that says how to name one.
    """
    given = (name or "").strip().lower()
    running = ""
    if not given:
        detected = _running_shell()
        if detected is None:
            raise UsageError(
                f"cannot tell which shell this is: name it, as in '{how} bash' "
                f"(one of {', '.join(SHELLS)})"
            )
        given, running = detected, " (the shell running bazhanov)"
    if given not in SHELLS:
        raise UsageError(
            f"no completion for {given!r}{running}: there is completion for "
            f"{', '.join(SHELLS)}; name one, as in '{how} bash'"
        )
    return cast(Shell, given)


def _running_shell() -> str | None:
    """The nearest shell among this process's parents, as Typer finds it (shellingham)."""
    import shellingham  # type: ignore[import-untyped]

    try:
        name, _ = shellingham.detect_shell()
    except (shellingham.ShellDetectionFailure, RuntimeError):
        return None
    return str(name).lower()


def script(shell: Shell, program: Any) -> str:
    """The completion script for ``shell``, as ``program`` (our root command) prints it.

    Click's documented source mode, run in this process: with ``_BAZHANOV_COMPLETE=
    source_bash`` set, the command's ``main`` prints the script and exits before
    it parses anything. Its stdout is captured and the variable put back.
    """
    import contextlib
    import io

    before = os.environ.get(COMPLETE_VAR)
    os.environ[COMPLETE_VAR] = f"source_{shell}"
    captured = io.StringIO()
    code: object = None
    try:
        with contextlib.redirect_stdout(captured):
            program.main(args=[], prog_name="bazhanov", standalone_mode=False)
    except SystemExit as done:
        code = done.code
    finally:
        if before is None:
            del os.environ[COMPLETE_VAR]
        else:
            os.environ[COMPLETE_VAR] = before
    text = captured.getvalue().strip()
    if code not in (0, None) or not text:
        raise BazhanovError(f"cannot make the {shell} completion script (exit code {code})")
    return text + "\n"


# --- installing ------------------------------------------------------------------------

RC_COMMENT = "# Completion for bazhanov, added by 'bazhanov completion --install'"


def install(shell: Shell, program: Any) -> Installed:
    """Write the script where ``shell`` looks, and make the rc file load it, once."""
    home = _home()
    text = script(shell, program)
    place, rc_file, line = _layout(shell, home)
    documents = {place: lambda: text}
    changed = False
    if rc_file is not None:
        old = _read_rc(rc_file, line)
        if line not in old.splitlines():  # already there: the rc file is not touched
            # A blank line apart from what is there, and the old last line ended.
            separator = "" if not old else "\n" if old.endswith("\n") else "\n\n"
            new = f"{old}{separator}{RC_COMMENT}\n{line}\n"
            documents[rc_file] = lambda: new
            changed = True
    _make_folder(os.path.dirname(place))
    from ..output import files

    files.replace_files(documents)  # the script first, then the rc file: all or none
    return Installed(place, rc_file, changed)


def _home() -> str:
    home = os.environ.get("HOME", "")
    if not home:
        raise BazhanovError(
            "HOME is not set, and completion is installed in your home folder: set HOME, "
            "or print the script with 'bazhanov completion SHELL' and place it yourself"
        )
    if not os.path.isabs(home) or not os.path.isdir(home):
        raise BazhanovError(f"HOME is {home!r}, which is not a folder: set HOME to your own")
    return home


def _layout(shell: Shell, home: str) -> tuple[str, str | None, str]:
    """The script's path, the rc file that loads it, and the line that does.

    Typer's places and lines, so an installation Typer made is found and not repeated.
    """
    if shell == "bash":
        place = os.path.join(home, ".bash_completions", "bazhanov.sh")
        return place, os.path.join(home, ".bashrc"), f"source {_single_quoted(place)}"
    if shell == "zsh":
        rc_folder = os.environ.get("ZDOTDIR") or home
        place = os.path.join(home, ".zfunc", "_bazhanov")
        line = "fpath+=~/.zfunc; autoload -Uz compinit; compinit"
        return place, os.path.join(rc_folder, ".zshrc"), line
    config = os.environ.get("XDG_CONFIG_HOME", "")
    config = config if os.path.isabs(config) else os.path.join(home, ".config")
    return os.path.join(config, "fish", "completions", "bazhanov.fish"), None, ""


def _single_quoted(text: str) -> str:
    """``text`` as one shell word in single quotes (as Typer writes it, and safe for any ')."""
    return "'" + text.replace("'", "'\\''") + "'"


def _read_rc(rc_file: str, line: str) -> str:
    """The rc file's text ('' when there is none yet); a file we cannot keep whole is refused."""
    try:
        with open(rc_file, "rb") as file:
            content = file.read()
    except FileNotFoundError:
        return ""
    except OSError as error:
        raise BazhanovError(f"cannot read {rc_file}: {error.strerror or error}") from None
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        raise BazhanovError(
            f"{rc_file} is not UTF-8 text, so it is left alone: add the line {line} yourself"
        ) from None


def _make_folder(folder: str) -> None:
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as error:
        raise BazhanovError(f"cannot write {folder}: {error.strerror or error}") from None
