"""Normalization rules: the fixes HubSpot's published document needs before code generation.

Each rule is one small function that takes the (prose-free) document and changes it in place. Rules are
generic: they key on the shape of the document, never on one publication, so that every published version
(2026-03 and its republications, 2026-09, v3) generates a complete client. openapi/README.md has the table.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator
from typing import Any

from . import registry
from .normalize_sides import (
    discriminators,
    open_closed_value,
    patch_fields_typed_like_create,
    strict_request_copies,
)
from .normalize_spellings import canonical_spellings
from .normalize_unsatisfiable import unsatisfiable_schemas

Document = dict[str, Any]
Rule = Callable[[Document], None]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
VERSION_SEGMENT = re.compile(r"^(v\d+|\d{4}-\d{2})$")
HUGE_ENUM = 50  # an enum longer than this is a vocabulary that grows, not a closed set
OPEN_UNION_MEMBER = "UnrecognizedVariant"
KNOWN_VALUES = "x-known-values"

# Our names and words for the operations, keyed by method and version-free path: openapi/registry.json's.
ROUTES = registry.load().by_route()
OPERATIONS: dict[tuple[str, str], tuple[str, str]] = {
    route: (op.name, op.summary) for route, op in ROUTES.items()
}
# Generated modules are grouped by tag; HubSpot's tags are inconsistent, so the resource decides (the
# registry's for a known operation, else by the path).
RESOURCE_TAGS = (
    ("/channel-account-staging-tokens", "staging_tokens"),
    ("/channel-accounts", "channel_accounts"),
    ("/messages", "messages"),
    ("", "channels"),
)


def versionless_path(path: str) -> str:
    """The path without its version segment: /conversations/v3/x and /conversations/x/2026-03 -> same."""
    return "/" + "/".join(seg for seg in path.strip("/").split("/") if not VERSION_SEGMENT.match(seg))


def iter_operations(document: Document) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in document.get("paths", {}).items():
        for method in HTTP_METHODS:
            if isinstance(item.get(method), dict):
                yield method, path, item[method]


def iter_schemas(node: Any) -> Iterator[dict[str, Any]]:
    """Every schema object below node (components, parameters, bodies, responses), depth first."""
    if isinstance(node, dict):
        if any(
            key in node for key in ("type", "properties", "items", "oneOf", "anyOf", "allOf", "enum", "const")
        ):
            yield node
        for key, value in node.items():
            if key not in (KNOWN_VALUES, "enum", "required"):
                yield from iter_schemas(value)
    elif isinstance(node, list):
        for item in node:
            yield from iter_schemas(item)


def resolve(document: Document, node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if not ref:
        return node
    target: Any = document
    for part in ref.removeprefix("#/").split("/"):
        target = target[part]
    return resolve(document, target)


def reachable_schemas(document: Document, roots: list[Any]) -> list[dict[str, Any]]:
    """Schemas reachable from roots through $ref, each once."""
    seen: dict[int, dict[str, Any]] = {}
    stack = list(roots)
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            if "$ref" in node:
                node = resolve(document, node)
            if id(node) in seen:
                continue
            seen[id(node)] = node
            stack.extend(value for key, value in node.items() if key != KNOWN_VALUES)
    kinds = ("type", "enum", "const", "properties", "oneOf", "anyOf")
    return [node for node in seen.values() if any(k in node for k in kinds)]


# --- the rules -------------------------------------------------------------------------------------------


def add_missing_oauth_scopes(document: Document) -> None:
    """An oauth2 flow without `scopes` is invalid OpenAPI; the empty map is what was meant."""
    for scheme in document.get("components", {}).get("securitySchemes", {}).values():
        for flow in scheme.get("flows", {}).values():
            flow.setdefault("scopes", {})


def stable_operation_ids(document: Document) -> None:
    """Operation ids from method + version-free path, so function names survive version bumps."""
    for method, path, operation in iter_operations(document):
        key = (method, versionless_path(path))
        if key in OPERATIONS:
            operation["operationId"] = OPERATIONS[key][0]
        else:  # an operation we do not know yet still gets a stable, readable name
            words = re.sub(r"[{}]", "", key[1]).replace("-", "_").strip("/").replace("/", "_")
            operation["operationId"] = f"{method}_{words}"


def own_summaries(document: Document) -> None:
    """The generated docstrings carry our words; HubSpot's prose is not vendored."""
    for method, path, operation in iter_operations(document):
        known = OPERATIONS.get((method, versionless_path(path)))
        if known:
            operation["summary"] = known[1]


def resource_tags(document: Document) -> None:
    """One tag per resource, from the path: generated modules land in stable folders."""
    for method, path, operation in iter_operations(document):
        tail = versionless_path(path)
        known = ROUTES.get((method, tail))
        operation["tags"] = [
            known.resource if known else next(tag for marker, tag in RESOURCE_TAGS if marker in tail)
        ]
    document.pop("tags", None)


def drop_schema_titles(document: Document) -> None:
    """Request/response twins share titles (FILE, CONTACT, ...); the generator names models after
    titles and drops the duplicates, so schemas are named after their component keys instead."""
    for schema in iter_schemas(document):
        if isinstance(schema.get("title"), str):
            del schema["title"]


def single_value_enums_to_const(document: Document) -> None:
    """A one-value enum is a discriminator (`type: FILE`); as `const` it lets unions tell members apart.
    The 3.1 spelling (`const` already) ends the same: a `default` equal to the only value says nothing."""
    for schema in iter_schemas(document):
        enum = schema.get("enum")
        if isinstance(enum, list) and len(enum) == 1:
            schema["const"] = enum[0]
            del schema["enum"]
        if "const" in schema and "default" in schema and schema["default"] == schema["const"]:
            del schema["default"]


