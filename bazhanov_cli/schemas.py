"""JSON Schema (draft 2020-12) of exactly what each command's ``--json`` prints.

Generated from the same declarations the data is checked against (``model``),
so the schema and the output cannot drift apart; ``biography`` is the schema of
the data file itself.
"""

from __future__ import annotations

from .model import LISTINGS, Biography, SchemaName, schema_adapter

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"


def json_schema(name: SchemaName) -> dict[str, object]:
    """The schema for ``name``, with ``$schema`` and our title."""
    if name == "biography":
        schema = schema_adapter(Biography).json_schema(mode="validation")
        what = "the data file"
    else:
        spec = LISTINGS[name]
        printed = spec.record if spec.one else list[spec.record]  # type: ignore[name-defined]
        schema = schema_adapter(printed).json_schema(mode="serialization")
        what = "`bazhanov show FIELD --json`" if name == "fact" else f"`bazhanov {name} --json`"
    # Our title last: pydantic's own ("FactsEntry") would otherwise win for one object.
    return {"$schema": DRAFT_2020_12, **schema, "title": f"bazhanov-cli: {what}"}
