"""The pipeline knows every API version: ``make check-generated`` checks each version's package, ``make bump``
re-run with the vendored document changes nothing, and the committed reports list the real differences with
every operation matched across versions (no endpoint-removed / endpoint-added)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from hubspot_channels import API_VERSIONS, DEFAULT_API_VERSION
from hubspot_channels._registry import OPERATIONS, PACKAGES
from scripts import bump, generate
from tests.support.paths import REPO, SPECS

OPENAPI = REPO / "openapi"
GENERATED = REPO / "generated"
REGISTRY_MODULE = REPO / "facade" / "hubspot_channels" / "_registry.py"
OTHER_VERSIONS = [version for version in API_VERSIONS if version != DEFAULT_API_VERSION]


# --- make check-generated -----------------------------------------------------------------------------------


def test_every_version_has_a_spec_and_a_package() -> None:
    for version in API_VERSIONS:
        assert (OPENAPI / f"custom-channels-{version}.json").is_file(), version
        assert (OPENAPI / f"custom-channels-{version}.provenance.json").is_file(), version
        assert (GENERATED / PACKAGES[version].replace(".", "/")).is_dir(), version
    vendored = {
        p.name for p in OPENAPI.glob("custom-channels-*.json") if not p.name.endswith(".provenance.json")
    }
    assert vendored == {f"custom-channels-{version}.json" for version in API_VERSIONS}


@pytest.mark.subprocess
@pytest.mark.slow
def test_check_generated_covers_every_version(capfd: pytest.CaptureFixture[str]) -> None:
    """What ``make check-generated`` runs: every package regenerated in a temporary folder and compared."""
    status = generate.main(["--check"])
    out = capfd.readouterr().out
    assert status == 0, out
    lines = out.splitlines()
    expected = [f"{PACKAGES[version]}: up to date" for version in API_VERSIONS]
    assert sorted(lines) == sorted([*expected, "facade/hubspot_channels/_registry.py: up to date"])


def test_make_check_generated_runs_generate_check() -> None:
    makefile = (REPO / "Makefile").read_text()
    target = re.search(r"^check-generated:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert target is not None
    assert target.group(1).strip() == "$(PY) -m scripts generate --check"  # no --version: all of them


# --- make bump is idempotent --------------------------------------------------------------------------------


def tree_bytes(*roots: Path) -> dict[str, bytes]:
    """Every file under roots (or the file itself), by path relative to the repo; caches left out."""
    found: dict[str, bytes] = {}
    for root in roots:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            if "__pycache__" not in path.parts:
                found[str(path.relative_to(REPO))] = path.read_bytes()
    return found


def restore(before: dict[str, bytes], after: dict[str, bytes]) -> None:
    """Put back what a failed no-op changed, so a failing test leaves the tree as it found it."""
    for name in after.keys() - before.keys():
        (REPO / name).unlink()
    for name, content in before.items():
        if after.get(name) != content:
            (REPO / name).parent.mkdir(parents=True, exist_ok=True)
            (REPO / name).write_bytes(content)


@pytest.mark.serial
@pytest.mark.subprocess
@pytest.mark.slow
def test_bump_again_changes_nothing(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """``python -m scripts bump 2026-09 <the vendored source> --no-test`` writes into the real tree: it must
    write back exactly what is there (spec, provenance, report, generated package; nothing else either)."""
    version = "2026-09"
    source = json.loads((OPENAPI / f"custom-channels-{version}.provenance.json").read_text())["source"]
    assert source.endswith(f"hubspot-specs/custom-channels/{version}.json"), source
    if not (REPO / source).is_file() or (REPO / source).resolve() != (SPECS / f"{version}.json").resolve():
        pytest.skip(f"the recorded source {source} is not the shared document {SPECS / f'{version}.json'}")
    watched = (
        OPENAPI / f"custom-channels-{version}.json",
        OPENAPI / f"custom-channels-{version}.provenance.json",
        OPENAPI / f"api-diff-{DEFAULT_API_VERSION}-to-{version}.md",
        GENERATED / PACKAGES[version].replace(".", "/"),
    )
    for path in watched:
        assert path.exists(), path
    # A stale package would be rewritten by bump: say so without touching the tree.
    monkeypatch.chdir(REPO)  # the provenance records the source as given, relative to the repo root
    checked = generate.main(["--check", "--version", version])
    assert checked == 0, "generated package not up to date, bump would rewrite it:\n" + capfd.readouterr().out
    before = tree_bytes(OPENAPI, GENERATED, REGISTRY_MODULE)

    status = bump.main([version, source, "--no-test"])

    after = tree_bytes(OPENAPI, GENERATED, REGISTRY_MODULE)
    changed = sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))
    if changed:
        restore(before, after)
    assert status == 0, capfd.readouterr().out
    assert changed == [], f"bump is not a no-op; it changed (now restored): {changed}"
    assert {str(path.relative_to(REPO)) for path in watched[:3]} <= set(after)
    assert any(name.startswith(f"generated/{PACKAGES[version].replace('.', '/')}/") for name in after)


# --- the committed reports ----------------------------------------------------------------------------------


def report(version: str) -> str:
    return (OPENAPI / f"api-diff-{DEFAULT_API_VERSION}-to-{version}.md").read_text()


def interface_rows(text: str) -> list[tuple[str, str]]:
    """(rule, whole row) of every finding in the report's API-diff tables."""
    interface = text.split("## The generated package")[0]
    rows = []
    for line in interface.splitlines():
        if found := re.match(r"^\| `([a-z0-9-]+)` \|", line):
            rows.append((found.group(1), line))
    return rows


