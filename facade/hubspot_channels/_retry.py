"""When to retry and how long to wait: shared by the sync and async engines."""

from __future__ import annotations

import datetime as dt
import email.utils
import math
import random
import re
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_MAX_RETRIES = 2
INITIAL_RETRY_DELAY = 0.5  # seconds; doubles on every retry
MAX_RETRY_DELAY = 8.0
MAX_RETRY_AFTER = 60.0  # a Retry-After longer than this is not waited for: the error is raised instead
# What parse_retry_after returns for a wait longer than this (or an absurd number): finite, yet longer than
# anyone waits, so the caller raises RateLimitError rather than sleeping.
RETRY_AFTER_CEILING = 365 * 24 * 3600.0
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
        ceiling = min(
            self.max_delay, self.initial_delay * 2 ** min(retry_number - 1, 32)
        )  # no float overflow
        return random.uniform(ceiling / 2, ceiling)

    def delay(self, retry_number: int, retry_after: float | None) -> float | None:
        """Seconds to wait before the retry, or None when the server asks for longer than we wait."""
        if retry_after is None:
            return self.backoff(retry_number)
        if not math.isfinite(retry_after) or retry_after > self.max_retry_after:
            return None  # never an infinite sleep, even from a caller that skipped parse_retry_after
        return max(0.0, retry_after)


def parse_retry_after(headers: Mapping[str, str], *, now: dt.datetime | None = None) -> float | None:
    """Retry-After in seconds, from delta-seconds or an HTTP date; None when absent or unreadable.

    Never raises, whatever the server sent, and never returns an infinite or NaN wait: the result is None or
    a float from 0 to RETRY_AFTER_CEILING (a longer value or a far-future date reads as the ceiling, which is
    far beyond any ``max_retry_after``: the caller raises instead of waiting). Negative numbers, "inf",
    "nan", exponents and non-ASCII digits are unreadable; a date in the past means 0.
    """
    value = headers.get("retry-after")
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not value:
        return None
    if _DELAY_SECONDS.fullmatch(value):
        return min(float(value), RETRY_AFTER_CEILING)  # a few hundred digits overflow to inf: capped here
    return _seconds_until(value, now)


# RFC 9110's delay-seconds is 1*DIGIT; a decimal fraction is tolerated (some gateways send "1.5").
_DELAY_SECONDS = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def _seconds_until(value: str, now: dt.datetime | None) -> float | None:
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):  # garbage, out-of-range fields or offsets
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    reference = now or dt.datetime.now(dt.UTC)
    if reference.tzinfo is None:
        reference = reference.replace(tzinfo=dt.UTC)
    seconds = (when - reference).total_seconds()
    return min(max(0.0, seconds), RETRY_AFTER_CEILING)
