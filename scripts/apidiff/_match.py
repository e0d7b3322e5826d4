"""Listing operations and matching them across documents, across API versions too.

The API version is a path segment (`/conversations/custom-channels/2026-03/...`, or `v3` placed before or
after `custom-channels`), so a version bump changes every path. Operations are matched on the exact
path first, then on method + the path with version segments dropped and parameter names blanked.
"""

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from ._load import join

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_VERSION_SEGMENT = re.compile(r"^(\d{4}-\d{2}|v\d+)$")
_PARAMETER_SEGMENT = re.compile(r"^\{([^}]+)\}$")


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    node: dict[str, Any]
    path_item: dict[str, Any]

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"

    @property
    def pointer(self) -> str:
        return join("#/paths", self.path, self.method)

    @property
    def path_parameters(self) -> list[str]:
        return [m.group(1) for segment in self.path.split("/") if (m := _PARAMETER_SEGMENT.match(segment))]


def list_operations(doc: dict[str, Any]) -> list[Operation]:
    found = []
    for path, item in (doc.get("paths") or {}).items():
        for method in _METHODS:
            if isinstance(item, dict) and isinstance(item.get(method), dict):
                found.append(Operation(method, path, item[method], item))
    return found


def version_segments(path: str) -> list[str]:
    return [segment for segment in path.split("/") if _VERSION_SEGMENT.match(segment)]


def version_free_key(operation: Operation) -> tuple[str, str]:
    segments = []
    for segment in operation.path.split("/"):
        if _VERSION_SEGMENT.match(segment):
            continue
        segments.append("{}" if _PARAMETER_SEGMENT.match(segment) else segment)
    return operation.method, "/".join(segments)


@dataclass
class Matching:
    pairs: list[tuple[Operation, Operation]]
    removed: list[Operation]
    added: list[Operation]


def match_operations(old_doc: dict[str, Any], new_doc: dict[str, Any]) -> Matching:
    old_ops, new_ops = list_operations(old_doc), list_operations(new_doc)
    new_exact = {(op.method, op.path): op for op in new_ops}
    pairs = [(op, new_exact[(op.method, op.path)]) for op in old_ops if (op.method, op.path) in new_exact]
    paired_old = {id(old) for old, _ in pairs}
    paired_new = {id(new) for _, new in pairs}
    old_rest = [op for op in old_ops if id(op) not in paired_old]
    new_rest = [op for op in new_ops if id(op) not in paired_new]
    # Only keys that are unique on both sides are safe to match loosely.
    old_counts = Counter(map(version_free_key, old_rest))
    new_counts = Counter(map(version_free_key, new_rest))
    new_by_key = {version_free_key(op): op for op in new_rest}
    removed = []
    for op in old_rest:
        key = version_free_key(op)
        if old_counts[key] == 1 and new_counts[key] == 1:
            pairs.append((op, new_by_key.pop(key)))
        else:
            removed.append(op)
    matched_new = {id(new) for _, new in pairs}
    added = [op for op in new_rest if id(op) not in matched_new]
    return Matching(pairs, removed, added)
