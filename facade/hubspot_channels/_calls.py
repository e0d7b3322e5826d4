"""One function per operation: validate the arguments, build the request, say how to read the answer.

Shared by the sync and async resources, so both behave identically. Bodies are facade values by the
facade's argument names; the adapter turns them into each version's request, and what a version can or
must take is its profile's (``self.adapter.profile``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from . import _adapter as convert
from . import _redact as redact
from ._adapter import Adapter, RawJson
from ._call import Call
from ._exceptions import RequestValidationError, UnsupportedOperationError
from ._models import (
    Channel,
    ChannelAccount,
    DeliveryIdentifier,
    DeliveryIdentifierType,
    Message,
    MessageDirection,
    MessageStatus,
    Page,
    Participant,
    StagingToken,
)
from ._validate import (
    INT32_MAX,
    attachment_json,
    aware_datetime,
    choice,
    compact,
    delivery_identifier_json,
    flag,
    non_empty,
    numeric_id,
    optional_flag,
    optional_text,
    page_limit,
    participant,
    plain_json,
    sendable,
    sequence,
    status_update,
    strings,
    text_id,
)


def _none(_: Any) -> None:
    return None


def _channel_id(value: int | str) -> int:
    return numeric_id(value, "channel_id", INT32_MAX)


class Calls:
    """The operations of one API version (openapi/registry.json lists them)."""

    def __init__(self, adapter: Adapter) -> None:
        self.adapter = adapter

    def _call(
        self,
        operation: str,
        path: Mapping[str, Any],
        *,
        parse: Any,
        idempotent: bool,
        body: Mapping[str, Any] | None = None,
        idempotency_id: str | None = None,
        **query: Any,
    ) -> Call[Any]:
        given = {
            name: value.data if isinstance(value, RawJson) else value for name, value in (body or {}).items()
        }
        sendable(path, given, {name: value for name, value in query.items() if value is not None})
        missing = self.adapter.profile.missing_arguments(operation, body or {})
        if missing:
            raise RequestValidationError(
                f"API version {self.adapter.version} requires {' and '.join(missing)} on {operation}"
            )
        try:
            request = self.adapter.prepare(operation, path, body, query)
        except RequestValidationError:
            raise
        except (KeyError, TypeError, ValueError) as exc:  # the generated model refused the body
            raise RequestValidationError(f"{operation}: invalid request ({exc})") from exc
        return Call(request=request, parse=parse, idempotent=idempotent, idempotency_id=idempotency_id)

    def _parser(self, operation: str, build: Any) -> Any:
        read = self.adapter.read
        return lambda data: read(operation, data, build)

    # --- channels ---------------------------------------------------------------------------------------

    def list_channels(self, *, after: str | None, limit: int | None) -> Call[Page[Channel]]:
        parse = self._parser("list_channels", lambda m: convert.page(m, convert.channel))
        return self._call(
            "list_channels", {}, parse=parse, idempotent=True, after=after, limit=page_limit(limit)
        )

    def create_channel(
        self,
        *,
        name: str,
        capabilities: Mapping[str, Any],
        webhook_url: str | None,
        description: str | None,
        logo_url: str | None,
        account_connection_redirect_url: str | None,
    ) -> Call[Channel]:
        if not isinstance(capabilities, Mapping):
            raise RequestValidationError(
                f"capabilities must be a mapping of capability name to value, got {type(capabilities).__name__}"
            )
        body = compact(
            {
                "name": non_empty(name, "name"),
                "capabilities": RawJson(plain_json(capabilities, "capabilities")),
                "webhook_url": optional_text(webhook_url, "webhook_url"),
                "description": optional_text(description, "description"),
                "logo_url": optional_text(logo_url, "logo_url"),
                "account_connection_redirect_url": optional_text(
                    account_connection_redirect_url, "account_connection_redirect_url"
                ),
            }
        )
        parse = self._parser("create_channel", convert.channel)
        return self._call("create_channel", {}, parse=parse, idempotent=False, body=body)

    def get_channel(self, channel_id: int | str) -> Call[Channel]:
        parse = self._parser("get_channel", convert.channel)
        return self._call(
            "get_channel", {"channel_id": _channel_id(channel_id)}, parse=parse, idempotent=True
        )

    def update_channel(self, channel_id: int | str, fields: Mapping[str, Any]) -> Call[Channel]:
        capabilities = fields.get("capabilities")
        if capabilities is not None and not isinstance(capabilities, Mapping):
            raise RequestValidationError(
                f"capabilities must be a mapping of capability name to value, got {type(capabilities).__name__}"
            )
        name = fields.get("name")
        texts = ("webhook_url", "description", "logo_url", "account_connection_redirect_url")
        text = {key: optional_text(fields.get(key), key) for key in texts}
        body = compact(
            {
                "name": non_empty(name, "name") if name is not None else None,
                "capabilities": RawJson(plain_json(capabilities, "capabilities"))
                if capabilities is not None
                else None,
                **text,
            }
        )
        if not body:
            raise RequestValidationError("update_channel needs at least one field to change")
        parse = self._parser("update_channel", convert.channel)
        channel = {"channel_id": _channel_id(channel_id)}
        return self._call("update_channel", channel, parse=parse, idempotent=True, body=body)

    def archive_channel(self, channel_id: int | str) -> Call[None]:
        channel = {"channel_id": _channel_id(channel_id)}
        return self._call("archive_channel", channel, parse=_none, idempotent=True)

    # --- staging tokens ---------------------------------------------------------------------------------

    def update_staging_token(
        self,
        channel_id: int | str,
        account_token: str,
        *,
        account_name: str | None,
        delivery_identifier: DeliveryIdentifier | None,
    ) -> Call[StagingToken]:
        body = compact(
            {
                "account_name": optional_text(account_name, "account_name"),
                "delivery_identifier": _delivery_identifier(delivery_identifier, "delivery_identifier"),
            }
        )
        if not body:
            raise RequestValidationError("update_staging_token needs account_name or delivery_identifier")
        token = text_id(account_token, "account_token")
        path = {"channel_id": _channel_id(channel_id), "account_token": token}
        parse = self._parser("update_staging_token", convert.staging_token)
        call = self._call("update_staging_token", path, parse=parse, idempotent=True, body=body)
        redact.register([token])  # checked by now; a gateway may quote it anywhere, not only in the URL
        return call

    # --- channel accounts -------------------------------------------------------------------------------

    def list_channel_accounts(
        self,
        channel_id: int | str,
        *,
        after: str | None,
        limit: int | None,
        archived: bool | None,
        delivery_identifier_types: Sequence[DeliveryIdentifierType | str] | None,
        delivery_identifier_values: Sequence[str] | None,
    ) -> Call[Page[ChannelAccount]]:
        types = None
        if delivery_identifier_types:
            given = sequence(delivery_identifier_types, "delivery_identifier_types")
            checked = [choice(t, DeliveryIdentifierType, "delivery_identifier_types") for t in given]
            types = [t.value for t in checked]
        parse = self._parser("list_channel_accounts", lambda m: convert.page(m, convert.channel_account))
        return self._call(
            "list_channel_accounts",
            {"channel_id": _channel_id(channel_id)},
            parse=parse,
            idempotent=True,
            after=after,
            limit=page_limit(limit),
            archived=optional_flag(archived, "archived"),
            delivery_identifier_types=types,
            delivery_identifier_values=strings(delivery_identifier_values, "delivery_identifier_values")
            if delivery_identifier_values
            else None,
        )

    def create_channel_account(
        self,
        channel_id: int | str,
        *,
        name: str,
        inbox_id: int | str,
        authorized: bool,
        delivery_identifier: DeliveryIdentifier | None,
    ) -> Call[ChannelAccount]:
        body = compact(
            {
                "name": non_empty(name, "name"),
                "inbox_id": str(numeric_id(inbox_id, "inbox_id")),
                "authorized": optional_flag(authorized, "authorized"),
                "delivery_identifier": _delivery_identifier(delivery_identifier, "delivery_identifier"),
            }
        )
        parse = self._parser("create_channel_account", convert.channel_account)
        channel = {"channel_id": _channel_id(channel_id)}
        return self._call("create_channel_account", channel, parse=parse, idempotent=False, body=body)

    def get_channel_account(self, channel_id: int | str, account_id: int | str) -> Call[ChannelAccount]:
        path = _account_path(channel_id, account_id)
        parse = self._parser("get_channel_account", convert.channel_account)
        return self._call("get_channel_account", path, parse=parse, idempotent=True)

    def update_channel_account(
        self, channel_id: int | str, account_id: int | str, *, name: str | None, authorized: bool | None
    ) -> Call[ChannelAccount]:
        body = compact(
            {
                "name": non_empty(name, "name") if name is not None else None,
                "authorized": optional_flag(authorized, "authorized"),
            }
        )
        if not body:
            raise RequestValidationError("update_channel_account needs name or authorized")
        path = _account_path(channel_id, account_id)
        parse = self._parser("update_channel_account", convert.channel_account)
        return self._call("update_channel_account", path, parse=parse, idempotent=True, body=body)

    # --- messages ---------------------------------------------------------------------------------------

    def publish_message(
        self,
        channel_id: int | str,
        *,
        channel_account_id: int | str,
        text: str,
        senders: Sequence[Participant],
        recipients: Sequence[Participant],
        direction: MessageDirection | str,
        timestamp: dt.datetime | None,
        rich_text: str | None,
        in_reply_to_id: str | None,
        integration_thread_id: str | None,
        attachments: Sequence[Mapping[str, Any]],
        idempotency_id: str | None,
        idempotent: bool,
    ) -> Call[Message]:
        idempotent = flag(idempotent, "idempotent")
        if idempotency_id is not None and not idempotent:
            raise RequestValidationError("idempotency_id was given but idempotent=False")
        if idempotency_id is not None:  # "" would make every publish the same message
            idempotency_id = non_empty(idempotency_id, "idempotency_id")
        if idempotent and idempotency_id is None:
            idempotency_id = str(uuid.uuid4())  # reused by every retry of this call: no duplicates
        senders, recipients = sequence(senders, "senders"), sequence(recipients, "recipients")
        if (
            any(p.actor_id is not None for p in (*senders, *recipients) if isinstance(p, Participant))
            and not self.adapter.profile.supports_actor_ids
        ):
            raise UnsupportedOperationError(
                f"Participant.actor_id is not supported in API version {self.adapter.version}"
            )
        when = aware_datetime(timestamp, "timestamp") or dt.datetime.now(dt.UTC)
        body = compact(
            {
                "channel_account_id": str(numeric_id(channel_account_id, "channel_account_id")),
                "text": text if isinstance(text, str) else non_empty(text, "text"),
                "direction": choice(direction, MessageDirection, "direction"),
                "senders": [_participant(p, "senders") for p in senders],
                "recipients": [_participant(p, "recipients") for p in recipients],
                "attachments": RawJson(
                    [
                        attachment_json(a, index)
                        for index, a in enumerate(sequence(attachments, "attachments"))
                    ]
                ),
                "timestamp": when,
                "rich_text": optional_text(rich_text, "rich_text"),
                "in_reply_to_id": optional_text(in_reply_to_id, "in_reply_to_id"),
                "integration_thread_id": optional_text(integration_thread_id, "integration_thread_id"),
                "idempotency_id": idempotency_id,
            }
        )
        parse = self._parser("publish_message", convert.message)
        channel = {"channel_id": _channel_id(channel_id)}
        return self._call(
            "publish_message",
            channel,
            parse=parse,
            idempotent=idempotent,
            body=body,
            idempotency_id=idempotency_id,
        )

    def get_message(self, channel_id: int | str, message_id: str) -> Call[Message]:
        path = _message_path(channel_id, message_id)
        return self._call(
            "get_message", path, parse=self._parser("get_message", convert.message), idempotent=True
        )

    def update_message_status(
        self, channel_id: int | str, message_id: str, status: MessageStatus | str, error_message: str | None
    ) -> Call[Message]:
        checked, error_message = status_update(status, error_message)
        path = _message_path(channel_id, message_id)
        body = compact({"status": checked, "error_message": error_message})
        parse = self._parser("update_message_status", convert.message)
        # setting a status is idempotent: the same PATCH twice leaves the same state
        return self._call("update_message_status", path, parse=parse, idempotent=True, body=body)


def _account_path(channel_id: int | str, account_id: int | str) -> dict[str, int]:
    return {
        "channel_id": _channel_id(channel_id),
        "channel_account_id": numeric_id(account_id, "account_id"),
    }


def _message_path(channel_id: int | str, message_id: str) -> dict[str, Any]:
    return {"channel_id": _channel_id(channel_id), "message_id": text_id(message_id, "message_id")}


def _delivery_identifier(value: DeliveryIdentifier | None, name: str) -> DeliveryIdentifier | None:
    """value checked (a DeliveryIdentifier of a known type with a value), as the facade model."""
    checked = delivery_identifier_json(value, name)
    return (
        None
        if checked is None
        else DeliveryIdentifier(DeliveryIdentifierType(checked["type"]), checked["value"])
    )


def _participant(value: Participant, name: str) -> Participant:
    """value checked (a Participant with a delivery identifier, text fields), as the facade model."""
    return participant(value, name)


def idempotency_id_of(call: Call[Any]) -> str | None:
    """The idempotency id a publish call sends (None with idempotent=False)."""
    return call.idempotency_id
