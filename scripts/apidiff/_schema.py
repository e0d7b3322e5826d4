"""Structural, direction-aware comparison of two schemas.

A schema is compared once per (old location, new location, side, thing); operations that reach it again
reuse the memoised findings, so each change is reported once, at the place it occurs, and the caller
attaches every operation that reaches it. Keyword-by-keyword comparison is in _keywords.py.
"""

from typing import Any

from ._keywords import KEYWORD_COMPARISONS, SPELLED_KEYWORDS, RuleNamer, Where, openness, place
from ._load import join, resolve
from ._model import Document, Finding
from ._rules import schema_rule_id

_DOC_KEYS = frozenset({"description", "summary", "title", "example", "examples", "externalDocs"})
_COMPOSITIONS = (("oneOf", "one-of"), ("anyOf", "any-of"), ("allOf", "all-of"))
# Keywords that do not restrict values: a schema holding only these and one composition is a wrapper.
_WRAPPER_KEYS = frozenset({"discriminator", "deprecated"})


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
        document: Document
        if after is None:
            document, pointer = "old", join(old_ptr, key)
        elif before is None:
            document, pointer = "new", join(new_ptr, key)
        else:
            document, pointer = place(join(old_ptr, key), join(new_ptr, key))
        findings.append(Finding(rule, document, pointer, before, after, f"{key} changed"))
    return findings


def _member_keys(members: Any) -> dict[str, int]:
    """Composition members keyed by the schema they reference, or by position when inline."""
    if not isinstance(members, list):
        return {}
    keys = {}
    for index, member in enumerate(members):
        ref = member.get("$ref") if isinstance(member, dict) else None
        keys[ref.rsplit("/", 1)[-1] if isinstance(ref, str) else f"#{index}"] = index
    return keys


def _spelled(schema: dict[str, Any]) -> dict[str, Any]:
    spelled = {key: schema[key] for key in sorted(SPELLED_KEYWORDS & schema.keys())}
    if schema.get("additionalProperties") is True:  # true and absent mean the same; the rest is compared
        spelled["additionalProperties"] = schema["additionalProperties"]
    return spelled


def _sole_composition(schema: dict[str, Any]) -> str | None:
    """The composition keyword of a schema that is only a oneOf/anyOf/allOf wrapper, else None."""
    keywords = [keyword for keyword, _ in _COMPOSITIONS if isinstance(schema.get(keyword), list)]
    if len(keywords) != 1:
        return None
    rest = {key for key in schema if key not in _DOC_KEYS and not key.startswith("x-")}
    return keywords[0] if rest - _WRAPPER_KEYS == {keywords[0]} else None


def _has_composition(schema: dict[str, Any]) -> bool:
    return any(isinstance(schema.get(keyword), list) for keyword, _ in _COMPOSITIONS)


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
            document, pointer = place(old_ptr, new_ptr)
            return [Finding(replaced, document, pointer, describe(old), describe(new), "schema replaced")]

        def rule(template: str, as_thing: str = thing) -> str:
            return schema_rule_id(template, side, as_thing)

        findings = doc_findings(old, new, old_ptr, new_ptr)
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
        if isinstance(old.get("items"), dict) and isinstance(new.get("items"), dict):
            # Items of a parameter are still that parameter's values: keep `thing`.
            findings += self.compare(
                old["items"], new["items"], join(old_ptr, "items"), join(new_ptr, "items"), side, thing
            )
        findings += self._additional_findings(old, new, where, side, rule)
        for keyword, aspect in _COMPOSITIONS:
            findings += self._member_findings(keyword, aspect, old, new, old_ptr, new_ptr, side, thing, rule)
        return findings

    def _wrapper_findings(
        self,
        old: dict[str, Any],
        new: dict[str, Any],
        old_ptr: str,
        new_ptr: str,
        side: str,
        thing: str,
        rule: RuleNamer,
    ) -> list[Finding] | None:
        """A schema that became (or stopped being) a oneOf/anyOf/allOf of itself and others: one change for
        the composition as a whole, then the old schema against the member that matches it best."""
        appeared, vanished = _sole_composition(new), _sole_composition(old)
        if appeared and not _has_composition(old):
            keyword, members, members_ptr = appeared, new[appeared], join(new_ptr, appeared)
            best, index = self._best_member(old, old_ptr, members, members_ptr, side, thing, as_old=False)
            aspect = dict(_COMPOSITIONS)[keyword]
            head = Finding(
                rule(f"{{side}}-{{thing}}-{aspect}-added"),
                "new",
                members_ptr,
                describe(old),
                describe(new),
                f"became {keyword} of {len(members)} (old schema is member {index})",
            )
            return [head, *best]
        if vanished and not _has_composition(new):
            keyword, members, members_ptr = vanished, old[vanished], join(old_ptr, vanished)
            best, index = self._best_member(new, new_ptr, members, members_ptr, side, thing, as_old=True)
            aspect = dict(_COMPOSITIONS)[keyword]
            head = Finding(
                rule(f"{{side}}-{{thing}}-{aspect}-removed"),
                "old",
                members_ptr,
                describe(old),
                describe(new),
                f"{keyword} of {len(members)} became its member {index}",
            )
            return [head, *best]
        return None

    def _best_member(
        self,
        plain: dict[str, Any],
        plain_ptr: str,
        members: list[Any],
        members_ptr: str,
        side: str,
        thing: str,
        *,
        as_old: bool,
    ) -> tuple[list[Finding], int]:
        """The member closest to `plain` (fewest differences) and the differences between them."""
        best: tuple[list[Finding], int] | None = None
        for index, member in enumerate(members):
            member_ptr = join(members_ptr, index)
            if as_old:
                found = self.compare(member, plain, member_ptr, plain_ptr, side, thing)
            else:
                found = self.compare(plain, member, plain_ptr, member_ptr, side, thing)
            if best is None or len(found) < len(best[0]):
                best = (found, index)
        return best or ([], 0)

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

    def _member_findings(
        self,
        keyword: str,
        aspect: str,
        old: dict[str, Any],
        new: dict[str, Any],
        old_ptr: str,
        new_ptr: str,
        side: str,
        thing: str,
        rule: RuleNamer,
    ) -> list[Finding]:
        old_members, new_members = _member_keys(old.get(keyword)), _member_keys(new.get(keyword))
        findings = []
        for key, index in old_members.items():
            if key not in new_members:
                findings.append(
                    Finding(
                        rule(f"{{side}}-{{thing}}-{aspect}-member-removed"),
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
                        rule(f"{{side}}-{{thing}}-{aspect}-member-added"),
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
