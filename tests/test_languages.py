"""The shipped language table agrees with pycountry, the authority it is generated from."""

from __future__ import annotations

import pycountry
import pytest

from bazhanov_cli.languages import LANGUAGES


def test_table_matches_pycountry() -> None:
    expected = {
        language.alpha_2: (
            language.alpha_3,
            getattr(language, "bibliographic", None),
            language.name,
        )
        for language in pycountry.languages
        if hasattr(language, "alpha_2")
    }
    shipped = {row[0]: (row[1], row[2], row[3]) for row in LANGUAGES}
    assert shipped == expected


@pytest.mark.parametrize(
    ("code", "terminology", "bibliographic", "name"),
    [
        ("de", "deu", "ger", "German"),
        ("fr", "fra", "fre", "French"),
        ("ru", "rus", None, "Russian"),
    ],
)
def test_known_rows(code: str, terminology: str, bibliographic: str | None, name: str) -> None:
    row = next(row for row in LANGUAGES if row[0] == code)
    assert row[1:4] == (terminology, bibliographic, name)
