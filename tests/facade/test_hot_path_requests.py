"""The request-building shortcuts of the hot path give exactly what the full path gives: a flat body built
once per value set is copied (one call's JSON never leaks into the next), its cache key tells True from 1,
and a path id is percent-encoded unless it is plain."""

from __future__ import annotations

from hubspot_channels import CustomChannelsClient, MessageStatus
from hubspot_channels import _adapter_codec as codec


def _calls() -> object:
    return CustomChannelsClient(access_token="t", base_url="http://127.0.0.1:9")._calls


def test_repeated_status_bodies_are_equal_and_independent() -> None:
    calls = _calls()
    first = calls.update_message_status(1001, "m-1", MessageStatus.SENT, None)  # type: ignore[attr-defined]
    first.request.json["statusType"] = "changed by the caller"
    second = calls.update_message_status(1001, "m-1", MessageStatus.SENT, None)  # type: ignore[attr-defined]
    assert second.request.json == {"statusType": "SENT"}
    failed = calls.update_message_status(1001, "m-1", MessageStatus.FAILED, "no route")  # type: ignore[attr-defined]
    assert failed.request.json == {"statusType": "FAILED", "errorMessage": "no route"}


def test_flat_body_cache_tells_a_boolean_from_a_number() -> None:
    profile = _calls().adapter.profile  # type: ignore[attr-defined]
    as_flag = codec.body_json(profile, "update_channel_account", {"authorized": True})
    as_number = codec.body_json(profile, "update_channel_account", {"authorized": 1})
    assert as_flag["authorized"] is True
    assert type(as_number["authorized"]) is int


def test_path_ids_are_encoded_unless_plain() -> None:
    calls = _calls()
    plain = calls.get_message(1001, "239a3dac-7cdc_48.69~")  # type: ignore[attr-defined]
    assert plain.request.path.endswith("/messages/239a3dac-7cdc_48.69~")
    odd = calls.get_message(1001, "a/b?d%#")  # type: ignore[attr-defined]
    assert odd.request.path.endswith("/messages/a%2Fb%3Fd%25%23")
