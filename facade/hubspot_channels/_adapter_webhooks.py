"""HubSpot's JSON outside an API call (a webhook event's message or delivery identifier) as facade models,
through the same generated models and converters as API answers."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from ._adapter_codec import model_class, parse_model
from ._adapter_convert import _enum, message
from ._adapter_profiles import profile
from ._models import DeliveryIdentifier, DeliveryIdentifierType, Message
from ._registry import DEFAULT_API_VERSION
from ._response_fields import _text

# Fields the API's message always has but the webhook's message leaves out (hubspot-facts.md): parsed
# with a neutral stand-in, then reported as unknown (None) rather than invented.
_WEBHOOK_ABSENT: dict[str, Any] = {"archived": False, "client": {"clientType": "UNKNOWN"}}
DELIVERY_IDENTIFIER_MODEL = "PublicDeliveryIdentifier"


def message_from_json(data: Mapping[str, Any], version: str = DEFAULT_API_VERSION) -> Message:
    """A Message from HubSpot's JSON outside an API call (a webhook event's ``message``)."""
    absent = [key for key in _WEBHOOK_ABSENT if key not in data]
    filled = {**{key: _WEBHOOK_ABSENT[key] for key in absent}, **data}
    parsed = message(parse_model(profile(version), "get_message", filled))
    if "archived" in absent:
        parsed = dataclasses.replace(parsed, archived=None)
    if "client" in absent:
        parsed = dataclasses.replace(parsed, client=None)
    return parsed


def delivery_identifier_from_json(
    data: Mapping[str, Any], version: str = DEFAULT_API_VERSION
) -> DeliveryIdentifier:
    model = model_class(profile(version).package, DELIVERY_IDENTIFIER_MODEL).from_dict(data)
    return DeliveryIdentifier(
        type=_enum(DeliveryIdentifierType, model.type_), value=_text(model.value, "DeliveryIdentifier.value")
    )
