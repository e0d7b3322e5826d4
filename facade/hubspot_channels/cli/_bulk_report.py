"""What `status bulk` shows: the progress bar (a TTY only), the notice on Ctrl-C, and the summary."""

from __future__ import annotations

import contextlib
import json
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from types import FrameType
from typing import Any

import click

from .. import HubSpotChannelsError, StatusUpdateResult
from ._bulk_file import Row
from ._errors import EXIT_INTERRUPTED, ApiFailure, CliError, from_library_error, redact

MAX_LINES_LISTED = 20  # of the lines not sent, in the readable view (--json lists them all)


@dataclass
class Summary:
    """The outcome per row of the file, in file order."""

    sent: list[Row] = field(default_factory=list)
    failed: list[tuple[Row, HubSpotChannelsError]] = field(default_factory=list)
    not_sent: list[Row] = field(default_factory=list)  # Ctrl-C came first
    skipped: list[Row] = field(default_factory=list)  # invalid, with --skip-invalid
    interrupted: bool = False

    @classmethod
    def of(
        cls, rows: Sequence[Row], results: Sequence[StatusUpdateResult | None], skipped: Sequence[Row]
    ) -> Summary:
        summary = cls(skipped=list(skipped))
        for row, result in zip(rows, results, strict=True):
            if result is None:
                summary.not_sent.append(row)
            elif result.error is not None:
                summary.failed.append((row, result.error))
            else:
                summary.sent.append(row)
        return summary

    @property
    def attempted(self) -> int:
        return len(self.sent) + len(self.failed) + len(self.not_sent)

    def as_json(self, secrets: Sequence[str]) -> dict[str, Any]:
        return {
            "sent": len(self.sent),
            "failed": len(self.failed),
            "not_sent": len(self.not_sent),
            "skipped": len(self.skipped),
            "interrupted": self.interrupted,
            "failures": [
                {**_row_json(row), "error": _error_json(error, secrets)} for row, error in self.failed
            ],
            "not_sent_lines": [row.line for row in self.not_sent],
            "skipped_rows": [{"line": row.line, "problem": row.problem} for row in self.skipped],
        }

    def echo(self, *, as_json: bool, secrets: Sequence[str]) -> None:
        if as_json:
            click.echo(redact(json.dumps(self.as_json(secrets), indent=2, ensure_ascii=False), secrets))
            return
        click.echo(f"Sent {len(self.sent)} of {self.attempted} status updates, {len(self.failed)} failed.")
        for row, error in self.failed:
            where = f"line {row.line}: channel {row.fields['channel']}, message {row.fields['message']}"
            click.echo(redact(f"  {where}: {error}", secrets))
        if self.not_sent:
            lines = [str(row.line) for row in self.not_sent]
            more = f" and {len(lines) - MAX_LINES_LISTED} more" if len(lines) > MAX_LINES_LISTED else ""
            listed = ", ".join(lines[:MAX_LINES_LISTED])
            click.echo(f"Not sent (interrupted): {len(lines)}, lines {listed}{more}.")
        if self.skipped:
            click.echo(f"Skipped {len(self.skipped)} invalid row(s):")
            for row in self.skipped:
                click.echo(f"  line {row.line}: {row.problem}")

    def outcome(self, *, as_json: bool, secrets: Sequence[str]) -> CliError | None:
        """The error that sets the exit code: 130 when interrupted, 1 when an update failed."""
        if self.interrupted:
            return StoppedEarly(
                f"interrupted (Ctrl-C): {len(self.not_sent)} of {self.attempted} updates not sent; "
                "the ones in flight may have reached HubSpot",
                as_json=as_json,
            )
        if self.failed:
            return ApiFailure(
                f"{len(self.failed)} of {self.attempted} status updates failed",
                as_json=as_json,
                secrets=secrets,
            )
        return None


class StoppedEarly(CliError):
    exit_code = EXIT_INTERRUPTED


def _row_json(row: Row) -> dict[str, Any]:
    fields = row.fields
    return {
        "line": row.line,
        "channel": fields["channel"],
        "message": fields["message"],
        "status": fields["status"],
    }


def _error_json(error: HubSpotChannelsError, secrets: Sequence[str]) -> dict[str, Any]:
    failure = from_library_error(error, as_json=True, secrets=secrets)
    details = {key: value for key, value in failure.details.items() if value not in (None, [])}
    return {"message": failure.message, **details}


@contextlib.contextmanager
def progress(length: int, *, shown: bool) -> Iterator[Callable[[StatusUpdateResult], None]]:
    """An ``on_result`` that advances a bar on stderr, when shown (a TTY and no --json)."""
    if not shown or length == 0:
        yield lambda _result: None
        return
    stderr = sys.stderr
    with click.progressbar(length=length, label="Reporting statuses", file=stderr, show_pos=True) as bar:
        yield lambda _result: bar.update(1)


def stderr_is_a_tty() -> bool:
    return sys.stderr.isatty()


class StopWaiting(BaseException):
    """A second Ctrl-C: stop waiting for the updates in flight (the library's own wait swallows a
    KeyboardInterrupt, and a second SIGINT can land before the first one's KeyboardInterrupt got there)."""


@contextlib.contextmanager
def notice_on_ctrl_c(*, shown: bool) -> Iterator[None]:
    """On the first Ctrl-C, says that the updates in flight are finished first (they may take until the
    timeout) and raises KeyboardInterrupt as Python's own handler does; a second raises StopWaiting."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    presses = 0

    def on_sigint(_signum: int, _frame: FrameType | None) -> None:
        nonlocal presses
        presses += 1
        if presses > 1:
            raise StopWaiting
        if shown:
            click.echo(
                "\nStopping: no new update starts; waiting for the ones in flight"
                " (Ctrl-C again to stop waiting).",
                err=True,
            )
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous if previous is not None else signal.default_int_handler)
