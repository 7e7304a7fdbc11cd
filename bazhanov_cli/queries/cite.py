"""Citations of the editions: BibTeX, RIS and CSL-JSON (``csl`` formats references from it).

Pure functions, no I/O: editions in, text or data out. Only ``csl.formatted`` of editions
other than the bundled ones (whose references ``bibliographies`` stores) needs the
optional ``cite`` extra (citeproc-py), and imports it on call.

Conventions, the same in every format:

- The author is the name as the edition credits it (``credited_as``) with the given
  name Boris, which is the same for every edition: ``Bašanov, Boris``.
- A value the data leaves null is left out: no field, tag or key, never a placeholder.
- Text stays UTF-8 as it is (``é``, ``Бажанов``); nothing is transliterated but the
  citation keys.

Citation keys (``citation_keys``): the credited surname, the year (``nd`` when it is
not known) and the first word of the title that has at least three letters and is not
an article, all folded to lower-case ASCII with anyascii (``Bašanov`` -> ``basanov``,
``Воспоминания`` -> ``vospominaniya``; apostrophes vanish, so ``Tret'ia`` is
``tretia``). When several editions get the same key, every one of them gets a letter
appended, in the article's order and with no separator: ``bazhanovndvospominaniiaa``,
``bazhanovndvospominaniiab`` (then ``c`` … ``z``, ``aa``, ``ab`` …; a letter that would
recreate another edition's key is skipped). Keys depend only on the data, so a
regenerated file keeps them; to keep them when exporting a selection, pass the whole
list of editions as ``all_editions``.

BibTeX (``bibtex``): ``@book`` entries in UTF-8 for biber. The title sits in an extra
pair of braces so no style changes its case; ``% & # $ _`` are escaped with a
backslash; a backslash, ``~``, ``^``, a backtick and the braces become
``\\textbackslash{}`` and the like (an escaped ``\\{`` would still count as a brace
for BibTeX and cut the value short); hyphens stay hyphens (``a-{}-b``, not an en dash).
ASCII quotes become typographic ones (``typographic_quotes``), since TeX sets every
``'`` as a closing quote. The language is both ``language`` (the English name, for
BibTeX styles) and ``langid`` (the same in lower case, which biblatex and pandoc read).

RIS (``ris``): one record per edition, tags in the RIS specification's form (two
characters, two spaces, a hyphen, a space), lines ending in LF, UTF-8. ``ID`` is the
citation key, so an importer keeps it. ``LA`` holds
the English name of the language (``French``), as BibTeX's ``language`` does; the
ISO 639-1 code is in CSL-JSON's ``language``. The translator is ``A4``, written as RIS
writes every name (``Doyle, David W.``), and the number
of pages ``SP``, the tags the specification gives them for ``BOOK`` (Zotero's RIS
import reads a book's ``SP`` as its number of pages). The note is ``N1``.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterator, Sequence

from ..choices import Style
from ..errors import NotFoundError, UsageError
from ..model.entries import CslItem, CslName
from ..model.items import Edition
from .languages import language_name

STYLE_FILES: dict[Style, str] = {
    "apa": "apa",
    "chicago": "chicago-notes-bibliography-17th-edition",
    "harvard": "harvard-cite-them-right",
    "mla": "modern-language-association",
}
"""Each style -> its CSL style file in ``bazhanov_cli/styles`` (without ``.csl``): the CSL
project's official styles, shipped with the package (CC BY-SA 3.0; their LICENSE says which
commit of the CSL style repository they are).

Chicago is the notes-and-bibliography system, the one historians use; the bibliography
entry is what ``formatted`` returns.
"""

GIVEN_NAME = "Boris"
"""The author's given name, the same in every edition the article lists."""

MISSING_EXTRA = "formatted citations need the 'cite' extra: pip install 'bazhanov-cli[cite]'"

