"""Bulk status reporting: many status updates with bounded concurrency, one result per input, in order.

Every update runs through the client's normal call path, so it is validated, paced by the client's rate
limit (if any) and retried like a single call. Nothing is lost silently: an update that fails, even one
that fails validation, is reported in its own result, never as an exception for the whole batch.

Updates of the same message (channel id, message id) are applied one after another in input order, so SENT
then READ always ends READ; different messages run concurrently. Stopping early never loses what was done:
``on_result`` sees every result as it completes, Ctrl-C in sync code raises BulkUpdateInterrupted with the
results so far, and a cancelled async call re-raises its CancelledError carrying them
(``BulkUpdateInterrupted.of(error)``).
"""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from . import _bulk_workers as _workers
from ._bulk_defaults import DEFAULT_CONCURRENCY as DEFAULT_CONCURRENCY  # noqa: PLC0414  (the CLI imports it here)
from ._exceptions import APIError, HubSpotChannelsError, RequestValidationError, reduce_error
from ._models import Message, MessageStatus
from ._validate import numeric_id

if TYPE_CHECKING:
    from ._calls import Calls
    from ._engine import Call

_ATTACHED = "_hubspot_channels_bulk_update_interrupted"


@dataclass(frozen=True, slots=True)
class StatusUpdate:
    """One delivery status to report: SENT, FAILED (optionally with error_message) or READ."""

    channel_id: int | str
    message_id: str
    status: MessageStatus | str
    error_message: str | None = None


@dataclass(frozen=True, slots=True)
class StatusUpdateResult:
    """The outcome of one StatusUpdate: the updated Message, or the error after any retries."""

    update: StatusUpdate
    message: Message | None = None
    error: HubSpotChannelsError | None = None

    @property
    def ok(self) -> bool:
        """Whether the update was applied (no ``error``)."""
        return self.error is None


OnResult = Callable[[StatusUpdateResult], object]


