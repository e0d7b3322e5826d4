"""``python -m scripts upstream-watch`` (make upstream-watch), the scheduled job's loop without GitHub, run
against real publications of 2026-03 from ../shared, each in a throwaway clone of this repository (its
working tree as it is, then the vendored 2026-03 document set back to an older publication and committed):

- 04 -> 05 differs in prose only: "no change", exit 0, no branch, nothing written;
- 10 -> 11 locks private-app clients out (security alternatives removed, scopes added): exit 20, a branch
  with the re-vendored document, the regenerated package and the report (breaking rows first), the
  facade's suite run on it; the checkout stays as it was;
- 02 -> 03 adds an optional request property: exit 10 (served over HTTP, the URL's token never recorded);
- a publication that cannot be generated: exit 1, no branch, no worktree left.

The README's example report (scripts/upstream_watch_example.md) is the 10 -> 11 report as written here.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from scripts import upstream_watch
from scripts.normalize import normalize
from tests.support.paths import HISTORY, REPO, SPECS

VERSION = "2026-03"
BRANCH = f"upstream-watch/{VERSION}"
REPORT = f"openapi/upstream-{VERSION}.md"
EXAMPLE = REPO / "scripts" / "upstream_watch_example.md"
# How the example names the publication (the clone's own path to it differs from machine to machine).
EXAMPLE_SOURCE = "../shared/hubspot-specs/custom-channels/history-2026-03/{name}"
IDENTITY = ("-c", "user.name=test", "-c", "user.email=test@invalid")


def publication(number: int) -> Path:
    found = [path for path in HISTORY if path.name.startswith(f"{number:02d}_")]
    if not found:
        pytest.skip(f"publication {number:02d} of 2026-03 is not in ../shared")
    return found[0]


def env_for(clone: Path) -> dict[str, str]:
    """The clone's packages first on the path (ahead of this checkout's editable install)."""
    paths = [str(clone / "facade"), str(clone / "generated"), str(clone)]
    return os.environ | {"PYTHONPATH": os.pathsep.join(paths), "PYTHONDONTWRITEBYTECODE": "1"}


def git(clone: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *IDENTITY, *args], cwd=clone, capture_output=True, text=True, check=True
    ).stdout


# One seed clone per baseline per process (its own temporary folder, removed at exit); each test gets a copy.
_SEEDS: dict[int, Path] = {}


def clone_with_baseline(tmp_path: Path, baseline: int) -> Path:
    """A git clone of this repository with its working tree as it is (uncommitted work included), the
    vendored 2026-03 document set back to publication `baseline`, committed: a copy of the process's seed
    for that baseline (cloning, copying the tree and vendoring cost seconds, and 13 tests ask for one)."""
    seed = _SEEDS.get(baseline)
    if seed is None:
        folder = Path(tempfile.mkdtemp(prefix=f"upstream-watch-seed-{baseline:02d}-"))
        atexit.register(shutil.rmtree, folder, True)
        seed = _SEEDS[baseline] = _seed_clone(folder, baseline)
    clone = tmp_path / "repo"
    shutil.copytree(seed, clone, symlinks=True)
    return clone


def _seed_clone(folder: Path, baseline: int) -> Path:
    clone = folder / "repo"
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True)
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"],
        cwd=REPO, capture_output=True, text=True, check=True,
    ).stdout.split("\0")  # fmt: skip
    for name in filter(None, listed):
        if (REPO / name).is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, clone / name)
    git(clone, "add", "-A")
    git(clone, "commit", "-q", "--allow-empty", "-m", "the working tree under test")
    vendor = [sys.executable, "-m", "scripts", "vendor", str(publication(baseline)), "--version", VERSION]
    subprocess.run(vendor, cwd=clone, env=env_for(clone), capture_output=True, check=True)
    git(clone, "commit", "-q", "-am", f"2026-03 as publication {baseline:02d}")
    return clone


def watch(clone: Path, source: Path | str, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scripts", "upstream-watch", str(source), *extra],
        cwd=clone, env=env_for(clone), capture_output=True, text=True, check=False,
    )  # fmt: skip


def checkout_state(clone: Path) -> tuple[str, str, str, str, str]:
    """Everything the watch must leave alone: the branch checked out, its commit, the working tree, the
    branches and the worktrees."""
    return (
        git(clone, "symbolic-ref", "HEAD"),
        git(clone, "rev-parse", "HEAD"),
        git(clone, "status", "--porcelain", "--untracked-files=all"),
        git(clone, "branch", "--format=%(refname)"),
        git(clone, "worktree", "list", "--porcelain"),
    )


def on_branch(clone: Path, path: str) -> str:
    return git(clone, "show", f"{BRANCH}:{path}")


@pytest.mark.slow
@pytest.mark.subprocess
def test_a_publication_differing_only_in_prose_is_no_change_and_creates_nothing(tmp_path: Path) -> None:
    old, new = publication(4), publication(5)
    assert old.read_bytes() != new.read_bytes()  # HubSpot did republish: the prose differs
    clone = clone_with_baseline(tmp_path, 4)
    before = checkout_state(clone)
    run = watch(clone, new)
    assert run.returncode == upstream_watch.NO_CHANGE, run.stdout + run.stderr
    assert run.stdout.startswith("no change:") and "nothing written, no branch" in run.stdout
    assert checkout_state(clone) == before
    assert "upstream-watch" not in git(clone, "branch", "--all")


@pytest.mark.slow
@pytest.mark.subprocess
def test_a_breaking_publication_gets_a_branch_with_the_new_package_and_the_report(tmp_path: Path) -> None:
    new = publication(11)
    clone = clone_with_baseline(tmp_path, 10)
    before = checkout_state(clone)
    run = watch(clone, new)
    assert run.returncode == upstream_watch.BREAKING, run.stdout + run.stderr
    assert f"branch: {BRANCH}\n" in run.stdout and "status: 20 (breaking)" in run.stdout

    # The checkout is as it was: same branch, same commit, clean tree, no worktree left; one branch more.
    head, commit, status, branches, worktrees = checkout_state(clone)
    assert (head, commit, status, worktrees) == (before[0], before[1], before[2], before[4])
    assert set(branches.split()) == {*before[3].split(), f"refs/heads/{BRANCH}"}

    changed = set(git(clone, "diff", "--name-only", "HEAD", BRANCH).split())
    package = "generated/hubspot_channels_api/v2026_03"
    assert {
        f"openapi/custom-channels-{VERSION}.json",
        f"openapi/custom-channels-{VERSION}.provenance.json",
        f"{package}/openapi.json",
        f"{package}/provenance.json",
        REPORT,
    } <= changed
    assert all(
        name.startswith(("openapi/", "generated/", "facade/hubspot_channels/_registry")) for name in changed
    )
    provenance = on_branch(clone, f"openapi/custom-channels-{VERSION}.provenance.json")
    assert json.loads(provenance)["published_sha256"] == hashlib.sha256(new.read_bytes()).hexdigest()
    assert json.loads(provenance)["source"] == str(new)  # as given, not the watch's temporary copy
    assert on_branch(clone, f"{package}/provenance.json") == provenance
    # The package is regenerated from the re-vendored document (generate keeps its normalized form beside it).
    vendored = json.loads(on_branch(clone, f"openapi/custom-channels-{VERSION}.json"))
    assert json.loads(on_branch(clone, f"{package}/openapi.json")) == normalize(vendored)

    report = on_branch(clone, REPORT)
    assert report.startswith(f"# API {VERSION}: BREAKING changes")
    order = ["## Tests", "#### breaking", "#### non-breaking", "<details><summary>cosmetic"]
    positions = [report.index(heading) for heading in order]
    assert positions == sorted(positions), positions
    assert "`api-security-removed`" in report.split("#### non-breaking")[0]
    assert "The facade's suite with the regenerated package" in report and ": passed:" in report
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        EXAMPLE.write_text(comparable(report, new, keep_counts=False))
    assert comparable(report, new) == EXAMPLE.read_text(), (
        f"{EXAMPLE.relative_to(REPO)} is not what the watch writes; if that is intended, rewrite it:\n"
        f"    UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest {Path(__file__).relative_to(REPO)}"
    )


def comparable(report: str, source: Path, *, keep_counts: bool = True) -> str:
    """The report as the committed example has it: the publication named as from the repo root, and the
    facade suite's counts as the example states them (they change with every facade test added)."""
    report = report.replace(str(source), EXAMPLE_SOURCE.format(name=source.name))
    counted = re.compile(r"^    \d+ passed.*$", re.MULTILINE)
    example_counts = counted.search(EXAMPLE.read_text()) if keep_counts and EXAMPLE.is_file() else None
    return counted.sub(example_counts.group(0), report) if example_counts else report


