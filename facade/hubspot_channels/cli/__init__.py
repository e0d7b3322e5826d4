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
``import hubspot_channels`` does not import this package (nor click). The command line needs the ``cli``
extra: ``pip install 'hubspot-channels[cli]'``; without it the command says so in one line and exits 2.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._main import cli

__all__ = ["cli", "main"]

# This module stays tiny (the console script imports it first): the commands and click load inside main, so
# a Ctrl-C while they load ends quietly like any interrupted command, and a missing click is one clear line.
EXIT_INTERRUPTED = 130  # as in _errors, which needs click
EXIT_USAGE = 2
MISSING_CLICK = (
    "error: the hubspot-channels command line needs the 'cli' extra: pip install 'hubspot-channels[cli]'"
)


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point; exits the process with one of the documented exit codes."""
    try:
        try:
            from ._main import run
        except ModuleNotFoundError as missing:
            if missing.name != "click":
                raise
            print(MISSING_CLICK, file=sys.stderr)
            sys.exit(EXIT_USAGE)
        run(argv)
    except KeyboardInterrupt:  # before click took over Ctrl-C (while importing): no traceback
        sys.exit(EXIT_INTERRUPTED)


if not TYPE_CHECKING:  # hidden from type checkers, which would otherwise accept any name from here

    def __getattr__(name: str) -> object:
        if name != "cli":
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        from ._main import cli

        return cli
