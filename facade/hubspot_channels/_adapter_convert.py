"""Generated models in, facade models out: every converter reads generated attributes by name and checks
each value's type (a wrong type is a ResponseShapeError naming the field, never a crash later).

No generated module is imported here: the models arrive already built (_adapter_codec parses them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from ._models import (
    Attachment,
    Channel,
    ChannelAccount,
    ClientType,
    ContactAttachment,
    DeliveryIdentifier,
    DeliveryIdentifierType,
    FileAttachment,
    LocationAttachment,
    Message,
    MessageClient,
    MessageDirection,
    MessageHeaderAttachment,
    MessageStatus,
    Page,
    Participant,
    QuickRepliesAttachment,
    QuickReply,
    SocialMetadataAttachment,
    StagingToken,
    TruncationStatus,
    UnknownAttachment,
    UnsupportedContentAttachment,
    WhatsAppTemplateAttachment,
)
from ._response_fields import (
    ResponseShapeError,
    _coordinate,
    _flag,
    _ident,
    _kind,
    _opt,
    _opt_flag,
    _opt_ident,
    _opt_int,
    _opt_text,
    _raw,
    _text,
)


def _enum(enum: Any, value: Any) -> Any:
    """The facade enum member, or the raw string when the value is new to us (never a number or an object)."""
    if type(value) is str:  # what JSON decodes to: the lookup below, without the checks
        return enum._value2member_map_.get(value, value)
    value = _opt(value)
    if value is None:
        return None
    raw = getattr(value, "value", value)
    if not isinstance(raw, str):
        raise ResponseShapeError(enum.__name__, f"must be a string, got {_kind(raw)}")
    return enum._value2member_map_.get(raw, raw)  # a lookup, not enum(raw): no exception for new values


def _extra(model: Any) -> Mapping[str, Any]:
    return dict(model.additional_properties) if getattr(model, "additional_properties", None) else {}


def _when(value: Any) -> dt.datetime | None:
    when: dt.datetime | None = _opt(value)
    return when


def delivery_identifier(model: Any) -> DeliveryIdentifier | None:
    model = _opt(model)
    if model is None:
        return None
    return DeliveryIdentifier(
        type=_enum(DeliveryIdentifierType, model.type_), value=_text(model.value, "DeliveryIdentifier.value")
    )


def _participant(model: Any, field_name: str) -> Participant:
    return Participant(
        delivery_identifier=delivery_identifier(getattr(model, "delivery_identifier", None)),
        name=_opt_text(getattr(model, "name", None), "Participant.name"),
        actor_id=_opt_text(getattr(model, "actor_id", None), "Participant.actor_id"),
        field=_opt_text(getattr(model, field_name, None), "Participant.field"),
        extra=_extra(model),
    )


def _mapping(model: Any) -> Mapping[str, Any]:
    model = _opt(model)
    return {} if model is None else dict(model.to_dict())


def attachment(model: Any) -> Attachment:
    kind = _raw(getattr(model, "type_", ""))
    if not isinstance(
        kind, str
    ):  # a kind we do not know is kept (UnknownAttachment); one that is no text is not
        raise ResponseShapeError("Attachment.type", f"must be a string, got {_kind(kind)}")
    extra = _extra(model)
    if type(model).__name__ == "UnrecognizedVariant" or kind not in _ATTACHMENTS:
        return UnknownAttachment(type=kind, raw=_type_first(model.to_dict()))
    return _ATTACHMENTS[kind](model, extra)


def _type_first(raw: dict[str, Any]) -> dict[str, Any]:
    """raw with "type" first and the rest in the order read: the same JSON text whichever path read it (the
    generated to_dict writes "type" last, the one-parse view where the wire had it), and the wire's own
    order when the wire writes "type" first, as HubSpot does."""
    if "type" not in raw:
        return raw
    return {"type": raw.pop("type"), **raw}


_ATTACHMENTS: dict[str, Callable[[Any, Mapping[str, Any]], Attachment]] = {
    "FILE": lambda m, extra: FileAttachment(
        file_id=_ident(m.file_id, "FileAttachment.file_id"),
        file_usage_type=_opt_text(getattr(m, "file_usage_type", None), "FileAttachment.file_usage_type"),
        name=_opt_text(getattr(m, "name", None), "FileAttachment.name"),
        url=_opt_text(getattr(m, "url", None), "FileAttachment.url"),
        extra=extra,
    ),
    "LOCATION": lambda m, extra: LocationAttachment(
        latitude=_coordinate(m.latitude, "LocationAttachment.latitude"),
        longitude=_coordinate(m.longitude, "LocationAttachment.longitude"),
        name=_opt_text(m.name, "LocationAttachment.name"),
        address=_opt_text(m.address, "LocationAttachment.address"),
        url=_opt_text(m.url, "LocationAttachment.url"),
        extra=extra,
    ),
    "CONTACT": lambda m, extra: ContactAttachment(profile=_mapping(m.contact_profile), extra=extra),
    "UNSUPPORTED_CONTENT": lambda m, extra: UnsupportedContentAttachment(extra=extra),
    "MESSAGE_HEADER": lambda m, extra: MessageHeaderAttachment(
        text=_opt_text(m.text, "MessageHeaderAttachment.text"),
        file_id=_opt_int(m.file_id, "MessageHeaderAttachment.file_id"),
        extra=extra,
    ),
    "QUICK_REPLIES": lambda m, extra: QuickRepliesAttachment(
        quick_replies=tuple(
            QuickReply(
                value=_text(r.value, "QuickReply.value"),
                value_type=_text(_raw(r.value_type), "QuickReply.value_type"),
                label=_opt_text(r.label, "QuickReply.label"),
            )
            for r in m.quick_replies
        ),
        allow_multi_select=_opt_flag(
            getattr(m, "allow_multi_select", None), "QuickRepliesAttachment.allow_multi_select"
        ),
        allow_user_input=_opt_flag(
            getattr(m, "allow_user_input", None), "QuickRepliesAttachment.allow_user_input"
        ),
        extra=extra,
    ),
    "WHATSAPP_TEMPLATE_METADATA": lambda m, extra: WhatsAppTemplateAttachment(
        parameters=_mapping(m.parameters),
        crm_object_ids=_mapping(m.crm_object_ids),
        content_id=_opt_int(m.content_id, "WhatsAppTemplateAttachment.content_id"),
        mapped_template_id=_opt_int(m.mapped_template_id, "WhatsAppTemplateAttachment.mapped_template_id"),
        root_mic_id=_opt_int(m.root_mic_id, "WhatsAppTemplateAttachment.root_mic_id"),
        extra=extra,
    ),
    "SOCIAL_MEDIA_METADATA": lambda m, extra: SocialMetadataAttachment(
        media_type=_text(_raw(m.social_metadata.media_type), "SocialMetadataAttachment.media_type"),
        id=_opt_ident(m.social_metadata.id, "SocialMetadataAttachment.id"),
        media_title=_opt_text(m.social_metadata.media_title, "SocialMetadataAttachment.media_title"),
        media_url=_opt_text(m.social_metadata.media_url, "SocialMetadataAttachment.media_url"),
        thumbnail_url=_opt_text(m.social_metadata.thumbnail_url, "SocialMetadataAttachment.thumbnail_url"),
        description=_opt_text(m.social_metadata.description, "SocialMetadataAttachment.description"),
        extra=extra,
    ),
}


def message(model: Any) -> Message:
    status = _opt(model.status)
    failure = _opt(status.failure_details) if status is not None else None
    client = _opt(model.client)
    return Message(
        id=_ident(model.id, "Message.id"),
        channel_id=_ident(model.channel_id, "Message.channel_id"),
        channel_account_id=_ident(model.channel_account_id, "Message.channel_account_id"),
        conversations_thread_id=_opt_ident(model.conversations_thread_id, "Message.conversations_thread_id"),
        direction=_enum(MessageDirection, model.direction),
        text=_opt_text(model.text, "Message.text"),
        senders=tuple(_participant(p, "sender_field") for p in model.senders),
        recipients=tuple(_participant(p, "recipient_field") for p in model.recipients),
        attachments=tuple(attachment(a) for a in model.attachments),
        status=_enum(MessageStatus, status.status_type) if status is not None else None,
        error_message=_opt_text(failure.error_message, "Message.error_message")
        if failure is not None
        else None,
        error_message_tokens=_mapping(failure.error_message_tokens) if failure is not None else {},
        rich_text=_opt_text(model.rich_text, "Message.rich_text"),
        subject=_opt_text(model.subject, "Message.subject"),
        in_reply_to_id=_opt_ident(model.in_reply_to_id, "Message.in_reply_to_id"),
        client=MessageClient(
            type=_enum(ClientType, client.client_type),
            integration_app_id=_opt_int(client.integration_app_id, "MessageClient.integration_app_id"),
        )
        if client is not None
        else None,
        created_at=_when(model.created_at),
        updated_at=_when(model.updated_at),
        created_by=_opt_ident(model.created_by, "Message.created_by"),
        truncation_status=_enum(TruncationStatus, model.truncation_status),
        archived=_opt_flag(model.archived, "Message.archived"),
        extra=_extra(model),
    )


def channel(model: Any) -> Channel:
    return Channel(
        id=_ident(model.id, "Channel.id"),
        name=_text(model.name, "Channel.name"),
        capabilities=_mapping(model.capabilities),
        created_at=_when(model.created_at),
        webhook_url=_opt_text(model.webhook_url, "Channel.webhook_url"),
        description=_opt_text(model.channel_description, "Channel.description"),
        logo_url=_opt_text(model.channel_logo_url, "Channel.logo_url"),
        account_connection_redirect_url=_opt_text(
            model.channel_account_connection_redirect_url, "Channel.account_connection_redirect_url"
        ),
        extra=_extra(model),
    )


def channel_account(model: Any) -> ChannelAccount:
    return ChannelAccount(
        id=_ident(model.id, "ChannelAccount.id"),
        channel_id=_ident(model.channel_id, "ChannelAccount.channel_id"),
        inbox_id=_ident(model.inbox_id, "ChannelAccount.inbox_id"),
        name=_text(model.name, "ChannelAccount.name"),
        authorized=_flag(model.authorized, "ChannelAccount.authorized"),
        active=_opt_flag(model.active, "ChannelAccount.active"),
        archived=_opt_flag(model.archived, "ChannelAccount.archived"),
        archived_at=_when(model.archived_at),
        created_at=_when(model.created_at),
        delivery_identifier=delivery_identifier(model.delivery_identifier),
        extra=_extra(model),
    )


def staging_token(model: Any) -> StagingToken:
    return StagingToken(
        account_token=_ident(model.account_token, "StagingToken.account_token"),
        channel_id=_opt_ident(getattr(model, "generic_channel_id", None), "StagingToken.channel_id"),
        inbox_id=_opt_ident(getattr(model, "inbox_id", None), "StagingToken.inbox_id"),
        user_id=_opt_ident(getattr(model, "user_id", None), "StagingToken.user_id"),
        account_name=_opt_text(getattr(model, "account_name", None), "StagingToken.account_name"),
        delivery_identifier=delivery_identifier(getattr(model, "delivery_identifier", None)),
        created_at=_when(getattr(model, "created_at", None)),
        extra=_extra(model),
    )


def page(model: Any, item: Callable[[Any], Any]) -> Page[Any]:
    paging = _opt(model.paging)
    following = _opt(paging.next_) if paging is not None else None
    return Page(
        items=tuple(item(result) for result in model.results),
        total=_opt_int(model.total, "Page.total"),
        next_after=_opt_text(following.after, "Page.next_after") if following is not None else None,
    )
