"""Each registered version's operations, read from its normalized document and the registry.

The document is the one shipped in the version's generated package (the one its client is generated
from), so the fake and the client cannot drift apart. Documents are read on first use and kept.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any, cast

from .._registry import API_VERSIONS, DEFAULT_API_VERSION, PACKAGES, VERSIONS

__all__ = ["SPEC_PACKAGE", "VERSIONS_SERVED", "Operation", "load_document", "operations"]

SPEC_PACKAGE = PACKAGES[DEFAULT_API_VERSION]
VERSIONS_SERVED: tuple[str, ...] = tuple(API_VERSIONS)
JSON_MEDIA = "application/json"


@dataclass(frozen=True, slots=True)
class Operation:
    """One operation of one version's document: routing data and per-version rules for the fake."""

    name: str  # operationId, the same in every version
    method: str  # upper case
    path: str  # the template, e.g. /conversations/custom-channels/2026-03/{channelId}
    params: tuple[str, ...] = field(default=())  # path parameter names, in order
    # The top-level properties of the request body; None: the operation takes no body.
    body_fields: frozenset[str] | None = None
    version: str = DEFAULT_API_VERSION
    # Body fields the published document requires although the normalized one drops every PATCH
    # `required` list (the registry's required_fields, e.g. 2026-09's staging-token update).
    required_fields: tuple[str, ...] = ()
    # Whether the document declares a Location header on the 201 (2026-09 removed it).
    location_header: bool = False

    @property
    def has_body(self) -> bool:
        return self.body_fields is not None


@functools.cache
def load_document(version: str = DEFAULT_API_VERSION) -> dict[str, Any]:
    """A version's normalized document exactly as shipped in its generated package (do not mutate)."""
    if version not in PACKAGES:
        raise ValueError(f"unknown API version {version!r}; one of {list(PACKAGES)}")
    text = (files(PACKAGES[version]) / "openapi.json").read_text(encoding="utf-8")
    return cast(dict[str, Any], json.loads(text))


@functools.cache
def operations(version: str = DEFAULT_API_VERSION) -> tuple[Operation, ...]:
    """A version's operations; the fake's router is built from those of every version."""
    document = load_document(version)
    facts = VERSIONS[version]
    found = []
    for path, item in document["paths"].items():
        for method, op in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            name = op["operationId"]
            params = tuple(part[1:-1] for part in path.split("/") if part.startswith("{"))
            body_fields = _body_fields(document, op)
            required = _wire_names(facts.required_fields.get(name, ()), body_fields)
            created = op.get("responses", {}).get("201", {})
            found.append(
                Operation(
                    name,
                    method.upper(),
                    path,
                    params,
                    body_fields,
                    version,
                    required,
                    "Location" in created.get("headers", {}),
                )
            )
    return tuple(found)


def all_operations() -> tuple[Operation, ...]:
    return tuple(op for version in VERSIONS_SERVED for op in operations(version))


def operation(version: str, name: str) -> Operation:
    return next(op for op in operations(version) if op.name == name)


def _body_fields(document: Mapping[str, Any], op: Mapping[str, Any]) -> frozenset[str] | None:
    body = op.get("requestBody")
    if body is None:
        return None
    schema = body["content"][JSON_MEDIA]["schema"]
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return frozenset(schema.get("properties", {}))


def _wire_names(python_names: tuple[str, ...], body_fields: frozenset[str] | None) -> tuple[str, ...]:
    # The registry names fields as the generated models do (account_name); the wire says accountName.
    by_python = {_snake(name): name for name in body_fields or ()}
    return tuple(by_python.get(name.rstrip("_"), name) for name in python_names)


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
