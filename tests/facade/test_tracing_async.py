"""hubspot_channels.otel with the async client against the fake served on 127.0.0.1: the same spans as the
sync client's, and concurrent calls each in their own span under the caller's."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from opentelemetry.trace import StatusCode

from hubspot_channels import AsyncCustomChannelsClient, ConflictError, otel
from hubspot_channels.testing import FakeHubSpot
from tests.support.tracing import CAPABILITIES, leaks, record_engine_sleeps, served_fake, span_recorder

pytestmark = [pytest.mark.anyio]


@pytest.fixture
def served() -> Iterator[tuple[FakeHubSpot, dict[str, Any]]]:
    with served_fake() as served:
        yield served


def traced(arguments: dict[str, Any]) -> tuple[AsyncCustomChannelsClient, Any, Any]:
    provider, exporter = span_recorder()
    client = otel.instrument(AsyncCustomChannelsClient(**arguments), tracer_provider=provider)
    return client, exporter, provider


async def test_a_retried_call_is_one_span_with_its_retries(
    served: tuple[FakeHubSpot, dict[str, Any]],
) -> None:
    fake, arguments = served
    channel = fake.create_channel(name="SMS")
    fake.faults.add("get_channel", status=429, retry_after=2)
    client, exporter, _provider = traced(arguments)
    sleeps = record_engine_sleeps(client)
    async with client:
        await client.channels.get(channel["id"])

    (span,) = exporter.get_finished_spans()
    assert sleeps == [2.0] and len(fake.requests_for("get_channel")) == 2
    assert span.name == "hubspot_channels get_channel"
    assert span.attributes["hubspot_channels.retries"] == 1
    assert span.attributes["http.response.status_code"] == 200
    assert span.attributes["hubspot_channels.channel_id"] == channel["id"]
    assert span.attributes["hubspot_channels.correlation_id"]


async def test_a_4xx_is_an_error_span_with_the_exception_and_correlation_id(
    served: tuple[FakeHubSpot, dict[str, Any]],
) -> None:
    fake, arguments = served
    channel = fake.create_channel(name="SMS")
    fake.faults.add("create_channel_account", status=409)
    client, exporter, _provider = traced(arguments)
    async with client:
        with pytest.raises(ConflictError) as caught:
            await client.channel_accounts.create(channel["id"], name="Line", inbox_id="1001")

    (span,) = exporter.get_finished_spans()
    assert span.status.status_code is StatusCode.ERROR
    assert span.attributes["http.response.status_code"] == 409
    assert span.attributes["hubspot_channels.retries"] == 0  # a create is never retried
    assert span.attributes["hubspot_channels.correlation_id"] == caught.value.correlation_id
    assert [event.name for event in span.events] == ["exception"]
    assert leaks([span]) == []


async def test_concurrent_calls_get_one_span_each_under_the_callers(
    served: tuple[FakeHubSpot, dict[str, Any]],
) -> None:
    fake, arguments = served
    channels = [fake.create_channel(name=f"SMS {n}") for n in range(5)]
    client, exporter, provider = traced(arguments)
    tracer = provider.get_tracer("test")
    async with client:
        with tracer.start_as_current_span("handler") as parent:
            got = await asyncio.gather(*(client.channels.get(channel["id"]) for channel in channels))
            created = await client.channels.create(name="New", capabilities=CAPABILITIES)

    spans = [span for span in exporter.get_finished_spans() if span.name != "handler"]
    assert len(spans) == 6
    assert all(
        span.parent is not None and span.parent.span_id == parent.get_span_context().span_id for span in spans
    )
    by_channel = {span.attributes["hubspot_channels.channel_id"] for span in spans}
    assert by_channel == {channel.id for channel in got} | {created.id}
    assert leaks(spans) == []
