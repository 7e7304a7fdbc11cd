"""Read the bundled biography or a user's file, as a validated ``items.Biography``.

Every way a file can be wrong (missing, a directory, empty, not UTF-8, not JSON,
the wrong shape, a broken rule) becomes one ``DataError`` whose problems each
name the JSON path of the bad value, e.g. ``events[3].date``.

A user's file is validated against the model. The bundled file is used as read:
it ships inside the package, and the test suite proves that what it holds as read
is exactly what validation gives, every default filled in, to the key order
(``test_the_bundled_data_read_as_is_is_exactly_what_validation_gives``), so
building the validator on every run (tens of milliseconds) would learn nothing
new. Should the installed copy be damaged, it is validated after all, so the
error still names the path.

Nothing here is cached or prints. The interpreter is touched once: the cycle
collector is paused while a file is loaded, and what was read is frozen out of its
reach after (``load_biography``), so a program that keeps the collector on pays
nothing for a big file's millions of objects.
"""

from __future__ import annotations

import codecs
import gc
import os
import re
import stat
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from pydantic_core import from_json

from ..errors import DataError, JsonPath, Located
from .dates import DATE_PATTERN, calendar_problem, date_problem
from .items import (
    Biography,
    Edition,
    Event,
    Facts,
    LifeMoment,
    Person,
    Place,
    Position,
    Quote,
    Source,
)
from .kinds import biography_adapter
from .rules import rule_problems

if TYPE_CHECKING:
    from pydantic import ValidationError
    from pydantic_core import ErrorDetails

DATA_ENV = "BAZHANOV_DATA"
_PACKAGE_DIR = Path(__file__).resolve().parents[1]  # bazhanov_cli, above this folder


def bundled_data_path() -> Path:
    """Where the bundled data file is, installed or not.

    A wheel carries it at ``bazhanov_cli/data/bazhanov.json`` (hatchling's
    force-include). An editable install imports the package from the source
    tree, where the file is at the repo's top level instead.
    """
    return _shipped("bazhanov.json")


def shipped_text_path(file: str) -> Path:
    """Where the shipped source document ``file`` is (``bazhanov_article.txt``), installed
    or not: ``bazhanov_cli/data/sources/`` in a wheel, ``data/sources/`` of the source tree
    for an editable install, as ``bundled_data_path`` finds the data."""
    return _shipped(f"sources/{file}")


def _shipped(relative: str) -> Path:
    inside_package = _PACKAGE_DIR / "data" / relative
    if inside_package.is_file():
        return inside_package
    return _PACKAGE_DIR.parent / "data" / relative


def read_shipped_text(file: str) -> str:
    """The text of the shipped source document ``file``, or a DataError that says why not
    (a damaged installation)."""
    path = shipped_text_path(file)
    content = read_data_file(path)
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DataError.of_file(str(path), f"not UTF-8 text: {error.reason}") from None


