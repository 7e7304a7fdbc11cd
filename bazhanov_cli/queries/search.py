"""Search the biography the way people spell names: any case, accents, script, alias or typo.

Pure functions, no I/O: the biography and a query in, ranked ``SearchHit`` records out.

How text is compared:

- Query and data are folded to lower-case ASCII with anyascii, so ``Bašanov`` meets
  ``Basanov`` and ``Бажанов`` meets ``Bazhanov``. Control and format characters (bidi marks,
  zero-width spaces) are dropped; other whitespace separates words.
- Folded text is split into words of letters and digits. An English possessive counts as the
  bare word (``Stalin's`` is ``stalin``) and other apostrophes vanish (``Tret'ia`` is ``tretia``).
- A query word matches a data word exactly, as a prefix of it (from two letters on), or within
  a small edit distance (one edit for 5 to 8 letters, two for longer words; never for numbers),
  and scores in that order.
- Every query word must match somewhere in an item (AND). A place or person found by name or
  alias also brings up the events (and quotes) that refer to it, scored lower.
- Only the first ``MAX_QUERY_WORDS`` (20) words and ``MAX_QUERY_CHARS`` (200) characters of
  words of the folded query count, so a pasted 200,000-character query costs about as much
  as a short one.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections.abc import Collection, Iterator, Mapping
from functools import lru_cache
from typing import Any, NamedTuple, get_args

from anyascii import anyascii
from rapidfuzz import process
from rapidfuzz.distance import OSA

from ..errors import UsageError
from ..model.entries import SearchHit
from ..model.items import Biography, Kind, LifeMoment, Person, Place
from ..model.kinds import ITEM_KINDS, KIND_SPECS, SearchRole, fact_label, items_of
from .claims import by_attribution

_KIND_ORDER: dict[Kind, int] = {kind: rank for rank, kind in enumerate(get_args(Kind))}

MAX_QUERY_WORDS = 20
MAX_QUERY_CHARS = 200
MATCHED_WINDOW = 120
"""The longest ``matched`` excerpt, ellipses included."""

# Per-word scores: an exact word beats any prefix, a prefix beats any typo.
EXACT_SCORE = 100.0
PREFIX_SCORE_FLOOR = 80.0  # plus up to 15 for how much of the word the prefix covers
FUZZY_SCORE_CEILING = 70.0  # times the similarity of the two words

# Field weights: names and titles count fully, prose that merely mentions a word less.
NAME_WEIGHT = 1.0
DETAIL_WEIGHT = 0.9  # publisher, translator, a quote's source, a present-day name
REFERENCE_WEIGHT = 0.75  # an event's person or place, found by its name or alias
SUMMARY_WEIGHT = 0.7
DESCRIPTION_WEIGHT = 0.6  # descriptions, contexts, notes
_WEIGHTS: dict[SearchRole, float] = {
    "name": NAME_WEIGHT,
    "detail": DETAIL_WEIGHT,
    "summary": SUMMARY_WEIGHT,
    "description": DESCRIPTION_WEIGHT,
}

# How much of the score depends on how closely the best field fits the whole query.
_CLOSENESS_SHARE = 0.15

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")
_PRINTABLE_ASCII = re.compile(r"[ -~]+")
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
_QUERY_SLICE = 512


DEFAULT_LIMIT = 20
"""How many hits a search gives unless asked for more (``limit``)."""


class Results(NamedTuple):
    """The best hits of a search, and how many items matched in all."""

    hits: list[SearchHit]
    matched: int


def search(
    bio: Biography,
    query: str,
    *,
    kinds: Collection[Kind] | None = None,
    attributed: bool | None = None,
    limit: int | None = DEFAULT_LIMIT,
) -> Results:
    """The ``limit`` best items of ``bio`` matching every word of ``query`` (all for None).

    ``kinds`` narrows the search to some kinds, ``attributed`` to the items the sources
    attribute (True) or state (False), before the best are chosen. Equal scores keep the
    order fact, person, place, event, edition, quote (``Kind``), then the order of the data
    file. A query with no letters or digits raises ``UsageError``.
    """
    words = query_words(query)
    if not words:
        raise UsageError("empty search query")

    literal = _literal(query)
    items = [item for item in _index(bio) if kinds is None or item.kind in kinds]
    vocabulary = sorted({word for item in items for field in item.fields for word in field.words})
    word_scores = _score_vocabulary(words, vocabulary)

    scored: list[tuple[float, int, int, SearchHit]] = []
    for item in items:
        hit = _score_item(item, len(words), word_scores, literal)
        if hit is not None:
            scored.append((-hit["score"], _KIND_ORDER[item.kind], item.order, hit))
    scored.sort(key=lambda entry: entry[:3])
    hits = by_attribution([hit for *_, hit in scored], attributed)
    return Results(hits[:limit], len(hits))


def query_words(query: str) -> tuple[str, ...]:
    """The folded, de-duplicated words of ``query`` that a search uses.

    Reading stops after ``MAX_QUERY_WORDS`` words or ``MAX_QUERY_CHARS`` characters of words,
    repeats included (a longer word is cut). The raw query is read in slices, so the cost does
    not grow with whatever lies beyond the caps.
    """
    words: list[str] = []
    read = 0  # repeats count too, or "a a a ..." would be read to its very end
    room = MAX_QUERY_CHARS
    carried = ""  # the folded start of a word that may go on in the next slice
    for start in range(0, len(query), _QUERY_SLICE):
        folded = carried + _fold(query[start : start + _QUERY_SLICE])[0]
        matches = list(_WORD.finditer(folded))
        carried = ""
        more_follows = start + _QUERY_SLICE < len(query)
        last = matches[-1] if matches else None
        if more_follows and last and last.end() == len(folded) and len(last.group()) < room:
            carried = matches.pop().group()
        for match in matches:
            word = _bare_word(match.group())[:room]
            if not word:
                continue
            if word not in words:
                words.append(word)
            read += 1
            room -= len(word)
            if read == MAX_QUERY_WORDS or room <= 0:
                return tuple(words)
    return tuple(words)


# --- folding text into words -------------------------------------------------------------


def _fold(text: str) -> tuple[str, list[int] | None]:
    """``text`` as lower-case ASCII, and for each folded character the index it came from.

    The index list is None when folding kept every character in place (printable ASCII).
    """
    if text.isascii() and text.isprintable():
        return text.lower(), None
    pieces: list[str] = []
    origins: list[int] = []
    done = 0
    # Runs of printable ASCII stay as they are (lower-cased), in C; only the
    # other characters are looked at one by one.
    for run in _PRINTABLE_ASCII.finditer(text):
        _fold_one_by_one(text, done, run.start(), pieces, origins)
        pieces.append(run.group().lower())
        origins.extend(range(run.start(), run.end()))
        done = run.end()
    _fold_one_by_one(text, done, len(text), pieces, origins)
    return "".join(pieces), origins


def _fold_one_by_one(
    text: str, start: int, end: int, pieces: list[str], origins: list[int]
) -> None:
    for index in range(start, end):
        char = text[index]
        if char.isspace():
            ascii_text = " "
        elif unicodedata.category(char) in _DROPPED_CATEGORIES:
            continue  # bidi marks, zero-width and control characters carry no letters
        else:
            ascii_text = anyascii(char).lower()
        pieces.append(ascii_text)
        origins.extend([index] * len(ascii_text))


def _literal(query: str) -> str:
    """The start of the query as typed, less invisible characters, for comparing unfolded."""
    kept = (
        char
        for char in query[: MAX_QUERY_CHARS * 2]
        if unicodedata.category(char) not in _DROPPED_CATEGORIES
    )
    return " ".join("".join(kept).split()).casefold()


def _bare_word(word: str) -> str:
    if word.endswith("'s"):
        word = word[:-2]
    return word.replace("'", "")


@lru_cache(maxsize=8192)
def _words(text: str) -> tuple[str, ...]:
    """The words of a data text (cached: the data repeats per call)."""
    words = _WORD.findall(_fold(text)[0])
    return tuple(bare for word in words if (bare := _bare_word(word) if "'" in word else word))


def _span(text: str, position: int) -> tuple[int, int]:
    """Where the word ``_words(text)[position]`` sits in ``text`` itself."""
    folded, origins = _fold(text)
    matches = (match for match in _WORD.finditer(folded) if _bare_word(match.group()))
    match = next(itertools.islice(matches, position, None))
    start, end = match.span()
    if origins is None:
        return start, end
    return origins[start], origins[end - 1] + 1


# Plain classes with slots: the search path defines them on every run, and a
# dataclass costs several times as much to define.
class _Field:
    __slots__ = ("name", "text", "weight", "words")

    def __init__(self, name: str, weight: float, text: str, words: tuple[str, ...]) -> None:
        self.name, self.weight, self.text, self.words = name, weight, text, words


class _Item:
    __slots__ = ("attribution", "fields", "id", "kind", "order", "title")

    def __init__(
        self,
        kind: Kind,
        item_id: str,
        title: str,
        attribution: str | None,
        order: int,
        fields: tuple[_Field, ...],
    ) -> None:
        self.kind, self.id, self.title, self.attribution = kind, item_id, title, attribution
        self.order, self.fields = order, fields


def _field(name: str, weight: float, text: str | None) -> Iterator[_Field]:
    if text:
        words = _words(text)
        if words:
            yield _Field(name, weight, text, words)


def _names(name: str, entity: Person | Place, weight: float) -> Iterator[_Field]:
    """A person's or place's name, aliases and search names, under the field ``name``."""
    for text in (entity["name"], *entity["aliases"], *entity["search_names"]):
        yield from _field(name, weight, text)


def _index(bio: Biography) -> list[_Item]:
    """Every searchable item of ``bio`` with its fields: the infobox's, then ``KINDS``'s."""
    people = {person["id"]: person for person in bio["people"]}
    places = {place["id"]: place for place in bio["places"]}
    # A reference's field is named for the listing of what it names (``people``).
    named: dict[str, tuple[str, Mapping[str, Person | Place]]] = {
        "person": (KIND_SPECS["person"].listing, people),
        "place": (KIND_SPECS["place"].listing, places),
    }
    items: list[_Item] = []

    def searched(field: str, role: SearchRole, value: str | list[str] | None) -> Iterator[_Field]:
        """A field's text, or each of its texts; a reference, as the names of what it names."""
        for text in value if isinstance(value, list) else [value]:
            if role in named:
                listing, entities = named[role]
                entity = entities.get(text) if text else None
                if entity is not None:
                    yield from _names(listing, entity, REFERENCE_WEIGHT)
            else:
                yield from _field(field, _WEIGHTS[role], text)

    def add(
        kind: Kind, item_id: str, title: str, attribution: str | None, *fields: Iterator[_Field]
    ) -> None:
        flat = tuple(field for group in fields for field in group)
        items.append(_Item(kind, item_id, title, attribution, len(items), flat))

    def moment_fields(moment: LifeMoment) -> Iterator[_Field]:
        yield from _field("place", NAME_WEIGHT, moment["place"])
        place = places.get(moment["place_id"]) if moment["place_id"] else None
        if place is not None:
            yield from _names("places", place, REFERENCE_WEIGHT)

    def fact(name: str, *fields: Iterator[_Field]) -> None:
        add("fact", name, fact_label(name), None, *fields)

    facts = bio["facts"]
    fact("full_name", _field("full_name", NAME_WEIGHT, facts["full_name"]))
    fact("native_name", _field("native_name", NAME_WEIGHT, facts["native_name"]))
    fact("description", _field("description", DESCRIPTION_WEIGHT, facts["description"]))
    fact("born", moment_fields(facts["born"]))
    fact("died", moment_fields(facts["died"]))
    fact("resting_place", _field("resting_place", NAME_WEIGHT, facts["resting_place"]))
    fact(
        "citizenship",
        *(_field("citizenship", NAME_WEIGHT, country) for country in facts["citizenship"]),
    )
    fact(
        "citizenship_inferred",
        *(
            _field("citizenship_inferred", NAME_WEIGHT, country)
            for country in facts["citizenship_inferred"]
        ),
    )
    fact(
        "positions",
        *(_field("title", NAME_WEIGHT, position["title"]) for position in facts["positions"]),
        *(
            _field("attribution", DETAIL_WEIGHT, position["attribution"])
            for position in facts["positions"]
        ),
    )

    # Every other kind as KINDS declares it: its title, attribution and searched fields.
    for spec in ITEM_KINDS:
        assert spec.kind is not None  # every kind of item has a name
        assert spec.title is not None  # and a title
        for item in items_of(bio, spec):
            values: Mapping[str, Any] = item
            title = values[spec.title]
            add(
                spec.kind,
                item["id"],
                _shorten(title, 60) if spec.kind == "quote" else title,  # a quotation is long
                values[spec.attribution] if spec.attribution else None,
                *(searched(field, role, values[field]) for field, role in spec.searched),
            )
    return items


