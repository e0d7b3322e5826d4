"""Add an API version beside the existing ones, or take a republication of a registered one, with no hand
edit: vendor its document, register it in openapi/registry.json (and in openapi/released-versions.json),
generate its package and the facade's registry module, check that the package imports (no reinstall: every
version lives under the one installed name hubspot_channels_api), write the reviewer's reports (API diff and
generated-surface diff from the default version; for a republication, also the diff from the document it
replaces), and run the facade's suite and the version tests of the pipeline for the version.

Usage: python -m scripts bump VERSION SOURCE [--base V] [--no-test] [--keep-on-test-failure]
       (make bump VERSION=2026-09 SOURCE=...)

SOURCE must be the document of VERSION: the version segment of its paths (/custom-channels/2026-09), or its
info.version when the paths have none, names VERSION. A registered VERSION takes only a republication of its
own document; anything else is a usage error and nothing is written.

Exit status: 0 done; 1 blocked (the source is missing, unreadable, not JSON, not an OpenAPI 3 document or has
a $ref that does not resolve; generation or conformance failed; the package does not import; the suite fails
for the version); 2 usage (arguments, or a SOURCE that is another version's document). Errors are one line on
stderr. A blocked bump puts back every file it wrote (registry, registry module, vendored document,
provenance, reports, generated package); with --keep-on-test-failure a failing suite leaves the tree as
generated (say so loudly) to work on the adapter. Re-running it with the same document changes nothing.
``make bump`` always exits 2 when this fails (GNU make's rule): it prints this script's own status.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import apidiff, surface_diff
from . import registry as reg
from ._spec_io import (
    GENERATED_DIR,
    OPENAPI_DIR,
    REPO,
    SourceError,
    package_dir,
    provenance_path,
    vendored_spec_path,
    versions_named,
)
from .generate import GenerationError
from .generate import run as generate_run
from .vendor_spec import vendor

# A month 01-12 or v1, v2, ...: 2026-13, 2026-00 and v0 are no version HubSpot publishes.
VERSION_FORMAT = re.compile(r"^(\d{4}-(0[1-9]|1[0-2])|v[1-9]\d*)$")
BLOCKED, USAGE = 1, 2
# The facade tests select their versions from this variable (tests/support/facade_helpers.py).
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


class Usage(ValueError):
    """The arguments do not fit together (a SOURCE that is another version's document): exit status 2."""


def register_and_generate(version: str) -> None:
    """Register version (when new), then generate its package and the registry module. The caller puts the
    tree back when this raises."""
    added = reg.add_version(version)
    print(f"{'registered' if added else 'already registered:'} {version} in openapi/registry.json")
    try:
        status = generate_run(["--version", version])
    except (GenerationError, reg.RegistryError) as error:
        raise Blocked(f"generation of {version} failed: {first_line(error)}") from error
    if status != 0:
        raise Blocked(f"generation of {version} failed (output above)")


def first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def document_mismatch(document: dict[str, object], version: str) -> str | None:
    """Why document is not VERSION's (None when it is): its paths' version segment, or else its info.version."""
    segments, info_version = versions_named(document)
    if segments == {version} or (not segments and info_version == version):
        return None
    named = (
        f"its paths name {', '.join(sorted(segments))}"
        if segments
        else f"its info.version is {info_version!r}"
    )
    return f"SOURCE is not the document of {version}: {named} (info.version {info_version!r})"


@contextmanager
def restored_on_failure(paths: list[Path]) -> Iterator[None]:
    """Put every one of paths (files or folders) back as it was when the block raises."""
    with tempfile.TemporaryDirectory(prefix="hubspot-bump-undo-") as undo:
        saved: dict[Path, Path | None] = {}
        for index, path in enumerate(paths):
            copy = Path(undo) / str(index)
            if path.is_dir():
                shutil.copytree(path, copy)
            elif path.is_file():
                shutil.copy2(path, copy)
            saved[path] = copy if path.exists() else None
        try:
            yield
        except BaseException:
            for path, kept in saved.items():
                if path.is_dir():
                    shutil.rmtree(path)
                elif path.exists():
                    path.unlink()
                if kept is not None and kept.is_dir():
                    shutil.copytree(kept, path)
                elif kept is not None:
                    shutil.copy2(kept, path)
            raise


def written_by_bump(version: str) -> list[Path]:
    """Every file or folder a bump of version may write."""
    return [
        reg.REGISTRY_PATH,
        reg.RELEASED_PATH,
        REPO / "facade" / "hubspot_channels" / "_registry.py",
        GENERATED_DIR / reg.GENERATED_ROOT / "__init__.py",
        package_dir(reg.package_for(version)),
        vendored_spec_path(version),
        provenance_path(version),
        *sorted(OPENAPI_DIR.glob("api-diff-*.md")),
        *{report_path(base, version) for base in reg.load().ids()},
    ]


def stage(source: str, version: str, staging: Path) -> tuple[Path, Path]:
    """Vendor source into staging (nothing in openapi/ yet); Usage when it is another version's document."""
    if provenance_path(version).exists():  # same bytes keep their vendored_on date: a re-run changes nothing
        shutil.copy2(provenance_path(version), staging / provenance_path(version).name)
    spec, record = vendor(source, version, out_dir=staging)
    mismatch = document_mismatch(json.loads(spec.read_text()), version)
    if mismatch:
        raise Usage(mismatch)
    return spec, record


def republication_report(version: str, previous: bytes, new: Path) -> str:
    """The interface diff from the document a republication replaces (as on disk before the bump)."""
    old_label = f"{vendored_spec_path(version).relative_to(REPO)} (before)"
    old = apidiff.parse_spec(old_label, previous)
    fresh = apidiff.parse_spec(str(new.relative_to(REPO)), new.read_bytes())
    return apidiff.RENDERERS["markdown"](apidiff.diff_specs(old, fresh), old.label, fresh.label)


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


# The pipeline's tests of every registered version (reports, packages); the slow and serial ones regenerate
# the whole tree, which bump has just done.
PIPELINE_VERSION_TESTS = ("tests/pipeline/test_versions_pipeline.py", "-m", "not slow and not serial")


def run_facade_suite(version: str) -> None:
    env = os.environ | {TEST_VERSIONS_ENV: version}
    pytest = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider"]
    print(f"running the facade's suite for {version}: {' '.join(pytest[1:4])} ...", flush=True)
    if subprocess.run([*pytest, *facade_tests()], cwd=REPO, env=env, check=False).returncode != 0:
        raise Blocked(f"the facade's suite fails for {version} (output above): absorb it in the adapter")
    if (REPO / PIPELINE_VERSION_TESTS[0]).is_file():
        print("running the pipeline's version tests ...", flush=True)
        if subprocess.run([*pytest, *PIPELINE_VERSION_TESTS], cwd=REPO, env=env, check=False).returncode:
            raise Blocked(f"the pipeline's version tests fail for {version} (output above)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts bump",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("version", help="e.g. 2026-09 or v3")
    parser.add_argument("source", help="path or URL of the published document")
    parser.add_argument("--base", help="version to diff against (default: the registry's default)")
    parser.add_argument("--no-test", action="store_true", help="skip the suite for the version")
    parser.add_argument(
        "--keep-on-test-failure",
        action="store_true",
        help="when the suite fails, leave the generated tree in place (to work on the adapter)",
    )
    args = parser.parse_args(argv)  # a usage error exits 2
    if not VERSION_FORMAT.match(args.version):
        parser.error(
            f"VERSION must look like 2026-09 (month 01-12) or v3 (v1 or later), got {args.version!r}"
        )
    try:
        registry = reg.load()
    except (OSError, ValueError) as error:
        return fail(f"openapi/registry.json: {first_line(error)}", BLOCKED)
    version, default = args.version, registry.default.id
    registered = version in registry.ids()
    if registered:
        print(f"already registered: {version}; SOURCE must be a republication of its document")
    base = args.base or default
    if base not in registry.ids() or (base == version and args.base):
        parser.error(f"--base must be another registered version than {version!r}")
    with tempfile.TemporaryDirectory(prefix="hubspot-bump-") as staging:
        try:
            staged = stage(args.source, version, Path(staging))
        except SourceError as error:
            return fail(str(error), BLOCKED)
        except Usage as error:
            return fail(f"{error}; nothing written", USAGE)
        previous = vendored_spec_path(version).read_bytes() if vendored_spec_path(version).exists() else None
        try:
            with restored_on_failure(written_by_bump(version)):
                for written in staged:
                    shutil.copy2(written, OPENAPI_DIR / written.name)
                    print(f"vendored {(OPENAPI_DIR / written.name).relative_to(REPO)}")
                register_and_generate(version)
                check_importable(version)
                others = [v for v in reg.load().ids() if v != base] if version == base else [version]
                for other in others:
                    print(f"wrote {write_report(base, other).relative_to(REPO)}")
                if previous is not None:
                    print(republication_report(version, previous, vendored_spec_path(version)))
                if not args.no_test:
                    try:
                        run_facade_suite(version)
                    except Blocked as error:
                        if not args.keep_on_test_failure:
                            raise
                        return fail(f"{error}; the tree was LEFT CHANGED (--keep-on-test-failure)", BLOCKED)
        except (reg.RegistryError, Blocked, apidiff.InputError) as error:
            return fail(f"{first_line(error)}; every file put back", BLOCKED)
        except Exception as error:  # noqa: BLE001 - any failure is one line, and the tree is put back
            return fail(f"{type(error).__name__}: {first_line(error)}; every file put back", BLOCKED)
    print(
        f"\n{version} is registered and usable: HubSpot clients take api_version={version!r}.\n"
        f"Review {report_path(base, version).relative_to(REPO) if version != base else 'the reports above'}; "
        "a breaking line the tests did not\ncatch belongs in the adapter (facade/hubspot_channels/_adapter*.py). "
        "Then commit openapi/, generated/\nand facade/hubspot_channels/_registry.py."
    )
    return 0


def fail(message: str, status: int) -> int:
    print(f"python -m scripts bump: {message}", file=sys.stderr)
    return status
