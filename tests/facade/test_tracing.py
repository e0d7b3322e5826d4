"""hubspot_channels.otel with the sync client against the fake served on 127.0.0.1: one span per call (its
retries inside it) with the operation, version, status, retries, correlation id and channel; error status and
the exception on failure; no secret in any span."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest
from opentelemetry.trace import SpanKind, StatusCode

from hubspot_channels import (
    APIConnectionError,
    CustomChannelsClient,
    NotFoundError,
    RequestValidationError,
    capture_responses,
    otel,
)
from hubspot_channels.testing import FakeHubSpot
from tests.support.facade_helpers import APP_ID, DEV_KEY, TOKEN
from tests.support.tracing import CAPABILITIES, leaks, record_engine_sleeps, served_fake, span_recorder


@pytest.fixture
def served() -> Iterator[tuple[FakeHubSpot, dict[str, Any]]]:
    with served_fake() as served:
        yield served


def traced(arguments: dict[str, Any]) -> tuple[CustomChannelsClient, Any]:
    provider, exporter = span_recorder()
    return otel.instrument(CustomChannelsClient(**arguments), tracer_provider=provider), exporter


def test_each_operation_is_one_client_span_with_its_attributes(
    served: tuple[FakeHubSpot, dict[str, Any]],
) -> None:
    fake, arguments = served
    client, exporter = traced(arguments)
    with client:
        channel = client.channels.create(name="SMS", capabilities=CAPABILITIES)
        client.channels.get(channel.id)

    created, got = exporter.get_finished_spans()
    assert created.name == "hubspot_channels create_channel" and created.kind is SpanKind.CLIENT
    assert got.name == "hubspot_channels get_channel"
    assert created.status.status_code is StatusCode.UNSET
    answers = [record for record in fake.requests]
    for span, status in ((created, 201), (got, 200)):
        attributes = dict(span.attributes or {})
        assert attributes["hubspot_channels.api_version"] == "2026-03"
        assert attributes["http.response.status_code"] == status
        assert attributes["hubspot_channels.retries"] == 0
        assert attributes["hubspot_channels.channel_id"] == channel.id  # create: from the result
        assert attributes["server.address"] == "127.0.0.1"
        assert attributes["hubspot_channels.correlation_id"]
    assert created.attributes["hubspot_channels.operation"] == "create_channel"
    assert got.attributes["url.template"] == "/conversations/custom-channels/2026-03/{channelId}"
    assert got.attributes["http.request.method"] == "GET"
    assert len(answers) == 2


def test_a_retried_call_is_one_span_counting_its_retries(served: tuple[FakeHubSpot, dict[str, Any]]) -> None:
    fake, arguments = served
    client, exporter = traced(arguments)
    sleeps = record_engine_sleeps(client)
    channel = fake.create_channel(name="SMS")
    fake.faults.add("get_channel", status=429, retry_after=3)
    with client:
        client.channels.get(channel["id"])

    (span,) = exporter.get_finished_spans()
    assert sleeps == [3.0]  # the 429 was really retried, inside the one span
    assert len(fake.requests_for("get_channel")) == 2
    assert span.attributes["hubspot_channels.retries"] == 1
    assert span.attributes["http.response.status_code"] == 200
    assert span.status.status_code is StatusCode.UNSET


def test_an_error_sets_the_span_status_and_records_the_exception(
    served: tuple[FakeHubSpot, dict[str, Any]],
) -> None:
    _fake, arguments = served
    client, exporter = traced(arguments)
    with client, pytest.raises(NotFoundError) as caught:
        client.channels.get(987654)

    (span,) = exporter.get_finished_spans()
    assert span.status.status_code is StatusCode.ERROR
    assert "NotFoundError" in (span.status.description or "")
    assert span.attributes["http.response.status_code"] == 404
    assert span.attributes["error.type"] == "NotFoundError"
    assert span.attributes["hubspot_channels.channel_id"] == "987654"
    assert caught.value.correlation_id
    assert span.attributes["hubspot_channels.correlation_id"] == caught.value.correlation_id
    (event,) = span.events
    assert event.name == "exception"
    assert event.attributes["exception.type"].endswith("NotFoundError")
    assert leaks([span]) == []


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


def test_a_connection_error_span_has_no_status_and_no_api_key() -> None:
    """list_channels sends the developer API key in its query: the failure must not carry it into a span."""
    arguments = {"access_token": TOKEN, "developer_api_key": DEV_KEY, "app_id": APP_ID}
    client, exporter = traced({**arguments, "base_url": closed_port_url(), "max_retries": 1})
    sleeps = record_engine_sleeps(client)
    with client, pytest.raises(APIConnectionError):
        client.channels.list().first_page()

    (span,) = exporter.get_finished_spans()
    assert span.status.status_code is StatusCode.ERROR
    assert span.attributes["error.type"] == "APIConnectionError"
    assert span.attributes["hubspot_channels.retries"] == 1 and len(sleeps) == 1
    assert "http.response.status_code" not in span.attributes
    assert leaks([span]) == []


def test_no_secret_in_any_span_of_a_whole_integration(served: tuple[FakeHubSpot, dict[str, Any]]) -> None:
    fake, arguments = served
    client, exporter = traced(arguments)
    with client:
        channel = client.channels.create(name="SMS", capabilities=CAPABILITIES, webhook_url="http://x.test/h")
        account = client.channel_accounts.create(channel.id, name="Line", inbox_id="1001")
        token = fake.create_staging_token(channel.id)
        client.staging_tokens.update(channel.id, token, account_name="Line", delivery_identifier=None)
        client.channels.list().first_page()
        fake.faults.add("get_channel_account", status=503, retry_after=0)
        client.channel_accounts.get(channel.id, account.id)
        with pytest.raises(NotFoundError):
            client.staging_tokens.update(channel.id, "stg-SECRET-unknown", account_name="x")
    spans = exporter.get_finished_spans()
    assert len(spans) == 6
    assert leaks(spans, (*[arguments["access_token"], arguments["developer_api_key"]], token)) == []
    assert leaks(spans, ("stg-SECRET-unknown", fake.client_secret)) == []


def test_clones_are_traced_and_uninstrument_stops(served: tuple[FakeHubSpot, dict[str, Any]]) -> None:
    fake, arguments = served
    channel = fake.create_channel(name="SMS")
    client, exporter = traced(arguments)
    with client:
        client.with_options(deadline=30).channels.get(channel["id"])
        otel.uninstrument(client)
        client.channels.get(channel["id"])
    assert [span.name for span in exporter.get_finished_spans()] == ["hubspot_channels get_channel"]


def test_capture_responses_still_sees_a_traced_calls_responses(
    served: tuple[FakeHubSpot, dict[str, Any]],
) -> None:
    fake, arguments = served
    channel = fake.create_channel(name="SMS")
    fake.faults.add("get_channel", status=429, retry_after=0)
    client, _exporter = traced(arguments)
    with client, capture_responses() as responses:
        client.channels.get(channel["id"])
    assert [response.status_code for response in responses] == [429, 200]


def test_nothing_sent_means_no_span(served: tuple[FakeHubSpot, dict[str, Any]]) -> None:
    _fake, arguments = served
    client, exporter = traced(arguments)
    with client, pytest.raises(RequestValidationError):
        client.channels.get("not-a-number")
    assert exporter.get_finished_spans() == ()


def test_instrument_refuses_what_is_not_a_client() -> None:
    with pytest.raises(TypeError, match="CustomChannelsClient"):
        otel.instrument(object())  # type: ignore[type-var]
