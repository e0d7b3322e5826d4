"""Property tests of parse_retry_after (hypothesis): whatever a server sends it never raises and answers None
or a finite number of seconds from 0 to RETRY_AFTER_CEILING; delay-seconds and HTTP dates (any time zone)
read exactly; and the retry policy never turns any of it into an endless or negative sleep."""

from __future__ import annotations

import datetime as dt
import email.utils
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from hubspot_channels._retry import RETRY_AFTER_CEILING, RetryPolicy, parse_retry_after

NOW = dt.datetime(2026, 3, 1, 12, 0, 0, tzinfo=dt.UTC)

# Fragments of dates, numbers and zones, so that random combinations reach deep into the date parser.
DATE_PARTS = ["Sun,", "Mon", "01", "31", "0", "-1", "99999", "Jan", "Feb", "Dec", "1970", "9999", "10000", "0000",
              "00:00:00", "23:59:60", "24:00", "99:99:99", "GMT", "UTC", "EST", "+2400", "-9999", "+0000", "+99",
              "1e400", "inf", "nan", ".", ",", "-", ":", "\x00", "١٢"]  # fmt: skip
date_like = st.lists(st.sampled_from(DATE_PARTS), max_size=8).map(" ".join)
numberish = st.one_of(
    st.integers(min_value=-(10**500), max_value=10**500).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)
any_value = st.one_of(st.text(), date_like, numberish)


def assert_sane(result: float | None) -> None:
    assert result is None or (
        isinstance(result, float) and math.isfinite(result) and 0 <= result <= RETRY_AFTER_CEILING
    )


@settings(max_examples=500, deadline=None)
@given(value=any_value)
def test_any_value_is_none_or_a_finite_wait(value: str) -> None:
    assert_sane(parse_retry_after({"retry-after": value}, now=NOW))
    assert_sane(parse_retry_after({"retry-after": value}))  # against the real clock too


@settings(max_examples=200, deadline=None)
@given(seconds=st.integers(min_value=0, max_value=10**400))
def test_delay_seconds_read_exactly_up_to_the_ceiling(seconds: int) -> None:
    result = parse_retry_after({"retry-after": f" {seconds}\t"})
    assert result == (float(seconds) if seconds <= RETRY_AFTER_CEILING else RETRY_AFTER_CEILING)


@settings(max_examples=200, deadline=None)
@given(
    when=st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(9999, 12, 30)),
    offset_minutes=st.integers(min_value=-(23 * 60 + 59), max_value=23 * 60 + 59),
)
def test_http_dates_in_any_zone_read_exactly(when: dt.datetime, offset_minutes: int) -> None:
    zoned = when.replace(microsecond=0, tzinfo=dt.timezone(dt.timedelta(minutes=offset_minutes)))
    header = email.utils.format_datetime(zoned)
    expected = min(max(0.0, (zoned - NOW).total_seconds()), RETRY_AFTER_CEILING)
    assert parse_retry_after({"retry-after": header}, now=NOW) == expected


@settings(max_examples=200, deadline=None)
@given(value=any_value, retry_number=st.integers(1, 10))
def test_the_policy_never_sleeps_forever(value: str, retry_number: int) -> None:
    policy = RetryPolicy()
    delay = policy.delay(retry_number, parse_retry_after({"retry-after": value}, now=NOW))
    assert delay is None or (
        math.isfinite(delay) and 0 <= delay <= max(policy.max_retry_after, policy.max_delay)
    )


@settings(max_examples=100, deadline=None)
@given(retry_after=st.floats(allow_nan=True, allow_infinity=True))
def test_the_policy_refuses_non_finite_waits_from_any_caller(retry_after: float) -> None:
    delay = RetryPolicy().delay(1, retry_after)
    assert delay is None or (math.isfinite(delay) and 0 <= delay <= RetryPolicy().max_retry_after)
