"""The sources' own words: a document split into sections and numbered paragraphs, and the
passage each reference of the data points to.

Paragraphs are numbered as a reader counts them in the prose, the way every provenance of
the data numbers them (docs/data.md):

- the article (``split_article``): its first line is the title (``= Boris Bazhanov =``);
  the box of facts under it, up to the first blank line, is the section ``Infobox``, a
  paragraph a line (1 the caption, then one field a line); the prose before the first
  heading is ``Introduction``; every other section is named by its heading (``== Defection
  ==``, ``===List of editions===``), and each non-blank line of a section is one paragraph
  (a list item, the block quotation);
- the editions record (``split_record``): ``Editions table`` paragraph n is the table's
  row n, ``Notes`` paragraph n is bullet n, its continuation lines joined to it by a space.

A paragraph's text is its line without the spaces around it; nothing else is changed.

The texts ship with the package (``SHIPPED``); reading them is ``model.loading``'s. A
source of the data has its passages only when it is the shipped document: the same id,
title and address. Any other source (a user's file naming a document of its own) has none,
and its passages' text is None. Nothing here reads files or prints.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from ..errors import UsageError

if TYPE_CHECKING:
    from ..model.entries import Passage, ShownRecord
    from ..model.items import Source, SourceRef
    from .lookup import Found


class Section(NamedTuple):
    """One section of a document: its name, its numbered paragraphs, and lines that head it
    without being paragraphs (the editions table's header row)."""

    name: str
    paragraphs: tuple[str, ...]
    head: tuple[str, ...] = ()
    level: int = 2
    """Its heading's depth: 2 for ``== Defection ==``, 3 for a section within it."""


class Document(NamedTuple):
    """A source document as the data's references read it: its title and its sections."""

    source: str
    """The id of the source in the data's ``sources``."""
    title: str
    sections: tuple[Section, ...]

    def section(self, name: str) -> Section | None:
        """The section called ``name`` exactly, or None."""
        return next((section for section in self.sections if section.name == name), None)

    def paragraph(self, section: str, number: int) -> str | None:
        """Paragraph ``number`` (1-based) of ``section``, or None where there is none."""
        found = self.section(section)
        if found is None or not 1 <= number <= len(found.paragraphs):
            return None
        return found.paragraphs[number - 1]


_HEADING = re.compile(r"(={2,})\s*(?P<name>[^=].*?)\s*\1")
_TITLE = re.compile(r"=\s*(?P<name>.+?)\s*=")


def split_article(source: str, text: str) -> Document:
    """The article's sections and paragraphs, numbered as the module's docstring says."""
    lines = [line.strip() for line in text.splitlines()]
    first = lines[0] if lines else ""
    titled = _TITLE.fullmatch(first)
    title = titled.group("name") if titled else first
    body = lines[1:] if titled else lines
    while body and not body[0]:  # the blank line under the title
        body = body[1:]
    box_end = body.index("") if "" in body else len(body)
    sections: list[tuple[str, int, list[str]]] = [
        ("Infobox", 2, body[:box_end]),
        ("Introduction", 2, []),
    ]
    for line in body[box_end:]:
        heading = _HEADING.fullmatch(line)
        if heading:
            sections.append((heading.group("name"), len(heading.group(1)), []))
        elif line:
            sections[-1][2].append(line)
    return Document(
        source,
        title,
        tuple(Section(name, tuple(lines), level=level) for name, level, lines in sections),
    )


_ROW = re.compile(r"\|\s*\d+\s*\|")


def split_record(source: str, text: str) -> Document:
    """The editions record's two sections: the table's rows and the notes' bullets."""
    lines = text.splitlines()
    title = next((line.lstrip("#").strip() for line in lines if line.startswith("# ")), source)
    head: list[str] = []
    rows: list[str] = []
    notes: list[str] = []
    in_notes = False
    for raw in lines:
        line = raw.strip()
        if in_notes:
            if raw.startswith("- "):
                notes.append(line)
            elif line and notes:  # a bullet's continuation
                notes[-1] += " " + line
        elif _ROW.match(line):
            rows.append(line)
        elif line.startswith("|") and not rows and not set(line) <= set("|-: "):
            head.append(line)  # the header row; the rule under it is no text
        elif line == "Notes":
            in_notes = True
    return Document(
        source,
        title,
        (Section("Editions table", tuple(rows), tuple(head)), Section("Notes", tuple(notes))),
    )


class Shipped(NamedTuple):
    """A source document that ships with the package, and which source of the data it is."""

    file: str
    """Its file name in the package's ``data/sources`` folder."""
    title: str
    url: str | None
    split: Callable[[str, str], Document]


SHIPPED: Mapping[str, Shipped] = {
    "article": Shipped(
        "bazhanov_article.txt",
        "Boris Bazhanov",
        "https://en.wikipedia.org/wiki/Boris_Bazhanov",
        split_article,
    ),
    "editions": Shipped(
        "editions.md", "Editions of Bazhanov's memoirs: verified details", None, split_record
    ),
}
"""The shipped documents by the id of the source each is (the bundled data's ``sources``;
a test holds the two equal)."""


def shipped(source: Source) -> Shipped | None:
    """The shipped document that ``source`` is (same id, title and address), or None."""
    found = SHIPPED.get(source["id"])
    if found is None or (found.title, found.url) != (source["title"], source["url"]):
        return None
    return found


def documents_of(sources: Sequence[Source], read: Callable[[str], str]) -> dict[str, Document]:
    """The ``sources`` whose text ships (``shipped``), by id, split into sections and
    paragraphs; ``read`` gives a shipped file's text (``model.loading.read_shipped_text``)."""
    found: dict[str, Document] = {}
    for source in sources:
        document = shipped(source)
        if document is not None:
            found[source["id"]] = document.split(source["id"], read(document.file))
    return found


def passages_of(refs: Sequence[SourceRef], documents: Mapping[str, Document]) -> list[Passage]:
    """Each reference with the text it points to, in the same order; the text is None where
    its source is not a shipped document (``documents`` holds those that are, by id) or that
    document has no such paragraph."""
    found: list[Passage] = []
    for ref in refs:
        document = documents.get(ref["source"])
        text = None if document is None else document.paragraph(ref["section"], ref["paragraph"])
        found.append({**ref, "text": text})
    return found


def shown(found: Found, documents: Mapping[str, Document]) -> ShownRecord:
    """What ``show ID --json`` prints: the item as its listing prints it, and its passages
    (``passages_of`` its provenance; none for a source, which has no provenance)."""
    from typing import cast

    item: Mapping[str, object] = found.item
    cited = cast("list[SourceRef]", item.get("provenance", []))
    return cast("ShownRecord", {**item, "passages": passages_of(cited, documents)})


def sections_named(document: Document, name: str | None = None) -> tuple[Section, ...]:
    """Every section of ``document``, or the one called ``name`` (in any case or spacing)
    with the sections within it.

    An unknown name is a UsageError that names the document's sections.
    """
    if name is None:
        return document.sections
    wanted = " ".join(name.split()).casefold()
    parts = document.sections
    start = next((at for at, part in enumerate(parts) if part.name.casefold() == wanted), None)
    if start is None:
        raise UsageError(_no_section(document, name))
    end = start + 1
    while end < len(parts) and parts[end].level > parts[start].level:
        end += 1
    return parts[start:end]


_SAID = 200
"""The longest message that lists every section: an error is one line (``terminal``)."""


def _no_section(document: Document, name: str) -> str:
    """What an unknown section's error says: every section, or where the list is too long
    for one line, the closest names and where all of them are listed."""
    names = [part.name for part in document.sections]
    said = f"{document.source} has no section {name!r}; its sections: {'; '.join(names)}"
    if len(said) <= _SAID:
        return said
    import difflib

    folded = {part.casefold(): part for part in names}
    close = difflib.get_close_matches(name.casefold(), list(folded), n=3, cutoff=0.5)
    hint = f"did you mean {'; '.join(folded[part] for part in close)}? " if close else ""
    listed = f"`bazhanov show {document.source}` lists its {len(names)} sections"
    return f"{document.source} has no section {name!r}; {hint}{listed}"


def document_named(
    documents: Mapping[str, Document], sources: Sequence[str], wanted: str
) -> Document:
    """The shipped document of the source ``wanted`` (in any case), one of ``sources``, the
    ids the data declares; a UsageError names those whose text ships where it is not one."""
    source = wanted.strip().lower()
    if source in documents:
        return documents[source]
    shipped_ids = ", ".join(documents) or "none"
    if source in sources:
        raise UsageError(
            f"the text of source {wanted!r} does not ship with bazhanov; "
            f"the sources whose text does: {shipped_ids}"
        )
    raise UsageError(f"no source {wanted!r}; the sources whose text ships: {shipped_ids}")


def paragraphs_of(source: str, sections: Sequence[Section]) -> list[Passage]:
    """Every paragraph of ``sections`` of the document ``source``, numbered, in order."""
    return [
        {"source": source, "section": part.name, "paragraph": number, "text": text}
        for part in sections
        for number, text in enumerate(part.paragraphs, start=1)
    ]
