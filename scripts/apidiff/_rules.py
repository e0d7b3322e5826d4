"""The rule registry: every kind of change the diff reports, with its level and a one-line explanation.

Schema rules are direction-aware (see _rules_schema.py): the same structural change is classified once for
the request side (the client writes the value, so narrowing what the server accepts breaks clients) and
once for the response side (the client reads the value, so widening what the server may send breaks).
"""

from ._levels import B, C, Level, N, Rule, X
from ._rules_schema import _SCHEMA_ASPECTS, _THINGS_BY_SIDE

__all__ = [
    "RULES",
    "_SCHEMA_ASPECTS",
    "_THINGS_BY_SIDE",
    "Level",
    "Rule",
    "rules_markdown_table",
    "schema_rule_id",
]


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
    Rule(
        "request-parameter-name-case-changed",
        X,
        "a header parameter's name changed case only (header names are case-insensitive on the wire)",
    ),
    Rule(
        "request-parameter-serialization-changed",
        B,
        "a parameter's style, explode, allowReserved or schema/content form changed: the wire format differs",
    ),
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
    Rule(
        "api-security-spelling-changed",
        X,
        "the same security alternatives spelled differently (reordered, repeated, inherited vs explicit)",
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
    Rule(
        "unclassified-change",
        B,
        "the documents differ where no rule classifies the difference (reported at its pointer): blocking "
        "until reviewed",
    ),
)

RULES: dict[str, Rule] = {rule.id: rule for rule in (*_FIXED_RULES, *_schema_rules())}


def rules_markdown_table() -> str:
    lines = ["| rule id | level | meaning |", "|---|---|---|"]
    for rule in sorted(RULES.values(), key=lambda r: (-r.level.rank, r.id)):
        lines.append(f"| `{rule.id}` | {rule.level.value} | {rule.explanation} |")
    return "\n".join(lines) + "\n"
