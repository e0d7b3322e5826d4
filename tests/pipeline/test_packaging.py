"""What the distribution installs: one version, two top-level names (the facade and every generated client
under one name of ours), no stray top-level package; a version's new subpackage imports without a reinstall."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import tomllib
from pathlib import Path

import hubspot_channels
from hubspot_channels import _registry
from tests.support.paths import REPO


def test_the_version_has_one_source() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert importlib.metadata.version("hubspot-channels") == hubspot_channels.__version__


def test_the_examples_are_not_installed_as_a_package() -> None:
    assert importlib.util.find_spec("examples") is None


def test_only_two_top_level_names_are_installed() -> None:
    """Packages the distribution declares (setuptools' find with pyproject's include): ours only."""
    find = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"]
    from setuptools import find_packages

    found = {
        name.split(".")[0]
        for where in find["where"]
        for name in find_packages(str(REPO / where), include=find["include"])
    }
    assert found == {"hubspot_channels", _registry.GENERATED_ROOT}
    for where in find["where"]:  # nothing else under the source roots would be picked up either
        others = {n.split(".")[0] for n in find_packages(str(REPO / where))} - found
        assert others <= {"examples"}, others


def test_every_version_lives_under_the_one_generated_name() -> None:
    for version, package in _registry.PACKAGES.items():
        assert package.startswith(_registry.GENERATED_ROOT + "."), version
        assert (REPO / "generated" / Path(*package.split("."))).is_dir(), version


def test_a_new_version_subpackage_is_found_through_the_installed_root() -> None:
    """The installed root maps to generated/hubspot_channels_api (editable install): a subpackage that
    make bump writes there is importable at once, without pip install -e . again."""
    spec = importlib.util.find_spec(_registry.GENERATED_ROOT)
    assert spec is not None and spec.submodule_search_locations is not None
    locations = [Path(p).resolve() for p in spec.submodule_search_locations]
    assert (REPO / "generated" / _registry.GENERATED_ROOT).resolve() in locations
