"""Defects an independent adversarial review found after the first hardening round, one test each: secrets
spelled with JSON escapes, event hooks, trickled headers under a deadline, undecodable and oversized bodies,
endless empty pages, wrong types in optional fields, and inputs that escaped untyped."""

from __future__ import annotations

import gzip
import json
import traceback
import types
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from hubspot_channels import (
    APIResponseValidationError,
    AuthenticationError,
    ConfigurationError,
    CustomChannelsClient,
    DeadlineExceededError,
    InternalServerError,
    NotFoundError,
    PagingError,
    RequestValidationError,
    StatusUpdate,
)
from hubspot_channels import _transfer as transfer
from hubspot_channels._retry import RetryPolicy
from tests.support.facade_helpers import (
    DEV_KEY,
    MODES,
    TOKEN,
    Api,
    channel_json,
    message_json,
    page_json,
    record_sleeps,
)
from tests.support.trickle import trickling_server as trickle

STAGING = "stg-ESCAPED-token-77"


def escaped(text: str) -> str:
    return "".join(f"\\u{ord(char):04x}" for char in text)


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("spelling", ["unicode", "slash"])
async def test_secrets_spelled_with_json_escapes_are_scrubbed(mode: str, spelling: str) -> None:
    def echo(request: httpx.Request) -> httpx.Response:
        line = f"{request.method} {request.url.raw_path.decode()} Bearer {TOKEN} key {DEV_KEY}"
        quoted = escaped(line) if spelling == "unicode" else line.replace("/", "\\/")
        return httpx.Response(
            401, content=f'{{"message": "{quoted}"}}'.encode(), headers={"Content-Type": "application/json"}
        )

    api = Api(mode, echo, api_version="2026-03")
    with pytest.raises(AuthenticationError) as caught:
        await api.call(lambda c: c.staging_tokens.update(1200, STAGING, account_name="x"))
    error = caught.value
    shown = [str(error), repr(error), str(error.message), json.dumps(error.body), error.response.text]
    shown += traceback.format_exception(error)
    for secret in (TOKEN, DEV_KEY, STAGING):
        assert not any(secret in text for text in shown), secret


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_an_escaped_staging_path_in_a_success_body_is_scrubbed(mode: str) -> None:
    body = f'{{"id": 5, "note": "\\/channel-account-staging-tokens\\/{STAGING}"}}'.encode()
    api = Api(mode, lambda _: httpx.Response(200, content=body, headers={"Content-Type": "application/json"}))
    with pytest.raises(APIResponseValidationError) as caught:
        await api.call(lambda c: c.messages.get(1200, "m1"))
    assert STAGING not in caught.value.body and STAGING not in caught.value.response.text


