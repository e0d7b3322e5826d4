"""Structural, direction-aware comparison of two schemas.

A schema is compared once per (old location, new location, side, thing); operations that reach it again
reuse the memoised findings, so each change is reported once, at the place it occurs, and the caller
attaches every operation that reaches it.
"""

from collections.abc import Callable
from typing import Any

from ._load import join, resolve
from ._model import Document, Finding
from ._rules import schema_rule_id

_DOC_KEYS = frozenset({"description", "summary", "title", "example", "examples", "externalDocs"})
# For these a bigger value accepts more; for the min-like ones a smaller value does.
_MAX_LIKE = ("maxLength", "maximum", "maxItems", "maxProperties")
_MIN_LIKE = ("minLength", "minimum", "minItems", "minProperties")
_COMPOSITIONS = (
    ("oneOf", "{side}-property-one-of-added", "{side}-property-one-of-removed"),
    ("anyOf", "{side}-property-any-of-added", "{side}-property-any-of-removed"),
    ("allOf", "{side}-property-all-of-added", "{side}-property-all-of-removed"),
)
# additionalProperties: absent/true accepts anything, a schema accepts some values, false accepts none.
_OPENNESS = {"any": 2, "schema": 1, "none": 0}
# Names a rule from its template for the current side: rule(template, thing=current thing).
RuleNamer = Callable[..., str]


def describe(schema: Any) -> str:
    """A short type description used as the old/new value of added or removed things."""
    if not isinstance(schema, dict):
        return repr(schema)
    if isinstance(schema.get("$ref"), str):
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    for keyword in ("oneOf", "anyOf", "allOf"):
        if isinstance(schema.get(keyword), list):
            return f"{keyword}({', '.join(describe(member) for member in schema[keyword])})"
    kind = schema.get("type", "any")
    kind = "|".join(kind) if isinstance(kind, list) else str(kind)
    if kind == "array":
        return f"array of {describe(schema.get('items', {}))}"
    return f"{kind}/{schema['format']}" if "format" in schema else kind


def doc_findings(old: dict[str, Any], new: dict[str, Any], old_ptr: str, new_ptr: str) -> list[Finding]:
    """Prose, examples and vendor extensions: cosmetic, but listed so nothing changes silently."""
    findings = []
    keys = {key for key in (*old, *new) if key in _DOC_KEYS or key.startswith("x-")}
    for key in sorted(keys):
        # HubSpot emits `"example": null` on and off; null and absent mean the same.
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        rule = "extension-changed" if key.startswith("x-") else "documentation-changed"
        document: Document = "old" if after is None else "new"
        pointer = join(old_ptr if after is None else new_ptr, key)
        findings.append(Finding(rule, document, pointer, before, after, f"{key} changed"))
    return findings


def _types(schema: dict[str, Any]) -> tuple[str, ...] | None:
    kind = schema.get("type")
    if kind is None:
        return None
    return tuple(sorted(kind)) if isinstance(kind, list) else (kind,)


def _openness(value: Any) -> str:
    if value is None or value is True:
        return "any"
    return "none" if value is False else "schema"


def _member_keys(members: Any) -> dict[str, int]:
    """Composition members keyed by the schema they reference, or by position when inline."""
    if not isinstance(members, list):
        return {}
    keys = {}
    for index, member in enumerate(members):
        ref = member.get("$ref") if isinstance(member, dict) else None
        keys[ref.rsplit("/", 1)[-1] if isinstance(ref, str) else f"#{index}"] = index
    return keys


