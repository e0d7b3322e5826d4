"""One schema node against another, keyword by keyword (no recursion: _schema.py walks the tree).

Every function returns findings named by `rule(template)` for the current side and thing; the rule
registry (_rules.py) gives each a level per side. Pointers follow one convention that makes a diff and its
reverse report the same place: a keyword only the old schema has is reported in the old document, one only
the new schema has in the new document, and one both have at `place(old, new)`.
"""

import json
from typing import Any

from ._keywords_bounds import bound_findings, multiple_of_findings, size_findings
from ._model import Finding
from ._where import RuleNamer, Schema, Where, key_if, place

__all__ = ["RuleNamer", "Schema", "Where", "place"]

# (narrower, wider): every value of the first format is a value of the second.
_WIDER_FORMATS = frozenset({("int32", "int64"), ("float", "double")})


def type_set(schema: Schema) -> frozenset[str] | None:
    """The JSON types a schema allows, without null (nullability is compared on its own); None: any."""
    kind = schema.get("type")
    if kind is None:
        return None
    kinds = {kind} if isinstance(kind, str) else set(kind)
    return frozenset(kinds - {"null"})


def is_nullable(schema: Schema) -> bool:
    kind = schema.get("type")
    return schema.get("nullable") is True or kind == "null" or (isinstance(kind, list) and "null" in kind)


def _covers(wide: frozenset[str], narrow: frozenset[str]) -> bool:
    return all(kind in wide or (kind == "integer" and "number" in wide) for kind in narrow)


def type_findings(old: Schema, new: Schema, at: Where, rule: RuleNamer) -> list[Finding]:
    before, after = type_set(old), type_set(new)
    if before == after:
        return []
    if before is None or (after is not None and _covers(before, after)):
        aspect = "narrowed"
    elif after is None or _covers(after, before):
        aspect = "widened"
    else:
        aspect = "changed"
    shown = (sorted(before) if before is not None else None, sorted(after) if after is not None else None)
    return [
        at.finding(
            rule(f"{{side}}-{{thing}}-type-{aspect}"),
            key_if(old, "type"),
            key_if(new, "type"),
            *shown,
            f"type {shown[0] or 'any'} -> {shown[1] or 'any'}",
        )
    ]


def format_findings(old: Schema, new: Schema, at: Where, rule: RuleNamer) -> list[Finding]:
    before, after = old.get("format"), new.get("format")
    if before == after or type_set(old) != type_set(new):  # a type change already says it
        return []
    if after is None or (before, after) in _WIDER_FORMATS:
        aspect = "widened"
    elif before is None or (after, before) in _WIDER_FORMATS:
        aspect = "narrowed"
    else:
        aspect = "changed"
    return [
        at.finding(
            rule(f"{{side}}-{{thing}}-format-{aspect}"),
            key_if(old, "format"),
            key_if(new, "format"),
            before,
            after,
            f"format {before} -> {after}",
        )
    ]


def _values(schema: Schema) -> tuple[str, list[Any]] | None:
    if "const" in schema:
        return "const", [schema["const"]]
    if isinstance(schema.get("enum"), list):
        return "enum", list(schema["enum"])
    return None