# Articles of the languages the editions are in. Words shorter than three letters
# never make a key, so only the longer articles need listing.
_ARTICLES = frozenset(
    {"the", "les", "une", "des", "der", "die", "das", "dem", "den", "ein", "eine", "einen"}
    | {"einem", "einer", "eines", "los", "las", "una", "uno", "unos", "unas"}
)
_MIN_WORD = 3
_WORD = re.compile(r"[a-z0-9]+")
# anyascii turns every apostrophe-like letter (U+02B9, U+02BC, U+2019 …) into one of these.
_APOSTROPHES = re.compile(r"['`]")


# --- citation keys -------------------------------------------------------------------


def fold_ascii(text: str) -> str:
    """Lower-case ASCII with apostrophes dropped: ``Tret'ia`` -> ``tretia``."""
    from anyascii import anyascii  # only key-making commands pay for it

    return _APOSTROPHES.sub("", anyascii(text)).lower()


def _surname(edition: Edition) -> str:
    """The family name as credited: the part before a comma, or the whole name."""
    credited: str = edition["credited_as"]
    return credited.split(",", 1)[0].strip()


def _base_key(edition: Edition) -> str:
    surname = "".join(_WORD.findall(fold_ascii(_surname(edition)))) or "anon"
    year = str(edition["year"]) if edition["year"] is not None else "nd"
    words = _WORD.findall(fold_ascii(edition["title"]))
    word = next(
        (w for w in words if len(w) >= _MIN_WORD and w not in _ARTICLES),
        words[0] if words else "",
    )
    return f"{surname}{year}{word}"


def letter_suffixes() -> Iterator[str]:
    """``a`` … ``z``, ``aa`` … ``az``, ``ba`` …: bijective base 26."""
    number = 1
    while True:
        letters = ""
        value = number
        while value:
            value, rest = divmod(value - 1, 26)
            letters = chr(ord("a") + rest) + letters
        yield letters
        number += 1


def citation_keys(editions: Sequence[Edition]) -> dict[str, str]:
    """Edition id -> citation key, unique among ``editions`` (see the module docstring)."""
    bases = {edition["id"]: _base_key(edition) for edition in editions}
    counts = Counter(bases.values())
    taken = set(bases.values())
    keys: dict[str, str] = {}
    next_suffix: dict[str, Iterator[str]] = {}
    for edition in editions:
        base = bases[edition["id"]]
        if counts[base] == 1:
            keys[edition["id"]] = base
            continue
        suffixes = next_suffix.setdefault(base, letter_suffixes())
        key = base + next(suffixes)
        while key in taken:
            key = base + next(suffixes)
        taken.add(key)
        keys[edition["id"]] = key
    return keys


def _keys_for(
    editions: Sequence[Edition], all_editions: Sequence[Edition] | None
) -> dict[str, str]:
    keys = citation_keys(editions if all_editions is None else all_editions)
    missing = [edition["id"] for edition in editions if edition["id"] not in keys]
    if missing:
        raise ValueError(f"editions not among all_editions: {', '.join(missing)}")
    return keys


# --- BibTeX --------------------------------------------------------------------------

_BIBTEX_SPECIAL = re.compile(r"[\\{}%&#$_~^`]|-(?=-)")
# Braces become commands, not \{ and \}: BibTeX and biber count every brace, escaped
# or not, to find where a value ends, so a lone escaped brace would cut the value short.
_BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    # TeX sets ` as an opening quote, and -- and --- as dashes: kept as typed.
    "`": r"\textasciigrave{}",
    "-": "-{}",
}


# An ASCII quote opens where it starts the text or follows a space, an opening
# bracket, a dash or another opening quote; anywhere else it closes (or is an apostrophe).
_OPENING_QUOTE = re.compile(r"""(?:^|(?<=[\s([{\u2018\u201c\u2013\u2014-]))(['"])""")
_CLOSING_QUOTES = str.maketrans({"'": "\u2019", '"': "\u201d"})


