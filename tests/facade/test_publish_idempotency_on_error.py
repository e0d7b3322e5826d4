"""A publish that fails after its retries keeps the idempotency id it sent on the raised error, so the
caller's own retry can reuse it and HubSpot keeps one message (sync and async, over httpx.MockTransport)."""

from __future__ import annotations

from typing import Any

import pytest

from hubspot_channels import (
    APIConnectionError,
    APIError,
    BadRequestError,
    DeliveryIdentifier,
    InternalServerError,
    Participant,
    RequestValidationError,
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

pytestmark = [pytest.mark.anyio, pytest.mark.usefixtures("api_version")]
PHONE = DeliveryIdentifier("HS_PHONE_NUMBER", "+15550001")


@pytest.fixture(autouse=True)
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    return record_sleeps(monkeypatch)


def publish(c: Any, **overrides: Any) -> Any:
    kwargs: dict[str, Any] = {"channel_account_id": 555001, "text": "hi", "senders": [Participant(PHONE)]}
    kwargs["recipients"] = [Participant(PHONE)]
    kwargs.update(overrides)
    return c.messages.publish(1200, **kwargs)


async def failed_publish(api: Api, **kwargs: Any) -> APIError:
    with pytest.raises(APIError) as caught:
        await api.call(lambda c: publish(c, **kwargs))
    return caught.value


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("replies", "kind"),
    [
        ([lambda: error(503)] * 3, InternalServerError),  # 1 try + 2 retries, all 503
        ([connect_error] * 3, APIConnectionError),
        ([lambda: error(503), lambda: error(400, {"message": "bad"})], BadRequestError),  # not retryable
    ],
    ids=["503", "connection", "400-after-retry"],
)
async def test_the_error_carries_the_id_every_attempt_sent(mode: str, replies: list[Any], kind: type) -> None:
    api = Api(mode, *(make() for make in replies))  # fresh responses: one test's stream is not another's
    failure = await failed_publish(api)
    assert isinstance(failure, kind)
    sent = {body_of(request)["integrationIdempotencyId"] for request in api.requests}
    assert len(sent) == 1 and failure.idempotency_id == sent.pop()


@pytest.mark.parametrize("mode", MODES)
async def test_publishing_again_with_that_id_sends_the_same_one(mode: str) -> None:
    api = Api(mode, *[error(503)] * 3)
    failure = await failed_publish(api)
    api.recorder.replies = [ok(message_json())]
    await api.call(lambda c: publish(c, idempotency_id=failure.idempotency_id))
    assert body_of(api.requests[-1])["integrationIdempotencyId"] == failure.idempotency_id


@pytest.mark.parametrize("mode", MODES)
async def test_a_caller_id_is_carried_too_and_idempotent_false_has_none(mode: str) -> None:
    api = Api(mode, error(502))
    assert (await failed_publish(api, idempotency_id="order-7-shipped")).idempotency_id == "order-7-shipped"
    assert (await failed_publish(api, idempotent=False)).idempotency_id is None


@pytest.mark.parametrize("mode", MODES)
async def test_other_operations_carry_no_id(mode: str) -> None:
    api = Api(mode, error(503))
    with pytest.raises(APIError) as caught:
        await api.call(lambda c: c.messages.get(1200, "msg-1"))
    assert caught.value.idempotency_id is None
    with pytest.raises(RequestValidationError):  # refused before an id exists: nothing was sent
        await api.call(lambda c: publish(c, text="\ud800"))
