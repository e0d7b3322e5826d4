"""The facade's own models: immutable, typed, independent of the generated code and of the API version.

Tolerant reader: a value outside a known enum stays a plain ``str`` (e.g. a new ``DELIVERED`` status), an
unknown field lands in ``extra``, an unknown attachment kind becomes an ``UnknownAttachment``.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class MessageStatus(enum.StrEnum):
    """A message's delivery status. An integration reports SENT, FAILED or READ; HubSpot also says RECEIVED."""

    SENT = "SENT"
    FAILED = "FAILED"
    READ = "READ"
    RECEIVED = "RECEIVED"


class MessageDirection(enum.StrEnum):
    """Whether a message came from the visitor (INCOMING) or goes to them (OUTGOING)."""

    INCOMING = "INCOMING"
    OUTGOING = "OUTGOING"


class DeliveryIdentifierType(enum.StrEnum):
    """What a delivery identifier's value is: a phone number, an email address, or an id of the channel's own."""

    CHANNEL_SPECIFIC_OPAQUE_ID = "CHANNEL_SPECIFIC_OPAQUE_ID"
    HS_EMAIL_ADDRESS = "HS_EMAIL_ADDRESS"
    HS_PHONE_NUMBER = "HS_PHONE_NUMBER"
    HS_SHORT_CODE = "HS_SHORT_CODE"


class ClientType(enum.StrEnum):
    """Who sent a message: HubSpot itself or the integration."""

    HUBSPOT = "HUBSPOT"
    INTEGRATION = "INTEGRATION"
    SYSTEM = "SYSTEM"
    UNKNOWN = "UNKNOWN"


class TruncationStatus(enum.StrEnum):
    """Whether HubSpot shortened a message's text, and how."""

    NOT_TRUNCATED = "NOT_TRUNCATED"
    TRUNCATED = "TRUNCATED"
    TRUNCATED_TO_MOST_RECENT_REPLY = "TRUNCATED_TO_MOST_RECENT_REPLY"


@dataclass(frozen=True, slots=True)
class DeliveryIdentifier:
    """Who a message goes to or comes from, in the channel's own terms (a phone number, an opaque id...)."""

    type: DeliveryIdentifierType | str
    value: str


@dataclass(frozen=True, slots=True)
class Participant:
    """A sender or recipient. ``field`` is HubSpot's senderField / recipientField (e.g. "to", "cc")."""

    delivery_identifier: DeliveryIdentifier | None = None
    name: str | None = None
    actor_id: str | None = None
    field: str | None = None
    extra: Mapping[str, Any] = dc_field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class MessageClient:
    """What created a message: HubSpot, an integration (with its app id), the system."""

    type: ClientType | str
    integration_app_id: int | None = None


# --- attachments -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FileAttachment:
    file_id: str
    file_usage_type: str | None = None  # AUDIO, IMAGE, OTHER, STICKER, VOICE_RECORDING, or newer
    name: str | None = None
    url: str | None = None
    extra: Mapping[str, Any] = dc_field(default_factory=dict, compare=False, repr=False)
    type: str = dc_field(default="FILE", init=False)


@dataclass(frozen=True, slots=True)
class LocationAttachment:
    latitude: float
    longitude: float
    name: str | None = None
    address: str | None = None
    url: str | None = None
    extra: Mapping[str, Any] = dc_field(default_factory=dict, compare=False, repr=False)
    type: str = dc_field(default="LOCATION", init=False)


@dataclass(frozen=True, slots=True)
class ContactAttachment:
    """A shared contact card; the profile (names, phones, emails, addresses, urls, org) as HubSpot sends it."""

    profile: Mapping[str, Any]
    extra: Mapping[str, Any] = dc_field(default_factory=dict, compare=False, repr=False)
    type: str = dc_field(default="CONTACT", init=False)


@dataclass(frozen=True, slots=True)
class UnsupportedContentAttachment:
    extra: Mapping[str, Any] = dc_field(default_factory=dict, compare=False, repr=False)
    type: str = dc_field(default="UNSUPPORTED_CONTENT", init=False)


