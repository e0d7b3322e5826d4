"""Comparing one matched pair of operations: identity, parameters, request body, responses, security."""

from typing import Any

from ._keywords import place
from ._load import join, resolve
from ._match import Operation, version_segments
from ._model import Finding
from ._parameters import parameter_findings
from ._schema import SchemaComparer, doc_findings, leftover_findings
from ._where import Where

# What the comparisons below read, per object; any other field that differs is reported on its own
# (`unclassified-change`, blocking until reviewed: an operation's servers, callbacks, a media type's encoding,
# a response's links, a header's style...). Vendor extensions and prose are compared by doc_findings.
_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})
_PATH_ITEM_FIELDS = _METHODS | {"parameters", "summary", "description", "$ref"}
_OPERATION_FIELDS = frozenset(
    {"operationId", "tags", "deprecated", "parameters", "requestBody", "responses", "security"}
    | {"summary", "description", "externalDocs"}
)
_BODY_FIELDS = frozenset({"description", "required", "content"})
_MEDIA_FIELDS = frozenset({"schema", "example", "examples"})
_RESPONSE_FIELDS = frozenset({"description", "headers", "content"})
_HEADER_FIELDS = frozenset({"description", "required", "schema", "deprecated", "example", "examples"})


def _leftovers(
    old: dict[str, Any], new: dict[str, Any], old_ptr: str, new_ptr: str, known: frozenset[str]
) -> list[Finding]:
    return leftover_findings(old, new, Where(old_ptr, new_ptr), known, "unclassified-change")


from ._security import security_findings


