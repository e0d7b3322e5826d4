"""Codegen impact: generated classes and fields that the facade uses and a new document no longer generates.

Two halves. `generated_symbols` predicts, from a normalized document, the model and enum classes and the
fields openapi-python-client generates (its naming: ClassName / PythonIdentifier in
openapi_python_client/strings.py, inline classes named parent + property, array items `<prop>_item`).
`facade_usage` reads the facade's modules that touch generated code with `ast` (nothing is imported): names
imported from generated packages, attribute accesses, and string constants (the adapter looks classes up
by name and reads optional fields with getattr).
"""

import ast
import builtins
import keyword
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._load import join, resolve
from ._model import Finding

_DELIMITERS = ". _-"
_RESERVED = (set(dir(builtins)) | {"self", "true", "false", "datetime"}) - {"id"}
FIELD_PREFIX = "field_"  # openapi-python-client's default `field_prefix`


def generated_package_names(repo: Path) -> tuple[str, ...]:
    """The import names of the generated packages (today the one root, generated/hubspot_channels_api)."""
    root = repo / "generated"
    return (
        tuple(sorted(p.name for p in root.iterdir() if (p / "__init__.py").is_file()))
        if root.is_dir()
        else ()
    )


def _words(value: str) -> list[str]:
    value = "".join(c for c in value if c.isidentifier() or c.isdecimal() or c in _DELIMITERS)
    if any(c.isupper() for c in value):
        value = " ".join(re.split("([A-Z]?[a-z]+)", value))
    return re.findall(r"[^. _-]+", value)


def _unreserved(value: str) -> str:
    return f"{value}_" if value in _RESERVED or keyword.iskeyword(value) else value


def class_name(value: str) -> str:
    return _unreserved("".join(w if w.isupper() else w.capitalize() for w in _words(value)))


def field_name(value: str) -> str:
    name = _unreserved("_".join(_words(value)).lower())
    return name if name.isidentifier() and not value.startswith("_") else FIELD_PREFIX + name


@dataclass
class Symbols:
    """Generated class -> (pointer of its schema, {python field name: pointer of the property})."""

    classes: dict[str, tuple[str, dict[str, str]]] = field(default_factory=dict)


def _is_model(schema: dict[str, Any]) -> bool:
    return schema.get("type") == "object" or "properties" in schema


class _Namer:
    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc, self.symbols, self._seen = doc, Symbols(), set[str]()

    def schema(self, node: Any, pointer: str, name: str) -> None:
        """Record the class `node` generates under `name` (inline schemas), following what it contains."""
        if isinstance(node, dict) and "$ref" in node:
            return  # a component: named after itself, walked once from components
        if not isinstance(node, dict) or pointer in self._seen:
            return
        self._seen.add(pointer)
        if isinstance(node.get("enum"), list):
            self.symbols.classes.setdefault(name, (pointer, {}))
            return
        for key in ("oneOf", "anyOf"):
            for index, member in enumerate(node.get(key) or ()):
                self.schema(member, join(pointer, key, index), f"{name}Type{index}")
        if isinstance(node.get("items"), dict):
            self.schema(node["items"], join(pointer, "items"), name + "Item")
        if not _is_model(node):
            return
        fields = self.symbols.classes.setdefault(name, (pointer, {}))[1]
        for prop, sub in (node.get("properties") or {}).items():
            sub_ptr = join(pointer, "properties", prop)
            fields[field_name(prop)] = sub_ptr
            self.schema(sub, sub_ptr, name + class_name(prop))
        extra = node.get("additionalProperties")
        if isinstance(extra, dict) and extra:
            self.schema(extra, join(pointer, "additionalProperties"), name + "AdditionalProperty")


