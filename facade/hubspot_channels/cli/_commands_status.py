"""`status set` and `status bulk`: report delivery statuses (OAuth access token)."""

from __future__ import annotations

import click

from .. import (
    AuthenticationError,
    BulkUpdateInterrupted,
    ConfigurationError,
    HubSpotChannelsError,
    PermissionDeniedError,
    StatusUpdateResult,
)
from .._bulk import DEFAULT_CONCURRENCY
from .._validate import REPORTABLE_STATUSES
from . import _output as out
from ._app import State, json_option, pass_state
from ._bulk_file import FORMATS, FileRows, UnreadableFile, detect_format, read_rows
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
# click.Path for shell completion of file names; existence and readability are checked by read_rows,
# whose message is JSON with --json (click's own would be plain text).
@click.argument("file", metavar="FILE", type=click.Path(allow_dash=True, readable=False, path_type=str))
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
    Every row is checked first, with the client's own rules: if one is invalid nothing is sent (exit 2)
    unless --skip-invalid. Lines end at \\n or \\r\\n only. A file that cannot be read to its end
    (not UTF-8, a quote not closed, a field over 128 KiB) is exit 2 with its line and nothing sent,
    even with --skip-invalid.
    Then prints how many were sent and each failure (line, channel, message, HubSpot's message
    and correlation id; the first 50 of each list, with the count of the others); exit 1 if any
    failed. A rejected access token (401/403) stops the run at once (exit 1, the rest not sent);
    130 on Ctrl-C (with what was done so far).
    """
    try:
        checked_format = detect_format(file, file_format and file_format.lower())
        client = state.client()
        found = read_rows(file, checked_format, client._calls)  # the calls update_statuses makes
    except UnreadableFile as exc:
        raise UsageFailure(f"FILE: {exc}", as_json=state.json, secrets=state.secrets) from None
    if found.invalid and not skip_invalid:
        raise _invalid_rows(found, as_json=state.json, secrets=state.secrets)
    summary = Summary(found.updates, skipped=found.problems, skipped_count=found.invalid)
    shown = not state.json
    try:
        with (
            notice_on_ctrl_c(shown=shown),
            progress(len(found.updates), shown=shown and stderr_is_a_tty()) as advance,
        ):

            def on_result(result: StatusUpdateResult) -> None:
                if isinstance(result.error, ConfigurationError):
                    raise result.error  # e.g. no access token: the same for every row, so stop (exit 3)
                summary.record(result)
                advance(result)
                if isinstance(result.error, (AuthenticationError, PermissionDeniedError)):
                    raise _TokenRefused(result.error)  # every other row would be refused the same way

            try:
                client.messages.update_statuses(found.updates, concurrency=concurrency, on_result=on_result)
            except BulkUpdateInterrupted as stopped:
                summary.record_all(stopped.results)
                summary.interrupted = True
            except _TokenRefused as refused:
                summary.refused = refused.error
    except StopWaiting:  # outside the with: a second Ctrl-C may land anywhere until the handler is restored
        summary.interrupted = True
    summary.echo(as_json=state.json, secrets=state.secrets)
    failure = summary.outcome(as_json=state.json, secrets=state.secrets)
    if failure is not None:
        raise failure


class _TokenRefused(Exception):
    """Raised from on_result to stop update_statuses: no new update starts, the ones in flight finish."""

    def __init__(self, error: HubSpotChannelsError) -> None:
        super().__init__(str(error))
        self.error = error


def _invalid_rows(found: FileRows, *, as_json: bool, secrets: list[str]) -> UsageFailure:
    not_listed = found.invalid - len(found.problems)
    details: dict[str, object]
    if as_json:
        details = {
            "invalid_rows": [problem.as_json() for problem in found.problems],
            "invalid_rows_not_listed": not_listed,
        }
    else:
        more = [f"... and {not_listed} more invalid row(s), not listed"] if not_listed else []
        details = {"errors": [f"{problem.where}: {problem.text}" for problem in found.problems] + more}
    return UsageFailure(
        f"{found.invalid} of {found.rows} rows are invalid, nothing was sent (--skip-invalid sends the others)",
        details=details,
        as_json=as_json,
        secrets=secrets,
    )
