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
from typing import Any, cast

import click

from .. import HubSpotChannelsError, StatusUpdateResult
from ._bulk_file import MAX_PROBLEMS_LISTED, FileUpdate, Problem
from ._errors import EXIT_INTERRUPTED, ApiFailure, CliError, from_library_error, redact

MAX_LINES_LISTED = 20  # of the lines not sent, in the readable view (--json lists them all: plain numbers)


@dataclass
class Summary:
    """The outcome of a run, recorded as each result arrives: counts, and the first failures and skipped rows
    (MAX_PROBLEMS_LISTED of each), so that a large file is not held twice."""

    updates: Sequence[FileUpdate]
    skipped: Sequence[Problem] = ()  # the first invalid rows, with --skip-invalid
    skipped_count: int = 0
    sent: int = 0
    failed: int = 0
    failures: list[tuple[FileUpdate, HubSpotChannelsError]] = field(default_factory=list)
    interrupted: bool = False
    refused: HubSpotChannelsError | None = None  # the 401/403 that stopped the run
    _done: bytearray = field(default_factory=bytearray)

    def __post_init__(self) -> None:
        self._done = bytearray(len(self.updates))

    def record(self, result: StatusUpdateResult) -> None:
        update = cast(FileUpdate, result.update)
        if self._done[update.index]:  # on_result first, then the interrupted run's results again
            return
        self._done[update.index] = 1
        if result.error is None:
            self.sent += 1
            return
        self.failed += 1
        if len(self.failures) < MAX_PROBLEMS_LISTED:
            self.failures.append((update, result.error))

    def record_all(self, results: Sequence[StatusUpdateResult | None]) -> None:
        for result in results:
            if result is not None:
                self.record(result)

    @property
    def not_sent_lines(self) -> list[int]:
        return [update.line for update in self.updates if not self._done[update.index]]

    @property
    def attempted(self) -> int:
        return len(self.updates)

    def as_json(self, secrets: Sequence[str]) -> dict[str, Any]:
        not_sent = self.not_sent_lines
        return {
            "sent": self.sent,
            "failed": self.failed,
            "not_sent": len(not_sent),
            "skipped": self.skipped_count,
            "interrupted": self.interrupted,
            "token_refused": self.refused is not None,
            "failures": [
                {**_update_json(update), "error": _error_json(error, secrets)}
                for update, error in self.failures
            ],
            "failures_not_listed": self.failed - len(self.failures),
            "not_sent_lines": not_sent,
            "skipped_rows": [problem.as_json() for problem in self.skipped],
            "skipped_rows_not_listed": self.skipped_count - len(self.skipped),
        }

    def echo(self, *, as_json: bool, secrets: Sequence[str]) -> None:
        if as_json:
            click.echo(redact(json.dumps(self.as_json(secrets), indent=2, ensure_ascii=False), secrets))
            return
        click.echo(f"Sent {self.sent} of {self.attempted} status updates, {self.failed} failed.")
        for update, error in self.failures:
            where = f"line {update.line}: channel {update.channel_id}, message {update.message_id}"
            click.echo(redact(f"  {where}: {error}", secrets))
        _echo_more(self.failed - len(self.failures), "failure")
        not_sent = self.not_sent_lines
        if not_sent:
            why = "interrupted" if self.interrupted else "stopped: the access token was refused"
            more = f" and {len(not_sent) - MAX_LINES_LISTED} more" if len(not_sent) > MAX_LINES_LISTED else ""
            listed = ", ".join(str(line) for line in not_sent[:MAX_LINES_LISTED])
            click.echo(f"Not sent ({why}): {len(not_sent)}, lines {listed}{more}.")
        if self.skipped_count:
            click.echo(f"Skipped {self.skipped_count} invalid row(s):")
            for problem in self.skipped:
                click.echo(redact(f"  {problem.where}: {problem.text}", secrets))
            _echo_more(self.skipped_count - len(self.skipped), "invalid row")

    def outcome(self, *, as_json: bool, secrets: Sequence[str]) -> CliError | None:
        """The error that sets the exit code: 130 when interrupted, 1 when an update failed."""
        if self.interrupted:
            return StoppedEarly(
                f"interrupted (Ctrl-C): {len(self.not_sent_lines)} of {self.attempted} updates not sent; "
                "the ones in flight may have reached HubSpot",
                as_json=as_json,
            )
        if self.refused is not None:
            return ApiFailure(
                f"HubSpot refused the access token ({self.refused}): stopped, "
                f"{len(self.not_sent_lines)} of {self.attempted} updates not sent",
                as_json=as_json,
                secrets=secrets,
            )
        if self.failed:
            return ApiFailure(
                f"{self.failed} of {self.attempted} status updates failed",
                as_json=as_json,
                secrets=secrets,
            )
        return None


def _echo_more(count: int, what: str) -> None:
    if count > 0:
        click.echo(f"  ... and {count} more {what}(s), not listed")


class StoppedEarly(CliError):
    exit_code = EXIT_INTERRUPTED


def _update_json(update: FileUpdate) -> dict[str, Any]:
    return {
        "line": update.line,
        "channel": update.channel_id,
        "message": update.message_id,
        "status": update.status,
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
