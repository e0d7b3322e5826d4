"""Edge cases found in review: what a misbehaving gateway, a lost answer or a careless argument must not do."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

from hubspot_channels import (
    APIConnectionError,
    CustomChannelsClient,
    DeliveryIdentifier,
    MessageStatus,
    NotFoundError,
    Participant,
    RateLimitError,
    RequestValidationError,
    StatusUpdate,
)
from hubspot_channels._pacing import MAX_PAUSE
from tests.support.facade_helpers import record_sleeps

SECRET_KEY = "SECRET-DEV-KEY-123"
MESSAGE = {
    "id": "m1", "channelId": "5", "channelAccountId": "7", "conversationsThreadId": "t", "createdAt": "2026-03-01T10:00:00Z",
    "createdBy": "A-1", "direction": "OUTGOING", "archived": False, "attachments": [], "recipients": [], "senders": [],
    "client": {"clientType": "HUBSPOT"}, "text": "hi", "truncationStatus": "NOT_TRUNCATED", "type": "MESSAGE",
    "status": {"statusType": "SENT"},
}  # fmt: skip


def client_for(handler: Callable[[httpx.Request], httpx.Response], **options: object) -> CustomChannelsClient:
    return CustomChannelsClient(
        access_token="token",
        developer_api_key=SECRET_KEY,
        app_id=7,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        **options,  # type: ignore[arg-type]
    )


def replies(
    *answers: httpx.Response | Exception,
) -> tuple[list[httpx.Request], Callable[[httpx.Request], httpx.Response]]:
    seen: list[httpx.Request] = []
    queue = list(answers)

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        answer = queue.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    return seen, handler


def test_a_long_retry_after_is_raised_and_pauses_the_paced_client_the_longest_pause_not_an_hour(monkeypatch):
    record_sleeps(monkeypatch)
    _seen, handler = replies(httpx.Response(429, headers={"Retry-After": "3600"}, json={"message": "daily"}))
    client = client_for(handler, rate_limit="professional")
    with pytest.raises(RateLimitError) as limited:
        client.messages.mark_sent(5, "m1")
    assert limited.value.retry_after == 3600
    # A daily limit: every caller pauses MAX_PAUSE (review 14, F1), not a second and not an hour.
    assert client._pacer is not None and client._pacer.reserve() == pytest.approx(MAX_PAUSE, abs=1.0)


def test_retry_after_on_a_503_is_honoured(monkeypatch):
    delays = record_sleeps(monkeypatch)
    _seen, handler = replies(
        httpx.Response(503, headers={"Retry-After": "5"}, text="<html>busy</html>"),
        httpx.Response(200, json=MESSAGE),
    )
    assert client_for(handler).messages.mark_sent(5, "m1").status is MessageStatus.SENT
    assert delays == [5.0]


def test_an_undecodable_body_is_a_connection_error_in_our_tree_and_is_retried(monkeypatch):
    record_sleeps(monkeypatch)
    broken = httpx.DecodingError("incorrect header check")
    seen, handler = replies(broken, httpx.Response(200, json=MESSAGE))
    assert client_for(handler).messages.mark_sent(5, "m1").id == "m1"
    assert len(seen) == 2


def test_transport_error_text_never_carries_the_api_key(monkeypatch):
    record_sleeps(monkeypatch)
    quoted = httpx.RemoteProtocolError(
        f"bad header, url='https://api.hubapi.com/x?hapikey={SECRET_KEY}&appId=7'"
    )
    _seen, handler = replies(quoted, quoted, quoted)
    with pytest.raises(APIConnectionError) as failed:
        client_for(handler).channels.get(1)
    assert SECRET_KEY not in str(failed.value) + repr(failed.value)
    assert "hapikey=***" in str(failed.value)


@pytest.mark.parametrize("errors", [5, True, "oops", {"message": "x"}])
def test_an_errors_field_that_is_not_a_list_does_not_crash(errors):
    _seen, handler = replies(httpx.Response(404, json={"message": "gone", "errors": errors}))
    with pytest.raises(NotFoundError) as missing:
        client_for(handler).messages.get(5, "m1")
    assert missing.value.errors == () and missing.value.message == "gone"


def test_a_retried_archive_that_finds_nothing_succeeded_the_first_time(monkeypatch):
    record_sleeps(monkeypatch)
    seen, handler = replies(
        httpx.ReadTimeout("answer lost"), httpx.Response(404, json={"message": "not found"})
    )
    assert client_for(handler).channels.archive(1) is None
    assert [r.method for r in seen] == ["DELETE", "DELETE"]


def test_a_first_archive_that_finds_nothing_is_still_not_found():
    _seen, handler = replies(httpx.Response(404, json={"message": "not found"}))
    with pytest.raises(NotFoundError):
        client_for(handler).channels.archive(1)


@pytest.mark.parametrize("idempotency_id", ["", "   "])
def test_a_blank_idempotency_id_is_refused(idempotency_id):
    seen, handler = replies()
    with pytest.raises(RequestValidationError, match="idempotency_id"):
        client_for(handler).messages.publish(
            5, channel_account_id=7, text="hi", senders=[], recipients=[], idempotency_id=idempotency_id
        )
    assert seen == []


@pytest.mark.parametrize(
    ("attachment", "says"), [("abc", "must be a mapping"), ({"fileId": "f"}, "needs a 'type'")]
)
def test_a_malformed_attachment_is_refused_by_index(attachment, says):
    seen, handler = replies()
    with pytest.raises(RequestValidationError, match=rf"attachments\[1\] {says}"):
        client_for(handler).messages.publish(
            5, channel_account_id=7, text="hi", senders=[], recipients=[],
            attachments=[{"type": "FILE", "fileId": "f", "fileUsageType": "IMAGE"}, attachment],
        )  # fmt: skip
    assert seen == []


def test_a_staging_token_is_not_echoed_in_a_validation_error():
    seen, handler = replies()
    with pytest.raises(RequestValidationError) as refused:
        client_for(handler).staging_tokens.update(5, "stg-SECRET-abc\n", account_name="x")
    assert "SECRET" not in str(refused.value) and seen == []


def test_an_unexpected_failure_of_one_bulk_update_is_that_update_s_result(monkeypatch):
    calls = {"n": 0}

    def handler(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        if json.loads(request.content)["statusType"] == "READ":
            raise RuntimeError("a bug in someone's transport")
        return httpx.Response(200, json=MESSAGE)

    updates = [StatusUpdate(5, "a", "SENT"), StatusUpdate(5, "b", "READ"), StatusUpdate(5, "c", "SENT")]
    results = client_for(handler, max_retries=0).messages.update_statuses(updates, concurrency=2)
    assert [r.ok for r in results] == [True, False, True]
    assert "RuntimeError" in str(results[1].error) and calls["n"] == 3


def test_participants_need_a_delivery_identifier_before_sending():
    seen, handler = replies()
    with pytest.raises(RequestValidationError, match="delivery_identifier"):
        client_for(handler).messages.publish(
            5, channel_account_id=7, text="hi", senders=[Participant(name="no id")],
            recipients=[Participant(DeliveryIdentifier("HS_PHONE_NUMBER", "+1"))],
        )  # fmt: skip
    assert seen == []
