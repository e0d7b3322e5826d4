"""Top level: compare two documents and return every change, attributed to the operations reaching it."""

import json
from typing import Any

from ._load import Spec, join
from ._match import match_operations
from ._model import Change, Finding
from ._operation import OperationComparer
from ._schema import SchemaComparer, doc_findings, leftover_findings
from ._where import Where

_SCHEME_WIRE_FIELDS = ("type", "in", "name", "scheme", "bearerFormat", "openIdConnectUrl")
_FLOW_URLS = ("authorizationUrl", "tokenUrl", "refreshUrl")
# Top-level fields compared by the rules (operations carry `security`; components are compared where
# they are reached). Any other one that differs (webhooks, jsonSchemaDialect, ...) is reported on its own.
_DOCUMENT_FIELDS = frozenset(
    {"openapi", "info", "servers", "tags", "paths", "components", "security", "externalDocs"}
)


class _Collector:
    """Merges findings reached from several operations into one change per place."""

    def __init__(self) -> None:
        self._changes: dict[tuple[str, str, str, str], Change] = {}

    def add(self, finding: Finding, operation: str | None = None) -> None:
        key = (finding.rule, finding.document, finding.pointer, finding.detail)
        change = self._changes.get(key)
        if change is None:
            change = self._changes[key] = Change(*finding)
        if operation and operation not in change.operations:
            change.operations.append(operation)

    def changes(self) -> list[Change]:
        for change in self._changes.values():
            change.operations.sort()
        return sorted(self._changes.values(), key=lambda c: (-c.level.rank, c.rule, c.pointer, c.detail))


def diff_specs(old: Spec, new: Spec) -> list[Change]:
    collector = _Collector()
    schemas = SchemaComparer(old.doc, new.doc)
    operations = OperationComparer(old.doc, new.doc, schemas)
    matching = match_operations(old.doc, new.doc)
    for op in matching.removed:
        collector.add(
            Finding("endpoint-removed", "old", op.pointer, op.label, None, "operation removed"), op.label
        )
    for op in matching.added:
        collector.add(
            Finding("endpoint-added", "new", op.pointer, None, op.label, "operation added"), op.label
        )
    for old_op, new_op in matching.pairs:
        for finding in operations.compare(old_op, new_op):
            collector.add(finding, new_op.label)
    for finding in _document_findings(old.doc, new.doc):
        collector.add(finding)
    changes = collector.changes()
    if not changes and old.raw != new.raw:
        same = _canonical(old.doc) == _canonical(new.doc)
        if same:
            changes = [
                Change("formatting-changed", "new", "#", None, None, "only formatting or key order differ")
            ]
        else:
            changes = [
                Change("unclassified-change", "new", "#", None, None, "documents differ where no rule looks")
            ]
    return changes


def _canonical(doc: Any) -> str:
    return json.dumps(_without_null_examples(doc), sort_keys=True)


def _without_null_examples(node: Any) -> Any:
    # `"example": null` comes and goes between publications and means nothing (see doc_findings).
    if isinstance(node, dict):
        return {k: _without_null_examples(v) for k, v in node.items() if not (k == "example" and v is None)}
    if isinstance(node, list):
        return [_without_null_examples(item) for item in node]
    return node


def _document_findings(old: dict[str, Any], new: dict[str, Any]) -> list[Finding]:
    findings = []
    old_info, new_info = (
        {**old.get("info", {}), "openapi": old.get("openapi")},
        {**new.get("info", {}), "openapi": new.get("openapi")},
    )
    for key in sorted(old_info.keys() | new_info.keys()):
        if old_info.get(key) != new_info.get(key):
            pointer = "#/openapi" if key == "openapi" else join("#/info", key)
            findings.append(
                Finding(
                    "info-changed", "new", pointer, old_info.get(key), new_info.get(key), f"{key} changed"
                )
            )
    if old.get("servers") != new.get("servers"):
        findings.append(
            Finding("servers-changed", "new", "#/servers", _urls(old), _urls(new), "servers changed")
        )
    if old.get("tags") != new.get("tags"):
        findings.append(
            Finding(
                "documentation-changed", "new", "#/tags", old.get("tags"), new.get("tags"), "tag list changed"
            )
        )
    findings += doc_findings(old, new, "#", "#")
    findings += leftover_findings(old, new, Where("#", "#"), _DOCUMENT_FIELDS, "unclassified-change")
    old_components, new_components = old.get("components") or {}, new.get("components") or {}
    findings += _schema_set_findings(old_components.get("schemas") or {}, new_components.get("schemas") or {})
    findings += _scheme_findings(
        old_components.get("securitySchemes") or {}, new_components.get("securitySchemes") or {}
    )
    return findings