def typographic_quotes(text: str) -> str:
    """ASCII quotes as the typographic ones they stand for (U+2018, U+2019, U+201C, U+201D).

    A quote opens at the start or after a space, an opening bracket, a dash or an
    opening quote, and closes anywhere else: ``'x'`` opens and closes, the apostrophe
    of ``it's`` is a closing single quote, as typesetters write it.

    TeX sets an ASCII ``'`` as a closing quote wherever it stands, and ``"`` as a
    closing double quote (an active character under German babel); pandoc and
    biber read the UTF-8 marks as the quotation they are.
    """
    opened = _OPENING_QUOTE.sub(lambda match: "\u2018" if match.group(1) == "'" else "\u201c", text)
    return opened.translate(_CLOSING_QUOTES)


def bibtex_escape(text: str) -> str:
    """Escape the characters (La)TeX treats specially, and make quotes typographic.

    ``a--b`` stays two hyphens (``a-{}-b``), not TeX's en dash.
    """
    return _BIBTEX_SPECIAL.sub(
        lambda match: _BIBTEX_ESCAPES.get(match.group(), "\\" + match.group()),
        typographic_quotes(text),
    )


def _author(edition: Edition) -> str:
    return f"{_surname(edition)}, {GIVEN_NAME}"


def _bibtex_entry(edition: Edition, key: str) -> str:
    language = None if edition["language"] is None else language_name(edition["language"])
    fields: list[tuple[str, str]] = [
        ("author", bibtex_escape(_author(edition))),
        # The extra braces keep BibTeX styles from changing the title's case.
        ("title", "{" + bibtex_escape(edition["title"]) + "}"),
    ]
    optional = {
        "year": None if edition["year"] is None else str(edition["year"]),
        "publisher": edition["publisher"],
        "address": edition["place"],
        "translator": edition["translator"],
        "language": language,
        # biblatex and pandoc read the language from langid, a babel name: the
        # English name in lower case for every language the data has.
        "langid": None if language is None else language.lower(),
        "isbn": edition["isbn"],
        "pagetotal": None if edition["pages"] is None else str(edition["pages"]),
        "note": edition["note"],
    }
    fields += [
        (name, bibtex_escape(value)) for name, value in optional.items() if value is not None
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@book{{{key},\n{body}\n}}\n"


def bibtex(editions: Sequence[Edition], all_editions: Sequence[Edition] | None = None) -> str:
    """A ``@book`` entry per edition, UTF-8 for biber, entries separated by a blank line.

    Fields: author, title, year, publisher, address, translator, language (English
    name), langid (the same in lower case), isbn, pagetotal, note; a null value has no
    field. Keys are unique among
    ``all_editions`` (default: ``editions``).
    """
    keys = _keys_for(editions, all_editions)
    return "\n".join(_bibtex_entry(edition, keys[edition["id"]]) for edition in editions)


# --- RIS -----------------------------------------------------------------------------


def one_line(text: str) -> str:
    return " ".join(text.split())


def _ris_record(edition: Edition, key: str) -> str:
    tags: list[tuple[str, str | int | None]] = [
        ("TY", "BOOK"),
        ("ID", key),
        ("AU", _author(edition)),
        ("TI", edition["title"]),
        ("PY", edition["year"]),
        ("PB", edition["publisher"]),
        ("CY", edition["place"]),
        ("LA", None if edition["language"] is None else language_name(edition["language"])),
        ("A4", None if edition["translator"] is None else _last_first(edition["translator"])),
        ("SN", edition["isbn"]),
        ("SP", edition["pages"]),
        ("N1", edition["note"]),
    ]
    lines = [f"{tag}  - {one_line(str(value))}" for tag, value in tags if value is not None]
    return "\n".join([*lines, "ER  - ", ""]) + "\n"


def _last_first(name: str) -> str:
    """A person as RIS writes names: ``David W. Doyle`` -> ``Doyle, David W.``."""
    parts = csl_name(name)
    if "family" in parts:
        return f"{parts['family']}, {parts['given']}"
    return parts["literal"]


def ris(editions: Sequence[Edition], all_editions: Sequence[Edition] | None = None) -> str:
    """A RIS record per edition (``TY  - BOOK`` … ``ER  - ``), each followed by a blank line.

    ``ID`` is the citation key, unique among ``all_editions`` (default: ``editions``).
    """
    keys = _keys_for(editions, all_editions)
    return "".join(_ris_record(edition, keys[edition["id"]]) for edition in editions)


# --- CSL-JSON ------------------------------------------------------------------------


def csl_name(name: str) -> CslName:
    """A CSL name object: family and given where the split is obvious, else a literal.

    ``Doyle, David W.`` and ``David W. Doyle`` both give family ``Doyle``, given
    ``David W.``. A name of one word, or one with a word that does not start with a
    capital (a particle such as ``de`` or ``van``), stays ``{"literal": name}``.
    """
    name = one_line(name)
    if "," in name:
        family, given = (part.strip() for part in name.split(",", 1))
        if family and given:
            return {"family": family, "given": given}
        return {"literal": name}
    words = name.split(" ")
    if len(words) >= 2 and all(word[:1].isupper() for word in words):
        return {"family": words[-1], "given": " ".join(words[:-1])}
    return {"literal": name}


def _csl_item(edition: Edition, key: str) -> CslItem:
    item: CslItem = {
        "id": key,
        "type": "book",
        "title": edition["title"],
        "author": [{"family": _surname(edition), "given": GIVEN_NAME}],
    }
    # Each variable the data has, in this order; a null one is left out.
    if edition["year"] is not None:
        item["issued"] = {"date-parts": [[edition["year"]]]}
    if edition["publisher"] is not None:
        item["publisher"] = edition["publisher"]
    if edition["place"] is not None:
        item["publisher-place"] = edition["place"]
    if edition["translator"] is not None:
        item["translator"] = [csl_name(edition["translator"])]
    if edition["language"] is not None:
        item["language"] = edition["language"]
    if edition["isbn"] is not None:
        item["ISBN"] = edition["isbn"]
    if edition["pages"] is not None:
        item["number-of-pages"] = edition["pages"]
    if edition["note"] is not None:
        item["note"] = edition["note"]
    return item


def csl_json(
    editions: Sequence[Edition], all_editions: Sequence[Edition] | None = None
) -> list[CslItem]:
    """CSL-JSON items (type ``book``), ``id`` the citation key; a null value has no key.

    ``language`` is the ISO 639-1 code. Keys are unique among ``all_editions``
    (default: ``editions``).
    """
    keys = _keys_for(editions, all_editions)
    return [_csl_item(edition, keys[edition["id"]]) for edition in editions]


# --- selection -----------------------------------------------------------------------


def select_editions(
    editions: Sequence[Edition],
    ids: Sequence[str],
    language_code: str | None,
    all_: bool,
) -> list[Edition]:
    """The editions to cite: by ``ids``, by language, or all.

    Ids keep the order given (a repeated id counts once) and may not be combined with
    a language or ``all_``; an unknown id raises NotFoundError naming the closest.
    A language (an ISO 639-1 code the caller has resolved; ``all_`` adds nothing to
    it) and ``all_`` keep the article's order; a language no edition has gives an
    empty list. Nothing asked for is a UsageError.
    """
    if ids:
        if language_code is not None or all_:
            raise UsageError("give edition ids, or --lang / --all, not both")
        by_id = {edition["id"]: edition for edition in editions}
        chosen: dict[str, Edition] = {}
        for raw in ids:
            wanted = raw.strip().lower()
            if wanted not in by_id:
                close = difflib.get_close_matches(wanted, list(by_id), n=3, cutoff=0.5)
                hint = (
                    f"; did you mean {', '.join(close)}?"
                    if close
                    else "; `bazhanov editions` lists them"
                )
                raise NotFoundError(f"no edition with id {raw!r}{hint}")
            chosen.setdefault(wanted, by_id[wanted])
        return list(chosen.values())
    if language_code is not None:
        return [edition for edition in editions if edition["language"] == language_code]
    if all_:
        return list(editions)
    raise UsageError("give edition ids, --lang or --all")