def rules_of(text: str) -> set[str]:
    return {rule for rule, _row in interface_rows(text)}


def rows_of(text: str, rule: str) -> list[str]:
    return [row for found, row in interface_rows(text) if found == rule]


@pytest.mark.parametrize("version", OTHER_VERSIONS)
def test_report_matches_every_operation(version: str) -> None:
    text = report(version)
    rules = rules_of(text)
    assert rules, "no finding parsed: did the report's format change?"
    assert "endpoint-removed" not in rules and "endpoint-added" not in rules
    assert "endpoint-removed" not in text and "endpoint-added" not in text
    (moved,) = rows_of(text, "api-path-changed")  # the one version-segment change, naming every operation
    assert f"version segment {DEFAULT_API_VERSION} -> {version}" in moved
    operations = moved.rstrip(" |").rsplit(" | ", 1)[1].split(", ")
    assert len(set(operations)) == len(OPERATIONS)
    assert all(f"/{version}" in operation for operation in operations)
    renamed = rows_of(text, "api-operation-id-changed")
    assert len(renamed) == len(OPERATIONS)


def test_2026_09_report_names_the_real_differences() -> None:
    text = report("2026-09")
    # The count is the table's, not a pinned number: make bump of a 2026-03 republication runs this file
    # and rewrites the report, and only the facts below are 2026-09's own.
    counted = re.search(r"\*\*(\d+) breaking", text)
    table = re.search(r"#### breaking \((\d+)\)", text)
    assert counted and table and counted.group(1) == table.group(1) and int(counted.group(1)) >= 4

    (removed,) = rows_of(text, "request-property-removed")
    assert "'senderActorId'" in removed and "ChannelIntegrationParticipant" in removed

    required = rows_of(text, "request-property-became-required")
    assert len(required) == 2
    assert {re.search(r"property '(\w+)' became required", row).group(1) for row in required} == {  # type: ignore[union-attr]
        "accountName",
        "deliveryIdentifier",
    }
    assert all("PublicChannelAccountStagingTokenUpdateRequest" in row for row in required)

    (fmt,) = rows_of(text, "request-property-format-narrowed")
    assert "contactVid" in fmt and "int64" in fmt and "int32" in fmt

    generated = text.split("## The generated package")[1]
    assert "ChannelIntegrationParticipant.sender_actor_id" in generated


def test_v3_report_has_no_breaking_change() -> None:
    text = report("v3")
    assert "**0 breaking" in text
    assert rules_of(text) == {"api-operation-id-changed", "api-path-changed", "info-changed"}
    assert "**0 breaking, 0 additive surface change(s)**" in text.split("## The generated package")[1]


def test_every_non_default_version_has_its_report() -> None:
    reports = {p.name for p in OPENAPI.glob("api-diff-*.md")}
    assert reports == {f"api-diff-{DEFAULT_API_VERSION}-to-{version}.md" for version in OTHER_VERSIONS}
