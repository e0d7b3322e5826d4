"""The one place that imports generated code: facade arguments in, generated requests out; generated
models in, facade models out. A new API version changes this module, never the public API.

Generated modules load on first use (import time matters for workers and serverless functions).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import Any, Literal

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

Auth = Literal["developer", "bearer"]

# API version -> generated package (generated/<package>), oldest first.
PACKAGES: dict[str, str] = {
    "2026-03": "custom_channels_v2026_03",
    "2026-09": "custom_channels_v2026_09",
    "v3": "custom_channels_v3",
}

# Arguments a version requires although the facade's method has them optional (from the reports in
# openapi/api-diff-*.md; the normalized spec makes PATCH bodies partial, the published one does not).
REQUIRED_ARGUMENTS: dict[str, dict[str, tuple[str, ...]]] = {
    "2026-09": {"update_staging_token": ("account_name", "delivery_identifier")},
}

# Operation -> (generated module under api/, request body model or None, auth kind).
OPERATIONS: dict[str, tuple[str, str | None, Auth]] = {
    "list_channels": ("channels.list_channels", None, "developer"),
    "create_channel": ("channels.create_channel", "PublicChannelIntegrationChannelCreate", "developer"),
    "get_channel": ("channels.get_channel", None, "developer"),
    "update_channel": ("channels.update_channel", "PublicChannelIntegrationChannelPatch", "developer"),
    "archive_channel": ("channels.archive_channel", None, "developer"),
    "update_staging_token": (
        "staging_tokens.update_staging_token",
        "PublicChannelAccountStagingTokenUpdateRequest",
        "bearer",
    ),
    "list_channel_accounts": ("channel_accounts.list_channel_accounts", None, "bearer"),
    "create_channel_account": (
        "channel_accounts.create_channel_account",
        "PublicChannelAccountEgg",
        "bearer",
    ),
    "get_channel_account": ("channel_accounts.get_channel_account", None, "bearer"),
    "update_channel_account": (
        "channel_accounts.update_channel_account",
        "PublicChannelAccountUpdateRequest",
        "bearer",
    ),
    "publish_message": ("messages.publish_message", "ChannelIntegrationMessageEgg", "bearer"),
    "get_message": ("messages.get_message", None, "bearer"),
    "update_message_status": (
        "messages.update_message_status",
        "PublicChannelIntegrationMessageUpdateRequest",
        "bearer",
    ),
}


@dataclass(frozen=True, slots=True)
class PreparedRequest:
    """What the engine sends: everything but credentials and the base URL."""

    operation: str
    auth: Auth
    method: str
    path: str
    params: Mapping[str, Any] | None
    json: Any


@cache
def _module(name: str) -> ModuleType:
    return importlib.import_module(name)


@cache
def _body_model(package: str, class_name: str) -> Any:
    return getattr(_module(f"{package}.models"), class_name)


@cache
def _get_kwargs(package: str, operation: str) -> Callable[..., dict[str, Any]]:
    function: Callable[..., dict[str, Any]] = _module(f"{package}.api.{OPERATIONS[operation][0]}")._get_kwargs
    return function


class Adapter:
    """Requests and responses of one API version."""

    def __init__(self, version: str) -> None:
        self.version = version
        self.package = PACKAGES[version]

    def prepare(
        self,
        operation: str,
        path: Mapping[str, Any],
        body: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
    ) -> PreparedRequest:
        """Build operation's request through the generated code (which also percent-encodes path segments).
        Path parameters go by their generated names (channel_id, message_id, ...)."""
        _module_name, body_model, auth = OPERATIONS[operation]
        kwargs: dict[str, Any] = {key: value for key, value in (query or {}).items() if value is not None}
        if body_model is not None:
            kwargs["body"] = _body_model(self.package, body_model).from_dict(body or {})
        built = _get_kwargs(self.package, operation)(**path, **kwargs)
        return PreparedRequest(
            operation=operation,
            auth=auth,
            method=built["method"].upper(),
            path=built["url"],
            params=built.get("params") or None,
            json=built.get("json"),
        )

    def has_field(self, model: str, field: str) -> bool:
        """Whether this version's generated model has field (e.g. 2026-09 participants lack sender_actor_id)."""
        import attrs  # the generated models need it anyway; not at import time of the facade

        return field in attrs.fields_dict(_body_model(self.package, model))

    def required_arguments(self, operation: str) -> tuple[str, ...]:
        return REQUIRED_ARGUMENTS.get(self.version, {}).get(operation, ())

    def delivery_identifier_types(self, values: Sequence[str]) -> list[Any]:
        """Query values of list_channel_accounts' deliveryIdentifierType, as the generated enum."""
        enum = _body_model(self.package, "ListChannelAccountsDeliveryIdentifierTypeItem")
        return [enum(value) for value in values]

    def parse_model(self, operation: str, data: Any) -> Any:
        """The generated success model of operation, from decoded JSON."""
        module = _module(f"{self.package}.api.{OPERATIONS[operation][0]}")
        model = _SUCCESS_MODELS[operation]
        return getattr(module, model).from_dict(data)


# Generated success-response model of each operation that has a body.
_SUCCESS_MODELS = {
    "list_channels": "CollectionResponseWithTotalPublicChannelIntegrationChannel",
    "create_channel": "PublicChannelIntegrationChannel",
    "get_channel": "PublicChannelIntegrationChannel",
    "update_channel": "PublicChannelIntegrationChannel",
    "update_staging_token": "PublicChannelAccountStagingToken",
    "list_channel_accounts": "CollectionResponseWithTotalPublicChannelAccount",
    "create_channel_account": "PublicChannelAccount",
    "get_channel_account": "PublicChannelAccount",
    "update_channel_account": "PublicChannelAccount",
    "publish_message": "PublicConversationsMessage",
    "get_message": "PublicConversationsMessage",
    "update_message_status": "PublicConversationsMessage",
}


# --- generated -> facade -----------------------------------------------------------------------------------


def _enum(enum: Any, value: Any) -> Any:
    """The facade enum member, or the raw string when the value is new to us (never a number or an object)."""
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
        return UnknownAttachment(type=kind, raw=model.to_dict())
    return _ATTACHMENTS[kind](model, extra)


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


# --- helpers for code that receives HubSpot JSON outside an API call (webhooks) ----------------------------


# Fields the API's message always has but the webhook's message leaves out (hubspot-facts.md): parsed
# with a neutral stand-in, then reported as unknown (None) rather than invented.
_WEBHOOK_ABSENT: dict[str, Any] = {"archived": False, "client": {"clientType": "UNKNOWN"}}


def message_from_json(data: Mapping[str, Any], version: str = "2026-03") -> Message:
    """A Message from HubSpot's JSON outside an API call (a webhook event's ``message``)."""
    absent = [key for key in _WEBHOOK_ABSENT if key not in data]
    filled = {**{key: _WEBHOOK_ABSENT[key] for key in absent}, **data}
    parsed = message(_body_model(PACKAGES[version], "PublicConversationsMessage").from_dict(filled))
    if "archived" in absent:
        parsed = dataclasses.replace(parsed, archived=None)
    if "client" in absent:
        parsed = dataclasses.replace(parsed, client=None)
    return parsed


def delivery_identifier_from_json(data: Mapping[str, Any], version: str = "2026-03") -> DeliveryIdentifier:
    model = _body_model(PACKAGES[version], "PublicDeliveryIdentifier").from_dict(data)
    return DeliveryIdentifier(
        type=_enum(DeliveryIdentifierType, model.type_), value=_text(model.value, "DeliveryIdentifier.value")
    )