def _canon(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def value_findings(old: Schema, new: Schema, at: Where, rule: RuleNamer) -> list[Finding]:
    """enum and const: a one-value enum and a const are the same restriction."""
    before, after = _values(old), _values(new)
    if before is None and after is None:
        return []
    if before is None or after is None:
        key, values = after or before  # type: ignore[misc]
        aspect = "added" if before is None else "removed"
        kind = "const" if key == "const" else "enum"
        return [
            at.finding(
                rule(f"{{side}}-{{thing}}-{kind}-{aspect}"),
                None if before is None else key,
                None if after is None else key,
                None if before is None else values,
                None if after is None else values,
                f"{kind} restriction {aspect}",
            )
        ]
    (old_key, old_values), (new_key, new_values) = before, after
    old_set, new_set = {_canon(v) for v in old_values}, {_canon(v) for v in new_values}
    if old_set == new_set:
        return []
    if len(old_set) == 1 and len(new_set) == 1:
        return [
            at.finding(
                rule("{side}-{thing}-const-changed"),
                old_key,
                new_key,
                old_values[0],
                new_values[0],
                "const value changed",
            )
        ]
    findings = []
    added = [value for value in new_values if _canon(value) not in old_set]
    removed = [value for value in old_values if _canon(value) not in new_set]
    if added:
        findings.append(
            at.finding(
                rule("{side}-{thing}-enum-value-added"),
                old_key,
                new_key,
                None,
                added,
                f"{len(added)} enum value(s) added",
            )
        )
    if removed:
        findings.append(
            at.finding(
                rule("{side}-{thing}-enum-value-removed"),
                old_key,
                new_key,
                removed,
                None,
                f"{len(removed)} enum value(s) removed",
            )
        )
    return findings


def nullable_findings(old: Schema, new: Schema, at: Where, rule: RuleNamer) -> list[Finding]:
    before, after = is_nullable(old), is_nullable(new)
    if before == after:
        return []
    holder = new if after else old  # the schema that says "null", in its own spelling
    key = "nullable" if holder.get("nullable") is True else "type"
    return [
        at.finding(
            rule(f"{{side}}-{{thing}}-nullable-{'added' if after else 'removed'}"),
            key_if(old, key),
            key_if(new, key),
            before,
            after,
            "nullable changed",
        )
    ]


def pattern_findings(old: Schema, new: Schema, at: Where, rule: RuleNamer) -> list[Finding]:
    before, after = old.get("pattern"), new.get("pattern")
    if before == after:
        return []
    aspect = "added" if before is None else "removed" if after is None else "changed"
    return [
        at.finding(
            rule(f"{{side}}-{{thing}}-pattern-{aspect}"),
            key_if(old, "pattern"),
            key_if(new, "pattern"),
            before,
            after,
            f"pattern {before} -> {after}",
        )
    ]


def flag_findings(old: Schema, new: Schema, at: Where, rule: RuleNamer) -> list[Finding]:
    """uniqueItems, readOnly, writeOnly: booleans whose absence means false."""
    findings = []
    for keyword, template in (
        ("uniqueItems", "{side}-{thing}-unique-items"),
        ("readOnly", "{side}-property-read-only"),
        ("writeOnly", "{side}-property-write-only"),
    ):
        before, after = old.get(keyword) is True, new.get(keyword) is True
        if before != after:
            findings.append(
                at.finding(
                    rule(f"{template}-{'added' if after else 'removed'}"),
                    key_if(old, keyword),
                    key_if(new, keyword),
                    before,
                    after,
                    f"{keyword} {before} -> {after}",
                )
            )
    return findings


def default_findings(old: Schema, new: Schema, at: Where, rule: RuleNamer) -> list[Finding]:
    if ("default" in old, old.get("default")) == ("default" in new, new.get("default")):
        return []
    return [
        at.finding(
            rule("{side}-{thing}-default-changed"),
            key_if(old, "default"),
            key_if(new, "default"),
            old.get("default"),
            new.get("default"),
            "default changed",
        )
    ]


def not_findings(old: Schema, new: Schema, at: Where, rule: RuleNamer) -> list[Finding]:
    """`not`: a new exclusion narrows, a dropped one widens, a changed one may do both."""
    before, after = old.get("not"), new.get("not")
    if _canon(before) == _canon(after):
        return []
    aspect = "added" if "not" not in old else "removed" if "not" not in new else "changed"
    return [
        at.finding(
            rule(f"{{side}}-{{thing}}-not-{aspect}"),
            key_if(old, "not"),
            key_if(new, "not"),
            before,
            after,
            f"not {aspect}",
        )
    ]


def openness(value: Any) -> int:
    """additionalProperties: absent, true or {} accept anything (2), a schema some values (1), false none."""
    if value is None or value is True or value == {}:
        return 2
    return 0 if value is False else 1


# What KEYWORD_COMPARISONS read: when these differ but no comparison finds a difference in meaning, the
# schema is spelled differently (a one-value enum as const, 3.0 nullable as a 3.1 type list, ...).
SPELLED_KEYWORDS = frozenset(
    {
        "type",
        "format",
        "enum",
        "const",
        "nullable",
        "maximum",
        "minimum",
        "exclusiveMaximum",
        "exclusiveMinimum",
        "maxLength",
        "minLength",
        "maxItems",
        "minItems",
        "maxProperties",
        "minProperties",
        "pattern",
        "uniqueItems",
        "readOnly",
        "writeOnly",
        "default",
        "multipleOf",
        "not",
    }
)
KEYWORD_COMPARISONS = (
    type_findings,
    format_findings,
    value_findings,
    nullable_findings,
    bound_findings,
    size_findings,
    pattern_findings,
    flag_findings,
    default_findings,
    multiple_of_findings,
    not_findings,
)
