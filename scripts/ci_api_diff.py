"""CI wiring for the API diff.

  check            for each vendored spec, diff the last committed version that differs from the working tree
                   (the previous commit touching the file, or HEAD when the change is not committed yet)
                   against the working tree, as raw documents and as generated (normalized); fail on
                   unaccepted breaking changes.
  check-upstream   diff a vendored spec against a newly published document (what the scheduled job runs);
                   fail when anything at or above --fail-on (default non-breaking) changed.

Accepted breaking changes are listed in openapi/accepted-changes.json (see scripts/API_DIFF_RULES.md).
Exit status: 0 nothing blocking, 1 blocking changes, 2 usage or input error.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

from . import registry as reg
from ._spec_io import REPO, redact_source
from .apidiff import (
    FAIL_ON,
    RENDERERS,
    RULES,
    Change,
    InputError,
    Level,
    Spec,
    diff_specs,
    load_spec,
    parse_spec,
)
from .apidiff._codegen import codegen_findings, facade_usage, generated_package_names
from .normalize import normalize
from .upstream_watch_facts import required_field_changes
from .vendor_spec import vendored_form

DEFAULT_SPEC_GLOB = "openapi/custom-channels-*.json"
VENDORED_NAME = re.compile(r"^custom-channels-[^.]+\.json$")  # not the *.provenance.json sidecars
ACCEPTED_FILE = "openapi/accepted-changes.json"
FACADE_DIR = "facade/hubspot_channels"
# Codegen changes that block whatever --fail-on says (except never): the facade would raise AttributeError.
ALWAYS_BLOCKING = frozenset({"codegen-symbol-removed"})


@dataclass(frozen=True)
class Acceptance:
    spec: str
    reason: str
    rule: str | None = None
    pointer: str | None = None
    sha256: str | None = None

    def covers(self, spec: str, change: Change, new_sha256: str) -> bool:
        if self.spec != spec:
            return False
        if self.sha256 is not None:
            return self.sha256 == new_sha256
        return (self.rule, self.pointer) == (change.rule, change.pointer)


def load_acceptances(path: Path) -> list[Acceptance]:
    if not path.is_file():
        return []
    try:
        entries = json.loads(path.read_text())["accepted"]
    except (json.JSONDecodeError, KeyError, TypeError) as error:
        raise InputError(f"{path}: expected a JSON object with an 'accepted' list ({error})") from error
    acceptances = []
    for index, entry in enumerate(entries):
        where = f"{path}: accepted[{index}]"
        if not isinstance(entry, dict) or not entry.get("spec") or not str(entry.get("reason", "")).strip():
            raise InputError(f"{where}: needs 'spec' and a non-empty 'reason'")
        by_change = "rule" in entry or "pointer" in entry
        if by_change == ("sha256" in entry):
            raise InputError(f"{where}: give either 'rule' and 'pointer', or 'sha256'")
        if by_change and (
            entry.get("rule") not in RULES or not str(entry.get("pointer", "")).startswith("#")
        ):
            raise InputError(f"{where}: unknown rule {entry.get('rule')!r} or pointer not starting with '#'")
        acceptances.append(
            Acceptance(
                entry["spec"], entry["reason"], entry.get("rule"), entry.get("pointer"), entry.get("sha256")
            )
        )
    return acceptances


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, check=False)


def previous_revision(repo: Path, spec: str) -> str | None:
    """The newest commit whose version of `spec` differs from the working tree, or None (first vendoring)."""
    current = (repo / spec).read_bytes()
    log = _git(repo, "log", "--format=%H", "--", spec)
    if log.returncode != 0:
        raise InputError(f"git log failed: {log.stderr.decode(errors='replace').strip()}")
    for commit in log.stdout.decode().split():
        shown = _git(repo, "show", f"{commit}:{spec}")
        if shown.returncode == 0 and shown.stdout != current:
            return commit
    return None


def verdict_stream(output_format: str) -> TextIO:
    return sys.stderr if output_format == "json" else sys.stdout


def _report(
    spec: str,
    changes: list[Change],
    old_label: str,
    new_label: str,
    new_sha256: str,
    acceptances: list[Acceptance],
    fail_on: str,
    output_format: str,
) -> bool:
    """Print the report and what is accepted or blocking; True when something blocks. With --format json,
    stdout is the one JSON document and the verdict lines go to stderr."""
    sys.stdout.write(RENDERERS[output_format](changes, old_label, new_label))
    out = verdict_stream(output_format)
    threshold = FAIL_ON[fail_on]
    blocking = []
    for change in changes:
        if threshold is None or (change.level.rank < threshold and change.rule not in ALWAYS_BLOCKING):
            continue
        accepted = next((a for a in acceptances if a.covers(spec, change, new_sha256)), None)
        if accepted:
            print(f"accepted: [{change.rule}] {change.pointer}: {accepted.reason}", file=out)
        else:
            blocking.append(change)
    for change in blocking:
        print(f"BLOCKING: [{change.rule}] {change.pointer}", file=out)
    if blocking:
        print(
            f"{spec}: {len(blocking)} change(s) at or above '{fail_on}' are not accepted; review them and, "
            f"if intended, list them in {ACCEPTED_FILE} (spec + rule + pointer, or the new document's "
            f"sha256 {new_sha256}) with a reason",
            file=out,
        )
    return bool(blocking)


def codegen_changes(repo: Path, old: Spec, new: Spec) -> list[Change]:
    """Generated classes and fields the facade uses that `new` no longer generates (see _codegen.py).
    `old` and `new` are documents as the generator sees them (as_generated)."""
    usage = facade_usage(repo / FACADE_DIR, generated_package_names(repo))
    if not usage.modules:
        return []
    findings = codegen_findings(old.doc, new.doc, usage)
    return [Change(*finding, operations=[]) for finding in findings]


def check(repo: Path, specs: list[str], base: str | None, fail_on: str, output_format: str) -> int:
    acceptances = load_acceptances(repo / ACCEPTED_FILE)
    specs = specs or sorted(
        str(p.relative_to(repo)) for p in repo.glob(DEFAULT_SPEC_GLOB) if VENDORED_NAME.match(p.name)
    )
    if not specs:
        print(
            f"no vendored specs match {DEFAULT_SPEC_GLOB}; nothing to check",
            file=verdict_stream(output_format),
        )
        return 0
    blocked = False
    for spec in specs:
        if not (repo / spec).is_file():
            raise InputError(f"{spec}: no such file in {repo}")
        revision = base or previous_revision(repo, spec)
        if revision is None:
            print(
                f"{spec}: no earlier committed version differs (first vendoring); nothing to compare",
                file=verdict_stream(output_format),
            )
            continue
        shown = _git(repo, "show", f"{revision}:{spec}")
        if shown.returncode != 0:
            raise InputError(f"{revision}:{spec}: {shown.stderr.decode(errors='replace').strip()}")
        old = parse_spec(f"{revision[:12]}:{spec}", shown.stdout)
        new = load_spec(spec, repo)
        changes = judged_changes(repo, old, new)
        blocked |= _report(
            spec,
            changes,
            old.label,
            new.label,
            hashlib.sha256(new.raw).hexdigest(),
            acceptances,
            fail_on,
            output_format,
        )
    return 1 if blocked else 0


def judged_changes(
    repo: Path, old: Spec, new: Spec, generate: Callable[[Spec], Spec] | None = None
) -> list[Change]:
    """What `check` judges: the raw documents' diff, plus every breaking change that the documents as
    generated (normalized) show and the raw diff does not. The generated client is built from the
    normalized document, so that is what decides, e.g., whether a one-value response enum gaining a value
    breaks (normalized to a closed `const`) or not (normalized to an open string)."""
    generate = generate or as_generated
    old_generated, new_generated = generate(old), generate(new)
    raw = diff_specs(old, new)
    seen = {(change.rule, change.pointer) for change in raw}
    as_built = [
        replace(change, detail=f"as generated: {change.detail}")
        for change in diff_specs(old_generated, new_generated)
        if change.level is Level.BREAKING and (change.rule, change.pointer) not in seen
    ]
    return codegen_changes(repo, old_generated, new_generated) + raw + as_built


def as_generated(spec: Spec) -> Spec:
    """The document the generator sees: prose stripped as vendoring does, then normalized. Applied to both
    sides of check-upstream, so a publication identical to the vendored one's source diffs to nothing."""
    document = vendored_form(spec.doc)
    normalized = normalize(document)
    return Spec(spec.label, json.dumps(normalized, sort_keys=True).encode(), normalized)


