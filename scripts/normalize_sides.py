"""Rules that tell the request side from the response side (strict writer, tolerant reader), and the PATCH
body rule that reads a field from its create body. Used by scripts/normalize.py's RULES; the table is in
openapi/README.md.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from typing import Any

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
KNOWN_VALUES = "x-known-values"
REQUEST_COPY_SUFFIX = "Request"
SCHEMAS = "#/components/schemas/"
VERSION_SEGMENT = re.compile(r"^(v\d+|\d{4}-\d{2})$")  # as scripts/normalize.py's


def _operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in document.get("paths", {}).items():
        for method in HTTP_METHODS:
            if isinstance(item.get(method), dict):
                yield method, path, item[method]


def _resolve(document: dict[str, Any], node: Any) -> Any:
    seen = 0
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/"):
        target: Any = document
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node, seen = target, seen + 1
        if seen > 50:
            break
    return node


def response_roots(document: dict[str, Any]) -> list[Any]:
    return [r for _m, _p, op in _operations(document) for r in op.get("responses", {}).values()]


def request_roots(document: dict[str, Any]) -> list[Any]:
    """Request bodies and parameters (what we send)."""
    found: list[Any] = []
    for item in document.get("paths", {}).values():
        found += item.get("parameters", []) or []
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                found += operation.get("parameters", []) or []
                if isinstance(operation.get("requestBody"), dict):
                    found.append(operation["requestBody"])
    return found


def _refs(node: Any) -> Iterator[dict[str, Any]]:
    """Every {$ref: ...} object below node (the node itself included)."""
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node
        for key, value in node.items():
            if key not in (KNOWN_VALUES, "enum", "const", "required", "example", "default"):
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def _component(ref: str) -> str | None:
    return ref.removeprefix(SCHEMAS) if ref.startswith(SCHEMAS) and "/" not in ref[len(SCHEMAS) :] else None


def reachable_components(document: dict[str, Any], roots: list[Any]) -> set[str]:
    """Component schema names reachable from roots (through any $ref, components/responses included)."""
    names: set[str] = set()
    stack, visited = list(roots), set()
    while stack:
        node = stack.pop()
        for holder in _refs(node):
            ref = holder["$ref"]
            if ref in visited or not ref.startswith("#/"):
                continue
            visited.add(ref)
            name = _component(ref)
            if name is not None:
                names.add(name)
            stack.append(_resolve(document, {"$ref": ref}))
    return names


def _has_closed_values(node: Any) -> bool:
    if isinstance(node, dict):
        if isinstance(node.get("enum"), list) or "const" in node:
            return True
        return any(_has_closed_values(v) for k, v in node.items() if k not in (KNOWN_VALUES, "required"))
    if isinstance(node, list):
        return any(_has_closed_values(item) for item in node)
    return False


def strict_request_copies(document: dict[str, Any]) -> None:
    """A component both sides use whose values are closed (an enum, below it or in what it references)
    gets a request-side copy `<Name>Request`: opening response enums then leaves requests strict. The
    response side keeps the original name (it is what the facade parses HubSpot's JSON with, webhooks
    included)."""
    schemas = document.get("components", {}).get("schemas", {})
    shared = reachable_components(document, request_roots(document)) & reachable_components(
        document, response_roots(document)
    )
    copied = {
        name
        for name in shared
        if _has_closed_values(schemas[name])
        or reachable_components(document, [schemas[name]])
        & {n for n in shared if _has_closed_values(schemas[n])}
    }
    if not copied:
        return
    names = {name: _free_name(schemas, name + REQUEST_COPY_SUFFIX) for name in sorted(copied)}
    for name in sorted(copied):
        schemas[names[name]] = copy.deepcopy(schemas[name])
    request_only = reachable_components(document, request_roots(document)) - shared
    holders = request_roots(document) + [schemas[n] for n in sorted(request_only)]
    holders += [schemas[names[n]] for n in sorted(copied)]
    for holder in holders:
        for node in _refs(holder):
            target = _component(node["$ref"])
            if target is not None and target in names:
                node["$ref"] = SCHEMAS + names[target]


def _free_name(schemas: dict[str, Any], wanted: str) -> str:
    name, index = wanted, 2
    while name in schemas:
        name, index = f"{wanted}{index}", index + 1
    return name


def discriminators(document: dict[str, Any], schemas: list[dict[str, Any]]) -> set[int]:
    """ids of the `type` property schemas telling the members of a discriminated union apart (a oneOf,
    or the anyOf open_unions made of one: its open member's `type` is a plain string)."""
    found: set[int] = set()
    for schema in schemas:
        for keyword in ("oneOf", "anyOf"):
            members = [_resolve(document, m) for m in schema.get(keyword) or []]
            kinds = [m.get("properties", {}).get("type") if isinstance(m, dict) else None for m in members]
            consts = [k for k in kinds if isinstance(k, dict) and "const" in k]
            if consts and all(isinstance(k, dict) for k in kinds) and (keyword == "anyOf" or consts == kinds):
                found |= {id(k) for k in consts}
    return found


def open_closed_value(schema: dict[str, Any]) -> None:
    """An enum or const as the values known today (`x-known-values`) of an open type."""
    values = schema.pop("enum") if isinstance(schema.get("enum"), list) else [schema.pop("const")]
    schema[KNOWN_VALUES] = values
    if "type" not in schema and all(isinstance(v, str) for v in values):
        schema["type"] = "string"


def _is_empty_object(schema: Any) -> bool:
    return (
        isinstance(schema, dict)
        and schema.get("type") in ("object", ["object", "null"], ["null", "object"])
        and schema.get("properties") == {}
        and set(schema) <= {"type", "properties", "nullable", "description"}
    )


def _json_body(document: dict[str, Any], operation: dict[str, Any]) -> Any:
    body = _resolve(document, operation.get("requestBody", {}))
    media = body.get("content", {}).get("application/json", {}) if isinstance(body, dict) else {}
    return _resolve(document, media.get("schema")) if isinstance(media, dict) else None


def patch_fields_typed_like_create(document: dict[str, Any]) -> None:
    """A PATCH body property published as `{type: object, properties: {}}` (2026-03's channel PATCH) has
    the type of the same property in the create body (the POST on the collection path), or null (null
    clears the field): the publisher's empty object stands for "what create takes, or clear it", not "any
    value"."""
    paths = document.get("paths", {})
    creates = {
        _versionless(path): item["post"] for path, item in paths.items() if isinstance(item.get("post"), dict)
    }
    for path, item in paths.items():
        patch = item.get("patch")
        if not isinstance(patch, dict) or not path.rsplit("/", 1)[-1].startswith("{"):
            continue
        create = creates.get(_versionless(path).rsplit("/", 1)[0])
        body, created = _json_body(document, patch), _json_body(document, create) if create else None
        if not isinstance(body, dict) or not isinstance(created, dict):
            continue
        known = created.get("properties", {})
        for name, schema in body.get("properties", {}).items():
            if (
                _is_empty_object(schema)
                and name in known
                and not _is_empty_object(_resolve(document, known[name]))
            ):
                body["properties"][name] = _or_null(copy.deepcopy(known[name]))


def _versionless(path: str) -> str:
    """v3 moves its version segment (`/conversations/v3/custom-channels/{id}` patches what
    `/conversations/custom-channels/v3` creates): paths are matched without it."""
    return "/" + "/".join(s for s in path.strip("/").split("/") if not VERSION_SEGMENT.match(s))


def _or_null(schema: Any) -> Any:
    """schema, or null: in a PATCH body null clears the field (equivalent_spellings makes it canonical)."""
    if isinstance(schema, dict) and not any(k in schema for k in ("$ref", "allOf", "anyOf", "oneOf")):
        return {**schema, "nullable": True}
    return {"anyOf": [schema, {"type": "null"}]}
