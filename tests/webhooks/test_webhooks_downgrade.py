"""Downgrade replay: v3 only by default; a request carrying a v3 header is judged by v3 alone.

The fake signs like HubSpot (v3 + v1 headers); v1 has no timestamp, so a captured request with its
v3 headers stripped could be replayed forever if v1 were a fallback.
"""

from __future__ import annotations

import hashlib
import json
import time

import pytest

from hubspot_channels._exceptions import ConfigurationError
from hubspot_channels.testing import signed_headers
from hubspot_channels.webhooks import (
    DEFAULT_SIGNATURE_VERSIONS,
    WebhookHandler,
    WebhookSignatureError,
    unwrap,
    verify_signature,
)

SECRET = "downgrade-secret-4b1d"
URL = "https://example.com/hubspot/webhook"
BODY = json.dumps(
    {
        "type": "CHANNEL_ACCOUNT_CREATED",
        "portalId": 1,
        "channelId": 2,
        "eventTimestamp": 1767225600000,
        "channelAccountId": 3,
    }
).encode()
SIGNED_AT = 1767225600.0
A_DAY_LATER = SIGNED_AT + 86_400
V3_HEADERS = ("X-HubSpot-Signature-v3", "X-HubSpot-Request-Timestamp")


def captured() -> dict[str, str]:
    """What an attacker recorded: the fake's headers, signed v3 + v1 at SIGNED_AT."""
    return signed_headers(BODY, URL, SECRET, int(SIGNED_AT * 1000))


def without(headers: dict[str, str], *names: str) -> dict[str, str]:
    return {k: v for k, v in headers.items() if k not in names}


def failure(headers: object, **kw: object) -> WebhookSignatureError:
    kw.setdefault("now", A_DAY_LATER)
    with pytest.raises(WebhookSignatureError) as info:
        verify_signature(BODY, headers, method="POST", url=URL, client_secret=SECRET, **kw)  # type: ignore[arg-type]
    return info.value


def test_the_default_is_v3_only() -> None:
    assert DEFAULT_SIGNATURE_VERSIONS == ("v3",)


def test_captured_request_is_fresh_when_sent() -> None:
    verify_signature(BODY, captured(), method="POST", url=URL, client_secret=SECRET, now=SIGNED_AT + 1)


def test_replay_with_v3_headers_stripped_is_refused_by_default() -> None:
    err = failure(without(captured(), *V3_HEADERS))
    assert err.reason == "unsupported_version"
    # The message says why and how to opt in, without echoing a signature.
    assert "replayed" in str(err) and "signature_versions=('v3', 'v1')" in str(err)
    assert captured()["X-HubSpot-Signature"] not in str(err)


def test_replay_is_refused_in_any_header_container_and_case() -> None:
    stripped = without(captured(), *V3_HEADERS)
    asgi = [(k.lower().encode(), v.encode()) for k, v in stripped.items()]
    assert failure(asgi).reason == "unsupported_version"
    assert failure({k.upper(): v for k, v in stripped.items()}).reason == "unsupported_version"


def test_v1_opt_in_accepts_the_replay_which_is_why_it_is_opt_in() -> None:
    stripped = without(captured(), *V3_HEADERS)
    verify_signature(
        BODY,
        stripped,
        method="POST",
        url=URL,
        client_secret=SECRET,
        now=A_DAY_LATER,
        signature_versions=("v3", "v1"),
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda h: h, "stale_timestamp"),  # v3 present but a day old: no falling back to v1
        (lambda h: without(h, "X-HubSpot-Signature-v3"), "missing_header"),  # timestamp alone
        (lambda h: without(h, "X-HubSpot-Request-Timestamp"), "missing_header"),  # signature alone
        (lambda h: h | {"X-HubSpot-Request-Timestamp": "soon"}, "malformed_timestamp"),
    ],
    ids=["stale-v3", "timestamp-only", "signature-only", "malformed-timestamp"],
)
def test_a_request_with_any_v3_header_is_judged_by_v3_alone(change: object, expected: str) -> None:
    headers = change(captured())  # type: ignore[operator]
    # Even with v1 enabled, and the v1 signature valid; fresh or not (stale is checked after presence).
    for now in (A_DAY_LATER, SIGNED_AT + 1):
        if expected == "stale_timestamp" and now != A_DAY_LATER:
            continue
        assert failure(headers, now=now, signature_versions=("v3", "v1")).reason == expected


