"""Schema aspects of the rule registry: one template per keyword, a level per side.

`{side}` is request/response; `{thing}` is property (a body schema node), parameter (a request
parameter's schema) or header (a response header's schema). The request side is written by the client,
so narrowing what the server accepts breaks; the response side is read, so widening what it may send
breaks. scripts/apidiff/_cases*.py hold the mutation cases that pin every aspect down.
"""

from ._levels import B, Level, N

# (id template, request level, response level, explanation, things it applies to)
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
        (
            "a {side} {thing} enum gained values (responses: open_response_enums keeps unknown values; "
            "`ci check` also diffs the documents as generated, where a one-value enum may be a closed const)"
        ),
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
    *_pair("multiple-of", "multipleOf (a new one, or one whose values are all multiples of the old)"),
    (
        "{side}-{thing}-multiple-of-changed",
        B,
        B,
        "a {side} {thing}'s multipleOf changed to a non-multiple",
        _ANY,
    ),
    ("{side}-{thing}-not-added", B, N, "a {side} {thing} now excludes values (`not`)", _ANY),
    ("{side}-{thing}-not-removed", N, B, "a {side} {thing}'s `not` exclusion was dropped", _ANY),
    ("{side}-{thing}-not-changed", B, B, "a {side} {thing}'s `not` exclusion changed", _ANY),
    (
        "{side}-{thing}-unclassified-keyword-changed",
        B,
        B,
        (
            "a {side} {thing} keyword no rule classifies changed (prefixItems, contains, patternProperties, "
            "discriminator, if/then/else, ...): blocking until reviewed"
        ),
        _ANY,
    ),
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
