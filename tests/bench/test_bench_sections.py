"""The bench's pieces that are not timings: the core venv's requirement set, the profile's package groups,
and the figures read from the other modules' reports (a changed report shows as "not measured" here)."""

from __future__ import annotations

import json
import sysconfig
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from scripts.bench import _corevenv, _profile, _suite

ROOT = Path(__file__).resolve().parents[2]


def test_the_core_venv_gets_the_core_dependencies_and_theirs_never_an_extra() -> None:
    pins = _corevenv.core_requirements()
    names = {pin.split("==")[0] for pin in pins}
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert {canonicalize_name(Requirement(spec).name) for spec in declared} <= names
    assert {"httpcore", "h11"} <= names  # httpx's own
    # httpx[cli], [http2], the package's extras and the dev tooling stay out
    assert not names & {"rich", "pygments", "h2", "aiohttp", "openapi-core", "redis", "pytest", "mypy"}
    assert all(pin.count("==") == 1 for pin in pins)


@pytest.mark.parametrize(
    ("filename", "group"),
    [
        ("~", "stdlib"),
        (json.__file__, "stdlib"),
        (str(Path(sysconfig.get_paths()["purelib"]) / "httpx" / "_client.py"), "httpx/httpcore/h11"),
        (str(Path(sysconfig.get_paths()["purelib"]) / "h11" / "_state.py"), "httpx/httpcore/h11"),
        (str(ROOT / "facade" / "hubspot_channels" / "_client.py"), "hubspot_channels"),
        (str(ROOT / "generated" / "hubspot_channels_api" / "v2026_03" / "models" / "m.py"), "generated"),
        (str(Path(sysconfig.get_paths()["purelib"]) / "attrs" / "__init__.py"), "other"),
    ],
)
def test_the_profile_groups_a_function_by_its_package(filename: str, group: str) -> None:
    assert _profile.group_of(filename) == group


@pytest.mark.subprocess
def test_the_fake_validation_ratio_is_read_from_the_fake_report() -> None:
    run = _suite.Run(quick=True)
    assert _suite.fake(run) == 0
    ratio = run.measured["fake_validation"]
    assert ratio is not None and ratio > 0
    assert [phase.name for phase in run.meter.phases] == ["fake"]


@pytest.mark.slow
def test_the_pacing_goodput_and_surfaced_errors_are_read_from_the_pacing_report() -> None:
    run = _suite.Run(quick=True)
    code = _suite.pacing(run)
    share = run.measured["pacing_goodput"]
    assert share is not None and share > 0
    if "pacing_goodput" in run.vetoes:  # a veto only ever explains a failed run
        assert code != 0


def test_a_competitor_gets_the_core_set_plus_its_own_in_another_venv() -> None:
    pytest.importorskip("hubspot_sdk")  # installed by the bench itself, not by make setup
    core = set(_corevenv.core_requirements())
    rival = set(_corevenv.core_requirements("hubspot-sdk"))
    assert core < rival and any(pin.startswith("hubspot-sdk==") for pin in rival)
    assert _corevenv.RIVAL_VENV != _corevenv.VENV
