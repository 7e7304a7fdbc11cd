"""The shipped language table agrees with its authorities, and --lang takes any usual spelling.

The table is generated from one version of each authority (``AUTHORITIES``); another
version may name a language differently (CLDR renamed Bashkir in Babel 2.19), which is
no fault of the table. So it is compared only with the versions it was made from, and
under any other the comparison is skipped and says why. CI installs the locked versions,
where it always runs, and regenerates the table there to see that nothing differs.
"""

from __future__ import annotations

from importlib.metadata import version

import pycountry
import pytest
from babel import Locale, UnknownLocaleError

from bazhanov_cli.model.languages import AUTHORITIES, LANGUAGES
from bazhanov_cli.queries import languages as language_queries
from bazhanov_cli.queries import lookup

PRESENT = ["fr", "ru", "de", "es", "en"]


def generated_from(name: str) -> pytest.MarkDecorator:
    """Skip unless the installed ``name`` is the version the table was generated from."""
    installed, recorded = version(name), AUTHORITIES[name]
    return pytest.mark.skipif(
        installed != recorded,
        reason=f"bazhanov_cli/model/languages.py was generated from {name} {recorded}; "
        f"{installed} is installed, whose names may differ",
    )


def test_the_table_records_both_authorities() -> None:
    assert set(AUTHORITIES) == {"pycountry", "babel"}
    assert all(value.count(".") >= 1 for value in AUTHORITIES.values())


@generated_from("pycountry")
def test_codes_and_english_names_match_pycountry() -> None:
    expected = {
        language.alpha_2: (
            language.alpha_3,
            getattr(language, "bibliographic", None),
            language.name,
        )
        for language in pycountry.languages
        if hasattr(language, "alpha_2")
    }
    shipped = {code: (t, b, english[0]) for code, t, b, english, _native in LANGUAGES}
    assert shipped == expected


@generated_from("babel")
def test_native_names_match_cldr() -> None:
    for code, _t, _b, _english, native in LANGUAGES:
        try:
            expected = Locale(code).get_display_name(code)
        except (UnknownLocaleError, ValueError):
            expected = None
        assert native == ((expected,) if expected else ()), code


@pytest.mark.parametrize(
    "text",
    ["de", "DE", "deu", "ger", "German", " german ", "Deutsch", "DEUTSCH", "de-AT", "de_CH"],
)
def test_german_by_any_spelling(text: str) -> None:
    assert language_queries.language_code(text, PRESENT) == "de"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("fr-FR", "fr"),
        ("français", "fr"),
        ("Francais", "fr"),
        ("русский", "ru"),
        ("ru-RU", "ru"),
        ("español", "es"),
        ("en-GB", "en"),
        ("zh-Hans-CN", "zh"),
        ("Greek", "el"),
        ("Ελληνικά", "el"),
        ("azərbaycan", "az"),
    ],
)
def test_tags_and_names_in_any_language(text: str, code: str) -> None:
    assert language_queries.language_code(text, PRESENT) == code


@pytest.mark.parametrize("text", ["xx", "xx-YY", "Klingon", "", "d", "fr-", "-FR"])
def test_anything_else_lists_the_languages_present(text: str) -> None:
    with pytest.raises(lookup.UsageError) as caught:
        language_queries.language_code(text, PRESENT)
    assert str(caught.value).endswith(
        "editions exist in: de (German), en (English), es (Spanish), fr (French), ru (Russian)"
    )


def test_completion_offers_codes_and_names_present_first() -> None:
    offered = language_queries.language_completions("d", {"de"})
    assert offered[0] == ("de", "German")
    assert ("Deutsch", "de") in language_queries.language_completions("Deu", {"de"})
    assert language_queries.language_completions("deu", {"de"}) == [
        ("deu", "German"),
        ("deutsch", "de"),
    ]
    assert ("francais", "fr") in language_queries.language_completions("franc", set())
    assert ("français", "fr") in language_queries.language_completions("franç", set())


@pytest.mark.parametrize("row", LANGUAGES, ids=lambda row: row[0])
def test_every_accepted_spelling_is_completed_and_every_completion_accepted(
    row: tuple[str, str, str | None, tuple[str, ...], tuple[str, ...]],
) -> None:
    code, terminology, bibliographic, english, native = row
    for spelling in filter(None, (code, terminology, bibliographic, *english, *native)):
        # A name two languages share (Ndebele) names the first; a code always names its
        # own language ("yi" is Yiddish, not Sichuan Yi, also called Yi).
        named = language_queries.language_code(spelling, PRESENT)
        assert named == code or spelling not in (code, terminology, bibliographic)
        for typed in (spelling[:1], spelling[:3], spelling, spelling.upper()):
            offered = [value for value, _ in language_queries.language_completions(typed, PRESENT)]
            # The shell keeps only values that begin with exactly what was typed.
            assert all(value.startswith(typed) for value in offered), typed
            completed = typed + spelling[len(typed) :]
            assert completed in offered, (typed, spelling)
            assert language_queries.language_code(completed, PRESENT) == named
            for value in offered:
                language_queries.language_code(value, PRESENT)  # a UsageError if not accepted


def test_a_code_names_its_own_language_before_a_name_does() -> None:
    # "Yi" is also an English name of Sichuan Yi (ii); as a code it is Yiddish.
    assert language_queries.language_code("yi", PRESENT) == "yi"
    assert language_queries.language_code("Sichuan Yi", PRESENT) == "ii"
