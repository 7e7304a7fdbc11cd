"""Formatted references in a CSL style (Chicago, APA, MLA, Harvard): the bundled editions'
as ``bibliographies`` stores them, others rendered by citeproc-py (the optional ``cite``
extra, imported on call) with the official CSL styles this package ships
(``bazhanov_cli/styles``, CC BY-SA 3.0); references that would print alike told apart as the
style does, and an author repeated as the style says (``———.``).

citeproc-js (Zotero's, Mendeley's and citation-js's processor) and pandoc's citeproc agree
on what the styles print; citeproc-py 0.11 departs from them in a few places, which are
mended here: ``_bibliography_style`` rewrites what it misreads in a style, ``render``
makes apostrophes typographic, ``disambiguated`` gives every undated work of an author a
letter, and ``formatted`` puts the style's dash for a repeated author. docs/citing.md lists
what still differs, and tests/test_clients.py holds it to exactly that list."""

from __future__ import annotations

import re
import warnings
from collections import Counter
from collections.abc import Sequence
from typing import cast

from ..choices import Style
from ..errors import BazhanovError
from ..model.entries import CslItem
from ..model.items import Edition
from .cite import (
    MISSING_EXTRA,
    STYLE_FILES,
    csl_json,
    fold_ascii,
    letter_suffixes,
    one_line,
)

# --- formatted references ------------------------------------------------------------

_CSL_NS = "http://purl.org/net/xbiblio/csl"


def style_file(style: Style) -> bytes:
    """The CSL style file of ``style``, as this package ships it (``bazhanov_cli/styles``)."""
    from importlib.resources import files

    return (files("bazhanov_cli") / "styles" / f"{STYLE_FILES[style]}.csl").read_bytes()


def _bibliography_style(style: bytes) -> bytes:
    """The CSL ``style``, rewritten where citeproc-py 0.11 misreads it.

    - It ignores CSL 1.0.1's ``initialize="false"`` and abbreviates every given name when
      the style sets ``initialize-with`` (Chicago and MLA would print ``Bazhanov, B.``).
      The rewrite moves the inherited ``initialize-with`` of the bibliography onto each
      ``name`` element that does initialize; the others then print given names in full,
      as the style means them to.
    - It leaves a label's ``text-case="title"`` undone, reading the term as text of an
      item in no known language, where CSL title-cases a term in the style's own English
      (APA's ``(C. Maillat, trans.)`` is ``Trans.``). A label is one or two short words
      without stop words (``trans.``, ``ed. & trans.``), for which ``capitalize-all`` is
      title case.
    """
    import xml.etree.ElementTree as ET

    root = ET.fromstring(style)
    for label in root.iter(f"{{{_CSL_NS}}}label"):
        if label.get("text-case") == "title":
            label.set("text-case", "capitalize-all")
    bibliography = root.find(f"{{{_CSL_NS}}}bibliography")
    inherited = root.get("initialize-with")
    if bibliography is not None:
        inherited = bibliography.get("initialize-with", inherited)
    if inherited is not None:
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


def subsequent_author_substitute(style: bytes) -> str | None:
    """What the CSL ``style``'s bibliography puts for an author who repeats the previous
    reference's (``subsequent-author-substitute``, by its only rule here, ``complete-all``:
    the whole list of names), or None when it repeats the names."""
    import xml.etree.ElementTree as ET

    bibliography = ET.fromstring(style).find(f"{{{_CSL_NS}}}bibliography")
    if bibliography is None:
        return None
    rule = bibliography.get("subsequent-author-substitute-rule", "complete-all")
    if rule != "complete-all":
        raise ValueError(f"subsequent-author-substitute-rule {rule!r} is not implemented")
    return bibliography.get("subsequent-author-substitute")


def formatted(editions: Sequence[Edition], style: Style) -> list[str]:
    """A bibliography of ``editions`` in ``style``: a reference each, sorted as the style sorts.

    An edition given twice is listed once, as a bibliography lists a work. Two
    references that would print alike are told apart as the style does (``disambiguated``).

    The references of the bundled editions were rendered when the package was built
    (``bibliographies``, by the same processor and style files; a test renders them again
    and holds them equal); any other edition is rendered now by citeproc-py (the ``cite``
    extra) with the style files this package ships, and without it a BazhanovError says how
    to install it. An author who is the previous reference's is put as the style says
    (``bibliographies.SUBSTITUTES``).
    """
    from .bibliographies import SUBSTITUTES

    unique = list({edition["id"]: edition for edition in editions}.values())
    if not unique:
        return []
    csl_items = csl_json(unique)
    items = [canonical_item(item) for item in csl_items]
    ordered = _stored(items, style)
    if ordered is None:
        ordered = render(items, style)
    ordered = _ties_in_given_order(ordered)
    texts = disambiguated([(unique[index], text) for index, text in ordered], style)
    substitute = SUBSTITUTES.get(style)
    if substitute is None:
        return texts
    authors = [_authors_text(csl_items[index]) for index, _ in ordered]
    return repeated_authors_substituted(list(zip(authors, texts, strict=True)), substitute)


