"""Reading published OpenAPI documents and writing them the way the repo stores them."""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import re
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
OPENAPI_DIR = REPO / "openapi"
GENERATED_DIR = REPO / "generated"
# A path segment that names an API version (/conversations/custom-channels/2026-09, /conversations/v3/...).
VERSION_SEGMENT = re.compile(r"^(v\d+|\d{4}-\d{2})$")
REDACTED = "REDACTED"
# HubSpot's document is about 0.2 MiB: a source that is endless or huge (a wrong link, a misbehaving proxy)
# is refused before it is read whole, and a download is given up after DEADLINE_S in all (urllib's timeout
# bounds each socket read only).
MAX_BYTES = 20 << 20
DEADLINE_S = 120.0
READ_TIMEOUT_S = 60.0
CHUNK = 1 << 16


class SourceError(ValueError):
    """A published document that cannot be used: missing, unreadable, not JSON, or not an OpenAPI 3 document."""


def redact_source(source: str) -> str:
    """source as it may be printed or recorded: a URL's userinfo, every query value and the fragment
    replaced (a hapikey, an access_token or a signed-URL signature is a secret; a name is not)."""
    if not source.strip().lower().startswith(("http://", "https://")):  # a blank before it: still a URL
        return source
    scheme, rest = source.strip().split("://", 1)
    if (
        "@" in rest
    ):  # userinfo ends at the last @: a password may hold / ? # (a base64 token); a path's @ is hidden too
        rest = f"{REDACTED}@{rest.rsplit('@', 1)[1]}"
    try:
        parts = urllib.parse.urlsplit(f"{scheme}://{rest}")
        netloc = parts.netloc
        # name=value shows the name; a bare piece (?s3cr3t) may be the secret itself and is not shown.
        query = "&".join(
            f"{piece.split('=', 1)[0]}={REDACTED}" if "=" in piece else REDACTED
            for piece in parts.query.split("&")
            if piece
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


def one_line(text: object) -> str:
    """text with every run of whitespace (newlines included) as one space: a failure is one line."""
    return " ".join(str(text).split())


def read_url(
    url: str,
    *,
    limit: int = MAX_BYTES,
    deadline_s: float = DEADLINE_S,
    clock: Callable[[], float] = time.monotonic,
) -> bytes:
    """The body at url: at most limit bytes, within deadline_s; errors name the URL redacted, in one line."""
    shown = redact_source(url)
    started = clock()
    try:
        with urllib.request.urlopen(_request(url), timeout=READ_TIMEOUT_S) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise SourceError(f"{shown}: {int(declared)} bytes announced, more than the {limit} accepted")
            parts, size = [], 0
            while chunk := response.read1(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise SourceError(f"{shown}: more than the {limit} bytes accepted")
                if clock() - started > deadline_s:
                    raise SourceError(f"{shown}: not read within {deadline_s:g} s")
                parts.append(chunk)
            return b"".join(parts)
    except SourceError:
        raise
    except (OSError, http.client.HTTPException) as error:  # URLError, a timeout, a reset, an InvalidURL
        if isinstance(error, http.client.InvalidURL):  # its message quotes the URL
            raise SourceError(f"{shown}: not a valid URL (InvalidURL)") from None
        reason = getattr(error, "strerror", None) or getattr(error, "reason", None) or type(error).__name__
        raise SourceError(f"{shown}: cannot be read ({one_line(reason)})") from None
    except ValueError as error:  # urllib: an invalid URL (port, control characters)
        raise SourceError(f"{shown}: not a valid URL ({type(error).__name__})") from None


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def read_source(source: str, *, limit: int = MAX_BYTES) -> bytes:
    """The published bytes, from a local path or an http(s) URL, at most limit bytes (a URL within
    DEADLINE_S). Only a regular file is read (a FIFO or a device may never end); the bytes are counted as
    they are read, so a file that grows meanwhile is refused too. Errors show the source redacted."""
    if is_url(source):
        return read_url(source, limit=limit)
    shown = redact_source(source)
    try:
        path = Path(source)
        if path.exists() and not path.is_dir() and not path.is_file():
            raise SourceError(f"{shown}: not a regular file (a pipe, a socket or a device is not read)")
        if path.is_file() and path.stat().st_size > limit:
            raise SourceError(f"{shown}: {path.stat().st_size} bytes, more than the {limit} accepted")
        with path.open("rb") as stream:
            parts, size = [], 0
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise SourceError(f"{shown}: more than the {limit} bytes accepted")
                parts.append(chunk)
            return b"".join(parts)
    except FileNotFoundError:
        raise SourceError(f"{shown}: no such file") from None
    except IsADirectoryError:
        raise SourceError(f"{shown}: is a directory, not a document") from None
    except OSError as error:  # permissions
        reason = getattr(error, "strerror", None) or type(error).__name__
        raise SourceError(f"{shown}: cannot be read ({reason})") from None


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
