"""opentelemetry-instrumentation-httpx on the client's ``http_client``, as the README shows it: each attempt a
child span of the operation's, and ``otel.redact_http_span`` keeps the developer API key out of ``url.full``
(the instrumentation itself leaves it in: the control test shows it)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from typing import Any

import httpx
import pytest
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor

from hubspot_channels import AsyncCustomChannelsClient, CustomChannelsClient, otel
from tests.support.paths import REPO
from tests.support.tracing import SECRETS, by_name, leaks, record_engine_sleeps, served_fake, span_recorder


def attempt_spans(spans: Any, parent: Any) -> list[Any]:
    return [
        span for span in spans if span.parent is not None and span.parent.span_id == parent.context.span_id
    ]


@pytest.mark.parametrize("hook", [otel.redact_http_span, None], ids=["redacted", "control"])
def test_each_attempt_is_a_child_span_and_the_hook_masks_the_api_key(hook: Any) -> None:
    provider, exporter = span_recorder()
    with served_fake() as (fake, arguments):
        fake.faults.add("list_channels", status=429, retry_after=0)
        with httpx.Client() as http:
            HTTPXClientInstrumentor.instrument_client(http, tracer_provider=provider, request_hook=hook)
            client = otel.instrument(
                CustomChannelsClient(**arguments, http_client=http), tracer_provider=provider
            )
            record_engine_sleeps(client)
            with client:
                client.channels.list().first_page()

    spans = exporter.get_finished_spans()
    (operation,) = by_name(spans, "hubspot_channels list_channels")
    attempts = attempt_spans(spans, operation)
    assert len(attempts) == 2 and len(spans) == 3
    urls = [str(span.attributes.get("url.full") or span.attributes.get("http.url")) for span in attempts]
    if hook is None:  # what the redaction is for, and proof that the scan sees a leak
        assert all(fake.developer_api_key in url for url in urls)
        assert leaks(attempts) != []
    else:
        assert all("hapikey=***" in url and fake.developer_api_key not in url for url in urls)
        assert leaks(spans) == []


@pytest.mark.anyio
async def test_the_async_hook_masks_the_api_key_of_an_async_client() -> None:
    provider, exporter = span_recorder()
    with served_fake() as (fake, arguments):
        fake.create_channel(name="SMS")
        async with httpx.AsyncClient() as http:
            hook = otel.async_redact_http_span
            HTTPXClientInstrumentor.instrument_client(http, tracer_provider=provider, request_hook=hook)
            client = AsyncCustomChannelsClient(**arguments, http_client=http)
            async with otel.instrument(client, tracer_provider=provider):
                await client.channels.list().first_page()

    spans = exporter.get_finished_spans()
    (operation,) = by_name(spans, "hubspot_channels list_channels")
    (attempt,) = attempt_spans(spans, operation)
    assert "hapikey=***" in str(attempt.attributes.get("url.full") or attempt.attributes.get("http.url"))
    assert leaks(spans) == []


def readme_snippet() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Tracing (OpenTelemetry)\n", 1)[1].split("\n## ", 1)[0]
    (code,) = re.findall(r"```python\n(.*?)```", section, re.DOTALL)
    return code


def console_spans(output: str) -> list[dict[str, Any]]:
    """The JSON objects ConsoleSpanExporter printed, among the snippet's own lines."""
    decoder, spans, at = json.JSONDecoder(), [], 0
    while (start := output.find("{\n", at)) != -1:
        span, at = decoder.raw_decode(output, start)
        spans.append(span)
    return spans


@pytest.mark.subprocess
def test_the_readme_snippet_runs_and_traces_each_attempt_under_the_operation() -> None:
    with served_fake() as (fake, arguments):
        fake.create_channel(name="Readme SMS")
        fake.faults.add("list_channels", status=429, retry_after=0)
        env = os.environ | {
            "HUBSPOT_ACCESS_TOKEN": arguments["access_token"],
            "HUBSPOT_DEVELOPER_API_KEY": arguments["developer_api_key"],
            "HUBSPOT_APP_ID": str(arguments["app_id"]),
            "HUBSPOT_BASE_URL": arguments["base_url"],
        }
        done = subprocess.run(
            [sys.executable, "-c", readme_snippet()], env=env, capture_output=True, text=True, check=False
        )
    assert done.returncode == 0, done.stderr
    assert "Readme SMS" in done.stdout
    assert not any(secret in done.stdout + done.stderr for secret in SECRETS)
    spans = console_spans(done.stdout)
    (operation,) = [span for span in spans if span["name"] == "hubspot_channels list_channels"]
    attempts = [span for span in spans if span.get("parent_id") == operation["context"]["span_id"]]
    assert len(attempts) == 2, spans
    assert operation["attributes"]["hubspot_channels.retries"] == 1
    for attempt in attempts:
        url = attempt["attributes"].get("url.full") or attempt["attributes"]["http.url"]
        assert "hapikey=***" in url
