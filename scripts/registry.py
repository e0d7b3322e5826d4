"""The registry of API versions and operations (openapi/registry.json): read, checked, extended by bump.

The data file is the one list; ``python -m scripts generate`` writes the facade's registry module from it
(scripts/registry_module.py). This module only needs the standard library.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._spec_io import OPENAPI_DIR

REGISTRY_PATH = OPENAPI_DIR / "registry.json"
# Every version id ever released, oldest first: written by bump, never shortened by a tool. A registered
# version that disappears is a breaking change for users; generate and a test fail on it.
RELEASED_PATH = OPENAPI_DIR / "released-versions.json"
RELEASED_COMMENT = (
    "Written by python -m scripts bump: every API version ever released. generate and "
    "tests/facade/test_facade_public_api.py fail while a version listed here is not served; removing one "
    "(a breaking change for users) means removing it here too, by hand, with a CHANGELOG entry."
)
GENERATED_ROOT = "hubspot_channels_api"  # the one top-level name every generated package lives under
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
AUTH_KINDS = ("developer", "bearer")
REMOVE: Any = object()  # an override without "value": delete the key


class RegistryError(ValueError):
    """openapi/registry.json is missing a field, has a wrong value, or names something twice."""


@dataclass(frozen=True, slots=True)
class Version:
    id: str
    package: str  # dotted import name, e.g. hubspot_channels_api.v2026_03
    document: str  # the vendored document, relative to openapi/
    default: bool

    @property
    def subpackage(self) -> str:
        return self.package.rsplit(".", 1)[-1]


@dataclass(frozen=True, slots=True)
class Operation:
    name: str
    method: str  # upper case
    path: str  # version-free, e.g. /conversations/custom-channels/{channelId}
    resource: str  # the generated module folder under api/, and the facade's resource
    auth: str  # "developer" (hapikey + appId) or "bearer" (OAuth access token)
    summary: str


@dataclass(frozen=True, slots=True)
class Override:
    """A fact a version's document states wrongly or leaves out, set by JSON pointer, with the reason."""

    version: str  # a version id, or "*" for every version (a new one included)
    pointer: str
    value: Any  # REMOVE: the key is deleted
    reason: str

    def applies_to(self, version_id: str) -> bool:
        return self.version in ("*", version_id)


@dataclass(frozen=True, slots=True)
class Registry:
    versions: tuple[Version, ...]
    operations: tuple[Operation, ...]
    overrides: tuple[Override, ...]

    @property
    def default(self) -> Version:
        return next(version for version in self.versions if version.default)

    def version(self, version_id: str) -> Version:
        for version in self.versions:
            if version.id == version_id:
                return version
        raise KeyError(version_id)

    def ids(self) -> list[str]:
        return [version.id for version in self.versions]

    def by_route(self) -> dict[tuple[str, str], Operation]:
        """Operations by (lower-case method, version-free path), as normalization looks them up."""
        return {(op.method.lower(), op.path): op for op in self.operations}


def package_for(version_id: str) -> str:
    """The generated package of a new version: hubspot_channels_api.v2026_03, hubspot_channels_api.v3."""
    suffix = version_id.replace("-", "_")
    return f"{GENERATED_ROOT}.{suffix if suffix.startswith('v') else 'v' + suffix}"


def _field(item: dict[str, Any], name: str, kind: type, where: str) -> Any:
    value = item.get(name)
    if not isinstance(value, kind) or (kind is str and not value):
        raise RegistryError(
            f"{where}: {name!r} must be a {'non-empty ' if kind is str else ''}{kind.__name__}"
        )
    return value


def parse(data: Any) -> Registry:
    if not isinstance(data, dict):
        raise RegistryError("the registry must be a JSON object")
    versions = tuple(
        Version(
            id=_field(item, "id", str, f"versions[{index}]"),
            package=_field(item, "package", str, f"versions[{index}]"),
            document=_field(item, "document", str, f"versions[{index}]"),
            default=_field(item, "default", bool, f"versions[{index}]"),
        )
        for index, item in enumerate(_list(data, "versions"))
    )
    operations = tuple(
        Operation(**{key: _field(item, key, str, f"operations[{index}]") for key in Operation.__slots__})
        for index, item in enumerate(_list(data, "operations"))
    )
    overrides = tuple(
        Override(
            version=_field(item, "version", str, f"overrides[{index}]"),
            pointer=_field(item, "pointer", str, f"overrides[{index}]"),
            value=item.get("value", REMOVE),
            reason=_field(item, "reason", str, f"overrides[{index}]"),
        )
        for index, item in enumerate(_list(data, "overrides", may_be_empty=True))
    )
    registry = Registry(versions, operations, overrides)
    _check(registry)
    return registry