@contextmanager
def served(document: Path) -> Iterator[str]:
    """document over HTTP on 127.0.0.1 (whatever the path and query), as HubSpot's collection serves it."""
    body = document.read_bytes()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:  # quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/Custom%20Channels/2026-03/customChannels.json"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.slow
@pytest.mark.subprocess
def test_a_safe_publication_from_a_url_exits_10_and_records_no_secret(tmp_path: Path) -> None:
    clone = clone_with_baseline(tmp_path, 2)
    with served(publication(3)) as url:
        run = watch(clone, f"{url}?token=s3cr3t-value", "--no-test")
    assert run.returncode == upstream_watch.SAFE, run.stdout + run.stderr
    report = on_branch(clone, REPORT)
    assert report.startswith(f"# API {VERSION}: safe changes")
    assert "#### non-breaking" in report and "#### breaking" not in report
    assert "Not run (`--no-test`)." in report
    provenance = json.loads(on_branch(clone, f"openapi/custom-channels-{VERSION}.provenance.json"))
    assert provenance["source"] == f"{url}?token=REDACTED"
    assert f"`{url}?token=REDACTED`" in report
    assert "s3cr3t" not in run.stdout + run.stderr + report + git(clone, "log", "-p", "-1", BRANCH)


@pytest.mark.slow
@pytest.mark.subprocess
def test_a_failure_is_one_line_and_leaves_no_branch_and_no_worktree(tmp_path: Path) -> None:
    clone = clone_with_baseline(tmp_path, 10)
    # A publication no client can be generated from (a schema no value satisfies): refused when compared.
    document = json.loads(publication(11).read_text())
    schema = next(iter(document["components"]["schemas"].values()))
    schema.setdefault("properties", {})["impossible"] = {"type": "string", "minLength": 5, "maxLength": 2}
    unsatisfiable = tmp_path / "unsatisfiable.json"
    unsatisfiable.write_text(json.dumps(document))
    # The watch's branch checked out in another worktree: git refuses to move it, after everything else.
    git(clone, "worktree", "add", "-q", "-b", BRANCH, str(tmp_path / "elsewhere"))
    kept = git(clone, "rev-parse", BRANCH)
    before = checkout_state(clone)
    errors = []
    for source in (unsatisfiable, publication(11)):
        run = watch(clone, source, "--no-test")
        errors.append(run.stderr)
        assert run.returncode == upstream_watch.FAILED, run.stdout + run.stderr
        assert run.stderr.count("\n") == 1 and "no branch" in run.stderr, run.stderr
        assert checkout_state(clone) == before
        assert git(clone, "rev-parse", BRANCH) == kept
    assert "no value satisfies" in errors[0] and "cannot force update" in errors[1], errors


