"""The upstream watch's defects found by the review of issue 17 (F1, F4 to F11; F2 and F3, the workflow's
steps, are in test_upstream_watch_workflow.py), each reproduced as the reviewer did and now held."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from scripts import _spec_io, upstream_watch
from scripts import registry as reg
from scripts._spec_io import SourceError
from scripts.apidiff import _load as apidiff_load
from scripts.apidiff import parse_spec
from scripts.registry_module import version_facts
from scripts.upstream_watch_facts import document_facts
from scripts.upstream_watch_fetch import read_url
from scripts.upstream_watch_report import FINGERPRINT_MARKER, render_report
from tests.pipeline.test_upstream_watch import (
    REPORT,
    VERSION,
    clone_with_baseline,
    env_for,
    git,
    on_branch,
    publication,
    watch,
)
from tests.support.paths import REPO

WORKFLOW = REPO / ".github" / "workflows" / "upstream.yml"
PR_LIMIT = 65536  # GitHub refuses a pull request body longer than this
FULL_REPORT = f"openapi/upstream-{VERSION}-full.md"


# -- F1 -------------------------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.subprocess
def test_a_patch_body_gaining_required_fields_is_a_change(tmp_path: Path) -> None:
    """07 -> 06: update_staging_token's body requires accountName and deliveryIdentifier again. Re-vendoring
    changes facade/hubspot_channels/_registry.py (required_fields: the facade refuses the call without them),
    yet the watch compares the normalized documents only, where the list is dropped: 'no change'."""
    clone = clone_with_baseline(tmp_path, 7)
    run = watch(clone, publication(6), "--no-test")
    assert run.returncode == upstream_watch.BREAKING, run.stdout + run.stderr
    report = on_branch(clone, REPORT)
    breaking = report.split("#### breaking", 1)[1].split("####", 1)[0]
    for name in ("accountName", "deliveryIdentifier"):
        assert f"PublicChannelAccountStagingTokenUpdateRequest/properties/{name}" in breaking
    registry = on_branch(clone, "facade/hubspot_channels/_registry.py")
    assert "'update_staging_token': ('account_name', 'delivery_identifier')" in registry.replace('"', "'")


@pytest.mark.slow
@pytest.mark.subprocess
def test_a_patch_body_losing_required_fields_is_a_safe_change(tmp_path: Path) -> None:
    """06 -> 07, the other direction: the facade may drop its check; non-breaking, exit 10."""
    clone = clone_with_baseline(tmp_path, 6)
    run = watch(clone, publication(7), "--no-test")
    assert run.returncode == upstream_watch.SAFE, run.stdout + run.stderr
    assert "`request-property-became-optional`" in on_branch(clone, REPORT)


def test_the_watchs_registry_facts_are_those_the_registry_module_writes() -> None:
    """document_facts (from a document in memory) is registry_module.version_facts (from the vendored file),
    for every registered version: the watch judges what re-vendoring would write into _registry.py."""
    registry = reg.parse(json.loads((REPO / "openapi" / "registry.json").read_text()))
    for version in registry.versions:
        document = json.loads((REPO / "openapi" / version.document).read_text())
        assert document_facts(registry, version, document) == version_facts(registry, version), version.id


# -- F4, F5: make upstream-watch with a URL ---------------------------------------------------------------------


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def make_watch(tmp_path: Path, spec: str, target: str = "upstream-watch") -> subprocess.CompletedProcess[str]:
    """make upstream-watch in a clone, with this checkout's venv (a stamp newer than the clone's pyproject)."""
    clone = tmp_path / "repo"
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True)
    shutil.copy2(REPO / "Makefile", clone / "Makefile")  # the recipes under test, committed or not
    shutil.copytree(REPO / "scripts", clone / "scripts", dirs_exist_ok=True)
    stamp = tmp_path / "stamp"
    stamp.touch()
    venv = Path(sys.executable).parent.parent
    return subprocess.run(
        ["make", "--no-print-directory", target, f"VENV={venv}", f"STAMP={stamp}", f"SPEC={spec}"],
        cwd=clone, env=env_for(clone), capture_output=True, text=True, check=False,
    )  # fmt: skip


@pytest.mark.subprocess
def test_make_upstream_watch_does_not_print_the_urls_secret(tmp_path: Path) -> None:
    run = make_watch(tmp_path, f"http://127.0.0.1:{closed_port()}/x.json?a=1&token=s3cr3t-value")
    assert run.returncode != 0
    assert "s3cr3t" not in run.stdout + run.stderr, run.stdout + run.stderr


@pytest.mark.subprocess
def test_make_check_upstream_neither_echoes_nor_splits_the_url(tmp_path: Path) -> None:
    """make check-upstream: the recipe is echoed with "$SPEC", not the URL, which reaches the script whole (both
    query names, unsplit at & and unglobbed, in its error, whose values it redacts)."""
    url = f"http://127.0.0.1:{closed_port()}/x.json?a=1&b=*"
    run = make_watch(tmp_path, url, "check-upstream")
    assert run.returncode != 0, run.stdout + run.stderr
    assert '--published "$SPEC"' in run.stdout, run.stdout  # the line make echoes names the variable
    assert f"{url.split('?')[0]}?a=REDACTED&b=REDACTED:" in run.stderr, run.stderr


@pytest.mark.subprocess
def test_make_upstream_watch_with_two_query_parameters_fails_as_the_watch_fails(tmp_path: Path) -> None:
    """The URL cannot be read (nothing listens): the watch exits 1, make must fail. The recipe leaves $(SPEC)
    unquoted, so the shell splits at '&': the watch runs in the background, make exits 0."""
    url = f"http://127.0.0.1:{closed_port()}/x.json?a=1&token=s3cr3t-value"
    run = make_watch(tmp_path, url)
    assert run.returncode != 0, run.stdout + run.stderr
    # the whole URL reached the watch (redacted in its message), not a part cut at '&'
    assert "/x.json?a=REDACTED&token=REDACTED: cannot be read" in run.stderr, run.stderr
    assert "exit status 1" in run.stderr


# -- F6: the worktree on SIGTERM --------------------------------------------------------------------------------


def processes_in(directory: Path) -> list[int]:
    """The processes whose working directory is inside directory (Linux's /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and Path(os.readlink(entry / "cwd")).is_relative_to(directory):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


@pytest.mark.slow
@pytest.mark.subprocess
@pytest.mark.skipif(not Path("/proc/self/cwd").exists(), reason="finds the children through /proc")
def test_a_terminated_watch_leaves_no_worktree_and_no_child(tmp_path: Path) -> None:
    """SIGTERM while the re-vendoring child (make, the generator) runs in the watch's worktree: the
    worktree is removed, its directory too, the child's process group is ended, one line says why."""
    clone = clone_with_baseline(tmp_path, 10)
    command = [sys.executable, "-m", "scripts", "upstream-watch", str(publication(11))]
    process = subprocess.Popen(command, cwd=clone, env=env_for(clone), start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)  # fmt: skip
    tree: Path | None = None
    try:
        while process.poll() is None and tree is None:
            listed = git(clone, "worktree", "list", "--porcelain").split("worktree ")[2:]
            worktree = Path(listed[0].splitlines()[0]) if listed else None
            if worktree and (worktree.parent / f"published-{VERSION}.json").exists():
                tree = worktree  # the watch wrote the copy bump vendors: the child starts now
            time.sleep(0.05)
        assert tree is not None and process.poll() is None, "the watch ended before re-vendoring"
        process.send_signal(signal.SIGTERM)
        status = process.wait()
        left = git(clone, "worktree", "list")
        children = processes_in(tree.parent)
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        for line in git(clone, "worktree", "list", "--porcelain").splitlines():
            path = line.removeprefix("worktree ")
            if line.startswith("worktree ") and Path(path) != clone:
                subprocess.run(["git", "worktree", "remove", "--force", path], cwd=clone, check=False)
                shutil.rmtree(Path(path).parent, ignore_errors=True)
        subprocess.run(["git", "worktree", "prune"], cwd=clone, check=False)
    assert left.count("\n") == 1, left
    assert not tree.parent.exists()
    assert children == []
    assert status == 128 + signal.SIGTERM
    assert process.stderr is not None
    err = process.stderr.read()
    assert err.count("\n") == 1 and "stopped by SIGTERM" in err, err


# -- F7: the report as a pull request body ----------------------------------------------------------------------


def test_the_report_of_a_big_republication_fits_a_pull_request_body() -> None:
    """A republication adding 400 properties, one of them required (10 -> 11 had 37 rows in 16 kB): the
    pull request's body keeps every breaking row and the fingerprint, leaves the non-breaking ones out with a
    note naming the whole report, which (limit=None, as the watch writes it beside) keeps every row."""
    vendored_path = REPO / "openapi" / f"custom-channels-{VERSION}.json"
    document = json.loads(vendored_path.read_text())
    schema = next(s for s in document["components"]["schemas"].values() if s.get("properties"))
    for index in range(400):
        schema["properties"][f"addedProperty{index}"] = {"type": "string"}
    schema["required"] = [*schema.get("required", []), "addedProperty0"]  # one breaking row
    raw = json.dumps(document).encode()
    published = upstream_watch.Publication("published.json", raw, document)
    vendored = parse_spec("HEAD:vendored", vendored_path.read_bytes())
    changes = upstream_watch.published_changes(REPO, vendored, published)
    assert len(changes) >= 400
    report = render_report(version=VERSION, verdict="safe change", changes=changes, vendored_label="v",
                           source="published.json", published_sha256="0" * 64, package="a.b",
                           tests=None, fingerprint="f" * 64)  # fmt: skip
    assert len(report) <= PR_LIMIT, len(report)
    assert f"<!-- {FINGERPRINT_MARKER} {'f' * 64} -->" in report
    breaking = [change for change in changes if change.level.value == "breaking"]
    assert breaking and all(f"`{change.pointer}`" in report for change in breaking)
    assert f"`{FULL_REPORT}` on this branch" in report and "addedProperty399" not in report
    whole = render_report(version=VERSION, verdict="safe change", changes=changes, vendored_label="v",
                          source="published.json", published_sha256="0" * 64, package="a.b", tests=None,
                          limit=None)  # fmt: skip
    assert len(whole) > PR_LIMIT and all(f"addedProperty{index}`" in whole for index in range(400))


@pytest.mark.slow
@pytest.mark.subprocess
def test_the_watch_keeps_the_whole_report_beside_a_capped_one(tmp_path: Path) -> None:
    clone = clone_with_baseline(tmp_path, 10)
    document = json.loads(publication(11).read_text())
    schema = next(s for s in document["components"]["schemas"].values() if s.get("properties"))
    for index in range(400):
        schema["properties"][f"addedProperty{index}"] = {"type": "string"}
    big = tmp_path / "big.json"
    big.write_text(json.dumps(document))
    run = watch(clone, big, "--no-test")
    assert run.returncode == upstream_watch.BREAKING, run.stdout + run.stderr
    capped, whole = on_branch(clone, REPORT), on_branch(clone, FULL_REPORT)
    assert len(capped) <= PR_LIMIT < len(whole) and "addedProperty399`" in whole


# -- F8: the default branch on a schedule -------------------------------------------------------------------------


def test_the_upstream_workflow_does_not_take_the_base_from_the_event_payload() -> None:
    """The workflow runs on schedule: that event's payload carries no repository, so BASE is empty there."""
    assert "github.event.repository" not in WORKFLOW.read_text()


# -- F9: the codegen rows come from the working tree, the branch from HEAD ----------------------------------------


@pytest.mark.slow
@pytest.mark.subprocess
def test_the_codegen_rows_are_those_of_the_committed_facade(tmp_path: Path) -> None:
    """40 -> 01 removes a generated field the facade reads at HEAD (a codegen row). With the facade edited
    but not committed, the report (on a branch built from HEAD) says 0 codegen."""
    clone = clone_with_baseline(tmp_path, 40)
    for module in (clone / "facade" / "hubspot_channels").glob("*.py"):  # edited, not committed
        module.write_text(module.read_text().replace("sender_actor_id", "sender_actor_idx"))
    run = watch(clone, publication(1), "--no-test")
    assert run.returncode == upstream_watch.BREAKING, run.stdout + run.stderr
    assert "1 codegen" in on_branch(clone, REPORT)


# -- F10: the size of what is read from a URL ---------------------------------------------------------------------


@contextmanager
def serving(body: bytes, status: int = 200, location: str | None = None) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(status)
            if location:
                self.send_header("Location", location.format(port=self.server.server_port))
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/customChannels.json"
    finally:
        server.shutdown()
        server.server_close()


def test_a_huge_publication_is_refused_before_it_is_read_whole() -> None:
    """40 MiB (HubSpot's document is ~0.2 MiB), announced by Content-Length: refused before reading."""
    body = b" " * (40 << 20) + (REPO / "openapi" / f"custom-channels-{VERSION}.json").read_bytes()
    with serving(body) as url, pytest.raises(SourceError, match="announced, more than the 20971520"):
        upstream_watch.read_publication(url)


@contextmanager
def streaming(chunks: int, chunk: bytes) -> Iterator[str]:
    """A body without Content-Length, sent in chunks until the client hangs up (as a proxy may)."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def do_GET(self) -> None:
            self.send_response(200)
            self.end_headers()
            try:
                for _ in range(chunks):
                    self.wfile.write(chunk)
                    self.wfile.flush()
            except OSError:
                pass

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/customChannels.json?token=s3cr3t"
    finally:
        server.shutdown()
        server.server_close()


def test_an_unannounced_body_is_cut_at_the_byte_limit() -> None:
    with streaming(64, b" " * (1 << 16)) as url, pytest.raises(SourceError) as refused:
        read_url(url, limit=1 << 20)
    assert "more than the 1048576 bytes accepted" in str(refused.value) and "s3cr3t" not in str(refused.value)


@pytest.mark.parametrize(
    "read",
    [_spec_io.read_source, lambda url: apidiff_load.read_source(url)],
    ids=["vendor-and-bump", "diff-and-check-upstream"],
)
def test_every_command_reads_a_url_bounded(read: Callable[[str], bytes]) -> None:
    """vendor, bump, diff and ci check-upstream read a URL as the watch does: an endless body is refused at
    MAX_BYTES, in one line without the URL's secret, not read until memory runs out."""
    with streaming(10_000, b" " * (1 << 16)) as url, pytest.raises(Exception) as refused:  # 655 MB offered
        read(url)
    message = str(refused.value)
    assert isinstance(refused.value, (SourceError, apidiff_load.InputError))
    assert f"more than the {_spec_io.MAX_BYTES} bytes accepted" in message and "s3cr3t" not in message


def test_a_local_document_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    huge = tmp_path / "huge.json"
    with huge.open("wb") as out:
        out.truncate(_spec_io.MAX_BYTES + 1)  # sparse: no disk used
    with pytest.raises(SourceError, match="20971521 bytes, more than the 20971520 accepted"):
        _spec_io.read_source(str(huge))


def test_a_download_is_given_up_at_the_deadline() -> None:
    """A slow body within the byte limit: given up once the (injected) clock passes the deadline."""
    ticks = iter(range(0, 10_000, 100))
    with streaming(16, b" " * (1 << 16)) as url, pytest.raises(SourceError, match="not read within 120 s"):
        read_url(url, clock=lambda: float(next(ticks)))


# -- F11: one line on stderr --------------------------------------------------------------------------------------


def test_a_redirect_loop_is_a_one_line_failure(capsys: pytest.CaptureFixture[str]) -> None:
    with serving(b"", status=302, location="http://127.0.0.1:{port}/again?sig=s3cr3t") as url:
        status = upstream_watch.main([url, "--repo", str(REPO)])
    err = capsys.readouterr().err
    assert status == upstream_watch.FAILED
    assert err.count("\n") == 1 and "s3cr3t" not in err, err
