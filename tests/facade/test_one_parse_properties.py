"""The one-parse reader (facade models straight from the JSON, _adapter_read) gives exactly what the
two-parse path gives (the generated from_dict, then the converters): the same model, or the same error, on
odd payloads too. The conformance check proves the same on every synthesized payload of every version."""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hubspot_channels import _adapter_read
from hubspot_channels._adapter import Adapter
from hubspot_channels._calls import Calls
from hubspot_channels._registry import API_VERSIONS
from tests.support.facade_helpers import account_json, channel_json, message_json, page_json

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8)
    | st.sampled_from(["FILE", "LOCATION", "2026-04-01T10:15:30Z", "SENT", "HS_PHONE_NUMBER", ""]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=12,
)
ATTACHMENTS = [
    {"type": "FILE", "fileId": "90210", "fileUsageType": "IMAGE"},
    {"type": "LOCATION", "latitude": 1.5, "longitude": 2, "name": "x"},
    {"type": "CONTACT", "contactProfile": {"firstName": "A"}},
    {"type": "UNSUPPORTED_CONTENT"},
    {"type": "MESSAGE_HEADER", "text": "t", "fileId": 3},
    {"type": "QUICK_REPLIES", "quickReplies": [{"value": "v", "valueType": "TEXT", "label": "l"}]},
    {"type": "WHATSAPP_TEMPLATE_METADATA", "parameters": {"a": "b"}, "crmObjectIds": {}},
    {"type": "SOCIAL_MEDIA_METADATA", "socialMetadata": {"mediaType": "POST", "id": "1"}},
    {"type": "A_NEW_KIND", "anything": [1, 2]},
]
# Where a mutation lands: a path of keys and indexes into the message.
PATHS = [
    *[(key,) for key in message_json()],
    *[("senders", 0, key) for key in ("actorId", "deliveryIdentifier", "name", "senderField", "new")],
    *[("recipients", 0, "deliveryIdentifier", key) for key in ("type", "value", "new")],
    *[("attachments", 0, key) for key in ("type", "fileId", "latitude", "quickReplies", "new")],
    ("status", "statusType"),
    ("status", "failureDetails"),
    ("client", "clientType"),
    ("client", "integrationAppId"),
]
DROP = object()


def outcome(parse: Any, data: Any) -> tuple[Any, ...]:
    try:
        return ("model", parse(copy.deepcopy(data)))
    except Exception as exc:  # noqa: BLE001 - the error is the outcome compared
        return ("error", type(exc), str(exc))


def parsers(version: str, operation: str) -> tuple[Any, Any]:
    """(one-parse, two-parse) parse of operation's call in version."""
    one, two = Calls(Adapter(version)), Calls(Adapter(version))
    two.adapter.profile = dataclasses.replace(two.adapter.profile, response_shapes={})  # declines all
    made = {
        "get_message": lambda c: c.get_message(1200, "m1"),
        "update_message_status": lambda c: c.update_message_status(1200, "m1", "SENT", None),
        "list_channels": lambda c: c.list_channels(after=None, limit=None),
        "list_channel_accounts": lambda c: c.list_channel_accounts(
            1200,
            after=None,
            limit=None,
            archived=None,
            delivery_identifier_types=None,
            delivery_identifier_values=None,
        ),
    }[operation]
    return made(one).parse, made(two).parse


def mutated(message: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    target: Any = message
    for step in path[:-1]:
        if isinstance(target, dict) and step in target or isinstance(target, list) and len(target) > step:
            target = target[step]
        else:
            return message
    if isinstance(target, dict):
        if value is DROP:
            target.pop(path[-1], None)
        else:
            target[path[-1]] = value
    return message


@settings(max_examples=400, deadline=None)
@given(
    version=st.sampled_from(API_VERSIONS),
    operation=st.sampled_from(["get_message", "update_message_status"]),
    attachment=st.sampled_from(ATTACHMENTS),
    changes=st.lists(st.tuples(st.sampled_from(PATHS), JSON | st.just(DROP)), max_size=3),
)
def test_one_parse_gives_the_two_parse_message_or_error(
    version: str, operation: str, attachment: dict[str, Any], changes: list[tuple[Any, Any]]
) -> None:
    message = message_json(attachments=[copy.deepcopy(attachment)])
    for path, value in changes:
        message = mutated(message, path, value)
    one, two = parsers(version, operation)
    assert outcome(one, message) == outcome(two, message)


@settings(max_examples=150, deadline=None)
@given(
    version=st.sampled_from(API_VERSIONS),
    key=st.sampled_from(["id", "name", "createdAt", "capabilities", "authorized", "channelId", "new"]),
    value=JSON | st.just(DROP),
    total=st.none() | st.integers() | st.text(max_size=3),
)
def test_one_parse_gives_the_two_parse_page_or_error(version: str, key: str, value: Any, total: Any) -> None:
    for operation, item in (("list_channels", channel_json()), ("list_channel_accounts", account_json())):
        body = page_json([mutated(item, (key,), value)], after="next")
        body["total"] = total
        one, two = parsers(version, operation)
        assert outcome(one, body) == outcome(two, body)


@pytest.mark.parametrize("version", API_VERSIONS)
def test_a_message_with_an_attachment_is_read_in_one_parse(version: str) -> None:
    """The reader takes the common message (not declined: the fast path is the path taken)."""
    profile = Adapter(version).profile
    key = profile.endpoints["update_message_status"].success_model
    assert key is not None
    view: Any = _adapter_read.read(profile.response_shapes, key, message_json())
    assert type(view.attachments[0]).__name__ == "PublicFile"
    assert view.additional_properties == {}
