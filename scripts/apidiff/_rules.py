"""The rule registry: every kind of change the diff reports, with its level and a one-line explanation.

Schema rules are direction-aware: the same structural change is classified once for the request side
(the client writes the value, so narrowing what the server accepts breaks clients) and once for the
response side (the client reads the value, so widening what the server may send breaks clients).
"""

from dataclasses import dataclass
from enum import Enum


class Level(Enum):
    # Ordered from most to least severe; `rank` drives --fail-on.
    BREAKING = "breaking"
    CODEGEN = "codegen"
    NON_BREAKING = "non-breaking"
    COSMETIC = "cosmetic"

    @property
    def rank(self) -> int:
        return {"breaking": 3, "codegen": 2, "non-breaking": 1, "cosmetic": 0}[self.value]


B, C, N, X = Level.BREAKING, Level.CODEGEN, Level.NON_BREAKING, Level.COSMETIC


@dataclass(frozen=True)
class Rule:
    id: str
    level: Level
    explanation: str


# Schema aspects: (id template, request level, response level, explanation, things it applies to).
# `{side}` is request/response; `{thing}` is property (a body schema node), parameter (a request
# parameter's schema) or header (a response header's schema). The request side is written by the client,
# so narrowing what the server accepts breaks; the response side is read, so widening what it may send
# breaks. scripts/apidiff/_cases.py holds the mutation cases that pin every aspect down.
_ANY = ("property", "parameter", "header")
_Aspect = tuple[str, Level, Level, str, tuple[str, ...]]
_PROPERTY = ("property",)


def _pair(aspect: str, what: str) -> tuple[_Aspect, _Aspect]:
    """A bound-like keyword: narrowed breaks requests, widened breaks responses."""
    return (
        (
            f"{{side}}-{{thing}}-{aspect}-narrowed",
            B,
            N,
            f"a {{side}} {{thing}}'s {what} now accepts fewer values",
            _ANY,
        ),
        (
            f"{{side}}-{{thing}}-{aspect}-widened",
            N,
            B,
            f"a {{side}} {{thing}}'s {what} now accepts more values",
            _ANY,
        ),
    )


