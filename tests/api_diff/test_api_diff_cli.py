"""The command lines: python -m scripts diff and python -m scripts ci, on real publications."""

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scripts import ci_api_diff
from scripts.apidiff._cli import RULES_DOC, main, rules_doc_with_table
from tests.support.paths import REPO, SPECS

HISTORY = {path.name[:2]: path for path in (SPECS / "history-2026-03").glob("*.json")}
VENDORED = "openapi/custom-channels-2026-03.json"


def test_rules_doc_table_is_generated_from_the_registry() -> None:
    text = RULES_DOC.read_text()
    assert rules_doc_with_table(text) == text, "run: python -m scripts diff --update-rules-doc"


@pytest.mark.parametrize(
    ("old", "new", "fail_on", "status"),
    [
        ("10", "11", "breaking", 1),
        ("10", "11", "never", 0),
        ("02", "03", "breaking", 0),
        ("02", "03", "codegen", 1),
        ("04", "05", "non-breaking", 0),
        ("04", "05", "any", 1),
    ],
)
def test_exit_status_follows_fail_on(
    old: str, new: str, fail_on: str, status: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(HISTORY[old]), str(HISTORY[new]), "--fail-on", fail_on]) == status
    assert "API diff" in capsys.readouterr().out


def test_default_policy_fails_on_breaking_only(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(HISTORY["10"]), str(HISTORY["11"])]) == 1
    assert main([str(HISTORY["06"]), str(HISTORY["07"])]) == 0


