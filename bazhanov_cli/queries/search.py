"""Search the biography the way people ask: any case, accents, script, alias, word form or typo.

Pure functions, no I/O: the biography and a query in, ranked ``SearchHit`` records out.

How text is compared:

- Query and data are folded to lower-case ASCII with anyascii, so ``Bašanov`` meets
  ``Basanov`` and ``Бажанов`` meets ``Bazhanov``. Control and format characters (bidi marks,
  zero-width spaces) are dropped; other whitespace separates words.
- Folded text is split into words of letters and digits. An English possessive counts as the
  bare word (``Stalin's`` is ``stalin``) and other apostrophes vanish (``Tret'ia`` is ``tretia``).
- A query word matches a data word exactly; by its Snowball stem (PyStemmer: English for our
  text, and an edition's own language for its title and note, so ``assassination`` meets
  ``assassinated``, ``Sekretär`` meets ``Sekretärs`` and ``воспоминание`` meets
  ``Воспоминания``); through ``SYNONYMS``, a short list of words people use for what the
  sources say otherwise (``escape`` for ``defect`` and ``flee``); as a prefix of it (from
  four letters on); or within a small edit distance (one edit for 5 to 8 letters, two for
  longer words; never for numbers). It scores in that order.
- Searched are every name and title, summaries, descriptions, notes, categories, the names of
  an item's people and places, every attribution (quotations' too), the infobox's labels,
  and the years an event or edition falls in. Names and titles weigh more than summaries,
  and a word that few items contain weighs more than a common one (inverse document
  frequency), as in BM25.
- Small English words (``who``, ``to``, ``the``: ``STOPWORDS``) are left out of a query that
  has other words. Every other word must match somewhere in an item (AND). When no item
  has them all, the items with the most of them come instead, best first, and ``Results``
  says so (``partial``). A place or person found by name or alias also brings up the
  events (and quotes) that refer to it, scored lower.
- Only the first ``MAX_QUERY_WORDS`` (20) words and ``MAX_QUERY_CHARS`` (200) characters of
  words of the folded query count, so a pasted 200,000-character query costs about as much
  as a short one.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
import unicodedata
from collections.abc import Collection, Iterator, Mapping
from functools import cache, lru_cache
from typing import Any, NamedTuple, get_args

import Stemmer  # type: ignore[import-not-found,unused-ignore]  # PyStemmer: no type hints
from anyascii import anyascii
from rapidfuzz import process
from rapidfuzz.distance import OSA

from ..errors import UsageError
from ..model.dates import age_between
from ..model.entries import SearchHit
from ..model.items import Biography, Kind, LifeMoment, OurName, Person, Place, names_of
from ..model.kinds import ITEM_KINDS, KIND_SPECS, SearchRole, fact_label, items_of
from .claims import by_attribution

_KIND_ORDER: dict[Kind, int] = {kind: rank for rank, kind in enumerate(get_args(Kind))}

MAX_QUERY_WORDS = 20
MAX_QUERY_CHARS = 200
MATCHED_WINDOW = 120
"""The longest ``matched`` excerpt, ellipses included."""

# Per-word scores: an exact word beats its other forms, which beat a synonym, which beats
# any prefix, and a prefix beats any typo.
EXACT_SCORE = 100.0
STEM_SCORE = 95.0  # the same Snowball stem: assassinated for assassination
OTHER_FORM_SCORE = 85.0  # the same, for a query word the data also has as typed: Staline
SYNONYM_SCORE = 85.0  # a word of the same SYNONYMS group: defects for escape
MIN_PREFIX = 4  # "age" is no prefix of Agabekov worth taking
MIN_TELLING = 3  # the shortest word that, alone, makes an item one of "those with most"
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

_SMALL_WORDS = """
    a an and are as at be by did do does for from had has have he her him his how i in is it
    its me my of on or she that the their them they this to was were what when where which
    who whom whose why with
