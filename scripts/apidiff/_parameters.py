"""Request parameters of one matched pair of operations: presence, required, serialization, schema.

Parameters are keyed by (in, name); header names are case-insensitive on the wire, path parameters are
matched by position (only the position is on the wire).
"""

from typing import Any, Protocol

from ._keywords import Where, place
from ._load import join, resolve
from ._match import Operation
from ._model import Finding
from ._schema import describe, doc_findings, leftover_findings

# What the comparisons below read; any other parameter field that differs is reported on its own.
_COMPARED = frozenset(
    {"in", "name", "required", "schema", "content", "style", "explode", "allowReserved", "deprecated"}
)
_DEFAULT_STYLE = {"query": "form", "cookie": "form", "path": "simple", "header": "simple"}
Parameters = dict[tuple[str, str], tuple[dict[str, Any], str]]


class _Schemas(Protocol):
    def compare(
        self, old: Any, new: Any, old_ptr: str, new_ptr: str, side: str, thing: str
    ) -> list[Finding]: ...


def _key(param: dict[str, Any]) -> tuple[str, str]:
    where, name = str(param.get("in", "")), str(param.get("name", ""))
    return where, name.lower() if where == "header" else name


def effective_parameters(doc: dict[str, Any], op: Operation) -> Parameters:
    """Effective parameters keyed by (in, name); operation-level ones override path-level ones."""
    found = {}
    path_pointer = join("#/paths", op.path)
    for owner, pointer in (
        (op.path_item, join(path_pointer, "parameters")),
        (op.node, join(op.pointer, "parameters")),
    ):
        for index, raw in enumerate(owner.get("parameters") or ()):
            param, param_ptr = resolve(doc, raw, join(pointer, index))
            found[_key(param)] = (param, param_ptr)
    return found


def serialization(param: dict[str, Any]) -> dict[str, Any]:
    """How the value is put on the wire, defaults filled in (absent and the default mean the same)."""
    if isinstance(param.get("content"), dict):
        return {"content": sorted(param["content"])}
    style = param.get("style", _DEFAULT_STYLE.get(str(param.get("in")), "simple"))
    return {
        "style": style,
        "explode": param.get("explode", style == "form"),
        "allowReserved": bool(param.get("allowReserved", False)),
    }


def value_schema(param: dict[str, Any], pointer: str) -> tuple[Any, str]:
    """The parameter's schema, from `schema` or from its single `content` media type."""
    content = param.get("content")
    if isinstance(content, dict) and content:
        media = min(content)
        return (content[media] or {}).get("schema", {}), join(pointer, "content", media, "schema")
    return param.get("schema", {}), join(pointer, "schema")


def parameter_findings(
    old_doc: dict[str, Any], new_doc: dict[str, Any], schemas: _Schemas, old: Operation, new: Operation
) -> list[Finding]:
    renamed = dict(zip(old.path_parameters, new.path_parameters))
    old_params = {
        (where, renamed.get(name, name) if where == "path" else name): value
        for (where, name), value in effective_parameters(old_doc, old).items()
    }
    new_params = effective_parameters(new_doc, new)
    findings = []
    for old_name, new_name in renamed.items():
        if old_name != new_name:
            findings.append(
                Finding(
                    "api-path-parameter-renamed",
                    *place(old.pointer, new.pointer),
                    old_name,
                    new_name,
                    f"path parameter '{old_name}' is now '{new_name}'",
                )
            )
    for key, (param, pointer) in old_params.items():
        if key not in new_params:
            findings.append(
                Finding(
                    "request-parameter-removed",
                    "old",
                    pointer,
                    describe(param.get("schema")),
                    None,
                    f"{key[0]} parameter '{param.get('name')}' removed",
                )
            )
    for key, (param, pointer) in new_params.items():
        if key not in old_params:
            required = bool(param.get("required"))
            rule = "new-required-request-parameter" if required else "new-optional-request-parameter"
            findings.append(
                Finding(
                    rule,
                    "new",
                    pointer,
                    None,
                    describe(param.get("schema")),
                    f"{'required' if required else 'optional'} {key[0]} parameter '{param.get('name')}' added",
                )
            )
            continue
        old_param, old_pointer = old_params[key]
        findings += _matched_findings(schemas, old_param, param, old_pointer, pointer)
    return findings


def _matched_findings(
    schemas: _Schemas, old: dict[str, Any], new: dict[str, Any], old_ptr: str, new_ptr: str
) -> list[Finding]:
    label = f"{new.get('in')} parameter '{new.get('name')}'"
    findings = []
    if bool(old.get("required")) != bool(new.get("required")):
        became = "required" if new.get("required") else "optional"
        findings.append(
            Finding(
                f"request-parameter-became-{became}",
                *place(join(old_ptr, "required"), join(new_ptr, "required")),
                old.get("required", False),
                new.get("required", False),
                f"{label} became {became}",
            )
        )
    if new.get("in") == "header" and old.get("name") != new.get("name"):  # same key: case only
        findings.append(
            Finding(
                "request-parameter-name-case-changed",
                *place(join(old_ptr, "name"), join(new_ptr, "name")),
                old.get("name"),
                new.get("name"),
                f"{label}: name case changed",
            )
        )
    before, after = serialization(old), serialization(new)
    if before != after:
        findings.append(
            Finding(
                "request-parameter-serialization-changed",
                *place(old_ptr, new_ptr),
                before,
                after,
                f"{label} is serialized differently",
            )
        )
    findings += doc_findings(old, new, old_ptr, new_ptr, frozenset({"deprecated"}))
    old_schema, old_schema_ptr = value_schema(old, old_ptr)
    new_schema, new_schema_ptr = value_schema(new, new_ptr)
    findings += schemas.compare(
        old_schema, new_schema, old_schema_ptr, new_schema_ptr, "request", "parameter"
    )
    findings += leftover_findings(old, new, Where(old_ptr, new_ptr), _COMPARED, "unclassified-change")
    return findings
