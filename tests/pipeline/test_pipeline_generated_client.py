"""The generated low-level client: realistic bodies round-trip into the right classes, and the headline
operation sends exactly what HubSpot documents."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import httpx
from dateutil.parser import isoparse

from hubspot_channels_api.v2026_03 import AuthenticatedClient, models
from hubspot_channels_api.v2026_03.api.messages import update_message_status
from tests.support.paths import SHARED

ATTACHMENTS: list[tuple[dict[str, Any], type]] = [
    (
        {
            "type": "FILE",
            "fileId": "f-1",
            "fileUsageType": "IMAGE",
            "name": "a.png",
            "url": "https://x/a.png",
        },
        models.PublicFile,
    ),
    (
        {"type": "LOCATION", "latitude": 52.5, "longitude": 13.4, "name": "Office", "address": "Street 1"},
        models.PublicLocation,
    ),
    (
        {
            "type": "CONTACT",
            "contactProfile": {
                "addresses": [{"city": "Berlin", "type": "WORK"}],
                "emails": [{"email": "a@b.c", "type": "HOME"}],
                "phones": [{"phone": "+49", "type": "CELL"}],
                "urls": [{"url": "https://b.c"}],
                "name": {"firstName": "Ada"},
                "org": {"company": "ACME"},
            },
        },
        models.PublicContact,
    ),
    ({"type": "UNSUPPORTED_CONTENT"}, models.PublicUnsupportedContent),
    ({"type": "MESSAGE_HEADER", "text": "Order 42", "fileId": 7}, models.PublicMessageHeader),
    (
        {
            "type": "QUICK_REPLIES",
            "allowMultiSelect": False,
            "allowUserInput": True,
            "quickReplies": [{"value": "yes", "valueType": "TEXT", "label": "Yes"}],
        },
        models.PublicQuickReplies,
    ),
    (
        {
            "type": "WHATSAPP_TEMPLATE_METADATA",
            "crmObjectIds": {"deal": 5},
            "parameters": {"1": "Ada"},
            "contentId": 9,
        },
        models.PublicWhatsAppTemplateMetadata,
    ),
    (
        {
            "type": "SOCIAL_MEDIA_METADATA",
            "socialMetadata": {"mediaType": "IMAGE", "id": "p1", "description": "d"},
        },
        models.PublicSocialMetadataAttachment,
    ),
]


def seed_message() -> dict[str, Any]:
    """The response example of the documentation page the project started from."""
    page = next((SHARED / "seed").glob("*.txt")).read_text()
    start = page.index('{\n"archived"')
    body, _end = json.JSONDecoder().raw_decode(page[start:])
    return body


def message_with_everything() -> dict[str, Any]:
    body = seed_message()
    body["attachments"] = [attachment for attachment, _cls in ATTACHMENTS]
    body["status"] = {
        "statusType": "FAILED",
        "failureDetails": {"errorMessage": "Blocked", "errorMessageTokens": {"reason": "blocked"}},
    }
    return body


def same_json(left: Any, right: Any) -> bool:
    """Equal, reading date-time strings as instants (the generator writes +00:00 where HubSpot writes Z)."""
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(same_json(left[k], right[k]) for k in left)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(same_json(a, b) for a, b in zip(left, right, strict=True))
    if isinstance(left, str) and isinstance(right, str) and left != right:
        try:
            return isoparse(left) == isoparse(right)
        except ValueError:
            return False
    return left == right


def test_the_seed_example_round_trips():
    body = seed_message()
    message = models.PublicConversationsMessage.from_dict(body)
    assert isinstance(message.attachments[0], models.PublicFile)
    assert isinstance(message.recipients[0].delivery_identifier, models.PublicDeliveryIdentifier)
    assert isinstance(message.status, models.PublicMessageStatus)
    assert message.created_at == dt.datetime(2023, 11, 7, 5, 31, 56, tzinfo=dt.UTC)
    assert same_json(message.to_dict(), body)


def test_every_attachment_kind_parses_into_its_class_and_round_trips():
    body = message_with_everything()
    message = models.PublicConversationsMessage.from_dict(body)
    assert [type(a) for a in message.attachments] == [cls for _attachment, cls in ATTACHMENTS]
    assert message.status.failure_details.error_message_tokens.to_dict() == {"reason": "blocked"}
    assert same_json(message.to_dict(), body)


def test_an_unknown_attachment_kind_is_kept_by_the_open_member():
    body = seed_message()
    body["attachments"] = [{"type": "VIDEO_CALL", "url": "https://x"}]
    message = models.PublicConversationsMessage.from_dict(body)
    assert isinstance(message.attachments[0], models.UnrecognizedVariant)
    assert message.to_dict()["attachments"] == body["attachments"]


def test_unknown_enum_values_and_fields_do_not_fail_parsing():
    body = seed_message()
    body["status"] = {"statusType": "DELIVERED"}
    body["direction"] = "SIDEWAYS"
    body["brandNewField"] = {"x": 1}
    message = models.PublicConversationsMessage.from_dict(body)
    assert message.status.status_type == "DELIVERED"
    assert message.additional_properties == {"brandNewField": {"x": 1}}


def test_a_channel_with_mixed_capability_values_round_trips():
    body = {
        "id": "1001",
        "name": "SMS",
        "createdAt": "2026-03-01T10:00:00Z",
        "webhookUrl": "https://example.test/hook",
        "capabilities": {
            "deliveryIdentifierTypes": ["HS_PHONE_NUMBER"],
            "richText": ["HYPERLINK", "TEXT_ALIGNMENT"],
            "threadingModel": "INTEGRATION_THREAD_ID",
            "allowConversationStart": True,
            "allowOutgoingMessages": False,
            "maxFileAttachmentCount": 1,
            "maxFileAttachmentSizeBytes": 1.5e6,
        },
    }
    channel = models.PublicChannelIntegrationChannel.from_dict(body)
    assert isinstance(channel.capabilities, models.PublicChannelIntegrationChannelCapabilities)
    assert channel.capabilities["allowConversationStart"] is True
    assert same_json(channel.to_dict(), body)


def test_a_partial_channel_patch_body_is_possible():
    patch = models.PublicChannelIntegrationChannelPatch.from_dict({"webhookUrl": "https://new.test/hook"})
    assert patch.to_dict() == {"webhookUrl": "https://new.test/hook"}


def test_update_message_status_sends_exactly_the_documented_request():
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=message_with_everything())

    client = AuthenticatedClient(base_url="https://api.hubapi.com", token="secret-token")
    client.set_httpx_client(
        httpx.Client(
            base_url="https://api.hubapi.com",
            headers={"Authorization": "Bearer secret-token"},
            transport=httpx.MockTransport(handler),
        )
    )
    body = models.PublicChannelIntegrationMessageUpdateRequest(
        status_type=models.PublicChannelIntegrationMessageUpdateRequestStatusType.FAILED,
        error_message="Recipient blocked the number",
    )
    response = update_message_status.sync_detailed(123, "msg-1", client=client, body=body)

    (request,) = seen
    assert request.method == "PATCH"
    assert request.url.path == "/conversations/custom-channels/2026-03/123/messages/msg-1"
    assert json.loads(request.content) == {
        "statusType": "FAILED",
        "errorMessage": "Recipient blocked the number",
    }
    assert request.headers["Authorization"] == "Bearer secret-token"
    assert isinstance(response.parsed, models.PublicConversationsMessage)
    assert response.parsed.status.status_type == "FAILED"


def test_error_responses_parse_into_the_error_model_even_without_category():
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            429,
            json={
                "status": "error",
                "message": "You have reached your secondly limit.",
                "errorType": "RATE_LIMIT",
                "correlationId": "5a2c2d9e-1b7e-4a0f-9d9e-3b1b0c6c8a11",
                "policyName": "SECONDLY",
            },
        )

    client = AuthenticatedClient(base_url="https://api.hubapi.com", token="t")
    client.set_httpx_client(
        httpx.Client(base_url="https://api.hubapi.com", transport=httpx.MockTransport(handler))
    )
    body = models.PublicChannelIntegrationMessageUpdateRequest(
        status_type=models.PublicChannelIntegrationMessageUpdateRequestStatusType.SENT
    )
    response = update_message_status.sync_detailed(1, "m", client=client, body=body)
    assert isinstance(response.parsed, models.Error)
    assert response.parsed.message == "You have reached your secondly limit."
