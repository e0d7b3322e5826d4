"""The facade tests' table of where each API version's operations live (facade_helpers.VERSION_PATHS, used by
``url_path``) agrees with every vendored spec, operation by operation, and covers exactly the facade's versions.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from hubspot_channels import API_VERSIONS, DEFAULT_API_VERSION
from hubspot_channels._registry import OPERATIONS as FACADE_OPERATIONS
from hubspot_channels._registry import PACKAGES
from scripts.normalize import HTTP_METHODS, OPERATIONS, versionless_path
from tests.support.facade_helpers import VERSION_PATHS, url_path
from tests.support.paths import REPO

VERSIONLESS_ROOT = "/conversations/custom-channels"


def spec_operations(version: str) -> dict[str, tuple[str, str]]:
    """Operation name -> (METHOD, path) in the version's vendored spec, matched by the version-free path."""
    document: dict[str, Any] = json.loads((REPO / "openapi" / f"custom-channels-{version}.json").read_text())
    found: dict[str, tuple[str, str]] = {}
    for path, item in document["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                name, _words = OPERATIONS[(method, versionless_path(path))]
                assert name not in found, f"{version}: {name} twice"
                found[name] = (method.upper(), path)
    return found


def test_the_table_has_exactly_the_facade_versions() -> None:
    assert set(VERSION_PATHS) == set(API_VERSIONS) == set(PACKAGES)
    assert DEFAULT_API_VERSION in API_VERSIONS
    assert {"2026-03", "2026-09", "v3"} <= set(API_VERSIONS)  # a bump adds versions; none goes away


@pytest.mark.parametrize("version", API_VERSIONS)
def test_expected_paths_are_the_vendored_specs_paths(version: str) -> None:
    operations = spec_operations(version)
    assert set(operations) == set(FACADE_OPERATIONS)  # all 13, each once
    for name, (method, path) in operations.items():
        rest = versionless_path(path).removeprefix(VERSIONLESS_ROOT)
        assert url_path(rest, version) == path, (version, name, method)


def test_the_three_layouts() -> None:
    """Spelled out once: the v3 channel collection keeps the old layout, everything under a channel moves."""
    assert url_path("", "2026-03") == "/conversations/custom-channels/2026-03"
    assert url_path("/1200/messages/m", "2026-03") == "/conversations/custom-channels/2026-03/1200/messages/m"
    assert url_path("", "2026-09") == "/conversations/custom-channels/2026-09"
    assert url_path("/1200/messages/m", "2026-09") == "/conversations/custom-channels/2026-09/1200/messages/m"
    assert url_path("", "v3") == "/conversations/custom-channels/v3"
    assert url_path("/1200/messages/m", "v3") == "/conversations/v3/custom-channels/1200/messages/m"
