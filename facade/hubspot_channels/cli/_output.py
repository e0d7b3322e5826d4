"""Rendering results: ``--json`` (machine-readable) or a compact human view (key-value or table)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import click

from .. import Channel, ChannelAccount, DeliveryIdentifier, Message, Participant

MAX_DEPTH = 100  # deeper values are replaced by a note: a signed webhook body may nest 900 levels
TRUNCATED = f"<nested deeper than {MAX_DEPTH} levels: not shown>"


def to_jsonable(value: Any, _depth: int = 0) -> Any:
    """Facade models (frozen dataclasses) as plain JSON data: snake_case fields, datetimes in ISO 8601,
    enums as their values, ``extra`` (fields this library does not model) kept.

    Not dataclasses.asdict: that deep-copies Mappings as their own type and leaves enums and datetimes
    for json.dumps to choke on. Nothing in the facade does this conversion publicly, hence it lives here.
    Containers below ``MAX_DEPTH`` levels become ``TRUNCATED``, so that neither this recursion nor
    json.dumps' runs out of stack.
    """
    if _depth >= MAX_DEPTH and isinstance(value, (Mapping, list, tuple, set, frozenset)):
        return TRUNCATED
    deeper = _depth + 1
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name), deeper) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return to_jsonable(value.value, deeper)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v, deeper) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_jsonable(v, deeper) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)  # e.g. Decimal or a UUID in ``extra``: readable beats a crash


def echo_json(value: Any) -> None:
    click.echo(json.dumps(to_jsonable(value), indent=2, ensure_ascii=False))


# --- human view -------------------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, DeliveryIdentifier):
        return f"{_cell(value.type)}:{value.value}"
    if isinstance(value, Participant):
        who = _cell(value.delivery_identifier) if value.delivery_identifier else (value.actor_id or "?")
        return f"{who} ({value.name})" if value.name else who
    if isinstance(value, Mapping):
        return _json_text(value) if value else "-"
    if isinstance(value, (list, tuple)):
        # Nested containers as JSON, whose depth to_jsonable bounds: not by recursing here.
        parts = (_json_text(v) if isinstance(v, (Mapping, list, tuple)) else _cell(v) for v in value)
        return ", ".join(parts) if value else "-"
    return str(value)


def _json_text(value: Any) -> str:
    return json.dumps(to_jsonable(value), ensure_ascii=False, sort_keys=True)


def echo_record(rows: Sequence[tuple[str, Any]]) -> None:
    width = max((len(label) for label, _ in rows), default=0)
    for label, value in rows:
        click.echo(f"{label.ljust(width)}  {_cell(value)}")


def echo_table(headers: Sequence[str], rows: Iterable[Sequence[Any]], *, empty: str) -> None:
    cells = [[_cell(v) for v in row] for row in rows]
    if not cells:
        click.echo(empty)
        return
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    click.echo("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip())
    for row in cells:
        click.echo("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def _extra_rows(extra: Mapping[str, Any]) -> list[tuple[str, Any]]:
    # Fields HubSpot added after this library was written: still worth seeing when debugging.
    return [(f"extra.{key}", value) for key, value in extra.items()]


def channel_rows(channel: Channel) -> list[tuple[str, Any]]:
    return [
        ("id", channel.id),
        ("name", channel.name),
        ("webhook url", channel.webhook_url),
        ("description", channel.description),
        ("logo url", channel.logo_url),
        ("redirect url", channel.account_connection_redirect_url),
        ("created at", channel.created_at),
        ("capabilities", channel.capabilities),
        *_extra_rows(channel.extra),
    ]


CHANNEL_COLUMNS = ("ID", "NAME", "WEBHOOK URL", "CREATED AT")


def channel_row(channel: Channel) -> tuple[Any, ...]:
    return (channel.id, channel.name, channel.webhook_url, channel.created_at)


def account_rows(account: ChannelAccount) -> list[tuple[str, Any]]:
    return [
        ("id", account.id),
        ("channel id", account.channel_id),
        ("inbox id", account.inbox_id),
        ("name", account.name),
        ("authorized", account.authorized),
        ("active", account.active),
        ("archived", account.archived),
        ("archived at", account.archived_at),
        ("delivery identifier", account.delivery_identifier),
        ("created at", account.created_at),
        *_extra_rows(account.extra),
    ]


ACCOUNT_COLUMNS = ("ID", "NAME", "INBOX", "AUTHORIZED", "ARCHIVED", "DELIVERY IDENTIFIER")


def account_row(account: ChannelAccount) -> tuple[Any, ...]:
    return (
        account.id,
        account.name,
        account.inbox_id,
        account.authorized,
        account.archived,
        account.delivery_identifier,
    )


def message_rows(message: Message) -> list[tuple[str, Any]]:
    client = message.client
    return [
        ("id", message.id),
        ("channel id", message.channel_id),
        ("channel account id", message.channel_account_id),
        ("thread id", message.conversations_thread_id),
        ("direction", message.direction),
        ("status", message.status),
        ("error message", message.error_message),
        ("text", message.text),
        ("rich text", message.rich_text),
        ("senders", message.senders),
        ("recipients", message.recipients),
        ("attachments", [a.type for a in message.attachments]),
        ("in reply to", message.in_reply_to_id),
        ("client", f"{_cell(client.type)} {client.integration_app_id or ''}".strip() if client else None),
        ("created by", message.created_by),
        ("created at", message.created_at),
        ("updated at", message.updated_at),
        ("truncation", message.truncation_status),
        *_extra_rows(message.extra),
    ]


def emit(as_json: bool, value: Any, rows: Sequence[tuple[str, Any]]) -> None:
    """One object: JSON, or the key-value view built from ``rows``."""
    if as_json:
        echo_json(value)
    else:
        echo_record(rows)
