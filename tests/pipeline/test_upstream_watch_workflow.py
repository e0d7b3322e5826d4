"""upstream.yml's pull-request steps, run as written (bash -eo pipefail, as GitHub runs them) after the
watch, each day in a fresh shallow checkout of a local bare origin, against a fake `gh` that keeps the pull
requests in a JSON file. They compare the facts (the watch's fingerprint), not the bytes (review of issue 17,
F2 and F3): a republication with the same facts pushes nothing, a branch holding a maintainer's commits is
never replaced, a pull request closed for the same facts is not opened again, and an open one is closed when
HubSpot states the vendored facts again."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
import yaml

from scripts import upstream_watch
from tests.pipeline.test_upstream_watch import (
    BRANCH,
    REPORT,
    VERSION,
    clone_with_baseline,
    git,
    publication,
    watch,
)
from tests.support.paths import REPO

WORKFLOW = REPO / ".github" / "workflows" / "upstream.yml"
PR_STEP = "Open or update the pull request"
CLOSE_STEP = "Close the pull request HubSpot's document no longer calls for"

# gh as the steps use it; the pull requests of the fake repository live in $GH_STATE.
FAKE_GH = r"""#!/usr/bin/env python3
import json, os, sys
args = sys.argv[1:]
with open(os.environ["GH_LOG"], "a") as log:
    log.write("gh " + " ".join(args) + "\n")
path = os.environ["GH_STATE"]
prs = json.load(open(path)) if os.path.exists(path) else []
def option(name):
    return args[args.index(name) + 1] if name in args else None
def numbered():
    return next(pr for pr in prs if pr["number"] == int(args[2]))
verb = " ".join(args[:2])
if verb == "auth setup-git":
    pass
elif verb == "repo view":
    print(json.dumps({"defaultBranchRef": {"name": "main"}}))
elif verb == "pr list":
    state = (option("--state") or "open").upper()
    print(json.dumps([pr for pr in prs if pr["head"] == option("--head") and state in ("ALL", pr["state"])]))
elif verb == "pr create":
    body = open(option("--body-file")).read()
    prs.append({"number": len(prs) + 1, "state": "OPEN", "head": option("--head"), "base": option("--base"),
                "title": option("--title"), "body": body, "comments": []})
elif verb == "pr edit":
    numbered().update(title=option("--title"), body=open(option("--body-file")).read())
elif verb == "pr view":
    print(json.dumps({"comments": [{"body": body} for body in numbered()["comments"]]}))
elif verb == "pr comment":
    numbered()["comments"].append(open(option("--body-file")).read())
elif verb == "pr close":
    numbered().update(state="CLOSED")
    numbered()["comments"].append(option("--comment") or "")
else:
    sys.exit(1)
json.dump(prs, open(path, "w"))
"""


def step_script(name: str) -> str:
    steps = yaml.safe_load(WORKFLOW.read_text())["jobs"]["watch"]["steps"]
    return str(next(step["run"] for step in steps if step.get("name") == name))


class Runner:
    """Each day a fresh shallow checkout of origin, the watch, then the workflow's steps as written."""

    def __init__(self, tmp_path: Path, baseline: int) -> None:
        self.tmp = tmp_path
        seed = clone_with_baseline(tmp_path / "seed", baseline)
        self.origin = tmp_path / "origin.git"
        subprocess.run(["git", "clone", "-q", "--bare", str(seed), str(self.origin)], check=True)
        self.bin = tmp_path / "bin"
        self.bin.mkdir()
        (self.bin / "gh").write_text(FAKE_GH)
        (self.bin / "gh").chmod(0o755)
        self.log = tmp_path / "gh.log"
        self.state = tmp_path / "pull-requests.json"
        self.days = 0

    def day(self, number: int) -> int:
        self.days += 1
        checkout = self.tmp / f"runner{self.days}"
        subprocess.run(
            ["git", "clone", "-q", "--depth", "1", self.origin.as_uri(), str(checkout)], check=True
        )
        git(checkout, "config", "user.name", "bot")
        git(checkout, "config", "user.email", "bot@invalid")
        status = watch(checkout, publication(number), "--version", VERSION, "--no-test").returncode
        assert status in (upstream_watch.NO_CHANGE, upstream_watch.SAFE, upstream_watch.BREAKING), status
        temp = self.tmp / f"temp{self.days}"
        temp.mkdir()
        script = temp / "step.sh"
        script.write_text(step_script(CLOSE_STEP if status == upstream_watch.NO_CHANGE else PR_STEP))
        env = os.environ | {
            "PATH": f"{self.bin}{os.pathsep}{os.environ['PATH']}",
            "VERSION": VERSION,
            "RUNNER_TEMP": str(temp),
            "GH_LOG": str(self.log),
            "GH_STATE": str(self.state),
        }
        run = subprocess.run(["bash", "-eo", "pipefail", str(script)], cwd=checkout, env=env,
                             capture_output=True, text=True, check=False)  # fmt: skip
        assert run.returncode == 0, run.stdout + run.stderr
        return status

    def pull_requests(self) -> list[dict[str, object]]:
        return list(json.loads(self.state.read_text())) if self.state.is_file() else []

    def gh_calls(self, verb: str) -> int:
        lines = self.log.read_text().splitlines() if self.log.is_file() else []
        return sum(line.startswith(f"gh pr {verb} ") for line in lines)

    def origin_git(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["git", "--git-dir", str(self.origin), *args], capture_output=True, text=True,
                              check=False)  # fmt: skip


