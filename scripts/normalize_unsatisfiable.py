"""Shapes no value satisfies, found on the canonical spelling (the `unsatisfiable_schemas_fail` rule).

A generator turns them into a client whose behaviour depends on the generator (it may accept what HubSpot
can never send, or refuse everything): generation fails instead, naming the schema pointer.

  allOf types       the members' `type`s have no type in common (integer counts as a number)
  enum / const      a listed value is not of the schema's type
  not               `not: {}` (or `true`): the negation of "any value"
  bounds            minLength > maxLength, minimum > maximum, minItems > maxItems, minProperties > maxProperties
  required          additionalProperties false and `required` naming a property that is not declared
  oneOf twins       two identical oneOf members: every value matching one matches both, so none validates
"""

from __future__ import annotations

import json
from typing import Any

from .normalize_spellings import SpellingError, rewrite, schema_roots

BOUNDS = (
    ("minLength", "maxLength"),
    ("minimum", "maximum"),
    ("minItems", "maxItems"),
    ("minProperties", "maxProperties"),
)
ALL_TYPES = frozenset({"object", "array", "string", "number", "integer", "boolean", "null"})


def _target(document: dict[str, Any], node: Any) -> Any:
    for _ in range(50):
        if not (
            isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/")
        ):
            return node
        found: Any = document
        for part in node["$ref"].removeprefix("#/").split("/"):
            found = found[part.replace("~1", "/").replace("~0", "~")]
        node = found
    return node


def _types(schema: Any) -> frozenset[str]:
    """The JSON types schema allows by its `type` (all of them when it says none)."""
    kinds = schema.get("type") if isinstance(schema, dict) else None
    if kinds is None:
        return ALL_TYPES
    listed = frozenset([kinds] if isinstance(kinds, str) else kinds)
    return listed | ({"integer"} if "number" in listed else frozenset())


def _type_of(value: Any) -> frozenset[str]:
    if value is None:
        return frozenset({"null"})
    if isinstance(value, bool):
        return frozenset({"boolean"})
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return frozenset({"integer", "number"})
    if isinstance(value, float):
        return frozenset({"number"})
    if isinstance(value, str):
        return frozenset({"string"})
    return frozenset({"array"}) if isinstance(value, list) else frozenset({"object"})


def problem(document: dict[str, Any], schema: Any) -> str | None:
    """Why no value satisfies schema, or None."""
    if not isinstance(schema, dict):
        return None
    if schema.get("not") in ({}, True):
        return "`not: {}` excludes every value"
    for low, high in BOUNDS:
        bounds = schema.get(low), schema.get(high)
        if all(isinstance(b, (int, float)) for b in bounds) and bounds[0] > bounds[1]:  # type: ignore[operator]
            return f"{low} {bounds[0]} > {high} {bounds[1]}"
    allowed = _types(schema)
    for member in schema.get("allOf") or []:
        allowed &= _types(_target(document, member))
    if not allowed:
        return "the allOf members (and the schema) have no type in common"
    values = schema["enum"] if isinstance(schema.get("enum"), list) else []
    values = [*values, schema["const"]] if "const" in schema else values
    outside = [v for v in values if not _type_of(v) & _types(schema)]
    if outside:
        return f"enum/const value(s) {outside!r} are not of type {schema.get('type')!r}"
    if schema.get("additionalProperties") is False and not schema.get("patternProperties"):
        undeclared = sorted(set(schema.get("required", [])) - set(schema.get("properties", {})))
        if undeclared:
            return f"required {undeclared} not declared while additionalProperties is false"
    members = schema.get("oneOf") or []
    canonical = [json.dumps(_target(document, m), sort_keys=True) for m in members]
    if len(set(canonical)) < len(canonical):
        return "two oneOf members are identical: a value matching one matches both, so none validates"
    return None


def unsatisfiable_schemas(document: dict[str, Any]) -> None:
    """Raise SpellingError at the first schema position no value satisfies."""

    def check(schema: Any, pointer: str, slot: str) -> Any:
        found = problem(document, schema)
        if found is not None:
            raise SpellingError(f"{pointer}: no value satisfies this schema: {found}")
        return schema

    for container, key, pointer in schema_roots(document):
        rewrite(container, key, pointer, "", check)