def generated_symbols(doc: dict[str, Any]) -> Symbols:
    namer = _Namer(doc)
    for name, schema in ((doc.get("components") or {}).get("schemas") or {}).items():
        namer.schema(schema, join("#/components/schemas", name), class_name(name))
    for path, item in (doc.get("paths") or {}).items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "operationId" not in operation:
                continue
            endpoint = class_name(field_name(str(operation["operationId"])))
            for index, raw in enumerate(operation.get("parameters") or ()):
                parameter, param_ptr = resolve(doc, raw, join("#/paths", path, method, "parameters", index))
                namer.schema(
                    parameter.get("schema"),
                    join(param_ptr, "schema"),
                    endpoint + class_name(parameter["name"]),
                )
    return namer.symbols


@dataclass(frozen=True)
class Usage:
    names: frozenset[str]  # imported names, attribute names, identifier-like string constants
    modules: tuple[str, ...]  # the facade modules read, relative to the facade package


def facade_usage(facade: Path, packages: tuple[str, ...]) -> Usage:
    """What the facade's modules that touch generated code name (imports, attributes, strings)."""
    names: set[str] = set()
    read = []
    for path in sorted(facade.rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        if not (path.name.startswith("_adapter") or _touches_generated(tree, packages)):
            continue  # the adapter modules read generated code by registry data, without naming a package
        read.append(str(path.relative_to(facade)))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.Attribute):
                names.add(node.attr)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.isidentifier():
                names.add(node.value)
    return Usage(frozenset(names), tuple(read))


def _is_generated(name: str, packages: tuple[str, ...]) -> bool:
    return any(name == package or name.startswith(package + ".") for package in packages)


def _touches_generated(tree: ast.AST, packages: tuple[str, ...]) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(_is_generated(a.name, packages) for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and _is_generated(node.module or "", packages):
            return True
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and _is_generated(node.value, packages)
        ):
            return True  # importlib.import_module("<package>...") or a version -> package table
    return False


def reachable_components(doc: dict[str, Any]) -> frozenset[str]:
    """Pointers of the components an operation reaches (through any chain of $ref)."""
    seen: set[str] = set()
    pending: list[Any] = [doc.get("paths") or {}]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/") and ref not in seen:
                seen.add(ref)
                target: Any = doc
                for part in ref[2:].split("/"):
                    target = (
                        target.get(part.replace("~1", "/").replace("~0", "~"), {})
                        if isinstance(target, dict)
                        else {}
                    )
                pending.append(target)
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    return frozenset(seen)


def _reached(pointer: str, reachable: frozenset[str]) -> bool:
    return pointer.startswith("#/paths/") or any(
        pointer == component or pointer.startswith(component + "/") for component in reachable
    )


def codegen_findings(old: dict[str, Any], new: dict[str, Any], usage: Usage) -> list[Finding]:
    """A class or field the facade names that the old document generates and the new one does not.

    Fields are matched by name, per class only as far as the document decides it: the facade's adapter
    reads models untyped (`model.x`, `getattr(model, "x")`, the model handed over by the registry), so which
    class a field name belongs to is not written in its code. What narrows it: only classes some operation
    reaches (the facade reads models through operations), and the finding says it matched by name."""
    before, after = generated_symbols(old).classes, generated_symbols(new).classes
    reachable = reachable_components(old)
    findings = []
    for name, (pointer, fields) in sorted(before.items()):
        if name not in after:
            if name in usage.names:
                findings.append(
                    Finding(
                        "codegen-symbol-removed", "old", pointer, name, None, f"generated class {name} gone"
                    )
                )
            continue
        if not _reached(pointer, reachable):
            continue  # no operation returns or takes this model: the facade cannot read its fields
        for python_name, field_ptr in sorted(fields.items()):
            if python_name in usage.names and python_name not in after[name][1]:
                findings.append(
                    Finding(
                        "codegen-symbol-removed",
                        "old",
                        field_ptr,
                        f"{name}.{python_name}",
                        None,
                        f"generated field {name}.{python_name} gone (the facade reads a field of that name)",
                    )
                )
    return findings
