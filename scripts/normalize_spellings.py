"""One spelling for each meaning JSON Schema can spell several ways (the `equivalent_spellings` rule).

Every schema position is visited (components, parameters, headers, bodies, responses, and inside a schema
properties, items, prefixItems, additionalProperties, patternProperties, compositions, not, $defs), children
before parents, so a spelling is canonical at any depth. The canonical forms, each a named step:

  boolean_schema        `true` -> `{}`; `false` outside additionalProperties fails (no value can be sent)
  free_form             any value: `{}` (also `type` listing every JSON type, anyOf/oneOf of every
                        `{type: t}`); any object: `{type: object, additionalProperties: {}}` (also no
                        properties with additionalProperties absent or `true`)
  nullable              3.0 `nullable: true`, `type: [null, X]`, enum with null, anyOf/oneOf of X and
                        `{type: null}` -> `type: [X, "null"]` (inline X) or `anyOf: [X, {type: null}]` (a
                        $ref or a composition); `nullable: false` dropped
  compositions          `allOf/anyOf/oneOf: []` dropped; a single branch without siblings is the branch
  reference             a $ref to a free-form component, or to a component that is only a $ref, is
                        replaced by what it means (chains followed, cycles fail)
A shape no step can decide (a `false` property, `type: []`, a reference cycle) raises SpellingError with
its pointer: generation fails loudly instead of emitting a client that breaks at runtime.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

JSON_TYPES = frozenset({"object", "array", "string", "number", "integer", "boolean", "null"})
COMPOSITIONS = ("allOf", "anyOf", "oneOf")
NULL = {"type": "null"}
Step = Callable[[Any, str, str], Any]  # (schema, pointer, slot) -> schema


class SpellingError(ValueError):
    """A schema whose meaning no rule can decide; names its pointer."""


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _children(schema: dict[str, Any]) -> list[tuple[Any, Any, str]]:
    """(container, key, slot) of each sub-schema position of schema."""
    found: list[tuple[Any, Any, str]] = []
    for keyword in ("properties", "patternProperties", "$defs"):
        if isinstance(schema.get(keyword), dict):
            found += [(schema[keyword], name, keyword) for name in schema[keyword]]
    for keyword in ("items", "additionalProperties", "not"):
        if isinstance(schema.get(keyword), (dict, bool)):
            found.append((schema, keyword, keyword))
    for keyword in (*COMPOSITIONS, "prefixItems"):
        if isinstance(schema.get(keyword), list):
            found += [(schema[keyword], index, keyword) for index in range(len(schema[keyword]))]
    return found


def _pointer(base: str, container: Any, key: Any, slot: str) -> str:
    return f"{base}/{key}" if slot == key else f"{base}/{slot}/{_escape(str(key))}"


def rewrite(container: Any, key: Any, pointer: str, slot: str, step: Step) -> None:
    """Apply step to container[key] and everything below it, children first."""
    schema = container[key]
    if isinstance(schema, dict):
        for child, child_key, child_slot in _children(schema):
            rewrite(child, child_key, _pointer(pointer, child, child_key, child_slot), child_slot, step)
    container[key] = step(container[key], pointer, slot)


def schema_roots(document: dict[str, Any]) -> list[tuple[Any, Any, str]]:
    """(container, key, pointer) of every top-level schema position of an OpenAPI document."""
    roots: list[tuple[Any, Any, str]] = []
    components = document.get("components", {})
    for name in components.get("schemas", {}):
        roots.append((components["schemas"], name, f"#/components/schemas/{_escape(name)}"))

    def media(owner: dict[str, Any], base: str) -> None:
        for kind, item in owner.get("content", {}).items():
            if isinstance(item, dict) and "schema" in item:
                roots.append((item, "schema", f"{base}/content/{_escape(kind)}/schema"))
        for name, header in owner.get("headers", {}).items():
            if isinstance(header, dict) and "schema" in header:
                roots.append((header, "schema", f"{base}/headers/{_escape(name)}/schema"))

    for kind in ("parameters", "headers"):
        for name, item in components.get(kind, {}).items():
            if isinstance(item, dict) and "schema" in item:
                roots.append((item, "schema", f"#/components/{kind}/{_escape(name)}/schema"))
    for kind in ("requestBodies", "responses"):
        for name, item in components.get(kind, {}).items():
            if isinstance(item, dict):
                media(item, f"#/components/{kind}/{_escape(name)}")
    for path, item in document.get("paths", {}).items():
        base = f"#/paths/{_escape(path)}"
        operations = [(base, item)] + [(f"{base}/{m}", op) for m, op in item.items() if isinstance(op, dict)]
        for at, operation in operations:
            for index, parameter in enumerate(operation.get("parameters", []) or []):
                if isinstance(parameter, dict) and "schema" in parameter:
                    roots.append((parameter, "schema", f"{at}/parameters/{index}/schema"))
            if isinstance(operation.get("requestBody"), dict):
                media(operation["requestBody"], f"{at}/requestBody")
            for code, response in (operation.get("responses") or {}).items():
                if isinstance(response, dict):
                    media(response, f"{at}/responses/{code}")
    return roots


# --- the steps ---------------------------------------------------------------------------------------------


def boolean_schema(schema: Any, pointer: str, slot: str) -> Any:
    if schema is True:
        return {}
    if schema is False and slot != "additionalProperties":
        raise SpellingError(f"{pointer}: `false` allows no value; no client can send or read it")
    return schema


def _constraints(schema: dict[str, Any]) -> set[str]:
    return set(schema) - {"type", "description", "title", "example", "examples", "default"}


def _whole_type(member: Any) -> bool:
    """Whether member is every value of one JSON type (an object already in its canonical spelling)."""
    if not isinstance(member, dict) or not isinstance(member.get("type"), str):
        return False
    rest = {k: v for k, v in member.items() if k != "type"}
    return not rest or (member["type"] == "object" and rest == {"additionalProperties": {}})


def free_form(schema: Any, pointer: str, slot: str) -> Any:
    if not isinstance(schema, dict):
        return schema
    kinds = schema.get("type")
    if isinstance(kinds, list) and JSON_TYPES - {"integer"} <= set(kinds) and not _constraints(schema):
        return {}
    for keyword in ("anyOf", "oneOf"):
        members = schema.get(keyword)
        if (
            isinstance(members, list)
            and set(schema) == {keyword}
            and all(_whole_type(m) for m in members)
            and JSON_TYPES - {"integer"} <= {m["type"] for m in members}
        ):
            return {}
    if (
        kinds == "object"
        and not schema.get("properties")
        and schema.get("additionalProperties", True) in (True, {})
    ):
        return {**{k: v for k, v in schema.items() if k != "properties"}, "additionalProperties": {}}
    if kinds == "object" and schema.get("properties") and schema.get("additionalProperties") in (True, {}):
        return {k: v for k, v in schema.items() if k != "additionalProperties"}  # the default already
    return schema


def _with_null(schema: dict[str, Any], pointer: str) -> dict[str, Any]:
    """schema, also allowing null."""
    schema = compositions(schema, pointer, "")
    if not isinstance(schema, dict):
        return schema
    kinds = schema.get("type")
    inline = not any(k in schema for k in ("$ref", *COMPOSITIONS))
    if inline and isinstance(kinds, str):
        result = {**schema, "type": [kinds, "null"]}
        if isinstance(schema.get("enum"), list) and None not in schema["enum"]:
            result["enum"] = [*schema["enum"], None]
        return result
    if inline and isinstance(kinds, list):
        return {**schema, "type": [*[k for k in kinds if k != "null"], "null"]}
    if inline and kinds is None and not schema:
        return schema  # any value already includes null
    return {"anyOf": [schema, dict(NULL)]}


def nullable(schema: Any, pointer: str, slot: str) -> Any:
    if not isinstance(schema, dict):
        return schema
    if "nullable" in schema:
        flag = schema["nullable"]
        schema = {k: v for k, v in schema.items() if k != "nullable"}
        if flag is True:
            return _with_null(schema, pointer)
    kinds = schema.get("type")
    if isinstance(kinds, list):
        if not kinds:
            raise SpellingError(f"{pointer}: `type: []` allows no value")
        unique = list(dict.fromkeys(kinds))
        if "null" in unique and unique[-1] != "null":
            unique = [*[k for k in unique if k != "null"], "null"]
        schema = {**schema, "type": unique[0] if len(unique) == 1 else unique}
    enum = schema.get("enum")
    if isinstance(enum, list) and None in enum and isinstance(schema.get("type"), str):
        return _with_null(schema, pointer)
    for keyword in ("anyOf", "oneOf"):
        members = schema.get(keyword)
        if isinstance(members, list) and len(members) == 2 and NULL in members and set(schema) == {keyword}:
            other = members[1 - members.index(NULL)]
            if isinstance(other, dict) and other != NULL:
                return _with_null(other, pointer)
    return schema


def compositions(schema: Any, pointer: str, slot: str) -> Any:
    if not isinstance(schema, dict):
        return schema
    for keyword in COMPOSITIONS:
        members = schema.get(keyword)
        if members == []:
            schema = {k: v for k, v in schema.items() if k != keyword}
        elif isinstance(members, list) and len(members) == 1 and set(schema) == {keyword}:
            return members[0]
    return schema


STEPS: tuple[Step, ...] = (boolean_schema, free_form, nullable, compositions)


def canonical_step(schema: Any, pointer: str, slot: str) -> Any:
    for _ in range(4):  # a step's result may be another step's input (oneOf [X, null] -> inline nullable)
        before = copy.deepcopy(schema)
        for step in STEPS:
            schema = step(schema, pointer, slot)
        if schema == before:
            break
    return schema


def _target(document: dict[str, Any], ref: str) -> Any:
    node: Any = document
    for part in ref.removeprefix("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def reference(document: dict[str, Any]) -> Step:
    """The step replacing a $ref to a free-form or alias component by its meaning."""

    def step(schema: Any, pointer: str, slot: str) -> Any:
        seen: list[str] = []
        while isinstance(schema, dict) and set(schema) == {"$ref"} and schema["$ref"].startswith("#/"):
            ref = schema["$ref"]
            if ref in seen:
                raise SpellingError(f"{pointer}: reference cycle {' -> '.join([*seen, ref])}")
            seen.append(ref)
            target = _target(document, ref)
            if isinstance(target, dict) and set(target) == {"$ref"}:
                schema = dict(target)  # an alias: follow it
            elif target == {} or target is True:
                return {}
            else:
                return schema
        return schema

    return step


def canonical_spellings(document: dict[str, Any]) -> None:
    """Rewrite document in place so that each meaning has one spelling (see the module's docstring)."""
    for container, key, pointer in schema_roots(document):
        rewrite(container, key, pointer, "", canonical_step)
    follow = reference(document)
    for container, key, pointer in schema_roots(document):
        rewrite(container, key, pointer, "", lambda s, p, slot: canonical_step(follow(s, p, slot), p, slot))
