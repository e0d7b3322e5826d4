"""Retries: which failures are retried, how long the client waits (time.sleep / asyncio.sleep are replaced by
recorders), when it gives up, and how publishing stays free of duplicates."""

from __future__ import annotations

from typing import Any

import pytest

from hubspot_channels import (
    DEFAULT_MAX_RETRIES,
    INITIAL_RETRY_DELAY,
    MAX_RETRY_AFTER,
    MAX_RETRY_DELAY,
    APIConnectionError,
    BadRequestError,
    DeliveryIdentifier,
    InternalServerError,
    NotFoundError,
    Participant,
    RateLimitError,
)
from tests.support.facade_helpers import (
    MODES,
    Api,
    body_of,
    connect_error,
    error,
    message_json,
    ok,
    record_sleeps,
)

# The retry loop (_retry, _attempts, the engines) sees a prepared call and an httpx answer, never a version's
# generated code: one version, both modes (every version's request is sent and parsed in test_facade_operations).
pytestmark = [pytest.mark.anyio]

PHONE = DeliveryIdentifier("HS_PHONE_NUMBER", "+15550001")
RATE_LIMITED = {
    "status": "error",
    "message": "You have reached your secondly limit.",
    "errorType": "RATE_LIMIT",
}


def get_message(c: Any) -> Any:
    return c.messages.get(1200, "msg-1")


def publish(c: Any, **kwargs: Any) -> Any:
    return c.messages.publish(
        1200, channel_account_id=555001, text="hi", senders=[Participant(PHONE)], recipients=[Participant(PHONE)],
        **kwargs,
    )  # fmt: skip


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    return record_sleeps(monkeypatch)


@pytest.mark.parametrize("mode", MODES)
async def test_429_then_200_waits_retry_after(mode: str, sleeps: list[float]) -> None:
    api = Api(mode, error(429, RATE_LIMITED, headers={"Retry-After": "7"}), ok(message_json()))

    message = await api.call(get_message)

    assert message.id == "msg-3f2a9c"
    assert len(api.requests) == 2
    assert sleeps == [7.0]


@pytest.mark.parametrize("mode", MODES)
async def test_429_without_retry_after_backs_off(mode: str, sleeps: list[float]) -> None:
    api = Api(mode, error(429, RATE_LIMITED), error(429, RATE_LIMITED), ok(message_json()))
    await api.call(get_message)
    assert len(api.requests) == 3 and len(sleeps) == 2
    assert INITIAL_RETRY_DELAY / 2 <= sleeps[0] <= INITIAL_RETRY_DELAY
    assert INITIAL_RETRY_DELAY <= sleeps[1] <= INITIAL_RETRY_DELAY * 2


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("status", [502, 503, 504])
async def test_gateway_errors_are_retried(mode: str, status: int, sleeps: list[float]) -> None:
    api = Api(mode, error(status, "<html>gateway</html>"), ok(message_json()))
    message = await api.call(get_message)
    assert message.id == "msg-3f2a9c"
    assert len(api.requests) == 2
    assert len(sleeps) == 1 and 0 < sleeps[0] <= MAX_RETRY_DELAY


@pytest.mark.parametrize("mode", MODES)
async def test_connection_errors_are_retried(mode: str, sleeps: list[float]) -> None:
    api = Api(mode, connect_error(), connect_error(), ok(message_json()))
    message = await api.call(get_message)
    assert message.id == "msg-3f2a9c"
    assert len(api.requests) == 3 and len(sleeps) == 2


@pytest.mark.parametrize("mode", MODES)
async def test_connection_error_after_retries_is_api_connection_error(mode: str, sleeps: list[float]) -> None:
    api = Api(mode, connect_error())
    with pytest.raises(APIConnectionError) as caught:
        await api.call(get_message)
    assert len(api.requests) == 1 + DEFAULT_MAX_RETRIES
    assert isinstance(caught.value.__cause__, Exception)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("status", "cls"), [(400, BadRequestError), (404, NotFoundError), (500, InternalServerError)]
)
async def test_other_errors_are_not_retried(
    mode: str, status: int, cls: type[Exception], sleeps: list[float]
) -> None:
    api = Api(mode, error(status, {"message": "no"}), ok(message_json()))
    with pytest.raises(cls):
        await api.call(get_message)
    assert len(api.requests) == 1
    assert sleeps == []


@pytest.mark.parametrize("mode", MODES)
async def test_gives_up_after_max_retries_with_the_last_error(mode: str, sleeps: list[float]) -> None:
    api = Api(
        mode,
        error(503, {"message": "first", "correlationId": "c-1"}),
        error(503, {"message": "second", "correlationId": "c-2"}),
        error(502, {"message": "third", "correlationId": "c-3"}),
        ok(message_json()),  # never reached
        max_retries=2,
    )
    with pytest.raises(InternalServerError) as caught:
        await api.call(get_message)
    assert len(api.requests) == 3 and len(sleeps) == 2
    assert (caught.value.status_code, caught.value.correlation_id, caught.value.message) == (
        502,
        "c-3",
        "third",
    )


