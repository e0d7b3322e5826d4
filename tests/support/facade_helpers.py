"""Shared helpers of the facade tests (tests/facade/): a recording mock transport, clients wired to it in
sync or async mode, realistic HubSpot bodies, and a sleep recorder for retry tests.

Every API version: a test that uses the ``api_version`` fixture (tests/facade/conftest.py) runs once per
version in ``hubspot_channels.API_VERSIONS``; ``Api(...)`` then builds its client for that version and
``url_path(...)`` gives the exact path that version sends."""

from __future__ import annotations

import asyncio
import copy
import inspect
import json
import os
import time
from collections.abc import Callable, Iterable
from typing import Any

import httpx
import pytest

from hubspot_channels import (
    API_VERSIONS,
    DEFAULT_API_VERSION,
    AsyncCustomChannelsClient,
    CustomChannelsClient,
    _registry,
)

# Secrets are distinctive so a leak is easy to spot in any text.
TOKEN = "pat-na1-TOKEN-5ecr3t-7f3a"
DEV_KEY = "devkey-KEY-5ecr3t-91b2"
APP_ID = "424242"
BASE_URL = "https://api.hubapi.com"
PREFIX = "/conversations/custom-channels/2026-03"  # the default version's; version-parametrized tests use url_path()
MODES = ["sync", "async"]
ENV_VARS = ("HUBSPOT_ACCESS_TOKEN", "HUBSPOT_DEVELOPER_API_KEY", "HUBSPOT_APP_ID", "HUBSPOT_BASE_URL")

Reply = httpx.Response | BaseException | Callable[[httpx.Request], httpx.Response]


# --- API versions -------------------------------------------------------------------------------------------

# Where each version's operations live: (list and create channels, prefix of everything under /{channelId}),
# read from the registry (its endpoints are each vendored document's); tests/test_versions_paths.py checks
# it against every vendored spec, operation by operation.
VERSION_PATHS: dict[str, tuple[str, str]] = {
    version: (
        facts.endpoints["list_channels"].path,
        facts.endpoints["get_channel"].path.removesuffix("/{channelId}"),
    )
    for version, facts in _registry.VERSIONS.items()
}

_current = {"version": DEFAULT_API_VERSION}
# make bump runs the facade's suite for the new version only: HUBSPOT_CHANNELS_TEST_VERSIONS=2027-03.
TEST_VERSIONS: tuple[str, ...] = tuple(
    version
    for version in os.environ.get("HUBSPOT_CHANNELS_TEST_VERSIONS", ",".join(API_VERSIONS)).split(",")
    if version
)


def use_version(version: str) -> None:
    """Make ``version`` the running test's (tests/facade/conftest.py's ``api_version`` fixture does)."""
    _current["version"] = version


def current_version() -> str:
    """The version of the running test (the default one outside a version-parametrized module)."""
    return _current["version"]


def url_path(rest: str = "", version: str | None = None) -> str:
    """The exact URL path a version sends: ``url_path()`` lists and creates channels; ``url_path("/1200")``,
    ``url_path("/1200/messages/msg-1")``... are one channel's paths. Default: the running test's version."""
    collection, per_channel = VERSION_PATHS[version or current_version()]
    return per_channel + rest if rest else collection


# --- transport ----------------------------------------------------------------------------------------------


class Recorder:
    """A MockTransport handler answering with the queued replies in order (the last one repeats) and keeping
    every request it saw."""

    def __init__(self, replies: Iterable[Reply] = ()) -> None:
        self.replies: list[Reply] = list(replies)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if not self.replies:
            raise AssertionError(f"unexpected request {request.method} {request.url.path}")
        reply = self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]
        if isinstance(reply, BaseException):
            raise reply
        if callable(reply) and not isinstance(reply, httpx.Response):
            return reply(request)
        return reply

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)

    @property
    def last(self) -> httpx.Request:
        assert self.requests, "no request was sent"
        return self.requests[-1]


def body_of(request: httpx.Request) -> Any:
    return json.loads(request.content) if request.content else None


def query_of(request: httpx.Request) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for key, value in request.url.params.multi_items():
        result.setdefault(key, []).append(value)
    return result


def ok(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers)


def error(status: int, body: Any = None, headers: dict[str, str] | None = None) -> httpx.Response:
    if body is None:
        return httpx.Response(status, headers=headers)
    if isinstance(body, (str, bytes)):
        return httpx.Response(status, content=body, headers=headers)
    return httpx.Response(status, json=body, headers=headers)


