"""Add an API version beside the existing ones, with no hand edit: vendor its document, register it in
openapi/registry.json, generate its package and the facade's registry module, check that the package
imports (no reinstall: every version lives under the one installed name hubspot_channels_api), write the
reviewer's report (API diff and generated-surface diff from the default version), and run the facade's
suite for the new version.

Usage: python -m scripts bump VERSION SOURCE [--base V] [--no-test]   (make bump VERSION=2026-09 SOURCE=...)

Exit status: 0 done; 1 blocked (the source is missing, unreadable, not JSON or not an OpenAPI 3 document,
generation failed, the package does not import, or the facade's suite fails for the version); 2 usage
(arguments). Errors are one line on stderr. Re-running it with the same document changes nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

from . import apidiff, surface_diff
from . import registry as reg
from ._spec_io import OPENAPI_DIR, REPO, SourceError, package_dir, vendored_spec_path
from .generate import GenerationError
from .generate import main as generate_main
from .vendor_spec import vendor

VERSION_FORMAT = re.compile(r"^(\d{4}-\d{2}|v\d+)$")
BLOCKED, USAGE = 1, 2
# The facade tests select their versions from this variable (tests/facade_helpers.py).
TEST_VERSIONS_ENV = "HUBSPOT_CHANNELS_TEST_VERSIONS"


class Blocked(RuntimeError):
    """A step failed: reported as one line, exit status 1."""


def report_path(base: str, version: str) -> Path:
    return OPENAPI_DIR / f"api-diff-{base}-to-{version}.md"


def api_report(base: str, version: str) -> str:
    """The interface diff in Markdown, the documents labelled by their paths in the repo."""
    try:
        old, new = (
            apidiff.load_spec(str(vendored_spec_path(v).relative_to(REPO)), REPO) for v in (base, version)
        )
    except apidiff.InputError as error:
        raise Blocked(f"API diff {base} -> {version} failed: {error}") from error
    return apidiff.RENDERERS["markdown"](apidiff.diff_specs(old, new), old.label, new.label)


def surface_report(base: str, version: str) -> str:
    """The generated packages' public-surface diff in Markdown."""
    registry = reg.load()
    try:
        old, new = (
            surface_diff.read_surface(surface_diff.find_package(package_dir(registry.version(v).package)))
            for v in (base, version)
        )
    except (OSError, ValueError) as error:
        raise Blocked(f"surface diff {base} -> {version} failed: {error}") from error
    return surface_diff.render(surface_diff.diff_surfaces(old, new), "markdown")


def write_report(base: str, version: str) -> Path:
    """The API diff and the generated-surface diff, as committed Markdown: the reviewer's checklist."""
    api, surface = api_report(base, version), surface_report(base, version)
    text = (
        f"# API {base} -> {version}\n\n"
        f"Written by `make bump VERSION={version}`; regenerate it rather than editing it.\n"
        "Review every **breaking** line: the facade's adapter (`facade/hubspot_channels/_adapter*.py`) must absorb\n"
        "it, or the facade must raise `UnsupportedOperationError` for that version.\n\n"
        f"## The interface\n\n{api.strip()}\n\n## The generated package\n\n{surface.strip()}\n"
    )
    path = report_path(base, version)
    path.write_text(text)
    return path


def register_and_generate(version: str) -> None:
    """Register version, then generate its package and the registry module; undo the registration when
    generation fails, so the tree stays consistent."""
    before = reg.REGISTRY_PATH.read_text(encoding="utf-8")
    added = reg.add_version(version)
    print(f"{'registered' if added else 'already registered:'} {version} in openapi/registry.json")
    try:
        status = generate_main(["--version", version])
    except (GenerationError, reg.RegistryError) as error:
        status, problem = 1, str(error).strip().splitlines()[0]
    else:
        problem = "see the output above"
    if status != 0:
        if added:
            reg.REGISTRY_PATH.write_text(before, encoding="utf-8")
            generate_main([])  # the registry module back to the versions registered before
        raise Blocked(f"generation of {version} failed: {problem}")


def check_importable(version: str) -> None:
    """The new package imports in a fresh interpreter, as installed now (no pip install -e . again)."""
    package = reg.load().version(version).package
    run = subprocess.run(
        [sys.executable, "-c", f"import {package}.models, {package}.api"],
        cwd=REPO, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if run.returncode != 0:
        last = (run.stderr.strip().splitlines() or ["no output"])[-1]
        raise Blocked(f"{package} does not import: {last}")
    print(f"{package} imports")


def facade_tests() -> list[str]:
    """The facade's test files (wherever tests/ keeps them) and the version tests."""
    found = sorted(
        {*REPO.glob("tests/**/test_facade_*.py"), *REPO.glob("tests/**/test_versions_differences.py")}
    )
    return [str(path.relative_to(REPO)) for path in found]


def run_facade_suite(version: str) -> None:
    env = os.environ | {TEST_VERSIONS_ENV: version}
    command = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *facade_tests()]
    print(f"running the facade's suite for {version}: {' '.join(command[1:4])} ...", flush=True)
    if subprocess.run(command, cwd=REPO, env=env, check=False).returncode != 0:
        raise Blocked(f"the facade's suite fails for {version} (output above): absorb it in the adapter")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts bump",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("version", help="e.g. 2026-09 or v3")
    parser.add_argument("source", help="path or URL of the published document")
    parser.add_argument("--base", help="version to diff against (default: the registry's default)")
    parser.add_argument("--no-test", action="store_true", help="skip the facade's suite for the version")
    args = parser.parse_args(argv)  # a usage error exits 2
    if not VERSION_FORMAT.match(args.version):
        parser.error(f"VERSION must look like 2026-09 or v3, got {args.version!r}")
    try:
        base = args.base or reg.load().default.id
        if base == args.version:
            parser.error(f"--base must be another version than {args.version!r}")
        for written in vendor(args.source, args.version):
            print(f"vendored {written.relative_to(REPO)}")
        register_and_generate(args.version)
        check_importable(args.version)
        print(f"wrote {write_report(base, args.version).relative_to(REPO)}")
        if not args.no_test:
            run_facade_suite(args.version)
    except (SourceError, reg.RegistryError, Blocked) as error:
        print(f"python -m scripts bump: {error}", file=sys.stderr)
        return BLOCKED
    print(
        f"\n{args.version} is registered and usable: HubSpot clients take api_version={args.version!r}.\n"
        f"Review {report_path(base, args.version).relative_to(REPO)}; a breaking line the facade's tests did not\n"
        "catch belongs in the adapter (facade/hubspot_channels/_adapter*.py). Then commit openapi/, generated/\n"
        "and facade/hubspot_channels/_registry.py."
    )
    return 0
