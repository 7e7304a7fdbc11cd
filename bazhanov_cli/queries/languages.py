"""Languages by code or name: ``--lang`` resolved against the editions present, its
completions, and a code's English name. Pure, like every query."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from ..errors import UsageError
from ..model.items import Biography

# --- languages ---------------------------------------------------------------------------


def language_of(bio: Biography, lang: str | None) -> str | None:
    """The ISO 639-1 code ``--lang`` names, or None; a UsageError lists the languages present."""
    if lang is None:
        return None
    present = [edition["language"] for edition in bio["editions"] if edition["language"]]
    return language_code(lang, present)


def language_code(text: str, present: Sequence[str]) -> str:
    """The ISO 639-1 code ``text`` names, in any case and with or without accents.

    It may be an ISO 639-1 or 639-2 code (``de``, ``deu``, ``ger``), a BCP 47 tag
    (``fr-FR``, ``zh-Hans``: its language), an English name (``German``) or the
    language's own name (``Deutsch``, ``français``, ``русский``). A real language
    is accepted even when no edition has it (the result is then empty); anything
    else is a UsageError listing the languages present.
    """
    import re

    from ..model.languages import LANGUAGES  # only the --lang path pays for the table

    wanted = _folded(text)
    primary = re.split(r"[-_]", wanted)[0] if re.fullmatch(_LANGUAGE_TAG, wanted) else None
    # Codes first: "yi" is Yiddish's code before it is an English name of Sichuan Yi.
    for code, terminology, bibliographic, _english, _native in LANGUAGES:
        if primary is not None and primary in (code, terminology, bibliographic):
            return code
    for code, _terminology, _bibliographic, english, native in LANGUAGES:
        if wanted in {_folded(name) for name in (*english, *native)}:
            return code
    choices = ", ".join(f"{code} ({language_name(code)})" for code in sorted(set(present)))
    raise UsageError(f"unknown language {text!r}; editions exist in: {choices}")


_LANGUAGE_TAG = r"[a-z]{2,3}(?:[-_][a-z0-9]{1,8})*"
"""A BCP 47 tag, as far as its language matters: ``fr``, ``fr-FR``, ``de_AT``, ``zh-Hans-CN``."""


def _folded(text: str) -> str:
    """Case and accents off: ``Français`` and ``francais`` alike."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.strip())
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def language_completions(incomplete: str, present: Collection[str]) -> list[tuple[str, str]]:
    """(value, help) pairs for a --lang being typed, the languages ``present`` first.

    Every spelling ``language_code`` accepts that starts with ``incomplete``, in any
    case and accents: the ISO 639-1, 639-2/T and 639-2/B codes (helped by the English
    name) and the English and native names (helped by the code). Nothing typed yet
    offers the ISO 639-1 codes only. Each value begins with exactly what was typed, as
    Typer and the shell keep only those: ``Deu`` gives ``Deu`` (the code) and
    ``Deutsch``; ``franc`` gives ``francais``, accepted like ``français``.
    """
    from ..model.languages import LANGUAGES

    wanted = _folded(incomplete)
    rows = sorted(LANGUAGES, key=lambda row: row[0] not in present)  # stable: present first
    matches: list[tuple[str, str]] = []
    for code, terminology, bibliographic, english, native in rows:
        if not wanted:
            matches.append((code, english[0]))
            continue
        codes = [spelling for spelling in (code, terminology, bibliographic) if spelling]
        offered = {value for value, _ in matches}
        for spelling in dict.fromkeys((*codes, *english, *native)):
            if not _folded(spelling).startswith(wanted):
                continue
            value = _typed_on(incomplete, spelling)
            if value not in offered:
                offered.add(value)
                matches.append((value, english[0] if spelling in codes else code))
    return matches


def _typed_on(typed: str, spelling: str) -> str:
    """``spelling`` as the rest of what was typed (its case and accents kept), when
    that still names the same thing: ``Deu`` + ``Deutsch`` -> ``Deutsch``, ``DEU`` +
    ``deu`` -> ``DEU``, ``franc`` + ``français`` -> ``francais``."""
    if spelling.startswith(typed):
        return spelling
    value = typed + spelling[len(typed) :]
    return value if _folded(value) == _folded(spelling) else spelling


def language_name(code: str) -> str:
    """The English name of an ISO 639-1 code (``de`` -> ``German``)."""
    from ..model.languages import LANGUAGES

    for row in LANGUAGES:
        if row[0] == code:
            return row[3][-1]  # the short form: "Greek", not "Modern Greek (1453-)"
    return code
