"""`channels list|get|create|update|archive` (developer API key and app id)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import IO, Any, TypeVar

import click

from . import _output as out
from ._app import State, json_option, pass_state
from ._parse import json_object_option, load_json_object, reject_unknown_keys

# --file takes the API's own request body, so a body copied from HubSpot's docs works as is.
_FILE_FIELDS = {
    "name": "name",
    "capabilities": "capabilities",
    "webhookUrl": "webhook_url",
    "channelDescription": "description",
    "channelLogoUrl": "logo_url",
    "channelAccountConnectionRedirectUrl": "account_connection_redirect_url",
}
MAX_PAGE_SIZE = 100
F = TypeVar("F", bound=Callable[..., Any])


@click.group()
def channels() -> None:
    """Channels registered by your app (needs HUBSPOT_DEVELOPER_API_KEY and HUBSPOT_APP_ID)."""


@channels.command("list")
@click.option(
    "--limit", type=click.IntRange(min=1), default=None, help="Show at most N channels (default: all)."
)
@json_option
@pass_state
def list_channels(state: State, limit: int | None) -> None:
    """List the app's channels, following every page."""
    pager = state.client().channels.list(limit=min(limit, MAX_PAGE_SIZE) if limit else None)
    items = list(itertools.islice(pager, limit))
    if state.json:
        out.echo_json(items)
    else:
        out.echo_table(out.CHANNEL_COLUMNS, (out.channel_row(c) for c in items), empty="No channels.")


@channels.command("get")
@click.argument("channel_id")
@json_option
@pass_state
def get_channel(state: State, channel_id: str) -> None:
    """Show one channel."""
    channel = state.client().channels.get(channel_id)
    out.emit(state.json, channel, out.channel_rows(channel))


def _channel_field_options(command: F) -> F:
    """The options of `create` and `update`: the same fields, named as HubSpot's request body names them."""
    options = [
        click.option(
            "--file", "file_", type=click.File("r"), help="The request body as JSON ('-' for stdin)."
        ),
        click.option("--name", help="Channel name."),
        click.option("--webhook-url", help="Where HubSpot sends this channel's webhooks."),
        click.option(
            "--capabilities",
            metavar="JSON",
            callback=json_object_option,
            help='JSON object, e.g. \'{"deliveryIdentifierTypes": ["HS_PHONE_NUMBER"]}\'.',
        ),
        click.option("--description", help="Channel description."),
        click.option("--logo-url", help="Channel logo URL."),
        click.option("--redirect-url", help="Account connection redirect URL."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _channel_fields(file_: IO[str] | None, flags: dict[str, Any]) -> dict[str, Any]:
    """The facade's keyword arguments from --file and the options (options override the file's fields)."""
    fields: dict[str, Any] = {}
    if file_ is not None:
        data = load_json_object(file_, "--file")
        reject_unknown_keys(data, tuple(_FILE_FIELDS), "--file")
        fields = {_FILE_FIELDS[key]: value for key, value in data.items()}
    fields.update({key: value for key, value in flags.items() if value is not None})
    return fields


@channels.command("create")
@_channel_field_options
@json_option
@pass_state
def create_channel(
    state: State,
    file_: IO[str] | None,
    name: str | None,
    webhook_url: str | None,
    capabilities: dict[str, Any] | None,
    description: str | None,
    logo_url: str | None,
    redirect_url: str | None,
) -> None:
    """Register a channel, from --file or from the options (options override the file's fields).

    Capabilities default to {}."""
    fields = _channel_fields(
        file_,
        {
            "name": name,
            "webhook_url": webhook_url,
            "capabilities": capabilities,
            "description": description,
            "logo_url": logo_url,
            "account_connection_redirect_url": redirect_url,
        },
    )
    if not fields.get("name"):
        raise click.UsageError('a channel needs a name: --name NAME or "name" in --file')
    fields.setdefault("capabilities", {})
    channel = state.client().channels.create(**fields)
    out.emit(state.json, channel, out.channel_rows(channel))


@channels.command("update")
@click.argument("channel_id")
@_channel_field_options
@json_option
@pass_state
def update_channel(
    state: State,
    channel_id: str,
    file_: IO[str] | None,
    name: str | None,
    webhook_url: str | None,
    capabilities: dict[str, Any] | None,
    description: str | None,
    logo_url: str | None,
    redirect_url: str | None,
) -> None:
    """Change a channel's fields (e.g. its webhook URL); only the fields given are sent.

    \b
    hubspot-channels channels update 1001 --webhook-url https://example.com/hubspot
    """
    fields = _channel_fields(
        file_,
        {
            "name": name,
            "webhook_url": webhook_url,
            "capabilities": capabilities,
            "description": description,
            "logo_url": logo_url,
            "account_connection_redirect_url": redirect_url,
        },
    )
    if not fields:
        raise click.UsageError(
            "nothing to change: give --name, --webhook-url, --capabilities, --description, --logo-url,"
            " --redirect-url or --file"
        )
    channel = state.client().channels.update(channel_id, **fields)
    out.emit(state.json, channel, out.channel_rows(channel))


@channels.command("archive")
@click.argument("channel_id")
@json_option
@pass_state
def archive_channel(state: State, channel_id: str) -> None:
    """Archive (delete) a channel."""
    state.client().channels.archive(channel_id)
    if state.json:
        out.echo_json({"archived": True, "channel_id": channel_id})
    else:
        click.echo(f"Archived channel {channel_id}.")
