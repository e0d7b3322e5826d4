"""Bulk status reporting: many status updates with bounded concurrency, one result per input, in order.

Every update runs through the client's normal call path, so it is validated, paced by the client's rate
limit (if any) and retried like a single call. Nothing is lost silently: an update that fails, even one
that fails validation, is reported in its own result, never as an exception for the whole batch.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from ._exceptions import APIError, HubSpotChannelsError, RequestValidationError
from ._models import Message, MessageStatus

if TYPE_CHECKING:
    from ._calls import Calls
    from ._engine import Call

DEFAULT_CONCURRENCY = 8


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
        return self.error is None


def check_concurrency(concurrency: object) -> int:
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        raise RequestValidationError(f"concurrency must be a whole number >= 1, got {concurrency!r}")
    return concurrency


def _prepare(calls: Calls, update: object) -> Call[Message]:
    if not isinstance(update, StatusUpdate):
        raise RequestValidationError(f"updates must be StatusUpdate objects, got {type(update).__name__}")
    return calls.update_message_status(update.channel_id, update.message_id, update.status, update.error_message)


def _unexpected(exc: Exception) -> APIError:
    error = APIError(f"unexpected {type(exc).__name__} while reporting this status: {exc}")
    error.__cause__ = exc
    return error


def _failed(update: object, error: HubSpotChannelsError) -> StatusUpdateResult:
    # .update is the input exactly as given, even when it was not a StatusUpdate (untyped callers)
    return StatusUpdateResult(cast(StatusUpdate, update), None, error)


def run_sync(
    calls: Calls, run: Callable[[Call[Message]], Message], updates: Iterable[StatusUpdate], concurrency: int
) -> list[StatusUpdateResult]:
    """Threads over the client's one httpx.Client (thread-safe, one connection pool)."""
    items: Sequence[object] = list(updates)
    workers = min(check_concurrency(concurrency), len(items))

    def one(update: object) -> StatusUpdateResult:
        try:
            message = run(_prepare(calls, update))
        except HubSpotChannelsError as error:
            return _failed(update, error)
        except Exception as exc:  # noqa: BLE001 - one update's surprise must not lose the batch's results
            return _failed(update, _unexpected(exc))
        assert isinstance(update, StatusUpdate)
        return StatusUpdateResult(update, message, None)

    if workers <= 1:
        return [one(update) for update in items]
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="hubspot-status") as pool:
        return list(pool.map(one, items))


async def run_async(
    calls: Calls,
    run: Callable[[Call[Message]], Awaitable[Message]],
    updates: Iterable[StatusUpdate],
    concurrency: int,
) -> list[StatusUpdateResult]:
    """``concurrency`` worker tasks taking the next update in turn; results land at their input's index."""
    import asyncio

    items: Sequence[object] = list(updates)
    workers = min(check_concurrency(concurrency), len(items))
    results: list[StatusUpdateResult | None] = [None] * len(items)
    queue = iter(range(len(items)))  # shared by the workers; next() never awaits, so no lock is needed

    async def one(update: object) -> StatusUpdateResult:
        try:
            message = await run(_prepare(calls, update))
        except HubSpotChannelsError as error:
            return _failed(update, error)
        except Exception as exc:  # noqa: BLE001 - one update's surprise must not lose the batch's results
            return _failed(update, _unexpected(exc))
        assert isinstance(update, StatusUpdate)
        return StatusUpdateResult(update, message, None)

    async def worker() -> None:
        for index in queue:
            results[index] = await one(items[index])

    await asyncio.gather(*(worker() for _ in range(workers)))
    return [result for result in results if result is not None]
