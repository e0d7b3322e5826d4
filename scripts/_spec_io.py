"""Reading published OpenAPI documents and writing them the way the repo stores them."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
OPENAPI_DIR = REPO / "openapi"
GENERATED_DIR = REPO / "generated"
# A path segment that names an API version (/conversations/custom-channels/2026-09, /conversations/v3/...).
VERSION_SEGMENT = re.compile(r"^(v\d+|\d{4}-\d{2})$")
REDACTED = "REDACTED"


class SourceError(ValueError):
    """A published document that cannot be used: missing, unreadable, not JSON, or not an OpenAPI 3 document."""


def redact_source(source: str) -> str:
    """source as it may be printed or recorded: a URL's userinfo, every query value and the fragment
    replaced (a hapikey, an access_token or a signed-URL signature is a secret; a name is not)."""
    if not source.lower().startswith(("http://", "https://")):
        return source
    try:
        parts = urllib.parse.urlsplit(source)
        netloc = parts.netloc if "@" not in parts.netloc else f"{REDACTED}@{parts.netloc.rsplit('@', 1)[1]}"
        query = "&".join(
            f"{name}={REDACTED}" for name, _ in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
        )
        fragment = REDACTED if parts.fragment else ""
        return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, query, fragment))
    except ValueError:  # an unparsable URL is not shown at all
        return f"{source.split(':', 1)[0]}://{REDACTED}"


def _request(url: str) -> urllib.request.Request:
    """url as a request; userinfo (https://user:token@host/...) becomes HTTP basic auth, as curl does."""
    parts = urllib.parse.urlsplit(url)
    if "@" not in parts.netloc:
        return urllib.request.Request(url)
    userinfo, host = parts.netloc.rsplit("@", 1)
    request = urllib.request.Request(urllib.parse.urlunsplit(parts._replace(netloc=host)))
    credentials = base64.b64encode(urllib.parse.unquote(userinfo).encode()).decode()
    request.add_unredirected_header("Authorization", f"Basic {credentials}")
    return request


def read_source(source: str) -> bytes:
    """The published bytes, from a local path or an http(s) URL. Errors show the source redacted."""
    shown = redact_source(source)
    try:
        if source.lower().startswith(("http://", "https://")):
            with urllib.request.urlopen(_request(source), timeout=60) as response:
                return bytes(response.read())
        return Path(source).read_bytes()
    except FileNotFoundError:
        raise SourceError(f"{shown}: no such file") from None
    except IsADirectoryError:
        raise SourceError(f"{shown}: is a directory, not a document") from None
    except OSError as error:  # permissions, network (URLError is an OSError; its text holds no URL)
        reason = getattr(error, "strerror", None) or getattr(error, "reason", None) or type(error).__name__
        raise SourceError(f"{shown}: cannot be read ({reason})") from None
    except ValueError as error:  # urllib: an invalid URL (port, control characters)
        raise SourceError(f"{shown}: not a valid URL ({type(error).__name__})") from None


def load_published(source: str) -> tuple[bytes, dict[str, Any]]:
    """The published bytes and the document, checked to be an OpenAPI 3 document with paths."""
    published = read_source(source)
    source = redact_source(source)  # from here on only shown
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
    for where, ref in iter_refs(document):
        problem = ref_problem(document, ref)
        if problem:
            raise SourceError(f"{source}: $ref {ref!r} at {where or '/'} {problem}")
    return published, document


def iter_refs(node: Any, where: str = "") -> Iterator[tuple[str, Any]]:
    """(JSON pointer of the holder, value) of every $ref below node."""
    if isinstance(node, dict):
        if "$ref" in node:
            yield where, node["$ref"]
        for key, value in node.items():
            if key != "$ref":
                yield from iter_refs(value, f"{where}/{str(key).replace('~', '~0').replace('/', '~1')}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from iter_refs(value, f"{where}/{index}")


def ref_problem(document: dict[str, Any], ref: Any) -> str | None:
    """Why ref does not resolve inside document (None when it does): generation would fail on it later."""
    if not isinstance(ref, str) or not ref.startswith("#/"):
        return "is not a reference inside the document (#/...)"
    target: Any = document
    for part in ref[2:].split("/"):
        part = urllib.parse.unquote(part).replace("~1", "/").replace("~0", "~")
        if isinstance(target, dict) and part in target:
            target = target[part]
        elif isinstance(target, list) and part.isdigit() and int(part) < len(target):
            target = target[int(part)]
        else:
            return f"does not resolve (no {part!r})"
    return None


def versions_named(document: dict[str, Any]) -> tuple[set[str], str | None]:
    """(the version segments of the document's paths, its info.version): which version it is the document of."""
    segments = {
        segment
        for path in document.get("paths", {})
        for segment in str(path).strip("/").split("/")
        if VERSION_SEGMENT.match(segment)
    }
    info_version = document.get("info", {}).get("version")
    return segments, info_version if isinstance(info_version, str) else None


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
