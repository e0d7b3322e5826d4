"""The facts the upstream watch judges a publication by, beyond the diff of the documents as generated.

Generation also writes the facade's registry module (facade/hubspot_channels/_registry.py) from the
document, and one of its facts is invisible in the normalized document: the required list of a PATCH body
(normalization drops it, registry_module reads it from the document as published). `document_facts` derives
exactly what `registry_module.version_facts` derives, from a document in memory; `required_field_changes`
turns a difference in those lists into diff rows; `facts_fingerprint` names a publication's facts so the
workflow can tell a republication with the same facts from a new one without comparing bytes.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from . import registry as reg
from .apidiff import Change, Level
from .normalize import resolve
from .registry_module import _json_schema, apply_overrides, document_facts, find_operation

__all__ = ["document_facts", "facts_fingerprint", "required_field_changes"]


def _patch_required(document: dict[str, Any], op: reg.Operation) -> list[str]:
    if op.method != "PATCH":
        return []
    body = _json_schema(document, find_operation(document, op)[2].get("requestBody"))
    return list(resolve(document, body).get("required", [])) if body is not None else []


def _body_pointer(document: dict[str, Any], op: reg.Operation) -> str:
    body = _json_schema(document, find_operation(document, op)[2].get("requestBody")) or {}
    return str(body.get("$ref", f"#/paths/{op.path}/patch/requestBody"))


def required_field_changes(
    registry: reg.Registry, version: reg.Version, old: dict[str, Any], new: dict[str, Any]
) -> list[Change]:
    """A row for each property a PATCH body newly requires (breaking: the facade would still send calls
    without it) or no longer requires (non-breaking), as the registry module would record it."""
    changes = []
    for op in registry.operations:
        before, after = (
            _patch_required(apply_overrides(doc, _overrides(registry, version), version.id), op)
            for doc in (old, new)
        )
        if before == after:
            continue
        path, _, _ = find_operation(new, op)
        where = _body_pointer(new, op)
        for name in sorted(set(after) - set(before)):
            detail = f"property {name!r} became required (the facade's required_fields for {op.name})"
            changes.append(Change("request-property-became-required", "new", f"{where}/properties/{name}",
                                  "optional", "required", detail, [f"PATCH {path}"]))  # fmt: skip
        for name in sorted(set(before) - set(after)):
            detail = f"property {name!r} became optional (the facade's required_fields for {op.name})"
            changes.append(Change("request-property-became-optional", "new", f"{where}/properties/{name}",
                                  "required", "optional", detail, [f"PATCH {path}"]))  # fmt: skip
    return changes


def _overrides(registry: reg.Registry, version: reg.Version) -> list[reg.Override]:
    return [o for o in registry.overrides if o.applies_to(version.id)]


def facts_fingerprint(baseline_generated: bytes, changes: list[Change], facts: dict[str, Any]) -> str:
    """sha256 of what a pull request stands for: the vendored document it is judged against (as generated),
    every row that is not cosmetic, and the registry facts of the publication. Two publications that differ
    only in prose or cosmetic rows have the same fingerprint."""
    rows = sorted(
        json.dumps(change.as_json(), sort_keys=True, default=str)
        for change in changes
        if change.level is not Level.COSMETIC
    )
    record = {"baseline": hashlib.sha256(baseline_generated).hexdigest(), "rows": rows, "registry": facts}
    return hashlib.sha256(json.dumps(record, sort_keys=True, default=str).encode()).hexdigest()
