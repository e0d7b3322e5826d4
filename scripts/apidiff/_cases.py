"""The mutation table: every validation keyword, changed one way and back, with the rule and levels expected.

One table, two uses: tests/test_api_diff_matrix.py turns every case into synthetic document pairs at every
location (request body, path/query/header parameter, response body, response header) in both directions,
and scripts/API_DIFF_RULES.md shows it (`python -m scripts diff --update-rules-doc` renders it; a test keeps
the file in sync). A case's `before` and `after` are the schema at the location; `forward` is what
before -> after must report, `reverse` what after -> before must report (None: nothing, an equivalent
spelling).
"""

from dataclasses import dataclass
from typing import Any

from ._rules import Level

B, N = Level.BREAKING, Level.NON_BREAKING


@dataclass(frozen=True)
class Expect:
    template: str  # the rule id with {side} and {thing} left open
    request: Level
    response: Level


@dataclass(frozen=True)
class Case:
    keyword: str
    change: str
    before: dict[str, Any]
    after: dict[str, Any]
    forward: Expect | None
    reverse: Expect | None


def _e(aspect: str, request: Level, response: Level) -> Expect:
    template = aspect if aspect.startswith(("{side}", "new-")) else f"{{side}}-{{thing}}-{aspect}"
    return Expect(template, request, response)


def _bound(keyword: str, change: str, before: dict[str, Any], after: dict[str, Any], aspect: str) -> Case:
    """A change that narrows before -> after: breaking for requests, the reverse breaking for responses."""
    return Case(keyword, change, before, after, _e(f"{aspect}-narrowed", B, N), _e(f"{aspect}-widened", N, B))


_S, _I, _A = {"type": "string"}, {"type": "integer"}, {"type": "array", "items": {"type": "string"}}
_O: dict[str, Any] = {"type": "object", "properties": {"a": {"type": "string"}}}
_OBJ = {"type": "object"}