def load_biography(path: str | os.PathLike[str] | None = None) -> Biography:
    """The biography in ``path``, validated; when ``path`` is None, the bundled one (valid).

    The cycle collector is paused meanwhile, and what was read is frozen after
    (``gc.freeze``, out of its reach): a biography holds no cycles, and with 100,000
    events each collection, during the load or after it, would walk millions of objects
    for nothing (1.8 s of collections in ``events --json`` with the collector on, unfrozen).
    Frozen objects are still freed when their last reference goes; only cyclic garbage
    already waiting when a file is read would be kept.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        bio = _biography(path)
        if collecting:  # a caller that paused it itself has no collections to spare
            gc.freeze()
        return bio
    finally:
        if collecting:
            gc.enable()


def _biography(path: str | os.PathLike[str] | None) -> Biography:
    if path is None:
        return _bundled_biography()
    if not os.fspath(path):  # Path("") would be the current folder
        raise DataError.of_file("''", "the path is empty")
    return parse_biography(read_data_file(Path(path)), str(path))


def _bundled_biography() -> Biography:
    source = bundled_data_path()
    content = read_data_file(source)
    try:
        data = from_json(content)
    except ValueError:
        data = None
    # A cheap look at the top level catches a truncated or foreign file.
    if isinstance(data, dict) and list(data) == list(Biography.__annotations__):
        return cast(Biography, data)
    return parse_biography(content, str(source))


DATA_LIMIT = 1 << 30
"""The largest data file read (1 GiB): a device that never ends stops here."""
_CHUNK = 1 << 20


def read_data_file(path: Path) -> bytes:
    """The file's bytes, without a UTF-8 byte-order mark, or a DataError that says why not.

    Windows editors start a UTF-8 file with a byte-order mark, which JSON forbids.
    """
    try:
        content = _read_at_most(path, DATA_LIMIT)
    except FileNotFoundError:
        raise DataError.of_file(str(path), "no such file") from None
    except IsADirectoryError:
        raise DataError.of_file(str(path), "is a directory, not a data file") from None
    except PermissionError:
        raise DataError.of_file(str(path), "permission denied") from None
    except OSError as error:
        raise DataError.of_file(str(path), error.strerror or str(error)) from None
    if content is None:
        limit = f"{DATA_LIMIT >> 30} GiB"
        raise DataError.of_file(str(path), f"larger than {limit}, the most a data file may be")
    if content.startswith(codecs.BOM_UTF8):
        content = content[len(codecs.BOM_UTF8) :]
    if not content or content.isspace():  # isspace stops at the first other byte; strip copies
        raise DataError.of_file(str(path), "the file is empty")
    return content


def _read_at_most(path: Path, limit: int) -> bytes | None:
    """Every byte of ``path``, or None when there are more than ``limit``.

    A regular file is refused by its size before a byte is read, and read in one
    call; a pipe or a device (``<(jq . file)``, ``/dev/zero``) in chunks, never
    more than ``limit`` and one chunk.
    """
    with open(path, "rb", buffering=0) as file:
        info = os.fstat(file.fileno())
        regular = stat.S_ISREG(info.st_mode)
        if regular and info.st_size > limit:
            return None
        chunks: list[bytes] = []
        total = 0
        want = info.st_size + 1 if regular else _CHUNK  # + 1: to see the end at once
        while chunk := file.read(want):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                return None
            want = _CHUNK
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def parse_biography(content: bytes, source: str) -> Biography:
    """Validate JSON bytes as a Biography; every problem becomes a path and a message.

    Field problems and rule problems are reported together, in file order. The
    rules are checked on every part that passed its own field checks, so a
    broken field is reported once, not again through its knock-on effects.
    """
    from pydantic import ValidationError

    try:
        bio = biography_adapter().validate_json(content)
    except ValidationError as error:
        raise DataError(source, _every_problem(error, content)) from None
    every = [*repeated_keys(content), *rule_problems(bio)]
    if every:
        raise DataError(source, sorted(every, key=lambda problem: _file_order(problem[0] or ())))
    return bio


class _Repeating(dict[str, Any]):
    """A JSON object that held some of its keys more than once."""

    repeated: dict[str, int]


def repeated_keys(content: bytes) -> list[Located]:
    """Every key an object of the JSON holds more than once, with its path, in file order.

    JSON parsers keep the last and drop the others without a word: data lost. pydantic
    has no option to refuse them, so the file is read again by the json module, whose
    ``object_pairs_hook`` sees each object's keys as written. That read keeps nothing
    (on 100,000 events: about a second, and no second copy of the data in memory); only
    a file that does repeat a key is read once more, for the paths.
    """
    import json

    try:
        json.loads(content, object_pairs_hook=_refuse_repeats)
    except _RepeatedKey:
        pass
    except ValueError:
        return []  # not JSON: said elsewhere
    else:
        return []
    data = json.loads(content, object_pairs_hook=_noting_repeats)
    found: list[Located] = []
    stack: list[tuple[JsonPath, Any]] = [((), data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, _Repeating):
            for key, times in value.repeated.items():
                found.append(((*where, key), f"the key is there {times} times in one object"))
        if isinstance(value, dict):
            stack.extend((((*where, key), item) for key, item in reversed(value.items())))
        elif isinstance(value, list):
            stack.extend(
                (((*where, index), item) for index, item in reversed(list(enumerate(value))))
            )
    return found


class _RepeatedKey(Exception):
    """An object of the file holds a key more than once."""


def _refuse_repeats(pairs: list[tuple[str, Any]]) -> None:
    if len({key for key, _ in pairs}) != len(pairs):
        raise _RepeatedKey


def _noting_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    made = dict(pairs)
    if len(made) == len(pairs):
        return made
    repeats = _Repeating(made)
    counts = Counter(key for key, _ in pairs)
    repeats.repeated = {key: times for key, times in counts.items() if times > 1}
    return repeats


PROBLEM_LIMIT = 1_000
"""The most problems a broken file's report lists; past it, one line says more were found."""
_CHUNK_ITEMS = 1_000  # items validated at once while looking past a list's first bad one


