"""The public surface: a committed snapshot of names and signatures, no generated type leaking into it, only
the adapter modules importing generated code, ``__all__`` complete and exact, and sync/async resources kept
equal. The API versions are the registry's (openapi/registry.json): the snapshot names them by reference, so
``make bump`` leaves it unchanged; a test checks the values against the registry, and another that every
version ever released (openapi/released-versions.json, appended to by bump) is still served."""

from __future__ import annotations

import ast
import dataclasses
import enum
import inspect
import json
import os
import re
import subprocess
import sys
import types
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import hubspot_channels
from hubspot_channels import AsyncCustomChannelsClient, CustomChannelsClient
from tests.support.paths import REPO

PACKAGE_DIR = Path(hubspot_channels.__file__).resolve().parent
SNAPSHOT = Path(__file__).resolve().parent / "snapshots" / "public_api.txt"
GENERATED_PREFIX = "hubspot_channels_api"  # the one top-level name of every generated package
FROM_REGISTRY = {"API_VERSIONS", "ApiVersion"}  # values that grow with each bump: rendered by reference
# The package loads its names lazily (PEP 562): getattr, not vars(), sees every one.
PUBLIC_NAMES = {name: getattr(hubspot_channels, name) for name in hubspot_channels.__all__}
RESOURCES = ("channels", "channel_accounts", "staging_tokens", "messages")
PUBLIC_DUNDERS = {
    "__init__",
    "__enter__",
    "__exit__",
    "__aenter__",
    "__aexit__",
    "__iter__",
    "__aiter__",
    "__call__",
}


def clients() -> list[Any]:
    kwargs = {"access_token": "t", "developer_api_key": "k", "app_id": 1}
    return [CustomChannelsClient(**kwargs), AsyncCustomChannelsClient(**kwargs)]


def _clean(text: str) -> str:
    """Private module paths (hubspot_channels._models.X) are not part of the API: show X."""
    return re.sub(r"\bhubspot_channels\._\w+\.", "", text)


def own_members(cls: type) -> Iterator[tuple[str, Any]]:
    """Public attributes defined by the package's own classes in cls's MRO (not by object, Exception, str...)."""
    seen: set[str] = set()
    for klass in cls.__mro__:
        if not klass.__module__.startswith("hubspot_channels"):
            continue
        for name in vars(klass):
            if name.startswith("_") and name not in PUBLIC_DUNDERS or name in seen:
                continue
            seen.add(name)
            yield name, inspect.getattr_static(cls, name)


def render_class(name: str, cls: type, lines: list[str]) -> None:
    bases = ", ".join(_clean(base.__module__ + "." + base.__qualname__) for base in cls.__bases__)
    lines.append(f"class {name}({bases})")
    if issubclass(cls, enum.Enum):
        lines.extend(f"    {member.name} = {member.value!r}" for member in cls)
        return
    if dataclasses.is_dataclass(cls):
        for field in dataclasses.fields(cls):
            lines.append(
                f"    field {field.name}: {_clean(str(field.type))}" + ("" if field.init else "  (not init)")
            )
    else:
        for attribute, annotation in vars(cls).get("__annotations__", {}).items():
            lines.append(f"    attribute {attribute}: {_clean(str(annotation))}")
    for member_name, member in sorted(own_members(cls)):
        if isinstance(member, property):
            lines.append(
                f"    property {member_name}: {_clean(str(inspect.signature(member.fget).return_annotation))}"
            )
        elif isinstance(member, (staticmethod, classmethod)):
            lines.append(
                f"    {type(member).__name__} {member_name}{_clean(str(inspect.signature(member.__func__)))}"
            )
        elif inspect.isfunction(member):
            prefix = "async def" if inspect.iscoroutinefunction(member) else "def"
            if member_name == "__init__" and dataclasses.is_dataclass(cls):
                continue  # the fields say it
            lines.append(f"    {prefix} {member_name}{_clean(str(inspect.signature(member)))}")
        elif not dataclasses.is_dataclass(cls) or member_name not in {
            f.name for f in dataclasses.fields(cls)
        }:
            lines.append(f"    attribute {member_name}: {type(member).__name__}")


