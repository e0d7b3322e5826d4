"""The old import path of the async drainer (the source of the sync one now: _async_drain.py)."""

from ._async_drain import AsyncOutboxDrainer

__all__ = ["AsyncOutboxDrainer"]
