"""Each of the 13 operations, sync and async, in every API version, through httpx.MockTransport: the exact
request (method, the version's path, query, auth, JSON body) and the response mapped into the facade's models.
What differs between versions (senderActorId, staging-token fields) is in tests/test_versions_differences.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from hubspot_channels import (
    Channel,
    ChannelAccount,
    ClientType,
    DeliveryIdentifier,
    DeliveryIdentifierType,
    FileAttachment,
    Message,
    MessageClient,
    MessageDirection,
    MessageStatus,
    Page,
    Participant,
    StagingToken,
    TruncationStatus,
)
from tests.support.facade_helpers import (
    APP_ID,
    DEV_KEY,
    MODES,
    TOKEN,
    Api,
    account_json,
    body_of,
    channel_json,
    message_json,
    ok,
    page_json,
    query_of,
    staging_token_json,
    url_path,
)

pytestmark = [pytest.mark.anyio, pytest.mark.usefixtures("api_version")]

WHEN = dt.datetime(2026, 4, 1, 10, 15, 30, tzinfo=dt.UTC)
PHONE = DeliveryIdentifier(DeliveryIdentifierType.HS_PHONE_NUMBER, "+15550001")
VISITOR = DeliveryIdentifier(DeliveryIdentifierType.HS_PHONE_NUMBER, "+15550002")


def utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


# --- how each result must look ------------------------------------------------------------------------------


def check_channel(channel: Any) -> None:
    assert isinstance(channel, Channel)
    assert channel.id == "1200" and isinstance(channel.id, str)
    assert channel.name == "Acme SMS"
    assert channel.capabilities["threadingModel"] == "INTEGRATION_THREAD_ID"
    assert channel.capabilities["deliveryIdentifierTypes"] == [
        "HS_PHONE_NUMBER",
        "CHANNEL_SPECIFIC_OPAQUE_ID",
    ]
    assert channel.capabilities["allowInlineImages"] is True
    assert channel.capabilities["maxFileAttachmentCount"] == 5
    assert channel.created_at == utc("2026-03-30T09:00:00+00:00")
    assert channel.webhook_url == "https://acme.example.com/hubspot/webhook"
    assert channel.description == "SMS through Acme"
    assert channel.logo_url == "https://acme.example.com/logo.png"
    assert channel.account_connection_redirect_url == "https://acme.example.com/connect"
    assert channel.extra == {}


def check_account(account: Any) -> None:
    assert isinstance(account, ChannelAccount)
    assert (account.id, account.channel_id, account.inbox_id) == ("555001", "1200", "8080")
    assert account.name == "Support line"
    assert account.authorized is True and account.active is True and account.archived is False
    assert account.archived_at is None
    assert account.created_at == utc("2026-03-31T12:00:00+00:00")
    assert account.delivery_identifier == PHONE
    assert isinstance(account.delivery_identifier.type, DeliveryIdentifierType)


def check_staging_token(token: Any) -> None:
    assert isinstance(token, StagingToken)
    assert token.account_token == "stg-7d1e"
    assert (token.channel_id, token.inbox_id, token.user_id) == ("1200", "8080", "77")  # numbers become str
    assert token.account_name == "Support line"
    assert token.delivery_identifier == PHONE
    assert token.created_at == utc("2026-04-01T08:00:00+00:00")


def check_message(message: Any) -> None:
    assert isinstance(message, Message)
    assert message.id == "msg-3f2a9c"
    assert (message.channel_id, message.channel_account_id) == ("1200", "555001")
    assert message.conversations_thread_id == "7788990011"
    assert message.direction is MessageDirection.OUTGOING
    assert message.text == "Your parcel has shipped"
    assert message.rich_text == "<p>Your parcel has shipped</p>"
    assert message.subject == "Parcel"
    assert message.in_reply_to_id == "msg-0001"
    assert message.status is MessageStatus.FAILED
    assert message.error_message == "Carrier rejected the message"
    assert message.error_message_tokens == {"carrier": "Acme", "code": "30007"}
    assert message.client == MessageClient(type=ClientType.INTEGRATION, integration_app_id=424242)
    assert message.created_at == utc("2026-04-01T10:15:30+00:00")
    assert message.updated_at == utc("2026-04-01T10:16:00+00:00")
    assert message.created_by == "I-424242"
    assert message.truncation_status is TruncationStatus.NOT_TRUNCATED
    assert message.archived is False
    (sender,) = message.senders
    assert isinstance(sender, Participant)
    assert (sender.delivery_identifier, sender.name, sender.actor_id, sender.field) == (
        PHONE, "Support line", "A-17", "from"
    )  # fmt: skip
    (recipient,) = message.recipients
    assert (recipient.delivery_identifier, recipient.name, recipient.actor_id, recipient.field) == (
        VISITOR, "Dana Visitor", "V-991", "to"
    )  # fmt: skip
    (attachment,) = message.attachments
    assert attachment == FileAttachment(
        file_id="90210",
        file_usage_type="IMAGE",
        name="parcel.jpg",
        url="https://files.example.com/parcel.jpg",
    )


def check_none(result: Any) -> None:
    assert result is None


# --- the 13 operations ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Op:
    id: str
    run: Callable[[Any], Any]
    method: str
    path: str  # after the version's prefix: url_path(path) is what is sent
    query: dict[str, list[str]]
    body: Any
    reply: Any
    check: Callable[[Any], None]
    status: int = 200

    @property
    def bearer(self) -> bool:
        return "/channel-account" in self.path or "/messages" in self.path


def first_page(pager: Any) -> Any:
    return pager.first_page()


def check_page_of(check_item: Callable[[Any], None]) -> Callable[[Any], None]:
    def check(page: Any) -> None:
        assert isinstance(page, Page)
        assert page.total == 7
        assert page.next_after == "cursor-2"
        assert isinstance(page.items, tuple) and len(page.items) == 1
        check_item(page.items[0])

    return check


OPS = [
    Op(
        "1 list channels",
        lambda c: first_page(c.channels.list(limit=25)),
        "GET", "", {"limit": ["25"]}, None,
        page_json([channel_json()], after="cursor-2", total=7), check_page_of(check_channel),
    ),
    Op(
        "2 create channel",
        lambda c: c.channels.create(
            name="Acme SMS",
            capabilities={"deliveryIdentifierTypes": ["HS_PHONE_NUMBER"], "allowInlineImages": True},
            webhook_url="https://acme.example.com/hubspot/webhook",
            description="SMS through Acme",
            logo_url="https://acme.example.com/logo.png",
            account_connection_redirect_url="https://acme.example.com/connect",
        ),
        "POST", "", {},
        {
            "name": "Acme SMS",
            "capabilities": {"deliveryIdentifierTypes": ["HS_PHONE_NUMBER"], "allowInlineImages": True},
            "webhookUrl": "https://acme.example.com/hubspot/webhook",
            "channelDescription": "SMS through Acme",
            "channelLogoUrl": "https://acme.example.com/logo.png",
            "channelAccountConnectionRedirectUrl": "https://acme.example.com/connect",
        },
        channel_json(), check_channel,
    ),
    Op(
        "3 get channel",
        lambda c: c.channels.get(1200),
        "GET", "/1200", {}, None, channel_json(), check_channel,
    ),
    Op(
        "4 update channel",
        lambda c: c.channels.update("1200", webhook_url="https://acme.example.com/v2/webhook"),
        "PATCH", "/1200", {}, {"webhookUrl": "https://acme.example.com/v2/webhook"},
        channel_json(), check_channel,
    ),
    Op(
        "5 archive channel",
        lambda c: c.channels.archive(1200),
        "DELETE", "/1200", {}, None, None, check_none, status=204,
    ),
    Op(
        "6 update staging token",
        lambda c: c.staging_tokens.update(1200, "stg-7d1e", account_name="Support line", delivery_identifier=PHONE),
        "PATCH", "/1200/channel-account-staging-tokens/stg-7d1e", {},
        {"accountName": "Support line", "deliveryIdentifier": {"type": "HS_PHONE_NUMBER", "value": "+15550001"}},
        staging_token_json(), check_staging_token,
    ),
    Op(
        "7 list channel accounts",
        lambda c: first_page(
            c.channel_accounts.list(
                "1200",
                limit=10,
                archived=False,
                delivery_identifier_types=["hs_phone_number"],
                delivery_identifier_values=["+15550001"],
            )
        ),
        "GET", "/1200/channel-accounts",
        {
            "limit": ["10"],
            "archived": ["false"],
            "deliveryIdentifierType": ["HS_PHONE_NUMBER"],
            "deliveryIdentifierValue": ["+15550001"],
        },
        None, page_json([account_json()], after="cursor-2", total=7), check_page_of(check_account),
    ),
    Op(
        "8 create channel account",
        lambda c: c.channel_accounts.create(1200, name="Support line", inbox_id=8080, delivery_identifier=PHONE),
        "POST", "/1200/channel-accounts", {},
        {
            "name": "Support line",
            "inboxId": "8080",
            "authorized": True,
            "deliveryIdentifier": {"type": "HS_PHONE_NUMBER", "value": "+15550001"},
        },
        account_json(), check_account,
    ),
    Op(
        "9 get channel account",
        lambda c: c.channel_accounts.get(1200, "555001"),
        # the document declares archived (default false); the generated code sends the default
        "GET", "/1200/channel-accounts/555001", {"archived": ["false"]}, None, account_json(), check_account,
    ),
    Op(
        "10 update channel account",
        lambda c: c.channel_accounts.update(1200, 555001, name="Support line", authorized=False),
        "PATCH", "/1200/channel-accounts/555001", {}, {"name": "Support line", "authorized": False},
        account_json(), check_account,
    ),
    Op(
        "11 publish message",
        lambda c: c.messages.publish(
            1200,
            channel_account_id="555001",
            text="Your parcel has shipped",
            senders=[Participant(delivery_identifier=PHONE, name="Support line")],  # actor_id: per version
            recipients=[Participant(delivery_identifier=VISITOR, name="Dana Visitor")],
            direction="outgoing",
            timestamp=WHEN,
            rich_text="<p>Your parcel has shipped</p>",
            in_reply_to_id="msg-0001",
            integration_thread_id="thread-9",
            attachments=[{"type": "FILE", "fileId": "90210"}],
            idempotency_id="publish-0001",
        ),
        "POST", "/1200/messages", {},
        {
            "channelAccountId": "555001",
            "text": "Your parcel has shipped",
            "messageDirection": "OUTGOING",
            "senders": [
                {
                    "deliveryIdentifier": {"type": "HS_PHONE_NUMBER", "value": "+15550001"},
                    "name": "Support line",
                }
            ],
            "recipients": [
                {"deliveryIdentifier": {"type": "HS_PHONE_NUMBER", "value": "+15550002"}, "name": "Dana Visitor"}
            ],
            "attachments": [{"type": "FILE", "fileId": "90210"}],
            "timestamp": "2026-04-01T10:15:30+00:00",
            "richText": "<p>Your parcel has shipped</p>",
            "inReplyToId": "msg-0001",
            "integrationThreadId": "thread-9",
            "integrationIdempotencyId": "publish-0001",
        },
        message_json(), check_message,
    ),
    Op(
        "12 get message",
        lambda c: c.messages.get("1200", "msg-3f2a9c"),
        "GET", "/1200/messages/msg-3f2a9c", {}, None, message_json(), check_message,
    ),
    Op(
        "13 update message status",
        lambda c: c.messages.update_status(1200, "msg-3f2a9c", "failed", error_message="Carrier rejected the message"),
        "PATCH", "/1200/messages/msg-3f2a9c", {},
        {"statusType": "FAILED", "errorMessage": "Carrier rejected the message"},
        message_json(), check_message,
    ),
]  # fmt: skip


def test_all_thirteen_operations_are_covered() -> None:
    assert len({op.method + " " + op.path.replace("1200", "{channelId}") for op in OPS}) == 13
    assert sum(op.bearer for op in OPS) == 8  # operations 6-13


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("op", OPS, ids=[op.id for op in OPS])
async def test_operation(mode: str, op: Op) -> None:
    api = Api(mode, ok(op.reply, status=op.status) if op.reply is not None else httpx.Response(op.status))

    result = await api.call(op.run)

    (request,) = api.requests
    assert request.method == op.method
    assert request.url.scheme == "https" and request.url.host == "api.hubapi.com"
    assert request.url.path == url_path(op.path)
    assert body_of(request) == op.body
    if op.body is not None:
        assert request.headers["content-type"] == "application/json"
    query = query_of(request)
    if op.bearer:
        assert request.headers["authorization"] == f"Bearer {TOKEN}"
        assert query == op.query
    else:
        assert "authorization" not in request.headers
        assert query == {"hapikey": [DEV_KEY], "appId": [APP_ID], **op.query}
    assert TOKEN not in str(request.url)
    assert request.headers["accept"] == "application/json"
    assert request.headers["user-agent"].startswith("hubspot-channels-python/")
    op.check(result)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("run", "body"),
    [
        (lambda c: c.messages.mark_sent(1200, "msg-3f2a9c"), {"statusType": "SENT"}),
        (lambda c: c.messages.mark_read(1200, "msg-3f2a9c"), {"statusType": "READ"}),
        (lambda c: c.messages.mark_failed(1200, "msg-3f2a9c"), {"statusType": "FAILED"}),
        (
            lambda c: c.messages.mark_failed(1200, "msg-3f2a9c", error_message="Blocked"),
            {"statusType": "FAILED", "errorMessage": "Blocked"},
        ),
        (lambda c: c.messages.update_status(1200, "msg-3f2a9c", MessageStatus.READ), {"statusType": "READ"}),
    ],
    ids=["mark_sent", "mark_read", "mark_failed", "mark_failed-with-message", "update_status-member"],
)
async def test_status_shortcuts(mode: str, run: Callable[[Any], Any], body: dict[str, Any]) -> None:
    api = Api(mode, ok(message_json(status={"statusType": body["statusType"]})))

    message = await api.call(run)

    (request,) = api.requests
    assert (request.method, request.url.path) == ("PATCH", url_path("/1200/messages/msg-3f2a9c"))
    assert body_of(request) == body
    assert message.status == MessageStatus(body["statusType"])
    assert message.error_message is None


@pytest.mark.parametrize("mode", MODES)
async def test_publish_defaults(mode: str) -> None:
    """Without timestamp or idempotency id: an aware 'now' and a generated id; INCOMING by default."""
    api = Api(mode, ok(message_json()))
    before = dt.datetime.now(dt.UTC)

    await api.call(
        lambda c: c.messages.publish(
            1200,
            channel_account_id=555001,
            text="hi",
            senders=[Participant(PHONE)],
            recipients=[Participant(VISITOR)],
        )
    )

    body = body_of(api.requests[0])
    assert body["messageDirection"] == "INCOMING"
    assert body["channelAccountId"] == "555001"
    sent_at = dt.datetime.fromisoformat(body["timestamp"])
    assert sent_at.tzinfo is not None and before <= sent_at <= dt.datetime.now(dt.UTC)
    assert isinstance(body["integrationIdempotencyId"], str) and len(body["integrationIdempotencyId"]) >= 16
    assert "attachments" in body and body["attachments"] == []


@pytest.mark.parametrize("mode", MODES)
async def test_base_url_from_argument_and_environment(mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    api = Api(mode, ok(channel_json()), base_url="http://localhost:8099/")
    await api.call(lambda c: c.channels.get(1200))
    assert str(api.requests[0].url).startswith(f"http://localhost:8099{url_path('/1200')}?")

    monkeypatch.setenv("HUBSPOT_BASE_URL", "http://127.0.0.1:9000")
    api = Api(mode, ok(channel_json()))
    await api.call(lambda c: c.channels.get(1200))
    assert (api.requests[0].url.host, api.requests[0].url.port) == ("127.0.0.1", 9000)
