"""Reading the publication for the upstream watch, bounded: at most MAX_BYTES, and a URL within DEADLINE_S.

HubSpot's document is about 0.2 MiB; a URL that answers with an endless or huge body (a wrong link, a
misbehaving proxy) is refused before it is read whole, and a download is given up after DEADLINE_S in all
(urllib's timeout bounds each socket read only). What was read is then checked as _spec_io checks any
published document, with its errors naming the source redacted.
"""

from __future__ import annotations

import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ._spec_io import SourceError, _request, load_published, redact_source

MAX_BYTES = 20 << 20
DEADLINE_S = 120.0
READ_TIMEOUT_S = 60.0
CHUNK = 1 << 16


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
    except OSError as error:  # URLError (its reason holds no URL), a timeout, a reset
        reason = getattr(error, "strerror", None) or getattr(error, "reason", None) or type(error).__name__
        raise SourceError(f"{shown}: cannot be read ({one_line(reason)})") from None
    except ValueError as error:  # urllib: an invalid URL (port, control characters)
        raise SourceError(f"{shown}: not a valid URL ({type(error).__name__})") from None


def load_bounded(source: str) -> tuple[bytes, dict[str, Any]]:
    """load_published(source), with the size and time bounds above."""
    if not source.startswith(("http://", "https://")):
        path = Path(source)
        if path.is_file() and path.stat().st_size > MAX_BYTES:
            raise SourceError(f"{source}: {path.stat().st_size} bytes, more than the {MAX_BYTES} accepted")
        return load_published(source)
    raw = read_url(source)
    with tempfile.TemporaryDirectory(prefix="hubspot-upstream-fetch-") as work:
        copy = Path(work) / "published.json"
        copy.write_bytes(raw)
        try:
            _, document = load_published(str(copy))
        except SourceError as error:  # named after the source, not the copy
            raise SourceError(str(error).replace(str(copy), redact_source(source), 1)) from None
    return raw, document
