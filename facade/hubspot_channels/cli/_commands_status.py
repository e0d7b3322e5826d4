"""`status set` and `status bulk`: report delivery statuses (OAuth access token)."""

from __future__ import annotations

import click

from .. import BulkUpdateInterrupted, ConfigurationError, StatusUpdateResult
from .._bulk import DEFAULT_CONCURRENCY
from .._validate import REPORTABLE_STATUSES
from . import _output as out
from ._app import State, json_option, pass_state
from ._bulk_file import FORMATS, detect_format, read_rows
from ._bulk_report import StopWaiting, Summary, notice_on_ctrl_c, progress, stderr_is_a_tty
from ._errors import UsageFailure

# The statuses an integration may report (RECEIVED is HubSpot's own): the facade's list, for --help.
SETTABLE_STATUSES = REPORTABLE_STATUSES
MAX_CONCURRENCY = 64


@click.group()
def status() -> None:
    """Report a message's delivery status (needs HUBSPOT_ACCESS_TOKEN)."""


@status.command("set")
@click.argument("channel_id")
@click.argument("message_id")
@click.argument(
    "new_status",
    metavar="sent|failed|read",
    type=click.Choice([s.value.lower() for s in SETTABLE_STATUSES], case_sensitive=False),
)
@click.option("--error", "error_message", metavar="TEXT", help="Why delivery failed (only with 'failed').")
@json_option
@pass_state
def set_status(
    state: State, channel_id: str, message_id: str, new_status: str, error_message: str | None
) -> None:
    """Report that an outgoing message was sent, failed or read."""
    if (
        error_message is not None and new_status.upper() != "FAILED"
    ):  # the facade says it too, in Python terms
        raise click.BadParameter("only allowed with status 'failed'", param_hint="--error")
    message = state.client().messages.update_status(
        channel_id, message_id, new_status.upper(), error_message=error_message
    )
    out.emit(state.json, message, out.message_rows(message))


@status.command("bulk")
@click.argument("file", metavar="FILE")
@click.option(
    "--format",
    "file_format",
    type=click.Choice(FORMATS, case_sensitive=False),
    default=None,
    help="csv or jsonl. [default: from the extension: .csv, .jsonl or .ndjson]",
)
@click.option(
    "--concurrency",
    type=click.IntRange(1, MAX_CONCURRENCY),
    default=DEFAULT_CONCURRENCY,
    show_default=True,
    help="Updates in flight at once (the client's retries and rate limit apply to each).",
)
@click.option("--skip-invalid", is_flag=True, help="Send the valid rows even if some are invalid (listed).")
@json_option
@pass_state
def bulk_status(
    state: State, file: str, file_format: str | None, concurrency: int, skip_invalid: bool
) -> None:
    """Report many statuses from a CSV or JSON Lines file ('-' for stdin, with --format).

    \b
    Columns (CSV header) or keys (one JSON object a line): channel, message, status
    (sent, failed or read) and, for failed, an optional error text:
      channel,message,status,error
      1001,5f2c...,failed,Recipient blocked the number
    Every row is checked first: if one is invalid nothing is sent (exit 2) unless --skip-invalid.
    Then prints how many were sent and each failure (line, channel, message, HubSpot's message
    and correlation id); exit 1 if any failed, 130 on Ctrl-C (with what was done so far).
    """
    rows = read_rows(file, detect_format(file, file_format and file_format.lower()))
    invalid = [row for row in rows if row.update is None]
    if invalid and not skip_invalid:
        problems = [f"line {row.line}: {row.problem}" for row in invalid]
        raise UsageFailure(
            f"{len(invalid)} of {len(rows)} rows are invalid, nothing was sent (--skip-invalid sends the others)",
            details={
                "errors": problems,
                "invalid_rows": [{"line": r.line, "problem": r.problem} for r in invalid],
            },
            as_json=state.json,
            secrets=state.secrets,
        )
    valid = [row for row in rows if row.update is not None]
    updates = [row.update for row in valid if row.update is not None]
    index_of = {id(update): index for index, update in enumerate(updates)}
    collected: list[StatusUpdateResult | None] = [None] * len(updates)  # what a second Ctrl-C leaves
    client = state.client()
    shown = not state.json
    results: list[StatusUpdateResult | None]
    try:
        with (
            notice_on_ctrl_c(shown=shown),
            progress(len(valid), shown=shown and stderr_is_a_tty()) as advance,
        ):

            def on_result(result: StatusUpdateResult) -> None:
                if isinstance(result.error, ConfigurationError):
                    raise result.error  # e.g. no access token: the same for every row, so stop (exit 3)
                collected[index_of[id(result.update)]] = result
                advance(result)

            try:
                results = list(
                    client.messages.update_statuses(updates, concurrency=concurrency, on_result=on_result)
                )
                interrupted = False
            except BulkUpdateInterrupted as stopped:
                results, interrupted = stopped.results, True
    except StopWaiting:  # outside the with: a second Ctrl-C may land anywhere until the handler is restored
        results, interrupted = list(collected), True
    summary = Summary.of(valid, results, invalid)
    summary.interrupted = interrupted
    summary.echo(as_json=state.json, secrets=state.secrets)
    failure = summary.outcome(as_json=state.json, secrets=state.secrets)
    if failure is not None:
        raise failure
