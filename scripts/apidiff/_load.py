"""Loading documents (files or `REV:path` git blobs) and navigating them with JSON pointers."""

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._spec_io import SourceError, redact_source
from .._spec_io import read_source as read_bounded

_GIT_SPEC = re.compile(r"^(?P<rev>[^:]+):(?P<path>.+)$")


class InputError(Exception):
    """A document cannot be read or is not usable; the CLI exits with status 2."""


@dataclass(frozen=True)
class Spec:
    label: str
    raw: bytes
    doc: dict[str, Any]


def read_source(source: str, cwd: Path | None = None) -> bytes:
    """Read a file path, an http(s) URL, or `REV:path` (a path at a git revision, as `git show` has it)."""
    if source.lower().startswith(("http://", "https://")):
        try:  # the vendoring reader: userinfo sent as basic auth, every error one line with the URL redacted
            return read_bounded(source)
        except SourceError as error:
            raise InputError(str(error)) from None
    path = Path(cwd or ".") / source
    # The same bound as a URL; a pipe or a device is refused, not read until memory runs out.
    try:
        exists = path.exists()
    except OSError as error:  # a name too long
        raise InputError(f"{redact_source(source)}: cannot be read ({error.strerror})") from None
    if exists:
        try:
            return read_bounded(str(path))
        except SourceError as error:
            raise InputError(str(error)) from None
    match = _GIT_SPEC.match(source)
    if not match:
        raise InputError(f"{source}: no such file")
    result = subprocess.run(["git", "show", source], cwd=cwd, capture_output=True, check=False)
    if result.returncode != 0:
        raise InputError(f"{source}: {result.stderr.decode(errors='replace').strip()}")
    return result.stdout


def parse_spec(label: str, raw: bytes) -> Spec:
    try:
        doc = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"{label}: not JSON ({error})") from error
    if not isinstance(doc, dict) or not isinstance(doc.get("paths", {}), dict):
        raise InputError(f"{label}: not an OpenAPI document (no 'paths' object)")
    return Spec(label, raw, doc)


def load_spec(source: str, cwd: Path | None = None) -> Spec:
    """The document at source, labelled as it may be printed (a URL's secrets redacted)."""
    return parse_spec(redact_source(source), read_source(source, cwd))


def escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def join(pointer: str, *tokens: str | int) -> str:
    return pointer + "".join("/" + escape(str(token)) for token in tokens)


def lookup(doc: Any, pointer: str) -> Any:
    node = doc
    for token in pointer.lstrip("#").split("/")[1:]:
        token = token.replace("~1", "/").replace("~0", "~")
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


def resolve(doc: dict[str, Any], node: Any, pointer: str) -> tuple[Any, str]:
    """Follow local $refs (siblings of $ref are ignored, as OpenAPI 3.0 says)."""
    seen = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if not ref.startswith("#/") or ref in seen:
            raise InputError(f"unsupported or circular $ref {ref!r} at {pointer}")
        seen.add(ref)
        try:
            node, pointer = lookup(doc, ref), ref
        except (KeyError, IndexError, ValueError) as error:
            raise InputError(f"dangling $ref {ref!r} at {pointer}") from error
    return node, pointer
