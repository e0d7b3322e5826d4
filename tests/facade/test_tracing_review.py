"""Review of issue 15 part 4 (hubspot_channels.otel): the reviewer's reproductions of the defects found (F1 to
F4, /work/review-otel), now fixed, plus the Ctrl-C case of F3 in sync code."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from opentelemetry.instrumentation.httpx import RequestInfo
from opentelemetry.trace import StatusCode

from hubspot_channels import (
    AsyncCustomChannelsClient,
    CustomChannelsClient,
    DeliveryIdentifier,
    Participant,
    StatusUpdate,
    otel,
)
from hubspot_channels.testing import FakeHubSpot
from tests.support.tracing import CAPABILITIES, leaks, served_fake, span_recorder

LINE = DeliveryIdentifier(type="HS_PHONE_NUMBER", value="+15550100")
VISITOR = DeliveryIdentifier(type="HS_PHONE_NUMBER", value="+15550199")


@pytest.fixture
def served() -> Iterator[tuple[FakeHubSpot, dict[str, Any]]]:
    with served_fake() as served:
        yield served


def two_replies(fake: FakeHubSpot, client: CustomChannelsClient) -> tuple[str, list[str]]:
    channel = client.channels.create(name="SMS", capabilities=CAPABILITIES)
    account = client.channel_accounts.create(
        channel.id, name="Line", inbox_id="1001", delivery_identifier=LINE
    )
    client.messages.publish(
        channel.id,
        channel_account_id=account.id,
        text="hi",
        senders=[Participant(delivery_identifier=VISITOR, name="V")],
        recipients=[Participant(delivery_identifier=LINE)],
        integration_thread_id="t-1",
    )
    replies = [fake.agent_reply(channel.id, account.id, text)["id"] for text in ("a", "b")]
    return channel.id, replies


def test_sync_update_statuses_spans_are_children_of_the_callers_span(
    served: tuple[FakeHubSpot, dict[str, Any]],
) -> None:
    fake, arguments = served
    provider, exporter = span_recorder()
    client = otel.instrument(CustomChannelsClient(**arguments), tracer_provider=provider)
    with client:
        channel_id, replies = two_replies(fake, client)
        exporter.clear()
        with provider.get_tracer("test").start_as_current_span("report") as parent:
            results = client.messages.update_statuses(
                [StatusUpdate(channel_id, replies[0], "SENT"), StatusUpdate(channel_id, replies[1], "READ")]
            )
    assert all(result.ok for result in results)
    spans = [span for span in exporter.get_finished_spans() if span.name != "report"]
    assert [span.name for span in spans] == ["hubspot_channels update_message_status"] * 2
    assert all(
        span.parent is not None and span.parent.span_id == parent.get_span_context().span_id for span in spans
    )


def test_the_exception_event_of_a_span_holds_no_developer_key(
    served: tuple[FakeHubSpot, dict[str, Any]],
) -> None:
    _fake, arguments = served

    def egress_policy(request: httpx.Request) -> None:  # e.g. an application's outbound allow-list hook
        raise RuntimeError(f"egress policy refuses {request.url}")

    provider, exporter = span_recorder()
    with httpx.Client(event_hooks={"request": [egress_policy]}) as http:
        client = otel.instrument(
            CustomChannelsClient(**arguments, http_client=http), tracer_provider=provider
        )
        with pytest.raises(RuntimeError):
            client.channels.list().first_page()

    (span,) = exporter.get_finished_spans()
    assert "hapikey=***" in (span.status.description or "")  # the status IS scrubbed
    assert [event.name for event in span.events] == ["exception"]
    assert leaks([span]) == []  # ... the exception event is not


@pytest.mark.anyio
async def test_a_cancelled_calls_span_is_not_reported_as_a_success(
    served: tuple[FakeHubSpot, dict[str, Any]],
) -> None:
    fake, arguments = served
    channel = fake.create_channel(name="SMS")
    fake.faults.add("get_channel", status=503, retry_after=1)
    provider, exporter = span_recorder()
    client = otel.instrument(AsyncCustomChannelsClient(**arguments), tracer_provider=provider)
    waiting = asyncio.Event()

    async def sleep_forever(seconds: float) -> None:  # the retry pause: cancelled while in it
        waiting.set()
        await asyncio.Event().wait()

    client._engine.sleep = sleep_forever
    async with client:
        task = asyncio.create_task(client.channels.get(channel["id"]))
        await waiting.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    (span,) = exporter.get_finished_spans()  # ended: that part holds
    attributes = dict(span.attributes or {})
    assert attributes.get("error.type") == "CancelledError"
    # retries begun: the one whose pause was cut short counts (the review expected 0, the retries sent; the
    # engine counts a retry when it decides it, and a span cannot tell the pause from the resend)
    assert attributes.get("hubspot_channels.retries") == 1
    assert span.status.status_code is StatusCode.ERROR
    assert span.events == ()  # a stopped call is no error of the call: no exception event, no stacktrace


def test_a_ctrl_c_in_a_sync_calls_retry_pause_ends_its_span_as_stopped(
    served: tuple[FakeHubSpot, dict[str, Any]],
) -> None:
    fake, arguments = served
    channel = fake.create_channel(name="SMS")
    fake.faults.add("get_channel", status=503, retry_after=1)
    provider, exporter = span_recorder()
    client = otel.instrument(CustomChannelsClient(**arguments), tracer_provider=provider)

    def ctrl_c(seconds: float) -> None:
        raise KeyboardInterrupt

    client._engine.sleep = ctrl_c
    with client, pytest.raises(KeyboardInterrupt):
        client.channels.get(channel["id"])

    (span,) = exporter.get_finished_spans()
    attributes = dict(span.attributes or {})
    assert attributes.get("error.type") == "KeyboardInterrupt"
    assert attributes.get("hubspot_channels.retries") == 1
    assert span.status.status_code is StatusCode.ERROR and span.events == ()


class _OpaqueSpan:
    """A recording span of a TracerProvider other than the SDK's: the OpenTelemetry API's Span has no
    ``attributes`` property, so a hook cannot read back what the instrumentation set at start."""

    def __init__(self, attributes: dict[str, Any]) -> None:
        self._attributes = dict(attributes)

    def set_attribute(self, key: str, value: Any) -> None:
        self._attributes[key] = value

    def is_recording(self) -> bool:
        return True


def test_redact_http_span_masks_http_url_on_a_span_that_hides_its_attributes() -> None:
    url = httpx.URL(
        "https://api.hubapi.com/conversations/custom-channels/2026-03?hapikey=devkey-KEY-5ecr3t&appId=1"
    )
    # what the instrumentation (default, "old" HTTP semconv) starts the attempt span with
    span = _OpaqueSpan({"http.method": "GET", "http.url": str(url)})
    otel.redact_http_span(span, RequestInfo(b"GET", url, httpx.Headers(), None, {}))  # type: ignore[arg-type]
    assert all("devkey-KEY-5ecr3t" not in str(value) for value in span._attributes.values()), span._attributes