@pytest.mark.slow
@pytest.mark.subprocess
def test_a_document_of_another_version_is_a_usage_error(tmp_path: Path) -> None:
    nine = SPECS / "2026-09.json"
    if not nine.is_file():
        pytest.skip("2026-09's document is not in ../shared")
    clone = clone_with_baseline(tmp_path, 10)
    before = checkout_state(clone)
    run = watch(clone, nine, "--version", VERSION)
    assert run.returncode == upstream_watch.USAGE, run.stdout + run.stderr
    assert "SOURCE is not the document of 2026-03" in run.stderr
    assert checkout_state(clone) == before


def test_the_readme_shows_the_example_report() -> None:
    """Each run of the README's excerpt (runs are separated by a line "…") is a run of the example's lines."""
    readme = (REPO / "README.md").read_text()
    section = readme.split("## Watching HubSpot for changes\n", 1)[1]
    excerpt = section.split("```markdown\n", 1)[1].split("\n```\n", 1)[0]  # the section's one such block
    example = EXAMPLE.read_text()
    runs = ["\n".join(run).strip("\n") for run in split_on(excerpt.splitlines(), "…")]
    assert len(runs) >= 3 and runs[0].startswith("# API 2026-03: BREAKING")
    position = 0
    for run in filter(None, runs):
        found = example.find(run + "\n", position)
        assert found >= 0, f"not in {EXAMPLE.name} (in this order): {run[:200]}"
        position = found + len(run)


def split_on(lines: list[str], separator: str) -> list[list[str]]:
    runs: list[list[str]] = [[]]
    for line in lines:
        if line == separator:
            runs.append([])
        else:
            runs[-1].append(line)
    return runs
