"""Reading responses: the tolerant reader (unknown enum values stay str, unknown fields land in ``extra``, unknown
attachments are kept raw), every attachment kind, optional fields, and bodies that cannot be read."""

from __future__ import annotations

import dataclasses
from typing import Any

import httpx
import pytest

from hubspot_channels import (
    APIResponseValidationError,
    ClientType,
    ContactAttachment,
    DeliveryIdentifier,
    DeliveryIdentifierType,
    FileAttachment,
    LocationAttachment,
    MessageDirection,
    MessageHeaderAttachment,
    MessageStatus,
    QuickRepliesAttachment,
    QuickReply,
    SocialMetadataAttachment,
    UnknownAttachment,
    UnsupportedContentAttachment,
    WhatsAppTemplateAttachment,
)
from tests.support.facade_helpers import (
    DROP,
    MESSAGE,
    MODES,
    Api,
    account_json,
    channel_json,
    message_json,
    ok,
    staging_token_json,
)

pytestmark = [pytest.mark.anyio, pytest.mark.usefixtures("api_version")]

# Staging tokens are updated with account_name and this: both fields, which every version accepts.
PHONE = DeliveryIdentifier(DeliveryIdentifierType.HS_PHONE_NUMBER, "+15550001")


async def get_message(mode: str, body: Any) -> Any:
    api = Api(mode, ok(body))
    return await api.call(lambda c: c.messages.get(1200, "msg-3f2a9c"))


# --- unknown values -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
async def test_unknown_enum_values_are_kept_as_str(mode: str) -> None:
    new_identifier = {"type": "HS_WHATSAPP_NUMBER", "value": "+4930123"}
    body = message_json(
        status={"statusType": "DELIVERED"},
        direction="INTERNAL",
        client={"clientType": "AI_AGENT", "integrationAppId": 1},
        truncationStatus="TRUNCATED_TO_FIRST_LINE",
        senders=[{"deliveryIdentifier": new_identifier, "name": "Anna"}],
    )
    message = await get_message(mode, body)

    for value, raw, known in [
        (message.status, "DELIVERED", MessageStatus),
        (message.direction, "INTERNAL", MessageDirection),
        (message.client.type, "AI_AGENT", ClientType),
        (message.truncation_status, "TRUNCATED_TO_FIRST_LINE", None),
        (message.senders[0].delivery_identifier.type, "HS_WHATSAPP_NUMBER", DeliveryIdentifierType),
    ]:
        assert value == raw
        assert type(value) is str  # not coerced into a member, not dropped
        if known is not None:
            assert raw not in {m.value for m in known}
    assert message.senders[0].delivery_identifier == DeliveryIdentifier("HS_WHATSAPP_NUMBER", "+4930123")


@pytest.mark.parametrize("mode", MODES)
async def test_known_enum_values_become_members(mode: str) -> None:
    message = await get_message(mode, message_json(status={"statusType": "RECEIVED"}, direction="INCOMING"))
    assert message.status is MessageStatus.RECEIVED
    assert message.direction is MessageDirection.INCOMING
    assert message.client.type is ClientType.INTEGRATION


@pytest.mark.parametrize("mode", MODES)
async def test_unknown_delivery_identifier_type_on_an_account(mode: str) -> None:
    api = Api(mode, ok(account_json(deliveryIdentifier={"type": "HS_INSTAGRAM_HANDLE", "value": "@acme"})))
    account = await api.call(lambda c: c.channel_accounts.get(1200, 555001))
    assert account.delivery_identifier == DeliveryIdentifier("HS_INSTAGRAM_HANDLE", "@acme")
    assert type(account.delivery_identifier.type) is str


