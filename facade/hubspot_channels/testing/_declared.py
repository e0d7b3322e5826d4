"""A request body as HubSpot's reader sees it: the fields the version's document declares, at every depth.

HubSpot ignores undeclared fields, so a field a version removed (2026-09's `senderActorId` in
ChannelIntegrationParticipant) must mean nothing there, while the versions that declare it honour it.
The rule is read from each version's own document, never hard-coded per field.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from ._spec import JSON_MEDIA, Operation, load_document

_COMBINATORS = ("oneOf", "anyOf", "allOf")


def declared_only(op: Operation, body: Any) -> Any:
    """`body` without the properties the operation's request schema leaves undeclared (a new value)."""
    schema = _request_schema(op.version, op.method.lower(), op.path)
    return body if schema is None else _strip(load_document(op.version), schema, body)


@functools.cache
def _request_schema(version: str, method: str, path: str) -> Mapping[str, Any] | None:
    body = load_document(version)["paths"][path][method].get("requestBody")
    if body is None:
        return None
    schema: Mapping[str, Any] | None = body.get("content", {}).get(JSON_MEDIA, {}).get("schema")
    return schema


def _resolve(document: Mapping[str, Any], schema: Mapping[str, Any]) -> Mapping[str, Any]:
    seen = 0
    while "$ref" in schema and seen < 50:  # a cycle of bare refs would be a broken document
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
        seen += 1
    return schema


def _strip(document: Mapping[str, Any], schema: Mapping[str, Any], value: Any) -> Any:
    schema = _resolve(document, schema)
    if any(key in schema for key in _COMBINATORS):
        return value  # which branch applies is the validator's business: leave the value whole
    if isinstance(value, dict) and "properties" in schema:
        if schema.get("additionalProperties", False) is not False:
            return value  # a map: every key is data
        properties = schema["properties"]
        return {k: _strip(document, properties[k], v) for k, v in value.items() if k in properties}
    items = schema.get("items")
    if isinstance(value, list) and isinstance(items, Mapping):
        return [_strip(document, items, item) for item in value]
    return value