class SchemaComparer:
    def __init__(self, old_doc: dict[str, Any], new_doc: dict[str, Any]) -> None:
        self.old_doc = old_doc
        self.new_doc = new_doc
        self._memo: dict[tuple[str, str, str, str], list[Finding]] = {}
        self._active: set[tuple[str, str, str, str]] = set()

    def compare(self, old: Any, new: Any, old_ptr: str, new_ptr: str, side: str, thing: str) -> list[Finding]:
        """`side` is request or response; `thing` is property, parameter or header (names the rules)."""
        old, old_ptr = resolve(self.old_doc, old, old_ptr)
        new, new_ptr = resolve(self.new_doc, new, new_ptr)
        key = (old_ptr, new_ptr, side, thing)
        if key in self._memo:
            return self._memo[key]
        if key in self._active:  # a recursive schema: this pair is already being compared further up
            return []
        self._active.add(key)
        try:
            findings = self._compare_resolved(old, new, old_ptr, new_ptr, side, thing)
        finally:
            self._active.discard(key)
        self._memo[key] = findings
        return findings

    def _compare_resolved(
        self, old: Any, new: Any, old_ptr: str, new_ptr: str, side: str, thing: str
    ) -> list[Finding]:
        if not isinstance(old, dict) or not isinstance(new, dict):
            if old == new:
                return []
            replaced = schema_rule_id("{side}-{thing}-type-changed", side, thing)
            return [Finding(replaced, "new", new_ptr, describe(old), describe(new), "schema replaced")]

        def rule(template: str, as_thing: str = thing) -> str:
            return schema_rule_id(template, side, as_thing)

        findings = self._scalar_findings(old, new, old_ptr, new_ptr, rule)
        findings += doc_findings(old, new, old_ptr, new_ptr)
        findings += self._property_findings(old, new, old_ptr, new_ptr, side, rule)
        if isinstance(old.get("items"), dict) and isinstance(new.get("items"), dict):
            # Items of a parameter are still that parameter's values: keep `thing`.
            findings += self.compare(
                old["items"], new["items"], join(old_ptr, "items"), join(new_ptr, "items"), side, thing
            )
        findings += self._additional_findings(old, new, old_ptr, new_ptr, side, rule)
        for keyword, added_rule, removed_rule in _COMPOSITIONS:
            findings += self._composition_findings(
                keyword,
                old,
                new,
                old_ptr,
                new_ptr,
                side,
                thing,
                rule(added_rule, "property"),
                rule(removed_rule, "property"),
            )
        return findings

    @staticmethod
    def _scalar_findings(
        old: dict[str, Any], new: dict[str, Any], old_ptr: str, new_ptr: str, rule: RuleNamer
    ) -> list[Finding]:
        findings = []
        old_types, new_types = _types(old), _types(new)
        type_changed = old_types is not None and new_types is not None and old_types != new_types
        if type_changed:
            findings.append(
                Finding(
                    rule("{side}-{thing}-type-changed"),
                    "new",
                    join(new_ptr, "type"),
                    describe(old),
                    describe(new),
                    f"type {describe(old)} -> {describe(new)}",
                )
            )
        # A type flip usually drags the format along; the type change already says it.
        if not type_changed and old.get("format") != new.get("format"):
            findings.append(
                Finding(
                    rule("{side}-{thing}-format-changed"),
                    "new",
                    join(new_ptr, "format"),
                    old.get("format"),
                    new.get("format"),
                    f"format {old.get('format')} -> {new.get('format')}",
                )
            )
        old_enum, new_enum = old.get("enum"), new.get("enum")
        if isinstance(old_enum, list) and isinstance(new_enum, list):
            added = [value for value in new_enum if value not in old_enum]
            removed = [value for value in old_enum if value not in new_enum]
            if added:
                findings.append(
                    Finding(
                        rule("{side}-{thing}-enum-value-added"),
                        "new",
                        join(new_ptr, "enum"),
                        None,
                        added,
                        f"{len(added)} enum value(s) added",
                    )
                )
            if removed:
                findings.append(
                    Finding(
                        rule("{side}-{thing}-enum-value-removed"),
                        "new",
                        join(new_ptr, "enum"),
                        removed,
                        None,
                        f"{len(removed)} enum value(s) removed",
                    )
                )
        elif isinstance(new_enum, list) and old_enum is None:
            findings.append(
                Finding(
                    rule("{side}-{thing}-constraint-tightened"),
                    "new",
                    join(new_ptr, "enum"),
                    None,
                    new_enum,
                    "values restricted to an enum",
                )
            )
        elif isinstance(old_enum, list) and new_enum is None:
            findings.append(
                Finding(
                    rule("{side}-{thing}-constraint-loosened"),
                    "old",
                    join(old_ptr, "enum"),
                    old_enum,
                    None,
                    "enum restriction dropped",
                )
            )
        if bool(old.get("nullable")) != bool(new.get("nullable")):
            template = (
                "{side}-{thing}-nullable-added" if new.get("nullable") else "{side}-{thing}-nullable-removed"
            )
            findings.append(
                Finding(
                    rule(template),
                    "new",
                    join(new_ptr, "nullable"),
                    old.get("nullable"),
                    new.get("nullable"),
                    "nullable changed",
                )
            )
        findings += _constraint_findings(old, new, old_ptr, new_ptr, rule)
        if old.get("default") != new.get("default"):
            findings.append(
                Finding(
                    rule("{side}-{thing}-default-changed"),
                    "new",
                    join(new_ptr, "default"),
                    old.get("default"),
                    new.get("default"),
                    "default changed",
                )
            )
        return findings

    def _property_findings(
        self, old: dict[str, Any], new: dict[str, Any], old_ptr: str, new_ptr: str, side: str, rule: RuleNamer
    ) -> list[Finding]:
        old_props, new_props = old.get("properties") or {}, new.get("properties") or {}
        old_required, new_required = set(old.get("required") or ()), set(new.get("required") or ())
        findings = []
        for name in old_props.keys() - new_props.keys():
            findings.append(
                Finding(
                    rule("{side}-property-removed", "property"),
                    "old",
                    join(old_ptr, "properties", name),
                    describe(old_props[name]),
                    None,
                    f"property '{name}' removed",
                )
            )
        for name in new_props.keys() - old_props.keys():
            required = name in new_required
            template = "new-required-{side}-property" if required else "{side}-property-added"
            findings.append(
                Finding(
                    rule(template, "property"),
                    "new",
                    join(new_ptr, "properties", name),
                    None,
                    describe(new_props[name]),
                    f"{'required' if required else 'optional'} property '{name}' added",
                )
            )
        for name in sorted(old_props.keys() & new_props.keys()):
            old_sub, new_sub = join(old_ptr, "properties", name), join(new_ptr, "properties", name)
            if (name in old_required) != (name in new_required):
                became = "required" if name in new_required else "optional"
                findings.append(
                    Finding(
                        rule(f"{{side}}-property-became-{became}", "property"),
                        "new",
                        new_sub,
                        "optional" if became == "required" else "required",
                        became,
                        f"property '{name}' became {became}",
                    )
                )
            findings += self.compare(old_props[name], new_props[name], old_sub, new_sub, side, "property")
        return findings

    def _additional_findings(
        self, old: dict[str, Any], new: dict[str, Any], old_ptr: str, new_ptr: str, side: str, rule: RuleNamer
    ) -> list[Finding]:
        before, after = old.get("additionalProperties"), new.get("additionalProperties")
        if isinstance(before, dict) and isinstance(after, dict):
            return self.compare(
                before,
                after,
                join(old_ptr, "additionalProperties"),
                join(new_ptr, "additionalProperties"),
                side,
                "property",
            )
        widths = _OPENNESS[_openness(before)], _OPENNESS[_openness(after)]
        if widths[0] == widths[1]:
            return []
        template = (
            "{side}-{thing}-constraint-loosened"
            if widths[1] > widths[0]
            else "{side}-{thing}-constraint-tightened"
        )
        return [
            Finding(
                rule(template, "property"),
                "new",
                join(new_ptr, "additionalProperties"),
                describe(before) if before is not None else None,
                describe(after) if after is not None else None,
                "additionalProperties changed",
            )
        ]

    def _composition_findings(
        self,
        keyword: str,
        old: dict[str, Any],
        new: dict[str, Any],
        old_ptr: str,
        new_ptr: str,
        side: str,
        thing: str,
        added_rule: str,
        removed_rule: str,
    ) -> list[Finding]:
        old_members, new_members = _member_keys(old.get(keyword)), _member_keys(new.get(keyword))
        findings = []
        for key, index in old_members.items():
            if key not in new_members:
                findings.append(
                    Finding(
                        removed_rule,
                        "old",
                        join(old_ptr, keyword, index),
                        key,
                        None,
                        f"{keyword} member {key} removed",
                    )
                )
        for key, index in new_members.items():
            if key not in old_members:
                findings.append(
                    Finding(
                        added_rule,
                        "new",
                        join(new_ptr, keyword, index),
                        None,
                        key,
                        f"{keyword} member {key} added",
                    )
                )
            else:
                old_index = old_members[key]
                findings += self.compare(
                    old[keyword][old_index],
                    new[keyword][index],
                    join(old_ptr, keyword, old_index),
                    join(new_ptr, keyword, index),
                    side,
                    thing,
                )
        return findings


def _constraint_findings(
    old: dict[str, Any], new: dict[str, Any], old_ptr: str, new_ptr: str, rule: RuleNamer
) -> list[Finding]:
    findings = []
    for key in (*_MAX_LIKE, *_MIN_LIKE, "pattern"):
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        if key == "pattern":
            tightened = after is not None  # a new or different pattern may reject what passed before
        elif key in _MAX_LIKE:
            tightened = before is None or (after is not None and after < before)
        else:
            tightened = after is not None and (before is None or after > before)
        template = (
            "{side}-{thing}-constraint-tightened" if tightened else "{side}-{thing}-constraint-loosened"
        )
        document: Document = "old" if after is None else "new"
        pointer = join(old_ptr if after is None else new_ptr, key)
        findings.append(
            Finding(rule(template), document, pointer, before, after, f"{key} {before} -> {after}")
        )
    return findings