@pytest.mark.slow
@pytest.mark.subprocess
def test_a_republication_with_the_same_facts_keeps_the_maintainers_fix(tmp_path: Path) -> None:
    """11 and 12 state the same facts (one cosmetic row apart; HubSpot republished ~28 times like that in
    the week after 11): nothing is pushed over the adapter fix a maintainer pushed onto the branch, as the
    report tells them to. 01 states other facts: the branch is still not replaced (its tip is not a watch
    commit); the pull request gets one comment saying so, on that day only."""
    runner = Runner(tmp_path, 10)
    assert runner.day(11) == upstream_watch.BREAKING
    [opened] = runner.pull_requests()
    assert opened["base"] == "main" and str(opened["title"]).startswith(f"API {VERSION}: BREAKING")
    assert "<!-- upstream-watch facts: " in str(opened["body"])
    maintainer = tmp_path / "maintainer"
    subprocess.run(["git", "clone", "-q", runner.origin.as_uri(), str(maintainer)], check=True)
    git(maintainer, "checkout", "-q", BRANCH)
    with (maintainer / "facade" / "hubspot_channels" / "_adapter_profiles.py").open("a") as module:
        module.write("# the fix\n")
    git(maintainer, "commit", "-qam", "absorb the security change")
    git(maintainer, "push", "-q", "origin", BRANCH)
    fix = git(maintainer, "rev-parse", "HEAD").strip()

    runner.day(12)
    assert runner.origin_git("rev-parse", BRANCH).stdout.strip() == fix
    assert (runner.gh_calls("edit"), runner.gh_calls("comment")) == (0, 0)

    for _ in range(2):
        assert runner.day(1) == upstream_watch.BREAKING
        assert runner.origin_git("rev-parse", BRANCH).stdout.strip() == fix
    [kept] = runner.pull_requests()
    assert kept["body"] == opened["body"] and kept["state"] == "OPEN"
    assert len(kept["comments"]) == 1 and "was not replaced" in str(kept["comments"][0])  # type: ignore[arg-type]


@pytest.mark.slow
@pytest.mark.subprocess
def test_a_closed_pull_request_is_not_opened_again_for_the_same_publication(tmp_path: Path) -> None:
    runner = Runner(tmp_path, 10)
    runner.day(11)
    assert runner.gh_calls("create") == 1
    runner.state.write_text(json.dumps([pr | {"state": "CLOSED"} for pr in runner.pull_requests()]))
    runner.day(11)  # next day, HubSpot still publishes 11: the maintainer declined these facts
    runner.day(12)  # and the same facts again, republished
    assert runner.gh_calls("create") == 1


@pytest.mark.slow
@pytest.mark.subprocess
def test_facts_replaced_by_the_watch_update_the_pull_request_and_a_revert_closes_it(tmp_path: Path) -> None:
    """The branch's tip is the watch's own commit: other facts replace it (with a lease) and the pull
    request's body; when HubSpot publishes the vendored facts again, the open pull request is closed."""
    runner = Runner(tmp_path, 10)
    runner.day(11)
    first = runner.origin_git("rev-parse", BRANCH).stdout.strip()
    runner.day(1)
    second = runner.origin_git("rev-parse", BRANCH).stdout.strip()
    assert second != first and runner.gh_calls("edit") == 1
    [updated] = runner.pull_requests()
    report = runner.origin_git("show", f"{BRANCH}:{REPORT}").stdout
    assert updated["body"] == report and updated["state"] == "OPEN"
    assert runner.day(10) == upstream_watch.NO_CHANGE
    [closed] = runner.pull_requests()
    assert closed["state"] == "CLOSED" and "states the vendored facts again" in str(closed["comments"])
    assert runner.origin_git("rev-parse", BRANCH).stdout.strip() == second  # the branch is kept
