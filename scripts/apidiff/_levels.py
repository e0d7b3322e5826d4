"""Levels and the rule record shared by the rule registry (_rules.py, _rules_schema.py)."""

from dataclasses import dataclass
from enum import Enum


class Level(Enum):
    # Ordered from most to least severe; `rank` drives --fail-on.
    BREAKING = "breaking"
    CODEGEN = "codegen"
    NON_BREAKING = "non-breaking"
    COSMETIC = "cosmetic"

    @property
    def rank(self) -> int:
        return {"breaking": 3, "codegen": 2, "non-breaking": 1, "cosmetic": 0}[self.value]


B, C, N, X = Level.BREAKING, Level.CODEGEN, Level.NON_BREAKING, Level.COSMETIC


@dataclass(frozen=True)
class Rule:
    id: str
    level: Level
    explanation: str
