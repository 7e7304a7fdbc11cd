"""Files we write: each whole or untouched, all of a run's or none, never one we read.

A document bound for a regular file is written to a hidden temporary file beside
its target (``.NAME.XXXXXXXX.tmp``), flushed to the disk, given the old file's
owner and mode, and renamed over the target, so a kill or a full disk at any
moment leaves the old file whole or the new one whole. A document may instead
change an existing target in place through the program that owns its format
(``BuiltAt.in_place``: a SQLite database, which other clients may have open, is
changed by SQLite's own backup, in one transaction).

A stream has no old content to keep whole, so it is written straight, never
truncated or renamed: ``-``; a descriptor path of this process (``/dev/stdout``,
``/dev/stderr``, ``/dev/fd/N``, ``/proc/self/fd/N``, a symlink to one), written to
that very descriptor, at its offset or appending as the shell opened it; a
regular file that is our stdout or stderr (``--svg out.svg > out.svg``), likewise;
a FIFO, a socket or a device, opened and written.

All or none: every file is staged and every stream checked before anything is
written; then the streams are written, then the in-place changes made, then the
files renamed. A failure before the first rename leaves every file untouched and
removes every temporary file (a SIGTERM raised as an exception too; only SIGKILL
can leave one, recognisably named); a stream keeps what it was sent before a
failure, as any pipe does.

Before anything is written, ``check_outputs`` refuses an output that is an
input or another output, by the identity of the file (device and inode: a
symlink, a hard link, ``./a/../x``, ``/dev/stdout`` for ``-``) or, for a file
not there yet, by its normalized real path; ``stdout_is_one_of`` finds stdout
redirected into an input.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping

from ..errors import BazhanovError, UsageError

STDOUT = "-"
"""The name of stdout among outputs."""

TEMPORARY_NAME_BYTES = 200
"""The most bytes of a target's name kept in its temporary file's name, so that
``.NAME.XXXXXXXX.tmp`` stays within NAME_MAX (255 bytes) whatever the script."""


class WriteError(BazhanovError):
    """A file cannot be written; the message names it and the system's reason."""


Commit = Callable[[], None]
"""The last step of writing a document in place, run once every other is ready."""


class BuiltAt:
    """A document that is a file built in place, such as a database: ``build(path)`` makes
    it at ``path``, an empty file, and raises ``OSError`` if it cannot.

    ``in_place(target)``, if given, is asked first about the regular file (there or not)
    the document replaces: it returns a ``Commit`` that writes the document into
    ``target`` where it is (a database other clients may have open), or None to replace
    the file by rename as any other; it raises ``OSError`` to refuse the target.
    """

    __slots__ = ("build", "in_place")

    def __init__(
        self,
        build: Callable[[str], None],
        in_place: Callable[[str], Commit | None] | None = None,
    ) -> None:
        self.build = build
        self.in_place = in_place


Content = Callable[[], str] | BuiltAt
"""Text, written as UTF-8, or a file built at the temporary path."""


class _Staged:
    """A regular file being replaced: the path as given, its real target, and either the
    temporary file renamed over it or the ``Commit`` that writes it in place."""

    __slots__ = ("commit", "path", "target", "temporary")

    def __init__(self, path: str, target: str) -> None:
        self.path = path
        self.target = target
        self.temporary: str | None = None
        self.commit: Commit | None = None


def replace_files(
    documents: Mapping[str, Content], stdout: Callable[[str], None] | None = None
) -> None:
    """Write each document to its path; all of them or none (see the module's text).

    A symlink is written through: its target is replaced and the link stays. An
    existing file keeps its owner (where we may give it: as root) and its
    permission bits; a new one gets 0o666 less the umask. Given ``stdout``, ``-`` is
    stdout: its text is handed to ``stdout`` with the other streams (without, a file
    named ``-``). Every document is made before the first stream is written.
    """
    staged: list[tuple[_Staged, Content]] = []
    streams: list[tuple[str, int | str, Content]] = []
    printed: list[Callable[[], str]] = []
    for path, document in documents.items():  # every refusal before the first write
        if path == STDOUT and stdout is not None and not isinstance(document, BuiltAt):
            printed.append(document)
            continue
        where = _destination(path)
        if isinstance(where, _Staged):
            staged.append((where, document))
        else:
            if isinstance(document, BuiltAt) and _is_a_terminal(where):
                raise WriteError(
                    f"cannot write {path}: it is a terminal, and the file is binary: "
                    "redirect it to a file, or give a file name"
                )
            streams.append((path, where, document))
    try:
        for file, document in staged:
            _stage(file, document)
        made = [(path, where, _content(path, document)) for path, where, document in streams]
        if stdout is not None:
            for text in [document() for document in printed]:
                stdout(text)
        for path, where, content in made:
            _write_stream(path, where, content)
        for file, _ in staged:
            if file.commit is not None:
                try:
                    file.commit()
                except OSError as error:
                    raise _cannot_write(file.path, error) from None
        for file, _ in staged:
            if file.temporary is not None:
                try:
                    os.replace(file.temporary, file.target)
                except OSError as error:
                    raise _cannot_write(file.path, error) from None
                file.temporary = None
        for folder in {os.path.dirname(file.target) for file, _ in staged}:
            _sync_folder(folder)
    finally:
        for file, _ in staged:
            if file.temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(file.temporary)


