"""Each API version's capabilities as data, read from the generated registry (_registry.py): what its
document states, with the facade's argument names. No generated module is imported here."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from . import _registry as registry
from ._registry_types import Endpoint, FieldTree, OperationInfo, ShapeField

# Facade argument -> generated body field, per operation: the one place the two vocabularies meet.
BODY_FIELDS: Mapping[str, Mapping[str, str]] = {
    "create_channel": {
        "name": "name",
        "capabilities": "capabilities",
        "webhook_url": "webhook_url",
        "description": "channel_description",
        "logo_url": "channel_logo_url",
        "account_connection_redirect_url": "channel_account_connection_redirect_url",
    },
    "update_staging_token": {"account_name": "account_name", "delivery_identifier": "delivery_identifier"},
    "create_channel_account": {
        "name": "name",
        "inbox_id": "inbox_id",
        "authorized": "authorized",
        "delivery_identifier": "delivery_identifier",
    },
    "update_channel_account": {"name": "name", "authorized": "authorized"},
    "publish_message": {
        "channel_account_id": "channel_account_id",
        "text": "text",
        "direction": "message_direction",
        "senders": "senders",
        "recipients": "recipients",
        "attachments": "attachments",
        "timestamp": "timestamp",
        "rich_text": "rich_text",
        "in_reply_to_id": "in_reply_to_id",
        "integration_thread_id": "integration_thread_id",
        "idempotency_id": "integration_idempotency_id",
    },
    "update_message_status": {"status": "status_type", "error_message": "error_message"},
}
BODY_FIELDS = {**BODY_FIELDS, "update_channel": BODY_FIELDS["create_channel"]}
# Facade Participant attribute -> generated participant field.
PARTICIPANT_FIELDS: Mapping[str, str] = {
    "delivery_identifier": "delivery_identifier",
    "name": "name",
    "actor_id": "sender_actor_id",
}
# Facade query argument -> generated query argument (the same unless listed).
QUERY_ARGUMENTS: Mapping[str, str] = {
    "delivery_identifier_types": "delivery_identifier_type",
    "delivery_identifier_values": "delivery_identifier_value",
}


@dataclass(frozen=True, slots=True)
class VersionProfile:
    """One version's capabilities: its package, its endpoints, and what its request bodies accept."""

    version: str
    package: str
    endpoints: Mapping[str, Endpoint]
    request_fields: Mapping[str, FieldTree]
    required_fields: Mapping[str, tuple[str, ...]]
    response_shapes: Mapping[str, tuple[ShapeField, ...] | None]  # what the one-parse reader reads

    @property
    def supports_actor_ids(self) -> bool:
        """Whether a published participant can carry an actor id (2026-09's cannot)."""
        participant = self.request_fields.get("publish_message", {}).get("senders", {})
        return PARTICIPANT_FIELDS["actor_id"] in participant

    def required_arguments(self, operation: str) -> tuple[str, ...]:
        """Facade arguments this version's document requires on operation, in the facade's order."""
        required = set(self.required_fields.get(operation, ()))
        return tuple(arg for arg, field in BODY_FIELDS.get(operation, {}).items() if field in required)

    def missing_arguments(self, operation: str, given: Mapping[str, object]) -> list[str]:
        return [name for name in self.required_arguments(operation) if given.get(name) is None]


def operation(name: str) -> OperationInfo:
    return registry.OPERATIONS[name]


@cache
def profile(version: str) -> VersionProfile:
    facts = registry.VERSIONS[version]
    return VersionProfile(
        version=version,
        package=facts.package,
        endpoints=facts.endpoints,
        request_fields=facts.request_fields,
        required_fields=facts.required_fields,
        response_shapes=facts.response_shapes,
    )
