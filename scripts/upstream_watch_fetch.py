"""Reading the publication for the upstream watch: what _spec_io reads for every command, bounded (at most
_spec_io.MAX_BYTES, and a URL within DEADLINE_S), then checked to be an OpenAPI 3 document, with its errors
naming the source redacted, in one line."""

from __future__ import annotations

from typing import Any

from ._spec_io import load_published, one_line, read_url

__all__ = ["load_bounded", "one_line", "read_url"]


def load_bounded(source: str) -> tuple[bytes, dict[str, Any]]:
    """The published bytes and the document (load_published, whose read is bounded)."""
    return load_published(source)
