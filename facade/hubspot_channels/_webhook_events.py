"""Typed webhook events and the JSON -> event parser for ``hubspot_channels.webhooks``.

The parser raises `PayloadProblem`; ``webhooks`` turns it into the public
`WebhookPayloadError` (defined with the rest of the tree in ``_exceptions``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, ClassVar, Literal, TypeAlias, TypeVar

if TYPE_CHECKING:
    from ._models import DeliveryIdentifier, Message

JSONObject: TypeAlias = Mapping[str, object]


class PayloadProblem(ValueError):
    """Internal: why a body is not a valid event; `field` names the JSON key at fault."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, slots=True, kw_only=True)
class OutgoingMessageCreated:
    """A HubSpot user sent a message; deliver it, then report SENT / FAILED / READ."""

    type: ClassVar[Literal["OUTGOING_CHANNEL_MESSAGE_CREATED"]] = "OUTGOING_CHANNEL_MESSAGE_CREATED"
    portal_id: int
    channel_id: str
    event_timestamp: datetime
    event_id: str
    channel_integration_thread_ids: tuple[str, ...]
    message: Message
    # repr=False/compare=False: raw repeats the typed fields and would swamp logs.
    raw: JSONObject = field(repr=False, compare=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class _ChannelAccountEvent:
    portal_id: int
    channel_id: str
    event_timestamp: datetime
    channel_account_id: str
    channel_account_delivery_identifier: DeliveryIdentifier | None
    event_id: str | None
    raw: JSONObject = field(repr=False, compare=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class ChannelAccountCreated(_ChannelAccountEvent):
    """A channel account was connected to the channel."""

    type: ClassVar[Literal["CHANNEL_ACCOUNT_CREATED"]] = "CHANNEL_ACCOUNT_CREATED"


@dataclass(frozen=True, slots=True, kw_only=True)
class ChannelAccountUpdated(_ChannelAccountEvent):
    """A channel account's name, delivery identifier or authorization changed."""

    type: ClassVar[Literal["CHANNEL_ACCOUNT_UPDATED"]] = "CHANNEL_ACCOUNT_UPDATED"


@dataclass(frozen=True, slots=True, kw_only=True)
class ChannelAccountPurged(_ChannelAccountEvent):
    """A channel account was deleted for good; forget what you stored for it."""

    type: ClassVar[Literal["CHANNEL_ACCOUNT_PURGED"]] = "CHANNEL_ACCOUNT_PURGED"


@dataclass(frozen=True, slots=True)
class UnknownEvent:
    """An event type this version of the package does not model; `raw` has everything."""

    type: str
    raw: JSONObject


Event: TypeAlias = (
    OutgoingMessageCreated
    | ChannelAccountCreated
    | ChannelAccountUpdated
    | ChannelAccountPurged
    | UnknownEvent
)


def parse(body: bytes | str) -> Event:
    """Decode one webhook body into its event; raises `PayloadProblem`."""
    try:
        data = json.loads(body, parse_constant=_reject_constant)
    # ValueError covers bad JSON, bad UTF-8 and integers past int's digit limit; RecursionError
    # a hostile "[[[[...".
    except (ValueError, RecursionError) as exc:
        raise PayloadProblem(f"body is not valid JSON: {str(exc)[:200]}") from exc
    if not isinstance(data, dict):
        raise PayloadProblem(f"body must be a JSON object, got {type(data).__name__}")
    kind = data.get("type")
    if not isinstance(kind, str):
        raise PayloadProblem("field 'type' is missing or not a string", "type")
    parser = _PARSERS.get(kind)
    return UnknownEvent(kind, data) if parser is None else parser(data)


def _reject_constant(name: str) -> object:
    # json accepts NaN and Infinity, which are not JSON and which HubSpot never sends.
    raise ValueError(f"{name} is not a JSON value")


def _outgoing_message(data: JSONObject) -> OutgoingMessageCreated:
    from . import _adapter  # lazy: keeps `import hubspot_channels.webhooks` cheap

    thread_ids = data.get("channelIntegrationThreadIds")
    if thread_ids is None:
        thread_ids = []
    elif not isinstance(thread_ids, list):
        raise PayloadProblem(
            "field 'channelIntegrationThreadIds' must be a list", "channelIntegrationThreadIds"
        )
    # Keyword arguments evaluate in order: the envelope is checked before the (costlier) message.
    return OutgoingMessageCreated(
        portal_id=_portal_id(data),
        channel_id=_id(data, "channelId"),
        event_timestamp=_timestamp(data),
        event_id=_id(data, "eventId"),
        channel_integration_thread_ids=tuple(_id_value(v, "channelIntegrationThreadIds") for v in thread_ids),
        message=_convert(_adapter.message_from_json, _require(data, "message"), "message"),
        raw=data,
    )


_Account = TypeVar("_Account", ChannelAccountCreated, ChannelAccountUpdated, ChannelAccountPurged)


def _account_parser(cls: type[_Account]) -> Callable[[JSONObject], _Account]:
    def parse_account(data: JSONObject) -> _Account:
        return cls(
            portal_id=_portal_id(data),
            channel_id=_id(data, "channelId"),
            event_timestamp=_timestamp(data),
            channel_account_id=_id(data, "channelAccountId"),
            channel_account_delivery_identifier=_delivery_identifier(data),
            event_id=None if data.get("eventId") is None else _id(data, "eventId"),
            raw=data,
        )

    return parse_account


def _delivery_identifier(data: JSONObject) -> DeliveryIdentifier | None:
    key = "channelAccountDeliveryIdentifier"
    value = data.get(key)
    if value is None:
        return None
    from . import _adapter  # lazy, as above

    return _convert(_adapter.delivery_identifier_from_json, value, key)


_Model = TypeVar("_Model")


def _convert(convert: Callable[[JSONObject], _Model], value: object, key: str) -> _Model:
    """Build a facade model with the adapter, reporting its failures against `key`."""
    if not isinstance(value, Mapping):
        raise PayloadProblem(f"field {key!r} must be an object", key)
    try:
        return convert(value)
    # Any Exception, not only how the adapter reports malformed input (ValueError, KeyError,
    # TypeError): a signed but hostile body (a number beyond float, deep nesting) must still be
    # a payload error. The message is cut: it may quote the body.
    except Exception as exc:
        raise PayloadProblem(
            f"field {key!r} is invalid ({type(exc).__name__}: {str(exc)[:200]})", key
        ) from exc


def _require(data: JSONObject, key: str) -> object:
    value = data.get(key)
    if value is None:
        raise PayloadProblem(f"required field {key!r} is missing", key)
    return value


def _id(data: JSONObject, key: str) -> str:
    return _id_value(_require(data, key), key)


def _id_value(value: object, key: str) -> str:
    # HubSpot sends some ids as numbers and some as strings; expose all as str.
    # bool is an int subclass, so it is excluded explicitly.
    if isinstance(value, str) and value:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise PayloadProblem(f"field {key!r} must be a non-empty string or an integer", key)


def _portal_id(data: JSONObject) -> int:
    value = _id(data, "portalId")
    # The length cap keeps int() cheap and within its digit limit.
    if not value.isascii() or not value.isdigit() or len(value) > 20:
        raise PayloadProblem("field 'portalId' must be an integer", "portalId")
    return int(value)


def _timestamp(data: JSONObject) -> datetime:
    value = _require(data, "eventTimestamp")
    if isinstance(value, bool) or not isinstance(value, int):
        raise PayloadProblem(
            "field 'eventTimestamp' must be epoch milliseconds (an integer)", "eventTimestamp"
        )
    try:
        # Integer arithmetic keeps the milliseconds exact (a float division would not).
        return datetime.fromtimestamp(value // 1000, UTC) + timedelta(milliseconds=value % 1000)
    except (OverflowError, OSError, ValueError) as exc:
        raise PayloadProblem("field 'eventTimestamp' is out of range", "eventTimestamp") from exc


_PARSERS: dict[str, Callable[[JSONObject], Event]] = {
    OutgoingMessageCreated.type: _outgoing_message,
    ChannelAccountCreated.type: _account_parser(ChannelAccountCreated),
    ChannelAccountUpdated.type: _account_parser(ChannelAccountUpdated),
    ChannelAccountPurged.type: _account_parser(ChannelAccountPurged),
}
