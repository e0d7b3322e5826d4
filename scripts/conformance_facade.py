"""Every place where the conformance check touches the facade or the generated packages' names.

The facade's adapter and the generated packages' layout are being reorganized; when they move, this file
is the only one of the conformance check that changes.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import itertools
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from . import registry as reg
from . import registry_module

__all__ = [
    "FacadeCallBroken",
    "FacadeRefused",
    "build_request",
    "error_fields",
    "load_package",
    "package_dir",
    "parse_response",
]

_aliases = itertools.count()


class FacadeRefused(Exception):
    """The facade's own argument checks refuse a payload the schema allows (stricter by design)."""


def load_package(directory: Path) -> str:
    """Import a generated package from directory under a fresh name (the installed one of the same name
    may already be imported); returns the name to import it by. Generated code imports relatively."""
    alias = f"_conformance_{directory.name}_{next(_aliases)}"
    spec = importlib.util.spec_from_file_location(
        alias, directory / "__init__.py", submodule_search_locations=[str(directory)]
    )
    if spec is None or spec.loader is None:
        raise ImportError(f"{directory} is not a Python package")
    module = importlib.util.module_from_spec(spec)
    sys.modules[alias] = module
    spec.loader.exec_module(module)
    return alias


def package_dir(version: str, generated: Path) -> Path:
    """Where version's committed package lies under generated/ (the registry names it)."""
    return generated.joinpath(*reg.package_for(version).split("."))


_PROFILES: dict[tuple[str, str], tuple[dict[str, Any], Any]] = {}  # (version, package) -> (document, profile)


def _profile(version: str, package: str, document: dict[str, Any]) -> Any:
    """The facade's view of a version (built once per checked document: it reads the whole document)."""
    cached = _PROFILES.get((version, package))
    if cached is None or cached[0] is not document:
        _PROFILES.clear()  # one checked document at a time
        cached = _PROFILES[(version, package)] = (document, _build_profile(version, package, document))
    return cached[1]


def _build_profile(version: str, package: str, document: dict[str, Any]) -> Any:
    """The facade's view of a version, from the document the package was generated from (a publication
    not registered yet has no registry entry); a registered version keeps its PATCH required fields."""
    from hubspot_channels import _registry
    from hubspot_channels._adapter_profiles import VersionProfile
    from hubspot_channels._registry_types import Endpoint

    registry = reg.load()
    endpoints, fields = {}, {}
    for op in registry.operations:
        endpoints[op.name] = Endpoint(**registry_module.endpoint(document, op))
        body = registry_module.request_body_schema(document, op)
        if body is not None:
            fields[op.name] = registry_module.field_tree(document, body)
    known = _registry.VERSIONS.get(version)
    return VersionProfile(
        version=version,
        package=package,
        endpoints=endpoints,
        request_fields=fields,
        required_fields=known.required_fields if known else {},
    )


def _calls(version: str, package: str, document: dict[str, Any]) -> Any:
    from hubspot_channels._adapter import Adapter
    from hubspot_channels._calls import Calls
    from hubspot_channels._registry import DEFAULT_API_VERSION

    adapter = Adapter(DEFAULT_API_VERSION)
    adapter.version, adapter.package = version, package
    adapter.profile = _profile(version, package, document)
    return Calls(adapter)


# Valid arguments for each operation, only to reach its parser: the response check needs the Call.
_CALL_FOR_PARSING: dict[str, Callable[[Any], Any]] = {
    "list_channels": lambda c: c.list_channels(after=None, limit=None),
    "create_channel": lambda c: c.create_channel(
        name="n", capabilities={}, webhook_url=None, description=None, logo_url=None,
        account_connection_redirect_url=None,
    ),
    "get_channel": lambda c: c.get_channel(1),
    "update_channel": lambda c: c.update_channel(1, {"name": "n"}),
    "archive_channel": lambda c: c.archive_channel(1),
    "update_staging_token": lambda c: c.update_staging_token(
        1, "token", account_name="n", delivery_identifier=_identifier({"type": "HS_EMAIL_ADDRESS", "value": "v"})
    ),
    "list_channel_accounts": lambda c: c.list_channel_accounts(
        1, after=None, limit=None, archived=None, delivery_identifier_types=None, delivery_identifier_values=None
    ),
    "create_channel_account": lambda c: c.create_channel_account(
        1, name="n", inbox_id=1, authorized=True, delivery_identifier=None
    ),
    "get_channel_account": lambda c: c.get_channel_account(1, 2),
    "update_channel_account": lambda c: c.update_channel_account(1, 2, name="n", authorized=None),
    "publish_message": lambda c: c.publish_message(
        1, channel_account_id=2, text="t", senders=[], recipients=[], direction="OUTGOING", timestamp=None,
        rich_text=None, in_reply_to_id=None, integration_thread_id=None, attachments=[], idempotency_id=None,
        idempotent=False,
    ),
    "get_message": lambda c: c.get_message(1, "m"),
    "update_message_status": lambda c: c.update_message_status(1, "m", "READ", None),
}  # fmt: skip


def facade_operations() -> frozenset[str]:
    return frozenset(_CALL_FOR_PARSING)


class FacadeCallBroken(Exception):
    """The facade cannot even build the operation's call from plain, valid arguments."""


