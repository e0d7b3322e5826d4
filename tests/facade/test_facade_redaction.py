"""Secrets never show: not in the ``hubspot_channels`` logs (at DEBUG), exception texts, or reprs."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest

from hubspot_channels import APIError, AsyncCustomChannelsClient, CustomChannelsClient, HubSpotChannelsError
from hubspot_channels._config import Credentials
from tests.support.facade_helpers import (
    DEV_KEY,
    MODES,
    TOKEN,
    Api,
    channel_json,
    connect_error,
    error,
    message_json,
    ok,
    record_sleeps,
)

# Redaction works on credentials, URLs and log records; the auth kinds are the same on every version
# (_registry: what every version shares): one version, both modes.
pytestmark = [pytest.mark.anyio]
SECRETS = (TOKEN, DEV_KEY)


class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def texts(self) -> list[str]:
        return [self.format(record) + repr(record.args) + repr(record.__dict__) for record in self.records]


@pytest.fixture
def captured() -> Iterator[Capture]:
    logger = logging.getLogger("hubspot_channels")
    handler, level = Capture(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def assert_no_secret(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text
    assert "5ecr3t" not in text  # not even part of one


def exception_texts(exc: BaseException) -> Iterator[str]:
    seen: BaseException | None = exc
    while seen is not None:  # the exception and everything it was raised from
        yield str(seen)
        yield repr(seen)
        yield repr(seen.args)
        seen = seen.__cause__ or seen.__context__


CALLS: list[tuple[str, Any, list[Any]]] = [
    ("channel-success", lambda c: c.channels.get(1200), [lambda: ok(channel_json())]),
    ("message-success", lambda c: c.messages.mark_sent(1200, "msg-1"), [lambda: ok(message_json())]),
    ("channel-401", lambda c: c.channels.get(1200), [lambda: error(401, {"message": "Invalid API key", "category": "INVALID_AUTHENTICATION"})]),
    ("message-403", lambda c: c.messages.get(1200, "msg-1"), [lambda: error(403, {"message": "Missing scopes"})]),
    ("message-retries", lambda c: c.messages.get(1200, "msg-1"), [lambda: error(503), lambda: error(429, {"errorType": "RATE_LIMIT"}, {"Retry-After": "1"}), lambda: ok(message_json())]),
    ("channel-retries-exhausted", lambda c: c.channels.get(1200), [lambda: error(502, "<html>bad gateway</html>")]),
    ("channel-connect-error", lambda c: c.channels.get(1200), [lambda: connect_error()]),
    ("message-connect-error", lambda c: c.messages.get(1200, "msg-1"), [lambda: connect_error()]),
    ("unreadable-body", lambda c: c.channels.get(1200), [lambda: ok({"unexpected": True})]),
]  # fmt: skip


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("run", "replies"), [c[1:] for c in CALLS], ids=[c[0] for c in CALLS])
async def test_no_secret_in_logs_or_exceptions(
    mode: str, run: Any, replies: list[Any], captured: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    record_sleeps(monkeypatch)
    api = Api(mode, *(make() for make in replies))
    try:
        await api.call(run)
    except APIError as exc:
        for text in exception_texts(exc):
            assert_no_secret(text)
        if hasattr(exc, "body"):
            assert_no_secret(repr(exc.body))

    assert captured.records, "the calls are logged at DEBUG"
    assert len([r for r in captured.records if "->" in r.getMessage()]) == len(
        api.requests
    )  # one per attempt
    for text in captured.texts():
        assert_no_secret(text)
    sent = str(api.requests[0].url) + api.requests[0].headers.get("authorization", "")
    assert any(secret in sent for secret in SECRETS)  # the secrets were there to leak


@pytest.mark.parametrize("mode", MODES)
async def test_configuration_errors_show_no_secret(mode: str) -> None:
    for kwargs, run in [
        ({"developer_api_key": None}, lambda c: c.channels.get(1200)),
        ({"app_id": None}, lambda c: c.channels.get(1200)),
        ({"access_token": None}, lambda c: c.messages.get(1200, "msg-1")),
    ]:
        api = Api(mode, **kwargs)
        with pytest.raises(HubSpotChannelsError) as caught:
            await api.call(run)
        for text in exception_texts(caught.value):
            assert_no_secret(text)


@pytest.mark.parametrize("client_class", [CustomChannelsClient, AsyncCustomChannelsClient])
def test_client_repr_shows_no_secret(client_class: Any) -> None:
    client = client_class(access_token=TOKEN, developer_api_key=DEV_KEY, app_id=1)
    assert_no_secret(repr(client))
    assert_no_secret(str(client))
    assert_no_secret(repr(client.with_options(max_retries=0)))
    assert "api.hubapi.com" in repr(client)


def test_credentials_repr_shows_which_are_set() -> None:
    credentials = Credentials(access_token=TOKEN, developer_api_key=DEV_KEY, app_id="424242")
    text = repr(credentials)
    assert_no_secret(text)
    assert_no_secret(str(credentials))
    assert "access_token=set" in text and "developer_api_key=set" in text and "424242" in text
    assert "access_token=missing" in repr(Credentials(developer_api_key=DEV_KEY))


def test_settings_repr_shows_no_secret() -> None:
    client = CustomChannelsClient(access_token=TOKEN, developer_api_key=DEV_KEY, app_id=1)
    assert_no_secret(repr(client._settings))