@dataclass(frozen=True, slots=True)
class MessageHeaderAttachment:
    text: str | None = None
    file_id: int | None = None
    extra: Mapping[str, Any] = dc_field(default_factory=dict, compare=False, repr=False)
    type: str = dc_field(default="MESSAGE_HEADER", init=False)


@dataclass(frozen=True, slots=True)
class QuickReply:
    value: str
    value_type: str  # TEXT or URL
    label: str | None = None


@dataclass(frozen=True, slots=True)
class QuickRepliesAttachment:
    quick_replies: tuple[QuickReply, ...]
    allow_multi_select: bool | None = None
    allow_user_input: bool | None = None
    extra: Mapping[str, Any] = dc_field(default_factory=dict, compare=False, repr=False)
    type: str = dc_field(default="QUICK_REPLIES", init=False)


@dataclass(frozen=True, slots=True)
class WhatsAppTemplateAttachment:
    parameters: Mapping[str, str]
    crm_object_ids: Mapping[str, int]
    content_id: int | None = None
    mapped_template_id: int | None = None
    root_mic_id: int | None = None
    extra: Mapping[str, Any] = dc_field(default_factory=dict, compare=False, repr=False)
    type: str = dc_field(default="WHATSAPP_TEMPLATE_METADATA", init=False)


@dataclass(frozen=True, slots=True)
class SocialMetadataAttachment:
    media_type: str
    id: str | None = None
    media_title: str | None = None
    media_url: str | None = None
    thumbnail_url: str | None = None
    description: str | None = None
    extra: Mapping[str, Any] = dc_field(default_factory=dict, compare=False, repr=False)
    type: str = dc_field(default="SOCIAL_MEDIA_METADATA", init=False)


@dataclass(frozen=True, slots=True)
class UnknownAttachment:
    """An attachment kind this version of the library does not know; ``raw`` is what was sent, every key and
    value, with ``type`` first and the other keys in the wire's order (one JSON text whichever way it was read)."""

    type: str
    raw: Mapping[str, Any]


Attachment = (
    FileAttachment
    | LocationAttachment
    | ContactAttachment
    | UnsupportedContentAttachment
    | MessageHeaderAttachment
    | QuickRepliesAttachment
    | WhatsAppTemplateAttachment
    | SocialMetadataAttachment
    | UnknownAttachment
)

# --- resources ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Channel:
    id: str
    name: str
    capabilities: Mapping[str, Any]
    created_at: dt.datetime | None = None
    webhook_url: str | None = None
    description: str | None = None
    logo_url: str | None = None
    account_connection_redirect_url: str | None = None
    extra: Mapping[str, Any] = dc_field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class ChannelAccount:
    id: str
    channel_id: str
    inbox_id: str
    name: str
    authorized: bool
    active: bool | None = None
    archived: bool | None = None
    archived_at: dt.datetime | None = None
    created_at: dt.datetime | None = None
    delivery_identifier: DeliveryIdentifier | None = None
    extra: Mapping[str, Any] = dc_field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class StagingToken:
    """A channel account waiting to be connected (public apps): its token and what HubSpot knows of it."""

    account_token: str
    channel_id: str | None = None
    inbox_id: str | None = None
    user_id: str | None = None
    account_name: str | None = None
    delivery_identifier: DeliveryIdentifier | None = None
    created_at: dt.datetime | None = None
    extra: Mapping[str, Any] = dc_field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Message:
    id: str
    channel_id: str
    channel_account_id: str
    conversations_thread_id: str | None
    direction: MessageDirection | str | None
    text: str | None
    senders: tuple[Participant, ...] = ()
    recipients: tuple[Participant, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    status: MessageStatus | str | None = None
    error_message: str | None = None
    error_message_tokens: Mapping[str, str] = dc_field(default_factory=dict, compare=False)
    rich_text: str | None = None
    subject: str | None = None
    in_reply_to_id: str | None = None
    client: MessageClient | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    created_by: str | None = None
    truncation_status: TruncationStatus | str | None = None
    archived: bool | None = None
    extra: Mapping[str, Any] = dc_field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a list: its items, the total HubSpot reports, and the cursor of the next page."""

    items: tuple[T, ...]
    total: int | None
    next_after: str | None