def render_public_api() -> str:
    lines = [f"# hubspot_channels public API; regenerate with UPDATE_SNAPSHOTS=1 (see {Path(__file__).name})"]
    for name in sorted(hubspot_channels.__all__):
        obj = getattr(hubspot_channels, name)
        if name in FROM_REGISTRY:
            lines.append(f"{name} = <the versions of openapi/registry.json>")
        elif inspect.isclass(obj):
            render_class(name, obj, lines)
        elif inspect.isfunction(obj):
            lines.append(f"def {name}{_clean(str(inspect.signature(obj)))}")
        elif isinstance(obj, (types.UnionType, typing._GenericAlias)) or typing.get_origin(obj) is not None:  # type: ignore[attr-defined]
            lines.append(f"{name} = {_clean(repr(obj))}")
        elif name == "__version__":
            lines.append(f"{name}: str")
        else:
            lines.append(f"{name}: {type(obj).__name__} = {obj!r}")
    for client in clients():
        for resource_name in RESOURCES:
            resource = getattr(client, resource_name)
            lines.append(f"{type(client).__name__}.{resource_name}: {type(resource).__name__}")
            render_class(type(resource).__name__, type(resource), lines)
    return "\n".join(lines) + "\n"


def test_the_versions_are_the_registrys() -> None:
    """What the snapshot leaves out: API_VERSIONS and ApiVersion list exactly the data file's versions."""
    data = json.loads((REPO / "openapi" / "registry.json").read_text())
    ids = tuple(version["id"] for version in data["versions"])
    assert hubspot_channels.API_VERSIONS == ids
    assert typing.get_args(hubspot_channels.ApiVersion) == ids
    (default,) = [version["id"] for version in data["versions"] if version["default"]]
    assert hubspot_channels.DEFAULT_API_VERSION == default


def versions_no_longer_served(api_versions: tuple[str, ...]) -> list[str]:
    """Released versions (openapi/released-versions.json, written by make bump) that api_versions lacks."""
    released = json.loads((REPO / "openapi" / "released-versions.json").read_text())["released"]
    return [version for version in released if version not in api_versions]


def test_every_released_version_is_still_served() -> None:
    """Removing a version breaks every caller of api_version=<it>: a bump adds to the list, nothing removes."""
    assert versions_no_longer_served(hubspot_channels.API_VERSIONS) == []


def test_public_api_snapshot() -> None:
    current = render_public_api()
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(current)
    committed = SNAPSHOT.read_text() if SNAPSHOT.exists() else ""
    if current != committed:
        import difflib

        diff = "".join(
            difflib.unified_diff(
                committed.splitlines(keepends=True), current.splitlines(keepends=True), "committed", "current"
            )
        )
        pytest.fail(
            "The public API changed. If that is intended, update the snapshot and commit it:\n"
            f"    UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest {Path(__file__).relative_to(REPO)}\n\n{diff}",
            pytrace=False,
        )


# --- no generated types -------------------------------------------------------------------------------------


def public_annotated_objects() -> Iterator[tuple[str, Any]]:
    """Everything whose annotations are public: classes (their fields) and their public methods, functions."""
    classes: list[type] = [
        obj
        for obj in (getattr(hubspot_channels, name) for name in hubspot_channels.__all__)
        if inspect.isclass(obj)
    ]
    for client in clients():
        classes.extend(type(getattr(client, name)) for name in RESOURCES)
    for cls in classes:
        if not issubclass(cls, enum.Enum):
            yield cls.__qualname__, cls
        for name, member in own_members(cls):
            function = member.fget if isinstance(member, property) else getattr(member, "__func__", member)
            if inspect.isfunction(function):
                yield f"{cls.__qualname__}.{name}", function
    for name in hubspot_channels.__all__:
        obj = getattr(hubspot_channels, name)
        if inspect.isfunction(obj):
            yield name, obj


def types_in(hint: Any) -> Iterator[Any]:
    yield hint
    for arg in typing.get_args(hint):
        yield from types_in(arg)
    origin = typing.get_origin(hint)
    if origin is not None:
        yield origin


