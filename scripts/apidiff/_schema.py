"""Structural, direction-aware comparison of two schemas.

A schema is compared once per (old location, new location, side, thing); operations that reach it again
reuse the memoised findings, so each change is reported once, at the place it occurs, and the caller
attaches every operation that reaches it. Keyword-by-keyword comparison is in _keywords.py.
"""

from typing import Any

from ._keywords import KEYWORD_COMPARISONS, SPELLED_KEYWORDS, RuleNamer, Where, openness, place, type_set
from ._load import join, resolve
from ._model import Document, Finding
from ._rules import schema_rule_id
from ._schema_compositions import COMPOSITIONS, DOC_KEYS, CompositionComparer, describe

__all__ = ["SchemaComparer", "describe", "doc_findings", "leftover_findings"]

# Annotations: they change no value a schema accepts, and the generator ignores them.
_ANNOTATIONS = frozenset({"deprecated", "xml", "$comment", "$schema", "$id", "$anchor"})
# Every keyword a comparison below reads; any other keyword that differs is reported on its own.
_COMPARED = (
    SPELLED_KEYWORDS
    | DOC_KEYS
    | _ANNOTATIONS
    | {
        "$ref",
        "properties",
        "required",
        "items",
        "additionalProperties",
        *(keyword for keyword, _ in COMPOSITIONS),
    }
)


def doc_findings(
    old: dict[str, Any],
    new: dict[str, Any],
    old_ptr: str,
    new_ptr: str,
    annotations: frozenset[str] = frozenset(),
) -> list[Finding]:
    """Prose, examples and vendor extensions: cosmetic, but listed so nothing changes silently."""
    findings = []
    keys = {key for key in (*old, *new) if key in DOC_KEYS | annotations or key.startswith("x-")}
    for key in sorted(keys):
        # HubSpot emits `"example": null` on and off; null and absent mean the same.
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        rule = "extension-changed" if key.startswith("x-") else "documentation-changed"
        document: Document
        if after is None:
            document, pointer = "old", join(old_ptr, key)
        elif before is None:
            document, pointer = "new", join(new_ptr, key)
        else:
            document, pointer = place(join(old_ptr, key), join(new_ptr, key))
        findings.append(Finding(rule, document, pointer, before, after, f"{key} changed"))
    return findings


def leftover_findings(
    old: dict[str, Any], new: dict[str, Any], where: Where, compared: frozenset[str], rule: str
) -> list[Finding]:
    """Each key no comparison reads whose value differs, at its own pointer (never hidden by others)."""
    findings = []
    for key in sorted(old.keys() | new.keys()):
        if key in compared or key.startswith("x-"):
            continue
        if (key in old, old.get(key)) != (key in new, new.get(key)):
            findings.append(
                where.finding(
                    rule,
                    key if key in old else None,
                    key if key in new else None,
                    old.get(key),
                    new.get(key),
                    f"{key} changed; no rule classifies it",
                )
            )
    return findings


def _spelled(schema: dict[str, Any]) -> dict[str, Any]:
    spelled = {key: schema[key] for key in sorted(SPELLED_KEYWORDS & schema.keys())}
    if schema.get("additionalProperties") is True:  # true and absent mean the same; the rest is compared
        spelled["additionalProperties"] = schema["additionalProperties"]
    return spelled


class SchemaComparer(CompositionComparer):
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
            document, pointer = place(old_ptr, new_ptr)
            return [Finding(replaced, document, pointer, describe(old), describe(new), "schema replaced")]

        def rule(template: str, as_thing: str = thing) -> str:
            return schema_rule_id(template, side, as_thing)

        findings = doc_findings(old, new, old_ptr, new_ptr, _ANNOTATIONS)
        wrapped = self._wrapper_findings(old, new, old_ptr, new_ptr, side, thing, rule)
        if wrapped is not None:
            return findings + wrapped
        where = Where(old_ptr, new_ptr)
        keyword_findings = [
            f for comparison in KEYWORD_COMPARISONS for f in comparison(old, new, where, rule)
        ]
        if not keyword_findings and _spelled(old) != _spelled(new):
            document, pointer = place(old_ptr, new_ptr)
            keyword_findings.append(
                Finding(
                    "schema-spelling-changed",
                    document,
                    pointer,
                    _spelled(old),
                    _spelled(new),
                    "same constraints, spelled differently",
                )
            )
        findings += keyword_findings
        findings += self._property_findings(old, new, old_ptr, new_ptr, side, rule)
        findings += self._items_findings(old, new, where, side, thing, rule)
        findings += self._additional_findings(old, new, where, side, rule)
        for keyword, aspect in COMPOSITIONS:
            findings += self._member_findings(keyword, aspect, old, new, old_ptr, new_ptr, side, thing, rule)
        findings += leftover_findings(
            old, new, where, _COMPARED, rule("{side}-{thing}-unclassified-keyword-changed")
        )
        return findings

    def _items_findings(
        self, old: dict[str, Any], new: dict[str, Any], where: Where, side: str, thing: str, rule: RuleNamer
    ) -> list[Finding]:
        """Absent items accept anything: compared as `{}`, so items appearing (or going) is a narrowing
        (or widening) of the array, unless the type changed too (that change already says it)."""
        before, after = old.get("items"), new.get("items")
        if before is None and after is None:
            return []
        if not isinstance(before or {}, dict) or not isinstance(after or {}, dict):
            rule_id = rule("{side}-{thing}-unclassified-keyword-changed")
            return [where.finding(rule_id, "items", "items", before, after, "items changed shape")]
        if (before is None or after is None) and type_set(old) != type_set(new):
            return []
        # Items of a parameter are still that parameter's values: keep `thing`.
        return self.compare(
            before or {}, after or {}, join(where.old_ptr, "items"), join(where.new_ptr, "items"), side, thing
        )

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
                document, pointer = place(old_sub, new_sub)
                findings.append(
                    Finding(
                        rule(f"{{side}}-property-became-{became}", "property"),
                        document,
                        pointer,
                        "optional" if became == "required" else "required",
                        became,
                        f"property '{name}' became {became}",
                    )
                )
            findings += self.compare(old_props[name], new_props[name], old_sub, new_sub, side, "property")
        # `required` may name a property declared elsewhere (another allOf member) or not at all.
        where = Where(old_ptr, new_ptr)
        for name in sorted((old_required ^ new_required) - old_props.keys() - new_props.keys()):
            became = "required" if name in new_required else "optional"
            findings.append(
                where.finding(
                    rule(f"{{side}}-property-became-{became}", "property"),
                    "required" if "required" in old else None,
                    "required" if "required" in new else None,
                    "optional" if became == "required" else "required",
                    became,
                    f"undeclared property '{name}' became {became}",
                )
            )
        return findings

    def _additional_findings(
        self, old: dict[str, Any], new: dict[str, Any], where: Where, side: str, rule: RuleNamer
    ) -> list[Finding]:
        key = "additionalProperties"
        before, after = old.get(key), new.get(key)
        widths = openness(before), openness(after)
        if widths == (1, 1):
            return self.compare(
                before, after, join(where.old_ptr, key), join(where.new_ptr, key), side, "property"
            )
        if widths[0] == widths[1]:
            return []
        aspect = "widened" if widths[1] > widths[0] else "narrowed"
        return [
            where.finding(
                rule(f"{{side}}-{{thing}}-additional-properties-{aspect}"),
                key if key in old else None,
                key if key in new else None,
                describe(before) if before is not None else None,
                describe(after) if after is not None else None,
                "additionalProperties changed",
            )
        ]
