"""When to retry and how long to wait: shared by the sync and async engines."""

from __future__ import annotations

import datetime as dt
import email.utils
import random
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_MAX_RETRIES = 2
INITIAL_RETRY_DELAY = 0.5  # seconds; doubles on every retry
MAX_RETRY_DELAY = 8.0
MAX_RETRY_AFTER = 60.0  # a Retry-After longer than this is not waited for: the error is raised instead
RETRYABLE_STATUS = frozenset({429, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how patiently a call is retried. Only idempotent calls are ever retried."""

    max_retries: int = DEFAULT_MAX_RETRIES
    initial_delay: float = INITIAL_RETRY_DELAY
    max_delay: float = MAX_RETRY_DELAY
    max_retry_after: float = MAX_RETRY_AFTER

    def backoff(self, retry_number: int) -> float:
        """Exponential backoff with full jitter (retry_number starts at 1)."""
        ceiling = min(self.max_delay, self.initial_delay * 2 ** (retry_number - 1))
        return random.uniform(ceiling / 2, ceiling)

    def delay(self, retry_number: int, retry_after: float | None) -> float | None:
        """Seconds to wait before the retry, or None when the server asks for longer than we wait."""
        if retry_after is None:
            return self.backoff(retry_number)
        if retry_after > self.max_retry_after:
            return None
        return retry_after


def parse_retry_after(headers: Mapping[str, str], *, now: dt.datetime | None = None) -> float | None:
    """Retry-After in seconds, from delta-seconds or an HTTP date; None when absent or unreadable."""
    value = headers.get("retry-after")
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - (now or dt.datetime.now(dt.UTC))).total_seconds())
