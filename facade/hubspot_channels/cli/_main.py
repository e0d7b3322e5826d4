"""The command line assembled: every command group on the root command, and the process exit (see the
package's docstring). Imported by ``main`` on first use, so that the entry point itself loads nothing."""

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

__all__ = ["cli", "run"]

for _group in (channels, accounts, staging_tokens, messages, status, outbox, webhook):
    cli.add_command(_group)


def run(argv: Sequence[str] | None = None) -> None:
    """Runs one command line; exits the process with one of the documented exit codes."""
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
