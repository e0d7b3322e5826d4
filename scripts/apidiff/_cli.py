"""Command line: python -m scripts diff OLD NEW [--format text|markdown|json] [--fail-on LEVEL]."""

import argparse
import sys
from pathlib import Path

from ._cases import cases_markdown_table
from ._diff import diff_specs
from ._load import InputError, load_spec
from ._model import Change
from ._report import RENDERERS
from ._rules import Level, rules_markdown_table

# --fail-on thresholds: exit 1 when a change at or above this rank exists.
FAIL_ON = {
    "breaking": Level.BREAKING.rank,
    "codegen": Level.CODEGEN.rank,
    "non-breaking": Level.NON_BREAKING.rank,
    "any": Level.COSMETIC.rank,
    "never": None,
}
RULES_DOC = Path(__file__).resolve().parent.parent / "API_DIFF_RULES.md"
TABLE_BEGIN, TABLE_END = "<!-- rules-table:begin -->\n", "<!-- rules-table:end -->"
CASES_BEGIN, CASES_END = "<!-- mutation-cases:begin -->\n", "<!-- mutation-cases:end -->"


def fails(changes: list[Change], fail_on: str) -> bool:
    threshold = FAIL_ON[fail_on]
    return threshold is not None and any(change.level.rank >= threshold for change in changes)


def _replace_block(text: str, begin: str, end: str, body: str) -> str:
    head, found, rest = text.partition(begin)
    _, found_end, tail = rest.partition(end)
    if not (found and found_end):
        raise InputError(f"{RULES_DOC} lacks the {begin.strip()} / {end} markers")
    return head + begin + body + end + tail


def rules_doc_with_table(text: str) -> str:
    """The rules document with its generated tables (the rule registry and the mutation cases) redone."""
    text = _replace_block(text, TABLE_BEGIN, TABLE_END, rules_markdown_table())
    return _replace_block(text, CASES_BEGIN, CASES_END, cases_markdown_table())


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m scripts diff",
        description="Semantic diff of two OpenAPI documents. OLD and NEW are file paths or REV:path "
        "(a file at a git revision, e.g. HEAD~1:openapi/custom-channels-2026-03.json).",
    )
    parser.add_argument("old", nargs="?")
    parser.add_argument("new", nargs="?")
    parser.add_argument("--format", choices=sorted(RENDERERS), default="text")
    parser.add_argument(
        "--fail-on",
        choices=list(FAIL_ON),
        default="breaking",
        help="exit 1 when a change at or above this level exists (default: breaking)",
    )
    parser.add_argument(
        "--update-rules-doc",
        action="store_true",
        help=f"rewrite the rules and mutation tables in {RULES_DOC.name} and exit",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.update_rules_doc:
            RULES_DOC.write_text(rules_doc_with_table(RULES_DOC.read_text()))
            return 0
        if not (args.old and args.new):
            parser.error("OLD and NEW are required")
        old, new = load_spec(args.old), load_spec(args.new)
        changes = diff_specs(old, new)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    sys.stdout.write(RENDERERS[args.format](changes, old.label, new.label))
    return 1 if fails(changes, args.fail_on) else 0
