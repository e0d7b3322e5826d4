"""The secret-leak sweep, credentials with a stray character (a trailing newline, CR LF, space or control
character, as read from a file or a secret mount): refused at construction with a ConfigurationError that
names the variable and the problem, never the value, and nothing sent. Where a client accepts such a value
today, the failure shows what the first call then leaks (str, repr, traceback, bodies, DEBUG logs)."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Iterator
from typing import Any

import pytest

from hubspot_channels import (
    AsyncCustomChannelsClient,
    AsyncPager,
    ConfigurationError,
    CustomChannelsClient,
    DeliveryIdentifier,
    HubSpotChannelsError,
    RequestValidationError,
    SyncPager,
)
from tests.facade.test_secret_leaks import (
    APP_ID,
    DEV_KEY,
    STAGING,
    TOKEN,
    all_loggers_at_debug,
    assert_no_leak,
    leaks_in,
    texts_of,
)
from tests.support.facade_helpers import message_json, page_json, record_sleeps
from tests.support.raw_server import RawServer, json_answer

SUFFIXES = {"newline": "\n", "CR LF": "\r\n", "space": " ", "control character": "\x07"}
# argument name, environment variable, good value, a call that needs it
VARIABLES = {
    "access_token": ("HUBSPOT_ACCESS_TOKEN", TOKEN, lambda c: c.messages.get(1200, "msg-1")),
    "developer_api_key": ("HUBSPOT_DEVELOPER_API_KEY", DEV_KEY, lambda c: c.channels.list()),
}
PHONE = DeliveryIdentifier("HS_PHONE_NUMBER", "+15550001")


@pytest.fixture(scope="module")
def server() -> Iterator[RawServer]:
    with RawServer() as raw:
        yield raw


def build(mode: str, **kwargs: Any) -> Any:
    """The client, built the way the mode does (the async one inside a running loop)."""
    if mode == "sync":
        return CustomChannelsClient(**kwargs)

    async def make() -> Any:
        return AsyncCustomChannelsClient(**kwargs)

    return asyncio.run(make())


def first_call(mode: str, kwargs: dict[str, Any], call: Any) -> BaseException | None:
    """What the first call does with the accepted value: the exception it raised, if any."""

    async def run_async() -> None:
        async with AsyncCustomChannelsClient(**kwargs) as client:
            result = call(client)
            if isinstance(result, AsyncPager):
                [item async for item in result]
            elif inspect.isawaitable(result):
                await result

    try:
        if mode == "sync":
            with CustomChannelsClient(**kwargs) as client:
                result = call(client)
                if isinstance(result, SyncPager):
                    list(result)
        else:
            asyncio.run(asyncio.wait_for(run_async(), 20))
    except Exception as exc:  # noqa: BLE001  (searched for secrets)
        return exc
    return None


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("source", ["argument", "environment"])
@pytest.mark.parametrize("suffix", list(SUFFIXES))
@pytest.mark.parametrize("variable", list(VARIABLES))
def test_a_credential_with_a_stray_character_is_refused_at_construction(
    variable: str, suffix: str, source: str, mode: str, server: RawServer, caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    record_sleeps(monkeypatch)
    env_name, good, call = VARIABLES[variable]
    server.play([json_answer(message_json() if variable == "access_token" else page_json([]))])
    kwargs: dict[str, Any] = {"access_token": TOKEN, "developer_api_key": DEV_KEY, "app_id": APP_ID}
    kwargs["base_url"] = server.base_url
    bad = good + SUFFIXES[suffix]
    if source == "argument":
        kwargs[variable] = bad
    else:
        del kwargs[variable]
        monkeypatch.setenv(env_name, bad)

    with all_loggers_at_debug(caplog) as log_lines:
        try:
            build(mode, **kwargs)
        except HubSpotChannelsError as exc:
            refused: BaseException | None = exc
        else:
            refused = None
            accepted_call_error = first_call(mode, kwargs, call)

    if refused is None:
        texts = texts_of(accepted_call_error, log_lines)
        leaked = sorted(
            {f"{', '.join(leaks_in(t))} in {where.split(':')[0]}" for where, t in texts if leaks_in(t)}
        )
        then = "succeeded" if accepted_call_error is None else f"raised {type(accepted_call_error).__name__}"
        pytest.fail(
            f"{variable} ending in a {suffix} was accepted at construction; {len(server.requests)} request(s) "
            f"sent; the first call {then}; leaks: {leaked or 'none'}"
        )
    assert type(refused) is ConfigurationError, repr(refused)
    assert variable in str(refused).lower(), f"the error does not name {variable}: {refused}"
    assert server.requests == []
    assert_no_leak(texts_of(refused, log_lines))


@pytest.mark.parametrize("suffix", list(SUFFIXES))
def test_a_staging_token_with_a_stray_character_is_refused_before_sending(
    suffix: str, server: RawServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.play([json_answer({})])
    client = CustomChannelsClient(access_token=TOKEN, base_url=server.base_url)
    with all_loggers_at_debug(caplog) as log_lines, pytest.raises(RequestValidationError) as raised:
        client.staging_tokens.update(
            1200, STAGING + SUFFIXES[suffix], account_name="Support", delivery_identifier=PHONE
        )
    client.close()
    assert "account_token" in str(raised.value)
    assert server.requests == []
    assert_no_leak(texts_of(raised.value, log_lines))
