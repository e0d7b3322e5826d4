"""The change record shared by the diff, the reports and the CI helper."""

from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from ._rules import RULES, Level

Document = Literal["old", "new"]


class Finding(NamedTuple):
    """One change before it is attributed to operations (schemas are compared once, reached many times)."""

    rule: str
    document: Document  # which document `pointer` points into: "old" for removals, else "new"
    pointer: str
    old: Any
    new: Any
    detail: str


@dataclass
class Change:
    rule: str
    document: Document
    pointer: str
    old: Any
    new: Any
    detail: str
    operations: list[str] = field(default_factory=list)

    @property
    def level(self) -> Level:
        return RULES[self.rule].level

    @property
    def explanation(self) -> str:
        return RULES[self.rule].explanation

    def as_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "level": self.level.value,
            "detail": self.detail,
            "pointer": self.pointer,
            "document": self.document,
            "old": self.old,
            "new": self.new,
            "operations": self.operations,
        }
