"""Adversarial review of the late-review fixes (late2 F1-F6): each test reproduced a defect before its fix."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scripts._spec_io import REPO, redact_source

SPEC = "openapi/custom-channels-2026-03.json"
SHARED = REPO.parent / "shared" / "hubspot-specs" / "custom-channels" / "2026-03.json"


def run_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scripts", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


# F1: http.client.InvalidURL is not OSError/ValueError: it escapes read_url as a traceback that prints the
# unredacted path+query (or the port of a URL with userinfo).
BAD_URLS = [
    "https://u:pw@127.0.0.1:9/x?hapikey=TOPSECRET here",  # a space (pasted with a blank)
    "https://u:pw@127.0.0.1:9/x?hapikey=TOPSECRET\x01",  # a control character
]


@pytest.mark.parametrize("url", BAD_URLS)
@pytest.mark.parametrize(
    "command", [["vendor"], ["diff", SPEC], ["ci", "check-upstream", "--spec", SPEC, "--published"]]
)
def test_f1_invalid_url_is_one_redacted_line(command: list[str], url: str) -> None:
    result = run_cli(*command, url)
    assert "TOPSECRET" not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert result.returncode in (1, 2) and len(result.stderr.strip().splitlines()) == 1


def test_f1_read_source_raises_source_error() -> None:
    from scripts._spec_io import SourceError, read_source

    with pytest.raises(SourceError) as caught:
        read_source(BAD_URLS[0])
    assert "TOPSECRET" not in str(caught.value)


# F2: a password holding '/', '?' or '#' (base64 tokens hold '/') ends the netloc early: no '@' is left in
# it, so nothing is redacted and the token is printed.
LEAKY = [
    "https://user:abc/defSECRET@127.0.0.1:9/x",
    "https://user:12/SECRET@127.0.0.1:9/x",
    "https://user:SEC?RET@127.0.0.1:9/x",
    "https://user:SECRET#x@127.0.0.1:9/x",
]


@pytest.mark.parametrize("url", LEAKY)
def test_f2_redact_userinfo_with_delimiters(url: str) -> None:
    assert "SEC" not in redact_source(url)


def test_f2_vendor_output() -> None:
    result = run_cli("vendor", "https://user:12/SECRET@127.0.0.1:9/x")
    assert "SECRET" not in result.stdout + result.stderr


# F3: registry.parse does not check the type of "overrides" (nor of its items): ci check-upstream
# prints a traceback and exits 1 instead of 'error:' and 2.
def _repo_with_registry(tmp_path: Path, text: str) -> Path:
    (tmp_path / "openapi").mkdir()
    shutil.copy(REPO / SPEC, tmp_path / "openapi")
    (tmp_path / "openapi" / "registry.json").write_text(text)
    return tmp_path


def _registry_with(**changes: object) -> str:
    data = json.loads((REPO / "openapi" / "registry.json").read_text())
    data.update(changes)
    return json.dumps(data)


@pytest.mark.parametrize("overrides", ["abc", None, [1], {"a": 1}])
def test_f3_registry_overrides_wrong_type(tmp_path: Path, overrides: object) -> None:
    if not SHARED.is_file():
        pytest.skip("../shared is not beside the repo")
    repo = _repo_with_registry(tmp_path, _registry_with(overrides=overrides))
    result = run_cli("ci", "--repo", str(repo), "check-upstream", "--spec", SPEC, "--published", str(SHARED))
    assert "Traceback" not in result.stderr
    assert result.returncode == 2 and result.stderr.startswith("error: openapi/registry.json: ")


@pytest.mark.parametrize("overrides", ["abc", None, [1]])
def test_f3_parse_raises_registry_error(overrides: object) -> None:
    from scripts import registry as reg

    with pytest.raises(reg.RegistryError):
        reg.parse(json.loads(_registry_with(overrides=overrides)))


# F4: apidiff's read_source calls path.exists() outside any try: ENAMETOOLONG is a traceback in diff/ci.
def test_f4_diff_name_too_long() -> None:
    result = run_cli("diff", SPEC, "a" * 5000)
    assert "Traceback" not in result.stderr
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1


# F5: a deeply nested registry.json is a RecursionError traceback (load catches only decode errors).
def test_f5_nested_registry(tmp_path: Path) -> None:
    if not SHARED.is_file():
        pytest.skip("../shared is not beside the repo")
    repo = _repo_with_registry(tmp_path, "[" * 100000 + "]" * 100000)
    result = run_cli("ci", "--repo", str(repo), "check-upstream", "--spec", SPEC, "--published", str(SHARED))
    assert "Traceback" not in result.stderr and result.returncode == 2


# F6: a URL with a leading blank (pasted) is taken for a path and printed whole, token included.
def test_f6_leading_blank_url() -> None:
    result = run_cli("vendor", " https://u:tok@127.0.0.1:9/x?hapikey=TOPSECRET")
    assert "TOPSECRET" not in result.stdout + result.stderr
