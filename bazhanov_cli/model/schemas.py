"""JSON Schema (draft 2020-12) of exactly what each command's ``--json`` prints.

Generated from the same declarations the data is checked against (``model``),
so the schema and the output cannot drift apart; ``biography`` is the schema of
the data file itself. Each field is described by the docstring under it.
"""

from __future__ import annotations

import ast
import inspect
import sys
from functools import cache
from itertools import pairwise
from typing import TYPE_CHECKING

from pydantic import TypeAdapter
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue

from .kinds import LISTINGS, SchemaName, biography_adapter

if TYPE_CHECKING:
    from pydantic_core import core_schema

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"


def json_schema(name: SchemaName) -> dict[str, object]:
    """The schema for ``name``, with ``$schema`` and our title."""
    if name == "biography":
        schema = biography_adapter().json_schema(
            mode="validation", schema_generator=DescribedFields
        )
        what = "the data file"
    elif name == "show":
        from .entries import ShownRecord

        schema = TypeAdapter(ShownRecord).json_schema(
            mode="serialization", schema_generator=DescribedFields
        )
        what = "`bazhanov show ID --json`"
    else:
        spec = LISTINGS[name]
        printed = spec.record if spec.one else list[spec.record]  # type: ignore[name-defined]
        schema = TypeAdapter(printed).json_schema(
            mode="serialization", schema_generator=DescribedFields
        )
        what = _COMMANDS.get(name, f"`bazhanov {name} --json`")
    # Our title last: pydantic's own ("FactsEntry") would otherwise win for one object.
    return {"$schema": DRAFT_2020_12, **schema, "title": f"bazhanov-cli: {what}"}


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
