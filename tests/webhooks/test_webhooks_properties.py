"""Property tests (hypothesis) on webhook parsing and signature verification.

- parse_event raises nothing but WebhookPayloadError, on any bytes and on any JSON, event-shaped or not;
- verify_signature raises nothing but WebhookSignatureError on any headers, body, url and method;
- a v3 signature computed here (independently of the package) verifies, for any body and URL, and any
  change to the body is a mismatch;
- a request signed v3 + v1 (as HubSpot and the fake send it) with the v3 headers stripped is refused
  by default, whatever its content.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import json
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hubspot_channels.testing import signed_headers
from hubspot_channels.webhooks import (
    WebhookHandler,
    WebhookPayloadError,
    WebhookSignatureError,
    parse_event,
    verify_signature,
)
from tests.webhooks.test_webhooks_events import OUTGOING, account

SECRET = "property-secret-3e9d"
NOW = 1767225600.0
NOW_MS = int(NOW * 1000)
BOUNDED = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

HEADER_NAMES = st.sampled_from(
    [
        "X-HubSpot-Signature-v3",
        "x-hubspot-signature-v3",
        "X-HubSpot-Request-Timestamp",
        "X-HubSpot-Signature",
        "X-HubSpot-Signature-Version",
        "X-HUBSPOT-SIGNATURE-VERSION",
        "Content-Type",
    ]
) | st.text(max_size=30)
HEADER_VALUES = (
    st.text(max_size=80)
    | st.integers(min_value=-(10**20), max_value=10**20).map(str)
    | st.sampled_from(["v1", "v2", "v3", "V1", "", " ", str(NOW_MS), "9" * 40])
)
ANY_HEADERS = st.one_of(
    st.dictionaries(HEADER_NAMES, HEADER_VALUES, max_size=8),
    st.lists(st.tuples(HEADER_NAMES, HEADER_VALUES), max_size=8),
    st.lists(
        st.tuples(HEADER_NAMES.map(lambda s: s.encode("utf-8", "surrogatepass")), st.binary(max_size=60)),
        max_size=8,
    ),
)
JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**500), max_value=10**500)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=30,
)
URLS = st.builds(
    lambda host, path, query: f"https://{host}/{path}" + (f"?{query}" if query else ""),
    st.from_regex(r"[a-z][a-z0-9-]{0,20}\.example", fullmatch=True),
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=30)
    | st.sampled_from(["a%3Ab", "%2F%3F%40%21%24%27%28%29%2A%2C%3B", "x%20y", "%e2%82%ac", "%zz"]),
    st.text(max_size=30) | st.just(""),
)


def is_verdict(call: Any) -> bool:
    """Run `call`; True if it verified, False if WebhookSignatureError; anything else fails the test."""
    try:
        call()
    except WebhookSignatureError:
        return False
    return True


# --- parsing ------------------------------------------------------------------------------------------


def parses_or_payload_error(body: bytes | str) -> None:
    try:
        parse_event(body)
    except WebhookPayloadError:
        pass


@BOUNDED
@given(st.binary(max_size=300))
def test_parse_event_on_any_bytes(body: bytes) -> None:
    parses_or_payload_error(body)


@BOUNDED
@given(JSON_VALUES)
def test_parse_event_on_any_json(value: object) -> None:
    parses_or_payload_error(json.dumps(value))


def event_shaped() -> st.SearchStrategy[dict[str, Any]]:
    """A documented event with some fields (envelope or message) replaced by arbitrary JSON, or dropped."""
    bases = [
        OUTGOING,
        account("CHANNEL_ACCOUNT_CREATED"),
        account("CHANNEL_ACCOUNT_UPDATED", eventId="e-1"),
        account("CHANNEL_ACCOUNT_PURGED"),
    ]

    def mutate(
        base: dict[str, Any], changes: list[tuple[bool, str, object]], drops: list[str]
    ) -> dict[str, Any]:
        event = copy.deepcopy(base)
        for in_message, key, value in changes:
            target = event["message"] if in_message and isinstance(event.get("message"), dict) else event
            target[key] = value
        for key in drops:
            event.pop(key, None)
        return event

    keys = st.sampled_from(
        sorted({k for base in bases for k in base} | set(OUTGOING["message"]) | {"latitude"})
    )
    return st.builds(
        mutate,
        st.sampled_from(bases),
        st.lists(st.tuples(st.booleans(), keys, JSON_VALUES), min_size=1, max_size=3),
        st.lists(keys, max_size=2),
    )


@BOUNDED
@given(event_shaped())
def test_parse_event_on_mutated_events(event: dict[str, Any]) -> None:
    parses_or_payload_error(json.dumps(event))


@BOUNDED
@given(st.lists(JSON_VALUES, max_size=3))
def test_parse_event_on_any_attachments(attachments: list[object]) -> None:
    event = copy.deepcopy(OUTGOING)
    event["message"]["attachments"] = [
        {"type": "LOCATION", "latitude": a, "longitude": a} if i % 2 else a for i, a in enumerate(attachments)
    ]
    parses_or_payload_error(json.dumps(event))


@pytest.mark.slow
@BOUNDED
@given(st.one_of(st.binary(max_size=200), event_shaped().map(lambda e: json.dumps(e).encode())))
def test_handle_on_any_signed_body_answers_200_or_400(body: bytes) -> None:
    url = "https://example.com/hook"
    headers = signed_headers(body, url, SECRET, NOW_MS)
    result = WebhookHandler(SECRET).handle(body, headers, method="POST", url=url, now=NOW)
    assert result.status_code in (200, 400)
    assert (result.event is not None) == (result.status_code == 200)


# --- verification -------------------------------------------------------------------------------------


@BOUNDED
@given(ANY_HEADERS, st.binary(max_size=200), URLS, st.sampled_from(["POST", "post", "GET", "PÖST", "\ud800"]))
def test_verify_signature_on_any_input_is_a_verdict(headers: Any, body: bytes, url: str, method: str) -> None:
    for versions in (("v3",), ("v3", "v1", "v2")):
        # Random headers essentially never carry a valid HMAC: the verdict must be a refusal.
        try:
            verify_signature(
                body,
                headers,
                method=method,
                url=url,
                client_secret=SECRET,
                now=NOW,
                signature_versions=versions,
            )
        except WebhookSignatureError:
            continue
        raise AssertionError("random headers verified")


def independent_v3(body: bytes, url: str, timestamp: str, method: str = "POST") -> str:
    # HubSpot's documented recipe: these escapes are decoded in the URI before signing.
    uri = re.sub(
        r"%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)",
        lambda m: chr(int(m.group(1), 16)),
        url,
        flags=re.IGNORECASE,
    )
    message = method.encode() + uri.encode() + body + timestamp.encode()
    return base64.b64encode(hmac.new(SECRET.encode(), message, hashlib.sha256).digest()).decode()


@BOUNDED
@given(
    st.binary(max_size=500),
    URLS,
    st.integers(min_value=-60_000, max_value=300_000),
    st.binary(min_size=1, max_size=3),
)
def test_sign_then_verify_round_trips(body: bytes, url: str, age_ms: int, extra: bytes) -> None:
    timestamp = str(NOW_MS - age_ms)
    headers = {
        "X-HubSpot-Signature-v3": independent_v3(body, url, timestamp),
        "X-HubSpot-Request-Timestamp": timestamp,
    }
    verify_signature(body, headers, method="POST", url=url, client_secret=SECRET, now=NOW)
    # The package's own signer (used by the fake) agrees with the recipe.
    assert (
        signed_headers(body, url, SECRET, NOW_MS - age_ms)["X-HubSpot-Signature-v3"]
        == headers["X-HubSpot-Signature-v3"]
    )
    # Any change to the body breaks it.
    assert not is_verdict(
        lambda: verify_signature(body + extra, headers, method="POST", url=url, client_secret=SECRET, now=NOW)
    )


@BOUNDED
@given(
    st.binary(max_size=300),
    URLS,
    st.text(
        alphabet=st.characters(
            min_codepoint=33, max_codepoint=0x2FFF, blacklist_categories=["Cs", "Cc", "Zs", "Zl", "Zp"]
        ),
        min_size=1,
        max_size=40,
    ),
    st.floats(min_value=0, max_value=10 * 365 * 86_400),
)
def test_v3_plus_v1_with_v3_stripped_is_refused_by_default(
    body: bytes, url: str, secret: str, later: float
) -> None:
    headers = signed_headers(body, url, secret, NOW_MS)
    stripped = {
        k: v for k, v in headers.items() if k not in ("X-HubSpot-Signature-v3", "X-HubSpot-Request-Timestamp")
    }
    # The request as sent is valid.
    verify_signature(body, headers, method="POST", url=url, client_secret=secret, now=NOW)
    try:
        verify_signature(body, stripped, method="POST", url=url, client_secret=secret, now=NOW + later)
    except WebhookSignatureError as exc:
        assert exc.reason == "unsupported_version"
    else:
        raise AssertionError("a v1-only replay was accepted by default")
    # Opting in accepts it at any later time: exactly why v1 is opt-in.
    verify_signature(
        body,
        stripped,
        method="POST",
        url=url,
        client_secret=secret,
        now=NOW + later,
        signature_versions=("v3", "v1"),
    )
