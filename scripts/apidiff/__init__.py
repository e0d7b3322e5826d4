"""Semantic, direction-aware diff of two OpenAPI documents (see scripts/API_DIFF_RULES.md)."""

from ._cli import FAIL_ON, fails, main
from ._diff import diff_specs
from ._load import InputError, Spec, load_spec, parse_spec
from ._model import Change
from ._report import RENDERERS
from ._rules import RULES, Level, Rule, rules_markdown_table

__all__ = [
    "FAIL_ON",
    "RENDERERS",
    "RULES",
    "Change",
    "InputError",
    "Level",
    "Rule",
    "Spec",
    "diff_specs",
    "fails",
    "load_spec",
    "main",
    "parse_spec",
    "rules_markdown_table",
]
