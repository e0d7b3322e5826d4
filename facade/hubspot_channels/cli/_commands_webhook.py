"""`webhook verify`: check a captured webhook request the way a receiver would, offline."""

from __future__ import annotations

from typing import IO, Any

import click

from .. import webhooks
from . import _output as out
from ._app import State, json_option, pass_state
from ._errors import ENV_CLIENT_SECRET, ConfigFailure
from ._parse import header, headers_from_json
from ._types import Seconds


@click.group()
def webhook() -> None:
    """Webhook requests HubSpot sends to your channel's webhook URL."""


@webhook.command("verify")
@click.option(
    "--body-file",
    type=click.File("rb"),
    required=True,
    help="The raw request body, byte for byte ('-' for stdin).",
)
@click.option(
    "--header", "header_specs", multiple=True, metavar="'NAME: VALUE'", help="A request header (repeatable)."
)
@click.option(
    "--headers-file",
    type=click.File("r"),
    help='Headers as JSON: {"Name": "value"} or [["Name", "value"], ...].',
)
@click.option("--method", default="POST", show_default=True, help="The request method.")
@click.option(
    "--url",
    required=True,
    help="The full URL HubSpot called (scheme, host, path, query): the public one behind a proxy.",
)
@click.option(
    "--secret",
    envvar=ENV_CLIENT_SECRET,
    show_envvar=True,
    help="The app's client secret. Prefer the environment variable: options show up in `ps`.",
)
@click.option(
    "--tolerance",
    type=Seconds(allow_zero=True, maximum=None),
    default=webhooks.DEFAULT_TOLERANCE,
    show_default=True,
    help="Maximum age in seconds of a v3 timestamp; raise it to check an old capture.",
)
@click.option(
    "--signature-version",
    "legacy_versions",
    multiple=True,
    type=click.Choice(["v1", "v2", "v3"], case_sensitive=False),
    help="Also accept this signature version (repeatable). v3 is always accepted; v1 and v2 carry "
    "no timestamp, so a captured request can be replayed: accept them only for an app that needs them.",
)
@json_option
@pass_state
def verify(
    state: State,
    body_file: IO[bytes],
    header_specs: tuple[str, ...],
    headers_file: IO[str] | None,
    method: str,
    url: str,
    secret: str | None,
    tolerance: float,
    legacy_versions: tuple[str, ...],
) -> None:
    """Check a captured request's signature (v3; v1/v2 with --signature-version), then that its body
    is a webhook event.

    Prints OK and the event, or which check failed (exit code 5).
    """
    headers = headers_from_json(headers_file) if headers_file is not None else []
    headers += [header(spec) for spec in header_specs]
    if not secret:
        raise ConfigFailure(f"no client secret: pass --secret or set {ENV_CLIENT_SECRET}", as_json=state.json)
    state.secrets.append(secret)
    body = body_file.read()
    # Raises WebhookSignatureError / WebhookPayloadError, which the root turns into exit code 5.
    webhooks.verify_signature(
        body,
        headers,
        method=method,
        url=url,
        client_secret=secret,
        tolerance=tolerance,
        signature_versions=("v3", *(version.lower() for version in legacy_versions)),
    )
    event = webhooks.parse_event(body)
    if state.json:
        out.echo_json(
            {"ok": True, "signature_version": _version(headers), "event_type": event.type, "event": event}
        )
    else:
        click.echo(f"OK: signature ({_version(headers)}) valid; event {event.type}")
        out.echo_record(_event_rows(event))


def _version(headers: list[tuple[str, str]]) -> str:
    names = {name.lower(): value for name, value in headers}
    # As the verifier decides: either v3 header means v3 alone.
    if "x-hubspot-signature-v3" in names or "x-hubspot-request-timestamp" in names:
        return "v3"
    return names.get("x-hubspot-signature-version", "?").lower()


def _event_rows(event: webhooks.Event) -> list[tuple[str, Any]]:
    if isinstance(event, webhooks.UnknownEvent):
        return [("note", "event type not modelled by this library; raw body follows"), ("raw", event.raw)]
    rows: list[tuple[str, Any]] = [
        ("event id", event.event_id),
        ("portal id", event.portal_id),
        ("channel id", event.channel_id),
        ("timestamp", event.event_timestamp),
    ]
    if isinstance(event, webhooks.OutgoingMessageCreated):
        rows += [
            ("message id", event.message.id),
            ("account id", event.message.channel_account_id),
            ("recipients", event.message.recipients),
            ("text", event.message.text),
        ]
    else:
        rows += [
            ("account id", event.channel_account_id),
            ("delivery identifier", event.channel_account_delivery_identifier),
        ]
    return rows
