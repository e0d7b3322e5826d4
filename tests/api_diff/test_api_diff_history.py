"""The API diff on HubSpot's real publications (read from ../shared at run time, never copied)."""

import re
from collections import Counter
from itertools import pairwise

import pytest

from scripts.apidiff import Change, Level, Spec, diff_specs, load_spec
from scripts.apidiff._report import RENDERERS
from tests.support.paths import HISTORY, SPECS

PAIRS = list(zip(range(len(HISTORY)), range(1, len(HISTORY))))


@pytest.fixture(scope="module")
def history() -> list[Spec]:
    assert len(HISTORY) >= 2, f"no publication history under {SPECS} (see tests/support/paths.py)"
    return [load_spec(str(path)) for path in HISTORY]


# diff_specs of two history entries (by index), computed once per process: four tests walk the same pairs.
_DIFFS: dict[tuple[int, int], list[Change]] = {}


def diff_of(history: list[Spec], a: int, b: int) -> list[Change]:
    if (a, b) not in _DIFFS:
        _DIFFS[a, b] = diff_specs(history[a], history[b])
    return list(_DIFFS[a, b])


def publication(history: list[Spec], number: int) -> Spec:
    return history[number - 1]


# Direction-free key of a rule: X-added/X-removed (and the like) are one change seen from both ends.
_OPPOSITES = re.compile(
    r"(added|removed|became-required|became-optional|tightened|loosened|undeprecated|deprecated)$"
)


def mirror_key(change: Change) -> tuple[str, str]:
    rule = re.sub(r"^new-required-(request|response)-property$", r"\1-property-added", change.rule)
    return _OPPOSITES.sub("*", rule), change.pointer


def test_a_publication_against_itself_reports_nothing(history: list[Spec]) -> None:
    for spec in history:
        assert diff_specs(spec, spec) == [], spec.label


@pytest.mark.parametrize(("a", "b"), PAIRS, ids=[f"{a + 1:02d}-{b + 1:02d}" for a, b in PAIRS])
def test_consecutive_pair_is_consistent_both_ways(history: list[Spec], a: int, b: int) -> None:
    forward, backward = diff_of(history, a, b), diff_of(history, b, a)
    assert Counter(map(mirror_key, forward)) == Counter(map(mirror_key, backward))
    assert bool(forward) == (history[a].raw != history[b].raw)
    # Same version: every operation must match itself.
    assert not {c.rule for c in forward} & {"endpoint-added", "endpoint-removed", "api-path-changed"}


def test_an_added_response_property_one_way_is_a_removed_one_the_other_way(history: list[Spec]) -> None:
    seen = 0
    for a, b in PAIRS:
        for change in diff_of(history, a, b):
            if change.rule in ("response-property-added", "new-required-response-property"):
                backward = diff_of(history, b, a)
                assert ("response-property-removed", change.pointer) in {
                    (c.rule, c.pointer) for c in backward
                }
                seen += 1
    latest = load_spec(str(SPECS / "2026-03.json"))
    forward = diff_specs(history[-1], latest)
    backward = diff_specs(latest, history[-1])
    added = {c.pointer for c in forward if c.rule == "response-header-added"}
    assert added and added == {c.pointer for c in backward if c.rule == "response-header-removed"}


def test_private_apps_alternative_disappears_from_eight_operations_in_10_to_11(history: list[Spec]) -> None:
    changes = diff_specs(publication(history, 10), publication(history, 11))
    removed = [c for c in changes if c.rule == "api-security-removed" and "private_apps" in str(c.old)]
    operations = {operation for change in removed for operation in change.operations}
    assert len(operations) == 8
    assert all(change.level is Level.BREAKING for change in removed)
    # The OAuth scopes were renamed at the same time: the new names are now required.
    assert any(c.rule == "api-security-scope-added" and "channel-integration-read" in c.new for c in changes)


