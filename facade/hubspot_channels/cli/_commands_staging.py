"""`staging-tokens update`: finish connecting an account that HubSpot's UI started (OAuth access token).

A staging token is a credential: it is read from HUBSPOT_STAGING_TOKEN or stdin (not only the command
line, where `ps` and the shell history see it) and never printed, not even back in the result.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from .. import DeliveryIdentifier, RequestValidationError, StagingToken
from .._validate import INT32_MAX, numeric_id
from . import _output as out
from ._app import State, json_option, pass_state
from ._errors import redact
from ._parse import IDENTIFIER_TYPES, delivery_identifier

ENV_STAGING_TOKEN = "HUBSPOT_STAGING_TOKEN"
SHOWN_INSTEAD = "<staging token, not shown>"


@click.group("staging-tokens")
def staging_tokens() -> None:
    """Accounts being connected through a public app's staging tokens (needs HUBSPOT_ACCESS_TOKEN)."""


@staging_tokens.command("update")
@click.argument("channel_id")
@click.argument("account_token", metavar="[ACCOUNT_TOKEN|-]", required=False, envvar=ENV_STAGING_TOKEN)
@click.option("--account-name", metavar="NAME", help="The account's name, shown in HubSpot's inbox.")
@click.option(
    "--delivery-identifier",
    metavar="TYPE:VALUE",
    help=f"The account's own address, e.g. HS_PHONE_NUMBER:+15550100 ({IDENTIFIER_TYPES}).",
)
@json_option
@pass_state
def update_staging_token(
    state: State,
    channel_id: str,
    account_token: str | None,
    account_name: str | None,
    delivery_identifier: str | None,
) -> None:
    """Name the account of a staging token and give its delivery identifier (at least one of the two).

    The token comes from ACCOUNT_TOKEN, from stdin with '-', or from HUBSPOT_STAGING_TOKEN.
    """
    token = _token(account_token)
    state.secrets.append(token)  # scrubbed from any error message, as the other credentials are
    _check_channel_id(channel_id)
    if account_name is None and delivery_identifier is None:
        raise click.UsageError("nothing to send: give --account-name and/or --delivery-identifier")
    ident = None if delivery_identifier is None else _identifier(delivery_identifier)
    staged = state.client().staging_tokens.update(
        channel_id, token, account_name=account_name, delivery_identifier=ident
    )
    if state.json:
        shown = {**out.to_jsonable(staged), "account_token": SHOWN_INSTEAD}
        click.echo(redact(json.dumps(shown, indent=2, ensure_ascii=False), [token]))
    else:
        out.echo_record(_rows(staged, token))


def _token(argument: str | None) -> str:
    if argument == "-":
        argument = sys.stdin.readline().strip()
    if not argument:
        raise click.UsageError(
            f"give the staging token: ACCOUNT_TOKEN, '-' for stdin, or set {ENV_STAGING_TOKEN}"
        )
    return argument


def _check_channel_id(channel_id: str) -> None:
    # The facade's check, with a message that does not echo the value: given first by mistake, the
    # "channel id" is the staging token.
    try:
        numeric_id(channel_id, "channel_id", INT32_MAX)
    except RequestValidationError:
        raise click.BadParameter(
            "must be the channel's numeric id (the value is not shown: it may be the token, which comes"
            " second: staging-tokens update CHANNEL_ID ACCOUNT_TOKEN)",
            param_hint="CHANNEL_ID",
        ) from None


def _identifier(spec: str) -> Any:
    return delivery_identifier(spec, "--delivery-identifier")


def _rows(staged: StagingToken, token: str) -> list[tuple[str, Any]]:
    # extra holds fields this library does not model: shown as JSON text, the token scrubbed from it
    extra = [
        (f"extra.{key}", redact(json.dumps(out.to_jsonable(value)), [token]))
        for key, value in staged.extra.items()
    ]
    modelled: list[tuple[str, Any]] = [
        ("channel id", staged.channel_id),
        ("inbox id", staged.inbox_id),
        ("user id", staged.user_id),
        ("account name", staged.account_name),
        ("delivery identifier", staged.delivery_identifier),
        ("created at", staged.created_at),
    ]
    # scrubbed as --json is: HubSpot could echo the token in any field
    scrubbed = [(label, _scrubbed(value, token)) for label, value in modelled]
    return [("account token", SHOWN_INSTEAD), *scrubbed, *extra]


def _scrubbed(value: Any, token: str) -> Any:
    if isinstance(value, str):
        return redact(value, [token])
    if isinstance(value, DeliveryIdentifier):
        return DeliveryIdentifier(value.type, redact(value.value, [token]))
    return value
