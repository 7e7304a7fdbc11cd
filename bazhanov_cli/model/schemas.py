"""JSON Schema (draft 2020-12) of exactly what each command's ``--json`` prints.

Generated from the same declarations the data is checked against (``model``),
so the schema and the output cannot drift apart; ``biography`` is the schema of
the data file itself. Each field is described by the docstring under it.
"""

from __future__ import annotations

import ast
import inspect
import json
import sys
from functools import cache
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue

from .kinds import LISTINGS, SchemaName, biography_adapter

if TYPE_CHECKING:
    from collections.abc import Sequence

    from pydantic_core import core_schema

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"

DOCS_URL = "https://bazhanov-cli.github.io/bazhanov-cli/"
"""The documentation site (mkdocs.yml's ``site_url``, the metadata's Documentation URL):
every schema's ``$id`` is under it."""


def schema_id(name: str, fields: Sequence[str] | None = None) -> str:
    """The ``$id`` of schema ``name``: ``DOCS_URL/schemas/NAME.json``, where the site
    publishes it; the subset of ``--fields a,b`` adds ``?fields=a,b`` (``bazhanov schema
    NAME --fields a,b`` prints it). The one place an ``$id`` is made."""
    subset = f"?fields={','.join(fields)}" if fields is not None else ""
    return f"{DOCS_URL}schemas/{name}.json{subset}"


def json_schema(name: SchemaName, fields: Sequence[str] | None = None) -> dict[str, object]:
    """The schema for ``name`` (with ``fields``: of its ``--fields`` subset, the records
    holding just those keys), with ``$schema``, ``$id`` and our title.

    Every schema leaves through here, so each has its ``$schema`` and its own ``$id``.
    """
    if name == "biography":
        schema = biography_adapter().json_schema(
            mode="validation", schema_generator=DescribedFields
        )
        what = "the data file"
    elif name == "show":
        from .entries import ShownRecord

        schema = _printed(ShownRecord)
        what = "`bazhanov show ID --json`"
    elif name == "validate":
        from .entries import FileProblem

        schema = _printed(list[FileProblem])
        what = "`bazhanov validate --json`"
    elif name == "cite":
        from .entries import CslItem

        schema = _printed(list[CslItem])
        what = "`bazhanov cite --json` (CSL-JSON)"
    elif name == "sql":
        from .entries import SqlRow

        schema = _printed(list[SqlRow])
        schema["items"] = {
            "description": "One row: each column of the result by name, in its order; "
            "a BLOB as its hexadecimal text.",
            **schema["items"],  # type: ignore[dict-item]
        }
        what = "`bazhanov sql QUERY --json`"
    else:
        spec = LISTINGS[name]
        schema = _printed(spec.record if spec.one else list[spec.record])  # type: ignore[name-defined]
        what = _COMMANDS.get(name, f"`bazhanov {name} --json`")
    if fields is not None:
        schema = only_fields(schema, fields)
        what = f"{what.rstrip('`')} --fields {','.join(fields)}`"
    # Our title last: pydantic's own ("FactsEntry") would otherwise win for one object.
    return {
        "$schema": DRAFT_2020_12,
        "$id": schema_id(name, fields),
        **schema,
        "title": f"bazhanov-cli: {what}",
    }


def _printed(shape: Any) -> dict[str, object]:
    return TypeAdapter(shape).json_schema(mode="serialization", schema_generator=DescribedFields)


def only_fields(schema: dict[str, Any], fields: Sequence[str]) -> dict[str, Any]:
    """``schema`` (of one record, or of a list of them) for the records ``--fields`` makes:
    each has exactly ``fields``, every one required, and no other key.

    A field the record does not declare (a column of ``sql``'s generic rows) takes the
    schema of the record's other values. Definitions nothing refers to any more go.
    """
    defs: dict[str, Any] = schema.get("$defs", {})
    listed = schema.get("type") == "array"
    record: dict[str, Any] = schema["items"] if listed else schema
    record = defs.get(record.get("$ref", "").removeprefix("#/$defs/"), record)
    declared: dict[str, Any] = record.get("properties", {})
    other = record.get("additionalProperties")
    restricted = {
        **{key: value for key, value in record.items() if key != "$defs"},
        "properties": {
            name: declared.get(name, other if isinstance(other, dict) else {}) for name in fields
        },
        "required": list(fields),
        "additionalProperties": False,
    }
    if listed:
        outer = {key: value for key, value in schema.items() if key != "$defs"}
        restricted = {**outer, "items": restricted}
    used = _referenced(restricted, defs)
    return {"$defs": used, **restricted} if used else restricted


def _referenced(schema: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """The definitions of ``defs`` that ``schema`` refers to, directly or through others."""
    found: dict[str, Any] = {}
    waiting = [schema]
    while waiting:
        text = json.dumps(waiting.pop())
        for name, definition in defs.items():
            if name not in found and f'"#/$defs/{name}"' in text:
                found[name] = definition
                waiting.append(definition)
    return {name: found[name] for name in defs if name in found}  # in their order


_COMMANDS = {
    "fact": "`bazhanov show FIELD --json`",
    "passages": "`bazhanov sources ID --json`",
}
"""The command whose output a schema describes, where it is not the listing of that name."""


class DescribedFields(GenerateJsonSchema):
    """pydantic's schema, with each TypedDict field described by the docstring under it.

    pydantic reads those docstrings itself only with ``use_attribute_docstrings`` in
    the TypedDict's own config, which the data file's validator would then pay for
    (the source parsed again, class by class): here the schema alone reads them,
    once per module. A description the field's type already gives is kept.
    """

    def typed_dict_schema(self, schema: core_schema.TypedDictSchema) -> JsonSchemaValue:
        json_schema = super().typed_dict_schema(schema)
        cls = schema.get("cls")
        if cls is not None:
            described = _described(cls)
            for name, field in json_schema.get("properties", {}).items():
                if name in described and "description" not in field:
                    field["description"] = described[name]
        return json_schema


def _described(cls: type) -> dict[str, str]:
    """The docstrings under the fields of ``cls`` and of the TypedDicts it extends (a
    TypedDict keeps its bases only in ``__orig_bases__``), its own winning."""
    described: dict[str, str] = {}
    for base in getattr(cls, "__orig_bases__", ()):
        if isinstance(base, type) and hasattr(base, "__annotations__"):
            described |= _described(base)
    return described | _attribute_docstrings(cls.__module__).get(cls.__qualname__, {})


@cache
def _attribute_docstrings(module: str) -> dict[str, dict[str, str]]:
    """Each top-level class of ``module``: the string under each annotated name, cleaned."""
    tree = ast.parse(inspect.getsource(sys.modules[module]))
    found: dict[str, dict[str, str]] = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        fields = found.setdefault(node.name, {})
        for statement, following in pairwise(node.body):
            if (
                isinstance(statement, ast.AnnAssign)
                and isinstance(statement.target, ast.Name)
                and isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
            ):
                fields[statement.target.id] = inspect.cleandoc(following.value.value)
    return found
