"""The venv the startup figures are measured in: the package's core dependencies only, as a user's install has.

Competitors (hubspot-sdk) get ``.venv/bench-rival``: the same set plus theirs, never the core venv.

The dev venv holds click, rich and the rest of the tooling, and ``import httpx`` imports click (and tries rich)
whenever click is importable: startup measured there would charge every client for the command line. So
``.venv/bench-core`` is made once with ``python -m venv`` and the core dependencies (``[project].dependencies``
of pyproject.toml and what they need, at the dev venv's versions) installed with ``--no-deps``; a .pth file
puts this worktree's ``facade/`` and ``generated/`` on its path, so it always runs the current code. It is
remade when the pinned set changes.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / ".venv" / "bench-core"
RIVAL_VENV = ROOT / ".venv" / "bench-rival"
PIN_FILE = "bench-core-requirements.txt"
SOURCE_DIRS = (ROOT / "facade", ROOT / "generated")


def core_requirements(*extra: str) -> list[str]:
    """``name==version`` for the core dependencies (and ``extra`` requirements) and what they need, without
    extras, at the dev venv's versions."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pending = [Requirement(spec) for spec in (*project["dependencies"], *extra)]
    pinned: dict[str, str] = {}
    while pending:
        requirement = pending.pop()
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
            continue
        name = canonicalize_name(requirement.name)
        if name in pinned:
            continue
        try:
            dist = distribution(name)
        except PackageNotFoundError as missing:
            raise RuntimeError(
                f"{name} is a core dependency but is not installed in {sys.prefix}"
            ) from missing
        pinned[name] = dist.version
        pending += [Requirement(spec) for spec in dist.requires or ()]
    return [f"{name}=={version}" for name, version in sorted(pinned.items())]


def python(venv: Path = VENV) -> Path:
    return venv / "bin" / "python"


def _site_packages(venv: Path) -> Path:
    found = subprocess.run(
        [str(python(venv)), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    )
    return Path(found.stdout.strip())


def ensure(venv: Path = VENV, *extra: str) -> tuple[Path, list[str]]:
    """The venv's interpreter and its pinned set (core plus ``extra``), made or remade as needed;
    RuntimeError when it fails."""
    pins = core_requirements(*extra)
    stamp = venv / PIN_FILE
    if python(venv).exists() and stamp.exists() and stamp.read_text().split() == pins:
        return python(venv), pins
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    install = [
        sys.executable,
        "-m",
        "pip",
        "--python",
        str(python(venv)),
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--no-deps",
        *pins,
    ]
    done = subprocess.run(install, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        shutil.rmtree(venv, ignore_errors=True)
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise RuntimeError(f"pip could not install the core dependencies into {venv}: {last}")
    (_site_packages(venv) / "hubspot_channels_worktree.pth").write_text(
        "".join(f"{path}\n" for path in SOURCE_DIRS)
    )
    stamp.write_text("\n".join(pins) + "\n")
    return python(venv), pins