@pytest.mark.parametrize("mode", MODES)
async def test_unknown_fields_land_in_extra(mode: str) -> None:
    body = message_json(
        sentiment="POSITIVE",
        senders=[{**MESSAGE["senders"][0], "avatarUrl": "https://x.example/a.png"}],
        attachments=[{**MESSAGE["attachments"][0], "sizeBytes": 1024}],
    )
    message = await get_message(mode, body)
    assert message.extra == {"sentiment": "POSITIVE"}
    assert message.senders[0].extra == {"avatarUrl": "https://x.example/a.png"}
    assert message.attachments[0].extra == {"sizeBytes": 1024}

    api = Api(
        mode, ok(channel_json(region="eu1")), ok(account_json(tier="PRO")), ok(staging_token_json(ttl=600))
    )
    channel = await api.call(lambda c: c.channels.get(1200))
    account = await api.call(lambda c: c.channel_accounts.get(1200, 555001))
    token = await api.call(
        lambda c: c.staging_tokens.update(1200, "stg-7d1e", account_name="x", delivery_identifier=PHONE)
    )
    assert (channel.extra, account.extra, token.extra) == ({"region": "eu1"}, {"tier": "PRO"}, {"ttl": 600})


@pytest.mark.parametrize("mode", MODES)
async def test_unknown_attachment_is_kept_raw(mode: str) -> None:
    raw = {
        "type": "POLL",
        "question": "Pick up or delivery?",
        "options": ["pick up", "delivery"],
        "nested": {"a": 1},
    }
    message = await get_message(mode, message_json(attachments=[raw, MESSAGE["attachments"][0]]))
    unknown, known = message.attachments
    assert unknown == UnknownAttachment(type="POLL", raw=raw)
    assert isinstance(known, FileAttachment)


# --- attachments --------------------------------------------------------------------------------------------

ATTACHMENTS: list[tuple[dict[str, Any], Any]] = [
    (
        {"type": "FILE", "fileId": "90210", "fileUsageType": "VOICE_RECORDING", "name": "memo.ogg", "url": "https://f.example/m"},
        FileAttachment(file_id="90210", file_usage_type="VOICE_RECORDING", name="memo.ogg", url="https://f.example/m"),
    ),
    (
        {"type": "LOCATION", "latitude": 52.52, "longitude": 13.405, "name": "Office", "address": "Unter den Linden 1", "url": "https://maps.example/o"},
        LocationAttachment(latitude=52.52, longitude=13.405, name="Office", address="Unter den Linden 1", url="https://maps.example/o"),
    ),
    (
        {
            "type": "CONTACT",
            "contactProfile": {
                "addresses": [{"city": "Berlin", "countryCode": "DE"}],
                "emails": [{"email": "dana@example.com", "type": "WORK"}],
                "phones": [{"phone": "+15550002"}],
                "urls": [],
                "name": {"firstName": "Dana", "lastName": "Visitor"},
            },
        },
        ContactAttachment(
            profile={
                "addresses": [{"city": "Berlin", "countryCode": "DE"}],
                "emails": [{"email": "dana@example.com", "type": "WORK"}],
                "phones": [{"phone": "+15550002"}],
                "urls": [],
                "name": {"firstName": "Dana", "lastName": "Visitor"},
            }
        ),
    ),
    ({"type": "UNSUPPORTED_CONTENT"}, UnsupportedContentAttachment()),
    ({"type": "MESSAGE_HEADER", "text": "Order #1234", "fileId": 5}, MessageHeaderAttachment(text="Order #1234", file_id=5)),
    (
        {
            "type": "QUICK_REPLIES",
            "allowMultiSelect": False,
            "allowUserInput": True,
            "quickReplies": [{"value": "yes", "valueType": "TEXT", "label": "Yes"}, {"value": "https://t.example", "valueType": "URL"}],
        },
        QuickRepliesAttachment(
            quick_replies=(QuickReply("yes", "TEXT", "Yes"), QuickReply("https://t.example", "URL")),
            allow_multi_select=False,
            allow_user_input=True,
        ),
    ),
    (
        {
            "type": "WHATSAPP_TEMPLATE_METADATA",
            "parameters": {"1": "Dana", "2": "#1234"},
            "crmObjectIds": {"contact": 101},
            "contentId": 9,
            "mappedTemplateId": 10,
            "rootMicId": 11,
        },
        WhatsAppTemplateAttachment(
            parameters={"1": "Dana", "2": "#1234"}, crm_object_ids={"contact": 101}, content_id=9, mapped_template_id=10, root_mic_id=11
        ),
    ),
    (
        {
            "type": "SOCIAL_MEDIA_METADATA",
            "socialMetadata": {
                "mediaType": "IMAGE",
                "id": "post-1",
                "mediaTitle": "Launch",
                "mediaUrl": "https://s.example/i.jpg",
                "thumbnailUrl": "https://s.example/t.jpg",
                "description": "Our launch",
            },
        },
        SocialMetadataAttachment(
            media_type="IMAGE",
            id="post-1",
            media_title="Launch",
            media_url="https://s.example/i.jpg",
            thumbnail_url="https://s.example/t.jpg",
            description="Our launch",
        ),
    ),
]  # fmt: skip


