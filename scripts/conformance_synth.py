"""Realistic payloads from a normalized schema, enumerated (not sampled) so that every choice is covered.

One payload with every optional field present, one with only the required ones, then one per remaining
option of every choice point reached: each enum value (and an unknown one where the enum is open, i.e.
`x-known-values`), each anyOf/oneOf branch, each type of a type list (null included), each JSON type of a
free-form value. For a response (`tolerant=True`) also what HubSpot may send later, whatever the schema
says today (tolerant-reader payloads, marked `tolerant`, exempt from the schema self-check): an unknown
value in every enum and non-discriminator const, an unknown `type` in every discriminated union, and, for
an error body, only some of its fields. Choice points are keyed by their schema pointer; a payload overrides one of them and keeps
the defaults elsewhere. Deterministic, and bounded by the number of options in the document.

hypothesis-jsonschema was tried first: 0.23.1 (its latest) fails on the pinned hypothesis 6.170
(`'many' object has no attribute 'more'`), and sampling would not promise every branch anyway.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

FREE_FORM_TYPES = ("object", "array", "string", "integer", "number", "boolean", "null")
UNKNOWN_VALUE = "A_VALUE_NEW_TO_US"  # an open enum must keep what HubSpot adds later
UNKNOWN_KIND = "A_KIND_NEW_TO_US"  # a union member HubSpot adds later (a new attachment kind)
TOLERANT = "tolerant reader: "  # the label prefix of an option outside today's schema
EXTRA_PROPERTY = "conformanceExtra"  # a field HubSpot adds later: kept, not fatal
MAX_DEPTH = 12  # recursive schemas stop at required fields past this depth
MAX_PAYLOADS = 500  # per root schema; a document needing more is a document to look at
NESTED_ANY = {
    "text": "free-form text",
    "count": 7,
    "ratio": 1.5,
    "flag": False,
    "nothing": None,
    "list": [1, "two", {"three": [None, True]}],
    "object": {"deep": {"deeper": ["x", 2.25]}},
}
ADDED_LATER = {"list": [1, "two", None], "flag": True}
ANY_OF_TYPE: dict[str, Any] = {
    "object": NESTED_ANY,
    "array": ["a", 1, 2.5, True, None, {"k": "v"}, [[]]],
    "string": "a string",
    "integer": 42,
    "number": 3.25,
    "boolean": True,
    "null": None,
}
KNOWN = "x-known-values"
# A schema with none of these says nothing about its value: free-form.
STRUCTURE = frozenset({"type", "properties", "items", "additionalProperties", "anyOf", "oneOf", "allOf"})
STRUCTURE |= {"enum", "const", "$ref", KNOWN}


@dataclass(frozen=True)
class Payload:
    """One synthesized instance of a root schema, with what makes it different from the defaults."""

    pointer: str  # the schema pointer of the choice this payload makes (the root for the two baselines)
    variant: str  # "every optional field", "required fields only", "branch 2 (PublicLocation)", ...
    value: Any
    schema_at: dict[str, str] = field(default_factory=dict, compare=False)  # instance path -> schema
    tolerant: bool = False  # a value HubSpot may send later: outside today's schema on purpose


def escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def is_free_form(schema: Any) -> bool:
    return schema is True or (isinstance(schema, dict) and not any(k in schema for k in STRUCTURE))


def _type_const(member: Any) -> bool:
    kind = member.get("properties", {}).get("type") if isinstance(member, dict) else None
    return isinstance(kind, dict) and "const" in kind


def _discriminators(document: dict[str, Any]) -> set[int]:
    """ids of the `type` property schemas of union members (a union's kinds, not values to vary one by one:
    the union's own unknown-kind option covers them)."""
    found: set[int] = set()
    stack: list[Any] = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for keyword in ("anyOf", "oneOf"):
                for member in node.get(keyword) or [] if isinstance(node.get(keyword), list) else []:
                    resolved = _resolve_ref(document, member)
                    if _type_const(resolved):
                        found.add(id(resolved["properties"]["type"]))
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def _resolve_ref(document: dict[str, Any], node: Any) -> Any:
    for _ in range(50):
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            break
        target: Any = document
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


class _Builder:
    def __init__(
        self,
        document: dict[str, Any],
        full: bool,
        overrides: dict[str, int],
        tolerant: bool = False,
        discriminators: set[int] | None = None,
    ) -> None:
        self.document, self.full, self.overrides, self.tolerant = document, full, overrides, tolerant
        self.choices: dict[str, list[str]] = {}  # pointer -> option labels, as met
        self.schema_at: dict[str, str] = {}
        self.outside = False  # a tolerant-reader option was taken
        self.discriminators = _discriminators(document) if discriminators is None else discriminators

    def unknown(self, pointer: str, labels: list[str], what: str) -> bool:
        """Whether this payload takes the tolerant-reader option appended to labels (responses only)."""
        if not self.tolerant:
            self.choose(pointer, labels)
            return False
        index = self.choose(pointer, [*labels, TOLERANT + what])
        if index == len(labels):
            self.outside = True
        return index == len(labels)

    def resolve(self, schema: Any, pointer: str) -> tuple[Any, str]:
        seen = 0
        while isinstance(schema, dict) and "$ref" in schema:
            pointer = schema["$ref"]
            schema = self.document
            for part in pointer.removeprefix("#/").split("/"):
                schema = schema[part.replace("~1", "/").replace("~0", "~")]
            seen += 1
            if seen > 50:
                raise ValueError(f"reference cycle at {pointer}")
        return schema, pointer

    def choose(self, pointer: str, labels: list[str]) -> int:
        self.choices.setdefault(pointer, labels)
        return self.overrides.get(pointer, 0)

    def build(self, schema: Any, pointer: str, where: str, name: str, depth: int) -> Any:
        schema, pointer = self.resolve(schema, pointer)
        self.schema_at[where] = pointer
        if is_free_form(schema):
            index = self.choose(pointer, [f"free-form {kind}" for kind in FREE_FORM_TYPES])
            return ANY_OF_TYPE[FREE_FORM_TYPES[index]]
        if schema is False or not isinstance(schema, dict):
            raise ValueError(f"no value satisfies the schema at {pointer}")
        if "const" in schema:
            closed = isinstance(schema["const"], str) and id(schema) not in self.discriminators
            if closed and self.unknown(
                pointer, [f"const {schema['const']!r}"], f"unknown value for {name!r}"
            ):
                return UNKNOWN_VALUE
            return schema["const"]
        if isinstance(schema.get("enum"), list):
            values = schema["enum"]
            labels = [f"enum value {v!r}" for v in values]
            if all(isinstance(v, str) for v in values) and self.tolerant:
                if self.unknown(pointer, labels, f"unknown enum value for {name!r}"):
                    return UNKNOWN_VALUE
                return values[self.overrides.get(pointer, 0)]
            return values[self.choose(pointer, labels)]
        for keyword in ("anyOf", "oneOf"):
            if isinstance(schema.get(keyword), list) and schema[keyword]:
                return self.branch(schema, keyword, pointer, where, name, depth)
        if isinstance(schema.get("allOf"), list) and schema["allOf"]:
            return self.build(self.merge_all_of(schema, pointer), pointer, where, name, depth)
        kinds = schema.get("type")
        if isinstance(kinds, list):
            kind = kinds[self.choose(pointer + "/type", [f"type {k}" for k in kinds])] if kinds else "null"
        else:
            kind = kinds or ("object" if "properties" in schema else "array" if "items" in schema else None)
        if kind is None and KNOWN in schema:
            kind = "string"
        return self.typed(schema, kind, pointer, where, name, depth)

    def branch(
        self, schema: dict[str, Any], keyword: str, pointer: str, where: str, name: str, depth: int
    ) -> Any:
        members = schema[keyword]
        resolved = [self.resolve(m, "")[0] for m in members]
        labels = self.branch_labels(keyword, members)
        kinds = [m for m in resolved if _type_const(m)]
        if kinds and all(isinstance(m, dict) and "type" in m.get("properties", {}) for m in resolved):
            if self.unknown(f"{pointer}/{keyword}", labels, "unknown union member `type`"):
                first = members[resolved.index(kinds[0])]
                value = self.build(first, f"{pointer}/{keyword}/0", where, name, depth)
                return {**value, "type": UNKNOWN_KIND}
            index = self.overrides.get(f"{pointer}/{keyword}", 0)
        else:
            index = self.choose(f"{pointer}/{keyword}", labels)
        return self.build(members[index], f"{pointer}/{keyword}/{index}", where, name, depth)

    def branch_labels(self, keyword: str, members: list[Any]) -> list[str]:
        return [f"{keyword} branch {i} ({self.resolve(m, '')[1] or 'inline'})" for i, m in enumerate(members)]

    def merge_all_of(self, schema: dict[str, Any], pointer: str) -> dict[str, Any]:
        merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
        for index, member in enumerate(schema["allOf"]):
            resolved, _ = self.resolve(member, f"{pointer}/allOf/{index}")
            if not isinstance(resolved, dict):
                continue
            for key, value in resolved.items():
                if key == "properties":
                    merged["properties"] = {**merged.get("properties", {}), **value}
                elif key == "required":
                    merged["required"] = sorted({*merged.get("required", []), *value})
                else:
                    merged.setdefault(key, value)
        return merged

    def typed(
        self, schema: dict[str, Any], kind: Any, pointer: str, where: str, name: str, depth: int
    ) -> Any:
        if kind == "null":
            return None
        if kind == "boolean":
            return True
        if kind == "integer":
            return _number(schema, name, whole=True)
        if kind == "number":
            return _number(schema, name, whole=False)
        if kind == "string":
            return self.string(schema, pointer, name)
        if kind == "array":
            return self.array(schema, pointer, where, name, depth)
        if kind == "object":
            return self.object(schema, pointer, where, depth)
        raise ValueError(f"type {kind!r} at {pointer} is not a JSON Schema type")

    def string(self, schema: dict[str, Any], pointer: str, name: str) -> str:
        known = schema.get(KNOWN)
        if isinstance(known, list) and known:
            options = [*known, UNKNOWN_VALUE]
            return str(options[self.choose(pointer, [f"known value {v!r}" for v in options])])
        text = _string(schema.get("format"), name)
        return text[: schema["maxLength"]] if isinstance(schema.get("maxLength"), int) else text

    def array(self, schema: dict[str, Any], pointer: str, where: str, name: str, depth: int) -> list[Any]:
        items = schema.get("items", {})
        count = max(schema.get("minItems", 0), 1 if self.full and depth < MAX_DEPTH else 0)
        item_schema, item_pointer = self.resolve(items, f"{pointer}/items")
        union = next(
            (k for k in ("anyOf", "oneOf") if isinstance(item_schema, dict) and item_schema.get(k)), None
        )
        key = f"{item_pointer}/{union}"
        if union and self.full and not self.overrides:  # the baseline: every branch (attachment kind) at once
            branches = item_schema[union]
            self.choose(key, self.branch_labels(union, branches))
            return [
                self.build(b, f"{item_pointer}/{union}/{i}", f"{where}/{i}", name, depth + 1)
                for i, b in enumerate(branches)
            ]
        return [self.build(items, f"{pointer}/items", f"{where}/{i}", name, depth + 1) for i in range(count)]

    def object(self, schema: dict[str, Any], pointer: str, where: str, depth: int) -> dict[str, Any]:
        properties: dict[str, Any] = schema.get("properties", {})
        required = set(schema.get("required", []))
        names = [n for n in properties if n in required or (self.full and depth < MAX_DEPTH)]
        value = {
            n: self.build(
                properties[n], f"{pointer}/properties/{escape(n)}", f"{where}/{escape(n)}", n, depth + 1
            )
            for n in names
        }
        extra = schema.get("additionalProperties", True)
        if extra is not False and self.full and depth < MAX_DEPTH:
            if properties:  # a field the document does not know yet
                value[EXTRA_PROPERTY] = ADDED_LATER
            else:  # a map: two entries
                extra_schema = {} if extra is True else extra
                for key in ("first", "second"):
                    at = f"{where}/{key}"
                    value[key] = self.build(
                        extra_schema, f"{pointer}/additionalProperties", at, key, depth + 1
                    )
        return value


def _number(schema: dict[str, Any], name: str, whole: bool) -> int | float:
    value: int | float = 12345 if whole else (52.3676 if "lat" in name.lower() else 4.9041)
    low, high = schema.get("minimum"), schema.get("maximum")
    if isinstance(low, (int, float)) and value < low:
        value = low
    if isinstance(high, (int, float)) and value > high:
        value = high
    return int(value) if whole else float(value)


def _string(fmt: Any, name: str) -> str:
    """Realistic text: ids are digits (the facade sends them as numbers), URLs are URLs, times are times."""
    if fmt == "date-time":
        return "2026-03-19T05:31:56.123Z"
    if fmt == "date":
        return "2026-03-19"
    if fmt == "uuid":
        return "3f2504e0-4f89-41d3-9a0c-0305e82c3301"
    lowered = name.lower()
    if fmt in ("uri", "url") or lowered.endswith("url"):
        return f"https://example.com/{name or 'resource'}"
    if fmt == "email" or "email" in lowered:
        return "someone@example.com"
    if lowered == "id" or name.endswith(("Id", "ID")):
        return "1234567"
    return f"{name or 'text'} value"


def synthesize(
    document: dict[str, Any], schema: Any, pointer: str, tolerant: bool = False
) -> Iterator[Payload]:
    """Every payload of schema (found at pointer in document): the two baselines, then one per option;
    tolerant (a response): the tolerant-reader options too."""
    done: set[tuple[str, int]] = set()
    pending: list[tuple[str, int, str]] = []
    count = 0
    kinds = _discriminators(document)

    def run(full: bool, overrides: dict[str, int], at: str, variant: str) -> Payload:
        nonlocal count
        builder = _Builder(document, full, overrides, tolerant, kinds)
        value = builder.build(schema, pointer, "", "", 0)
        for choice, labels in builder.choices.items():
            for index in range(1, len(labels)):
                if (choice, index) not in done:
                    done.add((choice, index))
                    pending.append((choice, index, labels[index]))
        count += 1
        if count > MAX_PAYLOADS:
            raise ValueError(f"{pointer} needs more than {MAX_PAYLOADS} payloads: look at the document")
        return Payload(at, variant, value, builder.schema_at, builder.outside)

    yield run(True, {}, pointer, "every optional field")
    yield run(False, {}, pointer, "required fields only")
    while pending:
        choice, index, label = pending.pop(0)
        yield run(True, {choice: index}, choice, label)
