"""The engine's tracing hook: what ``hubspot_channels.otel`` plugs into a client's engine. Nothing here
imports OpenTelemetry; a client that is not instrumented pays one attribute test per call."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:
    from ._attempts import Attempts

T = TypeVar("T")


class CallTracer(Protocol):
    """Runs one call's attempt loop inside one span: ``attempt_until_done(attempts)`` sends, retries and
    returns the call's result or raises its error; the tracer records what came of it."""

    def run_sync(self, attempt_until_done: Callable[[Attempts[T]], T], attempts: Attempts[T]) -> T: ...

    async def run_async(
        self, attempt_until_done: Callable[[Attempts[T]], Awaitable[T]], attempts: Attempts[T]
    ) -> T: ...