# --- scoring -----------------------------------------------------------------------------


def _max_edits(word: str) -> int:
    if len(word) < 5 or not word.isalpha():
        return 0  # short words and numbers (1928 vs 1929) must match exactly
    return 1 if len(word) <= 8 else 2


def _score_vocabulary(
    words: tuple[str, ...], vocabulary: list[str]
) -> dict[str, list[tuple[int, float]]]:
    """For each data word that any query word matches: (query word index, word score) pairs.

    ``vocabulary`` is sorted, so the words a query word is a prefix of are one bisected run.
    """
    scores: dict[str, list[tuple[int, float]]] = {}

    def note(data_word: str, index: int, score: float) -> None:
        pairs = scores.setdefault(data_word, [])
        for position, (seen_index, seen_score) in enumerate(pairs):
            if seen_index == index:
                pairs[position] = (index, max(seen_score, score))
                return
        pairs.append((index, score))

    for index, word in enumerate(words):
        edits = _max_edits(word)
        if edits:
            for data_word, distance, _ in process.extract(
                word, vocabulary, scorer=OSA.distance, score_cutoff=edits, limit=None
            ):
                similarity = 1 - distance / max(len(word), len(data_word))
                note(data_word, index, round(FUZZY_SCORE_CEILING * similarity, 3))
        start = bisect.bisect_left(vocabulary, word)
        for data_word in vocabulary[start:]:
            if not data_word.startswith(word):
                break
            if data_word == word:
                note(data_word, index, EXACT_SCORE)
            elif len(word) >= 2:
                note(data_word, index, PREFIX_SCORE_FLOOR + 15 * len(word) / len(data_word))
    return scores


