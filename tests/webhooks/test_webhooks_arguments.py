"""Arguments of verify_signature / unwrap / WebhookHandler: a bad secret is a ConfigurationError that never
echoes it, a wrong type a TypeError naming the argument (never a 401 that hides the programming error)."""

from __future__ import annotations

import email.message
import json
from collections.abc import Callable
from typing import Any

import pytest

from hubspot_channels._exceptions import ConfigurationError
from hubspot_channels.testing import signed_headers
from hubspot_channels.webhooks import WebhookHandler, unwrap, verify_signature

SECRET = "arguments-secret-77aa"
URL = "https://example.com/hubspot/webhook"
BODY = b'{"type":"SOMETHING","eventId":1}'
NOW = 1767225600.0


def headers() -> dict[str, str]:
    return signed_headers(BODY, URL, SECRET, int(NOW * 1000))


def call_verify(**kw: Any) -> None:
    args = {
        "body": BODY,
        "headers": headers(),
        "method": "POST",
        "url": URL,
        "client_secret": SECRET,
        "now": NOW,
    }
    args |= kw
    verify_signature(args.pop("body"), args.pop("headers"), **args)


def call_unwrap(**kw: Any) -> None:
    args = {
        "body": BODY,
        "headers": headers(),
        "method": "POST",
        "url": URL,
        "client_secret": SECRET,
        "now": NOW,
    }
    args |= kw
    unwrap(args.pop("body"), args.pop("headers"), **args)


def call_handle(**kw: Any) -> None:
    secret = kw.pop("client_secret", SECRET)
    args = {"body": BODY, "headers": headers(), "method": "POST", "url": URL, "now": NOW} | kw
    WebhookHandler(secret).handle(args.pop("body"), args.pop("headers"), **args)


CALLS: list[Callable[..., None]] = [call_verify, call_unwrap, call_handle]
CALL_IDS = ["verify_signature", "unwrap", "handle"]


# --- the client secret ------------------------------------------------------------------------------


BAD_SECRETS = [
    "",
    "   ",
    "\t\n",
    None,
    1234,
    b"bytes-secret-9f",
    "hidden-value-1\n",
    " hidden-value-2",
    "hidden\x00value-3",
    "hidden\x7fvalue-4",
    "hidden\ud800value-5",
]


@pytest.mark.parametrize("secret", BAD_SECRETS, ids=repr)
def test_handler_refuses_a_bad_secret_at_construction(secret: object) -> None:
    with pytest.raises(ConfigurationError) as info:
        WebhookHandler(secret)  # type: ignore[arg-type]
    assert_not_echoed(info.value, secret)


@pytest.mark.parametrize("secret", BAD_SECRETS, ids=repr)
@pytest.mark.parametrize("call", [call_verify, call_unwrap], ids=["verify_signature", "unwrap"])
def test_verification_refuses_a_bad_secret(call: Callable[..., None], secret: object) -> None:
    with pytest.raises(ConfigurationError) as info:
        call(client_secret=secret)
    assert_not_echoed(info.value, secret)


def assert_not_echoed(error: Exception, secret: object) -> None:
    assert "client_secret" in str(error)
    # Every visible bad secret above is made of these words; none may show up in the error.
    for text in (str(error), repr(error)):
        assert not any(word in text for word in ("hidden", "value-", "bytes-secret", "1234"))


def test_empty_secret_never_accepts_a_request_signed_with_an_empty_key() -> None:
    forged = signed_headers(BODY, URL, "", int(NOW * 1000))  # what "" as the key would accept
    with pytest.raises(ConfigurationError):
        verify_signature(BODY, forged, method="POST", url=URL, client_secret="", now=NOW)


# --- wrong types name the argument -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("argument", "value"),
    [
        ("body", BODY.decode()),
        ("body", None),
        ("body", 12),
        ("body", [1, 2]),
        ("headers", None),
        ("headers", 5),
        ("headers", "X-HubSpot-Signature-v3: x"),
        ("headers", b"raw"),
        ("headers", [("only-a-name",)]),
        ("headers", ["X-HubSpot-Signature-v3"]),
        ("headers", [(1, "x")]),
        ("headers", {"X-HubSpot-Signature-v3": 5}),
        ("method", None),
        ("method", b"POST"),
        ("url", None),
        ("url", b"https://example.com/"),
        ("now", "1767225600"),
        ("now", True),
        ("now", [NOW]),
    ],
)
@pytest.mark.parametrize("call", CALLS, ids=CALL_IDS)
def test_wrong_type_is_a_type_error_naming_the_argument(
    call: Callable[..., None], argument: str, value: object
) -> None:
    with pytest.raises(TypeError, match=argument):
        call(**{argument: value})


@pytest.mark.parametrize("now", [float("nan"), float("inf"), -float("inf"), 10**400])
@pytest.mark.parametrize("call", CALLS, ids=CALL_IDS)
def test_now_must_be_finite(call: Callable[..., None], now: float) -> None:
    # A NaN clock would make any timestamp look fresh.
    with pytest.raises(ValueError, match="now"):
        call(now=now)


@pytest.mark.parametrize("name", ["tolerance", "future_skew"])
@pytest.mark.parametrize(
    ("value", "error"), [("5", TypeError), (None, TypeError), (float("nan"), ValueError), (-1, ValueError)]
)
def test_tolerances_are_checked(name: str, value: object, error: type[Exception]) -> None:
    with pytest.raises(error, match=name):
        call_verify(**{name: value})
    with pytest.raises(error, match=name):
        WebhookHandler(SECRET, **{name: value})  # type: ignore[arg-type]


def test_on_event_must_be_callable() -> None:
    with pytest.raises(TypeError, match="on_event"):
        WebhookHandler(SECRET, on_event="print")  # type: ignore[arg-type]


# --- accepted forms ---------------------------------------------------------------------------------


@pytest.mark.parametrize("body", [bytearray(BODY), memoryview(BODY)], ids=["bytearray", "memoryview"])
def test_bytes_like_bodies_are_accepted(body: object) -> None:
    call_verify(body=body)
    call_unwrap(body=body)
    call_handle(body=body)


def test_email_message_headers_are_accepted() -> None:
    # http.server hands out an email.message.Message: iterating it yields names only.
    message = email.message.Message()
    for name, value in headers().items():
        message[name] = value
    call_verify(headers=message)
    call_handle(headers=message)


def test_generator_of_pairs_is_accepted() -> None:
    call_verify(headers=((k, v) for k, v in headers().items()))


def test_handle_returns_a_200_for_valid_arguments() -> None:
    result = WebhookHandler(SECRET).handle(BODY, headers(), method="POST", url=URL, now=NOW)
    assert result.status_code == 200 and json.loads(result.body) == {"status": "ok"}
    # Signed long ago: without `now` the same request is stale, so `now` was honoured.
    stale = WebhookHandler(SECRET).handle(BODY, headers(), method="POST", url=URL)
    assert json.loads(stale.body) == {"error": "invalid_signature", "reason": "stale_timestamp"}