_SCHEMA_ASPECTS: tuple[_Aspect, ...] = (
    ("{side}-property-removed", B, B, "a property disappeared from the {side} schema", _PROPERTY),
    ("{side}-property-added", N, N, "an optional property was added to the {side} schema", _PROPERTY),
    (
        "new-required-{side}-property",
        B,
        N,
        "a required property was added ({side}: clients must now send it / can rely on it)",
        _PROPERTY,
    ),
    ("{side}-property-became-required", B, N, "an existing {side} property became required", _PROPERTY),
    (
        "{side}-property-became-optional",
        N,
        B,
        "an existing {side} property became optional (responses may now omit it)",
        _PROPERTY,
    ),
    (
        "{side}-property-read-only-added",
        B,
        N,
        "a {side} property became readOnly (requests: clients may no longer send it)",
        _PROPERTY,
    ),
    ("{side}-property-read-only-removed", N, N, "a {side} property is no longer readOnly", _PROPERTY),
    (
        "{side}-property-write-only-added",
        N,
        B,
        "a {side} property became writeOnly (responses: no longer returned)",
        _PROPERTY,
    ),
    ("{side}-property-write-only-removed", N, N, "a {side} property is no longer writeOnly", _PROPERTY),
    ("{side}-{thing}-type-changed", B, B, "the JSON type of a {side} {thing} changed incompatibly", _ANY),
    (
        "{side}-{thing}-type-narrowed",
        B,
        N,
        "a {side} {thing} accepts fewer JSON types (e.g. number -> integer, or a type set where none was)",
        _ANY,
    ),
    (
        "{side}-{thing}-type-widened",
        N,
        B,
        "a {side} {thing} accepts more JSON types (e.g. integer -> number, a type added to a type list)",
        _ANY,
    ),
    ("{side}-{thing}-format-changed", B, B, "the format of a {side} {thing} changed incompatibly", _ANY),
    (
        "{side}-{thing}-format-narrowed",
        B,
        N,
        "a {side} {thing}'s format is narrower (int64 -> int32, double -> float, a format where none was)",
        _ANY,
    ),
    (
        "{side}-{thing}-format-widened",
        N,
        B,
        "a {side} {thing}'s format is wider (int32 -> int64, float -> double, format dropped)",
        _ANY,
    ),
    (
        "{side}-{thing}-enum-value-added",
        N,
        N,
        "a {side} {thing} enum gained values (responses too: open_response_enums keeps unknown values)",
        _ANY,
    ),
    (
        "{side}-{thing}-enum-value-removed",
        B,
        N,
        "a {side} {thing} enum lost values (requests: values clients send are now rejected)",
        _ANY,
    ),
    ("{side}-{thing}-enum-added", B, N, "a {side} {thing}'s values are now restricted to an enum", _ANY),
    (
        "{side}-{thing}-enum-removed",
        N,
        N,
        "a {side} {thing}'s enum restriction was dropped (responses: enums are open, see above)",
        _ANY,
    ),
    ("{side}-{thing}-const-added", B, N, "a {side} {thing} is now restricted to one const value", _ANY),
    ("{side}-{thing}-const-removed", N, B, "a {side} {thing}'s const restriction was dropped", _ANY),
    ("{side}-{thing}-const-changed", B, B, "the const value of a {side} {thing} changed", _ANY),
    ("{side}-{thing}-nullable-added", N, B, "a {side} {thing} became nullable (either spelling)", _ANY),
    ("{side}-{thing}-nullable-removed", B, N, "a {side} {thing} is no longer nullable", _ANY),
    *_pair("maximum", "maximum (inclusive or exclusive, 3.0 or 3.1 spelling)"),
    *_pair("minimum", "minimum (inclusive or exclusive, 3.0 or 3.1 spelling)"),
    *_pair("max-length", "maxLength"),
    *_pair("min-length", "minLength"),
    *_pair("max-items", "maxItems"),
    *_pair("min-items", "minItems"),
    *_pair("max-properties", "maxProperties"),
    *_pair("min-properties", "minProperties"),
    *_pair("additional-properties", "additionalProperties (true/absent > a schema > false)"),
    ("{side}-{thing}-pattern-added", B, N, "a {side} {thing} must now match a pattern", _ANY),
    ("{side}-{thing}-pattern-removed", N, B, "a {side} {thing}'s pattern was dropped", _ANY),
    ("{side}-{thing}-pattern-changed", B, B, "a {side} {thing}'s pattern changed", _ANY),
    ("{side}-{thing}-unique-items-added", B, N, "a {side} {thing}'s items must now be unique", _ANY),
    ("{side}-{thing}-unique-items-removed", N, B, "a {side} {thing}'s items may now repeat", _ANY),
    ("{side}-{thing}-default-changed", N, N, "the default value of a {side} {thing} changed", _ANY),
    (
        "{side}-{thing}-one-of-added",
        N,
        B,
        "a {side} {thing} became a oneOf of its old schema and others (wider)",
        _ANY,
    ),
    (
        "{side}-{thing}-one-of-removed",
        B,
        N,
        "a {side} {thing} was a oneOf and is now one of its members",
        _ANY,
    ),
    ("{side}-{thing}-one-of-member-added", N, B, "a oneOf alternative was added to a {side} {thing}", _ANY),
    (
        "{side}-{thing}-one-of-member-removed",
        B,
        N,
        "a oneOf alternative was removed from a {side} {thing}",
        _ANY,
    ),
    (
        "{side}-{thing}-any-of-added",
        N,
        B,
        "a {side} {thing} became an anyOf of its old schema and others (wider)",
        _ANY,
    ),
    (
        "{side}-{thing}-any-of-removed",
        B,
        N,
        "a {side} {thing} was an anyOf and is now one of its members",
        _ANY,
    ),
    ("{side}-{thing}-any-of-member-added", N, B, "an anyOf alternative was added to a {side} {thing}", _ANY),
    (
        "{side}-{thing}-any-of-member-removed",
        B,
        N,
        "an anyOf alternative was removed from a {side} {thing}",
        _ANY,
    ),
    (
        "{side}-{thing}-all-of-added",
        B,
        N,
        "a {side} {thing} became an allOf of its old schema and more constraints (narrower)",
        _ANY,
    ),
    (
        "{side}-{thing}-all-of-removed",
        N,
        B,
        "a {side} {thing} was an allOf and is now one of its members",
        _ANY,
    ),
    (
        "{side}-{thing}-all-of-member-added",
        B,
        N,
        "an allOf member (more constraints) was added to a {side} {thing}",
        _ANY,
    ),
    ("{side}-{thing}-all-of-member-removed", N, B, "an allOf member was removed from a {side} {thing}", _ANY),
)
_THINGS_BY_SIDE = {"request": ("property", "parameter"), "response": ("property", "header")}


def schema_rule_id(template: str, side: str, thing: str) -> str:
    return template.format(side=side, thing=thing)


def _schema_rules() -> list[Rule]:
    rules = []
    for template, request_level, response_level, explanation, things in _SCHEMA_ASPECTS:
        for side, level in (("request", request_level), ("response", response_level)):
            for thing in things:
                if thing in _THINGS_BY_SIDE[side]:
                    rules.append(
                        Rule(
                            schema_rule_id(template, side, thing),
                            level,
                            explanation.format(side=side, thing=thing),
                        )
                    )
    return rules


