"""The upstream watch's children and signals: a SIGTERM (a CI cancel, timeout(1)), SIGHUP (a closed
terminal) or SIGINT becomes an exception, so the watch's `finally` removes its worktree; each child runs in
a process group of its own, ended with it (pytest, make and the generator they start included)."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

HANDLED = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)


class Terminated(Exception):
    """A signal asked the watch to stop: clean up, exit 128 + the signal's number."""

    def __init__(self, number: int) -> None:
        super().__init__(f"stopped by {signal.Signals(number).name}")
        self.number = number


def _raise(number: int, _frame: FrameType | None) -> None:
    raise Terminated(number)


@contextmanager
def signals_raise() -> Iterator[None]:
    """HANDLED signals raise Terminated inside the block; Python's handlers are back after it."""
    previous = {number: signal.signal(number, _raise) for number in HANDLED}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@contextmanager
def signals_ignored() -> Iterator[None]:
    """HANDLED signals ignored inside the block: a second SIGTERM must not interrupt the cleanup."""
    previous = {number: signal.signal(number, signal.SIG_IGN) for number in HANDLED}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def run_child(command: list[str], **options: Any) -> subprocess.CompletedProcess[str]:
    """subprocess.run(command, capture_output=True, text=True) in a new process group, which is killed
    whole when the watch is stopped while it runs."""
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True, **options
    )
    try:
        stdout, stderr = process.communicate()
    except BaseException:
        with signals_ignored():
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.communicate()
        raise
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
