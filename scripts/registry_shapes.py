"""The response shapes of the registry: for each object the success bodies can hold, its fields as the
generated ``from_dict`` reads them (wire name, attribute, kind, nested shape, required), so the facade can
build its models straight from the JSON (one parse) while the wire names stay generated data.

Kinds: ``value`` (kept as decoded), ``datetime`` (``datetime.fromisoformat``), ``const`` (a string the
value must equal, in nested), ``model`` / ``models`` (a nested object / an array of them, by shape key),
``unions`` (an array of one of the object shapes in nested, ``|``-separated, tried in order as the
generated code does), ``others`` (an array of items the reader declines: only an empty one is read).
Anything else the generator treats its own way (enums, nullables, other unions, typed extra properties) is
``other``: the facade's one-parse reader declines it and the generated models parse that body. A shape of
``None`` is an object the reader declines as a whole. The conformance check compares both paths on every
synthesized payload.
"""

from __future__ import annotations

from typing import Any

from .normalize import resolve

Field = tuple[str, str, str, str | None, bool]  # wire name, attribute, kind, nested shape key, required
Shapes = dict[str, tuple[Field, ...] | None]

_COMBINERS = ("oneOf", "anyOf", "allOf", "not")
_CONVERTED_FORMATS = ("date", "date-time", "uuid", "binary")  # what the generated code turns into objects


def _plain(node: dict[str, Any]) -> bool:
    """A scalar the generated code keeps as decoded (no enum class, no conversion, never null)."""
    return (
        node.get("type") in ("string", "integer", "number", "boolean")
        and "enum" not in node
        and "const" not in node
        and node.get("format") not in _CONVERTED_FORMATS
        and not node.get("nullable")
        and not any(key in node for key in _COMBINERS)
    )


def _object(node: dict[str, Any]) -> bool:
    return (node.get("type") == "object" or "properties" in node) and not any(k in node for k in _COMBINERS)


def response_shapes(document: dict[str, Any], success_refs: list[str], class_name: Any, attr: Any) -> Shapes:
    """The shapes reachable from success_refs (schema $refs), keyed by generated class name (inline
    objects by their owner's key and property)."""
    shapes: Shapes = {}

    def kind_of(schema: dict[str, Any], key: str) -> tuple[str, str | None]:
        if any(k in schema for k in _COMBINERS) or schema.get("nullable"):
            return "other", None
        node = resolve(document, schema)
        if node.get("nullable") or any(k in node for k in _COMBINERS):
            return "other", None
        if node.get("type") == "array" and isinstance(node.get("items"), dict):
            items = node["items"]
            item_node = resolve(document, items)
            if _plain(item_node) and "$ref" not in items:
                return "value", None
            if _object(item_node) and not item_node.get("nullable"):
                return "models", visit(items, f"{key}[]")
            variants = item_node.get("anyOf") or item_node.get("oneOf")
            if (
                set(item_node) <= {"anyOf", "oneOf"}
                and isinstance(variants, list)
                and all("$ref" in v and _object(resolve(document, v)) for v in variants)
                and variants
            ):
                return "unions", "|".join(visit(v, "") for v in variants)  # tried in this order
            return "others", None  # items the generator treats its own way (a union of attachments)
        if _object(node):
            return "model", visit(schema, key)
        if isinstance(node.get("const"), str) and set(node) <= {"const", "type"}:
            return "const", node["const"]  # from_dict refuses any other value
        if node.get("type") == "string" and node.get("format") == "date-time" and "enum" not in node:
            return "datetime", None
        return ("value", None) if _plain(node) else ("other", None)

    def visit(schema: dict[str, Any], inline_key: str) -> str:
        key = class_name(schema["$ref"]) if "$ref" in schema else inline_key
        if key in shapes:
            return key
        shapes[key] = None  # a cycle back here declines (no response object nests itself)
        node = resolve(document, schema)
        extra = node.get("additionalProperties", True)
        if extra is False or (isinstance(extra, dict) and extra and not _plain(resolve(document, extra))):
            return key  # no extra properties, or typed ones the generated code converts: declined
        required = set(node.get("required", []))
        fields = []
        for wire, value in sorted(node.get("properties", {}).items()):
            kind, nested = kind_of(value, f"{key}.{attr(wire)}")
            if kind == "const" and wire not in required:
                kind, nested = "other", None
            fields.append((wire, attr(wire), kind, nested, wire in required))
        shapes[key] = tuple(fields)
        return key

    for ref in success_refs:
        visit({"$ref": ref}, "")
    return dict(sorted(shapes.items()))
