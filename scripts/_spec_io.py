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


class SourceError(ValueError):
    """A published document that cannot be used: missing, unreadable, not JSON, or not an OpenAPI 3 document."""


def read_source(source: str) -> bytes:
    """The published bytes, from a local path or an http(s) URL."""
    try:
        if source.startswith(("http://", "https://")):
            with urllib.request.urlopen(source, timeout=60) as response:
                return bytes(response.read())
        return Path(source).read_bytes()
    except FileNotFoundError:
        raise SourceError(f"{source}: no such file") from None
    except IsADirectoryError:
        raise SourceError(f"{source}: is a directory, not a document") from None
    except OSError as error:  # permissions, network (URLError is an OSError)
        raise SourceError(f"{source}: cannot be read ({getattr(error, 'strerror', None) or error})") from None


def load_published(source: str) -> tuple[bytes, dict[str, Any]]:
    """The published bytes and the document, checked to be an OpenAPI 3 document with paths."""
    published = read_source(source)
    try:
        document = json.loads(published)
    except UnicodeDecodeError:
        raise SourceError(f"{source}: not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise SourceError(
            f"{source}: not JSON ({error.msg} at line {error.lineno} column {error.colno})"
        ) from None
    if not isinstance(document, dict):
        raise SourceError(
            f"{source}: not an OpenAPI document (a JSON {type(document).__name__}, not an object)"
        )
    version = document.get("openapi")
    if not isinstance(version, str) or not version.startswith("3."):
        raise SourceError(f"{source}: not an OpenAPI 3 document (openapi: {version!r})")
    if (
        not isinstance(document.get("info"), dict)
        or not isinstance(document.get("paths"), dict)
        or not document["paths"]
    ):
        raise SourceError(f"{source}: not a usable OpenAPI document (info and non-empty paths are required)")
    return published, document


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def dump_json(document: Any) -> str:
    """Pretty-printed, key-sorted JSON: stable bytes that diff well."""
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def vendored_spec_path(version: str) -> Path:
    return OPENAPI_DIR / f"custom-channels-{version}.json"


def provenance_path(version: str) -> Path:
    return OPENAPI_DIR / f"custom-channels-{version}.provenance.json"


def package_dir(package: str) -> Path:
    """Where a generated package (hubspot_channels_api.v2026_03) lives: generated/hubspot_channels_api/v2026_03."""
    return GENERATED_DIR.joinpath(*package.split("."))
