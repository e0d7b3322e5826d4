"""Symmetry over every real pair in ../shared: what one direction reports, the other reports at the same place.

The pairs are read at run time: consecutive publications of history-2026-03/, the last one against the
current 2026-03 document, and every pair of API versions. Never a hard-coded count.
"""

import re
from collections import Counter
from itertools import combinations, pairwise
from pathlib import Path

import pytest

from scripts.apidiff import Level, diff_specs, load_spec
from scripts.ci_api_diff import Acceptance
from tests.support.paths import HISTORY, SPECS

VERSIONS = sorted(SPECS.glob("*.json"))
PAIRS = [*pairwise(HISTORY), *([(HISTORY[-1], SPECS / "2026-03.json")] if HISTORY else [])]
PAIRS += list(combinations(VERSIONS, 2))
_OPPOSITES = (
    ("added", "removed"),
    ("became-required", "became-optional"),
    ("narrowed", "widened"),
    ("deprecated", "undeprecated"),
)


def mirror(rule: str) -> str:
    """The rule the reverse diff gives for the same change (a changed type is its own mirror)."""
    if re.fullmatch(r"new-required-(request|response)-property", rule):
        return rule.replace("new-required-", "").replace("-property", "-property-removed")
    for one, other in _OPPOSITES:
        if rule.endswith(f"-{one}"):
            return rule[: -len(one)] + other
        if rule.endswith(f"-{other}"):
            return rule[: -len(other)] + one
    return rule


@pytest.mark.parametrize(("a", "b"), PAIRS, ids=[f"{a.stem}..{b.stem}" for a, b in PAIRS])
def test_every_change_has_its_mirror_at_the_same_pointer(a: Path, b: Path) -> None:
    old, new = load_spec(str(a)), load_spec(str(b))
    forward, backward = diff_specs(old, new), diff_specs(new, old)
    backward_places = {(c.rule, c.pointer) for c in backward}
    for change in forward:
        if change.rule in ("formatting-changed", "unclassified-change"):
            continue
        assert (mirror(change.rule), change.pointer) in backward_places, (change.rule, change.pointer)
    # Breaking one way: the other way names the same pointer, so the review (and an acceptance) carries.
    forward_breaking = {c.pointer for c in forward if c.level is Level.BREAKING}
    assert forward_breaking <= {c.pointer for c in backward}


@pytest.mark.parametrize(("a", "b"), PAIRS, ids=[f"{a.stem}..{b.stem}" for a, b in PAIRS])
def test_acceptances_by_rule_and_pointer_carry_across_a_revert(a: Path, b: Path) -> None:
    """A change breaking both ways is accepted once: its revert has the same rule and pointer."""
    old, new = load_spec(str(a)), load_spec(str(b))
    forward, backward = diff_specs(old, new), diff_specs(new, old)
    accepted = [
        Acceptance("spec", "reviewed", c.rule, c.pointer) for c in forward if c.level is Level.BREAKING
    ]
    for change in backward:
        if change.level is Level.BREAKING and mirror(change.rule) == change.rule:
            assert any(acceptance.covers("spec", change, "") for acceptance in accepted), change


def test_the_pairs_come_from_the_shared_folder() -> None:
    assert len(PAIRS) >= len(HISTORY) - 1 + len(VERSIONS) * (len(VERSIONS) - 1) // 2
    assert Counter(p.suffix for pair in PAIRS for p in pair) == Counter({".json": 2 * len(PAIRS)})