@pytest.mark.parametrize("mode", MODES)
async def test_max_retries_zero(mode: str, sleeps: list[float]) -> None:
    api = Api(mode, error(503), ok(message_json()), max_retries=0)
    with pytest.raises(InternalServerError):
        await api.call(get_message)
    assert len(api.requests) == 1 and sleeps == []


@pytest.mark.parametrize("mode", MODES)
async def test_with_options_per_call(mode: str, sleeps: list[float]) -> None:
    api = Api(mode, error(503), max_retries=0)

    with pytest.raises(InternalServerError):
        await api.call(lambda c: get_message(c.with_options(max_retries=4)))
    assert len(api.requests) == 5 and len(sleeps) == 4

    with pytest.raises(InternalServerError):  # the original client keeps its own setting
        await api.call(get_message)
    assert len(api.requests) == 6 and len(sleeps) == 4


@pytest.mark.parametrize("mode", MODES)
async def test_with_options_can_switch_retries_off(mode: str, sleeps: list[float]) -> None:
    api = Api(mode, error(429, RATE_LIMITED, headers={"Retry-After": "1"}), ok(message_json()), max_retries=5)
    with pytest.raises(RateLimitError):
        await api.call(lambda c: get_message(c.with_options(max_retries=0)))
    assert len(api.requests) == 1 and sleeps == []


@pytest.mark.parametrize("mode", MODES)
async def test_retry_after_beyond_the_maximum_is_not_waited_for(mode: str, sleeps: list[float]) -> None:
    too_long = str(int(MAX_RETRY_AFTER) + 1)
    api = Api(mode, error(429, RATE_LIMITED, headers={"Retry-After": too_long}), ok(message_json()))
    with pytest.raises(RateLimitError) as caught:
        await api.call(get_message)
    assert caught.value.retry_after == MAX_RETRY_AFTER + 1
    assert len(api.requests) == 1 and sleeps == []


@pytest.mark.parametrize("mode", MODES)
async def test_retry_after_at_the_maximum_is_waited_for(mode: str, sleeps: list[float]) -> None:
    api = Api(
        mode, error(429, RATE_LIMITED, headers={"Retry-After": str(MAX_RETRY_AFTER)}), ok(message_json())
    )
    await api.call(get_message)
    assert sleeps == [MAX_RETRY_AFTER]


# --- publishing ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
async def test_publish_reuses_its_generated_idempotency_id(mode: str, sleeps: list[float]) -> None:
    api = Api(mode, error(503), connect_error(), error(429, RATE_LIMITED), ok(message_json()), max_retries=3)

    await api.call(publish)

    ids = [body_of(request)["integrationIdempotencyId"] for request in api.requests]
    assert len(ids) == 4 and len(set(ids)) == 1 and ids[0]
    assert len({request.content for request in api.requests}) == 1  # the very same body every time

    api.recorder.replies = [ok(message_json())]
    await api.call(publish)
    assert body_of(api.requests[-1])["integrationIdempotencyId"] != ids[0]  # a new publish, a new id


@pytest.mark.parametrize("mode", MODES)
async def test_publish_with_caller_idempotency_id(mode: str, sleeps: list[float]) -> None:
    api = Api(mode, error(504), ok(message_json()))
    await api.call(lambda c: publish(c, idempotency_id="order-1234-shipped"))
    assert [body_of(r)["integrationIdempotencyId"] for r in api.requests] == ["order-1234-shipped"] * 2


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "failure",
    [lambda: error(503), lambda: error(429, RATE_LIMITED, headers={"Retry-After": "1"}), connect_error],
    ids=["503", "429", "connect"],
)  # fmt: skip
async def test_publish_without_idempotency_is_never_retried(
    mode: str, failure: Any, sleeps: list[float]
) -> None:
    api = Api(mode, failure(), ok(message_json()), max_retries=5)
    with pytest.raises((InternalServerError, RateLimitError, APIConnectionError)):
        await api.call(lambda c: publish(c, idempotent=False))
    (request,) = api.requests
    assert "integrationIdempotencyId" not in body_of(request)
    assert sleeps == []


@pytest.mark.parametrize("mode", MODES)
async def test_creates_are_not_retried(mode: str, sleeps: list[float]) -> None:
    api = Api(mode, error(503), max_retries=3)
    with pytest.raises(InternalServerError):
        await api.call(lambda c: c.channels.create(name="Acme", capabilities={}))
    with pytest.raises(InternalServerError):
        await api.call(lambda c: c.channel_accounts.create(1200, name="Line", inbox_id=8080))
    assert len(api.requests) == 2 and sleeps == []


@pytest.mark.parametrize("mode", MODES)
async def test_status_update_is_retried(mode: str, sleeps: list[float]) -> None:
    api = Api(mode, error(502), ok(message_json()))
    await api.call(lambda c: c.messages.mark_sent(1200, "msg-1"))
    assert len(api.requests) == 2
    assert body_of(api.requests[0]) == body_of(api.requests[1]) == {"statusType": "SENT"}