def test_json_and_markdown_outputs(capsys: pytest.CaptureFixture[str]) -> None:
    main([str(HISTORY["10"]), str(HISTORY["11"]), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    # 13 private-app alternatives removed; 13 OAuth alternatives (read OR write) now need other scopes.
    assert report["summary"]["breaking"] == 26
    first = report["changes"][0]
    assert set(first) >= {"rule", "level", "pointer", "old", "new", "operations", "document"}
    main([str(HISTORY["10"]), str(HISTORY["11"]), "--format", "markdown"])
    markdown = capsys.readouterr().out
    assert "| `api-security-removed` |" in markdown and "<details>" in markdown


def test_usage_and_input_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "bad.json").write_text("{not json")
    assert main([str(tmp_path / "bad.json"), str(HISTORY["01"])]) == 2
    assert main([str(tmp_path / "missing.json"), str(HISTORY["01"])]) == 2
    with pytest.raises(SystemExit) as exit_info:
        main([str(HISTORY["01"])])
    assert exit_info.value.code == 2
    assert "error" in capsys.readouterr().err


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name, value in (
        ("GIT_AUTHOR_NAME", "t"),
        ("GIT_AUTHOR_EMAIL", "t@e"),
        ("GIT_COMMITTER_NAME", "t"),
        ("GIT_COMMITTER_EMAIL", "t@e"),
    ):
        monkeypatch.setenv(name, value)
    git(tmp_path, "init", "-q")
    (tmp_path / "openapi").mkdir()
    return tmp_path


def vendor(repo: Path, number: str, commit: bool = True) -> None:
    shutil.copyfile(HISTORY[number], repo / VENDORED)
    if commit:
        git(repo, "add", VENDORED)
        git(repo, "commit", "-q", "-m", f"vendor {number}")


def accept(repo: Path, *entries: dict[str, str]) -> None:
    (repo / ci_api_diff.ACCEPTED_FILE).write_text(json.dumps({"accepted": list(entries)}))


def check(repo: Path, *extra: str) -> int:
    return ci_api_diff.main(["--repo", str(repo), "check", *extra])


def test_rev_path_reads_a_file_at_a_git_revision(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    vendor(repo, "10")
    vendor(repo, "11")
    monkeypatch.chdir(repo)
    assert main([f"HEAD~1:{VENDORED}", VENDORED, "--fail-on", "never", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["summary"]["breaking"] == 26
    assert main([f"nosuchrev:{VENDORED}", VENDORED]) == 2


def test_first_vendoring_passes(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    vendor(repo, "11")
    assert check(repo) == 0
    assert "first vendoring" in capsys.readouterr().out


def test_uncommitted_and_committed_breaking_changes_fail(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vendor(repo, "10")
    vendor(repo, "11", commit=False)
    assert check(repo) == 1
    assert "BLOCKING: [api-security-removed]" in capsys.readouterr().out
    git(repo, "add", VENDORED)
    git(repo, "commit", "-q", "-m", "vendor 11")
    assert check(repo) == 1  # compared with the commit before the one that changed it
    vendor(repo, "12")
    assert check(repo) == 0  # 11 -> 12 is not breaking


def test_acceptance_by_document_hash(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    vendor(repo, "10")
    vendor(repo, "11", commit=False)
    digest = hashlib.sha256(HISTORY["11"].read_bytes()).hexdigest()
    accept(repo, {"spec": VENDORED, "sha256": digest, "reason": "reviewed"})
    assert check(repo) == 0
    assert "accepted: [api-security-removed]" in capsys.readouterr().out
    accept(repo, {"spec": VENDORED, "sha256": "0" * 64, "reason": "another document"})
    assert check(repo) == 1


def test_acceptance_by_rule_and_pointer(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    vendor(repo, "10")
    vendor(repo, "11", commit=False)
    ci_api_diff.main(["--repo", str(repo), "--format", "json", "check"])
    printed = capsys.readouterr()
    report = json.loads(printed.out)  # stdout is the JSON alone; the verdict lines are on stderr
    assert "BLOCKING: [" in printed.err
    breaking = [c for c in report["changes"] if c["level"] == "breaking"]
    entries = [
        {"spec": VENDORED, "rule": c["rule"], "pointer": c["pointer"], "reason": "ok"} for c in breaking
    ]
    first = (entries[0]["rule"], entries[0]["pointer"])
    accept(repo, *(e for e in entries if (e["rule"], e["pointer"]) != first))
    assert check(repo) == 1
    accept(repo, *entries)
    assert check(repo) == 0
    accept(repo, *({**entry, "spec": "openapi/other.json"} for entry in entries))
    assert check(repo) == 1


@pytest.mark.parametrize(
    "entry",
    [
        {"spec": VENDORED, "rule": "api-security-removed", "pointer": "#/x"},  # no reason
        {"spec": VENDORED, "rule": "no-such-rule", "pointer": "#/x", "reason": "r"},
        {"spec": VENDORED, "sha256": "ab", "rule": "api-security-removed", "pointer": "#/x", "reason": "r"},
    ],
)
def test_malformed_acceptance_is_an_input_error(repo: Path, entry: dict[str, str]) -> None:
    vendor(repo, "10")
    vendor(repo, "11", commit=False)
    accept(repo, entry)
    assert check(repo) == 2


def test_check_upstream(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    vendor(repo, "04")
    upstream = ["--repo", str(repo), "check-upstream", "--spec", VENDORED, "--published"]
    assert ci_api_diff.main([*upstream, str(HISTORY["05"])]) == 0
    assert "nothing that matters changed" in capsys.readouterr().out
    vendor(repo, "02")
    assert ci_api_diff.main([*upstream, str(HISTORY["03"])]) == 1
    assert ci_api_diff.main([*upstream, str(HISTORY["03"]), "--fail-on", "breaking"]) == 0


def test_check_upstream_sees_a_patch_body_gaining_required_fields(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """07 -> 06: update_staging_token's body requires accountName and deliveryIdentifier again. The normalized
    documents do not show it (normalization drops a PATCH body's required list), the registry module does:
    check-upstream reports what the upstream watch reports, and a breaking change blocks."""
    shutil.copyfile(REPO / "openapi" / "registry.json", repo / "openapi" / "registry.json")
    vendor(repo, "07")
    upstream = ["--repo", str(repo), "--format", "json", "check-upstream", "--spec", VENDORED, "--published"]
    assert ci_api_diff.main([*upstream, str(HISTORY["06"])]) == 1
    rows = json.loads(capsys.readouterr().out)["changes"]
    became_required = {
        r["pointer"].rsplit("/", 1)[1] for r in rows if r["rule"] == "request-property-became-required"
    }
    assert {"accountName", "deliveryIdentifier"} <= became_required
    vendor(repo, "06")  # the other direction: the facade may drop its check, not breaking
    assert ci_api_diff.main([*upstream, str(HISTORY["07"]), "--fail-on", "breaking"]) == 0
    assert "request-property-became-optional" in capsys.readouterr().out


@pytest.mark.subprocess
def test_ci_command_runs_through_the_entry_point(repo: Path) -> None:
    """What CI runs (``python -m scripts ci``) in its own process: the package entry point, not a file path."""
    vendor(repo, "10")
    vendor(repo, "11", commit=False)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "scripts",
            "ci",
            "--repo",
            str(repo),
            "--format",
            "markdown",
            "check",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "#### breaking (26)" in result.stdout