def test_02_to_03_adds_an_optional_request_property(history: list[Spec]) -> None:
    changes = diff_specs(publication(history, 2), publication(history, 3))
    added = [c for c in changes if c.rule == "request-property-added"]
    assert [c.pointer.rsplit("/", 1)[-1] for c in added] == ["senderActorId"]
    assert added[0].level is Level.NON_BREAKING
    assert not [c for c in changes if c.level is Level.BREAKING]
    assert {c.rule for c in changes if c.level is Level.CODEGEN} == {"api-operation-id-changed"}


def test_04_to_05_changes_only_prose(history: list[Spec]) -> None:
    changes = diff_specs(publication(history, 4), publication(history, 5))
    assert changes and {c.level for c in changes} == {Level.COSMETIC}
    assert {c.rule for c in changes} == {"documentation-changed"}


def test_invalid_publications_without_oauth2_scopes_still_diff(history: list[Spec]) -> None:
    for number in (11, 13, 17):
        invalid = publication(history, number)
        assert (
            "scopes"
            not in invalid.doc["components"]["securitySchemes"]["oauth2"]["flows"]["authorizationCode"]
        )
        after = diff_specs(invalid, publication(history, number + 1))
        assert {c.rule for c in after} <= {"security-scheme-scopes-changed", "api-operation-id-changed"}


def test_whole_history_diffs_pair_by_pair(history: list[Spec]) -> None:
    # No time bound here (CI machines are busy): the speed is the benchmark's business.
    changed = [bool(diff_of(history, a, b)) for a, b in pairwise(range(len(history)))]
    assert any(changed), "successive publications differ somewhere; a diff that finds nothing is broken"


@pytest.mark.parametrize(("old", "new"), [("2026-03", "2026-09"), ("2026-03", "v3"), ("v3", "2026-09")])
def test_versions_are_matched_operation_by_operation(old: str, new: str) -> None:
    old_spec, new_spec = load_spec(str(SPECS / f"{old}.json")), load_spec(str(SPECS / f"{new}.json"))
    changes = diff_specs(old_spec, new_spec)
    assert not [c for c in changes if c.rule in ("endpoint-added", "endpoint-removed")]
    (bump,) = [c for c in changes if c.rule == "api-path-changed"]
    assert (bump.old, bump.new, len(bump.operations)) == (old, new, 13)
    for render in RENDERERS.values():
        assert "endpoint-removed" not in render(changes, old, new)


def test_2026_09_restores_the_2026_03_authentication_facts() -> None:
    changes = diff_specs(load_spec(str(SPECS / "2026-03.json")), load_spec(str(SPECS / "2026-09.json")))
    required = [c for c in changes if c.rule == "api-security-anonymous-access-removed"]
    assert len(required) == 5 and all(c.new == ["developer_hapikey"] for c in required)


def _loses_a_client(
    old_requirements: list[dict[str, list[str]]], new_requirements: list[dict[str, list[str]]]
) -> bool:
    """Independent check: some old requirement object has no new one asking for a subset of it."""

    def held(requirement: dict[str, list[str]]) -> set[tuple[str, str]]:
        return {(s, "") for s in requirement} | {(s, x) for s, xs in requirement.items() for x in xs}

    return any(not any(held(new) <= held(old) for new in new_requirements) for old in old_requirements)


def test_exactly_the_pairs_that_lock_clients_out_are_breaking(history: list[Spec]) -> None:
    """HubSpot's republications only ever broke clients through security (read before 11: any of the scopes;
    from 11 on: all of the new ones). Every such pair is flagged; no other pair is."""
    for a, b in PAIRS:
        old, new = history[a], history[b]
        locked_out = any(
            _loses_a_client(op.get("security", []), new.doc["paths"][path][method].get("security", []))
            for path, item in old.doc["paths"].items()
            for method, op in item.items()
            if isinstance(op, dict) and path in new.doc["paths"] and method in new.doc["paths"][path]
        )
        breaking = [c for c in diff_of(history, a, b) if c.level is Level.BREAKING]
        assert bool(breaking) == locked_out, (old.label, new.label, [c.rule for c in breaking])
        assert {c.rule for c in breaking} <= {"api-security-removed", "api-security-scope-added"}
