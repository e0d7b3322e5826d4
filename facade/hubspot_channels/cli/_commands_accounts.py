"""`accounts list|get|create|update`: channel accounts (OAuth access token)."""

from __future__ import annotations

import itertools

import click

from .. import DeliveryIdentifier
from . import _output as out
from ._app import State, json_option, pass_state
from ._parse import IDENTIFIER_TYPES, delivery_identifier

MAX_PAGE_SIZE = 100


@click.group()
def accounts() -> None:
    """Accounts connected to a channel (needs HUBSPOT_ACCESS_TOKEN)."""


@accounts.command("list")
@click.argument("channel_id")
@click.option(
    "--limit", type=click.IntRange(min=1), default=None, help="Show at most N accounts (default: all)."
)
@click.option("--archived", is_flag=True, help="List archived accounts.")
@click.option(
    "--identifier-type",
    "types",
    multiple=True,
    metavar="TYPE",
    help=f"Only accounts with this delivery identifier type (repeatable): {IDENTIFIER_TYPES}.",
)
@click.option(
    "--identifier-value",
    "values",
    multiple=True,
    metavar="VALUE",
    help="Only accounts with this delivery identifier value (repeatable).",
)
@json_option
@pass_state
def list_accounts(
    state: State,
    channel_id: str,
    limit: int | None,
    archived: bool,
    types: tuple[str, ...],
    values: tuple[str, ...],
) -> None:
    """List a channel's accounts, following every page."""
    pager = state.client().channel_accounts.list(
        channel_id,
        limit=min(limit, MAX_PAGE_SIZE) if limit else None,
        archived=True if archived else None,  # None: HubSpot's default rather than an explicit false
        delivery_identifier_types=list(types) or None,
        delivery_identifier_values=list(values) or None,
    )
    items = list(itertools.islice(pager, limit))
    if state.json:
        out.echo_json(items)
    else:
        out.echo_table(out.ACCOUNT_COLUMNS, (out.account_row(a) for a in items), empty="No channel accounts.")


@accounts.command("get")
@click.argument("channel_id")
@click.argument("account_id")
@json_option
@pass_state
def get_account(state: State, channel_id: str, account_id: str) -> None:
    """Show one channel account."""
    account = state.client().channel_accounts.get(channel_id, account_id)
    out.emit(state.json, account, out.account_rows(account))


@accounts.command("create")
@click.argument("channel_id")
@click.option("--name", required=True, help="Account name shown in HubSpot.")
@click.option("--inbox-id", required=True, help="The HubSpot inbox to connect the account to.")
@click.option("--authorized/--unauthorized", default=True, show_default=True, help="Whether it may send.")
@click.option(
    "--delivery-identifier",
    metavar="TYPE:VALUE",
    help=f"The account's own address, e.g. HS_PHONE_NUMBER:+15550100 ({IDENTIFIER_TYPES}).",
)
@json_option
@pass_state
def create_account(
    state: State, channel_id: str, name: str, inbox_id: str, authorized: bool, delivery_identifier: str | None
) -> None:
    """Connect an account to a channel."""
    ident = _identifier(delivery_identifier)
    account = state.client().channel_accounts.create(
        channel_id, name=name, inbox_id=inbox_id, authorized=authorized, delivery_identifier=ident
    )
    out.emit(state.json, account, out.account_rows(account))


@accounts.command("update")
@click.argument("channel_id")
@click.argument("account_id")
@click.option("--name", help="New account name.")
@click.option(
    "--authorized/--unauthorized", default=None, help="Allow or stop sending. Unchanged if not given."
)
@json_option
@pass_state
def update_account(
    state: State, channel_id: str, account_id: str, name: str | None, authorized: bool | None
) -> None:
    """Rename an account or change whether it is authorized (at least one of the two)."""
    if name is None and authorized is None:
        raise click.UsageError("nothing to change: give --name and/or --authorized/--unauthorized")
    account = state.client().channel_accounts.update(channel_id, account_id, name=name, authorized=authorized)
    out.emit(state.json, account, out.account_rows(account))


def _identifier(spec: str | None) -> DeliveryIdentifier | None:
    return None if spec is None else delivery_identifier(spec, "--delivery-identifier")
