"""The mutation table: every validation keyword, changed one way and back, with the rule and levels expected.

One table, two uses: tests/test_api_diff_matrix.py turns every case into synthetic document pairs at every
location (request body, path/query/header parameter, response body, response header) in both directions,
and scripts/API_DIFF_RULES.md shows it (`python -m scripts diff --update-rules-doc` renders it; a test keeps
the file in sync). A case's `before` and `after` are the schema at the location; `forward` is what
before -> after must report, `reverse` what after -> before must report (None: nothing, an equivalent
spelling).
"""

from ._case_types import Case, Expect
from ._cases_structure import STRUCTURE_CASES
from ._cases_values import VALUE_CASES
from ._levels import Level

__all__ = ["CASES", "DIRECTIONS", "LOCATIONS", "Case", "Expect", "cases_markdown_table", "expected", "matrix"]

CASES: tuple[Case, ...] = VALUE_CASES + STRUCTURE_CASES


# Where a case's schema is put: location -> (side, thing) naming the rules.
LOCATIONS: dict[str, tuple[str, str]] = {
    "request body": ("request", "property"),
    "path parameter": ("request", "parameter"),
    "query parameter": ("request", "parameter"),
    "header parameter": ("request", "parameter"),
    "response body": ("response", "property"),
    "response header": ("response", "header"),
}
DIRECTIONS = ("forward", "reverse")


def expected(case: Case, location: str, direction: str) -> tuple[str, Level] | None:
    """(rule id, level) the diff must report for one cell of the matrix, or None for no change."""
    expect = case.forward if direction == "forward" else case.reverse
    if expect is None:
        return None
    side, thing = LOCATIONS[location]
    return expect.template.format(side=side, thing=thing), getattr(expect, side)


def matrix() -> list[tuple[Case, str, str]]:
    return [
        (case, location, direction) for case in CASES for location in LOCATIONS for direction in DIRECTIONS
    ]


def _cell(expect: Expect | None) -> tuple[str, str, str]:
    if expect is None:
        return "(no change)", "-", "-"
    shown = expect.template.replace("{side}", "{request,response}").replace("{thing}", "{thing}")
    return f"`{shown}`", expect.request.value, expect.response.value


def cases_markdown_table() -> str:
    lines = [
        "| keyword | change | direction | rule | request | response |",
        "|---|---|---|---|---|---|",
    ]
    for case in CASES:
        for direction, expect in (("forward", case.forward), ("reverse", case.reverse)):
            rule, request, response = _cell(expect)
            lines.append(
                f"| `{case.keyword}` | {case.change} | {direction} | {rule} | {request} | {response} |"
            )
    return "\n".join(lines) + "\n"