CASES: tuple[Case, ...] = (
    Case("type", "string -> integer", _S, _I, _e("type-changed", B, B), _e("type-changed", B, B)),
    Case(
        "type",
        "integer -> number",
        _I,
        {"type": "number"},
        _e("type-widened", N, B),
        _e("type-narrowed", B, N),
    ),
    Case(
        "type",
        "a type added to a type list",
        _S,
        {"type": ["string", "integer"]},
        _e("type-widened", N, B),
        _e("type-narrowed", B, N),
    ),
    Case("type", "a type set where none was", {}, _S, _e("type-narrowed", B, N), _e("type-widened", N, B)),
    Case(
        "format",
        "int32 -> int64",
        {**_I, "format": "int32"},
        {**_I, "format": "int64"},
        _e("format-widened", N, B),
        _e("format-narrowed", B, N),
    ),
    Case(
        "format",
        "float -> double",
        {"type": "number", "format": "float"},
        {"type": "number", "format": "double"},
        _e("format-widened", N, B),
        _e("format-narrowed", B, N),
    ),
    Case(
        "format",
        "format dropped",
        {**_S, "format": "date-time"},
        _S,
        _e("format-widened", N, B),
        _e("format-narrowed", B, N),
    ),
    Case(
        "format",
        "date-time -> uuid",
        {**_S, "format": "date-time"},
        {**_S, "format": "uuid"},
        _e("format-changed", B, B),
        _e("format-changed", B, B),
    ),
    Case(
        "enum",
        "a value added",
        {**_S, "enum": ["a", "b"]},
        {**_S, "enum": ["a", "b", "c"]},
        _e("enum-value-added", N, N),  # responses: open_response_enums keeps unknown values
        _e("enum-value-removed", B, N),
    ),
    Case(
        "enum",
        "values restricted to an enum",
        _S,
        {**_S, "enum": ["a", "b"]},
        _e("enum-added", B, N),
        _e("enum-removed", N, N),
    ),
    Case(
        "const", "const added", _S, {**_S, "const": "a"}, _e("const-added", B, N), _e("const-removed", N, B)
    ),
    Case(
        "const",
        "const changed",
        {**_S, "const": "a"},
        {**_S, "const": "b"},
        _e("const-changed", B, B),
        _e("const-changed", B, B),
    ),
    Case("const", "one-value enum spelled as const", {**_S, "enum": ["a"]}, {**_S, "const": "a"}, None, None),
    Case(
        "nullable",
        "nullable: true (3.0)",
        _S,
        {**_S, "nullable": True},
        _e("nullable-added", N, B),
        _e("nullable-removed", B, N),
    ),
    Case(
        "nullable",
        'type: [.., "null"] (3.1)',
        _S,
        {"type": ["string", "null"]},
        _e("nullable-added", N, B),
        _e("nullable-removed", B, N),
    ),
    Case(
        "nullable",
        "3.0 and 3.1 spellings",
        {**_S, "nullable": True},
        {"type": ["string", "null"]},
        None,
        None,
    ),
    _bound("maximum", "maximum lowered", {**_I, "maximum": 10}, {**_I, "maximum": 5}, "maximum"),
    _bound("maximum", "maximum set", _I, {**_I, "maximum": 10}, "maximum"),
    _bound(
        "exclusiveMaximum",
        "maximum made exclusive (3.0 boolean)",
        {**_I, "maximum": 10},
        {**_I, "maximum": 10, "exclusiveMaximum": True},
        "maximum",
    ),
    _bound(
        "exclusiveMaximum",
        "maximum made exclusive (3.1 number)",
        {**_I, "maximum": 10},
        {**_I, "exclusiveMaximum": 10},
        "maximum",
    ),
    Case(
        "exclusiveMaximum",
        "3.0 and 3.1 spellings",
        {**_I, "maximum": 10, "exclusiveMaximum": True},
        {**_I, "exclusiveMaximum": 10},
        None,
        None,
    ),
    _bound("minimum", "minimum raised", {**_I, "minimum": 0}, {**_I, "minimum": 1}, "minimum"),
    _bound(
        "exclusiveMinimum",
        "minimum made exclusive (3.0 boolean)",
        {**_I, "minimum": 0},
        {**_I, "minimum": 0, "exclusiveMinimum": True},
        "minimum",
    ),
    _bound(
        "exclusiveMinimum",
        "minimum made exclusive (3.1 number)",
        {**_I, "minimum": 0},
        {**_I, "exclusiveMinimum": 0},
        "minimum",
    ),
    _bound("maxLength", "maxLength lowered", {**_S, "maxLength": 10}, {**_S, "maxLength": 5}, "max-length"),
    _bound("maxLength", "maxLength set", _S, {**_S, "maxLength": 10}, "max-length"),
    _bound("minLength", "minLength raised", {**_S, "minLength": 1}, {**_S, "minLength": 2}, "min-length"),
    Case("minLength", "minLength 0 and none", {**_S, "minLength": 0}, _S, None, None),
    _bound("maxItems", "maxItems lowered", {**_A, "maxItems": 10}, {**_A, "maxItems": 5}, "max-items"),
    _bound("minItems", "minItems set", _A, {**_A, "minItems": 1}, "min-items"),
    Case(
        "uniqueItems",
        "items must be unique",
        _A,
        {**_A, "uniqueItems": True},
        _e("unique-items-added", B, N),
        _e("unique-items-removed", N, B),
    ),
    _bound("maxProperties", "maxProperties set", _OBJ, {**_OBJ, "maxProperties": 3}, "max-properties"),
    _bound(
        "minProperties",
        "minProperties raised",
        {**_OBJ, "minProperties": 1},
        {**_OBJ, "minProperties": 2},
        "min-properties",
    ),
    Case(
        "pattern",
        "pattern set",
        _S,
        {**_S, "pattern": "^[a-z]+$"},
        _e("pattern-added", B, N),
        _e("pattern-removed", N, B),
    ),
    Case(
        "pattern",
        "pattern changed",
        {**_S, "pattern": "^[a-z]+$"},
        {**_S, "pattern": "^[0-9]+$"},
        _e("pattern-changed", B, B),
        _e("pattern-changed", B, B),
    ),
    Case(
        "required",
        "a property became required",
        _O,
        {**_O, "required": ["a"]},
        _e("{side}-property-became-required", B, N),
        _e("{side}-property-became-optional", N, B),
    ),
    Case(
        "required",
        "a required property added",
        _O,
        {**_O, "properties": {**_O["properties"], "b": _S}, "required": ["b"]},
        _e("new-required-{side}-property", B, N),
        _e("{side}-property-removed", B, B),
    ),
    Case(
        "properties",
        "an optional property added",
        _O,
        {**_O, "properties": {**_O["properties"], "b": _S}},
        _e("{side}-property-added", N, N),
        _e("{side}-property-removed", B, B),
    ),
    Case(
        "readOnly",
        "a property became readOnly",
        _O,
        {**_O, "properties": {"a": {**_S, "readOnly": True}}},
        _e("{side}-property-read-only-added", B, N),
        _e("{side}-property-read-only-removed", N, N),
    ),
    Case(
        "writeOnly",
        "a property became writeOnly",
        _O,
        {**_O, "properties": {"a": {**_S, "writeOnly": True}}},
        _e("{side}-property-write-only-added", N, B),
        _e("{side}-property-write-only-removed", N, N),
    ),
    _bound(
        "additionalProperties",
        "closed (false)",
        _OBJ,
        {**_OBJ, "additionalProperties": False},
        "additional-properties",
    ),
    _bound(
        "additionalProperties",
        "restricted to a schema",
        _OBJ,
        {**_OBJ, "additionalProperties": _S},
        "additional-properties",
    ),
    Case("additionalProperties", "true and none", {**_OBJ, "additionalProperties": True}, _OBJ, None, None),
    Case(
        "default",
        "default changed",
        {**_S, "default": "a"},
        {**_S, "default": "b"},
        _e("default-changed", N, N),
        _e("default-changed", N, N),
    ),
    Case(
        "oneOf",
        "became a oneOf of its old schema and others",
        _S,
        {"oneOf": [_S, _I]},
        _e("one-of-added", N, B),
        _e("one-of-removed", B, N),
    ),
    Case(
        "oneOf",
        "a oneOf alternative added",
        {"oneOf": [_S, _I]},
        {"oneOf": [_S, _I, {"type": "boolean"}]},
        _e("one-of-member-added", N, B),
        _e("one-of-member-removed", B, N),
    ),
    Case(
        "anyOf",
        "became an anyOf of its old schema and others",
        _S,
        {"anyOf": [_S, _I]},
        _e("any-of-added", N, B),
        _e("any-of-removed", B, N),
    ),
    Case(
        "anyOf",
        "an anyOf alternative added",
        {"anyOf": [_S, _I]},
        {"anyOf": [_S, _I, {"type": "boolean"}]},
        _e("any-of-member-added", N, B),
        _e("any-of-member-removed", B, N),
    ),
    Case(
        "allOf",
        "became an allOf of its old schema and more",
        _S,
        {"allOf": [_S, {"maxLength": 5}]},
        _e("all-of-added", B, N),
        _e("all-of-removed", N, B),
    ),
    Case(
        "allOf",
        "an allOf member added",
        {"allOf": [_S]},
        {"allOf": [_S, {"maxLength": 5}]},
        _e("all-of-member-added", B, N),
        _e("all-of-member-removed", N, B),
    ),
)