def test_all_eight_kinds_are_covered() -> None:
    assert len({raw["type"] for raw, _ in ATTACHMENTS}) == 8


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("raw", "expected"), ATTACHMENTS, ids=[raw["type"] for raw, _ in ATTACHMENTS])
async def test_attachment_kinds(mode: str, raw: dict[str, Any], expected: Any) -> None:
    (attachment,) = (await get_message(mode, message_json(attachments=[raw]))).attachments
    assert type(attachment) is type(expected)
    assert attachment == expected
    assert attachment.type == raw["type"]


# --- status and optional fields -----------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
async def test_failure_details(mode: str) -> None:
    status = {
        "statusType": "FAILED",
        "failureDetails": {
            "errorMessage": "Number {number} is blocked",
            "errorMessageTokens": {"number": "+1555"},
        },
    }
    message = await get_message(mode, message_json(status=status))
    assert message.status is MessageStatus.FAILED
    assert message.error_message == "Number {number} is blocked"
    assert message.error_message_tokens == {"number": "+1555"}

    only_tokens = {"statusType": "FAILED", "failureDetails": {"errorMessageTokens": {}}}
    message = await get_message(mode, message_json(status=only_tokens))
    assert message.error_message is None and message.error_message_tokens == {}


@pytest.mark.parametrize("mode", MODES)
async def test_missing_optional_message_fields_are_none(mode: str) -> None:
    body = message_json(
        inReplyToId=DROP, richText=DROP, status=DROP, subject=DROP, updatedAt=DROP, attachments=[],
        senders=[{"deliveryIdentifier": {"type": "HS_EMAIL_ADDRESS", "value": "a@example.com"}}],
        recipients=[{"deliveryIdentifier": {"type": "HS_EMAIL_ADDRESS", "value": "b@example.com"}}],
        client={"clientType": "HUBSPOT"},
    )  # fmt: skip
    message = await get_message(mode, body)
    assert (
        message.in_reply_to_id,
        message.rich_text,
        message.status,
        message.subject,
        message.updated_at,
    ) == (None,) * 5
    assert message.error_message is None and message.error_message_tokens == {}
    assert message.attachments == ()
    assert (message.senders[0].name, message.senders[0].actor_id, message.senders[0].field) == (
        None,
        None,
        None,
    )
    assert message.client is not None and message.client.integration_app_id is None


@pytest.mark.parametrize("mode", MODES)
async def test_missing_optional_channel_and_account_fields_are_none(mode: str) -> None:
    api = Api(
        mode,
        ok(
            channel_json(
                webhookUrl=DROP,
                channelDescription=DROP,
                channelLogoUrl=DROP,
                channelAccountConnectionRedirectUrl=DROP,
            )
        ),
        ok(account_json(deliveryIdentifier=DROP)),
        ok(staging_token_json(accountName=DROP, deliveryIdentifier=DROP)),
    )
    channel = await api.call(lambda c: c.channels.get(1200))
    account = await api.call(lambda c: c.channel_accounts.get(1200, 555001))
    token = await api.call(
        lambda c: c.staging_tokens.update(1200, "stg-7d1e", account_name="x", delivery_identifier=PHONE)
    )
    assert (
        channel.webhook_url,
        channel.description,
        channel.logo_url,
        channel.account_connection_redirect_url,
    ) == (None,) * 4
    assert account.delivery_identifier is None and account.archived_at is None
    assert token.account_name is None and token.delivery_identifier is None