class OperationComparer:
    def __init__(self, old_doc: dict[str, Any], new_doc: dict[str, Any], schemas: SchemaComparer) -> None:
        self.old_doc = old_doc
        self.new_doc = new_doc
        self.schemas = schemas

    def compare(self, old: Operation, new: Operation) -> list[Finding]:
        return [
            *_identity_findings(old, new),
            *parameter_findings(self.old_doc, self.new_doc, self.schemas, old, new),
            *self._request_body_findings(old, new),
            *self._response_findings(old, new),
            *security_findings(self.old_doc, self.new_doc, old, new),
            *_leftovers(old.node, new.node, old.pointer, new.pointer, _OPERATION_FIELDS),
            *_leftovers(
                old.path_item,
                new.path_item,
                join("#/paths", old.path),
                join("#/paths", new.path),
                _PATH_ITEM_FIELDS,
            ),
        ]

    def _request_body_findings(self, old: Operation, new: Operation) -> list[Finding]:
        old_body, old_ptr = resolve(
            self.old_doc, old.node.get("requestBody"), join(old.pointer, "requestBody")
        )
        new_body, new_ptr = resolve(
            self.new_doc, new.node.get("requestBody"), join(new.pointer, "requestBody")
        )
        if old_body is None and new_body is None:
            return []
        if old_body is None:
            rule = (
                "request-body-added-required" if new_body.get("required") else "request-body-added-optional"
            )
            return [Finding(rule, "new", new_ptr, None, _media_summary(new_body), "request body added")]
        if new_body is None:
            return [
                Finding(
                    "request-body-removed",
                    "old",
                    old_ptr,
                    _media_summary(old_body),
                    None,
                    "request body removed",
                )
            ]
        findings = doc_findings(old_body, new_body, old_ptr, new_ptr)
        findings += _leftovers(old_body, new_body, old_ptr, new_ptr, _BODY_FIELDS)
        if bool(old_body.get("required")) != bool(new_body.get("required")):
            became = "required" if new_body.get("required") else "optional"
            findings.append(
                Finding(
                    f"request-body-became-{became}",
                    *place(join(old_ptr, "required"), join(new_ptr, "required")),
                    old_body.get("required", False),
                    new_body.get("required", False),
                    f"request body became {became}",
                )
            )
        findings += self._content_findings(
            old_body,
            new_body,
            old_ptr,
            new_ptr,
            "request",
            "request-body-media-type-added",
            "request-body-media-type-removed",
        )
        return findings

    def _content_findings(
        self,
        old: dict[str, Any],
        new: dict[str, Any],
        old_ptr: str,
        new_ptr: str,
        side: str,
        added_rule: str,
        removed_rule: str,
    ) -> list[Finding]:
        old_content, new_content = old.get("content") or {}, new.get("content") or {}
        findings = []
        for media in old_content.keys() - new_content.keys():
            findings.append(
                Finding(
                    removed_rule,
                    "old",
                    join(old_ptr, "content", media),
                    media,
                    None,
                    f"media type {media} removed",
                )
            )
        for media in new_content.keys() - old_content.keys():
            findings.append(
                Finding(
                    added_rule,
                    "new",
                    join(new_ptr, "content", media),
                    None,
                    media,
                    f"media type {media} added",
                )
            )
        for media in sorted(old_content.keys() & new_content.keys()):
            old_media_ptr, new_media_ptr = join(old_ptr, "content", media), join(new_ptr, "content", media)
            findings += doc_findings(old_content[media], new_content[media], old_media_ptr, new_media_ptr)
            findings += _leftovers(
                old_content[media], new_content[media], old_media_ptr, new_media_ptr, _MEDIA_FIELDS
            )
            findings += self.schemas.compare(
                old_content[media].get("schema", {}),
                new_content[media].get("schema", {}),
                join(old_media_ptr, "schema"),
                join(new_media_ptr, "schema"),
                side,
                "property",
            )
        return findings

    def _response_findings(self, old: Operation, new: Operation) -> list[Finding]:
        old_responses, new_responses = old.node.get("responses") or {}, new.node.get("responses") or {}
        old_ptr, new_ptr = join(old.pointer, "responses"), join(new.pointer, "responses")
        findings = []
        for status in old_responses.keys() - new_responses.keys():
            rule = (
                "response-success-status-removed"
                if _is_success(status)
                else "response-non-success-status-removed"
            )
            findings.append(
                Finding(rule, "old", join(old_ptr, status), status, None, f"response {status} removed")
            )
        for status in new_responses.keys() - old_responses.keys():
            rule = (
                "response-success-status-added"
                if _is_success(status)
                else "response-non-success-status-added"
            )
            findings.append(
                Finding(rule, "new", join(new_ptr, status), None, status, f"response {status} added")
            )
        for status in sorted(old_responses.keys() & new_responses.keys()):
            old_resp, old_resp_ptr = resolve(self.old_doc, old_responses[status], join(old_ptr, status))
            new_resp, new_resp_ptr = resolve(self.new_doc, new_responses[status], join(new_ptr, status))
            findings += doc_findings(old_resp, new_resp, old_resp_ptr, new_resp_ptr)
            findings += _leftovers(old_resp, new_resp, old_resp_ptr, new_resp_ptr, _RESPONSE_FIELDS)
            findings += self._content_findings(
                old_resp,
                new_resp,
                old_resp_ptr,
                new_resp_ptr,
                "response",
                "response-media-type-added",
                "response-media-type-removed",
            )
            findings += self._header_findings(old_resp, new_resp, old_resp_ptr, new_resp_ptr, status)
        return findings

    def _header_findings(
        self, old: dict[str, Any], new: dict[str, Any], old_ptr: str, new_ptr: str, status: str
    ) -> list[Finding]:
        # Header names are case-insensitive on the wire.
        old_headers = {name.lower(): name for name in old.get("headers") or {}}
        new_headers = {name.lower(): name for name in new.get("headers") or {}}
        findings = []
        for key in old_headers.keys() - new_headers.keys():
            name = old_headers[key]
            findings.append(
                Finding(
                    "response-header-removed",
                    "old",
                    join(old_ptr, "headers", name),
                    name,
                    None,
                    f"header {name} removed from response {status}",
                )
            )
        for key in new_headers.keys() - old_headers.keys():
            name = new_headers[key]
            findings.append(
                Finding(
                    "response-header-added",
                    "new",
                    join(new_ptr, "headers", name),
                    None,
                    name,
                    f"header {name} added to response {status}",
                )
            )
        for key in sorted(old_headers.keys() & new_headers.keys()):
            old_name, new_name = old_headers[key], new_headers[key]
            old_header, old_header_ptr = resolve(
                self.old_doc, old["headers"][old_name], join(old_ptr, "headers", old_name)
            )
            new_header, new_header_ptr = resolve(
                self.new_doc, new["headers"][new_name], join(new_ptr, "headers", new_name)
            )
            if bool(old_header.get("required")) != bool(new_header.get("required")):
                became = "required" if new_header.get("required") else "optional"
                findings.append(
                    Finding(
                        f"response-header-became-{became}",
                        *place(old_header_ptr, new_header_ptr),
                        old_header.get("required", False),
                        new_header.get("required", False),
                        f"header {new_name} became {became}",
                    )
                )
            findings += doc_findings(
                old_header, new_header, old_header_ptr, new_header_ptr, frozenset({"deprecated"})
            )
            findings += _leftovers(old_header, new_header, old_header_ptr, new_header_ptr, _HEADER_FIELDS)
            findings += self.schemas.compare(
                old_header.get("schema", {}),
                new_header.get("schema", {}),
                join(old_header_ptr, "schema"),
                join(new_header_ptr, "schema"),
                "response",
                "header",
            )
        return findings


