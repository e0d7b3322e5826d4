"""The scheduled upstream watch without GitHub: has HubSpot published something different for a version?

Usage: python -m scripts upstream-watch SPEC [--version V] [--repo DIR] [--no-test]
       (make upstream-watch SPEC=<path-or-url> [VERSION=<id>])

SPEC is the document HubSpot publishes now (a path or an http(s) URL; openapi/registry.json records each
version's `upstream` URL). VERSION defaults to the version SPEC is the document of (a URL: at most 20 MiB,
within 120 s). Everything happens in a git worktree of HEAD of its own (the current checkout, its branch and
its working tree are never touched). The published document is compared with the version's vendored one as
committed, both as the generator sees them (what `python -m scripts ci check-upstream` compares; codegen
rows judged on the committed facade), plus the PATCH bodies' required lists the facade's registry module
reads from the document as published. When only prose or cosmetic facts changed: "no change", nothing is
written. Otherwise: re-vendor and regenerate (`python -m scripts bump VERSION ... --no-test`),
run the facade's suite for VERSION with the regenerated package (as bump does; about 10 s), write the
report (openapi/upstream-VERSION.md: breaking and codegen rows first, cosmetic ones folded), commit all of
it, and point the branch upstream-watch/VERSION at that commit (replaced when it exists). The branch name
and the report are printed; the worktree is removed whatever happens (SIGTERM, SIGHUP and SIGINT included:
the children are ended, exit 128 + the signal), and on a failure no branch is made. The report and the
commit carry the facts' fingerprint (upstream_watch_facts), by which the workflow tells a republication with
the same facts from a new one.

Exit status: 0 no change; 10 safe change (non-breaking rows only, tests pass); 20 breaking (a breaking or
codegen row, or the tests fail with the regenerated package); 1 failed (nothing created); 2 usage.
``make upstream-watch`` exits 2 for any non-zero status (GNU make's rule) and prints the script's own.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import bump
from . import registry as reg
from ._spec_io import REPO, dump_json, redact_source, sha256_hex, versions_named
from .apidiff import Change, InputError, Level, Spec, diff_specs, parse_spec
from .ci_api_diff import as_generated, codegen_changes
from .upstream_watch_facts import document_facts, facts_fingerprint, required_field_changes
from .upstream_watch_fetch import load_bounded, one_line
from .upstream_watch_process import Terminated, run_child, signals_ignored, signals_raise
from .upstream_watch_report import FULL_SUFFIX, SuiteRun, render_report
from .vendor_spec import vendored_form

NO_CHANGE, SAFE, BREAKING = 0, 10, 20
FAILED, USAGE = 1, 2
STATUS_NAMES = {NO_CHANGE: "no change", SAFE: "safe change", BREAKING: "breaking"}
BRANCH_PREFIX = "upstream-watch/"
# Who commits when git has no identity configured (a fresh CI runner).
FALLBACK_IDENTITY = (
    "-c",
    "user.name=hubspot-channels upstream watch",
    "-c",
    "user.email=upstream-watch@invalid",
)
# The commit message trailer naming the facts a watch commit stands for (the workflow reads it).
FACTS_TRAILER = "Upstream-Watch-Facts"
# The variables a sub-make must not inherit from a make that started us (jobserver file descriptors).
MAKE_VARIABLES = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")


class Failed(RuntimeError):
    """A step failed: one line on stderr, exit status 1, nothing left behind."""


class Usage(Exception):
    """SPEC is not the document of a registered version (or of the one asked for): exit status 2."""


def branch_name(version: str) -> str:
    return f"{BRANCH_PREFIX}{version}"


def report_name(version: str, suffix: str = "") -> str:
    return f"openapi/upstream-{version}{suffix}.md"


@dataclass(frozen=True)
class Publication:
    source: str  # as shown (redacted)
    raw: bytes
    document: dict[str, object]


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=False)


def checked_git(repo: Path, *args: str) -> str:
    run = git(repo, *args)
    if run.returncode != 0:
        raise Failed(f"git {' '.join(args[:2])} failed: {run.stderr.strip() or run.stdout.strip()}")
    return run.stdout


def read_publication(source: str) -> Publication:
    raw, document = load_bounded(source)
    return Publication(redact_source(source), raw, document)


def version_of(publication: Publication, registry: reg.Registry, asked: str | None) -> str:
    """The registered version the publication is the document of; Usage otherwise."""
    segments, info_version = versions_named(publication.document)
    version = asked or (next(iter(segments)) if len(segments) == 1 else info_version)
    if not version or version not in registry.ids():
        raise Usage(
            f"{version!r} is not a registered version ({', '.join(registry.ids())}); a new version is "
            "added with make bump"
        )
    mismatch = bump.document_mismatch(publication.document, version)
    if mismatch:
        raise Usage(mismatch)
    return version


def vendored_at_head(tree: Path, document: str) -> Spec:
    """The vendored document in the worktree (a checkout of HEAD), labelled as HEAD's."""
    path = f"openapi/{document}"
    return parse_spec(f"HEAD:{path}", (tree / path).read_bytes())