class _FieldMatch:
    __slots__ = ("best_position", "field", "matched_positions", "total", "word_scores")

    def __init__(
        self,
        field: _Field,
        word_scores: list[float],
        matched_positions: list[int],
        best_position: int,
    ) -> None:
        self.field = field
        self.word_scores = word_scores  # the best score of each query word in this field
        self.matched_positions = matched_positions  # the field's words that matched
        self.best_position = best_position  # the word with the highest score, for the excerpt
        self.total = sum(word_scores) * field.weight


def _match_field(
    field: _Field, word_count: int, word_scores: dict[str, list[tuple[int, float]]]
) -> _FieldMatch | None:
    best = [0.0] * word_count
    positions: list[int] = []
    best_position, best_score = 0, 0.0
    for position, data_word in enumerate(field.words):
        pairs = word_scores.get(data_word)
        if not pairs:
            continue
        positions.append(position)
        for index, score in pairs:
            if score > best[index]:
                best[index] = score
            if score > best_score:
                best_position, best_score = position, score
    if not positions:
        return None
    return _FieldMatch(field, best, positions, best_position)


def _closeness(match: _FieldMatch, word_count: int) -> float:
    """How well one field fits the whole query, 0 to 1: all words, in order, nothing else."""
    if not all(match.word_scores):
        return 0.0
    coverage = len(match.matched_positions) / len(match.field.words)
    if not _is_phrase(match.matched_positions, word_count):
        coverage /= 2
    return min(coverage, 1.0)