def connect_error(
    message: str = "[Errno 111] Connection refused",
) -> Callable[[httpx.Request], httpx.Response]:
    def raise_(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(message, request=request)

    return raise_


# --- clients ------------------------------------------------------------------------------------------------


class Api:
    """A client (sync or async) talking to a Recorder; ``await api.call(lambda c: c.messages.get(...))`` works
    for both, so one test body covers both clients. The client uses the running test's API version unless
    ``api_version=...`` is given."""

    def __init__(self, mode: str, *replies: Reply, **client_kwargs: Any) -> None:
        self.mode = mode
        self.recorder = Recorder(replies)
        kwargs: dict[str, Any] = {
            "access_token": TOKEN,
            "developer_api_key": DEV_KEY,
            "app_id": APP_ID,
            "api_version": current_version(),
        }
        kwargs.update(client_kwargs)
        self.client: CustomChannelsClient | AsyncCustomChannelsClient
        if mode == "sync":
            self.http: httpx.Client | httpx.AsyncClient = httpx.Client(transport=self.recorder.transport())
            self.client = CustomChannelsClient(http_client=self.http, **kwargs)
        elif mode == "async":
            self.http = httpx.AsyncClient(transport=self.recorder.transport())
            self.client = AsyncCustomChannelsClient(http_client=self.http, **kwargs)
        else:
            raise ValueError(mode)

    @property
    def requests(self) -> list[httpx.Request]:
        return self.recorder.requests

    async def call(self, fn: Callable[[Any], Any]) -> Any:
        result = fn(self.client)
        if inspect.isawaitable(result):
            result = await result
        return result

    async def items(self, pager: Any) -> list[Any]:
        if self.mode == "sync":
            return list(pager)
        return [item async for item in pager]

    async def pages(self, pager: Any) -> list[Any]:
        if self.mode == "sync":
            return list(pager.pages())
        return [page async for page in pager.pages()]


def record_sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Replace time.sleep and asyncio.sleep (as the engine calls them) by recorders of the requested delays."""
    delays: list[float] = []

    def fake_sleep(seconds: float) -> None:
        delays.append(seconds)

    async def fake_async_sleep(seconds: float, result: Any = None) -> Any:
        delays.append(seconds)
        return result

    monkeypatch.setattr(time, "sleep", fake_sleep)
    monkeypatch.setattr(asyncio, "sleep", fake_async_sleep)
    return delays


# --- realistic HubSpot bodies (2026-03) -----------------------------------------------------------------------


def _merge(base: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    body = copy.deepcopy(base)
    for key, value in overrides.items():
        if value is _DROP:
            body.pop(key, None)
        else:
            body[key] = value
    return body


class _Drop:
    def __repr__(self) -> str:
        return "DROP"


_DROP: Any = _Drop()
DROP: Any = _DROP  # pass as an override value to remove a field


CHANNEL = {
    "id": "1200",
    "name": "Acme SMS",
    "capabilities": {
        "deliveryIdentifierTypes": ["HS_PHONE_NUMBER", "CHANNEL_SPECIFIC_OPAQUE_ID"],
        "richText": ["HYPERLINK", "TEXT_ALIGNMENT"],
        "threadingModel": "INTEGRATION_THREAD_ID",
        "allowInlineImages": True,
        "allowOutgoingMessages": False,
        "maxFileAttachmentCount": 5,
        "maxTotalFileAttachmentSizeBytes": 2.5e7,
    },
    "createdAt": "2026-03-30T09:00:00Z",
    "webhookUrl": "https://acme.example.com/hubspot/webhook",
    "channelDescription": "SMS through Acme",
    "channelLogoUrl": "https://acme.example.com/logo.png",
    "channelAccountConnectionRedirectUrl": "https://acme.example.com/connect",
}

ACCOUNT = {
    "id": "555001",
    "channelId": "1200",
    "inboxId": "8080",
    "name": "Support line",
    "authorized": True,
    "active": True,
    "archived": False,
    "createdAt": "2026-03-31T12:00:00Z",
    "deliveryIdentifier": {"type": "HS_PHONE_NUMBER", "value": "+15550001"},
}

STAGING_TOKEN = {
    "accountToken": "stg-7d1e",
    "createdAt": "2026-04-01T08:00:00Z",
    "genericChannelId": 1200,
    "inboxId": 8080,
    "userId": 77,
    "accountName": "Support line",
    "deliveryIdentifier": {"type": "HS_PHONE_NUMBER", "value": "+15550001"},
}

# Shaped like /work/shared/seed (HubSpot's example response of operation 13), with realistic values.
MESSAGE = {
    "archived": False,
    "attachments": [
        {
            "fileId": "90210",
            "fileUsageType": "IMAGE",
            "type": "FILE",
            "name": "parcel.jpg",
            "url": "https://files.example.com/parcel.jpg",
        }
    ],
    "channelAccountId": "555001",
    "channelId": "1200",
    "client": {"clientType": "INTEGRATION", "integrationAppId": 424242},
    "conversationsThreadId": "7788990011",
    "createdAt": "2026-04-01T10:15:30Z",
    "createdBy": "I-424242",
    "direction": "OUTGOING",
    "id": "msg-3f2a9c",
    "recipients": [
        {
            "deliveryIdentifier": {"type": "HS_PHONE_NUMBER", "value": "+15550002"},
            "actorId": "V-991",
            "name": "Dana Visitor",
            "recipientField": "to",
        }
    ],
    "senders": [
        {
            "actorId": "A-17",
            "deliveryIdentifier": {"type": "HS_PHONE_NUMBER", "value": "+15550001"},
            "name": "Support line",
            "senderField": "from",
        }
    ],
    "text": "Your parcel has shipped",
    "truncationStatus": "NOT_TRUNCATED",
    "type": "MESSAGE",
    "inReplyToId": "msg-0001",
    "richText": "<p>Your parcel has shipped</p>",
    "status": {
        "statusType": "FAILED",
        "failureDetails": {
            "errorMessageTokens": {"carrier": "Acme", "code": "30007"},
            "errorMessage": "Carrier rejected the message",
        },
    },
    "subject": "Parcel",
    "updatedAt": "2026-04-01T10:16:00Z",
}


def channel_json(**overrides: Any) -> dict[str, Any]:
    return _merge(CHANNEL, overrides)


def account_json(**overrides: Any) -> dict[str, Any]:
    return _merge(ACCOUNT, overrides)


def staging_token_json(**overrides: Any) -> dict[str, Any]:
    return _merge(STAGING_TOKEN, overrides)


def message_json(**overrides: Any) -> dict[str, Any]:
    return _merge(MESSAGE, overrides)


def page_json(
    results: list[dict[str, Any]], after: str | None = None, total: int | None = None
) -> dict[str, Any]:
    body: dict[str, Any] = {"results": results, "total": len(results) if total is None else total}
    if after is not None:
        body["paging"] = {"next": {"after": after, "link": f"https://api.hubapi.com/next?after={after}"}}
    return body
