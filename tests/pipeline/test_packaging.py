"""What the distribution installs: one version, no stray top-level package."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import tomllib

import hubspot_channels
from tests.support.paths import REPO


def test_the_version_has_one_source() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert importlib.metadata.version("hubspot-channels") == hubspot_channels.__version__


def test_the_examples_are_not_installed_as_a_package() -> None:
    assert importlib.util.find_spec("examples") is None
