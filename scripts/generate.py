"""Generate the low-level client of one API version from its vendored spec.

vendored spec -> normalization rules -> openapi-python-client (fail on warning) -> generated/<package>/

The output folder is replaced whole. Generation always runs in a fresh temporary folder outside the repo,
so the result cannot depend on the checkout (ruff configs, stale files); check-generated compares that
result with the committed tree.

Usage: python -m scripts generate [--version 2026-03] [--check]      (make generate, make check-generated)
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from . import conformance
from ._spec_io import GENERATED_DIR, OPENAPI_DIR, dump_json, package_name, provenance_path, vendored_spec_path
from .normalize import normalize

CONFIG = OPENAPI_DIR / "generator-config.json"
# Our templates, overriding the generator's of the same name (openapi/README.md says which and why).
TEMPLATES = OPENAPI_DIR / "templates"
MARKER = "DO_NOT_EDIT.md"
MARKER_TEXT = """# Generated code: do not edit

Everything in this folder is written by `make generate` from `{spec}` through the normalization rules
in `scripts/normalize.py` and `openapi/generator-config.json`. Fix the spec or the rules, then regenerate;
`make check-generated` fails on any hand edit.
"""


class GenerationError(RuntimeError):
    pass


def generate_package(document: dict[str, Any], package: str, dest: Path) -> str:
    """Generate document's client into dest/<package>; return the generator's output."""
    dest.mkdir(parents=True, exist_ok=True)
    spec_file = dest / "normalized-openapi.json"
    spec_file.write_text(dump_json(document))
    config = json.loads(CONFIG.read_text()) | {"package_name_override": package}
    config_file = dest / "generator-config.json"
    config_file.write_text(json.dumps(config))
    bin_dir = str(
        Path(sys.executable).parent
    )  # the generator and ruff of this virtualenv, whatever PATH says
    env = os.environ | {"PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    command = [
        os.path.join(bin_dir, "openapi-python-client"), "generate", "--path", str(spec_file),
        "--config", str(config_file), "--meta", "none", "--output-path", str(dest / package),
        "--custom-template-path", str(TEMPLATES), "--fail-on-warning", "--overwrite",
    ]  # fmt: skip
    run = subprocess.run(command, cwd=dest, env=env, capture_output=True, text=True, check=False)
    output = run.stdout + run.stderr
    if run.returncode != 0 or "Warning" in output or "Error" in output:
        raise GenerationError(f"generation of {package} failed or warned:\n{output}")
    return output


def build(version: str, workdir: Path) -> Path:
    """The complete generated package of version, built in workdir; returns its folder."""
    spec_path = vendored_spec_path(version)
    package = package_name(version)
    normalized = normalize(json.loads(spec_path.read_text()))
    generate_package(normalized, package, workdir)
    out = workdir / package
    shutil.copyfile(
        workdir / "normalized-openapi.json", out / "openapi.json"
    )  # the fake server validates with it
    shutil.copyfile(provenance_path(version), out / "provenance.json")
    (out / MARKER).write_text(MARKER_TEXT.format(spec=spec_path.relative_to(OPENAPI_DIR.parent)))
    for cache in out.rglob("__pycache__"):
        shutil.rmtree(cache)
    return out


def differences(left: Path, right: Path) -> list[str]:
    """Relative paths that differ, exist only on one side, or are not files on both."""
    found: list[str] = []

    def walk(cmp: filecmp.dircmp[str], prefix: str) -> None:
        found.extend(
            prefix + name for name in cmp.left_only + cmp.right_only + cmp.diff_files + cmp.funny_files
        )
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right, ignore=["__pycache__"]), "")
    return sorted(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts generate",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="append", help="API version(s); default: every vendored one")
    parser.add_argument(
        "--check", action="store_true", help="compare with the committed code instead of writing"
    )
    parser.add_argument("--generated-dir", type=Path, default=GENERATED_DIR, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    versions = args.version or sorted(
        p.name.removeprefix("custom-channels-").removesuffix(".json")
        for p in OPENAPI_DIR.glob("custom-channels-*.json")
        if not p.name.endswith(".provenance.json")
    )
    failed = False
    for version in versions:
        with tempfile.TemporaryDirectory(prefix="hubspot-gen-") as tmp:
            fresh = build(version, Path(tmp))
            conformance.require(version, fresh)  # realistic traffic must round-trip, or nothing is written
            committed = args.generated_dir / fresh.name
            if args.check:
                changed = differences(committed, fresh) if committed.is_dir() else ["(missing)"]
                if changed:
                    failed = True
                    print(f"{fresh.name}: committed code differs from what the generator makes:")
                    for name in changed:
                        print(f"  {name}")
                    subprocess.run(
                        ["diff", "-ruN", "-x", "__pycache__", str(committed), str(fresh)], check=False
                    )
                else:
                    print(f"{fresh.name}: up to date")
            else:
                shutil.rmtree(committed, ignore_errors=True)
                shutil.copytree(fresh, committed)
                print(f"generated {committed}")
    return 1 if failed else 0
