"""JSON Schema (draft 2020-12) of exactly what each command's ``--json`` prints.

Generated from the same pydantic models the commands dump, so the schema and
the output cannot drift apart; ``biography`` is the schema of the data file.
"""

from __future__ import annotations

from typing import Any, Literal

from .errors import UsageError

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_NAMES: tuple[str, ...] = (
    "facts",
    "events",
    "editions",
    "people",
    "places",
    "quotes",
    "search",
    "biography",
)


def json_schema(name: str) -> dict[str, Any]:
    """The schema for ``name`` (one of SCHEMA_NAMES), with ``$schema`` and a title."""
    from pydantic import TypeAdapter

    from . import model

    outputs: dict[str, tuple[Any, Literal["validation", "serialization"]]] = {
        "facts": (model.Facts, "serialization"),
        "events": (list[model.Event], "serialization"),
        "editions": (list[model.Edition], "serialization"),
        "people": (list[model.PersonEntry], "serialization"),
        "places": (list[model.PlaceEntry], "serialization"),
        "quotes": (list[model.Quote], "serialization"),
        "biography": (model.Biography, "validation"),
    }
    if name == "search":
        from .search import SearchHit

        outputs["search"] = (list[SearchHit], "serialization")
    if name not in outputs:
        raise UsageError(f"unknown schema {name!r}; choose one of: {', '.join(SCHEMA_NAMES)}")
    target, mode = outputs[name]
    schema = TypeAdapter(target).json_schema(mode=mode)
    what = "the data file" if name == "biography" else f"`bazhanov {name} --json`"
    # Our title last: pydantic's own ("Facts") would otherwise win for a model.
    return {"$schema": DRAFT_2020_12, **schema, "title": f"bazhanov-cli: {what}"}
