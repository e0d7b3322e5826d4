"""``hubspot-channels``: the Custom Channels API from the shell, for operators debugging an integration.

    hubspot-channels channels list
    hubspot-channels channels create --name "SMS" --webhook-url https://example.com/hubspot
    hubspot-channels channels update CHANNEL_ID --webhook-url https://example.com/hubspot/v2
    hubspot-channels accounts create CHANNEL_ID --name "Support line" --inbox-id 1001
    hubspot-channels messages publish CHANNEL_ID --account 42 --text hi \\
        --sender HS_PHONE_NUMBER:+15550100:Visitor --recipient HS_PHONE_NUMBER:+15550199
    hubspot-channels messages get CHANNEL_ID MESSAGE_ID --json
    hubspot-channels staging-tokens update CHANNEL_ID - --account-name "Support line" < token.txt
    hubspot-channels status set CHANNEL_ID MESSAGE_ID failed --error "number blocked"
    hubspot-channels status bulk statuses.csv --json
    hubspot-channels webhook verify --body-file body.json --headers-file headers.json --url https://...

(or ``python -m hubspot_channels.cli ...``). Shell completion: ``eval "$(_HUBSPOT_CHANNELS_COMPLETE=bash_source
hubspot-channels)"`` (zsh_source, fish_source for the other shells). Global options: ``--base-url`` (or HUBSPOT_BASE_URL),
``--api-version``, ``--json``, ``--timeout``, ``--deadline``, ``--max-retries``, ``-v``. Credentials come from the
environment only: HUBSPOT_DEVELOPER_API_KEY and HUBSPOT_APP_ID (channels), HUBSPOT_ACCESS_TOKEN
(accounts, messages, status), HUBSPOT_CLIENT_SECRET (webhook verify, or ``--secret``).

Exit codes, for scripts:

    0  success
    1  HubSpot answered with an error status (4xx/5xx) or an unreadable body
    2  usage error or invalid argument; nothing was sent
    3  configuration error, e.g. a missing credential; nothing was sent
    4  connection error or timeout; no response
    5  webhook signature or payload invalid (``webhook verify``)
    130  interrupted (Ctrl-C); a request in flight may have reached HubSpot

Errors go to stderr with HubSpot's message and correlation id (a JSON object with ``--json``); a
token, API key or client secret is never printed. Built on ``CustomChannelsClient`` only.
``import hubspot_channels`` does not import this package (nor click).
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Sequence

from ._app import cli
from ._commands_accounts import accounts
from ._commands_channels import channels
from ._commands_messages import messages
from ._commands_outbox import outbox
from ._commands_staging import staging_tokens
from ._commands_status import status
from ._commands_webhook import webhook
from ._errors import EXIT_INTERRUPTED

__all__ = ["cli", "main"]

for _group in (channels, accounts, staging_tokens, messages, status, outbox, webhook):
    cli.add_command(_group)


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point; exits the process with one of the documented exit codes."""
    try:
        # prog_name fixed so that help and usage read the same under `python -m hubspot_channels.cli`.
        cli.main(args=list(argv) if argv is not None else None, prog_name="hubspot-channels")
    except SystemExit as done:
        if done.code == EXIT_INTERRUPTED and _threads_left():
            # A bulk run stopped by a second Ctrl-C leaves workers blocked in a request: Python would join
            # them at exit, i.e. wait up to --timeout after the summary was printed. Nothing is left to do.
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(EXIT_INTERRUPTED)
        raise


def _threads_left() -> bool:
    main_thread = threading.main_thread()
    return any(t.is_alive() and not t.daemon and t is not main_thread for t in threading.enumerate())
