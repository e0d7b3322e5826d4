"""OpenTelemetry tracing of a client (the optional extra: ``pip install 'hubspot-channels[otel]'``).

    from hubspot_channels import CustomChannelsClient, otel

    client = otel.instrument(CustomChannelsClient())      # or an AsyncCustomChannelsClient

Each call then makes one span, ``hubspot_channels <operation>`` (kind CLIENT; a retried call is still one
span), with ``hubspot_channels.operation`` (the registry's name, e.g. ``get_channel``),
``hubspot_channels.api_version``, ``http.response.status_code``, ``hubspot_channels.retries``,
``hubspot_channels.correlation_id`` (HubSpot's, to quote to its support), ``hubspot_channels.channel_id``,
``http.request.method``, ``url.template``, ``server.address`` and ``server.port``; a failed call's span has
status ERROR, ``error.type`` and the exception as an event. No attribute holds a token, key or secret.

``import hubspot_channels`` never imports OpenTelemetry: only importing this module does.

An ``httpx`` client instrumented with ``opentelemetry-instrumentation-httpx`` records ``url.full`` with its
query, which for the developer-key operations holds the API key (``hapikey``): pass ``redact_http_span``
(``async_redact_http_span`` for an ``httpx.AsyncClient``) as its ``request_hook`` (the README shows how).
"""

from __future__ import annotations

try:
    from opentelemetry import trace
except ImportError as exc:  # pragma: no cover - the dev extra installs it
    raise ImportError(
        "hubspot_channels.otel needs OpenTelemetry: pip install 'hubspot-channels[otel]'"
    ) from exc

from typing import Any, TypeVar

from opentelemetry.trace import Span, TracerProvider

from .. import _redact as redact
from .._async_client import AsyncCustomChannelsClient
from .._sync_client import CustomChannelsClient
from .._version import __version__
from ._spans import SpanTracer

__all__ = ["async_redact_http_span", "instrument", "redact_http_span", "uninstrument"]

Client = TypeVar("Client", CustomChannelsClient, AsyncCustomChannelsClient)
TRACER_NAME = "hubspot_channels"
_URL_ATTRIBUTES = ("url.full", "http.url")  # the stable and the older HTTP semantic conventions


def instrument(client: Client, *, tracer_provider: TracerProvider | None = None) -> Client:
    """Trace every call of client (and of the ``with_options()`` clients made from it afterwards) with
    tracer_provider, by default the global one. Returns client."""
    if not isinstance(client, (CustomChannelsClient, AsyncCustomChannelsClient)):
        kind = type(client).__name__
        raise TypeError(f"instrument() takes a CustomChannelsClient or AsyncCustomChannelsClient, got {kind}")
    tracer = trace.get_tracer(TRACER_NAME, __version__, tracer_provider)
    client._engine.tracer = SpanTracer(tracer)
    return client


def uninstrument(client: CustomChannelsClient | AsyncCustomChannelsClient) -> None:
    """Stop tracing client's calls (clients made from it with ``with_options()`` keep their own setting)."""
    client._engine.tracer = None


def redact_http_span(span: Span, request: Any) -> None:
    """A ``request_hook`` for ``HTTPXClientInstrumentor.instrument_client``: the span's URL without the
    developer API key or a staging token (the instrumentation redacts neither)."""
    attributes = getattr(span, "attributes", None)  # an SDK span shows them; the API's Span does not
    if attributes is None:
        # Which names the instrumentation used depends on its semantic-convention mode: overwrite both.
        for name in _URL_ATTRIBUTES:
            span.set_attribute(name, redact.scrub(str(request[1])))
        return
    for name in _URL_ATTRIBUTES:
        if name in attributes:
            span.set_attribute(name, redact.scrub(str(attributes[name])))


async def async_redact_http_span(span: Span, request: Any) -> None:
    """``redact_http_span`` for an ``httpx.AsyncClient`` (whose instrumentation awaits its hooks)."""
    redact_http_span(span, request)
