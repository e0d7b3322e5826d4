"""Bounds: minimum/maximum (3.0 and 3.1 exclusive spellings), min/max length, items, properties, multipleOf."""

from collections.abc import Callable
from fractions import Fraction
from typing import Any

from ._model import Finding
from ._where import RuleNamer, Schema, Where, key_if

# For max-like keywords absent means unbounded; for min-like ones absent means 0.
_MAX_LIKE = (("maxLength", "max-length"), ("maxItems", "max-items"), ("maxProperties", "max-properties"))
_MIN_LIKE = (("minLength", "min-length"), ("minItems", "min-items"), ("minProperties", "min-properties"))

# A bound as (value, exclusive); the tighter of two spellings wins.
Bound = tuple[float, bool]


def _upper(schema: Schema) -> tuple[Bound, str] | None:
    candidates = []
    exclusive = schema.get("exclusiveMaximum")
    if isinstance(schema.get("maximum"), int | float):
        candidates.append(((schema["maximum"], exclusive is True), "maximum"))
    if isinstance(exclusive, int | float) and not isinstance(exclusive, bool):  # 3.1 spelling
        candidates.append(((exclusive, True), "exclusiveMaximum"))
    return min(candidates, key=lambda c: (c[0][0], not c[0][1])) if candidates else None


def _lower(schema: Schema) -> tuple[Bound, str] | None:
    candidates = []
    exclusive = schema.get("exclusiveMinimum")
    if isinstance(schema.get("minimum"), int | float):
        candidates.append(((schema["minimum"], exclusive is True), "minimum"))
    if isinstance(exclusive, int | float) and not isinstance(exclusive, bool):
        candidates.append(((exclusive, True), "exclusiveMinimum"))
    return max(candidates, key=lambda c: (c[0][0], c[0][1])) if candidates else None


def _bound_finding(
    aspect: str,
    before: tuple[Bound, str] | None,
    after: tuple[Bound, str] | None,
    tighter: Callable[[Bound, Bound], bool],
    at: Where,
    rule: RuleNamer,
) -> list[Finding]:
    if (before and before[0]) == (after and after[0]):
        return []
    narrowed = before is None or (after is not None and tighter(after[0], before[0]))
    old_shown, new_shown = (
        None if b is None else {"value": b[0][0], "exclusive": b[0][1]} for b in (before, after)
    )
    return [
        at.finding(
            rule(f"{{side}}-{{thing}}-{aspect}-{'narrowed' if narrowed else 'widened'}"),
            before[1] if before else None,
            after[1] if after else None,
            old_shown,
            new_shown,
            f"{aspect} {old_shown} -> {new_shown}",
        )
    ]


def bound_findings(old: Schema, new: Schema, at: Where, rule: RuleNamer) -> list[Finding]:
    def lower_is_tighter(a: Bound, b: Bound) -> bool:
        return (a[0], a[1]) > (b[0], b[1])

    def upper_is_tighter(a: Bound, b: Bound) -> bool:
        return (a[0], not a[1]) < (b[0], not b[1])

    return [
        *_bound_finding("maximum", _upper(old), _upper(new), upper_is_tighter, at, rule),
        *_bound_finding("minimum", _lower(old), _lower(new), lower_is_tighter, at, rule),
    ]


def size_findings(old: Schema, new: Schema, at: Where, rule: RuleNamer) -> list[Finding]:
    findings = []
    for keyword, aspect in (*_MAX_LIKE, *_MIN_LIKE):
        is_max = (keyword, aspect) in _MAX_LIKE
        before: Any = old.get(keyword)
        after: Any = new.get(keyword)
        if not is_max:  # minLength 0 and no minLength are the same
            before, after = before or 0, after or 0
        if before == after:
            continue
        if is_max:
            narrowed = before is None or (after is not None and after < before)
        else:
            narrowed = bool(after > before)
        findings.append(
            at.finding(
                rule(f"{{side}}-{{thing}}-{aspect}-{'narrowed' if narrowed else 'widened'}"),
                key_if(old, keyword),
                key_if(new, keyword),
                old.get(keyword),
                new.get(keyword),
                f"{keyword} {old.get(keyword)} -> {new.get(keyword)}",
            )
        )
    return findings


def _is_multiple(value: Any, of: Any) -> bool:
    quotient = Fraction(str(value)) / Fraction(str(of))
    return quotient.denominator == 1


def multiple_of_findings(old: Schema, new: Schema, at: Where, rule: RuleNamer) -> list[Finding]:
    """multipleOf: a new one, or one whose values are not all multiples of the old one, narrows."""
    before, after = old.get("multipleOf"), new.get("multipleOf")
    if before == after or not all(isinstance(v, int | float) or v is None for v in (before, after)):
        return []
    if before is None or (after is not None and _is_multiple(after, before)):
        aspect = "narrowed"
    elif after is None or _is_multiple(before, after):
        aspect = "widened"
    else:
        aspect = "changed"
    return [
        at.finding(
            rule(f"{{side}}-{{thing}}-multiple-of-{aspect}"),
            key_if(old, "multipleOf"),
            key_if(new, "multipleOf"),
            before,
            after,
            f"multipleOf {before} -> {after}",
        )
    ]
