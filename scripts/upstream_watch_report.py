"""The upstream watch's report: the pull request's title (its first line) and body, in Markdown.

Breaking and codegen rows come first and cosmetic ones are folded (the API diff's Markdown renderer orders
and folds them); nothing in it depends on the machine, the clock or the commit it was written at, so the
same publication against the same vendored document always gives the same report.

GitHub refuses a pull request body longer than PR_BODY_LIMIT characters: past it, the non-breaking and
cosmetic rows are left out of the report (the pull request's body) with a note, and the whole report is
written beside it on the branch (openapi/upstream-<version>-full.md). A hidden line carries the facts'
fingerprint, which the workflow compares to tell a new publication from a republication of the same facts.
"""

from __future__ import annotations

from dataclasses import dataclass

from .apidiff import RENDERERS, Change, Level

PR_BODY_LIMIT = 65536
FULL_SUFFIX = "-full"
FINGERPRINT_MARKER = "upstream-watch facts:"  # the report's hidden line: <!-- MARKER hex -->
KEPT_IN_FULL = (Level.BREAKING, Level.CODEGEN)  # never left out of the pull request's body

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
    fingerprint: str = "",
    limit: int | None = PR_BODY_LIMIT,
) -> str:
    """The report; with a limit, at most that many characters (the rows not in KEPT_IN_FULL are left out
    first, then the rest is cut), saying where the whole report is."""
    head = _report_parts(version, verdict, vendored_label, source, published_sha256, package,
                                    tests, fingerprint)  # fmt: skip
    whole = "\n".join([*head, RENDERERS["markdown"](changes, vendored_label, source).rstrip(), ""])
    if limit is None or len(whole) <= limit:
        return whole
    kept = [change for change in changes if change.level in KEPT_IN_FULL]
    note = (
        f"**{len(changes) - len(kept)} non-breaking and cosmetic row(s) are left out here** (GitHub caps a "
        f"pull request's body at {limit} characters): the whole report is "
        f"`openapi/upstream-{version}{FULL_SUFFIX}.md` on this branch."
    )
    rows = RENDERERS["markdown"](kept, vendored_label, source).rstrip()
    body = "\n".join([*head, note, "", rows, ""])
    if len(body) <= limit:
        return body
    cut = f"\n\n… cut at {limit} characters: the whole report is `openapi/upstream-{version}{FULL_SUFFIX}.md`.\n"
    return body[: limit - len(cut)] + cut


def _report_parts(
    version: str,
    verdict: str,
    vendored_label: str,
    source: str,
    published_sha256: str,
    package: str,
    tests: SuiteRun | None,
    fingerprint: str,
) -> list[str]:
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
        *([f"<!-- {FINGERPRINT_MARKER} {fingerprint} -->"] if fingerprint else []),
        "",
        "## What to do",
        "",
        BREAKING_ADVICE if breaking else SAFE_ADVICE,
        "",
        *_tests_section(tests),
        "## The interface",
        "",
    ]
    return lines
