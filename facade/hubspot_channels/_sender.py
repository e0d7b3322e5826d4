"""The sender interface: an ``httpx.AsyncClient`` that sends the engine's attempts itself instead of through
httpx's request machinery (``transports.AiohttpClient``). The async driver (``_driver_io.send_async``) hands
such a client the whole attempt; any other client gets today's httpx exchange. Async only: it is not an
``_async_`` module, so unasync leaves it alone.

A sender keeps the contract of the httpx exchange, so the sans-I/O core (``_attempts``) cannot tell them
apart: it returns an ``Exchange`` (an ``httpx.Response`` whose body is read under ``_transfer``'s limits) or
raises an ``httpx.RequestError`` of the class httpx would raise for the same failure (connect errors stay
"never sent", read timeouts stay timeouts); the call's deadline around it stays the driver's.
"""

from __future__ import annotations

from typing import Any

import httpx

from ._attempts import Attempts
from ._transfer import Exchange


class AttemptSender(httpx.AsyncClient):
    """An httpx client (for anything else that uses one: OAuth token refreshes) that sends the facade's
    calls itself."""

    async def send_attempt(self, attempts: Attempts[Any]) -> Exchange:
        raise NotImplementedError