def _every_problem(error: ValidationError, content: bytes) -> list[tuple[JsonPath | None, str]]:
    """The field problems of a file that failed validation, and the rules its valid parts break.

    Only on this slow path is the file read a second time, as plain JSON. Validation
    stopped at each list's first bad item (``items.FAIL_FAST``); the items after it are
    validated here, a chunk at a time, until ``PROBLEM_LIMIT`` problems are found.
    """
    details = error.errors(include_url=False)
    if any(detail["type"] == "json_invalid" for detail in details):  # then the only problem
        return [(None, _not_json(content, message)) for _, message in field_problems(details)]
    data = from_json(content)
    complete = _past_the_first(details, data)
    fields = field_problems(details)
    fields += _impossible_days(data, fields)
    if not complete:
        listed = sorted(fields, key=lambda problem: _file_order(problem[0]))[:PROBLEM_LIMIT]
        more = f"and more problems: a report stops after the first {PROBLEM_LIMIT:,}"
        return [*listed, (None, more)]
    rules = (
        list(rule_problems(data, {_part(where) for where, _ in fields})) if _shaped(data) else []
    )
    every = sorted(
        [*fields, *rules, *repeated_keys(content)], key=lambda problem: _file_order(problem[0])
    )
    return list(every)


_ITEM_LISTS: tuple[JsonPath, ...] = (
    ("sources",),
    ("facts", "positions"),
    ("events",),
    ("editions",),
    ("people",),
    ("places",),
    ("quotes",),
)
"""The lists of items, whose validation stops at the first bad one."""


def _past_the_first(details: list[ErrorDetails], data: object) -> bool:
    """Add to ``details`` the problems of the items after each list's first bad one; False
    when ``PROBLEM_LIMIT`` was reached first (the rest of the file unchecked)."""
    from pydantic import TypeAdapter, ValidationError

    from .items import Biography, Facts

    for where in _ITEM_LISTS:
        items = _at(data, where)
        depth = len(where)
        bad = [
            cast(int, detail["loc"][depth])
            for detail in details
            if tuple(detail["loc"][:depth]) == where
            and len(detail["loc"]) > depth
            and isinstance(detail["loc"][depth], int)
        ]
        if not isinstance(items, list) or not bad:
            continue
        owner: Any = Facts if where[0] == "facts" else Biography
        listed = owner.__annotations__[where[-1]].__origin__  # Annotated's list[Item]
        adapter: TypeAdapter[list[Any]] = TypeAdapter(cast(Any, listed))
        for start in range(max(bad) + 1, len(items), _CHUNK_ITEMS):
            if len(details) > PROBLEM_LIMIT:
                return False
            try:
                adapter.validate_python(items[start : start + _CHUNK_ITEMS])
            except ValidationError as found:
                for detail in found.errors(include_url=False):
                    index, *rest = detail["loc"]
                    detail["loc"] = (*where, start + cast(int, index), *rest)
                    details.append(detail)
    return len(details) <= PROBLEM_LIMIT


_DAYS = {"date", "start", "end"}


def _at(data: Any, where: JsonPath) -> Any:
    """The value at ``where`` in JSON ``data``, or None where there is none."""
    for key in where:
        if isinstance(data, dict) and isinstance(key, str):
            data = data.get(key)
        elif isinstance(data, list) and isinstance(key, int) and 0 <= key < len(data):
            data = data[key]
        else:
            return None
    return data


def _impossible_days(data: Any, found: list[Located]) -> list[Located]:
    """Dates of broken parts that match the pattern but that the calendar lacks (``1928-02-30``):
    the rules check only sound parts, and these are field problems, reported with the rest."""
    reported = {where for where, _ in found}
    problems: list[Located] = []
    for part in {_part(where) for where in reported if len(where) >= 2}:
        value = _at(data, part)
        dated = part[0] in ("events", "quotes") or part[:2] in (
            ("facts", "positions"),
            ("facts", "born"),
            ("facts", "died"),
        )
        if not dated or not isinstance(value, dict):
            continue
        for key in sorted(_DAYS & value.keys()):
            text, where = value[key], (*part, key)
            if isinstance(text, str) and where not in reported and _DATE.fullmatch(text):
                problem = calendar_problem(text)
                if problem is not None:
                    problems.append((where, problem))
    return problems