_FIXED_RULES = (
    Rule("endpoint-added", N, "an operation (method + path) was added"),
    Rule("endpoint-removed", B, "an operation (method + path) was removed"),
    Rule("endpoint-deprecated", N, "an operation was marked deprecated"),
    Rule("endpoint-undeprecated", N, "an operation is no longer marked deprecated"),
    Rule(
        "api-path-changed",
        N,
        "a matched operation's path changed; a version-segment bump is one change listing every operation",
    ),
    Rule(
        "api-operation-id-changed",
        C,
        "the operationId changed: same wire call, but generated module and function names change",
    ),
    Rule(
        "api-path-parameter-renamed",
        C,
        "a path parameter was renamed (same position on the wire; generated argument names change)",
    ),
    Rule("api-tags-changed", C, "the operation's tags changed: generated clients group modules by tag"),
    Rule("new-required-request-parameter", B, "a required parameter was added; existing calls lack it"),
    Rule("new-optional-request-parameter", N, "an optional parameter was added"),
    Rule("request-parameter-removed", B, "a parameter was removed; generated call signatures lose it"),
    Rule("request-parameter-became-required", B, "an optional parameter became required"),
    Rule("request-parameter-became-optional", N, "a required parameter became optional"),
    Rule("request-body-added-required", B, "a required request body was added"),
    Rule("request-body-added-optional", N, "an optional request body was added"),
    Rule("request-body-removed", B, "the request body was removed"),
    Rule("request-body-became-required", B, "the request body became required"),
    Rule("request-body-became-optional", N, "the request body became optional"),
    Rule("request-body-media-type-added", N, "the request body accepts an additional media type"),
    Rule("request-body-media-type-removed", B, "the request body no longer accepts a media type"),
    Rule("response-success-status-added", N, "a 2xx response status was added"),
    Rule(
        "response-success-status-removed", B, "a 2xx response status was removed; clients expecting it fail"
    ),
    Rule("response-non-success-status-added", N, "a non-2xx (or default) response was added"),
    Rule("response-non-success-status-removed", N, "a non-2xx (or default) response was removed"),
    Rule("response-media-type-added", N, "a response gained a media type"),
    Rule("response-media-type-removed", B, "a response lost a media type (or its body)"),
    Rule("response-header-added", N, "a response header was added"),
    Rule("response-header-removed", B, "a response header was removed"),
    Rule("response-header-became-optional", B, "a required response header became optional"),
    Rule("response-header-became-required", N, "an optional response header became required"),
    Rule(
        "api-security-added",
        N,
        "a security alternative (set of schemes) was added: one more way to authenticate",
    ),
    Rule(
        "api-security-removed",
        B,
        "a security alternative was removed: clients authenticating that way are refused",
    ),
    Rule(
        "api-security-scope-added",
        B,
        "an alternative now requires more scopes (e.g. read OR write became read AND write): tokens "
        "that satisfied it are refused",
    ),
    Rule(
        "api-security-scope-removed",
        N,
        "an alternative requires fewer scopes: tokens that could not call before now can",
    ),
    Rule(
        "api-security-anonymous-access-added",
        N,
        "the operation no longer declares any security requirement (anonymous access)",
    ),
    Rule("api-security-anonymous-access-removed", B, "the operation required no authentication and now does"),
    Rule(
        "security-scheme-changed",
        B,
        "a security scheme's type, location, header/query name or flow URLs changed",
    ),
    Rule(
        "security-scheme-added",
        X,
        "a security scheme was declared (operations' requirements are compared separately)",
    ),
    Rule(
        "security-scheme-removed",
        X,
        "a security scheme declaration was removed (requirements compared separately)",
    ),
    Rule(
        "security-scheme-scopes-changed",
        X,
        "the oauth2 flow's catalogue of scopes changed (which scopes operations require is compared separately)",
    ),
    Rule("component-schema-added", C, "a schema was added to components (a new generated model)"),
    Rule(
        "component-schema-removed", C, "a schema was removed from components (a generated model disappears)"
    ),
    Rule(
        "codegen-symbol-removed",
        C,
        "a generated class or field the facade's adapter uses disappears or is renamed (blocks CI unless accepted)",
    ),
    Rule("servers-changed", B, "the server URLs changed"),
    Rule(
        "info-changed", X, "the info block (title, description, version, ...) or the `openapi` field changed"
    ),
    Rule(
        "documentation-changed",
        X,
        "prose or examples changed: description, summary, title, example(s), tags docs",
    ),
    Rule(
        "schema-spelling-changed",
        X,
        "same constraints spelled differently (one-value enum/const, nullable/type list, 3.0/3.1 exclusive bounds)",
    ),
    Rule("extension-changed", X, "a vendor extension (x-...) changed"),
    Rule("formatting-changed", X, "the documents differ only in formatting, key order or `example: null`"),
    Rule("unclassified-change", N, "the documents differ where no rule looks; read the raw diff"),
)

RULES: dict[str, Rule] = {rule.id: rule for rule in (*_FIXED_RULES, *_schema_rules())}


def rules_markdown_table() -> str:
    lines = ["| rule id | level | meaning |", "|---|---|---|"]
    for rule in sorted(RULES.values(), key=lambda r: (-r.level.rank, r.id)):
        lines.append(f"| `{rule.id}` | {rule.level.value} | {rule.explanation} |")
    return "\n".join(lines) + "\n"
