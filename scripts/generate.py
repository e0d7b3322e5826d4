"""Generate the low-level client of one API version from its vendored spec.

vendored spec -> normalization rules -> openapi-python-client (fail on warning)
    -> generated/hubspot_channels_api/<version package>/

The versions are openapi/registry.json's; every run also writes (or with --check compares) the facade's
registry module (scripts/registry_module.py) and the generated root package's __init__.py. The output
folder of a version is replaced whole. Generation always runs in a fresh temporary folder outside the repo,
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

from . import conformance, registry_module
from . import registry as reg
from ._spec_io import GENERATED_DIR, OPENAPI_DIR, dump_json, one_line, provenance_path, vendored_spec_path
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
ROOT_INIT = '''"""Generated low-level clients, one subpackage per API version (openapi/registry.json lists them).

Written by ``python -m scripts generate``: do not edit. Only ``hubspot_channels``'s adapter modules import these.
"""
'''


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
    """The complete generated package of version, built in workdir; returns its folder
    (workdir/hubspot_channels_api/<subpackage>, as under generated/)."""
    spec_path = vendored_spec_path(version)
    subpackage = reg.load().version(version).subpackage
    normalized = normalize(json.loads(spec_path.read_text()))
    generate_package(normalized, subpackage, workdir)
    out = workdir / reg.GENERATED_ROOT / subpackage
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(workdir / subpackage, out)
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


class UnreadableDocument(reg.RegistryError):
    """A vendored document the registry cannot read (an operation missing): nothing is generated."""


def main(argv: list[str] | None = None) -> int:
    """python -m scripts generate: a document the registry cannot read is one line and exit status 1."""
    try:
        return run(argv)
    except UnreadableDocument as error:
        print(f"nothing generated: {error}", file=sys.stderr)
        return 1


def run(argv: list[str] | None = None) -> int:
    """main's work; raises UnreadableDocument (bump reports it as its own one line)."""
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
    try:
        registry = reg.load()
    except (OSError, ValueError) as error:
        print(f"openapi/registry.json: {error}", file=sys.stderr)
        return 2
    versions = args.version or registry.ids()
    unknown = sorted(set(versions) - set(registry.ids()))
    if unknown:
        print(
            f"not in openapi/registry.json: {', '.join(unknown)} (make bump registers a version)",
            file=sys.stderr,
        )
        return 2
    # Derived first, so that a document the registry cannot read (an operation missing) stops here with
    # its one-line reason, before anything is generated or written; written last (below).
    try:
        rendered = registry_module.render(registry)
    except (OSError, ValueError) as error:  # RegistryError, or a document that is not JSON
        raise UnreadableDocument(one_line(error)) from None
    failed = not registry_complete(registry, args.generated_dir)
    failed = not generated_root(args.generated_dir, check=args.check) or failed
    for version in versions:
        with tempfile.TemporaryDirectory(prefix="hubspot-gen-") as tmp:
            fresh = build(version, Path(tmp))
            committed = args.generated_dir / reg.GENERATED_ROOT / fresh.name
            try:  # realistic traffic must round-trip, or nothing is written
                conformance.require(version, fresh)
            except conformance.ConformanceError as error:
                print(
                    f"{version}: generated code does not conform, nothing written:\n{error}", file=sys.stderr
                )
                failed = True
                continue
            if args.check:
                changed = differences(committed, fresh) if committed.is_dir() else ["(missing)"]
                if changed:
                    failed = True
                    print(
                        f"{reg.GENERATED_ROOT}.{fresh.name}: committed code differs from what the generator makes:"
                    )
                    for name in changed:
                        print(f"  {name}")
                    subprocess.run(
                        ["diff", "-ruN", "-x", "__pycache__", str(committed), str(fresh)], check=False
                    )
                else:
                    print(f"{reg.GENERATED_ROOT}.{fresh.name}: up to date")
            else:
                shutil.rmtree(committed, ignore_errors=True)
                shutil.copytree(fresh, committed)
                print(f"generated {committed}")
    # Last, and written only when every version conforms: a failed generation writes nothing (the
    # registry's response shapes follow the documents, so a broken rule would change them).
    if args.check or not failed:
        failed = not registry_module_current(registry, check=args.check, rendered=rendered) or failed
    return 1 if failed else 0


def orphan_packages(generated_dir: Path, registry: reg.Registry) -> list[str]:
    """Subpackages of generated/hubspot_channels_api that no version registers (they would ship in the wheel)."""
    root = generated_dir / reg.GENERATED_ROOT
    registered = {version.subpackage for version in registry.versions}
    found = (path.name for path in root.iterdir() if path.is_dir()) if root.is_dir() else iter(())
    return sorted(
        name for name in found if name.isidentifier() and name != "__pycache__" and name not in registered
    )


def registry_complete(registry: reg.Registry, generated_dir: Path) -> bool:
    """No released version unregistered, no generated package unregistered; the problems printed."""
    gone = reg.no_longer_served(registry.ids()) if reg.RELEASED_PATH.exists() else []
    for version in gone:
        print(
            f"{version}: released (openapi/released-versions.json) but no longer in openapi/registry.json: "
            "removing a version breaks its users",
            file=sys.stderr,
        )
    orphans = orphan_packages(generated_dir, registry)
    for name in orphans:
        print(
            f"{reg.GENERATED_ROOT}.{name}: generated, but no version in openapi/registry.json registers it "
            f"(delete {generated_dir.name}/{reg.GENERATED_ROOT}/{name})",
            file=sys.stderr,
        )
    return not gone and not orphans


def generated_root(generated_dir: Path, *, check: bool) -> bool:
    """generated/hubspot_channels_api/__init__.py: written, or compared with check; True when current."""
    init = generated_dir / reg.GENERATED_ROOT / "__init__.py"
    current = init.read_text() if init.is_file() else None
    if check:
        if current != ROOT_INIT:
            print(f"{init}: differs from what the generator writes (python -m scripts generate)")
        return current == ROOT_INIT
    init.parent.mkdir(parents=True, exist_ok=True)
    if current != ROOT_INIT:
        init.write_text(ROOT_INIT)
    return True


def registry_module_current(registry: reg.Registry, *, check: bool, rendered: str | None = None) -> bool:
    """The facade's registry module: written, or compared with check; True when current."""
    current = registry_module.check_or_write(registry, check=check, rendered=rendered)
    relative = registry_module.MODULE_PATH.relative_to(OPENAPI_DIR.parent)
    if check:
        print(f"{relative}: {'up to date' if current else 'stale: run python -m scripts generate'}")
    return current