def parse_response(version: str, package: str, document: dict[str, Any], operation: str, data: Any) -> Any:
    """The facade model the facade makes of operation's success body."""
    try:
        call = _CALL_FOR_PARSING[operation](_calls(version, package, document))
    except Exception as exc:
        raise FacadeCallBroken(f"the facade cannot build {operation} from plain arguments: {exc!r}") from exc
    return call.parse(data)


def _identifier(data: Any) -> Any:
    from hubspot_channels import DeliveryIdentifier

    return None if data is None else DeliveryIdentifier(type=data.get("type"), value=data.get("value"))


def _participants(data: Any) -> list[Any]:
    from hubspot_channels import Participant

    return [
        Participant(
            delivery_identifier=_identifier(p.get("deliveryIdentifier")),
            name=p.get("name"),
            actor_id=p.get("senderActorId"),
        )
        for p in data or []
    ]


def _when(text: Any) -> dt.datetime | None:
    return None if text is None else dt.datetime.fromisoformat(text)


def _fields(body: Mapping[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    return {argument: body.get(key) for key, argument in names.items()}


_CHANNEL_FIELDS = {
    "name": "name", "capabilities": "capabilities", "webhookUrl": "webhook_url",
    "channelDescription": "description", "channelLogoUrl": "logo_url",
    "channelAccountConnectionRedirectUrl": "account_connection_redirect_url",
}  # fmt: skip

# Operation -> (body keys the facade sends, how to call the facade with the body's values).
_CALL_FROM_BODY: dict[str, tuple[tuple[str, ...], Callable[[Any, Mapping[str, Any]], Any]]] = {
    "create_channel": (tuple(_CHANNEL_FIELDS), lambda c, b: c.create_channel(**_fields(b, _CHANNEL_FIELDS))),
    "update_channel": (tuple(_CHANNEL_FIELDS), lambda c, b: c.update_channel(1, _fields(b, _CHANNEL_FIELDS))),
    "update_staging_token": (
        ("accountName", "deliveryIdentifier"),
        lambda c, b: c.update_staging_token(
            1, "token", account_name=b.get("accountName"),
            delivery_identifier=_identifier(b.get("deliveryIdentifier")),
        ),
    ),
    "create_channel_account": (
        ("name", "inboxId", "authorized", "deliveryIdentifier"),
        lambda c, b: c.create_channel_account(
            1, name=b.get("name"), inbox_id=b.get("inboxId"), authorized=b.get("authorized"),
            delivery_identifier=_identifier(b.get("deliveryIdentifier")),
        ),
    ),
    "update_channel_account": (
        ("name", "authorized"),
        lambda c, b: c.update_channel_account(1, 2, name=b.get("name"), authorized=b.get("authorized")),
    ),
    "publish_message": (
        ("channelAccountId", "text", "messageDirection", "senders", "recipients", "attachments", "timestamp",
         "richText", "inReplyToId", "integrationThreadId", "integrationIdempotencyId"),
        lambda c, b: c.publish_message(
            1, channel_account_id=b.get("channelAccountId"), text=b.get("text"),
            senders=_participants(b.get("senders")), recipients=_participants(b.get("recipients")),
            direction=b.get("messageDirection"), timestamp=_when(b.get("timestamp")),
            rich_text=b.get("richText"), in_reply_to_id=b.get("inReplyToId"),
            integration_thread_id=b.get("integrationThreadId"), attachments=b.get("attachments") or [],
            idempotency_id=b.get("integrationIdempotencyId"), idempotent="integrationIdempotencyId" in b,
        ),
    ),
    "update_message_status": (
        ("statusType", "errorMessage"),
        lambda c, b: c.update_message_status(1, "m", b.get("statusType"), b.get("errorMessage")),
    ),
}  # fmt: skip


def build_request(
    version: str, package: str, document: dict[str, Any], operation: str, body: Mapping[str, Any]
) -> tuple[Any, tuple[str, ...]]:
    """The JSON body the facade sends for a call made with body's values, and the keys it maps.

    FacadeRefused when the facade's own checks refuse the values (it is stricter than the schema: an
    error message only with FAILED, participants need a delivery identifier); anything the generated code
    raises propagates (the facade wraps it in RequestValidationError: unwrapped here)."""
    from hubspot_channels import RequestValidationError, UnsupportedOperationError

    keys, call = _CALL_FROM_BODY[operation]
    try:
        made = call(_calls(version, package, document), body)
    except RequestValidationError as exc:
        if exc.__cause__ is not None:  # the generated model refused what the facade built
            raise exc.__cause__ from exc
        raise FacadeRefused(str(exc)) from exc
    except UnsupportedOperationError as exc:
        raise FacadeRefused(str(exc)) from exc
    return made.request.json, keys


def request_operations() -> frozenset[str]:
    return frozenset(_CALL_FROM_BODY)


CORRELATION_HEADER = "x-hubspot-correlation-id"


def error_fields(status: int, data: Any, headers: Mapping[str, str]) -> dict[str, Any]:
    """What the facade's error (the exception an error status raises) reads from an error body: message,
    category, correlation id (the body's, else the response header's) and the number of error details."""
    import httpx

    from hubspot_channels._exceptions import status_error

    error = status_error(httpx.Response(status, json=data, headers=dict(headers)))
    return {
        "message": error.message,
        "category": error.category,
        "correlationId": error.correlation_id,
        "errors": len(error.errors),
    }
