"""Reading published OpenAPI documents and writing them the way the repo stores them."""

from __future__ import annotations

import hashlib
import json
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
OPENAPI_DIR = REPO / "openapi"
GENERATED_DIR = REPO / "generated"
DEFAULT_VERSION = "2026-03"  # the version apps get unless they ask; a test keeps it equal to the facade's


def read_source(source: str) -> bytes:
    """The published bytes, from a local path or an http(s) URL."""
    if source.startswith(("http://", "https://")):
        with urllib.request.urlopen(source, timeout=60) as response:
            return bytes(response.read())
    return Path(source).read_bytes()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def dump_json(document: Any) -> str:
    """Pretty-printed, key-sorted JSON: stable bytes that diff well."""
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def vendored_spec_path(version: str) -> Path:
    return OPENAPI_DIR / f"custom-channels-{version}.json"


def provenance_path(version: str) -> Path:
    return OPENAPI_DIR / f"custom-channels-{version}.provenance.json"


def package_name(version: str) -> str:
    """Python package of one API version's generated client, e.g. custom_channels_v2026_03."""
    suffix = version.replace("-", "_")
    return f"custom_channels_{suffix if suffix.startswith('v') else 'v' + suffix}"
