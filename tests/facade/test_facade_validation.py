"""Arguments are checked before anything is sent: every test here also asserts the transport was never called.
Missing credentials and bad settings raise ConfigurationError, also before any request."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from hubspot_channels import (
    AsyncCustomChannelsClient,
    ConfigurationError,
    CustomChannelsClient,
    DeliveryIdentifier,
    MessageStatus,
    Participant,
    RequestValidationError,
)
from hubspot_channels._validate import INT32_MAX, numeric_id, text_id
from tests.support.facade_helpers import (
    DEV_KEY,
    MODES,
    TOKEN,
    Api,
    account_json,
    body_of,
    channel_json,
    message_json,
    ok,
    query_of,
    url_path,
)

# Refusals happen before a version's request is built: they are checked in both modes on the default version.
# Only tests whose request is sent (paths, bodies, queries) run once per API version.
pytestmark = pytest.mark.anyio
PER_VERSION = pytest.mark.usefixtures("api_version")

PHONE = DeliveryIdentifier("HS_PHONE_NUMBER", "+15550001")


async def assert_refused(
    mode: str,
    run: Callable[[Any], Any],
    error: type[Exception] = RequestValidationError,
    **client_kwargs: Any,
) -> Exception:
    api = Api(mode, **client_kwargs)  # no replies: any request fails the test
    with pytest.raises(error) as caught:
        await api.call(run)
    assert api.requests == []
    return caught.value


# --- message status -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("status", ["DELIVERED", "RECEIVED", MessageStatus.RECEIVED, "", "sent!", None, 1])
async def test_bad_status_lists_the_valid_ones(mode: str, status: Any) -> None:
    error = await assert_refused(mode, lambda c: c.messages.update_status(1200, "msg-1", status))
    assert "SENT, FAILED, READ" in str(error)


@PER_VERSION
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("status", "sent"),
    [
        ("sent", "SENT"),
        ("Read", "READ"),
        (" failed ", "FAILED"),
        (MessageStatus.SENT, "SENT"),
        (MessageStatus.READ, "READ"),
        (MessageStatus.FAILED, "FAILED"),
    ],
)
async def test_status_accepts_members_and_any_case(mode: str, status: Any, sent: str) -> None:
    api = Api(mode, ok(message_json()))
    await api.call(lambda c: c.messages.update_status(1200, "msg-1", status))
    assert body_of(api.requests[0]) == {"statusType": sent}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("status", ["SENT", "READ", MessageStatus.READ])
async def test_error_message_only_with_failed(mode: str, status: Any) -> None:
    error = await assert_refused(
        mode, lambda c: c.messages.update_status(1200, "msg-1", status, error_message="Blocked")
    )
    assert "FAILED" in str(error)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("error_message", ["", "   ", 42])
async def test_error_message_must_be_text(mode: str, error_message: Any) -> None:
    await assert_refused(mode, lambda c: c.messages.mark_failed(1200, "msg-1", error_message=error_message))


# --- ids ----------------------------------------------------------------------------------------------------

BAD_NUMERIC_IDS = ["", "   ", "abc", "12a", "-5", "1.5", "1e3", "0x1F", 0, -1, 1.5, True, None, "１２"]


@pytest.mark.parametrize("value", BAD_NUMERIC_IDS)
def test_numeric_id_refuses_anything_but_a_positive_integer_or_digits(value: Any) -> None:
    """The one validator behind every numeric path id, on every bad spelling (no client needed)."""
    with pytest.raises(RequestValidationError, match="channel_id"):
        numeric_id(value, "channel_id", INT32_MAX)


@pytest.mark.parametrize("value", [2**31, "2147483648"])
def test_a_channel_id_beyond_int32_is_refused(value: Any) -> None:
    with pytest.raises(RequestValidationError, match="int32"):
        numeric_id(value, "channel_id", INT32_MAX)


# Each operation refuses through that validator: one value per branch (a bad string, a bool, a non-id).
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("channel_id", ["12a", True, None])
@pytest.mark.parametrize(
    "run",
    [
        lambda c, i: c.channels.get(i),
        lambda c, i: c.channels.archive(i),
        lambda c, i: c.channel_accounts.get(i, 555001),
        lambda c, i: c.messages.get(i, "msg-1"),
        lambda c, i: c.messages.mark_sent(i, "msg-1"),
        lambda c, i: c.staging_tokens.update(i, "stg-1", account_name="x", delivery_identifier=PHONE),
    ],
    ids=["get_channel", "archive_channel", "get_account", "get_message", "mark_sent", "staging_token"],
)
async def test_channel_id_must_be_numeric(mode: str, channel_id: Any, run: Callable[[Any, Any], Any]) -> None:
    error = await assert_refused(mode, lambda c: run(c, channel_id))
    assert "channel_id" in str(error)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("account_id", ["", "acct-1", "-1", 0, None])
async def test_account_id_must_be_numeric(mode: str, account_id: Any) -> None:
    error = await assert_refused(mode, lambda c: c.channel_accounts.update(1200, account_id, name="x"))
    assert "account_id" in str(error)


@pytest.mark.parametrize("message_id", ["", "   ", "a b", "a\nb", "tab\there", None, 1.5, ".", ".."])
def test_text_id_refuses_malformed_ids(message_id: Any) -> None:
    """The one validator behind every string path id (message ids, staging tokens)."""
    with pytest.raises(RequestValidationError, match="message_id"):
        text_id(message_id, "message_id")


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("message_id", ["a b", None, ".."])
async def test_malformed_message_id(mode: str, message_id: Any) -> None:
    error = await assert_refused(mode, lambda c: c.messages.get(1200, message_id))
    assert "message_id" in str(error)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("token", ["", " ", "..", "stg 1"])
async def test_malformed_account_token(mode: str, token: str) -> None:
    error = await assert_refused(
        mode, lambda c: c.staging_tokens.update(1200, token, account_name="x", delivery_identifier=PHONE)
    )
    assert "account_token" in str(error)


@PER_VERSION
@pytest.mark.parametrize("mode", MODES)
async def test_ids_as_int_or_numeric_string(mode: str) -> None:
    api = Api(mode, ok(message_json()))
    await api.call(lambda c: c.messages.get(1200, "msg-1"))
    await api.call(lambda c: c.messages.get("1200", "msg-1"))
    await api.call(lambda c: c.messages.get(" 1200 ", "msg-1"))
    await api.call(lambda c: c.messages.get(1200, 987654321))  # a numeric message id is sent as digits
    paths = [request.url.path for request in api.requests]
    assert paths == [url_path("/1200/messages/msg-1")] * 3 + [url_path("/1200/messages/987654321")]


@PER_VERSION
@pytest.mark.parametrize("mode", MODES)
async def test_account_and_inbox_ids_as_int_or_string(mode: str) -> None:
    api = Api(mode, ok(account_json()))
    await api.call(lambda c: c.channel_accounts.get(1200, 555001))
    await api.call(lambda c: c.channel_accounts.get("1200", "555001"))
    await api.call(lambda c: c.channel_accounts.create("1200", name="Line", inbox_id=8080))
    await api.call(lambda c: c.channel_accounts.create(1200, name="Line", inbox_id="8080"))
    assert [r.url.path for r in api.requests[:2]] == [url_path("/1200/channel-accounts/555001")] * 2
    assert [body_of(r)["inboxId"] for r in api.requests[2:]] == ["8080", "8080"]


@PER_VERSION
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("message_id", "raw_segment"),
    [
        ("../x", b"..%2Fx"),
        ("../../1200", b"..%2F..%2F1200"),
        ("a/b?c=1#d", b"a%2Fb%3Fc%3D1%23d"),
        ("%2e%2e", b"%252e%252e"),
    ],
)
async def test_message_id_is_one_percent_encoded_segment(
    mode: str, message_id: str, raw_segment: bytes
) -> None:
    api = Api(mode, ok(message_json()))
    await api.call(lambda c: c.messages.mark_read(1200, message_id))
    request = api.requests[0]
    assert request.method == "PATCH"
    assert request.url.raw_path.split(b"?")[0] == url_path("/1200/messages/").encode() + raw_segment
    assert request.url.query == b""  # nothing of the id leaked into the query
    assert request.headers["authorization"] == f"Bearer {TOKEN}"


# --- other arguments ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("limit", [0, 1001, -1, True, "10", 2.5])
async def test_bad_limit_is_refused_when_listing(mode: str, limit: Any) -> None:
    api = Api(mode)
    with pytest.raises(RequestValidationError, match="limit"):
        api.client.channels.list(limit=limit)
    with pytest.raises(RequestValidationError, match="limit"):
        api.client.channel_accounts.list(1200, limit=limit)
    assert api.requests == []


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "run",
    [
        lambda c: c.channels.update(1200),
        lambda c: c.channel_accounts.update(1200, 555001),
        lambda c: c.staging_tokens.update(1200, "stg-1"),
        lambda c: c.channels.create(name="", capabilities={}),
        lambda c: c.channels.create(name="Acme", capabilities=["richText"]),
        lambda c: c.channel_accounts.create(1200, name="", inbox_id=8080),
        lambda c: c.channel_accounts.create(1200, name="Line", inbox_id="inbox"),
        lambda c: c.channel_accounts.list(1200, delivery_identifier_types=["FAX_NUMBER"]),
        lambda c: c.staging_tokens.update(1200, "stg-1", delivery_identifier=DeliveryIdentifier("FAX", "1")),
        lambda c: c.staging_tokens.update(
            1200, "stg-1", delivery_identifier=DeliveryIdentifier("HS_EMAIL_ADDRESS", "")
        ),
    ],
    ids=[
        "update-channel-nothing",
        "update-account-nothing",
        "staging-token-nothing",
        "create-channel-empty-name",
        "create-channel-capabilities-not-mapping",
        "create-account-empty-name",
        "create-account-bad-inbox",
        "list-accounts-bad-identifier-type",
        "staging-token-bad-identifier-type",
        "staging-token-empty-identifier-value",
    ],
)
async def test_bad_arguments(mode: str, run: Callable[[Any], Any]) -> None:
    await assert_refused(mode, run)


def publish(c: Any, **overrides: Any) -> Any:
    kwargs: dict[str, Any] = {
        "channel_account_id": 555001,
        "text": "hi",
        "senders": [Participant(PHONE)],
        "recipients": [Participant(PHONE)],
    }
    kwargs.update(overrides)
    return c.messages.publish(1200, **kwargs)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("overrides", "mentions"),
    [
        ({"direction": "SIDEWAYS"}, "INCOMING, OUTGOING"),
        ({"timestamp": dt.datetime(2026, 4, 1, 12, 0)}, "timezone"),
        ({"idempotency_id": "abc", "idempotent": False}, "idempotent"),
        ({"senders": [Participant(name="no identifier")]}, "delivery_identifier"),
        ({"recipients": [{"deliveryIdentifier": {"type": "HS_PHONE_NUMBER", "value": "1"}}]}, "Participant"),
        ({"channel_account_id": "acct"}, "channel_account_id"),
        ({"text": None}, "text"),
    ],
    ids=[
        "direction",
        "naive-timestamp",
        "idempotency-id-without-idempotent",
        "participant",
        "dict",
        "account",
        "text",
    ],
)
async def test_bad_publish_arguments(mode: str, overrides: dict[str, Any], mentions: str) -> None:
    error = await assert_refused(mode, lambda c: publish(c, **overrides))
    assert mentions in str(error)


# --- credentials and settings -------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("missing", "names"),
    [
        ({"developer_api_key": None}, ["developer_api_key", "HUBSPOT_DEVELOPER_API_KEY"]),
        ({"app_id": None}, ["app_id", "HUBSPOT_APP_ID"]),
        (
            {"developer_api_key": None, "app_id": None},
            ["developer_api_key", "HUBSPOT_DEVELOPER_API_KEY", "HUBSPOT_APP_ID"],
        ),
    ],
)
async def test_channel_operation_without_developer_credentials(
    mode: str, missing: dict[str, Any], names: list[str]
) -> None:
    for run in (lambda c: c.channels.get(1200), lambda c: c.channels.create(name="Acme", capabilities={})):
        error = await assert_refused(mode, run, ConfigurationError, access_token=TOKEN, **missing)
        for name in names:
            assert name in str(error)
    api = Api(mode, **missing)
    with pytest.raises(ConfigurationError, match="HUBSPOT_"):
        await api.items(api.client.channels.list())
    assert api.requests == []


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "run",
    [
        lambda c: c.messages.get(1200, "msg-1"),
        lambda c: c.messages.mark_sent(1200, "msg-1"),
        lambda c: c.channel_accounts.get(1200, 555001),
        lambda c: c.staging_tokens.update(1200, "stg-1", account_name="x", delivery_identifier=PHONE),
    ],
)
async def test_bearer_operation_without_token(mode: str, run: Callable[[Any], Any]) -> None:
    error = await assert_refused(mode, run, ConfigurationError, access_token=None)
    assert "access_token" in str(error) and "HUBSPOT_ACCESS_TOKEN" in str(error)


@PER_VERSION
@pytest.mark.parametrize("mode", MODES)
async def test_credentials_from_environment(mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUBSPOT_ACCESS_TOKEN", "env-token-1")
    monkeypatch.setenv("HUBSPOT_DEVELOPER_API_KEY", "env-key-2")
    monkeypatch.setenv("HUBSPOT_APP_ID", "31337")
    api = Api(mode, ok(channel_json()), access_token=None, developer_api_key=None, app_id=None)

    await api.call(lambda c: c.channels.get(1200))
    api.recorder.replies = [ok(message_json())]
    await api.call(lambda c: c.messages.get(1200, "msg-1"))

    channel_request, message_request = api.requests
    assert query_of(channel_request) == {"hapikey": ["env-key-2"], "appId": ["31337"]}
    assert "authorization" not in channel_request.headers
    assert message_request.headers["authorization"] == "Bearer env-token-1"
    assert query_of(message_request) == {}


@PER_VERSION
@pytest.mark.parametrize("mode", MODES)
async def test_arguments_win_over_environment(mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUBSPOT_DEVELOPER_API_KEY", "env-key-2")
    monkeypatch.setenv("HUBSPOT_APP_ID", "31337")
    api = Api(mode, ok(channel_json()), app_id=777)
    await api.call(lambda c: c.channels.get(1200))
    assert query_of(api.requests[0]) == {"hapikey": [DEV_KEY], "appId": ["777"]}


@pytest.mark.parametrize("client_class", [CustomChannelsClient, AsyncCustomChannelsClient])
@pytest.mark.parametrize(
    ("kwargs", "mentions"),
    [
        ({"api_version": "2025-09"}, "2026-03"),
        ({"max_retries": -1}, "max_retries"),
        ({"max_retries": True}, "max_retries"),
        ({"base_url": "ftp://api.hubapi.com"}, "base_url"),
    ],
)
def test_bad_settings(client_class: Any, kwargs: dict[str, Any], mentions: str) -> None:
    with pytest.raises(ConfigurationError, match=mentions):
        client_class(access_token=TOKEN, **kwargs)


def test_with_options_checks_max_retries() -> None:
    client = CustomChannelsClient(access_token=TOKEN, http_client=httpx.Client())
    with pytest.raises(ConfigurationError, match="max_retries"):
        client.with_options(max_retries=-2)
