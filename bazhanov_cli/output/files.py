"""Files we write: each replaced whole or not at all, and never one we read.

A document is written to a hidden temporary file beside its target
(``.NAME.XXXXXXXX.tmp``), flushed to the disk, and renamed over the target, so a
kill or a full disk at any moment leaves the old file whole or the new one whole.
Several documents are all written before any is renamed: if one cannot be
written, no target is touched. A temporary file is removed on any exception
(a SIGTERM raised as one too); only SIGKILL can leave one, recognisably named.

Before anything is written, ``check_outputs`` refuses an output that is an
input or another output, by the identity of the file (device and inode: a
symlink, a hard link, ``./a/../x``, ``/dev/stdout`` for ``-``) or, for a file
not there yet, by its normalized real path.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping

from ..errors import BazhanovError, UsageError

STDOUT = "-"
"""The name of stdout among outputs."""


class WriteError(BazhanovError):
    """A file cannot be written; the message names it and the system's reason."""


class BuiltAt:
    """A document that is a file built in place, such as a database: ``build(path)`` makes
    it at ``path``, an empty file, and raises ``OSError`` if it cannot."""

    __slots__ = ("build",)

    def __init__(self, build: Callable[[str], None]) -> None:
        self.build = build


Content = Callable[[], str] | BuiltAt
"""Text, written as UTF-8, or a file built at the temporary path."""


def replace_files(documents: Mapping[str, Content]) -> None:
    """Write each document to its path atomically; all of them or none.

    A symlink is written through: its target is replaced and the link stays.
    An existing file keeps its permission bits; a new one gets 0o666 less the umask.
    A device or a pipe (``/dev/stdout``, ``>(gzip > x)``) has no old content to
    keep whole: it is written straight, once every file is ready.
    """
    staged: list[tuple[str, str, str]] = []  # (path as given, temporary file, real target)
    streams: list[tuple[str, bytes]] = []
    renamed = 0
    try:
        for path, document in documents.items():
            target = _real_target(path)
            if target is None:
                streams.append((path, _content(path, document)))
                continue
            temporary = _stage(path, target, staged)
            if isinstance(document, BuiltAt):
                _build_whole(path, temporary, document, _mode_for(target))
            else:
                _write_whole(path, temporary, document().encode("utf-8"), _mode_for(target))
        for path, temporary, target in staged:
            try:
                os.replace(temporary, target)
            except OSError as error:
                raise _cannot_write(path, error) from None
            renamed += 1
        for folder in {os.path.dirname(target) for _, _, target in staged}:
            _sync_folder(folder)
        for path, content in streams:
            try:
                with open(path, "wb") as stream:
                    stream.write(content)
            except OSError as error:
                raise _cannot_write(path, error) from None
    finally:
        for _, temporary, _ in staged[renamed:]:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _content(path: str, document: Content) -> bytes:
    """The bytes of a document for a stream: a built file is built in a folder of its own."""
    if not isinstance(document, BuiltAt):
        return document().encode("utf-8")
    with tempfile.TemporaryDirectory() as folder:
        built = os.path.join(folder, "built")
        open(built, "wb").close()
        try:
            document.build(built)
            with open(built, "rb") as file:
                return file.read()
        except OSError as error:
            raise _cannot_write(path, error) from None


def _build_whole(path: str, temporary: str, document: BuiltAt, mode: int) -> None:
    try:
        document.build(temporary)
        with open(temporary, "rb+") as file:
            os.fchmod(file.fileno(), mode)
            os.fsync(file.fileno())
    except OSError as error:
        raise _cannot_write(path, error) from None


def _real_target(path: str) -> str | None:
    """The file to replace: ``path`` itself, or what its symlinks point to; None for a stream."""
    if not path:
        raise WriteError("cannot write '': the path is empty")
    target = os.path.realpath(path)
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return target
    except OSError as error:
        raise _cannot_write(path, error) from None
    if stat.S_ISDIR(info.st_mode):
        raise _cannot_write(path, OSError(errno.EISDIR, os.strerror(errno.EISDIR)))
    if not os.access(target, os.W_OK):  # a read-only file is the user's "keep this"
        raise _cannot_write(path, OSError(errno.EACCES, os.strerror(errno.EACCES)))
    return target if stat.S_ISREG(info.st_mode) else None


def _stage(path: str, target: str, staged: list[tuple[str, str, str]]) -> str:
    """Create the hidden temporary file beside ``target`` and record it at once."""
    folder, name = os.path.split(target)
    try:
        # The name is cut so that the temporary one stays within NAME_MAX.
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{name[:200]}.", suffix=".tmp", dir=folder or "."
        )
    except OSError as error:
        raise _cannot_write(path, error) from None
    os.close(descriptor)
    staged.append((path, temporary, target))
    return temporary


def _write_whole(path: str, temporary: str, content: bytes, mode: int) -> None:
    try:
        with open(temporary, "wb") as file:
            os.fchmod(file.fileno(), mode)
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
    except OSError as error:
        raise _cannot_write(path, error) from None


def _mode_for(target: str) -> int:
    """An existing file's permission bits, or a new file's: 0o666 less the umask."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_folder(folder: str) -> None:
    """Make the renames themselves durable; a folder that cannot be synced is no failure."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder or ".", os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def _cannot_write(path: str, error: OSError) -> WriteError:
    return WriteError(f"cannot write {path}: {error.strerror or error}")


# --- which file is which ---------------------------------------------------------------


def check_outputs(outputs: Mapping[str, str], inputs: Mapping[str, str]) -> None:
    """A usage error if an output is an input or another output, however it is named.

    ``outputs`` and ``inputs`` map how the command line named each file (``--svg``)
    to its path; ``-`` among the outputs is stdout.
    """
    for role, path in outputs.items():
        if not path:
            raise UsageError(f"{role} names no file: give a file name, or - for stdout")
    seen: list[tuple[str, str, tuple[tuple[int, int] | None, str]]] = []
    for role, path in inputs.items():
        seen.append((role, path, identity(path)))
    for role, path in outputs.items():
        mine = identity(path)
        for other_role, other_path, theirs in seen:
            if _same(mine, theirs):
                raise UsageError(
                    f"{role} {path!r} is the same file as {other_role} {other_path!r}; "
                    "writing it would destroy that one: give another file"
                )
        seen.append((role, path, mine))


def identity(path: str) -> tuple[tuple[int, int] | None, str]:
    """The (device, inode) of the file ``path`` names, if it exists, and its real path."""
    if path == STDOUT:
        try:
            info = os.fstat(sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):  # no descriptor: a test's capture
            return None, STDOUT
        return (info.st_dev, info.st_ino), STDOUT
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None, os.path.realpath(path) if path else ""
    return (info.st_dev, info.st_ino), os.path.realpath(path)


def _same(
    first: tuple[tuple[int, int] | None, str], second: tuple[tuple[int, int] | None, str]
) -> bool:
    if first[0] is not None and second[0] is not None:
        return first[0] == second[0]
    return bool(first[1]) and first[1] == second[1]


def stdout_is_one_of(paths: Iterable[str]) -> str | None:
    """The first of ``paths`` that stdout is (``validate a.json >> a.json``), if any."""
    mine = identity(STDOUT)
    if mine[0] is None:
        return None
    return next((path for path in paths if path and _same(mine, identity(path))), None)