def _list(data: dict[str, Any], key: str, *, may_be_empty: bool = False) -> list[dict[str, Any]]:
    items = data.get(key, [] if may_be_empty else None)
    if (
        not isinstance(items, list)
        or (not items and not may_be_empty)
        or not all(isinstance(item, dict) for item in items)
    ):
        raise RegistryError(f"{key!r} must be a {'' if may_be_empty else 'non-empty '}list of objects")
    return items


def _check(registry: Registry) -> None:
    ids = registry.ids()
    if len(set(ids)) != len(ids):
        raise RegistryError(f"a version is listed twice: {ids}")
    if sum(version.default for version in registry.versions) != 1:
        raise RegistryError("exactly one version must have default: true")
    for version in registry.versions:
        if not version.package.startswith(GENERATED_ROOT + ".") or not version.subpackage.isidentifier():
            raise RegistryError(f"{version.id}: package must be {GENERATED_ROOT}.<identifier>")
    names = [op.name for op in registry.operations]
    if len(set(names)) != len(names) or len(registry.by_route()) != len(names):
        raise RegistryError("an operation name or a method + path is listed twice")
    for op in registry.operations:
        if op.method not in METHODS or op.auth not in AUTH_KINDS or not op.name.isidentifier():
            raise RegistryError(f"{op.name}: method in {METHODS}, auth in {AUTH_KINDS}, name an identifier")
    for override in registry.overrides:
        if override.version not in [*ids, "*"] or not override.pointer.startswith("/"):
            raise RegistryError(f"override {override.pointer!r}: unknown version or not a JSON pointer")


def load(path: Path = REGISTRY_PATH) -> Registry:
    """The registry at path; a file that is not UTF-8 JSON is a RegistryError like a wrong field."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise RegistryError(f"not JSON ({error})") from None
    except RecursionError:  # nested deeper than the parser goes
        raise RegistryError("nested too deeply to be read") from None
    return parse(data)


def released(path: Path = RELEASED_PATH) -> list[str]:
    """The versions ever released (openapi/released-versions.json)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    versions = data.get("released") if isinstance(data, dict) else None
    if not isinstance(versions, list) or not all(isinstance(v, str) for v in versions):
        raise RegistryError(f"{path.name}: 'released' must be a list of version ids")
    return versions


def record_released(version_id: str, path: Path = RELEASED_PATH) -> bool:
    """Add version_id to the released list; False when it is there already."""
    versions = released(path) if path.exists() else []
    if version_id in versions:
        return False
    data = {"$comment": RELEASED_COMMENT, "released": [*versions, version_id]}
    path.write_text(dump_json_keep_order(data), encoding="utf-8")
    return True


def no_longer_served(served: list[str] | tuple[str, ...], path: Path = RELEASED_PATH) -> list[str]:
    """Released versions missing from served (the registry's ids, or the facade's API_VERSIONS)."""
    return [version for version in released(path) if version not in served]


def add_version(version_id: str, path: Path = REGISTRY_PATH, released_path: Path = RELEASED_PATH) -> bool:
    """Register version_id (after the others, not the default) and record it as released; False when it
    is registered already."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if any(item.get("id") == version_id for item in data["versions"]):
        return False
    data["versions"].append(
        {
            "id": version_id,
            "package": package_for(version_id),
            "document": f"custom-channels-{version_id}.json",
            "default": False,
        }
    )
    parse(data)
    path.write_text(dump_json_keep_order(data), encoding="utf-8")
    record_released(version_id, released_path)
    return True


def dump_json_keep_order(data: Any) -> str:
    """The registry keeps its hand-chosen key order (versions oldest first, fields as documented)."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
