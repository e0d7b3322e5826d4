"""Hostile or broken answers become typed errors: deep nesting, huge numbers, required fields that are null,
objects or strings where a boolean belongs. Never an untyped exception, never the string 'None'."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hubspot_channels import (
    APIResponseValidationError,
    BadRequestError,
    ChannelAccount,
    HubSpotChannelsError,
    InternalServerError,
    Message,
)
from tests.support.facade_helpers import (
    DROP,
    MODES,
    Api,
    account_json,
    channel_json,
    message_json,
    record_sleeps,
)

DEEP = ("[" * 5000 + "]" * 5000).encode()
DEEP_OBJECT = ('{"a":' * 5000 + "1" + "}" * 5000).encode()


def raw(status: int, content: bytes) -> httpx.Response:
    return httpx.Response(status, content=content, headers={"Content-Type": "application/json"})


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("body", [DEEP, DEEP_OBJECT], ids=["arrays", "objects"])
async def test_a_deeply_nested_success_body_is_a_response_validation_error(mode: str, body: bytes) -> None:
    api = Api(mode, raw(200, body))
    with pytest.raises(APIResponseValidationError) as caught:
        await api.call(lambda c: c.messages.get(1200, "m1"))
    assert caught.value.body == body.decode()


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("status", [400, 500])
async def test_a_deeply_nested_error_body_keeps_the_status_error_and_the_raw_text(
    mode: str, status: int
) -> None:
    api = Api(mode, raw(status, DEEP), max_retries=0)
    with pytest.raises((BadRequestError, InternalServerError)) as caught:
        await api.call(lambda c: c.messages.get(1200, "m1"))
    assert caught.value.status_code == status
    assert caught.value.body == DEEP.decode()


def location(latitude: Any) -> dict[str, Any]:
    return {"type": "LOCATION", "latitude": latitude, "longitude": 2.35, "name": "Paris"}


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "latitude", ["1" + "0" * 400, '"north"', "true", "null"], ids=["10**400", "str", "bool", "null"]
)
async def test_a_coordinate_that_is_not_a_finite_number_names_the_field(mode: str, latitude: str) -> None:
    body = json.dumps(message_json(attachments=[location(0)])).replace(
        '"latitude": 0', f'"latitude": {latitude}'
    )
    api = Api(mode, raw(200, body.encode()))
    with pytest.raises(APIResponseValidationError) as caught:
        await api.call(lambda c: c.messages.get(1200, "m1"))
    assert caught.value.field == "LocationAttachment.latitude" or "latitude" in str(caught.value)


REQUIRED_MESSAGE_FIELDS = {"id": "Message.id", "channelId": "Message.channel_id"}
WRONG_VALUES = [None, {"nested": 1}, [1], True, 1.5, ""]


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("field", REQUIRED_MESSAGE_FIELDS)
@pytest.mark.parametrize("value", WRONG_VALUES, ids=repr)
async def test_a_required_message_id_of_the_wrong_type_is_an_error_not_a_string(
    mode: str, field: str, value: object
) -> None:
    api = Api(mode, httpx.Response(200, json=message_json(**{field: value})))
    with pytest.raises(APIResponseValidationError) as caught:
        await api.call(lambda c: c.messages.get(1200, "m1"))
    assert caught.value.field == REQUIRED_MESSAGE_FIELDS[field]
    assert REQUIRED_MESSAGE_FIELDS[field] in str(caught.value)


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_a_missing_required_field_is_an_error(mode: str) -> None:
    api = Api(mode, httpx.Response(200, json=message_json(id=DROP)))
    with pytest.raises(APIResponseValidationError):
        await api.call(lambda c: c.messages.get(1200, "m1"))


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("value", ["false", "true", 0, 1, None])
async def test_authorized_is_never_coerced_to_a_boolean(mode: str, value: object) -> None:
    api = Api(mode, httpx.Response(200, json=account_json(authorized=value)))
    with pytest.raises(APIResponseValidationError) as caught:
        await api.call(lambda c: c.channel_accounts.get(1200, 555001))
    assert caught.value.field == "ChannelAccount.authorized"


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_numeric_ids_are_read_as_their_digits(mode: str) -> None:
    api = Api(mode, httpx.Response(200, json=message_json(id=12345, channelId=1200)))
    message = await api.call(lambda c: c.messages.get(1200, "m1"))
    assert (message.id, message.channel_id) == ("12345", "1200")


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_a_channel_name_of_the_wrong_type_is_an_error(mode: str) -> None:
    api = Api(mode, httpx.Response(200, json=channel_json(name={"en": "SMS"})))
    with pytest.raises(APIResponseValidationError) as caught:
        await api.call(lambda c: c.channels.get(1200))
    assert caught.value.field == "Channel.name"


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(sorted(message_json())), value=JSON)
def test_any_value_in_any_message_field_gives_a_message_or_a_typed_error(field: str, value: Any) -> None:
    api = Api("sync", httpx.Response(200, json=message_json(**{field: value})), api_version="2026-03")
    try:
        message = api.client.messages.get(1200, "m1")  # type: ignore[union-attr]
    except APIResponseValidationError:
        return
    assert isinstance(message, Message)
    assert message.id != "None" and message.channel_id != "None"


@settings(max_examples=150, deadline=None)
@given(body=st.binary(max_size=200) | JSON.map(lambda value: json.dumps(value).encode()))
def test_any_success_body_gives_a_result_or_a_typed_error(body: bytes) -> None:
    for call in (lambda c: c.messages.get(1200, "m1"), lambda c: c.channel_accounts.get(1200, 5)):
        api = Api("sync", raw(200, body), api_version="2026-03")
        try:
            result = call(api.client)
        except APIResponseValidationError:
            continue
        assert isinstance(result, (Message, ChannelAccount))


@settings(max_examples=100, deadline=None)
@given(status=st.sampled_from([400, 401, 403, 404, 409, 422, 429, 500, 502]), body=st.binary(max_size=200))
def test_any_error_body_gives_the_status_error(status: int, body: bytes) -> None:
    api = Api("sync", raw(status, body), api_version="2026-03", max_retries=0)
    with pytest.raises(HubSpotChannelsError) as caught:
        api.client.messages.get(1200, "m1")
    assert getattr(caught.value, "status_code", None) == status
    str(caught.value), repr(caught.value)  # rendering never raises


def test_the_retry_path_keeps_the_deep_body_typed(monkeypatch: pytest.MonkeyPatch) -> None:
    delays = record_sleeps(monkeypatch)
    api = Api("sync", raw(503, DEEP), raw(200, DEEP), api_version="2026-03")
    with pytest.raises(APIResponseValidationError):
        api.client.messages.get(1200, "m1")  # type: ignore[union-attr]
    assert len(api.requests) == 2 and len(delays) == 1


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"text": 5}, "Message.text"),
        ({"status": {"statusType": 3}}, "MessageStatus"),
        ({"direction": []}, "MessageDirection"),
    ],
)
async def test_an_enum_or_text_of_the_wrong_type_names_it(
    mode: str, overrides: dict[str, Any], field: str
) -> None:
    api = Api(mode, httpx.Response(200, json=message_json(**overrides)))
    with pytest.raises(APIResponseValidationError) as caught:
        await api.call(lambda c: c.messages.get(1200, "m1"))
    assert caught.value.field == field