def _is_phrase(positions: list[int], word_count: int) -> bool:
    """Whether some ``word_count`` matched words stand next to each other."""
    if word_count <= 1:
        return True
    run = 1
    for previous, current in itertools.pairwise(positions):
        run = run + 1 if current == previous + 1 else 1
        if run >= word_count:
            return True
    return False


def _score_item(
    item: _Item,
    word_count: int,
    word_scores: dict[str, list[tuple[int, float]]],
    literal: str,
) -> SearchHit | None:
    matches = [
        match
        for field in item.fields
        if (match := _match_field(field, word_count, word_scores)) is not None
    ]
    if not matches:
        return None
    per_word = [
        max(match.word_scores[index] * match.field.weight for match in matches)
        for index in range(word_count)
    ]
    if not all(per_word):
        return None  # every query word must match somewhere in the item
    # Of equally good fields, show the one written as the user wrote it: "Бажанов" for Бажанов.
    best = max(
        matches,
        key=lambda match: (
            match.total,
            _closeness(match, word_count),
            bool(literal) and literal in match.field.text.casefold(),
        ),
    )
    base = sum(per_word) / word_count
    score = base * (1 - _CLOSENESS_SHARE + _CLOSENESS_SHARE * _closeness(best, word_count))
    return {
        "kind": item.kind,
        "id": item.id,
        "title": item.title,
        "attribution": item.attribution,
        "score": round(min(score, 100.0), 1),
        "field": best.field.name,
        "matched": _excerpt(best.field.text, best.best_position),
    }


# --- display text --------------------------------------------------------------------------


def _shorten(text: str, width: int) -> str:
    """``text`` cut at a word boundary to at most ``width`` characters, with an ellipsis."""
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    if " " in cut[width // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "\u2026"


def _excerpt(text: str, position: int) -> str:
    """``text`` itself, or at most ``MATCHED_WINDOW`` characters of it around word ``position``."""
    if len(text) <= MATCHED_WINDOW:
        return text
    span = _span(text, position)
    room = MATCHED_WINDOW - 2  # an ellipsis at either end
    start = max(0, min(span[0] - room // 3, len(text) - room))
    end = start + room
    if start > 0:
        # Begin at a word, unless that would lose the match itself.
        space = text.find(" ", start, span[0])
        if space != -1:
            start = space + 1
    if end < len(text):
        space = text.rfind(" ", max(span[1], start), end)
        if space != -1:
            end = space
    window = text[start:end].strip()
    return ("\u2026" if start > 0 else "") + window + ("\u2026" if end < len(text) else "")
