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
    signature_versions: frozenset[str] = frozenset({"v3"}),
) -> Failure | None:
    """Return None when the request is signed by `client_secret`, else why not.

    Arguments are already checked (see ``_webhook_args``); `headers` is checked here, as it is read.
    """
    found = _relevant_headers(headers)
    method = method.upper()
    # Either v3 header means v3 alone decides: stripping one must not open the door to v1/v2,
    # which carry no timestamp and so can be replayed forever.
    if SIGNATURE_V3_HEADER.lower() in found or TIMESTAMP_HEADER.lower() in found:
        return _check_v3(body, found, method, url, client_secret, tolerance, future_skew, now)
    legacy = sorted(signature_versions - {"v3"})
    if SIGNATURE_HEADER.lower() not in found:
        also = f" (or {SIGNATURE_HEADER}, accepted here for {'/'.join(legacy)})" if legacy else ""
        return Failure("missing_header", f"missing {SIGNATURE_V3_HEADER} header{also}")
    version = found.get(VERSION_HEADER.lower())
    if version is None:
        return Failure("missing_header", f"{SIGNATURE_HEADER} is present but {VERSION_HEADER} is missing")
    version = version.lower()
    if version not in ("v1", "v2"):
        # Echo at most a short prefix: the header is attacker-controlled.
        return Failure("unsupported_version", f"unsupported signature version {version[:10]!r}")
    if version not in signature_versions:
        return Failure(
            "unsupported_version",
            f"the request carries only a {version} signature, which has no timestamp and can be replayed; "
            f"refused unless the app opts in with signature_versions=('v3', '{version}')",
        )
    secret = client_secret.encode()
    if version == "v1":
        source = secret + body
    else:
        source = secret + _utf8(method) + _utf8(url) + body
    expected = hashlib.sha256(source).hexdigest()
    return _compare(expected, found[SIGNATURE_HEADER.lower()].lower(), version)


def sign_v3(body: bytes, *, method: str, url: str, client_secret: str, timestamp: str) -> str:
    """The base64 v3 signature HubSpot sends for this request (`method` in upper case)."""
    message = _utf8(method) + _utf8(signed_uri(url)) + body + timestamp.encode()
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
    signature = found.get(SIGNATURE_V3_HEADER.lower())
    if signature is None:
        return Failure(
            "missing_header", f"{TIMESTAMP_HEADER} is present but {SIGNATURE_V3_HEADER} is missing"
        )
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
    return _compare(expected, signature, "v3")


def _compare(expected: str, given: str, version: str) -> Failure | None:
    # Bytes, because compare_digest rejects non-ASCII str and the header is untrusted.
    if hmac.compare_digest(expected.encode(), given.encode("utf-8", "replace")):
        return None
    return Failure("mismatch", f"{version} signature does not match the request")


def _relevant_headers(headers: Headers) -> dict[str, str]:
    """The four signature headers, keyed in lower case; the first occurrence wins."""
    found: dict[str, str] = {}
    for pair in _pairs(headers):
        if not (isinstance(pair, (tuple, list)) and len(pair) == 2):
            raise TypeError(
                f"headers must be a mapping or (name, value) pairs, got an item of type {type(pair).__name__}"
            )
        key = _text(pair[0], "name").lower()
        if key in _WANTED and key not in found:
            found[key] = _text(pair[1], "value").strip()
    return found


def _pairs(headers: object) -> Iterable[object]:
    if isinstance(headers, Mapping):
        return headers.items()
    items = getattr(headers, "items", None)
    # What behaves like a mapping without being one: werkzeug Headers, email.message.Message.
    pairs = items() if callable(items) else headers
    if isinstance(pairs, (str, bytes)) or not isinstance(pairs, Iterable):
        raise TypeError(f"headers must be a mapping or (name, value) pairs, got {type(headers).__name__}")
    return pairs


def _text(value: object, part: str) -> str:
    # HTTP header bytes are latin-1 by definition (ASGI passes them raw).
    if isinstance(value, bytes):
        return value.decode("latin-1")
    if isinstance(value, str):
        return value
    raise TypeError(f"headers: a header {part} must be str or bytes, got {type(value).__name__}")


def _utf8(text: str) -> bytes:
    # surrogatepass: a lone surrogate cannot be what HubSpot signed, so it must mismatch, not crash.
    return text.encode("utf-8", "surrogatepass")
