"""The GitHub workflows (.github/workflows): they pass actionlint and zizmor as make lint-workflows (part of
make test) runs them, each linter fails a workflow with the mistake it exists for (so the check can fail),
and the hardening the README promises holds whatever the linters' versions check."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.paths import REPO

# The linters make lint-workflows runs (make test), from this venv (the dev extra pins them).
BIN = Path(sys.executable).parent
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
LINTERS = {
    "actionlint": [str(BIN / "actionlint"), "-no-color", "-shellcheck", str(BIN / "shellcheck")],
    "zizmor": [str(BIN / "zizmor"), "--offline", "--no-progress", "--strict-collection"],
}
# A mistake each linter exists for, and the rule it names: a misspelt key and a matrix value that does not
# exist; an action followed by tag and an issue title pasted into a shell script.
BROKEN = {
    "actionlint": (
        "syntax-check",
        """
on: push
permissions: {}
jobs:
  test:
    runs-on: ubuntu-24.04
    strategy:
      matrix:
        python: ["3.11"]
    step:
      - run: echo "${{ matrix.pyhton }}"
""",
    ),
    "zizmor": (
        "template-injection",
        """
on: issues
permissions: {}
jobs:
  greet:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v7
        with:
          persist-credentials: false
      - run: echo "${{ github.event.issue.title }}"
""",
    ),
}


def lint(tool: str, *paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*LINTERS[tool], *map(str, paths)], cwd=REPO, capture_output=True, text=True, check=False
    )


@pytest.mark.subprocess
@pytest.mark.parametrize("tool", sorted(LINTERS))
def test_the_workflows_pass_each_linter(tool: str) -> None:
    assert [path.name for path in WORKFLOWS] == ["ci.yml", "upstream.yml"]
    run = lint(tool, *WORKFLOWS)
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.subprocess
@pytest.mark.parametrize("tool", sorted(LINTERS))
def test_a_broken_workflow_fails_each_linter(tool: str, tmp_path: Path) -> None:
    rule, text = BROKEN[tool]
    workflow = tmp_path / "broken.yml"
    workflow.write_text(text.lstrip())
    run = lint(tool, workflow)
    assert run.returncode != 0 and rule in run.stdout + run.stderr, run.stdout + run.stderr


def test_the_workflows_follow_the_hardening_advice() -> None:
    """Independent of the linters' versions: every action pinned by a full commit SHA with its version in a
    comment, permissions granted per job from none (ci: read only), no expression inside a run: script."""
    pinned = re.compile(r"^\s*(?:- )?uses: [\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")
    for path in WORKFLOWS:
        text = path.read_text()
        uses = [line for line in text.splitlines() if re.match(r"^\s*(- )?uses:", line)]
        assert uses and all(pinned.match(line) for line in uses), (path.name, uses)
        assert re.search(r"^permissions:( \{\}|\n  contents: read\b)", text, re.MULTILINE), path.name
        for script in run_scripts(text):
            assert "${{" not in script, (path.name, script)
    upstream = (REPO / ".github" / "workflows" / "upstream.yml").read_text()
    assert "upstream-watch" in upstream and "gh pr create" in upstream and "gh pr edit" in upstream
    # The review of issue 17: facts, not bytes; never a bare force-push; closed PRs looked up; no base
    # branch from the event payload (a schedule's has no repository).
    assert "upstream-watch facts:" in upstream and "--force-with-lease=" in upstream
    assert "push --force " not in upstream and "--state all" in upstream
    assert "github.event.repository" not in upstream and "defaultBranchRef" in upstream
    assert "bash .ci/run" in (REPO / ".github" / "workflows" / "ci.yml").read_text()


def run_scripts(text: str) -> list[str]:
    """The run: values of a workflow (one line, or the indented block after `run: |`)."""
    scripts, lines = [], text.splitlines()
    for index, line in enumerate(lines):
        found = re.match(r"^(\s*)(?:- )?run: ?(.*)$", line)
        if not found:
            continue
        if found.group(2) not in ("|", ">"):
            scripts.append(found.group(2))
            continue
        indent = len(found.group(1))
        taken = []
        for later in lines[index + 1 :]:
            if later.strip() and len(later) - len(later.lstrip()) <= indent:
                break
            taken.append(later)
        scripts.append("\n".join(taken))
    return scripts
