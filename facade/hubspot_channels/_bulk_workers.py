"""The worker threads of a sync ``update_statuses`` and how Ctrl-C stops them.

They are daemon threads of their own, not a ThreadPoolExecutor's (which the interpreter joins at exit): after a
second Ctrl-C ("stop waiting") the program ends at once, not when the requests in flight time out. Each runs in
a copy of the caller's contextvars (its OpenTelemetry span, a ``capture_responses()`` block), one copy per
thread because a Context cannot be entered by two threads at once.
"""

from __future__ import annotations

import contextlib
import contextvars
import signal
import threading
from collections.abc import Callable, Iterator
from types import FrameType

# The caller's waits wake up this often: a SIGINT arriving just as a wait begins would otherwise stay unhandled
# until the wait ends (Python runs its handler between bytecodes), and give_up(), called by that handler in
# this very thread, cannot notify safely (the lock cannot exclude its own thread).
POLL_SECONDS = 0.1


class Workers:
    """Starts the workers and counts them: those inside their loop (to let the updates in flight finish after
    Ctrl-C) and those that ended (to wait for the whole batch)."""

    def __init__(self) -> None:
        self._inside = 0
        self._ended = 0
        self._gave_up = False
        self._changed = threading.Condition()

    def start(self, worker: Callable[[], None], name: str) -> None:
        context = contextvars.copy_context()  # in the caller's thread: its context, not an empty one
        thread = threading.Thread(target=context.run, args=(self._counted, worker), name=name, daemon=True)
        thread.start()

    def _counted(self, worker: Callable[[], None]) -> None:
        # Counted by the worker itself: a Ctrl-C landing inside start() (after the thread started, before
        # start() returned) loses that thread to the caller, never to this count.
        with self._changed:
            self._inside += 1
        try:
            worker()
        finally:
            with self._changed:
                self._inside -= 1
                self._ended += 1
                self._changed.notify_all()

    def wait_ended(self, count: int) -> None:
        """Until count workers ended (every one started); Ctrl-C interrupts it."""
        with self._changed:
            while self._ended < count:
                self._changed.wait(POLL_SECONDS)

    def finish_in_flight(self) -> None:
        """Let the updates in flight finish (their results count); a second Ctrl-C stops waiting."""
        try:
            with self._changed:
                while not (self._inside == 0 or self._gave_up):
                    self._changed.wait(POLL_SECONDS)  # give_up() does not notify: see POLL_SECONDS
        except KeyboardInterrupt:  # a second Ctrl-C under a SIGINT handler other than Python's own
            pass

    def give_up(self) -> None:
        """Stop waiting for the updates in flight (they stay pending); safe to call from a signal handler."""
        self._gave_up = True


@contextlib.contextmanager
def later_ctrl_c_stops_waiting(workers: Workers) -> Iterator[None]:
    """In the main thread under Python's own SIGINT handler: the first Ctrl-C raises KeyboardInterrupt as
    usual; every later one only makes ``workers`` stop waiting, wherever it lands (a KeyboardInterrupt raised
    while the first one is still on its way would replace it, and the wait would need a third Ctrl-C). Another
    handler (the CLI's, an application's) is left alone."""
    in_main = threading.current_thread() is threading.main_thread()
    if not in_main or signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield
        return
    presses = 0

    def on_sigint(_signum: int, _frame: FrameType | None) -> None:
        nonlocal presses
        presses += 1
        if presses == 1:
            raise KeyboardInterrupt
        workers.give_up()

    signal.signal(signal.SIGINT, on_sigint)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