"""
STOPWORDS = frozenset(_SMALL_WORDS.split())
"""English words too common to mean anything in a question ("who tried to kill him"): left
out of a query that has other words, kept in one that has only these."""

SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("escape", "flee", "fled", "defect"),
    ("kill", "murder", "assassinate", "stab", "knife"),
    ("die", "death", "dead"),
    ("born", "birth"),
    ("old", "age"),
    ("bury", "burial", "grave", "cemetery"),
    ("find", "found", "discover"),
    ("refuse", "decline", "reject"),
    ("jew", "jewish"),
    ("graduate", "finish", "complete"),
    ("deport", "expel"),
)
"""Words people ask with for what the sources say in other words; each group's words (by
their English stems) find each other, below the word itself and its forms."""

LANGUAGE_STEMMERS: dict[str, str] = {
    "ar": "arabic", "ca": "catalan", "cs": "czech", "da": "danish", "de": "german",
    "el": "greek", "en": "english", "es": "spanish", "et": "estonian", "eu": "basque",
    "fa": "persian", "fi": "finnish", "fr": "french", "ga": "irish", "hi": "hindi",
    "hu": "hungarian", "hy": "armenian", "id": "indonesian", "it": "italian",
    "lt": "lithuanian", "ne": "nepali", "nl": "dutch", "no": "norwegian", "pl": "polish",
    "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian", "sv": "swedish",
    "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}  # fmt: skip
"""The ISO 639-1 languages Snowball stems, and its name for each (Azerbaijani it has not)."""


class Results(NamedTuple):
    """The best hits of a search, how many items matched in all, and whether they match only
    some of the query's words (no item had every one)."""

    hits: list[SearchHit]
    matched: int
    partial: bool = False


def search(
    bio: Biography,
    query: str,
    *,
    kinds: Collection[Kind] | None = None,
    attributed: bool | None = None,
    limit: int | None = DEFAULT_LIMIT,
) -> Results:
    """The ``limit`` best items of ``bio`` matching every word of ``query`` (all for None), small
    words (``STOPWORDS``) aside; when no item has every word, the items with the most of them,
    and ``partial`` is True.

    ``kinds`` narrows the search to some kinds, ``attributed`` to the items the sources
    attribute (True) or state (False), before the best are chosen. Equal scores keep the
    order fact, person, place, event, edition, quote (``Kind``), then the order of the data
    file. A query with no letters or digits raises ``UsageError``.
    """
    every_word = query_words(query)
    if not every_word:
        raise UsageError("empty search query")
    words = tuple(word for word in every_word if word not in STOPWORDS) or every_word

    literal = _literal(query)
    items = [item for item in _index(bio) if kinds is None or item.kind in kinds]
    vocabulary = sorted({word for item in items for field in item.fields for word in field.words})
    word_scores = _score_vocabulary(words, vocabulary)
    languages = {
        language for item in items for field in item.fields for language, _ in field.foreign
    }
    foreign = _foreign_query_keys(query, words, languages)

    found = [
        (item, matches, per_word)
        for item in items
        if (matched := _match_item(item, len(words), word_scores, foreign)) is not None
        for matches, per_word in [matched]
    ]
    # A word few items contain tells more than one most contain (BM25's IDF).
    weights = [
        math.log(1 + len(items) / max(1, sum(1 for *_, per_word in found if per_word[index])))
        for index in range(len(words))
    ]
    complete = [entry for entry in found if all(entry[2])]
    partial = not complete
    if partial:
        # Instead of nothing, the items with the most words; but a stray "0" or "zz" found
        # in an ISBN or a name is no answer: one word of three characters or more must match.
        telling = [len(word) >= MIN_TELLING for word in words]
        found = [entry for entry in found if any(map(bool.__and__, telling, map(bool, entry[2])))]
    scored: list[tuple[int, float, int, int, SearchHit]] = []
    for item, matches, per_word in complete or found:
        hit = _hit(item, matches, per_word, weights, literal)
        missing = sum(1 for score in per_word if not score)
        scored.append((missing, -hit["score"], _KIND_ORDER[item.kind], item.order, hit))
    scored.sort(key=lambda entry: entry[:4])
    hits = by_attribution([hit for *_, hit in scored], attributed)
    return Results(hits[:limit], len(hits), partial and bool(hits))


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
    __slots__ = ("foreign", "name", "text", "weight", "words")

    def __init__(self, name: str, weight: float, text: str, words: tuple[str, ...]) -> None:
        self.name, self.weight, self.text, self.words = name, weight, text, words
        self.foreign: frozenset[tuple[str, str]] = frozenset()  # (language, folded stem)


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


def _field(
    name: str, weight: float, text: str | None, language: str | None = None
) -> Iterator[_Field]:
    if text:
        words = _words(text)
        if words:
            field = _Field(name, weight, text, words)
            if language in LANGUAGE_STEMMERS and language != "en":
                field.foreign = _foreign_keys(text, language)
            yield field