def empty_objects_accept_any_value(document: Document) -> None:
    """`{type: object, properties: {}}` is how the publisher writes "any JSON value" (capability values
    are strings, lists, booleans and numbers in practice)."""
    for schema in iter_schemas(document):
        kinds = schema.get("type")
        if (
            (kinds == "object" or (isinstance(kinds, list) and set(kinds) == {"object", "null"}))
            and schema.get("properties") == {}
            and "additionalProperties" not in schema
        ):
            schema.clear()  # any value includes null: the 3.0 `nullable` and 3.1 type-list spellings agree


def equivalent_spellings(document: Document) -> None:
    """One spelling per meaning at every schema position (scripts/normalize_spellings.py has the forms):
    free-form values, nullable types, empty and single-branch compositions, references to either. The
    rules after this one, and the generator, see only those; an undecidable shape fails with its pointer."""
    canonical_spellings(document)


def unsatisfiable_schemas_fail(document: Document) -> None:
    """A schema no value satisfies (conflicting allOf types, enum values outside the type, `not: {}`,
    empty bounds, a required property additionalProperties forbids) raises SpellingError with its pointer:
    no client can be generated that reads or sends it (scripts/normalize_unsatisfiable.py)."""
    unsatisfiable_schemas(document)


def huge_enums_to_strings(document: Document) -> None:
    """A vocabulary of hundreds of values that grows in most publications becomes a plain string; the
    values stay in `x-known-values` for documentation and diffing."""
    for schema in iter_schemas(document):
        enum = schema.get("enum")
        if isinstance(enum, list) and len(enum) > HUGE_ENUM:
            schema[KNOWN_VALUES] = schema.pop("enum")


def open_response_enums(document: Document) -> None:
    """Tolerant reader: an enum or const in anything a response can carry becomes a string (values kept in
    `x-known-values`), so a new value such as a DELIVERED status, or a second message `type`, never fails
    parsing. A discriminated union's `type` consts stay (open_unions opens the union instead)."""
    roots = [
        response for _m, _p, op in iter_operations(document) for response in op.get("responses", {}).values()
    ]
    schemas = reachable_schemas(document, roots)
    keep = discriminators(document, schemas)
    for schema in schemas:
        if (isinstance(schema.get("enum"), list) or "const" in schema) and id(schema) not in keep:
            open_closed_value(schema)


def open_unions(document: Document) -> None:
    """In what a response can carry, a oneOf of `type`-discriminated objects becomes an anyOf with a last,
    open member, so a new attachment kind is kept instead of failing the whole message (anyOf: the open
    member overlaps the others). Request unions stay closed: we never send a kind we do not know."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    ref = {"$ref": f"#/components/schemas/{OPEN_UNION_MEMBER}"}
    roots = [
        response for _m, _p, op in iter_operations(document) for response in op.get("responses", {}).values()
    ]
    for schema in reachable_schemas(document, roots):
        members = schema.get("oneOf")
        if not members:
            continue
        if all("const" in resolve(document, m).get("properties", {}).get("type", {}) for m in members):
            schema["anyOf"] = [*schema.pop("oneOf"), dict(ref)]
            schemas[OPEN_UNION_MEMBER] = {
                "type": "object",
                "required": ["type"],
                "properties": {"type": {"type": "string"}},
            }


def declare_openapi_3_1(document: Document) -> None:
    """`const` is OpenAPI 3.1 (JSON Schema) vocabulary; the normalized document says which it speaks, so
    validators such as openapi-core accept it. Nothing else HubSpot uses differs between 3.0 and 3.1."""
    document["openapi"] = "3.1.0"


def empty_content_means_no_body(document: Document) -> None:
    """`content: {}` on a 204 means no body; validators read an empty map as "a body is required"."""
    for _method, _path, operation in iter_operations(document):
        for response in operation.get("responses", {}).values():
            if response.get("content") == {}:
                del response["content"]


def partial_patch_bodies(document: Document) -> None:
    """A PATCH body that marks every property required is a publishing artifact: PATCH is partial."""
    for method, _path, operation in iter_operations(document):
        if method != "patch":
            continue
        for media in operation.get("requestBody", {}).get("content", {}).values():
            body = resolve(document, media.get("schema", {}))
            required, properties = body.get("required", []), body.get("properties", {})
            if required and set(required) >= set(properties):
                del body["required"]


def optional_error_fields(document: Document) -> None:
    """HubSpot says every error-body field is optional (a 429 has no `category`)."""
    for _method, _path, operation in iter_operations(document):
        for code, response in operation.get("responses", {}).items():
            if code == "default" or code.startswith(("4", "5")):
                for media in resolve(document, response).get("content", {}).values():
                    resolve(document, media.get("schema", {})).pop("required", None)


# Order matters: PATCH fields take their create body's type before the publisher's remaining empty objects
# are read as any value, both before spellings are made canonical; unsatisfiable shapes fail on the
# canonical spelling; discriminators become const, and shared components get their strict request copy,
# before response enums and unions are opened.
RULES: tuple[Rule, ...] = (
    add_missing_oauth_scopes,
    stable_operation_ids,
    own_summaries,
    resource_tags,
    drop_schema_titles,
    patch_fields_typed_like_create,
    empty_objects_accept_any_value,
    equivalent_spellings,
    unsatisfiable_schemas_fail,
    single_value_enums_to_const,
    huge_enums_to_strings,
    strict_request_copies,
    open_response_enums,
    open_unions,
    partial_patch_bodies,
    optional_error_fields,
    declare_openapi_3_1,
    empty_content_means_no_body,
)


def normalize(document: Document) -> Document:
    """A normalized copy of a prose-free document."""
    result = copy.deepcopy(document)
    for rule in RULES:
        rule(result)
    return result