def test_an_event_hook_that_raises_for_status_gives_the_typed_error_and_is_retried(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    delays = record_sleeps(monkeypatch)
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(503, text="busy")

    http = httpx.Client(
        transport=httpx.MockTransport(answer), event_hooks={"response": [lambda r: r.raise_for_status()]}
    )
    client = CustomChannelsClient(developer_api_key=DEV_KEY, app_id=7, http_client=http)
    with pytest.raises(InternalServerError) as caught:
        client.channels.get(1200)
    assert len(seen) == 3 and len(delays) == 2
    assert DEV_KEY not in "".join(traceback.format_exception(caught.value))


@pytest.fixture
def trickled_headers() -> Iterator[str]:
    """The status line and headers one byte every 50 ms (the whole head would take about 4 s)."""
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Padding: " + b"p" * 40 + b"\r\n\r\n"
    with trickle(b"", head) as base_url:
        yield base_url


def test_the_sync_deadline_also_bounds_trickled_headers(trickled_headers: str) -> None:
    client = CustomChannelsClient(access_token=TOKEN, base_url=trickled_headers, timeout=5, deadline=0.5)
    with client, pytest.raises(DeadlineExceededError):
        client.messages.get(1200, "m1")


def broken_gzip(status: int, headers: dict[str, str] | None = None) -> httpx.Response:
    stream = httpx.ByteStream(b"this is not gzip at all")
    return httpx.Response(status, headers={"Content-Encoding": "gzip", **(headers or {})}, stream=stream)


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_an_error_status_with_an_undecodable_body_keeps_its_meaning(
    mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    record_sleeps(monkeypatch)
    replies = iter([broken_gzip(429, {"Retry-After": "0"}), httpx.Response(404, json={"message": "nope"})])
    api = Api(mode, lambda _: next(replies), api_version="2026-03")
    with pytest.raises(NotFoundError):  # a 429 says "not processed": the archive did not happen
        await api.call(lambda c: c.channels.archive(999))
    assert len(api.requests) == 2


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_a_success_with_an_undecodable_body_is_a_response_validation_error(mode: str) -> None:
    api = Api(mode, lambda _: broken_gzip(200), api_version="2026-03")
    with pytest.raises(APIResponseValidationError) as caught:
        await api.call(lambda c: c.messages.get(1200, "m1"))
    assert "cannot be decoded" in str(caught.value) and len(api.requests) == 1


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_a_decompression_bomb_is_refused_at_the_cap(mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(transfer, "MAX_RESPONSE_BYTES", 1024 * 1024)
    bomb = gzip.compress(b"0" * (8 * 1024 * 1024))  # 8 MiB of zeros in about 8 KB
    api = Api(mode, lambda _: httpx.Response(200, content=bomb, headers={"Content-Encoding": "gzip"}))
    with pytest.raises(APIResponseValidationError) as caught:
        await api.call(lambda c: c.messages.get(1200, "m1"))
    assert "larger than 1 MiB" in str(caught.value)


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_endless_empty_pages_stop_with_a_paging_error(mode: str) -> None:
    counter = iter(range(10**6))
    api = Api(mode, lambda _: httpx.Response(200, json=page_json([], after=f"c{next(counter)}")))
    with pytest.raises(PagingError):
        await api.items(api.client.channels.list())
    assert len(api.requests) == 10


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_a_long_list_with_items_is_followed(mode: str) -> None:
    counter = iter(range(10**6))

    def page(_: httpx.Request) -> httpx.Response:
        n = next(counter)
        return httpx.Response(
            200, json=page_json([channel_json(id=str(n))], after=f"c{n}" if n < 30 else None)
        )

    api = Api(mode, page)
    assert len(await api.items(api.client.channels.list())) == 31


WRONG_OPTIONAL = [
    ("message", {"richText": {"a": 1}}, "Message.rich_text"),
    ("message", {"subject": [1, 2]}, "Message.subject"),
    ("message", {"status": {"statusType": "FAILED", "failureDetails": {"errorMessage": {"x": 1}, "errorMessageTokens": {}}}}, "Message.error_message"),
    ("message", {"attachments": [{"type": {"a": 1}}]}, "Attachment.type"),
    ("channel", {"webhookUrl": 123}, "Channel.webhook_url"),
    ("channel", {"channelDescription": {"a": 1}}, "Channel.description"),
]  # fmt: skip


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("kind", "overrides", "field"), WRONG_OPTIONAL, ids=[f for _, _, f in WRONG_OPTIONAL]
)
async def test_an_optional_field_of_the_wrong_type_names_it(
    mode: str, kind: str, overrides: dict[str, Any], field: str
) -> None:
    body = message_json(**overrides) if kind == "message" else channel_json(**overrides)
    api = Api(mode, lambda _: httpx.Response(200, json=body), api_version="2026-03")
    with pytest.raises(APIResponseValidationError) as caught:
        await api.call(lambda c: c.messages.get(1200, "m1") if kind == "message" else c.channels.get(1200))
    assert caught.value.field == field


def deep(levels: int) -> dict[str, Any]:
    value: dict[str, Any] = {}
    for _ in range(levels):
        value = {"x": value}
    return value


def cyclic() -> dict[str, Any]:
    value: dict[str, Any] = {}
    value["self"] = value
    return value


BAD_CALLS = {
    "deep capabilities": lambda c: c.channels.create(name="n", capabilities=deep(3000)),
    "cyclic capabilities": lambda c: c.channels.create(name="n", capabilities=cyclic()),
    "huge integer": lambda c: c.channels.create(name="n", capabilities={"x": 10**5000}),
    "timestamp as text": lambda c: c.messages.publish(
        1, channel_account_id=2, text="t", senders=[], recipients=[], timestamp="2024-01-01T00:00:00Z"
    ),
    "timestamp as a number": lambda c: c.messages.publish(
        1, channel_account_id=2, text="t", senders=[], recipients=[], timestamp=0
    ),
    "idempotent as text": lambda c: c.messages.publish(
        1, channel_account_id=2, text="t", senders=[], recipients=[], idempotent="no"
    ),
    "deep contact profile": lambda c: c.messages.publish(
        1, channel_account_id=2, text="t", senders=[], recipients=[],
        attachments=[{"type": "CONTACT", "contactProfile": deep(3000)}],
    ),
    "an id longer than a URL allows": lambda c: c.messages.get(1, "a" * 100_000),
    "None among delivery identifier values": lambda c: list(
        c.channel_accounts.list(1, delivery_identifier_values=[None])
    ),
    "a number among delivery identifier values": lambda c: list(
        c.channel_accounts.list(1, delivery_identifier_values=[5])
    ),
    "on_result that cannot be called": lambda c: c.messages.update_statuses(
        [StatusUpdate(1, "m1", "SENT")], on_result=5
    ),
}  # fmt: skip


@pytest.mark.parametrize("call", BAD_CALLS.values(), ids=BAD_CALLS.keys())
def test_bad_input_is_refused_before_sending(call: Any) -> None:
    api = Api("sync", lambda _: httpx.Response(500), api_version="2026-03")
    with pytest.raises(RequestValidationError):
        call(api.client)
    assert api.requests == []


def test_a_mapping_that_is_not_a_dict_is_sent_as_json() -> None:
    api = Api("sync", lambda _: httpx.Response(200, json=channel_json()), api_version="2026-03")
    capabilities = types.MappingProxyType({"threadingModel": types.MappingProxyType({"a": 1})})
    api.client.channels.create(name="n", capabilities=capabilities)  # type: ignore[union-attr]
    assert json.loads(api.requests[0].content)["capabilities"] == {"threadingModel": {"a": 1}}


@pytest.mark.parametrize(
    "options",
    [{"timeout": 10**400}, {"timeout": 1e300}, {"deadline": 10**400}, {"timeout": httpx.Timeout(10**400)},
     {"max_retries": 5000}],
    ids=["huge int timeout", "1e300 timeout", "huge deadline", "huge httpx.Timeout", "5000 retries"],
)  # fmt: skip
def test_absurd_numbers_are_configuration_errors(options: dict[str, Any]) -> None:
    with pytest.raises(ConfigurationError):
        CustomChannelsClient(access_token=TOKEN, **options)


def test_backoff_never_overflows() -> None:
    assert 0 < RetryPolicy().backoff(10_000) <= RetryPolicy().max_delay
