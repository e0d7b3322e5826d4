"""The Redis tier: a real redis-server per session (``redis_server``) or per test (``own_redis_server``)."""

from __future__ import annotations

from tests.support.redis_server import own_redis_server, redis_server

__all__ = ["own_redis_server", "redis_server"]
