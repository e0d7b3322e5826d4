"""The version boundary: facade values in, requests out; decoded JSON in, facade models out. Only the
``_adapter*`` modules import generated code (a test checks it), each with one job:

- ``_adapter_profiles``: each version's capabilities as data, from the generated registry (``_registry``);
- ``_adapter_codec``: requests built through the generated models, answers parsed by them;
- ``_adapter_convert``: generated models (or ``_adapter_read``'s views of the JSON) to facade models;
- ``_adapter_webhooks``: HubSpot's JSON outside an API call (webhook events).

A new API version that needs no new rule changes none of them: ``make bump`` regenerates the registry.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from . import _adapter_codec as codec
from ._adapter_codec import RawJson
from ._adapter_convert import (
    attachment,
    channel,
    channel_account,
    delivery_identifier,
    message,
    page,
    staging_token,
)
from ._adapter_profiles import VersionProfile, profile
from ._adapter_read import read_or_parse
from ._adapter_webhooks import delivery_identifier_from_json, message_from_json
from ._call import PreparedRequest

T = TypeVar("T")

__all__ = [
    "Adapter",
    "RawJson",
    "attachment",
    "channel",
    "channel_account",
    "delivery_identifier",
    "delivery_identifier_from_json",
    "message",
    "message_from_json",
    "page",
    "staging_token",
]


class Adapter:
    """Requests and responses of one API version."""

    def __init__(self, version: str) -> None:
        self.version = version
        self.profile: VersionProfile = profile(version)
        self.package = self.profile.package

    def prepare(
        self,
        operation: str,
        path: Mapping[str, Any],
        body: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
    ) -> PreparedRequest:
        """operation's request; body by facade argument names, path and query by their generated names
        (channel_id, message_id, after, ...). Path segments are percent-encoded."""
        return codec.prepare(self.profile, operation, path, body, query or {})

    def parse_model(self, operation: str, data: Any) -> Any:
        """The generated success model of operation, from decoded JSON."""
        return codec.parse_model(self.profile, operation, data)

    def read(self, operation: str, data: Any, build: Callable[[Any], T]) -> T:
        """build (a converter) of operation's success body: of a view read straight from the JSON (one
        parse), or of the generated model when the reader declines the payload."""
        key = self.profile.endpoints[operation].success_model
        return read_or_parse(
            self.profile.response_shapes, key, data, build, lambda d: self.parse_model(operation, d)
        )
