"""The old import path of the Redis pacers (generated now: _async_pacers.py is the source of _sync_pacers.py)."""

from ._async_pacers import AsyncRedisPacer
from ._sync_pacers import RedisPacer

__all__ = ["AsyncRedisPacer", "RedisPacer"]