def _authors_text(item: CslItem) -> str:
    """The authors as a bibliography in Chicago or MLA begins with them: ``Bazhanov, Boris``
    (an edition has one, credited family name first)."""
    authors = cast("list[dict[str, str]]", item["author"])
    return "; ".join(
        author.get("literal")
        or ", ".join(part for part in (author.get("family"), author.get("given")) if part)
        for author in authors
    )


def repeated_authors_substituted(
    references: Sequence[tuple[str, str]], substitute: str
) -> list[str]:
    """Each (author, reference) pair's reference, with an author that is the previous
    reference's replaced by ``substitute`` (Chicago's and MLA's ``———.``)."""
    texts = []
    previous = None
    for author, text in references:
        if author == previous and text.startswith(author):
            text = substitute + text[len(author) :]
        texts.append(text)
        previous = author
    return texts


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
    references are left as they are (``disambiguated`` tells them apart). Needs the
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
            io.BytesIO(_bibliography_style(style_file(style))), validate=False
        )
        bibliography = CitationStylesBibliography(csl, source, formatter.plain)
        for key in keys:
            bibliography.register(Citation([CitationItem(key)]))
        bibliography.sort()  # by the style's own keys: author, then date or title
        texts = [
            typographic_apostrophes(one_line(str(reference)))
            for reference in bibliography.bibliography()
        ]
    index_of = {key: index for index, key in enumerate(keys)}
    ordered = [(index_of[key], text) for key, text in zip(bibliography.keys, texts, strict=True)]
    # citeproc-py compares code points, so Bašanov would follow Bazhanov; a bibliography
    # alphabetizes the author's name as read. Every style here begins with the surname.
    return sorted(ordered, key=lambda pair: fold_ascii(pair[1].split(",", 1)[0]))


_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")


def typographic_apostrophes(text: str) -> str:
    """``d'un`` as ``d\u2019un``: an apostrophe within a word is the typographic one
    (U+2019), as citeproc-js and pandoc print it."""
    return _APOSTROPHE.sub("\u2019", text)


# How each author-date style tells apart two works of one author and one date: a
# letter after the date (APA: 1930a, n.d.-a; Cite Them Right: 1930a, no date a). The
# pattern finds the reference's date; the joiner goes between "no date" and the letter.
_YEAR_SUFFIX: dict[Style, tuple[re.Pattern[str], str]] = {
    "apa": (re.compile(r"\((\d{4}|n\.d\.)\)"), "-"),
    "harvard": (re.compile(r"\((\d{4}|no date)\)"), " "),
}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def disambiguated(references: Sequence[tuple[Edition, str]], style: Style) -> list[str]:
    """The references, with any that print alike disambiguated as the style does.

    APA and Cite Them Right (author-date) tell apart the works an in-text citation would
    confuse: every work of one author and one date, whatever its title, gets a letter after
    the date, in the order the references come: ``(n.d.-a)``, ``(n.d.-b)``; ``(1930a)``;
    ``(no date a)`` (the styles' ``disambiguate-add-year-suffix``, as citeproc-js applies
    it). Chicago and MLA add what tells the work apart at the end of the entry: the
    sentences of its note that the others' notes lack (``A second listing of the same
    title.``). References still alike after that end with their edition id in brackets.
    """
    texts = [text for _, text in references]
    if style in _YEAR_SUFFIX:
        pattern = _YEAR_SUFFIX[style][0]
        cited: dict[str, list[int]] = {}  # author and date, as the reference begins
        for index, text in enumerate(texts):
            found = pattern.search(text)
            if found is not None:
                cited.setdefault(text[: found.end()], []).append(index)
        for members in cited.values():
            if len(members) > 1:
                for member, letter in zip(members, letter_suffixes()):  # noqa: B905 (endless)
                    texts[member] = _with_year_suffix(texts[member], letter, style)
    else:
        groups: dict[str, list[int]] = {}
        for index, text in enumerate(texts):
            groups.setdefault(text, []).append(index)
        for members in groups.values():
            if len(members) < 2:
                continue
            sentences = [
                _SENTENCE_END.split(references[member][0]["note"] or "") for member in members
            ]
            for position, member in enumerate(members):
                others = {s for at, group in enumerate(sentences) if at != position for s in group}
                own = [
                    sentence
                    for sentence in sentences[position]
                    if sentence and sentence not in others
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