# --- where a path leads ------------------------------------------------------------------


def _destination(path: str) -> _Staged | int | str:
    """What writing ``path`` means: a regular file to replace (``_Staged``), a descriptor
    of ours to write to (its number), or a stream to open and write (its path).

    Nothing is created or written here: every refusal comes before the first write.
    """
    problem = name_problem(path)
    if problem is not None:
        raise WriteError(f"cannot write {path or repr(path)}: {problem}")
    named = _descriptor_named(path)
    if named is not None and named[0] in (None, os.getpid()):
        return _writable_descriptor(path, named[1])
    if named is not None:  # another process's descriptor: opened, appended to, never replaced
        return path
    target = os.path.realpath(path)
    try:
        # The kernel's own resolution: /proc/PID/fd/N of another process reaches its pipe.
        info = os.stat(path)
    except FileNotFoundError:
        return _Staged(path, target)  # a new file, or the one a dangling symlink names
    except OSError as error:
        raise _cannot_write(path, error) from None
    if stat.S_ISDIR(info.st_mode):
        raise _cannot_write(path, OSError(errno.EISDIR, os.strerror(errno.EISDIR)))
    if not stat.S_ISREG(info.st_mode):
        return path  # a FIFO, a socket, a device: written straight
    for standard in (1, 2):  # `--svg out.svg > out.svg`: the shell's file, not ours to replace
        with contextlib.suppress(OSError):
            mine = os.fstat(standard)
            if (mine.st_dev, mine.st_ino) == (info.st_dev, info.st_ino):
                return _writable_descriptor(path, standard)
    if not os.access(target, os.W_OK):  # a read-only file is the user's "keep this"
        raise _cannot_write(path, OSError(errno.EACCES, os.strerror(errno.EACCES)))
    return _Staged(path, target)


def name_problem(path: str) -> str | None:
    """Why ``path`` cannot name a file to write, or None: empty, or naming a folder
    (``new.db/``, ``a/.``), which would otherwise write ``new.db`` or ``a``."""
    if not path:
        return "the path is empty"
    if path.endswith(os.sep) or os.path.basename(path) in (".", ".."):
        return "is not a file name: it names a folder"
    return None


_DESCRIPTORS = re.compile(r"/(?:dev|proc/(?:self|thread-self|(\d+))(?:/task/\d+)?)/fd")
_STANDARD = {"stdin": 0, "stdout": 1, "stderr": 2}


def descriptor_of(path: str) -> int | None:
    """The descriptor of this process that ``path`` names, or None.

    ``/dev/stdout``, ``/dev/stderr``, ``/dev/fd/N``, ``/proc/self/fd/N`` and
    ``/proc/PID/fd/N`` with our PID, directly or through symlinks: the kernel
    resolves such a path to the file the descriptor has open, which, replaced by
    rename, would lose what the shell wrote there before, and which, as a pipe,
    has no name to open at all.
    """
    named = _descriptor_named(path)
    if named is None or named[0] not in (None, os.getpid()):
        return None
    return named[1]


def _descriptor_named(path: str) -> tuple[int | None, int] | None:
    """(the process, None for this one; the descriptor) that ``path`` names, if any."""
    for _ in range(40):  # the kernel's own limit of symlinks followed
        folder, name = os.path.split(os.path.abspath(path))
        folder = os.path.realpath(folder)
        if folder == "/dev" and name in _STANDARD:
            return None, _STANDARD[name]
        own = _DESCRIPTORS.fullmatch(folder)
        if own is not None and name.isdigit():
            return (None if own.group(1) is None else int(own.group(1))), int(name)
        try:
            link = os.readlink(os.path.join(folder, name))
        except OSError:
            return None
        path = os.path.join(folder, link)
    return None


def _is_a_terminal(where: int | str) -> bool:
    """Whether a stream is a terminal, where binary bytes would be obeyed as commands."""
    if isinstance(where, int):
        return os.isatty(where)
    with contextlib.suppress(OSError):
        if stat.S_ISCHR(os.stat(where).st_mode):
            descriptor = os.open(where, os.O_WRONLY | os.O_NOCTTY | os.O_NONBLOCK)
            try:
                return os.isatty(descriptor)
            finally:
                os.close(descriptor)
    return False


def _writable_descriptor(path: str, descriptor: int) -> int:
    import fcntl

    try:
        flags = fcntl.fcntl(descriptor, fcntl.F_GETFL)
    except OSError as error:
        raise _cannot_write(path, error) from None
    if flags & os.O_ACCMODE == os.O_RDONLY:  # `3< file`: open, but not for writing
        raise _cannot_write(path, OSError(errno.EBADF, os.strerror(errno.EBADF)))
    return descriptor


