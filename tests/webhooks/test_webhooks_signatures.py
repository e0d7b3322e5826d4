"""Signature checks of hubspot_channels.webhooks, against HMACs computed here, not by the package."""

from __future__ import annotations

import base64
import hashlib
import hmac

import httpx
import pytest

from hubspot_channels._exceptions import HubSpotChannelsError
from hubspot_channels.webhooks import WebhookSignatureError, verify_signature

SECRET = "test-client-secret-7f3a"
URL = "https://example.com/hubspot/webhook?portal=123"
BODY = b'{"type":"CHANNEL_ACCOUNT_CREATED","portalId":123}'
TS = "1767225600000"  # 2026-01-01T00:00:00Z in epoch ms
NOW = 1767225600.0 + 10  # the receiver's clock, 10 s after HubSpot signed


def v3(body: bytes, url: str, ts: str, *, secret: str = SECRET, method: str = "POST") -> str:
    msg = method.encode() + url.encode() + body + ts.encode()
    return base64.b64encode(hmac.new(secret.encode(), msg, hashlib.sha256).digest()).decode()


def v3_headers(body: bytes = BODY, url: str = URL, ts: str = TS, **kw: str) -> dict[str, str]:
    return {"X-HubSpot-Signature-v3": v3(body, url, ts, **kw), "X-HubSpot-Request-Timestamp": ts}


def verify(body: bytes = BODY, headers: object = None, *, url: str = URL, **kw: object) -> None:
    kw.setdefault("now", NOW)
    verify_signature(
        body,
        v3_headers() if headers is None else headers,  # type: ignore[arg-type]
        method=str(kw.pop("method", "POST")),
        url=url,
        client_secret=str(kw.pop("client_secret", SECRET)),
        **kw,  # type: ignore[arg-type]
    )


def reason(**kw: object) -> str:
    with pytest.raises(WebhookSignatureError) as info:
        verify(**kw)  # type: ignore[arg-type]
    return info.value.reason


# --- v3 -------------------------------------------------------------------------------------


def test_fixed_v3_vector() -> None:
    # Computed once, by hand, from SECRET, "POST" + URL + BODY + TS; pins the exact algorithm.
    headers = {
        "X-HubSpot-Signature-v3": "trs+on7BuYQHfPh7kiBY2jLTAy9/FfJ2lxlIBkSgNeI=",
        "X-HubSpot-Request-Timestamp": TS,
    }
    verify(headers=headers)


def test_v3_valid() -> None:
    verify()


def test_error_is_package_error() -> None:
    assert issubclass(WebhookSignatureError, HubSpotChannelsError)


@pytest.mark.parametrize(
    "headers",
    [
        {"x-hubspot-signature-v3": v3(BODY, URL, TS), "x-hubspot-request-timestamp": TS},
        {"X-HUBSPOT-SIGNATURE-V3": v3(BODY, URL, TS), "X-HUBSPOT-REQUEST-TIMESTAMP": TS},
        httpx.Headers(v3_headers()),
        list(v3_headers().items()),
        [(k.lower().encode(), v.encode()) for k, v in v3_headers().items()],  # ASGI scope style
    ],
    ids=["lower", "upper", "httpx", "pairs", "asgi-bytes"],
)
def test_header_containers_and_case(headers: object) -> None:
    verify(headers=headers)


def test_method_case_is_normalised() -> None:
    verify(method="post")


def test_tampered_body() -> None:
    assert reason(body=BODY + b" ") == "mismatch"


def test_wrong_secret() -> None:
    assert reason(client_secret="other-secret") == "mismatch"


def test_wrong_url() -> None:
    assert reason(url=URL + "&x=1") == "mismatch"


def test_tampered_timestamp() -> None:
    headers = v3_headers()
    headers["X-HubSpot-Request-Timestamp"] = str(int(TS) + 1)
    assert reason(headers=headers) == "mismatch"


def test_stale_timestamp() -> None:
    assert reason(now=NOW + 300) == "stale_timestamp"
    verify(now=1767225600.0 + 300)  # exactly at the limit still passes


def test_tolerance_is_configurable() -> None:
    verify(now=NOW + 3000, tolerance=3600)
    assert reason(now=NOW, tolerance=5) == "stale_timestamp"


def test_future_timestamp() -> None:
    assert reason(now=1767225600.0 - 61) == "future_timestamp"
    verify(now=1767225600.0 - 59)  # small clock drift is tolerated
    assert reason(now=1767225600.0 - 10, future_skew=5) == "future_timestamp"


@pytest.mark.parametrize("ts", ["", "abc", "1767225600000.5", "-1767225600000", "１７６７", "9" * 40])
def test_malformed_timestamp(ts: str) -> None:
    headers = {"X-HubSpot-Signature-v3": "x", "X-HubSpot-Request-Timestamp": ts}
    assert reason(headers=headers) == "malformed_timestamp"


def test_missing_timestamp() -> None:
    assert reason(headers={"X-HubSpot-Signature-v3": v3(BODY, URL, TS)}) == "missing_header"


def test_missing_all_signature_headers() -> None:
    with pytest.raises(WebhookSignatureError, match="missing") as info:
        verify(headers={"Content-Type": "application/json"})
    assert info.value.reason == "missing_header"