@dataclass(frozen=True)
class Judgement:
    changes: list[Change]
    fingerprint: str  # facts_fingerprint: the same for publications that differ in prose or cosmetics only


def published_changes(
    tree: Path,
    vendored: Spec,
    publication: Publication,
    registry: reg.Registry | None = None,
    version: str | None = None,
) -> list[Change]:
    """What check-upstream reports, cosmetic rows included (both sides as generated, plus codegen rows
    judged on tree's facade), and, given the registry, the PATCH required lists the registry module reads
    from the document as published (normalization drops them)."""
    return judge(tree, vendored, publication, registry, version).changes


def judge(
    tree: Path,
    vendored: Spec,
    publication: Publication,
    registry: reg.Registry | None = None,
    version: str | None = None,
) -> Judgement:
    old = as_generated(vendored)
    new = as_generated(parse_spec(publication.source, publication.raw))
    changes = codegen_changes(tree, old, new) + diff_specs(old, new)
    if registry is None or version is None:
        return Judgement(changes, facts_fingerprint(old.raw, changes, {}))
    entry = registry.version(version)
    seen = {(change.rule, change.pointer) for change in changes}
    required = required_field_changes(registry, entry, vendored.doc, publication.document)
    changes += [change for change in required if (change.rule, change.pointer) not in seen]
    # As re-vendoring would record them: from the document as stored (titles and other prose stripped
    # change the generated names the response shapes use).
    facts = document_facts(registry, entry, vendored_form(publication.document))
    if status_of(changes, None) == NO_CHANGE and facts != document_facts(registry, entry, vendored.doc):
        raise Failed(f"the facade's registry facts for {version} change, yet no diff row says how")
    return Judgement(changes, facts_fingerprint(old.raw, changes, facts))


def status_of(changes: list[Change], tests: SuiteRun | None) -> int:
    if not any(change.level is not Level.COSMETIC for change in changes):
        return NO_CHANGE
    severe = any(change.level in (Level.BREAKING, Level.CODEGEN) for change in changes)
    return BREAKING if severe or (tests is not None and not tests.passed) else SAFE


def tree_env(tree: Path, repo: Path, version: str) -> dict[str, str]:
    """The worktree's own packages first on the path (ahead of the editable install of the checkout)."""
    shared = os.environ.get("HUBSPOT_SHARED_DIR", str(repo.parent / "shared"))
    env = {name: value for name, value in os.environ.items() if name not in MAKE_VARIABLES}
    return env | {
        "PYTHONPATH": os.pathsep.join(str(tree / part) for part in ("facade", "generated", ".")),
        "PYTHONDONTWRITEBYTECODE": "1",
        "HUBSPOT_SHARED_DIR": shared,
        bump.TEST_VERSIONS_ENV: version,
    }


def revendor(
    tree: Path, env: dict[str, str], package: str, version: str, published: Path, shown: str
) -> None:
    """bump in the worktree, by its own scripts (they find the repo from their own files), through the
    Makefile's upstream-revendor target. The provenance (vendored, and its copy beside the generated package)
    then records the source as given rather than the worktree's copy of what was read."""
    command = [
        "make", "--no-print-directory", "-C", str(tree), "upstream-revendor",
        f"PY={sys.executable}", f"VERSION={version}", f"SOURCE={published}",
    ]  # fmt: skip
    run = run_child(command, cwd=tree, env=env)
    if run.returncode != 0:
        lines = (run.stderr.strip() or run.stdout.strip() or "no output").splitlines()
        raise Failed(f"re-vendoring {version} failed: {lines[-1]}")
    vendored = tree / "openapi" / f"custom-channels-{version}.provenance.json"
    record = dump_json(json.loads(vendored.read_text()) | {"source": shown})
    for path in (vendored, tree / "generated" / Path(*package.split(".")) / "provenance.json"):
        path.write_text(record)


def run_tests(tree: Path, env: dict[str, str], version: str) -> SuiteRun:
    """The facade's suite for version (bump.facade_tests, as make bump runs it), on the worktree with the
    regenerated package: what users of the client get. Not the pipeline's version tests: they pin the
    committed reports' contents, which a republication rewrites (make test runs them on the branch)."""
    files = [name for name in bump.facade_tests() if (tree / name).is_file()]
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *files]
    print(f"running the facade's suite for {version} on the regenerated tree ...", flush=True)
    run = run_child(command, cwd=tree, env=env)
    if run.returncode != 0:
        sys.stdout.write(run.stdout[-4000:])
    return SuiteRun(passed=run.returncode == 0, version=version, summary=last_summary(run.stdout))


