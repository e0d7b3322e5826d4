"""Parsing command-line values (JSON, TYPE:VALUE specs, headers) into what the facade takes.

Failures raise click.BadParameter, i.e. exit code 2 with the option named, before anything is sent.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import IO, Any

import click

from .. import DeliveryIdentifier, DeliveryIdentifierType, Participant

IDENTIFIER_TYPES = ", ".join(t.value for t in DeliveryIdentifierType)
MAX_JSON_DEPTH = 100  # what HubSpot (and the fake) accept in a request body
TOO_DEEP = f"nested more than {MAX_JSON_DEPTH} levels"


def _loads(text: str) -> Any:
    # json raises RecursionError, not ValueError, on a few thousand nested brackets.
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError(TOO_DEEP) from None


def _too_deep(data: Any) -> bool:
    """Whether containers nest more than MAX_JSON_DEPTH levels (iteratively: data may be deep)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
        if children and depth > MAX_JSON_DEPTH:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def json_object_option(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> dict[str, Any] | None:
    """Callback for an option taking an inline JSON object, e.g. --capabilities '{"richText": ["HYPERLINK"]}'."""
    if value is None:
        return None
    try:
        data = _loads(value)
    except ValueError as exc:
        raise click.BadParameter(f"not valid JSON ({exc})", ctx, param) from None
    if not isinstance(data, dict):
        raise click.BadParameter("must be a JSON object ({...})", ctx, param)
    if _too_deep(data):
        raise click.BadParameter(TOO_DEEP, ctx, param)
    return data


def load_json_object(stream: IO[str], option: str) -> dict[str, Any]:
    """A JSON object from a --file (or '-' for stdin)."""
    try:
        data = _loads(stream.read())
    except ValueError as exc:
        raise click.BadParameter(f"{stream.name} is not valid JSON ({exc})", param_hint=option) from None
    if not isinstance(data, dict):
        raise click.BadParameter(f"{stream.name} must hold a JSON object", param_hint=option)
    if _too_deep(data):
        raise click.BadParameter(f"{stream.name} is {TOO_DEEP}", param_hint=option)
    return data


def reject_unknown_keys(data: Mapping[str, Any], known: tuple[str, ...], option: str) -> None:
    # Dropping a misspelt key silently would send a different request than the operator wrote.
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise click.BadParameter(
            f"unknown field(s) {', '.join(unknown)}; accepted: {', '.join(known)}", param_hint=option
        )


def delivery_identifier(spec: str, option: str) -> DeliveryIdentifier:
    """TYPE:VALUE, e.g. HS_PHONE_NUMBER:+15550100. The type is checked by the facade (case-insensitive)."""
    kind, sep, value = spec.partition(":")
    if not sep or not kind.strip() or not value:
        raise click.BadParameter(
            f"{spec!r} is not TYPE:VALUE (TYPE one of {IDENTIFIER_TYPES})", param_hint=option
        )
    return DeliveryIdentifier(type=kind.strip().upper(), value=value)


def participant(spec: str, option: str, name: str | None = None) -> Participant:
    """TYPE:VALUE split at the first colon only, as --delivery-identifier: VALUE keeps every later colon
    ("CHANNEL_SPECIFIC_OPAQUE_ID:whatsapp:+14155238886" has the value "whatsapp:+14155238886"). The name is
    its own option (--sender-name), so no spelling of VALUE is ever read as a name. An empty name is none."""
    return Participant(delivery_identifier=delivery_identifier(spec, option), name=name or None)


def participants(specs: tuple[str, ...], names: tuple[str, ...], option: str) -> list[Participant]:
    """The n-th ``{option}-name`` names the n-th ``option``; a name without its participant is exit 2."""
    if len(names) > len(specs):
        raise click.BadParameter(
            f"{len(names)} names for {len(specs)} {option} value(s): each name goes with the {option}"
            " at the same position",
            param_hint=f"{option}-name",
        )
    padded = [*names, *[None] * (len(specs) - len(names))]
    return [participant(spec, option, name) for spec, name in zip(specs, padded, strict=True)]


def participant_from_json(data: Any, where: str) -> Participant:
    """One sender/recipient in the API's shape: {"deliveryIdentifier": {"type", "value"}, "name", "senderActorId"}."""
    if not isinstance(data, Mapping):
        raise click.BadParameter(f"{where} must be an object", param_hint="--file")
    ident = data.get("deliveryIdentifier")
    if not isinstance(ident, Mapping) or not isinstance(ident.get("type"), str) or "value" not in ident:
        raise click.BadParameter(
            f'{where}.deliveryIdentifier must be {{"type": ..., "value": ...}}', param_hint="--file"
        )
    return Participant(
        delivery_identifier=DeliveryIdentifier(ident["type"], str(ident["value"])),
        name=data.get("name"),
        actor_id=data.get("senderActorId"),
    )


def header(spec: str) -> tuple[str, str]:
    """'Name: value' as curl -H writes it."""
    name, sep, value = spec.partition(":")
    if not sep or not name.strip():
        raise click.BadParameter(f"{spec!r} is not 'Name: value'", param_hint="--header")
    return name.strip(), value.strip()


def headers_from_json(stream: IO[str]) -> list[tuple[str, str]]:
    """{"Name": "value", ...} or [["Name", "value"], ...] (what most request loggers dump)."""
    try:
        data = _loads(stream.read())
    except ValueError as exc:
        raise click.BadParameter(
            f"{stream.name} is not valid JSON ({exc})", param_hint="--headers-file"
        ) from None
    pairs: list[tuple[str, str]] = []
    if isinstance(data, Mapping):
        items: list[Any] = list(data.items())
    elif isinstance(data, list):
        items = data
    else:
        items = [None]  # falls through to the error below
    for item in items:
        if not (isinstance(item, (list, tuple)) and len(item) == 2 and all(isinstance(x, str) for x in item)):
            raise click.BadParameter(
                'must be {"Name": "value", ...} or [["Name", "value"], ...] with string values',
                param_hint="--headers-file",
            )
        pairs.append((item[0], item[1]))
    return pairs