def field_problems(details: list[ErrorDetails]) -> list[Located]:
    """Each problem pydantic found (``ValidationError.errors()``), with its path, in our words."""
    problems: list[Located] = []
    for detail in details:
        kind, where, value = detail["type"], tuple(detail["loc"]), detail["input"]
        if kind == "json_invalid":
            # pydantic says e.g. "EOF while parsing a value at line 3 column 0".
            problems.append(((), f"not valid JSON: {detail['ctx']['error']}"))
        elif kind == "missing":
            problems.append((where, "required field is missing"))
        elif kind == "extra_forbidden":
            problems.append((where, "unknown field"))
        elif kind == "string_pattern_mismatch" and detail["ctx"]["pattern"] == DATE_PATTERN:
            problems.append((where, str(date_problem(value))))  # it quotes the value
        else:
            problems.append((where, f"{detail['msg']} (got {_show(value)})"))
    return problems


def _not_json(content: bytes, message: str) -> str:
    # Bytes that are not UTF-8 make the JSON invalid too; say which, and where.
    try:
        content.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _line_and_column(content, error.start)
        return f"not UTF-8 text: byte {content[error.start]:#04x} at line {line} column {column}"
    return message


_DATE = re.compile(DATE_PATTERN)
_LISTS = ("sources", "events", "editions", "people", "places", "quotes")
_TOP = list(Biography.__annotations__)
_FACTS = list(Facts.__annotations__)


def _shaped(data: object) -> bool:
    """Whether the rules can walk ``data``: the lists and the infobox's parts are there."""
    if not isinstance(data, dict) or list(data) != _TOP or not isinstance(data["facts"], dict):
        return False
    facts = data["facts"]
    return all(isinstance(data[name], list) for name in _LISTS) and all(
        isinstance(facts.get(part), kind)
        for part, kind in (
            ("born", dict),
            ("died", dict),
            ("positions", list),
            ("provenance", dict),
        )
    )


def _part(where: JsonPath) -> JsonPath:
    """The item or infobox field a problem's path lies in: ``events[3].date`` -> ``events[3]``."""
    if where[:2] == ("facts", "positions") and len(where) > 2:
        return where[:3]
    return where[:2]


def _file_order(where: JsonPath) -> tuple[int, ...]:
    """Where the part a problem is about stands in the file, and its field within the part
    (in the order the model declares them, as files write them); then the order found."""
    order = [_TOP.index(where[0]) if where and where[0] in _TOP else -1]
    for part, names in zip(where[1:3], (_FACTS, None), strict=False):
        if isinstance(part, int):
            order.append(part)
        elif names is not None and part in names:
            order.append(names.index(part))
        else:
            break
    item = _part(where)
    if len(where) > len(item) and len(order) == len(item):
        fields = _FIELDS.get(str(item[1] if item[0] == "facts" else item[0]), [])
        key = where[len(item)]
        if key in fields:
            order.append(fields.index(key))
    return tuple(order)


_FIELDS = {
    name: list(shape.__annotations__)
    for name, shape in (
        ("sources", Source),
        ("events", Event),
        ("editions", Edition),
        ("people", Person),
        ("places", Place),
        ("quotes", Quote),
        ("positions", Position),
        ("born", LifeMoment),
        ("died", LifeMoment),
    )
}
"""Each part's fields in declared order, to order the problems found within one item."""


def _show(value: Any) -> str:
    text = repr(value) if isinstance(value, (str, int, float, bool)) or value is None else ""
    if not text:
        text = type(value).__name__.replace("dict", "an object").replace("list", "a list")
    return text if len(text) <= 60 else text[:57] + "..."


def _line_and_column(content: bytes, offset: int) -> tuple[int, int]:
    line = content.count(b"\n", 0, offset) + 1
    column = offset - (content.rfind(b"\n", 0, offset) + 1) + 1
    return line, column