def test_non_ascii_signature_header_is_a_mismatch_not_a_crash() -> None:
    headers = v3_headers()
    headers["X-HubSpot-Signature-v3"] = "é" * 44
    assert reason(headers=headers) == "mismatch"


def test_v3_wins_over_v1_when_both_present() -> None:
    headers = v3_headers()
    headers["X-HubSpot-Signature"] = hashlib.sha256(SECRET.encode() + BODY).hexdigest()
    headers["X-HubSpot-Signature-Version"] = "v1"
    headers["X-HubSpot-Signature-v3"] = "forged"
    assert reason(headers=headers) == "mismatch"


# --- URI decoding (v3) ------------------------------------------------------------------------


def test_listed_escapes_are_decoded_before_signing() -> None:
    sent = "https://example.com/hook/a%3Ab%2fc?x=%40me%2C%21%24%27%28%29%2A%3B%3F"
    signed = "https://example.com/hook/a:b/c?x=@me,!$'()*;?"
    verify(url=sent, headers=v3_headers(url=signed))


def test_other_escapes_stay_encoded() -> None:
    sent = "https://example.com/hook?q=a%20b%2Bc"
    verify(url=sent, headers=v3_headers(url=sent))
    assert reason(url=sent, headers=v3_headers(url="https://example.com/hook?q=a b+c")) == "mismatch"


# --- v1 / v2 (opt-in only: no timestamp, so replayable) -------------------------------------------

LEGACY = ("v3", "v1", "v2")


def legacy_headers(signature: str, version: str) -> dict[str, str]:
    return {"X-HubSpot-Signature": signature, "X-HubSpot-Signature-Version": version}


def test_fixed_v1_and_v2_vectors() -> None:
    v1 = "0919e1940256e71e8f411bc3bac77f8522c0788b7158e14136ae9f45c87a365a"
    v2 = "ac4432e7ebb04b06ef032037bbf4e3db6f4568ee967d932103d0063234cb9180"
    verify(headers=legacy_headers(v1, "v1"), signature_versions=LEGACY)
    verify(headers=legacy_headers(v2, "v2"), signature_versions=LEGACY)


def test_v1() -> None:
    good = hashlib.sha256(SECRET.encode() + BODY).hexdigest()
    opt_in = {"signature_versions": ("v3", "v1")}
    # No timestamp in v1: the clock is irrelevant (which is exactly why it is opt-in).
    verify(headers=legacy_headers(good, "v1"), now=0.0, **opt_in)
    verify(headers=legacy_headers(good.upper(), "V1"), signature_versions=["V3", "V1"])
    assert reason(headers=legacy_headers(good, "v1"), body=b"{}", **opt_in) == "mismatch"
    assert reason(headers=legacy_headers(good, "v1"), client_secret="nope", **opt_in) == "mismatch"


def test_v2() -> None:
    good = hashlib.sha256(SECRET.encode() + b"POST" + URL.encode() + BODY).hexdigest()
    verify(headers=legacy_headers(good, "v2"), signature_versions=("v3", "v2"))
    assert reason(headers=legacy_headers(good, "v2"), url=URL + "x", signature_versions=LEGACY) == "mismatch"
    assert reason(headers=legacy_headers(good, "v1"), signature_versions=LEGACY) == "mismatch"


def test_opting_in_to_v1_does_not_accept_v2() -> None:
    good = hashlib.sha256(SECRET.encode() + b"POST" + URL.encode() + BODY).hexdigest()
    with pytest.raises(WebhookSignatureError, match=r"signature_versions=\('v3', 'v2'\)") as info:
        verify(headers=legacy_headers(good, "v2"), signature_versions=("v3", "v1"))
    assert info.value.reason == "unsupported_version"


def test_unsupported_version() -> None:
    assert reason(headers=legacy_headers("abc", "v9")) == "unsupported_version"
    assert reason(headers=legacy_headers("abc", "v9"), signature_versions=LEGACY) == "unsupported_version"


def test_missing_version_header() -> None:
    assert reason(headers={"X-HubSpot-Signature": "abc"}, signature_versions=LEGACY) == "missing_header"


# --- secrets stay out of error text -----------------------------------------------------------


@pytest.mark.parametrize(
    "kw",
    [
        {},  # v3 mismatch
        {"now": NOW + 1000},
        {"headers": legacy_headers("0" * 64, "v1"), "signature_versions": LEGACY},
        {"headers": legacy_headers("0" * 64, "v2"), "signature_versions": LEGACY},
    ],
    ids=["v3-mismatch", "stale", "v1-mismatch", "v2-mismatch"],
)
def test_error_text_has_no_secret_or_expected_signature(kw: dict[str, object]) -> None:
    with pytest.raises(WebhookSignatureError) as info:
        verify(body=b'{"tampered":true}', **kw)  # type: ignore[arg-type]
    err = info.value
    expected = {
        v3(b'{"tampered":true}', URL, TS),
        hashlib.sha256(SECRET.encode() + b'{"tampered":true}').hexdigest(),
        hashlib.sha256(SECRET.encode() + b"POST" + URL.encode() + b'{"tampered":true}').hexdigest(),
    }
    for text in (str(err), repr(err), str(err.args)):
        assert SECRET not in text
        assert not any(sig in text for sig in expected)