def _years(name: str, start: str | None, end: str | None) -> Iterator[_Field]:
    """A date or span as a field whose words are the years it touches (a span of more than
    50 years, its first and last)."""
    if start is None:
        return
    first, last = int(start[:4]), int((end or start)[:4])
    years = range(first, last + 1) if 0 <= last - first <= 50 else (first, last)
    text = start if end is None else f"{start} \u2013 {end}"
    yield _Field(name, DETAIL_WEIGHT, text, tuple(str(year) for year in years))


_RAW_WORD = re.compile(r"[^\W_]+")


@cache
def _stemmer(language: str) -> Any:
    return Stemmer.Stemmer(LANGUAGE_STEMMERS[language])


def _raw_words(text: str) -> list[str]:
    """The words of ``text`` as written (lower case, combining marks dropped), for stemming
    in a language whose letters folding would lose: ``Воспоминания``, ``révèle``."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _RAW_WORD.findall(unicodedata.normalize("NFC", bare))


@lru_cache(maxsize=1024)
def _foreign_keys(text: str, language: str) -> frozenset[tuple[str, str]]:
    """The folded Snowball stems, in ``language``, of the words of a text in that language."""
    stems = _stemmer(language).stemWords(_raw_words(text))
    return frozenset((language, _fold(stem)[0]) for stem in stems)


def _foreign_query_keys(
    query: str, words: tuple[str, ...], languages: Collection[str]
) -> list[frozenset[tuple[str, str]]]:
    """For each query word, its stems in each of ``languages``, from the word as typed."""
    keys: list[set[tuple[str, str]]] = [set() for _ in words]
    if not languages:
        return [frozenset()] * len(words)
    position = {word: index for index, word in enumerate(words)}
    for raw in _raw_words(query[: MAX_QUERY_CHARS * 4]):
        index = position.get(_bare_word(_fold(raw)[0]))
        if index is None:
            continue
        for language in languages:
            keys[index].add((language, _fold(_stemmer(language).stemWord(raw))[0]))
    return [frozenset(found) for found in keys]


def _names(name: str, entity: Person | Place, weight: float) -> Iterator[_Field]:
    """A person's or place's name, aliases and search names, under the field ``name``."""
    for text in names_of(entity):
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

    def searched(
        field: str,
        role: SearchRole,
        value: str | list[str] | list[OurName] | None,
        language: str | None,
    ) -> Iterator[_Field]:
        """A field's text, or each of its texts (each name, of our names); a reference, as
        the names of what it names."""
        for each in value if isinstance(value, list) else [value]:
            text = each["name"] if isinstance(each, dict) else each
            if role in named:
                listing, entities = named[role]
                entity = entities.get(text) if text else None
                if entity is not None:
                    yield from _names(listing, entity, REFERENCE_WEIGHT)
            else:
                yield from _field(field, _WEIGHTS[role], text, language)

    def dated(values: Mapping[str, Any]) -> Iterator[_Field]:
        """The years an item falls in: an event's span, a quotation's date, an edition's year."""
        if "year" in values:
            year = values["year"]
            yield from _years("year", None if year is None else f"{year:04d}", None)
        elif "date" in values:
            yield from _years("date", values["date"], values.get("end"))

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
        label = _field("label", NAME_WEIGHT, fact_label(name))
        add("fact", name, fact_label(name), None, label, *fields)

    facts = bio["facts"]
    fact("full_name", _field("full_name", NAME_WEIGHT, facts["full_name"]))
    fact("native_name", _field("native_name", NAME_WEIGHT, facts["native_name"]))
    fact("description", _field("description", DESCRIPTION_WEIGHT, facts["description"]))
    fact("born", moment_fields(facts["born"]))
    fact("died", moment_fields(facts["died"]))
    age = age_between(facts["born"]["date"], facts["died"]["date"])
    fact("age_at_death", _field("age_at_death", NAME_WEIGHT, None if age is None else str(age)))
    fact("resting_place", _field("resting_place", NAME_WEIGHT, facts["resting_place"]))
    fact(
        "citizenship",
        *(_field("citizenship", NAME_WEIGHT, country) for country in facts["citizenship"]),
    )
    fact(
        "citizenship_inferred",
        *(
            _field("citizenship_inferred", NAME_WEIGHT, country["name"])
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
            # An edition's own words are in its language: its title and note stem in it too.
            language = values.get("language") if spec.kind == "edition" else None
            add(
                spec.kind,
                item["id"],
                _shorten(title, 60) if spec.kind == "quote" else title,  # a quotation is long
                values[spec.attribution] if spec.attribution else None,
                *(searched(field, role, values[field], language) for field, role in spec.searched),
                dated(values),
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

    english = _stemmer("en")
    by_stem: dict[str, list[str]] = {}
    stemmed: set[str] = set()

    def forms(stem: str) -> list[str]:
        """The data words whose English stem is ``stem``. A Snowball stem keeps its word's
        first letter, so only the words that begin with it are stemmed, once per search."""
        letter = stem[:1]
        if letter not in stemmed:
            stemmed.add(letter)
            low = bisect.bisect_left(vocabulary, letter)
            high = bisect.bisect_left(vocabulary, chr(ord(letter) + 1)) if letter else low
            run = vocabulary[low:high]
            for data_word, data_stem in zip(run, english.stemWords(run), strict=True):
                by_stem.setdefault(data_stem, []).append(data_word)
        return by_stem.get(stem, [])

    synonyms = _synonyms()
    for index, word in enumerate(words):
        edits = _max_edits(word)
        if edits:
            for data_word, distance, _ in process.extract(
                word, vocabulary, scorer=OSA.distance, score_cutoff=edits, limit=None
            ):
                similarity = 1 - distance / max(len(word), len(data_word))
                note(data_word, index, round(FUZZY_SCORE_CEILING * similarity, 3))
        if len(word) >= MIN_PREFIX:
            start = bisect.bisect_left(vocabulary, word)
            for data_word in vocabulary[start:]:
                if not data_word.startswith(word):
                    break
                note(data_word, index, PREFIX_SCORE_FLOOR + 15 * len(word) / len(data_word))
        stem = english.stemWord(word)
        for other in synonyms.get(stem, ()):
            for data_word in forms(other):
                note(data_word, index, SYNONYM_SCORE)
        same = forms(stem)
        other_form = OTHER_FORM_SCORE if word in same else STEM_SCORE
        for data_word in same:
            note(data_word, index, EXACT_SCORE if data_word == word else other_form)
    return scores


@cache
def _synonyms() -> dict[str, frozenset[str]]:
    """Each English stem of a ``SYNONYMS`` word -> the stems of the other words of its group."""
    stem = _stemmer("en").stemWord
    found: dict[str, set[str]] = {}
    for group in SYNONYMS:
        stems = {stem(word) for word in group}
        for one in stems:
            found.setdefault(one, set()).update(stems - {one})
    return {one: frozenset(others) for one, others in found.items()}


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
    field: _Field,
    word_count: int,
    word_scores: dict[str, list[tuple[int, float]]],
    foreign: list[frozenset[tuple[str, str]]],
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
    if field.foreign:
        for index, keys in enumerate(foreign):
            if best[index] < STEM_SCORE and not keys.isdisjoint(field.foreign):
                best[index] = STEM_SCORE  # the same stem in the field's own language
                if not positions:
                    positions.append(0)
    if not positions:
        return None
    return _FieldMatch(field, best, positions, best_position)


def _closeness(match: _FieldMatch, word_count: int) -> float:
    """How well one field fits the whole query, 0 to 1: all words, in order, nothing else."""
    if not all(match.word_scores):
        return 0.0
    # Small words ("from the") neither lengthen a field nor need matching, as in the query.
    length = sum(1 for word in match.field.words if word not in STOPWORDS)
    coverage = len(match.matched_positions) / max(1, length)
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


def _match_item(
    item: _Item,
    word_count: int,
    word_scores: dict[str, list[tuple[int, float]]],
    foreign: list[frozenset[tuple[str, str]]],
) -> tuple[list[_FieldMatch], list[float]] | None:
    """The fields of ``item`` that match, and each query word's best weighted score in it."""
    matches = [
        match
        for field in item.fields
        if (match := _match_field(field, word_count, word_scores, foreign)) is not None
    ]
    if not matches:
        return None
    per_word = [
        max(match.word_scores[index] * match.field.weight for match in matches)
        for index in range(word_count)
    ]
    return matches, per_word


def _hit(
    item: _Item,
    matches: list[_FieldMatch],
    per_word: list[float],
    weights: list[float],
    literal: str,
) -> SearchHit:
    word_count = len(per_word)
    # Of equally good fields, show the one written as the user wrote it: "Бажанов" for Бажанов.
    best = max(
        matches,
        key=lambda match: (
            match.total,
            _closeness(match, word_count),
            bool(literal) and literal in match.field.text.casefold(),
        ),
    )
    base = sum(map(float.__mul__, per_word, weights)) / sum(weights)
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
