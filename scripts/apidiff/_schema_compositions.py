"""oneOf / anyOf / allOf: a composition appearing or vanishing as a whole, and members matched across documents.

Members are matched by meaning, never by position: `$ref` members by the schema they name, inline members
first by equal content, then the rest pairwise by fewest differences. A pure reorder is a spelling change
(the order of a union's members does not change which values it accepts).
"""

import json
from collections.abc import Callable
from typing import Any, Protocol

from ._load import join
from ._model import Finding
from ._where import RuleNamer, place

COMPOSITIONS = (("oneOf", "one-of"), ("anyOf", "any-of"), ("allOf", "all-of"))
DOC_KEYS = frozenset({"description", "summary", "title", "example", "examples", "externalDocs"})
# Keywords that do not restrict values: a schema holding only these and one composition is a wrapper.
_WRAPPER_KEYS = frozenset({"discriminator", "deprecated"})


class _Compare(Protocol):
    def __call__(
        self, old: Any, new: Any, old_ptr: str, new_ptr: str, side: str, thing: str
    ) -> list[Finding]: ...


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


def sole_composition(schema: dict[str, Any]) -> str | None:
    """The composition keyword of a schema that is only a oneOf/anyOf/allOf wrapper, else None."""
    keywords = [keyword for keyword, _ in COMPOSITIONS if isinstance(schema.get(keyword), list)]
    if len(keywords) != 1:
        return None
    rest = {key for key in schema if key not in DOC_KEYS and not key.startswith("x-")}
    return keywords[0] if rest - _WRAPPER_KEYS == {keywords[0]} else None


def has_composition(schema: dict[str, Any]) -> bool:
    return any(isinstance(schema.get(keyword), list) for keyword, _ in COMPOSITIONS)


def _ref_name(member: Any) -> str | None:
    ref = member.get("$ref") if isinstance(member, dict) else None
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None


def _label(member: Any, index: int) -> str:
    return _ref_name(member) or f"#{index}"


def _canonical(member: Any) -> str:
    return json.dumps(member, sort_keys=True)


def match_members(
    old: list[Any], new: list[Any], differences: Callable[[int, int], int]
) -> list[tuple[int, int]]:
    """Pairs (old index, new index): $ref by name, inline by equal content, then by fewest differences."""
    pairs: list[tuple[int, int]] = []
    old_free = [i for i in range(len(old))]
    new_free = [j for j in range(len(new))]

    def take(i: int, j: int) -> None:
        pairs.append((i, j))
        old_free.remove(i)
        new_free.remove(j)

    for i, member in enumerate(old):
        name = _ref_name(member)
        if name is None:
            continue
        j = next((j for j in new_free if _ref_name(new[j]) == name), None)
        if j is not None:
            take(i, j)
    for i in [i for i in old_free if _ref_name(old[i]) is None]:
        j = next(
            (j for j in new_free if _ref_name(new[j]) is None and _canonical(new[j]) == _canonical(old[i])),
            None,
        )
        if j is not None:
            take(i, j)
    inline_old = [i for i in old_free if _ref_name(old[i]) is None]
    inline_new = [j for j in new_free if _ref_name(new[j]) is None]
    scored = sorted((differences(i, j), i, j) for i in inline_old for j in inline_new)
    for _score, i, j in scored:
        if i in old_free and j in new_free:
            take(i, j)
    return sorted(pairs)


class CompositionComparer:
    """The composition half of SchemaComparer (mixed in: it calls back into `compare`)."""

    compare: _Compare

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
        appeared, vanished = sole_composition(new), sole_composition(old)
        if appeared and not has_composition(old):
            keyword, members, members_ptr = appeared, new[appeared], join(new_ptr, appeared)
            best, index = self._best_member(old, old_ptr, members, members_ptr, side, thing, as_old=False)
            aspect = dict(COMPOSITIONS)[keyword]
            head = Finding(
                rule(f"{{side}}-{{thing}}-{aspect}-added"),
                "new",
                members_ptr,
                describe(old),
                describe(new),
                f"became {keyword} of {len(members)} (old schema is member {index})",
            )
            return [head, *best]
        if vanished and not has_composition(new):
            keyword, members, members_ptr = vanished, old[vanished], join(old_ptr, vanished)
            best, index = self._best_member(new, new_ptr, members, members_ptr, side, thing, as_old=True)
            aspect = dict(COMPOSITIONS)[keyword]
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
        old_members: list[Any] = old[keyword] if isinstance(old.get(keyword), list) else []
        new_members: list[Any] = new[keyword] if isinstance(new.get(keyword), list) else []
        old_base, new_base = join(old_ptr, keyword), join(new_ptr, keyword)

        def pair_findings(i: int, j: int) -> list[Finding]:
            return self.compare(
                old_members[i], new_members[j], join(old_base, i), join(new_base, j), side, thing
            )

        pairs = match_members(old_members, new_members, lambda i, j: len(pair_findings(i, j)))
        findings = []
        for i in sorted(set(range(len(old_members))) - {i for i, _ in pairs}):
            label = _label(old_members[i], i)
            findings.append(
                Finding(
                    rule(f"{{side}}-{{thing}}-{aspect}-member-removed"),
                    "old",
                    join(old_base, i),
                    label,
                    None,
                    f"{keyword} member {label} removed",
                )
            )
        for j in sorted(set(range(len(new_members))) - {j for _, j in pairs}):
            label = _label(new_members[j], j)
            findings.append(
                Finding(
                    rule(f"{{side}}-{{thing}}-{aspect}-member-added"),
                    "new",
                    join(new_base, j),
                    None,
                    label,
                    f"{keyword} member {label} added",
                )
            )
        for i, j in pairs:
            findings += pair_findings(i, j)
        new_order = [j for _, j in pairs]
        if new_order != sorted(new_order):
            document, pointer = place(old_base, new_base)
            findings.append(
                Finding(
                    "schema-spelling-changed",
                    document,
                    pointer,
                    [_label(old_members[i], i) for i, _ in pairs],
                    [_label(new_members[j], j) for _, j in sorted(pairs, key=lambda p: p[1])],
                    f"{keyword} members reordered",
                )
            )
        return findings