class BulkUpdateInterrupted(KeyboardInterrupt):
    """Ctrl-C (a KeyboardInterrupt in the calling thread or in a worker) stopped a sync ``update_statuses``.

    It is a KeyboardInterrupt, so it still ends the program unless caught and ``except Exception`` never
    swallows it. ``results`` has one slot per input, in input order: the StatusUpdateResult of every update
    that finished, None for the others; ``completed`` and ``pending`` split them. No new update starts after
    Ctrl-C and the ones in flight are finished first, so a pending update was never sent; a second Ctrl-C
    stops that wait (wherever it lands), and what was in flight then stays pending although it may have been
    applied (reporting a status again is harmless); the program can then exit without waiting for it. A cancelled async ``update_statuses`` re-raises its CancelledError with one
    of these attached: ``BulkUpdateInterrupted.of(error)``.
    """

    def __init__(self, updates: Sequence[object], results: Sequence[StatusUpdateResult | None]) -> None:
        self.updates: list[object] = list(updates)
        self.results: list[StatusUpdateResult | None] = list(results)
        done = sum(result is not None for result in self.results)
        super().__init__(
            f"update_statuses stopped early: {done} of {len(self.results)} updates have a result"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return reduce_error(self)  # __init__ takes updates and results, not the message: pickle the fields

    @property
    def completed(self) -> list[StatusUpdateResult]:
        """The results of the updates that finished (ok or not), in input order."""
        return [result for result in self.results if result is not None]

    @property
    def pending(self) -> list[StatusUpdate]:
        """The updates without a result, in input order: report them again."""
        pairs = zip(self.updates, self.results, strict=True)
        return [cast(StatusUpdate, update) for update, result in pairs if result is None]

    @classmethod
    def of(cls, error: BaseException | None) -> BulkUpdateInterrupted | None:
        """The partial results error carries: error itself, or what a cancelled async update_statuses attached
        to its CancelledError, also when that is the cause or context of another (asyncio.timeout's
        TimeoutError). None when error carries none."""
        seen: set[int] = set()
        while error is not None and id(error) not in seen:
            seen.add(id(error))
            if isinstance(error, cls):
                return error
            attached = getattr(error, _ATTACHED, None)
            if isinstance(attached, cls):
                return attached
            error = error.__cause__ or error.__context__
        return None


def check_on_result(on_result: object) -> None:
    if on_result is not None and not callable(on_result):
        raise RequestValidationError(f"on_result must be a callable or None, got {type(on_result).__name__}")


def check_concurrency(concurrency: object) -> int:
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        raise RequestValidationError(f"concurrency must be a whole number >= 1, got {concurrency!r}")
    return concurrency


def _inputs(updates: object) -> list[object]:
    """The updates as a list; a single update, a str, a mapping or a non-iterable is refused (nothing sent)."""
    hint = " (wrap a single update in a list)" if isinstance(updates, StatusUpdate) else ""
    refused = updates is None or isinstance(updates, (str, bytes, bytearray, Mapping, StatusUpdate))
    try:
        iterator = iter(cast(Iterable[object], updates)) if not refused else None
    except TypeError:
        iterator = None
    if iterator is None:
        raise RequestValidationError(
            f"updates must be an iterable of StatusUpdate (e.g. a list), got {type(updates).__name__}{hint}"
        )
    return list(iterator)


def _message_key(update: object, index: int) -> object:
    """Which message an update changes; an input that cannot be sent gets a key of its own."""
    if not isinstance(update, StatusUpdate):
        return ("input", index)
    message = update.message_id
    if isinstance(message, int) and not isinstance(message, bool):
        message = str(message)  # sent as the same path segment
    try:
        channel = numeric_id(update.channel_id, "channel_id")
    except RequestValidationError:
        return ("input", index)
    return (channel, message) if isinstance(message, str) else ("input", index)


def _chains(items: Sequence[object]) -> list[list[int]]:
    """Input indices grouped by message, each group in input order; groups in order of first appearance."""
    groups: dict[object, list[int]] = {}
    for index, update in enumerate(items):
        groups.setdefault(_message_key(update, index), []).append(index)
    return list(groups.values())


def _prepare(calls: Calls, update: object) -> Call[Message]:
    if not isinstance(update, StatusUpdate):
        raise RequestValidationError(f"updates must be StatusUpdate objects, got {type(update).__name__}")
    return calls.update_message_status(
        update.channel_id, update.message_id, update.status, update.error_message
    )


def _unexpected(exc: Exception) -> APIError:
    error = APIError(f"unexpected {type(exc).__name__} while reporting this status: {exc}")
    error.__cause__ = exc
    return error


def _failed(update: object, error: HubSpotChannelsError) -> StatusUpdateResult:
    # .update is the input exactly as given, even when it was not a StatusUpdate (untyped callers)
    return StatusUpdateResult(cast(StatusUpdate, update), None, error)


def _sync_one(calls: Calls, run: Callable[[Call[Message]], Message], update: object) -> StatusUpdateResult:
    try:
        message = run(_prepare(calls, update))
    except HubSpotChannelsError as error:
        return _failed(update, error)
    except Exception as exc:  # noqa: BLE001 - one update's surprise must not lose the batch's results
        return _failed(update, _unexpected(exc))
    return StatusUpdateResult(cast(StatusUpdate, update), message, None)


def run_sync(
    calls: Calls,
    run: Callable[[Call[Message]], Message],
    updates: Iterable[StatusUpdate],
    concurrency: int,
    on_result: OnResult | None = None,
) -> list[StatusUpdateResult]:
    """Threads over the client's one httpx.Client (thread-safe, one connection pool), one message's updates
    per thread at a time; daemon threads, each in a copy of the caller's context (``_bulk_workers``)."""
    items = _inputs(updates)
    check_concurrency(concurrency)
    check_on_result(on_result)
    chains = _chains(items)
    results: list[StatusUpdateResult | None] = [None] * len(items)
    stop = threading.Event()
    report = threading.Lock()  # on_result is never called concurrently

    def apply(index: int) -> None:
        result = _sync_one(calls, run, items[index])
        results[index] = result
        if on_result is not None:
            with report:
                on_result(result)

    if min(concurrency, len(chains)) <= 1:
        # One worker, in plain input order; still a thread, so that Ctrl-C in the caller's thread lets the
        # update in flight finish instead of cutting it off half-sent (it would count as never sent).
        chains = [list(range(len(items)))]

    queue = iter(chains)
    take = threading.Lock()
    stopped_by: list[BaseException] = []  # the first BaseException of a worker (or of on_result in one)

    def worker() -> None:
        try:
            while not stop.is_set():
                with take:
                    chain = next(queue, None)
                if chain is None:
                    return
                for index in chain:
                    if stop.is_set():
                        return
                    apply(index)
        except BaseException as exc:  # noqa: BLE001 - re-raised by the caller's thread; stops every worker
            stopped_by.append(exc)
            stop.set()

    count = min(concurrency, len(chains))
    workers = _workers.Workers()
    with _workers.later_ctrl_c_stops_waiting(workers):
        try:
            for number in range(count):
                workers.start(worker, f"hubspot-status-{number}")
            workers.wait_ended(count)
        except KeyboardInterrupt as interrupt:  # possibly before every worker was even started
            stop.set()  # a worker that starts from now on sees it and returns at once
            workers.finish_in_flight()
            raise BulkUpdateInterrupted(items, results) from interrupt
        except BaseException:  # e.g. no thread could be started: the started ones stop after their update
            stop.set()
            raise
    if stopped_by:
        if isinstance(stopped_by[0], KeyboardInterrupt):
            raise BulkUpdateInterrupted(items, results) from stopped_by[0]
        raise stopped_by[0]
    return cast(list[StatusUpdateResult], results)


async def run_async(
    calls: Calls,
    run: Callable[[Call[Message]], Awaitable[Message]],
    updates: Iterable[StatusUpdate],
    concurrency: int,
    on_result: OnResult | None = None,
) -> list[StatusUpdateResult]:
    """``concurrency`` worker tasks, each taking the next message's updates in turn; results land at their
    input's index. Cancelled: the tasks stop at once (an update in flight is cut off and stays pending)."""
    import asyncio

    items = _inputs(updates)
    check_concurrency(concurrency)
    check_on_result(on_result)
    chains = _chains(items)
    results: list[StatusUpdateResult | None] = [None] * len(items)
    queue = iter(chains)  # shared by the workers; next() never awaits, so no lock is needed

    async def one(update: object) -> StatusUpdateResult:
        try:
            message = await run(_prepare(calls, update))
        except HubSpotChannelsError as error:
            return _failed(update, error)
        except Exception as exc:  # noqa: BLE001 - one update's surprise must not lose the batch's results
            return _failed(update, _unexpected(exc))
        return StatusUpdateResult(cast(StatusUpdate, update), message, None)

    async def worker() -> None:
        for chain in queue:
            for index in chain:
                result = await one(items[index])
                results[index] = result
                if on_result is not None:
                    on_result(result)

    tasks = [asyncio.ensure_future(worker()) for _ in range(min(concurrency, len(chains)))]
    if not tasks:
        return []
    try:
        done, running = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    except asyncio.CancelledError as cancelled:
        for task in tasks:
            task.cancel()
        try:
            await asyncio.wait(tasks)  # they stop at their next await; nothing new starts
        finally:
            setattr(cancelled, _ATTACHED, BulkUpdateInterrupted(items, results))
        raise
    failed = next((task for task in done if task.exception() is not None), None)
    if failed is not None:  # on_result raised: stop the others, then raise it
        for task in running:
            task.cancel()
        if running:
            await asyncio.wait(running)
        raise cast(BaseException, failed.exception())
    return cast(list[StatusUpdateResult], results)
