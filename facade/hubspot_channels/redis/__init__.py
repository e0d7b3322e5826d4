"""Beyond one process, over Redis (the optional extra: ``pip install 'hubspot-channels[redis]'``).

- ``RedisRateLimit``: HubSpot's per app and account budget shared by every process and host; pass it as
  ``rate_limit=`` to ``CustomChannelsClient`` or ``AsyncCustomChannelsClient``.
- ``RedisDeduplicationStore``: the webhook handler's two-phase claims shared by every instance behind a load
  balancer; pass it as ``WebhookHandler(dedupe=...)``.
- ``RedisOutboxStore``: the status outbox's store shared by drainers and producers on several hosts; pass it
  as ``Outbox(store=...)``, or give ``Outbox`` / the CLI a ``redis://`` URL.
"""

from __future__ import annotations

try:
    import redis as _redis  # noqa: F401 - only to say what is missing
except ImportError as exc:  # pragma: no cover - the extra is installed in development
    raise ImportError(
        "hubspot_channels.redis needs the redis package: pip install 'hubspot-channels[redis]'"
    ) from exc

from ._dedupe import RedisDeduplicationStore
from ._outbox import RedisOutboxStore
from ._pacers import AsyncRedisPacer, RedisPacer
from ._pacing import PROBE_INTERVAL, RedisRateLimit

__all__ = [
    "PROBE_INTERVAL",
    "AsyncRedisPacer",
    "RedisDeduplicationStore",
    "RedisOutboxStore",
    "RedisPacer",
    "RedisRateLimit",
]
