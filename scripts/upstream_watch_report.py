"""The upstream watch's report: the pull request's title (its first line) and body, in Markdown.

Breaking and codegen rows come first and cosmetic ones are folded (the API diff's Markdown renderer orders
and folds them); nothing in it depends on the machine, the clock or the commit it was written at, so the
same publication against the same vendored document always gives the same report.
"""

from __future__ import annotations

from dataclasses import dataclass

from .apidiff import RENDERERS, Change

BREAKING_ADVICE = (
    "Each **breaking** or **codegen** row must be absorbed by the facade's adapter "
    "(`facade/hubspot_channels/_adapter*.py`) or accepted with a reason in `openapi/accepted-changes.json` "
    "(`scripts/API_DIFF_RULES.md`): `make api-diff-ci`, part of `make test`, fails this branch until each one "
    "is. Push the adapter's fix onto this branch; the next watch run replaces the branch only when HubSpot "
    "publishes again."
)
SAFE_ADVICE = (
    "No row breaks a client and the tests pass with the regenerated package: review the rows, then merge."
)


@dataclass(frozen=True)
class SuiteRun:
    passed: bool
    version: str
    summary: str  # pytest's closing line, without the duration


def _tests_section(tests: SuiteRun | None) -> list[str]:
    if tests is None:
        return ["## Tests", "", "Not run (`--no-test`).", ""]
    outcome = "passed" if tests.passed else "**FAILED** (the failures are in the watch's output)"
    selection = f"`HUBSPOT_CHANNELS_TEST_VERSIONS={tests.version}`"
    return [
        "## Tests",
        "",
        f"The facade's suite with the regenerated package ({selection}): {outcome}:",
        "",
        f"    {tests.summary}",
        "",
    ]


def render_report(
    *,
    version: str,
    verdict: str,
    changes: list[Change],
    vendored_label: str,
    source: str,
    published_sha256: str,
    package: str,
    tests: SuiteRun | None,
) -> str:
    breaking = verdict == "breaking"
    title = (
        f"API {version}: BREAKING changes in HubSpot's new publication"
        if breaking
        else f"API {version}: safe changes in HubSpot's new publication"
    )
    subpackage = package.replace(".", "/")
    finding = (
        f"HubSpot's document for {version} now states other facts than `{vendored_label}`: **{verdict}**."
    )
    branch = (
        f"- this branch: the document re-vendored (`openapi/custom-channels-{version}.json` and its "
        f"provenance), `generated/{subpackage}/` regenerated, the facade's registry module, the reviewer's "
        f"reports (`openapi/api-diff-*.md`) and this report (`openapi/upstream-{version}.md`)"
    )
    lines = [
        f"# {title}",
        "",
        finding,
        "",
        f"- published: `{source}` (sha256 `{published_sha256}`)",
        branch,
        "- written by `make upstream-watch` (`python -m scripts upstream-watch`): regenerate it, do not edit it",
        "",
        "## What to do",
        "",
        BREAKING_ADVICE if breaking else SAFE_ADVICE,
        "",
        *_tests_section(tests),
        "## The interface",
        "",
        RENDERERS["markdown"](changes, vendored_label, source).rstrip(),
        "",
    ]
    return "\n".join(lines)
