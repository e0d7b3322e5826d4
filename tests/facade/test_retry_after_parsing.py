"""parse_retry_after on the values a broken or hostile server sends, and what the client then does with them:
every wait is read from a sleep recorder, never from the clock."""

from __future__ import annotations

import datetime as dt

import pytest

from hubspot_channels import INITIAL_RETRY_DELAY, MAX_RETRY_AFTER, RateLimitError
from hubspot_channels._retry import RETRY_AFTER_CEILING, parse_retry_after
from tests.support.facade_helpers import MODES, Api, error, message_json, ok, record_sleeps

pytestmark = pytest.mark.anyio

NOW = dt.datetime(2026, 3, 1, 12, 0, 0, tzinfo=dt.UTC)


def parsed(value: str) -> float | None:
    return parse_retry_after({"retry-after": value}, now=NOW)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("7", 7.0), (" 7 ", 7.0), ("0", 0.0), ("1.5", 1.5), ("60.0", 60.0), ("007", 7.0),
     ("Sun, 01 Mar 2026 12:00:30 GMT", 30.0), ("Sun, 01 Mar 2026 13:00:30 +0100", 30.0),
     ("Sun, 01 Mar 2026 12:00:30", 30.0), ("Thu, 01 Jan 1970 00:00:00 GMT", 0.0)],
)  # fmt: skip
def test_readable_values(value: str, expected: float) -> None:
    assert parsed(value) == expected


@pytest.mark.parametrize(
    "value",
    ["", "   ", "inf", "-inf", "Infinity", "nan", "NaN", "-5", "-0.5", "+5", "1e3", "1e400", "1_000", "0x10",
     "٣", "５", "7 seconds", "soon", "\x00", "Sun, 01 Mar 2026 99:00:00 GMT", "Sun, 32 Mar 2026 12:00:00 GMT",
     "Sun, 01 Mar 2026 12:00:00 +2400", "Mon, 01 Jan 99999 00:00:00 GMT", "�"],
)  # fmt: skip
def test_unreadable_values_are_none(value: str) -> None:
    assert parsed(value) is None


@pytest.mark.parametrize("value", ["9" * 400, "9" * 5000, str(10**20), "Fri, 31 Dec 9999 23:59:59 GMT"])
def test_endless_values_read_as_the_finite_ceiling(value: str) -> None:
    assert parsed(value) == RETRY_AFTER_CEILING


def test_absent_or_not_text_is_none() -> None:
    assert parse_retry_after({}) is None
    assert parse_retry_after({"retry-after": None}) is None  # type: ignore[dict-item]
    assert parse_retry_after({"retry-after": b"5"}) is None  # type: ignore[dict-item]


def test_a_naive_reference_time_counts_as_utc() -> None:
    naive_now = NOW.replace(tzinfo=None)
    assert parse_retry_after({"retry-after": "Sun, 01 Mar 2026 12:00:10 GMT"}, now=naive_now) == 10.0


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("value", ["inf", "nan", "-5", "1e400", "soon"])
async def test_an_unreadable_retry_after_backs_off_normally(
    mode: str, value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    sleeps = record_sleeps(monkeypatch)
    api = Api(mode, error(429, {"message": "slow down"}, headers={"Retry-After": value}), ok(message_json()))
    assert (await api.call(lambda c: c.messages.get(1200, "msg-1"))).id == "msg-3f2a9c"
    assert len(sleeps) == 1 and INITIAL_RETRY_DELAY / 2 <= sleeps[0] <= INITIAL_RETRY_DELAY


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "value", ["9" * 400, str(int(MAX_RETRY_AFTER) * 1000), "Fri, 31 Dec 9999 23:59:59 GMT"]
)
async def test_an_endless_retry_after_is_raised_not_slept(
    mode: str, value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    sleeps = record_sleeps(monkeypatch)
    api = Api(mode, error(429, {"message": "slow down"}, headers={"Retry-After": value}), ok(message_json()))
    with pytest.raises(RateLimitError) as caught:
        await api.call(lambda c: c.messages.get(1200, "msg-1"))
    assert (
        caught.value.retry_after is not None
        and MAX_RETRY_AFTER < caught.value.retry_after <= RETRY_AFTER_CEILING
    )
    assert len(api.requests) == 1 and sleeps == []