def test_forged_v3_beside_a_valid_v1_is_a_mismatch() -> None:
    headers = captured() | {"X-HubSpot-Signature-v3": "forged"}
    assert failure(headers, now=SIGNED_AT + 1, signature_versions=("v3", "v1", "v2")).reason == "mismatch"


def test_no_signature_at_all_names_the_v3_header() -> None:
    err = failure({"Content-Type": "application/json"})
    assert err.reason == "missing_header" and "X-HubSpot-Signature-v3" in str(err)
    opted_in = failure({"Content-Type": "application/json"}, signature_versions=("v3", "v1"))
    assert opted_in.reason == "missing_header" and "X-HubSpot-Signature" in str(opted_in)


def test_handler_refuses_the_replay_by_default_and_accepts_with_the_opt_in() -> None:
    stripped = without(captured(), *V3_HEADERS)
    default = WebhookHandler(SECRET).handle(BODY, stripped, method="POST", url=URL, now=A_DAY_LATER)
    assert default.status_code == 401 and default.event is None
    assert json.loads(default.body) == {"error": "invalid_signature", "reason": "unsupported_version"}

    legacy = WebhookHandler(SECRET, signature_versions=("v3", "v1"))
    assert legacy.handle(BODY, stripped, method="POST", url=URL, now=A_DAY_LATER).status_code == 200


def test_unwrap_takes_signature_versions_too() -> None:
    stripped = without(captured(), *V3_HEADERS)
    with pytest.raises(WebhookSignatureError):
        unwrap(BODY, stripped, method="POST", url=URL, client_secret=SECRET, now=A_DAY_LATER)
    event = unwrap(
        BODY,
        stripped,
        method="POST",
        url=URL,
        client_secret=SECRET,
        now=A_DAY_LATER,
        signature_versions={"v1", "v3"},
    )
    assert event.type == "CHANNEL_ACCOUNT_CREATED"


def test_v2_only_request_is_refused_by_default() -> None:
    v2 = hashlib.sha256(SECRET.encode() + b"POST" + URL.encode() + BODY).hexdigest()
    headers = {"X-HubSpot-Signature": v2, "X-HubSpot-Signature-Version": "v2"}
    assert failure(headers).reason == "unsupported_version"
    assert failure(headers, signature_versions=("v3", "v1")).reason == "unsupported_version"
    verify_signature(
        BODY, headers, method="POST", url=URL, client_secret=SECRET, signature_versions=("v3", "v2")
    )


# --- signature_versions is checked, never silently widened ------------------------------------------


@pytest.mark.parametrize("versions", ["v3", b"v3", 3, None, ("v3", 1)])
def test_signature_versions_of_the_wrong_type_is_a_type_error(versions: object) -> None:
    with pytest.raises(TypeError, match="signature_versions"):
        verify_signature(
            BODY, captured(), method="POST", url=URL, client_secret=SECRET, signature_versions=versions
        )  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="signature_versions"):
        WebhookHandler(SECRET, signature_versions=versions)  # type: ignore[arg-type]


@pytest.mark.parametrize("versions", [(), ("v1",), ("v1", "v2"), ("v3", "v4"), ("v3", "")])
def test_signature_versions_without_v3_or_unknown_is_refused(versions: tuple[str, ...]) -> None:
    with pytest.raises(ConfigurationError, match="signature_versions|signature version"):
        verify_signature(
            BODY, captured(), method="POST", url=URL, client_secret=SECRET, signature_versions=versions
        )
    with pytest.raises(ConfigurationError):
        WebhookHandler(SECRET, signature_versions=versions)


def test_a_fresh_fake_delivery_passes_the_default() -> None:
    now = time.time()
    headers = signed_headers(BODY, URL, SECRET, int(now * 1000))
    verify_signature(BODY, headers, method="POST", url=URL, client_secret=SECRET, now=now)