# Where a case's schema is put: location -> (side, thing) naming the rules.
LOCATIONS: dict[str, tuple[str, str]] = {
    "request body": ("request", "property"),
    "path parameter": ("request", "parameter"),
    "query parameter": ("request", "parameter"),
    "header parameter": ("request", "parameter"),
    "response body": ("response", "property"),
    "response header": ("response", "header"),
}
DIRECTIONS = ("forward", "reverse")


def expected(case: Case, location: str, direction: str) -> tuple[str, Level] | None:
    """(rule id, level) the diff must report for one cell of the matrix, or None for no change."""
    expect = case.forward if direction == "forward" else case.reverse
    if expect is None:
        return None
    side, thing = LOCATIONS[location]
    return expect.template.format(side=side, thing=thing), getattr(expect, side)


def matrix() -> list[tuple[Case, str, str]]:
    return [
        (case, location, direction) for case in CASES for location in LOCATIONS for direction in DIRECTIONS
    ]


def _cell(expect: Expect | None) -> tuple[str, str, str]:
    if expect is None:
        return "(no change)", "-", "-"
    shown = expect.template.replace("{side}", "{request,response}").replace("{thing}", "{thing}")
    return f"`{shown}`", expect.request.value, expect.response.value


def cases_markdown_table() -> str:
    lines = [
        "| keyword | change | direction | rule | request | response |",
        "|---|---|---|---|---|---|",
    ]
    for case in CASES:
        for direction, expect in (("forward", case.forward), ("reverse", case.reverse)):
            rule, request, response = _cell(expect)
            lines.append(
                f"| `{case.keyword}` | {case.change} | {direction} | {rule} | {request} | {response} |"
            )
    return "\n".join(lines) + "\n"