def test_no_generated_type_in_public_annotations() -> None:
    checked = 0
    for where, obj in public_annotated_objects():
        # fails loudly if an annotation cannot be resolved (names only imported for type checking: the package's)
        hints = typing.get_type_hints(obj, localns=PUBLIC_NAMES)
        for hint in hints.values():
            for found in types_in(hint):
                module = getattr(found, "__module__", "") or ""
                assert not module.startswith(GENERATED_PREFIX), f"{where} exposes generated type {found!r}"
                checked += 1
    assert checked > 200  # the walk really saw the surface


def test_union_aliases_have_no_generated_members() -> None:
    for member in typing.get_args(hubspot_channels.Attachment):
        assert member.__module__.startswith("hubspot_channels.")


def generated_imports(source: str) -> list[str]:
    """Generated modules a source imports: import statements and import_module/__import__ with a literal."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append(node.module)
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if (
                name in {"import_module", "__import__"}
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.append(str(node.args[0].value))
    return [name for name in found if name.split(".")[0] == GENERATED_PREFIX]


# The adapter modules, each with one job; the only ones that may load generated code.
ADAPTER_MODULES = {
    "_adapter.py",
    "_adapter_codec.py",
    "_adapter_convert.py",
    "_adapter_profiles.py",
    "_adapter_webhooks.py",
}
# Where a generated module name is formed at run time (the registry's package names + import_module).
LOADS_GENERATED = "_adapter_codec.py"


def test_the_scanner_finds_generated_imports() -> None:
    assert generated_imports("from hubspot_channels_api.v2026_03.models import Error") == [
        "hubspot_channels_api.v2026_03.models"
    ]
    assert generated_imports("import hubspot_channels_api.v3.api as api") == ["hubspot_channels_api.v3.api"]
    assert generated_imports("importlib.import_module('hubspot_channels_api.v2026_03.models')")
    assert generated_imports("import httpx\nfrom . import _models") == []


def _imports_module(source: str, name: str) -> bool:
    tree = ast.parse(source)
    return any(
        isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) == name
        for node in ast.walk(tree)
    )


def test_only_the_adapter_modules_import_generated_code() -> None:
    sources = sorted(PACKAGE_DIR.rglob("*.py"))
    assert len(sources) > 10
    assert ADAPTER_MODULES <= {path.name for path in sources if path.parent == PACKAGE_DIR}
    offenders = {
        str(path.relative_to(PACKAGE_DIR)): imports
        for path in sources
        if path.name not in ADAPTER_MODULES or path.parent != PACKAGE_DIR
        if (imports := generated_imports(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
    assert _imports_module((PACKAGE_DIR / LOADS_GENERATED).read_text(), "import_module")


def test_the_engine_and_the_calls_do_not_import_the_adapter_internals() -> None:
    """The engine sends PreparedRequest/Call (_call.py) without knowing the adapter; the calls speak facade
    values (no generated class or field named, no wire body written)."""
    for name in ("_engine.py", "_async_engine.py", "_sync_engine.py", "_attempts.py"):
        assert "_adapter" not in (PACKAGE_DIR / name).read_text(), name
    calls = (PACKAGE_DIR / "_calls.py").read_text()
    assert "has_field" not in calls and "_get_kwargs" not in calls
    assert not re.search(r'"[a-z]+[A-Z]\w*":', calls), "a camelCase (wire) key in _calls.py"
    assert wire_names_in_hand_written_modules() == {}


def request_wire_names() -> set[str]:
    """Every camelCase property of every version's request bodies, at any depth (the names only generated
    code may use)."""
    names: set[str] = set()
    for spec in (REPO / "generated" / "hubspot_channels_api").glob("*/openapi.json"):
        document = json.loads(spec.read_text())
        schemas = document.get("components", {}).get("schemas", {})
        stack: list[Any] = [
            op.get("requestBody") for item in document["paths"].values() for op in item.values()
        ]
        seen: set[str] = set()
        while stack:
            node = stack.pop()
            if isinstance(node, dict):
                ref = node.get("$ref", "")
                if ref.startswith("#/components/schemas/") and ref not in seen:
                    seen.add(ref)
                    stack.append(schemas[ref.rsplit("/", 1)[1]])
                names.update(n for n in node.get("properties", {}) if re.search(r"[a-z][A-Z]", n))
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)
    return names


def wire_names_in_hand_written_modules() -> dict[str, list[str]]:
    """String literals (not docstrings or comments) equal to a wire name, in every top-level facade module
    but the adapter's and the generated registry; webhook modules read HubSpot's webhook JSON, which has no
    generated model."""
    wire = request_wire_names()
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE_DIR.glob("*.py")):
        if path.name in ADAPTER_MODULES or path.name == "_registry.py" or "webhook" in path.name:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        literals = {
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
        }
        if hits := sorted(literals & wire):
            found[path.name] = hits
    return found
    for name in ADAPTER_MODULES:
        assert "_get_kwargs" not in (PACKAGE_DIR / name).read_text(), name


@pytest.mark.subprocess
def test_importing_the_package_loads_no_generated_code() -> None:
    code = "import sys, hubspot_channels; print(sorted(m for m in sys.modules if m.startswith('hubspot_channels_api')))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# --- __all__ --------------------------------------------------------------------------------------------------


def test_all_lists_exactly_the_public_names() -> None:
    exported = hubspot_channels.__all__
    assert len(exported) == len(set(exported)), "duplicates in __all__"
    missing = [name for name in exported if not hasattr(hubspot_channels, name)]
    assert missing == []
    public = {
        name
        for name, value in vars(hubspot_channels).items()
        if not name.startswith("_") and not inspect.ismodule(value)
    }
    assert public - set(exported) == set(), "public names missing from __all__"


def test_exported_objects_belong_to_the_package() -> None:
    for name in hubspot_channels.__all__:
        obj = getattr(hubspot_channels, name)
        module = getattr(obj, "__module__", None)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert module is not None and module.startswith("hubspot_channels."), name


# --- sync and async stay equal ------------------------------------------------------------------------------


def public_methods(cls: type) -> dict[str, Any]:
    return {
        name: member for name, member in own_members(cls) if inspect.isfunction(member) and name != "__init__"
    }


def async_name(annotation: str) -> str:
    return annotation.replace("SyncPager", "AsyncPager")


@pytest.mark.parametrize("resource", RESOURCES)
def test_sync_and_async_resources_match(resource: str) -> None:
    sync_client, async_client = clients()
    sync_cls, async_cls = type(getattr(sync_client, resource)), type(getattr(async_client, resource))
    sync_methods, async_methods = public_methods(sync_cls), public_methods(async_cls)
    assert sync_methods and sorted(sync_methods) == sorted(async_methods)
    for name, sync_method in sync_methods.items():
        async_method = async_methods[name]
        sync_sig, async_sig = inspect.signature(sync_method), inspect.signature(async_method)
        assert list(sync_sig.parameters.values()) == list(async_sig.parameters.values()), name
        assert async_name(str(sync_sig.return_annotation)) == str(async_sig.return_annotation), name
        assert not inspect.iscoroutinefunction(sync_method), name
        returns_pager = "Pager" in str(sync_sig.return_annotation)
        assert inspect.iscoroutinefunction(async_method) is not returns_pager, name


def test_sync_and_async_clients_match() -> None:
    sync_methods = public_methods(CustomChannelsClient)
    async_methods = public_methods(AsyncCustomChannelsClient)
    assert set(sync_methods) - {"close", "__enter__", "__exit__"} == set(async_methods) - {
        "aclose",
        "__aenter__",
        "__aexit__",
    }
    assert inspect.iscoroutinefunction(async_methods["aclose"])
    for name in ("__init__",):
        sync_params = inspect.signature(getattr(CustomChannelsClient, name)).parameters
        async_params = inspect.signature(getattr(AsyncCustomChannelsClient, name)).parameters
        assert list(sync_params) == list(async_params)
        for param in sync_params:
            if param not in ("http_client", "access_token"):  # access_token: an async provider on async only
                assert sync_params[param] == async_params[param], param
    sync_opts = inspect.signature(CustomChannelsClient.with_options).parameters
    assert sync_opts == inspect.signature(AsyncCustomChannelsClient.with_options).parameters
