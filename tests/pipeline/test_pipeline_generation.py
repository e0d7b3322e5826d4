"""Every published document generates a complete client with zero warnings; generation is deterministic;
check-generated catches hand edits."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from scripts import generate
from scripts.generate import differences
from scripts.normalize import OPERATIONS, normalize
from tests.support.generated_cache import REAL_GENERATE_PACKAGE, normalized_publication
from tests.support.paths import PUBLISHED, REPO

pytestmark = [pytest.mark.subprocess, pytest.mark.slow]

EXPECTED_FUNCTIONS = {name for name, _summary in OPERATIONS.values()}


def generated_functions(package_dir: Path) -> set[str]:
    return {p.stem for p in (package_dir / "api").rglob("*.py") if p.stem != "__init__"}


@pytest.mark.parametrize("published", PUBLISHED, ids=lambda p: p.stem)
def test_each_published_document_generates_all_13_operations_without_warnings(published, generated_cache):
    # The generator runs with --fail-on-warning and raises on any warning or error; publications that
    # normalize to the same document share one run (and the conformance test reads the same package).
    package = generated_cache.package(normalized_publication(published), "client")
    assert generated_functions(package) == EXPECTED_FUNCTIONS
    models = {p.stem for p in (package / "models").glob("*.py")}
    # the models that the raw document loses: the message, the publish body, and the error
    assert {"public_conversations_message", "channel_integration_message_egg", "error"} <= models


def test_committed_package_has_marker_provenance_and_normalized_spec():
    package = REPO / "generated" / "hubspot_channels_api" / "v2026_03"
    assert "do not edit" in (package / "DO_NOT_EDIT.md").read_text().lower()
    assert json.loads((package / "provenance.json").read_text()) == json.loads(
        (REPO / "openapi" / "custom-channels-2026-03.provenance.json").read_text()
    )
    assert json.loads((package / "openapi.json").read_text())["paths"]
    assert generated_functions(package) == EXPECTED_FUNCTIONS


def check_against(committed: Path) -> list[str]:
    """``python -m scripts generate --check`` against a copy of generated/ (every version)."""
    return ["--check", "--generated-dir", str(committed)]


def test_check_generated_passes_on_the_committed_tree_and_fails_on_a_hand_edit(tmp_path, capfd):
    copy = tmp_path / "generated"
    shutil.copytree(REPO / "generated", copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert generate.main(check_against(copy)) == 0, capfd.readouterr().out

    edited = copy / "hubspot_channels_api" / "v2026_03" / "api" / "messages" / "update_message_status.py"
    edited.write_text(edited.read_text().replace('"method": "patch"', '"method": "put"'))
    capfd.readouterr()
    assert generate.main(check_against(copy)) == 1
    out = capfd.readouterr().out  # file descriptors: the diff comes from the diff tool's own process
    assert "api/messages/update_message_status.py" in out
    assert '"method": "put"' in out  # the diff is shown


def test_check_generated_notices_an_added_file(tmp_path, capfd):
    copy = tmp_path / "generated"
    shutil.copytree(REPO / "generated", copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "hubspot_channels_api" / "v2026_03" / "models" / "extra.py").write_text("x = 1\n")
    assert generate.main(check_against(copy)) == 1
    assert "models/extra.py" in capfd.readouterr().out


def test_generating_twice_gives_byte_identical_trees(tmp_path, generated_cache):
    """Two real runs: this one, and the session cache's (made by its first user, or now), which every other
    test of the tier reuses, so this is also what makes sharing one run per input sound."""
    document = normalize(json.loads((REPO / "openapi" / "custom-channels-2026-03.json").read_text()))
    REAL_GENERATE_PACKAGE(document, "client", tmp_path / "one")
    assert differences(tmp_path / "one" / "client", generated_cache.package(document, "client")) == []