def last_summary(output: str) -> str:
    """pytest's closing line without its duration (the report must not change with the machine's speed)."""
    lines = [line.strip("= ") for line in output.strip().splitlines() if line.strip()]
    closing = lines[-1] if lines else "no output"
    return re.sub(r" in [0-9.]+s( \([0-9:]+\))?$", "", closing)


def commit_and_branch(repo: Path, tree: Path, version: str, title: str, fingerprint: str) -> str:
    checked_git(tree, "add", "-A", "openapi", "generated", "facade/hubspot_channels/_registry.py")
    identity = () if git(repo, "config", "user.email").stdout.strip() else FALLBACK_IDENTITY
    message = (
        f"{title}\n\nWritten by python -m scripts upstream-watch; the report is {report_name(version)}.\n\n"
        f"{FACTS_TRAILER}: {fingerprint}"
    )
    checked_git(tree, *identity, "commit", "-q", "--no-verify", "-m", message)
    commit = checked_git(tree, "rev-parse", "HEAD").strip()
    branch = branch_name(version)
    checked_git(repo, "branch", "-f", branch, commit)
    return branch


def watch(repo: Path, source: str, asked: str | None, with_tests: bool) -> int:
    publication = read_publication(source)
    git(repo, "worktree", "prune")  # what a watch killed by SIGKILL left registered
    with tempfile.TemporaryDirectory(prefix="hubspot-upstream-watch-") as work:
        tree = Path(work) / "tree"
        checked_git(repo, "worktree", "add", "-q", "--detach", str(tree), "HEAD")
        try:
            return watch_in(repo, tree, publication, asked, with_tests)
        finally:
            with signals_ignored():
                git(repo, "worktree", "remove", "--force", str(tree))
                git(repo, "worktree", "prune")


def watch_in(repo: Path, tree: Path, publication: Publication, asked: str | None, with_tests: bool) -> int:
    """The watch in tree, a worktree of HEAD: everything is judged as committed (registry, vendored
    document, the facade whose use of generated names makes codegen rows)."""
    registry = reg.parse(json.loads((tree / "openapi" / "registry.json").read_text()))
    version = version_of(publication, registry, asked)
    entry = registry.version(version)
    vendored = vendored_at_head(tree, entry.document)
    judgement = judge(tree, vendored, publication, registry, version)
    changes = judgement.changes
    if status_of(changes, None) == NO_CHANGE:
        cosmetic = len(changes)
        print(f"no change: {publication.source} states the facts of {vendored.label}", end="")
        print(f" ({cosmetic} cosmetic change(s) ignored)" if cosmetic else "")
        print("nothing written, no branch")
        return NO_CHANGE
    published = tree.parent / f"published-{version}.json"
    published.write_bytes(publication.raw)  # read once: bump vendors exactly what was compared
    env = tree_env(tree, repo, version)
    revendor(tree, env, entry.package, version, published, publication.source)
    tests = run_tests(tree, env, version) if with_tests else None
    status = status_of(changes, tests)
    render = functools.partial(
        render_report,
        version=version,
        verdict=STATUS_NAMES[status],
        changes=changes,
        vendored_label=vendored.label,
        source=publication.source,
        published_sha256=sha256_hex(publication.raw),
        package=entry.package,
        tests=tests,
        fingerprint=judgement.fingerprint,
    )
    report, full = render(), render(limit=None)
    (tree / report_name(version)).write_text(report)
    if full != report:  # the pull request's body is capped; the whole report is kept beside it
        (tree / report_name(version, FULL_SUFFIX)).write_text(full)
    title = report.splitlines()[0].removeprefix("# ")
    branch = commit_and_branch(repo, tree, version, title, judgement.fingerprint)
    print(f"branch: {branch}")
    print(f"report: {report_name(version)} (on the branch: git show {branch}:{report_name(version)})")
    print(f"status: {status} ({STATUS_NAMES[status]})")
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts upstream-watch",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("spec", help="the document HubSpot publishes now (path or URL)")
    parser.add_argument("--version", help="the registered version it is the document of (default: its own)")
    parser.add_argument("--repo", type=Path, default=REPO, help="the repository (default: this checkout)")
    parser.add_argument("--no-test", action="store_true", help="skip the tests on the regenerated tree")
    args = parser.parse_args(argv)
    try:
        with signals_raise():
            return watch(args.repo.resolve(), args.spec, args.version, not args.no_test)
    except Terminated as error:
        return fail(f"{error}; the worktree removed, nothing written, no branch", 128 + error.number)
    except Usage as error:
        return fail(f"{error}; nothing written", USAGE)
    except (Failed, InputError, OSError, ValueError) as error:  # ValueError: SourceError, RegistryError, and
        # a schema normalization refuses (SpellingError): the publication cannot be compared
        return fail(f"{error}; nothing written, no branch", FAILED)


def fail(message: str, status: int) -> int:
    print(f"python -m scripts upstream-watch: {one_line(message)}", file=sys.stderr)
    return status