def _path_finding(old: Operation, new: Operation) -> Finding:
    old_versions, new_versions = "/".join(version_segments(old.path)), "/".join(version_segments(new.path))
    if old_versions != new_versions and _unversioned(old) == _unversioned(new):
        # A version bump: one change at #/paths for all operations (the collector merges them).
        detail = f"version segment {old_versions or '-'} -> {new_versions or '-'}"
        return Finding(
            "api-path-changed", "new", "#/paths", old_versions or None, new_versions or None, detail
        )
    return Finding("api-path-changed", *place(old.pointer, new.pointer), old.path, new.path, "path changed")


def _unversioned(op: Operation) -> tuple[str, ...]:
    return tuple(segment for segment in op.path.split("/") if segment not in version_segments(op.path))


def _is_success(status: str) -> bool:
    return status.upper().startswith("2")


def _media_summary(body: dict[str, Any]) -> str:
    return ", ".join(sorted(body.get("content") or {})) or "no content"


def _identity_findings(old: Operation, new: Operation) -> list[Finding]:
    findings = []
    if old.path != new.path:
        findings.append(_path_finding(old, new))
    if old.node.get("operationId") != new.node.get("operationId"):
        findings.append(
            Finding(
                "api-operation-id-changed",
                *place(join(old.pointer, "operationId"), join(new.pointer, "operationId")),
                old.node.get("operationId"),
                new.node.get("operationId"),
                "operationId changed",
            )
        )
    if (old.node.get("tags") or []) != (new.node.get("tags") or []):
        findings.append(
            Finding(
                "api-tags-changed",
                *place(join(old.pointer, "tags"), join(new.pointer, "tags")),
                old.node.get("tags"),
                new.node.get("tags"),
                "tags changed",
            )
        )
    if bool(new.node.get("deprecated")) != bool(old.node.get("deprecated")):
        rule = "endpoint-deprecated" if new.node.get("deprecated") else "endpoint-undeprecated"
        findings.append(
            Finding(
                rule,
                *place(join(old.pointer, "deprecated"), join(new.pointer, "deprecated")),
                old.node.get("deprecated", False),
                new.node.get("deprecated", False),
                rule.replace("endpoint-", "operation "),
            )
        )
    findings += doc_findings(old.node, new.node, old.pointer, new.pointer)
    return findings
