"""Helpers of the tracing tests (tests/facade/test_tracing*.py): an SDK tracer provider whose spans stay in
memory, a fake HubSpot served over a real socket with distinctive credentials, and a secret scan of spans."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from hubspot_channels import AsyncCustomChannelsClient
from hubspot_channels.testing import FakeHubSpot
from tests.support.facade_helpers import DEV_KEY, TOKEN

CLIENT_SECRET = "client-SECRET-5ecr3t-4c1d"
SECRETS = (TOKEN, DEV_KEY, CLIENT_SECRET)
CAPABILITIES = {"deliveryIdentifierTypes": ["HS_PHONE_NUMBER"], "threadingModel": "DELIVERY_IDENTIFIER"}


def span_recorder() -> tuple[TracerProvider, InMemorySpanExporter]:
    """A provider of its own (the global one can be set only once per process) and what it finished."""
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    return provider, exporter


def secret_fake() -> FakeHubSpot:
    return FakeHubSpot(access_token=TOKEN, developer_api_key=DEV_KEY, client_secret=CLIENT_SECRET)


@contextmanager
def served_fake() -> Iterator[tuple[FakeHubSpot, dict[str, Any]]]:
    """The fake on 127.0.0.1 and the client arguments that reach it."""
    fake = secret_fake()
    with fake.serve() as base_url:
        yield (
            fake,
            {
                "access_token": fake.access_token,
                "developer_api_key": fake.developer_api_key,
                "app_id": fake.app_id,
                "base_url": base_url,
            },
        )


def record_engine_sleeps(client: Any) -> list[float]:
    """The delays client's engine asks for, recorded instead of waited (the engine's sleep is injectable;
    patching time.sleep would stall the served fake's own threads)."""
    delays: list[float] = []

    async def async_sleep(seconds: float) -> None:
        delays.append(seconds)

    client._engine.sleep = async_sleep if isinstance(client, AsyncCustomChannelsClient) else delays.append
    return delays


def span_texts(spans: Sequence[ReadableSpan]) -> list[str]:
    """Every text a span exports: name, attribute names and values, events and theirs, status."""
    texts: list[str] = []
    for span in spans:
        texts.append(span.name)
        texts.append(span.status.description or "")
        texts.extend(f"{key}={value}" for key, value in (span.attributes or {}).items())
        for event in span.events:
            texts.append(event.name)
            texts.extend(f"{key}={value}" for key, value in (event.attributes or {}).items())
    return texts


def leaks(spans: Sequence[ReadableSpan], secrets: Sequence[str] = SECRETS) -> list[str]:
    """The texts of spans holding a secret (or a developer API key in a query string), for the message."""
    return [
        text
        for text in span_texts(spans)
        if any(secret in text for secret in secrets) or "hapikey=" in text and "hapikey=***" not in text
    ]


def by_name(spans: Sequence[ReadableSpan], name: str) -> list[ReadableSpan]:
    return [span for span in spans if span.name == name]
