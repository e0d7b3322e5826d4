"""Add an API version beside the existing ones: vendor its document, generate its package, write the
reviewer's report (API diff and generated-surface diff from the default version), run the tests.

Usage: python -m scripts bump VERSION SOURCE [--no-test]      (make bump VERSION=2026-09 SOURCE=...)

Re-running it with the same document changes nothing. The facade learns the version in two lines
(printed at the end): the ``ApiVersion`` literal in _config.py and ``PACKAGES`` in _adapter.py.
"""

from __future__ import annotations

import argparse
import re
import subprocess
from pathlib import Path

from . import apidiff, surface_diff
from ._spec_io import DEFAULT_VERSION, GENERATED_DIR, OPENAPI_DIR, REPO, package_name, vendored_spec_path
from .generate import main as generate_main
from .vendor_spec import vendor

VERSION_FORMAT = re.compile(r"^(\d{4}-\d{2}|v\d+)$")


def report_path(base: str, version: str) -> Path:
    return OPENAPI_DIR / f"api-diff-{base}-to-{version}.md"


def api_report(base: str, version: str) -> str:
    """The interface diff in Markdown, the documents labelled by their paths in the repo."""
    try:
        old, new = (
            apidiff.load_spec(str(vendored_spec_path(v).relative_to(REPO)), REPO) for v in (base, version)
        )
    except apidiff.InputError as error:
        raise SystemExit(f"API diff {base} -> {version} failed: {error}") from error
    return apidiff.RENDERERS["markdown"](apidiff.diff_specs(old, new), old.label, new.label)


def surface_report(base: str, version: str) -> str:
    """The generated packages' public-surface diff in Markdown."""
    try:
        old, new = (
            surface_diff.read_surface(surface_diff.find_package(GENERATED_DIR / package_name(v)))
            for v in (base, version)
        )
    except (OSError, ValueError) as error:
        raise SystemExit(f"surface diff {base} -> {version} failed: {error}") from error
    return surface_diff.render(surface_diff.diff_surfaces(old, new), "markdown")


def write_report(base: str, version: str) -> Path:
    """The API diff and the generated-surface diff, as committed Markdown: the reviewer's checklist."""
    api, surface = api_report(base, version), surface_report(base, version)
    text = (
        f"# API {base} -> {version}\n\n"
        f"Written by `make bump VERSION={version}`; regenerate it rather than editing it.\n"
        "Review every **breaking** line: the facade's adapter (`facade/hubspot_channels/_adapter.py`) must absorb\n"
        "it, or the facade must raise `UnsupportedOperationError` for that version.\n\n"
        f"## The interface\n\n{api.strip()}\n\n## The generated package\n\n{surface.strip()}\n"
    )
    path = report_path(base, version)
    path.write_text(text)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts bump",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("version", help="e.g. 2026-09 or v3")
    parser.add_argument("source", help="path or URL of the published document")
    parser.add_argument(
        "--base", default=DEFAULT_VERSION, help="version to diff against (default: %(default)s)"
    )
    parser.add_argument("--no-test", action="store_true", help="skip the test run")
    args = parser.parse_args(argv)
    if not VERSION_FORMAT.match(args.version):
        parser.error(f"VERSION must look like 2026-09 or v3, got {args.version!r}")

    for written in vendor(args.source, args.version):
        print(f"vendored {written.relative_to(REPO)}")
    if generate_main(["--version", args.version]) != 0:
        return 1
    print(f"wrote {write_report(args.base, args.version).relative_to(REPO)}")
    print(
        f"\nThe facade learns the version in two lines: add {args.version!r} to ApiVersion in "
        f"facade/hubspot_channels/_config.py and {args.version!r}: {package_name(args.version)!r} to PACKAGES "
        "in facade/hubspot_channels/_adapter.py; then absorb the report's breaking changes in the adapter."
    )
    if not args.no_test:  # the whole gate (generation check, API diff, typecheck, lint, pytest) is make's
        return subprocess.run(["make", "test"], cwd=REPO, check=False).returncode
    return 0