@pytest.mark.parametrize("mode", MODES)
async def test_capabilities_of_every_json_type(mode: str) -> None:
    capabilities = {
        "threadingModel": "INTEGRATION_THREAD_ID",
        "deliveryIdentifierTypes": ["HS_PHONE_NUMBER"],
        "richText": [],
        "allowInlineImages": True,
        "allowOutgoingMessages": False,
        "maxFileAttachmentCount": 10,
        "maxTotalFileAttachmentSizeBytes": 2.5e7,
        "futureNested": {"x": [1, "two", None]},
    }
    api = Api(mode, ok(channel_json(capabilities=capabilities)))
    channel = await api.call(lambda c: c.channels.get(1200))
    assert dict(channel.capabilities) == capabilities
    assert (
        channel.capabilities["allowInlineImages"] is True
        and channel.capabilities["allowOutgoingMessages"] is False
    )
    assert type(channel.capabilities["maxFileAttachmentCount"]) is int


def test_models_are_immutable() -> None:
    identifier = DeliveryIdentifier(DeliveryIdentifierType.HS_PHONE_NUMBER, "+1555")
    with pytest.raises(dataclasses.FrozenInstanceError):
        identifier.value = "+1666"  # type: ignore[misc]


# --- bodies that cannot be read -----------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "response",
    [
        lambda: httpx.Response(200, content=b"<html>OK</html>", headers={"content-type": "text/html"}),
        lambda: httpx.Response(200, content=b'{"id": "msg-1", '),
        lambda: httpx.Response(200),
        lambda: ok([]),
        lambda: ok("a string"),
        lambda: ok(message_json(id=DROP)),
        lambda: ok(message_json(createdAt=DROP)),
        lambda: ok(message_json(createdAt=1712000000)),
        lambda: ok(message_json(createdAt="yesterday")),
        lambda: ok(message_json(senders=None)),
        lambda: ok(message_json(attachments=["not an object"])),
    ],
    ids=[
        "html", "truncated-json", "empty", "list", "string", "no-id", "no-createdAt", "int-createdAt",
        "bad-createdAt", "null-senders", "attachment-string",
    ],
)  # fmt: skip
async def test_unreadable_success_body(mode: str, response: Any) -> None:
    api = Api(mode, response())
    with pytest.raises(APIResponseValidationError) as caught:
        await api.call(lambda c: c.messages.get(1200, "msg-1"))
    assert caught.value.status_code == 200
    assert caught.value.response.status_code == 200
    assert "get_message" in str(caught.value)
    assert len(api.requests) == 1  # not retried


@pytest.mark.parametrize("mode", MODES)
async def test_a_message_type_new_to_us_is_read(mode: str) -> None:
    """Tolerant reader: the message ``type`` is an open value on the response side (a new kind of message
    HubSpot adds later is read, not refused); only a non-string is a broken body."""
    api = Api(mode, ok(message_json(type="NOTE")))
    message = await api.call(lambda c: c.messages.get(1200, "msg-1"))
    assert message.id == message_json()["id"]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("run", "body"),
    [
        (lambda c: c.channels.get(1200), channel_json(name=DROP)),
        (lambda c: c.channel_accounts.get(1200, 555001), account_json(inboxId=DROP)),
        (lambda c: c.channels.list().first_page(), {"results": [channel_json()]}),
        (lambda c: c.channels.list().first_page(), {"total": 1}),
        (
            lambda c: c.staging_tokens.update(1200, "stg-1", account_name="x", delivery_identifier=PHONE),
            staging_token_json(accountToken=DROP),
        ),
    ],
    ids=["channel", "account", "page-without-total", "page-without-results", "staging-token"],
)
async def test_missing_required_fields_of_other_resources(mode: str, run: Any, body: Any) -> None:
    api = Api(mode, ok(body))
    with pytest.raises(APIResponseValidationError):
        await api.call(run)
