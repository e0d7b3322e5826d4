"""Which store a location names: a ``redis://`` (``rediss://``, ``unix://``) URL or a SQLite file path."""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from .._exceptions import ConfigurationError
from ._sqlite import SQLiteOutboxStore
from ._store import OutboxStore

REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


def is_redis_url(location: str | os.PathLike[str]) -> bool:
    return isinstance(location, str) and location.lower().startswith(REDIS_SCHEMES)


def open_store(
    location: str | os.PathLike[str],
    *,
    clock: Callable[[], float] | None = None,
    namespace: str | None = None,
) -> OutboxStore:
    """A ``RedisOutboxStore`` for a Redis URL (the server's clock unless ``clock`` is given; ``namespace``
    of its keys), else a ``SQLiteOutboxStore`` in that file (``namespace`` does not apply)."""
    if is_redis_url(location):
        try:  # the optional extra, imported only when asked for
            from ..redis import RedisOutboxStore
            from ..redis._pacing import DEFAULT_NAMESPACE
        except ImportError as error:
            raise ConfigurationError(f"a Redis outbox needs the redis extra ({error})") from None

        return RedisOutboxStore(str(location), namespace=namespace or DEFAULT_NAMESPACE, clock=clock)
    return SQLiteOutboxStore(location, clock=clock or time.time)
