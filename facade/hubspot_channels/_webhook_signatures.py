"""HubSpot request signatures (v1, v2, v3) for ``hubspot_channels.webhooks``.

`check` returns a `Failure` instead of raising so that the public exception
type can live in ``webhooks`` without an import cycle.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import time
from collections.abc import Iterable, Mapping
from typing import NamedTuple, TypeAlias

# Any Mapping (dict, httpx.Headers, starlette Headers, ...) or raw pairs, which
# is what WSGI environ helpers and ASGI scopes (bytes pairs) hand out.
Headers: TypeAlias = Mapping[str, str] | Iterable[tuple[str | bytes, str | bytes]]

SIGNATURE_V3_HEADER = "X-HubSpot-Signature-v3"
TIMESTAMP_HEADER = "X-HubSpot-Request-Timestamp"
SIGNATURE_HEADER = "X-HubSpot-Signature"
VERSION_HEADER = "X-HubSpot-Signature-Version"
_WANTED = frozenset(
    name.lower() for name in (SIGNATURE_V3_HEADER, TIMESTAMP_HEADER, SIGNATURE_HEADER, VERSION_HEADER)
)

DEFAULT_TOLERANCE = 300.0  # seconds; HubSpot says to reject v3 requests older than 5 minutes
DEFAULT_FUTURE_SKEW = 60.0  # seconds; allows for clock drift, not for pre-dated replays

# HubSpot decodes exactly these escapes in the URI before signing (v3); any
# other escape, e.g. %20, stays as sent.
_SIGNED_ESCAPES = re.compile(r"%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)", re.IGNORECASE)


class Failure(NamedTuple):
    reason: str  # stable code, e.g. "stale_timestamp"; becomes WebhookSignatureError.reason
    message: str  # human text; never contains the secret or an expected signature


def check(
    body: bytes,
    headers: Headers,
    *,
    method: str,
    url: str,
    client_secret: str,
    tolerance: float = DEFAULT_TOLERANCE,
    future_skew: float = DEFAULT_FUTURE_SKEW,
    now: float | None = None,
) -> Failure | None:
    """Return None when the request is signed by `client_secret`, else why not."""
    found = _relevant_headers(headers)
    method = method.upper()
    if SIGNATURE_V3_HEADER.lower() in found:
        return _check_v3(body, found, method, url, client_secret, tolerance, future_skew, now)
    if SIGNATURE_HEADER.lower() not in found:
        return Failure("missing_header", f"missing {SIGNATURE_V3_HEADER} or {SIGNATURE_HEADER} header")
    version = found.get(VERSION_HEADER.lower())
    if version is None:
        return Failure("missing_header", f"{SIGNATURE_HEADER} is present but {VERSION_HEADER} is missing")
    secret = client_secret.encode()
    if version.lower() == "v1":
        source = secret + body
    elif version.lower() == "v2":
        source = secret + method.encode() + url.encode() + body
    else:
        # Echo at most a short prefix: the header is attacker-controlled.
        return Failure("unsupported_version", f"unsupported signature version {version[:10]!r}")
    expected = hashlib.sha256(source).hexdigest()
    return _compare(expected, found[SIGNATURE_HEADER.lower()].lower(), version.lower())


def sign_v3(body: bytes, *, method: str, url: str, client_secret: str, timestamp: str) -> str:
    """The base64 v3 signature HubSpot sends for this request (`method` in upper case)."""
    message = method.encode() + signed_uri(url).encode() + body + timestamp.encode()
    digest = hmac.new(client_secret.encode(), message, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def signed_uri(url: str) -> str:
    """`url` as HubSpot signs it (v3): the listed escapes decoded, all others kept."""
    return _SIGNED_ESCAPES.sub(lambda m: chr(int(m.group(1), 16)), url)


def _check_v3(
    body: bytes,
    found: dict[str, str],
    method: str,
    url: str,
    client_secret: str,
    tolerance: float,
    future_skew: float,
    now: float | None,
) -> Failure | None:
    timestamp = found.get(TIMESTAMP_HEADER.lower())
    if timestamp is None:
        return Failure(
            "missing_header", f"{SIGNATURE_V3_HEADER} is present but {TIMESTAMP_HEADER} is missing"
        )
    # isascii: str.isdigit alone accepts e.g. "²"; the length cap keeps int() cheap.
    if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 16):
        return Failure("malformed_timestamp", f"{TIMESTAMP_HEADER} is not epoch milliseconds")
    age_ms = (time.time() if now is None else now) * 1000 - int(timestamp)
    if age_ms > tolerance * 1000:
        return Failure(
            "stale_timestamp", f"request timestamp is {age_ms / 1000:.0f} s old (limit {tolerance:g} s)"
        )
    if -age_ms > future_skew * 1000:
        return Failure(
            "future_timestamp",
            f"request timestamp is {-age_ms / 1000:.0f} s in the future (limit {future_skew:g} s)",
        )
    expected = sign_v3(body, method=method, url=url, client_secret=client_secret, timestamp=timestamp)
    return _compare(expected, found[SIGNATURE_V3_HEADER.lower()], "v3")


def _compare(expected: str, given: str, version: str) -> Failure | None:
    # Bytes, because compare_digest rejects non-ASCII str and the header is untrusted.
    if hmac.compare_digest(expected.encode(), given.encode("utf-8", "replace")):
        return None
    return Failure("mismatch", f"{version} signature does not match the request")


def _relevant_headers(headers: Headers) -> dict[str, str]:
    """The four signature headers, keyed in lower case; the first occurrence wins."""
    pairs: Iterable[tuple[str | bytes, str | bytes]] = (
        headers.items() if isinstance(headers, Mapping) else headers
    )
    found: dict[str, str] = {}
    for name, value in pairs:
        key = _text(name).lower()
        if key in _WANTED and key not in found:
            found[key] = _text(value).strip()
    return found


def _text(value: str | bytes) -> str:
    # HTTP header bytes are latin-1 by definition (ASGI passes them raw).
    return value.decode("latin-1") if isinstance(value, bytes) else value