def _urls(doc: dict[str, Any]) -> list[str]:
    return [server.get("url", "") for server in doc.get("servers") or ()]


def _schema_set_findings(old: dict[str, Any], new: dict[str, Any]) -> list[Finding]:
    # Schemas reached from operations are compared there, with direction; here only the set of models.
    findings = []
    for name in sorted(old.keys() - new.keys()):
        findings.append(
            Finding(
                "component-schema-removed",
                "old",
                join("#/components/schemas", name),
                name,
                None,
                f"schema {name} removed",
            )
        )
    for name in sorted(new.keys() - old.keys()):
        findings.append(
            Finding(
                "component-schema-added",
                "new",
                join("#/components/schemas", name),
                None,
                name,
                f"schema {name} added",
            )
        )
    return findings


def _scheme_findings(old: dict[str, Any], new: dict[str, Any]) -> list[Finding]:
    findings = []
    for name in sorted(old.keys() - new.keys()):
        findings.append(
            Finding(
                "security-scheme-removed",
                "old",
                join("#/components/securitySchemes", name),
                name,
                None,
                f"security scheme {name} removed",
            )
        )
    for name in sorted(new.keys() - old.keys()):
        findings.append(
            Finding(
                "security-scheme-added",
                "new",
                join("#/components/securitySchemes", name),
                None,
                name,
                f"security scheme {name} added",
            )
        )
    for name in sorted(old.keys() & new.keys()):
        pointer = join("#/components/securitySchemes", name)
        before, after = _scheme_wire(old[name]), _scheme_wire(new[name])
        if before != after:
            changed = sorted(key for key in before.keys() | after.keys() if before.get(key) != after.get(key))
            findings.append(
                Finding(
                    "security-scheme-changed",
                    "new",
                    pointer,
                    {k: before.get(k) for k in changed},
                    {k: after.get(k) for k in changed},
                    f"security scheme {name} changed",
                )
            )
        findings += doc_findings(old[name], new[name], pointer, pointer)
        old_scopes, new_scopes = _declared_scopes(old[name]), _declared_scopes(new[name])
        for flow in sorted(old_scopes.keys() | new_scopes.keys()):
            removed = sorted(old_scopes.get(flow, set()) - new_scopes.get(flow, set()))
            added = sorted(new_scopes.get(flow, set()) - old_scopes.get(flow, set()))
            if removed or added:
                findings.append(
                    Finding(
                        "security-scheme-scopes-changed",
                        "new",
                        join(pointer, "flows", flow, "scopes"),
                        removed or None,
                        added or None,
                        f"{name} {flow} scope catalogue changed",
                    )
                )
    return findings


def _scheme_wire(scheme: dict[str, Any]) -> dict[str, Any]:
    wire = {key: scheme.get(key) for key in _SCHEME_WIRE_FIELDS if key in scheme}
    for flow, settings in (scheme.get("flows") or {}).items():
        for url in _FLOW_URLS:
            if url in settings:
                wire[f"flows.{flow}.{url}"] = settings[url]
    return wire


def _declared_scopes(scheme: dict[str, Any]) -> dict[str, set[str]]:
    # Some HubSpot publications omit `scopes` (invalid OpenAPI): read that as an empty catalogue.
    return {flow: set(settings.get("scopes") or {}) for flow, settings in (scheme.get("flows") or {}).items()}
