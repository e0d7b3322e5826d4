"""The mutation case record and its helpers (the cases are in _cases_values.py and _cases_structure.py)."""

from dataclasses import dataclass
from typing import Any

from ._levels import B, Level, N


@dataclass(frozen=True)
class Expect:
    template: str  # the rule id with {side} and {thing} left open
    request: Level
    response: Level


@dataclass(frozen=True)
class Case:
    keyword: str
    change: str
    before: dict[str, Any]
    after: dict[str, Any]
    forward: Expect | None
    reverse: Expect | None


def _e(aspect: str, request: Level, response: Level) -> Expect:
    template = aspect if aspect.startswith(("{side}", "new-")) else f"{{side}}-{{thing}}-{aspect}"
    return Expect(template, request, response)


def _bound(keyword: str, change: str, before: dict[str, Any], after: dict[str, Any], aspect: str) -> Case:
    """A change that narrows before -> after: breaking for requests, the reverse breaking for responses."""
    return Case(keyword, change, before, after, _e(f"{aspect}-narrowed", B, N), _e(f"{aspect}-widened", N, B))


_S, _I, _A = {"type": "string"}, {"type": "integer"}, {"type": "array", "items": {"type": "string"}}
_O: dict[str, Any] = {"type": "object", "properties": {"a": {"type": "string"}}}
_OBJ = {"type": "object"}
