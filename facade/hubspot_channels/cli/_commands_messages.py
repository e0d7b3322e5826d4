"""`messages get|publish` (OAuth access token)."""

from __future__ import annotations

import datetime as dt
from typing import IO, Any

import click

from .. import MessageDirection, Participant
from . import _output as out
from ._app import State, json_option, pass_state
from ._parse import (
    IDENTIFIER_TYPES,
    load_json_object,
    participant_from_json,
    participants,
    reject_unknown_keys,
)

_FILE_FIELDS = (
    "channelAccountId",
    "text",
    "messageDirection",
    "senders",
    "recipients",
    "richText",
    "inReplyToId",
    "integrationThreadId",
    "attachments",
    "timestamp",
    "integrationIdempotencyId",
)


@click.group()
def messages() -> None:
    """Publish and read messages (needs HUBSPOT_ACCESS_TOKEN)."""


@messages.command("get")
@click.argument("channel_id")
@click.argument("message_id")
@json_option
@pass_state
def get_message(state: State, channel_id: str, message_id: str) -> None:
    """Show one message, with its delivery status."""
    message = state.client().messages.get(channel_id, message_id)
    out.emit(state.json, message, out.message_rows(message))


@messages.command("publish")
@click.argument("channel_id")
@click.option(
    "--file",
    "file_",
    type=click.File("r"),
    help="The API request body as JSON ('-' for stdin); not combinable with the options below.",
)
@click.option("--account", "account_id", metavar="ACCOUNT_ID", help="Channel account id.")
@click.option("--text", help="Message text.")
@click.option(
    "--sender",
    "senders",
    multiple=True,
    metavar="TYPE:VALUE",
    help=f"Sender (repeatable), TYPE one of {IDENTIFIER_TYPES}; split at the first colon only, so VALUE"
    " may contain ':' (e.g. CHANNEL_SPECIFIC_OPAQUE_ID:whatsapp:+14155238886).",
)
@click.option(
    "--sender-name",
    "sender_names",
    multiple=True,
    metavar="NAME",
    help="The sender's display name (repeatable: the n-th names the n-th --sender).",
)
@click.option(
    "--recipient",
    "recipients",
    multiple=True,
    metavar="TYPE:VALUE",
    help="Recipient (repeatable), as --sender.",
)
@click.option(
    "--recipient-name",
    "recipient_names",
    multiple=True,
    metavar="NAME",
    help="The recipient's display name (the n-th names the n-th --recipient).",
)
@click.option(
    "--direction",
    type=click.Choice([d.value for d in MessageDirection], case_sensitive=False),
    default=None,
    help="INCOMING (from a visitor, the default) or OUTGOING (sent elsewhere).",
)
@click.option("--in-reply-to", metavar="MESSAGE_ID", help="Id of the message this one answers.")
@click.option("--thread-id", metavar="ID", help="Your integration's thread id.")
@json_option
@pass_state
def publish_message(
    state: State,
    channel_id: str,
    file_: IO[str] | None,
    account_id: str | None,
    text: str | None,
    senders: tuple[str, ...],
    sender_names: tuple[str, ...],
    recipients: tuple[str, ...],
    recipient_names: tuple[str, ...],
    direction: str | None,
    in_reply_to: str | None,
    thread_id: str | None,
) -> None:
    """Publish a message to a channel: an INCOMING one from a visitor, or an OUTGOING one sent elsewhere."""
    flags_used = any(
        [account_id, text is not None, senders, sender_names, recipients, recipient_names]
        + [direction, in_reply_to, thread_id]
    )
    if file_ is not None and flags_used:
        raise click.UsageError("give either --file or the message options, not both")
    if file_ is not None:
        fields = _fields_from_file(load_json_object(file_, "--file"))
    else:
        given = {"--account": account_id, "--text": text, "--sender": senders, "--recipient": recipients}
        missing = [flag for flag, value in given.items() if value is None or value == ()]
        if missing:
            raise click.UsageError(f"missing {', '.join(missing)} (or use --file)")
        fields = {
            "channel_account_id": account_id,
            "text": text,
            "senders": participants(senders, sender_names, "--sender"),
            "recipients": participants(recipients, recipient_names, "--recipient"),
            "direction": (direction or MessageDirection.INCOMING.value).upper(),
            "in_reply_to_id": in_reply_to,
            "integration_thread_id": thread_id,
        }
    message = state.client().messages.publish(channel_id, **fields)
    out.emit(state.json, message, out.message_rows(message))


def _fields_from_file(data: dict[str, Any]) -> dict[str, Any]:
    reject_unknown_keys(data, _FILE_FIELDS, "--file")
    for key in ("channelAccountId", "text", "senders", "recipients"):
        if key not in data:
            raise click.BadParameter(f"missing required field {key!r}", param_hint="--file")
    senders: list[Participant] = [
        participant_from_json(p, f"senders[{i}]") for i, p in enumerate(_list(data, "senders"))
    ]
    recipients = [
        participant_from_json(p, f"recipients[{i}]") for i, p in enumerate(_list(data, "recipients"))
    ]
    fields: dict[str, Any] = {
        "channel_account_id": data["channelAccountId"],
        "text": data["text"],
        "senders": senders,
        "recipients": recipients,
        "direction": data.get("messageDirection", MessageDirection.INCOMING.value),
        "rich_text": data.get("richText"),
        "in_reply_to_id": data.get("inReplyToId"),
        "integration_thread_id": data.get("integrationThreadId"),
        "attachments": _list(data, "attachments"),
    }
    if "timestamp" in data:
        try:
            fields["timestamp"] = dt.datetime.fromisoformat(str(data["timestamp"]))
        except ValueError:
            raise click.BadParameter(
                "timestamp must be ISO 8601 with a UTC offset", param_hint="--file"
            ) from None
    if "integrationIdempotencyId" in data:
        # Reusing the file's id makes re-running the same command safe: HubSpot will not duplicate it.
        fields["idempotency_id"] = data["integrationIdempotencyId"]
    return fields


def _list(data: dict[str, Any], key: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise click.BadParameter(f"{key} must be a list", param_hint="--file")
    return value