def registry_changes(
    repo: Path, spec: str, vendored: Spec, published: Spec, seen: list[Change]
) -> list[Change]:
    """The PATCH bodies' required lists (read by the registry module from the document as published;
    normalization drops them) that differ, for the registered version whose document `spec` is; the same
    rows as the upstream watch's. None for a document no version registers."""
    registry_file = repo / "openapi" / "registry.json"
    if not registry_file.is_file():
        return []
    try:
        registry = reg.load(registry_file)
    except reg.RegistryError as error:
        raise InputError(f"openapi/registry.json: {error}") from None
    name = Path(spec).name
    entry = next((v for v in registry.versions if Path(v.document).name == name), None)
    if entry is None:
        return []
    known = {(change.rule, change.pointer) for change in seen}
    required = required_field_changes(registry, entry, vendored.doc, published.doc)
    return [change for change in required if (change.rule, change.pointer) not in known]


def check_upstream(
    repo: Path, spec: str, published: str, fail_on: str, output_format: str, show_cosmetic: bool = False
) -> int:
    old = as_generated(load_spec(spec, repo))
    new_spec = load_spec(published)
    new = as_generated(new_spec)
    changes = codegen_changes(repo, old, new) + diff_specs(old, new)
    changes += registry_changes(repo, spec, load_spec(spec, repo), new_spec, changes)
    hidden = [change for change in changes if change.level is Level.COSMETIC and not show_cosmetic]
    changes = [change for change in changes if change not in hidden]
    acceptances = load_acceptances(repo / ACCEPTED_FILE)
    blocked = _report(
        spec,
        changes,
        old.label,
        new.label,
        hashlib.sha256(new_spec.raw).hexdigest(),
        acceptances,
        fail_on,
        output_format,
    )
    if hidden:
        print(
            f"{len(hidden)} cosmetic change(s) hidden (--show-cosmetic lists them)",
            file=verdict_stream(output_format),
        )
    if not any(change.level.rank > Level.COSMETIC.rank for change in changes):
        print(
            f"{redact_source(published)}: nothing that matters changed against {spec}",
            file=verdict_stream(output_format),
        )
    return 1 if blocked else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts ci",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--repo", type=Path, default=REPO, help="repository root (default: this checkout)")
    parser.add_argument("--format", choices=sorted(RENDERERS), default="text")
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", help="diff vendored specs against their previous version")
    check_parser.add_argument(
        "--spec",
        action="append",
        default=[],
        help=f"vendored spec, relative to the repo (repeatable; default {DEFAULT_SPEC_GLOB})",
    )
    check_parser.add_argument("--base", help="compare against this revision instead of the previous one")
    check_parser.add_argument("--fail-on", choices=list(FAIL_ON), default="breaking")
    upstream_parser = commands.add_parser(
        "check-upstream", help="diff a vendored spec against a new publication"
    )
    upstream_parser.add_argument("--spec", required=True, help="vendored spec, relative to the repo")
    upstream_parser.add_argument(
        "--published", required=True, help="the newly published document (path or URL)"
    )
    upstream_parser.add_argument("--fail-on", choices=list(FAIL_ON), default="non-breaking")
    upstream_parser.add_argument(
        "--show-cosmetic", action="store_true", help="also list cosmetic changes (hidden by default)"
    )
    args = parser.parse_args(argv)
    repo = args.repo.resolve()
    try:
        if args.command == "check":
            return check(repo, args.spec, args.base, args.fail_on, args.format)
        return check_upstream(repo, args.spec, args.published, args.fail_on, args.format, args.show_cosmetic)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
