"""Vendor a published HubSpot OpenAPI document into openapi/.

Keeps every fact of the interface (paths, operations, parameters, bodies, responses, schemas, types,
formats, enums, required lists, security) and drops HubSpot's prose (descriptions, summaries, examples,
doc-only ``x-hubspot-*`` extensions). Writes the result pretty-printed with sorted keys, plus a
provenance record. Re-vendoring the same bytes reproduces both files exactly.

Usage: python -m scripts vendor SOURCE [--version 2026-03]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from ._spec_io import (
    OPENAPI_DIR,
    SourceError,
    dump_json,
    load_published,
    provenance_path,
    redact_source,
    sha256_hex,
    vendored_spec_path,
)

PROSE_KEYS = frozenset({"description", "summary", "example", "examples", "externalDocs", "termsOfService"})
# Maps whose keys are names chosen by the document (a property called "description" is a fact).
NAME_MAPS = frozenset(
    {
        "properties",
        "paths",
        "schemas",
        "responses",
        "headers",
        "content",
        "securitySchemes",
        "scopes",
        "parameters",
        "requestBodies",
        "encoding",
        "variables",
        "links",
        "callbacks",
        "mapping",
    }
)


def strip_prose(node: Any, *, in_name_map: bool = False) -> Any:
    """A copy of node without prose keys; keys of name maps are always kept."""
    if isinstance(node, list):
        return [strip_prose(item) for item in node]
    if not isinstance(node, dict):
        return node
    kept: dict[str, Any] = {}
    for key, value in node.items():
        if not in_name_map and (key in PROSE_KEYS or key.startswith("x-hubspot")):
            continue
        kept[key] = strip_prose(value, in_name_map=(not in_name_map and key in NAME_MAPS))
    return kept


def blank_required_prose(document: dict[str, Any]) -> None:
    """OpenAPI requires a response description and scope descriptions: kept, but empty (they are prose)."""
    responses = list(document.get("components", {}).get("responses", {}).values())
    for item in document.get("paths", {}).values():
        for operation in item.values():
            if isinstance(operation, dict):
                responses.extend(operation.get("responses", {}).values())
    for response in responses:
        if "$ref" not in response:
            response["description"] = ""
    for scheme in document.get("components", {}).get("securitySchemes", {}).values():
        for flow in scheme.get("flows", {}).values():
            if isinstance(flow.get("scopes"), dict):
                flow["scopes"] = {name: "" for name in flow["scopes"]}


def vendored_form(document: dict[str, Any]) -> dict[str, Any]:
    """The document as the repo stores it (and generates from): prose stripped, required prose blank."""
    stripped: dict[str, Any] = strip_prose(document)
    blank_required_prose(stripped)
    return stripped


def vendor(
    source: str, version: str | None, *, out_dir: Path = OPENAPI_DIR, today: dt.date | None = None
) -> tuple[Path, Path]:
    """Vendor source into out_dir; return the paths written (spec, provenance). SourceError (nothing written)
    when the source is missing, unreadable, not JSON, not an OpenAPI 3 document, or has a $ref that does
    not resolve. The provenance records the source redacted (no URL userinfo, query values or fragment)."""
    published, loaded = load_published(source)
    document = vendored_form(loaded)
    version = version or document["info"]["version"]
    spec_path = out_dir / vendored_spec_path(version).name
    record_path = out_dir / provenance_path(version).name
    spec_text = dump_json(document)

    record = {
        "api_version": version,
        "source": redact_source(source),  # a URL's tokens never reach the repo or the wheel
        "published_sha256": sha256_hex(published),
        "vendored_sha256": sha256_hex(spec_text.encode()),
        "vendored_on": (today or dt.date.today()).isoformat(),
        "generator": "openapi-python-client 0.29.1",
    }
    if record_path.exists():
        previous = json.loads(record_path.read_text())
        if previous.get("published_sha256") == record["published_sha256"]:
            record["vendored_on"] = previous["vendored_on"]  # same bytes: keep the file byte-identical
    spec_path.write_text(spec_text)
    record_path.write_text(dump_json(record))
    return spec_path, record_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts vendor",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("source", help="path or URL of the published OpenAPI document")
    parser.add_argument("--version", help="API version (default: the document's info.version)")
    args = parser.parse_args(argv)
    try:
        written = vendor(args.source, args.version)
    except SourceError as error:
        print(f"python -m scripts vendor: {error}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    return 0