# --- writing -----------------------------------------------------------------------------


def _stage(file: _Staged, document: Content) -> None:
    """Make ready what replaces ``file.target``: a ``Commit`` in place, or a temporary file."""
    if isinstance(document, BuiltAt) and document.in_place is not None:
        try:
            file.commit = document.in_place(file.target)
        except OSError as error:
            raise _cannot_write(file.path, error) from None
        if file.commit is not None:
            return
    folder, name = os.path.split(file.target)
    try:
        descriptor, file.temporary = tempfile.mkstemp(
            prefix=f".{_cut(name, TEMPORARY_NAME_BYTES)}.", suffix=".tmp", dir=folder or "."
        )
    except OSError as error:
        raise _cannot_write(file.path, error) from None
    try:
        _keep_owner_and_mode(descriptor, file.target)
        if isinstance(document, BuiltAt):
            os.close(descriptor)
            descriptor = -1
            document.build(file.temporary)
            descriptor = os.open(file.temporary, os.O_RDWR)
        else:
            _write_all(descriptor, document().encode("utf-8"))
        os.fsync(descriptor)
    except OSError as error:
        raise _cannot_write(file.path, error) from None
    finally:
        if descriptor >= 0:
            os.close(descriptor)


def _cut(name: str, limit: int) -> str:
    """The longest start of ``name`` whose bytes on the disk fit in ``limit``, cut between
    characters (a Cyrillic letter is two bytes, and NAME_MAX counts bytes)."""
    size = 0
    for index, char in enumerate(name):
        size += len(os.fsencode(char))
        if size > limit:
            return name[:index]
    return name


def _keep_owner_and_mode(descriptor: int, target: str) -> None:
    """Give the temporary file the old file's owner and group, where we may (as root, or a
    group of ours), then its permission bits; a new file's are 0o666 less the umask."""
    try:
        old = os.stat(target)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(descriptor, 0o666 & ~umask)
        return
    mine = os.fstat(descriptor)
    if (old.st_uid, old.st_gid) != (mine.st_uid, mine.st_gid):
        with contextlib.suppress(OSError):  # not root: the file becomes ours, as before
            os.fchown(descriptor, old.st_uid, old.st_gid)
    os.fchmod(descriptor, stat.S_IMODE(old.st_mode))  # after chown, which clears setuid


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


def _write_stream(path: str, where: int | str, content: bytes) -> None:
    """Write ``content`` to a descriptor of ours, as it is open, or to a stream ``path``.

    Nothing is truncated: a descriptor opened by ``>>`` is appended to, one shared by
    ``{ echo H; bazhanov ...; echo F; } > f`` is written at its offset. A reader that
    left (a broken pipe) had what it wanted, as with stdout.
    """
    try:
        if isinstance(where, int):
            for stream in (sys.stdout, sys.stderr):  # what Python holds for them comes first
                with contextlib.suppress(OSError, ValueError, AttributeError):
                    stream.flush()
            _write_all(where, content)
            return
        descriptor = os.open(where, os.O_WRONLY | os.O_APPEND | os.O_NOCTTY)
        try:
            _write_all(descriptor, content)
        finally:
            os.close(descriptor)
    except BrokenPipeError:
        return
    except OSError as error:
        raise _cannot_write(path, error) from None


def _write_all(descriptor: int, content: bytes) -> None:
    view = memoryview(content)
    while view:
        view = view[os.write(descriptor, view) :]


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
    """A usage error if an output names no file, or is an input or another output,
    however it is named.

    ``outputs`` and ``inputs`` map how the command line named each file (``--svg``)
    to its path; ``-`` among the outputs is stdout, among the inputs a file named so.
    """
    for role, path in outputs.items():
        if not path:
            raise UsageError(f"{role} names no file: give a file name, or - for stdout")
        if path != STDOUT and name_problem(path) is not None:
            raise UsageError(f"{role} {path!r} names a folder, not a file: give a file name")
    seen: list[tuple[str, str, tuple[tuple[int, int] | None, str]]] = []
    for role, path in inputs.items():
        seen.append((role, path, file_identity(path)))
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
    """The (device, inode) of the output ``path`` names (``-``: stdout), if it exists,
    and its real path."""
    if path == STDOUT:
        try:
            info = os.fstat(sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):  # no descriptor: a test's capture
            return None, STDOUT
        return (info.st_dev, info.st_ino), STDOUT
    return file_identity(path)


def file_identity(path: str) -> tuple[tuple[int, int] | None, str]:
    """The (device, inode) of the file ``path`` names, if it exists, and its real path."""
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
    """The first of the files ``paths`` that stdout is, if any: ``validate a.json >> a.json``,
    ``--data a.json events 1<> a.json``, through a symlink or a hard link as well."""
    mine = identity(STDOUT)
    if mine[0] is None:
        return None
    return next((path for path in paths if path and file_identity(path)[0] == mine[0]), None)
